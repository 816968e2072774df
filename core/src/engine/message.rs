//! A finding's message: the rule's template (`pack::template`) with the values it names.
//!
//! Why blank values are handled here: a message names what the user wrote
//! (「服务需求方案“{service_plan.name}”未写明验收方式」), but rules fire on half-filled forms
//! too, where that value is not written yet. Written as is, it would read
//! 「服务需求方案“”未写明验收方式」. So a blank value that stands alone in quotes or brackets
//! takes them with it (「服务需求方案未写明验收方式」), unless what comes before asks for a
//! value (「牵头单位为“{…}”」 → 「牵头单位为未填写」); anywhere else it reads 未填写. Pack authors
//! need do nothing for this, and a sixth city's pack gets it too.

use super::eval::{Scope, eval as value_of};
use super::value::{Val, resolve};
use crate::money;
use crate::pack::Rule;
use crate::pack::expr::Ty;
use crate::pack::template::{Part, Source, Template};

/// What a blank value reads as.
const BLANK: &str = "未填写";

/// Quotes and brackets a blank value takes with it: opening, closing.
const PAIRS: [(char, char); 9] = [('“', '”'), ('‘', '’'), ('（', '）'), ('(', ')'), ('「', '」'), ('『', '』'), ('《', '》'), ('【', '】'), ('"', '"')];

/// Characters after which a value is asked for (「实施方式为…」「参建单位：…」), so a blank one
/// still says 未填写 when its quotes go.
const ASKS_FOR_VALUE: [char; 7] = ['为', '是', '：', ':', '，', '、', '；'];

/// The message of a finding of `rule`, its placeholders filled from `scope` (`row` is the
/// 0-based row of a `for_each` rule).
pub(super) fn render(t: &Template, rule: &Rule, scope: Scope, row: Option<usize>) -> String {
    let mut out = String::new();
    // Bytes at the start of the next text part already taken by a blank value's closing marks.
    let mut taken = 0;
    // Where the template's own text begins: a blank value takes marks from there on only,
    // never from a value written before it.
    let mut text_from = 0;
    for (k, part) in t.parts.iter().enumerate() {
        match part {
            Part::Text(s) => {
                text_from = out.len();
                out.push_str(&s[taken..]);
                taken = 0;
            }
            Part::Value { source, raw } => {
                let (value, ty) = match source {
                    Source::RowNumber => {
                        out.push_str(&(row.unwrap_or(0) + 1).to_string());
                        continue;
                    }
                    Source::Let(i) => {
                        let (_, e, ty) = &rule.lets[*i];
                        (value_of(e, scope), ty)
                    }
                    Source::Field(p) => (resolve(p, scope.root, scope.item), &p.ty),
                };
                if is_blank(&value) {
                    let next = match t.parts.get(k + 1) {
                        Some(Part::Text(s)) => s.as_str(),
                        _ => "",
                    };
                    taken = blank(&mut out, text_from, next);
                } else {
                    out.push_str(&show(&value, ty, *raw));
                }
            }
        }
    }
    out
}

/// Whether a value is not written: nothing, or text of spaces only.
fn is_blank(v: &Val) -> bool {
    match v {
        Val::Null => true,
        Val::Text(t) => t.trim().is_empty(),
        _ => false,
    }
}

/// Writes a blank value at the end of `out`, `next` being the message text after it and
/// `out[text_from..]` the template's text before it. Drops the spaces that set a number apart
/// (「试运行期为 {…} 个月」) with the unit after it, then the quotes and brackets that enclose
/// only it (innermost first), and says 未填写 where the text asks for a value or no marks were
/// dropped. Returns the bytes of `next` taken.
fn blank(out: &mut String, text_from: usize, next: &str) -> usize {
    if out.len() > text_from && out.ends_with(' ') {
        out.pop();
    }
    let mut taken = spaced_unit(next);
    let mut dropped = false;
    while out.len() > text_from
        && let Some(open) = out.chars().next_back()
        && let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == open)
        && next[taken..].starts_with(close)
    {
        out.pop();
        taken += close.len_utf8();
        dropped = true;
    }
    if !dropped && let Some((at, close)) = labelled_bracket(&out[text_from..]) {
        // A bracket holding only the value's label (「（说明：{…}）」) goes whole.
        if next[taken..].starts_with(close) {
            out.truncate(text_from + at);
            taken += close.len_utf8();
            dropped = true;
        }
    }
    if !dropped || out.chars().next_back().is_none_or(|c| ASKS_FOR_VALUE.contains(&c)) {
        out.push_str(BLANK);
    }
    taken
}

/// Where `text` ends in an opening bracket and a label for what follows (「（说明：」), with
/// nothing else inside: the bracket's byte offset and its closing mark.
fn labelled_bracket(text: &str) -> Option<(usize, char)> {
    let label = text.strip_suffix(['：', ':'])?;
    // The last mark before the label: its opening bracket, or punctuation saying the bracket
    // holds more. (Marks, not `is_alphanumeric`: its Unicode tables cost the first module 3 KB.)
    let (at, open) = label.char_indices().rev().find(|(_, c)| c.is_ascii_punctuation() || "，。；、：“”‘’（）「」『』《》【】".contains(*c))?;
    let &(_, close) = PAIRS.iter().find(|(o, _)| *o == open)?;
    (at + open.len_utf8() < label.len()).then_some((at, close))
}

/// Units a number in a message is written with, longest first so 个月 is not read as 个.
const UNITS: [&str; 14] = ["万元", "个月", "个字", "年", "月", "日", "天", "个", "字", "份", "笔", "家", "行", "项"];

/// The bytes at the start of `next` that belong to a blank number: the space after it and the
/// unit that follows (「 个月」), or just the space before other Chinese text. 0 if neither.
fn spaced_unit(next: &str) -> usize {
    let Some(rest) = next.strip_prefix(' ') else { return 0 };
    let unit = UNITS.iter().find(|u| rest.strip_prefix(**u).is_some_and(|after| after.chars().next().is_none_or(ends_word)));
    match unit {
        Some(u) => 1 + u.len(),
        None if rest.chars().next().is_some_and(|c| !c.is_ascii()) => 1,
        None => 0,
    }
}

/// Whether `c` ends the word before it: punctuation, a space or the end of a bracket.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || "，。；：、）」』》】”’！？".contains(c)
}

/// Formats a written value for a message by its static type.
fn show(v: &Val, ty: &Ty, raw: bool) -> String {
    match (v, ty) {
        (Val::Null, _) => BLANK.into(),
        (Val::Int(i), _) if raw => i.to_string(),
        (Val::Int(i), Ty::Money) => format!("{} 万元", money::format_wan(*i)),
        (Val::Int(i), Ty::BasisPoints) => money::format_basis_points(*i),
        (Val::Int(i), _) => i.to_string(),
        (Val::Bool(b), _) => (if *b { "是" } else { "否" }).into(),
        (Val::Text(t), Ty::Choice(list)) if !raw => list.iter().find(|(id, _)| id == t).map(|(_, l)| l.to_string()).unwrap_or_else(|| t.to_string()),
        (Val::Text(t), _) => t.to_string(),
        (Val::Date(d), _) => crate::date::format_ymd(*d),
        (Val::List(items), _) => {
            if items.is_empty() {
                return "无".into();
            }
            let inner = match ty {
                Ty::List(t) => (**t).clone(),
                t => t.clone(),
            };
            items.iter().map(|i| show(i, &inner, raw)).collect::<Vec<_>>().join("、")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::blank;

    /// A blank value written after `before`, followed by `after`.
    fn written(before: &str, after: &str) -> String {
        let mut out = before.to_string();
        let taken = blank(&mut out, 0, after);
        out + &after[taken..]
    }

    #[test]
    fn a_blank_name_in_quotes_goes_with_them() {
        assert_eq!(written("服务需求方案“", "”未写明验收方式"), "服务需求方案未写明验收方式");
        assert_eq!(written("已附服务需求方案（", "），但实施方式不一致"), "已附服务需求方案，但实施方式不一致");
        assert_eq!(written("归属项目采购单位（", "）（罗江·第二十条）"), "归属项目采购单位（罗江·第二十条）");
    }

    #[test]
    fn nested_marks_go_innermost_first() {
        assert_eq!(written("承建单位资质要求（“", "”）未写明资质证书要求"), "承建单位资质要求未写明资质证书要求");
        // Only the marks enclosing the value alone: the outer bracket holds more here.
        assert_eq!(written("（资质“", "”等）"), "（资质等）");
    }

    #[test]
    fn a_blank_value_asked_for_says_so() {
        assert_eq!(written("当前牵头单位为“", "”，参建单位：无"), "当前牵头单位为未填写，参建单位：无");
        assert_eq!(written("实施方式为", "，但"), "实施方式为未填写，但");
        assert_eq!(written("联系人：", ""), "联系人：未填写");
        assert_eq!(written("“", "”"), "未填写");
    }

    #[test]
    fn a_blank_number_drops_its_spaces_and_unit() {
        assert_eq!(written("试运行期为 ", " 个月，项目应经 3 个月试运行"), "试运行期为未填写，项目应经 3 个月试运行");
        assert_eq!(written("保修期 ", " 年，少于 3 年"), "保修期未填写，少于 3 年");
        assert_eq!(written("质保期（", " 年）及运维期"), "质保期及运维期");
        assert_eq!(written("申报日期 ", " 在 7 月"), "申报日期未填写在 7 月");
        // A word that only starts like a unit stays.
        assert_eq!(written("共 ", " 年度项目"), "共未填写年度项目");
        assert_eq!(written("年运维费用 ", "："), "年运维费用未填写：");
    }

    #[test]
    fn a_bracket_holding_only_a_label_goes_with_a_blank_value() {
        assert_eq!(written("部署位置为政务云（说明：", "），不符合"), "部署位置为政务云，不符合");
        assert_eq!(written("否（不共享依据：", "）"), "否");
        // More than a label inside stays, and says the value is not written.
        assert_eq!(written("（甲，说明：", "）"), "（甲，说明：未填写）");
        assert_eq!(written("（：", "）"), "（：未填写）");
        assert_eq!(written("说明：", "）"), "说明：未填写）");
    }

    #[test]
    fn a_written_value_keeps_its_last_character() {
        // 「“{a}“{b}”」 with a = 甲“ and b blank: the 「“」 before b is the template's, the one
        // before it the user's.
        let mut out = "“甲““".to_string();
        let from = "“甲“".len();
        let taken = blank(&mut out, from, "”");
        assert_eq!(out + &"”"[taken..], "“甲“");
        let mut out = "“甲“".to_string();
        let from = out.len();
        let taken = blank(&mut out, from, "”");
        assert_eq!(out + &"”"[taken..], "“甲“未填写”");
    }

    #[test]
    fn marks_that_do_not_pair_stay() {
        assert_eq!(written("单位“", "）"), "单位“未填写）");
        assert_eq!(written("名称（", "，"), "名称（未填写，");
    }
}
