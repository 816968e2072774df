//! Run-time values and field-path resolution over the JSON form of a submission.

use chrono::NaiveDate;
use serde_json::Value;

use crate::pack::expr::{FieldPath, Segment, Ty};

/// A value during evaluation. Money, counts and basis points are all `Int` (exact). Texts
/// are borrowed from the submission's JSON or the pack's literals, which outlive an
/// evaluation: rules read many texts only to count or compare them, and copying each was a
/// large part of a reviewer's re-check of every package.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    /// Not filled in.
    Null,
    Bool(bool),
    Int(i128),
    Text(&'a str),
    Date(NaiveDate),
    List(Vec<Val<'a>>),
}

impl Val<'_> {
    pub fn is_present(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Text(s) => !s.trim().is_empty(),
            Val::List(l) => !l.is_empty(),
            _ => true,
        }
    }
}

fn leaf<'a>(v: &'a Value, ty: &Ty) -> Val<'a> {
    match (v, ty) {
        (Value::Null, _) => Val::Null,
        (Value::Bool(b), _) => Val::Bool(*b),
        (Value::Number(n), _) => n.as_i64().map(|i| Val::Int(i as i128)).or_else(|| n.as_u64().map(|u| Val::Int(u as i128))).unwrap_or(Val::Null),
        (Value::String(s), Ty::Date) => crate::date::parse_ymd(s).map_or(Val::Null, Val::Date),
        (Value::String(s), _) => Val::Text(s),
        (Value::Array(items), Ty::List(inner)) => Val::List(items.iter().map(|i| leaf(i, inner)).collect()),
        (Value::Array(items), _) => Val::List(items.iter().map(|i| leaf(i, &Ty::Text)).collect()),
        (Value::Object(_), _) => Val::Null,
    }
}

/// Resolves a compiled path. Relative paths (`@.x`) resolve against `item`.
pub fn resolve<'a>(path: &FieldPath, root: &'a Value, item: Option<&'a Value>) -> Val<'a> {
    const NULL: &Value = &Value::Null;
    let start = if path.relative { item.unwrap_or(NULL) } else { root };
    // The leaf type inside an absolute `[]` path is the list's element type.
    let leaf_ty = match &path.ty {
        Ty::List(inner) if path.segments.contains(&Segment::Each) => inner,
        t => t,
    };
    walk(start, &path.segments, leaf_ty)
}

fn walk<'a>(v: &'a Value, segs: &[Segment], ty: &Ty) -> Val<'a> {
    match segs.split_first() {
        None => leaf(v, ty),
        Some((Segment::Key(k), rest)) => match v.get(k) {
            Some(next) => walk(next, rest, ty),
            None => Val::Null,
        },
        Some((Segment::Each, rest)) => match v {
            Value::Array(items) => Val::List(items.iter().map(|i| walk(i, rest, ty)).collect()),
            _ => Val::List(Vec::new()),
        },
    }
}

/// The raw JSON at a path without `[]` (tables and groups), if any.
pub fn raw<'a>(path: &FieldPath, root: &'a Value, item: Option<&'a Value>) -> Option<&'a Value> {
    let mut v = if path.relative { item? } else { root };
    for seg in &path.segments {
        match seg {
            Segment::Key(k) => v = v.get(k)?,
            Segment::Each => return None,
        }
    }
    Some(v)
}

/// The raw JSON rows of a table path (for `for_each`, `any_item`, `count`).
pub fn rows<'a>(path: &FieldPath, root: &'a Value, item: Option<&'a Value>) -> &'a [Value] {
    let mut v = if path.relative { item.unwrap_or(&Value::Null) } else { root };
    for seg in &path.segments {
        match seg {
            Segment::Key(k) => match v.get(k) {
                Some(n) => v = n,
                None => return &[],
            },
            Segment::Each => return &[],
        }
    }
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}
