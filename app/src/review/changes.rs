//! The detail's 「版本比较」: the package against another one loaded on the desk — by default
//! the package it says it replaces — as `shenbao_core::compare` finds them: fields, rows,
//! long texts marked in place, 说明, findings raised and resolved, attached files.

use leptos::prelude::*;
use shenbao_core::compare;
use shenbao_core::package::Payload;

use super::state::{Item, ReviewState};
use crate::strings as s;

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
            let replaced = i.signature_holds() && previous.is_some_and(|prev| prev.id == p.id && i.payload_sha256.as_deref() == Some(prev.sha256.as_str()));
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
        let warning = if other.signature_holds() { String::new() } else { format!("<p class=\"banner banner-warning\">{}</p>", s::CHANGES_UNTRUSTED) };
        let e = crate::dom::escape_html;
        Some(format!("<p class=\"changes-direction\">「{}」→「{}」</p>{warning}{}", e(&older.name), e(&newer.name), crate::compared::comparison_html(&c)))
    };
    view! {
        <section class="review-block review-changes changes" aria-labelledby="detail-changes">
            <h4 id="detail-changes">{s::CHANGES_TITLE}</h4>
            <label class="changes-pick">
                {s::CHANGES_WITH} " "
                <select id="detail-compare" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                    <option value="">{s::CHANGES_NONE}</option>
                    {options}
                </select>
            </label>
            <div class="changes-result" aria-live="polite" inner_html=move || result().unwrap_or_default()></div>
        </section>
    }
    .into_any()
}
