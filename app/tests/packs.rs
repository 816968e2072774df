//! Packs loaded from files in a real browser (headless Chromium via wasm-bindgen-test-runner):
//! a city that is not built in, with the text of its regulation and its coverage file beside
//! it, is read article by article like a built-in one. A file of its own (its own page), so
//! that the packs it loads are not listed in the other tests' start pages; one test, since
//! what it loads stays for the page's lifetime.

#![cfg(target_arch = "wasm32")]

use shenbao_app::packs::{self, Beside};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{answer_confirm, asked, document, restore_confirm, sleep};

const WUHAI_TEXT: &str = include_str!("../../core/regulations/003_db543abba44c7454.txt");
const BAZHONG_TEXT: &str = include_str!("../../core/regulations/001_14342659012a6c0d.txt");

/// 乌海's pack under another id: a city the app does not have built in.
fn sixth_pack() -> String {
    include_str!("../../core/packs/wuhai.json").replacen("\"id\": \"wuhai\"", "\"id\": \"wuhai-copy\"", 1).replace("\"wuhai.", "\"wuhai-copy.")
}

fn sixth_coverage() -> String {
    include_str!("../../core/regulations/wuhai.coverage.json").replacen("\"pack\": \"wuhai\"", "\"pack\": \"wuhai-copy\"", 1)
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}

#[wasm_bindgen_test]
async fn a_pack_loaded_with_its_regulation_reads_article_by_article() {
    // A text picked before any pack is loaded has nothing to go beside, and says so.
    let picked = shenbao_app::article::load_texts(files(&[("办法.txt", WUHAI_TEXT)]));
    assert!(picked.refused && picked.packs.is_empty());
    assert!(picked.lines[0].starts_with("“办法.txt”未载入：还没有载入规则包"), "{:?}", picked.lines);

    // Pack, coverage and text picked together, in any order and under any names: the pack is
    // loaded first, the text found by its words, the coverage by the pack it names. Another
    // regulation's text is not this pack's; a coverage file of a built-in pack is not loaded.
    let (pack, coverage) = (sixth_pack(), sixth_coverage());
    let builtin_coverage = include_str!("../../core/regulations/bazhong.coverage.json");
    let picked = shenbao_app::article::load_texts(files(&[
        ("说明.json", &coverage),
        ("原文（定稿）.txt", WUHAI_TEXT),
        ("规则包.json", &pack),
        ("巴中.txt", BAZHONG_TEXT),
        ("巴中说明.json", builtin_coverage),
        ("坏的.json", "{\"format\": \"shenbao.pack/1\""),
    ]));
    assert!(picked.refused);
    assert_eq!(picked.packs.iter().map(|p| p.meta.id.as_str()).collect::<Vec<_>>(), ["wuhai-copy"]);
    let lines = &picked.lines;
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert!(lines[0].starts_with("已载入规则包：乌海市《乌海市政务信息化项目建设管理暂行办法》v") && lines[0].ends_with("（57 条规则）"), "{lines:?}");
    assert!(lines[1].starts_with("规则包文件有误，未载入（坏的.json）："), "{lines:?}");
    assert_eq!(lines[2], "已载入乌海市《乌海市政务信息化项目建设管理暂行办法》的逐条对照说明（说明.json）：5 条说明了不检查的理由");
    assert_eq!(lines[3], "已载入乌海市《乌海市政务信息化项目建设管理暂行办法》的管理办法原文（原文（定稿）.txt）：规则包的 58 处引文都在原文所注的条款中");
    assert!(lines[4].starts_with("“巴中.txt”不是已载入规则包所依据的管理办法原文"), "{lines:?}");
    assert!(lines[5].starts_with("“巴中说明.json”是内置规则包的逐条对照说明"), "{lines:?}");

    // Its findings link to their article's full text, and its regulation reads article by
    // article; both kept in storage for the next visit.
    assert_eq!(packs::with_regulation("wuhai-copy.4.gov-cloud"), Some("wuhai-copy"));
    assert_eq!(packs::with_regulation("wuhai.4.gov-cloud"), Some("wuhai"), "the built-in pack's own");
    assert_eq!(packs::articles_of("wuhai-copy"), Some("wuhai-copy"));
    assert_eq!(packs::beside("wuhai-copy", Beside::Regulation).await.unwrap(), WUHAI_TEXT);
    let storage = shenbao_app::dom::local_storage().unwrap();
    assert_eq!(storage.get_item("shenbao.packs.wuhai-copy.regulation").unwrap().as_deref(), Some(WUHAI_TEXT));
    assert_eq!(storage.get_item("shenbao.packs.wuhai-copy.coverage").unwrap(), Some(coverage.clone()));

    // On the start page: the loaded pack listed with 「逐条对照」, which opens its regulation
    // with its coverage's reasons, every quotation checked.
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), shenbao_app::App);
    assert_eq!(host.query_selector_all("li.pack").unwrap().length(), 6);
    let button: web_sys::HtmlElement = host.query_selector("#articles-wuhai-copy").unwrap().expect("its 逐条对照").unchecked_into();
    button.click();
    let body = host.query_selector("#articles-body").unwrap().unwrap();
    for _ in 0..80 {
        if body.query_selector("ol.articles").unwrap().is_some() {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(body.query_selector_all("li.article-row").unwrap().length(), 24);
    let text = body.text_content().unwrap();
    assert!(text.contains("共 24 条：19 条由本规则包的 57 条规则检查；不检查 5 条"), "{text}");
    assert!(text.contains("全部 58 处引文均已与原文逐字核对"), "{text}");
    host.query_selector("#articles-close").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    drop(handle);

    // A pack whose first rule cites the wrong article: the text is still its regulation (most
    // of its quotations are there), and the line names the rule that is not where it says.
    let pack = sixth_pack().replacen("\"id\": \"wuhai-copy\"", "\"id\": \"wuhai-drift\"", 1).replace("\"wuhai-copy.", "\"wuhai-drift.");
    let first_article = {
        let v: serde_json::Value = serde_json::from_str(&pack).unwrap();
        v["rules"][0]["citation"]["article"].as_str().unwrap().to_string()
    };
    let pack = pack.replacen(&format!("\"article\": \"{first_article}\""), "\"article\": \"第二十三条\"", 1);
    let picked = shenbao_app::article::load_texts(files(&[("drift.json", &pack), ("乌海.txt", WUHAI_TEXT)]));
    assert!(!picked.refused, "{:?}", picked.lines);
    let line = picked.lines.iter().find(|l| l.contains("乌海.txt")).unwrap();
    assert!(line.contains("规则包的 58 处引文中，1 处不在原文所注的条款中（wuhai-drift.") && line.contains("第二十三条"), "{line}");
    assert_eq!(packs::articles_of("wuhai-drift"), Some("wuhai-drift"));

    // Told apart by their format, not by words in them: a pack whose notes name the coverage
    // format is a pack; a coverage file broken mid-way is told as one.
    let noted = pack.replacen("\"notes\": \"", "\"notes\": \"见 shenbao.coverage/1 文件。", 1).replace("wuhai-drift", "wuhai-noted");
    assert!(noted.contains("见 shenbao.coverage/1"), "the pack has notes to add to");
    let broken: &str = &sixth_coverage().chars().take(120).collect::<String>();
    let picked = shenbao_app::article::load_texts(files(&[("noted.json", &noted), ("broken.coverage.json", broken)]));
    assert!(picked.lines[0].starts_with("已载入规则包："), "{:?}", picked.lines);
    assert!(picked.lines[1].starts_with("逐条对照说明文件有误，未载入（broken.coverage.json）："), "{:?}", picked.lines);

    // The same id loaded again: the same file, a new version, an earlier version, or the same
    // version altered each says so. Another version's file is kept as a superseded one, in
    // storage too (a package pins its pack's exact content); the same version altered is not
    // (one of the two files was altered). The text stays.
    let again = |pack: &str| shenbao_app::article::load_texts(files(&[("again.json", pack)])).lines.remove(0);
    let earlier = || packs::superseded().iter().filter(|p| p.meta.id == "wuhai-drift").map(|p| p.meta.version.clone()).collect::<Vec<_>>();
    let stored_earlier = || storage.get_item("shenbao.packs.earlier").unwrap().map(|t| serde_json::from_str::<Vec<String>>(&t).unwrap()).unwrap_or_default();
    assert!(again(&pack).ends_with("（57 条规则），与此前载入的相同"), "{}", again(&pack));
    assert!(earlier().is_empty());
    let newer = pack.replacen("\"version\": \"2023.9.1\"", "\"version\": \"2023.9.2\"", 1);
    let line = again(&newer);
    assert!(line.ends_with("，替换了此前载入的 v2023.9.1（仍作为早先版本保留，按它签名的申报包仍可复核）"), "{line}");
    assert_eq!(earlier(), ["2023.9.1"]);
    assert_eq!(stored_earlier(), vec![pack.clone()]);
    // An earlier version picked after a later one is kept as such; the later stays in use, also
    // for the next visit.
    let oldest = pack.replacen("\"version\": \"2023.9.1\"", "\"version\": \"2023.8.1\"", 1);
    let line = again(&oldest);
    assert!(line.ends_with("，比已载入的 v2023.9.2 旧：现行的仍是后者，此文件作为早先版本保留，按它签名的申报包可以复核"), "{line}");
    assert_eq!(packs::get("wuhai-drift").unwrap().meta.version, "2023.9.2");
    let remembered: std::collections::BTreeMap<String, String> = serde_json::from_str(&storage.get_item("shenbao.packs").unwrap().unwrap()).unwrap();
    assert_eq!(remembered["wuhai-drift"], newer);
    assert_eq!(earlier(), ["2023.9.1", "2023.8.1"]);
    assert!(again(&pack).contains("，比已载入的 v2023.9.2 旧"));
    assert_eq!(earlier(), ["2023.9.1", "2023.8.1"], "a file kept once");
    let altered = newer.replacen("\"title\": \"", "\"title\": \"改动", 2);
    assert!(again(&altered).contains("替换了此前载入的同一版本，但两者内容不同"), "{}", again(&altered));
    assert_eq!(earlier(), ["2023.9.1", "2023.8.1"], "the file the altered one replaced is not kept");
    assert_eq!(stored_earlier().len(), 2);
    assert_eq!(packs::articles_of("wuhai-drift"), Some("wuhai-drift"));

    // Removed, once confirmed: its earlier versions go with it, and the question names them.
    answer_confirm(true);
    assert!(shenbao_app::article::remove_pack("wuhai-drift"));
    assert!(asked().contains("此前保留的早先版本（v2023.9.1、v2023.8.1）一并移除。"), "{}", asked());
    restore_confirm();
    assert!(earlier().is_empty());
    assert!(stored_earlier().is_empty());
    assert!(packs::get("wuhai-drift").is_none());

    // Storage full: the pack is loaded for this page, and its line says it was not kept.
    let full = |on: bool| {
        let js = if on {
            "Storage.prototype.kept = Storage.prototype.setItem; Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); }"
        } else {
            "Storage.prototype.setItem = Storage.prototype.kept"
        };
        js_sys::Function::new_no_args(js).call0(&wasm_bindgen::JsValue::NULL).unwrap();
    };
    full(true);
    let line = again(&sixth_pack().replace("wuhai-copy", "wuhai-full"));
    full(false);
    assert!(line.ends_with("（57 条规则）（本浏览器存储空间不足，未能保存：刷新页面后需重新载入）"), "{line}");
    assert!(packs::get("wuhai-full").is_some(), "loaded for this page");
    let remembered: std::collections::BTreeMap<String, String> = serde_json::from_str(&storage.get_item("shenbao.packs").unwrap().unwrap()).unwrap();
    assert!(!remembered.contains_key("wuhai-full") && remembered.contains_key("wuhai-copy"), "{:?}", remembered.keys());
}
