//! A regulation's text and a citation, both from the input (split at the first NUL: text,
//! then article, clause and quotation separated by newlines). Properties: no panic; reading
//! the text gives articles numbered 1, 2, 3… whose bodies lie within the text; a quotation
//! found has marks inside its article's body, in order; the search ends (masked runs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::pack::Citation;
use shenbao_core::regulation::{Regulation, paragraph_ranges};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let (text, cite) = input.split_once('\0').unwrap_or((input, ""));
    let regulation = Regulation::parse(text);
    for (n, a) in regulation.articles.iter().enumerate() {
        assert_eq!(a.number as usize, n + 1);
        assert!(text.contains(&a.body));
        for p in paragraph_ranges(&a.body) {
            assert!(p.start <= p.end && p.end <= a.body.len() && a.body.is_char_boundary(p.start) && a.body.is_char_boundary(p.end));
        }
    }
    let mut lines = cite.splitn(3, '\n');
    let (article, clause, quote) = (lines.next().unwrap_or(""), lines.next().unwrap_or(""), lines.next().unwrap_or(""));
    let citation = Citation { article: article.into(), clause: (!clause.is_empty()).then(|| clause.into()), quote: quote.into(), note: Some("n".into()) };
    if let Ok(q) = regulation.quoted(&citation) {
        let mut end = 0;
        for m in &q.marks {
            assert!(end <= m.start && m.start < m.end && m.end <= q.article.body.len());
            assert!(q.article.body.is_char_boundary(m.start) && q.article.body.is_char_boundary(m.end));
            end = m.end;
        }
    }
    let _ = regulation.locate(&citation);
});
