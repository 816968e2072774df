//! The parts of the app whose code is loaded only when first shown: the signing panel and the
//! reviewer's desk (with the signature and package code they alone use).
//!
//! Why: half of the wasm is signing, verification and their views, which a department filling
//! in a form needs only at the end and a reviewer needs instead of the form. The web build
//! (`scripts/build-web`, with `--cfg shenbao_split`) cuts the wasm at the functions declared
//! here with `wasm-split-cli`: the start page and the form come from the main module, and each
//! part's code from its own file, fetched on first use (the service worker precaches them all,
//! so this works offline; the one-file build embeds them). Other builds (tests, `cargo check`)
//! call the same functions directly.
//!
//! A part that fails to load (a network error, a file missing from a half-updated server)
//! shows a message with a retry button: the load is retried from scratch, and nothing the user
//! has typed is touched. While it loads, a short notice holds its place.

use leptos::prelude::*;

use crate::strings as s;

/// A part's code could not be fetched or instantiated. The details are in the browser's
/// console (the loader logs them); the user gets [`s::PART_LOAD_FAILED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadFailed;

#[cfg(shenbao_split)]
impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Declares a split point: a function returning a part's view, in its own wasm module in the
/// split build (`wasm_split`'s `fallible` load: a failure is an `Err`, not an abort), an
/// ordinary async function elsewhere.
macro_rules! split_point {
    ($(#[$doc:meta])* $name:ident in $module:ident => $view:expr) => {
        $(#[$doc])*
        #[cfg(shenbao_split)]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $name() -> Result<AnyView, LoadFailed> {
            Ok($view.into_any())
        }
        $(#[$doc])*
        #[cfg(not(shenbao_split))]
        async fn $name() -> Result<AnyView, LoadFailed> {
            Ok($view.into_any())
        }
    };
}

split_point! {
    /// The signing panel (keys, signing, export): crypto, DSSE and the key views.
    sign_panel in sign => view! { <crate::signing::SignPanel /> }
}

split_point! {
    /// The reviewer's desk: verification, trust lists, the results table.
    review_desk in review => view! { <crate::review::ReviewDesk /> }
}

/// Which part a [`Deferred`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Sign,
    Review,
}

impl Part {
    fn label(self) -> &'static str {
        match self {
            Part::Sign => s::PART_SIGN,
            Part::Review => s::PART_REVIEW,
        }
    }

    async fn load(self) -> Result<AnyView, LoadFailed> {
        match self {
            Part::Sign => sign_panel().await,
            Part::Review => review_desk().await,
        }
    }
}

/// Shows `part` once its code is loaded; a notice while it loads; a message and a retry
/// button if the load fails. Contexts reach the part as they would a child component (the
/// view is built under this component's owner once the code is there).
#[component]
pub fn Deferred(part: Part) -> impl IntoView {
    // Bumped by the retry button: the view below re-runs and starts a fresh load.
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! { <p class="part-loading" role="status">{s::PART_LOADING}{part.label()}"…"</p> }>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    match part.load().await {
                        Ok(view) => view,
                        Err(LoadFailed) => view! {
                            <div class="banner banner-error part-failed" role="alert">
                                <p>{part.label()}{s::PART_LOAD_FAILED}</p>
                                <button type="button" class="part-retry" on:click=move |_| attempt.update(|n| *n += 1)>{s::RETRY}</button>
                            </div>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
