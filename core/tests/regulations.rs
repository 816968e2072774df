//! The built-in packs against the regulations they encode (`core/regulations/`):
//!
//! * every citation (each rule's and the pack's validity citation) is in the text, in the
//!   article and clause it names, with any masked words it restores noted;
//! * every article of the text is either cited by a rule or listed, with the reason, in the
//!   pack's coverage file (`<pack id>.coverage.json`), never both.

use std::path::PathBuf;

use shenbao_core::RulePack;
use shenbao_core::pack::builtin;
use shenbao_core::regulation::{Coverage, Regulation};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("regulations")
}

fn read(name: &str) -> String {
    let path = dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn packs() -> Vec<RulePack> {
    builtin::sources().map(|(name, text)| RulePack::from_json(text).unwrap_or_else(|e| panic!("{name}: {e}"))).collect()
}

#[test]
fn every_citation_is_in_its_article_and_clause() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for pack in packs() {
        let regulation = Regulation::parse(&read(&pack.meta.source_file));
        assert!(regulation.articles.len() >= 20, "{}: only {} articles read", pack.meta.id, regulation.articles.len());
        problems.extend(regulation.check_citations(&pack).into_iter().map(|p| format!("{}: {p}", pack.meta.id)));
        checked += pack.rules.len() + 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 250, "{checked}");
}

#[test]
fn every_article_is_cited_or_said_why_not() {
    let mut gaps = Vec::new();
    for pack in packs() {
        let regulation = Regulation::parse(&read(&pack.meta.source_file));
        let coverage = Coverage::from_json(&read(&format!("{}.coverage.json", pack.meta.id))).unwrap_or_else(|e| panic!("{}: {e}", pack.meta.id));
        gaps.extend(coverage.unaccounted(&pack, &regulation).into_iter().map(|g| format!("{}: {g}", pack.meta.id)));
        // Listed in the text's order, so a reader can follow the regulation down the file.
        let numbers: Vec<u32> = coverage.not_checked.iter().filter_map(|n| regulation.article(&n.article)).map(|a| a.number).collect();
        assert!(numbers.is_sorted(), "{}: not_checked out of order", pack.meta.id);
    }
    assert!(gaps.is_empty(), "{}", gaps.join("\n"));
}

#[test]
fn a_changed_quotation_is_caught() {
    // The check is not vacuous: one word changed in one real citation fails it.
    let pack = packs().into_iter().find(|p| p.meta.id == "bazhong").unwrap();
    let regulation = Regulation::parse(&read(&pack.meta.source_file));
    let mut rule = pack.rules[0].citation.clone();
    assert_eq!(regulation.locate(&rule), Ok(()));
    rule.quote = rule.quote.replacen("30", "50", 1);
    assert!(regulation.locate(&rule).is_err(), "{}", rule.quote);
}

#[test]
fn a_wrong_item_or_paragraph_is_caught() {
    // Every cited item and paragraph, moved to the next one, fails: clauses are really checked.
    let mut moved = 0;
    for pack in packs() {
        let regulation = Regulation::parse(&read(&pack.meta.source_file));
        for rule in &pack.rules {
            let Some(clause) = rule.citation.clause.as_deref() else { continue };
            let next = match clause {
                "第一款" => "第二款",
                "第二款" => "第三款",
                "（一）" => "（二）",
                "（二）" => "（三）",
                _ => continue,
            };
            let wrong = shenbao_core::pack::Citation { clause: Some(next.into()), ..rule.citation.clone() };
            assert!(regulation.locate(&wrong).is_err(), "{}: {next} accepted", rule.id);
            moved += 1;
        }
    }
    assert!(moved > 30, "{moved}");
}

mod hostile {
    //! Any text and any citation: reading never panics, articles come numbered in order from
    //! inside the text, and a quotation found is marked inside its article, in order.
    use proptest::prelude::*;
    use shenbao_core::pack::Citation;
    use shenbao_core::regulation::{Regulation, paragraph_ranges};

    /// Texts made mostly of what matters here: headings, numerals, masks, breaks, punctuation.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!["第", "一", "二", "三", "十", "条", "條", "*", "**", "\n", "，", "。", "（一）", "甲", "乙", " ", "\u{3000}", "Ａ", "1"]),
            0..300,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn reading_and_locating_hold_for_any_text(text in text(), quote in text(), article in 1u32..5, clause in prop::sample::select(vec!["", "（一）", "第二款", "第x款"])) {
            let regulation = Regulation::parse(&text);
            for (n, a) in regulation.articles.iter().enumerate() {
                prop_assert_eq!(a.number as usize, n + 1);
                prop_assert!(text.contains(&a.body));
                for p in paragraph_ranges(&a.body) {
                    prop_assert!(p.start <= p.end && p.end <= a.body.len());
                }
            }
            let citation = Citation {
                article: format!("第{}条", shenbao_core::regulation::numeral(article)),
                clause: (!clause.is_empty()).then(|| clause.to_string()),
                quote,
                note: None,
            };
            if let Ok(q) = regulation.quoted(&citation) {
                let mut end = 0;
                for m in &q.marks {
                    prop_assert!(end <= m.start && m.start < m.end && m.end <= q.article.body.len());
                    prop_assert!(q.article.body.is_char_boundary(m.start) && q.article.body.is_char_boundary(m.end));
                    end = m.end;
                }
            }
            let _ = regulation.locate(&citation);
        }
    }
}

mod verbatim {
    //! A quotation cut from an article as written is always found there, with no note needed.
    use proptest::prelude::*;
    use shenbao_core::pack::Citation;
    use shenbao_core::regulation::Regulation;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn a_quotation_cut_from_the_article_is_found(
            parts in prop::collection::vec(prop::sample::select(vec!["甲", "乙", "丙", "*", "**", "，", "\n", "（一）"]), 1..80),
            cut in (0usize..80, 1usize..30),
        ) {
            let body: String = parts.concat();
            let text = format!("第一条 {body}\n第二条 完。");
            let regulation = Regulation::parse(&text);
            let chars: Vec<char> = regulation.articles[0].body.chars().collect();
            let from = cut.0 % chars.len();
            let cut: String = chars[from..(from + cut.1).min(chars.len())].iter().collect();
            // Its longest stretch without a mask (skipping cuts would reject too many cases).
            let quote = cut.split('*').max_by_key(|p| p.len()).unwrap_or_default().to_string();
            let c = Citation { article: "第一条".into(), clause: None, quote: quote.clone(), note: None };
            prop_assert_eq!(regulation.locate(&c), Ok(()), "{:?} in {:?}", quote, body);
        }
    }
}
