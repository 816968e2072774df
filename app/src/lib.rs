//! Shenbao web app (Leptos, client-side rendered): choose a city pack and documents, fill them
//! in with live checks from `shenbao-core`, with drafts that autosave in the browser.
//!
//! Modules: `start` (start page, drafts list), `editor` (the form, generated from the field
//! registry; findings; autosave), `storage` (drafts in localStorage with revisions), `draft`,
//! `packs` (packs loaded from files), `dom` (browser helpers), `strings` (all UI text).

pub mod article;
pub mod build_info;
pub mod compared;
pub mod dom;
pub mod draft;
pub mod editor;
pub mod idb;
pub mod lazy;
pub mod listed;
pub mod packs;
pub mod print;
pub mod review;
pub mod signing;
pub mod start;
pub mod storage;
pub mod strings;
pub mod word;

use leptos::prelude::*;

use draft::Draft;

const LAST_KEY: &str = "shenbao.last";

/// Remembers the draft being edited, so reopening the page restores it.
pub fn remember_last(id: &str) {
    if let Some(s) = dom::local_storage() {
        let _ = s.set_item(LAST_KEY, id);
    }
}

fn forget_last() {
    if let Some(s) = dom::local_storage() {
        let _ = s.remove_item(LAST_KEY);
    }
}

fn last_draft() -> Option<Draft> {
    let id = dom::local_storage()?.get_item(LAST_KEY).ok()??;
    storage::with(|s| s.load(&id))
}

/// The application root.
#[component]
pub fn App() -> impl IntoView {
    packs::restore();
    let editing = RwSignal::new(last_draft());
    let reviewing = RwSignal::new(false);
    // Bumped when a form's pack has been fetched: the form can open.
    let pack_arrived = RwSignal::new(0u32);
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
            <div>
                <h1>{strings::APP_NAME}</h1>
                <p class="tagline">{strings::APP_TAGLINE}</p>
            </div>
            <nav class="modes" aria-label=strings::MODES>
                <button type="button" id="mode-fill" aria-pressed=move || (!reviewing.get()).to_string() on:click=move |_| reviewing.set(false)>{strings::MODE_FILL}</button>
                <button type="button" id="mode-review" aria-pressed=move || reviewing.get().to_string() on:click=move |_| reviewing.set(true)>{strings::MODE_REVIEW}</button>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {move || if reviewing.get() {
                view! { <lazy::Deferred part=lazy::Part::Review /> }.into_any()
            } else {
                match editing.get() {
                    // Re-read from storage: the editor may have saved newer revisions since opening.
                    Some(d) => {
                        let d = storage::with(|st| st.load(&d.id)).unwrap_or(d);
                        pack_arrived.track();
                        if packs::at_hand(&d.pack_id) {
                            view! { <editor::Editor draft=d on_close=close /> }.into_any()
                        } else {
                            // The city's pack file first (the split build fetches it); the
                            // form then opens here, outside the loader's Suspense, so that
                            // the editor owns everything its views read.
                            let id = d.pack_id;
                            let load = move || {
                                let id = id.clone();
                                async move {
                                    packs::ready(&id).await?;
                                    pack_arrived.update(|n| *n += 1);
                                    Ok(().into_any())
                                }
                            };
                            view! { <lazy::Loading label=strings::PART_PACK load=load /> }.into_any()
                        }
                    }
                    None => view! { <start::Start on_open=open /> }.into_any(),
                }
            }}
        </main>
        <footer class="app-footer">{build_info::build_label()}</footer>
        // 「逐条对照」 (start page, editor): static markup, filled when opened (`lazy::articles`).
        <div inner_html=strings::ARTICLES_DIALOG></div>
    }
}
