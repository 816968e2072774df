//! A regulation's text read article by article, and whether a rule's citation is really in it.
//!
//! Every rule quotes the article it comes from ([`Citation`]). A quotation typed by hand can
//! drift from the text: a word changed, the wrong article number, an item (`（三）`) or
//! paragraph (`第二款`) that does not hold it. [`Regulation::locate`] finds the quotation in the
//! cited article and clause, so a pack's citations are checked against the text itself (the
//! built-in packs by `core/tests/regulations.rs`, any pack by `shenbao pack lint --regulation`).
//!
//! The texts are web pages converted to plain text, so matching is on words, not layout:
//!
//! * punctuation, spaces and line breaks are ignored, and full-width letters and digits read
//!   as ASCII — one text lost its punctuation in conversion, and quotations use full-width
//!   punctuation where texts use half-width;
//! * a quotation may leave words out with `……`: its pieces must appear in that order;
//! * a run of `*` in the text is a word the publisher masked; a quotation may restore it (one
//!   to eight characters), but must then say so in the citation's `note`.
//!
//! Articles are found in sequence — `第一条`, then the first `第二条` after it (the first that
//! begins a line, if one does), and so on — because some texts lost their line breaks and
//! articles refer to each other by number (`依照第十条`), which a sequential search steps over. `條` is read as `条` (one text is in
//! Traditional characters; articles are cited as written).
//!
//! What a pack leaves unchecked is accounted for in a [`Coverage`] file beside the text, so
//! that every article is either cited by a rule or said why not ([`Coverage::unaccounted`]).

use std::collections::BTreeSet;

use crate::pack::{Citation, Rule, RulePack};

/// One article: its heading as written and its text up to the next article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// As written, e.g. `第十七条` or `第十七條`.
    pub heading: String,
    /// 1-based.
    pub number: u32,
    /// The text after the heading, up to the next article's heading (or the end).
    pub body: String,
}

/// A regulation's articles, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Regulation {
    pub articles: Vec<Article>,
    /// Whether paragraphs (款) can be told apart: the text kept its line breaks.
    has_lines: bool,
}

/// Where a quotation is in its article ([`Regulation::quoted`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted<'a> {
    pub article: &'a Article,
    /// Byte ranges of `article.body`, one per piece of the quotation, in order.
    pub marks: Vec<std::ops::Range<usize>>,
    /// Whether a piece stands where the text has masked words.
    pub restored: bool,
}

/// The paragraphs of an article's body as shown: each non-blank line, trimmed, as a byte range
/// of the body (the first is the rest of the heading's line).
pub fn paragraph_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    paragraphs(body)
        .into_iter()
        .map(|(at, line)| {
            let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            let start = at + line.len() - trimmed.len();
            start..start + trimmed.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}').len()
        })
        .collect()
}

/// Why a citation is not where it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misquote {
    /// The text has no article with this number.
    NoSuchArticle,
    /// This piece of the quotation (between `……`) is not in the article (after the pieces
    /// before it).
    NotInArticle {
        piece: String,
        /// Where the article comes closest, as written: from where the longest beginning of
        /// the piece is found (or to where its longest ending is), about as long as the piece.
        nearest: Option<String>,
    },
    /// The quotation is in the article, but not in the cited item or paragraph.
    NotInClause { found_in: Option<String> },
    /// The clause is neither an item `（X）` nor a paragraph `第X款`.
    UnknownClause,
    /// The quotation restores words the text masks (`**`) and the citation has no `note`.
    RestoredWithoutNote,
}

impl std::fmt::Display for Misquote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Misquote::NoSuchArticle => write!(f, "原文中没有这一条"),
            Misquote::NotInArticle { piece, nearest: None } => write!(f, "该条原文中找不到引文“{piece}”"),
            Misquote::NotInArticle { piece, nearest: Some(n) } => write!(f, "该条原文中找不到引文“{piece}”；原文最接近处：“{n}”"),
            Misquote::NotInClause { found_in: Some(c) } => write!(f, "引文在该条的{c}，而不在所注的款项"),
            Misquote::NotInClause { found_in: None } => write!(f, "引文不在所注的款项中"),
            Misquote::UnknownClause => write!(f, "款项应写作“（X）”或“第X款”"),
            Misquote::RestoredWithoutNote => write!(f, "引文补出了原文中被遮蔽（*）的文字，但 note 中没有说明"),
        }
    }
}

/// An article a pack does not check, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    /// As written in the text (and as rules cite articles).
    pub article: String,
    pub kind: NotCheckedKind,
    /// One sentence, in Chinese.
    pub why: String,
}

/// The kinds of reasons an article has no rule (in a file: `general`, `authority`,
/// `later_stage`, `not_in_form`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotCheckedKind {
    /// Purpose, basis, principles, definitions, interpretation, entry into force.
    General,
    /// Duties and procedures of government bodies, not the applicant's documents.
    Authority,
    /// A stage after the application (procurement, construction, acceptance, operation…).
    LaterStage,
    /// A requirement the two documents have no field for.
    NotInForm,
}

impl NotCheckedKind {
    const ALL: [(&str, NotCheckedKind); 4] = [
        ("general", NotCheckedKind::General),
        ("authority", NotCheckedKind::Authority),
        ("later_stage", NotCheckedKind::LaterStage),
        ("not_in_form", NotCheckedKind::NotInForm),
    ];

    /// As written in a coverage file.
    pub fn id(self) -> &'static str {
        Self::ALL.iter().find(|(_, k)| *k == self).map_or("", |(id, _)| id)
    }

    pub fn label(self) -> &'static str {
        match self {
            NotCheckedKind::General => "总则性条文",
            NotCheckedKind::Authority => "主管部门职责",
            NotCheckedKind::LaterStage => "申报之后的环节",
            NotCheckedKind::NotInForm => "材料中没有对应内容",
        }
    }
}

/// Format id of a coverage file.
pub const COVERAGE_FORMAT: &str = "shenbao.coverage/1";

/// Beside a pack: the articles of its regulation it does not check (`core/regulations/<pack
/// id>.coverage.json`). Kept out of the pack file itself, whose bytes signed packages pin.
/// Read by hand from a JSON value (as packs are), not by serde's derive: the web build reads
/// it in a small part of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub format: String,
    /// The pack this accounts for.
    pub pack: String,
    pub not_checked: Vec<NotChecked>,
}

/// One rule's citation that is not where it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationProblem {
    /// The rule's id, or `validity_citation`.
    pub rule: String,
    pub article: String,
    pub clause: Option<String>,
    pub problem: Misquote,
}

impl std::fmt::Display for CitationProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}（{}{}）：{}", self.rule, self.article, self.clause.as_deref().unwrap_or(""), self.problem)
    }
}

impl Regulation {
    /// Reads a regulation's plain text. A text with no `第一条` has no articles.
    pub fn parse(text: &str) -> Regulation {
        let mut heads: Vec<(usize, String, u32)> = Vec::new();
        let mut from = 0;
        for number in 1.. {
            let numeral = numeral(number);
            // A heading that begins a line, if the text has one; else the first mention.
            let starts_line = |i: usize| text[..i].trim_end_matches([' ', '\t', '\u{3000}', '\u{a0}']).ends_with('\n');
            let found = ['条', '條']
                .into_iter()
                .filter_map(|c| {
                    let h = format!("第{numeral}{c}");
                    let mut all = text[from..].match_indices(&h).map(|(i, _)| from + i);
                    let first = all.next()?;
                    let at = std::iter::once(first).chain(all).find(|&i| starts_line(i)).unwrap_or(first);
                    Some((at, h))
                })
                .min_by_key(|(i, _)| *i);
            let Some((at, heading)) = found else { break };
            from = at + heading.len();
            heads.push((at, heading, number));
        }
        let articles: Vec<Article> = heads
            .iter()
            .enumerate()
            .map(|(k, (at, heading, number))| {
                let end = heads.get(k + 1).map_or(text.len(), |h| h.0);
                Article { heading: heading.clone(), number: *number, body: text[at + heading.len()..end].to_string() }
            })
            .collect();
        let lines = articles.iter().map(|a| paragraphs(&a.body).len()).sum::<usize>();
        Regulation { has_lines: lines > articles.len(), articles }
    }

    /// The article cited as `heading` (`第十七条`; `條` and `条` alike).
    pub fn article(&self, heading: &str) -> Option<&Article> {
        let want = heading.trim().replace('條', "条");
        self.articles.iter().find(|a| a.heading.replace('條', "条") == want)
    }

    /// Whether `c`'s quotation is in the article and clause it names.
    pub fn locate(&self, c: &Citation) -> Result<(), Misquote> {
        let quoted = self.quoted(c)?;
        if quoted.restored && c.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(Misquote::RestoredWithoutNote);
        }
        Ok(())
    }

    /// Where `c`'s quotation is: its article, and the byte ranges of the article's body each
    /// piece of it covers (to mark them when the article is shown). The citation's `note` is
    /// not looked at.
    pub fn quoted(&self, c: &Citation) -> Result<Quoted<'_>, Misquote> {
        let article = self.article(&c.article).ok_or(Misquote::NoSuchArticle)?;
        let body = Words::of(&article.body);
        let mut from = 0;
        let mut marks = Vec::new();
        let mut restored = false;
        for (written, piece) in
            c.quote.split(['…', '⋯']).map(|p| (p, Words::of(p).chars.into_iter().map(|(ch, _)| ch).collect::<Vec<_>>())).filter(|(_, p)| !p.is_empty())
        {
            let Some((at, end, masked)) = body.find(&piece, from) else {
                // Named as the quotation writes it.
                return Err(Misquote::NotInArticle { piece: written.trim().to_string(), nearest: body.nearest(&piece, &article.body) });
            };
            let (first, last) = (body.chars[at].1, body.chars[end - 1].1);
            marks.push(first..last + article.body[last..].chars().next().map_or(0, char::len_utf8));
            restored |= masked;
            from = end;
        }
        if let Some(clause) = c.clause.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            self.in_clause(&article.body, marks.first().map_or(0, |m| m.start), clause)?;
        }
        Ok(Quoted { article, marks, restored })
    }

    /// Whether byte `at` of `body` lies in `clause` (`（三）` or `第二款`).
    fn in_clause(&self, body: &str, at: usize, clause: &str) -> Result<(), Misquote> {
        if let Some(item) = clause.strip_prefix('（').and_then(|c| c.strip_suffix('）')).or_else(|| clause.strip_prefix('(').and_then(|c| c.strip_suffix(')')))
        {
            // The item is the last item marker before the quotation.
            let item: String = item.chars().map(half_width).collect();
            let found = items(body).into_iter().take_while(|(i, _)| *i <= at).last().map(|(_, n)| n);
            return if found.as_deref() == Some(item.as_str()) { Ok(()) } else { Err(Misquote::NotInClause { found_in: found.map(|n| format!("（{n}）")) }) };
        }
        if let Some(n) = clause.strip_prefix('第').and_then(|c| c.strip_suffix('款')) {
            if !self.has_lines {
                // Paragraphs cannot be told apart in this text.
                return Ok(());
            }
            let found = paragraphs(body).into_iter().take_while(|&(i, _)| i <= at).count();
            return if numeral(found as u32) == n { Ok(()) } else { Err(Misquote::NotInClause { found_in: Some(format!("第{}款", numeral(found as u32))) }) };
        }
        Err(Misquote::UnknownClause)
    }

    /// Every citation of `pack` (its rules' and its validity citation) that is not where it
    /// says, in the pack's order.
    pub fn check_citations(&self, pack: &RulePack) -> Vec<CitationProblem> {
        let cited = std::iter::once(("validity_citation", &pack.meta.validity_citation)).chain(pack.rules.iter().map(|r| (r.id.as_str(), &r.citation)));
        cited
            .filter_map(|(rule, c)| {
                self.locate(c).err().map(|problem| CitationProblem { rule: rule.to_string(), article: c.article.clone(), clause: c.clause.clone(), problem })
            })
            .collect()
    }
}

/// How a regulation's text stands against a pack's citations: what loading a text beside a
/// pack loaded from a file says, and how a text picked with several packs finds its own (the
/// text's file name may have been changed on the way, its content cannot be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The pack's citations: its validity citation and its rules'.
    pub cited: usize,
    /// The citations that are not where they say ([`Regulation::check_citations`]).
    pub problems: Vec<CitationProblem>,
}

impl Fit {
    pub fn of(regulation: &Regulation, pack: &RulePack) -> Fit {
        Fit { cited: pack.rules.len() + 1, problems: regulation.check_citations(pack) }
    }

    /// The citations whose quotation is in the article they name (in another clause, or
    /// restoring masked words without a note, counts: the text has it).
    pub fn found(&self) -> usize {
        self.cited - self.problems.iter().filter(|p| matches!(p.problem, Misquote::NoSuchArticle | Misquote::NotInArticle { .. })).count()
    }

    /// Whether this is the pack's regulation: more than half of its quotations are in it. A
    /// text of another regulation has articles of the same numbers, never their words.
    pub fn fits(&self) -> bool {
        2 * self.found() > self.cited
    }
}

impl Coverage {
    /// Reads a coverage file; the message says where and what is wrong.
    pub fn from_json(text: &str) -> Result<Coverage, String> {
        use serde_json::Value;
        let value = crate::input::parse(text, crate::input::MAX_INPUT_BYTES).map_err(|e| format!("不是有效的 JSON：{}", e.message))?;
        // An object with exactly `keys`; the text of key `k` (at `at`).
        fn object<'v>(v: &'v Value, at: &str, keys: &[&str]) -> Result<&'v serde_json::Map<String, Value>, String> {
            let o = v.as_object().ok_or_else(|| format!("{at}：应为 JSON 对象"))?;
            match o.keys().find(|k| !keys.contains(&k.as_str())) {
                Some(k) => Err(format!("{at}{}{k}：未知的键（可用：{}）", if at.is_empty() { "" } else { "." }, keys.join("、"))),
                None => Ok(o),
            }
        }
        fn text_at(o: &serde_json::Map<String, Value>, at: &str, k: &str) -> Result<String, String> {
            o.get(k).and_then(Value::as_str).map(str::to_string).ok_or_else(|| format!("{at}{}{k}：应为文本", if at.is_empty() { "" } else { "." }))
        }
        let o = object(&value, "", &["format", "pack", "not_checked"])?;
        let format = text_at(o, "", "format")?;
        if format != COVERAGE_FORMAT {
            return Err(format!("不支持的格式“{format}”，应为“{COVERAGE_FORMAT}”"));
        }
        let list = o.get("not_checked").and_then(Value::as_array).ok_or("not_checked：应为数组")?;
        let mut not_checked = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let at = format!("not_checked[{i}]");
            let n = object(item, &at, &["article", "kind", "why"])?;
            let kind = text_at(n, &at, "kind")?;
            let kind = NotCheckedKind::ALL
                .iter()
                .find(|(id, _)| *id == kind)
                .map(|(_, k)| *k)
                .ok_or_else(|| format!("{at}.kind：“{kind}”不是可用的类别（{}）", NotCheckedKind::ALL.map(|(id, _)| id).join("、")))?;
            let why = text_at(n, &at, "why")?;
            if why.trim().is_empty() {
                return Err(format!("{at}.why：缺少为何不检查的说明"));
            }
            not_checked.push(NotChecked { article: text_at(n, &at, "article")?, kind, why });
        }
        Ok(Coverage { format, pack: text_at(o, "", "pack")?, not_checked })
    }

    /// How `pack`'s citations and this file together fail to account for `regulation`'s
    /// articles: each article is either cited by a rule or listed here, never both, and
    /// every article listed exists.
    pub fn unaccounted(&self, pack: &RulePack, regulation: &Regulation) -> Vec<String> {
        let norm = |a: &str| a.trim().replace('條', "条");
        let cited: BTreeSet<String> = pack.rules.iter().map(|r| norm(&r.citation.article)).collect();
        let mut listed = BTreeSet::new();
        let mut out = Vec::new();
        if self.pack != pack.meta.id {
            out.push(format!("此文件说明的是规则包“{}”，不是“{}”", self.pack, pack.meta.id));
        }
        for n in &self.not_checked {
            let a = norm(&n.article);
            if regulation.article(&a).is_none() {
                out.push(format!("{}：原文中没有这一条", n.article));
            } else if cited.contains(&a) {
                out.push(format!("{}：已有规则引用此条，不应列为不检查", n.article));
            }
            if !listed.insert(a) {
                out.push(format!("{}：重复列出", n.article));
            }
        }
        for a in &regulation.articles {
            let h = norm(&a.heading);
            if !cited.contains(&h) && !listed.contains(&h) {
                out.push(format!("{}：既没有规则引用，也没有说明为何不检查", a.heading));
            }
        }
        out
    }
}

/// One article of a regulation against a pack: the rules citing it, or why it is not checked.
#[derive(Debug, Clone)]
pub struct ArticleAccount<'a> {
    pub article: &'a Article,
    /// The pack's rules citing this article, in the pack's order.
    pub rules: Vec<&'a Rule>,
    /// Why the pack does not check it (its coverage file), when no rule cites it.
    pub not_checked: Option<&'a NotChecked>,
    /// The pack's validity citation (its dates come from this article).
    pub validity: bool,
    /// Where the rules' quotations are in the article's body: sorted byte ranges, overlapping
    /// ones joined.
    pub marks: Vec<std::ops::Range<usize>>,
}

impl ArticleAccount<'_> {
    /// `checked`, `not_checked` (with a reason) or `unexplained`.
    pub fn status(&self) -> &'static str {
        match (self.rules.is_empty(), self.not_checked.is_some()) {
            (false, _) => "checked",
            (true, true) => "not_checked",
            (true, false) => "unexplained",
        }
    }
}

/// `regulation` article by article against `pack` and its `coverage` (a coverage file for
/// another pack is ignored): what the app's 「逐条对照」 and `shenbao pack articles` show.
pub fn account<'a>(pack: &'a RulePack, regulation: &'a Regulation, coverage: Option<&'a Coverage>) -> Vec<ArticleAccount<'a>> {
    let coverage = coverage.filter(|c| c.pack == pack.meta.id);
    let number = |article: &str| regulation.article(article).map(|a| a.number);
    regulation
        .articles
        .iter()
        .map(|article| {
            let rules: Vec<&Rule> = pack.rules.iter().filter(|r| number(&r.citation.article) == Some(article.number)).collect();
            let mut marks: Vec<std::ops::Range<usize>> = rules.iter().filter_map(|r| regulation.quoted(&r.citation).ok()).flat_map(|q| q.marks).collect();
            marks.sort_by_key(|m| (m.start, m.end));
            let mut joined: Vec<std::ops::Range<usize>> = Vec::with_capacity(marks.len());
            for m in marks {
                match joined.last_mut() {
                    Some(last) if m.start <= last.end => last.end = last.end.max(m.end),
                    _ => joined.push(m),
                }
            }
            let not_checked =
                if rules.is_empty() { coverage.and_then(|c| c.not_checked.iter().find(|n| number(&n.article) == Some(article.number))) } else { None };
            ArticleAccount { article, rules, not_checked, validity: number(&pack.meta.validity_citation.article) == Some(article.number), marks: joined }
        })
        .collect()
}

/// The Chinese numeral for `n` as article numbers write it (`十七`, `二十`, `一百零一`).
pub fn numeral(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let under_100 = |n: u32, in_hundreds: bool| -> String {
        match (n / 10, n % 10) {
            (0, u) => D[u as usize].to_string(),
            (1, u) if !in_hundreds => format!("十{}", if u > 0 { D[u as usize].to_string() } else { String::new() }),
            (t, u) => format!("{}十{}", D[t as usize], if u > 0 { D[u as usize].to_string() } else { String::new() }),
        }
    };
    match n {
        0..100 => under_100(n, false),
        _ => {
            let (h, rest) = (n / 100, n % 100);
            let tail = match rest {
                0 => String::new(),
                1..10 => format!("零{}", D[rest as usize]),
                _ => under_100(rest, true),
            };
            format!("{}百{tail}", under_100(h, false))
        }
    }
}

/// A text's words: every character that is not punctuation or space (full-width letters and
/// digits as ASCII), each with its byte offset in the text.
struct Words {
    chars: Vec<(char, usize)>,
}

impl Words {
    fn of(text: &str) -> Words {
        Words { chars: text.char_indices().filter(|&(_, c)| c == '*' || !is_punctuation_or_space(c)).map(|(i, c)| (half_width(c), i)).collect() }
    }

    /// The first place from index `from` where `piece` is, a `*` run standing for one to
    /// eight characters of it: (start, end, whether a masked run was used). Words restored
    /// must not outnumber the words matched as written, so that a mask cannot stand for
    /// most of a quotation.
    fn find(&self, piece: &[char], from: usize) -> Option<(usize, usize, bool)> {
        // As written first, anywhere after `from`: words the text has are not taken for masked ones.
        if let Some(start) =
            (from..self.chars.len()).find(|&start| piece.iter().enumerate().all(|(k, &c)| self.chars.get(start + k).is_some_and(|&(t, _)| t == c)))
        {
            return Some((start, start + piece.len(), false));
        }
        // Places known not to match (offset in `piece`, index in the text): without them, a
        // text of many short masked runs would make the search exponential.
        let mut failed = std::collections::HashSet::new();
        (from..self.chars.len()).find_map(|start| {
            let (end, restored) = self.match_at(piece, 0, start, &mut failed)?;
            (restored * 2 <= piece.len()).then_some((start, end, restored > 0))
        })
    }

    /// The passage of `text` (these words' text) closest to `piece`, which is not in it: from
    /// the longest beginning of `piece` found, or up to the longest ending found, whichever is
    /// longer — at least a quarter of the piece and two characters — as written, about as
    /// many words as the piece.
    fn nearest(&self, piece: &[char], text: &str) -> Option<String> {
        let n = self.chars.len();
        let run = |start: usize, forward: bool| -> usize {
            (0..piece.len().min(if forward { n - start } else { start }))
                .take_while(|&k| if forward { self.chars[start + k].0 == piece[k] } else { self.chars[start - 1 - k].0 == piece[piece.len() - 1 - k] })
                .count()
        };
        let (head_at, head) = (0..n).map(|i| (i, run(i, true))).max_by_key(|&(i, len)| (len, std::cmp::Reverse(i)))?;
        let (tail_end, tail) = (1..=n).map(|j| (j, run(j, false))).max_by_key(|&(j, len)| (len, std::cmp::Reverse(j)))?;
        let (from, to) = if head >= tail { (head_at, (head_at + piece.len() + 2).min(n)) } else { (tail_end.saturating_sub(piece.len() + 2), tail_end) };
        if head.max(tail) < 2 || head.max(tail) * 4 < piece.len() || from >= to {
            return None;
        }
        let (start, last) = (self.chars[from].1, self.chars[to - 1].1);
        let end = last + text[last..].chars().next().map_or(0, char::len_utf8);
        Some(text[start..end].split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Where `piece[i..]` ends if it starts at `at`, and how many of its characters masks
    /// stood for.
    fn match_at(&self, piece: &[char], i: usize, at: usize, failed: &mut std::collections::HashSet<(usize, usize)>) -> Option<(usize, usize)> {
        let Some(&first) = piece.get(i) else { return Some((at, 0)) };
        if failed.contains(&(i, at)) {
            return None;
        }
        let &(c, _) = self.chars.get(at)?;
        let found = if c != '*' {
            if c == first { self.match_at(piece, i + 1, at + 1, failed) } else { None }
        } else {
            let run_end = (at..self.chars.len()).find(|&j| self.chars[j].0 != '*').unwrap_or(self.chars.len());
            (1..=(piece.len() - i).min(8)).find_map(|k| self.match_at(piece, i + k, run_end, failed).map(|(end, restored)| (end, restored + k)))
        };
        if found.is_none() {
            failed.insert((i, at));
        }
        found
    }
}

fn is_punctuation_or_space(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}' | '\u{2010}'..='\u{2027}' | '\u{00A0}' | '\u{00B7}' | '\u{FE30}'..='\u{FE4F}')
}

fn half_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The item markers `（三）` / `(三)` / `（3）` in `body`: byte offset and number as written
/// (full-width digits as ASCII).
fn items(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, c) in body.char_indices() {
        if c != '（' && c != '(' {
            continue;
        }
        let rest = &body[i + c.len_utf8()..];
        let n: &str =
            &rest[..rest.find(|c: char| !("一二三四五六七八九十百零".contains(c) || c.is_ascii_digit() || ('０'..='９').contains(&c))).unwrap_or(rest.len())];
        if !n.is_empty() && (rest[n.len()..].starts_with('）') || rest[n.len()..].starts_with(')')) {
            out.push((i, n.chars().map(half_width).collect()));
        }
    }
    out
}

/// The paragraphs of `body` (its non-blank lines; the first is the heading's own line):
/// byte offset of each and its text.
fn paragraphs(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        if line.chars().any(|c| !c.is_whitespace() && c != '\u{3000}') {
            out.push((at, line));
        }
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn citation(article: &str, clause: Option<&str>, quote: &str, note: Option<&str>) -> Citation {
        Citation { article: article.into(), clause: clause.map(Into::into), quote: quote.into(), note: note.map(Into::into) }
    }

    const TEXT: &str = "总则\n\n第一条 为了规范管理,制定本办法。\n\n第二条 本办法适用于本市。依照第一条的规定执行。\n第二款的内容在这里,**市**区的项目。\n\n第三条 项目应当:(一)依托政务云;\n(二)共享数据。\n第四條 本辦法自發布之日起施行。";

    #[test]
    fn numerals_are_written_as_article_numbers_write_them() {
        let got: Vec<String> = [1, 10, 11, 17, 20, 21, 39, 50, 99, 100, 101, 110, 120].into_iter().map(numeral).collect();
        assert_eq!(got, ["一", "十", "十一", "十七", "二十", "二十一", "三十九", "五十", "九十九", "一百", "一百零一", "一百一十", "一百二十"]);
    }

    #[test]
    fn articles_are_found_in_sequence_stepping_over_references() {
        let r = Regulation::parse(TEXT);
        let heads: Vec<&str> = r.articles.iter().map(|a| a.heading.as_str()).collect();
        assert_eq!(heads, ["第一条", "第二条", "第三条", "第四條"]);
        // "依照第一条" inside 第二条 is not a new article.
        assert!(r.article("第二条").unwrap().body.contains("依照第一条"));
        assert_eq!(r.article("第四条").unwrap().number, 4, "条 and 條 alike");
        assert!(Regulation::parse("没有条文的文本").articles.is_empty());
        // Where headings begin lines, a mention of the next article earlier on is not it.
        let r = Regulation::parse("第一条 按第二条和第三条办理。\n第二条 乙。\n第三条 丙。");
        assert_eq!(r.articles.iter().map(|a| a.body.trim()).collect::<Vec<_>>(), ["按第二条和第三条办理。", "乙。", "丙。"]);
    }

    #[test]
    fn a_quotation_is_found_ignoring_punctuation_and_width() {
        let r = Regulation::parse(TEXT);
        assert_eq!(r.locate(&citation("第一条", None, "为了规范管理，制定本办法", None)), Ok(()));
        assert_eq!(r.locate(&citation("第三条", None, "项目应当：（一）依托政务云；（二）共享数据", None)), Ok(()));
        assert_eq!(r.locate(&citation("第四條", None, "本辦法自發布之日起施行", None)), Ok(()));
    }

    #[test]
    fn pieces_left_out_with_an_ellipsis_must_come_in_order() {
        let r = Regulation::parse(TEXT);
        assert_eq!(r.locate(&citation("第三条", None, "项目应当……共享数据", None)), Ok(()));
        assert!(matches!(r.locate(&citation("第三条", None, "共享数据……项目应当", None)), Err(Misquote::NotInArticle { piece, .. }) if piece == "项目应当"));
    }

    #[test]
    fn a_wrong_word_or_article_is_named() {
        let r = Regulation::parse(TEXT);
        // A word changed: the passage it should be is named.
        let changed = r.locate(&citation("第一条", None, "为了加强管理", None)).unwrap_err();
        assert_eq!(changed, Misquote::NotInArticle { piece: "为了加强管理".into(), nearest: Some("为了规范管理,制定".into()) });
        assert_eq!(changed.to_string(), "该条原文中找不到引文“为了加强管理”；原文最接近处：“为了规范管理,制定”");
        // Changed at the start: found from its ending.
        let start = r.locate(&citation("第三条", None, "项目须当依托政务云", None)).unwrap_err();
        assert!(matches!(&start, Misquote::NotInArticle { nearest: Some(n), .. } if n.ends_with("依托政务云") && n.contains("项目应当")), "{start:?}");
        // In the text, but in another article.
        assert_eq!(r.locate(&citation("第二条", None, "依托政务云", None)), Err(Misquote::NotInArticle { piece: "依托政务云".into(), nearest: None }));
        assert_eq!(r.locate(&citation("第九条", None, "依托政务云", None)), Err(Misquote::NoSuchArticle));
    }

    #[test]
    fn items_and_paragraphs_are_checked() {
        let r = Regulation::parse(TEXT);
        assert_eq!(r.locate(&citation("第三条", Some("（二）"), "共享数据", None)), Ok(()));
        assert_eq!(r.locate(&citation("第三条", Some("（一）"), "共享数据", None)), Err(Misquote::NotInClause { found_in: Some("（二）".into()) }));
        assert_eq!(r.locate(&citation("第二条", Some("第一款"), "本办法适用于本市", None)), Ok(()));
        assert_eq!(r.locate(&citation("第二条", Some("第二款"), "第二款的内容在这里", None)), Ok(()));
        assert_eq!(r.locate(&citation("第二条", Some("第一款"), "第二款的内容在这里", None)), Err(Misquote::NotInClause { found_in: Some("第二款".into()) }));
        assert_eq!(r.locate(&citation("第二条", Some("第2项"), "本办法适用于本市", None)), Err(Misquote::UnknownClause));
        // Items numbered in digits, half- or full-width, cited either way.
        let digits = Regulation::parse("第一条 应当：\n（1）甲；\n(２)乙。");
        assert_eq!(digits.locate(&citation("第一条", Some("（2）"), "乙", None)), Ok(()));
        assert_eq!(digits.locate(&citation("第一条", Some("（１）"), "甲", None)), Ok(()));
        assert_eq!(digits.locate(&citation("第一条", Some("（1）"), "乙", None)), Err(Misquote::NotInClause { found_in: Some("（2）".into()) }));
    }

    #[test]
    fn a_quotation_s_pieces_are_marked_where_they_are() {
        let r = Regulation::parse(TEXT);
        let q = r.quoted(&citation("第三条", None, "项目应当……共享数据", None)).unwrap();
        let body = &q.article.body;
        let marked: Vec<&str> = q.marks.iter().map(|m| &body[m.clone()]).collect();
        assert_eq!(marked, ["项目应当", "共享数据"]);
        let q = r.quoted(&citation("第二条", None, "德阳市罗江区的项目", None)).unwrap();
        assert!(q.restored);
        assert_eq!(&q.article.body[q.marks[0].clone()], "**市**区的项目");
        let shown: Vec<&str> = paragraph_ranges(&r.article("第二条").unwrap().body).into_iter().map(|p| &r.article("第二条").unwrap().body[p]).collect();
        assert_eq!(shown, ["本办法适用于本市。依照第一条的规定执行。", "第二款的内容在这里,**市**区的项目。"]);
    }

    #[test]
    fn many_masked_runs_do_not_make_the_search_explode() {
        // Each run could stand for one to eight characters: tried naively, 2^30 ways and more.
        let text = format!("第一条 {}", "*甲".repeat(4000));
        let r = Regulation::parse(&text);
        let quote = format!("{}乙", "甲".repeat(40));
        assert!(matches!(r.locate(&citation("第一条", None, &quote, Some("n"))), Err(Misquote::NotInArticle { .. })));
        assert_eq!(r.locate(&citation("第一条", None, &"甲".repeat(40), Some("n"))), Ok(()));
    }

    #[test]
    fn paragraphs_are_not_checked_in_a_text_that_lost_its_lines() {
        let flat = Regulation::parse("第一条 甲。乙。第二条 丙。");
        assert_eq!(flat.locate(&citation("第一条", Some("第二款"), "乙", None)), Ok(()));
    }

    #[test]
    fn masked_words_may_be_restored_only_with_a_note() {
        let r = Regulation::parse(TEXT);
        let restored = citation("第二条", None, "德阳市罗江区的项目", Some("“**市**区”即德阳市罗江区"));
        // Words the text has as written are found as written, even after a masked place.
        let both = Regulation::parse("第一条 **市**区，即德阳市罗江区。");
        assert_eq!(both.locate(&citation("第一条", None, "德阳市罗江区", None)), Ok(()));
        assert_eq!(r.locate(&restored), Ok(()));
        assert_eq!(r.locate(&Citation { note: None, ..restored }), Err(Misquote::RestoredWithoutNote));
        // A mask stands for at most eight characters, and the words around it still count.
        assert!(r.locate(&citation("第二条", None, "德阳市罗江县的项目", Some("x"))).is_err());
    }

    fn pack(rules: &[(&str, &str)]) -> RulePack {
        let rules: Vec<serde_json::Value> = rules
            .iter()
            .map(|(id, article)| {
                serde_json::json!({"id": format!("t.{id}"), "title": "t", "severity": "info", "documents": ["project"],
                    "citation": {"article": article, "quote": "本办法适用于本市"}, "fields": ["project.basic.name"],
                    "require": {"present": "project.basic.name"}, "message": "m"})
            })
            .collect();
        let v = serde_json::json!({"format": "shenbao.pack/1", "id": "t", "version": "1", "province": "p", "city": "c", "short_name": "c",
            "title": "t", "issuer": "i", "status": "formal", "source_file": "t.txt",
            "validity_citation": {"article": "第四條", "quote": "本辦法自發布之日起施行"}, "rules": rules});
        RulePack::from_json(&v.to_string()).unwrap()
    }

    #[test]
    fn a_text_fits_the_pack_whose_quotations_it_holds() {
        let r = Regulation::parse(TEXT);
        // Validity citation and one rule found.
        let fit = Fit::of(&r, &pack(&[("a", "第二条")]));
        assert_eq!((fit.cited, fit.found(), fit.fits()), (2, 2, true));
        // A quotation in another article than it names is not found; two of three still are.
        let fit = Fit::of(&r, &pack(&[("a", "第二条"), ("b", "第三条")]));
        assert_eq!((fit.cited, fit.found(), fit.problems.len(), fit.fits()), (3, 2, 1, true));
        // Half is not enough.
        let fit = Fit::of(&r, &pack(&[("a", "第一条"), ("b", "第三条"), ("c", "第二条")]));
        assert_eq!((fit.found(), fit.fits()), (2, false));
        // Another regulation: the same article numbers, none of the words.
        let other = Regulation::parse("第一条 另一部办法。\n第二条 另外的规定。\n第三条 其他。\n第四条 施行。");
        let fit = Fit::of(&other, &pack(&[("a", "第二条")]));
        assert_eq!((fit.found(), fit.fits()), (0, false));
        // A text without articles fits nothing.
        assert!(!Fit::of(&Regulation::parse("不是办法"), &pack(&[("a", "第二条")])).fits());
    }

    #[test]
    fn a_pack_s_citations_are_checked_with_its_validity_citation() {
        let r = Regulation::parse(TEXT);
        assert!(r.check_citations(&pack(&[("a", "第二条")])).is_empty());
        let problems = r.check_citations(&pack(&[("a", "第二条"), ("b", "第三条")]));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].to_string(), "t.b（第三条）：该条原文中找不到引文“本办法适用于本市”");
    }

    #[test]
    fn every_article_is_cited_or_said_why_not() {
        let r = Regulation::parse(TEXT);
        let p = pack(&[("a", "第二条")]);
        let nc = |article: &str| NotChecked { article: article.into(), kind: NotCheckedKind::General, why: "w".into() };
        let full = Coverage { format: COVERAGE_FORMAT.into(), pack: "t".into(), not_checked: vec![nc("第一条"), nc("第三条"), nc("第四條")] };
        assert!(full.unaccounted(&p, &r).is_empty());
        let gaps = Coverage { not_checked: vec![nc("第一条"), nc("第二条"), nc("第九条"), nc("第一条")], ..full.clone() };
        assert_eq!(
            gaps.unaccounted(&p, &r),
            [
                "第二条：已有规则引用此条，不应列为不检查",
                "第九条：原文中没有这一条",
                "第一条：重复列出",
                "第三条：既没有规则引用，也没有说明为何不检查",
                "第四條：既没有规则引用，也没有说明为何不检查"
            ]
        );
        let other = Coverage { pack: "u".into(), ..full };
        assert_eq!(other.unaccounted(&p, &r).len(), 1);
    }

    #[test]
    fn articles_are_accounted_for_with_their_rules_marks_and_reasons() {
        let r = Regulation::parse(TEXT);
        let p = pack(&[("a", "第二条"), ("b", "第二条")]);
        let nc = |article: &str| NotChecked { article: article.into(), kind: NotCheckedKind::Authority, why: "w".into() };
        let c = Coverage { format: COVERAGE_FORMAT.into(), pack: "t".into(), not_checked: vec![nc("第一条")] };
        let rows = account(&p, &r, Some(&c));
        assert_eq!(rows.iter().map(ArticleAccount::status).collect::<Vec<_>>(), ["not_checked", "checked", "unexplained", "unexplained"]);
        assert_eq!(rows[1].rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["t.a", "t.b"]);
        // Both rules quote the same words: one mark.
        assert_eq!(rows[1].marks.iter().map(|m| &rows[1].article.body[m.clone()]).collect::<Vec<_>>(), ["本办法适用于本市"]);
        assert!(rows[3].validity && !rows[1].validity);
        // Another pack's coverage is not this pack's.
        let other = Coverage { pack: "u".into(), ..c };
        assert_eq!(account(&p, &r, Some(&other))[0].status(), "unexplained");
    }

    #[test]
    fn a_coverage_file_is_read_strictly() {
        let ok = r#"{"format":"shenbao.coverage/1","pack":"t","not_checked":[{"article":"第一条","kind":"general","why":"目的"}]}"#;
        assert_eq!(Coverage::from_json(ok).unwrap().not_checked[0].kind, NotCheckedKind::General);
        assert!(Coverage::from_json(&ok.replace("general", "vague")).unwrap_err().contains("not_checked[0].kind"));
        assert!(Coverage::from_json(&ok.replace("coverage/1", "coverage/2")).unwrap_err().contains("shenbao.coverage/1"));
        assert!(Coverage::from_json(&ok.replace("目的", " ")).unwrap_err().contains("why"));
        assert!(Coverage::from_json(&ok.replace("\"why\"", "\"reason\"")).is_err());
    }
}
