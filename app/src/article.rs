//! A regulation shown beside its pack, read by `shenbao_core::regulation`:
//!
//! * a cited article in full (「查看第X条全文」 under a finding's source), its paragraphs with
//!   the quotation marked, so a user sees the sentence a check rests on in its context;
//! * the whole regulation article by article (「逐条对照」 on the start page): for each article
//!   the rules that check it, or why the pack does not (its coverage file), every quotation
//!   checked against the text there and then.
//!
//! In its own wasm part (`lazy::article`, `lazy::articles`), loaded with the texts on the first
//! such click.

use std::fmt::Write as _;
use std::ops::Range;

use leptos::prelude::{GetUntracked, Set};

use shenbao_core::RulePack;
use shenbao_core::pack::Citation;
use shenbao_core::regulation::{Article, COVERAGE_FORMAT, Coverage, Fit, NotCheckedKind, Regulation, account, paragraph_ranges};

use crate::dom::escape_html;
use crate::lazy::Shown;
use crate::strings as s;

/// Shows `shown` from pack `pack`'s regulation, fetching what it needs first (each
/// file once per page); what cannot be had is said where it would have been.
pub fn show(pack: &'static str, shown: Shown) {
    leptos::task::spawn_local(async move {
        use crate::packs::{Beside, beside};
        match shown {
            Shown::Article { citation, into, failed } => match beside(pack, Beside::Regulation).await {
                Ok(text) => into.set_inner_html(&html(text, &citation)),
                Err(_) => {
                    self::failed(&into);
                    failed();
                }
            },
            Shown::Articles { dialog } => {
                let Some(into) = dialog.query_selector(".articles-body").ok().flatten() else { return };
                let title = crate::packs::list().into_iter().find(|e| e.meta.id == pack).map(|e| e.meta.title.clone()).unwrap_or_default();
                into.set_inner_html(&format!(
                    "<h2 id=\"articles-title\">《{}》{}</h2><p class=\"hint\">{}</p>",
                    escape_html(&title),
                    s::ARTICLES_TITLE,
                    s::ARTICLES_LOADING
                ));
                // Opened meanwhile on another pack: that one's content is not written over.
                let _ = into.set_attribute("data-pack", pack);
                let ready = crate::packs::ready(pack).await;
                let (text, coverage) = (beside(pack, Beside::Regulation).await, beside(pack, Beside::Coverage).await);
                if into.get_attribute("data-pack").as_deref() != Some(pack) {
                    return;
                }
                match (ready, crate::packs::get(pack), text) {
                    (Ok(()), Some(p), Ok(text)) => into.set_inner_html(&articles_html(p, text, coverage.ok())),
                    _ => self::failed(&into),
                }
            }
        }
    });
}

/// What became of files picked to load as rule packs ([`load_texts`]).
#[derive(Default)]
pub struct Picked {
    /// The packs loaded, in the order picked.
    pub packs: Vec<&'static RulePack>,
    /// One line per file: what it gave, or why it was not loaded.
    pub lines: Vec<String>,
    /// Whether a file was not loaded.
    pub refused: bool,
}

/// Reads and loads the files picked as rule packs ([`load_texts`]); a file that cannot be
/// read as text says why.
pub fn load_files(files: Vec<web_sys::File>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Picked>>> {
    Box::pin(async move {
        let (read, unread) = crate::dom::read_texts(files).await;
        let mut picked = load_texts(read);
        picked.refused |= !unread.is_empty();
        picked.lines.splice(0..0, unread);
        picked
    })
}

/// Loads the files picked as rule packs (「载入规则包文件」, on the start page and the desk),
/// given as (name, text): pack files first (`packs::load`, remembered), then the texts of
/// their regulations and their coverage files, so that a pack and its files can be picked
/// together. Each of those is kept with the loaded packs it belongs to, found by its content
/// (a file's name may change on its way, its words do not): a regulation's text with every
/// loaded pack whose quotations it holds (`regulation::Fit`), a coverage file with the pack
/// it names. In the regulation's part, which reads texts anyway.
pub fn load_texts(files: Vec<(String, String)>) -> Picked {
    let mut picked = Picked::default();
    let mut beside = Vec::new();
    for (name, text) in files {
        // A pack file is a JSON object that is not a coverage file (by its format, not by
        // words anywhere in it: a pack's notes may name the coverage format).
        let json = text.trim_start().starts_with('{');
        if !json || is_coverage(&text) {
            // Beside a pack, JSON is a coverage file, anything else a regulation's text.
            beside.push((name, text, json));
            continue;
        }
        let before = crate::packs::loaded_packs();
        match crate::packs::load(&text) {
            Ok(p) => {
                let mut line = format!("{}：{}《{}》v{}（{} 条规则）", s::PACK_LOADED, p.meta.city_name(), p.meta.title, p.meta.version, p.rules.len());
                // The same id loaded before: say what became of it. Packages pin their pack's
                // exact content, so another version is kept as a superseded one, for those
                // made under it; the same version with other content is not (one of the two
                // files was altered, and the reviewer must find out which).
                let (mut current, mut stored) = (p, true);
                match before.iter().find(|b| b.meta.id == p.meta.id) {
                    Some(b) if b.source == p.source => line.push_str(s::PACK_SAME_AS_BEFORE),
                    Some(b) if b.meta.version == p.meta.version => line.push_str(s::PACK_SAME_VERSION_CHANGED),
                    // An earlier version picked after a later one: the later one stays in use.
                    Some(b) if shenbao_core::pack::version_order(&p.meta.version, &b.meta.version) == Some(std::cmp::Ordering::Less) => {
                        if let Ok(again) = crate::packs::load(&b.source) {
                            current = again;
                            stored &= crate::packs::keep_earlier(p);
                            let _ = write!(line, "{}{}{}", s::PACK_OLDER_PRE, again.meta.version, s::PACK_OLDER_POST);
                        }
                    }
                    Some(b) => {
                        stored &= crate::packs::keep_earlier(b);
                        let _ = write!(line, "{}{}{}", s::PACK_REPLACED_PRE, b.meta.version, s::PACK_REPLACED_POST);
                    }
                    None => {}
                }
                if !(crate::packs::remember(current) && stored) {
                    line.push_str(s::NOT_STORED);
                }
                picked.lines.push(line);
                picked.packs.push(p);
            }
            Err(e) => {
                picked.lines.push(format!("{}（{name}）：{e}", s::PACK_REJECTED));
                picked.refused = true;
            }
        }
    }
    let packs = crate::packs::loaded_packs();
    for (name, text, coverage) in beside {
        let (refused, line) = if coverage { coverage_file(&name, &text, &packs) } else { regulation_file(&name, &text, &packs) };
        picked.lines.push(line);
        picked.refused |= refused;
    }
    picked
}

/// The start page's 「载入规则包文件」 (`lazy::start_packs`): the picked files loaded, the
/// packs list shown again, the last pack loaded chosen, and a line per file said.
pub fn start_pack_files(files: Vec<web_sys::File>, to: crate::start::StartPacks) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
    Box::pin(async move {
        let picked = load_files(files).await;
        to.packs.set(crate::packs::list());
        if let Some(p) = picked.packs.last() {
            to.chosen.set(Some(p.meta.id.clone()));
        }
        to.message.set(Some(picked.lines.join("\n")));
    })
}

/// The start page's 「移除」 on a loaded pack (`lazy::start_packs`): removed once confirmed,
/// the packs list shown again, and said.
pub fn start_remove_pack(id: String, to: crate::start::StartPacks) {
    if remove_pack(&id) {
        to.packs.set(crate::packs::list());
        if to.chosen.get_untracked().as_deref() == Some(id.as_str()) {
            to.chosen.set(None);
        }
        to.message.set(Some(format!("{}{id}", s::PACK_REMOVED)));
    }
}

/// Removes loaded pack `id` from this browser once the user confirms (「移除」 on the start
/// page), saying how many drafts use it. Whether it was removed.
pub fn remove_pack(id: &str) -> bool {
    let Some(pack) = crate::packs::loaded_packs().into_iter().find(|p| p.meta.id == id) else { return false };
    let drafts = crate::storage::with(|st| st.list()).iter().filter(|d| d.pack_id == id).count();
    let mut question = format!("移除规则包“{}《{}》v{}”？{}", pack.meta.city_name(), pack.meta.title, pack.meta.version, s::REMOVE_PACK_QUESTION);
    let earlier: Vec<String> = crate::packs::earlier_of(id).iter().map(|p| format!("v{}", p.meta.version)).collect();
    if !earlier.is_empty() {
        let _ = write!(question, "{}{}{}", s::REMOVE_PACK_EARLIER_PRE, earlier.join("、"), s::REMOVE_PACK_EARLIER_POST);
    }
    if drafts > 0 {
        let _ = write!(question, "{}{drafts}{}", s::REMOVE_PACK_DRAFTS_PRE, s::REMOVE_PACK_DRAFTS_POST);
    }
    if !crate::dom::confirm(&question) {
        return false;
    }
    crate::packs::forget(id);
    true
}

/// Whether `text` is a coverage file: JSON whose `format` is a coverage file's, or JSON too
/// broken to read that names the format (so that its error is told as a coverage file's).
fn is_coverage(text: &str) -> bool {
    match shenbao_core::input::parse(text, shenbao_core::input::MAX_PACKAGE_BYTES) {
        Ok(v) => v["format"] == COVERAGE_FORMAT,
        Err(_) => text.contains(COVERAGE_FORMAT),
    }
}

/// Keeps `text` beside loaded pack `pack` (`packs::attach`) and in storage with it, and says
/// so: `what` (管理办法原文, 逐条对照说明) of 《title》, from `name` (and that storage was full).
fn kept_line(pack: &RulePack, which: crate::packs::Beside, text: &str, what: &str, name: &str) -> String {
    crate::packs::attach(&pack.meta.id, which, text);
    let stored = crate::dom::local_storage().is_some_and(|s| s.set_item(&which.stored_as(&pack.meta.id), text).is_ok());
    let mut line = format!("已载入{}《{}》的{what}（{name}）", pack.meta.city_name(), pack.meta.title);
    if !stored {
        line.push_str(s::NOT_STORED);
    }
    line
}

fn regulation_file(name: &str, text: &str, packs: &[&'static RulePack]) -> (bool, String) {
    let regulation = Regulation::parse(text);
    if regulation.articles.is_empty() {
        return (true, format!("“{name}”{}", s::BESIDE_NOT_A_TEXT));
    }
    if packs.is_empty() {
        return (true, format!("“{name}”{}", s::BESIDE_NO_PACK));
    }
    let lines: Vec<String> = packs
        .iter()
        .map(|&p| (p, Fit::of(&regulation, p)))
        .filter(|(_, fit)| fit.fits())
        .map(|(p, fit)| {
            let mut line = kept_line(p, crate::packs::Beside::Regulation, text, "管理办法原文", name);
            if fit.problems.is_empty() {
                let _ = write!(line, "：规则包的 {} 处引文都在原文所注的条款中", fit.cited);
            } else {
                let listed: Vec<String> =
                    fit.problems.iter().take(3).map(|p| format!("{}（{}{}）", p.rule, p.article, p.clause.as_deref().unwrap_or(""))).collect();
                let more = if fit.problems.len() > 3 { "等" } else { "" };
                let _ = write!(
                    line,
                    "：规则包的 {} 处引文中，{} 处不在原文所注的条款中（{}{more}），「逐条对照」中逐条注明",
                    fit.cited,
                    fit.problems.len(),
                    listed.join("、")
                );
            }
            line
        })
        .collect();
    if lines.is_empty() { (true, format!("“{name}”{}", s::BESIDE_NOT_FITTING)) } else { (false, lines.join("\n")) }
}

fn coverage_file(name: &str, text: &str, packs: &[&'static RulePack]) -> (bool, String) {
    let coverage = match Coverage::from_json(text) {
        Ok(c) => c,
        Err(e) => return (true, format!("{}（{name}）：{e}", s::COVERAGE_REJECTED)),
    };
    match packs.iter().find(|p| p.meta.id == coverage.pack) {
        Some(p) => {
            let mut line = kept_line(p, crate::packs::Beside::Coverage, text, "逐条对照说明", name);
            let _ = write!(line, "：{} 条说明了不检查的理由", coverage.not_checked.len());
            (false, line)
        }
        None if shenbao_core::pack::builtin::is_builtin(&coverage.pack) => (true, format!("“{name}”{}", s::BESIDE_BUILTIN)),
        None => (true, format!("“{name}”说明的是规则包“{}”{}", coverage.pack, s::BESIDE_PACK_FIRST)),
    }
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
    let mut out = article_html(article, &marks);
    if marks.is_empty() {
        out.insert_str(out.len() - "</div>".len(), &format!("<p class=\"hint\">{}</p>", s::ARTICLE_QUOTE_UNMARKED));
    }
    out
}

/// An article's paragraphs, `marks` (byte ranges of its body, in order, not overlapping) in
/// `<mark>`.
fn article_html(article: &Article, marks: &[Range<usize>]) -> String {
    let body = &article.body;
    let mut out = String::from("<div class=\"article-text\" tabindex=\"0\">");
    for (i, p) in paragraph_ranges(body).into_iter().enumerate() {
        out.push_str("<p>");
        if i == 0 {
            let _ = write!(out, "<b>{}</b>　", escape_html(&article.heading));
        }
        let mut at = p.start;
        for m in marks.iter().filter(|m| m.start < p.end && m.end > p.start) {
            let (from, to) = (m.start.max(p.start).max(at), m.end.min(p.end));
            if from >= to {
                continue;
            }
            out.push_str(&escape_html(&body[at..from]));
            let _ = write!(out, "<mark>{}</mark>", escape_html(&body[from..to]));
            at = to;
        }
        out.push_str(&escape_html(&body[at..p.end]));
        out.push_str("</p>");
    }
    out.push_str("</div>");
    out
}

/// The first words of an article, for its line in the list.
fn gist(article: &Article) -> String {
    let words: String = article.body.split_whitespace().collect::<Vec<_>>().join(" ").chars().filter(|&c| c != '\u{3000}').collect();
    let mut g: String = words.chars().take(40).collect();
    if words.chars().count() > 40 {
        g.push('…');
    }
    g
}

/// The regulation `text` article by article against `pack`: a summary (how many articles are
/// checked, how many not and why, whether every quotation is in the text), then each article
/// with its full text (disclosed), the rules citing it or the reason from `coverage`.
pub fn articles_html(pack: &RulePack, text: &str, coverage: Option<&str>) -> String {
    let e = escape_html;
    let regulation = Regulation::parse(text);
    let coverage = coverage.and_then(|c| Coverage::from_json(c).ok());
    let misquoted = regulation.check_citations(pack);
    let mut out = format!("<h2 id=\"articles-title\">《{}》{}</h2>", e(&pack.meta.title), s::ARTICLES_TITLE);

    let mut rows = String::new();
    let (mut checked, mut unexplained) = (0, 0);
    let mut kinds: Vec<(NotCheckedKind, usize)> = Vec::new();
    for row in account(pack, &regulation, coverage.as_ref()) {
        let (article, rules) = (row.article, &row.rules);
        let (class, badge) = if !rules.is_empty() {
            checked += 1;
            ("checked", format!("{}{}{}", s::ARTICLES_CHECKED_PRE, rules.len(), s::ARTICLES_CHECKED_POST))
        } else if let Some(n) = row.not_checked {
            match kinds.iter_mut().find(|(k, _)| *k == n.kind) {
                Some((_, count)) => *count += 1,
                None => kinds.push((n.kind, 1)),
            }
            (if n.kind == NotCheckedKind::NotInForm { "unchecked by-hand" } else { "unchecked" }, format!("{} · {}", s::ARTICLES_UNCHECKED, n.kind.label()))
        } else {
            unexplained += 1;
            ("unexplained", s::ARTICLES_UNEXPLAINED.to_string())
        };
        let _ = write!(
            rows,
            "<li class=\"article-row {class}\" id=\"article-{}\"><details><summary><b>{}</b> <span class=\"article-badge\">{}</span><span class=\"article-gist\">{}</span></summary>{}</details>",
            article.number,
            e(&article.heading),
            e(&badge),
            e(&gist(article)),
            article_html(article, &row.marks)
        );
        if !rules.is_empty() {
            rows.push_str("<ul class=\"article-rules\">");
            for r in rules {
                let _ = write!(
                    rows,
                    "<li><span class=\"rule-sev rule-sev-{}\">{}</span> {}{} <span class=\"rule-id\">{}</span></li>",
                    match r.severity {
                        shenbao_core::Severity::Error => "error",
                        shenbao_core::Severity::Warning => "warning",
                        shenbao_core::Severity::Info => "info",
                    },
                    r.severity.label(),
                    r.citation.clause.as_deref().map(|c| format!("{}：", e(c))).unwrap_or_default(),
                    e(&r.title),
                    e(&r.id)
                );
            }
            rows.push_str("</ul>");
        } else if let Some(n) = row.not_checked {
            let _ = write!(rows, "<p class=\"article-why\">{}</p>", e(&n.why));
        }
        if row.validity {
            let _ = write!(rows, "<p class=\"article-why\">{}</p>", s::ARTICLES_VALIDITY);
        }
        rows.push_str("</li>");
    }

    let _ = write!(
        out,
        "<p class=\"articles-summary\">{}{}{}{}{}{}{}",
        s::ARTICLES_SUMMARY_1,
        regulation.articles.len(),
        s::ARTICLES_SUMMARY_2,
        checked,
        s::ARTICLES_SUMMARY_3,
        pack.rules.len(),
        s::ARTICLES_SUMMARY_4
    );
    let not = regulation.articles.len() - checked - unexplained;
    if not > 0 {
        let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{} {n}{}", k.label(), s::ARTICLES_COUNT_SUFFIX)).collect();
        let _ = write!(out, "{}{not}{}{}", s::ARTICLES_SUMMARY_NOT_1, s::ARTICLES_SUMMARY_NOT_2, parts.join("、"));
    }
    if unexplained > 0 {
        let _ = write!(out, "{}{unexplained}{}", s::ARTICLES_SUMMARY_UNEXPLAINED_1, s::ARTICLES_SUMMARY_UNEXPLAINED_2);
    }
    out.push_str("。</p>");
    if let Some((_, n)) = kinds.iter().find(|(k, _)| *k == NotCheckedKind::NotInForm) {
        let _ = write!(out, "<p class=\"articles-not-in-form\">{}{n}{}</p>", s::ARTICLES_NOT_IN_FORM_1, s::ARTICLES_NOT_IN_FORM_2);
    }
    if misquoted.is_empty() {
        let _ = write!(out, "<p class=\"ok\">{}{}{}</p>", s::ARTICLES_QUOTES_OK_PRE, pack.rules.len() + 1, s::ARTICLES_QUOTES_OK_POST);
    } else {
        let _ = write!(out, "<div class=\"input-error\"><p>{}</p><ul>", s::ARTICLES_QUOTES_BAD);
        for m in &misquoted {
            let _ = write!(out, "<li>{}</li>", e(&m.to_string()));
        }
        out.push_str("</ul></div>");
    }
    // Which rows show: radio buttons a style sheet rule reads (`:has`), so no code runs.
    let by_hand = kinds.iter().find(|(k, _)| *k == NotCheckedKind::NotInForm).map_or(0, |(_, n)| *n);
    let filters = [
        ("all", s::ARTICLES_SHOW_ALL, regulation.articles.len()),
        ("checked", s::ARTICLES_SHOW_CHECKED, checked),
        ("unchecked", s::ARTICLES_SHOW_UNCHECKED, regulation.articles.len() - checked),
        ("by-hand", s::ARTICLES_SHOW_BY_HAND, by_hand),
    ];
    let _ = write!(out, "<fieldset class=\"articles-filter\"><legend>{}</legend>", s::ARTICLES_SHOW);
    for (id, label, n) in filters.into_iter().filter(|(id, _, n)| *id == "all" || *n > 0) {
        let _ = write!(
            out,
            "<label><input type=\"radio\" name=\"articles-filter\" id=\"af-{id}\"{}> {label}（{n}）</label>",
            if id == "all" { " checked" } else { "" }
        );
    }
    out.push_str("</fieldset>");
    let _ = write!(out, "<ol class=\"articles\">{rows}</ol>");
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
    fn a_built_in_regulation_is_listed_article_by_article_against_its_pack() {
        use shenbao_core::pack::builtin;
        let pack = builtin::pack("bazhong").unwrap();
        let html = articles_html(pack, builtin::regulation_text("bazhong").unwrap(), builtin::coverage_text("bazhong"));
        assert!(html.starts_with("<h2 id=\"articles-title\">《“智慧巴中”建设项目管理办法》逐条对照</h2>"), "{html}");
        assert!(html.contains("共 50 条：24 条由本规则包的 75 条规则检查；不检查 26 条"), "{html}");
        assert!(html.contains("全部 76 处引文均已与原文逐字核对"), "{html}");
        assert!(html.contains("其中 5 条是对项目或申报单位的要求，但两份材料中没有对应内容，本工具无法检查，请自行对照。"), "{html}");
        // The filter counts, and the rows a style rule hides by class.
        for f in [
            "id=\"af-all\" checked> 全部（50）",
            "id=\"af-checked\"> 由规则检查（24）",
            "id=\"af-unchecked\"> 不检查（26）",
            "id=\"af-by-hand\"> 需自行对照（5）",
        ] {
            assert!(html.contains(f), "{f}");
        }
        assert_eq!(html.matches("<li class=\"article-row unchecked by-hand\"").count(), 5);
        assert_eq!(html.matches("<li class=\"article-row ").count(), 50);
        assert_eq!(html.matches("<li class=\"article-row checked\"").count(), 24);
        assert!(!html.contains("article-row unexplained"));
        // 第二条: its rule, and its quotation marked in the text.
        let second = &html[html.find("id=\"article-2\"").unwrap()..html.find("id=\"article-3\"").unwrap()];
        assert!(second.contains("投资额度 30 万元以上") && second.contains("bazhong.2.threshold"), "{second}");
        assert!(second.contains("<mark>投资额度在30万元以上的新建、扩建及升级改造的非涉密信息化项目</mark>"), "{second}");
        // 第一条: why not.
        let first = &html[html.find("id=\"article-1\"").unwrap()..html.find("id=\"article-2\"").unwrap()];
        assert!(first.contains("不检查 · 总则性条文") && first.contains("立法目的和依据"), "{first}");
        // 第五十条: the pack's dates.
        assert!(html[html.find("id=\"article-50\"").unwrap()..].contains(s::ARTICLES_VALIDITY));
    }

    #[test]
    fn without_coverage_or_with_a_misquote_the_list_says_so() {
        use shenbao_core::pack::builtin;
        let text = builtin::regulation_text("bazhong").unwrap();
        let html = articles_html(builtin::pack("bazhong").unwrap(), text, None);
        assert_eq!(html.matches("article-row unexplained").count(), 26);
        assert!(html.contains("26 条未说明"), "{html}");
        // Another city's coverage is not taken for this pack's.
        let other = articles_html(builtin::pack("bazhong").unwrap(), text, builtin::coverage_text("wuhai"));
        assert_eq!(other.matches("article-row unexplained").count(), 26);
        // A text that lost a sentence a rule quotes.
        let cut = text.replace("投资额度在30万元以上", "投资额度在50万元以上");
        let html = articles_html(builtin::pack("bazhong").unwrap(), &cut, builtin::coverage_text("bazhong"));
        assert!(html.contains(s::ARTICLES_QUOTES_BAD) && html.contains("bazhong.2.threshold（第二条）"), "{html}");
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
