//! The findings summary: grouped by severity, each with its citation (quotation expandable),
//! a jump to the field, and for warnings the 说明 box.

use leptos::prelude::*;
use shenbao_core::Finding;
use shenbao_core::fields::describe_path;
use shenbao_core::pack::Severity;

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
fn FindingItem(f: Finding) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let is_warning = f.severity == Severity::Warning;
    let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
    let target = f.clone();
    let jf = f.clone();
    let key = format!("j-{}-{}", f.rule, field_id(&f.fields.join("-")));
    let (jr, jw) = (f.clone(), f.clone());
    let explained = Memo::new(move |_| !ctx.justification(&jr).trim().is_empty());
    view! {
        <li class=move || format!("summary-item sev-{}{}", match target.severity { Severity::Error => "error", Severity::Warning => "warning", Severity::Info => "info" }, if is_warning && explained.get() { " explained" } else { "" })>
            <button type="button" class="jump" on:click=move |_| jump(&jf)>{f.message.clone()}</button>
            <p class="meta">
                <span class="citation">{f.citation()}</span>
                {(!fields.is_empty()).then(|| view! { <span class="fields">" · " {fields.join("、")}</span> })}
            </p>
            {source_details(&f)}
            {is_warning.then(|| view! {
                <div class="justify">
                    <label for=key.clone()>{s::JUSTIFICATION}</label>
                    <textarea id=key rows="2" prop:value=move || ctx.justification(&jw)
                        on:input={ let jf = f.clone(); move |ev| ctx.set_justification(&jf, event_target_value(&ev)) }></textarea>
                </div>
            })}
        </li>
    }
}

/// The identity of a finding in the list (rule, fields, message, and which of several equal
/// ones), paired with it.
type Keyed = ((String, Vec<String>, String, usize), Finding);

fn keyed<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<Keyed> {
    let mut seen: std::collections::HashMap<(&str, &[String], &str), usize> = Default::default();
    findings
        .map(|f| {
            let n = seen.entry((&f.rule, &f.fields, &f.message)).or_default();
            *n += 1;
            ((f.rule.clone(), f.fields.clone(), f.message.clone(), *n), f.clone())
        })
        .collect()
}

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let group = move |sev: Severity| {
        let list = Memo::new(move |_| ctx.report.with(|r| r.as_ref().map(|r| keyed(r.of(sev))).unwrap_or_default()));
        view! {
            <Show when=move || list.with(|l| !l.is_empty())>
                <section class=format!("summary-group group-{}", sev.label())>
                    <h3>{sev.label()} "（" {move || list.with(Vec::len)} " 项）"</h3>
                    // Keyed: a new report rebuilds only the findings that changed, not the whole
                    // list with every citation (and keeps the 说明 box being typed in).
                    <ul><For each=move || list.get() key=|(k, _)| k.clone() let:item><FindingItem f=item.1 /></For></ul>
                </section>
            </Show>
        }
    };
    view! {
        <aside class="summary" aria-labelledby="summary-heading"
            data-report-rev=move || ctx.check_rev.get().0.to_string()
            data-check-ms=move || format!("{:.3}", ctx.check_rev.get().1)>
            <h2 id="summary-heading">{s::FINDINGS}</h2>
            {move || ctx.report.with(|r| match r {
                Err(e) => Some(view! { <p class="input-error">{e.clone()}</p> }.into_any()),
                Ok(r) if r.findings.is_empty() => Some(view! { <p class="ok">{s::NO_FINDINGS}</p> }.into_any()),
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
    ctx.report.with(|r| match r {
        Err(e) => e.clone(),
        Ok(r) => {
            let open = ctx.unexplained.get();
            let mut parts = Vec::new();
            if r.summary.errors > 0 {
                parts.push(format!("{} 项错误", r.summary.errors));
            }
            if open > 0 {
                parts.push(format!("{open} 项警告待说明"));
            }
            if parts.is_empty() {
                if r.summary.warnings > 0 {
                    format!("无错误 · {} 项警告均已说明 · 可以签名", r.summary.warnings)
                } else {
                    "无错误 · 可以签名".into()
                }
            } else {
                parts.join(" · ")
            }
        }
    })
}
