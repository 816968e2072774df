//! Two versions compared, as markup: what the reviewer's desk shows of a package against
//! another (`review::changes`) and the signing panel of a revision against the package it
//! replaces, from `shenbao_core::compare`.

use shenbao_core::compare::{Comparison, Edit, Presence, Span};

use crate::strings as s;

/// The comparison as markup: read-only text, built as one string (as `listed` and the
/// findings' sources are) rather than as view code, which costs the part far more. Every
/// piece of text from a package goes through `escape_html`.
pub fn comparison_html(c: &Comparison) -> String {
    use std::fmt::Write as _;
    let e = crate::dom::escape_html;
    let blank = |v: &Option<String>| e(v.as_deref().unwrap_or(s::CHANGES_BLANK));
    let before_after = |a: &Option<String>, b: &Option<String>| {
        format!(
            "<del><span class=\"sr-only\">{}</span>{}</del> → <ins><span class=\"sr-only\">{}</span>{}</ins>",
            s::CHANGES_SR_BEFORE,
            blank(a),
            s::CHANGES_SR_AFTER,
            blank(b)
        )
    };
    let mut h = format!("<p class=\"changes-summary\">{}</p>", e(&c.summary()));
    if let Some((a, b)) = &c.pack {
        let _ = write!(h, "<p class=\"changes-pack\">{}：{}</p>", s::CHANGES_PACK, before_after(&Some(a.clone()), &Some(b.clone())));
    }
    for d in c.documents.iter().filter(|d| d.presence != Presence::Both || !d.edits.is_empty()) {
        let said = match d.presence {
            Presence::Added => s::CHANGES_DOC_ADDED,
            Presence::Removed => s::CHANGES_DOC_REMOVED,
            Presence::Both => "",
        };
        let _ = write!(h, "<h5>《{}》{said}</h5>", d.label);
        if d.edits.is_empty() {
            continue;
        }
        h.push_str("<ul class=\"changes-list\">");
        for edit in &d.edits {
            match edit {
                Edit::Value { label, spans, .. } if !spans.is_empty() => {
                    let _ = write!(h, "<li class=\"change change-text\"><span class=\"change-label\">{}</span><p class=\"change-spans\">", e(label));
                    for sp in spans {
                        match sp {
                            Span::Same(t) => h.push_str(&e(t)),
                            Span::Removed(t) => {
                                let _ = write!(h, "<del><span class=\"sr-only\">{}</span>{}</del>", s::CHANGES_SR_REMOVED, e(t));
                            }
                            Span::Added(t) => {
                                let _ = write!(h, "<ins><span class=\"sr-only\">{}</span>{}</ins>", s::CHANGES_SR_ADDED, e(t));
                            }
                        }
                    }
                    h.push_str("</p></li>");
                }
                Edit::Value { label, before, after, .. } => {
                    let _ = write!(h, "<li class=\"change\"><span class=\"change-label\">{}</span>：{}</li>", e(label), before_after(before, after));
                }
                Edit::Row { label, added, cells, .. } => {
                    let cells: Vec<String> = cells.iter().map(|c| format!("{} {}", c.label, e(&c.value))).collect();
                    let (class, kind) = if *added { ("added", s::CHANGES_ROW_ADDED) } else { ("removed", s::CHANGES_ROW_REMOVED) };
                    let _ = write!(
                        h,
                        "<li class=\"change change-row-{class}\"><span class=\"change-kind\">{kind}</span> <span class=\"change-label\">{}</span>：{}</li>",
                        e(label),
                        cells.join("；")
                    );
                }
            }
        }
        h.push_str("</ul>");
    }
    let mut list = |title: &str, class: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = write!(h, "<h5>{title}</h5><ul class=\"changes-list {class}\">{}</ul>", items.concat());
        }
    };
    list(
        s::CHANGES_JUSTIFICATIONS,
        "",
        c.justifications
            .iter()
            .map(|j| {
                format!(
                    "<li class=\"change\"><span class=\"change-label\">{}（{}）</span>：{}</li>",
                    e(&j.title),
                    e(&j.fields),
                    before_after(&j.before, &j.after)
                )
            })
            .collect(),
    );
    for (title, class, found) in
        [(s::CHANGES_FINDINGS_ADDED, "changes-raised", &c.findings_added), (s::CHANGES_FINDINGS_RESOLVED, "changes-resolved", &c.findings_resolved)]
    {
        let items = found
            .iter()
            .map(|f| {
                format!(
                    "<li class=\"change\"><span class=\"sev\">{}</span> {}<span class=\"citation\">（{}）</span></li>",
                    f.severity.label(),
                    e(&f.message),
                    e(&f.citation())
                )
            })
            .collect();
        list(&format!("{title}（{} 项）", found.len()), class, items);
    }
    list(
        s::CHANGES_ATTACHMENTS,
        "",
        c.attachments.iter().map(|a| format!("<li class=\"change\">{}（{}）：{}</li>", e(&a.name), e(&a.kind), a.change.label())).collect(),
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use shenbao_core::Submission;

    fn project(name: &str, state: &str) -> Submission {
        let mut v: serde_json::Value = serde_json::from_str(include_str!("../../tests/fixtures/bazhong/project.json")).unwrap();
        v["project"]["basic"]["name"] = name.into();
        v["project"]["requirement_plan"]["current_state"] = state.into();
        Submission::from_value(v).unwrap()
    }

    #[test]
    fn text_from_a_package_is_escaped_never_markup() {
        let a = project("<b>甲</b>", "第一句。");
        let b = project("<img src=x onerror=alert(1)>", "第一句。<script>alert(2)</script>");
        let html = comparison_html(&shenbao_core::compare::submissions(&a, &b, None));
        assert!(!html.contains("<b>") && !html.contains("<img") && !html.contains("<script"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;") && html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<del><span class=\"sr-only\">原为：</span>&lt;b&gt;甲&lt;/b&gt;</del>"), "{html}");
    }
}
