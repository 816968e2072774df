//! Signed packages: what a department sends and a bureau verifies.
//!
//! A package is a DSSE [`dsse::Envelope`] whose payload is the RFC 8785 canonical JSON of a
//! [`Payload`]: the documents, the pack reference with its hashes, the full report, the
//! 说明 for each warning (inside the submission), attachment digests, the signer, and the
//! previous version's hash for a resubmission. Signing ([`sign`]) refuses while the report
//! has errors or unexplained warnings; verification ([`verify`]) re-checks everything and
//! names every problem it finds.
//!
//! Everything here is pure: the caller supplies the time and the randomness (id), so the
//! same code runs in the browser and the CLI.

pub mod batch;
pub mod dsse;
pub mod encrypt;
pub mod jcs;
pub mod listed;
mod sign;
pub mod trust;
mod verify;

use serde::{Deserialize, Serialize};

use crate::crypto::{self, Algorithm, PublicKey};
use crate::model::Submission;
use crate::pack::RulePack;
use crate::report::Report;

pub use sign::{SignError, SignRequest, SignerIdentity, previous_version, sign};
pub use verify::{EngineChange, Problem, ProblemCode, SupersededPack, Verification, VerifyOptions, verify, verify_with_payload_bytes};

/// DSSE payload type of a package: a media type of ours, versioned.
pub const PAYLOAD_TYPE: &str = "application/vnd.shenbao.package+json; version=1";
/// `format` inside the payload.
pub const PACKAGE_FORMAT: &str = "shenbao.package/1";
/// Files larger than this are referenced by digest only, never embedded.
pub const EMBED_LIMIT_PER_FILE: u64 = 5 * 1024 * 1024;
/// Total embedded bytes per package (before base64), so a package stays mailable (< 20 MB).
pub const EMBED_LIMIT_TOTAL: u64 = 12 * 1024 * 1024;

/// The signed content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    pub format: String,
    /// UUID (v4) of this package.
    pub id: String,
    /// RFC 3339 UTC time of signing, e.g. `2026-09-15T08:30:00Z`.
    pub created_at: String,
    pub submission: Submission,
    pub pack: PackDigest,
    pub report: Report,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub signer: Signer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousVersion>,
}

impl Payload {
    /// What the package says of itself besides its documents and their check.
    pub fn head(&self) -> PayloadHead<'_> {
        PayloadHead {
            id: &self.id,
            created_at: &self.created_at,
            pack: &self.pack,
            attachments: &self.attachments,
            signer: &self.signer,
            previous: self.previous.as_ref(),
        }
    }
}

/// A payload without its documents and report: what a package's papers name of it
/// (`paper::Seal::package`). Borrowed from a payload ([`Payload::head`]), or from the parts of
/// one read on their own — the signing panel keeps the package last signed from a draft without
/// its documents, and reading a whole payload would bring the model's deserialising code into
/// the panel's part of the web build.
#[derive(Debug, Clone, Copy)]
pub struct PayloadHead<'a> {
    pub id: &'a str,
    pub created_at: &'a str,
    pub pack: &'a PackDigest,
    pub attachments: &'a [Attachment],
    pub signer: &'a Signer,
    pub previous: Option<&'a PreviousVersion>,
}

/// Which pack the report was made with, pinned by the hashes of its canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackDigest {
    pub id: String,
    pub version: String,
    pub title: String,
    pub city: String,
    /// Hex SHA-256 of the pack's RFC 8785 canonical JSON.
    pub sha256: String,
    /// Hex SM3 of the same bytes.
    pub sm3: String,
    /// Engine version that produced the report.
    pub engine: String,
}

impl PackDigest {
    pub fn of(pack: &RulePack) -> PackDigest {
        let (sha256, sm3) = pack
            .canonical_hashes
            .get_or_init(|| {
                let value: serde_json::Value = serde_json::from_str(&pack.source).expect("a loaded pack is valid JSON");
                // The loader refuses packs that are not canonicalizable (e.g. with decimals).
                let bytes = jcs::canonicalize(&value).expect("a loaded pack has only safe integers");
                (crypto::hex(&crypto::sha256(&bytes)), crypto::hex(&crypto::sm3(&bytes)))
            })
            .clone();
        PackDigest {
            id: pack.meta.id.clone(),
            version: pack.meta.version.clone(),
            title: pack.meta.title.clone(),
            city: pack.meta.city_name(),
            sha256,
            sm3,
            engine: crate::engine::ENGINE_VERSION.to_string(),
        }
    }
}

/// A file that accompanies the documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// File name as given (no directories).
    pub name: String,
    /// Attachment kind id (see `AttachmentKind`), e.g. `feasibility_study`.
    pub kind: String,
    pub size: u64,
    pub sha256: String,
    pub sm3: String,
    /// The bytes, standard base64, when embedded (under the size caps).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_base64: Option<String>,
}

impl Attachment {
    /// The description alone: an embedded file's bytes left out, its `content_base64` kept
    /// empty — all a paper needs to say that the file travels in the package
    /// (`paper::Seal`) — so that what only describes the files does not copy megabytes.
    pub fn described(&self) -> Attachment {
        Attachment {
            name: self.name.clone(),
            kind: self.kind.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
            sm3: self.sm3.clone(),
            content_base64: self.content_base64.as_ref().map(|_| String::new()),
        }
    }

    /// Describes a file; embeds it when asked and it fits under [`EMBED_LIMIT_PER_FILE`].
    pub fn from_bytes(name: &str, kind: &str, bytes: &[u8], embed: bool) -> Attachment {
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
        Attachment {
            name,
            kind: kind.to_string(),
            size: bytes.len() as u64,
            sha256: crypto::hex(&crypto::sha256(bytes)),
            sm3: crypto::hex(&crypto::sm3(bytes)),
            content_base64: (embed && bytes.len() as u64 <= EMBED_LIMIT_PER_FILE).then(|| dsse::encode(bytes)),
        }
    }

    /// Refuses a name that is not a plain file name (see [`check_attachment_name`]).
    pub fn check_name(&self) -> Result<(), String> {
        check_attachment_name(&self.name)
    }

    /// Whether `bytes` are this attachment's content.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.size && crypto::hex(&crypto::sha256(bytes)) == self.sha256 && crypto::hex(&crypto::sm3(bytes)) == self.sm3
    }
}

/// Checks that an attachment name is a plain file name. A package comes from outside, and
/// a verifier or the app may look the file up or offer to save it under this name, so
/// `../../etc/passwd`, `C:\Windows\..`, `/etc/passwd` or a name with control or invisible
/// characters must never reach a file system. Returns the Chinese reason.
pub fn check_attachment_name(name: &str) -> Result<(), String> {
    let shown = crate::checks::reveal(name);
    if name.trim().is_empty() {
        return Err("附件名称为空".into());
    }
    if name.contains(['/', '\\']) {
        return Err(format!("附件名称“{shown}”含有路径分隔符（/ 或 \\），只能是单纯的文件名"));
    }
    if name == "." || name == ".." {
        return Err(format!("附件名称“{shown}”不是文件名"));
    }
    if name.contains(':') {
        return Err(format!("附件名称“{shown}”含有冒号，可能指向盘符（如 C:）或隐藏的数据流，只能是单纯的文件名"));
    }
    if !crate::checks::invisible_chars(name).is_empty() {
        return Err(format!("附件名称“{shown}”含有控制字符或看不见的字符"));
    }
    if name.len() > 255 {
        return Err(format!("附件名称过长（{} 字节，上限 255）", name.len()));
    }
    Ok(())
}

/// Who signed: the department, the person, and the key(s) used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub department: String,
    pub credit_code: String,
    pub person: String,
    pub keys: Vec<SignerKey>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerKey {
    pub algorithm: Algorithm,
    pub public_key_pem: String,
    /// Hex SM3 of the SPKI DER; also the envelope's `keyid`.
    pub fingerprint: String,
    /// Hex SHA-256 of the SPKI DER.
    pub fingerprint_sha256: String,
}

impl SignerKey {
    pub fn of(key: &PublicKey) -> SignerKey {
        let fp = key.fingerprint();
        SignerKey { algorithm: key.algorithm(), public_key_pem: key.to_pem(), fingerprint: fp.sm3_hex(), fingerprint_sha256: fp.sha256_hex() }
    }
}

/// The version this package replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousVersion {
    pub id: String,
    /// Hex SHA-256 of the previous payload bytes.
    pub sha256: String,
    pub sm3: String,
}

impl PreviousVersion {
    /// The reference to the package with id `id` whose signed payload is `payload`.
    pub fn of(id: &str, payload: &[u8]) -> PreviousVersion {
        PreviousVersion { id: id.to_string(), sha256: crypto::hex(&crypto::sha256(payload)), sm3: crypto::hex(&crypto::sm3(payload)) }
    }
}

/// Hashes of a package's payload bytes (what footers and trust decisions refer to).
pub fn payload_digest(envelope: &dsse::Envelope) -> Option<(String, String)> {
    let bytes = envelope.payload_bytes()?;
    Some((crypto::hex(&crypto::sha256(&bytes)), crypto::hex(&crypto::sm3(&bytes))))
}

/// `s` fit to be part of a file name: the characters file systems dislike removed, trimmed.
pub fn file_name_part(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()).collect::<String>().trim().to_string()
}

/// A file name for a package: `单位-项目-日期.json`, with characters file systems dislike removed.
pub fn package_file_name(payload: &Payload) -> String {
    let clean = file_name_part;
    let unit = clean(&payload.signer.department);
    let project = payload
        .submission
        .project
        .as_ref()
        .map(|p| p.basic.name.clone())
        .or_else(|| payload.submission.service_plan.as_ref().map(|s| s.project_name.clone()))
        .unwrap_or_default();
    let date: String = payload.created_at.chars().take(10).collect();
    format!("{}-{}-{}.json", unit, clean(&project), date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_must_be_plain_file_names() {
        for bad in ["../../etc/passwd", "C:\\Windows\\..", "/etc/passwd", "..", ".", "", "  ", "a:b.txt", "可研\u{202E}fdp.exe", "a\nb"] {
            assert!(check_attachment_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_attachment_name("../../etc/passwd").unwrap_err().contains("路径分隔符"));
        assert!(check_attachment_name("可研\u{202E}fdp.exe").unwrap_err().contains("⟦U+202E⟧"));
        for good in ["可研报告.pdf", "预算表 (2026).xlsx", ".hidden", "a..b.pdf"] {
            assert!(check_attachment_name(good).is_ok(), "{good:?} refused");
        }
        // A path given when signing is reduced to its file name.
        assert_eq!(Attachment::from_bytes("/home/li/可研.pdf", "other", b"x", false).name, "可研.pdf");
        assert_eq!(Attachment::from_bytes("C:\\Users\\li\\可研.pdf", "other", b"x", false).name, "可研.pdf");
    }
}
