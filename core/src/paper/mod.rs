//! The paper: a submission laid out as the documents people print and file — a title, numbered
//! sections, fields with their values as read, long texts, tables — from the field registry.
//! One outline for every way out: the browser's print view (`app/src/print.rs`) and the Word
//! document ([`docx`]), so that both say the same in the same order.

pub mod docx;
pub mod opinion;
pub mod unzip;
pub mod wordtext;
pub mod zip;

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

/// What a submission's papers say of the package they are: the line at the foot of every
/// page and, for a signed package, the record that closes them ([`Seal::package`]). A draft's
/// papers say they are a draft and add nothing, so that a paper is never taken for what it is
/// not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub footer: String,
    /// 「附：申报包信息」, after the check's section.
    pub record: Option<Section>,
}

impl Default for Seal {
    fn default() -> Seal {
        Seal::draft()
    }
}

impl Seal {
    /// An unsigned draft's.
    pub fn draft() -> Seal {
        Seal { footer: "未签名草稿 · 以签名申报包为准".to_string(), record: None }
    }

    /// A package's, from the payload it carries (its head: `Payload::head`) and its digest
    /// (`package::payload_digest`):
    /// the footer names the digest, and its signer and key when the signature holds; when it
    /// does not, says so and names no one, so that a forged package's paper never carries a
    /// signer's name. The record closing the papers lists what a reader of the paper needs to
    /// tie it to the electronic package: its id, when it was signed, by whom, the rule pack,
    /// the version it replaces, and every attached file with its size and SHA-256.
    pub fn package(payload_sha256: &str, signature_holds: bool, payload: crate::package::PayloadHead) -> Seal {
        let key = payload.signer.keys.first().filter(|_| signature_holds);
        let footer = match key {
            Some(k) => {
                format!("申报包摘要 SHA-256 {payload_sha256} · 签名人 {} · 公钥指纹 {}", payload.signer.person, crate::crypto::group_hex(&k.fingerprint))
            }
            None => format!("申报包摘要 SHA-256 {payload_sha256} · 签名不成立，内容未经证实"),
        };
        Seal { footer, record: Some(record(payload_sha256, key, &payload)) }
    }

    /// A draft's, listing the files picked to go with the package it is to be signed as: the
    /// papers of a draft printed for approval before signing show what will be sent with it.
    /// Without files, [`Seal::draft`].
    pub fn draft_with(files: &[crate::package::Attachment]) -> Seal {
        let mut seal = Seal::draft();
        if !files.is_empty() {
            let note = field("说明", "以下文件拟在签名时随申报包报送（未签名，以签名后申报包所载为准）".into());
            seal.record = Some(Section { heading: "附：拟随附文件".into(), blocks: vec![note, files_table(files)] });
        }
        seal
    }
}

/// The time of signing as people there read it: `2026-09-15T08:30:00Z` (as packages are
/// signed) → `2026-09-15 16:30:00（北京时间）`. Anything else (a hand-made package) as written.
/// By hand rather than chrono's `format`, whose format-string machinery cost the web build
/// about 19 KB (`date` says the same of parsing).
pub fn beijing_time(rfc3339: &str) -> String {
    use chrono::{Datelike, Timelike};
    let read = || {
        let (date, time) = rfc3339.strip_suffix('Z')?.split_once('T')?;
        let hms: Vec<u32> =
            time.split(':').map(|n| if n.len() == 2 && n.bytes().all(|c| c.is_ascii_digit()) { n.parse().ok() } else { None }).collect::<Option<_>>()?;
        let [h, m, s] = hms[..] else { return None };
        let utc = crate::date::parse_ymd(date)?.and_hms_opt(h, m, s)?;
        utc.checked_add_signed(chrono::TimeDelta::hours(8))
    };
    match read() {
        Some(t) => format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02}（北京时间）", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second()),
        None => rfc3339.to_string(),
    }
}

/// A field on paper, a blank value read as [`BLANK`].
fn field(label: &'static str, value: String) -> Block {
    Block::Field { label, value: if value.trim().is_empty() { BLANK.into() } else { value } }
}

/// A package as its papers and an opinion on it name it: the department, its id, when it was
/// signed, its payload's digest.
fn package_fields(payload_sha256: &str, payload: &crate::package::PayloadHead) -> Vec<Block> {
    let s = payload.signer;
    let department =
        if s.credit_code.trim().is_empty() { s.department.clone() } else { format!("{}（统一社会信用代码 {}）", s.department, s.credit_code) };
    vec![
        field("申报单位", department),
        field("申报包编号", payload.id.to_string()),
        field("签署时间", beijing_time(payload.created_at)),
        field("申报包摘要（SHA-256）", payload_sha256.to_string()),
    ]
}

/// The version a package replaces, when it says it replaces one.
fn previous_field(payload: &crate::package::PayloadHead) -> Option<Block> {
    payload.previous.map(|prev| field("替代的申报包", format!("{}（摘要 SHA-256 {}）", prev.id, prev.sha256)))
}

/// [`Seal::package`]'s record; `key`: the signing key, when the signature holds.
fn record(payload_sha256: &str, key: Option<&crate::package::SignerKey>, payload: &crate::package::PayloadHead) -> Section {
    let s = payload.signer;
    let p = payload.pack;
    let mut blocks = package_fields(payload_sha256, payload);
    blocks.extend([
        match key {
            // What holds is the signature against the key the package carries; who holds that
            // key is the trust list's to say, which the paper does not know (nor does
            // `shenbao docx`): it says so, lest 成立 be read as "the signer is who they claim".
            Some(k) => field(
                "签名",
                format!(
                    "成立：签名人 {}，算法 {}，公钥指纹 {}（签名人身份以数据局登记的公钥为准）",
                    s.person,
                    k.algorithm.label(),
                    crate::crypto::group_hex(&k.fingerprint)
                ),
            ),
            None => field("签名", "不成立，内容未经证实".into()),
        },
        field("规则包", format!("{}《{}》{} v{}（SHA-256 {}）", p.city, p.title, p.id, p.version, p.sha256)),
    ]);
    blocks.extend(previous_field(payload));
    blocks.push(if payload.attachments.is_empty() { field("随附文件", "无".into()) } else { files_table(payload.attachments) });
    Section { heading: "附：申报包信息".into(), blocks }
}

/// The attached files, each with its kind, size, SHA-256 and whether it travels in the
/// package (embedded) or is sent beside it.
fn files_table(files: &[crate::package::Attachment]) -> Block {
    let rows = files
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let embedded = if a.content_base64.is_some() { "是" } else { "否（另行提交）" };
            vec![
                (i + 1).to_string(),
                a.name.clone(),
                crate::package::listed::kind_label(&a.kind).to_string(),
                a.size.to_string(),
                a.sha256.clone(),
                embedded.into(),
            ]
        })
        .collect();
    Block::Table(Table { caption: "随附文件", columns: vec!["序号", "文件名", "种类", "大小（字节）", "SHA-256", "随包"], rows })
}

/// The section that closes the papers: what the documents were checked against and found —
/// every error and warning, each with its source and the department's 说明 (a 说明 is part of
/// what is submitted, and a reader of the paper must see it beside the warning it answers),
/// then the information notes.
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
    let (notes, problems): (Vec<&std::sync::Arc<crate::Finding>>, Vec<_>) = report.findings.iter().partition(|f| f.severity == Severity::Info);
    let rows: Vec<Vec<String>> = problems
        .into_iter()
        .enumerate()
        .map(|(i, f)| vec![(i + 1).to_string(), f.severity.label().to_string(), f.message.clone(), f.citation(), explained(f).unwrap_or_else(|| BLANK.into())])
        .collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(Table { caption: "错误和警告", columns: vec!["序号", "级别", "问题", "依据", "说明"], rows }));
    }
    // Information asks nothing of the department (no 说明), but the count above names it, so
    // the paper says what it is.
    let rows: Vec<Vec<String>> = notes.into_iter().enumerate().map(|(i, f)| vec![(i + 1).to_string(), f.message.clone(), f.citation()]).collect();
    if !rows.is_empty() {
        blocks.push(Block::Table(Table { caption: "提示", columns: vec!["序号", "内容", "依据"], rows }));
    }
    Section { heading: "附：规则检查结果与说明".into(), blocks }
}

/// [`papers`], the last closed by [`findings_section`] when there is a report to show, then by
/// the seal's record when it has one: what the print view prints and the Word file holds.
pub fn papers_sealed(doc: &Value, report: Option<&crate::Report>, seal: &Seal) -> Vec<Paper> {
    let mut out = papers(doc);
    if let Some(last) = out.last_mut() {
        last.sections.extend(report.map(|r| findings_section(doc, r)));
        last.sections.extend(seal.record.clone());
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
        let section = |doc: &Value| papers_sealed(doc, Some(&report), &Seal::draft()).pop().unwrap().sections.pop().unwrap();
        let table = |s: &Section| s.blocks.iter().find_map(|b| if let Block::Table(t) = b { Some(t.clone()) } else { None }).expect("the findings' table");
        let s = section(&doc);
        assert_eq!(s.heading, "附：规则检查结果与说明");
        assert!(matches!(&s.blocks[0], Block::Field { label: "检查依据", value } if value.contains("bazhong")));
        let row = table(&s).rows.into_iter().find(|r| r[2] == warning.message).expect("the warning's row");
        assert_eq!(row[1..], ["警告".to_string(), warning.message.clone(), warning.citation(), BLANK.to_string()]);

        doc["justifications"] = serde_json::json!([{ "rule": warning.rule, "fields": warning.fields, "text": "  既有机房设备替换，确有必要。 " }]);
        let row = table(&section(&doc)).rows.into_iter().find(|r| r[2] == warning.message).unwrap();
        assert_eq!(row[4], "既有机房设备替换，确有必要。");
        assert!(table(&section(&doc)).rows.iter().all(|r| r[1] != "提示"), "information is not among errors and warnings");
        // Without a report or a package nothing is added.
        assert_eq!(papers_sealed(&doc, None, &Seal::draft()), papers(&doc));
    }

    #[test]
    fn information_counted_is_information_listed() {
        let doc = fixture("wuhai/project.json");
        let pack = crate::pack::builtin::pack("wuhai").unwrap();
        let report = crate::check(pack, &crate::Submission::from_value(doc.clone()).unwrap());
        assert!(report.summary.infos > 0, "乌海's rules note something about this project");
        let s = findings_section(&doc, &report);
        let tables: Vec<&Table> = s.blocks.iter().filter_map(|b| if let Block::Table(t) = b { Some(t) } else { None }).collect();
        let notes = tables.iter().find(|t| t.caption == "提示").expect("the notes' table");
        let expected: Vec<Vec<String>> = report
            .findings
            .iter()
            .filter(|f| f.severity == crate::Severity::Info)
            .enumerate()
            .map(|(i, f)| vec![(i + 1).to_string(), f.message.clone(), f.citation()])
            .collect();
        assert_eq!(notes.rows, expected);
        assert_eq!(notes.rows.len(), report.summary.infos);
    }

    fn signed_payload(attachments: Vec<crate::package::Attachment>, previous: Option<crate::package::PreviousVersion>) -> crate::package::Payload {
        use crate::crypto::{Algorithm, PrivateKey};
        let key = PrivateKey::generate_from_seed(Algorithm::Sm2, &[7u8; 32]).unwrap();
        let (_, payload) = crate::package::sign(crate::package::SignRequest {
            submission: crate::Submission::from_value(fixture("bazhong/project.json")).unwrap(),
            pack: crate::pack::builtin::pack("bazhong").unwrap(),
            signer: crate::package::SignerIdentity {
                department: "巴中市自然资源和规划局".into(),
                credit_code: "11511900MB1A08217D".into(),
                person: "杨静".into(),
            },
            keys: vec![&key],
            attachments,
            previous,
            created_at: "2026-09-15T16:30:00Z".into(),
            random_id: [9u8; 16],
        })
        .unwrap();
        payload
    }

    fn fields(s: &Section) -> Vec<(&str, &str)> {
        s.blocks.iter().filter_map(|b| if let Block::Field { label, value } = b { Some((*label, value.as_str())) } else { None }).collect()
    }

    #[test]
    fn a_packages_papers_close_with_its_record_and_every_file_with_its_digest() {
        use crate::package::{Attachment, PreviousVersion};
        let files = vec![
            Attachment::from_bytes("可研报告.pdf", "feasibility_study", b"%PDF-1.7 ...", true),
            Attachment::from_bytes("图纸.dwg", "other", &[0u8; 3000], false),
        ];
        let previous = PreviousVersion::of("6f1c0d6e-1b7a-4c56-9d0e-3f2a1b4c5d6e", b"{}");
        let payload = signed_payload(files.clone(), Some(previous.clone()));
        let key = payload.signer.keys[0].fingerprint.clone();
        let seal = Seal::package("ab12", true, payload.head());
        assert_eq!(seal.footer, format!("申报包摘要 SHA-256 ab12 · 签名人 杨静 · 公钥指纹 {}", crate::crypto::group_hex(&key)));
        let doc = serde_json::to_value(&payload.submission).unwrap();
        let papers = papers_sealed(&doc, Some(&payload.report), &seal);
        let last = papers.last().unwrap().sections.iter().rev().take(2).map(|s| s.heading.as_str()).collect::<Vec<_>>();
        assert_eq!(last, ["附：申报包信息", "附：规则检查结果与说明"], "the record closes the papers, after the check");
        let record = seal.record.as_ref().unwrap();
        let f = fields(record);
        assert!(f.contains(&("申报包编号", payload.id.as_str())));
        assert!(f.contains(&("签署时间", "2026-09-16 00:30:00（北京时间）")), "UTC read in Beijing time: {f:?}");
        assert!(f.contains(&("申报包摘要（SHA-256）", "ab12")));
        assert!(f.contains(&("申报单位", "巴中市自然资源和规划局（统一社会信用代码 11511900MB1A08217D）")));
        let signature = format!("成立：签名人 杨静，算法 SM2（国密），公钥指纹 {}（签名人身份以数据局登记的公钥为准）", crate::crypto::group_hex(&key));
        assert!(f.contains(&("签名", signature.as_str())), "{f:?}");
        assert!(f.iter().any(|(l, v)| *l == "规则包" && v.contains("bazhong") && v.contains(&payload.pack.sha256)));
        let replaces = format!("{}（摘要 SHA-256 {}）", previous.id, previous.sha256);
        assert!(f.contains(&("替代的申报包", replaces.as_str())));
        let Some(Block::Table(t)) = record.blocks.last() else { panic!("the files' table") };
        assert_eq!(t.columns, ["序号", "文件名", "种类", "大小（字节）", "SHA-256", "随包"]);
        assert_eq!(t.rows[0], ["1", "可研报告.pdf", "可行性研究报告", "12", &files[0].sha256, "是"]);
        assert_eq!(
            t.rows[1][1..],
            ["图纸.dwg".to_string(), crate::package::listed::kind_label("other").into(), "3000".into(), files[1].sha256.clone(), "否（另行提交）".into()]
        );

        // A package whose signature does not hold: no one named, on the foot or in the record.
        let forged = Seal::package("ab12", false, payload.head());
        assert_eq!(forged.footer, "申报包摘要 SHA-256 ab12 · 签名不成立，内容未经证实");
        let record = forged.record.unwrap();
        assert!(fields(&record).contains(&("签名", "不成立，内容未经证实")));
        assert!(!format!("{record:?}").contains("杨静"), "{record:?}");

        // A draft's papers list the files picked for signing, bytes or not, and name no package.
        assert_eq!(Seal::draft_with(&[]), Seal::draft());
        let described: Vec<Attachment> = files.iter().map(Attachment::described).collect();
        assert_eq!(described[0].content_base64.as_deref(), Some(""), "no bytes copied");
        let draft = Seal::draft_with(&described);
        assert_eq!(draft.footer, Seal::draft().footer);
        let listed = draft.record.unwrap();
        assert_eq!(listed.heading, "附：拟随附文件");
        let Some(Block::Table(d)) = listed.blocks.last() else { panic!("the files' table") };
        assert_eq!(d.rows, t.rows, "the files as the package will record them");
        assert!(!format!("{listed:?}").contains(&payload.id));

        // No files, no earlier version.
        let plain = Seal::package("ab12", true, signed_payload(vec![], None).head()).record.unwrap();
        assert!(fields(&plain).contains(&("随附文件", "无")));
        assert!(!fields(&plain).iter().any(|(l, _)| *l == "替代的申报包"));
        assert_eq!(beijing_time("2026-12-31T20:05:09Z"), "2027-01-01 04:05:09（北京时间）");
        for written in ["昨天", "2026-09-15T08:30:00+08:00", "2026-09-15T8:30:00Z", "2026-09-15T+8:30:00Z", "2026-02-30T08:30:00Z", "2026-09-15T24:00:00Z"] {
            assert_eq!(beijing_time(written), written, "shown as written");
        }
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
