//! The condition language of rule packs: a small typed predicate vocabulary over field
//! paths. Packs write it as JSON; [`super::parse`] turns that JSON into these trees and
//! type-checks them against the field registry, so evaluation never meets a type error.

use chrono::NaiveDate;

/// Static type of an expression, inferred at load time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    /// Whole yuan; renders as 万元 in messages.
    Money,
    /// Basis points of a percent; renders as `99.90%`.
    BasisPoints,
    Text,
    Date,
    Choice(&'static [(&'static str, &'static str)]),
    List(Box<Ty>),
    /// A table (list of rows) or group: only `present`, `count` and item quantifiers apply.
    Rows,
}

impl Ty {
    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Money | Ty::BasisPoints)
    }

    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "是/否".into(),
            Ty::Int => "整数".into(),
            Ty::Money => "金额".into(),
            Ty::BasisPoints => "百分比".into(),
            Ty::Text => "文本".into(),
            Ty::Date => "日期".into(),
            Ty::Choice(_) => "选项".into(),
            Ty::List(t) => format!("{}列表", t.describe()),
            Ty::Rows => "表格或分组".into(),
        }
    }
}

/// A field path compiled against the registry.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    /// The path as written in the pack, for messages.
    pub text: String,
    /// The registry path (`@.` expanded against the enclosing list).
    pub generic: String,
    /// True when the path starts with `@.` (relative to the current list item).
    pub relative: bool,
    pub segments: Vec<Segment>,
    pub ty: Ty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    /// `[]`: every element of a list.
    Each,
}

/// A value-producing expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Field(FieldPath),
    Int(i128),
    Money(i128),
    Bool(bool),
    Text(String),
    Date(NaiveDate),
    Sum(FieldPath),
    Count {
        list: FieldPath,
        filter: Option<Box<Cond>>,
    },
    Chars(FieldPath),
    Add(Vec<Expr>),
    Sub(Box<Expr>, Box<Expr>),
    Mul(Vec<Expr>),
    Div(Box<Expr>, Box<Expr>),
    /// `pct: [E, n]` = E × n / 100, rounded down.
    Pct(Box<Expr>, i128),
    Year(Box<Expr>),
    Month(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub const NAMES: [(&'static str, CmpOp); 6] =
        [("eq", CmpOp::Eq), ("ne", CmpOp::Ne), ("lt", CmpOp::Lt), ("le", CmpOp::Le), ("gt", CmpOp::Gt), ("ge", CmpOp::Ge)];
}

/// A predicate.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Const(bool),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// Filled in: not null, not blank text, not an empty list.
    Present(FieldPath),
    /// A yes/no field is yes.
    IsTrue(FieldPath),
    /// A yes/no field is no or unanswered.
    IsFalse(FieldPath),
    /// Text has at least this many characters (whitespace not counted).
    MinChars(FieldPath, usize),
    Cmp(CmpOp, Expr, Expr),
    /// Value is one of the literals.
    In(Expr, Vec<Expr>),
    /// A multi-choice field includes all of / any of the ids.
    HasAll(FieldPath, Vec<String>),
    HasAny(FieldPath, Vec<String>),
    /// Any of the text fields contains any of the words.
    ContainsAny(Vec<FieldPath>, Vec<String>),
    AnyItem(FieldPath, Box<Cond>),
    AllItems(FieldPath, Box<Cond>),
}
