//! The read-only detail of one package: identity, pack, every verification problem, the
//! findings with the 说明 given, the attachments, and the documents themselves.

use leptos::prelude::*;
use shenbao_core::Finding;
use shenbao_core::fields::describe_path;
use shenbao_core::model::Submission;
use shenbao_core::pack::Severity;
use shenbao_core::package::{Payload, ProblemCode};

use super::model::{AttachmentState, Decision, Entry, Section, document_sections, group_hex, justification_for, problem_label};
use super::state::{Item, ReviewState};
use crate::dom::field_id;
use crate::strings as s;

fn severity_class(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// One finding as escaped markup: its message, citation and fields, its source (disclosed),
/// and for a warning the 说明 given. Markup, like the documents below: it is read-only.
fn finding_html(f: &Finding, n: usize, justification: Option<&str>, out: &mut String) {
    use std::fmt::Write;
    let e = crate::dom::escape_html;
    let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
    let _ = write!(
        out,
        "<li class=\"review-finding {}\" data-f=\"{n}\"><p class=\"review-finding-message\"><span class=\"sev\">{}</span> {}</p><p class=\"meta\"><span class=\"citation\">{}</span>",
        severity_class(f.severity),
        f.severity.label(),
        e(&f.message),
        e(&f.citation())
    );
    if !fields.is_empty() {
        let _ = write!(out, "<span class=\"fields\"> · {}：{}</span>", s::REVIEW_CONCERNS, e(&fields.join("、")));
    }
    let _ = write!(out, "</p><details>{}</details>", crate::editor::findings::source_html(f));
    if f.severity == Severity::Warning || justification.is_some() {
        let _ = write!(out, "<div class=\"review-justification\"><p class=\"review-justification-label\">{}</p>", s::REVIEW_JUSTIFICATION);
        let _ = match justification {
            Some(t) => write!(out, "<p class=\"review-justification-text\">{}</p>", e(t)),
            None => write!(out, "<p class=\"review-justification-missing\">{}</p>", s::REVIEW_NO_JUSTIFICATION),
        };
        out.push_str("</div>");
    }
    out.push_str("</li>");
}

fn findings_view(p: &Payload) -> impl IntoView + use<> {
    use std::fmt::Write;
    let sub: &Submission = &p.submission;
    let mut html = String::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let n = p.report.of(sev).count();
        if n == 0 {
            continue;
        }
        let _ = write!(html, "<h5>{}（{n} 项）</h5><ul class=\"review-findings\">", sev.label());
        for (n, f) in p.report.findings.iter().enumerate().filter(|(_, f)| f.severity == sev) {
            finding_html(f, n, justification_for(sub, f), &mut html);
        }
        html.push_str("</ul>");
    }
    let status = p.report.status_line();
    // A source's 「查看第X条全文」: the finding is found by the index its item carries.
    let findings = p.report.findings.clone();
    let on_click = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Some(toggle) = target.closest(".article-toggle").ok().flatten() else { return };
        let n = toggle.closest("li[data-f]").ok().flatten().and_then(|li| li.get_attribute("data-f")).and_then(|n| n.parse::<usize>().ok());
        if let Some(f) = n.and_then(|n| findings.get(n)) {
            crate::editor::findings::toggle_article(&toggle, f);
        }
    };
    view! {
        <section class="review-block" aria-labelledby="detail-findings">
            <h4 id="detail-findings">{s::REVIEW_FINDINGS} "：" {status}</h4>
            <div inner_html=html on:click=on_click></div>
        </section>
    }
}

fn section_html(sec: Section, out: &mut String) {
    use std::fmt::Write;
    let e = crate::dom::escape_html;
    out.push_str("<section class=\"review-doc-section\">");
    if let Some(t) = sec.title {
        let _ = write!(out, "<h6>{}</h6>", e(t));
    }
    out.push_str("<dl class=\"review-fields\">");
    for entry in sec.entries {
        match entry {
            Entry::Value { path, label, value, long } => {
                let class = match (&value, long) {
                    (None, _) => "missing",
                    (Some(_), true) => "long",
                    _ => "",
                };
                let value = value.unwrap_or_else(|| s::NOT_FILLED.to_string());
                let _ = write!(
                    out,
                    "<div class=\"review-field\" id=\"rv-{}\"><dt>{}</dt><dd class=\"{class}\">{}</dd></div>",
                    field_id(&path),
                    e(label),
                    e(&value)
                );
            }
            Entry::Table { path, label, headers, rows } => {
                let _ = write!(
                    out,
                    "<div class=\"review-field review-table-field\" id=\"rv-{}\"><dt>{}</dt><dd><table class=\"review-doc-table\"><caption class=\"sr-only\">{}</caption><thead><tr><th scope=\"col\">{}</th>",
                    field_id(&path),
                    e(label),
                    e(label),
                    s::REVIEW_ROW
                );
                for h in &headers {
                    let _ = write!(out, "<th scope=\"col\">{}</th>", e(h));
                }
                out.push_str("</tr></thead><tbody>");
                if rows.is_empty() {
                    let _ = write!(out, "<tr><td colspan=\"{}\">{}</td></tr>", headers.len() + 1, s::REVIEW_NO_ROWS);
                }
                for (i, cells) in rows.iter().enumerate() {
                    let _ = write!(out, "<tr><th scope=\"row\">{}</th>", i + 1);
                    for c in cells {
                        let _ = write!(out, "<td>{}</td>", e(c));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table></dd></div>");
            }
        }
    }
    out.push_str("</dl></section>");
}

fn documents_view(p: &Payload) -> impl IntoView + use<> {
    use std::fmt::Write;
    let value = serde_json::to_value(&p.submission).unwrap_or_default();
    let mut html = String::new();
    for d in shenbao_core::DocKind::ALL.into_iter().filter(|d| p.submission.has(*d)) {
        let label = crate::dom::escape_html(d.label());
        let _ = write!(html, "<section class=\"review-doc\" aria-label=\"{label}\"><h5>{label}</h5>");
        for sec in document_sections(&value, d.id()) {
            section_html(sec, &mut html);
        }
        html.push_str("</section>");
    }
    view! {
        <section class="review-block" aria-labelledby="detail-documents">
            <h4 id="detail-documents">{s::REVIEW_DOCUMENTS}</h4>
            <div inner_html=html></div>
        </section>
    }
}

fn attachments_view(p: &Payload, state: ReviewState) -> impl IntoView + use<> {
    let rows: Vec<_> = p
        .attachments
        .iter()
        .map(|a| {
            let st = state.attachments.with_untracked(|m| AttachmentState::of(a, m.get(&a.name).map(|b| b.as_slice())));
            (a.clone(), st)
        })
        .collect();
    // The signed 附件清单 against the files the package records (`crate::listed`).
    let listed: Vec<(Option<String>, String)> =
        shenbao_core::package::listed::listed(&p.submission).into_iter().map(|(k, t)| (k.map(str::to_string), t.to_string())).collect();
    let files: Vec<(String, String)> = p.attachments.iter().map(|a| (a.kind.clone(), a.name.clone())).collect();
    let check = crate::listed::view(crate::listed::Side::Reviewer, &listed, &files);
    view! {
        <section class="review-block" aria-labelledby="detail-attachments">
            <h4 id="detail-attachments">{s::REVIEW_ATTACHMENT_LIST}</h4>
            {check}
            {if rows.is_empty() {
                view! { <p class="hint">{s::REVIEW_NO_ATTACHMENT_LIST}</p> }.into_any()
            } else {
                view! {
                    <table class="review-doc-table review-attachments">
                        <thead><tr>
                            <th scope="col">{s::REVIEW_ATT_NAME}</th>
                            <th scope="col">{s::REVIEW_ATT_KIND}</th>
                            <th scope="col">{s::REVIEW_ATT_SIZE}</th>
                            <th scope="col">{s::REVIEW_ATT_HASHES}</th>
                            <th scope="col">{s::REVIEW_ATT_STATE}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(a, st)| view! {
                                <tr>
                                    <th scope="row">{a.name.clone()}</th>
                                    <td>{crate::listed::kind_label(&a.kind).to_string()}</td>
                                    <td>{shenbao_core::money::format_yuan(a.size as i128)} " " {s::REVIEW_BYTES}</td>
                                    <td class="hash"><span>"SHA-256 " {a.sha256.clone()}</span><br/><span>"SM3 " {a.sm3.clone()}</span></td>
                                    <td class=if st.ok() { "ok" } else { "bad" }>{st.label()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            }}
        </section>
    }
}

/// The reviewer's record of package `id`: where it stands and a note. The decision is recorded
/// when chosen; the note when the box is left, or after a pause in typing (so a reload while
/// typing loses at most that pause), each stamped with the time.
#[component]
fn MarkEditor(id: usize) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let start = state.mark(id);
    let decision = RwSignal::new(start.decision);
    let note = RwSignal::new(start.note);
    let at = RwSignal::new(start.at);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let commit = move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        let (Some(d), Some(n)) = (decision.try_get_untracked(), note.try_get_untracked()) else { return };
        state.set_mark(id, d, &n, &crate::dom::date_time(crate::dom::now_ms()));
        let _ = at.try_set(state.mark(id).at);
    };
    let typed = move |ev: leptos::ev::Event| {
        note.set(event_target_value(&ev));
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(set_timeout_with_handle(commit, std::time::Duration::from_millis(600)).ok());
    };
    // Leaving the detail while a note waits for its pause records it at once.
    on_cleanup(move || {
        if timer.try_get_value().flatten().is_some() {
            commit();
        }
    });
    let chosen = decision.get_untracked();
    view! {
        <section class="review-block review-mark" aria-labelledby="detail-mark">
            <h4 id="detail-mark">{s::REVIEW_MARK}</h4>
            <p class="hint" id="detail-mark-hint">{s::REVIEW_MARK_HINT}</p>
            <div class="review-mark-fields">
                <label for="detail-decision">{s::REVIEW_COL_DECISION}</label>
                <select id="detail-decision" aria-describedby="detail-mark-hint" on:change=move |ev| {
                    decision.set(Decision::from_id(&event_target_value(&ev)).unwrap_or_default());
                    commit();
                }>
                    {Decision::ALL.into_iter().map(|d| view! { <option value=d.id() selected=d == chosen>{d.label()}</option> }).collect_view()}
                </select>
                <label for="detail-note">{s::REVIEW_MARK_NOTE}</label>
                <textarea id="detail-note" rows="3" maxlength="2000" prop:value=move || note.get() on:input=typed on:change=move |_| commit()></textarea>
            </div>
            <p class="hint review-mark-at">{move || at.with(|t| (!t.is_empty()).then(|| format!("{}：{t}", s::REVIEW_MARK_AT)))}</p>
        </section>
    }
}

/// The detail view of `item`; `on_back` returns to the list.
#[component]
pub fn Detail(item: Item, on_back: Callback<()>) -> impl IntoView {
    let state = expect_context::<ReviewState>();
    let v = item.v.clone();
    let title = if item.row.project.is_empty() { item.name.clone() } else { item.row.project.clone() };
    let untrusted = v.has(ProblemCode::SignatureInvalid) || v.has(ProblemCode::Unsigned);
    let problems: Vec<(String, String)> = v.problems.iter().map(|p| (problem_label(p.code).to_string(), p.message.clone())).collect();
    let payload = v.payload.clone();
    // An encrypted file shown here was decrypted with the bureau key: say so, and for whom.
    let decrypted_for =
        item.text.as_ref().ok().and_then(|t| shenbao_core::package::encrypt::EncryptedPackage::from_json(t).ok()).map(|e| e.recipient_grouped());
    let meta = payload.as_ref().map(|p| {
        let fingerprint = v.fingerprint.clone().unwrap_or_else(|| p.signer.keys.iter().map(|k| group_hex(&k.fingerprint)).collect::<Vec<_>>().join("；"));
        // Invisible characters in the signer's own statement are shown (⟦U+200B⟧): a look-alike
        // department name must not pass for the registered one.
        let signer = shenbao_core::checks::reveal(&v.signer.clone().unwrap_or_else(|| format!("{}（{}）· {}", p.signer.department, p.signer.credit_code, p.signer.person)));
        let algorithms: Vec<&str> = p.signer.keys.iter().map(|k| k.algorithm.label()).collect();
        view! {
            <dl class="review-meta">
                <div><dt>{s::REVIEW_COL_FILE}</dt><dd>{item.name.clone()}</dd></div>
                {decrypted_for.clone().map(|fp| view! { <div class="review-decrypted"><dt>{s::REVIEW_ENCRYPTION}</dt><dd>{s::REVIEW_DECRYPTED} " " <span class="mono">{fp}</span></dd></div> })}
                <div><dt>{s::REVIEW_PACKAGE_ID}</dt><dd class="mono">{p.id.clone()}</dd></div>
                <div><dt>{s::REVIEW_CREATED_AT}</dt><dd title=p.created_at.clone()>{shenbao_core::paper::beijing_time(&p.created_at)}</dd></div>
                <div><dt>{s::REVIEW_SIGNER}</dt><dd>{signer}</dd></div>
                <div><dt>{s::REVIEW_FINGERPRINT}</dt><dd class="mono">{fingerprint}</dd></div>
                <div><dt>{s::REVIEW_ALGORITHM}</dt><dd>{algorithms.join("、")}</dd></div>
                <div><dt>{s::REVIEW_PACK}</dt><dd>{p.pack.city.clone()} "《" {p.pack.title.clone()} "》v" {p.pack.version.clone()} " (" {p.pack.id.clone()} ")"
                    // Checked under an earlier version kept for this: said, not a problem.
                    {v.superseded_note().map(|note| view! { <span class="review-superseded" id="review-superseded">{note}</span> })}
                    // The regulation article by article, for a built-in pack that has it.
                    // Under a superseded version, the view shows the version in use: said.
                    {crate::packs::articles_of(&p.pack.id).map(|id| {
                        let title = if v.pack_superseded.is_some() { s::ARTICLES_CURRENT_TITLE } else { s::ARTICLES_EDITOR_TITLE };
                        view! { " " <button type="button" class="pack-articles" id="review-articles" title=title on:click=move |_| crate::lazy::articles(id)>{s::ARTICLES}</button> }
                    })}
                </dd></div>
                <div><dt>{s::REVIEW_PACK_SHA256}</dt><dd class="mono">{p.pack.sha256.clone()}</dd></div>
                <div><dt>{s::REVIEW_ENGINE}</dt><dd>{p.pack.engine.clone()}
                    // Checked by another engine with the same findings: said, not a problem.
                    {v.engine_note().map(|note| view! { <span class="review-superseded" id="review-engine">{note}</span> })}
                </dd></div>
                {p.previous.clone().map(|prev| view! { <div><dt>{s::REVIEW_PREVIOUS}</dt><dd class="mono">{prev.id} " · SHA-256 " {prev.sha256}</dd></div> })}
            </dl>
        }
    });
    let compared = payload.is_some().then(|| view! { <super::changes::Changes item=item.clone() /> });
    let body = payload.as_ref().map(|p| view! { {findings_view(p)} {attachments_view(p, state)} {documents_view(p)} });
    view! {
        <article class="review-detail" aria-labelledby="detail-heading">
            <button type="button" class="review-back" id="review-back" on:click=move |_| on_back.run(())>{s::REVIEW_BACK}</button>
            <p class="review-detail-kind">{s::REVIEW_DETAIL}</p>
            <h3 id="detail-heading" tabindex="-1">{title}</h3>
            {meta}
            {payload.is_some().then(|| {
                // Both worked out when asked for, not each time the detail opens.
                let export = {
                    let item = item.clone();
                    move |_| match (item.v.payload.as_ref(), state.paper_seal(&item)) {
                        (Some(p), Some(seal)) => {
                            crate::lazy::word(serde_json::to_value(&p.submission).unwrap_or_default(), Some(p.report.clone()), seal)
                        }
                        _ => crate::dom::alert(s::WORD_UNREADABLE),
                    }
                };
                // The reviewer's opinion, with the record as it stands when clicked (a note
                // being typed is recorded when the box is left, before the click).
                let opinion = {
                    let item = item.clone();
                    move |_| match state.opinion(&item) {
                        Some((paper, footer)) => crate::lazy::word_papers(vec![paper], footer),
                        None => crate::dom::alert(s::WORD_UNREADABLE),
                    }
                };
                view! {
                    <div class="review-exports">
                        <button type="button" class="review-word" id="review-word" on:click=export>{s::WORD}</button>
                        <button type="button" class="review-word" id="review-opinion" on:click=opinion>{s::REVIEW_OPINION}</button>
                    </div>
                }
            })}
            <MarkEditor id=item.id />
            <section class="review-block" aria-labelledby="detail-verification">
                <h4 id="detail-verification">{s::REVIEW_VERIFICATION} "："
                    <span class=if v.valid { "badge badge-valid" } else { "badge badge-invalid" }>{if v.valid { s::REVIEW_VALID } else { s::REVIEW_INVALID }}</span>
                </h4>
                {untrusted.then(|| view! { <p class="banner banner-warning review-untrusted">{s::REVIEW_UNTRUSTED}</p> })}
                {if problems.is_empty() {
                    view! { <p class="ok">{s::REVIEW_ALL_PASSED}</p> }.into_any()
                } else {
                    view! {
                        <ul class="review-problems">
                            {problems.into_iter().map(|(label, message)| view! { <li><strong>{label}</strong> "：" {message}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
                {payload.is_none().then(|| view! { <p class="hint">{s::REVIEW_UNREADABLE}</p> })}
            </section>
            {compared}
            {body}
        </article>
    }
}
