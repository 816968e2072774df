//! Rendering of command output: aligned Chinese tables and grouped findings.

use serde_json::{Value, json};
use shenbao_core::fields::describe_path;
use shenbao_core::pack::Severity;
use shenbao_core::{Report, RulePack};

/// Writes to standard output; a closed pipe (`shenbao schema | head`) is not an error.
pub fn emit(text: &str) -> Result<(), crate::Failure> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(crate::Failure(format!("无法写出结果：{e}"))),
        _ => Ok(()),
    }
}

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !matches!(c as u32, 0x2000..=0x206F) { 2 } else { 1 }).sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(width(c));
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = cells.iter().enumerate().map(|(i, c)| pad(c, widths[i])).collect::<Vec<_>>().join("  ");
        s.truncate(s.trim_end().len());
        s + "\n"
    };
    let mut out = line(header.iter().map(|h| h.to_string()).collect());
    out += &line(widths.iter().map(|w| "-".repeat(*w)).collect());
    for r in rows {
        out += &line(r.clone());
    }
    out
}

/// The built-in packs as a table, then the superseded versions kept for verifying.
pub fn packs_table(packs: &[RulePack], superseded: &[RulePack]) -> String {
    let rows: Vec<Vec<String>> = packs
        .iter()
        .map(|p| {
            let m = &p.meta;
            vec![
                m.id.clone(),
                m.city_name(),
                format!("《{}》", m.title),
                m.status.label().to_string(),
                m.effective_from.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                m.effective_until.map(|d| d.to_string()).unwrap_or_else(|| "—".into()),
                p.rules.len().to_string(),
            ]
        })
        .collect();
    let mut out = table(&["id", "城市", "依据", "状态", "施行", "截止", "规则数"], &rows);
    let earlier: Vec<String> = superseded.iter().map(|p| format!("{} v{}", p.meta.id, p.meta.version)).collect();
    if !earlier.is_empty() {
        out += &format!("\n另保留旧版规则包，仅用于复核按旧版签名的申报包：{}\n", earlier.join("、"));
    }
    out
}

fn marker(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✗",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

pub fn check_text(pack: &RulePack, reports: &[(String, Report)]) -> String {
    let m = &pack.meta;
    let mut out = String::new();
    for (file, r) in reports {
        out +=
            &format!("{file}\n  依据：{}《{}》（{}，规则包 {} v{}）\n  结果：{}\n", m.city_name(), m.title, m.status.label(), m.id, m.version, r.status_line());
        for sev in [Severity::Error, Severity::Warning, Severity::Info] {
            let fs: Vec<_> = r.of(sev).collect();
            if fs.is_empty() {
                continue;
            }
            out += &format!("\n  {}（{} 项）\n", sev.label(), fs.len());
            for f in fs {
                out += &format!("  {} [{}] {}\n", marker(sev), f.citation(), f.message);
                let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
                if !fields.is_empty() {
                    out += &format!("      字段：{}\n", fields.join("、"));
                }
                let city = if f.city == "通用" { "" } else { f.city.as_str() };
                let doc = if f.document.contains('《') { f.document.clone() } else { format!("《{}》", f.document) };
                out += &format!("      依据：{city}{doc}{}{}：“{}”\n", f.article, f.clause.as_deref().unwrap_or(""), f.quote);
                if let Some(a) = &f.advice {
                    out += &format!("      建议：{a}\n");
                }
                out += &format!("      规则：{}\n", f.rule);
            }
        }
        out += "\n";
    }
    if reports.len() > 1 {
        let rows: Vec<Vec<String>> = reports
            .iter()
            .map(|(f, r)| {
                vec![
                    f.clone(),
                    r.summary.errors.to_string(),
                    r.summary.warnings.to_string(),
                    r.summary.infos.to_string(),
                    if r.has_errors() { "不通过".into() } else { "通过".into() },
                ]
            })
            .collect();
        out += &table(&["文件", "错误", "警告", "提示", "结论"], &rows);
    }
    out
}

pub fn check_json(pack: &RulePack, reports: &[(String, Report)]) -> Value {
    let findings: Vec<Value> = reports
        .iter()
        .flat_map(|(file, r)| {
            r.findings.iter().map(move |f| {
                json!({
                    "file": file, "rule": f.rule, "severity": f.severity, "title": f.title, "city": f.city,
                    "document": f.document, "article": f.article, "clause": f.clause, "quote": f.quote,
                    "fields": f.fields, "message": f.message, "advice": f.advice,
                })
            })
        })
        .collect();
    let files: Vec<Value> =
        reports.iter().map(|(file, r)| json!({ "file": file, "documents": r.documents, "summary": r.summary, "passed": !r.has_errors() })).collect();
    json!({
        "pack": { "id": pack.meta.id, "version": pack.meta.version, "title": pack.meta.title, "city": pack.meta.city_name() },
        "engine": shenbao_core::engine::ENGINE_VERSION,
        "files": files,
        "findings": findings,
    })
}

/// What the verify output and the batch relations use of a package's payload, kept instead of
/// the whole payload (documents, report) for every file of a batch.
pub struct Brief {
    pub id: String,
    pub previous: Option<shenbao_core::package::PreviousVersion>,
    /// The project's name (the project application's, else the service plan's).
    pub project: Option<String>,
    pub department: String,
    /// The documents its 附件清单 lists with no file among its attachments
    /// (`package::listed::without_file`): not a problem of the package, but nothing the
    /// reviewer can check them against.
    pub without_file: Vec<String>,
}

impl Brief {
    pub fn of(p: shenbao_core::package::Payload) -> Brief {
        let without_file = shenbao_core::package::listed::without_file(&p.submission, &p.attachments);
        let project = p.submission.project.map(|x| x.basic.name).or_else(|| p.submission.service_plan.map(|s| s.project_name));
        Brief { id: p.id, previous: p.previous, project, department: p.signer.department, without_file }
    }
}

pub fn verify_text(results: &[(String, shenbao_core::package::Verification, Option<Brief>)]) -> String {
    let mut out = String::new();
    for (file, v, brief) in results {
        out += &format!("{file}\n  结论：{}\n", if v.valid { "有效" } else { "无效" });
        if let Some(s) = &v.signer {
            out += &format!("  签名人：{s}\n");
        }
        if let Some(fp) = &v.fingerprint {
            out += &format!("  公钥指纹：{fp}\n");
        }
        if let Some(note) = v.superseded_note() {
            out += &format!("  规则包：{note}\n");
        }
        if let Some(note) = v.engine_note() {
            out += &format!("  检查引擎：{note}\n");
        }
        for p in &v.problems {
            out += &format!("  ✗ {}（{}）\n", p.message, serde_json::to_value(p.code).ok().and_then(|c| c.as_str().map(str::to_string)).unwrap_or_default());
        }
        if let Some(missing) = brief.as_ref().map(|b| &b.without_file).filter(|m| !m.is_empty()) {
            out += &format!("  附件清单中有 {} 项材料在申报包中没有对应的文件：{}\n", missing.len(), missing.join("、"));
        }
        out += "\n";
    }
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|(f, v, p)| {
            let project = p.as_ref().and_then(|p| p.project.clone()).unwrap_or_default();
            let unit = p.as_ref().map(|p| p.department.clone()).unwrap_or_default();
            vec![f.clone(), unit, project, if v.valid { "有效".into() } else { "无效".into() }, v.problems.len().to_string()]
        })
        .collect();
    out += &table(&["文件", "单位", "项目", "结论", "问题数"], &rows);
    let bad = results.iter().filter(|(_, v, _)| !v.valid).count();
    out += &format!("\n共 {} 个申报包：{} 个有效，{} 个无效\n", results.len(), results.len() - bad, bad);
    out
}

pub fn trust_table(loaded: &shenbao_core::package::trust::LoadedTrustList) -> String {
    use shenbao_core::package::trust::KeyStatus;
    let l = &loaded.list;
    let mut out = format!(
        "信任列表：{}（更新于 {}）{}\n\n",
        l.issuer,
        l.issued_at,
        match &loaded.signed_by {
            Some(fp) => format!("，数据局签名有效（{}…）", &fp[..16]),
            None => "，未签名".into(),
        }
    );
    let rows: Vec<Vec<String>> = l
        .entries
        .iter()
        .map(|e| {
            vec![
                e.department.clone(),
                e.credit_code.clone(),
                e.algorithm.label().to_string(),
                e.fingerprint.get(..16).unwrap_or("").to_uppercase(),
                format!("{} 至 {}", e.valid_from, e.valid_until.map(|d| d.to_string()).unwrap_or_else(|| "长期".into())),
                match e.status {
                    KeyStatus::Active => "有效".into(),
                    KeyStatus::Revoked => format!("已吊销 {}", e.revoked_at.map(|d| d.to_string()).unwrap_or_default()),
                },
            ]
        })
        .collect();
    out += &table(&["单位", "统一社会信用代码", "算法", "指纹（前16位）", "有效期", "状态"], &rows);
    out
}
