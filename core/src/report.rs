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

/// How many findings each side of a report difference names before 「等 N 项」.
const NAMED: usize = 3;

/// The findings of `a` that `b` has not, those of `b` that `a` has not, and how many of both
/// read otherwise. A finding is the same finding on both sides when its rule and fields are.
fn delta<'a>(a: &'a Report, b: &'a Report) -> (Vec<&'a Finding>, Vec<&'a Finding>, usize) {
    let key = |f: &Finding| (f.rule.clone(), f.fields.clone());
    let mut unmatched: Vec<&Finding> = b.findings.iter().map(|f| &**f).collect();
    let (mut added, mut reworded) = (Vec::new(), 0);
    for f in a.findings.iter().map(|f| &**f) {
        match unmatched.iter().position(|s| key(s) == key(f)) {
            Some(i) => reworded += usize::from(*unmatched.remove(i) != *f),
            None => added.push(f),
        }
    }
    (added, unmatched, reworded)
}

/// Findings by severity, citation and title, the first few: 「【错误】巴中·第二条 …；等 5 项」.
fn named(list: &[&Finding]) -> String {
    let mut names: Vec<String> = list
        .iter()
        .take(NAMED)
        .map(|f| format!("【{}】{}·{}{} {}", f.severity.label(), f.short_name, f.article, f.clause.as_deref().unwrap_or(""), f.title))
        .collect();
    if list.len() > NAMED {
        names.push(format!("等 {} 项", list.len()));
    }
    names.join("；")
}

/// How a re-computed report differs from the report a package states, in Chinese, for the
/// reviewer told the two disagree: the findings only re-checking gives, the findings only
/// the package states (each by severity, citation and title, the first few), the findings
/// said in other words, and another engine version. Empty when none of these differ.
pub fn differences(again: &Report, stated: &Report) -> Vec<String> {
    let (added, unmatched, reworded) = delta(again, stated);
    let mut out = Vec::new();
    if !added.is_empty() {
        out.push(format!("重新检查另发现 {} 项（{}）", added.len(), named(&added)));
    }
    if !unmatched.is_empty() {
        out.push(format!("申报包内有 {} 项重新检查未发现（{}）", unmatched.len(), named(&unmatched)));
    }
    if reworded > 0 {
        out.push(format!("{reworded} 项问题相同而文字不同"));
    }
    if again.engine != stated.engine {
        let newer = crate::pack::version_order(&stated.engine, &again.engine) == Some(std::cmp::Ordering::Greater);
        let then = if newer { "，申报包由较新的引擎检查，请更新本机的申报通后再复核" } else { "" };
        out.push(format!("检查引擎版本不同（申报包 {}，本机 {}）{then}", stated.engine, again.engine));
    }
    out
}

/// For a package re-checked under a superseded version of its pack (`used`), what checking
/// it under the version in use (`now`) would find otherwise, in Chinese: whether the bureau
/// accepts a package made under old rules is its decision, and this is what it decides on.
pub fn under_current(now: &Report, used: &Report) -> String {
    let (added, gone, _) = delta(now, used);
    if added.is_empty() && gone.is_empty() {
        return "按现行版检查，问题相同".into();
    }
    let mut out = Vec::new();
    if !added.is_empty() {
        out.push(format!("按现行版检查另有 {} 项（{}）", added.len(), named(&added)));
    }
    if !gone.is_empty() {
        out.push(format!("按现行版检查不再有 {} 项（{}）", gone.len(), named(&gone)));
    }
    out.join("；")
}

/// How many findings read otherwise when `again` differs from `stated` in nothing but the
/// engine version and the findings' words — the same findings (rule, severity, citation,
/// fields), in the same order, with the same pack, documents and counts — or `None` when
/// anything else differs.
///
/// Why words may differ: a message is the engine's wording of a finding (`engine::message`),
/// and the title, quotation and advice of the engine's own findings (format checks, the
/// regulation's validity) are its text too; a newer engine may improve them. A pack rule's
/// title, quotation and advice come from the pinned pack, so they differ only if the package
/// was edited, which gains nothing: the verifier shows `again`'s words, never the package's.
pub fn reworded(again: &Report, stated: &Report) -> Option<usize> {
    let words = |f: &Finding| (f.title.clone(), f.quote.clone(), f.message.clone(), f.advice.clone());
    let same_otherwise = again.pack == stated.pack
        && again.documents == stated.documents
        && again.summary == stated.summary
        && again.findings.len() == stated.findings.len()
        && again.findings.iter().zip(&stated.findings).all(|(a, s)| {
            let (title, quote, message, advice) = words(s);
            Finding { title, quote, message, advice, ..(**a).clone() } == **s
        });
    same_otherwise.then(|| again.findings.iter().zip(&stated.findings).filter(|(a, s)| words(a) != words(s)).count())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Finding, PackRef, Report, Severity, Summary, differences, reworded, under_current};

    fn finding(rule: &str, severity: Severity, message: &str) -> Arc<Finding> {
        Arc::new(Finding {
            rule: rule.into(),
            severity,
            title: format!("{rule} 的要求"),
            city: "巴中市".into(),
            short_name: "巴中".into(),
            document: "办法".into(),
            article: "第二条".into(),
            clause: None,
            quote: "引文".into(),
            fields: vec!["project.basic.name".into()],
            message: message.into(),
            advice: None,
        })
    }

    fn report(findings: Vec<Arc<Finding>>) -> Report {
        Report {
            pack: PackRef { id: "bazhong".into(), version: "1".into(), title: "办法".into(), city: "巴中市".into() },
            engine: "0.1.0".into(),
            documents: Vec::new(),
            summary: Summary { errors: 0, warnings: 0, infos: 0 },
            findings,
        }
    }

    #[test]
    fn a_difference_names_what_each_side_has_alone_and_what_reads_otherwise() {
        let stated = report(vec![finding("a", Severity::Warning, "原话"), finding("b", Severity::Info, "提示")]);
        let again = report(vec![finding("a", Severity::Warning, "另一种说法"), finding("c", Severity::Error, "错误")]);
        assert_eq!(
            differences(&again, &stated),
            ["重新检查另发现 1 项（【错误】巴中·第二条 c 的要求）", "申报包内有 1 项重新检查未发现（【提示】巴中·第二条 b 的要求）", "1 项问题相同而文字不同"]
        );
        assert!(differences(&stated, &stated).is_empty());
    }

    #[test]
    fn many_findings_are_named_up_to_three_and_another_engine_is_said() {
        let stated = report(Vec::new());
        let mut again = report((0..5).map(|i| finding(&format!("r{i}"), Severity::Warning, "x")).collect());
        again.engine = "0.2.0".into();
        let d = differences(&again, &stated);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].starts_with("重新检查另发现 5 项（【警告】巴中·第二条 r0 的要求；") && d[0].ends_with("r2 的要求；等 5 项）"), "{}", d[0]);
        assert_eq!(d[1], "检查引擎版本不同（申报包 0.1.0，本机 0.2.0）");
        // A package checked by a newer engine than this copy's: update it.
        let d = differences(&stated, &again);
        assert_eq!(d.last().unwrap(), "检查引擎版本不同（申报包 0.2.0，本机 0.1.0），申报包由较新的引擎检查，请更新本机的申报通后再复核");
    }

    #[test]
    fn the_current_pack_is_compared_finding_by_finding() {
        let used = report(vec![finding("a", Severity::Warning, "原话"), finding("b", Severity::Info, "提示")]);
        let now = report(vec![finding("a", Severity::Warning, "另一种说法"), finding("c", Severity::Error, "新规则")]);
        assert_eq!(under_current(&used, &used), "按现行版检查，问题相同");
        assert_eq!(
            under_current(&now, &used),
            "按现行版检查另有 1 项（【错误】巴中·第二条 c 的要求）；按现行版检查不再有 1 项（【提示】巴中·第二条 b 的要求）"
        );
    }

    #[test]
    fn only_messages_may_read_otherwise() {
        let stated = report(vec![finding("a", Severity::Warning, "原话"), finding("b", Severity::Info, "提示")]);
        let mut again = report(vec![finding("a", Severity::Warning, "另一种说法"), finding("b", Severity::Info, "提示")]);
        again.engine = "0.2.0".into();
        assert_eq!(reworded(&again, &stated), Some(1));
        assert_eq!(reworded(&stated, &stated), Some(0));
        // The engine's other words too: a title, a quotation, advice.
        let mut other = again.clone();
        let f = Arc::make_mut(&mut other.findings[1]);
        (f.title, f.quote, f.advice) = ("新标题".into(), "新引文".into(), Some("新建议".into()));
        assert_eq!(reworded(&other, &stated), Some(2));
        let mut other = again.clone();
        Arc::make_mut(&mut other.findings[0]).article = "第三条".into();
        assert_eq!(reworded(&other, &stated), None, "another citation is another finding");
        // Anything the pack or the documents decide is not wording.
        let mut other = again.clone();
        Arc::make_mut(&mut other.findings[0]).severity = Severity::Error;
        assert_eq!(reworded(&other, &stated), None);
        let mut other = again.clone();
        Arc::make_mut(&mut other.findings[1]).fields = vec!["project.basic.owner_unit".into()];
        assert_eq!(reworded(&other, &stated), None);
        let mut other = again.clone();
        other.findings.swap(0, 1);
        assert_eq!(reworded(&other, &stated), None);
        let mut other = again.clone();
        other.findings.pop();
        assert_eq!(reworded(&other, &stated), None);
        let mut other = again;
        other.pack.version = "2".into();
        assert_eq!(reworded(&other, &stated), None);
    }
}
