//! A draft last saved under an earlier version of its pack (`Draft::pack_version`): said when
//! it opens, with what the version in use finds otherwise than the one it was saved under.
//!
//! Why: after the bureau updates a pack, a draft reopened may show findings it did not show
//! yesterday. Said, with the difference, the user knows the rules moved, not their text.
//! The notice is built, and the comparison made, by the signing part (`lazy::pack_updated`),
//! which the form loads anyway, so the first module holds only the check that versions
//! differ. The earlier version is one of the superseded packs the desk uses; where it is not
//! kept, the notice says only that the pack was updated.

use serde_json::Value;
use shenbao_core::RulePack;
use shenbao_core::engine::live::LiveCheck;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use crate::strings as s;

/// The notice's element id.
pub const NOTICE_ID: &str = "pack-updated";
/// Its line saying what the version in use finds otherwise.
pub const DIFFERENCE_ID: &str = "pack-updated-difference";

/// What `now` finds otherwise than `earlier` on `doc` (`report::under_current`), or nothing
/// when either cannot read it.
pub fn compared(doc: &Value, now: &RulePack, earlier: &RulePack) -> Option<String> {
    let check = |p| LiveCheck::new(p).check_doc(doc).ok();
    Some(shenbao_core::report::under_current(&check(now)?, &check(earlier)?))
}

/// Puts the notice over the form (before `before`, the element with that id) for a draft
/// saved under version `was` of `pack`, its document `doc` as opened; then fetches the
/// earlier version and adds what the version in use finds otherwise. Dismissed by its button.
pub fn show(pack: &'static RulePack, was: String, doc: Value, before: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(anchor) = document.get_element_by_id(before) else { return };
    let element = |tag: &str, text: &str| {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let said = s::PACK_UPDATED.replace("{city}", &pack.meta.city_name()).replace("{was}", &was).replace("{now}", &pack.meta.version);
    let (Some(notice), Some(line), Some(difference), Some(button)) =
        (element("div", ""), element("p", &said), element("p", ""), element("button", s::PACK_UPDATED_OK))
    else {
        return;
    };
    notice.set_id(NOTICE_ID);
    notice.set_class_name("banner banner-info");
    let _ = notice.set_attribute("role", "status");
    difference.set_id(DIFFERENCE_ID);
    let _ = difference.set_attribute("hidden", "");
    let _ = button.set_attribute("type", "button");
    // Hidden, not removed: it goes with the editor's element.
    let hide = notice.clone();
    let dismiss = Closure::once_into_js(move || {
        let _ = hide.set_attribute("hidden", "");
    });
    let _ = button.add_event_listener_with_callback("click", dismiss.unchecked_ref());
    for child in [&line, &difference, &button] {
        let _ = notice.append_child(child);
    }
    let _ = anchor.before_with_node_1(&notice);

    let lead = s::PACK_UPDATED_COMPARED.replace("{was}", &was);
    leptos::task::spawn_local(async move {
        if crate::packs::ready_earlier().await.is_err() {
            return;
        }
        let Some(earlier) = crate::packs::superseded().into_iter().find(|p| p.meta.id == pack.meta.id && p.meta.version == was) else { return };
        if let Some(d) = compared(&doc, pack, earlier) {
            difference.set_text_content(Some(&format!("{lead}{d}")));
            let _ = difference.remove_attribute("hidden");
        }
    });
}
