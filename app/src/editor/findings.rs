//! The findings summary: grouped by severity, each with its citation (quotation expandable),
//! a jump to the field, and for warnings the 说明 box.

use leptos::prelude::*;
use shenbao_core::Finding;
use shenbao_core::fields::describe_path;
use shenbao_core::pack::Severity;

use super::shown::{ItemKey, List};
use super::state::EditorCtx;
use crate::dom::{field_id, focus};
use crate::strings as s;

fn jump(f: &Finding) {
    for p in &f.fields {
        if focus(&field_id(p)) {
            return;
        }
    }
}

/// The source of a finding: the full citation with the quotation and advice, expandable.
/// Shared by the editor's summary and the reviewer's detail view.
pub fn source_details(f: &Finding) -> impl IntoView + use<> {
    let city = if f.city == "通用" { "" } else { f.city.as_str() };
    let cite = format!("{city}《{}》{}{}", f.document.trim_start_matches('《').trim_end_matches('》'), f.article, f.clause.clone().unwrap_or_default());
    view! {
        <details>
            <summary>{s::QUOTE}</summary>
            <blockquote>{cite} "：“" {f.quote.clone()} "”"</blockquote>
            {f.advice.clone().map(|a| view! { <p class="advice">{s::ADVICE} "：" {a}</p> })}
        </details>
    }
}

#[component]
fn FindingItem(item: ItemKey) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let f = item.finding().clone();
    let is_warning = f.severity == Severity::Warning;
    let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
    let jf = f.clone();
    let id = format!("j-{}-{}", f.rule, field_id(&f.fields.join("-")));
    let (jr, jw) = (f.clone(), f.clone());
    // Only a warning takes a 说明: errors and notes read nothing after they are built.
    let explained = is_warning.then(|| Memo::new(move |_| !ctx.justification(&jr).trim().is_empty()));
    let class = match f.severity {
        Severity::Error => "summary-item sev-error",
        Severity::Warning => "summary-item sev-warning",
        Severity::Info => "summary-item sev-info",
    };
    view! {
        <li class=class class:explained=move || explained.is_some_and(|e| e.get())>
            <button type="button" class="jump" on:click=move |_| jump(&jf)>{move || ctx.message(&item)}</button>
            <p class="meta">
                <span class="citation">{f.citation()}</span>
                {(!fields.is_empty()).then(|| view! { <span class="fields">" · " {fields.join("、")}</span> })}
            </p>
            {source_details(&f)}
            {is_warning.then(|| view! {
                <div class="justify">
                    <label for=id.clone()>{s::JUSTIFICATION}</label>
                    <textarea id=id rows="2" prop:value=move || ctx.justification(&jw)
                        on:input={ let jf = f.clone(); move |ev| ctx.set_justification(&jf, event_target_value(&ev)) }></textarea>
                </div>
            })}
        </li>
    }
}

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let group = move |sev: Severity| {
        let list = List::Summary(sev);
        view! {
            <Show when=move || ctx.with_list(list, |l| !l.is_empty())>
                <section class=format!("summary-group group-{}", sev.label())>
                    <h3>{sev.label()} "（" {move || ctx.with_list(list, <[ItemKey]>::len)} " 项）"</h3>
                    // Keyed (`ItemKey`): a new report builds only the findings that are new, and
                    // a changed message updates its item's text (the 说明 box being typed in
                    // stays).
                    <ul><For each=move || ctx.list(list) key=ItemKey::clone children=move |k| view! { <FindingItem item=k /> } /></ul>
                </section>
            </Show>
        }
    };
    view! {
        <aside class="summary" aria-labelledby="summary-heading"
            data-report-rev=move || ctx.check_rev.get().0.to_string()
            data-check-ms=move || format!("{:.3}", ctx.check_rev.get().1)>
            <h2 id="summary-heading">{s::FINDINGS}</h2>
            {move || ctx.with_found(|r| match r {
                Err(e) => Some(view! { <p class="input-error">{e.clone()}</p> }.into_any()),
                Ok(items) if items.is_empty() => Some(view! { <p class="ok">{s::NO_FINDINGS}</p> }.into_any()),
                Ok(_) => None,
            })}
            {group(Severity::Error)}
            {group(Severity::Warning)}
            {group(Severity::Info)}
        </aside>
    }
}

/// 「3 项错误 · 2 项警告待说明」, announced politely to screen readers.
pub fn status_text(ctx: &EditorCtx) -> String {
    match ctx.tally() {
        Err(e) => e,
        Ok(summary) => {
            let open = ctx.unexplained.get();
            let mut parts = Vec::new();
            if summary.errors > 0 {
                parts.push(format!("{} 项错误", summary.errors));
            }
            if open > 0 {
                parts.push(format!("{open} 项警告待说明"));
            }
            if parts.is_empty() {
                if summary.warnings > 0 {
                    format!("无错误 · {} 项警告均已说明 · 可以签名", summary.warnings)
                } else {
                    "无错误 · 可以签名".into()
                }
            } else {
                parts.join(" · ")
            }
        }
    }
}
