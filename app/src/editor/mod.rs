//! The editor: the chosen documents as sections with a side navigation showing each
//! section's state, live findings, the status line, and autosave.

pub mod fields;
pub mod findings;
pub mod outline;
pub mod paint;
pub mod paste;
pub mod shown;
pub mod state;
pub mod updated;

use leptos::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::{Value, json};
use shenbao_core::fields::{FIELDS, FieldKind};
use shenbao_core::pack::Severity;

use crate::draft::Draft;
use crate::storage::{self, SaveError, Store};
use crate::strings as s;
use fields::FieldsUnder;
use findings::{SummaryPanel, status_text};
pub use state::EditorCtx;

/// A navigable section: a top-level group of a document.
#[derive(Clone, Copy, PartialEq)]
pub struct Section {
    pub prefix: &'static str,
    pub label: &'static str,
    pub doc: &'static str,
}

/// The project's top-level groups, then the service plan as one section.
pub fn sections() -> Vec<Section> {
    let mut out: Vec<Section> = FIELDS
        .iter()
        .filter(|f| f.path.starts_with("project.") && f.path.matches('.').count() == 1 && matches!(f.kind, FieldKind::Group | FieldKind::Table))
        .map(|f| Section { prefix: f.path, label: f.label, doc: "project" })
        .collect();
    out.push(Section { prefix: "service_plan", label: "服务需求方案", doc: "service_plan" });
    out
}

/// The indexes of the sections whose prefix holds the field at `p`: the prefixes that are its
/// path up to a `.` or `[`, or all of it.
fn sections_holding<'a>(p: &'a str, sections: &'a HashMap<&str, usize>) -> impl Iterator<Item = usize> + 'a {
    p.match_indices(['.', '[']).map(|(i, _)| i).chain([p.len()]).filter_map(|i| sections.get(&p[..i]).copied())
}

/// Errors and warnings under each section's prefix, by the prefix's index in `sections`: one
/// pass over the findings when a finding comes or goes (the navigation shows them beside each
/// section). A field is under a prefix when the prefix is the field's path up to a `.` or `[`
/// (or all of it), so each field's prefixes are looked up instead of every section tried.
fn counts(ctx: &EditorCtx, sections: &HashMap<&str, usize>) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0); sections.len()];
    ctx.with_items(|items| {
        let mut under = Vec::new();
        for k in items {
            let f = k.finding();
            under.clear();
            for p in &f.fields {
                under.extend(sections_holding(p, sections));
            }
            shenbao_core::order::sort(&mut under);
            under.dedup();
            for &i in &under {
                match f.severity {
                    Severity::Error => out[i].0 += 1,
                    Severity::Warning => out[i].1 += 1,
                    Severity::Info => {}
                }
            }
        }
    });
    out
}

/// Save state shown to the user.
#[derive(Clone, PartialEq)]
pub enum SaveState {
    Saved(f64),
    Pending,
    MemoryOnly,
    Conflict(u64),
    Failed(String),
}

#[component]
pub fn Editor(draft: Draft, on_close: Callback<()>) -> impl IntoView {
    let pack = crate::packs::get(&draft.pack_id);
    let ctx = EditorCtx::new(draft.submission.clone(), pack);
    provide_context(ctx);
    let meta = StoredValue::new(draft.clone());
    let editing_id = RwSignal::new(draft.id.clone());
    provide_context(crate::draft::EditingId(editing_id));
    let base = RwSignal::new(draft.revision);
    let persistent = storage::with(|st| st.is_persistent());
    let save_state = RwSignal::new(if persistent { SaveState::Saved(draft.saved_at) } else { SaveState::MemoryOnly });
    let name = RwSignal::new(draft.name.clone());

    // Autosave at most 0.8 s after the first unsaved change — a throttle, not a debounce, so
    // that steady typing is saved too and a crash loses at most the last 0.8 s. Never
    // replaces a newer revision.
    let pending: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);
    let save = {
        move || {
            // May run as the editor closes: read nothing that could already be disposed.
            let (Some(mut d), Some(doc), Some(n), Some(b)) =
                (meta.try_get_value(), ctx.doc.try_get_untracked(), name.try_get_untracked(), base.try_get_untracked())
            else {
                return;
            };
            d.submission = doc;
            d.name = n;
            // Saved under this version of its pack, which the next opening compares with.
            d.pack_version = pack.map(|p| p.meta.version.clone());
            match storage::with(|st| st.save(&d, b, crate::dom::now_ms())) {
                Ok(rev) => {
                    base.try_set(rev);
                    save_state.try_set(if persistent { SaveState::Saved(crate::dom::now_ms()) } else { SaveState::MemoryOnly });
                }
                Err(SaveError::Conflict { stored_revision }) => {
                    save_state.try_set(SaveState::Conflict(stored_revision));
                }
                Err(SaveError::Unavailable(m)) => {
                    save_state.try_set(SaveState::Failed(m));
                }
            }
        }
    };
    let save = StoredValue::new_local(save);
    // After every change to the document (`EditorCtx::on_change`) and to the draft's name.
    let note_change = move || {
        // Nothing while another tab's revision is unresolved (or once the editor is gone).
        if save_state.try_with_untracked(|s| matches!(s, SaveState::Conflict(_))) != Some(false) {
            return;
        }
        // Set once per pending save, not per keystroke: setting wakes the save-state text.
        if save_state.get_untracked() != SaveState::Pending {
            save_state.set(SaveState::Pending);
        }
        if pending.get_value().is_some() {
            // A save is already due; it will write the latest document.
            return;
        }
        let h = set_timeout_with_handle(
            move || {
                pending.try_set_value(None);
                save.try_with_value(|f| f());
            },
            std::time::Duration::from_millis(800),
        )
        .ok();
        pending.set_value(h);
    };
    ctx.on_change(note_change);
    // Leaving the editor within the debounce delay still saves.
    on_cleanup(move || {
        if let Some(Some(h)) = pending.try_get_value() {
            h.clear();
            save.try_with_value(|f| f());
        }
    });
    // The tab is hidden or being closed: save what is pending now, since the timer may
    // never fire (mobile browsers freeze hidden pages; closing discards timers).
    let flush = move || {
        if let Some(Some(h)) = pending.try_get_value() {
            h.clear();
            pending.try_set_value(None);
            save.try_with_value(|f| f());
        }
    };
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| flush());
    let on_hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden()) {
            flush();
        }
    });
    on_cleanup(move || {
        on_hide.remove();
        on_hidden.remove();
    });
    // A block of cells copied from a spreadsheet, pasted into any cell of a table (or the
    // table itself, focused by a click beside its rows): written across and down the rows by
    // the cells part (`lazy::cells`, loaded on the first paste). One copied cell, and lines
    // pasted into a long text, are left to the box. One listener for every table.
    // Lines pasted into a box of a plan whose text can be split (the 需求方案): the paste is
    // the browser's, then the outline part looks for the plan's headings and, finding a whole
    // plan, offers to split it (`editor::outline`). What the box held is kept to put back.
    let on_paste = window_event_listener(leptos::ev::paste, move |ev| {
        let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else { return };
        let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) else { return };
        if let Some(table) = target.closest(".table-field").ok().flatten() {
            if shenbao_core::paste::is_block(&text, target.tag_name() == "TEXTAREA") {
                ev.prevent_default();
                crate::lazy::cells(ctx, table.id(), paste::Cells::Paste { at: target.id(), text });
            }
            return;
        }
        if text.matches('\n').nth(1).is_none() {
            return;
        }
        let id = target.id();
        for plan in shenbao_core::outline::PLANS {
            if let Some(&field) = plan.sections.iter().find(|f| crate::dom::field_id(f) == id) {
                let before = ctx.with_untracked(field, serde_json::Value::clone);
                crate::lazy::outline(ctx, plan.group, outline::Start::Paste { field, before, text });
                return;
            }
        }
    });
    on_cleanup(move || on_paste.remove());
    // Another tab saved this draft: stop saving over it and offer the newer version.
    let id = draft.id.clone();
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_some_and(|k| Store::is_draft_key(&k, &id)) {
            let stored = storage::with(|st| st.stored_revision(&id));
            if stored > base.get_untracked() {
                save_state.set(SaveState::Conflict(stored));
            }
        }
    });
    on_cleanup(move || handle.remove());
    // What the signing panel keeps beside the draft is paused with autosave while another
    // tab's revision is unresolved (`draft::KeptPaused`).
    let kept_paused = RwSignal::new(false);
    provide_context(crate::draft::KeptPaused(kept_paused));
    Effect::new(move |_| {
        let paused = matches!(save_state.get(), SaveState::Conflict(_));
        if kept_paused.get_untracked() != paused {
            kept_paused.set(paused);
        }
    });
    // 「载入较新的版本」: the page loads again on this draft, reading the newer revision and
    // what that tab kept beside it; nothing of this page's is saved over them (its autosave is
    // paused, and a save would be refused as older).
    let reload = move |_| {
        crate::remember_last(&meta.get_value().id);
        let location = js_sys::Reflect::get(&wasm_bindgen::JsValue::from(web_sys::window()), &"location".into());
        if let Ok(location) = location
            && let Ok(reload) = js_sys::Reflect::get(&location, &"reload".into()).and_then(wasm_bindgen::JsCast::dyn_into::<js_sys::Function>)
        {
            let _ = reload.call0(&location);
        }
    };
    let save_copy = move |_| {
        let mut d = meta.get_value();
        d.id = crate::dom::new_id();
        d.submission = ctx.doc.get_untracked();
        d.name = format!("{}（副本）", if name.get_untracked().is_empty() { d.display_name() } else { name.get_untracked() });
        if let Ok(rev) = storage::with(|st| st.save(&d, 0, crate::dom::now_ms())) {
            d.revision = rev;
            meta.set_value(d.clone());
            editing_id.set(d.id.clone());
            base.set(rev);
            name.set(d.name.clone());
            save_state.set(SaveState::Saved(crate::dom::now_ms()));
            crate::remember_last(&d.id);
        }
    };
    let export = move |_| {
        let mut d = meta.get_value();
        d.submission = ctx.doc.get_untracked();
        d.name = name.get_untracked();
        d.revision = base.get_untracked();
        crate::lazy::export_draft(d);
    };
    let add_service_plan = move |_| {
        ctx.update_doc(|v| v["service_plan"] = json!({}));
        crate::dom::focus("sec-service_plan");
    };
    // A built-in pack whose regulation's text and coverage are served beside it: 「逐条对照」.
    let articles_of = pack.and_then(|p| crate::packs::articles_of(&p.meta.id));
    // A draft of a loaded pack since removed (or never loaded in this browser) names it.
    let pack_title = pack
        .map(|p| format!("{}《{}》（{}）", p.meta.city_name(), p.meta.title, p.meta.status.label()))
        .unwrap_or_else(|| format!("规则包“{}”未载入", draft.pack_id));
    // The status line and the navigation's counts, kept here and written into the page when a
    // finding comes or goes or a count changes, in the check's pass (`EditorCtx::on_findings`,
    // `paint::nav_counts`): as a memo and two bindings per section they cost a findings-changed
    // keystroke about forty reactive nodes to re-run (BENCHMARKS.md, twelfth round), and as
    // effects a quarter of it (fifteenth round). A navigation entry is built from the counts of
    // the moment it is shown.
    let status = StoredValue::new(untrack(|| status_text(ctx.counts_now())));
    let index: HashMap<&'static str, usize> = sections().iter().enumerate().map(|(i, s)| (s.prefix, i)).collect();
    let nav = StoredValue::new(counts(&ctx, &index));
    ctx.on_findings(move || {
        crate::dom::stage("nav");
        let now = counts(&ctx, &index);
        nav.update_value(|was| {
            paint::nav_counts(was, &now);
            *was = now;
        });
        let text = status_text(ctx.counts_now());
        status.update_value(|was| {
            if *was != text {
                paint::status(&text);
                *was = text;
            }
        });
        crate::dom::stage("nav-done");
    });
    // The budget's total line, written when its figures change, after every check
    // (`EditorCtx::on_checked`). The figures last seen are kept whether or not the line is in
    // the page: a line built later is built from the same figures.
    let budget = StoredValue::new(fields::budget_figures(&ctx));
    ctx.on_checked(move || {
        let now = fields::budget_figures(&ctx);
        if budget.try_with_value(|was| *was != now) == Some(true) {
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(fields::BUDGET_TOTAL_ID)) {
                el.set_text_content(Some(&fields::budget_total_text(now)));
            }
            budget.set_value(now);
        }
    });
    // Set by the signing panel once a package is made: while the document stays as signed,
    // its papers (print, Word) name the package (`print::seal_for`).
    let signed = RwSignal::new(None::<crate::print::Signed>);
    provide_context(signed);
    // Set by the signing panel as files are picked: a draft's papers list them.
    let draft_seal = crate::print::DraftSeal(RwSignal::new(shenbao_core::paper::Seal::draft()));
    provide_context(draft_seal);

    // Saved under an earlier version of its pack: said over the form, with what changed.
    if let Some((pack, was)) = pack.zip(draft.pack_version.clone()).filter(|(p, was)| p.meta.version != *was) {
        crate::lazy::pack_updated(pack, was, draft.submission.clone(), paint::STATUS_ID);
    }

    view! {
        <div class="editor">
            <div class="editor-bar">
                <button type="button" on:click=move |_| on_close.run(())>{s::BACK_TO_START}</button>
                <label class="sr-only" for="draft-name">{s::DRAFT_NAME}</label>
                <input id="draft-name" class="draft-name" type="text" placeholder=s::DRAFT_NAME_PLACEHOLDER
                    prop:value=move || name.get() on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        note_change();
                    } />
                <span class="pack-ref">{pack_title}</span>
                <button type="button" class="pack-articles" id="editor-articles" title=s::ARTICLES_EDITOR_TITLE hidden=articles_of.is_none()
                    on:click=move |_| if let Some(id) = articles_of { crate::lazy::articles(id) }>{s::ARTICLES}</button>
                <span class="save-state">{move || match save_state.get() {
                    SaveState::Saved(t) if t > 0.0 => format!("{} {}", s::SAVED_AT, crate::dom::clock(t)),
                    SaveState::Saved(_) => String::new(),
                    SaveState::Pending => s::SAVING.into(),
                    SaveState::MemoryOnly => s::MEMORY_ONLY_SHORT.into(),
                    SaveState::Conflict(_) => s::CONFLICT_SHORT.into(),
                    SaveState::Failed(m) => m,
                }}</span>
                <button type="button" on:click=export>{s::EXPORT_DRAFT}</button>
            </div>
            {move || match save_state.get() {
                SaveState::MemoryOnly | SaveState::Failed(_) => Some(view! {
                    <div class="banner banner-warning" role="alert">{s::STORAGE_UNAVAILABLE}</div>
                }.into_any()),
                SaveState::Conflict(rev) => Some(view! {
                    <div class="banner banner-error" role="alert">
                        <p>{format!("{}（第 {rev} 版）。", s::CONFLICT)}</p>
                        <button type="button" on:click=reload>{s::LOAD_NEWER}</button>
                        " "
                        <button type="button" on:click=save_copy>{s::SAVE_AS_COPY}</button>
                    </div>
                }.into_any()),
                _ => None,
            }}
            <p class="status-line" id=paint::STATUS_ID role="status" aria-live="polite">{status.get_value()}</p>
            <div class="editor-body">
                <nav class="sections" aria-label=s::SECTIONS>
                    <ol>
                        {sections().into_iter().enumerate().map(|(i, sec)| {
                            let href = format!("#sec-{}", sec.prefix.replace('.', "-"));
                            view! {
                                <Show when=move || ctx.has(sec.doc)>
                                    {
                                        let [li, state] = paint::nav_ids(i);
                                        let (class, text) = paint::nav_look(nav.with_value(|c| c[i]));
                                        view! {
                                            <li id=li class=class>
                                                <a href=href.clone()>{sec.label}</a>
                                                <span class="nav-state" id=state>{text}</span>
                                            </li>
                                        }
                                    }
                                </Show>
                            }
                        }).collect_view()}
                    </ol>
                </nav>
                <div class="form">
                    <Show when=move || ctx.get("project.basic.implementation") == json!("buy_service") && !ctx.has("service_plan") && ctx.has("project")>
                        <div class="banner banner-info">
                            <p>{s::NEEDS_SERVICE_PLAN}</p>
                            <button type="button" on:click=add_service_plan>{s::ADD_SERVICE_PLAN}</button>
                        </div>
                    </Show>
                    {sections().into_iter().map(|sec| {
                        let id = format!("sec-{}", sec.prefix.replace('.', "-"));
                        view! {
                            <Show when=move || ctx.has(sec.doc)>
                                <section class="form-section" id=id.clone() tabindex="-1" aria-labelledby=format!("{id}-h")>
                                    <h2 id=format!("{id}-h")>{sec.label}</h2>
                                    {shenbao_core::outline::plan(sec.prefix).map(|plan| view! {
                                        <p class="section-tools">
                                            <button type="button" id=format!("{id}-import") title=s::OUTLINE_BUTTON_HINT
                                                on:click=move |_| crate::lazy::outline(ctx, plan.group, outline::Start::Button)>{s::OUTLINE_BUTTON}{plan.name()}</button>
                                        </p>
                                    })}
                                    {if sec.prefix.contains('.') && FIELDS.iter().any(|f| f.path == sec.prefix && f.kind == FieldKind::Table) {
                                        let def = FIELDS.iter().find(|f| f.path == sec.prefix).expect("listed");
                                        view! { <fields::TableInput path=sec.prefix.to_string() def=def /> }.into_any()
                                    } else {
                                        view! { <FieldsUnder prefix=sec.prefix /> }.into_any()
                                    }}
                                </section>
                            </Show>
                        }
                    }).collect_view()}
                </div>
                <div class="side">
                    <SummaryPanel />
                    <crate::lazy::Deferred part=crate::lazy::Part::Sign />
                    <button type="button" class="print-button" on:click=move |_| crate::print::request_print()>{s::PRINT}</button>
                    <button type="button" class="word-button" on:click=move |_| {
                        let doc = ctx.doc.get_untracked();
                        let seal = crate::print::seal_now(signed, draft_seal, &doc).unwrap_or_default();
                        crate::lazy::word(doc, ctx.report.get_untracked().ok(), seal)
                    }>{s::WORD}</button>
                </div>
            </div>
            <crate::print::PrintView signed=signed draft=draft_seal />
        </div>
    }
}

/// A fresh draft's JSON with the documents chosen.
pub fn empty_submission(project: bool, service_plan: bool) -> Value {
    Draft::new(String::new(), "", project, service_plan).submission
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_field_counts_under_the_sections_that_hold_it() {
        let secs = sections();
        let index: HashMap<&str, usize> = secs.iter().enumerate().map(|(i, s)| (s.prefix, i)).collect();
        let by_scan = |p: &str| -> Vec<usize> {
            secs.iter()
                .enumerate()
                .filter(|(_, s)| p.strip_prefix(s.prefix).is_some_and(|r| r.is_empty() || r.starts_with(['.', '['])))
                .map(|(i, _)| i)
                .collect()
        };
        for p in [
            "project",
            "project.basic",
            "project.basic.name",
            "project.basics.name",
            "project.basic.funding[0].amount",
            "project.cost_estimate",
            "project.cost_estimate.items[41].amount",
            "service_plan",
            "service_plan.items[3].name",
            "service_planx",
            "justifications",
        ] {
            let mut got: Vec<usize> = sections_holding(p, &index).collect();
            got.sort_unstable();
            assert_eq!(got, by_scan(p), "{p}");
        }
        assert_eq!(sections_holding("project.basic.name", &index).count(), 1);
    }
}
