//! Arithmetic and cross-document consistency, the same for every city: amounts add up,
//! and both documents describe the same project. Cites [`super::conventions`].

use std::sync::Arc;

use crate::model::{ConstructionKind, Implementation, Submission};
use crate::money::format_wan;
use crate::pack::Severity;
use crate::report::Finding;

use super::conventions;

fn wan(y: u64) -> String {
    format!("{} 万元", format_wan(y as i128))
}

fn finding(id: &str, title: &str, article: &'static str, severity: Severity, fields: Vec<String>, message: String) -> Arc<Finding> {
    Arc::new(Finding {
        rule: format!("consistency.{id}"),
        severity,
        title: title.into(),
        city: "通用".into(),
        short_name: "通用".into(),
        document: conventions::TITLE.into(),
        article: article.into(),
        clause: None,
        quote: conventions::quote(article).into(),
        fields,
        message,
        advice: None,
    })
}

/// The budget lines' findings (明细金额 = 数量 × 单价) as the last check found them, for the
/// editor's checker (`engine::live`): a line's finding depends on its row number, name,
/// quantity, unit price and amount only, and formatting its message (three amounts in 万元)
/// for every disagreeing line on every keystroke was most of the check once lines disagreed
/// (BENCHMARKS.md, fourteenth round). A line whose inputs are those of the last check keeps
/// its finding; the others are found again, by the same code as a full check.
#[derive(Default)]
pub struct Lines {
    rows: Vec<Line>,
}

/// A line's numbers as last checked, and its finding with the name it was written for. The
/// name is compared only for a line that has a finding: in the browser each string compared
/// is memory the keystroke has not touched since the last frame.
struct Line {
    numbers: [Option<u64>; 3],
    finding: Option<(String, Arc<Finding>)>,
}

impl Lines {
    /// Every consistency finding, in form order, the lines' kept where their inputs did not
    /// change.
    pub fn findings(&mut self, sub: &Submission) -> Vec<Arc<Finding>> {
        consistency_findings_with(sub, self)
    }
}

/// Every consistency finding, in form order.
pub fn consistency_findings(sub: &Submission) -> Vec<Arc<Finding>> {
    consistency_findings_with(sub, &mut Lines::default())
}

/// The finding of budget line `i`, if its amount is not its quantity × unit price.
fn line_finding(i: usize, it: &crate::model::CostItem) -> Option<Arc<Finding>> {
    let (q, price, amount) = (it.quantity?, it.unit_price?, it.amount?);
    let expected = (q as u128) * (price as u128);
    (expected != amount as u128).then(|| {
        finding(
            "line-amount",
            "明细金额 = 数量 × 单价",
            "第六条",
            Severity::Error,
            vec![format!("project.cost_estimate.items[{i}].amount")],
            format!(
                "资金估算明细第 {} 行“{}”金额 {} 不等于数量 {q} × 单价 {} = {} 万元",
                i + 1,
                it.name,
                wan(amount),
                wan(price),
                format_wan(expected as i128)
            ),
        )
    })
}

fn consistency_findings_with(sub: &Submission, lines: &mut Lines) -> Vec<Arc<Finding>> {
    let mut out = Vec::new();
    if let Some(p) = &sub.project {
        let items = &p.cost_estimate.items;
        lines.rows.truncate(items.len());
        for (i, it) in items.iter().enumerate() {
            let numbers = [it.quantity, it.unit_price, it.amount];
            let same = |l: &Line| l.numbers == numbers && l.finding.as_ref().is_none_or(|(name, _)| *name == it.name);
            if lines.rows.get(i).is_none_or(|l| !same(l)) {
                let line = Line { numbers, finding: line_finding(i, it).map(|f| (it.name.clone(), f)) };
                match lines.rows.get_mut(i) {
                    Some(row) => *row = line,
                    None => lines.rows.push(line),
                }
            }
            out.extend(lines.rows[i].finding.as_ref().map(|(_, f)| f.clone()));
        }
        if let Some(total) = p.basic.total_investment {
            if !items.is_empty() {
                let sum: u128 = items.iter().filter_map(|i| i.amount).map(u128::from).sum();
                if sum != total as u128 {
                    out.push(finding(
                        "cost-total",
                        "明细合计 = 总投资",
                        "第六条",
                        Severity::Error,
                        vec!["project.basic.total_investment".into(), "project.cost_estimate.items".into()],
                        format!("资金估算明细 {} 行合计 {} 万元，与总投资 {} 不一致", items.len(), format_wan(sum as i128), wan(total)),
                    ));
                }
            }
            let funding = &p.basic.funding;
            if !funding.is_empty() {
                let sum: u128 = funding.iter().filter_map(|f| f.amount).map(u128::from).sum();
                if sum != total as u128 {
                    out.push(finding(
                        "funding-total",
                        "资金来源合计 = 总投资",
                        "第六条",
                        Severity::Error,
                        vec!["project.basic.funding".into(), "project.basic.total_investment".into()],
                        format!("资金来源合计 {} 万元，与总投资 {} 不一致", format_wan(sum as i128), wan(total)),
                    ));
                }
            }
        }
        let joint = &p.basic.joint;
        if joint.is_joint && (joint.lead_unit.trim().is_empty() || joint.partner_units.iter().all(|u| u.trim().is_empty())) {
            out.push(finding(
                "joint-units",
                "跨部门共建须列明单位",
                "第九条",
                Severity::Error,
                vec!["project.basic.joint.lead_unit".into(), "project.basic.joint.partner_units".into()],
                "已勾选跨部门共建，但未填写牵头单位或参建单位".into(),
            ));
        }
        if p.basic.construction_kind == Some(ConstructionKind::Upgrade) && p.basic.original_accepted.is_none() {
            out.push(finding(
                "upgrade-original",
                "升级改造须说明原项目验收情况",
                "第九条",
                Severity::Error,
                vec!["project.basic.original_accepted".into()],
                "建设性质为升级改造，但未说明原项目是否已验收".into(),
            ));
        }
    }
    if let Some(s) = &sub.service_plan
        && let Some(annual) = s.annual_fee
    {
        if !s.items.is_empty() {
            let sum: u128 = s.items.iter().filter_map(|i| i.annual_fee).map(u128::from).sum();
            if sum != annual as u128 {
                out.push(finding(
                    "service-annual",
                    "服务项合计 = 年度服务费",
                    "第七条",
                    Severity::Error,
                    vec!["service_plan.annual_fee".into(), "service_plan.items".into()],
                    format!("服务内容 {} 项年服务费合计 {} 万元，与年度服务费 {} 不一致", s.items.len(), format_wan(sum as i128), wan(annual)),
                ));
            }
        }
        if let (Some(term), Some(total)) = (s.term_years, s.total_fee) {
            let expected = annual as u128 * term as u128;
            if expected != total as u128 {
                out.push(finding(
                    "service-total",
                    "服务费总额 = 年度服务费 × 服务期限",
                    "第七条",
                    Severity::Error,
                    vec!["service_plan.total_fee".into(), "service_plan.term_years".into()],
                    format!("服务费总额 {} 不等于年度服务费 {} × 服务期限 {term} 年 = {} 万元", wan(total), wan(annual), format_wan(expected as i128)),
                ));
            }
        }
    }
    if let (Some(p), Some(s)) = (&sub.project, &sub.service_plan) {
        let same = |a: &str, b: &str| a.trim() == b.trim();
        if !p.basic.name.trim().is_empty() && !s.project_name.trim().is_empty() && !same(&p.basic.name, &s.project_name) {
            out.push(finding(
                "cross-name",
                "两份文件为同一项目",
                "第八条",
                Severity::Error,
                vec!["service_plan.project_name".into(), "project.basic.name".into()],
                format!("服务需求方案的项目名称“{}”与项目申报“{}”不一致", s.project_name, p.basic.name),
            ));
        }
        if !p.basic.owner_unit.trim().is_empty() && !s.owner_unit.trim().is_empty() && !same(&p.basic.owner_unit, &s.owner_unit) {
            out.push(finding(
                "cross-unit",
                "两份文件为同一单位",
                "第八条",
                Severity::Error,
                vec!["service_plan.owner_unit".into(), "project.basic.owner_unit".into()],
                format!("服务需求方案的采购单位“{}”与申报单位“{}”不一致", s.owner_unit, p.basic.owner_unit),
            ));
        }
        match p.basic.implementation {
            Some(Implementation::BuyService) => {
                if let (Some(total), Some(fee)) = (p.basic.total_investment, s.total_fee)
                    && total != fee
                {
                    out.push(finding(
                        "cross-amount",
                        "总投资 = 服务费总额",
                        "第八条",
                        Severity::Error,
                        vec!["project.basic.total_investment".into(), "service_plan.total_fee".into()],
                        format!("购买服务项目的总投资 {} 与服务需求方案的服务费总额 {} 不一致", wan(total), wan(fee)),
                    ));
                }
            }
            Some(Implementation::SelfBuild) => out.push(finding(
                "cross-implementation",
                "附服务需求方案的项目应为购买服务",
                "第八条",
                Severity::Warning,
                vec!["project.basic.implementation".into()],
                "实施方式为自行建设，却同时附有服务需求方案；请确认实施方式是否应为购买服务".into(),
            )),
            None => {}
        }
    }
    out
}
