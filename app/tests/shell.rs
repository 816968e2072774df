//! The shell in a real browser (headless Chromium via wasm-bindgen-test-runner).

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn shell_lists_the_five_packs_with_title_status_and_validity() {
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
    drop(handle);
}
