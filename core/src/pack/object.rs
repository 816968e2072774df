//! Reading a pack's metadata, citations and rules from their JSON objects, each problem
//! located (`citation.article`) and said in Chinese. Instead of serde derives behind
//! `serde_path_to_error`, whose wrappers were ~25 KB of the browser's main module, where a
//! form reads its city's pack when it opens (BENCHMARKS.md, eleventh round).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Citation, PackMeta, Severity, Status};
use crate::model::DocKind;

/// Where a problem is (`citation.quote`, empty for the object itself) and what it is.
pub(crate) type Located = (String, String);

/// A JSON object being read, at `at` (its path, empty at the top).
pub(crate) struct Obj<'v> {
    m: &'v Map<String, Value>,
    at: &'v str,
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_string() } else { format!("{at}.{key}") }
}

impl<'v> Obj<'v> {
    /// `v` as an object whose keys are all among `known`.
    pub(crate) fn new(v: &'v Value, at: &'v str, known: &[&str]) -> Result<Self, Located> {
        let Some(m) = v.as_object() else { return Err((at.to_string(), "应为 JSON 对象".into())) };
        if let Some(k) = m.keys().find(|k| !known.contains(&k.as_str())) {
            return Err((join(at, k), format!("未知键 `{k}`（可用：{}）", known.join("、"))));
        }
        Ok(Obj { m, at })
    }

    fn wrong(&self, key: &str, expected: &str) -> Located {
        (join(self.at, key), format!("{key} 应为{expected}"))
    }

    /// A value that must be there (null counts as there, as for serde).
    pub(crate) fn required(&self, key: &str) -> Result<&'v Value, Located> {
        self.m.get(key).ok_or_else(|| (self.at.to_string(), format!("缺少必填项 `{key}`")))
    }

    /// A value that may be absent or null.
    fn present(&self, key: &str) -> Option<&'v Value> {
        self.m.get(key).filter(|v| !v.is_null())
    }

    pub(crate) fn text(&self, key: &str) -> Result<String, Located> {
        self.required(key)?.as_str().map(str::to_string).ok_or_else(|| self.wrong(key, "文本"))
    }

    pub(crate) fn opt_text(&self, key: &str) -> Result<Option<String>, Located> {
        self.present(key).map(|v| v.as_str().map(str::to_string).ok_or_else(|| self.wrong(key, "文本"))).transpose()
    }

    pub(crate) fn texts(&self, key: &str) -> Result<Vec<String>, Located> {
        match self.present(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items.iter().map(|i| i.as_str().map(str::to_string).ok_or_else(|| self.wrong(key, "文本列表"))).collect(),
            Some(_) => Err(self.wrong(key, "文本列表")),
        }
    }

    /// A date written `YYYY-MM-DD` (`crate::date::parse_ymd`), absent or null for none.
    fn date(&self, key: &str) -> Result<Option<chrono::NaiveDate>, Located> {
        let Some(v) = self.present(key) else { return Ok(None) };
        let s = v.as_str().ok_or_else(|| self.wrong(key, "日期文本（YYYY-MM-DD）"))?;
        crate::date::parse_ymd(s).map(Some).ok_or_else(|| (join(self.at, key), format!("日期“{s}”应为 YYYY-MM-DD")))
    }

    /// One of `ids` (a closed list written in snake_case), as its position.
    fn one_of(&self, key: &str, v: &Value, ids: &[&str]) -> Result<usize, Located> {
        let s = v.as_str().ok_or_else(|| self.wrong(key, "文本"))?;
        ids.iter().position(|id| *id == s).ok_or_else(|| (join(self.at, key), format!("取值无效：“{s}”，可选 {}", ids.join("、"))))
    }

    pub(crate) fn citation(&self, key: &str) -> Result<Citation, Located> {
        let at = join(self.at, key);
        let c = Obj::new(self.required(key)?, &at, &["article", "clause", "quote", "note"])?;
        Ok(Citation { article: c.text("article")?, clause: c.opt_text("clause")?, quote: c.text("quote")?, note: c.opt_text("note")? })
    }

    pub(crate) fn severity(&self, key: &str) -> Result<Severity, Located> {
        const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
        Ok(ALL[self.one_of(key, self.required(key)?, &["error", "warning", "info"])?])
    }

    pub(crate) fn documents(&self, key: &str) -> Result<Vec<DocKind>, Located> {
        let ids = DocKind::ALL.map(DocKind::id);
        match self.required(key)? {
            Value::Array(items) => items.iter().map(|i| Ok(DocKind::ALL[self.one_of(key, i, &ids)?])).collect(),
            _ => Err(self.wrong(key, "列表")),
        }
    }

    /// An object of named values (`let`), absent for none.
    pub(crate) fn named(&self, key: &str) -> Result<BTreeMap<String, Value>, Located> {
        match self.present(key) {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(m)) => Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            Some(_) => Err(self.wrong(key, "对象")),
        }
    }

    pub(crate) fn opt_value(&self, key: &str) -> Option<Value> {
        self.present(key).cloned()
    }
}

/// A pack's metadata: the pack's object without its `rules`.
pub(crate) fn meta(v: &Value) -> Result<PackMeta, Located> {
    const KEYS: &[&str] = &[
        "format",
        "id",
        "version",
        "province",
        "city",
        "district",
        "short_name",
        "title",
        "doc_number",
        "issuer",
        "status",
        "published",
        "effective_from",
        "effective_until",
        "source_file",
        "validity_citation",
        "notes",
    ];
    let o = Obj::new(v, "", KEYS)?;
    const STATUS: [Status; 3] = [Status::Formal, Status::Trial, Status::Draft];
    Ok(PackMeta {
        format: o.text("format")?,
        id: o.text("id")?,
        version: o.text("version")?,
        province: o.text("province")?,
        city: o.text("city")?,
        district: o.opt_text("district")?,
        short_name: o.text("short_name")?,
        title: o.text("title")?,
        doc_number: o.opt_text("doc_number")?,
        issuer: o.text("issuer")?,
        status: STATUS[o.one_of("status", o.required("status")?, &["formal", "trial", "draft"])?],
        published: o.date("published")?,
        effective_from: o.date("effective_from")?,
        effective_until: o.date("effective_until")?,
        source_file: o.text("source_file")?,
        validity_citation: o.citation("validity_citation")?,
        notes: o.opt_text("notes")?.unwrap_or_default(),
    })
}

/// A rule's source, before its paths, conditions and message are parsed.
pub(crate) fn rule(v: &Value) -> Result<super::RuleSrc, Located> {
    const KEYS: &[&str] = &["id", "title", "severity", "documents", "citation", "fields", "for_each", "when", "require", "let", "message", "advice"];
    let o = Obj::new(v, "", KEYS)?;
    Ok(super::RuleSrc {
        id: o.text("id")?,
        title: o.text("title")?,
        severity: o.severity("severity")?,
        documents: o.documents("documents")?,
        citation: o.citation("citation")?,
        fields: o.texts("fields")?,
        for_each: o.opt_text("for_each")?,
        when: o.opt_value("when"),
        require: o.required("require")?.clone(),
        lets: o.named("let")?,
        message: o.text("message")?,
        advice: o.opt_text("advice")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn problems_are_located_and_said_in_chinese() {
        let c = json!({"citation": {"article": "第一条", "quote": "原文引述", "page": 3}});
        let o = Obj::new(&c, "", &["citation"]).unwrap();
        let (at, message) = o.citation("citation").unwrap_err();
        assert_eq!(at, "citation.page");
        assert!(message.contains("未知键 `page`") && message.contains("article"), "{message}");

        let c = json!({"citation": {"article": "第一条"}});
        let (at, message) = Obj::new(&c, "", &["citation"]).unwrap().citation("citation").unwrap_err();
        assert_eq!((at.as_str(), message.as_str()), ("citation", "缺少必填项 `quote`"));

        let c = json!({"severity": "fatal", "documents": ["project", 3], "notes": 5, "day": "2024-1-1"});
        let o = Obj::new(&c, "", &["severity", "documents", "notes", "day"]).unwrap();
        assert!(o.severity("severity").unwrap_err().1.contains("取值无效：“fatal”"));
        assert_eq!(o.documents("documents").unwrap_err(), ("documents".into(), "documents 应为文本".into()));
        assert_eq!(o.opt_text("notes").unwrap_err().0, "notes");
        assert!(o.date("day").unwrap_err().1.contains("YYYY-MM-DD"));
        assert_eq!(Obj::new(&json!([]), "x", &[]).err().map(|e| e.0), Some("x".into()));
    }

    #[test]
    fn absent_and_null_are_none_for_optional_values() {
        let c = json!({"clause": null});
        let o = Obj::new(&c, "", &["clause", "when"]).unwrap();
        assert_eq!(o.opt_text("clause"), Ok(None));
        assert_eq!(o.opt_value("when"), None);
        assert_eq!(o.texts("fields"), Ok(Vec::new()));
        assert_eq!(o.named("let"), Ok(BTreeMap::new()));
    }
}
