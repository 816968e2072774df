//! Shenbao web app (Leptos, client-side rendered): choose a city pack and documents, fill them
//! in with live checks from `shenbao-core`, with drafts that autosave in the browser.
//!
//! Modules: `start` (start page, drafts list), `editor` (the form, generated from the field
//! registry; findings; autosave), `storage` (drafts in localStorage with revisions), `draft`,
//! `packs` (packs loaded from files), `dom` (browser helpers), `strings` (all UI text).

pub mod dom;
pub mod draft;
pub mod editor;
pub mod packs;
pub mod start;
pub mod storage;
pub mod strings;

use leptos::prelude::*;

use draft::Draft;

const LAST_KEY: &str = "shenbao.last";

/// Remembers the draft being edited, so reopening the page restores it.
pub fn remember_last(id: &str) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LAST_KEY, id);
    }
}

fn forget_last() {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(LAST_KEY);
    }
}

fn last_draft() -> Option<Draft> {
    let id = web_sys::window()?.local_storage().ok()??.get_item(LAST_KEY).ok()??;
    storage::with(|s| s.load(&id))
}

/// The application root.
#[component]
pub fn App() -> impl IntoView {
    packs::restore();
    let editing = RwSignal::new(last_draft());
    let open = Callback::new(move |d: Draft| {
        remember_last(&d.id);
        editing.set(Some(d));
    });
    let close = Callback::new(move |_| {
        forget_last();
        editing.set(None);
    });
    view! {
        <a class="skip" href="#main">"跳到主要内容"</a>
        <header class="app-header">
            <h1>{strings::APP_NAME}</h1>
            <p class="tagline">{strings::APP_TAGLINE}</p>
        </header>
        <main id="main" tabindex="-1">
            {move || match editing.get() {
                Some(d) => view! { <editor::Editor draft=d on_close=close /> }.into_any(),
                None => view! { <start::Start on_open=open /> }.into_any(),
            }}
        </main>
    }
}
