//! The parts of the app whose code or data is loaded only when first shown: the signing panel
//! and the reviewer's desk (with the signature and package code they alone use), and a city's
//! rule pack (`crate::packs`), which the form waits for.
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

use std::future::Future;

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
            // The desk re-checks packages of any city: it needs every pack before its view is
            // built (the view re-verifies what the desk held), so the two are not fetched at once.
            Part::Review => {
                crate::packs::ready_all().await?;
                review_desk().await
            }
        }
    }
}

/// Shows `part` once its code is loaded (see [`Loading`]).
#[component]
pub fn Deferred(part: Part) -> impl IntoView {
    view! { <Loading label=part.label() load=move || part.load() /> }
}

/// Shows what `load` resolves to; a notice naming `label` while it loads; a message and a
/// retry button if it fails. Contexts reach the view as they would a child component's (it is
/// built under this component's owner once loaded). A load that is ready at once (code or
/// data already here) shows no notice. (A form waiting for its pack resolves to nothing and
/// lets the app open the form outside this Suspense, `lib.rs`: built inside it, the editor's
/// views were owned apart from the editor and could outlive its signals as it closed.)
#[component]
pub fn Loading<F, Fut>(label: &'static str, load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AnyView, LoadFailed>> + 'static,
{
    // Bumped by the retry button: the view below re-runs and starts a fresh load.
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=move || view! { <p class="part-loading" role="status">{s::PART_LOADING}{label}"…"</p> }>
            {move || {
                attempt.track();
                let loading = send_wrapper::SendWrapper::new(load());
                Suspend::new(async move {
                    match loading.await {
                        Ok(view) => view,
                        Err(LoadFailed) => view! {
                            <div class="banner banner-error part-failed" role="alert">
                                <p>{label}{s::PART_LOAD_FAILED}</p>
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
