//! Findings and reports: what a check returns, deterministic and in a stable order.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::DocKind;
use crate::pack::Severity;

/// One thing a reviewer must know about a submission, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id, e.g. `bazhong.17.merged-plan-cap` or `format.credit_code`.
    pub rule: String,
    pub severity: Severity,
    /// Short name of the requirement.
    pub title: String,
    /// City (and district) whose regulation this cites, or `通用` for format checks.
    pub city: String,
    /// Short place name for compact citations, e.g. `巴中`.
    pub short_name: String,
    /// Title of the cited document.
    pub document: String,
    /// Article as written in the text, e.g. `第十七条`.
    pub article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Quotation of the source text.
    pub quote: String,
    /// Concrete field paths the finding concerns (`project.cost_estimate.items[2].category`).
    pub fields: Vec<String>,
    /// Chinese message naming the actual values.
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

impl Finding {
    /// Compact citation: `巴中·第十七条（三）`.
    pub fn citation(&self) -> String {
        format!("{}·{}{}", self.short_name, self.article, self.clause.as_deref().unwrap_or(""))
    }
}

/// Reference to the pack a report was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackRef {
    pub id: String,
    pub version: String,
    pub title: String,
    pub city: String,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// The result of checking a submission against a pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub pack: PackRef,
    /// Version of the engine that produced the report.
    pub engine: String,
    pub documents: Vec<DocKind>,
    pub summary: Summary,
    /// Every finding: errors first, then warnings, then information; within a severity,
    /// format checks in form order, then the pack's rules in pack order, rows ascending.
    /// Shared, not copied: the editor's checker keeps each rule's findings between checks and
    /// a new report takes them as they are, so making it and comparing it with the last one
    /// costs a count and a pointer per finding, not a dozen strings (BENCHMARKS.md, fifteenth
    /// round). Serialized as the findings themselves.
    pub findings: Vec<Arc<Finding>>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Findings of one severity.
    pub fn of(&self, severity: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().map(|f| &**f).filter(move |f| f.severity == severity)
    }

    /// Status line, e.g. 「3 项错误 · 2 项警告」.
    pub fn status_line(&self) -> String {
        let s = self.summary;
        if s.errors == 0 && s.warnings == 0 {
            return if s.infos == 0 { "未发现问题".into() } else { format!("未发现错误或警告 · {} 项提示", s.infos) };
        }
        let mut parts = Vec::new();
        if s.errors > 0 {
            parts.push(format!("{} 项错误", s.errors));
        }
        if s.warnings > 0 {
            parts.push(format!("{} 项警告", s.warnings));
        }
        if s.infos > 0 {
            parts.push(format!("{} 项提示", s.infos));
        }
        parts.join(" · ")
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }
}
