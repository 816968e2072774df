//! The editor's reactive state: the submission JSON being edited, the chosen pack, and the
//! report re-computed by `shenbao-core` on every change.

use std::collections::HashMap;

use leptos::prelude::*;
use serde_json::{Value, json};
use shenbao_core::model::path;
use shenbao_core::pack::RulePack;
use shenbao_core::{Finding, Report, Submission};

#[derive(Clone, Copy)]
pub struct EditorCtx {
    /// The submission as JSON (what is saved); may be incomplete.
    pub doc: RwSignal<Value>,
    pub pack: RwSignal<Option<&'static RulePack>>,
    /// The latest report; `Err` carries a parse message (should not happen: the form only
    /// writes values of the right type).
    pub report: Memo<Result<Report, String>>,
    /// Warnings without a 说明 (what keeps a clean report from being signed).
    pub unexplained: Memo<usize>,
    /// Findings by concrete field path.
    pub by_field: Memo<HashMap<String, Vec<Finding>>>,
    /// (revision, milliseconds): bumped every time the report is re-computed, with how long
    /// parse + check took. The findings panel shows both as data attributes, so the benchmark
    /// (bench/web/live.mjs) can tell from outside when a keystroke's report is in the page even
    /// when the findings did not change. Two `performance.now()` calls per check: negligible.
    pub check_rev: Memo<(u64, f64)>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl EditorCtx {
    pub fn new(doc: Value, pack: Option<&'static RulePack>) -> EditorCtx {
        let doc = RwSignal::new(doc);
        let pack = RwSignal::new(pack);
        // Parse and check once per change; everything else derives from this.
        let checked = Memo::new(move |prev: Option<&(u64, f64, Result<(Report, usize), String>)>| {
            let rev = prev.map_or(1, |p| p.0 + 1);
            let t0 = now_ms();
            let result = (|| {
                let text = doc.with(|v| v.to_string());
                let sub = Submission::from_json(&text).map_err(|e| e.to_string())?;
                let report = match pack.get() {
                    Some(p) => shenbao_core::check(p, &sub),
                    None => return Err("未选择规则包".to_string()),
                };
                let unexplained = sub.unexplained(&report).len();
                Ok((report, unexplained))
            })();
            (rev, now_ms() - t0, result)
        });
        let check_rev = Memo::new(move |_| checked.with(|c| (c.0, c.1)));
        let report = Memo::new(move |_| checked.with(|c| c.2.as_ref().map(|(r, _)| r.clone()).map_err(Clone::clone)));
        let unexplained = Memo::new(move |_| checked.with(|c| c.2.as_ref().map(|(_, n)| *n).unwrap_or(0)));
        let by_field = Memo::new(move |_| {
            let mut map: HashMap<String, Vec<Finding>> = HashMap::new();
            if let Ok(r) = report.get() {
                for f in r.findings {
                    for p in &f.fields {
                        map.entry(p.clone()).or_default().push(f.clone());
                    }
                }
            }
            map
        });
        EditorCtx { doc, pack, report, unexplained, by_field, check_rev }
    }

    pub fn get(&self, p: &str) -> Value {
        self.doc.with(|v| path::get(v, p).cloned().unwrap_or(Value::Null))
    }

    pub fn set(&self, p: &str, value: Value) {
        self.doc.update(|v| {
            path::set(v, p, value);
        });
    }

    pub fn has(&self, doc: &str) -> bool {
        self.doc.with(|v| v.get(doc).is_some_and(|d| !d.is_null()))
    }

    /// The 说明 written for a finding, if any.
    pub fn justification(&self, f: &Finding) -> String {
        self.doc.with(|v| {
            v.get("justifications")
                .and_then(Value::as_array)
                .and_then(|list| list.iter().find(|j| j["rule"] == json!(f.rule) && j["fields"] == json!(f.fields)))
                .and_then(|j| j["text"].as_str())
                .unwrap_or("")
                .to_string()
        })
    }

    /// Sets (or, when blank, removes) the 说明 for a finding.
    pub fn set_justification(&self, f: &Finding, text: String) {
        self.doc.update(|v| {
            let list = v.as_object_mut().expect("submission is an object").entry("justifications").or_insert_with(|| json!([]));
            let Some(arr) = list.as_array_mut() else { return };
            arr.retain(|j| !(j["rule"] == json!(f.rule) && j["fields"] == json!(f.fields)));
            if !text.trim().is_empty() {
                arr.push(json!({ "rule": f.rule, "fields": f.fields, "text": text }));
            }
            if arr.is_empty() {
                v.as_object_mut().expect("object").remove("justifications");
            }
        });
    }
}
