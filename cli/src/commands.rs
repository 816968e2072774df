//! The subcommands. Each returns the exit code or a [`Failure`] for `main` to report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;
use shenbao_core::pack::builtin;
use shenbao_core::regulation::{self, Coverage, Regulation};
use shenbao_core::{RulePack, Submission, check as check_submission, input};

use crate::output;
use crate::{Failure, Format};

/// Reads a user's file: size checked before reading (so a 50 MB file is refused at once) and
/// while reading (so a device or a pipe without end is too), strict UTF-8 naming the first bad byte, a byte order mark dropped (`shenbao_core::input`).
pub(crate) fn read_limited(path: &Path, limit: usize) -> Result<String, Failure> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Failure(format!("无法读取 {}：{e}", path.display()));
    // Opened once: the size comes from the open file rather than a second lookup of the path
    // (`shenbao verify` reads thousands of files), and sizes the buffer.
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().ok().map(|m| usize::try_from(m.len()).unwrap_or(usize::MAX));
    if let Some(size) = size {
        input::check_size(size, limit).map_err(|e| Failure(format!("{}：{e}", path.display())))?;
    }
    // At most one byte over the limit, whatever the size said: a device (`/dev/zero`), a pipe
    // or a growing file would otherwise be read until memory runs out.
    let mut bytes = Vec::with_capacity(size.unwrap_or(0).saturating_add(1));
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1)).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() > limit {
        return Err(Failure(format!("{}：{}", path.display(), input::too_long(limit))));
    }
    // The bytes become the text in place (no second copy of every package); whatever
    // `input::text` refuses, it names.
    let whole = |e| Failure(format!("{}：{e}", path.display()));
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            input::check_size(text.len(), limit).map_err(whole)?;
            let bom = text.len() - input::strip_bom(&text).len();
            text.drain(..bom);
            Ok(text)
        }
        Err(e) => input::text(e.as_bytes(), limit).map(str::to_string).map_err(whole),
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    read_limited(path, input::MAX_INPUT_BYTES)
}

pub fn packs(format: Format) -> Result<ExitCode, Failure> {
    let packs = builtin::packs();
    match format {
        Format::Json => {
            let list: Vec<_> = packs
                .iter()
                .map(|p| {
                    let m = &p.meta;
                    json!({
                        "id": m.id, "version": m.version, "province": m.province, "city": m.city_name(),
                        "short_name": m.short_name, "title": m.title, "doc_number": m.doc_number, "issuer": m.issuer,
                        "status": m.status, "status_label": m.status.label(), "published": m.published,
                        "effective_from": m.effective_from, "effective_until": m.effective_until,
                        "source_file": m.source_file, "rules": p.rules.len(),
                        // Earlier versions kept only to verify packages made under them.
                        "superseded": builtin::superseded().iter().filter(|o| o.meta.id == m.id).map(|o| o.meta.version.as_str()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            output::emit(&format!("{}\n", serde_json::to_string_pretty(&list)?))?;
        }
        Format::Text => output::emit(&output::packs_table(packs, builtin::superseded()))?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn select_pack(city: Option<&str>, pack: Option<&Path>) -> Result<RulePack, Failure> {
    match (city, pack) {
        (_, Some(file)) => {
            let p = RulePack::from_json(&read(file)?).map_err(|e| Failure(format!("{}：{e}", file.display())))?;
            if let Some(c) = city
                && c != p.meta.id
            {
                return Err(Failure(format!("--city {c} 与规则包文件的 id“{}”不一致", p.meta.id)));
            }
            Ok(p)
        }
        (Some(c), None) => builtin::pack(c).cloned().ok_or_else(|| {
            let ids: Vec<_> = builtin::packs().iter().map(|p| p.meta.id.as_str()).collect();
            Failure(format!("没有名为“{c}”的规则包（可用：{}）", ids.join("、")))
        }),
        (None, None) => Err(Failure("请用 --city 指定城市规则包，或用 --pack 指定规则包文件".into())),
    }
}

pub fn check(city: Option<&str>, pack: Option<&Path>, format: Format, files: &[PathBuf]) -> Result<ExitCode, Failure> {
    let pack = select_pack(city, pack)?;
    // Read and parse every file first so a bad file is reported before any output.
    let mut subs = Vec::new();
    for f in files {
        let sub = Submission::from_json(&read(f)?).map_err(|e| Failure(format!("{}：{e}", f.display())))?;
        subs.push((f, sub));
    }
    let reports: Vec<_> = subs.iter().map(|(f, s)| (f.display().to_string(), check_submission(&pack, s))).collect();
    let any_error = reports.iter().any(|(_, r)| r.has_errors());
    match format {
        Format::Json => output::emit(&(serde_json::to_string_pretty(&output::check_json(&pack, &reports))? + "\n"))?,
        Format::Text => output::emit(&output::check_text(&pack, &reports))?,
    }
    Ok(if any_error { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn lint(file: &Path, regulation: Option<&Path>, coverage: Option<&Path>) -> Result<ExitCode, Failure> {
    let p = match RulePack::from_json(&read(file)?) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}：{e}", file.display());
            return Ok(ExitCode::from(1));
        }
    };
    let m = &p.meta;
    let mut out = format!("{}：规则包有效 — {}《{}》（{}），{} 条规则\n", file.display(), m.city_name(), m.title, m.status.label(), p.rules.len());
    let mut problems = Vec::new();
    if let Some(text_file) = regulation {
        let text = Regulation::parse(&read(text_file)?);
        if text.articles.is_empty() {
            return Err(Failure(format!("{}：没有找到“第一条”，不像是管理办法的正文", text_file.display())));
        }
        let fit = regulation::Fit::of(&text, &p);
        // Another regulation's text (the wrong file picked) is said as such, not as every
        // quotation misquoted; the app refuses such a text beside a pack on the same test.
        if !fit.fits() {
            return Err(Failure(format!("{}：不像是该规则包所依据的管理办法原文：{} 处引文只在其中找到 {} 处", text_file.display(), fit.cited, fit.found())));
        }
        out += &format!("{}：{} 条，{} 处引文", text_file.display(), text.articles.len(), fit.cited);
        out += &if fit.problems.is_empty() { "均与原文条款相符\n".to_string() } else { format!("，{} 处与原文不符\n", fit.problems.len()) };
        problems.extend(fit.problems.iter().map(|c| format!("引文：{c}")));
        if let Some(coverage_file) = coverage {
            let c = Coverage::from_json(&read(coverage_file)?).map_err(|e| Failure(format!("{}：{e}", coverage_file.display())))?;
            let gaps = c.unaccounted(&p, &text);
            let cited =
                text.articles.iter().filter(|a| p.rules.iter().any(|r| text.article(&r.citation.article).is_some_and(|x| x.number == a.number))).count();
            out += &format!("{}：规则引用 {cited} 条，说明不检查 {} 条", coverage_file.display(), c.not_checked.len());
            out += &if gaps.is_empty() { "，每一条都有着落\n".to_string() } else { format!("，{} 处问题\n", gaps.len()) };
            problems.extend(gaps.into_iter().map(|g| format!("逐条对照：{g}")));
        }
    }
    output::emit(&out)?;
    for problem in &problems {
        eprintln!("{}：{problem}", file.display());
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `pack articles`: the regulation article by article against the pack.
pub fn articles(city: Option<&str>, pack: Option<&Path>, regulation: Option<&Path>, coverage: Option<&Path>, format: Format) -> Result<ExitCode, Failure> {
    let p = select_pack(city, pack)?;
    let builtin_file = |text: Option<&'static str>| -> Option<String> { builtin::is_builtin(&p.meta.id).then_some(text).flatten().map(str::to_string) };
    let text = match regulation {
        Some(f) => read(f)?,
        None => builtin_file(builtin::regulation_text(&p.meta.id))
            .ok_or_else(|| Failure(format!("规则包“{}”没有内置的管理办法原文，请用 --regulation 指定", p.meta.id)))?,
    };
    let coverage_text = match coverage {
        Some(f) => Some(read(f)?),
        None if regulation.is_none() => builtin_file(builtin::coverage_text(&p.meta.id)),
        None => None,
    };
    let cov = coverage_text.as_deref().map(Coverage::from_json).transpose().map_err(|e| Failure(format!("说明文件：{e}")))?;
    let text = Regulation::parse(&text);
    if text.articles.is_empty() {
        return Err(Failure("没有找到“第一条”，不像是管理办法的正文".into()));
    }
    let rows = regulation::account(&p, &text, cov.as_ref());
    match format {
        Format::Json => {
            let list: Vec<_> = rows
                .iter()
                .map(|r| {
                    json!({
                        "article": r.article.heading,
                        "status": r.status(),
                        "rules": r.rules.iter().map(|x| json!({"id": x.id, "severity": x.severity, "title": x.title, "clause": x.citation.clause})).collect::<Vec<_>>(),
                        "kind": r.not_checked.map(|n| n.kind.id()),
                        "why": r.not_checked.map(|n| n.why.as_str()),
                        "validity": r.validity,
                    })
                })
                .collect();
            output::emit(&(serde_json::to_string_pretty(&json!({"pack": p.meta.id, "title": p.meta.title, "articles": list}))? + "\n"))?;
        }
        Format::Text => {
            let checked = rows.iter().filter(|r| r.status() == "checked").count();
            let not = rows.iter().filter(|r| r.status() == "not_checked").count();
            let mut out = format!(
                "{}《{}》逐条对照：共 {} 条，{checked} 条由 {} 条规则检查，{not} 条说明不检查",
                p.meta.city_name(),
                p.meta.title,
                rows.len(),
                p.rules.len()
            );
            let unexplained = rows.len() - checked - not;
            if unexplained > 0 {
                out += &format!("，{unexplained} 条未说明");
            }
            out += "\n";
            for r in &rows {
                out += &format!("\n{}", r.article.heading);
                if !r.rules.is_empty() {
                    out += "  检查：\n";
                    for x in &r.rules {
                        out += &format!(
                            "    {} {}{}（{}）\n",
                            x.severity.label(),
                            x.citation.clause.as_deref().map(|c| format!("{c} ")).unwrap_or_default(),
                            x.title,
                            x.id
                        );
                    }
                } else if let Some(n) = r.not_checked {
                    out += &format!("  不检查（{}）：{}\n", n.kind.label(), n.why);
                } else {
                    out += "  未说明：既没有规则引用，也没有说明为何不检查\n";
                }
                if r.validity {
                    out += "    （规则包据此条确定施行日期和有效期）\n";
                }
            }
            output::emit(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn schema() -> Result<ExitCode, Failure> {
    output::emit(&format!("{}\n", serde_json::to_string_pretty(&crate::schema::submission_schema())?))?;
    Ok(ExitCode::SUCCESS)
}

pub fn fields(format: Format) -> Result<ExitCode, Failure> {
    use shenbao_core::fields::{FIELDS, FieldKind};
    let kind = |k: FieldKind| -> (&'static str, Option<&'static [(&'static str, &'static str)]>) {
        match k {
            FieldKind::Group => ("Group", None),
            FieldKind::Table => ("Table", None),
            FieldKind::Text => ("Text", None),
            FieldKind::LongText => ("LongText", None),
            FieldKind::TextList => ("TextList", None),
            FieldKind::Money => ("Money", None),
            FieldKind::Int => ("Int", None),
            FieldKind::BasisPoints => ("BasisPoints", None),
            FieldKind::Bool => ("Bool", None),
            FieldKind::Date => ("Date", None),
            FieldKind::Choice(l) => ("Choice", Some(l)),
            FieldKind::ChoiceList(l) => ("ChoiceList", Some(l)),
        }
    };
    match format {
        Format::Json => {
            let list: Vec<_> = FIELDS
                .iter()
                .map(|f| {
                    let (k, choices) = kind(f.kind);
                    json!({
                        "path": f.path, "label": f.label, "kind": k, "unit": f.unit, "hint": f.hint, "required": f.required,
                        "choices": choices.map(|l| l.iter().map(|(id, label)| json!({"id": id, "label": label})).collect::<Vec<_>>()),
                    })
                })
                .collect();
            output::emit(&(serde_json::to_string_pretty(&list)? + "\n"))?;
        }
        Format::Text => {
            let mut out = String::new();
            for f in FIELDS {
                out += &format!("{}\t{}\t{}\n", f.path, f.label, kind(f.kind).0);
            }
            output::emit(&out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
