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
    for (k, part) in t.parts.iter().enumerate() {
        match part {
            Part::Text(s) => {
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
                    taken = blank(&mut out, next);
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

/// Writes a blank value at the end of `out`, `next` being the message text after it: drops
/// the quotes and brackets that enclose only it (innermost first) and says 未填写 where the
/// text asks for a value or none were dropped. Returns the bytes of `next` taken.
fn blank(out: &mut String, next: &str) -> usize {
    let mut taken = 0;
    while let Some(open) = out.chars().next_back()
        && let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == open)
        && next[taken..].starts_with(close)
    {
        out.pop();
        taken += close.len_utf8();
    }
    if taken == 0 || out.chars().next_back().is_none_or(|c| ASKS_FOR_VALUE.contains(&c)) {
        out.push_str(BLANK);
    }
    taken
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
        let taken = blank(&mut out, after);
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
    fn marks_that_do_not_pair_stay() {
        assert_eq!(written("单位“", "）"), "单位“未填写）");
        assert_eq!(written("名称（", "，"), "名称（未填写，");
    }
}
