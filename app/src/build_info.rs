//! The version and build hash, as the build wrote them into the page
//! (`<meta name="shenbao-version">` and `<meta name="shenbao-build">`, see
//! scripts/render_index.py and scripts/build_usb.py), for an unobtrusive footer.

/// 「申报通 v0.1.0 · 构建 abcd1234」, or None when the page has no build metadata
/// (e.g. under `trunk serve` or in tests).
pub fn build_label() -> Option<String> {
    let version = meta("shenbao-version")?;
    let build = meta("shenbao-build")?;
    Some(format!("申报通 v{version} · 构建 {build}"))
}

fn meta(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document.query_selector(&format!("meta[name=\"{name}\"]")).ok()??;
    let content = element.get_attribute("content")?;
    let content = content.trim();
    (!content.is_empty()).then(|| content.to_string())
}
