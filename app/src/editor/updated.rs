//! A draft last saved under an earlier version of its pack (`Draft::pack_version`): said when
//! it opens, with what the version in use finds otherwise than the one it was saved under.
//!
//! Why: after the bureau updates a pack, a draft reopened may show findings it did not show
//! yesterday. Said, with the difference, the user knows the rules moved, not their text.
//! The comparison runs in the signing part (`lazy::compare_code`), which the form loads
//! anyway, and the earlier version is one of the superseded packs the desk uses; where it is
//! not kept, the notice says only that the pack was updated.

use leptos::prelude::*;
use serde_json::Value;
use shenbao_core::RulePack;
use shenbao_core::engine::live::LiveCheck;

use crate::strings as s;

/// What `now` finds otherwise than `earlier` on `doc` (`report::under_current`), or nothing
/// when either cannot read it.
pub fn compared(doc: &Value, now: &RulePack, earlier: &RulePack) -> Option<String> {
    let check = |p| LiveCheck::new(p).check_doc(doc).ok();
    Some(shenbao_core::report::under_current(&check(now)?, &check(earlier)?))
}

/// The notice over the form of a draft saved under version `was` of `pack`, until dismissed.
#[component]
pub fn PackUpdated(pack: &'static RulePack, was: String, doc: RwSignal<Value>) -> impl IntoView {
    let shown = RwSignal::new(true);
    let difference = RwSignal::new(None::<String>);
    let said = s::PACK_UPDATED.replace("{city}", &pack.meta.city_name()).replace("{was}", &was).replace("{now}", &pack.meta.version);
    let lead = s::PACK_UPDATED_COMPARED.replace("{was}", &was);
    leptos::task::spawn_local(async move {
        if crate::packs::ready_earlier().await.is_err() {
            return;
        }
        let Some(earlier) = crate::packs::superseded().into_iter().find(|p| p.meta.id == pack.meta.id && p.meta.version == was) else { return };
        if let Ok(compare) = crate::lazy::compare_code().await
            && let Some(d) = doc.try_get_untracked()
        {
            difference.try_set(compare(&d, pack, earlier).map(|c| format!("{lead}{c}")));
        }
    });
    view! {
        <Show when=move || shown.get()>
            <div class="banner banner-info" id="pack-updated" role="status">
                <p>{said.clone()}</p>
                {move || difference.get().map(|d| view! { <p id="pack-updated-difference">{d}</p> })}
                <button type="button" on:click=move |_| shown.set(false)>{s::PACK_UPDATED_OK}</button>
            </div>
        </Show>
    }
}
