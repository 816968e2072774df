//! The reviewer's desk without the browser: table rows from verifications, status labels,
//! filtering, sorting, the CSV export, and the read-only rendering of documents.

use std::cmp::Ordering;

use serde_json::Value;
use shenbao_core::Finding;
use shenbao_core::fields::{FIELDS, FieldDef, FieldKind};
use shenbao_core::model::Submission;
use shenbao_core::money;
use shenbao_core::package::{Attachment, ProblemCode, Verification};

use crate::strings as s;

/// One line of the results table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Row {
    /// Stable id of the loaded package (not its position).
    pub id: usize,
    pub file: String,
    pub unit: String,
    pub project: String,
    /// 总投资 (or, for a service plan alone, 服务费总额) in 元.
    pub total: Option<u64>,
    pub errors: usize,
    pub warnings: usize,
    pub valid: bool,
    /// Short label of the first problem (empty when valid).
    pub label: String,
    /// Message of the first problem (empty when valid).
    pub reason: String,
    /// How many problems in all.
    pub problems: usize,
    /// Relations to other packages loaded with it: copies, replayed ids, revisions
    /// (`shenbao_core::package::batch`). Filled in by the desk over the whole batch.
    pub notes: Vec<String>,
    /// What it was re-checked against, where not the pack and engine in use: an earlier
    /// version of its pack, another engine that found the same (`Verification::pack_superseded`,
    /// `engine_changed`). Shown under its status, and in the CSV.
    pub basis: Vec<String>,
    /// What the reviewer recorded for this package (处理记录). Filled in by the desk.
    pub mark: Mark,
}

/// Where the reviewer has got with a package (处理状态): in core, as the opinion's paper and
/// `shenbao opinion` name it too.
pub use shenbao_core::paper::opinion::Decision;

/// The reviewer's record of one package: where it stands, a note, and when either was last
/// changed (local time, `YYYY-MM-DD HH:MM`). Kept by the package's content, not its file name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Mark {
    pub decision: Decision,
    pub note: String,
    pub at: String,
}

impl Mark {
    /// Whether it records nothing (what every package starts with).
    pub fn is_empty(&self) -> bool {
        self.decision == Decision::Pending && self.note.trim().is_empty()
    }
}

/// The reviewer's records by package (`state::Item::key`), in the order first made, none
/// empty. A list, not a map: a desk holds hundreds at most, and a map's code cost the desk's
/// part ~8 KB (BENCHMARKS.md, twenty-third round).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(Vec<(String, Mark)>);

impl Marks {
    pub fn get(&self, key: &str) -> Option<&Mark> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, m)| m)
    }

    /// Records `mark` for `key`, in place of any before; an empty one removes the record.
    pub fn set(&mut self, key: &str, mark: Mark) {
        let at = self.0.iter().position(|(k, _)| k == key);
        match (at, mark.is_empty()) {
            (Some(i), true) => {
                self.0.remove(i);
            }
            (Some(i), false) => self.0[i].1 = mark,
            (None, false) => self.0.push((key.to_string(), mark)),
            (None, true) => {}
        }
    }

    /// Adds `mark` for `key` unless a record for it is there already.
    pub fn add(&mut self, key: String, mark: Mark) {
        if self.get(&key).is_none() && !mark.is_empty() {
            self.0.push((key, mark));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, Mark)> {
        self.0.iter()
    }
}

/// Short label of a verification problem, for the 签名状态 column.
pub fn problem_label(code: ProblemCode) -> &'static str {
    match code {
        ProblemCode::MalformedEnvelope => s::PROBLEM_MALFORMED,
        ProblemCode::Encrypted => s::PROBLEM_ENCRYPTED,
        ProblemCode::Unsigned => s::PROBLEM_UNSIGNED,
        ProblemCode::SignatureInvalid => s::PROBLEM_SIGNATURE_INVALID,
        ProblemCode::SignerUnknown => s::PROBLEM_SIGNER_UNKNOWN,
        ProblemCode::SignerRevoked => s::PROBLEM_SIGNER_REVOKED,
        ProblemCode::SignerOutsideValidity => s::PROBLEM_SIGNER_OUTSIDE_VALIDITY,
        ProblemCode::SignerMismatch => s::PROBLEM_SIGNER_MISMATCH,
        ProblemCode::PackUnknown => s::PROBLEM_PACK_UNKNOWN,
        ProblemCode::PackHashMismatch => s::PROBLEM_PACK_HASH_MISMATCH,
        ProblemCode::ReportMismatch => s::PROBLEM_REPORT_MISMATCH,
        ProblemCode::ReportHasErrors => s::PROBLEM_REPORT_HAS_ERRORS,
        ProblemCode::WarningUnexplained => s::PROBLEM_WARNING_UNEXPLAINED,
        ProblemCode::AttachmentMissing => s::PROBLEM_ATTACHMENT_MISSING,
        ProblemCode::AttachmentHashMismatch => s::PROBLEM_ATTACHMENT_HASH_MISMATCH,
    }
}

/// A verification for a file that could not even be read.
pub fn unreadable(message: String) -> Verification {
    Verification::failed(ProblemCode::MalformedEnvelope, message)
}

/// 单位 and 项目 of a submission: the project's, else the service plan's.
pub fn unit_and_project(sub: &Submission) -> (String, String) {
    match (&sub.project, &sub.service_plan) {
        (Some(p), _) => (p.basic.owner_unit.clone(), p.basic.name.clone()),
        (None, Some(sp)) => (sp.owner_unit.clone(), sp.project_name.clone()),
        (None, None) => (String::new(), String::new()),
    }
}

impl Row {
    pub fn of(id: usize, file: &str, v: &Verification) -> Row {
        let (mut unit, mut project, mut total, mut errors, mut warnings) = (String::new(), String::new(), None, 0, 0);
        if let Some(p) = &v.payload {
            (unit, project) = unit_and_project(&p.submission);
            if unit.trim().is_empty() {
                unit = p.signer.department.clone();
            }
            total = match (&p.submission.project, &p.submission.service_plan) {
                (Some(pr), _) => pr.basic.total_investment,
                (None, Some(sp)) => sp.total_fee,
                _ => None,
            };
            errors = p.report.summary.errors;
            warnings = p.report.summary.warnings;
        }
        let first = v.problems.first();
        // Invisible and bidi-control characters are shown as ⟦U+200B⟧ so a reviewer sees that
        // "某某局" and "某某\u{200B}局" are not the same name.
        Row {
            id,
            file: shenbao_core::checks::reveal(file),
            unit: shenbao_core::checks::reveal(&unit),
            project: shenbao_core::checks::reveal(&project),
            total,
            errors,
            warnings,
            valid: v.valid,
            label: first.map(|p| problem_label(p.code).to_string()).unwrap_or_default(),
            reason: first.map(|p| p.message.clone()).unwrap_or_default(),
            problems: v.problems.len(),
            notes: Vec::new(),
            basis: v
                .pack_superseded
                .iter()
                .map(|p| s::REVIEW_BASIS_PACK.replace("{used}", &p.used).replace("{now}", &p.now))
                .chain(v.engine_changed.iter().map(|e| s::REVIEW_BASIS_ENGINE.replace("{used}", &e.used)))
                .collect(),
            mark: Mark::default(),
        }
    }

    /// 总投资 in 万元 for display, e.g. `1,234.5`; empty when not filled.
    pub fn total_wan(&self) -> String {
        self.total.map(|y| money::format_wan(y as i128)).unwrap_or_default()
    }

    /// `有效`, or `无效：<label>`.
    pub fn status_text(&self) -> String {
        if self.valid { s::REVIEW_VALID.to_string() } else { format!("{}：{}", s::REVIEW_INVALID, self.label) }
    }
}

/// Which column the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    File,
    Unit,
    Project,
    Total,
    Findings,
    Status,
    Decision,
}

impl Column {
    pub const ALL: [Column; 7] = [Column::File, Column::Unit, Column::Project, Column::Total, Column::Findings, Column::Status, Column::Decision];

    pub fn label(self) -> &'static str {
        match self {
            Column::File => s::REVIEW_COL_FILE,
            Column::Unit => s::REVIEW_COL_UNIT,
            Column::Project => s::REVIEW_COL_PROJECT,
            Column::Total => s::REVIEW_COL_TOTAL,
            Column::Findings => s::REVIEW_COL_FINDINGS,
            Column::Status => s::REVIEW_COL_STATUS,
            Column::Decision => s::REVIEW_COL_DECISION,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Column::File => "file",
            Column::Unit => "unit",
            Column::Project => "project",
            Column::Total => "total",
            Column::Findings => "findings",
            Column::Status => "status",
            Column::Decision => "decision",
        }
    }
}

/// The status select.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    #[default]
    All,
    Valid,
    Invalid,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 3] = [StatusFilter::All, StatusFilter::Valid, StatusFilter::Invalid];

    pub fn id(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Valid => "valid",
            StatusFilter::Invalid => "invalid",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => s::REVIEW_ALL,
            StatusFilter::Valid => s::REVIEW_VALID,
            StatusFilter::Invalid => s::REVIEW_INVALID,
        }
    }

    pub fn from_id(id: &str) -> StatusFilter {
        Self::ALL.into_iter().find(|f| f.id() == id).unwrap_or_default()
    }
}

/// Sorting: a column and whether ascending.
pub type Sort = Option<(Column, bool)>;

/// Compares Chinese text as people expect (pinyin order, through the browser's collator);
/// byte order where there is no browser.
pub fn collate(a: &str, b: &str) -> Ordering {
    #[cfg(target_arch = "wasm32")]
    {
        let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str("zh-CN"));
        let n = js_sys::JsString::from(a).locale_compare(b, &locales, &js_sys::Object::new());
        n.cmp(&0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        a.cmp(b)
    }
}

fn compare(a: &Row, b: &Row, col: Column) -> Ordering {
    match col {
        Column::File => collate(&a.file, &b.file),
        Column::Unit => collate(&a.unit, &b.unit),
        Column::Project => collate(&a.project, &b.project),
        // Unfilled amounts sort below every amount.
        Column::Total => a.total.map(|t| t as i128).unwrap_or(-1).cmp(&b.total.map(|t| t as i128).unwrap_or(-1)),
        Column::Findings => (a.errors, a.warnings).cmp(&(b.errors, b.warnings)),
        // Valid first (ascending), then by the problem label.
        Column::Status => (!a.valid).cmp(&!b.valid).then_with(|| collate(&a.label, &b.label)),
        // In the order a package goes through: pending first (ascending).
        Column::Decision => a.mark.decision.cmp(&b.mark.decision),
    }
}

/// The rows to show: filtered by text (unit, project, file or the reviewer's note), status and
/// decision (`None`: any), then sorted (stable, so equal rows keep their loading order).
pub fn visible_rows(rows: &[Row], query: &str, status: StatusFilter, decision: Option<Decision>, sort: Sort) -> Vec<Row> {
    // Latin letters match in either case (Chinese has none). ASCII case only: Unicode case
    // mapping would link its conversion tables (tens of KB) into the wasm.
    let q = query.trim().to_ascii_lowercase();
    let mut out: Vec<Row> = rows
        .iter()
        .filter(|r| match status {
            StatusFilter::All => true,
            StatusFilter::Valid => r.valid,
            StatusFilter::Invalid => !r.valid,
        })
        .filter(|r| decision.is_none_or(|d| r.mark.decision == d))
        .filter(|r| q.is_empty() || [&r.unit, &r.project, &r.file, &r.mark.note].iter().any(|t| t.to_ascii_lowercase().contains(&q)))
        .cloned()
        .collect();
    if let Some((col, asc)) = sort {
        shenbao_core::order::sort_by(&mut out, |a, b| {
            let o = compare(a, b, col);
            if asc { o } else { o.reverse() }
        });
    }
    out
}

/// What the CSV says of a package beyond its row: every problem spelled out, and what names
/// the package (its id and its payload's SHA-256, as its papers and the reviewer's opinion name
/// it), empty when its payload cannot be read.
#[derive(Debug, Clone, Default)]
pub struct CsvExtra {
    pub problems: Vec<String>,
    pub package_id: String,
    pub payload_sha256: String,
}

/// The table as CSV records (header first): totals as plain numbers in 万元 so spreadsheets
/// read them as numbers, errors and warnings in their own columns, every problem spelled out,
/// and the package's id and digest, so that a line of the ledger names one package exactly.
pub fn csv_records(rows: &[Row], extra: impl Fn(usize) -> CsvExtra) -> Vec<Vec<String>> {
    let mut out = vec![
        [
            s::REVIEW_COL_FILE,
            s::REVIEW_COL_UNIT,
            s::REVIEW_COL_PROJECT,
            s::REVIEW_COL_TOTAL,
            s::REVIEW_COL_ERRORS,
            s::REVIEW_COL_WARNINGS,
            s::REVIEW_COL_STATUS,
            s::REVIEW_COL_PROBLEMS,
            s::REVIEW_COL_NOTES,
            s::REVIEW_COL_BASIS,
            s::REVIEW_COL_DECISION,
            s::REVIEW_COL_REMARK,
            s::REVIEW_COL_MARKED_AT,
            s::REVIEW_PACKAGE_ID,
            s::REVIEW_COL_PAYLOAD_SHA256,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
    ];
    for r in rows {
        let extra = extra(r.id);
        out.push(vec![
            r.file.clone(),
            r.unit.clone(),
            r.project.clone(),
            r.total_wan().replace(',', ""),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.status_text(),
            extra.problems.join("；"),
            r.notes.join("；"),
            r.basis.join("；"),
            r.mark.decision.label().to_string(),
            r.mark.note.clone(),
            r.mark.at.clone(),
            extra.package_id,
            extra.payload_sha256,
        ]);
    }
    out
}

/// The CSV file of the given rows.
pub fn table_csv(rows: &[Row], extra: impl Fn(usize) -> CsvExtra) -> String {
    super::csv::build(csv_records(rows, extra))
}

/// `已核验 3 个申报包：2 个有效，1 个无效`.
pub fn summary(rows: &[Row]) -> String {
    let ok = rows.iter().filter(|r| r.valid).count();
    s::REVIEW_SUMMARY.replace("{n}", &rows.len().to_string()).replace("{ok}", &ok.to_string()).replace("{bad}", &(rows.len() - ok).to_string())
}

/// The 说明 given for a finding: same rule and same fields.
pub fn justification_for<'a>(sub: &'a Submission, f: &Finding) -> Option<&'a str> {
    sub.justifications.iter().find(|j| j.rule == f.rule && j.fields == f.fields).map(|j| j.text.as_str()).filter(|t| !t.trim().is_empty())
}

/// How an attachment checks out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentState {
    Embedded { ok: bool },
    Supplied { ok: bool },
    Missing,
}

impl AttachmentState {
    pub fn of(a: &Attachment, supplied: Option<&[u8]>) -> AttachmentState {
        match (&a.content_base64, supplied) {
            (Some(b64), _) => AttachmentState::Embedded { ok: shenbao_core::package::dsse::decode(b64).is_some_and(|b| a.matches(&b)) },
            (None, Some(b)) => AttachmentState::Supplied { ok: a.matches(b) },
            (None, None) => AttachmentState::Missing,
        }
    }

    pub fn ok(self) -> bool {
        matches!(self, AttachmentState::Embedded { ok: true } | AttachmentState::Supplied { ok: true })
    }

    pub fn label(self) -> &'static str {
        match self {
            AttachmentState::Embedded { ok: true } => s::REVIEW_ATT_EMBEDDED_OK,
            AttachmentState::Embedded { ok: false } => s::REVIEW_ATT_EMBEDDED_BAD,
            AttachmentState::Supplied { ok: true } => s::REVIEW_ATT_SUPPLIED_OK,
            AttachmentState::Supplied { ok: false } => s::REVIEW_ATT_SUPPLIED_BAD,
            AttachmentState::Missing => s::REVIEW_ATT_MISSING,
        }
    }
}

/// Hex in upper-case groups of four, for reading aloud.
pub use shenbao_core::crypto::group_hex;

// ---- documents, read-only ----

/// One displayed entry of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A single value; `None` when not filled. `long` for narrative text.
    Value { path: String, label: &'static str, value: Option<String>, long: bool },
    /// A table: column labels and the rows' formatted cells.
    Table { path: String, label: &'static str, headers: Vec<&'static str>, rows: Vec<Vec<String>> },
}

/// A part of a document, titled by its group (`基本信息`), or untitled for fields directly
/// under the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: Option<&'static str>,
    pub entries: Vec<Entry>,
}

/// The value at a dotted path (no indices).
fn at<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(root, |v, k| v.get(k))
}

/// The document `doc` (`project` or `service_plan`) of `submission` (its JSON form), in
/// registry order, grouped into sections.
pub fn document_sections(submission: &Value, doc: &str) -> Vec<Section> {
    let prefix = format!("{doc}.");
    let mut sections: Vec<(Option<String>, Section)> = Vec::new();
    for def in FIELDS.iter().filter(|d| d.path.starts_with(&prefix) && !d.path.contains("[]")) {
        let rest = &def.path[prefix.len()..];
        let depth = rest.matches('.').count();
        // The section a field belongs to: its top-level group, or none.
        let group = rest.split_once('.').map(|(g, _)| format!("{prefix}{g}"));
        if def.kind == FieldKind::Group {
            if depth == 0 {
                sections.push((Some(def.path.to_string()), Section { title: Some(def.label), entries: Vec::new() }));
            }
            continue;
        }
        let same = sections.last().is_some_and(|(g, _)| *g == group);
        if !same {
            let title = group.as_deref().and_then(shenbao_core::fields::field).map(|d| d.label);
            sections.push((group.clone(), Section { title, entries: Vec::new() }));
        }
        let value = at(submission, def.path);
        let entry = if def.kind == FieldKind::Table {
            let col_prefix = format!("{}[].", def.path);
            let cols: Vec<&FieldDef> = FIELDS.iter().filter(|c| c.path.starts_with(&col_prefix) && !c.path[col_prefix.len()..].contains("[]")).collect();
            let rows = value
                .and_then(Value::as_array)
                .map(|rows| {
                    rows.iter()
                        .map(|row| {
                            cols.iter()
                                .map(|c| at(row, &c.path[col_prefix.len()..]).and_then(|v| shenbao_core::fields::display(c, v)).unwrap_or_default())
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_default();
            Entry::Table { path: def.path.to_string(), label: def.label, headers: cols.iter().map(|c| c.label).collect(), rows }
        } else {
            Entry::Value {
                path: def.path.to_string(),
                label: def.label,
                value: value.and_then(|v| shenbao_core::fields::display(def, v)),
                long: def.kind == FieldKind::LongText,
            }
        };
        if let Some((_, sec)) = sections.last_mut() {
            sec.entries.push(entry);
        }
    }
    sections.into_iter().map(|(_, s)| s).filter(|s| !s.entries.is_empty()).collect()
}
