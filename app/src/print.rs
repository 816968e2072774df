//! The printed form of the documents: a formal paper (title, numbered sections, tables,
//! page numbers) with the package hash and signer fingerprint in the footer, so the
//! browser's 打印 → PDF gives something fit to submit. Hidden on screen. What it says is
//! `shenbao_core::paper`'s outline, which the Word document follows too.

use leptos::prelude::*;
use shenbao_core::paper::{self, Block, Table};

use crate::editor::EditorCtx;

/// The package last signed in this editor: the document as it was signed, and what its
/// papers say of that package (`paper::Seal::package`).
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub doc: serde_json::Value,
    pub seal: paper::Seal,
}

/// What a draft's papers say of themselves: `Seal::draft`, or, once files are picked in the
/// signing panel, `Seal::draft_with` them — made by the panel, so that the code listing the
/// files is in its part, not in the first load.
#[derive(Clone, Copy)]
pub struct DraftSeal(pub RwSignal<paper::Seal>);

/// What the papers of `doc` say of the package they are: the signed package's while `doc` is
/// still what was signed; once it is edited, a draft's (`draft`) — a paper of changed content
/// must never carry the package's digest and signer.
pub fn seal_for(signed: Option<&Signed>, draft: &paper::Seal, doc: &serde_json::Value) -> paper::Seal {
    signed.filter(|s| s.doc == *doc).map(|s| &s.seal).unwrap_or(draft).clone()
}

/// [`seal_for`] the editor's document now, from the editor's contexts.
pub fn seal_now(signed: RwSignal<Option<Signed>>, draft: DraftSeal, doc: &serde_json::Value) -> Option<paper::Seal> {
    draft.0.try_with_untracked(|d| signed.try_with_untracked(|s| seal_for(s.as_ref(), d, doc)))?
}

/// The papers of `doc` as markup, every value escaped: read-only, so written as text rather
/// than views (whose code cost the main module more than the markup's few lines).
fn papers_html(doc: &serde_json::Value, report: Option<&shenbao_core::Report>, seal: &paper::Seal) -> String {
    use crate::dom::escape_html as e;
    let mut out = String::new();
    let table = |out: &mut String, t: &Table| {
        out.push_str(&format!("<table class=\"print-table\"><caption>{}</caption><thead><tr>", e(t.caption)));
        for c in &t.columns {
            out.push_str(&format!("<th>{}</th>", e(c)));
        }
        out.push_str("</tr></thead><tbody>");
        for r in &t.rows {
            out.push_str("<tr>");
            for c in r {
                out.push_str(&format!("<td>{}</td>", e(c)));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    };
    for p in paper::papers_sealed(doc, report, seal) {
        out.push_str(&format!("<article class=\"print-doc\"><h1>{}</h1>", e(&p.title)));
        for s in &p.sections {
            out.push_str(&format!("<section><h2>{}</h2>", e(&s.heading)));
            for b in &s.blocks {
                match b {
                    Block::Group(label) => out.push_str(&format!("<h4>{}</h4>", e(label))),
                    Block::Table(t) => table(&mut out, t),
                    Block::Text { label, value } => out.push_str(&format!("<div class=\"print-text\"><h4>{}</h4><p>{}</p></div>", e(label), e(value))),
                    Block::Field { label, value } => {
                        out.push_str(&format!("<p class=\"print-field\"><span class=\"k\">{}</span>：<span class=\"v\">{}</span></p>", e(label), e(value)))
                    }
                }
            }
            out.push_str("</section>");
        }
        out.push_str("</article>");
    }
    out
}

/// Escapes text for a CSS string literal.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if (c as u32) < 0x20 => " ".into(),
            c => c.to_string(),
        })
        .collect()
}

/// Hidden on screen; what 打印 prints.
/// Dispatched on `window` to print the current document (see [`request_print`]).
pub const PRINT_EVENT: &str = "shenbao-print";

/// Asks the print view to refresh the paper and open the browser's print dialog.
pub fn request_print() {
    if let (Some(w), Ok(ev)) = (web_sys::window(), web_sys::Event::new(PRINT_EVENT)) {
        let _ = w.dispatch_event(&ev);
    }
}

#[component]
pub fn PrintView(signed: RwSignal<Option<Signed>>, draft: DraftSeal) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    // The paper is rebuilt from a snapshot of the document taken 0.3 s after typing stops and
    // again just before printing, not on every keystroke: rebuilding the whole paper of a large
    // project on each keystroke cost tens of milliseconds (BENCHMARKS.md, live checks).
    // The report with it: the papers close with the check's errors and warnings and their 说明;
    // and what the papers say of the package, decided for that document (`seal_for`).
    let now = move || {
        let doc = ctx.doc.try_get_untracked()?;
        let seal = seal_now(signed, draft, &doc)?;
        Some((doc, ctx.report.try_get_untracked()?.ok(), seal))
    };
    let snapshot = RwSignal::new(now().unwrap_or_default());
    let take = move || {
        if let Some(s) = now() {
            snapshot.try_set(s);
        }
    };
    ctx.on_quiet(take);
    // Signing, or picking files, changes what the paper says without a keystroke.
    Effect::new(move |first: Option<()>| {
        signed.track();
        draft.0.track();
        if first.is_some() {
            take();
        }
    });
    let before_print = window_event_listener(leptos::ev::beforeprint, move |_| take());
    // The 打印 button: bring the paper up to date, let it render, then open the print dialog.
    // (Calling print() straight from the click would lay the page out before the refreshed
    // snapshot renders: effects run only after the click handler returns.)
    let print_request = window_event_listener_untyped(PRINT_EVENT, move |_| {
        take();
        set_timeout(
            || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            },
            std::time::Duration::from_millis(50),
        );
    });
    on_cleanup(move || {
        print_request.remove();
        before_print.remove();
    });
    let footer = move || snapshot.with(|(_, _, seal)| seal.footer.clone());
    view! {
        <div class="print-only" aria-hidden="true">
            <div class="print-papers" inner_html=move || snapshot.with(|(doc, report, seal)| papers_html(doc, report.as_ref(), seal))></div>
            <footer class="print-footer">{footer}</footer>
            // The footer repeats on every printed page through a page-margin box.
            <style>{move || format!(
                "@page {{ @bottom-left {{ content: \"{}\"; font-size: 7pt; color: #333; }} }}",
                css_string(&footer())
            )}</style>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn the_paper_is_markup_of_the_outline_with_every_value_as_text() {
        let doc = serde_json::json!({ "project": { "basic": { "name": "<img src=x onerror=alert(1)>智慧" } } });
        let html = papers_html(&doc, None, &paper::Seal::draft());
        assert!(html.starts_with("<article class=\"print-doc\"><h1>&lt;img src=x onerror=alert(1)&gt;智慧项目申报书</h1><section><h2>一、"), "{html}");
        assert!(!html.contains("<img"));
        assert!(html.contains("<p class=\"print-field\"><span class=\"k\">总投资</span>：<span class=\"v\">—</span></p>"));
        assert_eq!(html.matches("<section>").count(), html.matches("</section>").count());
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn values_print_as_people_read_them() {
        let f = |p| shenbao_core::fields::field(p).unwrap();
        let display = paper::value;
        assert_eq!(display(f("project.basic.total_investment"), &Value::from(3_500_000)), "350 万元");
        assert_eq!(display(f("project.basic.implementation"), &Value::from("buy_service")), "购买服务");
        assert_eq!(display(f("project.basic.classified"), &Value::Bool(false)), "否");
        assert_eq!(display(f("project.operations.trial_months"), &Value::from(3)), "3 个月");
        assert_eq!(display(f("project.basic.name"), &Value::Null), "—");
    }
}
