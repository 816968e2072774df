//! What changed between two versions of a submission: the package a department sends back
//! after review against the one it replaces. Used by the reviewer's desk (「与上一版相比」)
//! and by `shenbao diff`.
//!
//! * Fields are compared as people read them ([`fields::display`]): an empty text and a
//!   missing one are the same blank, an amount is compared in the 万元 shown.
//! * A table's rows are aligned by content (a longest common subsequence), so a row inserted
//!   at the top is one row added, not every row below it changed. Rows left between two
//!   aligned rows are paired as one row changed when they share a filled cell, else shown as
//!   removed and added.
//! * A long text's change is shown sentence by sentence, and within a changed sentence as
//!   what lies between the ends it keeps; unchanged stretches are cut to their edges.
//! * Findings and 说明 are matched by rule and fields, with the older version's row numbers
//!   translated through the row alignment first: a row inserted above a warning does not make
//!   it look resolved and raised again.
//!
//! Deterministic: documents in order, fields in registry (form) order, rows in table order.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use crate::fields::{self, FIELDS, FieldDef, FieldKind};
use crate::model::json::Json;
use crate::model::{DocKind, Justification, Submission, path};
use crate::package::{Attachment, Payload};
use crate::report::{Finding, Report};

/// Above this many cells (rows × rows, sentences × sentences) the middle of two lists is not
/// aligned but shown as removed and added: 4 MB of table at most, for 1,000 rows a side.
const LCS_CELLS: usize = 1 << 20;
/// Characters kept on each side of a change in a long text's unchanged stretches.
const CONTEXT: usize = 24;

/// Everything that differs between two versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// Each document in either version, in order, with its edits (none when unchanged).
    pub documents: Vec<DocumentChanges>,
    /// 说明 added, removed or rewritten.
    pub justifications: Vec<JustificationChange>,
    /// Findings the newer version has and the older had not (by rule and fields).
    pub findings_added: Vec<Finding>,
    /// Findings of the older version the newer no longer has.
    pub findings_resolved: Vec<Finding>,
    /// Attached files added, removed or replaced (packages only).
    pub attachments: Vec<AttachmentChange>,
    /// The rule pack, when the two were checked against different ones: older, newer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<(String, String)>,
}

/// One document's changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentChanges {
    pub doc: DocKind,
    pub label: &'static str,
    pub presence: Presence,
    pub edits: Vec<Edit>,
}

/// Whether a document is in both versions or in one only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Both,
    Added,
    Removed,
}

/// One change in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Edit {
    /// A field outside a table, or a cell of a row kept in both, with another value. `path` is
    /// the newer version's; `spans` show a long text's change in place.
    Value {
        path: String,
        label: String,
        before: Option<String>,
        after: Option<String>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        spans: Vec<Span>,
    },
    /// A whole row added to (numbered in the newer version) or removed from (numbered in the
    /// older) a table.
    Row { table: &'static str, label: String, added: bool, cells: Vec<Cell> },
}

/// A filled cell of a row added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub label: &'static str,
    pub value: String,
}

/// A run of a changed long text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Span {
    Same(String),
    Removed(String),
    Added(String),
}

/// A 说明 that differs; `title` names the warning it explains, `fields` its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JustificationChange {
    pub rule: String,
    pub title: String,
    pub fields: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// An attached file that differs, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentChange {
    pub name: String,
    pub kind: String,
    pub change: FileChange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    Added,
    Removed,
    /// Same name, other content.
    Replaced,
}

impl FileChange {
    pub fn label(self) -> &'static str {
        match self {
            FileChange::Added => "新增",
            FileChange::Removed => "删除",
            FileChange::Replaced => "内容已更换",
        }
    }
}

impl Comparison {
    /// Whether the two versions say the same.
    pub fn is_empty(&self) -> bool {
        self.documents.iter().all(|d| d.presence == Presence::Both && d.edits.is_empty())
            && self.justifications.is_empty()
            && self.findings_added.is_empty()
            && self.findings_resolved.is_empty()
            && self.attachments.is_empty()
            && self.pack.is_none()
    }

    /// One line in Chinese: what changed, counted.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "两版内容相同".into();
        }
        let mut parts = Vec::new();
        for d in &self.documents {
            match d.presence {
                Presence::Added => parts.push(format!("新增《{}》", d.label)),
                Presence::Removed => parts.push(format!("删去《{}》", d.label)),
                Presence::Both => {}
            }
        }
        let edits = || self.documents.iter().flat_map(|d| &d.edits);
        let values = edits().filter(|e| matches!(e, Edit::Value { .. })).count();
        let rows = |a: bool| edits().filter(|e| matches!(e, Edit::Row { added, .. } if *added == a)).count();
        let counted = [
            (values, "字段改动 {} 处"),
            (rows(true), "新增 {} 行"),
            (rows(false), "删除 {} 行"),
            (self.justifications.len(), "说明改动 {} 处"),
            (self.findings_added.len(), "新出现问题 {} 项"),
            (self.findings_resolved.len(), "已解决问题 {} 项"),
            (self.attachments.len(), "附件改动 {} 个"),
        ];
        parts.extend(counted.iter().filter(|(n, _)| *n > 0).map(|(n, f)| f.replace("{}", &n.to_string())));
        if self.pack.is_some() {
            parts.push("规则包版本不同".into());
        }
        parts.join("，")
    }

    /// The comparison as plain text, for the command line.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.summary());
        let shown = |v: &Option<String>| v.as_deref().map_or_else(|| "（未填）".to_string(), |t| format!("「{t}」"));
        if let Some((a, b)) = &self.pack {
            let _ = writeln!(out, "\n规则包：{a} → {b}");
        }
        for d in &self.documents {
            match d.presence {
                Presence::Added => {
                    let _ = writeln!(out, "\n《{}》：新增", d.label);
                }
                Presence::Removed => {
                    let _ = writeln!(out, "\n《{}》：删去", d.label);
                }
                Presence::Both if d.edits.is_empty() => {}
                Presence::Both => {
                    let _ = writeln!(out, "\n《{}》", d.label);
                    for e in &d.edits {
                        match e {
                            Edit::Value { label, spans, .. } if !spans.is_empty() => {
                                let text: String = spans
                                    .iter()
                                    .map(|s| match s {
                                        Span::Same(t) => t.clone(),
                                        Span::Removed(t) => format!("[-{t}-]"),
                                        Span::Added(t) => format!("{{+{t}+}}"),
                                    })
                                    .collect();
                                let _ = writeln!(out, "  ~ {label}：{text}");
                            }
                            Edit::Value { label, before, after, .. } => {
                                let _ = writeln!(out, "  ~ {label}：{} → {}", shown(before), shown(after));
                            }
                            Edit::Row { label, added, cells, .. } => {
                                let cells: Vec<String> = cells.iter().map(|c| format!("{} {}", c.label, c.value)).collect();
                                let _ = writeln!(
                                    out,
                                    "  {} {label}（{}）：{}",
                                    if *added { '+' } else { '-' },
                                    if *added { "新增" } else { "删除" },
                                    cells.join("；")
                                );
                            }
                        }
                    }
                }
            }
        }
        if !self.justifications.is_empty() {
            out.push_str("\n说明\n");
            for j in &self.justifications {
                let _ = writeln!(out, "  ~ {}（{}）：{} → {}", j.title, j.fields, shown(&j.before), shown(&j.after));
            }
        }
        for (title, list, mark) in [("新出现的问题", &self.findings_added, '+'), ("已解决的问题", &self.findings_resolved, '-')] {
            if !list.is_empty() {
                let _ = writeln!(out, "\n{title}");
                for f in list {
                    let _ = writeln!(out, "  {mark} [{}] {}（{}）", f.severity.label(), f.message, f.citation());
                }
            }
        }
        if !self.attachments.is_empty() {
            out.push_str("\n附件\n");
            for a in &self.attachments {
                let _ = writeln!(out, "  ~ {}（{}）：{}", a.name, a.kind, a.change.label());
            }
        }
        out
    }
}

/// Two signed packages' payloads: documents, 说明, the findings each was signed with, the
/// attached files and the pack.
pub fn packages(older: &Payload, newer: &Payload) -> Comparison {
    let mut c = submissions(&older.submission, &newer.submission, Some((&older.report, &newer.report)));
    c.attachments = attachments(&older.attachments, &newer.attachments);
    if older.pack.sha256 != newer.pack.sha256 {
        let name = |p: &crate::package::PackDigest| format!("{}《{}》v{}", p.city, p.title, p.version);
        c.pack = Some((name(&older.pack), name(&newer.pack)));
    }
    c
}

/// Two submissions, with the findings of each when given.
pub fn submissions(older: &Submission, newer: &Submission, reports: Option<(&Report, &Report)>) -> Comparison {
    let (a, b) = (older.write(), newer.write());
    let mut rows = RowMap::default();
    let documents = DocKind::ALL
        .into_iter()
        .filter_map(|doc| {
            let presence = match (older.has(doc), newer.has(doc)) {
                (true, true) => Presence::Both,
                (false, true) => Presence::Added,
                (true, false) => Presence::Removed,
                (false, false) => return None,
            };
            let edits = if presence == Presence::Both { document(doc, &a, &b, &mut rows) } else { Vec::new() };
            Some(DocumentChanges { doc, label: doc.label(), presence, edits })
        })
        .collect();
    let (findings_added, findings_resolved) = match reports {
        Some((ra, rb)) => findings(ra, rb, &rows),
        None => (Vec::new(), Vec::new()),
    };
    let justifications = justifications(&older.justifications, &newer.justifications, &rows, reports);
    Comparison { documents, justifications, findings_added, findings_resolved, attachments: Vec::new(), pack: None }
}

/// For each table, where each of the older version's rows went in the newer (`None`: removed).
#[derive(Default)]
struct RowMap(HashMap<&'static str, Vec<Option<usize>>>);

impl RowMap {
    /// An older version's concrete path in the newer version's numbering; `None` when its row
    /// was removed.
    fn translate(&self, p: &str) -> Option<String> {
        let Some(open) = p.find('[') else { return Some(p.to_string()) };
        let close = open + p[open..].find(']')?;
        let i: usize = p[open + 1..close].parse().ok()?;
        let Some(map) = self.0.get(&p[..open]) else { return Some(p.to_string()) };
        let j = (*map.get(i)?)?;
        Some(format!("{}[{j}]{}", &p[..open], &p[close + 1..]))
    }
}

/// The label of a field outside tables: its groups and its own label, below the document
/// (`基本信息 · 项目负责人 · 姓名`).
fn field_label(p: &str) -> String {
    let parts: Vec<&str> = p.split('.').collect();
    (2..=parts.len()).filter_map(|k| fields::field(&parts[..k].join("."))).map(|d| d.label).collect::<Vec<_>>().join(" · ")
}

fn document(doc: DocKind, a: &Value, b: &Value, rows: &mut RowMap) -> Vec<Edit> {
    let prefix = format!("{}.", doc.id());
    let mut edits = Vec::new();
    for def in FIELDS.iter().filter(|d| d.path.starts_with(&prefix) && !d.path.contains("[]")) {
        let (va, vb) = (path::get(a, def.path).unwrap_or(&Value::Null), path::get(b, def.path).unwrap_or(&Value::Null));
        match def.kind {
            FieldKind::Group => {}
            FieldKind::Table => table(def, va, vb, &mut edits, rows),
            _ => {
                let (before, after) = (fields::display(def, va), fields::display(def, vb));
                if before != after {
                    let spans = match (&before, &after) {
                        (Some(x), Some(y)) if def.kind == FieldKind::LongText => text_spans(x, y),
                        _ => Vec::new(),
                    };
                    edits.push(Edit::Value { path: def.path.to_string(), label: field_label(def.path), before, after, spans });
                }
            }
        }
    }
    edits
}

/// The columns of a table, with their keys in a row.
fn columns(table: &str) -> Vec<(&'static str, &'static FieldDef)> {
    FIELDS.iter().filter_map(|c| c.path.strip_prefix(table).and_then(|r| r.strip_prefix("[].")).map(|key| (key, c))).collect()
}

fn table(def: &'static FieldDef, a: &Value, b: &Value, edits: &mut Vec<Edit>, rows: &mut RowMap) {
    let cols = columns(def.path);
    let shown = |v: &Value| -> Vec<Vec<Option<String>>> {
        v.as_array()
            .map(|rs| rs.iter().map(|r| cols.iter().map(|(k, c)| r.get(*k).and_then(|v| fields::display(c, v))).collect()).collect())
            .unwrap_or_default()
    };
    let (ra, rb) = (shown(a), shown(b));
    let mut map = vec![None; ra.len()];
    let row = |added: bool, i: usize, cells: &[Option<String>]| Edit::Row {
        table: def.path,
        label: fields::row_label(def.path, i),
        added,
        cells: cols.iter().zip(cells).filter_map(|((_, c), v)| v.clone().map(|value| Cell { label: c.label, value })).collect(),
    };
    for step in steps(&common(&ra, &rb), ra.len(), rb.len()) {
        match step {
            Step::Same(i, j) => map[i] = Some(j),
            Step::Gap(ga, gb) => {
                let (mut removed, mut added) = (Vec::new(), Vec::new());
                for k in 0..ga.len().max(gb.len()) {
                    match (ga.clone().nth(k), gb.clone().nth(k)) {
                        (Some(i), Some(j)) if ra[i].iter().zip(&rb[j]).any(|(x, y)| x.is_some() && x == y) => {
                            map[i] = Some(j);
                            let moved = if i == j { String::new() } else { format!("（上一版第 {} 行）", i + 1) };
                            for ((key, c), (x, y)) in cols.iter().zip(ra[i].iter().zip(&rb[j])) {
                                if x != y {
                                    edits.push(Edit::Value {
                                        path: format!("{}[{j}].{key}", def.path),
                                        label: format!("{}{moved} · {}", fields::row_label(def.path, j), c.label),
                                        before: x.clone(),
                                        after: y.clone(),
                                        spans: Vec::new(),
                                    });
                                }
                            }
                        }
                        (i, j) => {
                            removed.extend(i.map(|i| row(false, i, &ra[i])));
                            added.extend(j.map(|j| row(true, j, &rb[j])));
                        }
                    }
                }
                edits.append(&mut removed);
                edits.append(&mut added);
            }
        }
    }
    rows.0.insert(def.path, map);
}

/// A step through two aligned lists: an item kept, or the runs between two kept ones.
enum Step {
    Same(usize, usize),
    Gap(std::ops::Range<usize>, std::ops::Range<usize>),
}

fn steps(pairs: &[(usize, usize)], la: usize, lb: usize) -> Vec<Step> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for &(pi, pj) in pairs.iter().chain(std::iter::once(&(la, lb))) {
        if pi > i || pj > j {
            out.push(Step::Gap(i..pi, j..pj));
        }
        if pi < la && pj < lb {
            out.push(Step::Same(pi, pj));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    out
}

/// Pairs of equal items (index in `a`, index in `b`) of a longest common subsequence, in
/// order. The common ends are matched first; the middle by dynamic programming when it is
/// small enough ([`LCS_CELLS`]), else left unmatched (shown as removed and added: longer,
/// never wrong).
fn common<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..].iter().rev().zip(b[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out: Vec<(usize, usize)> = (0..pre).map(|i| (i, i)).collect();
    let (n, m) = (am.len(), bm.len());
    if n > 0 && m > 0 && n.saturating_mul(m) <= LCS_CELLS {
        // len[i * w + j]: the longest common subsequence of am[i..] and bm[j..].
        let w = m + 1;
        let mut len = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                len[i * w + j] = if am[i] == bm[j] { len[(i + 1) * w + j + 1] + 1 } else { len[(i + 1) * w + j].max(len[i * w + j + 1]) };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if am[i] == bm[j] {
                out.push((pre + i, pre + j));
                (i, j) = (i + 1, j + 1);
            } else if len[(i + 1) * w + j] >= len[i * w + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    out.extend((0..suf).map(|k| (a.len() - suf + k, b.len() - suf + k)));
    out
}

/// A text cut after each sentence's end (。！？；, their ASCII forms, a line break).
fn sentences(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in t.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            let end = i + c.len_utf8();
            out.push(&t[start..end]);
            start = end;
        }
    }
    if start < t.len() {
        out.push(&t[start..]);
    }
    out
}

/// How `before` became `after`, as runs kept, removed and added.
fn text_spans(before: &str, after: &str) -> Vec<Span> {
    let (a, b) = (sentences(before), sentences(after));
    let mut spans = Vec::new();
    for step in steps(&common(&a, &b), a.len(), b.len()) {
        match step {
            Step::Same(i, _) => spans.push(Span::Same(a[i].to_string())),
            Step::Gap(ga, gb) => {
                let paired = ga.len().min(gb.len());
                for k in 0..paired {
                    inline(a[ga.start + k], b[gb.start + k], &mut spans);
                }
                spans.extend(ga.skip(paired).map(|i| Span::Removed(a[i].to_string())));
                spans.extend(gb.skip(paired).map(|j| Span::Added(b[j].to_string())));
            }
        }
    }
    trim_context(merge(spans))
}

/// One sentence rewritten: the ends it keeps, and what changed between them.
fn inline(x: &str, y: &str, spans: &mut Vec<Span>) {
    let pre: usize = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).map(|(p, _)| p.len_utf8()).sum();
    let suf: usize = x[pre..].chars().rev().zip(y[pre..].chars().rev()).take_while(|(p, q)| p == q).map(|(p, _)| p.len_utf8()).sum();
    let keep = |t: &str| (!t.is_empty()).then(|| t.to_string());
    spans.extend(keep(&x[..pre]).map(Span::Same));
    spans.extend(keep(&x[pre..x.len() - suf]).map(Span::Removed));
    spans.extend(keep(&y[pre..y.len() - suf]).map(Span::Added));
    spans.extend(keep(&x[x.len() - suf..]).map(Span::Same));
}

/// Adjacent runs of one kind joined.
fn merge(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match (out.last_mut(), s) {
            (Some(Span::Same(t)), Span::Same(u)) | (Some(Span::Removed(t)), Span::Removed(u)) | (Some(Span::Added(t)), Span::Added(u)) => t.push_str(&u),
            (_, s) => out.push(s),
        }
    }
    out
}

/// Long unchanged runs cut to [`CONTEXT`] characters beside each change, with `…` for the cut.
fn trim_context(mut spans: Vec<Span>) -> Vec<Span> {
    let n = spans.len();
    for (k, s) in spans.iter_mut().enumerate() {
        let Span::Same(t) = s else { continue };
        let chars: Vec<char> = t.chars().collect();
        let (head, tail) = (k > 0, k + 1 < n); // a change before it, after it
        let keep = CONTEXT * (usize::from(head) + usize::from(tail));
        if chars.len() <= keep + 1 {
            continue;
        }
        let mut cut = String::new();
        if head {
            cut.extend(&chars[..CONTEXT]);
        }
        cut.push('…');
        if tail {
            cut.extend(&chars[chars.len() - CONTEXT..]);
        }
        *t = cut;
    }
    spans
}

/// A finding's identity across versions: rule and fields.
type Key = (String, Vec<String>);

fn key(rule: &str, fields: &[String]) -> Key {
    (rule.to_string(), fields.to_vec())
}

/// The older key in the newer numbering; `None` when one of its rows was removed.
fn translated(rule: &str, fields: &[String], rows: &RowMap) -> Option<Key> {
    Some((rule.to_string(), fields.iter().map(|p| rows.translate(p)).collect::<Option<Vec<_>>>()?))
}

fn findings(older: &Report, newer: &Report, rows: &RowMap) -> (Vec<Finding>, Vec<Finding>) {
    let old: Vec<Option<Key>> = older.findings.iter().map(|f| translated(&f.rule, &f.fields, rows)).collect();
    let new: Vec<Key> = newer.findings.iter().map(|f| key(&f.rule, &f.fields)).collect();
    let added = newer.findings.iter().zip(&new).filter(|(_, k)| !old.iter().any(|o| o.as_ref() == Some(*k))).map(|(f, _)| (**f).clone()).collect();
    let resolved = older.findings.iter().zip(&old).filter(|(_, k)| k.as_ref().is_none_or(|k| !new.contains(k))).map(|(f, _)| (**f).clone()).collect();
    (added, resolved)
}

fn justifications(older: &[Justification], newer: &[Justification], rows: &RowMap, reports: Option<(&Report, &Report)>) -> Vec<JustificationChange> {
    let text = |j: &Justification| (!j.text.trim().is_empty()).then(|| j.text.clone());
    // The warning a 说明 explains, by its title; the rule id when neither report has it.
    let title = |rule: &str, fields: &[String]| -> String {
        reports
            .into_iter()
            .flat_map(|(a, b)| b.findings.iter().chain(&a.findings))
            .find(|f| f.rule == rule && (f.fields == fields || translated(&f.rule, &f.fields, rows).is_some_and(|k| k.1 == fields)))
            .map_or_else(|| rule.to_string(), |f| f.title.clone())
    };
    let change = |k: &Key, before: Option<String>, after: Option<String>| JustificationChange {
        rule: k.0.clone(),
        title: title(&k.0, &k.1),
        fields: k.1.iter().map(|p| fields::describe_path(p)).collect::<Vec<_>>().join("、"),
        before,
        after,
    };
    let old: Vec<(Option<Key>, &Justification)> = older.iter().map(|j| (translated(&j.rule, &j.fields, rows), j)).collect();
    let mut out = Vec::new();
    for j in newer {
        let k = key(&j.rule, &j.fields);
        let before = old.iter().find(|(o, _)| o.as_ref() == Some(&k)).and_then(|(_, o)| text(o));
        if before != text(j) {
            out.push(change(&k, before, text(j)));
        }
    }
    for (o, j) in &old {
        let gone = o.as_ref().is_none_or(|o| !newer.iter().any(|n| key(&n.rule, &n.fields) == *o));
        if gone && text(j).is_some() {
            out.push(change(&key(&j.rule, &j.fields), text(j), None));
        }
    }
    out
}

/// Attached files by name: removed, replaced (other content or kind), then added.
pub fn attachments(older: &[Attachment], newer: &[Attachment]) -> Vec<AttachmentChange> {
    let kind = |k: &str| fields::field("project.attachments[].kind").and_then(|d| fields::choice_label(d.kind, k)).unwrap_or(k).to_string();
    let change = |a: &Attachment, change| AttachmentChange { name: a.name.clone(), kind: kind(&a.kind), change };
    let mut out = Vec::new();
    for a in older {
        match newer.iter().find(|b| b.name == a.name) {
            None => out.push(change(a, FileChange::Removed)),
            Some(b) if b.sha256 != a.sha256 || b.kind != a.kind => out.push(change(b, FileChange::Replaced)),
            Some(_) => {}
        }
    }
    out.extend(newer.iter().filter(|b| !older.iter().any(|a| a.name == b.name)).map(|b| change(b, FileChange::Added)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| match s {
                Span::Same(t) => t.clone(),
                Span::Removed(t) => format!("[-{t}-]"),
                Span::Added(t) => format!("{{+{t}+}}"),
            })
            .collect()
    }

    #[test]
    fn common_finds_a_longest_common_subsequence() {
        assert_eq!(common(&[1, 2, 3, 4], &[1, 3, 4]), vec![(0, 0), (2, 1), (3, 2)]);
        assert_eq!(common(&[1, 2], &[3, 4]), vec![]);
        assert_eq!(common::<u8>(&[], &[1]), vec![]);
        assert_eq!(common(&[5, 1, 2, 9], &[1, 2, 7, 9]), vec![(1, 0), (2, 1), (3, 3)]);
    }

    #[test]
    fn a_sentence_rewritten_shows_its_change_in_place() {
        let s = text_spans("系统建设周期为六个月。采用云平台部署。", "系统建设周期为八个月。采用云平台部署。");
        assert_eq!(texts(&s), "系统建设周期为[-六-]{+八+}个月。采用云平台部署。");
        let s = text_spans("第一句。第三句。", "第一句。第二句。第三句。");
        assert_eq!(texts(&s), "第一句。{+第二句。+}第三句。");
        let s = text_spans("甲。乙。", "甲。");
        assert_eq!(texts(&s), "甲。[-乙。-]");
    }

    #[test]
    fn long_unchanged_stretches_are_cut_to_their_edges() {
        let long = "一".repeat(100);
        let s = text_spans(&format!("{long}。旧。{long}。"), &format!("{long}。新。{long}。"));
        let t = texts(&s);
        // CONTEXT characters each side, the sentence's end (。) among them.
        assert_eq!(t.chars().filter(|c| *c == '一').count(), 2 * (CONTEXT - 1), "{t}");
        assert!(t.starts_with('…') && t.ends_with('…') && t.contains("[-旧-]{+新+}"), "{t}");
    }

    #[test]
    fn row_paths_follow_the_alignment() {
        let mut rows = RowMap::default();
        rows.0.insert("project.cost_estimate.items", vec![Some(1), None]);
        assert_eq!(rows.translate("project.cost_estimate.items[0].amount").as_deref(), Some("project.cost_estimate.items[1].amount"));
        assert_eq!(rows.translate("project.cost_estimate.items[1].amount"), None);
        assert_eq!(rows.translate("project.basic.name").as_deref(), Some("project.basic.name"));
    }

    #[test]
    fn field_labels_name_their_groups() {
        assert_eq!(field_label("project.basic.name"), "基本信息 · 项目名称");
    }
}
