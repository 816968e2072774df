//! The reviewer's desk (审核台): drop or pick one or many signed packages; each is verified
//! with `shenbao_core::package::verify` (signature, trust list, pinned pack, re-run report,
//! 说明, attachments). A sortable, filterable table; a read-only detail view with the
//! documents, findings and the 说明 given; encrypted packages (`shenbao.encrypted/1`)
//! decrypted with the bureau's private key, unlocked once and kept in memory only; a trust list (plain or bureau-signed), extra rule
//! packs and separately sent attachments, each change re-verifying everything; CSV export
//! that Excel and WPS open correctly (UTF-8 with BOM). The reviewer records where each package
//! stands (处理状态) with a note; the desk, records included, is kept in the browser.
//!
//! Modules: `state` (what the desk holds; no DOM, drivable from tests), `model` (rows,
//! labels, filter, sort, document rendering as data), `csv` (the file format), `detail`,
//! `changes` (the detail's comparison with another loaded package), `kept` (the desk kept in
//! IndexedDB across reloads).

mod changes;
pub mod csv;
mod detail;
pub mod kept;
pub mod model;
pub mod state;

use leptos::prelude::*;

pub use model::{Column, Decision, Mark, Row, StatusFilter};
pub use state::{Item, ReviewState};

use crate::strings as s;

/// Reads picked or dropped files as text (errors kept per file) and adds them as packages.
fn add_package_files(state: ReviewState, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            let name = f.name();
            out.push((name, crate::dom::read_text(f).await));
        }
        state.add_files_in_turn(out).await;
    });
}

/// The files of a drop event.
fn dropped_files(ev: &web_sys::DragEvent) -> Vec<web_sys::File> {
    let mut out = Vec::new();
    if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                out.push(f);
            }
        }
    }
    out
}

fn note_view(note: RwSignal<state::Note>) -> impl IntoView {
    move || note.get().map(|(bad, text)| view! { <p class=if bad { "review-note input-error" } else { "review-note" }>{text}</p> })
}

/// Loading packages, the trust list, attachments and packs.
#[component]
fn Loaders() -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let dragging = RwSignal::new(false);
    let pick_packages = move |ev: leptos::ev::Event| add_package_files(state, crate::dom::picked_files(&ev));
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        add_package_files(state, dropped_files(&ev));
    };
    let on_dragover = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(d) = ev.data_transfer() {
            d.set_drop_effect("copy");
        }
        dragging.set(true);
    };
    let pick_trust = move |ev: leptos::ev::Event| {
        if let Some(f) = crate::dom::picked_files(&ev).into_iter().next() {
            leptos::task::spawn_local(async move {
                let name = f.name();
                match crate::dom::read_text(f).await {
                    Ok(t) => {
                        let _ = state.load_trust_text(&name, &t);
                    }
                    Err(e) => state.trust_note.set(Some((true, e))),
                }
            });
        }
    };
    let pick_bureau = move |ev: leptos::ev::Event| {
        if let Some(f) = crate::dom::picked_files(&ev).into_iter().next() {
            leptos::task::spawn_local(async move {
                let name = f.name();
                match crate::dom::read_text(f).await {
                    Ok(t) => {
                        let _ = state.load_bureau_key(&name, &t);
                    }
                    Err(e) => state.trust_note.set(Some((true, e))),
                }
            });
        }
    };
    // The bureau's private key: picked, then unlocked with its passphrase (memory only).
    let pending_key = RwSignal::new(None::<(String, String)>);
    let key_pass = RwSignal::new(String::new());
    let unlocking = RwSignal::new(false);
    let pick_decrypt_key = move |ev: leptos::ev::Event| {
        if let Some(f) = crate::dom::picked_files(&ev).into_iter().next() {
            leptos::task::spawn_local(async move {
                let name = f.name();
                match crate::dom::read_text(f).await {
                    Ok(t) => match crate::signing::keys::check_encrypted_pem(&t) {
                        Ok(()) => {
                            pending_key.set(Some((name, t)));
                            state.decrypt_note.set(None);
                            request_animation_frame(|| {
                                crate::dom::focus("review-decrypt-pass");
                            });
                        }
                        Err(e) => {
                            pending_key.set(None);
                            let message = format!("{}“{}”：{e}", s::REVIEW_DECRYPT_BAD, name);
                            state.decrypt_note.set(Some((true, message.clone())));
                            state.announce.set(message);
                        }
                    },
                    Err(e) => state.decrypt_note.set(Some((true, e))),
                }
            });
        }
    };
    let unlock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if unlocking.get_untracked() {
            return;
        }
        let Some((name, pem)) = pending_key.get_untracked() else { return };
        let pass = key_pass.get_untracked();
        if pass.is_empty() {
            state.decrypt_note.set(Some((true, s::REVIEW_DECRYPT_NEED_PASSPHRASE.to_string())));
            crate::dom::focus("review-decrypt-pass");
            return;
        }
        unlocking.set(true);
        state.decrypt_note.set(Some((false, s::REVIEW_DECRYPT_UNLOCKING.to_string())));
        leptos::task::spawn_local(async move {
            // Let the browser paint the note before the key derivation blocks the page.
            crate::signing::pause(40).await;
            let result = state.load_decrypt_key(&name, &pem, &pass);
            drop(pass);
            key_pass.set(String::new());
            unlocking.set(false);
            if result.is_ok() {
                pending_key.set(None);
            } else {
                crate::dom::focus("review-decrypt-pass");
            }
        });
    };
    let decrypt_line = move || {
        state.decrypt_key.with(|k| match k {
            None => view! { <p class="hint">{s::REVIEW_DECRYPT_HINT}</p> }.into_any(),
            Some(k) => view! {
                <p class="review-note review-decrypt-loaded">{s::REVIEW_DECRYPT_LOADED} " " <span class="mono">{k.fingerprint.clone()}</span></p>
                <button type="button" id="review-decrypt-forget" on:click=move |_| state.forget_decrypt_key()>{s::REVIEW_DECRYPT_FORGET}</button>
            }
            .into_any(),
        })
    };
    let pick_attachments = move |ev: leptos::ev::Event| {
        let files = crate::dom::picked_files(&ev);
        if files.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let mut out = Vec::new();
            for f in files {
                let name = f.name();
                match crate::dom::read_bytes(f).await {
                    Ok(b) => out.push((name, b)),
                    Err(e) => state.announce.set(e),
                }
            }
            state.add_attachments(out);
        });
    };
    let pick_pack = move |ev: leptos::ev::Event| {
        let files = crate::dom::picked_files(&ev);
        leptos::task::spawn_local(async move {
            state.load_pack_files(files).await;
        });
    };
    let packs_line = move || {
        // Re-read when a pack was loaded (the note changes).
        state.pack_note.track();
        // A loaded pack may share a city with a built-in one: its id tells them apart.
        let name = |p: &&shenbao_core::RulePack| match shenbao_core::pack::builtin::is_builtin(&p.meta.id) {
            true => format!("{} v{}", p.meta.city_name(), p.meta.version),
            false => format!("{} v{}（{}{}）", p.meta.city_name(), p.meta.version, s::LOADED_AS, p.meta.id),
        };
        let names: Vec<String> = crate::packs::all().iter().map(name).collect();
        let earlier: Vec<String> = crate::packs::superseded().iter().map(name).collect();
        let mut line = format!("{}：{}", s::REVIEW_PACKS_AVAILABLE, names.join("、"));
        if !earlier.is_empty() {
            line += &format!("；{}：{}", s::REVIEW_PACKS_EARLIER, earlier.join("、"));
        }
        line
    };
    let trust_line = move || {
        state.trust.with(|t| match t {
            None => view! { <p class="hint">{s::REVIEW_NO_TRUST}</p> }.into_any(),
            Some((name, list)) => view! { <p class="review-note review-trust-loaded">{state::trust_summary(name, list)}</p> }.into_any(),
        })
    };
    let bureau_line = move || {
        state.bureau_key.with(|k| {
            k.as_ref().map(|k| view! { <p class="review-note">{s::REVIEW_BUREAU_KEY_LOADED} " " <span class="mono">{k.fingerprint.clone()}</span></p> })
        })
    };
    let attachment_list = move || {
        state.attachments.with(|m| {
            if m.is_empty() {
                view! { <p class="hint">{s::REVIEW_NO_ATTACHMENTS}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-supplied">
                        {m.iter().map(|(n, b)| view! { <li>{n.clone()} " · " {shenbao_core::money::format_yuan(b.len() as i128)} " " {s::REVIEW_BYTES}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="review-loaders" aria-labelledby="review-files-heading">
            <h3 id="review-files-heading" class="sr-only">{s::REVIEW_FILES}</h3>
            <div class="review-dropzone" class:dragging=move || dragging.get()
                on:dragover=on_dragover
                on:dragenter=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true) }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <p id="review-drop-hint">{s::REVIEW_DROP_HINT}</p>
                <label class="file-button review-file">
                    {s::REVIEW_PICK_PACKAGES}
                    <input type="file" id="review-packages" multiple accept=".json,application/json" aria-describedby="review-drop-hint" on:change=pick_packages />
                </label>
            </div>
            <div class="review-sources">
                <fieldset class="review-source">
                    <legend>{s::REVIEW_TRUST}</legend>
                    {trust_line}
                    <p class="hint" id="review-bureau-hint">{s::REVIEW_BUREAU_KEY_HINT}</p>
                    <label class="file-button review-file">{s::REVIEW_PICK_TRUST}
                        <input type="file" id="review-trust" accept=".json,application/json" on:change=pick_trust />
                    </label>
                    <label class="file-button review-file">{s::REVIEW_PICK_BUREAU_KEY}
                        <input type="file" id="review-bureau-key" accept=".pem,.pub,.txt,application/x-pem-file" aria-describedby="review-bureau-hint" on:change=pick_bureau />
                    </label>
                    {bureau_line}
                    {note_view(state.trust_note)}
                </fieldset>
                <fieldset class="review-source review-decrypt">
                    <legend>{s::REVIEW_DECRYPT}</legend>
                    {decrypt_line}
                    <label class="file-button review-file">{s::REVIEW_PICK_DECRYPT_KEY}
                        <input type="file" id="review-decrypt-key" accept=".pem,.key,.txt,application/x-pem-file" on:change=pick_decrypt_key />
                    </label>
                    {move || pending_key.get().map(|(name, _)| view! {
                        <form class="review-decrypt-unlock" on:submit=unlock>
                            <p class="file-name">{name}</p>
                            <label for="review-decrypt-pass">{s::REVIEW_DECRYPT_PASSPHRASE}</label>
                            <input type="password" id="review-decrypt-pass" autocomplete="off"
                                prop:value=move || key_pass.get() on:input=move |ev| key_pass.set(event_target_value(&ev)) />
                            <button type="submit" id="review-decrypt-submit" disabled=move || unlocking.get()>{s::REVIEW_DECRYPT_CONFIRM}</button>
                            <button type="button" on:click=move |_| { pending_key.set(None); key_pass.set(String::new()); }>{crate::strings::sign::CANCEL}</button>
                        </form>
                    })}
                    {note_view(state.decrypt_note)}
                </fieldset>
                <fieldset class="review-source">
                    <legend>{s::REVIEW_ATTACHMENTS}</legend>
                    <p class="hint" id="review-attachments-hint">{s::REVIEW_ATTACHMENTS_HINT}</p>
                    <label class="file-button review-file">{s::REVIEW_PICK_ATTACHMENTS}
                        <input type="file" id="review-attachments" multiple aria-describedby="review-attachments-hint" on:change=pick_attachments />
                    </label>
                    {attachment_list}
                </fieldset>
                <fieldset class="review-source review-signoff">
                    <legend>{s::REVIEW_SIGNOFF}</legend>
                    <p class="hint" id="review-signoff-hint">{s::REVIEW_SIGNOFF_HINT}</p>
                    <label for="review-unit">{s::REVIEW_UNIT}</label>
                    <input type="text" id="review-unit" autocomplete="organization" aria-describedby="review-signoff-hint" prop:value=move || state.unit.get()
                        on:input=move |ev| state.set_signoff(state.unit, state::UNIT_STORAGE, event_target_value(&ev)) />
                    <label for="review-reviewer">{s::REVIEW_REVIEWER}</label>
                    <input type="text" id="review-reviewer" autocomplete="name" aria-describedby="review-signoff-hint" prop:value=move || state.reviewer.get()
                        on:input=move |ev| state.set_signoff(state.reviewer, state::REVIEWER_STORAGE, event_target_value(&ev)) />
                </fieldset>
                <fieldset class="review-source">
                    <legend>{s::REVIEW_PACKS}</legend>
                    <p class="hint" id="review-packs-hint">{s::REVIEW_PACKS_HINT}</p>
                    <label class="file-button review-file">{s::REVIEW_PICK_PACK}
                        <input type="file" id="review-pack" multiple accept=".json,.txt,application/json,text/plain" aria-describedby="review-packs-hint" on:change=pick_pack />
                    </label>
                    <p class="hint review-packs-line">{packs_line}</p>
                    {note_view(state.pack_note)}
                </fieldset>
            </div>
        </section>
    }
}

/// Id of a row's 「查看」 button (focus returns there from the detail view).
pub fn view_button_id(id: usize) -> String {
    format!("review-view-{id}")
}

#[component]
fn SortHeader(col: Column) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let aria = move || match state.sort.get() {
        Some((c, true)) if c == col => "ascending",
        Some((c, false)) if c == col => "descending",
        _ => "none",
    };
    let arrow = move || match state.sort.get() {
        Some((c, true)) if c == col => "▲",
        Some((c, false)) if c == col => "▼",
        _ => "↕",
    };
    let click = move |_| {
        state.sort.update(|s| {
            *s = match *s {
                Some((c, asc)) if c == col => Some((c, !asc)),
                _ => Some((col, true)),
            }
        })
    };
    view! {
        <th scope="col" aria-sort=aria class=format!("col-{}", col.id())>
            <button type="button" class="sort" id=format!("review-sort-{}", col.id()) title=s::REVIEW_SORT_BY on:click=click>
                {col.label()} <span class="arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// New rows put into the results table per frame (`ResultsTable`): about 25 ms of work on
/// this machine, so that the page keeps answering while a thousand come.
const ROWS_PER_FRAME: usize = 100;

/// Which of the rows to show are in the table: those already there stay where they are (their
/// elements kept: a package removed, a status set or a filter narrowed touches no other row,
/// and the page does not shrink under the reviewer's scroll position); new ones come
/// [`ROWS_PER_FRAME`] at a time, in the table's order, one batch a frame. A thousand rows
/// built at once held the page for a quarter of a second (BENCHMARKS.md, thirty-second round).
#[derive(Clone, Copy)]
struct Admitted {
    /// Ids of the packages whose rows are in the table.
    ids: StoredValue<std::collections::HashSet<usize>>,
    /// Bumped at each frame while rows wait, to let the next batch in.
    frame: RwSignal<u32>,
    /// Whether a frame is already asked for.
    asked: StoredValue<bool>,
}

impl Admitted {
    fn new() -> Self {
        Admitted { ids: StoredValue::new(Default::default()), frame: RwSignal::new(0), asked: StoredValue::new(false) }
    }

    /// The rows of `shown` to put in the table now (tracks the frame counter).
    fn of(self, shown: &[Row]) -> Vec<Row> {
        self.frame.track();
        let (rows, waiting) = self
            .ids
            .try_update_value(|ids| {
                let present: std::collections::HashSet<usize> = shown.iter().map(|r| r.id).collect();
                ids.retain(|id| present.contains(id));
                let mut room = ROWS_PER_FRAME;
                let mut waiting = false;
                let rows: Vec<Row> = shown
                    .iter()
                    .filter(|r| {
                        if ids.contains(&r.id) {
                            return true;
                        }
                        if room == 0 {
                            waiting = true;
                            return false;
                        }
                        room -= 1;
                        ids.insert(r.id);
                        true
                    })
                    .cloned()
                    .collect();
                (rows, waiting)
            })
            .unwrap_or_default();
        if waiting && !self.asked.get_value() {
            self.asked.set_value(true);
            request_animation_frame(move || {
                self.asked.try_set_value(false);
                // Gone once the table is (its signals disposed): nothing more to do.
                self.frame.try_update(|f| *f += 1);
            });
        }
        rows
    }
}

/// What tells one state of a row from another, for the table's keyed list: its package and
/// everything shown of it, hashed (a status set gives a new key, so that row alone is built
/// again).
fn row_key(r: &Row) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    r.hash(&mut h);
    (r.id, h.finish())
}

#[component]
fn ResultsTable(on_view: Callback<usize>) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let all = Memo::new(move |_| state.rows());
    let shown = Memo::new(move |_| all.with(|rows| model::visible_rows(rows, &state.query.get(), state.status.get(), state.decision.get(), state.sort.get())));
    let export = move |_| {
        let date: String = crate::dom::date_time(crate::dom::now_ms()).chars().take(10).collect();
        let name = format!("{}-{date}.csv", s::REVIEW_EXPORT_NAME);
        if let Err(e) = crate::dom::download(&name, "text/csv;charset=utf-8", state.csv().as_bytes()) {
            state.announce.set(format!("{}：{e}", s::REVIEW_EXPORT_FAILED));
        }
    };
    // Every listed package's opinion, in one ZIP; those that cannot be read are named.
    let opinions = move |_| {
        let (files, unreadable) = state.opinions();
        if files.is_empty() {
            crate::dom::alert(s::REVIEW_OPINIONS_NONE);
            return;
        }
        let date: String = crate::dom::date_time(crate::dom::now_ms()).chars().take(10).collect();
        let mut said = format!("{}{}{}", s::REVIEW_OPINIONS_DONE_PRE, files.len(), s::REVIEW_OPINIONS_DONE_POST);
        if !unreadable.is_empty() {
            said.push_str(&format!("{}{}", s::REVIEW_OPINIONS_SKIPPED, unreadable.join("、")));
        }
        crate::lazy::word_zip(format!("{}-{date}.zip", s::REVIEW_OPINIONS_NAME), files);
        state.announce.set(said);
    };
    let clear = move |_| {
        if crate::dom::confirm(s::REVIEW_CONFIRM_CLEAR) {
            state.clear();
            crate::dom::focus("review-packages");
        }
    };
    let empty = Memo::new(move |_| all.with(Vec::is_empty));
    let admitted = Admitted::new();
    let caption = move || {
        let (total, showing) = (all.with(Vec::len), shown.with(Vec::len));
        format!("{}（{} {} {}，{} {} {}）", s::REVIEW_RESULTS, s::REVIEW_OF, total, s::REVIEW_UNIT_COUNT, s::REVIEW_SHOWING, showing, s::REVIEW_UNIT_COUNT)
    };
    let row_view = move |r: Row| {
        let id = r.id;
        let who = if r.project.is_empty() { r.file.clone() } else { r.project.clone() };
        let view_label = format!("{} {}", s::REVIEW_VIEW, who);
        let remove_label = format!("{} {}", s::REVIEW_REMOVE, who);
        let status = if r.valid {
            view! { <span class="badge badge-valid">{s::REVIEW_VALID}</span> }.into_any()
        } else {
            let more = (r.problems > 1).then(|| format!("（{} {} {}）", s::REVIEW_OF, r.problems, s::REVIEW_MORE_PROBLEMS));
            view! {
                <span class="badge badge-invalid">{s::REVIEW_INVALID}</span>
                " "
                <strong class="review-status-label">{r.label.clone()}</strong>
                <span class="review-reason">{r.reason.clone()} {more}</span>
            }
            .into_any()
        };
        view! {
            <tr data-id=id.to_string() class=if r.valid { "row-valid" } else { "row-invalid" }>
                <td class="col-file">{r.file.clone()}</td>
                <td class="col-unit">{r.unit.clone()}</td>
                <th scope="row" class="col-project">{r.project.clone()}</th>
                <td class="col-total num">{r.total_wan()}</td>
                <td class="col-findings num">
                    <span class={if r.errors > 0 { "count-error" } else { "" }}>{r.errors}</span> " / "
                    <span class={if r.warnings > 0 { "count-warning" } else { "" }}>{r.warnings}</span>
                </td>
                <td class="col-status">{status}
                    {(!r.basis.is_empty()).then(|| view! {
                        <ul class="review-notes review-basis">{r.basis.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                    })}
                    {(!r.notes.is_empty()).then(|| view! {
                        <ul class="review-notes">{r.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
                    })}
                </td>
                <td class="col-decision">
                    <span class=format!("decision decision-{}", r.mark.decision.id())>{r.mark.decision.label()}</span>
                    {(!r.mark.note.trim().is_empty()).then(|| view! { <span class="review-remark">{r.mark.note.clone()}</span> })}
                </td>
                <td class="col-actions">
                    <button type="button" class="review-view" id=view_button_id(id) aria-label=view_label on:click=move |_| on_view.run(id)>{s::REVIEW_VIEW}</button>
                    <button type="button" class="review-remove" aria-label=remove_label on:click=move |_| {
                        state.remove(id);
                        crate::dom::focus("review-filter");
                    }>{s::REVIEW_REMOVE}</button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="review-results" aria-labelledby="review-results-heading">
            <h3 id="review-results-heading">{s::REVIEW_RESULTS}</h3>
            <div class="review-toolbar" role="search">
                <label for="review-filter">{s::REVIEW_FILTER}</label>
                <input type="search" id="review-filter" placeholder=s::REVIEW_FILTER_PLACEHOLDER
                    prop:value=move || state.query.get()
                    on:input=move |ev| state.query.set(event_target_value(&ev)) />
                <label for="review-status-filter">{s::REVIEW_STATUS_FILTER}</label>
                <select id="review-status-filter"
                    prop:value=move || state.status.get().id()
                    on:change=move |ev| state.status.set(StatusFilter::from_id(&event_target_value(&ev)))>
                    {StatusFilter::ALL.into_iter().map(|f| view! { <option value=f.id()>{f.label()}</option> }).collect_view()}
                </select>
                <label for="review-decision-filter">{s::REVIEW_DECISION_FILTER}</label>
                <select id="review-decision-filter"
                    prop:value=move || state.decision.get().map(Decision::id).unwrap_or("all")
                    on:change=move |ev| state.decision.set(Decision::from_id(&event_target_value(&ev)))>
                    <option value="all">{s::REVIEW_ALL}</option>
                    {Decision::ALL.into_iter().map(|d| view! { <option value=d.id()>{d.label()}</option> }).collect_view()}
                </select>
                <button type="button" id="review-export" on:click=export disabled=move || shown.with(Vec::is_empty)>{s::REVIEW_EXPORT}</button>
                <button type="button" id="review-opinions" title=s::REVIEW_OPINIONS_TITLE on:click=opinions disabled=move || shown.with(Vec::is_empty)>{s::REVIEW_OPINIONS}</button>
                <button type="button" id="review-clear" class="danger" on:click=clear disabled=move || all.with(Vec::is_empty)>{s::REVIEW_CLEAR}</button>
            </div>
            {move || empty.get().then(|| view! { <p class="hint review-empty">{s::REVIEW_EMPTY}</p> })}
            <div class="review-table-wrap" hidden=move || empty.get()>
                <table class="review-table">
                    <caption class="sr-only">{caption}</caption>
                    <thead><tr>
                        {Column::ALL.into_iter().map(|c| view! { <SortHeader col=c /> }).collect_view()}
                        <th scope="col" class="col-actions">{s::REVIEW_COL_ACTIONS}</th>
                    </tr></thead>
                    <tbody>
                        // Keyed: a row stays as long as its package is shown and unchanged.
                        <For each=move || shown.with(|rows| admitted.of(rows)) key=row_key children=move |r| row_view(r).into_any() />
                    </tbody>
                </table>
                {move || (!empty.get() && shown.with(Vec::is_empty)).then(|| view! { <p class="hint review-empty">{s::REVIEW_NO_MATCH}</p> })}
            </div>
        </section>
    }
}

/// The reviewer's desk, with the page's own [`ReviewState`]: kept while the reviewer
/// switches to filling in and back.
#[component]
pub fn ReviewDesk() -> impl IntoView {
    let (state, on_page) = ReviewState::restore_on_page();
    if on_page {
        kept::keep_following(state, None);
    } else {
        kept::restore_into(state);
    }
    on_cleanup(move || state.keep());
    view! { <ReviewDeskFor state=state /> }
}

/// The reviewer's desk over a given state (tests construct one and drive it directly).
///
/// The state is always passed in, never looked up in context first: Leptos keeps contexts
/// on the mode switch's owner across re-renders, so a lookup would find a disposed desk.
#[component]
pub fn ReviewDeskFor(state: ReviewState) -> impl IntoView {
    provide_context(state);
    let open = Callback::new(move |id: usize| {
        state.selected.set(Some(id));
        request_animation_frame(|| {
            crate::dom::focus("detail-heading");
        });
    });
    let back = Callback::new(move |_: ()| {
        let id = state.selected.get_untracked();
        state.selected.set(None);
        request_animation_frame(move || {
            if !id.is_some_and(|id| crate::dom::focus(&view_button_id(id))) {
                crate::dom::focus("review-results-heading");
            }
        });
    });
    let detail = move || {
        let id = state.selected.get()?;
        let item = state.items.with(|items| items.iter().find(|i| i.id == id).cloned())?;
        Some(view! { <detail::Detail item=item on_back=back /> })
    };
    view! {
        <section class="review" aria-labelledby="review-heading">
            <h2 id="review-heading">{s::REVIEW_TITLE}</h2>
            <p class="hint">{s::REVIEW_HINT}</p>
            <p class="review-live" role="status" aria-live="polite" aria-atomic="true">{move || state.announce.get()}</p>
            {note_view(state.kept_note)}
            <div class="review-list" hidden=move || state.selected.get().is_some()>
                <Loaders />
                <ResultsTable on_view=open />
            </div>
            {detail}
        </section>
    }
}
