//! The `shenbao` binary as a user runs it: output, JSON shape and exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shenbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenbao")).args(args).current_dir(root()).output().expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const FIXTURE: &str = "tests/fixtures/bazhong/project.json";

fn temp_with(content: &str) -> tempfile::NamedTempFile {
    let f = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(f.path(), content).unwrap();
    f
}

fn broken_fixture() -> tempfile::NamedTempFile {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(root().join(FIXTURE)).unwrap()).unwrap();
    v["project"]["cost_estimate"]["items"][2]["amount"] = Value::from(170000);
    temp_with(&v.to_string())
}

#[test]
fn packs_lists_the_five_cities() {
    let o = shenbao(&["packs", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["bazhong", "luojiang", "suining", "wuhai", "xianyang"]);
    for p in v.as_array().unwrap() {
        for key in ["id", "city", "title", "status", "effective_from", "effective_until", "rules"] {
            assert!(p.get(key).is_some(), "{key} missing in {p}");
        }
        assert!(p["rules"].as_u64().unwrap() > 5);
        // The earlier versions kept for verifying, never the version in use.
        let earlier = p["superseded"].as_array().unwrap();
        assert!(!earlier.contains(&p["version"]), "{p}");
    }
    assert_eq!(v[0]["superseded"], serde_json::json!(["2022.2.0", "2022.2.1"]), "bazhong keeps the versions it replaced");
    let text = stdout(&shenbao(&["packs"]));
    assert!(text.contains("巴中市") && text.contains("征求意见稿") && text.contains("规则数"), "{text}");
    assert!(text.contains("仅用于复核按旧版签名的申报包：bazhong v2022.2.0"), "{text}");
}

#[test]
fn a_clean_fixture_passes() {
    let o = shenbao(&["check", "--city", "bazhong", FIXTURE]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("依据：巴中市《“智慧巴中”建设项目管理办法》"));
}

#[test]
fn errors_are_grouped_cited_and_exit_1() {
    let f = broken_fixture();
    let path = f.path().to_str().unwrap();
    let o = shenbao(&["check", "--city", "bazhong", path]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("错误（"), "{text}");
    assert!(text.contains("[通用·第六条]") && text.contains("资金估算明细第 3 行"), "{text}");
    assert!(text.contains("字段：资金估算明细 第 3 行 · 金额"), "{text}");

    let o = shenbao(&["check", "--city", "bazhong", "--format", "json", path]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let f0 = &v["findings"][0];
    for key in ["rule", "severity", "city", "article", "clause", "fields", "message"] {
        assert!(f0.get(key).is_some(), "{key} missing in {f0}");
    }
    assert_eq!(f0["severity"], "error");
    assert_eq!(v["files"][0]["passed"], false);
}

#[test]
fn many_files_get_a_summary_table() {
    let f = broken_fixture();
    let o = shenbao(&["check", "--city", "bazhong", FIXTURE, f.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("结论") && text.contains("通过") && text.contains("不通过"), "{text}");
}

#[test]
fn bad_input_is_explained_without_panicking() {
    let cases: &[(&str, &str)] = &[
        ("{\"format\": \"shenbao.submission/1\", \"project\": {\"basic\": {\"total_investment\": \"很多\"}}}", "project.basic.total_investment"),
        ("{\"format\": ", "JSON"),
        ("[1, 2]", "类型不对"),
        ("{\"format\": \"shenbao.submission/1\", \"project\": {\"basic\": {\"nmae\": 1}}}", "未知字段"),
    ];
    for (content, expect) in cases {
        let f = temp_with(content);
        let o = shenbao(&["check", "--city", "bazhong", f.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{content}");
        let err = stderr(&o);
        assert!(err.contains(expect) && !err.contains("panicked"), "{content}: {err}");
    }
    let o = shenbao(&["check", "--city", "atlantis", FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有名为“atlantis”的规则包"));
    let o = shenbao(&["check", "--city", "bazhong", "no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("无法读取"));
    let f = temp_with("\u{feff}");
    std::fs::write(f.path(), [0xff, 0xfe, 0x00]).unwrap();
    let o = shenbao(&["check", "--city", "bazhong", f.path().to_str().unwrap()]);
    assert!(stderr(&o).contains("UTF-8"));
}

#[test]
fn pack_lint_checks_citations_and_coverage_against_the_regulation() {
    const TEXT: &str = "core/regulations/001_14342659012a6c0d.txt";
    const COVERAGE: &str = "core/regulations/bazhong.coverage.json";
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json", "--regulation", TEXT, "--coverage", COVERAGE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("50 条，76 处引文均与原文条款相符") && out.contains("规则引用 24 条，说明不检查 26 条，每一条都有着落"), "{out}");

    // A quotation changed by one word, and one moved to the wrong item, are named.
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(root().join("core/packs/bazhong.json")).unwrap()).unwrap();
    let rules = v["rules"].as_array_mut().unwrap();
    rules[0]["citation"]["quote"] = Value::from(rules[0]["citation"]["quote"].as_str().unwrap().replacen("30", "50", 1));
    let itemised = rules.iter_mut().find(|r| r["citation"]["clause"] == "（一）").unwrap();
    itemised["citation"]["clause"] = Value::from("（五）");
    let item_id = itemised["id"].as_str().unwrap().to_string();
    let misquoted = temp_with(&v.to_string());
    let o = shenbao(&["pack", "lint", misquoted.path().to_str().unwrap(), "--regulation", TEXT]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("2 处与原文不符"), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("bazhong.2.threshold（第二条）：该条原文中找不到引文“投资额度在50万元以上"), "{err}");
    assert!(
        err.contains("原文最接近处：“") && err.contains("投资额度在30万元以上的新建、扩建及升级改造的非涉密信息化项目”"),
        "the passage meant is shown: {err}"
    );
    assert!(err.contains(&format!("{item_id}（")) && err.contains("而不在所注的款项"), "{err}");

    // An article neither cited nor explained, and one explained twice.
    let mut c: Value = serde_json::from_str(&std::fs::read_to_string(root().join(COVERAGE)).unwrap()).unwrap();
    let list = c["not_checked"].as_array_mut().unwrap();
    let dropped = list.remove(0);
    list.push(list[0].clone());
    let gaps = temp_with(&c.to_string());
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json", "--regulation", TEXT, "--coverage", gaps.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("逐条对照：{}：既没有规则引用，也没有说明为何不检查", dropped["article"].as_str().unwrap())), "{err}");
    assert!(err.contains("重复列出"), "{err}");

    // Not a regulation, and a coverage file that does not read: the command cannot run.
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json", "--regulation", "README.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不像是管理办法的正文"), "{}", stderr(&o));
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json", "--regulation", TEXT, "--coverage", "core/packs/bazhong.json"]);
    assert_eq!(o.status.code(), Some(2));
    // Another city's regulation: said as the wrong text, not as 76 misquotations.
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json", "--regulation", "core/regulations/003_db543abba44c7454.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不像是该规则包所依据的管理办法原文：76 处引文只在其中找到"), "{}", stderr(&o));
}

#[test]
fn pack_articles_lists_the_regulation_article_by_article() {
    let o = shenbao(&["pack", "articles", "--city", "wuhai"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("乌海市《乌海市政务信息化项目建设管理暂行办法》逐条对照：共 24 条，19 条由 57 条规则检查，5 条说明不检查\n"), "{out}");
    assert!(out.contains("第一条  不检查（总则性条文）：立法目的和依据"), "{out}");
    assert!(out.contains("第三条  检查：\n    警告 自主可控、安全可靠（wuhai.3.secure-reliable）"), "{out}");

    let o = shenbao(&["pack", "articles", "--city", "xianyang", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v["articles"].as_array().unwrap();
    assert_eq!(list.len(), 44);
    assert_eq!(list.iter().filter(|a| a["status"] == "checked").count(), 19);
    assert_eq!(list[0]["article"], "第一條");
    assert_eq!(list[0]["kind"], "general");
    assert_eq!(list.iter().filter(|a| a["validity"] == true).count(), 1);
    let rules: usize = list.iter().map(|a| a["rules"].as_array().unwrap().len()).sum();
    assert_eq!(rules, 47, "every rule listed once, under its article");

    // A pack of another city with its text but no coverage: every uncited article unexplained.
    let mut pack: Value = serde_json::from_str(&std::fs::read_to_string(root().join("core/packs/wuhai.json")).unwrap()).unwrap();
    pack["id"] = Value::from("wuhai-copy");
    for r in pack["rules"].as_array_mut().unwrap() {
        r["id"] = Value::from(r["id"].as_str().unwrap().replacen("wuhai.", "wuhai-copy.", 1));
    }
    let copy = temp_with(&pack.to_string());
    let o = shenbao(&["pack", "articles", "--pack", copy.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有内置的管理办法原文"), "{}", stderr(&o));
    let o = shenbao(&["pack", "articles", "--pack", copy.path().to_str().unwrap(), "--regulation", "core/regulations/003_db543abba44c7454.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stdout(&o).contains("5 条说明不检查") && stdout(&o).contains("5 条未说明"), "{}", stdout(&o));
}

#[test]
fn pack_lint_and_pack_files() {
    let o = shenbao(&["pack", "lint", "core/packs/bazhong.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("规则包有效"));

    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(root().join("core/packs/bazhong.json")).unwrap()).unwrap();
    let id = v["rules"][0]["id"].as_str().unwrap().to_string();
    v["rules"][0]["fields"] = serde_json::json!(["project.basic.no_such_field"]);
    let bad = temp_with(&v.to_string());
    let o = shenbao(&["pack", "lint", bad.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&id) && err.contains("fields[0]") && err.contains("project.basic.no_such_field"), "{err}");

    // A pack file can stand in for the built-in one.
    let o = shenbao(&["check", "--pack", "core/packs/bazhong.json", FIXTURE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = shenbao(&["check", "--pack", bad.path().to_str().unwrap(), FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    let o = shenbao(&["check", "--city", "wuhai", "--pack", "core/packs/bazhong.json", FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn schema_is_json_schema_with_chinese_titles() {
    let o = shenbao(&["schema"]);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    let text = stdout(&o);
    assert!(text.contains("\"title\": \"统一社会信用代码\"") && text.contains("\"title\": \"总投资\""));
    // The field registry's lengths and ranges, on the properties and on the shared definitions.
    let basic = &v["properties"]["project"]["anyOf"][0]["properties"]["basic"]["properties"];
    assert_eq!(basic["name"]["maxLength"], 100);
    assert_eq!((&basic["plan_year"]["minimum"], &basic["plan_year"]["maximum"]), (&Value::from(2000), &Value::from(2100)));
    assert_eq!((&basic["new_projects_filed"]["minimum"], &basic["new_projects_filed"]["maximum"]), (&Value::from(0), &Value::from(99)));
    assert_eq!(v["$defs"]["ServiceItem"]["properties"]["description"]["maxLength"], 2000);
    // A required field may not be null; an optional one may.
    assert_eq!(basic["plan_year"]["type"], "integer");
    assert!(basic["admin_level"]["oneOf"].is_array() && basic["admin_level"].get("anyOf").is_none());
    assert_eq!(basic["implementation"]["anyOf"][1]["type"], "null");
    assert_eq!(v["properties"]["service_plan"]["anyOf"][0]["properties"]["providers"]["items"]["properties"]["name"]["maxLength"], 100);
}

#[test]
fn outline_splits_a_word_file_by_its_headings_and_writes_the_sections_into_a_submission() {
    // A .docx as Word writes it (deflated): every section found, the cover and the appendix
    // left out.
    let o = shenbao(&["outline", "tests/word/plan.docx"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("建设依据：83 字，原文标题“一、建设依据”"), "{text}");
    assert!(text.contains("不填入：“附件”之下的"), "{text}");
    // The budget table under 十、资金估算 is the form's budget lines.
    assert!(text.contains("资金估算明细：3 行，在“十、资金估算”之下（略过 1 个合计行；1 行金额按数量 × 单价算出；本表没有的列未填入：规格）"), "{text}");
    let o = shenbao(&["outline", "tests/word/plan.docx", "--format", "json"]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["sections"].as_array().unwrap().len(), 10);
    assert_eq!(v["tables"][0]["path"], "project.cost_estimate.items");
    assert_eq!(
        v["tables"][0]["rows"][1],
        serde_json::json!({"name": "存量数据治理与部门数据对接服务", "category": "data_resources", "quantity": 1, "unit_price": 450_000, "amount": 450_000})
    );
    assert_eq!(v["sections"][9]["path"], "project.requirement_plan.cost_summary");
    let cost = v["sections"][9]["text"].as_str().unwrap().to_string();
    // Written into a submission: the sections replaced, the rest as it was, and it still checks.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("with-plan.json");
    let o = shenbao(&["outline", "tests/word/plan.docx", "--into", FIXTURE, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let fixture: Value = serde_json::from_str(&std::fs::read_to_string(root().join(FIXTURE)).unwrap()).unwrap();
    assert_eq!(written["project"]["requirement_plan"]["cost_summary"], Value::String(cost));
    assert_eq!(written["project"]["basic"], fixture["project"]["basic"]);
    assert_eq!(written["project"]["cost_estimate"]["items"], v["tables"][0]["rows"]);
    assert_ne!(written["project"]["cost_estimate"]["items"], fixture["project"]["cost_estimate"]["items"]);
    assert!(shenbao(&["check", "--city", "bazhong", out.to_str().unwrap()]).status.code().is_some_and(|c| c <= 1));
    // Not over a file that is there, unless asked.
    let again = shenbao(&["outline", "tests/word/plan.docx", "--into", FIXTURE, "--out", out.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("已存在"), "{}", stderr(&again));
}

#[test]
fn outline_reads_back_a_service_plan_our_word_export_wrote_with_its_tables_and_figures() {
    // A department's plan printed to Word and brought back into a new submission: the texts,
    // the tables and the figures given with their labels.
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("plan.docx");
    assert!(shenbao(&["docx", "tests/fixtures/bazhong/combined.json", "-o", docx.to_str().unwrap()]).status.success());
    let o = shenbao(&["outline", "--plan", "service", docx.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for line in ["潜在服务商：3 行", "服务期限：3 年（原文“服务期限：3 年”）", "年度服务费：104 万元（原文“年度服务费：104 万元”）"]
    {
        assert!(text.contains(line), "{line}: {text}");
    }
    let out = dir.path().join("back.json");
    let o = shenbao(&["outline", "--plan", "service", docx.to_str().unwrap(), "--into", "tests/fixtures/bazhong/service.json", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let combined: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/fixtures/bazhong/combined.json")).unwrap()).unwrap();
    for key in ["term_years", "annual_fee", "total_fee", "standards", "self_build", "items", "providers", "data_owner", "reasons"] {
        assert_eq!(written["service_plan"][key], combined["service_plan"][key], "{key}");
    }
}

#[test]
fn outline_says_when_it_finds_nothing_or_cannot_read_the_file() {
    // The service plan's headings are not in a 需求方案: exit 1, said so, nothing written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.json");
    let o = shenbao(&["outline", "--plan", "service", "tests/word/plan.docx", "--into", "tests/fixtures/bazhong/service.json", "--out", out.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("没有找到服务需求方案的栏目标题"), "{}", stderr(&o));
    assert!(!out.exists());
    // Text as a plan: found without a Word file.
    let plan = dir.path().join("plan.txt");
    std::fs::write(&plan, "\u{feff}一、建设依据\r\n甲。\r\n二、业务现状\r\n乙。").unwrap();
    let o = shenbao(&["outline", plan.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("业务现状：2 字"), "{}", stdout(&o));
    // An old .doc, and bytes that are neither.
    let doc = dir.path().join("old.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let o = shenbao(&["outline", doc.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("旧版 Word 格式"), "{}", stderr(&o));
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, [0xFF, 0xFE, 0x00, 0x41]).unwrap();
    let o = shenbao(&["outline", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("既不是 Word 文档"), "{}", stderr(&o));
}

/// A package made under bazhong 2022.2.0 before the pack was updated: `verify` re-checks it
/// under that version (kept in core/packs/superseded/), finds it valid and says which rules
/// it was checked against, in text and JSON.
#[test]
fn verify_re_checks_a_package_under_the_superseded_pack_it_names() {
    let old = "tests/superseded/bazhong-2022.2.0.package.json";
    let trust = "tests/hostile/trust-list.json";
    let o = shenbao(&["verify", "--trust", trust, old]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("结论：有效"), "{text}");
    assert!(text.contains("规则包：申报包所用规则包 bazhong v2022.2.0 已有新版本（现行 v"), "{text}");
    // Checked by engine 0.1.0, which found the same.
    assert!(text.contains("检查引擎：申报包由检查引擎 v0.1.0 检查，本机引擎 v"), "{text}");

    let o = shenbao(&["verify", "--trust", trust, "--format", "json", old, "tests/hostile/package-valid.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let superseded = &list[0]["pack_superseded"];
    assert_eq!(superseded["under_current"].as_str(), Some("按现行版检查，问题相同"), "{list}");
    assert_eq!((superseded["id"].as_str(), superseded["used"].as_str()), (Some("bazhong"), Some("2022.2.0")), "{list}");
    assert!(superseded["now"].as_str().is_some_and(|v| v != "2022.2.0"), "{list}");
    assert_eq!(list[1]["pack_superseded"], Value::Null, "a package made now: {list}");
    assert_eq!((list[0]["engine_changed"]["used"].as_str(), list[0]["engine_changed"]["reworded"].as_u64()), (Some("0.1.0"), Some(0)), "{list}");
}
