//! The shell in a real browser (headless Chromium via wasm-bindgen-test-runner).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{document, sleep};

#[wasm_bindgen_test]
fn shell_lists_the_five_packs_with_title_status_validity_and_version() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), shenbao_app::App);
    let items = host.query_selector_all("li.pack").unwrap();
    assert_eq!(items.length(), 5);
    let text = host.text_content().unwrap();
    for city in ["德阳市罗江区", "巴中市", "遂宁市", "乌海市", "咸阳市"] {
        assert!(text.contains(city), "{city} missing");
    }
    assert!(text.contains("征求意见稿") && text.contains("试行") && text.contains("正式"));
    let suining = host.query_selector("li[data-pack=suining]").unwrap().unwrap().text_content().unwrap();
    assert!(suining.contains("2018-03-16 至 2020-03-15"), "{suining}");
    // The version in use: what a draft is checked against and a package pins.
    let version = shenbao_core::pack::builtin::heads().iter().find(|h| h.meta.id == "suining").unwrap().meta.version.clone();
    assert!(suining.contains(&format!("条规则 · v{version} ·")), "{suining}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_pack_s_regulation_opens_article_by_article_in_a_dialog() {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), shenbao_app::App);
    // Every built-in pack offers it, beside (not inside) the label that chooses the pack.
    assert_eq!(host.query_selector_all("li.pack > button.pack-articles").unwrap().length(), 5);
    let dialog = host.query_selector("#articles-dialog").unwrap().unwrap();
    assert!(!dialog.has_attribute("open"));
    let button: web_sys::HtmlElement = host.query_selector("#articles-wuhai").unwrap().unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "逐条对照：乌海市");
    button.click();
    assert!(dialog.has_attribute("open"), "shown as a modal dialog");
    let body = host.query_selector("#articles-body").unwrap().unwrap();
    for _ in 0..40 {
        if body.query_selector("ol.articles").unwrap().is_some() {
            break;
        }
        sleep(25).await;
    }
    let title = document().get_element_by_id("articles-title").unwrap().text_content().unwrap();
    assert_eq!(title, "《乌海市政务信息化项目建设管理暂行办法》逐条对照");
    assert_eq!(body.query_selector_all("li.article-row").unwrap().length(), 24);
    let text = body.text_content().unwrap();
    assert!(text.contains("共 24 条：19 条由本规则包的 57 条规则检查；不检查 5 条"), "{text}");
    assert!(text.contains("全部 58 处引文均已与原文逐字核对"), "{text}");
    assert!(host.query_selector("li.pack input:checked").unwrap().is_none(), "the button does not choose the pack");
    // Closed by its button; opened for another pack, it shows that pack's.
    host.query_selector("#articles-close").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    sleep(10).await;
    assert!(!dialog.has_attribute("open"));
    host.query_selector("#articles-xianyang").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    for _ in 0..40 {
        if body.text_content().unwrap().contains("條") && body.query_selector("ol.articles").unwrap().is_some() {
            break;
        }
        sleep(25).await;
    }
    assert_eq!(body.query_selector_all("li.article-row").unwrap().length(), 44);
    assert!(body.query_selector("#article-3 summary b").unwrap().unwrap().text_content().unwrap() == "第三條");
    host.query_selector("#articles-close").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    drop(handle);
}
