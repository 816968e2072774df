//! The 附件清单 checked against the files, as the signer sees it in the signing panel and the
//! reviewer in a package's detail: each listed document with the file paired with it
//! (`shenbao_core::package::listed::pair`, one pairing for both), how many have none, and the
//! files the list does not name.

use leptos::prelude::*;
use serde_json::Value;
pub use shenbao_core::package::listed::kind_label;
use shenbao_core::package::listed::{Pairing, pair};

use crate::dom::escape_html;
use crate::strings as s;

/// Whose view: the words for a document without a file differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Before signing: the file has not been chosen yet.
    Signer,
    /// A package: it holds no such file.
    Reviewer,
}

/// The attribute of a listed document's 「选择文件」 button (signer's side) holding the kind its
/// file is to be picked as.
pub const PICK_KIND: &str = "data-pick-kind";

/// A 附件清单 held as JSON (the editor's `project.attachments`): each entry's kind id and title.
pub fn listed_of(list: &Value) -> Vec<(Option<String>, String)> {
    list.as_array().map_or_else(Vec::new, |list| {
        list.iter()
            .map(|a| (a.get("kind").and_then(Value::as_str).map(str::to_string), a.get("name").and_then(Value::as_str).unwrap_or("").to_string()))
            .collect()
    })
}

/// The pairing (`package::listed::pair`) of a list and files held as owned strings.
fn pairing(listed: &[(Option<String>, String)], files: &[(String, String)]) -> Pairing {
    let by_ref: Vec<(Option<&str>, &str)> = listed.iter().map(|(k, t)| (k.as_deref(), t.as_str())).collect();
    let file_refs: Vec<(&str, &str)> = files.iter().map(|(k, n)| (k.as_str(), n.as_str())).collect();
    pair(&by_ref, &file_refs)
}

/// How many listed documents have no file.
pub fn missing(listed: &[(Option<String>, String)], files: &[(String, String)]) -> usize {
    pairing(listed, files).missing().count()
}

/// The check, or nothing when the document lists no attachment. `listed`: kind id and title
/// of each listed document; `files`: kind id and file name of each file.
pub fn view(side: Side, listed: &[(Option<String>, String)], files: &[(String, String)]) -> Option<AnyView> {
    let html = markup(side, listed, files)?;
    Some(view! { <div class="listed-check" inner_html=html></div> }.into_any())
}

/// The check's markup (every text escaped). Written as one string rather than as a view of
/// its parts: the view's generic code weighed 1 KB more in the wasm parts that draw it, whose
/// budget has little room (BENCHMARKS.md, nineteenth round).
fn markup(side: Side, listed: &[(Option<String>, String)], files: &[(String, String)]) -> Option<String> {
    use std::fmt::Write;
    if listed.is_empty() {
        return None;
    }
    let p = pairing(listed, files);
    // Under the signing panel's title (h2), or under the package detail's 附件 (h4).
    let (h, none, missing_post) = match side {
        Side::Signer => ("h3", s::LISTED_NO_FILE_SIGN, s::LISTED_MISSING_SIGN_POST),
        Side::Reviewer => ("h5", s::LISTED_NO_FILE_REVIEW, s::LISTED_MISSING_REVIEW_POST),
    };
    let mut out = format!("<{h}>{}</{h}>", s::LISTED_CHECK);
    match p.missing().count() {
        0 => write!(out, "<p class=\"listed-summary ok\">{}</p>", s::LISTED_ALL),
        n => write!(out, "<p class=\"listed-summary warn\">{}{n}{missing_post}</p>", s::LISTED_MISSING_PRE),
    }
    .ok();
    out.push_str("<ul class=\"listed\">");
    for ((kind_id, title), file) in listed.iter().zip(&p.file_of) {
        let kind = kind_id.as_deref().map_or(s::NOT_FILLED, kind_label);
        let title = if title.trim().is_empty() { s::NOT_FILLED.to_string() } else { format!("《{}》", escape_html(title)) };
        let (class, file) = match (file, kind_id) {
            (Some(j), _) => ("has-file", escape_html(&files[*j].1)),
            // The signer can pick the file right there, as that kind (`PICK_KIND`).
            (None, Some(k)) if side == Side::Signer => (
                "no-file",
                format!(
                    "{none} <button type=\"button\" class=\"link listed-pick\" {PICK_KIND}=\"{}\" aria-label=\"{}：{}\">{}</button>",
                    escape_html(k),
                    s::LISTED_PICK,
                    escape_html(kind),
                    s::LISTED_PICK
                ),
            ),
            (None, _) => ("no-file", none.to_string()),
        };
        write!(
            out,
            "<li class=\"listed-row {class}\"><span class=\"listed-kind\">{}</span><span class=\"listed-title\">{title}</span><span class=\"listed-file\">{file}</span></li>",
            escape_html(kind)
        )
        .ok();
    }
    out.push_str("</ul>");
    if !p.unlisted.is_empty() {
        let names: Vec<String> = p.unlisted.iter().map(|&j| escape_html(&files[j].1)).collect();
        write!(out, "<p class=\"hint listed-unlisted\">{}{}</p>", s::LISTED_UNLISTED, names.join("、")).ok();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_list_is_read_from_the_document_as_typed() {
        let list = json!([{ "kind": "proposal", "name": "建议书" }, { "name": "无种类" }, {}]);
        assert_eq!(listed_of(&list), vec![(Some("proposal".into()), "建议书".into()), (None, "无种类".into()), (None, String::new())]);
        assert!(listed_of(&Value::Null).is_empty());
    }

    #[test]
    fn names_and_titles_are_escaped_and_an_empty_list_shows_nothing() {
        let listed = [(Some("other".to_string()), "<b>标题</b>".to_string())];
        let files = [("other".to_string(), "a&b<i>.pdf".to_string()), ("proposal".to_string(), "\"x\".pdf".to_string())];
        let html = markup(Side::Reviewer, &listed, &files).unwrap();
        assert!(html.contains("《&lt;b&gt;标题&lt;/b&gt;》") && html.contains("a&amp;b&lt;i&gt;.pdf"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        assert!(html.starts_with("<h5>附件清单核对</h5>") && html.contains("附件清单所列材料均有对应的文件"), "{html}");
        assert!(markup(Side::Signer, &[], &files).is_none());
    }

    #[test]
    fn only_the_signer_is_offered_a_pick_and_only_for_a_document_with_a_kind() {
        let listed = [(Some("proposal".to_string()), "建议书".to_string()), (None, "无种类".to_string())];
        let signer = markup(Side::Signer, &listed, &[]).unwrap();
        assert_eq!(signer.matches("class=\"link listed-pick\"").count(), 1, "{signer}");
        assert!(signer.contains("data-pick-kind=\"proposal\""), "{signer}");
        let reviewer = markup(Side::Reviewer, &listed, &[]).unwrap();
        assert!(!reviewer.contains("listed-pick") && reviewer.contains("申报包中无此文件"), "{reviewer}");
    }
}
