//! `shenbao docx FILE`: the documents of a submission file or a signed package as a Word file
//! (`shenbao_core::paper::docx`), the same paper the app prints, closed by the check's errors
//! and warnings with their 说明 (a package's own report; a submission file's check when a pack
//! is chosen), then, for a package, its record (`paper::Seal::package`: id, time, signer, rule
//! pack, every attached file with its SHA-256). A package's footer names the package (its
//! payload's SHA-256), who signed it and the key; a package whose signature does not hold is
//! written with a footer that says so, never with the signer's name.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use shenbao_core::package::{self, VerifyOptions, dsse};
use shenbao_core::paper::opinion::{self, Decision, Opinion};
use shenbao_core::paper::{self, Seal};
use shenbao_core::{Report, RulePack, input, pack::builtin};

use crate::Failure;
use crate::output::emit;

/// The submission's JSON, what its papers say of the package they are, and the report that
/// closes them (a package's own; for a submission file, the chosen pack's check, if one is
/// chosen).
fn read(path: &Path, pack: Option<&RulePack>) -> Result<(Value, Seal, Option<Report>), Failure> {
    let at = |e: &dyn std::fmt::Display| Failure(format!("{}：{e}", path.display()));
    let text = crate::commands::read_limited(path, input::MAX_PACKAGE_BYTES)?;
    let value = input::parse(&text, input::MAX_PACKAGE_BYTES).map_err(|e| at(&e))?;
    if value.get("ciphertext").is_some() {
        return Err(Failure(format!("{} 是为审核单位加密的申报包，请先用 shenbao decrypt 解密", path.display())));
    }
    if value.get("payloadType").is_none() && value.get("payload").is_none() {
        // A submission file (or a draft): read strictly, so that a paper is never made of
        // something that is not one.
        let submission = shenbao_core::Submission::from_value(value).map_err(|e| at(&e))?;
        let doc = serde_json::to_value(&submission).map_err(|e| at(&e))?;
        return Ok((doc, Seal::draft(), pack.map(|p| shenbao_core::check(p, &submission))));
    }
    let packs: Vec<_> = builtin::packs().iter().collect();
    let none = |_: &str| None;
    let v = package::verify(&text, &VerifyOptions { trust: None, packs: &packs, superseded: builtin::superseded_refs(), attachment: &none });
    let Some(payload) = v.payload.as_ref() else {
        let why: Vec<&str> = v.problems.iter().map(|p| p.message.as_str()).collect();
        return Err(Failure(format!("{}：无法读出申报包内容：{}", path.display(), why.join("；"))));
    };
    let doc = serde_json::to_value(&payload.submission).map_err(|e| at(&e))?;
    let holds = v.signature_holds();
    let envelope: dsse::Envelope = serde_json::from_value(value).map_err(|e| at(&e))?;
    let (sha256, _) = package::payload_digest(&envelope).unwrap_or_default();
    if !holds {
        eprintln!("注意：{} 的签名不成立，生成的文档页脚注明“签名不成立”", path.display());
    }
    Ok((doc, Seal::package(&sha256, holds, payload.head()), Some(payload.report.clone())))
}

/// `FILE.json` → `FILE.docx`, beside it.
fn beside(path: &Path) -> PathBuf {
    path.with_extension("docx")
}

pub fn docx(file: &Path, city: Option<&str>, pack: Option<&Path>, out: Option<&Path>, force: bool) -> Result<ExitCode, Failure> {
    let chosen = if city.is_some() || pack.is_some() { Some(crate::commands::select_pack(city, pack)?) } else { None };
    let (doc, seal, report) = read(file, chosen.as_ref())?;
    let papers = paper::papers_sealed(&doc, report.as_ref(), &seal);
    if papers.is_empty() {
        return Err(Failure(format!("{}：没有可生成的文档（项目申报和服务需求方案均为空）", file.display())));
    }
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| beside(file));
    crate::signing::write_new(&out, paper::docx::docx(&papers, &seal.footer), force)?;
    let titles: Vec<&str> = papers.iter().map(|p| p.title.as_str()).collect();
    emit(&format!("已生成 Word 文档：{}\n  {}\n  页脚：{}\n", out.display(), titles.join("、"), seal.footer))?;
    Ok(ExitCode::SUCCESS)
}

/// `shenbao opinion PACKAGE`'s inputs.
pub struct OpinionArgs<'a> {
    pub file: &'a Path,
    pub trust: Option<&'a Path>,
    pub bureau_key: Option<&'a Path>,
    pub packs: &'a [PathBuf],
    pub attachments_dir: Option<&'a Path>,
    pub decision: Decision,
    pub note: Option<&'a str>,
    pub note_file: Option<&'a Path>,
    pub unit: &'a str,
    pub reviewer: &'a str,
    pub out: Option<&'a Path>,
    pub force: bool,
}

/// `PACKAGE.json` → `PACKAGE.审核意见.docx`, beside it.
fn opinion_beside(path: &Path) -> PathBuf {
    let name = path.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(shenbao_core::paper::opinion::file_name(&name))
}

/// `shenbao opinion PACKAGE --decision … --note …`: the reviewer's opinion on a package as a
/// Word file (`paper::opinion`), the paper the desk's 「导出审核意见（Word）」 writes: the
/// package verified here as `verify` would (trust list, packs, attachments beside it), the
/// decision and note given, dated now.
pub fn opinion(a: OpinionArgs) -> Result<ExitCode, Failure> {
    let text = crate::commands::read_limited(a.file, input::MAX_PACKAGE_BYTES)?;
    if package::encrypt::is_encrypted(&text) {
        return Err(Failure(format!("{} 是为审核单位加密的申报包，请先用 shenbao decrypt 解密", a.file.display())));
    }
    let note = match (a.note, a.note_file) {
        (Some(n), _) => n.to_string(),
        (None, Some(f)) => crate::commands::read_limited(f, input::MAX_INPUT_BYTES)?,
        (None, None) => String::new(),
    };
    let (trust, extra) = crate::signing::verifier_inputs(a.trust, a.bureau_key, a.packs)?;
    let (packs, superseded) = crate::signing::against(&extra);
    let dir = a.attachments_dir.map(Path::to_path_buf).or_else(|| a.file.parent().map(Path::to_path_buf)).unwrap_or_default();
    let lookup = crate::signing::attachment_lookup(dir);
    let (v, bytes) =
        package::verify_with_payload_bytes(&text, &VerifyOptions { trust: trust.as_ref(), packs: &packs, superseded: &superseded, attachment: &lookup });
    let unreadable = || {
        let why: Vec<&str> = v.problems.iter().map(|p| p.message.as_str()).collect();
        Failure(format!("{}：无法读出申报包内容：{}", a.file.display(), why.join("；")))
    };
    let sha256 = shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&bytes.ok_or_else(unreadable)?));
    let at = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    let op = Opinion { decision: a.decision, note: &note, at: &at, unit: a.unit, reviewer: a.reviewer };
    let paper = opinion::opinion(&v, &sha256, &op).ok_or_else(unreadable)?;
    let footer = opinion::footer(&sha256);
    let out = a.out.map(Path::to_path_buf).unwrap_or_else(|| opinion_beside(a.file));
    crate::signing::write_new(&out, paper::docx::docx(std::slice::from_ref(&paper), &footer), a.force)?;
    let verdict = if v.valid { "有效".to_string() } else { format!("无效（{} 项问题）", v.problems.len()) };
    emit(&format!("已生成审核意见：{}\n  {}\n  处理状态：{}\n  核验结论：{verdict}\n  页脚：{footer}\n", out.display(), paper.title, a.decision.label()))?;
    Ok(ExitCode::SUCCESS)
}
