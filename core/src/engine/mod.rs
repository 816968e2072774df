//! The generic rule engine: evaluates a pack against a submission and returns every
//! finding, deterministically and in a stable order. Nothing here knows about any city.

mod consistency;
pub mod conventions;
mod eval;
pub mod format;
pub mod live;
mod message;
pub mod value;

use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::Value;

use crate::fields;
use crate::model::{DocKind, Submission};
use crate::pack::expr::FieldPath;
use crate::pack::{Rule, RulePack, Severity, Status};
use crate::report::{Finding, PackRef, Report, Summary};
use eval::{Scope, check as holds};
use message::render;
use value::rows;

/// Version of the engine, recorded in every report. Raise it whenever the same pack and
/// submission would give another report: a message worded otherwise (`message`), a format
/// check added or changed. A verifier accepts a package checked by another engine version
/// whose findings differ only in wording (`report::reworded`); any other difference is a
/// report mismatch, so wording must never change under the same version
/// (`core/tests/packs.rs` holds every pack's reports to `core/tests/engine-words.txt`).
///
/// 0.2.0: a blank number drops its spaces and unit (「试运行期为未填写」), and a blank value
/// the bracket holding only its label (「（说明：）」); a service plan's
/// field labelled as a project's is named with its document (「服务需求方案的项目名称未填写」);
/// a draft regulation without dates says 「文本未载明有效期」.
pub const ENGINE_VERSION: &str = "0.2.0";

/// Checks a submission against a pack: format checks, the regulation's validity, then
/// every rule of the pack.
pub fn check(pack: &RulePack, sub: &Submission) -> Report {
    let root = crate::model::json::Json::write(sub);
    let rules: Vec<Vec<Arc<Finding>>> = pack.rules.iter().map(|rule| rule_findings(pack, rule, sub, &root)).collect();
    let mut problems = format::field_errors(&root);
    problems.extend(format::text_errors(&root, ""));
    assemble(pack, sub, format::format_findings(problems), consistency::consistency_findings(sub), &rules)
}

/// The findings of one rule of the pack (none when a document it needs is absent). Depends
/// only on the rule and on the values at the paths it names (`live::dependencies`).
fn rule_findings(pack: &RulePack, rule: &Rule, sub: &Submission, root: &Value) -> Vec<Arc<Finding>> {
    rule_findings_by_row(pack, rule, sub, root, None)
}

/// [`rule_findings`], also counting the findings of each row of a `for_each` rule into
/// `per_row` (left empty when the rule was not evaluated), so that [`live::LiveCheck`] can
/// re-evaluate one row after a cell edit.
fn rule_findings_by_row(pack: &RulePack, rule: &Rule, sub: &Submission, root: &Value, per_row: Option<&mut Vec<usize>>) -> Vec<Arc<Finding>> {
    let mut out = Vec::new();
    if rule.documents.iter().all(|d| sub.has(*d)) {
        evaluate_rule(pack, rule, root, &mut out, per_row);
    }
    out
}

/// The report from the findings of each rule (in pack order), the format findings of the
/// submission in form order (from the fields' format checks and the text fields' problems:
/// `format::format_findings`) and the checks that are not rules. Shared by [`check`] and
/// [`live::LiveCheck`], so both give the identical report.
fn assemble(pack: &RulePack, sub: &Submission, format: Vec<Arc<Finding>>, consistency: Vec<Arc<Finding>>, rules: &[Vec<Arc<Finding>>]) -> Report {
    let mut findings = format;
    findings.extend(consistency);
    findings.extend(validity_findings(pack, sub).into_iter().map(Arc::new));
    findings.extend(rules.iter().flatten().cloned());
    // Stable: keeps generation order within a severity.
    crate::order::sort_by_key(&mut findings, |f| f.severity);
    let mut summary = Summary::default();
    for f in &findings {
        match f.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    Report {
        pack: PackRef { id: pack.meta.id.clone(), version: pack.meta.version.clone(), title: pack.meta.title.clone(), city: pack.meta.city_name() },
        engine: ENGINE_VERSION.to_string(),
        documents: DocKind::ALL.into_iter().filter(|d| sub.has(*d)).collect(),
        summary,
        findings,
    }
}

fn base_finding(pack: &RulePack, rule: &Rule) -> Finding {
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        title: rule.title.clone(),
        city: pack.meta.city_name(),
        short_name: pack.meta.short_name.clone(),
        document: pack.meta.title.clone(),
        article: rule.citation.article.clone(),
        clause: rule.citation.clause.clone(),
        quote: rule.citation.quote.clone(),
        fields: Vec::new(),
        message: String::new(),
        advice: rule.advice.clone(),
    }
}

fn violated(rule: &Rule, scope: Scope) -> bool {
    rule.when.as_ref().is_none_or(|w| holds(w, scope)) && !holds(&rule.require, scope)
}

fn evaluate_rule(pack: &RulePack, rule: &Rule, root: &Value, out: &mut Vec<Arc<Finding>>, mut per_row: Option<&mut Vec<usize>>) {
    match &rule.for_each {
        None => {
            let scope = Scope { root, item: None };
            if violated(rule, scope) {
                let mut f = base_finding(pack, rule);
                f.fields = rule.fields.iter().map(|p| concrete(p, None)).collect();
                f.message = render(&rule.message, rule, scope, None);
                out.push(Arc::new(f));
            }
        }
        Some(list) => {
            for (i, row) in rows(list, root, None).iter().enumerate() {
                let before = out.len();
                evaluate_row(pack, rule, list, root, i, row, out);
                if let Some(counts) = per_row.as_deref_mut() {
                    counts.push(out.len() - before);
                }
            }
        }
    }
}

/// The finding, if any, of row `i` (`row`) of the `for_each` rule `rule` over `list`.
fn evaluate_row(pack: &RulePack, rule: &Rule, list: &FieldPath, root: &Value, i: usize, row: &Value, out: &mut Vec<Arc<Finding>>) {
    let scope = Scope { root, item: Some(row) };
    if violated(rule, scope) {
        let mut f = base_finding(pack, rule);
        f.fields = rule.fields.iter().map(|p| concrete(p, Some((list, i)))).collect();
        f.message = render(&rule.message, rule, scope, Some(i));
        out.push(Arc::new(f));
    }
}

/// The concrete path of a rule field: `@.amount` in row 3 of `items` → `…items[3].amount`.
fn concrete(p: &FieldPath, row: Option<(&FieldPath, usize)>) -> String {
    match (p.relative, row) {
        (true, Some((list, i))) => format!("{}[{i}].{}", list.text, p.text.trim_start_matches("@.")),
        _ => p.text.clone(),
    }
}

/// The date a submission is filed on: the application's 申报日期, else the service plan's date.
fn filing_date(sub: &Submission) -> Option<(NaiveDate, &'static str)> {
    if let Some(p) = &sub.project
        && let Some(d) = p.basic.filing_date
    {
        return Some((d.0, "project.basic.filing_date"));
    }
    sub.service_plan.as_ref().and_then(|s| s.date).map(|d| (d.0, "service_plan.date"))
}

/// The regulation's own validity, as rules generated from the pack's metadata.
fn validity_findings(pack: &RulePack, sub: &Submission) -> Vec<Finding> {
    let m = &pack.meta;
    let cite = &m.validity_citation;
    let base = |id: &str, title: &str, fields: Vec<String>, message: String| Finding {
        rule: format!("{}.validity.{id}", m.id),
        severity: Severity::Warning,
        title: title.into(),
        city: m.city_name(),
        short_name: m.short_name.clone(),
        document: m.title.clone(),
        article: cite.article.clone(),
        clause: cite.clause.clone(),
        quote: cite.quote.clone(),
        fields,
        message,
        advice: Some("请向数据主管部门确认现行有效的管理办法；如确认适用，在说明中写明依据。".into()),
    };
    let mut out = Vec::new();
    if m.status == Status::Draft {
        let published = m.published.map(|d| format!("（{d} 发布）")).unwrap_or_default();
        let validity = match (m.effective_from, m.effective_until) {
            (None, None) => "文本未载明有效期".to_string(),
            _ => format!("有效期按文本为 {}", m.validity_text()),
        };
        out.push(base(
            "draft",
            "依据文本为征求意见稿",
            Vec::new(),
            format!("所依据的《{}》为征求意见稿{published}，尚非正式施行文本，条款可能调整；{validity}", m.title),
        ));
    }
    if let Some((date, path)) = filing_date(sub) {
        let label = fields::field(path).map(|f| f.label).unwrap_or("申报日期");
        if let Some(from) = m.effective_from
            && date < from
        {
            out.push(base(
                "not-yet",
                "申报日期早于办法施行日期",
                vec![path.into()],
                format!("{label} {date} 早于《{}》的施行日期 {from}（有效期 {}）", m.title, m.validity_text()),
            ));
        }
        if let Some(until) = m.effective_until
            && date > until
        {
            out.push(base(
                "expired",
                "申报日期超出办法有效期",
                vec![path.into()],
                format!("{label} {date} 已超出《{}》的有效期（{}），该办法可能已失效或被替代", m.title, m.validity_text()),
            ));
        }
    }
    out
}
