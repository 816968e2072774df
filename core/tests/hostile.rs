//! Hostile inputs: every entry of `tests/hostile/catalogue.json` goes through the entry
//! point a user's file would (submission, pack, package, draft) and must give the expected
//! clear Chinese message (or be accepted), without a panic, a hang or unbounded memory.
//!
//! The same catalogue drives the browser tests. `write_hostile_packages` (ignored) writes
//! the signed package files; `tests/hostile/generate.py` writes the others.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use common::*;
use serde::Deserialize;
use serde_json::Value;
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::pack::builtin;
use shenbao_core::package::dsse::{self, Envelope};
use shenbao_core::package::trust::{TrustEntry, TrustList};
use shenbao_core::package::{self, Attachment, SignRequest, SignerIdentity, VerifyOptions, jcs};
use shenbao_core::{RulePack, Submission, check, input};

/// Seed of the key that signs the catalogue's packages (registered in `trust-list.json`).
const HOSTILE_KEY_SEED: [u8; 32] = [0x68; 32];
const UNIT: &str = "巴中市市场监督管理局";
const CODE: &str = "11511900MB1527360X";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    kind: String,
    expect: String,
    about: String,
    /// `rejected` (the default) or `accepted`.
    #[serde(default = "rejected")]
    outcome: String,
    /// Files too large to commit: made at test time from this size and `base`.
    #[serde(default)]
    generate: Option<Generate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Generate {
    /// Total size in bytes.
    bytes: usize,
    /// A catalogue file whose content starts the generated file; spaces fill the rest.
    base: String,
}

fn rejected() -> String {
    "rejected".into()
}

fn dir() -> std::path::PathBuf {
    tests_dir().join("hostile")
}

fn catalogue() -> Vec<Entry> {
    serde_json::from_str(&read(&dir().join("catalogue.json"))).expect("catalogue.json")
}

fn bytes_of(e: &Entry) -> Vec<u8> {
    match &e.generate {
        None => std::fs::read(dir().join(&e.file)).unwrap_or_else(|err| panic!("{}: {err}", e.file)),
        Some(g) => {
            let mut b = std::fs::read(dir().join(&g.base)).unwrap();
            b.resize(g.bytes, b' ');
            b
        }
    }
}

fn trust_list() -> TrustList {
    TrustList::load(&read(&dir().join("trust-list.json")), None).expect("trust-list.json").list
}

/// Runs one file through its entry point: `(accepted, text to look for the message in)`.
fn run(kind: &str, bytes: &[u8], trust: &TrustList) -> (bool, String) {
    let bazhong = builtin::pack("bazhong").unwrap();
    let limit = if kind == "package" { input::MAX_PACKAGE_BYTES } else { input::MAX_INPUT_BYTES };
    // Bytes → text exactly as the CLI reads a file (size first, strict UTF-8, BOM dropped).
    let text = match input::text(bytes, limit) {
        Ok(t) => t,
        Err(e) => return (false, e.to_string()),
    };
    let checked = |sub: Submission| {
        let report = check(bazhong, &sub);
        (true, format!("{}\n{}", report.to_json_pretty(), sub.to_json_pretty()))
    };
    match kind {
        "submission" => match Submission::from_json(text) {
            Ok(sub) => checked(sub),
            Err(e) => (false, e.to_string()),
        },
        "pack" => match RulePack::from_json(text) {
            Ok(pack) => {
                let sub = Submission::from_json(&read(&tests_dir().join("fixtures/bazhong/project.json"))).unwrap();
                (true, check(&pack, &sub).to_json_pretty())
            }
            Err(e) => (false, e.to_string()),
        },
        "package" => {
            let packs: Vec<&RulePack> = builtin::packs().iter().collect();
            let v = package::verify(text, &VerifyOptions { trust: Some(trust), packs: &packs, superseded: &[], attachment: &|_| None });
            let messages: Vec<&str> = v.problems.iter().map(|p| p.message.as_str()).collect();
            let content = v.payload.as_ref().map(|p| p.submission.to_json_pretty()).unwrap_or_default();
            (v.valid, format!("{}\n{content}", messages.join("\n")))
        }
        // The app's draft files: strict JSON, then the submission inside as any submission.
        "draft" => {
            let v = match input::parse(text, input::MAX_INPUT_BYTES) {
                Ok(v) => v,
                Err(e) => return (false, e.to_string()),
            };
            if v.get("format").and_then(Value::as_str) != Some("shenbao.draft/1") {
                return (false, "不是草稿文件".into());
            }
            match Submission::from_json(&v["submission"].to_string()) {
                Ok(sub) => {
                    let (ok, text) = checked(sub);
                    (ok, format!("{text}\n{}", v["name"]))
                }
                Err(e) => (false, e.to_string()),
            }
        }
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn every_catalogue_entry_gives_its_clear_message() {
    let trust = trust_list();
    let mut failures = Vec::new();
    for e in catalogue() {
        assert!(!e.about.is_empty() && ["submission", "pack", "package", "draft"].contains(&e.kind.as_str()), "{}", e.file);
        assert!(e.outcome == "accepted" || e.outcome == "rejected", "{}: outcome", e.file);
        let bytes = bytes_of(&e);
        let (kind, list) = (e.kind.clone(), trust.clone());
        // Hang detector only (not a performance assertion): a generous wall-clock guard.
        let (tx, rx) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let _ = tx.send(run(&kind, &bytes, &list));
            })
            .unwrap();
        let outcome = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(r) => r,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{}: no answer within 30 s (hang?)", e.file),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = worker.join();
                failures.push(format!("{}: panicked", e.file));
                continue;
            }
        };
        let (accepted, text) = outcome;
        if accepted != (e.outcome == "accepted") {
            failures.push(format!(
                "{}: expected {}, got {}: {}",
                e.file,
                e.outcome,
                if accepted { "accepted" } else { "rejected" },
                text.chars().take(300).collect::<String>()
            ));
        } else if !text.contains(&e.expect) {
            failures.push(format!("{}: message lacks “{}”: {}", e.file, e.expect, text.chars().take(300).collect::<String>()));
        } else if !accepted && !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            failures.push(format!("{}: message is not in Chinese: {text}", e.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_hostile_file_is_in_the_catalogue() {
    let listed: Vec<String> = catalogue().into_iter().filter(|e| e.generate.is_none()).map(|e| e.file).collect();
    for f in std::fs::read_dir(dir()).unwrap() {
        let name = f.unwrap().file_name().to_string_lossy().to_string();
        if ["catalogue.json", "trust-list.json", "generate.py", "README.md"].contains(&name.as_str()) {
            continue;
        }
        assert!(listed.contains(&name), "tests/hostile/{name} is not in catalogue.json");
    }
}

#[test]
fn markup_stays_plain_data() {
    // Natively, markup is text: the report and the re-saved document carry it byte for byte.
    let sub = Submission::from_json(&read(&dir().join("html-in-every-text-field.json"))).unwrap();
    assert!(sub.project.as_ref().unwrap().basic.name.ends_with("<script>alert(1)</script><img src=x onerror=alert(1)>"));
    let report = check(builtin::pack("bazhong").unwrap(), &sub);
    assert!(report.findings.iter().any(|f| f.message.contains("“<img src=x onerror=alert(1)>”")));
    assert_eq!(Submission::from_json(&sub.to_json_pretty()).unwrap(), sub);
}

#[test]
fn a_pack_saved_with_a_bom_keeps_its_pinned_hash() {
    // Packages pin a pack by the hash of its canonical JSON: re-saving it in Notepad (which
    // adds a BOM) must neither break loading nor hashing (which re-reads the source).
    let text = read(&tests_dir().join("../core/packs/bazhong.json"));
    let plain = RulePack::from_json(&text).unwrap();
    let bom = RulePack::from_json(&format!("\u{feff}{text}")).unwrap();
    assert_eq!(package::PackDigest::of(&bom), package::PackDigest::of(&plain));
}

// ---- writing the package files ----------------------------------------------------------

fn key() -> PrivateKey {
    PrivateKey::generate_from_seed(Algorithm::Sm2, &HOSTILE_KEY_SEED).unwrap()
}

fn signed(sub_file: &str, attachments: Vec<Attachment>) -> Envelope {
    let sub = Submission::from_json(&read(&tests_dir().join(sub_file))).unwrap();
    let k = key();
    package::sign(SignRequest {
        submission: sub,
        pack: builtin::pack("bazhong").unwrap(),
        signer: SignerIdentity { department: UNIT.into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys: vec![&k],
        attachments,
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [9; 16],
    })
    .unwrap()
    .0
}

/// Replaces the payload with `bytes` and signs them with the catalogue key: only the edit
/// is wrong, never the signature.
fn resigned(env: &Envelope, bytes: &[u8]) -> Envelope {
    let mut env = env.clone();
    env.payload = dsse::encode(bytes);
    env.signatures =
        vec![dsse::Signature { keyid: key().public_key().fingerprint().sm3_hex(), sig: dsse::encode(&key().sign(&dsse::pae(&env.payload_type, bytes))) }];
    env
}

fn edited(env: &Envelope, edit: impl FnOnce(&mut Value)) -> Envelope {
    let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    edit(&mut payload);
    resigned(env, &jcs::canonicalize(&payload).unwrap())
}

/// Writes `tests/hostile/package-*.json` and `trust-list.json`. Run after changing the
/// package format: `cargo test -p shenbao-core --test hostile -- --ignored write_hostile_packages`.
#[test]
#[ignore]
fn write_hostile_packages() {
    let w = |name: &str, text: &[u8]| std::fs::write(dir().join(name), text).unwrap();
    let pk = key().public_key();
    let list = TrustList {
        format: "shenbao.trust-list/1".into(),
        issuer: "巴中市政务服务和大数据管理局".into(),
        issued_at: "2026-01-01T00:00:00Z".into(),
        entries: vec![TrustEntry::active(&pk, UNIT, CODE, "2026-01-01".parse().unwrap(), Some("2027-12-31".parse().unwrap()))],
    };
    w("trust-list.json", (serde_json::to_string_pretty(&list).unwrap() + "\n").as_bytes());

    let base = signed("fixtures/bazhong/project.json", vec![]);
    let text = base.to_json_pretty();
    w("package-valid.json", text.as_bytes());
    w("package-bom.json", format!("\u{feff}{text}").as_bytes());
    w("package-truncated.json", &text.as_bytes()[..text.len() / 2]);
    let mut gbk = text.clone().into_bytes();
    gbk.splice(2..2, [0xb0u8, 0xcd, 0xd6, 0xd0]); // "巴中" in GBK, before "payloadType"
    w("package-invalid-utf8.json", &gbk);
    let mut wrong = base.clone();
    wrong.payload_type = "application/json".into();
    w("package-wrong-payload-type.json", wrong.to_json_pretty().as_bytes());
    w(
        "package-duplicate-key-envelope.json",
        text.replacen("  \"payload\": ", &format!("  \"payload\": \"{}\",\n  \"payload\": ", dsse::encode(b"{}")), 1).as_bytes(),
    );
    // Inside the signed bytes: `"format"` twice. Signed as is (not canonical on purpose).
    let bytes =
        String::from_utf8(base.payload_bytes().unwrap()).unwrap().replacen("{\"attachments\":", "{\"format\":\"shenbao.package/0\",\"attachments\":", 1);
    w("package-duplicate-key-payload.json", resigned(&base, bytes.as_bytes()).to_json_pretty().as_bytes());
    w("package-unknown-format-version.json", edited(&base, |p| p["format"] = "shenbao.package/9".into()).to_json_pretty().as_bytes());
    w("package-unknown-field-payload.json", edited(&base, |p| p["approved_by"] = "市长".into()).to_json_pretty().as_bytes());
    w("package-unknown-field-envelope.json", text.replacen("{\n", "{\n  \"approved\": true,\n", 1).as_bytes());
    w("package-proto-key.json", text.replacen("{\n", "{\n  \"__proto__\": {\"valid\": true},\n", 1).as_bytes());
    w("package-number-1e400.json", text.replacen("{\n", "{\n  \"n\": 1e400,\n", 1).as_bytes());
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    w("package-nesting-100000.json", text.replacen("  \"signatures\": ", &format!("  \"x\": {deep},\n  \"signatures\": "), 1).as_bytes());
    for (file, name) in [
        ("package-attachment-traversal.json", "../../etc/passwd"),
        ("package-attachment-windows.json", "C:\\Windows\\.."),
        ("package-attachment-absolute.json", "/etc/passwd"),
        ("package-attachment-dotdot.json", ".."),
        ("package-attachment-bidi.json", "报告\u{202e}fdp.exe"),
    ] {
        let env = edited(&base, |p| {
            let mut a = serde_json::to_value(Attachment::from_bytes("x.pdf", "other", b"x", true)).unwrap();
            a["name"] = name.into();
            p["attachments"] = Value::Array(vec![a]);
        });
        w(file, env.to_json_pretty().as_bytes());
    }
    let other = signed("fixtures/bazhong/combined.json", vec![]);
    let mut swapped = base.clone();
    swapped.signatures = other.signatures.clone();
    w("package-signature-swapped.json", swapped.to_json_pretty().as_bytes());
    // Markup in the names of a package that verifies: shown as text by every viewer.
    w("package-html.json", signed("hostile/html-in-names.json", vec![]).to_json_pretty().as_bytes());
}
