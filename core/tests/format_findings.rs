//! The format findings (required fields, lengths, ranges, credit code, phone, e-mail,
//! invisible and look-alike characters) of every fixture and of a set of deliberately broken
//! submissions, compared with `format_findings.expected`: their paths, rules, messages,
//! severities, citations and order are what a person sees, and a change to how the checks
//! are made must not change them. After an intended change to the findings, write the file
//! again with `UPDATE_EXPECTED=1 cargo test -p shenbao-core --test format_findings` and
//! review its diff.
//!
//! Each broken submission is also checked by the editor's incremental checker (`LiveCheck`,
//! told the path written, as the editor does), one edit after another on the same checker,
//! so that its per-section and per-row format findings are held to the full check's.

use serde_json::{Value, json};
use shenbao_core::engine::live::LiveCheck;
use shenbao_core::model::path;
use shenbao_core::pack::builtin;
use shenbao_core::{Submission, check};

mod common;
use common::{read, tests_dir};

const EXPECTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/format_findings.expected");

/// The format findings of a report, one JSON line each, in report order.
fn format_lines(report: &shenbao_core::Report) -> Vec<String> {
    report.findings.iter().filter(|f| f.rule.starts_with("format.")).map(|f| serde_json::to_string(&**f).unwrap()).collect()
}

/// `n` times `s`.
fn text(s: &str, n: usize) -> Value {
    json!(s.repeat(n))
}

/// The table at `table` in `base` with `row` appended.
fn appended(base: &Value, table: &str, row: Value) -> Value {
    let mut rows = path::get(base, table).and_then(Value::as_array).cloned().unwrap_or_else(|| panic!("{table} is not a table"));
    rows.push(row);
    Value::Array(rows)
}

/// Edits of the combined 巴中 fixture, each making (or, at a limit, not making) a format
/// finding: every checked field of both documents and a row of every table.
fn edits(base: &Value) -> Vec<(String, Value)> {
    let mut e: Vec<(&str, Value)> = vec![
        // 基本信息
        ("project.basic.name", json!("")),
        ("project.basic.name", json!("   ")),
        ("project.basic.name", text(" ", 101)),
        ("project.basic.name", text("字", 100)),
        ("project.basic.name", text("字", 101)),
        ("project.basic.name", json!("巴中\u{200B}市\u{202E}数据\u{FEFF}平台")),
        ("project.basic.name", json!("巴中市Сloud平台")),
        ("project.basic.owner_unit", json!("")),
        ("project.basic.owner_unit", text("a", 101)),
        ("project.basic.owner_unit", json!("巴中市大数据中心\u{00AD}")),
        ("project.basic.owner_unit", json!("巴中市АІ中心\u{200D}")),
        ("project.basic.credit_code", json!("")),
        ("project.basic.credit_code", json!("  ")),
        ("project.basic.credit_code", json!("123")),
        ("project.basic.credit_code", json!("91350100M000100YI3")),
        ("project.basic.credit_code", json!("91350100M000100Y44")),
        ("project.basic.credit_code", json!("91350100m000100y43")),
        ("project.basic.leader.name", json!("")),
        ("project.basic.leader.name", text("字", 41)),
        ("project.basic.leader.title", json!(" ")),
        ("project.basic.leader.title", text("字", 40)),
        ("project.basic.leader.title", text("字", 41)),
        ("project.basic.contact.name", json!("")),
        ("project.basic.contact.name", text("x", 41)),
        ("project.basic.contact.phone", json!("")),
        ("project.basic.contact.phone", json!("   ")),
        ("project.basic.contact.phone", json!("12345")),
        ("project.basic.contact.phone", json!("0827-5261234")),
        ("project.basic.contact.phone", json!("138\u{200B}00000000")),
        ("project.basic.contact.email", json!("")),
        ("project.basic.contact.email", json!("bad@")),
        ("project.basic.contact.email", json!("张三@b.cn")),
        ("project.basic.plan_year", Value::Null),
        ("project.basic.plan_year", json!(1999)),
        ("project.basic.plan_year", json!(2000)),
        ("project.basic.plan_year", json!(2101)),
        ("project.basic.plan_year", json!(-5)),
        ("project.basic.filing_date", Value::Null),
        ("project.basic.admin_level", Value::Null),
        ("project.basic.category", Value::Null),
        ("project.basic.construction_kind", Value::Null),
        ("project.basic.implementation", Value::Null),
        ("project.basic.joint.lead_unit", text("字", 101)),
        ("project.basic.joint.lead_unit", json!("巴中\u{2060}市")),
        ("project.basic.joint.partner_units", json!(["巴中\u{200B}市", "Сloud局", "巴中市数据局", "\u{202E}局\u{202C}"])),
        ("project.basic.funding[0].source", Value::Null),
        ("project.basic.funding[0].amount", Value::Null),
        ("project.basic.total_investment", Value::Null),
        ("project.basic.period_months", Value::Null),
        ("project.basic.period_months", json!(0)),
        ("project.basic.period_months", json!(120)),
        ("project.basic.period_months", json!(121)),
        ("project.basic.new_projects_filed", Value::Null),
        ("project.basic.new_projects_filed", json!(100)),
        ("project.basic.performance_goals", text("字", 20001)),
        ("project.basic.performance_goals", json!("目标\u{200B}")),
        // 需求方案
        ("project.requirement_plan.basis", text("字", 20000)),
        ("project.requirement_plan.basis", text("字", 20001)),
        ("project.requirement_plan.current_state", text("字", 20001)),
        ("project.requirement_plan.problems", text("字", 20001)),
        ("project.requirement_plan.needs_analysis", text("字", 20001)),
        ("project.requirement_plan.approach", text("字", 20001)),
        ("project.requirement_plan.work_plan", text("字", 20001)),
        ("project.requirement_plan.scope", text("字", 20001)),
        ("project.requirement_plan.cybersecurity", text("字", 20001)),
        ("project.requirement_plan.operations", text("字", 20001)),
        ("project.requirement_plan.cost_summary", text("字", 20001)),
        // 资金估算明细
        ("project.cost_estimate.items[0].name", json!("")),
        ("project.cost_estimate.items[1].name", text("字", 101)),
        ("project.cost_estimate.items[2].name", json!("服务器\u{200B}")),
        ("project.cost_estimate.items[3].name", json!("Сервер")),
        ("project.cost_estimate.items[0].category", Value::Null),
        ("project.cost_estimate.items[1].quantity", Value::Null),
        ("project.cost_estimate.items[2].unit_price", Value::Null),
        ("project.cost_estimate.items[3].amount", Value::Null),
        ("project.cost_estimate.items[3].unit", json!("套\u{200B}")),
        // 部署、安全、运维
        ("project.deployment.location", Value::Null),
        ("project.deployment.location_note", json!("机房\u{200B}")),
        ("project.security.crypto_plan", text("字", 5001)),
        ("project.security.secure_reliable_statement", text("字", 5001)),
        ("project.operations.om_years", json!(21)),
        ("project.operations.om_years", json!(20)),
        ("project.operations.trial_months", json!(37)),
        ("project.operations.warranty_years", json!(21)),
        ("project.operations.contractor_qualification", text("字", 2001)),
        // 附件
        ("project.attachments[0].kind", Value::Null),
        ("project.attachments[1].name", json!("")),
        ("project.attachments[2].name", text("字", 201)),
        ("project.attachments[3].name", json!("批复\u{200B}.pdf")),
        // 服务需求方案
        ("service_plan.project_name", json!("")),
        ("service_plan.project_name", text("字", 101)),
        ("service_plan.project_name", json!("Сloud服务")),
        ("service_plan.owner_unit", json!(" ")),
        ("service_plan.owner_unit", json!("巴中\u{200B}市")),
        ("service_plan.date", Value::Null),
        ("service_plan.reasons", text("字", 20001)),
        ("service_plan.items[0].name", json!("")),
        ("service_plan.items[1].name", text("字", 101)),
        ("service_plan.items[1].description", text("字", 2001)),
        ("service_plan.items[2].quantity", Value::Null),
        ("service_plan.items[3].annual_fee", Value::Null),
        ("service_plan.items[3].unit", json!("年\u{FEFF}")),
        ("service_plan.standards.availability_bp", json!(10001)),
        ("service_plan.standards.availability_bp", json!(10000)),
        ("service_plan.standards.other", json!("其他\u{200B}")),
        ("service_plan.term_years", json!(0)),
        ("service_plan.term_years", json!(11)),
        ("service_plan.term_years", Value::Null),
        ("service_plan.providers[0].name", json!("")),
        ("service_plan.providers[1].name", text("字", 101)),
        ("service_plan.providers[2].name", json!("Сloud公司")),
        ("service_plan.providers[0].credit_code", json!("")),
        ("service_plan.providers[1].credit_code", json!("123")),
        ("service_plan.providers[2].credit_code", json!("91350100M000100Y44")),
        ("service_plan.providers[2].note", json!("备注\u{200B}")),
        ("service_plan.security_requirements", text("字", 5001)),
        ("service_plan.ownership_note", text("字", 5001)),
        ("service_plan.performance_goals", text("字", 5001)),
        ("service_plan.acceptance_method", text("字", 5001)),
    ];
    let mut out: Vec<(String, Value)> = e.drain(..).map(|(p, v)| (p.to_string(), v)).collect();
    // Rows added empty, in every table.
    for table in ["project.basic.funding", "project.cost_estimate.items", "project.attachments", "service_plan.items", "service_plan.providers"] {
        out.push((table.to_string(), appended(base, table, json!({}))));
    }
    out
}

/// The findings of every fixture and every broken submission, as the expected file has them.
fn findings() -> String {
    let mut out = String::new();
    let mut section = |name: &str, report: &shenbao_core::Report| {
        out.push_str(&format!("== {name}\n"));
        for line in format_lines(report) {
            out.push_str(&line);
            out.push('\n');
        }
    };

    // Every fixture, with its city's pack (the large project is written for 巴中's).
    let mut dirs: Vec<_> = std::fs::read_dir(tests_dir().join("fixtures")).unwrap().map(|d| d.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs {
        let city = dir.file_name().unwrap().to_string_lossy().to_string();
        let pack = builtin::pack(if city == "large" { "bazhong" } else { &city }).unwrap();
        for file in common::fixtures(&city) {
            let sub = Submission::from_json(&read(&file)).unwrap();
            section(&format!("{city}/{}", file.file_name().unwrap().to_string_lossy()), &check(pack, &sub));
        }
    }

    // Broken submissions: one edit at a time of the combined 巴中 fixture, then all of them
    // together, then empty documents.
    let pack = builtin::pack("bazhong").unwrap();
    let base: Value = serde_json::from_str(&read(&tests_dir().join("fixtures/bazhong/combined.json"))).unwrap();
    let edits = edits(&base);
    let mut live = LiveCheck::new(pack);
    let mut all = LiveCheck::new(pack);
    live.check_doc(&base).unwrap();
    all.check_doc(&base).unwrap();
    let mut together = base.clone();
    for (n, (p, v)) in edits.iter().enumerate() {
        let mut doc = base.clone();
        assert!(path::set(&mut doc, p, v.clone()), "set {p}");
        let sub = Submission::from_value(doc.clone()).unwrap_or_else(|e| panic!("{p}: {e}"));
        let report = check(pack, &sub);
        let written = [p.clone()];
        assert_eq!(live.check_doc_changed(&doc, Some(&written)).unwrap(), report, "edit {n}: {p} (incremental)");
        assert_eq!(live.check_doc_changed(&base, Some(&written)).unwrap(), check(pack, &Submission::from_value(base.clone()).unwrap()), "edit {n}: {p} undone");
        let shown = match v {
            Value::String(s) if s.chars().count() > 30 => format!("{} chars", s.chars().count()),
            Value::Array(rows) if rows.last().is_some_and(|r| r == &json!({})) => format!("{} rows, the last empty", rows.len()),
            _ => v.to_string(),
        };
        section(&format!("edit {n}: {p} = {shown}"), &report);

        assert!(path::set(&mut together, p, v.clone()), "set {p}");
        let sub = Submission::from_value(together.clone()).unwrap();
        assert_eq!(all.check_doc_changed(&together, Some(&written)).unwrap(), check(pack, &sub), "all edits up to {n}: {p} (incremental)");
    }
    section("every edit together", &check(pack, &Submission::from_value(together).unwrap()));

    let format = base["format"].clone();
    for (name, doc) in [
        ("empty project", json!({"format": format, "project": {}})),
        ("empty service plan", json!({"format": format, "service_plan": {}})),
        (
            "empty rows",
            json!({"format": format, "project": {"basic": {"funding": [{}, {}]}, "cost_estimate": {"items": [{}]}, "attachments": [{}]}, "service_plan": {"items": [{}], "providers": [{}]}}),
        ),
    ] {
        let sub = Submission::from_value(doc.clone()).unwrap();
        let report = check(pack, &sub);
        assert_eq!(LiveCheck::new(pack).check_doc(&doc).unwrap(), report, "{name} (incremental)");
        section(name, &report);
    }
    out
}

#[test]
fn format_findings_are_as_expected() {
    let got = findings();
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(EXPECTED, &got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(EXPECTED).unwrap_or_default();
    if got != expected {
        // The first differing line, rather than two files' worth of assert output.
        let (n, (g, e)) = got.lines().zip(expected.lines()).enumerate().find(|(_, (g, e))| g != e).unwrap_or((0, ("", "")));
        panic!(
            "format findings differ from {EXPECTED} ({} lines now, {} expected); first at line {}:\n  now:      {g}\n  expected: {e}",
            got.lines().count(),
            expected.lines().count(),
            n + 1
        );
    }
}
