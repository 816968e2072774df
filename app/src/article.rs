//! A cited article in full (「查看第X条全文」 under a finding's source): the regulation's text
//! read by `shenbao_core::regulation`, the article's paragraphs with the quotation marked, so a
//! user sees the sentence a check rests on in its context. In its own wasm part
//! (`lazy::article`), loaded with the text on the first such click.

use shenbao_core::pack::Citation;
use shenbao_core::regulation::{Regulation, paragraph_ranges};

use crate::dom::escape_html;
use crate::strings as s;

/// Fetches built-in pack `pack`'s regulation (once per page) and writes the article `citation`
/// names into `into`; if the text cannot be had, says so there and calls `failed`.
pub fn show(pack: &'static str, citation: Citation, into: web_sys::Element, failed: Box<dyn FnOnce()>) {
    leptos::task::spawn_local(async move {
        match crate::packs::regulation_text(pack).await {
            Ok(text) => into.set_inner_html(&html(text, &citation)),
            Err(_) => {
                self::failed(&into);
                failed();
            }
        }
    });
}

/// Says in `into` that the article could not be loaded.
pub fn failed(into: &web_sys::Element) {
    into.set_inner_html(&format!("<p class=\"input-error\">{}</p>", s::ARTICLE_LOAD_FAILED));
}

/// The article `citation` names, as markup: its heading, then each paragraph, the quotation's
/// pieces in `<mark>`. An article the text does not have says so; a quotation not found in it
/// (a pack loaded from a file, not checked against this text) leaves the article unmarked.
pub fn html(text: &str, citation: &Citation) -> String {
    let regulation = Regulation::parse(text);
    let Some(article) = regulation.article(&citation.article) else {
        return format!("<p class=\"input-error\">{}{}</p>", s::ARTICLE_NOT_FOUND, escape_html(&citation.article));
    };
    let marks = regulation.quoted(citation).map(|q| q.marks).unwrap_or_default();
    let body = &article.body;
    let mut out = String::from("<div class=\"article-text\" tabindex=\"0\">");
    for (i, p) in paragraph_ranges(body).into_iter().enumerate() {
        out.push_str("<p>");
        if i == 0 {
            out.push_str(&format!("<b>{}</b>　", escape_html(&article.heading)));
        }
        let mut at = p.start;
        for m in marks.iter().filter(|m| m.start < p.end && m.end > p.start) {
            let (from, to) = (m.start.max(p.start), m.end.min(p.end));
            out.push_str(&escape_html(&body[at..from]));
            out.push_str(&format!("<mark>{}</mark>", escape_html(&body[from..to])));
            at = to;
        }
        out.push_str(&escape_html(&body[at..p.end]));
        out.push_str("</p>");
    }
    if marks.is_empty() {
        out.push_str(&format!("<p class=\"hint\">{}</p>", s::ARTICLE_QUOTE_UNMARKED));
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(article: &str, quote: &str) -> Citation {
        Citation { article: article.into(), clause: None, quote: quote.into(), note: None }
    }

    const TEXT: &str = "第一条 目的。\n\n第二条 项目应当:\n  (一)依托<政务云>;\n  (二)共享数据。\n第三条 施行。";

    #[test]
    fn the_article_is_shown_by_paragraph_with_the_quotation_marked() {
        let html = html(TEXT, &citation("第二条", "项目应当……依托<政务云>"));
        assert_eq!(
            html,
            "<div class=\"article-text\" tabindex=\"0\"><p><b>第二条</b>　<mark>项目应当</mark>:</p><p>(一)<mark>依托&lt;政务云</mark>&gt;;</p><p>(二)共享数据。</p></div>"
        );
    }

    #[test]
    fn a_quotation_across_lines_is_marked_in_each() {
        let html = html(TEXT, &citation("第二条", "依托政务云；（二）共享"));
        assert!(html.contains("<mark>依托&lt;政务云&gt;;</mark></p><p><mark>(二)共享</mark>数据"), "{html}");
    }

    #[test]
    fn a_missing_article_or_quotation_is_said() {
        assert!(html(TEXT, &citation("第九条", "目的")).contains("第九条"));
        let unmarked = html(TEXT, &citation("第一条", "别的话"));
        assert!(unmarked.contains("目的。") && !unmarked.contains("<mark>") && unmarked.contains(s::ARTICLE_QUOTE_UNMARKED), "{unmarked}");
    }

    #[test]
    fn every_built_in_finding_s_article_is_shown_marked() {
        for pack in shenbao_core::pack::builtin::packs() {
            let text = shenbao_core::pack::builtin::regulation_text(&pack.meta.id).unwrap();
            for rule in &pack.rules {
                let html = html(text, &rule.citation);
                assert!(html.contains("<mark>") && !html.contains(s::ARTICLE_QUOTE_UNMARKED), "{}: {html}", rule.id);
            }
        }
    }
}
