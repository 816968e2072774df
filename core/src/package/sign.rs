//! Making a package. Refuses while the report has errors or unexplained warnings.

use crate::crypto::{self, PrivateKey};
use crate::engine;
use crate::model::Submission;
use crate::pack::RulePack;

use super::dsse::{self, Envelope, Signature};
use super::{Attachment, EMBED_LIMIT_TOTAL, PACKAGE_FORMAT, PAYLOAD_TYPE, PackDigest, Payload, PreviousVersion, Signer, SignerKey, jcs};

/// The department and person signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerIdentity {
    pub department: String,
    pub credit_code: String,
    pub person: String,
}

/// Everything needed to sign. Time and randomness come from the caller.
pub struct SignRequest<'a> {
    pub submission: Submission,
    pub pack: &'a RulePack,
    pub signer: SignerIdentity,
    /// One or two keys (SM2 and/or Ed25519); each adds a signature.
    pub keys: Vec<&'a PrivateKey>,
    pub attachments: Vec<Attachment>,
    /// The package this one replaces, if it is a resubmission ([`previous_version`]).
    pub previous: Option<PreviousVersion>,
    /// RFC 3339 UTC, e.g. `2026-09-15T08:30:00Z`.
    pub created_at: String,
    /// 16 random bytes for the package id (UUID v4).
    pub random_id: [u8; 16],
}

/// What a resubmission records of the package it replaces: its id and the hashes of its
/// payload bytes. `None` when the envelope holds no readable package (not base64, not JSON, a
/// repeated key — which two readers could read differently — or no package at all).
pub fn previous_version(env: &Envelope) -> Option<PreviousVersion> {
    let bytes = env.payload_bytes()?;
    // Read as verify reads a payload (strictly, then through `&Value`), not with `from_slice`:
    // that would instantiate every deserializer of the documents a second time in the wasm
    // (140 KB before this, BENCHMARKS.md) only to learn the previous package's id.
    let value = crate::input::parse_slice(&bytes, crate::input::MAX_PACKAGE_BYTES).ok()?;
    let old = <Payload as serde::Deserialize>::deserialize(&value).ok()?;
    Some(PreviousVersion::of(&old.id, &bytes))
}

/// Why a package was not signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignError {
    ReportHasErrors(usize),
    UnexplainedWarnings(Vec<String>),
    NoKey,
    DuplicateAlgorithm,
    SignerIncomplete(&'static str),
    BadCreditCode(String),
    EmbeddedTooLarge(u64),
    AttachmentName(String),
    Canonical(String),
}

impl std::fmt::Display for SignError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SignError::ReportHasErrors(n) => write!(f, "检查结果还有 {n} 项错误，改正后才能签名"),
            SignError::UnexplainedWarnings(list) => write!(f, "还有 {} 项警告没有填写说明：{}", list.len(), list.join("；")),
            SignError::NoKey => write!(f, "没有用于签名的私钥"),
            SignError::DuplicateAlgorithm => write!(f, "同一种算法只能使用一把私钥签名"),
            SignError::SignerIncomplete(what) => write!(f, "签名人信息不完整：缺少{what}"),
            SignError::BadCreditCode(why) => write!(f, "签名单位的统一社会信用代码{why}"),
            SignError::EmbeddedTooLarge(n) => {
                write!(f, "嵌入的附件共 {} 字节，超过每个申报包 {} 字节的上限；请改为只附摘要、另行报送文件", n, EMBED_LIMIT_TOTAL)
            }
            SignError::AttachmentName(why) => write!(f, "{why}"),
            SignError::Canonical(e) => write!(f, "无法生成规范化 JSON：{e}"),
        }
    }
}

impl std::error::Error for SignError {}

/// UUID v4 text from 16 random bytes.
pub(crate) fn uuid_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = crypto::hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Checks the submission again, and signs it if there is nothing left to fix.
pub fn sign(req: SignRequest) -> Result<(Envelope, Payload), SignError> {
    if req.keys.is_empty() {
        return Err(SignError::NoKey);
    }
    if req.keys.len() == 2 && req.keys[0].algorithm() == req.keys[1].algorithm() || req.keys.len() > 2 {
        return Err(SignError::DuplicateAlgorithm);
    }
    let who = &req.signer;
    for (value, what) in [(&who.department, "单位名称"), (&who.person, "签名人姓名")] {
        if value.trim().is_empty() {
            return Err(SignError::SignerIncomplete(what));
        }
    }
    if let Err(e) = crate::checks::check_credit_code(&who.credit_code) {
        return Err(SignError::BadCreditCode(e.describe()));
    }
    let report = engine::check(req.pack, &req.submission);
    if report.summary.errors > 0 {
        return Err(SignError::ReportHasErrors(report.summary.errors));
    }
    let unexplained: Vec<String> = req.submission.unexplained(&report).iter().map(|f| format!("{}（{}）", f.title, f.citation())).collect();
    if !unexplained.is_empty() {
        return Err(SignError::UnexplainedWarnings(unexplained));
    }
    if let Some(why) = req.attachments.iter().find_map(|a| a.check_name().err()) {
        return Err(SignError::AttachmentName(why));
    }
    let embedded: u64 = req.attachments.iter().filter(|a| a.content_base64.is_some()).map(|a| a.size).sum();
    if embedded > EMBED_LIMIT_TOTAL {
        return Err(SignError::EmbeddedTooLarge(embedded));
    }
    let payload = Payload {
        format: PACKAGE_FORMAT.to_string(),
        id: uuid_v4(req.random_id),
        created_at: req.created_at,
        submission: req.submission,
        pack: PackDigest::of(req.pack),
        report,
        attachments: req.attachments,
        signer: Signer {
            department: who.department.trim().to_string(),
            credit_code: who.credit_code.clone(),
            person: who.person.trim().to_string(),
            keys: req.keys.iter().map(|k| SignerKey::of(&k.public_key())).collect(),
        },
        previous: req.previous,
    };
    let bytes = jcs::to_canonical(&payload).map_err(|e| SignError::Canonical(e.to_string()))?;
    let pae = dsse::pae(PAYLOAD_TYPE, &bytes);
    let signatures = req.keys.iter().map(|k| Signature { keyid: k.public_key().fingerprint().sm3_hex(), sig: dsse::encode(&k.sign(&pae)) }).collect();
    Ok((Envelope { payload_type: PAYLOAD_TYPE.to_string(), payload: dsse::encode(&bytes), signatures }, payload))
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_v4_sets_version_and_variant() {
        let u = super::uuid_v4([0xff; 16]);
        assert_eq!(u, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(super::uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
