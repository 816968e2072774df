//! Signed packages: round trips for both algorithms, every verification outcome, and
//! exhaustive single-byte tampering of one sample package.

mod common;

use chrono::NaiveDate;
use common::*;
use serde_json::{Value, json};
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::engine::ENGINE_VERSION;
use shenbao_core::model::Justification;
use shenbao_core::pack::builtin;
use shenbao_core::package::dsse::{self, Envelope};
use shenbao_core::package::trust::{KeyStatus, TrustEntry, TrustList};
use shenbao_core::package::{self, Attachment, ProblemCode, SignError, SignRequest, SignerIdentity, Verification, VerifyOptions};
use shenbao_core::{RulePack, Submission};

const UNIT: &str = "巴中市市场监督管理局";
const CODE: &str = "11511900MB1527360X";

fn fixture(name: &str) -> Submission {
    Submission::from_json(&read(&tests_dir().join("fixtures/bazhong").join(name))).unwrap()
}

fn pack() -> &'static RulePack {
    builtin::pack("bazhong").unwrap()
}

fn key(alg: Algorithm) -> PrivateKey {
    PrivateKey::generate(alg).unwrap()
}

fn request<'a>(sub: Submission, keys: Vec<&'a PrivateKey>) -> SignRequest<'a> {
    SignRequest {
        submission: sub,
        pack: pack(),
        signer: SignerIdentity { department: UNIT.into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys,
        attachments: vec![Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility", true)],
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [7; 16],
    }
}

fn entry(k: &PrivateKey) -> TrustEntry {
    TrustEntry::active(&k.public_key(), UNIT, CODE, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Some(NaiveDate::from_ymd_opt(2027, 12, 31).unwrap()))
}

fn trust(entries: Vec<TrustEntry>) -> TrustList {
    TrustList {
        format: "shenbao.trust-list/1".into(), issuer: "巴中市政务服务和大数据管理局".into(), issued_at: "2026-01-01T00:00:00Z".into(), entries
    }
}

fn no_files(_: &str) -> Option<Vec<u8>> {
    None
}

fn check(text: &str, list: Option<&TrustList>) -> Verification {
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    package::verify(text, &VerifyOptions { trust: list, packs: &packs, superseded: &[], attachment: &no_files })
}

fn signed(alg: Algorithm) -> (PrivateKey, String) {
    let k = key(alg);
    let (env, _) = package::sign(request(fixture("project.json"), vec![&k])).unwrap();
    (k, env.to_json_pretty())
}

fn codes(v: &Verification) -> Vec<ProblemCode> {
    v.problems.iter().map(|p| p.code).collect()
}

/// Re-signs an edited payload with `k`, so only the edit (not the signature) is wrong.
fn resign(text: &str, k: &PrivateKey, edit: impl FnOnce(&mut Value)) -> String {
    let mut env: Envelope = serde_json::from_str(text).unwrap();
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    edit(&mut payload);
    let bytes = package::jcs::canonicalize(&payload).unwrap();
    env.payload = dsse::encode(&bytes);
    env.signatures = vec![dsse::Signature { keyid: String::new(), sig: dsse::encode(&k.sign(&dsse::pae(&env.payload_type, &bytes))) }];
    env.to_json_pretty()
}

#[test]
fn round_trip_sm2_and_ed25519_and_both() {
    for alg in [Algorithm::Sm2, Algorithm::Ed25519] {
        let (k, text) = signed(alg);
        let v = check(&text, Some(&trust(vec![entry(&k)])));
        assert!(v.valid, "{alg:?}: {:?}", v.problems);
        assert_eq!(v.signer.as_deref(), Some("巴中市市场监督管理局（11511900MB1527360X）· 李晓梅"));
        assert_eq!(v.fingerprint.as_deref(), Some(k.public_key().fingerprint().grouped().as_str()));
        let env: Envelope = serde_json::from_str(&text).unwrap();
        assert_eq!(env.payload_type, "application/vnd.shenbao.package+json; version=1");
        assert_eq!(env.signatures[0].keyid, k.public_key().fingerprint().sm3_hex());
    }
    let (a, b) = (key(Algorithm::Sm2), key(Algorithm::Ed25519));
    let (env, payload) = package::sign(request(fixture("project.json"), vec![&a, &b])).unwrap();
    assert_eq!(env.signatures.len(), 2);
    assert_eq!(payload.signer.keys.len(), 2);
    assert_eq!(payload.id, "07070707-0707-4707-8707-070707070707");
    let v = check(&env.to_json_pretty(), Some(&trust(vec![entry(&a), entry(&b)])));
    assert!(v.valid, "{:?}", v.problems);
}

#[test]
fn payload_is_canonical_json_with_everything_required() {
    let (_, text) = signed(Algorithm::Sm2);
    let env: Envelope = serde_json::from_str(&text).unwrap();
    let bytes = env.payload_bytes().unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(package::jcs::canonicalize(&v).unwrap(), bytes);
    for key in ["format", "id", "created_at", "submission", "pack", "report", "attachments", "signer"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    for key in ["id", "version", "sha256", "sm3", "engine"] {
        assert!(v["pack"].get(key).is_some(), "pack.{key}");
    }
    assert_eq!(v["attachments"][0]["size"], json!(20));
    assert_eq!(v["signer"]["keys"][0]["algorithm"], json!("sm2"));
}

#[test]
fn malformed_envelopes() {
    for text in ["", "[]", "{\"payloadType\": 1}", "not json"] {
        assert_eq!(codes(&check(text, None)), vec![ProblemCode::MalformedEnvelope], "{text:?}");
    }
    let (_, text) = signed(Algorithm::Sm2);
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["payloadType"] = json!("application/json");
    assert_eq!(codes(&check(&v.to_string(), None)), vec![ProblemCode::MalformedEnvelope]);
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["payload"] = json!("!!!");
    assert_eq!(codes(&check(&v.to_string(), None)), vec![ProblemCode::MalformedEnvelope]);
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["payload"] = json!(dsse::encode(b"{\"format\":\"shenbao.package/1\"}"));
    assert_eq!(codes(&check(&v.to_string(), None)), vec![ProblemCode::MalformedEnvelope]);
    // Same content, re-indented: no longer the signed canonical bytes.
    let mut env: Envelope = serde_json::from_str(&text).unwrap();
    let pretty = serde_json::to_vec_pretty(&serde_json::from_slice::<Value>(&env.payload_bytes().unwrap()).unwrap()).unwrap();
    env.payload = dsse::encode(&pretty);
    let v = check(&env.to_json_pretty(), None);
    assert_eq!(codes(&v), vec![ProblemCode::MalformedEnvelope]);
    assert!(v.problems[0].message.contains("规范化"));
}

#[test]
fn tampering_breaks_the_signature() {
    let (k, text) = signed(Algorithm::Ed25519);
    let mut env: Envelope = serde_json::from_str(&text).unwrap();
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    payload["submission"]["project"]["basic"]["total_investment"] = json!(2_490_000);
    env.payload = dsse::encode(&package::jcs::canonicalize(&payload).unwrap());
    let v = check(&env.to_json_pretty(), Some(&trust(vec![entry(&k)])));
    assert_eq!(codes(&v), vec![ProblemCode::SignatureInvalid]);
    assert!(!v.valid);
    let mut env: Envelope = serde_json::from_str(&text).unwrap();
    env.signatures.clear();
    assert_eq!(codes(&check(&env.to_json_pretty(), Some(&trust(vec![entry(&k)])))), vec![ProblemCode::Unsigned]);
}

#[test]
fn signer_unknown_revoked_outside_validity_or_mismatched() {
    let (k, text) = signed(Algorithm::Sm2);
    assert_eq!(codes(&check(&text, None)), vec![ProblemCode::SignerUnknown]);
    assert_eq!(codes(&check(&text, Some(&trust(vec![entry(&key(Algorithm::Sm2))])))), vec![ProblemCode::SignerUnknown]);

    let mut e = entry(&k);
    e.status = KeyStatus::Revoked;
    e.revoked_at = NaiveDate::from_ymd_opt(2026, 6, 1);
    e.reason = Some("私钥遗失".into());
    let v = check(&text, Some(&trust(vec![e])));
    assert_eq!(codes(&v), vec![ProblemCode::SignerRevoked]);
    assert!(v.problems[0].message.contains("2026-06-01") && v.problems[0].message.contains("私钥遗失"));

    let mut e = entry(&k);
    e.valid_until = NaiveDate::from_ymd_opt(2026, 9, 14);
    assert_eq!(codes(&check(&text, Some(&trust(vec![e])))), vec![ProblemCode::SignerOutsideValidity]);
    let mut e = entry(&k);
    e.valid_from = NaiveDate::from_ymd_opt(2026, 9, 16).unwrap();
    assert_eq!(codes(&check(&text, Some(&trust(vec![e])))), vec![ProblemCode::SignerOutsideValidity]);

    let mut e = entry(&k);
    e.department = "巴中市财政局".into();
    assert_eq!(codes(&check(&text, Some(&trust(vec![e])))), vec![ProblemCode::SignerMismatch]);
}

#[test]
fn pack_unknown_or_changed() {
    let (k, text) = signed(Algorithm::Sm2);
    let list = trust(vec![entry(&k)]);
    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &[], superseded: &[], attachment: &no_files });
    assert_eq!(codes(&v), vec![ProblemCode::PackUnknown]);
    assert!(v.problems[0].message.ends_with("：请更新本机的申报通，或载入该规则包文件"), "{}", v.problems[0].message);

    let mut changed: Value = serde_json::from_str(&pack().source).unwrap();
    changed["version"] = json!("2099.1.0");
    let changed = RulePack::from_json(&changed.to_string()).unwrap();
    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &[&changed], superseded: &[], attachment: &no_files });
    assert_eq!(codes(&v), vec![ProblemCode::PackHashMismatch]);
    assert!(v.problems[0].message.contains("v2099.1.0"));
    // The package's version is older than this copy's and not kept: ask for it again.
    assert!(v.problems[0].message.ends_with("：本机未保留这一版本，请申报单位用现行版本重新检查、签名后再报送"), "{}", v.problems[0].message);

    // This copy is older than the package's pack (a desk run from an old USB stick): update.
    let mut older: Value = serde_json::from_str(&pack().source).unwrap();
    older["version"] = json!("2000.1.0");
    let older = RulePack::from_json(&older.to_string()).unwrap();
    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &[&older], superseded: &[], attachment: &no_files });
    assert_eq!(codes(&v), vec![ProblemCode::PackHashMismatch]);
    assert!(v.problems[0].message.ends_with("：申报包所用的版本比本机的新，请更新本机的申报通后再复核"), "{}", v.problems[0].message);

    // The same version with other contents: the package's pack was altered.
    let mut altered: Value = serde_json::from_str(&pack().source).unwrap();
    altered["rules"].as_array_mut().unwrap().pop();
    let altered = RulePack::from_json(&altered.to_string()).unwrap();
    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &[&altered], superseded: &[], attachment: &no_files });
    assert_eq!(codes(&v), vec![ProblemCode::PackHashMismatch]);
    assert!(v.problems[0].message.ends_with("：版本号相同而内容不同，其中一方的规则包可能被改动过，请核实规则包的来源"), "{}", v.problems[0].message);
}

#[test]
fn report_mismatch_errors_and_unexplained_warnings() {
    let (k, text) = signed(Algorithm::Ed25519);
    let list = trust(vec![entry(&k)]);
    // The signer (honest key, dishonest tool) claims a clean report for a changed document.
    let forged = resign(&text, &k, |p| p["submission"]["project"]["operations"]["trial_months"] = json!(1));
    assert_eq!(codes(&check(&forged, Some(&list))), vec![ProblemCode::ReportMismatch]);

    let with_error = resign(&text, &k, |p| {
        p["report"]["summary"]["errors"] = json!(1);
    });
    let c = codes(&check(&with_error, Some(&list)));
    assert!(c.contains(&ProblemCode::ReportHasErrors) && c.contains(&ProblemCode::ReportMismatch), "{c:?}");

    // A warning without 说明: signing refuses, and a forged package is caught.
    let mut sub = fixture("project.json");
    // 巴中·第八条（一）: a server line is a warning ("原则上不予立项"), not an error.
    sub.project.as_mut().unwrap().cost_estimate.items[3].category = Some(shenbao_core::model::CostCategory::Server);
    let report = shenbao_core::check(pack(), &sub);
    let warnings: Vec<_> = report.of(shenbao_core::Severity::Warning).cloned().collect();
    assert!(report.summary.errors == 0 && !warnings.is_empty(), "{}", report.to_json_pretty());
    match package::sign(request(sub.clone(), vec![&k])) {
        Err(SignError::UnexplainedWarnings(list)) => assert_eq!(list.len(), warnings.len()),
        other => panic!("{other:?}"),
    }
    let mut explained = sub.clone();
    explained.justifications =
        warnings.iter().map(|f| Justification { rule: f.rule.clone(), fields: f.fields.clone(), text: "已与数据局沟通，确有必要。".into() }).collect();
    let (env, _) = package::sign(request(explained, vec![&k])).unwrap();
    let good = env.to_json_pretty();
    assert!(check(&good, Some(&list)).valid);
    let stripped = resign(&good, &k, |p| p["submission"]["justifications"] = json!([]));
    let v = check(&stripped, Some(&list));
    assert!(v.problems.iter().all(|p| p.code == ProblemCode::WarningUnexplained) && v.problems.len() == warnings.len(), "{:?}", v.problems);
}

#[test]
fn signing_refuses_errors_and_bad_signers() {
    let k = key(Algorithm::Sm2);
    let mut sub = fixture("project.json");
    sub.project.as_mut().unwrap().operations.trial_months = Some(1);
    assert!(matches!(package::sign(request(sub, vec![&k])), Err(SignError::ReportHasErrors(n)) if n >= 1));
    let mut r = request(fixture("project.json"), vec![&k]);
    r.signer.credit_code = "11511900MB15273601".into();
    assert!(matches!(package::sign(r), Err(SignError::BadCreditCode(_))));
    assert_eq!(package::sign(request(fixture("project.json"), vec![])).unwrap_err(), SignError::NoKey);
    let k2 = key(Algorithm::Sm2);
    assert_eq!(package::sign(request(fixture("project.json"), vec![&k, &k2])).unwrap_err(), SignError::DuplicateAlgorithm);
}

#[test]
fn attachments_missing_or_altered() {
    let k = key(Algorithm::Ed25519);
    let list = trust(vec![entry(&k)]);
    let mut r = request(fixture("project.json"), vec![&k]);
    r.attachments = vec![Attachment::from_bytes("dir/初步设计.pdf", "preliminary_design", b"design v1", false)];
    let (env, payload) = package::sign(r).unwrap();
    assert_eq!(payload.attachments[0].name, "初步设计.pdf");
    let text = env.to_json_pretty();
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    let verify_with = |bytes: Option<&'static [u8]>| {
        let lookup = move |name: &str| (name == "初步设计.pdf").then(|| bytes.map(|b| b.to_vec())).flatten();
        package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &packs, superseded: &[], attachment: &lookup })
    };
    assert!(verify_with(Some(b"design v1")).valid);
    assert_eq!(codes(&verify_with(None)), vec![ProblemCode::AttachmentMissing]);
    assert_eq!(codes(&verify_with(Some(b"design v2"))), vec![ProblemCode::AttachmentHashMismatch]);
    // Embedded bytes that do not match their digest.
    let (_, embedded) = {
        let (env, _) = package::sign(request(fixture("project.json"), vec![&k])).unwrap();
        (0, env.to_json_pretty())
    };
    let bad = resign(&embedded, &k, |p| p["attachments"][0]["content_base64"] = json!(dsse::encode(b"%PDF-1.7 feasibilitX")));
    assert_eq!(codes(&check(&bad, Some(&list))), vec![ProblemCode::AttachmentHashMismatch]);
}

#[test]
fn resubmission_records_the_previous_version() {
    let k = key(Algorithm::Sm2);
    let (first, first_payload) = package::sign(request(fixture("project.json"), vec![&k])).unwrap();
    let mut r = request(fixture("project.json"), vec![&k]);
    r.previous = package::previous_version(&first);
    r.random_id = [9; 16];
    let (_, second) = package::sign(r).unwrap();
    let prev = second.previous.unwrap();
    assert_eq!(prev.id, first_payload.id);
    assert_eq!(Some(prev.sha256), package::payload_digest(&first).map(|d| d.0));
}

/// A "previous version" that is not a readable package is refused, not recorded: not base64,
/// not JSON, JSON that is no package, or a payload with a repeated key (which two readers
/// could read differently).
#[test]
fn a_previous_version_that_is_no_package_is_refused() {
    let k = key(Algorithm::Sm2);
    let (first, _) = package::sign(request(fixture("project.json"), vec![&k])).unwrap();
    let text = String::from_utf8(first.payload_bytes().unwrap()).unwrap();
    let repeated = text.replacen("{", "{\"id\":\"x\",", 1);
    assert!(repeated.contains("\"id\":\"x\","), "the payload has an id key to repeat");
    let payloads: [Option<Vec<u8>>; 4] = [None, Some(b"not json".to_vec()), Some(br#"{"format":"shenbao.package/1"}"#.to_vec()), Some(repeated.into_bytes())];
    for bytes in payloads {
        let mut env: Envelope = first.clone();
        env.payload = match &bytes {
            None => "%%% not base64".into(),
            Some(b) => dsse::encode(b),
        };
        assert_eq!(package::previous_version(&env), None, "{:?}", bytes.map(String::from_utf8));
    }
}

#[test]
fn trust_list_signed_by_the_bureau() {
    let bureau = key(Algorithm::Sm2);
    let k = key(Algorithm::Sm2);
    let list = trust(vec![entry(&k)]);
    let env = list.sign(&bureau).unwrap().to_json_pretty();
    let loaded = TrustList::load(&env, Some(&bureau.public_key())).unwrap();
    assert_eq!(loaded.list, list);
    assert_eq!(loaded.signed_by, Some(bureau.public_key().fingerprint().sm3_hex()));
    assert!(TrustList::load(&env, None).unwrap_err().to_string().contains("数据局公钥"));
    assert!(TrustList::load(&env, Some(&key(Algorithm::Sm2).public_key())).unwrap_err().to_string().contains("签名无效"));
    let plain = serde_json::to_string(&list).unwrap();
    assert_eq!(TrustList::load(&plain, None).unwrap().signed_by, None);
    let mut bad = list.clone();
    bad.entries[0].fingerprint = "00".repeat(32);
    assert!(TrustList::load(&serde_json::to_string(&bad).unwrap(), None).unwrap_err().to_string().contains("指纹"));
}

/// Every single-byte change anywhere in a signed package makes it invalid.
#[test]
fn every_single_byte_change_fails_verification() {
    let k = key(Algorithm::Ed25519);
    let list = trust(vec![entry(&k)]);
    let mut sub = fixture("project.json");
    // A small package keeps the exhaustive loop quick: the project without narrative text.
    let p = sub.project.as_mut().unwrap();
    p.requirement_plan = Default::default();
    p.basic.performance_goals.clear();
    let mut r = request(sub, vec![&k]);
    r.attachments.clear();
    let (env, _) = match package::sign(r) {
        Ok(x) => x,
        Err(SignError::UnexplainedWarnings(_)) | Err(SignError::ReportHasErrors(_)) => {
            // The pack may demand the narrative; fall back to the full fixture.
            let mut r = request(fixture("project.json"), vec![&k]);
            r.attachments.clear();
            package::sign(r).unwrap()
        }
        Err(e) => panic!("{e}"),
    };
    let original = serde_json::to_string(&env).unwrap().into_bytes();
    assert!(check(std::str::from_utf8(&original).unwrap(), Some(&list)).valid);
    let mut accepted = Vec::new();
    for i in 0..original.len() {
        for delta in [1u8, 0x80] {
            let mut bytes = original.clone();
            bytes[i] ^= delta;
            let text = String::from_utf8_lossy(&bytes);
            if check(&text, Some(&list)).valid {
                accepted.push((i, delta));
            }
        }
    }
    assert!(
        accepted.is_empty(),
        "{} of {} single-byte changes still verified, e.g. at {:?}",
        accepted.len(),
        original.len() * 2,
        &accepted[..accepted.len().min(5)]
    );
}

/// A package signed under bazhong 2022.2.0, before that pack was updated (kept as it was
/// made: `tests/superseded/`), still verifies — re-checked under the version it
/// names, which `core/packs/superseded/` keeps — and says which rules it was checked against.
/// Without the superseded packs, it could not be re-checked at all.
#[test]
fn a_package_made_before_its_pack_was_updated_still_verifies() {
    let text = read(&tests_dir().join("superseded/bazhong-2022.2.0.package.json"));
    let list: TrustList = serde_json::from_str(&read(&tests_dir().join("hostile/trust-list.json"))).unwrap();
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    let now = &pack().meta.version;
    assert_ne!(now, "2022.2.0", "the fixture was made under an earlier version");

    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &packs, superseded: builtin::superseded_refs(), attachment: &no_files });
    assert!(v.valid, "{:?}", v.problems);
    let superseded = v.pack_superseded.as_ref().unwrap();
    assert_eq!((superseded.id.as_str(), superseded.used.as_str(), superseded.now.as_str()), ("bazhong", "2022.2.0", now.as_str()));
    let note = v.superseded_note().unwrap();
    assert!(note.contains("v2022.2.0") && note.contains(&format!("现行 v{now}")), "{note}");
    assert!(note.ends_with("；按现行版检查，问题相同"), "{note}");
    // Made by engine 0.1.0, whose findings on it this engine gives word for word.
    assert_eq!(v.engine_note().unwrap(), format!("申报包由检查引擎 v0.1.0 检查，本机引擎 v{ENGINE_VERSION} 重新检查的问题相同"));

    let without = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &packs, superseded: &[], attachment: &no_files });
    assert_eq!(codes(&without), [ProblemCode::PackHashMismatch]);
    assert_eq!(without.pack_superseded, None);

    // A package made now is checked under the pack in use, and says nothing of versions.
    let current = read(&tests_dir().join("hostile/package-valid.json"));
    let v = package::verify(&current, &VerifyOptions { trust: Some(&list), packs: &packs, superseded: builtin::superseded_refs(), attachment: &no_files });
    assert!(v.valid, "{:?}", v.problems);
    assert_eq!((v.superseded_note(), v.pack_superseded), (None, None));
}

/// A package made under an old version of its pack: the outcome also says what the version in
/// use finds otherwise, which is what the bureau weighs when deciding to accept it.
#[test]
fn a_superseded_package_says_what_the_current_version_finds_otherwise() {
    // The old version did not yet ask for the fee and the self-build figures.
    let mut old: Value = serde_json::from_str(&pack().source).unwrap();
    old["version"] = json!("2000.1.0");
    old["rules"].as_array_mut().unwrap().retain(|r| r["id"] != "bazhong.18.2.economy-compared");
    let old = RulePack::from_json(&old.to_string()).unwrap();
    let mut sub = fixture("service.json");
    sub.service_plan.as_mut().unwrap().self_build.om_cost = None;
    let k = key(Algorithm::Sm2);
    let (env, payload) = package::sign(SignRequest { pack: &old, ..request(sub, vec![&k]) }).unwrap();
    assert!(!payload.report.findings.iter().any(|f| f.rule.starts_with("bazhong.18.2")), "{}", payload.report.to_json_pretty());

    let list = trust(vec![entry(&k)]);
    let v = package::verify(&env.to_json_pretty(), &VerifyOptions { trust: Some(&list), packs: &[pack()], superseded: &[&old], attachment: &no_files });
    assert!(v.valid, "{:?}", v.problems);
    let note = v.superseded_note().unwrap();
    assert!(note.ends_with("；按现行版检查另有 1 项（【错误】巴中·第十八条（二） 须填写服务费总额与自建投资、运维费用以比较经济性）"), "{note}");
}

/// A package signed by a build with engine 0.1.0 (kept as it was made: `tests/superseded/`),
/// whose draft-regulation finding that engine worded 「有效期按文本为 未载明」, still verifies
/// after the engine reworded it: the reviewer is told, and sees this engine's words.
#[test]
fn a_package_checked_by_an_earlier_engine_still_verifies() {
    let text = read(&tests_dir().join("superseded/wuhai-engine-0.1.0.package.json"));
    let list: TrustList = serde_json::from_str(&read(&tests_dir().join("hostile/trust-list.json"))).unwrap();
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    let env: Envelope = serde_json::from_str(&text).unwrap();
    let signed: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    assert_eq!(signed["report"]["engine"], "0.1.0");
    assert!(signed["report"]["findings"][0]["message"].as_str().unwrap().ends_with("有效期按文本为 未载明"));

    let v = package::verify(&text, &VerifyOptions { trust: Some(&list), packs: &packs, superseded: builtin::superseded_refs(), attachment: &no_files });
    assert!(v.valid, "{:?}", v.problems);
    let change = v.engine_changed.as_ref().unwrap();
    assert_eq!((change.used.as_str(), change.now.as_str(), change.reworded), ("0.1.0", ENGINE_VERSION, 1));
    assert_eq!(v.pack_superseded, None, "its pack has not changed");
    let shown = &v.payload.as_ref().unwrap().report;
    assert!(shown.findings[0].message.ends_with("文本未载明有效期"), "{}", shown.findings[0].message);
}

/// A superseded pack is trusted no more than the current one: the report is re-computed
/// under it, so documents edited after the check do not pass under the old rules either.
#[test]
fn a_superseded_pack_re_checks_the_report_like_any_other() {
    let text = read(&tests_dir().join("superseded/bazhong-2022.2.0.package.json"));
    let env: Envelope = serde_json::from_str(&text).unwrap();
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    // The project's leader is no longer the unit's head, the clean report left as it was.
    payload["submission"]["project"]["basic"]["leader"]["is_unit_head"] = json!(false);
    // Signed again by the same key (the catalogue's: tests/hostile/), so only the report is wrong.
    let k = PrivateKey::generate_from_seed(Algorithm::Sm2, &[0x68; 32]).unwrap();
    let bytes = shenbao_core::package::jcs::canonicalize(&payload).unwrap();
    let mut forged = env.clone();
    forged.payload = dsse::encode(&bytes);
    forged.signatures =
        vec![dsse::Signature { keyid: k.public_key().fingerprint().sm3_hex(), sig: dsse::encode(&k.sign(&dsse::pae(&forged.payload_type, &bytes))) }];
    let list: TrustList = serde_json::from_str(&read(&tests_dir().join("hostile/trust-list.json"))).unwrap();
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    let v = package::verify(
        &forged.to_json_pretty(),
        &VerifyOptions { trust: Some(&list), packs: &packs, superseded: builtin::superseded_refs(), attachment: &no_files },
    );
    assert_eq!(codes(&v), [ProblemCode::ReportMismatch]);
    assert!(v.pack_superseded.is_some(), "checked under the old pack, which gives another report");
    // The reviewer is told what re-checking found that the package does not state.
    assert!(v.problems[0].message.contains("：重新检查另发现 1 项（【错误】巴中·第二十四条 项目责任人为单位主要负责人）"), "{}", v.problems[0].message);
}

/// 咸阳's project fixture signed with `k`, its payload edited by `edit` and signed again.
/// The fixture gives one information finding (第三十七條, post-evaluation).
fn xianyang_edited(k: &PrivateKey, edit: impl FnOnce(&mut Value)) -> String {
    let sub = Submission::from_json(&read(&tests_dir().join("fixtures/xianyang/project.json"))).unwrap();
    let (env, _) = package::sign(SignRequest { pack: builtin::pack("xianyang").unwrap(), ..request(sub, vec![k]) }).unwrap();
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    assert_eq!(payload["report"]["findings"].as_array().unwrap().len(), 1);
    edit(&mut payload);
    let bytes = shenbao_core::package::jcs::canonicalize(&payload).unwrap();
    let mut edited = env.clone();
    edited.payload = dsse::encode(&bytes);
    edited.signatures =
        vec![dsse::Signature { keyid: k.public_key().fingerprint().sm3_hex(), sig: dsse::encode(&k.sign(&dsse::pae(&edited.payload_type, &bytes))) }];
    edited.to_json_pretty()
}

/// A report whose findings are the re-checked ones in other words, by the same engine version
/// (a message edited after signing), is a mismatch, and says only that.
#[test]
fn a_report_worded_otherwise_is_a_mismatch_that_says_so() {
    let k = key(Algorithm::Sm2);
    let edited = xianyang_edited(&k, |p| p["report"]["findings"][0]["message"] = json!("无需后评价"));
    let v = check(&edited, Some(&trust(vec![entry(&k)])));
    assert_eq!(codes(&v), [ProblemCode::ReportMismatch]);
    assert!(v.problems[0].message.ends_with("不一致：1 项问题相同而文字不同"), "{}", v.problems[0].message);
    assert_eq!(v.engine_changed, None);
}

/// A package checked by an earlier engine, which worded a finding otherwise, verifies after
/// an update of the app: the findings are the same. The reviewer is told, and sees this
/// engine's words — never words only the package carries, whoever wrote them.
#[test]
fn a_report_by_another_engine_in_other_words_verifies_and_shows_this_engines_words() {
    let k = key(Algorithm::Sm2);
    let mut ours = String::new();
    let edited = xianyang_edited(&k, |p| {
        ours = p["report"]["findings"][0]["message"].as_str().unwrap().to_string();
        p["report"]["findings"][0]["message"] = json!("无需后评价");
        p["report"]["engine"] = json!("0.1.0");
    });
    let v = check(&edited, Some(&trust(vec![entry(&k)])));
    assert!(v.valid, "{:?}", v.problems);
    let change = v.engine_changed.as_ref().unwrap();
    assert_eq!((change.used.as_str(), change.now.as_str(), change.reworded), ("0.1.0", ENGINE_VERSION, 1));
    assert_eq!(
        v.engine_note().unwrap(),
        format!("申报包由检查引擎 v0.1.0 检查，本机引擎 v{ENGINE_VERSION} 重新检查的问题相同，其中 1 项的说明文字不同，按本机引擎显示")
    );
    let shown = &v.payload.as_ref().unwrap().report;
    assert_eq!((shown.findings[0].message.as_str(), shown.engine.as_str()), (ours.as_str(), ENGINE_VERSION));

    // Another engine is no licence for other findings: a finding left out is still a mismatch.
    let hidden = xianyang_edited(&k, |p| {
        p["report"]["findings"] = json!([]);
        p["report"]["summary"]["infos"] = json!(0);
        p["report"]["engine"] = json!("0.1.0");
    });
    let v = check(&hidden, Some(&trust(vec![entry(&k)])));
    assert_eq!(codes(&v), [ProblemCode::ReportMismatch]);
    assert_eq!(v.engine_changed, None);
    assert!(v.problems[0].message.contains("重新检查另发现 1 项") && v.problems[0].message.contains("检查引擎版本不同"), "{}", v.problems[0].message);
}
