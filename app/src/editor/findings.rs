//! The findings summary: grouped by severity, each with its citation (quotation expandable),
//! a jump to the field, and for warnings the 说明 box.

use leptos::prelude::*;
use shenbao_core::Finding;
use shenbao_core::fields::describe_path;
use shenbao_core::pack::Severity;

use super::shown::{ItemKey, List};
use super::state::EditorCtx;
use crate::dom::{escape_html, field_id, focus};
use crate::strings as s;

fn jump(f: &Finding) {
    for p in &f.fields {
        if focus(&field_id(p)) {
            return;
        }
    }
}

/// The inside of a finding's 「查看原文」: the full citation with the quotation, and the advice.
fn source_html(f: &Finding) -> String {
    let city = if f.city == "通用" { "" } else { f.city.as_str() };
    let cite = format!("{city}《{}》{}{}", f.document.trim_start_matches('《').trim_end_matches('》'), f.article, f.clause.as_deref().unwrap_or(""));
    let advice = f.advice.as_deref().map(|a| format!("<p class=\"advice\">{}：{}</p>", s::ADVICE, escape_html(a))).unwrap_or_default();
    format!("<summary>{}</summary><blockquote>{}：“{}”</blockquote>{advice}", s::QUOTE, escape_html(&cite), escape_html(&f.quote))
}

/// The source of a finding: the full citation with the quotation and advice, expandable.
/// Shared by the editor's summary and the reviewer's detail view. Its content is static, so it
/// is written as one piece of (escaped) markup: a new finding's item is built while the user
/// types, and each element built one by one is a round trip between wasm and the page.
pub fn source_details(f: &Finding) -> impl IntoView + use<> {
    view! { <details inner_html=source_html(f)></details> }
}

#[component]
fn FindingItem(item: ItemKey) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let f = item.finding().clone();
    let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
    let meta = format!(
        "<span class=\"citation\">{}</span>{}",
        escape_html(&f.citation()),
        if fields.is_empty() { String::new() } else { format!("<span class=\"fields\"> · {}</span>", escape_html(&fields.join("、"))) }
    );
    let jf = f.clone();
    // Only a warning takes a 说明, and is marked once it has one.
    let justify = (f.severity == Severity::Warning).then(|| {
        let id = format!("j-{}-{}", f.rule, field_id(&f.fields.join("-")));
        let (jr, jw, jf) = (f.clone(), f.clone(), f.clone());
        let explained = Memo::new(move |_| !ctx.justification(&jr).trim().is_empty());
        let view = view! {
            <div class="justify">
                <label for=id.clone()>{s::JUSTIFICATION}</label>
                <textarea id=id rows="2" prop:value=move || ctx.justification(&jw)
                    on:input=move |ev| ctx.set_justification(&jf, event_target_value(&ev))></textarea>
            </div>
        };
        (explained, view)
    });
    let explained = justify.as_ref().map(|(e, _)| *e);
    let class = match f.severity {
        Severity::Error => "summary-item sev-error",
        Severity::Warning => "summary-item sev-warning",
        Severity::Info => "summary-item sev-info",
    };
    view! {
        <li class=class class:explained=move || explained.is_some_and(|e| e.get())>
            <button type="button" class="jump" on:click=move |_| jump(&jf)>{move || ctx.message(&item)}</button>
            <p class="meta" inner_html=meta></p>
            {source_details(&f)}
            {justify.map(|(_, v)| v)}
        </li>
    }
}

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let group = move |sev: Severity| {
        let list = List::Summary(sev);
        // Built once and hidden while empty rather than built each time the group fills: in a
        // clean project a half-typed amount makes the errors group come and go keystroke by
        // keystroke, and rebuilding its section was a fifth of such a keystroke in a CPU profile.
        view! {
            <section class=format!("summary-group group-{}", sev.label()) hidden=move || ctx.with_list(list, <[ItemKey]>::is_empty)>
                <h3>{sev.label()} "（" {move || ctx.with_list(list, <[ItemKey]>::len)} " 项）"</h3>
                // Keyed (`ItemKey`): a new report builds only the findings that are new, and
                // a changed message updates its item's text (the 说明 box being typed in
                // stays).
                <ul><For each=move || ctx.list(list) key=ItemKey::clone children=move |k| view! { <FindingItem item=k /> } /></ul>
            </section>
        }
    };
    view! {
        <aside class="summary" aria-labelledby="summary-heading"
            data-report-rev=move || ctx.check_rev.get().0.to_string()
            data-check-ms=move || thousandths(ctx.check_rev.get().1)>
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

/// `0.214`: milliseconds to three places, in integers (float formatting is 10 KB of wasm).
fn thousandths(ms: f64) -> String {
    let us = (ms.max(0.0) * 1000.0).round() as u64;
    format!("{}.{:03}", us / 1000, us % 1000)
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn check_time_is_shown_to_the_microsecond() {
        for (ms, shown) in [(0.0, "0.000"), (0.2144, "0.214"), (0.2146, "0.215"), (12.0, "12.000"), (1.0006, "1.001"), (-0.1, "0.000")] {
            assert_eq!(thousandths(ms), shown, "{ms}");
        }
    }

    #[wasm_bindgen_test]
    fn markup_in_a_pack_s_text_is_shown_as_text() {
        assert_eq!(escape_html(r#"<img src=x onerror="a()">&'"#), "&lt;img src=x onerror=&quot;a()&quot;&gt;&amp;&#39;");
        assert_eq!(escape_html("第十七条（三）"), "第十七条（三）");
        let f = Finding {
            rule: "r".into(),
            severity: Severity::Warning,
            title: "t".into(),
            city: "巴中市".into(),
            short_name: "巴中".into(),
            document: "《办法》".into(),
            article: "第一条".into(),
            clause: Some("（一）".into()),
            quote: "<b>原文</b>".into(),
            fields: vec![],
            message: String::new(),
            advice: Some("a & b".into()),
        };
        let html = source_html(&f);
        assert!(html.contains("<blockquote>巴中市《办法》第一条（一）：“&lt;b&gt;原文&lt;/b&gt;”</blockquote>"), "{html}");
        assert!(html.contains("<p class=\"advice\">"), "{html}");
        assert!(html.contains("a &amp; b"), "{html}");
    }
}
