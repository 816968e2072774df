//! Parsing and type-checking rule conditions written as JSON.
//!
//! Every error names where in the rule it happened (`when.all[1].gt[0]`) and what is
//! wrong, so a pack author can fix a pack without reading Rust.

use chrono::NaiveDate;
use serde_json::Value;

use super::expr::*;
use crate::fields::{self, FieldKind};
use crate::model::DocKind;

/// Where we are inside one rule while parsing it.
pub(crate) struct Ctx<'a> {
    /// Registry path of the list whose items `@.` refers to.
    pub scope: Option<String>,
    /// Documents the rule declares; every absolute path must belong to one of them.
    pub docs: &'a [DocKind],
}

/// A problem at a location inside a rule.
#[derive(Debug)]
pub(crate) struct At {
    pub at: String,
    pub message: String,
}

type R<T> = Result<T, At>;

fn err<T>(at: &str, message: impl Into<String>) -> R<T> {
    Err(At { at: at.to_string(), message: message.into() })
}

fn ty_of_kind(kind: FieldKind) -> Ty {
    match kind {
        FieldKind::Group | FieldKind::Table => Ty::Rows,
        FieldKind::Text | FieldKind::LongText => Ty::Text,
        FieldKind::TextList => Ty::List(Box::new(Ty::Text)),
        FieldKind::Money => Ty::Money,
        FieldKind::Int => Ty::Int,
        FieldKind::BasisPoints => Ty::BasisPoints,
        FieldKind::Bool => Ty::Bool,
        FieldKind::Date => Ty::Date,
        FieldKind::Choice(list) => Ty::Choice(list),
        FieldKind::ChoiceList(list) => Ty::List(Box::new(Ty::Choice(list))),
    }
}

fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for part in path.split('.') {
        if let Some(key) = part.strip_suffix("[]") {
            out.push(Segment::Key(key.to_string()));
            out.push(Segment::Each);
        } else {
            out.push(Segment::Key(part.to_string()));
        }
    }
    out
}

/// Resolves a field path as written in a pack (absolute or `@.`-relative).
pub(crate) fn path(text: &str, ctx: &Ctx, at: &str) -> R<FieldPath> {
    let (generic, relative, rel_text) = if let Some(rest) = text.strip_prefix("@.") {
        let Some(scope) = &ctx.scope else {
            return err(at, format!("“{text}”以 @. 开头，但不在 for_each、any_item、all_items 或 count.where 之内"));
        };
        (format!("{scope}[].{rest}"), true, rest)
    } else {
        (text.to_string(), false, text)
    };
    let Some(def) = fields::field(&generic) else {
        return err(at, format!("未知字段路径“{text}”（字段表中没有 {generic}）"));
    };
    if !relative {
        let root = generic.split('.').next().unwrap_or("");
        match DocKind::from_id(root) {
            Some(doc) if ctx.docs.contains(&doc) => {}
            Some(doc) => {
                return err(at, format!("字段“{text}”属于{}，但规则的 documents 没有列出 {}", doc.label(), doc.id()));
            }
            None => return err(at, format!("未知字段路径“{text}”")),
        }
    }
    let base = ty_of_kind(def.kind);
    // An absolute path through a table (`items[].amount`) yields one value per row.
    let ty = if !relative && generic.contains("[]") { Ty::List(Box::new(base)) } else { base };
    Ok(FieldPath { text: text.to_string(), generic: generic.clone(), relative, segments: segments(rel_text), ty })
}

fn single_key<'v>(obj: &'v serde_json::Map<String, Value>, at: &str, what: &str) -> R<(&'v str, &'v Value)> {
    if obj.len() != 1 {
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        return err(at, format!("{what}必须是只有一个运算符的对象，这里有 {} 个键：{}", obj.len(), keys.join(", ")));
    }
    let (k, v) = obj.iter().next().expect("one key");
    Ok((k.as_str(), v))
}

fn as_array<'v>(v: &'v Value, at: &str, op: &str, len: Option<usize>) -> R<&'v Vec<Value>> {
    let Value::Array(items) = v else {
        return err(at, format!("“{op}”的参数应为数组"));
    };
    if let Some(n) = len
        && items.len() != n
    {
        return err(at, format!("“{op}”需要 {n} 个参数，这里有 {} 个", items.len()));
    }
    Ok(items)
}

fn as_str<'v>(v: &'v Value, at: &str, what: &str) -> R<&'v str> {
    v.as_str().ok_or(()).or_else(|_| err(at, format!("{what}应为字符串")))
}

fn as_int(v: &Value, at: &str, what: &str) -> R<i128> {
    match v.as_i64() {
        Some(n) => Ok(n as i128),
        None => err(at, format!("{what}应为整数，这里是 {v}")),
    }
}

fn date_lit(v: &Value, at: &str) -> R<NaiveDate> {
    let s = as_str(v, at, "日期")?;
    crate::date::parse_ymd(s).map_or_else(|| err(at, format!("日期“{s}”应为 YYYY-MM-DD")), Ok)
}

/// Money literal in whole 万元 (use `yuan` for amounts that are not whole 万元).
fn wan_lit(v: &Value, at: &str) -> R<i128> {
    match v.as_i64() {
        Some(n) if n >= 0 => Ok(n as i128 * 10_000),
        _ => err(at, format!("wan 的值应为非负整数（万元），这里是 {v}；不足一万元的金额请用 yuan")),
    }
}

pub(crate) const EXPR_OPS: &str = "字段路径（字符串）、整数、true/false、text、wan、date、sum、count、chars、add、sub、mul、div、pct、year、month";
pub(crate) const COND_OPS: &str =
    "all、any、not、present、true、false、min_chars、eq、ne、lt、le、gt、ge、in、has_all、has_any、contains_any、any_item、all_items";

fn numeric_result(tys: &[Ty]) -> Ty {
    if tys.contains(&Ty::Money) { Ty::Money } else { Ty::Int }
}

fn need_numeric(ty: &Ty, at: &str, op: &str) -> R<()> {
    if ty.is_numeric() { Ok(()) } else { err(at, format!("“{op}”只能用于数值，这里是{}", ty.describe())) }
}

/// Parses an expression and infers its type.
pub(crate) fn expr(v: &Value, ctx: &Ctx, at: &str) -> R<(Expr, Ty)> {
    match v {
        Value::String(s) => {
            let p = path(s, ctx, at)?;
            let ty = p.ty.clone();
            if ty == Ty::Rows {
                return err(at, format!("“{s}”是表格或分组，不能直接取值；请用 count、present 或 any_item"));
            }
            Ok((Expr::Field(p), ty))
        }
        Value::Number(_) => Ok((Expr::Int(as_int(v, at, "数值")?), Ty::Int)),
        Value::Bool(b) => Ok((Expr::Bool(*b), Ty::Bool)),
        Value::Object(obj) => {
            let (op, arg) = single_key(obj, at, "表达式")?;
            let at_op = format!("{at}.{op}");
            let at_op = at_op.trim_start_matches('.');
            match op {
                "text" => Ok((Expr::Text(as_str(arg, at_op, "text 的值")?.to_string()), Ty::Text)),
                "wan" => Ok((Expr::Money(wan_lit(arg, at_op)?), Ty::Money)),
                "yuan" => Ok((Expr::Money(as_int(arg, at_op, "yuan 的值")?), Ty::Money)),
                "date" => Ok((Expr::Date(date_lit(arg, at_op)?), Ty::Date)),
                "sum" => {
                    let p = path(as_str(arg, at_op, "sum 的参数")?, ctx, at_op)?;
                    match &p.ty {
                        Ty::List(inner) if inner.is_numeric() => {
                            let ty = (**inner).clone();
                            Ok((Expr::Sum(p), ty))
                        }
                        other => err(at_op, format!("sum 需要表格中的数值列（如 project.cost_estimate.items[].amount），“{}”是{}", p.text, other.describe())),
                    }
                }
                "count" => {
                    let (list_text, filter) = match arg {
                        Value::String(s) => (s.as_str(), None),
                        Value::Object(o) => {
                            let list = o.get("in").ok_or(()).or_else(|_| err(at_op, "count 对象需要 in（表格路径）"))?;
                            for k in o.keys() {
                                if k != "in" && k != "where" {
                                    return err(at_op, format!("count 不认识的键“{k}”（只允许 in、where）"));
                                }
                            }
                            (as_str(list, at_op, "count.in")?, o.get("where"))
                        }
                        _ => return err(at_op, "count 的参数应为表格路径或 {\"in\": …, \"where\": …}"),
                    };
                    let p = path(list_text, ctx, at_op)?;
                    let is_table = fields::field(&p.generic).is_some_and(|f| f.kind == FieldKind::Table);
                    if !is_table && !matches!(p.ty, Ty::List(_)) {
                        return err(at_op, format!("count 需要表格或列表，“{}”是{}", p.text, p.ty.describe()));
                    }
                    let filter = match filter {
                        None => None,
                        Some(w) => {
                            if !is_table {
                                return err(at_op, "count.where 只能用于表格");
                            }
                            let inner = Ctx { scope: Some(p.generic.clone()), docs: ctx.docs };
                            Some(Box::new(cond(w, &inner, &format!("{at_op}.where"))?))
                        }
                    };
                    Ok((Expr::Count { list: p, filter }, Ty::Int))
                }
                "chars" => {
                    let p = path(as_str(arg, at_op, "chars 的参数")?, ctx, at_op)?;
                    if p.ty != Ty::Text {
                        return err(at_op, format!("chars 只能用于文本字段，“{}”是{}", p.text, p.ty.describe()));
                    }
                    Ok((Expr::Chars(p), Ty::Int))
                }
                "add" | "mul" => {
                    let items = as_array(arg, at_op, op, None)?;
                    if items.len() < 2 {
                        return err(at_op, format!("“{op}”至少需要 2 个参数"));
                    }
                    let mut es = Vec::new();
                    let mut tys = Vec::new();
                    for (i, it) in items.iter().enumerate() {
                        let a = format!("{at_op}[{i}]");
                        let (e, t) = expr(it, ctx, &a)?;
                        need_numeric(&t, &a, op)?;
                        es.push(e);
                        tys.push(t);
                    }
                    let ty = numeric_result(&tys);
                    Ok((if op == "add" { Expr::Add(es) } else { Expr::Mul(es) }, ty))
                }
                "sub" | "div" => {
                    let items = as_array(arg, at_op, op, Some(2))?;
                    let (a, ta) = expr(&items[0], ctx, &format!("{at_op}[0]"))?;
                    let (b, tb) = expr(&items[1], ctx, &format!("{at_op}[1]"))?;
                    need_numeric(&ta, &format!("{at_op}[0]"), op)?;
                    need_numeric(&tb, &format!("{at_op}[1]"), op)?;
                    if op == "sub" {
                        Ok((Expr::Sub(Box::new(a), Box::new(b)), numeric_result(&[ta, tb])))
                    } else {
                        let ty = if ta == Ty::Money && tb != Ty::Money { Ty::Money } else { Ty::Int };
                        Ok((Expr::Div(Box::new(a), Box::new(b)), ty))
                    }
                }
                "pct" => {
                    let items = as_array(arg, at_op, op, Some(2))?;
                    let (a, ta) = expr(&items[0], ctx, &format!("{at_op}[0]"))?;
                    need_numeric(&ta, &format!("{at_op}[0]"), op)?;
                    let n = as_int(&items[1], &format!("{at_op}[1]"), "百分比")?;
                    Ok((Expr::Pct(Box::new(a), n), ta))
                }
                "year" | "month" => {
                    let (a, ta) = expr(arg, ctx, at_op)?;
                    if ta != Ty::Date {
                        return err(at_op, format!("“{op}”只能用于日期，这里是{}", ta.describe()));
                    }
                    Ok((if op == "year" { Expr::Year(Box::new(a)) } else { Expr::Month(Box::new(a)) }, Ty::Int))
                }
                other => err(at, format!("未知运算符“{other}”（表达式可用：{EXPR_OPS}）")),
            }
        }
        Value::Null | Value::Array(_) => err(at, format!("这里需要一个表达式，不能是 {v}")),
    }
}

fn comparable(op: CmpOp, a: &Ty, b: &Ty) -> bool {
    let equality = matches!(op, CmpOp::Eq | CmpOp::Ne);
    match (a, b) {
        (x, y) if x.is_numeric() && y.is_numeric() => true,
        (Ty::Date, Ty::Date) => true,
        (Ty::Bool, Ty::Bool) | (Ty::Text, Ty::Text) => equality,
        (Ty::Choice(x), Ty::Choice(y)) => equality && std::ptr::eq(*x, *y),
        _ => false,
    }
}

/// Parses the literal list of `in`, checking each against the left side's type.
fn literal(v: &Value, ty: &Ty, at: &str) -> R<Expr> {
    match ty {
        Ty::Choice(list) => {
            let s = as_str(v, at, "选项")?;
            if !list.iter().any(|(id, _)| *id == s) {
                let ids: Vec<&str> = list.iter().map(|(id, _)| *id).collect();
                return err(at, format!("“{s}”不是该字段的选项（可选：{}）", ids.join("、")));
            }
            Ok(Expr::Text(s.to_string()))
        }
        Ty::Text => Ok(Expr::Text(as_str(v, at, "文本")?.to_string())),
        Ty::Bool => v.as_bool().map(Expr::Bool).ok_or(()).or_else(|_| err(at, "应为 true 或 false")),
        Ty::Date => Ok(Expr::Date(date_lit(v, at)?)),
        t if t.is_numeric() => match v {
            Value::Object(o) if o.len() == 1 && o.contains_key("wan") => Ok(Expr::Money(wan_lit(&o["wan"], at)?)),
            _ => Ok(Expr::Int(as_int(v, at, "数值")?)),
        },
        other => err(at, format!("in 不能用于{}", other.describe())),
    }
}

fn choice_ids(v: &Value, p: &FieldPath, at: &str) -> R<Vec<String>> {
    let Ty::List(inner) = &p.ty else {
        return err(at, format!("“{}”不是多选字段", p.text));
    };
    let Ty::Choice(list) = inner.as_ref() else {
        return err(at, format!("“{}”不是多选字段", p.text));
    };
    let Value::Array(items) = v else { return err(at, "应为选项数组") };
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let a = format!("{at}[{i}]");
        let s = as_str(it, &a, "选项")?;
        if !list.iter().any(|(id, _)| *id == s) {
            let ids: Vec<&str> = list.iter().map(|(id, _)| *id).collect();
            return err(&a, format!("“{s}”不是“{}”的选项（可选：{}）", p.text, ids.join("、")));
        }
        out.push(s.to_string());
    }
    if out.is_empty() {
        return err(at, "选项数组不能为空");
    }
    Ok(out)
}

fn table_scope<'a>(arg: &Value, ctx: &Ctx<'a>, at: &str, op: &str) -> R<(FieldPath, Ctx<'a>, Value)> {
    let Value::Object(o) = arg else { return err(at, format!("{op} 的参数应为 {{\"in\": 表格路径, \"where\": 条件}}")) };
    for k in o.keys() {
        if k != "in" && k != "where" {
            return err(at, format!("{op} 不认识的键“{k}”（只允许 in、where）"));
        }
    }
    let list = o.get("in").ok_or(()).or_else(|_| err(at, format!("{op} 需要 in（表格路径）")))?;
    let w = o.get("where").ok_or(()).or_else(|_| err(at, format!("{op} 需要 where（条件）")))?;
    let p = path(as_str(list, at, &format!("{op}.in"))?, ctx, at)?;
    if fields::field(&p.generic).is_none_or(|f| f.kind != FieldKind::Table) {
        return err(at, format!("{op}.in 应为表格，“{}”不是", p.text));
    }
    let inner = Ctx { scope: Some(p.generic.clone()), docs: ctx.docs };
    Ok((p, inner, w.clone()))
}

/// Parses a condition.
pub(crate) fn cond(v: &Value, ctx: &Ctx, at: &str) -> R<Cond> {
    let Value::Object(obj) = v else {
        return match v {
            Value::Bool(b) => Ok(Cond::Const(*b)),
            _ => err(at, format!("这里需要一个条件对象，不能是 {v}")),
        };
    };
    let (op, arg) = single_key(obj, at, "条件")?;
    let at_op = format!("{at}.{op}");
    let at_op = at_op.trim_start_matches('.');
    match op {
        "all" | "any" => {
            let items = as_array(arg, at_op, op, None)?;
            if items.is_empty() {
                return err(at_op, format!("“{op}”不能为空数组"));
            }
            let cs = items.iter().enumerate().map(|(i, c)| cond(c, ctx, &format!("{at_op}[{i}]"))).collect::<R<Vec<_>>>()?;
            Ok(if op == "all" { Cond::All(cs) } else { Cond::Any(cs) })
        }
        "not" => Ok(Cond::Not(Box::new(cond(arg, ctx, at_op)?))),
        "present" => {
            let text = as_str(arg, at_op, "present 的参数")?;
            // A whole document may be tested from a rule about the other one
            // (e.g. "a 购买服务 project comes with its 服务需求方案").
            if let Some(doc) = DocKind::from_id(text) {
                let all = DocKind::ALL;
                return Ok(Cond::Present(path(doc.id(), &Ctx { scope: None, docs: &all }, at_op)?));
            }
            Ok(Cond::Present(path(text, ctx, at_op)?))
        }
        "true" | "false" => {
            let p = path(as_str(arg, at_op, &format!("{op} 的参数"))?, ctx, at_op)?;
            if p.ty != Ty::Bool {
                return err(at_op, format!("“{op}”只能用于是/否字段，“{}”是{}", p.text, p.ty.describe()));
            }
            Ok(if op == "true" { Cond::IsTrue(p) } else { Cond::IsFalse(p) })
        }
        "min_chars" => {
            let items = as_array(arg, at_op, op, Some(2))?;
            let p = path(as_str(&items[0], at_op, "min_chars 的第一个参数")?, ctx, at_op)?;
            if p.ty != Ty::Text {
                return err(at_op, format!("min_chars 只能用于文本字段，“{}”是{}", p.text, p.ty.describe()));
            }
            let n = as_int(&items[1], at_op, "字数")?;
            Ok(Cond::MinChars(p, n.max(0) as usize))
        }
        "in" => {
            let items = as_array(arg, at_op, op, Some(2))?;
            let (e, ty) = expr(&items[0], ctx, &format!("{at_op}[0]"))?;
            let Value::Array(lits) = &items[1] else { return err(at_op, "in 的第二个参数应为取值数组") };
            if lits.is_empty() {
                return err(at_op, "in 的取值数组不能为空");
            }
            let lits = lits.iter().enumerate().map(|(i, l)| literal(l, &ty, &format!("{at_op}[1][{i}]"))).collect::<R<Vec<_>>>()?;
            Ok(Cond::In(e, lits))
        }
        "has_all" | "has_any" => {
            let items = as_array(arg, at_op, op, Some(2))?;
            let p = path(as_str(&items[0], at_op, &format!("{op} 的第一个参数"))?, ctx, at_op)?;
            let ids = choice_ids(&items[1], &p, &format!("{at_op}[1]"))?;
            Ok(if op == "has_all" { Cond::HasAll(p, ids) } else { Cond::HasAny(p, ids) })
        }
        "contains_any" => {
            let Value::Object(o) = arg else { return err(at_op, "contains_any 的参数应为 {\"fields\": [...], \"words\": [...]}") };
            let fields_v = o.get("fields").and_then(Value::as_array).ok_or(()).or_else(|_| err(at_op, "contains_any 需要 fields 数组"))?;
            let words_v = o.get("words").and_then(Value::as_array).ok_or(()).or_else(|_| err(at_op, "contains_any 需要 words 数组"))?;
            let mut ps = Vec::new();
            for (i, fv) in fields_v.iter().enumerate() {
                let a = format!("{at_op}.fields[{i}]");
                let p = path(as_str(fv, &a, "字段路径")?, ctx, &a)?;
                let ok = p.ty == Ty::Text || p.ty == Ty::List(Box::new(Ty::Text));
                if !ok {
                    return err(&a, format!("contains_any 只能用于文本字段，“{}”是{}", p.text, p.ty.describe()));
                }
                ps.push(p);
            }
            let words =
                words_v.iter().enumerate().map(|(i, w)| as_str(w, &format!("{at_op}.words[{i}]"), "关键词").map(str::to_string)).collect::<R<Vec<_>>>()?;
            if ps.is_empty() || words.is_empty() || words.iter().any(|w| w.trim().is_empty()) {
                return err(at_op, "contains_any 的 fields 和 words 都不能为空");
            }
            Ok(Cond::ContainsAny(ps, words))
        }
        "any_item" | "all_items" => {
            let (p, inner, w) = table_scope(arg, ctx, at_op, op)?;
            let c = cond(&w, &inner, &format!("{at_op}.where"))?;
            Ok(if op == "any_item" { Cond::AnyItem(p, Box::new(c)) } else { Cond::AllItems(p, Box::new(c)) })
        }
        name => {
            let Some((_, cmp)) = CmpOp::NAMES.iter().find(|(n, _)| *n == name) else {
                return err(at, format!("未知运算符“{name}”（条件可用：{COND_OPS}）"));
            };
            let items = as_array(arg, at_op, op, Some(2))?;
            let (a, ta) = expr(&items[0], ctx, &format!("{at_op}[0]"))?;
            let (b, tb) = expr(&items[1], ctx, &format!("{at_op}[1]"))?;
            if !comparable(*cmp, &ta, &tb) {
                return err(at_op, format!("“{op}”不能比较{}和{}", ta.describe(), tb.describe()));
            }
            Ok(Cond::Cmp(*cmp, a, b))
        }
    }
}
