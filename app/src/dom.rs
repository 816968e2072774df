//! Small browser helpers: ids, time, downloads, reading files, focus.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A random id (hex) for drafts.
pub fn new_id() -> String {
    let mut b = [0u8; 12];
    if getrandom::fill(&mut b).is_err() {
        // No randomness (never expected in a browser): fall back to the clock.
        let t = now_ms() as u64;
        b[..8].copy_from_slice(&t.to_le_bytes());
    }
    shenbao_core::crypto::hex(&b)
}

/// The page's `localStorage`, if the browser grants it (not in some private modes, nor when
/// blocked by policy): callers then simply do not remember.
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `HH:MM:SS` local time of a timestamp.
pub fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
}

/// `YYYY-MM-DD HH:MM` local time of a timestamp.
pub fn date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!("{}-{:02}-{:02} {:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// Offers `bytes` as a file download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(|_| "无法生成文件".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "无法生成下载链接".to_string())?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("无法访问页面")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| "无法生成下载链接")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.style().set_property("display", "none").ok();
    document.body().ok_or("无法访问页面")?.append_child(&a).ok();
    a.click();
    a.remove();
    // Revoke later: some browsers start the download asynchronously.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// Reads a picked file as UTF-8 text, strictly: a file larger than any Shenbao file could be
/// is refused before it is read (a 50 MB attachment picked by mistake must not freeze the
/// page), and bytes that are not UTF-8 are an error naming where, never silently replaced.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    let limit = shenbao_core::input::MAX_PACKAGE_BYTES;
    shenbao_core::input::check_size(file.size() as usize, limit).map_err(|e| format!("“{}”{e}", file.name()))?;
    let bytes = read_bytes(file.clone()).await?;
    shenbao_core::input::text(&bytes, limit).map(str::to_string).map_err(|e| format!("“{}”{e}", file.name()))
}

/// Reads picked files as text, in order: (name, text) for each read, and a line for each
/// that could not be (too large, not UTF-8), saying why.
pub async fn read_texts(files: Vec<web_sys::File>) -> (Vec<(String, String)>, Vec<String>) {
    let (mut read, mut unread) = (Vec::new(), Vec::new());
    for file in files {
        let name = file.name();
        match read_text(file).await {
            Ok(text) => read.push((name, text)),
            Err(e) => unread.push(e),
        }
    }
    (read, unread)
}

/// Reads a picked file's bytes.
pub async fn read_bytes(file: web_sys::File) -> Result<Vec<u8>, String> {
    let v = JsFuture::from(file.array_buffer()).await.map_err(|_| format!("无法读取文件“{}”", file.name()))?;
    Ok(js_sys::Uint8Array::new(&v).to_vec())
}

/// The files chosen in an `<input type=file>` change event.
pub fn picked_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return Vec::new() };
    let mut out = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                out.push(f);
            }
        }
    }
    // Allow picking the same file again later.
    input.set_value("");
    out
}

/// Scrolls to and focuses the element with `id` (or its first focusable descendant).
pub fn focus(id: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Some(el) = doc.get_element_by_id(id) else { return false };
    let target = if el.matches("input, select, textarea, button, [tabindex]").unwrap_or(false) {
        el
    } else {
        el.query_selector("input, select, textarea, button").ok().flatten().unwrap_or(el)
    };
    // To the middle of the window, not its top edge: the field's label above it and its
    // findings below stay in sight.
    let at = web_sys::ScrollIntoViewOptions::new();
    at.set_block(web_sys::ScrollLogicalPosition::Center);
    target.scroll_into_view_with_scroll_into_view_options(&at);
    if let Some(h) = target.dyn_ref::<web_sys::HtmlElement>() {
        let _ = h.focus();
        return true;
    }
    false
}

/// Focuses `id` after the current render (for elements that an action is about to create).
pub fn focus_later(id: String) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        focus(&id);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 0);
    }
}

/// The browser's confirmation dialog.
pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// An element id for a concrete field path: `project.cost_estimate.items[2].amount` →
/// `f-project-cost_estimate-items-2-amount`.
pub fn field_id(path: &str) -> String {
    let mut s = String::from("f-");
    for c in path.chars() {
        s.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' });
    }
    while s.ends_with('-') {
        s.pop();
    }
    s.replace("--", "-")
}

/// Escapes text for HTML element content and attribute values: for markup the app writes
/// itself (the key registration sheet, a finding's static parts, the papers), never for markup
/// it reads. The same escaping as the Word file's.
pub use shenbao_core::paper::escape as escape_html;

/// Marks a moment of a keystroke's way through the editor (`performance.mark`), which
/// `bench/web/stages.mjs` reads to tell where a keystroke's time goes. Only in a build made
/// with `--cfg shenbao_stages`; in any other build it is nothing at all.
#[inline(always)]
pub fn stage(_name: &str) {
    #[cfg(shenbao_stages)]
    {
        thread_local! {
            static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
        }
        PERFORMANCE.with(|p| {
            if let Some(p) = p {
                let _ = p.mark(_name);
            }
        });
    }
}

/// Says `message` in the browser's alert: for a failure right after a click, where nothing on
/// the page changed and the message must not be missed.
pub fn alert(message: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.alert_with_message(message);
    }
}
