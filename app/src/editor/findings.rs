//! The findings summary: grouped by severity, each with its citation (quotation expandable),
//! a jump to the field, and for warnings the 说明 box.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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

/// A finding's identity in a list, as the list's `For` keys it: the finding with its message
/// left out, and which of several with the same rule and fields (1, 2, …). The message is
/// left out because it names the values as typed (「合计 312.01 万元」): keyed on it, every
/// keystroke in an amount rebuilt the item — button, citation, quotation, 说明 box — where
/// now one text changes (BENCHMARKS.md, fifth round).
#[derive(Clone, PartialEq, Eq)]
pub struct ItemKey(Arc<(Finding, usize)>);

impl ItemKey {
    /// The finding, its message blank (the message is [`Listed::message`]).
    pub fn finding(&self) -> &Finding {
        &self.0.0
    }
}

/// Rule, fields and number identify an item; hashing the citation and quotation as well
/// would only cost time (equal keys still hash equal).
impl Hash for ItemKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let (f, n) = &*self.0;
        (&f.rule, &f.fields, n).hash(h);
    }
}

/// A list of findings as shown: the items' keys in order and each one's current message.
#[derive(Clone, PartialEq, Default)]
pub struct Listed {
    pub keys: Vec<ItemKey>,
    messages: HashMap<ItemKey, String>,
}

impl Listed {
    pub fn new<'a>(findings: impl Iterator<Item = &'a Finding>) -> Listed {
        let mut out = Listed::default();
        let mut seen: HashMap<(&str, &[String]), usize> = HashMap::new();
        for f in findings {
            let n = seen.entry((&f.rule, &f.fields)).or_default();
            *n += 1;
            let key = ItemKey(Arc::new((Finding { message: String::new(), ..f.clone() }, *n)));
            out.messages.insert(key.clone(), f.message.clone());
            out.keys.push(key);
        }
        out
    }

    /// The message of the item `key` now (empty once the finding is gone; its item is then
    /// about to be removed).
    pub fn message(&self, key: &ItemKey) -> String {
        self.messages.get(key).cloned().unwrap_or_default()
    }
}

/// The current message of one item of `list`, for the item to show: re-runs when the list
/// changes, and wakes the item's text only when its own message changed.
pub fn message_of(list: Memo<Listed>, key: &ItemKey) -> Memo<String> {
    let key = key.clone();
    Memo::new(move |_| list.with(|l| l.message(&key)))
}

#[component]
fn FindingItem(item: ItemKey, message: Memo<String>) -> impl IntoView {
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
            <button type="button" class="jump" on:click=move |_| jump(&jf)>{move || message.get()}</button>
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
        let list = Memo::new(move |_| ctx.report.with(|r| r.as_ref().map(|r| Listed::new(r.of(sev))).unwrap_or_default()));
        view! {
            <Show when=move || list.with(|l| !l.keys.is_empty())>
                <section class=format!("summary-group group-{}", sev.label())>
                    <h3>{sev.label()} "（" {move || list.with(|l| l.keys.len())} " 项）"</h3>
                    // Keyed (`ItemKey`): a new report builds only the findings that are new and
                    // updates the messages that changed (and keeps the 说明 box being typed in).
                    <ul><For each=move || list.with(|l| l.keys.clone()) key=ItemKey::clone
                        children=move |k| { let message = message_of(list, &k); view! { <FindingItem item=k message=message /> } } /></ul>
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
