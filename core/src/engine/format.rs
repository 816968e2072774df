//! Field-format findings: the field registry's format checks ([`fields::FORMATS`]: required
//! fields, lengths, ranges, credit code, phone, e-mail) and the characters of text fields.
//! These are not city rules: they cite the national standard or the form's own filling
//! conventions.

use serde_json::Value;

use crate::fields::{self, Format};
use crate::pack::Severity;
use crate::report::Finding;

use super::conventions;

struct Source {
    document: &'static str,
    article: &'static str,
    quote: &'static str,
}

fn form(article: &'static str) -> Source {
    Source { document: conventions::TITLE, article, quote: conventions::quote(article) }
}

fn source(code: &str) -> Source {
    match code {
        "credit_code" => Source {
            document: "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》",
            article: "第4章",
            quote: "统一社会信用代码由十八位的阿拉伯数字或大写英文字母（不使用I、O、Z、S、V）组成……第五部分（第18位）：校验码",
        },
        "phone" => form("第二条"),
        "email" => form("第三条"),
        "too_long" => form("第四条"),
        "out_of_range" => form("第五条"),
        "invisible_char" | "lookalike_char" => form("第十条"),
        _ => form("第一条"),
    }
}

/// A format problem of one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not filled in (`required`).
    Required,
    /// More characters than the limit (`too_long`).
    TooLong(u32),
    /// A number outside its range (`out_of_range`).
    OutOfRange { min: Option<i32>, max: Option<i32>, value: i64 },
    /// A problem whose message says what is wrong, by its code: `credit_code`, `phone`,
    /// `email`, `invisible_char`, `lookalike_char`.
    Said(&'static str, String),
}

impl Problem {
    /// The code, the rule id's last part: `format.{code}`.
    fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong(_) => "too_long",
            Problem::OutOfRange { .. } => "out_of_range",
            Problem::Said(code, _) => code,
        }
    }
}

fn message(path: &str, p: &Problem) -> String {
    let label = fields::describe_path(path);
    match p {
        Problem::Required => format!("{label}未填写"),
        Problem::TooLong(max) => format!("{label}超过 {max} 字"),
        Problem::OutOfRange { min, max, value } => match (min, max) {
            (Some(min), Some(max)) => format!("{label}应在 {min} 至 {max} 之间，当前为 {value}"),
            (None, Some(max)) => format!("{label}不应超过 {max}，当前为 {value}"),
            (Some(min), None) => format!("{label}不应小于 {min}，当前为 {value}"),
            (None, None) => format!("{label}超出合理范围"),
        },
        Problem::Said(_, detail) => format!("{label}：{detail}"),
    }
}

/// The problem, if any, of the value `v` (a field's JSON form; `null` when not given) under
/// one format check.
fn check_value(v: &Value, format: Format) -> Result<(), Problem> {
    // The checks of text are on text fields, whose JSON form is always a string.
    let text = v.as_str().unwrap_or("");
    match format {
        Format::Required if v.is_null() => Err(Problem::Required),
        Format::Required => Ok(()),
        Format::RequiredText => crate::checks::required_text(text),
        // No more bytes than the limit is no more characters either: most texts are settled
        // without counting.
        Format::MaxChars(max) if text.len() > max as usize && text.chars().count() > max as usize => Err(Problem::TooLong(max)),
        Format::MaxChars(_) => Ok(()),
        Format::Range(min, max) => match v.as_i64() {
            Some(value) if max.is_some_and(|m| value > i64::from(m)) || min.is_some_and(|m| value < i64::from(m)) => {
                Err(Problem::OutOfRange { min, max, value })
            }
            _ => Ok(()),
        },
        Format::CreditCode => crate::checks::credit_code_field(text),
        Format::OptionalCreditCode => crate::checks::optional_credit_code_field(text),
        Format::Phone => crate::checks::phone_field(text),
        Format::Email => crate::checks::email_field(text),
    }
}

/// The problems under [`fields::FORMATS`] of the fields in the value `v` at `path` (`""` for
/// the whole submission's JSON form, `project.basic` for a section), whose registry path is
/// `generic` (the same but for a table row: `…items[41]` and `…items[]`).
fn field_problems(v: &Value, path: &str, generic: &str, out: &mut TextErrors) {
    for (field, formats) in fields::FORMATS {
        let rest = match field.strip_prefix(generic) {
            Some(rest) if generic.is_empty() || rest.is_empty() || rest.starts_with(['.', '[']) => rest,
            _ => continue,
        };
        resolve(v, rest, &mut path.to_string(), formats, out);
    }
}

/// Checks the values at `rest` below `v` (`.basic.name`, `[].amount`: keys and every row of a
/// table), `path` being `v`'s concrete path, extended on the way.
fn resolve(v: &Value, rest: &str, path: &mut String, formats: &[Format], out: &mut TextErrors) {
    if rest.is_empty() {
        out.extend(formats.iter().filter_map(|f| check_value(v, *f).err()).map(|p| (path.clone(), p)));
        return;
    }
    let len = path.len();
    if let Some(after) = rest.strip_prefix("[]") {
        for (i, row) in v.as_array().into_iter().flatten().enumerate() {
            fields::push_row(path, i);
            resolve(row, after, path, formats, out);
            path.truncate(len);
        }
        return;
    }
    // A document or group that is absent (null) has no fields to check; a field that is, is
    // not given.
    let Value::Object(map) = v else { return };
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let (key, after) = rest.split_at(rest.find(['.', '[']).unwrap_or(rest.len()));
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    resolve(map.get(key).unwrap_or(&Value::Null), after, path, formats, out);
    path.truncate(len);
}

/// Where a format finding at `path` goes in the report: its field's place in the form, then its
/// row (see [`Placed`]).
fn place(path: &str) -> (usize, usize) {
    let generic = fields::generic_path(path);
    let pos = fields::position(&generic).unwrap_or(usize::MAX);
    let row = path.split('[').nth(1).and_then(|r| r.split(']').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
    (pos, row)
}

/// Whether a field holds a name (of a unit, project, person, item or file): the fields
/// where a look-alike letter is a likely forgery rather than content.
fn is_name_field(generic: &str) -> bool {
    let last = generic.rsplit('.').next().unwrap_or(generic);
    last == "name" || last.ends_with("_name") || last.ends_with("_unit") || last.ends_with("_units")
}

/// Invisible, bidi-control and look-alike characters in single-line text fields (names,
/// units, codes, phone numbers). Long texts are left alone: pasted prose often carries
/// harmless soft hyphens, and nobody identifies a project by its 绩效目标.
/// The character problems (see [`text_characters`]) in one value of the submission's JSON form
/// at `path` (`""` for the whole submission, `project.basic` for a section): the editor keeps
/// them per section and re-walks only the section that changed.
pub(crate) type TextErrors = Vec<(String, Problem)>;

pub(crate) fn text_errors(v: &Value, path: &str) -> TextErrors {
    // Paths inside a part have no row index before the part, so its generic path is its path.
    text_errors_at(v, path, path)
}

/// [`text_errors`] of a value whose registry path (`generic`, e.g. `…items[]`) differs from
/// its path (`…items[41]`): a table row, which the editor re-walks alone after a cell edit.
/// The report's order does not depend on the order of these errors: the format findings are
/// sorted by field, row and path, and only errors at the same path keep their walk order.
pub(crate) fn text_errors_at(v: &Value, path: &str, generic: &str) -> TextErrors {
    let mut out = Vec::new();
    text_characters(v, path, generic, &mut out);
    out
}

fn text_characters(root: &Value, path: &str, generic: &str, out: &mut TextErrors) {
    // Where the walk is, as keys and rows; the concrete path and its registry (generic) form
    // are only spelled out for a value that needs them — an array that may be a text list, a
    // string that may hold a flagged character — since almost none does, and building both
    // paths for every value was most of this walk's cost (BENCHMARKS.md, batch verify).
    enum Step<'v> {
        Key(&'v str),
        Row(usize),
    }
    /// The path of the value at `steps` below `at` (the starting value's path and registry
    /// path), concrete or in its registry form.
    fn spell(at: (&str, &str), steps: &[Step], generic: bool) -> String {
        let mut s = if generic { at.1 } else { at.0 }.to_string();
        for step in steps {
            match step {
                Step::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Step::Row(_) if generic => s.push_str("[]"),
                Step::Row(i) => fields::push_row(&mut s, *i),
            }
        }
        s
    }
    fn walk<'v>(v: &'v Value, at: (&str, &str), steps: &mut Vec<Step<'v>>, out: &mut TextErrors) {
        match v {
            Value::Object(map) => {
                for (k, c) in map {
                    steps.push(Step::Key(k));
                    walk(c, at, steps, out);
                    steps.pop();
                }
            }
            Value::Array(items) => {
                // Whether the array is a text list, asked at its first string that needs it.
                let mut list: Option<bool> = None;
                for (i, c) in items.iter().enumerate() {
                    match c {
                        // Nothing to flag, whichever way it would be checked.
                        Value::String(s) if surely_clean(s) => {}
                        // A text list is one widget: report its path, name the item in the text.
                        Value::String(s)
                            if *list.get_or_insert_with(|| fields::field(&spell(at, steps, true)).is_some_and(|f| f.kind == fields::FieldKind::TextList)) =>
                        {
                            check_text(&spell(at, steps, false), &spell(at, steps, true), Some(i), s, out)
                        }
                        _ => {
                            steps.push(Step::Row(i));
                            walk(c, at, steps, out);
                            steps.pop();
                        }
                    }
                }
            }
            // The quick test first: it settles almost every value without looking the field
            // up (`check_text` would return at once anyway).
            Value::String(s) if !surely_clean(s) => {
                let generic = spell(at, steps, true);
                if fields::field(&generic).is_some_and(|f| f.kind == fields::FieldKind::Text) {
                    check_text(&spell(at, steps, false), &generic, None, s, out);
                }
            }
            _ => {}
        }
    }
    fn check_text(path: &str, generic: &str, item: Option<usize>, s: &str, out: &mut TextErrors) {
        if !crate::checks::may_hold_flagged_chars(s) {
            // The common case: nothing the checks below could flag.
            return;
        }
        let which = item.map(|i| format!("第 {} 项", i + 1)).unwrap_or_default();
        let invisible = crate::checks::invisible_chars(s);
        if let Some((at, c)) = invisible.first() {
            let name = crate::checks::invisible_name(*c).unwrap_or("不可见字符");
            let more = if invisible.len() > 1 { format!("（共 {} 个）", invisible.len()) } else { String::new() };
            let msg = format!(
                "{which}含有看不见的字符 U+{:04X}（{name}），位于第 {} 个字符{more}：“{}”；这类字符会让看起来相同的名称实际不同，请删除后重新输入",
                *c as u32,
                at + 1,
                crate::checks::reveal(s)
            );
            out.push((path.to_string(), Problem::Said("invisible_char", msg)));
        }
        if is_name_field(generic)
            && let Some((at, c)) = crate::checks::lookalike_chars(s).first()
        {
            let msg = format!(
                "{which}第 {} 个字符“{c}”是{}（U+{:04X}），外形与汉语拼音或英文字母相近，可能是误输入或仿冒的名称；请改用正确的字符",
                at + 1,
                crate::checks::script_name(*c),
                *c as u32
            );
            out.push((path.to_string(), Problem::Said("lookalike_char", msg)));
        }
    }
    walk(root, (path, generic), &mut Vec::new(), out);
}

/// True when [`crate::checks::may_hold_flagged_chars`] is surely false for `s`, tested byte by
/// byte: ASCII other than controls, and the three-byte characters U+4000..U+EFFF (CJK
/// ideographs and syllables, where no flagged range lies), are passed over without decoding;
/// any other character is asked of that function alone. Its per-character test was most of
/// the text walk's time on Chinese text (the walk looks at every string of a package).
fn surely_clean(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let len = match c {
            0x20..=0x7E => 1,
            0x00..=0x1F | 0x7F => return false,
            0xE4..=0xEE => 3,
            _ => {
                let len = match c {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                // `s` is UTF-8, so a lead byte and its length make a whole character.
                if s.get(i..i + len).is_none_or(crate::checks::may_hold_flagged_chars) {
                    return false;
                }
                len
            }
        };
        i += len;
    }
    true
}

/// The field problems ([`fields::FORMATS`]) of every document present in the submission's
/// JSON form `root` (see [`part_errors`]).
pub(crate) fn field_errors(root: &Value) -> TextErrors {
    let mut raw = Vec::new();
    field_problems(root, "", "", &mut raw);
    raw
}

/// The format problems of one part of the submission — a section of a document
/// (`project.basic`, `service_plan.reasons`) — whose JSON form is `v`: its fields' and its
/// characters'. The editor keeps them per part (and per table row, [`row_errors`]) and finds
/// again only those of the parts an edit changed; together, the parts' problems are
/// [`field_errors`] and [`text_errors`] of the whole submission.
pub(crate) fn part_errors(part: &str, v: &Value) -> TextErrors {
    let mut raw = Vec::new();
    field_problems(v, part, part, &mut raw);
    raw.extend(text_errors(v, part));
    raw
}

/// The format problems of row `i` of the table at `keys` (`["project", "cost_estimate",
/// "items"]`; `["service_plan", "items"]` where the section is the list), whose JSON form is
/// `row`: a cell edit's share of [`part_errors`].
pub(crate) fn row_errors(keys: &[&str], i: usize, row: &Value) -> TextErrors {
    let table = keys.join(".");
    let (path, generic) = (format!("{table}[{i}]"), format!("{table}[]"));
    let mut raw = Vec::new();
    field_problems(row, &path, &generic, &mut raw);
    raw.extend(text_errors_at(row, &path, &generic));
    raw
}

/// A format finding, built once when its problem is found, with its place in the form
/// ([`place`]). The editor's checker keeps these per section instead of the problems: built
/// again on every keystroke — a dozen strings each, the message formatted, the list sorted by
/// keys built in each comparison — the unchanged format findings were a fifth of the check
/// once a few dozen were shown (BENCHMARKS.md, seventeenth round). Kept, they are also the same
/// `Arc`s from report to report, which the editor's comparison of two reports passes at once.
#[derive(Clone, Debug)]
pub(crate) struct Placed {
    place: (usize, usize),
    finding: std::sync::Arc<Finding>,
}

impl Placed {
    /// The concrete path the finding is about.
    pub(crate) fn path(&self) -> &str {
        &self.finding.fields[0]
    }
}

/// The findings of format problems, in the order found (see [`sorted`]).
pub(crate) fn placed(raw: TextErrors) -> Vec<Placed> {
    raw.into_iter().map(|(path, e)| Placed { place: place(&path), finding: std::sync::Arc::new(format_finding(path, &e)) }).collect()
}

/// Format findings in form order: by field, row, path and code. Findings at the same path
/// with the same code keep their given order (the items of a text list, found in order by
/// one walk); the problems may otherwise come in any order ([`field_errors`] and
/// [`text_errors`], or the editor's sections and rows).
pub(crate) fn sorted(mut found: Vec<Placed>) -> Vec<std::sync::Arc<Finding>> {
    // The rule is `format.{code}`: ordering the rules orders the codes.
    crate::order::sort_by(&mut found, |a, b| a.place.cmp(&b.place).then_with(|| a.path().cmp(b.path())).then_with(|| a.finding.rule.cmp(&b.finding.rule)));
    found.into_iter().map(|p| p.finding).collect()
}

/// Format findings in form order from the format problems of every document present.
pub(crate) fn format_findings(raw: TextErrors) -> Vec<std::sync::Arc<Finding>> {
    sorted(placed(raw))
}

fn format_finding(path: String, e: &Problem) -> Finding {
    let code = e.code();
    let src = source(code);
    Finding {
        rule: format!("format.{code}"),
        severity: Severity::Error,
        title: match code {
            "required" => "必填项".into(),
            "credit_code" => "统一社会信用代码校验".into(),
            "phone" => "联系电话格式".into(),
            "email" => "电子邮箱格式".into(),
            "too_long" => "字数上限".into(),
            "out_of_range" => "数值范围".into(),
            "invisible_char" => "不可见字符".into(),
            "lookalike_char" => "形近字母".into(),
            other => other.into(),
        },
        city: "通用".into(),
        short_name: "通用".into(),
        document: src.document.into(),
        article: src.article.into(),
        clause: None,
        quote: src.quote.into(),
        message: message(&path, e),
        fields: vec![path],
        advice: None,
    }
}

#[cfg(test)]
mod tests {
    /// The byte-wise test gives the exact answer for every code point, alone and inside text.
    #[test]
    fn surely_clean_agrees_with_the_exact_test_on_every_code_point() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(super::surely_clean(&alone), !crate::checks::may_hold_flagged_chars(&alone), "U+{:04X}", c as u32);
            let inside = format!("巴中市a{c}，项目“名称”");
            assert_eq!(super::surely_clean(&inside), !crate::checks::may_hold_flagged_chars(&inside), "U+{:04X} in text", c as u32);
        }
        assert!(super::surely_clean(""));
    }
}
