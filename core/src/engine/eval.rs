//! Evaluation of conditions and expressions. Total: never panics, never errors.
//!
//! Semantics worth knowing when writing packs:
//! * a comparison with an unfilled value is false (so `require: ge(x, 3)` fails when `x`
//!   is empty, and `when: gt(x, 3)` does not apply);
//! * arithmetic with an unfilled value gives an unfilled value, except `sum`, which
//!   adds the filled rows and treats an empty table as 0;
//! * overflow and division by zero give an unfilled value.

use serde_json::Value;

use super::value::{Val, raw, resolve, rows};
use crate::pack::expr::{CmpOp, Cond, Expr};

/// Where a condition is evaluated: the whole submission, and the current row, if any.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub root: &'a Value,
    pub item: Option<&'a Value>,
}

fn int(v: &Val) -> Option<i128> {
    match v {
        Val::Int(i) => Some(*i),
        _ => None,
    }
}

fn fold<'a>(es: &'a [Expr], s: Scope<'a>, f: fn(i128, i128) -> Option<i128>) -> Val<'a> {
    let mut acc: Option<i128> = None;
    for e in es {
        let Some(x) = int(&eval(e, s)) else { return Val::Null };
        acc = Some(match acc {
            None => x,
            Some(a) => match f(a, x) {
                Some(r) => r,
                None => return Val::Null,
            },
        });
    }
    acc.map(Val::Int).unwrap_or(Val::Null)
}

pub fn eval<'a>(e: &'a Expr, s: Scope<'a>) -> Val<'a> {
    match e {
        Expr::Field(p) => resolve(p, s.root, s.item),
        Expr::Int(i) | Expr::Money(i) => Val::Int(*i),
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Text(t) => Val::Text(t),
        Expr::Date(d) => Val::Date(*d),
        Expr::Sum(p) => match resolve(p, s.root, s.item) {
            Val::List(items) => {
                let mut total: i128 = 0;
                for it in &items {
                    if let Val::Int(i) = it {
                        match total.checked_add(*i) {
                            Some(t) => total = t,
                            None => return Val::Null,
                        }
                    }
                }
                Val::Int(total)
            }
            _ => Val::Int(0),
        },
        Expr::Count { list, filter } => {
            let n = match filter {
                None => match resolve(list, s.root, s.item) {
                    Val::List(items) => items.len(),
                    _ => rows(list, s.root, s.item).len(),
                },
                Some(c) => rows(list, s.root, s.item).iter().filter(|row| check(c, Scope { root: s.root, item: Some(row) })).count(),
            };
            Val::Int(n as i128)
        }
        Expr::Chars(p) => match resolve(p, s.root, s.item) {
            Val::Text(t) => Val::Int(t.chars().filter(|c| !c.is_whitespace()).count() as i128),
            _ => Val::Int(0),
        },
        Expr::Add(es) => fold(es, s, i128::checked_add),
        Expr::Mul(es) => fold(es, s, i128::checked_mul),
        Expr::Sub(a, b) => match (int(&eval(a, s)), int(&eval(b, s))) {
            (Some(x), Some(y)) => x.checked_sub(y).map(Val::Int).unwrap_or(Val::Null),
            _ => Val::Null,
        },
        Expr::Div(a, b) => match (int(&eval(a, s)), int(&eval(b, s))) {
            (Some(x), Some(y)) if y != 0 => Val::Int(x.div_euclid(y)),
            _ => Val::Null,
        },
        Expr::Pct(a, n) => match int(&eval(a, s)) {
            Some(x) => x.checked_mul(*n).map(|p| Val::Int(p.div_euclid(100))).unwrap_or(Val::Null),
            None => Val::Null,
        },
        Expr::Year(a) => match eval(a, s) {
            Val::Date(d) => Val::Int(chrono::Datelike::year(&d) as i128),
            _ => Val::Null,
        },
        Expr::Month(a) => match eval(a, s) {
            Val::Date(d) => Val::Int(chrono::Datelike::month(&d) as i128),
            _ => Val::Null,
        },
    }
}

fn compare(op: CmpOp, a: &Val, b: &Val) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (Val::Int(x), Val::Int(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::Text(x), Val::Text(y)) => Some(x.trim().cmp(y.trim())),
        _ => None,
    };
    let Some(o) = ord else { return false };
    match op {
        CmpOp::Eq => o == Ordering::Equal,
        CmpOp::Ne => o != Ordering::Equal,
        CmpOp::Lt => o == Ordering::Less,
        CmpOp::Le => o != Ordering::Greater,
        CmpOp::Gt => o == Ordering::Greater,
        CmpOp::Ge => o != Ordering::Less,
    }
}

fn texts<'a>(v: Val<'a>, out: &mut Vec<&'a str>) {
    match v {
        Val::Text(t) => out.push(t),
        Val::List(items) => items.into_iter().for_each(|i| texts(i, out)),
        _ => {}
    }
}

pub fn check<'a>(c: &'a Cond, s: Scope<'a>) -> bool {
    match c {
        Cond::Const(b) => *b,
        Cond::All(cs) => cs.iter().all(|c| check(c, s)),
        Cond::Any(cs) => cs.iter().any(|c| check(c, s)),
        Cond::Not(c) => !check(c, s),
        Cond::Present(p) => {
            let v = resolve(p, s.root, s.item);
            // Tables and groups: present when the JSON holds a non-empty array/object.
            match v {
                Val::Null => match p.ty {
                    crate::pack::expr::Ty::Rows => match raw(p, s.root, s.item) {
                        Some(Value::Array(a)) => !a.is_empty(),
                        Some(Value::Object(_)) => true,
                        _ => false,
                    },
                    _ => false,
                },
                other => other.is_present(),
            }
        }
        Cond::IsTrue(p) => resolve(p, s.root, s.item) == Val::Bool(true),
        Cond::IsFalse(p) => resolve(p, s.root, s.item) != Val::Bool(true),
        Cond::MinChars(p, n) => match resolve(p, s.root, s.item) {
            Val::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count() >= *n,
            _ => false,
        },
        Cond::Cmp(op, a, b) => compare(*op, &eval(a, s), &eval(b, s)),
        Cond::In(e, lits) => {
            let v = eval(e, s);
            lits.iter().any(|l| compare(CmpOp::Eq, &v, &eval(l, s)))
        }
        Cond::HasAll(p, ids) | Cond::HasAny(p, ids) => {
            let mut have = Vec::new();
            texts(resolve(p, s.root, s.item), &mut have);
            let has = |id: &String| have.iter().any(|h| *h == id);
            if matches!(c, Cond::HasAll(..)) { ids.iter().all(has) } else { ids.iter().any(has) }
        }
        Cond::ContainsAny(ps, words) => {
            let mut all = Vec::new();
            for p in ps {
                texts(resolve(p, s.root, s.item), &mut all);
            }
            all.iter().any(|t| words.iter().any(|w| t.contains(w.as_str())))
        }
        Cond::AnyItem(p, c) => rows(p, s.root, s.item).iter().any(|row| check(c, Scope { root: s.root, item: Some(row) })),
        Cond::AllItems(p, c) => rows(p, s.root, s.item).iter().all(|row| check(c, Scope { root: s.root, item: Some(row) })),
    }
}
