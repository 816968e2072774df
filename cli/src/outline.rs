//! `shenbao outline FILE`: a whole 需求方案 (or 服务需求方案) written in Word — a .docx, or its
//! text — split into the form's sections by its headings, as the app's 「导入整份需求方案」
//! does (`shenbao_core::outline`): the outline printed, and with `--into`, what was found
//! written into a submission file — the sections, the form's tables the plan holds (its
//! 资金估算明细) and the fields given with their values. For a bureau that receives plans as
//! Word files, or a department moving last year's plans into drafts by the dozen.
//!
//! The app leaves inflating to the browser; here `miniz_oxide` does it, so the CLI reads the
//! same files.

use std::path::Path;
use std::process::ExitCode;

use serde_json::{Value, json};
use shenbao_core::outline::{self, Outline, Plan};
use shenbao_core::paper::{unzip, wordtext};
use shenbao_core::{fields, input, model::path};

use crate::output::emit;
use crate::{Failure, Format};

/// What `shenbao outline` was asked.
pub struct OutlineArgs<'a> {
    pub file: &'a Path,
    /// The group whose sections are looked for (`project.requirement_plan`, `service_plan`).
    pub group: &'a str,
    pub format: Format,
    /// A submission file to write the sections into, and where.
    pub into: Option<(&'a Path, &'a Path)>,
    pub force: bool,
}

/// Prints `file`'s outline; exit 1 when no section heading was found (nothing to write).
pub fn outline(a: OutlineArgs<'_>) -> Result<ExitCode, Failure> {
    let plan = outline::plan(a.group).ok_or_else(|| Failure(format!("没有名为 {} 的材料", a.group)))?;
    let text = text_of(a.file)?;
    let found = outline::split(plan, &text);
    if let Some((submission, out)) = a.into {
        write_into(plan, &found, submission, out, a.force)?;
    }
    emit(&match a.format {
        Format::Text => as_text(plan, &found),
        Format::Json => serde_json::to_string_pretty(&as_json(plan, &found)).map_err(|e| Failure(e.to_string()))? + "\n",
    })?;
    Ok(if nothing(&found) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Whether nothing was found to write: no section, no table row, no field's value.
fn nothing(found: &Outline) -> bool {
    found.placed.is_empty() && found.tables.iter().all(|t| t.rows().rows.is_empty()) && found.values.iter().all(|v| v.value.is_err())
}

/// A field's label.
fn label(path: &str) -> &'static str {
    fields::field(path).map_or("", |f| f.label)
}

/// The file's text: a .docx's document part (inflated when deflated), else the file as text.
fn text_of(file: &Path) -> Result<String, Failure> {
    let at = |e: &dyn std::fmt::Display| Failure(format!("{}：{e}", file.display()));
    let bytes = std::fs::read(file).map_err(|e| Failure(format!("无法读取 {}：{e}", file.display())))?;
    input::check_size(bytes.len(), input::MAX_PACKAGE_BYTES).map_err(|e| at(&e))?;
    if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let main = part(&bytes, wordtext::RELATIONSHIPS).ok().and_then(|rels| wordtext::main_part(&String::from_utf8_lossy(&rels)));
        let xml = part(&bytes, main.as_deref().unwrap_or(wordtext::DOCUMENT)).map_err(|e| match e {
            unzip::UnzipError::NotZip if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => {
                Failure(format!("{}：这是旧版 Word 格式（.doc），请另存为 .docx", file.display()))
            }
            e => at(&e),
        })?;
        let xml = String::from_utf8(xml).map_err(|_| at(&"不是 Word 文档（.docx）"))?;
        return Ok(wordtext::text(&xml));
    }
    let text = String::from_utf8(bytes).map_err(|_| at(&"既不是 Word 文档（.docx），也不是 UTF-8 文本"))?;
    Ok(input::strip_bom(&text).to_string())
}

/// An entry of the archive, inflated and checked against its directory.
fn part(archive: &[u8], name: &str) -> Result<Vec<u8>, unzip::UnzipError> {
    match unzip::entry(archive, name)? {
        unzip::Entry::Stored(bytes) => Ok(bytes.to_vec()),
        unzip::Entry::Deflated { data, size, crc } => {
            // Inflated no larger than the directory says (a zip bomb stops there).
            let limit = usize::try_from(size).map_err(|_| unzip::UnzipError::TooLarge)?;
            let inflated = miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).map_err(|_| unzip::UnzipError::Damaged)?;
            unzip::check(&inflated, size, crc)?;
            Ok(inflated)
        }
    }
}

/// Characters as the app counts them: spaces and line breaks not counted.
fn chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

fn as_text(plan: &Plan, found: &Outline) -> String {
    if nothing(found) {
        return format!("没有找到{}的栏目标题（如“一、{}”“二、{}”，或单独成行的“{}”）。\n", plan.name(), plan.label(0), plan.label(1), plan.label(0));
    }
    let mut out = String::new();
    for i in 0..plan.sections.len() {
        match found.get(i) {
            Some(p) => {
                let times = if p.times > 1 { format!("（标题出现 {} 次，内容已合并）", p.times) } else { String::new() };
                out.push_str(&format!("{}：{} 字，原文标题“{}”{times}\n", plan.label(i), chars(&p.text), p.heading));
            }
            None => out.push_str(&format!("{}：未找到\n", plan.label(i))),
        }
    }
    for t in &found.tables {
        let read = t.rows();
        let name = fields::table_name(t.table);
        let notes = read.notes();
        let notes = if notes.is_empty() { String::new() } else { format!("（{}）", notes.join("；")) };
        let under = t.heading.as_deref().map(|h| format!("，在“{h}”之下")).unwrap_or_default();
        out.push_str(&format!("{name}：{} 行{under}{notes}\n", read.rows.len()));
        for p in &read.problems {
            out.push_str(&format!("  {name} {}\n", p.message()));
        }
    }
    for v in &found.values {
        match &v.value {
            Ok(value) => {
                let shown = fields::field(v.path).and_then(|f| fields::display(f, value)).unwrap_or_default();
                out.push_str(&format!("{}：{shown}（原文“{}”）\n", label(v.path), v.written));
            }
            Err(e) => out.push_str(&format!("{}：未能识别，原文“{}”{}\n", label(v.path), v.written, e.message())),
        }
    }
    for s in &found.skipped {
        match &s.heading {
            None => out.push_str(&format!("不填入：第一个标题之前的 {} 字\n", s.chars)),
            Some(h) => out.push_str(&format!("不填入：“{h}”之下的 {} 字\n", s.chars)),
        }
    }
    out
}

fn as_json(plan: &Plan, found: &Outline) -> Value {
    json!({
        "group": plan.group,
        "sections": (0..plan.sections.len()).map(|i| match found.get(i) {
            Some(p) => json!({ "path": plan.sections[i], "label": plan.label(i), "heading": p.heading, "times": p.times, "text": p.text }),
            None => json!({ "path": plan.sections[i], "label": plan.label(i), "heading": null }),
        }).collect::<Vec<_>>(),
        "tables": found.tables.iter().map(|t| {
            let read = t.rows();
            json!({
                "path": t.table,
                "name": fields::table_name(t.table),
                "heading": t.heading,
                "rows": read.rows,
                "problems": read.problems.iter().map(|p| json!({ "row": p.row, "column": p.key, "text": p.text, "message": p.message() })).collect::<Vec<_>>(),
                "unknown_headers": read.unknown_headers,
                "totals_skipped": read.totals_skipped,
                "groups_skipped": read.groups_skipped,
                "amounts_made": read.amounts_made,
                "cut": read.cut,
            })
        }).collect::<Vec<_>>(),
        "values": found.values.iter().map(|v| match &v.value {
            Ok(value) => json!({ "path": v.path, "label": label(v.path), "written": v.written, "value": value }),
            Err(e) => json!({ "path": v.path, "label": label(v.path), "written": v.written, "problem": e.message() }),
        }).collect::<Vec<_>>(),
        "skipped": found.skipped.iter().map(|s| json!({ "heading": s.heading, "chars": s.chars })).collect::<Vec<_>>(),
    })
}

/// Writes the sections, tables and fields' values found into the submission file `submission`,
/// as `out`: read strictly as a submission, written back as one (what was not found is left as
/// it was).
fn write_into(plan: &Plan, found: &Outline, submission: &Path, out: &Path, force: bool) -> Result<(), Failure> {
    let at = |e: &dyn std::fmt::Display| Failure(format!("{}：{e}", submission.display()));
    if nothing(found) {
        return Err(Failure(format!("没有找到{}的栏目标题，{} 未写出", plan.name(), out.display())));
    }
    let text = crate::commands::read_limited(submission, input::MAX_PACKAGE_BYTES)?;
    let mut doc = input::parse(&text, input::MAX_PACKAGE_BYTES).map_err(|e| at(&e))?;
    shenbao_core::Submission::from_value(doc.clone()).map_err(|e| at(&e))?;
    let document = plan.group.split('.').next().unwrap_or(plan.group);
    if doc.get(document).is_none_or(Value::is_null) {
        return Err(Failure(format!("{} 中没有{}", submission.display(), if document == "project" { "项目申报" } else { "服务需求方案" })));
    }
    for p in &found.placed {
        path::set(&mut doc, plan.sections[p.section], Value::String(p.text.clone()));
    }
    // A field's value read replaces the field's, as in the app.
    for v in &found.values {
        if let Ok(value) = &v.value {
            path::set(&mut doc, v.path, value.clone());
        }
    }
    // A table found replaces the table's rows, as in the app.
    for t in &found.tables {
        let rows = t.rows().rows;
        if !rows.is_empty() {
            path::set(&mut doc, t.table, Value::Array(rows));
        }
    }
    // What is written must read back as a submission, as the app would keep it.
    shenbao_core::Submission::from_value(doc.clone()).map_err(|e| at(&e))?;
    let written = serde_json::to_string_pretty(&doc).map_err(|e| Failure(e.to_string()))? + "\n";
    crate::signing::write_new(out, written, force)
}
