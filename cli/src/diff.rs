//! `shenbao diff OLD NEW`: what changed between two versions of an application — two signed
//! packages (a resubmission and the package it replaces), two submission files, or one of
//! each (`shenbao_core::compare`). Exit code as diff(1)'s: 0 the same, 1 different, 2 trouble.

use std::path::Path;
use std::process::ExitCode;

use shenbao_core::compare::{self, Comparison};
use shenbao_core::pack::builtin;
use shenbao_core::package::{self, Payload, ProblemCode, VerifyOptions};
use shenbao_core::{Report, RulePack, Submission, input};

use crate::commands::{read_limited, select_pack};
use crate::{Failure, Format, output};

/// One side of the comparison.
enum Version {
    /// A package, read through verification; `warning` when its signature does not hold.
    Package {
        payload: Box<Payload>,
        warning: Option<String>,
    },
    Submission(Box<Submission>),
}

impl Version {
    fn read(path: &Path, packs: &[&RulePack]) -> Result<Version, Failure> {
        let text = read_limited(path, input::MAX_PACKAGE_BYTES)?;
        let value = input::parse(&text, input::MAX_PACKAGE_BYTES).map_err(|e| Failure(format!("{}：{e}", path.display())))?;
        if value.get("payloadType").is_none() && value.get("payload").is_none() && value.get("ciphertext").is_none() {
            return Submission::from_value(value).map(|s| Version::Submission(Box::new(s))).map_err(|e| Failure(format!("{}：{e}", path.display())));
        }
        drop(value);
        let none = |_: &str| None;
        let v = package::verify(&text, &VerifyOptions { trust: None, packs, superseded: builtin::superseded_refs(), attachment: &none });
        if v.has(ProblemCode::Encrypted) {
            return Err(Failure(format!("{} 是为审核单位加密的申报包，请先用 shenbao decrypt 解密", path.display())));
        }
        let forged = [ProblemCode::SignatureInvalid, ProblemCode::Unsigned].into_iter().find(|c| v.has(*c));
        let warning = forged
            .and_then(|c| v.problems.iter().find(|p| p.code == c))
            .map(|p| format!("注意：{} 的签名不成立（{}），其内容不能作为报送的内容", path.display(), p.message));
        match v.payload {
            Some(payload) => Ok(Version::Package { payload: Box::new(payload), warning }),
            None => {
                let why: Vec<&str> = v.problems.iter().map(|p| p.message.as_str()).collect();
                Err(Failure(format!("{}：无法读出申报包内容：{}", path.display(), why.join("；"))))
            }
        }
    }

    fn submission(&self) -> &Submission {
        match self {
            Version::Package { payload, .. } => &payload.submission,
            Version::Submission(s) => s,
        }
    }

    fn warning(&self) -> Option<&str> {
        match self {
            Version::Package { warning, .. } => warning.as_deref(),
            Version::Submission(_) => None,
        }
    }
}

pub fn diff(older: &Path, newer: &Path, city: Option<&str>, pack: Option<&Path>, format: Format) -> Result<ExitCode, Failure> {
    let chosen = if city.is_some() || pack.is_some() { Some(select_pack(city, pack)?) } else { None };
    let mut packs: Vec<&RulePack> = builtin::packs().iter().collect();
    packs.extend(chosen.as_ref());
    let (a, b) = (Version::read(older, &packs)?, Version::read(newer, &packs)?);
    let c: Comparison = match (&a, &b) {
        (Version::Package { payload: pa, .. }, Version::Package { payload: pb, .. }) if chosen.is_none() => compare::packages(pa, pb),
        _ => {
            // Findings come from the pack asked for, else from the packages' own reports when
            // both sides have one.
            let report = |v: &Version| -> Option<Report> {
                match (v, &chosen) {
                    (_, Some(p)) => Some(shenbao_core::check(p, v.submission())),
                    (Version::Package { payload, .. }, None) => Some(payload.report.clone()),
                    (Version::Submission(_), None) => None,
                }
            };
            let reports = report(&a).zip(report(&b));
            let mut c = compare::submissions(a.submission(), b.submission(), reports.as_ref().map(|(x, y)| (x, y)));
            if let (Version::Package { payload: pa, .. }, Version::Package { payload: pb, .. }) = (&a, &b) {
                c.attachments = compare::attachments(&pa.attachments, &pb.attachments);
            }
            c
        }
    };
    for w in [a.warning(), b.warning()].into_iter().flatten() {
        eprintln!("{w}");
    }
    match format {
        Format::Json => output::emit(&format!("{}\n", serde_json::to_string_pretty(&c)?))?,
        Format::Text => output::emit(&format!("{} → {}\n{}", older.display(), newer.display(), c.to_text()))?,
    }
    Ok(if c.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
