//! The start page: choose a pack and the documents, or reopen a draft.

use leptos::prelude::*;
use shenbao_core::pack::Status;

use crate::draft::{Draft, DraftInfo};
use crate::storage;
use crate::strings as s;

/// What the regulation's part updates on the start page when it loads or removes packs
/// (`lazy::start_packs`).
#[derive(Clone, Copy)]
pub struct StartPacks {
    pub packs: RwSignal<Vec<crate::packs::Entry>>,
    pub chosen: RwSignal<Option<String>>,
    pub message: RwSignal<Option<String>>,
}

/// What the start page's 「导入草稿文件」 hands the part that reads files as drafts
/// (`lazy::import_drafts` → [`import_files`]).
#[derive(Clone, Copy)]
pub struct StartImport {
    pub chosen: RwSignal<Option<String>>,
    pub message: RwSignal<Option<String>>,
    pub drafts: RwSignal<Vec<DraftInfo>>,
    pub on_open: Callback<Draft>,
}

/// Reads each file picked to import (`Draft::from_file`: a draft file, a submission or a
/// signed package), saves it as a new draft and opens it; a file that names no pack this
/// browser has takes the pack chosen above. Each failure is said, and nothing kept is
/// touched. In the part that reads packages (`lazy::import_drafts`), not the main module:
/// the start page needs none of it until a file is picked.
pub fn import_files(files: Vec<web_sys::File>, to: StartImport) {
    for file in files {
        leptos::task::spawn_local(async move {
            let result = match crate::dom::read_text(file).await {
                Ok(text) => Draft::from_file(&text, crate::dom::new_id()).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(mut d) => {
                    if d.pack_id.is_empty() || crate::packs::list().iter().all(|p| p.meta.id != d.pack_id) {
                        match to.chosen.get_untracked() {
                            Some(p) => d.pack_id = p,
                            None => {
                                to.message.set(Some(s::IMPORT_NEEDS_PACK.into()));
                                return;
                            }
                        }
                    }
                    if let Ok(rev) = storage::with(|st| st.save(&d, 0, crate::dom::now_ms())) {
                        d.revision = rev;
                    }
                    to.drafts.set(storage::with(|st| st.list()));
                    to.on_open.run(d);
                }
                Err(e) => to.message.set(Some(format!("{}{e}", s::IMPORT_FAILED))),
            }
        });
    }
}

/// A click in the packs' list: on a pack's 「逐条对照」, opens the articles dialog for it
/// (`lazy::articles`); on a loaded pack's 「移除」, removes it once confirmed
/// (`article::start_remove_pack`, in the part that loads packs).
fn on_packs_click(ev: web_sys::MouseEvent, to: StartPacks) {
    use wasm_bindgen::JsCast;
    let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|t| t.closest("li.pack button").ok().flatten()) else { return };
    let id = button.id();
    if let Some(id) = id.strip_prefix("articles-").and_then(crate::packs::articles_of) {
        crate::lazy::articles(id);
    } else if let Some(id) = id.strip_prefix("remove-") {
        crate::lazy::start_packs(Vec::new(), Some(id.to_string()), to);
    }
}

#[component]
fn PackCard(pack: crate::packs::Entry, chosen: RwSignal<Option<String>>) -> impl IntoView {
    let m = pack.meta;
    let status_class = match m.status {
        Status::Formal => "status status-formal",
        Status::Trial => "status status-trial",
        Status::Draft => "status status-draft",
    };
    let id = m.id.clone();
    let id2 = m.id.clone();
    let radio = format!("pack-{}", m.id);
    // A built-in pack with its regulation's text and coverage can be read article by article.
    let articles = crate::packs::articles_of(&m.id).is_some();
    let builtin = shenbao_core::pack::builtin::is_builtin(&m.id);
    // A loaded pack may share its city with a built-in one: its id tells them apart.
    let loaded_as = (!builtin).then(|| format!(" · {}{}", s::LOADED_AS, m.id));
    view! {
        <li class="pack" data-pack=m.id.clone()>
            <input type="radio" name="pack" id=radio.clone() prop:checked=move || chosen.get().as_deref() == Some(id.as_str())
                on:change=move |_| chosen.set(Some(id2.clone())) />
            <label for=radio>
                <span class="pack-city">{m.city_name()}</span>
                <span class="pack-title">"《" {m.title.clone()} "》"</span>
                <span class="pack-meta">
                    <span class=status_class>{m.status.label()}</span>
                    <span class="pack-validity">{s::VALIDITY} "：" {m.validity_text()}</span>
                </span>
                <span class="pack-meta">
                    <span class="pack-rules">{pack.rules} " " {s::RULE_COUNT_SUFFIX}</span>
                    " · " <span class="pack-version">"v" {m.version.clone()}</span>
                    " · " {s::SOURCE} "：" {m.issuer.clone()} {loaded_as}
                </span>
            </label>
            // Clicks are handled by the list (`on_packs_click`); hidden for a pack that has no
            // text, and 「移除」 for a built-in one.
            <button type="button" class="pack-articles" id=format!("articles-{}", m.id) hidden=!articles>
                {s::ARTICLES}<span class="sr-only">"：" {m.city_name()}</span>
            </button>
            <button type="button" class="pack-remove" id=format!("remove-{}", m.id) hidden=builtin>
                {s::REMOVE_PACK}<span class="sr-only">"：" {m.city_name()}</span>
            </button>
        </li>
    }
}

#[component]
pub fn Start(on_open: Callback<Draft>) -> impl IntoView {
    let chosen = RwSignal::new(None::<String>);
    let project = RwSignal::new(true);
    let service = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let packs = RwSignal::new(crate::packs::list());
    let drafts = RwSignal::new(storage::with(|st| st.list()));
    let start = move |_| {
        let Some(pack) = chosen.get_untracked() else {
            message.set(Some(s::NEED_PACK.into()));
            return;
        };
        if !project.get_untracked() && !service.get_untracked() {
            message.set(Some(s::NEED_DOC.into()));
            return;
        }
        let mut d = Draft::new(crate::dom::new_id(), &pack, project.get_untracked(), service.get_untracked());
        if let Ok(rev) = storage::with(|st| st.save(&d, 0, crate::dom::now_ms())) {
            d.revision = rev;
        }
        on_open.run(d);
    };
    let to = StartPacks { packs, chosen, message };
    let load_pack = move |ev: leptos::ev::Event| crate::lazy::start_packs(crate::dom::picked_files(&ev), None, to);
    let import = move |ev: leptos::ev::Event| crate::lazy::import_drafts(crate::dom::picked_files(&ev), StartImport { chosen, message, drafts, on_open });
    let pack_name = |id: &str| crate::packs::list().into_iter().find(|p| p.meta.id == id).map(|p| p.meta.city_name()).unwrap_or_else(|| id.to_string());
    let row = {
        move |info: DraftInfo| {
            let (i1, i2, i3, i4) = (info.id.clone(), info.id.clone(), info.id.clone(), info.id.clone());
            let name = info.name.clone();
            let name2 = info.name.clone();
            view! {
                <li class="draft">
                    <span class="draft-name">{info.name.clone()}</span>
                    <span class="draft-meta">
                        {pack_name(&info.pack_id)} " · " {s::SAVED} " " {crate::dom::date_time(info.saved_at)} " · 第 " {info.revision} " 版"
                        {storage::with(|st| st.signed_mark(&info.id)).map(|m| view! {
                            <span class=if m.changed { "draft-signed changed" } else { "draft-signed" }>
                                {s::SIGNED_MARK} {crate::dom::date_time(m.at)} {m.changed.then_some(s::SIGNED_MARK_CHANGED)}
                            </span>
                        })}
                    </span>
                    <span class="draft-actions">
                        <button type="button" on:click=move |_| { if let Some(d) = storage::with(|st| st.load(&i1)) { on_open.run(d) } }>{s::OPEN}</button>
                        <button type="button" on:click=move |_| {
                            let Some(mut d) = storage::with(|st| st.load(&i2)) else { return };
                            let answer = web_sys::window().and_then(|w| w.prompt_with_message_and_default(s::RENAME_PROMPT, &name2).ok().flatten());
                            if let Some(n) = answer {
                                d.name = n;
                                let _ = storage::with(|st| st.save(&d, d.revision, crate::dom::now_ms()));
                                drafts.set(storage::with(|st| st.list()));
                            }
                        }>{s::RENAME}</button>
                        <button type="button" on:click=move |_| {
                            let Some(mut d) = storage::with(|st| st.load(&i3)) else { return };
                            d.id = crate::dom::new_id();
                            d.name = format!("{}（副本）", d.display_name());
                            let _ = storage::with(|st| st.save(&d, 0, crate::dom::now_ms()));
                            drafts.set(storage::with(|st| st.list()));
                        }>{s::DUPLICATE}</button>
                        <button type="button" class="danger" on:click=move |_| {
                            if crate::dom::confirm(&format!("{}“{}”？此操作不能撤销。", s::CONFIRM_DELETE, name)) {
                                storage::with(|st| st.delete(&i4));
                                crate::signing::kept::forget(i4.clone());
                                drafts.set(storage::with(|st| st.list()));
                                crate::dom::focus("drafts-heading");
                            }
                        }>{s::DELETE}</button>
                    </span>
                </li>
            }
        }
    };
    view! {
        <div class="start">
            {(!storage::with(|st| st.is_persistent())).then(|| view! { <div class="banner banner-warning" role="alert">{s::STORAGE_UNAVAILABLE}</div> })}
            <section aria-labelledby="new-heading">
                <h2 id="new-heading">{s::START_TITLE}</h2>
                <fieldset class="step">
                    <legend>{s::STEP_PACK}</legend>
                    <p class="hint">{s::CHOOSE_PACK_HINT}</p>
                    <ul class="packs" on:click=move |ev| on_packs_click(ev, to)>
                        {move || packs.get().into_iter().map(|p| view! { <PackCard pack=p chosen=chosen /> }).collect_view()}
                    </ul>
                    <label class="file-button">{s::LOAD_PACK}<input type="file" id="load-pack" multiple accept=".json,.txt,application/json,text/plain" aria-describedby="load-pack-hint" on:change=load_pack /></label>
                    <p class="hint" id="load-pack-hint">{s::LOAD_PACK_HINT}</p>
                </fieldset>
                <fieldset class="step">
                    <legend>{s::STEP_DOCS}</legend>
                    <label><input type="checkbox" id="doc-project" prop:checked=move || project.get() on:change=move |ev| project.set(event_target_checked(&ev)) />" " {s::DOC_PROJECT}</label>
                    <label><input type="checkbox" id="doc-service" prop:checked=move || service.get() on:change=move |ev| service.set(event_target_checked(&ev)) />" " {s::DOC_SERVICE}</label>
                </fieldset>
                <button type="button" class="primary" id="start" on:click=start>{s::START}</button>
                <p class="message" role="status" aria-live="polite">{move || message.get()}</p>
            </section>
            <section aria-labelledby="drafts-heading">
                <h2 id="drafts-heading" tabindex="-1">{s::DRAFTS}</h2>
                <label class="file-button">{s::IMPORT_DRAFT}<input type="file" accept=".json,application/json" on:change=import /></label>
                {move || {
                    let list = drafts.get();
                    if list.is_empty() {
                        view! { <p class="hint">{s::NO_DRAFTS}</p> }.into_any()
                    } else {
                        view! { <ul class="drafts">{list.into_iter().map(row).collect_view()}</ul> }.into_any()
                    }
                }}
            </section>
        </div>
    }
}
