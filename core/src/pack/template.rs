//! Message templates: Chinese text with `{…}` placeholders that name the actual values.
//!
//! * `{project.basic.total_investment}` — a field, formatted by its kind (money as
//!   `350 万元`, choices by their label, yes/no as 是/否, lists joined with 、);
//! * `{@.name}` — a column of the current row inside `for_each`;
//! * `{total}` — a value from the rule's `let`;
//! * `{#}` — the 1-based row number inside `for_each`;
//! * `{…|raw}` — the bare value (e.g. `3500000`);
//! * `{{` and `}}` — literal braces.

use super::expr::{Expr, FieldPath, Ty};
use super::parse::{self, At, Ctx};

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    RowNumber,
    Let(usize),
    Field(FieldPath),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Text(String),
    Value { source: Source, raw: bool },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub parts: Vec<Part>,
}

impl Template {
    pub(crate) fn parse(text: &str, ctx: &Ctx, lets: &[(String, Expr, Ty)]) -> Result<Template, At> {
        let at = "message";
        if text.trim().is_empty() {
            return Err(At { at: at.into(), message: "缺少提示信息（message）".into() });
        }
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '}' => return Err(At { at: at.into(), message: "message 中有多余的“}”（字面花括号请写作 }}）".into() }),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(At { at: at.into(), message: "message 中的“{”没有闭合".into() }),
                        }
                    }
                    if !lit.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut lit)));
                    }
                    let (name, raw) = match name.split_once('|') {
                        None => (name.trim().to_string(), false),
                        Some((n, "raw")) => (n.trim().to_string(), true),
                        Some((_, f)) => return Err(At { at: at.into(), message: format!("message 中未知的格式“{f}”（只支持 raw）") }),
                    };
                    let source = if name == "#" {
                        if ctx.scope.is_none() {
                            return Err(At { at: at.into(), message: "{#}（行号）只能用于 for_each 规则".into() });
                        }
                        Source::RowNumber
                    } else if let Some(i) = lets.iter().position(|(n, _, _)| *n == name) {
                        Source::Let(i)
                    } else {
                        let p = parse::path(&name, ctx, at)
                            .map_err(|e| At {
                                at: e.at, message: format!("message 中的占位符 {{{name}}} 既不是 let 名称也不是有效字段：{}", e.message)
                            })?;
                        if p.ty == Ty::Rows {
                            return Err(At {
                                at: at.into(),
                                message: format!("message 中的占位符 {{{name}}} 是表格或分组，不能直接写入；请用 let 定义 count 等数值"),
                            });
                        }
                        Source::Field(p)
                    };
                    parts.push(Part::Value { source, raw });
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Text(lit));
        }
        Ok(Template { parts })
    }
}
