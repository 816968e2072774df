//! The parts of the app whose code or data is loaded only when first shown or used: the signing
//! panel and the reviewer's desk (with the signature and package code they alone use), a
//! table's cells to and from a spreadsheet, the reading of a package opened as a draft, the
//! Word export, and a city's rule pack (`crate::packs`), which the form waits for.
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

/// What a split point returns: its part's view, built when called. Built apart from loading,
/// so that a part can be loaded while its data is fetched, and built once both are there.
type Build = Box<dyn FnOnce() -> AnyView>;

/// Declares a split point: a function returning what its part gives (a view builder, a
/// function), in its own wasm module in the split build (`wasm_split`'s `fallible` load: a
/// failure is an `Err`, not an abort), an ordinary async function elsewhere.
macro_rules! split_point {
    ($(#[$doc:meta])* $vis:vis $name:ident in $module:ident -> $ty:ty = $value:expr) => {
        $(#[$doc])*
        #[cfg(shenbao_split)]
        #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name() -> Result<$ty, LoadFailed> {
            Ok($value)
        }
        $(#[$doc])*
        #[cfg(not(shenbao_split))]
        $vis async fn $name() -> Result<$ty, LoadFailed> {
            Ok($value)
        }
    };
}

split_point! {
    /// The signing panel (keys, signing, export): crypto, DSSE and the key views.
    sign_panel in sign -> Build = Box::new(|| view! { <crate::signing::SignPanel /> }.into_any())
}

split_point! {
    /// The reviewer's desk: verification, trust lists, the results table.
    review_desk in review -> Build = Box::new(|| view! { <crate::review::ReviewDesk /> }.into_any())
}

/// Reads a signed package's contents for a new draft (`draft::package_contents`).
type PackageContents = fn(&serde_json::Value) -> Result<crate::draft::Reopened, String>;

split_point! {
    /// Reading a signed package opened as a draft: its envelope, base64 and payload.
    pub package_contents in reopen -> PackageContents = crate::draft::package_contents
}

/// Reads files picked to import as drafts (`start::import_files`).
type ImportCode = fn(Vec<web_sys::File>, crate::start::StartImport);

split_point! {
    /// The start page's 「导入草稿文件」: reading draft files, submissions and signed
    /// packages as new drafts, with the package reader it may need.
    import_code in reopen -> ImportCode = crate::start::import_files
}

/// Imports the picked `files` as drafts once that code is here; if it cannot be loaded, says
/// so on the start page (nothing is imported, nothing kept is touched).
pub fn import_drafts(files: Vec<web_sys::File>, to: crate::start::StartImport) {
    leptos::task::spawn_local(async move {
        match import_code().await {
            Ok(import) => import(files, to),
            Err(LoadFailed) => to.message.set(Some(s::IMPORT_LOAD_FAILED.into())),
        }
    });
}

/// Downloads a draft's file with what is kept for it (`signing::kept::export_draft`).
type ExportCode = fn(crate::draft::Draft);

split_point! {
    /// A draft's file with the attachments kept for it (IndexedDB): the signing part's code,
    /// which the form loads anyway.
    export_code in sign -> ExportCode = crate::signing::kept::export_draft
}

/// Downloads `draft`'s file with what is kept for it; if that code cannot be loaded, the draft
/// alone: the user's work is never held back by a part that did not come.
pub fn export_draft(draft: crate::draft::Draft) {
    leptos::task::spawn_local(async move {
        match export_code().await {
            Ok(export) => export(draft),
            Err(LoadFailed) => {
                if let Ok(text) = serde_json::to_string_pretty(&draft) {
                    crate::draft::download(&draft, &text);
                }
            }
        }
    });
}

/// Says over the form that a draft was saved under an earlier version of its pack
/// (`editor::updated::show`).
type PackUpdatedCode = fn(&'static shenbao_core::RulePack, String, serde_json::Value, &str);

split_point! {
    /// The notice over a draft saved under an earlier version of its pack, and the comparison
    /// of its findings under both: the signing part's code, which the form loads anyway.
    pack_updated_code in sign -> PackUpdatedCode = crate::editor::updated::show
}

/// Says over the form, before the element `before`, that the draft was saved under version
/// `was` of `pack` (`editor::updated`). If that code cannot be loaded, nothing is said: the
/// form is the same either way.
pub fn pack_updated(pack: &'static shenbao_core::RulePack, was: String, doc: serde_json::Value, before: &'static str) {
    leptos::task::spawn_local(async move {
        if let Ok(show) = pack_updated_code().await {
            show(pack, was, doc, before);
        }
    });
}

/// Does something with a table's cells: the editor, the table's element id, what.
type CellsCode = fn(crate::editor::EditorCtx, String, crate::editor::paste::Cells);

split_point! {
    /// A table's cells to and from a spreadsheet (`editor::paste`, `shenbao_core::paste`):
    /// pasting a block of cells, copying the table. Loaded on the first of them.
    cells_code in paste -> CellsCode = crate::editor::paste::apply
}

/// Does `action` on the table whose element is `table` once the code is here (at once after
/// the first time). If it cannot be loaded, says so; the table is untouched.
pub fn cells(ctx: crate::editor::EditorCtx, table: String, action: crate::editor::paste::Cells) {
    leptos::task::spawn_local(async move {
        match cells_code().await {
            Ok(apply) => apply(ctx, table, action),
            Err(LoadFailed) => crate::dom::alert(s::TABLE_CELLS_LOAD_FAILED),
        }
    });
}

/// Starts importing a whole plan into a group's sections (`editor::outline::start`).
type OutlineCode = fn(crate::editor::EditorCtx, &'static str, crate::editor::outline::Start);

split_point! {
    /// A whole 需求方案 split into the form's sections by its headings (`editor::outline`,
    /// `shenbao_core::outline`), pasted or read from a .docx (`shenbao_core::paper::unzip`,
    /// `wordtext`). Loaded on the first 「导入整份需求方案」 or the first lines pasted into a
    /// box of the plan.
    outline_code in outline -> OutlineCode = crate::editor::outline::start
}

/// Starts importing into `group`'s sections from `start` once the code is here. If it cannot
/// be loaded: from the button, says so; after a paste, nothing (the paste stands as made).
pub fn outline(ctx: crate::editor::EditorCtx, group: &'static str, start: crate::editor::outline::Start) {
    leptos::task::spawn_local(async move {
        let from_button = matches!(start, crate::editor::outline::Start::Button);
        match outline_code().await {
            Ok(begin) => begin(ctx, group, start),
            Err(LoadFailed) if from_button => crate::dom::alert(s::OUTLINE_LOAD_FAILED),
            Err(LoadFailed) => {}
        }
    });
}

/// Downloads a document's papers as Word, sealed (`word::download`).
type WordCode = fn(&serde_json::Value, Option<&shenbao_core::Report>, &shenbao_core::paper::Seal) -> Result<(), String>;

split_point! {
    /// The documents as a Word file (`shenbao_core::paper::docx`): loaded on the first export.
    word_code in word -> WordCode = crate::word::download
}

/// Downloads papers made by the caller as Word (`word::download_papers`).
type PapersCode = fn(&[shenbao_core::paper::Paper], &str) -> Result<(), String>;

split_point! {
    /// Papers made elsewhere (the reviewer's opinion) as a Word file, by the same writer.
    papers_code in word -> PapersCode = crate::word::download_papers
}

/// Downloads Word files in one ZIP archive (`word::download_zip`).
type ZipCode = fn(&str, &[crate::word::WordFile]) -> Result<(), String>;

split_point! {
    /// Several Word files at once (the reviewer's opinions), by the same writer.
    zip_code in word -> ZipCode = crate::word::download_zip
}

/// Runs `export` with the Word part's code once it is here; if it cannot be loaded, or
/// `export` downloads nothing, says why in an alert. Nothing else is touched either way.
fn word_export<C: 'static>(code: impl std::future::Future<Output = Result<C, LoadFailed>> + 'static, export: impl FnOnce(C) -> Result<(), String> + 'static) {
    leptos::task::spawn_local(async move {
        let failed = match code.await {
            Ok(code) => export(code).err(),
            Err(LoadFailed) => Some(s::WORD_LOAD_FAILED.to_string()),
        };
        if let Some(message) = failed {
            crate::dom::alert(&message);
        }
    });
}

/// Downloads `doc` (a submission's JSON) as a Word file, closed by `report`'s errors and
/// warnings with their 说明 and by `seal`'s record, `seal`'s footer at the foot of its pages
/// (`shenbao_core::paper::Seal`).
pub fn word(doc: serde_json::Value, report: Option<shenbao_core::Report>, seal: shenbao_core::paper::Seal) {
    word_export(word_code(), move |download| download(&doc, report.as_ref(), &seal));
}

/// Downloads `papers` as a Word file with `footer` on every page.
pub fn word_papers(papers: Vec<shenbao_core::paper::Paper>, footer: String) {
    word_export(papers_code(), move |download| download(&papers, &footer));
}

/// Downloads `files` as Word files in one ZIP archive named `name`.
pub fn word_zip(name: String, files: Vec<crate::word::WordFile>) {
    word_export(zip_code(), move |download| download(&name, &files));
}

/// What the regulation's part shows, and where.
pub enum Shown {
    /// The article a finding cites, in its source's box; `failed` is called if it cannot be
    /// loaded, so that the next open tries again.
    Article { citation: shenbao_core::pack::Citation, into: web_sys::Element, failed: Box<dyn FnOnce()> },
    /// The whole regulation article by article, in the page's articles dialog.
    Articles { dialog: web_sys::Element },
}

impl Shown {
    /// Where a failure is said.
    pub fn into_failed(self) -> web_sys::Element {
        match self {
            Shown::Article { into, failed, .. } => {
                failed();
                into
            }
            Shown::Articles { dialog } => dialog.query_selector(".articles-body").ok().flatten().unwrap_or(dialog),
        }
    }
}

/// Shows something of pack `pack`'s regulation (`article::show`).
type RegulationCode = fn(&'static str, Shown);

split_point! {
    /// A regulation shown beside its pack (`article`, reading it with
    /// `shenbao_core::regulation`): a cited article in full with its quotation marked, or the
    /// whole regulation article by article. Loaded on the first 「查看第X条全文」 or 「逐条对照」.
    regulation_code in regulation -> RegulationCode = crate::article::show
}

/// The start page's 「载入规则包文件」 and 「移除」 (`article::start_pack_files`,
/// `article::start_remove_pack`), which update the page's packs list and message themselves.
type StartPacksCode = (fn(Vec<web_sys::File>, crate::start::StartPacks) -> std::pin::Pin<Box<dyn Future<Output = ()>>>, fn(String, crate::start::StartPacks));

split_point! {
    /// Pack files, and the regulation texts and coverage files picked with them, recognised
    /// by reading them (`shenbao_core::regulation`), and a loaded pack removed: in the part
    /// that shows a regulation. (The desk, a part itself, calls `article::load_files`.)
    start_packs_code in regulation -> StartPacksCode = (crate::article::start_pack_files, crate::article::start_remove_pack)
}

/// Loads the files picked on the start page as rule packs (or, with `remove`, removes that
/// loaded pack once confirmed), the page updated by the regulation's part; if that part cannot
/// be loaded, says so and changes nothing.
pub fn start_packs(files: Vec<web_sys::File>, remove: Option<String>, to: crate::start::StartPacks) {
    leptos::task::spawn_local(async move {
        match (start_packs_code().await, remove) {
            (Ok((_, remove_pack)), Some(id)) => remove_pack(id, to),
            (Ok((load, _)), None) => load(files, to).await,
            (Err(LoadFailed), _) => to.message.set(Some(s::PART_LOAD_FAILED.into())),
        }
    });
}

/// Shows `shown` from pack `pack`'s regulation once the code is here (it fetches the
/// files it needs); if it cannot be loaded, says so where it would have been.
pub fn regulation(pack: &'static str, shown: Shown) {
    leptos::task::spawn_local(async move {
        match regulation_code().await {
            Ok(show) => show(pack, shown),
            Err(LoadFailed) => crate::article::failed(&shown.into_failed()),
        }
    });
}

/// The article `citation` names, from pack `pack`'s regulation, into `into`.
pub fn article(pack: &'static str, citation: shenbao_core::pack::Citation, into: web_sys::Element, failed: impl FnOnce() + 'static) {
    regulation(pack, Shown::Article { citation, into, failed: Box::new(failed) });
}

/// Opens the page's articles dialog (`strings::ARTICLES_DIALOG`, one per page, in `App`) on
/// pack `pack`'s regulation, article by article once loaded. The browser's modal
/// dialog keeps focus inside, closes on Esc and gives focus back.
pub fn articles(pack: &'static str) {
    use wasm_bindgen::JsCast;
    let Some(dialog) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("articles-dialog")) else { return };
    if let Ok(show) = js_sys::Reflect::get(&dialog, &"showModal".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = show.call0(&dialog);
    }
    regulation(pack, Shown::Articles { dialog });
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
            Part::Sign => Ok(sign_panel().await?()),
            // The desk re-checks packages of any city: its view is built once every pack is
            // there too (the view re-verifies what the desk held). Code and packs are fetched
            // at once.
            Part::Review => {
                let (packs, build) = both(crate::packs::ready_all(), review_desk()).await;
                packs?;
                Ok(build?())
            }
        }
    }
}

/// Awaits two futures at once (each polled until it is ready), for both results.
async fn both<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    use std::task::Poll;
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(x) = a.as_mut().poll(cx)
        {
            ra = Some(x);
        }
        if rb.is_none()
            && let Poll::Ready(y) = b.as_mut().poll(cx)
        {
            rb = Some(y);
        }
        if ra.is_some() && rb.is_some() { Poll::Ready((ra.take().unwrap(), rb.take().unwrap())) } else { Poll::Pending }
    })
    .await
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

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::task::Poll;

    use wasm_bindgen_test::wasm_bindgen_test;

    /// Ready after `polls` polls (waking itself each time), counting its polls in `seen`.
    fn after(polls: u32, seen: Rc<Cell<u32>>, value: &'static str) -> impl std::future::Future<Output = &'static str> {
        std::future::poll_fn(move |cx| {
            seen.set(seen.get() + 1);
            if seen.get() > polls {
                Poll::Ready(value)
            } else {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
    }

    #[wasm_bindgen_test]
    async fn both_runs_the_two_at_once_and_gives_both_results() {
        let (slow, quick) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
        let (a, b) = super::both(after(5, slow.clone(), "packs"), after(1, quick.clone(), "code")).await;
        assert_eq!((a, b), ("packs", "code"));
        // Both were started before either finished, and a finished one is not polled again.
        assert_eq!((slow.get(), quick.get()), (6, 2));
        let (a, b) = super::both(after(0, Rc::new(Cell::new(0)), "x"), after(3, Rc::new(Cell::new(0)), "y")).await;
        assert_eq!((a, b), ("x", "y"));
    }
}
