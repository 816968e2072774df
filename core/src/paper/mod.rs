//! The paper: a submission laid out as the documents people print and file — a title, numbered
//! sections, fields with their values as read, long texts, tables — from the field registry.
//! One outline for every way out: the browser's print view (`app/src/print.rs`) and the Word
//! document ([`docx`]), so that both say the same in the same order.

pub mod docx;
mod zip;

use serde_json::Value;

use crate::fields::{FIELDS, FieldDef, FieldKind};
use crate::model::path;

/// One document of the submission as printed: 项目申报书 or 服务需求方案.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// "{project name}项目申报书", "{project name}服务需求方案".
    pub title: String,
    pub sections: Vec<Section>,
}

/// A numbered section: "一、基本情况" and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// What a section holds, in registry order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A group's heading within a section.
    Group(&'static str),
    /// A field and its value as read ([`value`]).
    Field {
        label: &'static str,
        value: String,
    },
    /// A long text under its label.
    Text {
        label: &'static str,
        value: String,
    },
    Table(Table),
}

/// A table: its caption, the column labels (序号 first) and each row's cells as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub caption: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

const NUMERALS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// What a blank reads as on paper: a dash, so that a blank is seen to be blank.
pub const BLANK: &str = "—";

/// A value as read on paper (`fields::display`), [`BLANK`] when blank, except a yes/no box
/// left blank, which is 否, as the model reads it and a signed package records it
/// (`fields::UNANSWERED_BOOLS` aside): a draft's paper says what its package will.
pub fn value(def: &FieldDef, v: &Value) -> String {
    if def.kind == FieldKind::Bool && v.is_null() && !crate::fields::UNANSWERED_BOOLS.contains(&def.path) {
        return "否".into();
    }
    crate::fields::display(def, v).unwrap_or_else(|| BLANK.into())
}

fn table(def: &'static FieldDef, rows: &Value) -> Table {
    let cols: Vec<&'static FieldDef> = FIELDS.iter().filter(|f| f.path.strip_prefix(def.path).is_some_and(|r| r.starts_with("[]."))).collect();
    let rows = rows.as_array().map(Vec::as_slice).unwrap_or_default();
    Table {
        caption: def.label,
        columns: std::iter::once("序号").chain(cols.iter().map(|c| c.label)).collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let cells = cols.iter().map(|c| value(c, r.get(c.path.rsplit('.').next().unwrap_or("")).unwrap_or(&Value::Null)));
                std::iter::once((i + 1).to_string()).chain(cells).collect()
            })
            .collect(),
    }
}

/// The fields under `prefix` (tables' columns aside), in registry order.
fn section_blocks(doc: &Value, prefix: &str) -> Vec<Block> {
    FIELDS
        .iter()
        .filter(|f| f.path.strip_prefix(prefix).is_some_and(|r| r.starts_with('.')) && !f.path.contains("[]"))
        .map(|d| {
            let v = path::get(doc, d.path).unwrap_or(&Value::Null);
            match d.kind {
                FieldKind::Group => Block::Group(d.label),
                FieldKind::Table => Block::Table(table(d, v)),
                FieldKind::LongText => Block::Text { label: d.label, value: value(d, v) },
                _ => Block::Field { label: d.label, value: value(d, v) },
            }
        })
        .collect()
}

fn paper(doc: &Value, which: &str, title: String) -> Paper {
    let sections: Vec<&'static FieldDef> = if which == "project" {
        FIELDS.iter().filter(|f| f.path.starts_with("project.") && f.path.matches('.').count() == 1).collect()
    } else {
        FIELDS.iter().filter(|f| f.path == "service_plan").collect()
    };
    let sections = sections
        .into_iter()
        .enumerate()
        .map(|(i, def)| Section {
            heading: format!("{}、{}", NUMERALS.get(i).copied().unwrap_or(""), if which == "project" { def.label } else { "服务需求方案" }),
            blocks: if def.kind == FieldKind::Table {
                vec![Block::Table(table(def, path::get(doc, def.path).unwrap_or(&Value::Null)))]
            } else {
                section_blocks(doc, def.path)
            },
        })
        .collect();
    Paper { title, sections }
}

/// `text` as HTML or XML character data or attribute value: markup characters escaped, and
/// the control characters XML 1.0 does not allow at all dropped (HTML shows none of them), so
/// that no value can break the markup it is written into. For markup the app writes itself:
/// the papers, the key registration sheet, a package's documents on the desk.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Which signed package a paper is, for its footer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signed {
    /// Hex SHA-256 of the package's payload (`package::payload_digest`).
    pub package_sha256: String,
    /// The person who signed.
    pub signer: String,
    /// The signing key's SM3 fingerprint, grouped for reading aloud.
    pub fingerprint: String,
}

/// The line at the foot of every page: the signed package the paper is, or that it is a draft,
/// so that a paper is never taken for what it is not.
pub fn footer(signed: Option<&Signed>) -> String {
    match signed {
        Some(f) => format!("申报包摘要 SHA-256 {} · 签名人 {} · 公钥指纹 {}", f.package_sha256, f.signer, f.fingerprint),
        None => "未签名草稿 · 以签名申报包为准".to_string(),
    }
}

/// The footer of a signed package's papers: its payload's digest (`package::payload_digest`),
/// with its signer and first key when the signature holds; when it does not, says so and
/// names no one, so that a forged package's paper never carries a signer's name.
pub fn package_footer(payload_sha256: &str, signature_holds: bool, payload: &crate::package::Payload) -> String {
    if !signature_holds {
        return format!("申报包摘要 SHA-256 {payload_sha256} · 签名不成立，内容未经证实");
    }
    let fingerprint = payload.signer.keys.first().map(|k| crate::crypto::group_hex(&k.fingerprint)).unwrap_or_default();
    footer(Some(&Signed { package_sha256: payload_sha256.to_string(), signer: payload.signer.person.clone(), fingerprint }))
}

/// The section that closes the papers: what the documents were checked against and found —
/// every error and warning, each with its source and the department's 说明 (a 说明 is part of
/// what is submitted, and a reader of the paper must see it beside the warning it answers).
pub fn findings_section(doc: &Value, report: &crate::Report) -> Section {
    use crate::pack::Severity;
    let explained = |f: &crate::Finding| -> Option<String> {
        doc.get("justifications")?.as_array()?.iter().find_map(|j| {
            let fields: Vec<&str> = j.get("fields")?.as_array()?.iter().filter_map(Value::as_str).collect();
            let text = j.get("text")?.as_str()?.trim();
            (j.get("rule")?.as_str()? == f.rule && fields == f.fields && !text.is_empty()).then(|| text.to_string())
        })
    };
    let p = &report.pack;
    let n = report.summary;
    let mut blocks = vec![
        Block::Field { label: "检查依据", value: format!("{}《{}》（规则包 {} v{}）", p.city, p.title, p.id, p.version) },
        Block::Field { label: "检查结果", value: format!("错误 {} 项，警告 {} 项，提示 {} 项", n.errors, n.warnings, n.infos) },
    ];
    let rows: Vec<Vec<String>> = report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .enumerate()
        .map(|(i, f)| vec![(i + 1).to_string(), f.severity.label().to_string(), f.message.clone(), f.citation(), explained(f).unwrap_or_else(|| BLANK.into())])
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(Table { caption: "错误和警告", columns: vec!["序号", "级别", "问题", "依据", "说明"], rows }));
    }
    Section { heading: "附：规则检查结果与说明".into(), blocks }
}

/// [`papers`], the last closed by [`findings_section`] when there is a report to show.
pub fn papers_checked(doc: &Value, report: Option<&crate::Report>) -> Vec<Paper> {
    let mut out = papers(doc);
    if let (Some(report), Some(last)) = (report, out.last_mut()) {
        last.sections.push(findings_section(doc, report));
    }
    out
}

/// The documents a submission (its JSON, as the editor holds it or a package carries it)
/// holds, as papers: the project application first, then the service plan.
pub fn papers(doc: &Value) -> Vec<Paper> {
    let name = |p: &str| path::get(doc, p).and_then(Value::as_str).unwrap_or("").trim().to_string();
    let has = |k: &str| doc.get(k).is_some_and(|v| !v.is_null());
    let mut out = Vec::new();
    if has("project") {
        // "…建设项目" + "申报书", not "…建设项目项目申报书".
        let name = name("project.basic.name");
        let title = if name.ends_with("项目") { format!("{name}申报书") } else { format!("{name}项目申报书") };
        out.push(paper(doc, "project", title));
    }
    if has("service_plan") {
        out.push(paper(doc, "service_plan", format!("{}服务需求方案", name("service_plan.project_name"))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let text = std::fs::read_to_string(format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_project_reads_as_its_numbered_sections_with_values_as_people_read_them() {
        let doc = fixture("bazhong/project.json");
        let papers = papers(&doc);
        assert_eq!(papers.len(), 1);
        let p = &papers[0];
        let name = doc.pointer("/project/basic/name").and_then(Value::as_str).unwrap();
        assert_eq!(p.title, format!("{}申报书", name.trim()), "a name ending in 项目 is not followed by 项目 again");
        assert!(p.sections[0].heading.starts_with("一、"), "{:?}", p.sections[0].heading);
        let headings: Vec<&str> = p.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings.len(), FIELDS.iter().filter(|f| f.path.starts_with("project.") && f.path.matches('.').count() == 1).count());
        // An amount reads in 万元, as on the form.
        let investment = p.sections.iter().flat_map(|s| &s.blocks).find_map(|b| match b {
            Block::Field { label: "总投资", value } => Some(value.clone()),
            _ => None,
        });
        assert!(investment.as_deref().is_some_and(|v| v.ends_with("万元")), "{investment:?}");
        // Every budget line is a row, numbered, with a cell per column.
        let lines = doc.pointer("/project/cost_estimate/items").and_then(Value::as_array).unwrap().len();
        let budget = p.sections.iter().flat_map(|s| &s.blocks).find_map(|b| match b {
            Block::Table(t) if t.caption == crate::fields::field("project.cost_estimate.items").unwrap().label => Some(t),
            _ => None,
        });
        let budget = budget.expect("the budget table");
        assert_eq!(budget.rows.len(), lines);
        assert_eq!(budget.columns[0], "序号");
        assert!(budget.rows.iter().enumerate().all(|(i, r)| r.len() == budget.columns.len() && r[0] == (i + 1).to_string()));
    }

    #[test]
    fn the_papers_close_with_the_check_its_errors_and_warnings_and_their_explanations() {
        let mut doc = fixture("bazhong/project.json");
        // A budget line of servers: a warning of 巴中's rules, then explained.
        crate::model::path::set(&mut doc, "project.cost_estimate.items[3].category", Value::from("server"));
        let pack = crate::pack::builtin::pack("bazhong").unwrap();
        let report = crate::check(pack, &crate::Submission::from_value(doc.clone()).unwrap());
        let warning = report.findings.iter().find(|f| f.severity == crate::Severity::Warning).expect("a warning").clone();
        let section = |doc: &Value| papers_checked(doc, Some(&report)).pop().unwrap().sections.pop().unwrap();
        let table = |s: &Section| s.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).expect("the findings' table");
        let s = section(&doc);
        assert_eq!(s.heading, "附：规则检查结果与说明");
        assert!(matches!(&s.blocks[0], Block::Field { label: "检查依据", value } if value.contains("bazhong")));
        let row = table(&s).rows.into_iter().find(|r| r[2] == warning.message).expect("the warning's row");
        assert_eq!(row[1..], ["警告".to_string(), warning.message.clone(), warning.citation(), BLANK.to_string()]);

        doc["justifications"] = serde_json::json!([{ "rule": warning.rule, "fields": warning.fields, "text": "  既有机房设备替换，确有必要。 " }]);
        let row = table(&section(&doc)).rows.into_iter().find(|r| r[2] == warning.message).unwrap();
        assert_eq!(row[4], "既有机房设备替换，确有必要。");
        // Information is not listed; without a report nothing is added.
        assert!(table(&section(&doc)).rows.iter().all(|r| r[1] != "提示"));
        assert_eq!(papers_checked(&doc, None), papers(&doc));
    }

    #[test]
    fn markup_characters_are_escaped_and_controls_dropped() {
        assert_eq!(escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
        assert_eq!(escape("x\u{0}\u{1b}y\tz\n中"), "xy\tz\n中");
    }

    #[test]
    fn both_documents_in_order_and_blanks_read_as_a_dash() {
        let doc = serde_json::json!({ "project": { "basic": { "name": " 智慧停车 " } }, "service_plan": {} });
        let papers = papers(&doc);
        assert_eq!(papers.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["智慧停车项目申报书", "服务需求方案"]);
        assert_eq!(papers[1].sections.len(), 1);
        assert_eq!(papers[1].sections[0].heading, "一、服务需求方案");
        let blank = papers[0].sections.iter().flat_map(|s| &s.blocks).find_map(|b| match b {
            Block::Field { label: "总投资", value } => Some(value.as_str()),
            _ => None,
        });
        assert_eq!(blank, Some(BLANK));
        let field = |label: &str| {
            papers[0].sections.iter().flat_map(|s| &s.blocks).find_map(|b| match b {
                Block::Field { label: l, value } if *l == label => Some(value.clone()),
                _ => None,
            })
        };
        assert_eq!(field("是否涉密").as_deref(), Some("否"), "a box not ticked");
        assert_eq!(field("原项目是否已验收").as_deref(), Some(BLANK), "a question that may stay unanswered");
        assert!(super::papers(&serde_json::json!({ "project": null })).is_empty());
    }
}
