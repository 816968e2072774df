//! Verifying a package: every check a bureau needs, each failure with its own code and a
//! Chinese message. Checks that depend on trusting the content stop after a bad signature.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::crypto::PublicKey;
use crate::engine;
use crate::pack::RulePack;

use super::dsse::{self, Envelope};
use super::trust::{KeyStatus, TrustList};
use super::{PACKAGE_FORMAT, PAYLOAD_TYPE, PackDigest, Payload, jcs};

/// What went wrong, as a stable code for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// Not a package: bad JSON, wrong payload type, bad base64, payload not a package.
    MalformedEnvelope,
    /// An encrypted package (`shenbao.encrypted/1`): decrypt it with the bureau's key first.
    Encrypted,
    /// No signatures at all.
    Unsigned,
    /// A signature does not verify: the package was altered after signing.
    SignatureInvalid,
    /// The signing key is not in the trust list (or no trust list was given).
    SignerUnknown,
    /// The signing key was revoked.
    SignerRevoked,
    /// Signed outside the key's registered validity.
    SignerOutsideValidity,
    /// The trust list registers the key to another department.
    SignerMismatch,
    /// No pack with this id is available.
    PackUnknown,
    /// A pack with this id exists, but not with the pinned hash.
    PackHashMismatch,
    /// Re-running the same pack on the documents gives a different report.
    ReportMismatch,
    /// The report has errors.
    ReportHasErrors,
    /// A warning has no written 说明.
    WarningUnexplained,
    /// An attachment's bytes were neither embedded nor supplied.
    AttachmentMissing,
    /// An attachment's bytes do not match its recorded size or hashes.
    AttachmentHashMismatch,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub code: ProblemCode,
    pub message: String,
}

/// The outcome of verifying one package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    /// True when there is no problem at all.
    pub valid: bool,
    /// Signer as stated in the (signature-checked) payload: `单位（信用代码）· 姓名`.
    pub signer: Option<String>,
    /// Grouped SM3 fingerprint of the first valid signing key.
    pub fingerprint: Option<String>,
    pub problems: Vec<Problem>,
    /// Set when the package was signed under an earlier version of its pack and re-checked
    /// with that (kept in [`VerifyOptions::superseded`]): not a problem — the bureau updated
    /// the pack while the package was on its way — but the reviewer is told which rules it
    /// was checked against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_superseded: Option<SupersededPack>,
    /// Set when the package's report was made by another engine version and differs from the
    /// re-check in the findings' wording only (`report::reworded`): not a problem — the
    /// findings are the same — but said, and the payload's report is then the re-check's, so
    /// every view shows this engine's words and never ones only the package carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_changed: Option<EngineChange>,
    /// The payload, when it could be read (even if signatures failed: for display only; its
    /// report is the re-check's when [`Verification::engine_changed`] is set).
    #[serde(skip)]
    pub payload: Option<Payload>,
}

impl Verification {
    /// The outcome for a file that is not a package that could be checked at all (malformed,
    /// unreadable, encrypted): one problem, nothing read.
    pub fn failed(code: ProblemCode, message: impl Into<String>) -> Verification {
        Verification {
            valid: false,
            signer: None,
            fingerprint: None,
            problems: vec![problem(code, message)],
            pack_superseded: None,
            engine_changed: None,
            payload: None,
        }
    }

    pub fn has(&self, code: ProblemCode) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// 「…按申报包所用的旧版复核」 when the package was re-checked under a superseded
    /// version of its pack ([`Verification::pack_superseded`]), as the desk, the CLI and the
    /// reviewer's opinion say it.
    pub fn superseded_note(&self) -> Option<String> {
        let p = self.pack_superseded.as_ref()?;
        let current = p.under_current.as_deref().map(|c| format!("；{c}")).unwrap_or_default();
        Some(format!("申报包所用规则包 {} v{} 已有新版本（现行 v{}），检查结果按申报包所用的旧版复核{current}", p.id, p.used, p.now))
    }

    /// 「…重新检查的问题相同…」 when the package was checked by another engine version
    /// ([`Verification::engine_changed`]), as the desk, the CLI and the reviewer's opinion
    /// say it.
    pub fn engine_note(&self) -> Option<String> {
        let e = self.engine_changed.as_ref()?;
        let same = format!("申报包由检查引擎 v{} 检查，本机引擎 v{} 重新检查的问题相同", e.used, e.now);
        Some(match e.reworded {
            0 => same,
            n => format!("{same}，其中 {n} 项的说明文字不同，按本机引擎显示"),
        })
    }

    /// Whether the package's content is what its signer signed (whoever that is, trusted or
    /// not): only then may its signer be named for it, on paper or as the version another
    /// replaces.
    pub fn signature_holds(&self) -> bool {
        ![ProblemCode::SignatureInvalid, ProblemCode::MalformedEnvelope, ProblemCode::Unsigned].into_iter().any(|c| self.has(c))
    }
}

/// The pack a package was re-checked under, when that is an earlier version than the one
/// in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupersededPack {
    pub id: String,
    /// The version the package names, and was re-checked under.
    pub used: String,
    /// The version in use now (several, joined with 、, only if several are loaded).
    pub now: String,
    /// What checking the package under the version in use finds otherwise
    /// (`report::under_current`): 「按现行版检查，问题相同」 or the findings each has alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub under_current: Option<String>,
}

/// The engine a package's report was made by, when it is not this one and the report
/// differs from the re-check in wording only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineChange {
    /// The engine version the package's report names.
    pub used: String,
    /// This engine's version ([`engine::ENGINE_VERSION`]).
    pub now: String,
    /// How many findings read otherwise.
    pub reworded: usize,
}

/// What a verifier has to hand.
pub struct VerifyOptions<'a> {
    pub trust: Option<&'a TrustList>,
    /// Packs to look the pinned pack up in (built-in ones plus any loaded from files).
    pub packs: &'a [&'a RulePack],
    /// Earlier versions of those packs (`pack::builtin::superseded`), looked in when none of
    /// `packs` is the pinned one: a package made before its pack was updated still verifies,
    /// and says so ([`Verification::pack_superseded`]).
    pub superseded: &'a [&'a RulePack],
    /// Returns the bytes of a non-embedded attachment by file name, if the verifier has it.
    pub attachment: &'a dyn Fn(&str) -> Option<Vec<u8>>,
}

fn problem(code: ProblemCode, message: impl Into<String>) -> Problem {
    Problem { code, message: message.into() }
}

fn malformed(message: impl Into<String>) -> Verification {
    Verification::failed(ProblemCode::MalformedEnvelope, message)
}

/// serde's English wording of a structural problem, in Chinese where it is a common one.
fn data_error(e: &serde_json::Error) -> String {
    let raw = e.to_string();
    let detail = raw.rsplit_once(" at line ").map(|(d, _)| d).unwrap_or(&raw);
    if let Some(rest) = detail.strip_prefix("missing field ") {
        format!("缺少字段 {rest}")
    } else if let Some(rest) = detail.strip_prefix("unknown field ") {
        format!("未知字段 {}（可能拼写有误，或文件版本不符）", rest.split(',').next().unwrap_or(rest))
    } else if detail.starts_with("invalid type") {
        format!("类型不对（{detail}）")
    } else {
        detail.to_string()
    }
}

/// Verifies a package file's text.
pub fn verify(text: &str, opts: &VerifyOptions) -> Verification {
    verify_with_payload_bytes(text, opts).0
}

/// [`verify`], also returning the payload bytes when the envelope could be decoded, so that a
/// caller who needs the payload's hash (the CLI's batch relations) does not parse and decode
/// the envelope a second time.
pub fn verify_with_payload_bytes(text: &str, opts: &VerifyOptions) -> (Verification, Option<Vec<u8>>) {
    let mut bytes = None;
    let v = verify_inner(text, opts, &mut bytes);
    (v, bytes)
}

/// A canonical payload (which is what every genuine package holds), deserialised directly
/// with no intermediate [`serde_json::Value`]. [`jcs::is_canonical_str`] guarantees that
/// strict parsing succeeds and that the canonical form is the bytes themselves, so only the
/// deserialisation could fail; `None` sends the caller to the full path, which names any
/// problem exactly as before.
#[cfg(not(target_arch = "wasm32"))]
fn read_canonical_payload(bytes: &[u8]) -> Option<Payload> {
    // UTF-8 is checked once here (with SIMD: the documents' Chinese text is the slow case of
    // the standard library's check); `from_str` does not check it again string by string.
    let text = simdutf8::basic::from_utf8(bytes).ok().filter(|_| bytes.len() <= crate::input::MAX_PACKAGE_BYTES)?;
    if !jcs::is_canonical_str(text) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// The browser keeps only the full path: deserialising the whole model from text as well as
/// from a `Value` would add a second copy of that code to the wasm, which has a size budget,
/// while the reviewer's desk verifies a few packages at a time.
#[cfg(target_arch = "wasm32")]
fn read_canonical_payload(_: &[u8]) -> Option<Payload> {
    None
}

/// The payload, read from its bytes: [`read_canonical_payload`], else strict parsing,
/// deserialisation, the format and the canonical form checked in turn.
#[allow(clippy::result_large_err)] // the outcome itself, as `verify_inner` returns it
fn read_payload(bytes: &[u8]) -> Result<Payload, Verification> {
    if let Some(payload) = read_canonical_payload(bytes) {
        if payload.format != PACKAGE_FORMAT {
            return Err(malformed(format!("payload 的 format 为“{}”，应为“{PACKAGE_FORMAT}”", payload.format)));
        }
        return Ok(payload);
    }
    // Duplicate keys inside the signed bytes would let two readers see different content.
    let value = match crate::input::parse_slice(bytes, crate::input::MAX_PACKAGE_BYTES) {
        Ok(v) => v,
        Err(e) => return Err(malformed(format!("payload 不是有效的申报内容：{e}"))),
    };
    let payload = match Payload::deserialize(&value) {
        Ok(p) => p,
        Err(e) => return Err(malformed(format!("payload 不是有效的申报内容：{}", data_error(&e)))),
    };
    if payload.format != PACKAGE_FORMAT {
        return Err(malformed(format!("payload 的 format 为“{}”，应为“{PACKAGE_FORMAT}”", payload.format)));
    }
    // One byte string per content: the payload must be exactly its canonical form.
    if jcs::canonicalize(&value).ok().as_deref() != Some(bytes) {
        return Err(malformed("payload 不是 RFC 8785 规范化 JSON，可能被重新排版或改动"));
    }
    Ok(payload)
}

/// [`Envelope`] with its strings borrowed from the package's text where they hold no escape:
/// the payload's base64 (most of the file) is decoded from the text itself, not copied first.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeText<'a> {
    #[serde(rename = "payloadType", borrow)]
    payload_type: Cow<'a, str>,
    #[serde(borrow)]
    payload: Cow<'a, str>,
    signatures: Vec<dsse::Signature>,
}

/// The envelope, read strictly: size cap, BOM dropped, duplicate keys refused
/// (`crate::input`); an encrypted package is named as such first.
///
/// A well-formed envelope is read straight into its type: serde refuses a repeated or unknown
/// field of `Envelope` and `Signature`, and their values are strings (no numbers, no depth),
/// so what that accepts the strict reader accepts too, with the same result. It has no
/// `format` key, so it is not an encrypted package either. Anything it refuses takes the old
/// path, which names the problem as before.
#[allow(clippy::result_large_err)] // the outcome itself, as `read_payload` returns it
fn read_envelope(text: &str) -> Result<EnvelopeText<'_>, Verification> {
    if text.len() <= crate::input::MAX_PACKAGE_BYTES
        && let Ok(env) = serde_json::from_str::<EnvelopeText>(crate::input::strip_bom(text))
    {
        return Ok(env);
    }
    if super::encrypt::is_encrypted(text) {
        return Err(Verification::failed(ProblemCode::Encrypted, "申报包已加密：请用审核单位私钥解密后再核验"));
    }
    match crate::input::parse(text, crate::input::MAX_PACKAGE_BYTES) {
        Err(e) => Err(malformed(format!("不是有效的申报包（DSSE 信封）：{e}"))),
        Ok(value) => match serde_json::from_value::<Envelope>(value) {
            Ok(e) => Ok(EnvelopeText { payload_type: e.payload_type.into(), payload: e.payload.into(), signatures: e.signatures }),
            Err(e) => Err(malformed(format!("不是有效的申报包（DSSE 信封）：{}", data_error(&e)))),
        },
    }
}

/// A public key as read from a payload's PEM text, with its fingerprint in both spellings.
struct ReadKey {
    key: PublicKey,
    sm3_hex: String,
    grouped: String,
}

/// Keys remembered per thread by [`read_key`]: a batch is signed by a few departments, so a
/// handful covers it.
const KEY_CACHE: usize = 32;

thread_local! {
    /// PEM text → the key read from it (`None`: unreadable), most recent last.
    static KEYS: RefCell<Vec<(String, Option<Rc<ReadKey>>)>> = const { RefCell::new(Vec::new()) };
}

/// `PublicKey::from_pem` and the key's fingerprint, remembered by the exact PEM text: every
/// package of a department carries the same key, and reading it (decoding the point, the
/// SM2 `Z` hash, the SM3 fingerprint) was paid again per package. The result is a function of
/// the text alone, so a remembered one is the one reading it again would give.
fn read_key(pem: &str) -> Option<Rc<ReadKey>> {
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, k)) = cache.iter().find(|(p, _)| p == pem) {
            return k.clone();
        }
        let k = PublicKey::from_pem(pem).ok().map(|key| {
            let fp = key.fingerprint();
            Rc::new(ReadKey { sm3_hex: fp.sm3_hex(), grouped: fp.grouped(), key })
        });
        if cache.len() >= KEY_CACHE {
            cache.remove(0);
        }
        cache.push((pem.to_string(), k.clone()));
        k
    })
}

/// Whether the re-computed report is the stated one, as their RFC 8785 bytes compare.
/// Equal reports have equal bytes, so structural equality settles the usual case without
/// serialising either; only different ones are compared as bytes (the original rule).
fn same_report(again: &crate::report::Report, stated: &crate::report::Report) -> bool {
    again == stated || jcs::to_canonical(again).ok() == jcs::to_canonical(stated).ok()
}

fn verify_inner(text: &str, opts: &VerifyOptions, payload_bytes: &mut Option<Vec<u8>>) -> Verification {
    let env = match read_envelope(text) {
        Ok(env) => env,
        Err(v) => return v,
    };
    if env.payload_type != PAYLOAD_TYPE {
        return malformed(format!("payloadType 为“{}”，不是申报包（应为“{PAYLOAD_TYPE}”）", env.payload_type));
    }
    let Some(bytes) = dsse::decode(&env.payload) else { return malformed("payload 不是有效的 base64") };
    let bytes: &[u8] = payload_bytes.insert(bytes);
    let mut payload = match read_payload(bytes) {
        Ok(p) => p,
        Err(v) => return v,
    };
    let signer = Some(format!("{}（{}）· {}", payload.signer.department, payload.signer.credit_code, payload.signer.person));
    let mut v = Verification { valid: false, signer, fingerprint: None, problems: Vec::new(), pack_superseded: None, engine_changed: None, payload: None };

    // Signatures: each must verify with one of the keys the payload declares.
    let keys: Vec<(Rc<ReadKey>, &super::SignerKey)> =
        payload.signer.keys.iter().filter_map(|k| read_key(&k.public_key_pem).filter(|pk| pk.sm3_hex == k.fingerprint).map(|pk| (pk, k))).collect();
    if keys.len() != payload.signer.keys.len() {
        v.problems.push(problem(ProblemCode::SignatureInvalid, "签名人公钥无法读取或与所载指纹不符"));
    }
    if env.signatures.is_empty() {
        v.problems.push(problem(ProblemCode::Unsigned, "申报包没有任何签名"));
    }
    let pae = dsse::pae(&env.payload_type, bytes);
    let mut used = Vec::new();
    for (i, s) in env.signatures.iter().enumerate() {
        // `keyid` is only a hint, but a wrong hint is refused so that no byte of a package
        // can change without failing verification.
        let ok_key = dsse::decode(&s.sig)
            .and_then(|sig| keys.iter().find(|(pk, _)| pk.key.verify(&pae, &sig)))
            .filter(|(pk, _)| s.keyid.is_empty() || s.keyid == pk.sm3_hex);
        match ok_key {
            Some((pk, _)) => used.push(pk.clone()),
            None => v.problems.push(problem(ProblemCode::SignatureInvalid, format!("第 {} 个签名无效：申报包在签名后被改动，或签名不属于所载公钥", i + 1))),
        }
    }
    if let Some(pk) = used.first() {
        v.fingerprint = Some(pk.grouped.clone());
    }
    if !v.problems.is_empty() {
        // Nothing inside can be trusted; report what we could read for display only.
        v.payload = Some(payload);
        return v;
    }

    // Who signed: the trust list decides.
    let signed_on = payload.created_at.get(..10).and_then(crate::date::parse_ymd);
    match opts.trust {
        None => v.problems.push(problem(ProblemCode::SignerUnknown, "未提供信任列表，无法确认签名人身份（签名本身有效）")),
        Some(list) => {
            for pk in &used {
                let Some(entry) = list.find(&pk.sm3_hex) else {
                    v.problems.push(problem(ProblemCode::SignerUnknown, format!("签名公钥（指纹 {}）不在信任列表中", pk.grouped)));
                    continue;
                };
                if entry.status == KeyStatus::Revoked {
                    let when = entry.revoked_at.map(|d| format!("于 {d} ")).unwrap_or_default();
                    let why = entry.reason.as_deref().map(|r| format!("，原因：{r}")).unwrap_or_default();
                    v.problems.push(problem(ProblemCode::SignerRevoked, format!("{}的签名公钥已{when}吊销{why}", entry.department)));
                }
                let inside = signed_on.is_some_and(|d| d >= entry.valid_from && entry.valid_until.is_none_or(|u| d <= u));
                if !inside {
                    let until = entry.valid_until.map(|u| u.to_string()).unwrap_or_else(|| "长期".into());
                    v.problems.push(problem(
                        ProblemCode::SignerOutsideValidity,
                        format!("签名时间 {} 不在该公钥登记的有效期（{} 至 {until}）内", payload.created_at, entry.valid_from),
                    ));
                }
                if entry.credit_code != payload.signer.credit_code || entry.department != payload.signer.department {
                    v.problems.push(problem(
                        ProblemCode::SignerMismatch,
                        format!(
                            "该公钥登记给{}（{}），而申报包署名为{}（{}）",
                            entry.department, entry.credit_code, payload.signer.department, payload.signer.credit_code
                        ),
                    ));
                }
            }
        }
    }

    // The pack, pinned by hash; then the report, re-computed.
    let pinned = |p: &RulePack| {
        let d = PackDigest::of(p);
        d.sha256 == payload.pack.sha256 && d.sm3 == payload.pack.sm3
    };
    let same_id: Vec<&&RulePack> = opts.packs.iter().filter(|p| p.meta.id == payload.pack.id).collect();
    let earlier: Vec<&&RulePack> = opts.superseded.iter().filter(|p| p.meta.id == payload.pack.id).collect();
    let pack = match same_id.iter().find(|p| pinned(p)) {
        Some(p) => Some(p),
        None => earlier.iter().find(|p| pinned(p)).inspect(|_| {
            // Named by the version in use now; by several only if several are loaded.
            let now: Vec<&str> = same_id.iter().map(|p| p.meta.version.as_str()).collect();
            v.pack_superseded = (!now.is_empty()).then(|| SupersededPack {
                id: payload.pack.id.clone(),
                used: payload.pack.version.clone(),
                now: now.join("、"),
                under_current: None,
            });
        }),
    };
    match pack {
        None if same_id.is_empty() && earlier.is_empty() => v.problems.push(problem(
            ProblemCode::PackUnknown,
            format!(
                "没有规则包“{}”（{} v{}），无法复核检查结果：请更新本机的申报通，或载入该规则包文件",
                payload.pack.id, payload.pack.city, payload.pack.version
            ),
        )),
        None => {
            let have: Vec<&str> = same_id.iter().chain(&earlier).map(|p| p.meta.version.as_str()).collect();
            // What the reviewer can do about it: update this copy, ask where the pack came
            // from, or ask for the package again.
            let used = payload.pack.version.as_str();
            let why = if have.contains(&used) {
                "：版本号相同而内容不同，其中一方的规则包可能被改动过，请核实规则包的来源"
            } else if have.iter().all(|h| crate::pack::version_order(used, h) == Some(std::cmp::Ordering::Greater)) {
                "：申报包所用的版本比本机的新，请更新本机的申报通后再复核"
            } else {
                "：本机未保留这一版本，请申报单位用现行版本重新检查、签名后再报送"
            };
            v.problems.push(problem(
                ProblemCode::PackHashMismatch,
                format!(
                    "申报包所用规则包 {} v{} 的摘要与本机规则包（{}）不一致，无法用同一规则复核{why}",
                    payload.pack.id,
                    used,
                    have.iter().map(|h| format!("v{h}")).collect::<Vec<_>>().join("、")
                ),
            ));
        }
        Some(pack) => {
            let again = engine::check(pack, &payload.submission);
            // Under an old version: what the version in use would find, for the bureau to weigh.
            if let (Some(superseded), Some(current)) = (v.pack_superseded.as_mut(), same_id.first()) {
                superseded.under_current = Some(crate::report::under_current(&engine::check(current, &payload.submission), &again));
            }
            // Another engine may word the same findings otherwise: accepted, and shown in
            // this engine's words (the package's own are set aside).
            let reworded = (again.engine != payload.report.engine).then(|| crate::report::reworded(&again, &payload.report)).flatten();
            if let Some(reworded) = reworded {
                v.engine_changed = Some(EngineChange { used: payload.report.engine.clone(), now: again.engine.clone(), reworded });
                payload.report = again;
            } else if !same_report(&again, &payload.report) {
                // What differs, so the reviewer can tell documents changed after the check
                // from findings only worded otherwise.
                let what = crate::report::differences(&again, &payload.report);
                v.problems.push(problem(
                    ProblemCode::ReportMismatch,
                    format!(
                        "用同一规则包重新检查的结果（{}）与申报包内的检查结果（{}）不一致{}",
                        again.status_line(),
                        payload.report.status_line(),
                        if what.is_empty() { String::new() } else { format!("：{}", what.join("；")) }
                    ),
                ));
            }
        }
    }
    if payload.report.summary.errors > 0 {
        v.problems.push(problem(ProblemCode::ReportHasErrors, format!("检查结果有 {} 项错误", payload.report.summary.errors)));
    }
    for f in payload.submission.unexplained(&payload.report) {
        v.problems.push(problem(ProblemCode::WarningUnexplained, format!("警告“{}”（{}）没有说明", f.title, f.citation())));
    }

    // Attachments: embedded bytes, or supplied by the verifier.
    for a in &payload.attachments {
        // Never pass a path from a package to the verifier's file lookup.
        if let Err(why) = a.check_name() {
            v.problems.push(problem(ProblemCode::MalformedEnvelope, format!("{why}；已拒绝按此名称读取附件")));
            continue;
        }
        let bytes = match &a.content_base64 {
            Some(b64) => dsse::decode(b64),
            None => (opts.attachment)(&a.name),
        };
        match bytes {
            None => v.problems.push(problem(ProblemCode::AttachmentMissing, format!("附件“{}”未嵌入申报包，也未随包提供", a.name))),
            Some(b) if !a.matches(&b) => {
                v.problems.push(problem(ProblemCode::AttachmentHashMismatch, format!("附件“{}”的内容与申报包记录的大小或摘要不符", a.name)))
            }
            Some(_) => {}
        }
    }
    v.valid = v.problems.is_empty();
    v.payload = Some(payload);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{Algorithm, PrivateKey};
    use crate::package::{SignRequest, SignerIdentity, sign};

    /// Envelopes the typed read refuses (or that are spelled unusually) give what the strict
    /// reader gave: duplicate and unknown keys named as before, escapes and a BOM accepted.
    #[test]
    #[allow(clippy::result_large_err)]
    fn envelopes_read_directly_or_strictly_agree() {
        let sub = crate::Submission::from_json(include_str!("../../../tests/fixtures/bazhong/project.json")).unwrap();
        let key = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[5u8; 32]).unwrap();
        let (env, _) = sign(SignRequest {
            submission: sub,
            pack: crate::pack::builtin::pack("bazhong").unwrap(),
            signer: SignerIdentity {
                department: "巴中市自然资源和规划局".into(), credit_code: "11511900MB1A08217D".into(), person: "杨静".into()
            },
            keys: vec![&key],
            attachments: vec![],
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id: [4u8; 16],
        })
        .unwrap();
        let text = env.to_json_pretty();
        let packs = [crate::pack::builtin::pack("bazhong").unwrap()];
        let opts = VerifyOptions { trust: None, packs: &packs, superseded: &[], attachment: &|_| None };
        let strict = |text: &str| -> Result<Envelope, Verification> {
            match crate::input::parse(text, crate::input::MAX_PACKAGE_BYTES) {
                Err(e) => Err(malformed(format!("不是有效的申报包（DSSE 信封）：{e}"))),
                Ok(value) => serde_json::from_value(value).map_err(|e| malformed(format!("不是有效的申报包（DSSE 信封）：{}", data_error(&e)))),
            }
        };
        let genuine = verify(&text, &opts);
        assert_eq!(genuine.problems.iter().map(|p| p.code).collect::<Vec<_>>(), vec![ProblemCode::SignerUnknown]);
        let variants = [
            text.clone(),
            format!("\u{feff}{text}"),
            text.replacen("\"payloadType\"", "\"payloadType\": \"x\", \"payloadType\"", 1),
            text.replacen("\"payload\"", "\"payload\": \"\", \"payload\"", 1),
            text.replacen("\"keyid\"", "\"sig\": \"\", \"keyid\"", 1),
            text.replacen("\"payloadType\"", "\"extra\": 1, \"payloadType\"", 1),
            text.replacen("\"payload\": \"e", "\"payload\": \"\\u0065", 1),
            text.replacen("application/vnd", "application\\/vnd", 1),
            text.replacen("\"signatures\"", "\"signatures\": [], \"x\"", 1),
            text.replacen("{", "[", 1),
        ];
        assert!(variants.iter().skip(1).all(|v| *v != text));
        for t in &variants {
            let (direct, strict) = (read_envelope(t), strict(t));
            match (direct, strict) {
                (Ok(d), Ok(s)) => {
                    assert_eq!((d.payload_type.as_ref(), d.payload.as_ref(), &d.signatures), (s.payload_type.as_str(), s.payload.as_str(), &s.signatures));
                    assert_eq!(verify(t, &opts).problems, genuine.problems);
                }
                (Err(d), Err(s)) => assert_eq!(d, s, "{t}"),
                (d, s) => panic!("{t}: {:?} vs {:?}", d.is_ok(), s.is_ok()),
            }
        }
    }

    /// The one-pass read of a canonical payload gives the same `Payload` as strict parsing
    /// into a `Value` and deserialising that.
    #[test]
    fn canonical_payloads_read_the_same_either_way() {
        let sub = crate::Submission::from_json(include_str!("../../../tests/fixtures/bazhong/project.json")).unwrap();
        let key = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[3u8; 32]).unwrap();
        let (env, payload) = sign(SignRequest {
            submission: sub,
            pack: crate::pack::builtin::pack("bazhong").unwrap(),
            signer: SignerIdentity {
                department: "巴中市自然资源和规划局".into(), credit_code: "11511900MB1A08217D".into(), person: "杨静".into()
            },
            keys: vec![&key],
            attachments: vec![super::super::Attachment::from_bytes("说明.txt", "other", b"x", true)],
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id: [2u8; 16],
        })
        .unwrap();
        let bytes = env.payload_bytes().unwrap();
        let fast = read_canonical_payload(&bytes).expect("a signed payload is canonical");
        let slow = Payload::deserialize(&crate::input::parse_slice(&bytes, crate::input::MAX_PACKAGE_BYTES).unwrap()).unwrap();
        assert_eq!(fast, slow);
        assert_eq!(fast, payload);
        assert_eq!(read_payload(&bytes).unwrap(), payload);
    }
}
