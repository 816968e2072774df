//! The findings summary: grouped by severity, each with its citation (quotation expandable),
//! a jump to the field, and for warnings the 说明 box.

use leptos::prelude::*;
use shenbao_core::Finding;
use shenbao_core::report::Summary;

use wasm_bindgen::JsCast;

use super::paint::{CLEAN_NOTE_ID, GROUPS, PANEL_ID, PROBLEM_NOTE_ID, group_ids, notes, serial_of, thousandths};
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

/// A finding's source: the full citation with the quotation, and the advice; for a built-in
/// pack's rule, a button showing the whole article (`lazy::article`) in the box after it.
pub(crate) fn source_body_html(f: &Finding) -> String {
    let city = if f.city == "通用" { "" } else { f.city.as_str() };
    let cite = format!("{city}《{}》{}{}", f.document.trim_start_matches('《').trim_end_matches('》'), f.article, f.clause.as_deref().unwrap_or(""));
    let advice = f.advice.as_deref().map(|a| format!("<p class=\"advice\">{}：{}</p>", s::ADVICE, escape_html(a))).unwrap_or_default();
    let full = match crate::packs::with_regulation(&f.rule) {
        Some(_) => format!(
            "<button type=\"button\" class=\"article-toggle\" aria-expanded=\"false\">{}{}{}</button><div class=\"article-full\" aria-live=\"polite\" hidden></div>",
            s::ARTICLE_FULL_PRE,
            escape_html(&f.article),
            s::ARTICLE_FULL_POST
        ),
        None => String::new(),
    };
    format!("<blockquote>{}：“{}”</blockquote>{advice}{full}", escape_html(&cite), escape_html(&f.quote))
}

/// Opens or closes the whole article after a finding's 「查看第X条全文」 button, loading it the
/// first time (and again after a failed load).
pub(crate) fn toggle_article(toggle: &web_sys::Element, f: &Finding) {
    let Some(body) = toggle.next_element_sibling() else { return };
    let Some(pack) = crate::packs::with_regulation(&f.rule) else { return };
    let open = toggle.get_attribute("aria-expanded").as_deref() != Some("true");
    if open && body.child_element_count() == 0 {
        body.set_inner_html(&format!("<p class=\"hint\">{}</p>", s::ARTICLE_LOADING));
        let citation = shenbao_core::pack::Citation { article: f.article.clone(), clause: f.clause.clone(), quote: f.quote.clone(), note: None };
        let again = body.clone();
        crate::lazy::article(pack, citation, body.clone(), move || {
            // Emptied on the next close, so that opening again retries.
            let _ = again.set_attribute("data-failed", "");
        });
    }
    if !open && body.has_attribute("data-failed") {
        body.set_inner_html("");
        let _ = body.remove_attribute("data-failed");
    }
    let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let _ = if open { body.remove_attribute("hidden") } else { body.set_attribute("hidden", "") };
}

/// The inside of a finding's 「查看原文」 `<details>`: the full citation with the quotation and
/// advice, as escaped markup (its content is static). Shared by the editor's summary and the
/// reviewer's detail view.
pub fn source_html(f: &Finding) -> String {
    format!("<summary>{}</summary>{}", s::QUOTE, source_body_html(f))
}

/// Opens or closes an item's source (the disclosure after its 「查看原文」 button), writing it the
/// first time it is opened.
fn toggle_source(toggle: &web_sys::Element, f: &Finding) {
    let Some(body) = toggle.next_element_sibling() else { return };
    let open = toggle.get_attribute("aria-expanded").as_deref() != Some("true");
    if open && body.child_element_count() == 0 {
        body.set_inner_html(&source_body_html(f));
    }
    let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
    let _ = if open { body.remove_attribute("hidden") } else { body.set_attribute("hidden", "") };
}

/// The summary. Its items are written by `paint` (built here from the lists as they are, then
/// patched from each report's difference); one listener each for clicks and typing serves every
/// item's button and 说明 box, finding the item by the serial its element carries.
#[component]
pub fn SummaryPanel() -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let group = move |i: usize| {
        let sev = GROUPS[i];
        let list = List::Summary(sev);
        let n = ctx.with_list(list, <[ItemKey]>::len);
        let [section, count, ul] = group_ids(i);
        // Hidden while empty rather than removed: in a clean project a half-typed amount makes
        // the errors group come and go keystroke by keystroke.
        view! {
            <section class=format!("summary-group group-{}", sev.label()) id=section hidden=n == 0>
                <h3>{sev.label()} "（" <span id=count>{n}</span> " 项）"</h3>
                <ul id=ul inner_html=ctx.list_markup(list)></ul>
            </section>
        }
    };
    // The item whose element holds the event's target.
    let item_of = move |ev: &web_sys::Event| {
        let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let li = target.closest("li[data-n]").ok()??;
        ctx.item(serial_of(&li)?)
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let on = |sel: &str| target.closest(sel).ok().flatten();
        if on(".jump").is_some()
            && let Some(k) = item_of(&ev)
        {
            jump(k.finding());
        } else if let Some(toggle) = on(".source-toggle")
            && let Some(k) = item_of(&ev)
        {
            toggle_source(&toggle, k.finding());
        } else if let Some(toggle) = on(".article-toggle")
            && let Some(k) = item_of(&ev)
        {
            toggle_article(&toggle, k.finding());
        }
    };
    let on_input = move |ev: web_sys::Event| {
        let Some(ta) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) else { return };
        if let Some(k) = item_of(&ev) {
            ctx.set_justification(k.finding(), ta.value());
        }
    };
    // The notes as they are now; from then on written in the check's pass when they change
    // (`paint::notes`).
    let (clean, problem) = ctx.notes_now();
    let shown = StoredValue::new((clean, problem.clone()));
    ctx.on_findings(move || {
        let now = ctx.notes_now();
        shown.try_update_value(|was| {
            if *was != now {
                notes(&now);
                *was = now;
            }
        });
    });
    view! {
        <aside class="summary" id=PANEL_ID aria-labelledby="summary-heading" on:click=on_click on:input=on_input
            data-report-rev=ctx.revision().0.to_string() data-check-ms=thousandths(ctx.revision().1)>
            <h2 id="summary-heading">{s::FINDINGS}</h2>
            <p class="input-error" id=PROBLEM_NOTE_ID hidden=problem.is_none()>{problem.clone().unwrap_or_default()}</p>
            <p class="ok" id=CLEAN_NOTE_ID hidden=!clean>{s::NO_FINDINGS}</p>
            {group(0)}
            {group(1)}
            {group(2)}
        </aside>
    }
}

/// 「3 项错误 · 2 项警告待说明」, announced politely to screen readers: from the report's counts
/// (or why the document could not be read) and its count of unexplained warnings.
pub fn status_text((summary, open): (Result<Summary, String>, usize)) -> String {
    match summary {
        Err(e) => e,
        Ok(summary) => {
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
    use shenbao_core::pack::Severity;
    use wasm_bindgen_test::wasm_bindgen_test;

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
