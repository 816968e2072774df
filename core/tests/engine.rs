//! Generic engine behaviour: validity of the regulation, format and consistency checks,
//! rule evaluation (per-row findings, messages with values), ordering.

mod common;

use common::*;
use serde_json::{Value, json};
use shenbao_core::{RulePack, Severity, Submission, check};

fn pack(status: &str, from: &str, until: Option<&str>, rules: Value) -> RulePack {
    let mut p = json!({
        "format": "shenbao.pack/1", "id": "testcity", "version": "1", "province": "测试省", "city": "测试市",
        "short_name": "测试", "title": "测试市管理办法", "issuer": "测试市人民政府", "status": status,
        "published": "2025-07-30", "effective_from": from, "source_file": "x.txt",
        "validity_citation": { "article": "第三十九条", "quote": "本办法2025年9月1日起施行，有效期2年。" },
        "rules": rules
    });
    if let Some(u) = until {
        p["effective_until"] = json!(u);
    }
    RulePack::from_json(&p.to_string()).unwrap()
}

fn trivial_rule() -> Value {
    json!([{
        "id": "testcity.1.never", "title": "恒真", "severity": "info", "documents": ["project"],
        "citation": { "article": "第一条", "quote": "恒真的规则" }, "fields": ["project.basic.name"],
        "require": true, "message": "不会出现"
    }])
}

fn clean() -> Value {
    serde_json::from_str(&read(&tests_dir().join("fixtures/bazhong/project.json"))).unwrap()
}

fn run(p: &RulePack, v: &Value) -> shenbao_core::Report {
    check(p, &parse(v, "test submission"))
}

fn rules_of(r: &shenbao_core::Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn validity_window_and_draft_status_warn_with_dates() {
    let p = pack("draft", "2025-09-01", Some("2027-08-31"), trivial_rule());
    let mut v = clean();
    set_path(&mut v, "project.basic.filing_date", json!("2026-09-15"));
    let r = run(&p, &v);
    let draft: Vec<_> = r.findings.iter().filter(|f| f.rule == "testcity.validity.draft").collect();
    assert_eq!(draft.len(), 1);
    assert_eq!(draft[0].severity, Severity::Warning);
    assert!(draft[0].message.contains("征求意见稿") && draft[0].message.contains("2025-09-01 至 2027-08-31"), "{}", draft[0].message);
    assert!(!rules_of(&r).contains(&"testcity.validity.expired"));

    set_path(&mut v, "project.basic.filing_date", json!("2027-09-01"));
    let r = run(&p, &v);
    let f = r.findings.iter().find(|f| f.rule == "testcity.validity.expired").expect("expired warning");
    assert!(f.message.contains("2027-09-01") && f.message.contains("2027-08-31"), "{}", f.message);
    assert_eq!(f.fields, vec!["project.basic.filing_date"]);
    assert_eq!(f.article, "第三十九条");

    set_path(&mut v, "project.basic.filing_date", json!("2025-08-31"));
    let r = run(&p, &v);
    assert!(rules_of(&r).contains(&"testcity.validity.not-yet"));

    let formal = pack("formal", "2025-09-01", Some("2027-08-31"), trivial_rule());
    set_path(&mut v, "project.basic.filing_date", json!("2027-08-31"));
    let r = run(&formal, &v);
    assert!(!rules_of(&r).iter().any(|id| id.contains("validity")), "{:?}", rules_of(&r));
}

#[test]
fn consistency_checks_name_the_numbers() {
    let p = pack("formal", "2020-01-01", None, trivial_rule());
    let mut v = clean();
    set_path(&mut v, "project.cost_estimate.items[2].amount", json!(170000));
    let r = run(&p, &v);
    let line = r.findings.iter().find(|f| f.rule == "consistency.line-amount").unwrap();
    assert_eq!(line.fields, vec!["project.cost_estimate.items[2].amount"]);
    assert!(line.message.contains("第 3 行") && line.message.contains("17 万元") && line.message.contains("18 万元"), "{}", line.message);
    let total = r.findings.iter().find(|f| f.rule == "consistency.cost-total").unwrap();
    assert!(total.message.contains("247 万元") && total.message.contains("248 万元"), "{}", total.message);
    assert_eq!(line.document, "申报通填报规范");
    assert_eq!(line.article, "第六条");

    let mut v = clean();
    set_path(&mut v, "project.basic.funding[0].amount", json!(2000000));
    assert!(rules_of(&run(&p, &v)).contains(&"consistency.funding-total"));

    let mut v = clean();
    set_path(&mut v, "project.basic.construction_kind", json!("upgrade"));
    assert!(rules_of(&run(&p, &v)).contains(&"consistency.upgrade-original"));
    set_path(&mut v, "project.basic.original_accepted", json!(true));
    assert!(!rules_of(&run(&p, &v)).contains(&"consistency.upgrade-original"));

    let mut v = clean();
    set_path(&mut v, "project.basic.joint.is_joint", json!(true));
    assert!(rules_of(&run(&p, &v)).contains(&"consistency.joint-units"));
}

fn service_plan(name: &str, unit: &str, annual: u64, term: u64, total: u64) -> Value {
    json!({
        "project_name": name, "owner_unit": unit, "date": "2026-09-15", "reasons": "理由",
        "items": [{ "name": "服务一", "quantity": 1, "annual_fee": annual / 2 }, { "name": "服务二", "quantity": 1, "annual_fee": annual - annual / 2 }],
        "term_years": term, "annual_fee": annual, "total_fee": total
    })
}

#[test]
fn cross_document_consistency() {
    let p = pack("formal", "2020-01-01", None, trivial_rule());
    let mut v = clean();
    set_path(&mut v, "project.basic.implementation", json!("buy_service"));
    v["service_plan"] = service_plan("巴中市食品安全智慧监管系统建设项目", "巴中市市场监督管理局", 826_666, 3, 2_479_998);
    let r = run(&p, &v);
    let ids = rules_of(&r);
    assert!(ids.contains(&"consistency.cross-amount"), "{ids:?}");
    assert!(!ids.contains(&"consistency.cross-name") && !ids.contains(&"consistency.cross-unit"), "{ids:?}");

    v["service_plan"] = service_plan("别的项目", "别的单位", 1_000_000, 2, 2_480_000);
    let ids_r = run(&p, &v);
    let ids = rules_of(&ids_r);
    assert!(ids.contains(&"consistency.cross-name") && ids.contains(&"consistency.cross-unit"), "{ids:?}");
    assert!(ids.contains(&"consistency.service-total"), "{ids:?}");
    assert!(!ids.contains(&"consistency.cross-amount"), "{ids:?}");

    set_path(&mut v, "service_plan.items[0].annual_fee", json!(1));
    assert!(rules_of(&run(&p, &v)).contains(&"consistency.service-annual"));

    set_path(&mut v, "project.basic.implementation", json!("self_build"));
    let r = run(&p, &v);
    let f = r.findings.iter().find(|f| f.rule == "consistency.cross-implementation").unwrap();
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn format_checks_explain_the_problem() {
    let p = pack("formal", "2020-01-01", None, trivial_rule());
    let mut v = clean();
    set_path(&mut v, "project.basic.credit_code", json!("11511900MB15273601"));
    set_path(&mut v, "project.basic.contact.phone", json!("5261234"));
    set_path(&mut v, "project.basic.contact.email", json!("xxk@"));
    set_path(&mut v, "project.basic.name", json!("  "));
    set_path(&mut v, "project.cost_estimate.items[1].category", Value::Null);
    let r = run(&p, &v);
    let msg = |rule: &str| {
        r.findings.iter().find(|f| f.rule == rule).map(|f| (f.message.clone(), f.fields.clone())).unwrap_or_else(|| panic!("no {rule}: {:?}", rules_of(&r)))
    };
    let (m, f) = msg("format.credit_code");
    assert!(m.contains("校验码错误") && m.contains("应为“X”"), "{m}");
    assert_eq!(f, vec!["project.basic.credit_code"]);
    assert!(msg("format.phone").0.contains("5261234"));
    assert!(msg("format.email").0.contains("xxk@"));
    let required: Vec<_> = r.findings.iter().filter(|f| f.rule == "format.required").collect();
    assert_eq!(required[0].message, "项目名称未填写");
    assert_eq!(required[1].message, "资金估算明细 第 2 行 · 类别未填写");
    assert_eq!(required[1].fields, vec!["project.cost_estimate.items[1].category"]);
    assert!(r.findings.iter().find(|f| f.rule == "format.credit_code").unwrap().document.contains("GB 32100-2015"));
}

#[test]
fn rules_report_every_row_with_values_and_order_is_stable() {
    let rules = json!([
        {
            "id": "testcity.8.hardware", "title": "不得采购服务器", "severity": "error", "documents": ["project"],
            "citation": { "article": "第八条", "quote": "不得单独采购服务器" },
            "for_each": "project.cost_estimate.items", "fields": ["@.category"],
            "require": { "not": { "in": ["@.category", ["server", "storage"]] } },
            "message": "第 {#} 行“{@.name}”类别为{@.category}，金额 {@.amount}（{@.amount|raw} 元）"
        },
        {
            "id": "testcity.9.total", "title": "总投资", "severity": "warning", "documents": ["project"],
            "citation": { "article": "第九条", "quote": "总投资不超过200万元" },
            "fields": ["project.basic.total_investment"],
            "let": { "count": { "count": { "in": "project.cost_estimate.items", "where": { "in": ["@.category", ["server"]] } } } },
            "require": { "le": ["project.basic.total_investment", { "wan": 200 }] },
            "message": "总投资 {project.basic.total_investment}，其中服务器 {count} 行；实施方式：{project.basic.implementation}"
        }
    ]);
    let p = pack("formal", "2020-01-01", None, rules);
    let mut v = clean();
    set_path(&mut v, "project.cost_estimate.items[0].category", json!("server"));
    set_path(&mut v, "project.cost_estimate.items[4].category", json!("storage"));
    let r = run(&p, &v);
    let hw: Vec<_> = r.findings.iter().filter(|f| f.rule == "testcity.8.hardware").collect();
    assert_eq!(hw.len(), 2, "every offending row is reported");
    assert_eq!(hw[0].fields, vec!["project.cost_estimate.items[0].category"]);
    assert_eq!(hw[1].fields, vec!["project.cost_estimate.items[4].category"]);
    assert_eq!(hw[0].message, "第 1 行“食品安全监管业务系统开发”类别为服务器，金额 128 万元（1280000 元）");
    assert_eq!(hw[0].citation(), "测试·第八条");
    let total = r.findings.iter().find(|f| f.rule == "testcity.9.total").unwrap();
    assert_eq!(total.message, "总投资 248 万元，其中服务器 1 行；实施方式：自行建设");
    // Errors before warnings; rows ascending.
    let sev: Vec<_> = r.findings.iter().map(|f| f.severity).collect();
    let mut sorted = sev.clone();
    sorted.sort();
    assert_eq!(sev, sorted);
    assert_eq!(r.summary.errors, 2);
    assert_eq!(r.summary.warnings, 1);
    assert_eq!(r.status_line(), "2 项错误 · 1 项警告");
    // Same input, same report, byte for byte.
    assert_eq!(r.to_json_pretty(), run(&p, &v).to_json_pretty());
}

#[test]
fn unfilled_values_fail_requirements_and_skip_conditions() {
    let rules = json!([{
        "id": "testcity.20.trial", "title": "试运行", "severity": "error", "documents": ["project"],
        "citation": { "article": "第二十条", "quote": "试运行3个月以上" }, "fields": ["project.operations.trial_months"],
        "when": { "gt": ["project.basic.total_investment", 0] },
        "require": { "ge": ["project.operations.trial_months", 3] },
        "message": "试运行期 {project.operations.trial_months} 个月"
    }]);
    let p = pack("formal", "2020-01-01", None, rules);
    let mut v = clean();
    set_path(&mut v, "project.operations.trial_months", Value::Null);
    let r = run(&p, &v);
    let f = r.findings.iter().find(|f| f.rule == "testcity.20.trial").unwrap();
    assert_eq!(f.message, "试运行期未填写");
    set_path(&mut v, "project.basic.total_investment", Value::Null);
    assert!(!rules_of(&run(&p, &v)).contains(&"testcity.20.trial"));
}

#[test]
fn rules_for_absent_documents_do_not_run() {
    let rules = json!([{
        "id": "testcity.18.providers", "title": "多家服务商", "severity": "error", "documents": ["service_plan"],
        "citation": { "article": "第十八条", "quote": "存在多家潜在服务提供商" }, "fields": ["service_plan.providers"],
        "require": { "ge": [{ "count": "service_plan.providers" }, 2] },
        "message": "潜在服务商仅 {service_plan.providers} 家"
    }]);
    let mut v: Value = serde_json::from_str(&pack("formal", "2020-01-01", None, trivial_rule()).source).unwrap();
    v["rules"] = rules;
    let err = RulePack::from_json(&v.to_string()).unwrap_err().to_string();
    // `{service_plan.providers}` is a table: not a value for a message.
    assert!(err.contains("service_plan.providers") && err.contains("表格"), "{err}");

    let rules = json!([{
        "id": "testcity.18.providers", "title": "多家服务商", "severity": "error", "documents": ["service_plan"],
        "citation": { "article": "第十八条", "quote": "存在多家潜在服务提供商" }, "fields": ["service_plan.providers"],
        "let": { "n": { "count": "service_plan.providers" } },
        "require": { "ge": [{ "count": "service_plan.providers" }, 2] },
        "message": "潜在服务商仅 {n} 家"
    }]);
    let p = pack("formal", "2020-01-01", None, rules);
    let r = run(&p, &clean());
    assert!(!rules_of(&r).contains(&"testcity.18.providers"));
    let sub = Submission::from_json(r#"{"format":"shenbao.submission/1","service_plan":{"providers":[{"name":"甲公司"}]}}"#).unwrap();
    let r = check(&p, &sub);
    assert_eq!(r.findings.iter().find(|f| f.rule == "testcity.18.providers").unwrap().message, "潜在服务商仅 1 家");
}

#[test]
fn a_rule_can_require_the_other_document() {
    let rules = json!([{
        "id": "testcity.18.plan", "title": "购买服务须附服务需求方案", "severity": "error", "documents": ["project"],
        "citation": { "article": "第十八条", "quote": "采购服务项目应编报项目服务需求方案" }, "fields": ["project.basic.implementation"],
        "when": { "in": ["project.basic.implementation", ["buy_service"]] },
        "require": { "present": "service_plan" },
        "message": "实施方式为{project.basic.implementation}，但未附服务需求方案"
    }]);
    let p = pack("formal", "2020-01-01", None, rules);
    let mut v = clean();
    set_path(&mut v, "project.basic.implementation", json!("buy_service"));
    let r = run(&p, &v);
    assert_eq!(r.findings.iter().find(|f| f.rule == "testcity.18.plan").unwrap().message, "实施方式为购买服务，但未附服务需求方案");
    v["service_plan"] = json!({ "project_name": "巴中市食品安全智慧监管系统建设项目" });
    assert!(!rules_of(&run(&p, &v)).contains(&"testcity.18.plan"));
}
