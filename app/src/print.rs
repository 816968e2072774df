//! The printed form of the documents: a formal paper (title, numbered sections, tables,
//! page numbers) with the package hash and signer fingerprint in the footer, so the
//! browser's 打印 → PDF gives something fit to submit. Hidden on screen.

use leptos::prelude::*;
use serde_json::Value;
use shenbao_core::fields::{FIELDS, FieldDef, FieldKind};
use shenbao_core::model::path;

use crate::editor::EditorCtx;

/// What the footer says about the signed package, once there is one.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SignedFooter {
    pub package_sha256: String,
    pub fingerprint: String,
    pub signer: String,
}

const NUMERALS: [&str; 12] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

/// A value as printed (`fields::display`), a blank as a line.
pub fn display(def: &FieldDef, v: &Value) -> String {
    shenbao_core::fields::display(def, v).unwrap_or_else(|| "—".into())
}

fn table(def: &'static FieldDef, rows: &Value) -> impl IntoView {
    let cols: Vec<&'static FieldDef> = FIELDS.iter().filter(|f| f.path.strip_prefix(def.path).is_some_and(|r| r.starts_with("[]."))).collect();
    let rows = rows.as_array().cloned().unwrap_or_default();
    view! {
        <table class="print-table">
            <caption>{def.label}</caption>
            <thead><tr><th>"序号"</th>{cols.iter().map(|c| view! { <th>{c.label}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.iter().enumerate().map(|(i, r)| view! {
                    <tr>
                        <td>{i + 1}</td>
                        {cols.iter().map(|c| {
                            let key = c.path.rsplit('.').next().unwrap_or("");
                            view! { <td>{display(c, r.get(key).unwrap_or(&Value::Null))}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The fields of one section as a definition list and tables.
fn section_body(doc: &Value, prefix: &str) -> impl IntoView {
    let defs: Vec<&'static FieldDef> =
        FIELDS.iter().filter(|f| f.path.strip_prefix(prefix).is_some_and(|r| r.starts_with('.')) && !f.path.contains("[]")).collect();
    defs.into_iter()
        .map(|d| {
            let v = path::get(doc, d.path).cloned().unwrap_or(Value::Null);
            match d.kind {
                FieldKind::Group => view! { <h4>{d.label}</h4> }.into_any(),
                FieldKind::Table => table(d, &v).into_any(),
                FieldKind::LongText => view! { <div class="print-text"><h4>{d.label}</h4><p>{display(d, &v)}</p></div> }.into_any(),
                _ => view! { <p class="print-field"><span class="k">{d.label}</span>"：" <span class="v">{display(d, &v)}</span></p> }.into_any(),
            }
        })
        .collect_view()
}

fn document(doc: &Value, which: &'static str, title: String) -> impl IntoView {
    let sections: Vec<(&'static str, &'static str)> = if which == "project" {
        FIELDS.iter().filter(|f| f.path.starts_with("project.") && f.path.matches('.').count() == 1).map(|f| (f.path, f.label)).collect()
    } else {
        vec![("service_plan", "服务需求方案")]
    };
    let doc = doc.clone();
    view! {
        <article class="print-doc">
            <h1>{title}</h1>
            {sections.into_iter().enumerate().map(|(i, (prefix, label))| {
                let def = FIELDS.iter().find(|f| f.path == prefix).expect("listed");
                let body = if def.kind == FieldKind::Table {
                    table(def, path::get(&doc, prefix).unwrap_or(&Value::Null)).into_any()
                } else {
                    section_body(&doc, prefix).into_any()
                };
                view! { <section><h2>{format!("{}、{}", NUMERALS.get(i).copied().unwrap_or(""), label)}</h2>{body}</section> }
            }).collect_view()}
        </article>
    }
}

fn footer_text(f: Option<&SignedFooter>) -> String {
    match f {
        Some(f) => format!("申报包摘要 SHA-256 {} · 签名人 {} · 公钥指纹 {}", f.package_sha256, f.signer, f.fingerprint),
        None => "未签名草稿 · 以签名申报包为准".to_string(),
    }
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
pub fn PrintView(footer: RwSignal<Option<SignedFooter>>) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    // The paper is rebuilt from a snapshot of the document taken 0.3 s after typing stops and
    // again just before printing, not on every keystroke: rebuilding the whole paper of a large
    // project on each keystroke cost tens of milliseconds (BENCHMARKS.md, live checks).
    let snapshot = RwSignal::new(ctx.doc.get_untracked());
    ctx.on_quiet(move || {
        if let Some(d) = ctx.doc.try_get_untracked() {
            snapshot.try_set(d);
        }
    });
    let before_print = window_event_listener(leptos::ev::beforeprint, move |_| {
        if let Some(d) = ctx.doc.try_get_untracked() {
            snapshot.try_set(d);
        }
    });
    // The 打印 button: bring the paper up to date, let it render, then open the print dialog.
    // (Calling print() straight from the click would lay the page out before the refreshed
    // snapshot renders: effects run only after the click handler returns.)
    let print_request = window_event_listener_untyped(PRINT_EVENT, move |_| {
        if let Some(d) = ctx.doc.try_get_untracked() {
            snapshot.try_set(d);
        }
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
    view! {
        <div class="print-only" aria-hidden="true">
            {move || {
                let doc = snapshot.get();
                let name = |p: &str| path::get(&doc, p).and_then(Value::as_str).unwrap_or("").to_string();
                let mut out = Vec::new();
                if doc.get("project").is_some_and(|p| !p.is_null()) {
                    out.push(document(&doc, "project", format!("{}项目申报书", name("project.basic.name"))).into_any());
                }
                if doc.get("service_plan").is_some_and(|p| !p.is_null()) {
                    out.push(document(&doc, "service_plan", format!("{}服务需求方案", name("service_plan.project_name"))).into_any());
                }
                out
            }}
            <footer class="print-footer">{move || footer_text(footer.get().as_ref())}</footer>
            // The footer repeats on every printed page through a page-margin box.
            <style>{move || format!(
                "@page {{ @bottom-left {{ content: \"{}\"; font-size: 7pt; color: #333; }} }}",
                css_string(&footer_text(footer.get().as_ref()))
            )}</style>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn values_print_as_people_read_them() {
        let f = |p| shenbao_core::fields::field(p).unwrap();
        assert_eq!(display(f("project.basic.total_investment"), &Value::from(3_500_000)), "350 万元");
        assert_eq!(display(f("project.basic.implementation"), &Value::from("buy_service")), "购买服务");
        assert_eq!(display(f("project.basic.classified"), &Value::Bool(false)), "否");
        assert_eq!(display(f("project.operations.trial_months"), &Value::from(3)), "3 个月");
        assert_eq!(display(f("project.basic.name"), &Value::Null), "—");
    }
}
