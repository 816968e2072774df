//! The detail's 「版本比较」: the package against another one loaded on the desk — by default
//! the package it says it replaces — as `shenbao_core::compare` finds them: fields, rows,
//! long texts marked in place, 说明, findings raised and resolved, attached files.

use leptos::prelude::*;
use shenbao_core::compare::{self, Comparison, Edit, Presence, Span};
use shenbao_core::package::{Payload, ProblemCode, batch};

use super::state::{Item, ReviewState};
use crate::strings as s;

/// Whether a package's content is what its signer signed.
fn signature_holds(i: &Item) -> bool {
    ![ProblemCode::SignatureInvalid, ProblemCode::Unsigned, ProblemCode::MalformedEnvelope].into_iter().any(|c| i.v.has(c))
}

/// Another loaded package `item` can be compared with.
#[derive(Clone)]
struct Other {
    id: usize,
    label: String,
    /// The package `item` says it replaces (same id, same signed bytes, signature holding).
    replaced: bool,
}

fn others(item: &Item, items: &[Item]) -> Vec<Other> {
    let previous = item.v.payload.as_ref().and_then(|p| p.previous.as_ref());
    items
        .iter()
        .filter(|i| i.id != item.id)
        .filter_map(|i| {
            let p = i.v.payload.as_ref()?;
            let replaced = signature_holds(i)
                && previous.is_some_and(|prev| prev.id == p.id && batch::payload_sha256(p).is_some_and(|h| h == prev.sha256));
            let project = if i.row.project.is_empty() { String::new() } else { format!(" · {}", i.row.project) };
            Some(Other { id: i.id, label: format!("{}{project}（{}）", i.name, p.created_at), replaced })
        })
        .collect()
}

/// The two packages in time order: the one replaced first, else the one that names the other
/// as replaced, else the one signed earlier.
fn ordered<'a>(item: &'a Item, other: &'a Item, replaced: bool) -> (&'a Item, &'a Item) {
    let (Some(p), Some(q)) = (item.v.payload.as_ref(), other.v.payload.as_ref()) else { return (other, item) };
    let names = |newer: &Payload, older: &Payload| newer.previous.as_ref().is_some_and(|prev| prev.id == older.id);
    if replaced || names(p, q) {
        (other, item)
    } else if names(q, p) || p.created_at < q.created_at {
        (item, other)
    } else {
        (other, item)
    }
}

/// The comparison section; nothing when no other package with a readable content is loaded.
#[component]
pub fn Changes(item: Item) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let others = state.items.with_untracked(|items| others(&item, items));
    if others.is_empty() {
        return ().into_any();
    }
    let chosen = RwSignal::new(others.iter().find(|o| o.replaced).map(|o| o.id));
    let replaced_id = others.iter().find(|o| o.replaced).map(|o| o.id);
    let options = others
        .into_iter()
        .map(|o| {
            let selected = Some(o.id) == chosen.get_untracked();
            let label = if o.replaced { format!("{}{}", o.label, s::CHANGES_REPLACED) } else { o.label };
            view! { <option value=o.id.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    let result = move || {
        let id = chosen.get()?;
        let other = state.items.with_untracked(|items| items.iter().find(|i| i.id == id).cloned())?;
        let (older, newer) = ordered(&item, &other, replaced_id == Some(id));
        let c = compare::packages(older.v.payload.as_ref()?, newer.v.payload.as_ref()?);
        Some(view! {
            <p class="changes-direction">"「" {older.name.clone()} "」→「" {newer.name.clone()} "」"</p>
            {(!signature_holds(&other)).then(|| view! { <p class="banner banner-warning">{s::CHANGES_UNTRUSTED}</p> })}
            {comparison_view(c)}
        })
    };
    view! {
        <section class="review-block review-changes" aria-labelledby="detail-changes">
            <h4 id="detail-changes">{s::CHANGES_TITLE}</h4>
            <label class="changes-pick">
                {s::CHANGES_WITH} " "
                <select id="detail-compare" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                    <option value="">{s::CHANGES_NONE}</option>
                    {options}
                </select>
            </label>
            <div class="changes-result" aria-live="polite">{result}</div>
        </section>
    }
    .into_any()
}

fn value_or_blank(v: Option<String>) -> String {
    v.unwrap_or_else(|| s::CHANGES_BLANK.to_string())
}

/// A value replaced: the old struck through, the new marked, each said to a screen reader.
fn before_after(before: Option<String>, after: Option<String>) -> impl IntoView {
    view! {
        <del><span class="sr-only">{s::CHANGES_SR_BEFORE}</span>{value_or_blank(before)}</del>
        " → "
        <ins><span class="sr-only">{s::CHANGES_SR_AFTER}</span>{value_or_blank(after)}</ins>
    }
}

fn edit_view(e: Edit) -> impl IntoView {
    match e {
        Edit::Value { label, spans, .. } if !spans.is_empty() => view! {
            <li class="change change-text">
                <span class="change-label">{label}</span>
                <p class="change-spans">
                    {spans.into_iter().map(|sp| match sp {
                        Span::Same(t) => view! { <span>{t}</span> }.into_any(),
                        Span::Removed(t) => view! { <del><span class="sr-only">{s::CHANGES_SR_REMOVED}</span>{t}</del> }.into_any(),
                        Span::Added(t) => view! { <ins><span class="sr-only">{s::CHANGES_SR_ADDED}</span>{t}</ins> }.into_any(),
                    }).collect_view()}
                </p>
            </li>
        }
        .into_any(),
        Edit::Value { label, before, after, .. } => view! {
            <li class="change"><span class="change-label">{label}</span> "：" {before_after(before, after)}</li>
        }
        .into_any(),
        Edit::Row { label, added, cells, .. } => {
            let cells: Vec<String> = cells.into_iter().map(|c| format!("{} {}", c.label, c.value)).collect();
            view! {
                <li class=if added { "change change-row-added" } else { "change change-row-removed" }>
                    <span class="change-kind">{if added { s::CHANGES_ROW_ADDED } else { s::CHANGES_ROW_REMOVED }}</span>
                    " " <span class="change-label">{label}</span> "：" {cells.join("；")}
                </li>
            }
            .into_any()
        }
    }
}

fn comparison_view(c: Comparison) -> impl IntoView {
    let summary = c.summary();
    let docs = c.documents.into_iter().filter(|d| d.presence != Presence::Both || !d.edits.is_empty()).map(|d| {
        let said = match d.presence {
            Presence::Added => Some(s::CHANGES_DOC_ADDED),
            Presence::Removed => Some(s::CHANGES_DOC_REMOVED),
            Presence::Both => None,
        };
        view! {
            <h5>"《" {d.label} "》" {said}</h5>
            {(!d.edits.is_empty()).then(|| view! { <ul class="changes-list">{d.edits.into_iter().map(edit_view).collect_view()}</ul> })}
        }
    });
    let justifications = (!c.justifications.is_empty()).then(|| {
        view! {
            <h5>{s::CHANGES_JUSTIFICATIONS}</h5>
            <ul class="changes-list">
                {c.justifications.into_iter().map(|j| view! {
                    <li class="change"><span class="change-label">{j.title} "（" {j.fields} "）"</span> "：" {before_after(j.before, j.after)}</li>
                }).collect_view()}
            </ul>
        }
    });
    let findings = [(s::CHANGES_FINDINGS_ADDED, c.findings_added, "changes-raised"), (s::CHANGES_FINDINGS_RESOLVED, c.findings_resolved, "changes-resolved")]
        .into_iter()
        .filter(|(_, l, _)| !l.is_empty())
        .map(|(title, list, class)| {
            view! {
                <h5>{title} "（" {list.len()} " 项）"</h5>
                <ul class=format!("changes-list {class}")>
                    {list.into_iter().map(|f| view! {
                        <li class="change"><span class="sev">{f.severity.label()}</span> " " {f.message.clone()} " " <span class="citation">"（" {f.citation()} "）"</span></li>
                    }).collect_view()}
                </ul>
            }
        })
        .collect_view();
    let attachments = (!c.attachments.is_empty()).then(|| {
        view! {
            <h5>{s::CHANGES_ATTACHMENTS}</h5>
            <ul class="changes-list">
                {c.attachments.into_iter().map(|a| view! { <li class="change">{a.name} "（" {a.kind} "）：" {a.change.label()}</li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <p class="changes-summary">{summary}</p>
        {c.pack.map(|(a, b)| view! { <p class="changes-pack">{s::CHANGES_PACK} "：" {before_after(Some(a), Some(b))}</p> })}
        {docs.collect_view()}
        {justifications}
        {findings}
        {attachments}
    }
}
