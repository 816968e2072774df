//! Rule packs: one city's requirements as data.
//!
//! A pack is a JSON file (`core/packs/<id>.json`, format `shenbao.pack/1`) with metadata
//! about the regulation and a list of rules. Each rule carries its citation, severity,
//! the documents and fields it concerns, a declarative condition (see [`expr`]) and a
//! Chinese message template. Packs are embedded at compile time ([`builtin`]) and can
//! also be loaded from a file at run time; both go through [`RulePack::from_json`], which
//! rejects a malformed pack with a message naming the rule and the problem.

pub mod builtin;
pub mod expr;
mod object;
mod parse;
pub mod template;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::DocKind;
use expr::{Cond, Expr, FieldPath, Ty};
use parse::Ctx;
use template::Template;

/// Format id every pack file declares.
pub const PACK_FORMAT: &str = "shenbao.pack/1";

/// How binding the regulation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 正式
    Formal,
    /// 试行 / 暂行
    Trial,
    /// 征求意见稿
    Draft,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Formal => "正式",
            Status::Trial => "试行",
            Status::Draft => "征求意见稿",
        }
    }
}

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks signing.
    Error,
    /// Needs a written 说明 before signing.
    Warning,
    /// For information only.
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// Where in the regulation a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// As written in the text, e.g. `第十七条`.
    pub article: String,
    /// Paragraph or item, e.g. `（三）` or `第二款`; absent when the article has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// A short quotation of the source text (masked words restored are marked in `note`).
    pub quote: String,
    /// Editorial remark about the quotation (e.g. which masked words were restored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Metadata of a pack: which regulation it encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackMeta {
    pub format: String,
    pub id: String,
    pub version: String,
    pub province: String,
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Short place name used in citations, e.g. `巴中`.
    pub short_name: String,
    /// Title of the regulation (without 《》).
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    pub issuer: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<NaiveDate>,
    pub source_file: String,
    /// The article that sets the regulation's validity.
    pub validity_citation: Citation,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl PackMeta {
    /// `四川省巴中市` / `四川省德阳市罗江区`.
    pub fn place(&self) -> String {
        format!("{}{}{}", self.province, self.city, self.district.as_deref().unwrap_or(""))
    }

    /// `巴中市` / `德阳市罗江区`: the city as findings name it.
    pub fn city_name(&self) -> String {
        format!("{}{}", self.city, self.district.as_deref().unwrap_or(""))
    }

    /// Human-readable validity window.
    pub fn validity_text(&self) -> String {
        match (self.effective_from, self.effective_until) {
            (Some(f), Some(u)) => format!("{f} 至 {u}"),
            (Some(f), None) => format!("{f} 起，未设截止日期"),
            (None, Some(u)) => format!("截至 {u}"),
            (None, None) => "未载明".into(),
        }
    }
}

/// Orders two pack versions written as dotted numbers (`2022.2.10` after `2022.2.9`);
/// `None` when either is not (a version is free text in a loaded pack).
pub fn version_order(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let parts = |v: &str| v.split('.').map(|n| n.parse::<u64>().ok()).collect::<Option<Vec<u64>>>();
    Some(parts(a)?.cmp(&parts(b)?))
}

/// Packs given together (the CLI's `--pack` files) split into those in use, for each id the
/// latest version (by [`version_order`]; of two versions that cannot be ordered, the one given
/// later), and the earlier ones, under which a package signed with them is still re-checked
/// (`package::VerifyOptions::superseded`), as the app keeps a loaded pack's earlier files.
pub fn current_and_earlier<'a>(packs: &[&'a RulePack]) -> (Vec<&'a RulePack>, Vec<&'a RulePack>) {
    let mut current: Vec<&'a RulePack> = Vec::new();
    let mut earlier = Vec::new();
    for &p in packs {
        match current.iter_mut().find(|c| c.meta.id == p.meta.id) {
            None => current.push(p),
            Some(c) if version_order(&p.meta.version, &c.meta.version) == Some(std::cmp::Ordering::Less) => earlier.push(p),
            Some(c) => earlier.push(std::mem::replace(c, p)),
        }
    }
    (current, earlier)
}

/// One rule, parsed and type-checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    /// Short Chinese name of the requirement.
    pub title: String,
    pub severity: Severity,
    pub documents: Vec<DocKind>,
    pub citation: Citation,
    /// Field paths the finding points at (may start with `@.` inside `for_each`).
    pub fields: Vec<FieldPath>,
    /// Evaluate once per row of this table instead of once per submission.
    pub for_each: Option<FieldPath>,
    pub when: Option<Cond>,
    pub require: Cond,
    /// Named values computed for the message, in name order.
    pub lets: Vec<(String, Expr, Ty)>,
    pub message: Template,
    pub advice: Option<String>,
}

/// A loaded rule pack.
#[derive(Debug, Clone, PartialEq)]
pub struct RulePack {
    pub meta: PackMeta,
    pub rules: Vec<Rule>,
    /// The pack file's bytes as loaded (hashes and packages refer to these).
    pub source: String,
    /// SHA-256 and SM3 (hex) of the RFC 8785 form of `source`, computed once: verifying a
    /// batch of packages compares every package's pinned pack hash, and canonicalising a
    /// 60 KB pack for each package cost more than the signature check itself.
    pub(crate) canonical_hashes: std::sync::OnceLock<(String, String)>,
}

/// Why a pack was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError {
    /// Rule id (or `#3` when the rule has no usable id); `None` for pack-level problems.
    pub rule: Option<String>,
    /// Location inside the rule or pack, e.g. `when.all[1].gt[0]`.
    pub at: String,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.rule, self.at.is_empty()) {
            (Some(r), false) => write!(f, "规则 {r}（{}）：{}", self.at, self.message),
            (Some(r), true) => write!(f, "规则 {r}：{}", self.message),
            (None, false) => write!(f, "规则包（{}）：{}", self.at, self.message),
            (None, true) => write!(f, "规则包：{}", self.message),
        }
    }
}

impl std::error::Error for PackError {}

/// A rule as written, read by [`object::rule`].
struct RuleSrc {
    id: String,
    title: String,
    severity: Severity,
    documents: Vec<DocKind>,
    citation: Citation,
    fields: Vec<String>,
    for_each: Option<String>,
    when: Option<Value>,
    require: Value,
    lets: BTreeMap<String, Value>,
    message: String,
    advice: Option<String>,
}

fn pack_err(at: &str, message: impl Into<String>) -> PackError {
    PackError { rule: None, at: at.into(), message: message.into() }
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

fn check_citation(c: &Citation) -> Result<(), (&'static str, String)> {
    let a = c.article.trim();
    if a.is_empty() {
        return Err(("citation.article", "缺少条款出处（article，如“第十七条”）".into()));
    }
    if !(a.starts_with('第') && (a.ends_with('条') || a.ends_with('條'))) {
        return Err(("citation.article", format!("article 应按原文写作“第X条”，这里是“{a}”")));
    }
    if c.quote.trim().chars().count() < 4 {
        return Err(("citation.quote", "缺少原文引述（quote）".into()));
    }
    Ok(())
}

impl RulePack {
    /// Loads and checks a pack file.
    pub fn from_json(text: &str) -> Result<RulePack, PackError> {
        // Strict: size cap, BOM dropped, duplicate keys refused (a pack is pinned by hash in
        // signed packages, so two readers must never see different rules in one file).
        let root: Value = crate::input::parse(text, crate::input::MAX_INPUT_BYTES).map_err(|e| {
            let line = if e.line > 0 { format!("第 {} 行：", e.line) } else { String::new() };
            pack_err(&e.path, format!("不是有效的 JSON：{line}{}", e.message))
        })?;
        // Packages pin a pack by the hash of its RFC 8785 canonical bytes; keep that well defined.
        if let Err(crate::package::jcs::JcsError::UnsupportedNumber(at)) = crate::package::jcs::canonicalize(&root) {
            return Err(pack_err(
                at.trim_start_matches("$.").trim_start_matches('$'),
                "规则包中只能使用 ±2^53 以内的整数，不能有小数（不足一万元的金额请写作 {\"yuan\": 整数}）",
            ));
        }
        let Value::Object(mut obj) = root else { return Err(pack_err("", "顶层应为 JSON 对象")) };
        let rules_v = obj.remove("rules").ok_or_else(|| pack_err("rules", "缺少 rules 数组"))?;
        let Value::Array(rules_v) = rules_v else { return Err(pack_err("rules", "rules 应为数组")) };
        let meta = object::meta(&Value::Object(obj)).map_err(|(at, m)| pack_err(&at, format!("元数据有误：{m}")))?;
        if meta.format != PACK_FORMAT {
            return Err(pack_err("format", format!("不支持的规则包格式“{}”，应为“{PACK_FORMAT}”", meta.format)));
        }
        if !is_valid_id(&meta.id) {
            return Err(pack_err("id", format!("规则包 id“{}”只能包含小写字母、数字、点、下划线和连字符", meta.id)));
        }
        if let (Some(f), Some(u)) = (meta.effective_from, meta.effective_until)
            && u < f
        {
            return Err(pack_err("effective_until", format!("有效期截止 {u} 早于施行日期 {f}")));
        }
        if let Err((at, m)) = check_citation(&meta.validity_citation) {
            return Err(pack_err(&format!("validity_citation.{}", at.trim_start_matches("citation.")), m));
        }
        if rules_v.is_empty() {
            return Err(pack_err("rules", "规则包没有任何规则"));
        }
        let mut seen = BTreeSet::new();
        let mut rules = Vec::with_capacity(rules_v.len());
        for (i, rv) in rules_v.into_iter().enumerate() {
            let name = rv.get("id").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| format!("#{}", i + 1));
            let rule = Self::parse_rule(rv).map_err(|(at, message)| PackError { rule: Some(name.clone()), at, message })?;
            if !seen.insert(rule.id.clone()) {
                return Err(PackError { rule: Some(name), at: "id".into(), message: "规则 id 重复".into() });
            }
            rules.push(rule);
        }
        // Without the BOM, so the source stays parseable for hashing (`PackDigest::of`).
        Ok(RulePack { meta, rules, source: crate::input::strip_bom(text).to_string(), canonical_hashes: std::sync::OnceLock::new() })
    }

    fn parse_rule(v: Value) -> Result<Rule, (String, String)> {
        let src = object::rule(&v)?;
        let to = |e: parse::At| (e.at, e.message);
        if !is_valid_id(&src.id) {
            return Err(("id".into(), format!("id“{}”只能包含小写字母、数字、点、下划线和连字符", src.id)));
        }
        if src.title.trim().is_empty() {
            return Err(("title".into(), "缺少规则名称（title）".into()));
        }
        check_citation(&src.citation).map_err(|(at, m)| (at.to_string(), m))?;
        if src.documents.is_empty() {
            return Err(("documents".into(), "documents 不能为空（project、service_plan）".into()));
        }
        let mut documents = src.documents.clone();
        crate::order::sort(&mut documents);
        documents.dedup();
        let top = Ctx { scope: None, docs: &documents };
        let for_each = match &src.for_each {
            None => None,
            Some(p) => {
                let fp = parse::path(p, &top, "for_each").map_err(to)?;
                if crate::fields::field(&fp.generic).is_none_or(|f| f.kind != crate::fields::FieldKind::Table) || fp.generic.contains("[]") {
                    return Err(("for_each".into(), format!("for_each 应为表格路径，“{p}”不是")));
                }
                Some(fp)
            }
        };
        let ctx = Ctx { scope: for_each.as_ref().map(|f| f.generic.clone()), docs: &documents };
        let when = src.when.as_ref().map(|w| parse::cond(w, &ctx, "when")).transpose().map_err(to)?;
        let require = parse::cond(&src.require, &ctx, "require").map_err(to)?;
        let mut fields = Vec::new();
        for (i, f) in src.fields.iter().enumerate() {
            fields.push(parse::path(f, &ctx, &format!("fields[{i}]")).map_err(to)?);
        }
        if fields.is_empty() {
            return Err(("fields".into(), "fields 不能为空：界面需要知道该指向哪个字段".into()));
        }
        let mut lets = Vec::new();
        for (name, ev) in &src.lets {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || crate::fields::field(name).is_some() {
                return Err((format!("let.{name}"), "let 名称只能用字母、数字和下划线".into()));
            }
            let (e, t) = parse::expr(ev, &ctx, &format!("let.{name}")).map_err(to)?;
            lets.push((name.clone(), e, t));
        }
        let message = Template::parse(&src.message, &ctx, &lets).map_err(to)?;
        Ok(Rule {
            id: src.id,
            title: src.title,
            severity: src.severity,
            documents,
            citation: src.citation,
            fields,
            for_each,
            when,
            require,
            lets,
            message,
            advice: src.advice.filter(|a| !a.trim().is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::version_order;

    #[test]
    fn versions_order_by_their_numbers() {
        assert_eq!(version_order("2022.2.10", "2022.2.9"), Some(Ordering::Greater));
        assert_eq!(version_order("1.0.1", "1.0.1"), Some(Ordering::Equal));
        assert_eq!(version_order("2022.2", "2022.2.1"), Some(Ordering::Less));
        assert_eq!(version_order("2022.2.1-draft", "2022.2.1"), None);
        assert_eq!(version_order("", "1"), None);
    }

    #[test]
    fn of_packs_given_together_the_latest_version_of_each_is_in_use() {
        // The first built-in pack under another id and version.
        let base = &crate::pack::builtin::packs()[0];
        let version = |id: &str, v: &str| {
            let mut pack: serde_json::Value = serde_json::from_str(&base.source).unwrap();
            (pack["id"], pack["version"]) = (id.into(), v.into());
            let text = serde_json::to_string(&pack).unwrap().replace(&format!("\"{}.", base.meta.id), &format!("\"{id}."));
            super::RulePack::from_json(&text).unwrap()
        };
        let (a1, a2, a3, b1, a_draft) = (version("a", "1.0"), version("a", "2.0"), version("a", "3.0"), version("b", "1.0"), version("a", "draft"));
        let ids = |packs: &[&super::RulePack]| packs.iter().map(|p| format!("{} {}", p.meta.id, p.meta.version)).collect::<Vec<_>>();
        // In any order: the latest in use, the others earlier.
        let (current, earlier) = super::current_and_earlier(&[&a2, &b1, &a3, &a1]);
        assert_eq!(ids(&current), ["a 3.0", "b 1.0"]);
        assert_eq!(ids(&earlier), ["a 2.0", "a 1.0"]);
        // A version that cannot be ordered: the one given later is in use.
        let (current, earlier) = super::current_and_earlier(&[&a1, &a_draft]);
        assert_eq!((ids(&current), ids(&earlier)), (vec!["a draft".to_string()], vec!["a 1.0".to_string()]));
        let (current, earlier) = super::current_and_earlier(&[&a_draft, &a1]);
        assert_eq!((ids(&current), ids(&earlier)), (vec!["a 1.0".to_string()], vec!["a draft".to_string()]));
    }
}
