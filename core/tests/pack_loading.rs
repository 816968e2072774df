//! A malformed pack is rejected at load with a message naming the rule and the problem.

use serde_json::{Value, json};
use shenbao_core::RulePack;

fn meta() -> Value {
    json!({
        "format": "shenbao.pack/1", "id": "testcity", "version": "1", "province": "测试省", "city": "测试市",
        "short_name": "测试", "title": "测试市管理办法", "issuer": "测试市人民政府", "status": "formal",
        "effective_from": "2024-01-01", "source_file": "x.txt",
        "validity_citation": { "article": "第三十条", "quote": "本办法自2024年1月1日起施行" },
        "rules": []
    })
}

fn rule() -> Value {
    json!({
        "id": "testcity.1.total", "title": "总投资上限", "severity": "error", "documents": ["project"],
        "citation": { "article": "第一条", "quote": "总投资不超过300万元" },
        "fields": ["project.basic.total_investment"],
        "require": { "le": ["project.basic.total_investment", { "wan": 300 }] },
        "message": "总投资 {project.basic.total_investment} 超过 300 万元"
    })
}

fn load_with(mutate: impl FnOnce(&mut Value)) -> Result<RulePack, String> {
    let mut pack = meta();
    let mut r = rule();
    mutate(&mut r);
    pack["rules"] = json!([r]);
    RulePack::from_json(&pack.to_string()).map_err(|e| e.to_string())
}

fn rejects(mutate: impl FnOnce(&mut Value), expect: &[&str]) {
    let err = load_with(mutate).expect_err("pack should be rejected");
    for e in expect {
        assert!(err.contains(e), "error {err:?} should mention {e:?}");
    }
}

#[test]
fn a_valid_pack_loads() {
    let p = load_with(|_| {}).unwrap();
    assert_eq!(p.rules.len(), 1);
    assert_eq!(p.meta.city_name(), "测试市");
}

#[test]
fn unknown_field_path() {
    rejects(
        |r| r["require"] = json!({ "le": ["project.basic.totl_investment", 1] }),
        &["testcity.1.total", "require.le[0]", "未知字段路径", "project.basic.totl_investment"],
    );
}

#[test]
fn unknown_operator() {
    rejects(|r| r["require"] = json!({ "less_than": ["project.basic.total_investment", 1] }), &["testcity.1.total", "require", "未知运算符", "less_than"]);
    rejects(|r| r["require"] = json!({ "le": [{ "summ": "x" }, 1] }), &["require.le[0]", "未知运算符", "summ"]);
}

#[test]
fn wrong_types() {
    rejects(|r| r["require"] = json!({ "le": ["project.basic.name", 1] }), &["不能比较", "文本"]);
    rejects(|r| r["require"] = json!({ "true": "project.basic.name" }), &["只能用于是/否字段"]);
    rejects(|r| r["require"] = json!({ "in": ["project.basic.implementation", ["buy"]] }), &["require.in[1][0]", "“buy”不是该字段的选项", "buy_service"]);
    rejects(|r| r["require"] = json!({ "sum": "project.basic.name" }), &["未知运算符"]);
    rejects(|r| r["require"] = json!({ "eq": [{ "sum": "project.cost_estimate.items[].name" }, 1] }), &["sum 需要表格中的数值列"]);
}

#[test]
fn missing_citation() {
    rejects(|r| r["citation"] = json!({ "article": "", "quote": "x" }), &["testcity.1.total", "citation.article"]);
    rejects(|r| r["citation"] = json!({ "article": "第一条", "quote": "" }), &["citation.quote", "原文引述"]);
    rejects(|r| r["citation"] = json!({ "article": "Article 1", "quote": "总投资不超过" }), &["第X条"]);
    rejects(
        |r| {
            r.as_object_mut().unwrap().remove("citation");
        },
        &["testcity.1.total", "缺少必填项", "citation"],
    );
}

#[test]
fn duplicate_id() {
    let mut pack = meta();
    pack["rules"] = json!([rule(), rule()]);
    let err = RulePack::from_json(&pack.to_string()).unwrap_err().to_string();
    assert!(err.contains("testcity.1.total") && err.contains("重复"), "{err}");
}

#[test]
fn other_rule_problems() {
    rejects(|r| r["severity"] = json!("fatal"), &["severity", "取值无效"]);
    rejects(|r| r["documents"] = json!([]), &["documents"]);
    rejects(|r| r["fields"] = json!([]), &["fields 不能为空"]);
    rejects(|r| r["message"] = json!("总投资 {project.basic.nope}"), &["message", "project.basic.nope"]);
    rejects(|r| r["message"] = json!("第 {#} 行"), &["for_each"]);
    rejects(|r| r["require"] = json!({ "le": ["service_plan.total_fee", 1] }), &["documents 没有列出 service_plan"]);
    rejects(|r| r["require"] = json!({ "present": "@.name" }), &["@."]);
    rejects(|r| r["for_each"] = json!("project.basic.name"), &["for_each 应为表格路径"]);
    rejects(|r| r["extra"] = json!(1), &["未知键"]);
    rejects(|r| r["id"] = json!("Bad Id"), &["id"]);
}

#[test]
fn pack_level_problems() {
    let err = RulePack::from_json("{").unwrap_err().to_string();
    assert!(err.contains("不是有效的 JSON"), "{err}");
    let mut p = meta();
    p["format"] = json!("shenbao.pack/9");
    assert!(RulePack::from_json(&p.to_string()).unwrap_err().to_string().contains("不支持的规则包格式"));
    let mut p = meta();
    p["rules"] = json!([rule()]);
    p["effective_until"] = json!("2023-01-01");
    assert!(RulePack::from_json(&p.to_string()).unwrap_err().to_string().contains("早于施行日期"));
    let p = meta();
    assert!(RulePack::from_json(&p.to_string()).unwrap_err().to_string().contains("没有任何规则"));
}

#[test]
fn a_pack_date_is_written_yyyy_mm_dd() {
    for (key, date) in [("effective_from", "2024-1-1"), ("effective_until", " 2030-01-01"), ("published", "2023-02-29")] {
        let mut pack = meta();
        pack[key] = json!(date);
        pack["rules"] = json!([rule()]);
        let err = RulePack::from_json(&pack.to_string()).expect_err(key).to_string();
        assert!(err.contains(key) && err.contains("YYYY-MM-DD") && err.contains(date), "{key}: {err}");
    }
}
