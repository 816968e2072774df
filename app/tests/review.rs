//! The reviewer's desk in a real browser: real packages signed with the core, verified and
//! shown in the table, filtered, sorted, opened, exported; plus the pure CSV and table logic.

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use serde_json::{Value, json};
use shenbao_app::review::model::{self, Column, Row, StatusFilter};
use shenbao_app::review::{Decision, Mark, ReviewDeskFor, ReviewState, csv};
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::model::{CostCategory, Justification};
use shenbao_core::pack::builtin;
use shenbao_core::package::dsse::{self, Envelope};
use shenbao_core::package::trust::TrustList;
use shenbao_core::package::{self, Attachment, SignRequest, SignerIdentity, jcs};
use shenbao_core::{Severity, Submission};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{document, file, fire, next_frame};

const PROJECT: &str = include_str!("../../tests/fixtures/bazhong/project.json");
const UNIT: &str = "巴中市市场监督管理局";
const CODE: &str = "11511900MB1527360X";
const NOTE: &str = "已与数据局沟通：该服务器用于既有机房设备替换，确有必要。";

fn key(n: u8) -> PrivateKey {
    PrivateKey::generate_from_seed(Algorithm::Sm2, &[n; 32]).unwrap()
}

fn fixture() -> Submission {
    Submission::from_json(PROJECT).unwrap()
}

fn sign_with(sub: Submission, k: &PrivateKey, attachments: Vec<Attachment>) -> String {
    let (env, _) = package::sign(SignRequest {
        submission: sub,
        pack: builtin::pack("bazhong").unwrap(),
        signer: SignerIdentity { department: UNIT.into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys: vec![k],
        attachments,
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [7; 16],
    })
    .unwrap();
    env.to_json_pretty()
}

/// A clean package of the fixture, with the project renamed.
fn package_named(k: &PrivateKey, name: &str) -> String {
    let mut sub = fixture();
    sub.project.as_mut().unwrap().basic.name = name.into();
    sign_with(sub, k, vec![Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility", true)])
}

/// A package with a warning explained by a 说明.
fn package_with_justification(k: &PrivateKey) -> String {
    package_explained(k, NOTE)
}

/// A package whose warnings are explained by the 说明 `text`.
fn package_explained(k: &PrivateKey, text: &str) -> String {
    let mut sub = fixture();
    sub.project.as_mut().unwrap().cost_estimate.items[3].category = Some(CostCategory::Server);
    let report = shenbao_core::check(builtin::pack("bazhong").unwrap(), &sub);
    let warnings: Vec<_> = report.of(Severity::Warning).cloned().collect();
    assert!(report.summary.errors == 0 && !warnings.is_empty());
    sub.justifications = warnings.iter().map(|f| Justification { rule: f.rule.clone(), fields: f.fields.clone(), text: text.into() }).collect();
    sub.project.as_mut().unwrap().basic.name = "巴中市说明测试项目".into();
    sign_with(sub, k, vec![])
}

/// Changes the total investment without re-signing.
fn tampered(text: &str) -> String {
    let mut env: Envelope = serde_json::from_str(text).unwrap();
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    payload["submission"]["project"]["basic"]["total_investment"] = json!(2_490_000);
    env.payload = dsse::encode(&jcs::canonicalize(&payload).unwrap());
    env.to_json_pretty()
}

fn trust(keys: &[&PrivateKey]) -> TrustList {
    let entries: Vec<Value> = keys
        .iter()
        .map(|k| {
            let pk = k.public_key();
            json!({
                "department": UNIT,
                "credit_code": CODE,
                "algorithm": pk.algorithm(),
                "public_key_pem": pk.to_pem(),
                "fingerprint": pk.fingerprint().sm3_hex(),
                "valid_from": "2026-01-01",
                "valid_until": "2027-12-31",
                "status": "active",
            })
        })
        .collect();
    serde_json::from_value(json!({
        "format": "shenbao.trust-list/1",
        "issuer": "巴中市政务服务和大数据管理局",
        "issued_at": "2026-01-01T00:00:00Z",
        "entries": entries,
    }))
    .unwrap()
}

/// Lets Leptos run its scheduled effects (and animation frames).
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 40).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

struct Mounted {
    host: web_sys::Element,
    state: ReviewState,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

fn mount() -> Mounted {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let slot: Rc<RefCell<Option<ReviewState>>> = Rc::new(RefCell::new(None));
    let s2 = slot.clone();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        let st = ReviewState::new();
        *s2.borrow_mut() = Some(st);
        view! { <ReviewDeskFor state=st /> }
    });
    let state = slot.borrow().unwrap();
    Mounted { host, state, _handle: Box::new(handle) }
}

/// Starts Leptos's executor, which effects outside a mounted view need, by mounting nothing: a
/// mounted desk would read the browser's desk and keep it beside the desks a test drives.
fn executor() -> Box<dyn std::any::Any> {
    let host = document().create_element("div").unwrap();
    Box::new(leptos::mount::mount_to(host.unchecked_into(), || ()))
}

impl Mounted {
    fn rows(&self) -> Vec<web_sys::Element> {
        let list = self.host.query_selector_all("table.review-table tbody tr").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into()).collect()
    }

    fn row_texts(&self) -> Vec<String> {
        self.rows().iter().map(|r| r.text_content().unwrap()).collect()
    }

    fn el(&self, sel: &str) -> web_sys::HtmlElement {
        self.host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).unchecked_into()
    }

    fn text(&self) -> String {
        self.host.text_content().unwrap()
    }
}

fn set_input(el: &web_sys::HtmlElement, value: &str, event: &str) {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(value);
    } else if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        s.set_value(value);
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

// ---- pure logic ----

#[wasm_bindgen_test]
fn csv_has_bom_crlf_quoting_and_no_formulas() {
    assert_eq!(csv::field("巴中市"), "巴中市");
    assert_eq!(csv::field("甲,乙"), "\"甲,乙\"");
    assert_eq!(csv::field("他说\"好\""), "\"他说\"\"好\"\"\"");
    assert_eq!(csv::field("第一行\r\n第二行"), "\"第一行\r\n第二行\"");
    assert_eq!(csv::field("=SUM(A1:A9)"), "'=SUM(A1:A9)");
    assert_eq!(csv::field("+86 10"), "'+86 10");
    assert_eq!(csv::field("-1"), "'-1");
    assert_eq!(csv::field("@cmd"), "'@cmd");
    assert_eq!(csv::field("=1,2"), "\"'=1,2\"");
    let out = csv::build(vec![vec!["单位", "项目"], vec!["a\"b", "=HYPERLINK(\"x\")"]]);
    assert!(out.starts_with('\u{feff}'));
    assert_eq!(out, "\u{feff}单位,项目\r\n\"a\"\"b\",\"'=HYPERLINK(\"\"x\"\")\"\r\n");
    assert!(!out.replace("\r\n", "").contains('\n'));
}

fn row(id: usize, file: &str, unit: &str, project: &str, total: Option<u64>, valid: bool) -> Row {
    Row {
        id,
        file: file.into(),
        unit: unit.into(),
        project: project.into(),
        total,
        errors: 0,
        warnings: id,
        valid,
        label: if valid { String::new() } else { "签名无效（已被改动）".into() },
        reason: if valid { String::new() } else { "第 1 个签名无效".into() },
        problems: usize::from(!valid),
        notes: Vec::new(),
        basis: Vec::new(),
        mark: Mark::default(),
    }
}

#[wasm_bindgen_test]
fn table_filter_sort_and_csv_records() {
    let mut rows = vec![
        row(0, "b.json", "巴中市市场监督管理局", "智慧市场监管平台", Some(2_500_000), true),
        row(1, "a.json", "遂宁市公安局", "雪亮工程", None, false),
        row(2, "c.json", "巴中市财政局", "预算一体化, 二期", Some(10_000), true),
    ];
    rows[2].notes = vec!["与 b.json 内容相同（重复提交）".into(), "替换 a.json".into()];
    rows[1].mark = Mark { decision: Decision::Correction, note: "请补充 Budget 明细".into(), at: "2026-12-06 21:40".into() };
    rows[2].mark = Mark { decision: Decision::Accepted, note: String::new(), at: "2026-12-06 21:41".into() };
    let ids = |v: Vec<Row>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, None)), vec![0, 1, 2]);
    assert_eq!(ids(model::visible_rows(&rows, "巴中", StatusFilter::All, None, None)), vec![0, 2]);
    assert_eq!(ids(model::visible_rows(&rows, "A.JSON", StatusFilter::All, None, None)), vec![1]);
    assert_eq!(ids(model::visible_rows(&rows, "雪亮", StatusFilter::All, None, None)), vec![1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::Invalid, None, None)), vec![1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::Valid, None, None)), vec![0, 2]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::File, true)))), vec![1, 0, 2]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Total, true)))), vec![1, 2, 0]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Total, false)))), vec![0, 2, 1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Status, true)))), vec![0, 2, 1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Findings, false)))), vec![2, 1, 0]);
    // The reviewer's records: by decision, by the note's words, sorted in the order a package
    // goes through (pending first).
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, Some(Decision::Pending), None)), vec![0]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, Some(Decision::Correction), None)), vec![1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::Valid, Some(Decision::Correction), None)), Vec::<usize>::new());
    assert_eq!(ids(model::visible_rows(&rows, "budget", StatusFilter::All, None, None)), vec![1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Decision, true)))), vec![0, 2, 1]);
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Decision, false)))), vec![1, 2, 0]);
    // Pinyin order through the browser's collator: 巴 (bā) before 遂 (suì).
    assert_eq!(ids(model::visible_rows(&rows, "", StatusFilter::All, None, Some((Column::Unit, true)))), vec![2, 0, 1]);

    let text = model::table_csv(&rows, |id| match id {
        1 => model::CsvExtra {
            problems: vec!["签名无效（已被改动）：第 1 个签名无效".into()], package_id: "p-1".into(), payload_sha256: String::new()
        },
        _ => model::CsvExtra { package_id: format!("p-{id}"), payload_sha256: format!("{id}a{id}b"), ..Default::default() },
    });
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(
        lines[0],
        "文件,单位,项目,总投资（万元）,错误,警告,签名状态,问题,同批关系,复核依据,处理状态,审核备注,处理记录时间,申报包编号,申报包摘要（SHA-256）"
    );
    assert_eq!(lines[1], "b.json,巴中市市场监督管理局,智慧市场监管平台,250,0,0,有效,,,,待处理,,,p-0,0a0b");
    assert_eq!(
        lines[2],
        "a.json,遂宁市公安局,雪亮工程,,0,1,无效：签名无效（已被改动）,签名无效（已被改动）：第 1 个签名无效,,,需补正,请补充 Budget 明细,2026-12-06 21:40,p-1,"
    );
    // The batch relations the desk shows under a row are in the file too.
    assert_eq!(lines[3], "c.json,巴中市财政局,\"预算一体化, 二期\",1,0,2,有效,,与 b.json 内容相同（重复提交）；替换 a.json,,已受理,,2026-12-06 21:41,p-2,2a2b");
    assert_eq!(lines[4], "");
    assert_eq!(model::summary(&rows), "已核验 3 个申报包：2 个有效，1 个无效");
}

#[wasm_bindgen_test]
fn documents_render_read_only_with_labels() {
    let sub = fixture();
    let value = serde_json::to_value(&sub).unwrap();
    let sections = model::document_sections(&value, "project");
    assert_eq!(sections[0].title, Some("基本信息"));
    let find = |path: &str| {
        sections
            .iter()
            .flat_map(|s| s.entries.iter())
            .find(|e| matches!(e, model::Entry::Value { path: p, .. } | model::Entry::Table { path: p, .. } if p == path))
            .cloned()
            .unwrap()
    };
    match find("project.basic.total_investment") {
        model::Entry::Value { value: Some(v), .. } => assert!(v.ends_with("万元"), "{v}"),
        other => panic!("{other:?}"),
    }
    match find("project.basic.implementation") {
        model::Entry::Value { value: Some(v), .. } => assert!(!v.contains('_'), "choice shown by label: {v}"),
        other => panic!("{other:?}"),
    }
    match find("project.cost_estimate.items") {
        model::Entry::Table { headers, rows, .. } => {
            assert_eq!(headers[0], "名称");
            assert_eq!(rows.len(), sub.project.as_ref().unwrap().cost_estimate.items.len());
            assert!(rows[0][5].ends_with("万元"));
        }
        other => panic!("{other:?}"),
    }
}

// ---- in the page ----

#[wasm_bindgen_test]
async fn valid_tampered_and_bad_files_with_trust_list() {
    let m = mount();
    let k = key(1);
    let good = package_named(&k, "智慧市场监管平台");
    m.state.add_package_text("good.json", &good);
    m.state.add_package_text("tampered.json", &tampered(&good));
    m.state.add_package_text("notes.txt", "这不是 JSON");
    tick().await;
    let rows = m.row_texts();
    assert_eq!(rows.len(), 3);
    // Without a trust list, even a good signature cannot say who signed.
    assert!(rows[0].contains("签名人未登记") && rows[0].contains("无效"), "{}", rows[0]);
    let live = m.el(".review-live").text_content().unwrap();
    assert_eq!(live, "已核验 3 个申报包：0 个有效，3 个无效");

    let list = serde_json::to_string(&trust(&[&k])).unwrap();
    m.state.load_trust_text("trust.json", &list).unwrap();
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    assert!(rows[0].contains(UNIT) && rows[0].contains("智慧市场监管平台"), "{}", rows[0]);
    let wan = shenbao_core::money::format_wan(fixture().project.unwrap().basic.total_investment.unwrap() as i128);
    assert!(rows[0].contains(&wan), "total in 万元 {wan}: {}", rows[0]);
    assert!(rows[1].contains("无效") && rows[1].contains("签名无效（已被改动）") && rows[1].contains("签名后被改动"), "{}", rows[1]);
    assert!(rows[2].contains("格式错误") && rows[2].contains("不是有效的申报包"), "{}", rows[2]);
    assert!(m.el(".review-live").text_content().unwrap().contains("已核验 3 个申报包：1 个有效，2 个无效"));
    assert!(m.text().contains("已载入信任列表"));
    // Every row can be opened from the keyboard.
    assert_eq!(m.host.query_selector_all("tbody button.review-view").unwrap().length(), 3);

    // CSV of what is shown.
    let text = m.state.csv();
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    assert!(text.contains(&format!("good.json,巴中市市场监督管理局,智慧市场监管平台,{},0,0,有效,", wan.replace(',', ""))), "{text}");
    assert!(text.contains("无效：签名无效（已被改动）"));
}

#[wasm_bindgen_test]
async fn filter_by_text_and_status_and_sort_by_header() {
    let m = mount();
    let (a, b) = (key(2), key(3));
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&a])).unwrap()).unwrap();
    m.state.add_package_text("乙.json", &package_named(&a, "乙项目"));
    m.state.add_package_text("甲.json", &package_named(&b, "甲项目"));
    m.state.add_package_text("坏.json", "{");
    tick().await;
    assert_eq!(m.rows().len(), 3);

    set_input(&m.el("#review-filter"), "甲项目", "input");
    tick().await;
    let rows = m.row_texts();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("甲项目") && rows[0].contains("签名人未登记"), "{}", rows[0]);

    set_input(&m.el("#review-filter"), "", "input");
    set_input(&m.el("#review-status-filter"), "valid", "change");
    tick().await;
    let rows = m.row_texts();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("乙项目"));
    set_input(&m.el("#review-status-filter"), "invalid", "change");
    tick().await;
    assert_eq!(m.rows().len(), 2);
    set_input(&m.el("#review-filter"), "nothing-matches", "input");
    tick().await;
    assert!(m.text().contains("没有符合筛选条件的申报包"));
    set_input(&m.el("#review-filter"), "", "input");
    set_input(&m.el("#review-status-filter"), "all", "change");
    tick().await;

    // Sort by status: valid first; clicking again reverses; aria-sort follows.
    let th = |m: &Mounted| m.host.query_selector("th.col-status").unwrap().unwrap();
    assert_eq!(th(&m).get_attribute("aria-sort").as_deref(), Some("none"));
    m.el("#review-sort-status").click();
    tick().await;
    assert_eq!(th(&m).get_attribute("aria-sort").as_deref(), Some("ascending"));
    assert!(m.row_texts()[0].contains("乙项目"));
    m.el("#review-sort-status").click();
    tick().await;
    assert_eq!(th(&m).get_attribute("aria-sort").as_deref(), Some("descending"));
    assert!(m.row_texts()[2].contains("乙项目"));
    // Sorting by file name (pinyin: 坏 huài, 甲 jiǎ, 乙 yǐ).
    m.el("#review-sort-file").click();
    tick().await;
    let files: Vec<String> = m.rows().iter().map(|r| r.query_selector(".col-file").unwrap().unwrap().text_content().unwrap()).collect();
    assert_eq!(files, vec!["坏.json", "甲.json", "乙.json"]);
    assert_eq!(th(&m).get_attribute("aria-sort").as_deref(), Some("none"));
    // The CSV follows the table's order.
    let csv = m.state.csv();
    let order: Vec<&str> = csv.split("\r\n").skip(1).filter_map(|l| l.split(',').next()).filter(|f| !f.is_empty()).collect();
    assert_eq!(order, vec!["坏.json", "甲.json", "乙.json"]);
}

#[wasm_bindgen_test]
async fn detail_shows_documents_findings_and_justification_then_returns_focus() {
    let m = mount();
    let k = key(4);
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    m.state.add_package_text("说明.json", &package_with_justification(&k));
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    let id = untrack(|| m.state.rows())[0].id;
    let view_id = format!("review-view-{id}");
    m.el(&format!("#{view_id}")).click();
    tick().await;
    let detail = m.el(".review-detail");
    let text = detail.text_content().unwrap();
    assert!(text.contains("巴中市说明测试项目"));
    assert!(text.contains(NOTE), "the 说明 is shown");
    assert!(text.contains("申报单位的说明"));
    assert!(text.contains("巴中·第八条"), "citation shown: {text}");
    assert!(text.contains("07070707-0707-4707-8707-070707070707"), "package id");
    assert!(text.contains("2026-09-15 16:30:00（北京时间）"), "the time of signing in Beijing time");
    assert!(text.contains(&k.public_key().fingerprint().grouped()));
    assert!(text.contains("基本信息") && text.contains("总投资") && text.contains("万元"));
    assert!(detail.query_selector("table.review-doc-table").unwrap().is_some(), "tables rendered as tables");
    assert!(text.contains("核验通过"));
    assert!(m.el(".review-list").has_attribute("hidden"));
    assert_eq!(document().active_element().map(|e| e.id()).as_deref(), Some("detail-heading"));

    m.el("#review-back").click();
    tick().await;
    assert!(m.host.query_selector(".review-detail").unwrap().is_none());
    assert!(!m.el(".review-list").has_attribute("hidden"));
    assert_eq!(document().active_element().map(|e| e.id()), Some(view_id));
}

/// A package made under bazhong 2022.2.0 before that pack was updated: valid on the desk,
/// re-checked under the version it names, and its detail says so beside the pack.
#[wasm_bindgen_test]
async fn a_package_made_under_a_superseded_pack_is_valid_and_says_so() {
    let m = mount();
    m.state.load_trust_text("trust.json", include_str!("../../tests/hostile/trust-list.json")).unwrap();
    m.state.add_package_text("旧版.json", include_str!("../../tests/superseded/bazhong-2022.2.0.package.json"));
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    // Under its status, and in the CSV: what it was re-checked against.
    assert!(rows[0].contains("按旧版规则包 v2022.2.0 复核（现行 v") && rows[0].contains("检查引擎 v0.1.0 所作，问题相同"), "{}", rows[0]);
    let csv = m.state.csv();
    assert!(csv.contains(",按旧版规则包 v2022.2.0 复核（现行 v"), "{csv}");
    // The desk says which earlier versions it keeps.
    let line = m.el(".review-packs-line").text_content().unwrap();
    assert!(line.contains("另以旧版复核：巴中市 v2022.2.0"), "{line}");
    let id = untrack(|| m.state.rows())[0].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    let note = m.el("#review-superseded").text_content().unwrap();
    let now = &shenbao_core::pack::builtin::pack("bazhong").unwrap().meta.version;
    assert!(note.contains("bazhong v2022.2.0") && note.contains(&format!("现行 v{now}")), "{note}");
    // Made by an earlier engine that found the same: said beside the engine.
    let engine = m.el("#review-engine").text_content().unwrap();
    assert!(engine.starts_with("申报包由检查引擎 v0.1.0 检查") && engine.contains("重新检查的问题相同"), "{engine}");
    // The article view shows the version in use, and its button says so.
    assert_eq!(m.el("#review-articles").get_attribute("title").as_deref(), Some(shenbao_app::strings::ARTICLES_CURRENT_TITLE));
    m.el("#review-back").click();
    tick().await;
}

/// A package checked by an earlier engine that worded a finding otherwise: valid on the desk,
/// the detail says so beside the engine and shows this engine's words.
#[wasm_bindgen_test]
async fn a_package_checked_by_an_earlier_engine_shows_this_engines_words() {
    let m = mount();
    m.state.load_trust_text("trust.json", include_str!("../../tests/hostile/trust-list.json")).unwrap();
    m.state.add_package_text("旧引擎.json", include_str!("../../tests/superseded/wuhai-engine-0.1.0.package.json"));
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    let id = untrack(|| m.state.rows())[0].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    let engine = m.el("#review-engine").text_content().unwrap();
    assert!(engine.contains("v0.1.0") && engine.contains("其中 1 项的说明文字不同，按本机引擎显示"), "{engine}");
    let detail = m.el(".review-detail").text_content().unwrap();
    assert!(detail.contains("文本未载明有效期") && !detail.contains("有效期按文本为 未载明"), "{detail}");
    m.el("#review-back").click();
    tick().await;
}

#[wasm_bindgen_test]
async fn signed_trust_list_needs_the_bureau_key_and_attachments_are_checked() {
    let m = mount();
    let (bureau, k) = (key(5), key(6));
    let signed = trust(&[&k]).sign(&bureau).unwrap().to_json_pretty();
    let err = m.state.load_trust_text("trust.signed.json", &signed).unwrap_err();
    assert!(err.contains("数据局公钥"), "{err}");
    tick().await;
    assert!(m.text().contains("请同时提供数据局公钥"));

    // A package whose attachment travels separately.
    let mut sub = fixture();
    sub.project.as_mut().unwrap().basic.name = "附件测试项目".into();
    let text = sign_with(sub, &k, vec![Attachment::from_bytes("初步设计.pdf", "preliminary_design", b"design v1", false)]);
    m.state.add_package_text("附件.json", &text);

    let wrong = key(7).public_key().to_pem();
    m.state.load_bureau_key("wrong.pem", &wrong).unwrap_err();
    assert!(m.state.bureau_key.get_untracked().is_none() || m.state.trust.get_untracked().is_none());
    m.state.load_bureau_key("bureau.pem", &bureau.public_key().to_pem()).unwrap();
    tick().await;
    assert!(m.state.trust.get_untracked().is_some());
    assert!(m.text().contains("数据局签名有效"));
    let rows = m.row_texts();
    assert!(rows[0].contains("缺少附件"), "{}", rows[0]);

    m.state.add_attachments(vec![("初步设计.pdf".into(), b"design v2".to_vec())]);
    tick().await;
    assert!(m.row_texts()[0].contains("附件与摘要不符"));
    m.state.add_attachments(vec![("初步设计.pdf".into(), b"design v1".to_vec())]);
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    assert!(m.el(".review-live").text_content().unwrap().contains("1 个有效，0 个无效"));
    assert!(m.text().contains("初步设计.pdf"));

    // The detail view lists the attachment as supplied and matching.
    m.el("tbody button.review-view").click();
    tick().await;
    let text = m.el(".review-detail").text_content().unwrap();
    assert!(text.contains("已另行提供，内容与摘要相符"), "{text}");
    assert!(text.contains("初步设计"));
}

fn transfer(files: &[web_sys::File]) -> web_sys::DataTransfer {
    let dt = web_sys::DataTransfer::new().unwrap();
    for f in files {
        dt.items().add_with_file(f).unwrap();
    }
    dt
}

async fn until(mut ok: impl FnMut() -> bool) {
    for _ in 0..50 {
        if ok() {
            return;
        }
        tick().await;
    }
}

/// The row counts seen, frame by frame, until `rows()` is `want` (or a thousand frames pass).
async fn counts_until(want: usize, rows: &impl Fn() -> usize) -> Vec<usize> {
    let mut seen = Vec::new();
    for _ in 0..1000 {
        let n = rows();
        if seen.last() != Some(&n) {
            seen.push(n);
        }
        if n == want {
            break;
        }
        next_frame().await;
    }
    seen
}

#[wasm_bindgen_test]
async fn a_long_list_goes_into_the_table_a_chunk_per_frame() {
    let m = mount();
    // Each its own content: a reviewer's record goes with a package's content.
    let files: Vec<(String, Result<String, String>)> = (0..1000).map(|i| (format!("批量{i:04}.json"), Ok(format!("{{\"n\": {i}}}")))).collect();
    m.state.add_files(files);
    let rows = || m.rows().len();
    // Rows arrive in chunks: never all at once, the first hundred first.
    let seen = counts_until(1000, &rows).await;
    assert_eq!(seen.last(), Some(&1000), "all rows in the end: {seen:?}");
    assert!(seen.contains(&100), "the first chunk alone in a frame: {seen:?}");
    assert!(seen.iter().all(|&n| n == 0 || n % 100 == 0), "whole chunks: {seen:?}");
    let texts = m.row_texts();
    assert!(texts[0].contains("批量0000.json") && texts[999].contains("批量0999.json"), "in order");
    // A package removed, or a status set: the other rows are the same elements, never fewer
    // (the page does not shrink under the reviewer's scroll position).
    let row_500 = m.rows()[500].clone();
    let id_of = |el: &web_sys::Element| el.get_attribute("data-id").unwrap().parse::<usize>().unwrap();
    m.state.remove(id_of(&m.rows()[10]));
    let mut least = usize::MAX;
    for _ in 0..5 {
        least = least.min(rows());
        next_frame().await;
    }
    assert_eq!((least, rows()), (999, 999));
    assert!(row_500.is_connected() && m.rows()[499] == row_500, "the rows after it stay");
    let marked = id_of(&m.rows()[0]);
    m.state.set_mark(marked, Decision::Accepted, "", "2026-12-08 00:30");
    tick().await;
    assert!(m.rows()[0].text_content().unwrap().contains("已受理"), "{}", m.rows()[0].text_content().unwrap());
    assert!(m.rows()[499] == row_500 && rows() == 999, "one row built again");
    assert!(!m.rows()[1].text_content().unwrap().contains("已受理"));
    // A filter narrows the table at once; cleared, the rows come back the same way.
    set_input(&m.el("#review-filter"), "批量0999", "input");
    tick().await;
    assert_eq!(m.row_texts().len(), 1);
    set_input(&m.el("#review-filter"), "", "input");
    let seen = counts_until(999, &rows).await;
    assert_eq!(seen.last(), Some(&999), "{seen:?}");
    assert!(seen.contains(&101), "the row shown and a hundred more in the first frame: {seen:?}");
    assert!(m.row_texts()[0].contains("批量0000.json"), "in order again");
}

#[wasm_bindgen_test]
async fn drop_zone_and_file_pickers_read_real_files() {
    let m = mount();
    let k = key(8);
    // Trust list through its file picker.
    let trust_input: web_sys::HtmlInputElement = m.el("#review-trust").unchecked_into();
    trust_input.set_files(transfer(&[file("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap())]).files().as_ref());
    fire(&trust_input, "change");
    until(|| m.state.trust.get_untracked().is_some()).await;
    assert!(m.state.trust.get_untracked().is_some());

    // Two packages and a stray file dropped at once.
    let dt = transfer(&[file("一.json", &package_named(&k, "拖放项目一")), file("二.json", &package_named(&k, "拖放项目二")), file("readme.txt", "hello")]);
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&dt));
    let ev = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    m.el(".review-dropzone").dispatch_event(&ev).unwrap();
    assert!(ev.default_prevented(), "the browser must not open the dropped file");
    until(|| m.rows().len() == 3).await;
    let rows = m.row_texts();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0].contains("拖放项目一") && rows[0].contains("有效") && !rows[0].contains("无效"), "{}", rows[0]);
    assert!(rows[2].contains("readme.txt") && rows[2].contains("格式错误"));
    assert!(m.el(".review-live").text_content().unwrap().contains("已核验 3 个申报包：2 个有效，1 个无效"));

    // The same file name again replaces the row.
    let pick: web_sys::HtmlInputElement = m.el("#review-packages").unchecked_into();
    pick.set_files(transfer(&[file("readme.txt", &package_named(&k, "替换项目"))]).files().as_ref());
    fire(&pick, "change");
    until(|| m.row_texts().get(2).is_some_and(|r| r.contains("替换项目"))).await;
    assert_eq!(m.rows().len(), 3);
    assert!(m.row_texts()[2].contains("替换项目"));
}

#[wasm_bindgen_test]
fn the_desk_is_kept_across_mode_switches() {
    // Start from an empty desk whatever other tests kept.
    let _ = ReviewState::restore();
    let st = ReviewState::new();
    st.add_package_text("kept.json", "not a package");
    st.query.set("kept".into());
    st.keep();
    let again = ReviewState::restore();
    let rows = untrack(|| again.rows());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].file, "kept.json");
    assert_eq!(again.query.get_untracked(), "kept");
    // Taken once: a third desk starts empty unless kept again.
    assert!(untrack(|| ReviewState::restore().rows()).is_empty());
}

#[wasm_bindgen_test]
async fn the_app_opens_the_desk_from_its_mode_button() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), shenbao_app::App);
    let click = |sel: &str| host.query_selector(sel).unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    click("#mode-review");
    tick().await;
    assert!(host.query_selector(".review-dropzone").unwrap().is_some());
    assert!(host.query_selector("#review-packages[type=file][multiple]").unwrap().is_some());
    assert!(host.text_content().unwrap().contains("尚未载入申报包"));
    // Drop a file, switch to filling in and back: the desk still holds it.
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer(&[file("留存.json", "{}")])));
    host.query_selector(".review-dropzone").unwrap().unwrap().dispatch_event(&web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap()).unwrap();
    let rows = || host.query_selector_all("table.review-table tbody tr").unwrap().length();
    until(|| rows() == 1).await;
    assert_eq!(rows(), 1);
    click("#mode-fill");
    tick().await;
    assert!(host.query_selector(".review").unwrap().is_none());
    click("#mode-review");
    // The desk's view is built once its part and packs are there: more than one turn when the
    // machine is busy.
    until(|| rows() == 1).await;
    assert!(host.query_selector(".review-dropzone").unwrap().is_some());
    assert_eq!(rows(), 1, "{}", host.text_content().unwrap());
    assert!(host.text_content().unwrap().contains("留存.json"));
    assert!(host.text_content().unwrap().contains("格式错误"));
    // Dropped before the first desk had read the browser's records (at once, in this test),
    // the file was kept on the page and then written to the browser by the next desk.
    let in_browser = || async { shenbao_app::review::kept::load().await.is_ok_and(|s| s.packages.iter().any(|f| f.name == "留存.json")) };
    for _ in 0..100 {
        if in_browser().await {
            break;
        }
        tick().await;
    }
    assert!(in_browser().await, "kept in the browser");
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn encrypted_packages_are_decrypted_with_the_bureau_private_key_kept_in_memory() {
    use shenbao_core::package::encrypt::{self, EncryptRandomness};
    let m = mount();
    let (bureau, k) = (key(11), key(12));
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    let plain = package_named(&k, "加密报送项目");
    let sealed =
        encrypt::encrypt(plain.as_bytes(), &bureau.public_key(), &EncryptRandomness::from_bytes(&[9; EncryptRandomness::LEN])).unwrap().to_json_pretty();
    m.state.add_package_text("加密.enc.json", &sealed);
    m.state.add_package_text("明文.json", &package_named(&k, "明文项目"));
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("已加密") && rows[0].contains("请先载入审核单位私钥"), "{}", rows[0]);
    assert!(m.state.csv().contains("已加密：请先载入审核单位私钥"), "{}", m.state.csv());
    assert!(rows[0].contains(&bureau.public_key().fingerprint().grouped()), "names the key needed: {}", rows[0]);
    assert!(rows[1].contains("有效") && !rows[1].contains("无效"), "{}", rows[1]);

    // A wrong passphrase, and a key that is not the recipient's.
    let passphrase = "审核单位口令 bureau";
    let pem = bureau.to_encrypted_pem_with_iterations(passphrase.as_bytes(), 1000).unwrap();
    let err = m.state.load_decrypt_key("数据局.pem", &pem, "wrong").unwrap_err();
    assert!(err.contains("口令错误"), "{err}");
    let other = key(13).to_encrypted_pem_with_iterations(b"other passphrase", 1000).unwrap();
    m.state.load_decrypt_key("其他.pem", &other, "other passphrase").unwrap();
    tick().await;
    assert!(m.row_texts()[0].contains("不是为这把密钥加密的"), "{}", m.row_texts()[0]);
    // A public key is not a private key.
    let pick: web_sys::HtmlInputElement = m.el("#review-decrypt-key").unchecked_into();
    pick.set_files(transfer(&[file("数据局.pub.pem", &bureau.public_key().to_pem())]).files().as_ref());
    fire(&pick, "change");
    until(|| m.text().contains("这是公钥文件")).await;
    assert!(m.text().contains("这是公钥文件"), "{}", m.text());

    // Through the page: pick the key file, type the passphrase, unlock.
    pick.set_files(transfer(&[file("数据局.pem", &pem)]).files().as_ref());
    fire(&pick, "change");
    until(|| m.host.query_selector("#review-decrypt-pass").unwrap().is_some()).await;
    set_input(&m.el("#review-decrypt-pass"), passphrase, "input");
    m.el("#review-decrypt-submit").click();
    until(|| m.row_texts()[0].contains("加密报送项目")).await;
    let rows = m.row_texts();
    assert!(rows[0].contains("有效") && !rows[0].contains("无效") && rows[0].contains(UNIT), "{}", rows[0]);
    assert!(m.text().contains("已载入审核单位私钥"));
    assert!(m.host.query_selector("#review-decrypt-pass").unwrap().is_none(), "the passphrase form is closed once the key is open");
    assert!(m.el(".review-live").text_content().unwrap().contains("2 个有效，0 个无效"));
    // The detail view says the package came encrypted, and for which key.
    m.el("tbody button.review-view").click();
    tick().await;
    let detail = m.el(".review-detail").text_content().unwrap();
    assert!(detail.contains("已用审核单位私钥解密") && detail.contains(&bureau.public_key().fingerprint().grouped()), "{detail}");
    m.el("#review-back").click();
    tick().await;

    // Never stored: nothing of the key file in localStorage or sessionStorage.
    let w = web_sys::window().unwrap();
    let body: String = pem.lines().nth(1).unwrap().to_string();
    for st in [w.local_storage().unwrap().unwrap(), w.session_storage().unwrap().unwrap()] {
        for i in 0..st.length().unwrap() {
            let k = st.key(i).unwrap().unwrap();
            let v = st.get_item(&k).unwrap().unwrap_or_default();
            assert!(!v.contains(&body), "the bureau key is in storage under {k}");
        }
    }

    // Forgotten: encrypted again.
    m.el("#review-decrypt-forget").click();
    tick().await;
    assert!(m.row_texts()[0].contains("请先载入审核单位私钥"), "{}", m.row_texts()[0]);
}

#[wasm_bindgen_test]
async fn copies_revisions_and_hidden_characters_are_shown_to_the_reviewer() {
    let m = mount();
    let k = key(4);
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    let v1 = package_named(&k, "巴中市批次测试项目");
    // A revision of v1, signed in the name of a department spelt with a zero-width space.
    let v1_env: Envelope = serde_json::from_str(&v1).unwrap();
    let (v2, _) = package::sign(SignRequest {
        submission: fixture(),
        pack: builtin::pack("bazhong").unwrap(),
        signer: SignerIdentity { department: "巴中市市场监督\u{200B}管理局".into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys: vec![&k],
        attachments: vec![],
        previous: package::previous_version(&v1_env),
        created_at: "2026-09-20T08:30:00Z".into(),
        random_id: [8; 16],
    })
    .unwrap();
    m.state.add_package_text("v1.json", &v1);
    m.state.add_package_text("v1-copy.json", &v1);
    m.state.add_package_text("v2.json", &v2.to_json_pretty());
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("重复") && rows[0].contains("v1-copy.json"), "{}", rows[0]);
    assert!(rows[0].contains("已被“v2.json”取代"), "{}", rows[0]);
    assert!(rows[1].contains("重复") && rows[1].contains("v1.json"), "{}", rows[1]);
    assert!(rows[2].contains("修订版：取代"), "{}", rows[2]);
    // A tampered copy takes no part: it cannot claim to replace anything.
    m.state.add_package_text("forged.json", &tampered(&v2.to_json_pretty()));
    tick().await;
    assert!(!m.row_texts()[3].contains("取代"), "{}", m.row_texts()[3]);
    // The detail shows the hidden character in the signer's department.
    let id = untrack(|| m.state.rows())[2].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    let detail = m.el(".review-detail").text_content().unwrap();
    assert!(detail.contains("巴中市市场监督⟦U+200B⟧管理局"), "{detail}");
}

#[wasm_bindgen_test]
async fn the_detail_checks_the_signed_attachment_list_against_the_package_s_files() {
    let m = mount();
    let k = key(8);
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    // The fixture lists eight documents; the package carries the proposal's file and one the
    // list does not name.
    let mut sub = fixture();
    sub.project.as_mut().unwrap().basic.name = "附件清单核对项目".into();
    let files = vec![
        Attachment::from_bytes("项目建议书.pdf", "proposal", b"%PDF-1.7 proposal", true),
        Attachment::from_bytes("会议纪要.pdf", "other", b"%PDF-1.7 minutes", true),
    ];
    m.state.add_package_text("清单.json", &sign_with(sub, &k, files));
    tick().await;
    m.el("tbody button.review-view").click();
    tick().await;
    let check = m.el(".review-detail .listed-check");
    assert!(check.query_selector("h5").unwrap().is_some(), "a heading under the detail's 附件 (h4)");
    let rows = check.query_selector_all(".listed-row").unwrap();
    assert_eq!(rows.length(), 8);
    let first: web_sys::Element = rows.item(0).unwrap().unchecked_into();
    assert!(first.class_list().contains("has-file") && first.text_content().unwrap().contains("项目建议书.pdf"));
    let second: web_sys::Element = rows.item(1).unwrap().unchecked_into();
    assert!(second.class_list().contains("no-file") && second.text_content().unwrap().contains("申报包中无此文件"));
    let text = check.text_content().unwrap();
    assert!(text.contains("附件清单中有 7 项材料在申报包中没有对应的文件"), "{text}");
    assert!(text.contains("未列入附件清单的文件：会议纪要.pdf"), "{text}");
}

/// The detail of a resubmission compares it with the package it replaces, when that one is
/// loaded: the select starts on it, the changes are listed (a field, a cell, a replaced file),
/// 「不比较」 clears them; the earlier package's detail compares forward once one is chosen;
/// a forged package is compared with a warning.
#[wasm_bindgen_test]
async fn the_detail_compares_a_resubmission_with_the_package_it_replaces() {
    let m = mount();
    let k = key(6);
    m.state.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    let v1 = package_named(&k, "巴中市比较测试项目");
    let v1_env: Envelope = serde_json::from_str(&v1).unwrap();
    let mut sub = fixture();
    sub.project.as_mut().unwrap().basic.name = "巴中市比较测试项目（修订）".into();
    sub.project.as_mut().unwrap().cost_estimate.items[1].name = "食品安全追溯数据库（扩容）".into();
    let (v2, _) = package::sign(SignRequest {
        submission: sub,
        pack: builtin::pack("bazhong").unwrap(),
        signer: SignerIdentity { department: UNIT.into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys: vec![&k],
        attachments: vec![Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility, revised", true)],
        previous: package::previous_version(&v1_env),
        created_at: "2026-09-20T08:30:00Z".into(),
        random_id: [8; 16],
    })
    .unwrap();
    m.state.add_package_text("v1.json", &v1);
    m.state.add_package_text("v2.json", &v2.to_json_pretty());
    tick().await;
    let rows = untrack(|| m.state.rows());
    let (id1, id2) = (rows[0].id, rows[1].id);

    m.el(&format!("#review-view-{id2}")).click();
    tick().await;
    let pick: web_sys::HtmlSelectElement = m.el("#detail-compare").unchecked_into();
    assert_eq!(pick.value(), id1.to_string(), "the package replaced is chosen");
    let out = m.el(".review-changes").text_content().unwrap();
    assert!(out.contains("「v1.json」→「v2.json」"), "{out}");
    assert!(out.contains("字段改动 2 处") && out.contains("附件改动 1 个"), "{out}");
    assert!(out.contains("基本信息 · 项目名称：原为：巴中市比较测试项目 → 改为：巴中市比较测试项目（修订）"), "{out}");
    assert!(out.contains("资金估算明细 第 2 行 · 名称"), "{out}");
    assert!(out.contains("可研.pdf（可行性研究报告）：内容已更换"), "{out}");
    assert!(m.host.query_selector(".review-changes del").unwrap().is_some() && m.host.query_selector(".review-changes ins").unwrap().is_some());

    set_input(&pick.clone().unchecked_into(), "", "change");
    tick().await;
    assert_eq!(m.el(".changes-result").text_content().unwrap(), "", "「不比较」 shows nothing");

    // From the earlier package: nothing chosen at first; chosen, the direction is still v1 → v2.
    m.el("#review-back").click();
    tick().await;
    m.el(&format!("#review-view-{id1}")).click();
    tick().await;
    let pick: web_sys::HtmlSelectElement = m.el("#detail-compare").unchecked_into();
    assert_eq!(pick.value(), "");
    set_input(&pick.unchecked_into(), &id2.to_string(), "change");
    tick().await;
    let out = m.el(".review-changes").text_content().unwrap();
    assert!(out.contains("「v1.json」→「v2.json」") && out.contains("字段改动 2 处"), "{out}");
    assert!(!out.contains("签名不成立"), "{out}");

    // A forged copy of v1 can be compared, with a warning; it is never taken as replaced.
    m.state.add_package_text("forged.json", &tampered(&v1));
    tick().await;
    m.el("#review-back").click();
    tick().await;
    m.el(&format!("#review-view-{id2}")).click();
    tick().await;
    let forged = untrack(|| m.state.rows()).iter().find(|r| r.file == "forged.json").unwrap().id;
    let pick: web_sys::HtmlSelectElement = m.el("#detail-compare").unchecked_into();
    assert_eq!(pick.value(), id1.to_string());
    set_input(&pick.unchecked_into(), &forged.to_string(), "change");
    tick().await;
    let out = m.el(".review-changes").text_content().unwrap();
    assert!(out.contains("签名不成立"), "{out}");
    assert!(out.contains("总投资"), "the forged total is among the changes: {out}");
}

/// One package alone has nothing to compare with: no comparison section.
#[wasm_bindgen_test]
async fn a_package_alone_has_no_comparison() {
    let m = mount();
    let k = key(7);
    m.state.add_package_text("only.json", &package_named(&k, "巴中市单独项目"));
    tick().await;
    let id = untrack(|| m.state.rows())[0].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    assert!(m.host.query_selector(".review-changes").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn the_reviewer_records_where_each_package_stands() {
    let m = mount();
    let k = key(21);
    m.state.add_package_text("甲.json", &package_named(&k, "甲项目"));
    m.state.add_package_text("乙.json", &package_named(&k, "乙项目"));
    tick().await;
    let rows = m.row_texts();
    assert!(rows.iter().all(|r| r.contains("待处理")), "{rows:?}");
    let first = untrack(|| m.state.rows())[0].id;

    // In the detail: a decision is recorded when chosen, the note when typed.
    m.el(&format!("#review-view-{first}")).click();
    tick().await;
    assert!(m.el("#detail-mark").text_content().unwrap().contains("处理记录"));
    set_input(&m.el("#detail-decision"), "correction", "change");
    tick().await;
    assert!(m.el(".review-live").text_content().unwrap().contains("已记录：“甲项目”需补正"));
    let at = m.el(".review-mark-at").text_content().unwrap();
    assert!(at.starts_with("最后修改："), "{at}");
    set_input(&m.el("#detail-note"), "缺少可研报告，已电话告知", "input");
    // Recorded after a pause in typing, without leaving the box.
    until(|| untrack(|| m.state.rows())[0].mark.note == "缺少可研报告，已电话告知").await;
    m.el("#review-back").click();
    tick().await;
    let rows = m.row_texts();
    assert!(rows[0].contains("需补正") && rows[0].contains("缺少可研报告，已电话告知"), "{}", rows[0]);
    assert!(rows[1].contains("待处理"));

    // Filtered by decision and by the note's words; in the CSV.
    set_input(&m.el("#review-decision-filter"), "correction", "change");
    tick().await;
    assert_eq!(m.rows().len(), 1);
    set_input(&m.el("#review-decision-filter"), "all", "change");
    set_input(&m.el("#review-filter"), "电话", "input");
    tick().await;
    assert_eq!(m.rows().len(), 1);
    set_input(&m.el("#review-filter"), "", "input");
    tick().await;
    let csv = m.state.csv();
    assert!(csv.contains("需补正,缺少可研报告，已电话告知,"), "{csv}");

    // The record follows the package, not the file's name: removed and loaded again under
    // another name, it is still there. A note changed back to nothing and 待处理 is no record.
    let text = package_named(&k, "甲项目");
    m.state.remove(first);
    m.state.add_package_text("甲（重发）.json", &text);
    tick().await;
    let again = untrack(|| m.state.rows()).into_iter().find(|r| r.file == "甲（重发）.json").unwrap();
    assert_eq!(again.mark.decision, Decision::Correction);
    m.state.set_mark(again.id, Decision::Pending, "", "2026-12-06 22:00");
    assert!(m.state.marks.with_untracked(|m| m.is_empty()));

    // 清空列表 takes the records with the packages.
    m.state.set_mark(again.id, Decision::Accepted, "", "2026-12-06 22:01");
    m.state.clear();
    assert!(m.state.marks.with_untracked(|m| m.is_empty()));
}

#[wasm_bindgen_test]
async fn the_desk_is_kept_in_the_browser_across_reloads() {
    let _executor = executor();
    use shenbao_app::review::kept;
    let k = key(22);
    let owner = Owner::new();
    let (first, package) = owner.with(|| {
        let st = ReviewState::new();
        kept::keep_following(st, None);
        (st, package_named(&k, "留存项目"))
    });
    first.load_trust_text("trust.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    first.add_package_text("留存.json", &package);
    first.add_package_text("坏.json", "not a package");
    first.add_attachments(vec![("图纸.dwg".into(), b"drawing".to_vec())]);
    // The bureau's private key, unlocked on this desk, is never among what is kept.
    let bureau = key(24).to_encrypted_pem_with_iterations(b"bureau passphrase", 1000).unwrap();
    first.load_decrypt_key("数据局.pem", &bureau, "bureau passphrase").unwrap();
    let id = untrack(|| first.rows())[0].id;
    first.set_mark(id, Decision::Accepted, "材料齐全", "2026-12-06 21:50");
    // Written once the effects ran.
    until(|| true).await;
    let mut stored = kept::load().await.unwrap();
    for _ in 0..50 {
        if stored.packages.len() == 2 && !stored.marks.is_empty() && stored.sources.trust.is_some() {
            break;
        }
        tick().await;
        stored = kept::load().await.unwrap();
    }
    assert_eq!(stored.packages.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["留存.json", "坏.json"]);
    assert_eq!(stored.sources.attachments.len(), 1);
    for text in stored.texts.iter().flatten() {
        assert!(!text.contains("PRIVATE KEY") && !text.contains("数据局.pem"), "no private key kept: {}", &text[..text.len().min(200)]);
    }

    // A page opened again: a new desk reads it back, verified against the kept trust list.
    let owner2 = Owner::new();
    let second = owner2.with(ReviewState::new);
    owner2.with(|| kept::restore_into(second));
    assert!(!second.ready.get_untracked(), "not ready while reading");
    until(|| second.ready.get_untracked()).await;
    let rows = untrack(|| second.rows());
    assert_eq!(rows.len(), 2);
    assert!(rows[0].valid, "verified with the kept trust list: {:?}", rows[0]);
    assert_eq!(rows[0].mark.decision, Decision::Accepted);
    assert_eq!(rows[0].mark.note, "材料齐全");
    assert!(rows[1].label.contains("格式错误"), "{:?}", rows[1]);
    assert_eq!(second.attachments.with_untracked(|a| a.keys().cloned().collect::<Vec<_>>()), ["图纸.dwg"]);
    assert!(second.announce.get_untracked().starts_with("已恢复上次载入的 2 个申报包。"), "{}", second.announce.get_untracked());
    // The trust list says it came from the browser's storage.
    let note = second.trust_note.get_untracked().expect("a note on the kept trust list");
    assert!(!note.0 && note.1.contains("保存在本浏览器中的副本"), "{note:?}");

    // A trust list the reviewer loads while the kept desk is being read stays (what was kept
    // put on a desk by hand: a desk that keeps nothing itself).
    let owner3 = Owner::new();
    let third = owner3.with(ReviewState::new);
    third.load_trust_text("本次载入.json", &serde_json::to_string(&trust(&[&k])).unwrap()).unwrap();
    owner3.with(|| kept::apply(third, stored)).await;
    assert_eq!(third.trust_source.get_untracked().map(|t| t.0).as_deref(), Some("本次载入.json"));
    assert_eq!(third.trust_note.get_untracked(), None);
    assert_eq!(untrack(|| third.rows()).len(), 2);
    drop(owner3);

    // Emptied, and nothing comes back.
    second.clear();
    tick().await;
    first.clear();
    let stored = emptied().await;
    assert!(stored.packages.is_empty() && stored.marks.is_empty());
    assert!(stored.sources.trust.is_some(), "the trust list stays, as the confirmation says");
    drop(owner);
    drop(owner2);
}

/// What the browser keeps of the desk once the desks here have emptied it.
async fn emptied() -> shenbao_app::review::kept::Stored {
    let mut stored = shenbao_app::review::kept::load().await.unwrap();
    for _ in 0..50 {
        if stored.packages.is_empty() && stored.marks.is_empty() {
            break;
        }
        tick().await;
        stored = shenbao_app::review::kept::load().await.unwrap();
    }
    stored
}

#[wasm_bindgen_test]
async fn a_kept_desk_that_does_not_read_is_said_and_the_rest_restored() {
    let _executor = executor();
    use shenbao_app::review::kept;
    // Two desks in one page would share the store: start from records written here.
    let owner = Owner::new();
    let st = owner.with(ReviewState::new);
    owner.with(|| kept::keep_following(st, None));
    let _ = emptied().await;
    st.add_package_text("一.json", "{}");
    for _ in 0..50 {
        if kept::load().await.unwrap().packages.len() == 1 {
            break;
        }
        tick().await;
    }
    let corrupt = r#"[["k","approved","",""]]"#;
    write_desk_record("marks", corrupt).await;
    let owner2 = Owner::new();
    let again = owner2.with(ReviewState::new);
    owner2.with(|| kept::restore_into(again));
    until(|| again.ready.get_untracked()).await;
    assert_eq!(untrack(|| again.rows()).len(), 1);
    assert!(again.kept_note.get_untracked().is_some_and(|(bad, t)| bad && t.contains("无法读取")));
    again.clear();
    tick().await;
    st.clear();
    assert!(emptied().await.packages.is_empty());
    drop(owner);
    drop(owner2);
}

/// Writes a record of the desk's store directly, as a damaged or foreign one would be.
async fn write_desk_record(key: &str, text: &str) {
    shenbao_app::idb::put(shenbao_app::idb::DESK, key, Some(text), || true).await.unwrap();
}

/// The package texts the browser holds, by key, once `ok` holds of them (or after a while).
async fn kept_texts(mut ok: impl FnMut(&[(String, String)]) -> bool) -> Vec<(String, String)> {
    let mut texts = shenbao_app::idb::get_all(shenbao_app::idb::DESK_FILES).await.unwrap();
    for _ in 0..50 {
        if ok(&texts) {
            break;
        }
        tick().await;
        texts = shenbao_app::idb::get_all(shenbao_app::idb::DESK_FILES).await.unwrap();
    }
    texts
}

#[wasm_bindgen_test]
async fn a_package_s_text_is_written_once_and_deleted_with_its_last_file() {
    let _executor = executor();
    use shenbao_app::review::kept;
    let owner = Owner::new();
    let st = owner.with(ReviewState::new);
    owner.with(|| kept::keep_following(st, None));
    let key_of = |text: &str| shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(text.as_bytes()));
    let (a, b) = (key_of(r#"{"a":1}"#), key_of(r#"{"b":2}"#));
    st.add_package_text("甲.json", r#"{"a":1}"#);
    // The desk's first write empties what other desks left and writes its own.
    let only_a = vec![(a.clone(), r#"{"a":1}"#.to_string())];
    assert_eq!(kept_texts(|t| t == only_a.as_slice()).await, only_a);
    // Marked where it is kept: a desk that wrote every text again would wipe the mark.
    shenbao_app::idb::put(shenbao_app::idb::DESK_FILES, &a, Some("written once"), || true).await.unwrap();

    st.add_package_text("乙.json", r#"{"b":2}"#);
    st.add_package_text("甲的副本.json", r#"{"a":1}"#);
    let texts = kept_texts(|t| t.iter().any(|(k, _)| *k == b)).await;
    let mut expected = vec![(a.clone(), "written once".to_string()), (b.clone(), r#"{"b":2}"#.to_string())];
    expected.sort();
    assert_eq!(texts, expected, "one text for the two files that hold it, 甲's not written again");
    let listed = kept::load().await.unwrap();
    assert_eq!(listed.packages.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["甲.json", "乙.json", "甲的副本.json"]);

    // The text goes with the last file that holds it.
    let id_of = |name: &str| untrack(|| st.rows()).into_iter().find(|r| r.file == name).unwrap().id;
    st.remove(id_of("甲.json"));
    tick().await;
    assert_eq!(kept_texts(|t| t.len() == 2).await.len(), 2);
    st.remove(id_of("甲的副本.json"));
    let texts = kept_texts(|t| t.len() == 1).await;
    assert_eq!(texts, [(b, r#"{"b":2}"#.to_string())]);

    st.clear();
    assert!(kept_texts(|t| t.is_empty()).await.is_empty());
    assert!(emptied().await.packages.is_empty());
    drop(owner);
}

#[wasm_bindgen_test]
async fn a_desk_kept_in_the_first_layout_is_read_and_rewritten_in_the_new() {
    let _executor = executor();
    use shenbao_app::review::kept;
    let k = key(23);
    let package = package_named(&k, "旧版留存");
    // What the desk wrote before its texts had records of their own.
    let first_layout = json!([{ "name": "旧.json", "text": package }]).to_string();
    write_desk_record("packages", &first_layout).await;
    let owner = Owner::new();
    let st = owner.with(ReviewState::new);
    owner.with(|| kept::restore_into(st));
    until(|| st.ready.get_untracked()).await;
    let rows = untrack(|| st.rows());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].project, "旧版留存");
    assert!(st.kept_note.get_untracked().is_none(), "read, not set aside");

    st.add_package_text("新.json", r#"{"b":2}"#);
    // Both texts under their keys, and nothing else (what other desks left deleted).
    let key_of = |text: &str| shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(text.as_bytes()));
    let mut expected = vec![(key_of(&package), package.clone()), (key_of(r#"{"b":2}"#), r#"{"b":2}"#.to_string())];
    expected.sort();
    assert_eq!(kept_texts(|t| t == expected.as_slice()).await, expected);
    let record = shenbao_app::idb::get(shenbao_app::idb::DESK, "packages").await.unwrap().unwrap();
    assert!(record.contains("\"key\"") && !record.contains("\"text\""), "{record}");
    let again = kept::load().await.unwrap();
    assert_eq!(again.packages.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["旧.json", "新.json"]);
    assert_eq!(again.packages[0].text.as_deref(), Ok(package.as_str()));

    st.clear();
    assert!(kept_texts(|t| t.is_empty()).await.is_empty());
    drop(owner);
}

#[wasm_bindgen_test]
async fn a_desk_open_in_two_tabs_stops_writing_once_the_other_writes() {
    let _executor = executor();
    use shenbao_app::review::kept;
    let (one, two) = (Owner::new(), Owner::new());
    let a = one.with(ReviewState::new);
    let b = two.with(ReviewState::new);
    one.with(|| kept::keep_following(a, None));
    two.with(|| kept::keep_following(b, None));
    // Nothing changed yet: neither desk writes what it was given.
    tick().await;
    assert!(a.kept_note.get_untracked().is_none() && b.kept_note.get_untracked().is_none());

    a.add_package_text("甲.json", "{}");
    until(|| b.kept_note.get_untracked().is_some()).await;
    let note = b.kept_note.get_untracked().unwrap();
    assert!(note.0 && note.1.contains("另一个标签页"), "{note:?}");
    assert!(a.kept_note.get_untracked().is_none(), "the desk that wrote goes on");

    // What the told desk does is not written over the other's.
    b.add_package_text("乙.json", "{}");
    for _ in 0..5 {
        tick().await;
    }
    let stored = kept::load().await.unwrap();
    assert_eq!(stored.packages.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["甲.json"]);

    a.clear();
    assert!(emptied().await.packages.is_empty());
    drop(one);
    drop(two);
}

#[wasm_bindgen_test]
async fn a_package_s_documents_are_shown_as_text_never_markup() {
    let m = mount();
    let k = key(23);
    let name = "<img src=x onerror=alert(1)>项目";
    m.state.add_package_text("标记.json", &package_named(&k, name));
    tick().await;
    let id = untrack(|| m.state.rows())[0].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    let docs = m.el(".review-doc");
    assert!(docs.query_selector("img").unwrap().is_none(), "no element from the package's text");
    assert!(docs.text_content().unwrap().contains(name));
    // Labels, values and tables as before: a field's value under its label, a table's rows.
    assert!(docs.query_selector("#rv-f-project-basic-name dd").unwrap().unwrap().text_content().unwrap().contains(name));
    assert!(docs.query_selector("table.review-doc-table tbody tr th[scope=row]").unwrap().is_some());

    // A 说明 is the package's text too.
    m.el("#review-back").click();
    let note = "<b onmouseover=alert(1)>确有必要</b>";
    m.state.add_package_text("说明标记.json", &package_explained(&k, note));
    tick().await;
    let id = untrack(|| m.state.rows())[1].id;
    m.el(&format!("#review-view-{id}")).click();
    tick().await;
    let findings = m.el(".review-findings");
    assert!(findings.query_selector("b").unwrap().is_none());
    assert!(m.el(".review-justification-text").text_content().unwrap().contains(note));
    assert!(findings.query_selector("details summary").unwrap().is_some(), "the source disclosed under each finding");
    // The package's pack offers its regulation article by article.
    assert_eq!(m.el("#review-articles").text_content().unwrap(), "逐条对照");
    // A city rule's source offers its whole article (the finding found by its item's index).
    let toggle: web_sys::HtmlElement = findings.query_selector(".article-toggle").unwrap().expect("a Bazhong rule's article").unchecked_into();
    let item = toggle.closest("li[data-f]").unwrap().unwrap();
    let citation = item.query_selector(".citation").unwrap().unwrap().text_content().unwrap();
    toggle.click();
    for _ in 0..20 {
        if item.query_selector(".article-text").unwrap().is_some() {
            break;
        }
        tick().await;
    }
    let heading = item.query_selector(".article-text b").unwrap().expect("the article shown").text_content().unwrap();
    assert!(citation.contains(&heading), "{citation} shows {heading}");
    assert!(item.query_selector(".article-text mark").unwrap().is_some(), "its quotation marked");
}

#[wasm_bindgen_test]
async fn a_package_s_word_file_names_the_package_and_a_forged_one_no_signer() {
    let m = mount();
    let k = key(25);
    let text = package_named(&k, "页脚测试项目");
    m.state.add_package_text("真.json", &text);
    m.state.add_package_text("改.json", &tampered(&text));
    let items = m.state.items.get_untracked();
    let digest = |t: &str| {
        let env: Envelope = serde_json::from_str(t).unwrap();
        shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&env.payload_bytes().unwrap()))
    };
    let genuine = m.state.paper_seal(&items[0]).unwrap();
    let fp = shenbao_core::crypto::group_hex(&k.public_key().fingerprint().sm3_hex());
    assert_eq!(genuine.footer, format!("申报包摘要 SHA-256 {} · 签名人 李晓梅 · 公钥指纹 {fp}", digest(&text)));
    // The record closing the papers names the same package.
    let record = format!("{:?}", genuine.record.expect("a package's record"));
    assert!(record.contains(&digest(&text)) && record.contains(&items[0].v.payload.as_ref().unwrap().id), "{record}");
    let forged = m.state.paper_seal(&items[1]).unwrap();
    assert_eq!(forged.footer, format!("申报包摘要 SHA-256 {} · 签名不成立，内容未经证实", digest(&tampered(&text))));
    assert!(!format!("{:?}", forged.record).contains("李晓梅"), "a forged package's record names no signer");
    assert!(
        m.state
            .paper_seal(&{
                m.state.add_package_text("坏.json", "not a package");
                m.state.items.get_untracked()[2].clone()
            })
            .is_none()
    );

    // The detail offers the package's documents as a Word file, and the reviewer's opinion.
    m.state.selected.set(Some(items[0].id));
    tick().await;
    assert_eq!(m.el("#review-word").text_content().unwrap(), "导出 Word 文档");
    assert_eq!(m.el("#review-opinion").text_content().unwrap(), "导出审核意见（Word）");
    assert_eq!(items[0].payload_sha256.as_deref(), Some(digest(&text).as_str()));
}

/// Lets the page run one turn of its event loop (a zero timeout).
async fn one_turn() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn many_files_are_verified_a_few_at_a_time_and_the_page_answers_between() {
    let m = mount();
    let st = m.state;
    let n = 2 * shenbao_app::review::state::IN_TURN + 5;
    let files: Vec<(String, Result<String, String>)> = (0..n).map(|i| (format!("{i:03}.json"), Ok(format!("{{\"n\":{i}}}")))).collect();
    leptos::task::spawn_local(async move { st.add_files_in_turn(files).await });
    let mut seen = Vec::new();
    for _ in 0..200 {
        one_turn().await;
        let count = st.items.with_untracked(|i| i.len());
        if count < n {
            seen.push(st.announce.get_untracked());
        } else {
            break;
        }
    }
    assert_eq!(untrack(|| st.rows()).len(), n, "every file in the end");
    // The page ran between turns, and the desk said how far it had come; the files come onto
    // the desk together.
    let said: Vec<&String> = seen.iter().filter(|s| s.starts_with("正在核验")).collect();
    let turn = shenbao_app::review::state::IN_TURN;
    assert_eq!(said.first().map(|s| s.as_str()), Some(format!("正在核验申报包：{turn} / {n}").as_str()), "{seen:?}");
    assert!(said.iter().any(|s| **s == format!("正在核验申报包：{} / {n}", 2 * turn)), "{seen:?}");
    assert!(!st.announce.get_untracked().starts_with("正在核验"), "the summary at the end: {}", st.announce.get_untracked());
}

#[wasm_bindgen_test]
async fn the_opinions_on_every_listed_package_are_named_after_their_files() {
    let m = mount();
    let k = key(26);
    m.state.add_package_text("甲.json", &package_named(&k, "甲项目"));
    m.state.add_package_text("乙.json", &package_named(&k, "乙项目"));
    m.state.add_package_text("坏.json", "not a package");
    let items = m.state.items.get_untracked();
    m.state.set_mark(items[1].id, Decision::Correction, "请补充可研批复。", "2026-12-07 10:00");
    let (files, unreadable) = m.state.opinions();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["甲.审核意见.docx", "乙.审核意见.docx"], "in the table's order");
    assert_eq!(unreadable, ["坏.json"]);
    // Each the opinion the detail's button writes, with the reviewer's record.
    for (file, item) in files.iter().zip([&items[0], &items[1]]) {
        let (paper, footer) = m.state.opinion(item).unwrap();
        assert_eq!((&file.papers[..], &file.footer), (&[paper][..], &footer));
    }
    let second = format!("{:?}", files[1].papers);
    assert!(second.contains("需补正") && second.contains("请补充可研批复。"), "{second}");
    assert!(format!("{:?}", files[0].papers).contains("待处理"));
    // Who gives them, typed once on the desk: in every opinion, and remembered in the browser.
    let unit: web_sys::HtmlInputElement = m.el("#review-unit").unchecked_into();
    unit.set_value("巴中市政务服务和大数据管理局");
    unit.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    let reviewer: web_sys::HtmlInputElement = m.el("#review-reviewer").unchecked_into();
    reviewer.set_value("王审核");
    reviewer.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    let (files, _) = m.state.opinions();
    for f in &files {
        let text = format!("{:?}", f.papers);
        assert!(text.contains("巴中市政务服务和大数据管理局") && text.contains("王审核"), "{text}");
    }
    assert_eq!(ReviewState::new().reviewer.get_untracked(), "王审核", "remembered for the next desk");
    m.state.set_signoff(m.state.unit, shenbao_app::review::state::UNIT_STORAGE, String::new());
    m.state.set_signoff(m.state.reviewer, shenbao_app::review::state::REVIEWER_STORAGE, String::new());
    // Only what the table lists: filtered by text.
    m.state.query.set("乙".into());
    tick().await;
    let (files, unreadable) = m.state.opinions();
    assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["乙.审核意见.docx"]);
    assert!(unreadable.is_empty());
    // The toolbar's button.
    assert_eq!(m.el("#review-opinions").text_content().unwrap(), "导出审核意见（ZIP）");
}
