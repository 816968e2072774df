//! A whole 需求方案 written elsewhere (Word, WPS, a PDF), pasted or read from a file as plain
//! text, split into the form's sections by its headings: 「一、建设依据」「（二）业务现状」
//! 「3. 存在问题」「第四部分 需求分析」 or a heading alone on its line.
//!
//! Why here and pure: departments have last year's plan in a Word file, written to the ten
//! headings the regulations name (罗江 第十三条: 建设依据、业务现状、存在问题、需求分析、解决思路、
//! 工作计划、建设内容、网络安全、运行维护、资金估算). Copying ten sections box by box is the work
//! the tool should save. The editor shows [`split`]'s outline before anything is written, so a
//! heading read wrongly costs nothing.
//!
//! How headings are told from the text:
//! - A line is a heading when, once its numbering is taken off, its name is one of a section's
//!   names ([`Plan`], with the forms people write: 「项目建设依据」「现状及存在问题」「投资估算」).
//!   A numbered heading may have its text after a colon on the same line; a heading without a
//!   number must stand alone, so that 「网络安全：按等保三级建设。」 in a paragraph stays text.
//! - Plans use one numbering for their headings and another for the points within them. The
//!   numbering that names the most sections is taken as the headings'; a line numbered
//!   otherwise is text (「（三）网络安全」 inside 建设内容 stays there).
//! - A table of contents gives each heading twice, the first time with nothing under it (and
//!   a page number after dot leaders, which is taken off): a section's empty occurrences are
//!   dropped, its others joined.
//! - Text before the first heading (a cover, a title) is not placed, and neither is text under
//!   a heading that ends the plan: 「附件」, another part of the form (「资金估算明细」, how our
//!   own Word export goes on), a field of the form with its value (「服务期限：3 年」), or the
//!   next number in the headings' numbering that names no section (「十一、其他」). Where the
//!   plan's own heading stands (「二、需求方案」), all before it is left out: in a Word file of
//!   both documents, 「绩效目标」 of the project is not the service plan's. The outline says
//!   how much was left out, and where.
//! - A table of the form written in the plan (a Word table, or cells copied from one: a row a
//!   line, its cells between tabs) whose header row names the table's columns, as the table
//!   paste reads a header (「名称 类别 数量 单价（万元）…」), is taken out of the text it stands
//!   in, with its caption, and given as the table's rows ([`FoundTable`]): the plan's 资金估算明细
//!   fills the form's budget lines. A table the form has none of stays text.
//! - A field of the plan's group given with its value (「服务期限：3 年」「可用性：99.90%」, or
//!   in a table of labels and values: 「服务期限 | 3 年 | 年度服务费 | 104 万元」) is read for the
//!   field ([`FoundValue`], `typed::written`): the 服务需求方案's figures, as our
//!   Word export writes them, come back with its texts.

use serde_json::Value;

use crate::fields::{FIELDS, FieldDef, FieldKind};
use crate::{paste, typed};

/// The sections of a group of long texts.
#[derive(Debug)]
pub struct Plan {
    /// The group's path (`project.requirement_plan`).
    pub group: &'static str,
    /// Each section's field path.
    pub sections: &'static [&'static str],
    /// The tables of the form a plan's text may hold, by path.
    pub tables: &'static [&'static str],
}

/// The groups whose text can be split: the 需求方案's ten sections, and the 服务需求方案's long
/// texts (its tables and figures are typed in the form).
pub const PLANS: &[Plan] = &[
    Plan {
        group: "project.requirement_plan",
        sections: &[
            "project.requirement_plan.basis",
            "project.requirement_plan.current_state",
            "project.requirement_plan.problems",
            "project.requirement_plan.needs_analysis",
            "project.requirement_plan.approach",
            "project.requirement_plan.work_plan",
            "project.requirement_plan.scope",
            "project.requirement_plan.cybersecurity",
            "project.requirement_plan.operations",
            "project.requirement_plan.cost_summary",
        ],
        tables: &["project.cost_estimate.items", "project.basic.funding"],
    },
    Plan {
        group: "service_plan",
        sections: &[
            "service_plan.reasons",
            "service_plan.standards.other",
            "service_plan.security_requirements",
            "service_plan.ownership_note",
            "service_plan.performance_goals",
            "service_plan.acceptance_method",
        ],
        tables: &["service_plan.items", "service_plan.providers"],
    },
];

/// The names a section's heading goes by besides its label in the form (which is the
/// regulation's word), in plans written to other templates; compared with a heading's name
/// without its spaces, punctuation and a leading 「项目」. Apart from [`PLANS`], which the
/// page's main module reads, so that only the splitter's code holds them.
#[rustfmt::skip]
const OTHER_NAMES: &[(&str, &[&str])] = &[
    ("project.requirement_plan.basis", &["编制依据", "依据", "政策依据", "建设背景及依据", "背景及依据", "建设背景与依据"]),
    ("project.requirement_plan.current_state", &["现状", "建设现状", "现状分析", "信息化现状", "信息化建设现状", "业务现状分析", "现状及存在问题", "现状与存在问题", "现状和存在问题"]),
    ("project.requirement_plan.problems", &["存在的问题", "主要问题", "问题分析", "存在问题分析", "面临的问题"]),
    ("project.requirement_plan.needs_analysis", &["需求", "建设需求", "业务需求分析", "建设需求分析"]),
    ("project.requirement_plan.approach", &["建设思路", "总体思路", "设计思路", "解决方案", "总体设计", "建设目标及思路", "建设目标和思路", "建设思路及目标"]),
    ("project.requirement_plan.work_plan", &["实施计划", "进度安排", "实施进度", "进度计划", "实施进度计划", "建设周期", "实施安排", "建设进度"]),
    ("project.requirement_plan.scope", &["主要建设内容", "建设规模及内容", "建设内容及规模", "建设规模和内容", "建设内容和规模", "建设方案"]),
    ("project.requirement_plan.cybersecurity", &["网络安全方案", "网络安全保障", "安全保障", "安全保障措施", "信息安全", "网络与信息安全", "网络和信息安全", "安全设计", "安全方案"]),
    ("project.requirement_plan.operations", &["运维", "运维方案", "运行维护方案", "运营维护", "运维保障", "运行维护保障", "运营方案"]),
    ("project.requirement_plan.cost_summary", &["投资估算", "经费估算", "资金预算", "投资概算", "预算", "经费预算", "资金概算", "资金估算及来源", "投资估算及资金来源", "资金估算及资金来源"]),
    ("service_plan.reasons", &["购买理由", "购买依据", "购买服务理由", "购买理由及依据", "购买服务的理由和依据", "采购理由", "采购依据", "背景", "必要性", "必要性分析", "采购需求背景"]),
    ("service_plan.standards.other", &["其他服务要求", "服务质量要求", "服务要求", "其他标准"]),
    ("service_plan.security_requirements", &["安全要求", "保密要求", "安全与保密要求", "安全和保密要求", "信息安全要求", "网络安全要求", "数据安全要求"]),
    ("service_plan.ownership_note", &["数据归属与知识产权", "数据和知识产权归属", "数据归属", "知识产权", "知识产权归属"]),
    ("service_plan.performance_goals", &["绩效指标", "绩效目标及指标", "服务绩效目标"]),
    ("service_plan.acceptance_method", &["验收标准", "验收要求", "验收方案", "考核验收", "服务验收", "验收与考核"]),
];

/// Headings that end a plan wherever they stand: what follows is not its text.
const ENDS: &[&str] = &["附件", "附表", "附图", "附录", "附件清单", "参考文献"];

/// Words that join two sections' names in one heading (「现状及存在问题」 is read as its first).
const JOINERS: [char; 5] = ['及', '与', '和', '、', '暨'];

/// A heading's name is at most this many characters: a longer line is text.
const MAX_NAME_CHARS: usize = 24;

/// The plan for the group `group`, if its text can be split.
pub fn plan(group: &str) -> Option<&'static Plan> {
    PLANS.iter().find(|p| p.group == group)
}

/// The plan whose sections include the field `path`.
pub fn plan_of(path: &str) -> Option<&'static Plan> {
    PLANS.iter().find(|p| p.sections.contains(&path))
}

impl Plan {
    /// The document's name in the form: 需求方案, 服务需求方案.
    pub fn name(&self) -> &'static str {
        FIELDS.iter().find(|f| f.path == self.group).map_or(self.group, |f| f.label)
    }

    /// The section's label in the form.
    pub fn label(&self, i: usize) -> &'static str {
        let path = self.sections[i];
        FIELDS.iter().find(|f| f.path == path).map_or(path, |f| f.label)
    }

    /// Which section a heading's name is, if any.
    fn section(&self, name: &str) -> Option<usize> {
        let name = name.strip_prefix("本项目").or_else(|| name.strip_prefix("项目")).unwrap_or(name);
        let named = |alias: &str| name == alias || name.strip_prefix(alias).is_some_and(|rest| rest.starts_with(JOINERS));
        // Exact names first: 「现状及存在问题」 is a name of its own, 「需求」 is not 「需求分析」.
        (0..self.sections.len()).find(|&i| self.names(i).any(|n| n == name)).or_else(|| (0..self.sections.len()).find(|&i| self.names(i).any(named)))
    }

    /// The names section `i`'s heading goes by: its label, then [`OTHER_NAMES`].
    pub fn names(&self, i: usize) -> impl Iterator<Item = &'static str> {
        let path = self.sections[i];
        let other = OTHER_NAMES.iter().find(|(p, _)| *p == path).map_or(&[][..], |(_, names)| names);
        std::iter::once(self.label(i)).chain(other.iter().copied())
    }

    /// Whether a line's name is a field of the plan's group that is not one of its sections: a
    /// value of the form (「服务期限：3 年」, as our Word export writes the service plan's
    /// figures between its texts), not a section's text.
    fn field(&self, name: &str) -> bool {
        self.field_def(name).is_some()
    }

    /// The field of the plan's group (not a section, not a table's column) a line names.
    fn field_def(&self, name: &str) -> Option<&'static FieldDef> {
        FIELDS.iter().find(|f| {
            f.label == name
                && f.kind != crate::fields::FieldKind::LongText
                && f.path.strip_prefix(self.group).is_some_and(|r| r.starts_with('.'))
                && !f.path.contains("[]")
        })
    }

    /// Whether a heading's name ends the plan: 「附件」, or a part of the form that is not one
    /// of its sections (a document's groups and tables, and the documents themselves: the
    /// 「二、需求方案」 our Word export writes before the sections, 「服务内容与范围」).
    fn ends(&self, name: &str) -> bool {
        use crate::fields::FieldKind::{Group, Table};
        ENDS.contains(&name) || FIELDS.iter().any(|f| f.label == name && matches!(f.kind, Group | Table) && f.path.matches('.').count() <= 1)
    }
}

/// How a heading is numbered: headings of a plan are numbered alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Numbering {
    /// 「一、」
    Chinese,
    /// 「（一）」
    ChineseInParens,
    /// 「1.」「1、」「1 」
    Digits,
    /// 「（1）」「1)」
    DigitsInParens,
    /// 「1.1」
    DigitsDotted,
    /// 「第一部分」「第一章」「第1节」
    Part,
    /// No number: the heading alone on its line.
    None,
}

/// A section found, with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The section's index in its plan.
    pub section: usize,
    /// Its heading as written (the first that had text under it).
    pub heading: String,
    /// Its text, blank lines at either end taken off.
    pub text: String,
    /// How many headings gave it text (more than one: their texts are joined).
    pub times: usize,
}

/// Text not placed in any section, and the heading it stood under (none: before the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub heading: Option<String>,
    /// Its characters, spaces and line breaks not counted.
    pub chars: usize,
}

/// A table of the form found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTable {
    /// The table's path (`project.cost_estimate.items`).
    pub table: &'static str,
    /// The heading it stood under, as written (none: before the first).
    pub heading: Option<String>,
    /// Its blocks of cells as written, each a header row and rows under it: a table written in
    /// parts (硬件, then 软件) is read part after part.
    pub blocks: Vec<String>,
}

/// The rows a found table makes, and what reading its cells said.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableRows {
    pub rows: Vec<Value>,
    /// Cells that did not read (the row is the table's, from 0), left blank.
    pub problems: Vec<paste::Problem>,
    /// Header words naming no column of the table, once each.
    pub unknown_headers: Vec<String>,
    /// Rows of totals left out (the form adds its rows itself), rows past [`paste::MAX_ROWS`]
    /// left out, and budget rows whose amount was made from quantity × price.
    pub totals_skipped: usize,
    pub cut: usize,
    /// Rows heading a group of rows (「一、硬件设备」), left out.
    pub groups_skipped: usize,
    pub amounts_made: usize,
}

impl TableRows {
    /// What reading the cells did besides the rows, in Chinese, one note each: cells that did
    /// not read, rows left out, amounts made, columns the table has none of.
    pub fn notes(&self) -> Vec<String> {
        let mut notes: Vec<String> = [
            (self.problems.len(), "{n} 个单元格未能识别，留空"),
            (self.totals_skipped, "略过 {n} 个合计行"),
            (self.groups_skipped, "略过 {n} 个分组标题行"),
            (self.amounts_made, "{n} 行金额按数量 × 单价算出"),
            (self.cut, "其余 {n} 行超出上限，未填入"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, note)| note.replace("{n}", &n.to_string()))
        .collect();
        if !self.unknown_headers.is_empty() {
            notes.push(format!("本表没有的列未填入：{}", self.unknown_headers.join("、")));
        }
        notes
    }
}

impl FoundTable {
    /// The table's rows, from its blocks alone (they replace what the form holds), each block
    /// read as the table paste reads a block whose first row is a header.
    pub fn rows(&self) -> TableRows {
        let mut out = TableRows::default();
        for block in &self.blocks {
            let at = out.rows.len();
            let pasted = paste::paste(self.table, &out.rows, at, 0, block);
            out.rows = pasted.rows;
            out.problems.extend(pasted.problems);
            for h in pasted.unknown_headers {
                if !out.unknown_headers.contains(&h) {
                    out.unknown_headers.push(h);
                }
            }
            out.totals_skipped += pasted.totals_skipped;
            out.groups_skipped += pasted.groups_skipped;
            out.cut += pasted.cut;
            out.amounts_made += pasted.amounts_made;
        }
        out
    }
}

/// A field of the plan's group given with its value (「服务期限：3 年」), as our Word export
/// writes the service plan's figures and plans state them: the first line naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundValue {
    pub path: &'static str,
    /// The line as written.
    pub written: String,
    /// The value read (`typed::written`), or what the field expects.
    pub value: Result<Value, typed::Expected>,
}

/// What a text splits into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// The sections found, in the plan's order.
    pub placed: Vec<Placed>,
    /// The tables of the form found, in the order of their first block.
    pub tables: Vec<FoundTable>,
    /// The fields given with their values, in the text's order.
    pub values: Vec<FoundValue>,
    /// Text before the first heading and under headings that end the plan, in the text's order
    /// (only where there was some).
    pub skipped: Vec<Skipped>,
    /// The numbering the headings were read in, if any heading was found.
    pub numbering: Option<Numbering>,
}

impl Outline {
    /// The sections not found (or found with nothing under them), by index in the plan.
    pub fn missing(&self, plan: &Plan) -> Vec<usize> {
        (0..plan.sections.len()).filter(|i| !self.placed.iter().any(|p| p.section == *i)).collect()
    }

    /// The section `i`'s placed text, if found.
    pub fn get(&self, i: usize) -> Option<&Placed> {
        self.placed.iter().find(|p| p.section == i)
    }
}

/// A line that may be a heading: its numbering, its number, its name (no spaces, no
/// punctuation at its end) and what follows a colon after the name.
#[derive(Debug)]
struct Candidate<'a> {
    numbering: Numbering,
    number: Option<u32>,
    name: String,
    inline: &'a str,
    written: &'a str,
    /// Numbered, or alone on its line: a line that may be a section's heading. (Otherwise it
    /// may still be a field of the form with its value, 「服务期限：3 年」.)
    heading: bool,
}

/// Splits `text` by `plan`'s headings. Deterministic; any text, any length (one pass over the
/// lines, each looked at once).
pub fn split(plan: &Plan, text: &str) -> Outline {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut candidates: Vec<Option<Candidate<'_>>> = lines.iter().map(|l| candidate(l)).collect();
    // The plan's own heading (「二、需求方案」「一、服务需求方案」, as our Word export writes
    // it): what comes before is another part, or another document, however it is headed.
    let own = |c: &Candidate<'_>| c.heading && c.inline.is_empty() && c.name == plan.name();
    let from = match candidates.iter().position(|c| c.as_ref().is_some_and(own)) {
        Some(start) => {
            candidates[..=start].iter_mut().for_each(|c| *c = None);
            start + 1
        }
        None => 0,
    };
    // The form's tables: their lines are neither headings nor a section's text.
    let found = tables(plan, &lines, from);
    let mut table_at: Vec<Option<usize>> = vec![None; lines.len()];
    for (k, t) in found.iter().enumerate() {
        for i in t.lines.clone() {
            table_at[i] = Some(k);
            candidates[i] = None;
        }
    }
    let mut outline = Outline::default();
    for t in &found {
        match outline.tables.iter_mut().find(|f| f.table == t.table) {
            Some(f) => f.blocks.push(t.cells.clone()),
            None => outline.tables.push(FoundTable { table: t.table, heading: None, blocks: vec![t.cells.clone()] }),
        }
    }
    // Fields with their values, in the text's order: read, and not counted as text left out.
    let mut value_at = vec![false; lines.len()];
    let mut row_at = vec![false; lines.len()];
    for i in from..lines.len() {
        if table_at[i].is_some() {
            continue;
        }
        // A table of fields and their values (「服务期限 | 3 年 | 年度服务费 | 104 万元」, as
        // plans table their figures): a row whose every label names a field is read pair by
        // pair, and is no text.
        if lines[i].contains('\t') {
            if let Some(pairs) = value_row(plan, lines[i]) {
                for (label, def, text) in pairs {
                    read_value(&mut outline.values, def, format!("{label}：{text}"), text);
                }
                row_at[i] = true;
                candidates[i] = None;
            }
            continue;
        }
        let Some(c) = &candidates[i] else { continue };
        let Some(def) = plan.field_def(&c.name).filter(|d| !matches!(d.kind, FieldKind::Group | FieldKind::Table)) else { continue };
        // A second line naming the field is left out (and counted as such).
        value_at[i] = read_value(&mut outline.values, def, c.written.to_string(), c.inline);
    }
    let Some(numbering) = headings_numbering(plan, &candidates) else {
        return outline;
    };

    /// What a block of lines is under.
    #[derive(PartialEq)]
    enum Under {
        Start,
        Section(usize),
        End,
    }
    struct Block<'a> {
        under: Under,
        heading: Option<&'a str>,
        lines: Vec<&'a str>,
    }
    let mut blocks = vec![Block { under: Under::Start, heading: None, lines: Vec::new() }];
    let mut last_number = None;
    for (i, (line, cand)) in lines.iter().zip(&candidates).enumerate() {
        if let Some(k) = table_at[i] {
            // A table stands under its caption, or else its heading (the first part's).
            if let Some(f) = outline.tables.iter_mut().find(|f| f.table == found[k].table && f.heading.is_none()) {
                f.heading = found[k].caption.clone().or_else(|| blocks.last().and_then(|b| b.heading).map(|h| h.trim().to_string()));
            }
            continue;
        }
        if row_at[i] {
            continue;
        }
        let heading = cand.as_ref().and_then(|c| {
            let section = if c.heading && c.numbering == numbering { plan.section(&c.name) } else { None };
            if let Some(i) = section {
                last_number = c.number.or(last_number);
                return Some((Under::Section(i), c));
            }
            // The next number of the headings' numbering, naming no section; or a name that
            // ends the plan, however numbered.
            let next = c.numbering == numbering
                && c.numbering != Numbering::None
                && c.inline.is_empty()
                && c.number.is_some()
                && c.number == last_number.map(|n| n + 1);
            let ends = c.inline.is_empty() && plan.ends(&c.name) || plan.field(&c.name);
            (next || ends).then_some((Under::End, c))
        });
        match heading {
            // Before the plan's first section, what ends it is part of one stretch left out.
            Some((Under::End, c)) if blocks.last().is_some_and(|b| b.under == Under::Start) => {
                // A heading alone (a group of the form) is no text, and a field's value read is
                // the field's: neither is text left out.
                if !value_at[i] && !c.inline.trim().is_empty() {
                    blocks.last_mut().expect("one block at least").lines.push(line.trim_end());
                }
            }
            Some((under, c)) => {
                let mut lines = Vec::new();
                if !c.inline.trim().is_empty() && !value_at[i] {
                    lines.push(c.inline.trim_start());
                }
                blocks.push(Block { under, heading: Some(c.written), lines });
            }
            None => blocks.last_mut().expect("one block at least").lines.push(line.trim_end()),
        }
    }

    outline.numbering = Some(numbering);
    let mut texts: Vec<(Option<&str>, Vec<String>)> = vec![(None, Vec::new()); plan.sections.len()];
    for block in &blocks {
        let body = trimmed(&block.lines);
        match block.under {
            Under::Section(i) => {
                if !body.is_empty() {
                    texts[i].0.get_or_insert(block.heading.unwrap_or_default());
                    texts[i].1.push(body);
                }
            }
            Under::Start | Under::End => {
                let chars = body.chars().filter(|c| !c.is_whitespace()).count();
                if chars > 0 {
                    outline.skipped.push(Skipped { heading: block.heading.map(|h| h.trim().to_string()), chars });
                }
            }
        }
    }
    for (section, (heading, bodies)) in texts.into_iter().enumerate() {
        if let Some(heading) = heading {
            outline.placed.push(Placed { section, heading: heading.trim().to_string(), times: bodies.len(), text: bodies.join("\n") });
        }
    }
    outline
}

/// Reads `text` as the value of the field `def`, written `written`, unless the field already has
/// its value; whether the line is the field's (read, or saying it has none: 「—」).
fn read_value(values: &mut Vec<FoundValue>, def: &'static FieldDef, written: String, text: &str) -> bool {
    if values.iter().any(|v| v.path == def.path) {
        return false;
    }
    let value = match typed::written(def, text) {
        Ok(None) => return true,
        Ok(Some(v)) => Ok(v),
        Err(e) => Err(e),
    };
    values.push(FoundValue { path: def.path, written, value });
    true
}

/// A row of a table of fields and their values, its cells label, value, label, value…: each
/// label's field and its value's text, if every label names a field of `plan`'s group.
fn value_row<'a>(plan: &Plan, line: &'a str) -> Option<Vec<(&'a str, &'static FieldDef, &'a str)>> {
    let cells: Vec<&str> = line.split('\t').map(|c| c.trim_matches(is_space)).collect();
    let mut pairs = Vec::new();
    for pair in cells.chunks(2) {
        let (label, text) = (pair[0].trim_end_matches(['：', ':']), pair.get(1).copied().unwrap_or(""));
        if label.is_empty() && text.is_empty() {
            continue;
        }
        let name: String = label.chars().filter(|c| !is_space(*c)).collect();
        let def = plan.field_def(&name).filter(|d| !matches!(d.kind, FieldKind::Group | FieldKind::Table))?;
        pairs.push((label, def, text));
    }
    (!pairs.is_empty()).then_some(pairs)
}

/// A block of lines that is a table of the form.
struct TableLines {
    table: &'static str,
    /// The line before it, if it names the table, as written.
    caption: Option<String>,
    /// The lines it covers: its caption (unless a heading), and its rows.
    lines: std::ops::Range<usize>,
    /// Its rows, a line each (the header first).
    cells: String,
}

/// The blocks of `lines` from `from` on that are tables of `plan`'s: runs of two lines or more
/// holding tabs (a header and a row at least) whose first line names the columns of one of the
/// plan's tables, more of them than of any other table of the form. The line before, if it is the table's name (our
/// Word export's caption, 「明细行」) and not a heading that ends the plan, goes with it.
fn tables(plan: &Plan, lines: &[&str], from: usize) -> Vec<TableLines> {
    let mut out = Vec::new();
    let mut i = from;
    while i < lines.len() {
        let run = lines[i..].iter().take_while(|l| l.contains('\t')).count();
        if run < 2 {
            i += run.max(1);
            continue;
        }
        let header = paste::cells(lines[i]).into_iter().next().unwrap_or_default();
        // The table of the form it names most of, the plan's first on a tie: the service
        // plan's 服务内容与范围 (服务名称, 单位, 数量, …) names three columns of the budget too.
        let named = |t: &str| paste::header_names(t, &header);
        let best = FIELDS
            .iter()
            .filter(|f| f.kind == crate::fields::FieldKind::Table)
            .map(|f| (named(f.path), !plan.tables.contains(&f.path), f.path))
            .filter(|(n, _, _)| *n > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, false, table)) = best {
            let caption = lines[from..i].iter().rposition(|l| !l.trim().is_empty()).map(|at| from + at).filter(|&at| {
                let name: String = lines[at].chars().filter(|c| !is_space(*c)).collect();
                let label = FIELDS.iter().find(|f| f.path == table).map_or("", |f| f.label);
                name == label || name == crate::fields::table_name(table)
            });
            // A caption that is a heading ending the plan (「潜在服务商」 alone on its line)
            // stays one.
            let start = caption.filter(|&at| !plan.ends(&lines[at].chars().filter(|c| !is_space(*c)).collect::<String>())).unwrap_or(i);
            out.push(TableLines {
                table,
                caption: caption.map(|at| lines[at].trim_matches(is_space).to_string()),
                lines: start..i + run,
                cells: lines[i..i + run].join("\n"),
            });
        }
        i += run;
    }
    out
}

/// The numbering that names the most of `plan`'s sections (each counted once); on a tie, the
/// one whose first such heading comes first. None when no line names a section.
fn headings_numbering(plan: &Plan, candidates: &[Option<Candidate<'_>>]) -> Option<Numbering> {
    // (numbering, sections named, first line)
    let mut seen: Vec<(Numbering, Vec<usize>, usize)> = Vec::new();
    for (line, c) in candidates.iter().enumerate() {
        let Some(c) = c.as_ref().filter(|c| c.heading) else { continue };
        let Some(i) = plan.section(&c.name) else { continue };
        match seen.iter_mut().find(|s| s.0 == c.numbering) {
            Some(s) if !s.1.contains(&i) => s.1.push(i),
            Some(_) => {}
            None => seen.push((c.numbering, vec![i], line)),
        }
    }
    seen.iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.2.cmp(&a.2))).map(|s| s.0)
}

/// The lines joined, blank lines at either end taken off.
fn trimmed(lines: &[&str]) -> String {
    let blank = |l: &&&str| l.trim().is_empty();
    let start = lines.iter().position(|l| !blank(&l)).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !blank(&l)).map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// Spaces as Word and PDFs write them, full-width and no-break included.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// The line as a heading, if it can be one: a short name after an optional numbering.
fn candidate(line: &str) -> Option<Candidate<'_>> {
    let written = line.trim_matches(is_space);
    if written.is_empty() {
        return None;
    }
    let (numbering, number, rest) = numbered(written);
    let rest = rest.trim_start_matches(is_space);
    let (name, inline) = match rest.find(['：', ':']) {
        Some(at) => (&rest[..at], &rest[at + rest[at..].chars().next().map_or(1, char::len_utf8)..]),
        None => (without_page_number(rest), ""),
    };
    let name: String = name.chars().filter(|c| !is_space(*c)).collect();
    let name = name.trim_end_matches(['。', '；', ';', '、', '，', ',', '.', '．']).to_string();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.contains(['。', '，', ',', '；', ';']) {
        return None;
    }
    // Without a number, a heading stands alone: 「网络安全：按等保三级建设。」 is text.
    let heading = numbering != Numbering::None || inline.trim_matches(is_space).is_empty();
    Some(Candidate { numbering, number, name, inline, written, heading })
}

/// A table of contents' line without its dot leaders and page number: 「建设依据……3」,
/// 「建设依据\t3」. Text that merely ends in a number is left as it is.
fn without_page_number(s: &str) -> &str {
    let before_digits = s.trim_end_matches(|c: char| c.is_ascii_digit() || is_space(c));
    if before_digits.len() == s.len() {
        return s;
    }
    let leaders = ['…', '.', '·', '．', '-', '—', '\t', '⋯'];
    let bare = before_digits.trim_end_matches(|c: char| leaders.contains(&c) || is_space(c));
    let leader_chars = before_digits[bare.len()..].chars().filter(|c| leaders.contains(c)).count();
    if leader_chars >= 2 || before_digits[bare.len()..].contains('\t') || s[before_digits.len()..].contains('\t') { bare } else { s }
}

/// The line's numbering, its number and the rest of the line.
fn numbered(s: &str) -> (Numbering, Option<u32>, &str) {
    // 第一部分 / 第一章 / 第1节
    if let Some(rest) = s.strip_prefix('第') {
        let (n, after) = number(rest);
        if let Some(n) = n {
            for unit in ["部分", "章", "节", "篇"] {
                if let Some(after) = after.strip_prefix(unit) {
                    return (Numbering::Part, Some(n), after.trim_start_matches(['、', '．', '.', '：', ':']));
                }
            }
        }
    }
    // （一） （1） (1)
    for open in ['（', '('] {
        if let Some(rest) = s.strip_prefix(open) {
            let (n, after) = number(rest);
            let digits = rest.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if let Some(n) = n
                && let Some(after) = after.strip_prefix(['）', ')'])
            {
                return (if digits { Numbering::DigitsInParens } else { Numbering::ChineseInParens }, Some(n), after);
            }
        }
    }
    let (n, after) = number(s);
    let Some(n) = n else { return (Numbering::None, None, s) };
    let digits = s.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if digits {
        // 1.1 is a point within a section, whatever follows.
        if let Some(rest) = after.strip_prefix(['.', '．'])
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return (Numbering::DigitsDotted, Some(n), rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '．'));
        }
        if let Some(rest) = after.strip_prefix(['.', '．', '、']) {
            return (Numbering::Digits, Some(n), rest);
        }
        if let Some(rest) = after.strip_prefix([')', '）']) {
            return (Numbering::DigitsInParens, Some(n), rest);
        }
        if after.starts_with(is_space) {
            return (Numbering::Digits, Some(n), after);
        }
    } else if let Some(rest) = after.strip_prefix(['、', '．', '.']) {
        return (Numbering::Chinese, Some(n), rest);
    }
    (Numbering::None, None, s)
}

/// A number at the start of `s`: digits (ASCII or full-width) or a Chinese numeral up to
/// 九十九; and what follows it.
fn number(s: &str) -> (Option<u32>, &str) {
    let digit_end = s.char_indices().find(|(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(c))).map_or(s.len(), |(i, _)| i);
    if digit_end > 0 {
        let n = s[..digit_end].chars().try_fold(0u32, |n, c| {
            let d = c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
            n.checked_mul(10)?.checked_add(d)
        });
        return (n, &s[digit_end..]);
    }
    const D: &str = "零一二三四五六七八九";
    let digit = |c: char| D.chars().position(|d| d == c).map(|p| p as u32);
    let mut chars = s.char_indices().peekable();
    let (mut value, mut end) = (None::<u32>, 0);
    let mut tens_seen = false;
    while let Some(&(i, c)) = chars.peek() {
        if c == '十' && !tens_seen {
            tens_seen = true;
            value = Some(value.unwrap_or(1) * 10);
        } else if let Some(d) = digit(c) {
            // A digit after a digit (「一二」) is not a numeral.
            if value.is_some_and(|v| !tens_seen || v % 10 != 0) {
                break;
            }
            value = Some(value.unwrap_or(0) + d);
        } else {
            break;
        }
        end = i + c.len_utf8();
        chars.next();
    }
    match value {
        Some(v) if v > 0 => (Some(v), &s[end..]),
        _ => (None, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> &'static Plan {
        super::plan("project.requirement_plan").expect("the requirement plan")
    }

    /// The sections' texts by label, for asserting.
    fn texts(text: &str) -> Vec<(&'static str, String)> {
        let o = split(plan(), text);
        o.placed.iter().map(|p| (plan().label(p.section), p.text.clone())).collect()
    }

    #[test]
    fn every_section_of_the_plan_is_a_long_text_of_the_form() {
        for p in PLANS {
            for (i, path) in p.sections.iter().enumerate() {
                let def = FIELDS.iter().find(|f| f.path == *path).unwrap_or_else(|| panic!("{path}"));
                assert_eq!(def.kind, crate::fields::FieldKind::LongText, "{path}");
                assert!(path.starts_with(p.group), "{path}");
                assert_eq!(p.names(i).next(), Some(def.label), "the form's label is the first name: {path}");
                // No name is another section's: a heading reads one way only.
                for n in p.names(i) {
                    assert_eq!(p.section(n), Some(i), "{n}");
                }
            }
        }
        // Every other name is a section's.
        for (path, _) in OTHER_NAMES {
            assert!(plan_of(path).is_some(), "{path}");
        }
        assert_eq!(plan_of("project.requirement_plan.scope").map(|p| p.group), Some("project.requirement_plan"));
        assert!(plan_of("project.basic.name").is_none());
    }

    #[test]
    fn numbers_are_read_in_digits_and_chinese() {
        assert_eq!(number("十一、其他"), (Some(11), "、其他"));
        assert_eq!(number("二十三x"), (Some(23), "x"));
        assert_eq!(number("十、"), (Some(10), "、"));
        assert_eq!(number("九"), (Some(9), ""));
        assert_eq!(number("１２．"), (Some(12), "．"));
        assert_eq!(number("一二"), (Some(1), "二"));
        assert_eq!(number("建设"), (None, "建设"));
        assert_eq!(number("零"), (None, "零"));
        assert_eq!(number("99999999999999"), (None, ""));
    }

    #[test]
    fn headings_are_read_in_every_numbering() {
        for (line, numbering, n, name) in [
            ("一、建设依据", Numbering::Chinese, Some(1), "建设依据"),
            ("十、 资金估算", Numbering::Chinese, Some(10), "资金估算"),
            ("（二）业务现状", Numbering::ChineseInParens, Some(2), "业务现状"),
            ("(3) 存在问题", Numbering::DigitsInParens, Some(3), "存在问题"),
            ("4. 需求分析", Numbering::Digits, Some(4), "需求分析"),
            ("５、解决思路", Numbering::Digits, Some(5), "解决思路"),
            ("6 工作计划", Numbering::Digits, Some(6), "工作计划"),
            ("7）建设内容", Numbering::DigitsInParens, Some(7), "建设内容"),
            ("第八部分 网络安全", Numbering::Part, Some(8), "网络安全"),
            ("第9章运行维护", Numbering::Part, Some(9), "运行维护"),
            ("2.1 业务现状", Numbering::DigitsDotted, Some(2), "业务现状"),
            ("　　资金估算　", Numbering::None, None, "资金估算"),
        ] {
            let c = candidate(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((c.numbering, c.number, c.name.as_str()), (numbering, n, name), "{line}");
        }
        let c = candidate("一、建设依据：根据《智慧城市建设管理办法》。").expect("inline");
        assert_eq!((c.name.as_str(), c.inline), ("建设依据", "根据《智慧城市建设管理办法》。"));
        // Sentences are text.
        assert!(candidate("本项目依据国家和省的有关规定，结合本市实际。").is_none());
        assert!(candidate("").is_none());
        assert!(candidate("   ").is_none());
    }

    const PLAN: &str = "XX市智慧城管项目需求方案\n\
        编制单位：XX市城市管理局\n\
        \n\
        一、建设依据\n\
        《XX市智慧城市建设管理办法》。\n\
        \n\
        二、业务现状\n\
        现有系统建于2015年。\n\
        三、存在问题\n\
        （一）网络安全\n\
        设备老化，等保测评未通过。\n\
        四、需求分析\n\
        需要统一平台。\n\
        五、解决思路：依托政务云建设。\n\
        六、工作计划\n\
        2027年3月前完成。\n\
        七、建设内容\n\
        1. 平台\n\
        2. 终端\n\
        八、网络安全\n\
        按等保三级建设。\n\
        九、运行维护\n\
        委托专业单位运维。\n\
        十、资金估算\n\
        总投资300万元。\n\
        十一、其他\n\
        无。\n";

    #[test]
    fn a_plan_numbered_one_way_splits_into_its_ten_sections() {
        let o = split(plan(), PLAN);
        assert_eq!(o.numbering, Some(Numbering::Chinese));
        assert!(o.missing(plan()).is_empty(), "{o:?}");
        let t = texts(PLAN);
        assert_eq!(t[0], ("建设依据", "《XX市智慧城市建设管理办法》。".into()));
        assert_eq!(t[1], ("业务现状", "现有系统建于2015年。".into()));
        // A point numbered otherwise is the section's text, not a heading.
        assert_eq!(t[2], ("存在问题", "（一）网络安全\n设备老化，等保测评未通过。".into()));
        assert_eq!(t[4], ("解决思路", "依托政务云建设。".into()));
        assert_eq!(t[6], ("建设内容", "1. 平台\n2. 终端".into()));
        // 十一、其他 ends the plan: its text is not the cost's.
        assert_eq!(t[9], ("资金估算", "总投资300万元。".into()));
        assert_eq!(o.get(4).map(|p| p.heading.as_str()), Some("五、解决思路：依托政务云建设。"));
        assert_eq!(
            o.skipped,
            vec![
                Skipped { heading: None, chars: "XX市智慧城管项目需求方案编制单位：XX市城市管理局".chars().count() },
                Skipped { heading: Some("十一、其他".into()), chars: 2 }
            ]
        );
    }

    #[test]
    fn a_table_of_contents_is_dropped_and_a_section_written_twice_is_joined() {
        let text = "目录\n一、建设依据……………1\n二、业务现状\t2\n三、存在问题 ........ 3\n\n一、建设依据\n依据甲。\n二、业务现状\n现状乙。\n三、存在问题\n问题丙。\n二、业务现状\n现状丁。";
        let o = split(plan(), text);
        let t = texts(text);
        assert_eq!(t[0], ("建设依据", "依据甲。".into()));
        assert_eq!(t[1], ("业务现状", "现状乙。\n现状丁。".into()));
        assert_eq!(o.get(1).map(|p| p.times), Some(2));
        assert_eq!(t[2], ("存在问题", "问题丙。".into()));
        assert_eq!(o.skipped, vec![Skipped { heading: None, chars: 2 }]);
        assert_eq!(o.missing(plan()), vec![3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn other_names_and_joined_names_are_read() {
        let text = "1. 项目建设背景及依据\n甲\n2. 现状及存在问题\n乙\n3. 建设需求\n丙\n4. 总体设计\n丁\n5. 实施进度计划\n戊\n6. 建设规模及内容\n己\n7. 网络与信息安全\n庚\n8. 运维方案\n辛\n9. 投资估算及资金来源\n壬\n10. 附件\n可研报告";
        let o = split(plan(), text);
        let labels: Vec<&str> = o.placed.iter().map(|p| plan().label(p.section)).collect();
        assert_eq!(labels, ["建设依据", "业务现状", "需求分析", "解决思路", "工作计划", "建设内容", "网络安全", "运行维护", "资金估算"]);
        assert_eq!(o.missing(plan()), vec![2]);
        assert_eq!(o.get(9).map(|p| p.text.as_str()), Some("壬"));
        assert_eq!(o.skipped, vec![Skipped { heading: Some("10. 附件".into()), chars: 4 }]);
    }

    #[test]
    fn headings_alone_on_their_lines_as_our_word_export_writes_them() {
        let text = "XX项目申报书\n一、基本情况\n项目名称：XX\n二、需求方案\n建设依据\n甲\n业务现状\n乙\n网络安全：按三级。\n运行维护\n丙\n资金估算\n丁\n三、资金估算明细\n序号\t名称";
        let o = split(plan(), text);
        assert_eq!(o.numbering, Some(Numbering::None));
        let t = texts(text);
        // A 「name：text」 line without a number stays text.
        assert_eq!(t[1], ("业务现状", "乙\n网络安全：按三级。".into()));
        assert_eq!(t[3], ("资金估算", "丁".into()));
        assert_eq!(o.skipped.len(), 2, "{:?}", o.skipped);
        assert_eq!(o.skipped[1].heading.as_deref(), Some("三、资金估算明细"));
    }

    #[test]
    fn the_numbering_naming_most_sections_wins() {
        // Points numbered （一） inside sections numbered 一、 name sections too, fewer of them.
        let text = "一、建设依据\n甲\n二、需求分析\n（一）建设内容\n乙\n三、建设内容\n丙\n四、网络安全\n丁";
        let t = texts(text);
        assert_eq!(t.iter().map(|x| x.0).collect::<Vec<_>>(), ["建设依据", "需求分析", "建设内容", "网络安全"]);
        assert_eq!(t[1].1, "（一）建设内容\n乙");
    }

    #[test]
    fn a_service_plan_s_long_texts_are_split_and_its_tables_end_a_section() {
        let plan = super::plan("service_plan").expect("the service plan");
        let text = "一、购买理由与依据\n甲。\n二、服务内容与范围\n序号\t服务名称\n1\t云主机\n三、安全保密要求\n乙。\n四、绩效目标\n丙。\n五、验收方式\n丁。";
        let o = split(plan, text);
        let got: Vec<(&str, &str)> = o.placed.iter().map(|p| (plan.label(p.section), p.text.as_str())).collect();
        assert_eq!(got, [("购买理由与依据", "甲。"), ("安全保密要求", "乙。"), ("绩效目标", "丙。"), ("验收方式", "丁。")]);
        assert_eq!(o.skipped, vec![Skipped { heading: Some("二、服务内容与范围".into()), chars: "序号服务名称1云主机".chars().count() }]);
        assert_eq!(plan_of("service_plan.acceptance_method").map(|p| p.group), Some("service_plan"));
    }

    #[test]
    fn a_field_with_its_value_ends_a_section_and_the_plan_s_own_heading_starts_it() {
        let plan = super::plan("service_plan").expect("the service plan");
        let text = "某项目申报书\n绩效目标\n项目的。\n一、服务需求方案\n项目名称：某\n其他服务标准\n甲。\n服务期限：3 年\n年度服务费：104 万元\n绩效目标\n乙。\n数据归属：归项目建设单位\n数据归属与知识产权说明\n丙。";
        let o = split(plan, text);
        let got: Vec<(&str, &str)> = o.placed.iter().map(|p| (plan.label(p.section), p.text.as_str())).collect();
        assert_eq!(got, [("其他服务标准", "甲。"), ("数据归属与知识产权说明", "丙。"), ("绩效目标", "乙。")]);
        // The figures between are the fields' values, read, not text left out; a field named
        // like a section (「数据归属」) is a field while it has its value beside it. Before the
        // plan's own heading, 「项目名称：某」 is another document's.
        let under: Vec<Option<&str>> = o.skipped.iter().map(|s| s.heading.as_deref()).collect();
        assert_eq!(under, [None]);
        assert_eq!(o.skipped[0].chars, "某项目申报书绩效目标项目的。一、服务需求方案".chars().count());
        let values: Vec<(&str, &str, Result<Value, typed::Expected>)> = o.values.iter().map(|v| (v.path, v.written.as_str(), v.value.clone())).collect();
        assert_eq!(
            values,
            [
                ("service_plan.project_name", "项目名称：某", Ok(Value::from("某"))),
                ("service_plan.term_years", "服务期限：3 年", Ok(Value::from(3))),
                ("service_plan.annual_fee", "年度服务费：104 万元", Ok(Value::from(1_040_000))),
                ("service_plan.data_owner", "数据归属：归项目建设单位", Ok(Value::from("owner_unit"))),
            ]
        );
    }

    #[test]
    fn a_table_of_fields_and_their_values_is_read_pair_by_pair() {
        let plan = super::plan("service_plan").expect("the service plan");
        let text = "某平台购买服务需求方案\n\
            项目名称\t某平台购买服务\t采购单位：\t某局\n\
            服务期限\t3 年\t年度服务费\t104 万元\n\
            一、购买理由与依据\n甲。\n\
            可用性\t99.90%\n\
            指标\t要求\n\
            二、验收方式\n乙。";
        let o = split(plan, text);
        let values: Vec<(&str, &str, Result<Value, typed::Expected>)> = o.values.iter().map(|v| (v.path, v.written.as_str(), v.value.clone())).collect();
        assert_eq!(
            values,
            [
                ("service_plan.project_name", "项目名称：某平台购买服务", Ok(Value::from("某平台购买服务"))),
                ("service_plan.owner_unit", "采购单位：某局", Ok(Value::from("某局"))),
                ("service_plan.term_years", "服务期限：3 年", Ok(Value::from(3))),
                ("service_plan.annual_fee", "年度服务费：104 万元", Ok(Value::from(1_040_000))),
                ("service_plan.standards.availability_bp", "可用性：99.90%", Ok(Value::from(9990))),
            ]
        );
        // A row whose labels are not all fields stays text, where it stood.
        assert_eq!(o.get(0).map(|p| p.text.as_str()), Some("甲。\n指标\t要求"));
        assert_eq!(o.skipped, vec![Skipped { heading: None, chars: "某平台购买服务需求方案".chars().count() }]);
    }

    #[test]
    fn a_field_s_value_that_does_not_read_is_said_and_one_that_says_none_is_not_read() {
        let plan = super::plan("service_plan").expect("the service plan");
        let o = split(plan, "一、购买理由与依据\n甲。\n服务期限：三年\n可用性：99.9%\n编制日期：—\n服务期限：5 年\n包含货物或工程：否\n响应时间：30分钟");
        let values: Vec<(&str, Result<Value, typed::Expected>)> = o.values.iter().map(|v| (v.path, v.value.clone())).collect();
        assert_eq!(
            values,
            [
                ("service_plan.term_years", Err(typed::Expected::Int)),
                ("service_plan.standards.availability_bp", Ok(Value::from(9990))),
                ("service_plan.includes_goods_or_works", Ok(Value::Bool(false))),
                ("service_plan.standards.response_minutes", Ok(Value::from(30))),
            ],
            "the first line naming a field is its value"
        );
        assert_eq!(o.get(0).map(|p| p.text.as_str()), Some("甲。"));
        // The second 服务期限 is not read: left out, and said.
        assert_eq!(o.skipped, vec![Skipped { heading: Some("服务期限：5 年".into()), chars: 2 }]);
    }

    #[test]
    fn text_without_headings_places_nothing() {
        for text in ["", "\n\n", "只是一段文字。\n又一段。", "一、\n二、"] {
            let o = split(plan(), text);
            assert!(o.placed.is_empty() && o.numbering.is_none(), "{text:?}: {o:?}");
        }
        // A heading with nothing under it is not placed (a field is never emptied by it).
        let o = split(plan(), "一、建设依据\n\n二、业务现状\n乙");
        assert_eq!(o.placed.len(), 1);
        assert_eq!(o.missing(plan())[0], 0);
    }

    #[test]
    fn a_budget_table_in_the_plan_is_taken_out_of_its_section_as_the_form_s_rows() {
        let text = "九、运行维护\n委托运维。\n十、资金估算\n总投资100万元，明细见下表。\n表1 资金估算明细\n\
            序号\t名称\t规格参数\t单位\t数量\t单价（万元）\t金额（万元）\n\
            1\t服务器\t2路\t台\t2\t10\t20\n\
            2\t应用软件开发\t\t项\t1\t80\t\n\
            合计\t\t\t\t\t\t100\n\
            说明：单价为含税价。\n\
            阶段\t时间\t内容\n一期\t2027年\t上线\n";
        let o = split(plan(), text);
        // The table the form has none of (a schedule) stays text, where it stood.
        assert_eq!(
            o.get(9).map(|p| p.text.as_str()),
            Some("总投资100万元，明细见下表。\n表1 资金估算明细\n说明：单价为含税价。\n阶段\t时间\t内容\n一期\t2027年\t上线")
        );
        assert_eq!(o.tables.len(), 1);
        let t = &o.tables[0];
        assert_eq!((t.table, t.heading.as_deref(), t.blocks.len()), ("project.cost_estimate.items", Some("十、资金估算"), 1));
        let read = t.rows();
        assert_eq!(
            read.rows,
            vec![
                serde_json::json!({"name": "服务器", "unit": "台", "quantity": 2, "unit_price": 100_000, "amount": 200_000}),
                serde_json::json!({"name": "应用软件开发", "unit": "项", "quantity": 1, "unit_price": 800_000, "amount": 800_000}),
            ]
        );
        assert_eq!((read.totals_skipped, read.amounts_made, read.unknown_headers.clone()), (1, 1, vec!["规格参数".to_string()]));
        assert_eq!(read.notes(), ["略过 1 个合计行", "1 行金额按数量 × 单价算出", "本表没有的列未填入：规格参数"]);
        assert!(o.skipped.is_empty(), "{:?}", o.skipped);
    }

    #[test]
    fn a_table_of_funding_sources_in_the_plan_is_the_funding_table() {
        let text = "十、资金估算\n总投资312万元，资金来源如下：\n资金来源\t金额（万元）\n市本级财政资金\t300\n自筹\t12\n合计\t312";
        let o = split(plan(), text);
        assert_eq!(o.get(9).map(|p| p.text.as_str()), Some("总投资312万元，资金来源如下："));
        let tables: Vec<&str> = o.tables.iter().map(|t| t.table).collect();
        assert_eq!(tables, ["project.basic.funding"]);
        assert_eq!(
            o.tables[0].rows().rows,
            vec![serde_json::json!({"source": "local_finance", "amount": 3_000_000}), serde_json::json!({"source": "self_raised", "amount": 120_000})]
        );
    }

    #[test]
    fn a_table_in_parts_is_read_part_after_part_and_its_caption_goes_with_it() {
        let plan = super::plan("service_plan").expect("the service plan");
        let text = "一、购买理由\n甲。\n服务内容与范围\n服务名称\t数量\t年服务费（元）\n云主机\t10\t50000\n\n\
            服务名称\t数量\t年服务费（元）\n对象存储\t1\t约3万\n潜在服务商\n\
            服务商名称\t服务商统一社会信用代码\t备注\n甲公司\t91510100MA6C4G7X1Y\t\n二、验收方式\n乙。";
        let o = split(plan, text);
        let tables: Vec<(&str, Option<&str>, usize)> = o.tables.iter().map(|t| (t.table, t.heading.as_deref(), t.blocks.len())).collect();
        assert_eq!(tables, [("service_plan.items", Some("服务内容与范围"), 2), ("service_plan.providers", Some("潜在服务商"), 1)]);
        let items = o.tables[0].rows();
        assert_eq!(items.rows.len(), 2);
        assert_eq!(items.rows[0], serde_json::json!({"name": "云主机", "quantity": 10, "annual_fee": 50_000}));
        // A cell that does not read is said, with the row it is in the whole table.
        assert_eq!(items.problems.len(), 1);
        assert_eq!((items.problems[0].row, items.problems[0].column), (1, "年服务费"));
        assert_eq!(o.tables[1].rows().rows, vec![serde_json::json!({"name": "甲公司", "credit_code": "91510100MA6C4G7X1Y"})]);
        let got: Vec<(&str, &str)> = o.placed.iter().map(|p| (plan.label(p.section), p.text.as_str())).collect();
        assert_eq!(got, [("购买理由与依据", "甲。"), ("验收方式", "乙。")]);
        assert!(o.skipped.is_empty(), "{:?}", o.skipped);
    }

    #[test]
    fn a_table_alone_is_found_and_one_of_another_document_is_not() {
        let o = split(plan(), "名称\t数量\t单价\n服务器\t2\t10\n");
        assert!(o.placed.is_empty() && o.numbering.is_none());
        assert_eq!(o.tables.len(), 1);
        // The service plan's items name three of the budget's columns, and more of their own.
        let o = split(plan(), "服务名称\t服务描述\t单位\t数量\t年服务费\n云主机\t按需\t台\t10\t5\n");
        assert!(o.tables.is_empty());
        // A header row alone, or a row naming one column, is no table.
        assert!(split(plan(), "名称\t数量\t单价\n").tables.is_empty());
        assert!(split(plan(), "名称\t备注\n服务器\t无\n").tables.is_empty());
        // Before the plan's own heading: another part of the application.
        let service = super::plan("service_plan").expect("the service plan");
        assert!(split(service, "服务名称\t数量\n云\t1\n二、服务需求方案\n一、购买理由\n甲").tables.is_empty());
    }

    #[test]
    fn line_breaks_of_any_convention_and_indents_are_kept_as_text() {
        let t = texts("一、建设依据\r\n　　第一段。\r\n\r\n　　第二段。  \r二、业务现状\n乙");
        assert_eq!(t[0].1, "　　第一段。\n\n　　第二段。");
    }
}
