//! Property tests of the signed-package layer: RFC 8785 canonicalisation is idempotent and
//! parses back; sign → verify round-trips for random documents; any change of a signed
//! package (bit flips, field edits, re-ordered or re-formatted payload, swapped signatures)
//! fails verification; checking is deterministic also on hostile text.
//!
//! `write_fuzz_seeds` (ignored) writes the signed seed packages of `fuzz/corpus/`.

mod common;

use std::sync::OnceLock;

use common::*;
use proptest::prelude::*;
use serde_json::{Map, Value};
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::pack::builtin;
use shenbao_core::package::dsse::{self, Envelope};
use shenbao_core::package::trust::{TrustEntry, TrustList};
use shenbao_core::package::{self, Attachment, SignRequest, SignerIdentity, Verification, VerifyOptions, jcs};
use shenbao_core::{RulePack, Submission, check};

const UNIT: &str = "巴中市市场监督管理局";
const CODE: &str = "11511900MB1527360X";
/// Seed of the fixed fuzzing keys; must match `FUZZ_KEY_SEED` in fuzz/src/lib.rs.
const FUZZ_KEY_SEED: [u8; 32] = [0x5b; 32];

fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&read(&tests_dir().join("fixtures/bazhong").join(name))).unwrap()
}

fn pack() -> &'static RulePack {
    builtin::pack("bazhong").unwrap()
}

fn trust(keys: &[&PrivateKey]) -> TrustList {
    let entries =
        keys.iter().map(|k| TrustEntry::active(&k.public_key(), UNIT, CODE, "2026-01-01".parse().unwrap(), Some("2027-12-31".parse().unwrap()))).collect();
    TrustList {
        format: "shenbao.trust-list/1".into(), issuer: "巴中市政务服务和大数据管理局".into(), issued_at: "2026-01-01T00:00:00Z".into(), entries
    }
}

fn verify(text: &str, list: &TrustList) -> Verification {
    let packs: Vec<&RulePack> = builtin::packs().iter().collect();
    let files = |name: &str| (name == "可研.pdf").then(|| b"%PDF-1.7 feasibility".to_vec());
    package::verify(text, &VerifyOptions { trust: Some(list), packs: &packs, superseded: &[], attachment: &files })
}

fn sign(sub: Submission, keys: Vec<&PrivateKey>, attachments: Vec<Attachment>) -> Envelope {
    package::sign(SignRequest {
        submission: sub,
        pack: pack(),
        signer: SignerIdentity { department: UNIT.into(), credit_code: CODE.into(), person: "李晓梅".into() },
        keys,
        attachments,
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [7; 16],
    })
    .unwrap_or_else(|e| panic!("signing: {e}"))
    .0
}

/// One signed sample package (SM2 and Ed25519), made once for the mutation properties.
fn sample() -> &'static (PrivateKey, PrivateKey, String) {
    static SAMPLE: OnceLock<(PrivateKey, PrivateKey, String)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let sm2 = PrivateKey::generate_from_seed(Algorithm::Sm2, &[1; 32]).unwrap();
        let ed = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[2; 32]).unwrap();
        let sub = parse(&fixture_value("project.json"), "fixture");
        let env = sign(sub, vec![&sm2, &ed], vec![Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility", true)]);
        let text = env.to_json_pretty();
        assert!(verify(&text, &trust(&[&sm2, &ed])).valid, "the sample verifies");
        (sm2, ed, text)
    })
}

/// Arbitrary JSON the way our payloads can hold it: integers within ±(2^53 − 1), any
/// strings (control characters, astral-plane and CJK text), nested arrays and objects.
fn json_value() -> impl Strategy<Value = Value> {
    const SAFE: i64 = (1 << 53) - 1;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-SAFE..=SAFE).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[\\u{0}-\\u{1f}\"\\\\/中€😀\\u{fb33}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// Leaf paths of a JSON value (objects and arrays), for field edits.
fn leaves(v: &Value, path: Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            let mut p = path.clone();
            p.push(PathStep::Key(k.clone()));
            leaves(c, p, out)
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| {
            let mut p = path.clone();
            p.push(PathStep::Index(i));
            leaves(c, p, out)
        }),
        _ => out.push(path),
    }
}

#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'v>(v: &'v mut Value, path: &[PathStep]) -> &'v mut Value {
    path.iter().fold(v, |cur, step| match step {
        PathStep::Key(k) => cur.get_mut(k.as_str()).unwrap(),
        PathStep::Index(i) => cur.get_mut(*i).unwrap(),
    })
}

/// Serializes with object keys in reverse order: same content, different bytes.
fn reversed(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().rev().map(|(k, c)| format!("{}:{}", serde_json::to_string(k).unwrap(), reversed(c))).collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(reversed).collect::<Vec<_>>().join(",")),
        other => other.to_string(),
    }
}

fn with_payload(text: &str, bytes: &[u8]) -> String {
    let mut env: Envelope = serde_json::from_str(text).unwrap();
    env.payload = dsse::encode(bytes);
    env.to_json_pretty()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Canonical bytes parse back to the same value, and canonicalising them again changes
    /// nothing: the signed bytes are a function of the content alone.
    #[test]
    fn canonicalisation_is_idempotent_and_parses_back(v in json_value()) {
        let out = jcs::canonicalize(&v).unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        prop_assert_eq!(&back, &v);
        prop_assert_eq!(jcs::canonicalize(&back).unwrap(), out.clone());
        // Whatever order or spacing the same content arrives in.
        let shuffled: Value = serde_json::from_str(&reversed(&v)).unwrap();
        prop_assert_eq!(jcs::canonicalize(&shuffled).unwrap(), out.clone());
        let pretty: Value = serde_json::from_str(&serde_json::to_string_pretty(&v).unwrap()).unwrap();
        prop_assert_eq!(jcs::canonicalize(&pretty).unwrap(), out);
    }
}

/// Text that may turn up in a real name or description, including markup that must stay data.
fn some_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\\u{4e00}-\\u{9fa5}A-Za-z0-9（）()·、 -]{1,24}",
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("\"'&lt;{{x}}\\n\\\\".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random documents (names, titles, long texts; either algorithm) sign and verify.
    #[test]
    fn sign_then_verify_round_trips(name in some_text(), title in some_text(), goals in some_text(), seed in any::<[u8; 32]>(), sm2 in any::<bool>()) {
        let mut v = fixture_value("project.json");
        set_path(&mut v, "project.basic.name", Value::from(name.trim().to_string() + "项目"));
        set_path(&mut v, "project.basic.leader.title", Value::from(title.trim().to_string() + "主任"));
        // Appended, so the goals stay as measurable as the fixture's (a pack rule checks that).
        let measured = v["project"]["basic"]["performance_goals"].as_str().unwrap().to_string();
        set_path(&mut v, "project.basic.performance_goals", Value::from(measured + &goals));
        let key = PrivateKey::generate_from_seed(if sm2 { Algorithm::Sm2 } else { Algorithm::Ed25519 }, &seed).unwrap();
        let sub = parse(&v, "random document");
        let env = sign(sub.clone(), vec![&key], vec![]);
        let out = verify(&env.to_json_pretty(), &trust(&[&key]));
        prop_assert!(out.valid, "{:?}", out.problems);
        prop_assert_eq!(&out.payload.unwrap().submission, &sub);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Flipping any bit of the signed payload bytes fails verification.
    #[test]
    fn any_payload_bit_flip_fails(pos in any::<usize>(), bit in 0u8..8) {
        let (sm2, ed, text) = sample();
        let env: Envelope = serde_json::from_str(text).unwrap();
        let mut bytes = env.payload_bytes().unwrap();
        let i = pos % bytes.len();
        bytes[i] ^= 1 << bit;
        let v = verify(&with_payload(text, &bytes), &trust(&[sm2, ed]));
        prop_assert!(!v.valid);
    }

    /// Editing any field of the payload (keeping it canonical) fails verification.
    #[test]
    fn any_field_edit_fails(which in any::<usize>(), replacement in json_value()) {
        let (sm2, ed, text) = sample();
        let env: Envelope = serde_json::from_str(text).unwrap();
        let mut payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
        let mut paths = Vec::new();
        leaves(&payload, Vec::new(), &mut paths);
        let path = &paths[which % paths.len()];
        let slot = at(&mut payload, path);
        prop_assume!(*slot != replacement);
        *slot = replacement;
        let bytes = jcs::canonicalize(&payload).unwrap();
        let v = verify(&with_payload(text, &bytes), &trust(&[sm2, ed]));
        prop_assert!(!v.valid, "edit at {:?} went unnoticed", path);
    }
}

#[test]
fn reordered_or_reformatted_payload_fails() {
    let (sm2, ed, text) = sample();
    let list = trust(&[sm2, ed]);
    let env: Envelope = serde_json::from_str(text).unwrap();
    let payload: Value = serde_json::from_slice(&env.payload_bytes().unwrap()).unwrap();
    for bytes in [
        reversed(&payload),
        serde_json::to_string_pretty(&payload).unwrap(),
        format!("{} ", jcs::canonicalize(&payload).map(String::from_utf8).unwrap().unwrap()),
    ] {
        let v = verify(&with_payload(text, bytes.as_bytes()), &list);
        assert!(!v.valid);
        assert!(v.problems[0].message.contains("规范化"), "{:?}", v.problems);
    }
}

#[test]
fn swapped_signatures_fail() {
    let (sm2, ed, text) = sample();
    let list = trust(&[sm2, ed]);
    let env: Envelope = serde_json::from_str(text).unwrap();
    // The two signatures swapped (keyids follow their signatures, then stay put).
    let mut swapped = env.clone();
    swapped.signatures.swap(0, 1);
    assert!(verify(&swapped.to_json_pretty(), &list).valid, "order of signatures does not matter");
    let mut crossed = env.clone();
    let (a, b) = (crossed.signatures[0].sig.clone(), crossed.signatures[1].sig.clone());
    crossed.signatures[0].sig = b;
    crossed.signatures[1].sig = a;
    assert!(!verify(&crossed.to_json_pretty(), &list).valid, "signature under the wrong keyid");
    // A signature of another package by the same keys.
    let mut other = fixture_value("project.json");
    set_path(&mut other, "project.basic.name", Value::from("另一个项目"));
    let other = sign(parse(&other, "other"), vec![sm2, ed], vec![]);
    let mut stolen = env.clone();
    stolen.signatures = other.signatures.clone();
    let v = verify(&stolen.to_json_pretty(), &list);
    assert!(!v.valid);
    assert!(v.problems.iter().all(|p| p.code == package::ProblemCode::SignatureInvalid), "{:?}", v.problems);
    // A signature by a key the payload does not declare.
    let stranger = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[3; 32]).unwrap();
    let mut foreign = env.clone();
    foreign.signatures[1].sig = dsse::encode(&stranger.sign(&dsse::pae(&env.payload_type, &env.payload_bytes().unwrap())));
    assert!(!verify(&foreign.to_json_pretty(), &list).valid);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Checking twice gives byte-identical reports, also on hostile names, and independent of
    /// the input's key order.
    #[test]
    fn checking_is_deterministic_on_hostile_text(name in "[\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{0410}-\\u{044f}<>\"&\\u{4e00}-\\u{4e20}a-z]{0,16}", pack_index in 0usize..5) {
        let mut v = fixture_value("combined.json");
        set_path(&mut v, "project.basic.owner_unit", Value::from(name.clone()));
        set_path(&mut v, "service_plan.project_name", Value::from(name));
        let p = &builtin::packs()[pack_index];
        let a = check(p, &parse(&v, "hostile"));
        let b = check(p, &Submission::from_json(&reversed(&v)).unwrap());
        prop_assert_eq!(a.to_json_pretty(), b.to_json_pretty());
        prop_assert_eq!(a.to_json_pretty(), check(p, &parse(&v, "hostile")).to_json_pretty());
    }
}

/// Writes the signed seed packages and payloads of the fuzz corpus with the fixed fuzzing
/// keys. Run after changing the package format:
/// `cargo test -p shenbao-core --test package_properties -- --ignored write_fuzz_seeds`.
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let root = tests_dir().join("../fuzz/corpus");
    let sm2 = PrivateKey::generate_from_seed(Algorithm::Sm2, &FUZZ_KEY_SEED).unwrap();
    let ed = PrivateKey::generate_from_seed(Algorithm::Ed25519, &FUZZ_KEY_SEED).unwrap();
    let embedded = Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility", true);
    let referenced = Attachment::from_bytes("可研.pdf", "feasibility_study", b"%PDF-1.7 feasibility", false);
    let service = parse(&fixture_value("service.json"), "service");
    let project = parse(&fixture_value("project.json"), "project");
    let cases: Vec<(&str, Envelope)> = vec![
        ("seed-sm2-project.json", sign(project.clone(), vec![&sm2], vec![embedded])),
        ("seed-ed25519-service.json", sign(service.clone(), vec![&ed], vec![referenced])),
        ("seed-both-service.json", sign(service, vec![&sm2, &ed], vec![])),
    ];
    for dir in ["package_verify", "package_payload"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    for (name, env) in cases {
        let text = env.to_json_pretty();
        assert!(verify(&text, &trust(&[&sm2, &ed])).valid);
        std::fs::write(root.join("package_verify").join(name), &text).unwrap();
        std::fs::write(root.join("package_payload").join(name), env.payload_bytes().unwrap()).unwrap();
    }
}
