//! Helpers shared by the browser tests (each `tests/*.rs` file is its own crate and page, and
//! includes this module): the page, waiting for timers and frames, events as the browser
//! fires them, files as a picker gives them, and `window.confirm` answered.

// Each test crate uses some of these.
#![allow(dead_code)]

use wasm_bindgen::JsCast;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Resolves after `ms` milliseconds (Leptos's scheduled effects have run by then).
pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Resolves at the next animation frame (after the page's own frame callbacks registered
/// earlier).
pub async fn next_frame() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Fires a bubbling `event` at `el`, as the browser does after a user's edit.
pub fn fire(el: &web_sys::EventTarget, event: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

/// A file named `name` holding `text`, as a file picker gives it.
pub fn file(name: &str, text: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    web_sys::File::new_with_str_sequence(&parts, name).unwrap()
}

/// Replaces `window.confirm` with one that answers `yes` and keeps the question in
/// `window.__asked`; [`asked`] reads it (empty when nothing was asked).
pub fn answer_confirm(yes: bool) {
    let f = js_sys::Function::new_with_args("m", &format!("window.__asked = m; return {yes}"));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"confirm".into(), &f).unwrap();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__asked".into(), &"".into()).unwrap();
}

/// The browser's own `window.confirm` again.
pub fn restore_confirm() {
    js_sys::Reflect::delete_property(web_sys::window().unwrap().unchecked_ref::<js_sys::Object>(), &"confirm".into()).unwrap();
}

/// What the last `window.confirm` asked since [`answer_confirm`].
pub fn asked() -> String {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__asked".into()).unwrap().as_string().unwrap_or_default()
}
