//! Checks the shape of a submission's JSON against the field registry before it is
//! deserialized, so that a wrong type, an unknown key or an invalid choice is reported with
//! its JSON path and the field's Chinese label — without `serde_path_to_error`, whose
//! wrappers around every model type would add ~140 KB to the browser build.

use serde_json::Value;

use super::InputError;
use crate::fields::{self, FieldKind};

fn err(path: &str, message: String) -> Result<(), InputError> {
    Err(InputError { path: path.to_string(), line: 0, message })
}

fn label(generic: &str) -> &'static str {
    fields::field(generic).map(|f| f.label).unwrap_or("")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值",
        Value::Bool(_) => "是/否",
        Value::Number(_) => "数字",
        Value::String(_) => "文本",
        Value::Array(_) => "列表",
        Value::Object(_) => "对象",
    }
}

fn wrong(path: &str, generic: &str, expected: &str, v: &Value) -> Result<(), InputError> {
    err(path, format!("{}类型不对：应为{expected}，这里是{}", label(generic), type_name(v)))
}

/// Runs `f` with `path` and `generic` extended by `suffix` / `generic_suffix`, then restores
/// them: the walk reuses two buffers instead of formatting a path per value, which was most of
/// the shape check's cost on a large project (BENCHMARKS.md, live checks).
fn descend(
    path: &mut String,
    generic: &mut String,
    row: Option<usize>,
    key: &str,
    f: impl FnOnce(&mut String, &mut String) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let (p, g) = (path.len(), generic.len());
    if let Some(i) = row {
        fields::push_row(path, i);
        generic.push_str("[]");
    }
    for s in [&mut *path, &mut *generic] {
        s.push('.');
        s.push_str(key);
    }
    let r = f(path, generic);
    path.truncate(p);
    generic.truncate(g);
    r
}

pub(crate) fn check_value(v: &Value, path: &mut String, generic: &mut String) -> Result<(), InputError> {
    let Some(def) = fields::field(generic) else {
        return err(path, "未知字段（可能拼写有误，或文件版本不符）".into());
    };
    match (def.kind, v) {
        (_, Value::Null) => Ok(()),
        (FieldKind::Group, Value::Object(map)) => {
            for (k, child) in map {
                descend(path, generic, None, k, |p, g| check_value(child, p, g))?;
            }
            Ok(())
        }
        (FieldKind::Group, other) => wrong(path, generic, "对象", other),
        (FieldKind::Table, Value::Array(rows)) => rows.iter().enumerate().try_for_each(|(i, row)| check_row(row, i, path, generic)),
        (FieldKind::Table, other) => wrong(path, generic, "列表", other),
        (FieldKind::Text | FieldKind::LongText, Value::String(_)) => Ok(()),
        (FieldKind::Text | FieldKind::LongText, other) => wrong(path, generic, "文本", other),
        (FieldKind::TextList, Value::Array(items)) => match items.iter().position(|i| !i.is_string()) {
            None => Ok(()),
            Some(i) => wrong(&format!("{path}[{i}]"), generic, "文本", &items[i]),
        },
        (FieldKind::TextList, other) => wrong(path, generic, "文本列表", other),
        (FieldKind::Bool, Value::Bool(_)) => Ok(()),
        (FieldKind::Bool, other) => wrong(path, generic, "true 或 false", other),
        (FieldKind::Money | FieldKind::Int | FieldKind::BasisPoints, Value::Number(n)) => {
            // Years may in principle be negative; everything else is a count or an amount.
            let ok = n.as_u64().is_some() || (generic.ends_with("plan_year") && n.as_i64().is_some());
            let fits = match def.kind {
                FieldKind::Money => true,
                _ if generic.ends_with("quantity") => true,
                _ => n.as_i64().is_some_and(|i| i.unsigned_abs() <= u32::MAX as u64 / 2),
            };
            if ok && fits {
                Ok(())
            } else {
                err(path, format!("{}应为非负整数{}，这里是 {n}", label(generic), if def.kind == FieldKind::Money { "（单位：元）" } else { "" }))
            }
        }
        (FieldKind::Money | FieldKind::Int | FieldKind::BasisPoints, other) => wrong(path, generic, "整数", other),
        (FieldKind::Date, Value::String(s)) => match crate::date::parse_ymd(s) {
            Some(_) => Ok(()),
            None => err(path, format!("{}日期“{s}”无效：日期格式应为 YYYY-MM-DD", label(generic))),
        },
        (FieldKind::Date, other) => wrong(path, generic, "日期文本（YYYY-MM-DD）", other),
        (FieldKind::Choice(list), Value::String(s)) => choice(path, generic, list, s),
        (FieldKind::Choice(_), other) => wrong(path, generic, "选项", other),
        (FieldKind::ChoiceList(list), Value::Array(items)) => {
            for (i, it) in items.iter().enumerate() {
                match it {
                    Value::String(s) => choice(&format!("{path}[{i}]"), generic, list, s)?,
                    other => return wrong(&format!("{path}[{i}]"), generic, "选项", other),
                }
            }
            Ok(())
        }
        (FieldKind::ChoiceList(_), other) => wrong(path, generic, "选项列表", other),
    }
}

/// Checks row `i` of the table at `path` (`generic`: its registry path): the table's check,
/// one row at a time, so that [`super::live::LiveDoc`] can re-check only an edited row.
pub(crate) fn check_row(row: &Value, i: usize, path: &mut String, generic: &mut String) -> Result<(), InputError> {
    let Value::Object(map) = row else { return wrong(&format!("{path}[{i}]"), generic, "对象", row) };
    for (k, child) in map {
        descend(path, generic, Some(i), k, |p, g| check_value(child, p, g))?;
    }
    Ok(())
}

fn choice(path: &str, generic: &str, list: &[(&str, &str)], s: &str) -> Result<(), InputError> {
    if list.iter().any(|(id, _)| *id == s) {
        return Ok(());
    }
    let ids: Vec<String> = list.iter().map(|(id, l)| format!("{id}（{l}）")).collect();
    err(path, format!("“{s}”不是{}允许的选项（可选：{}）", label(generic), ids.join("、")))
}

/// Checks the whole submission value; the first problem is returned with its path.
pub fn check(root: &Value) -> Result<(), InputError> {
    let Value::Object(map) = root else {
        return err("", format!("类型不对：申报文件的顶层应为对象，这里是{}", type_name(root)));
    };
    for (k, v) in map {
        match k.as_str() {
            "format" => {
                if !v.is_string() {
                    return err("format", format!("类型不对：format 应为文本，这里是{}", type_name(v)));
                }
            }
            "project" | "service_plan" => check_value(v, &mut k.clone(), &mut k.clone())?,
            "justifications" => {
                let Value::Array(items) = v else { return err(k, format!("类型不对：justifications 应为列表，这里是{}", type_name(v))) };
                for (i, j) in items.iter().enumerate() {
                    let p = format!("justifications[{i}]");
                    let Value::Object(m) = j else { return err(&p, "类型不对：说明应为对象".into()) };
                    if let Some(k) = ["rule", "text"].into_iter().find(|k| m.get(*k).is_none_or(Value::is_null)) {
                        return err(&format!("{p}.{k}"), format!("说明缺少必填项 {k}"));
                    }
                    for (jk, jv) in m {
                        let ok = match jk.as_str() {
                            "rule" | "text" => jv.is_string(),
                            "fields" => jv.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                            _ => return err(&format!("{p}.{jk}"), "未知字段（可能拼写有误，或文件版本不符）".into()),
                        };
                        if !ok {
                            return err(&format!("{p}.{jk}"), format!("类型不对：{jk} 应为{}", if jk == "fields" { "文本列表" } else { "文本" }));
                        }
                    }
                }
            }
            other => return err(other, "未知字段（可能拼写有误，或文件版本不符）".into()),
        }
    }
    Ok(())
}

/// Removes object entries whose value is null: for every field, null means "not filled in",
/// which the model spells as a missing key (its default). Keeps serde and the shape check in
/// agreement for text, yes/no and list fields, which are not `Option`s.
pub fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, c| !c.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Whether any value in the tree is null (see [`strip_nulls`]).
pub fn has_nulls(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Object(map) => map.values().any(has_nulls),
        Value::Array(items) => items.iter().any(has_nulls),
        _ => false,
    }
}
