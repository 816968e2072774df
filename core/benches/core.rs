//! Native benchmarks of the core (issue 6): evaluating a whole large project, RFC 8785
//! canonicalisation, SM2 / Ed25519 sign and verify, and verifying one signed package with
//! its parts (the signature over the real PAE, the report's re-check). Run by `scripts/bench` (which reads
//! the `--output-format bencher` lines); alone: `cargo bench -p shenbao-core --bench core`.
//! Figures go into BENCHMARKS.md, never into assertions.

use criterion::{Criterion, criterion_group, criterion_main};
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::package::jcs;
use shenbao_core::{Submission, check, pack::builtin};
use std::hint::black_box;

fn large() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/large/combined.json");
    std::fs::read_to_string(path).expect("tests/fixtures/large/combined.json (bench/gen_large.py)")
}

fn engine(c: &mut Criterion) {
    let text = large();
    let pack = builtin::pack("bazhong").expect("bazhong");
    let sub = Submission::from_json(&text).expect("valid");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    c.bench_function("parse_large", |b| b.iter(|| Submission::from_json(black_box(&text)).expect("valid")));
    c.bench_function("check_large", |b| b.iter(|| check(pack, black_box(&sub))));
    // What the editor does per keystroke: serialise its JSON signal, parse, check.
    c.bench_function("keystroke_large", |b| {
        b.iter(|| {
            let t = black_box(&value).to_string();
            let s = Submission::from_json(&t).expect("valid");
            check(pack, &s)
        })
    });
    // The same since the editor reads its JSON directly (Submission::from_value).
    c.bench_function("keystroke_large_value", |b| {
        b.iter(|| {
            let s = Submission::from_value(black_box(&value).clone()).expect("valid");
            check(pack, &s)
        })
    });
    // Since the editor checks incrementally (engine::live::LiveCheck::check_doc): one edit of
    // a long text; the section holding it is read again, the rules that read it evaluated.
    // Alternates two values so every iteration is a real change.
    let mut live = shenbao_core::engine::live::LiveCheck::new(pack);
    let mut edited = value.clone();
    let mut flip = false;
    c.bench_function("keystroke_large_live", |b| {
        b.iter(|| {
            flip = !flip;
            let text = if flip { "现状：各部门系统分散建设，数据难以共享。" } else { "现状：各部门系统分散建设。" };
            shenbao_core::model::path::set(&mut edited, "project.requirement_plan.current_state", serde_json::Value::from(text));
            live.check_doc(black_box(&edited)).expect("valid")
        })
    });
    // The editor's way: told the path it wrote. A cell of the 80-row budget, and a field of
    // the service plan (both read row by row / field by field).
    for (name, path) in [("keystroke_large_live_cell", "project.cost_estimate.items[40].name"), ("keystroke_large_live_plan", "service_plan.acceptance_method")]
    {
        let mut live = shenbao_core::engine::live::LiveCheck::new(pack);
        let mut edited = value.clone();
        live.check_doc(&edited).expect("valid");
        let written = [path.to_string()];
        let mut flip = false;
        c.bench_function(name, |b| {
            b.iter(|| {
                flip = !flip;
                let text = if flip { "云资源租用（扩容）" } else { "云资源租用" };
                shenbao_core::model::path::set(&mut edited, path, serde_json::Value::from(text));
                live.check_doc_changed(black_box(&edited), Some(&written)).expect("valid")
            })
        });
    }
    c.bench_function("jcs_large", |b| b.iter(|| jcs::canonicalize(black_box(&value)).expect("canonical")));
}

fn signatures(c: &mut Criterion) {
    // A 32-byte message, like `openssl speed`'s, so the two are comparable.
    let msg = [0x5au8; 32];
    for alg in [Algorithm::Sm2, Algorithm::Ed25519] {
        let key = PrivateKey::generate_from_seed(alg, &[9u8; 32]).expect("key");
        let public = key.public_key();
        let sig = key.sign(&msg);
        assert!(public.verify(&msg, &sig));
        c.bench_function(&format!("{}_sign", alg.id()), |b| b.iter(|| key.sign(black_box(&msg))));
        c.bench_function(&format!("{}_verify", alg.id()), |b| b.iter(|| public.verify(black_box(&msg), black_box(&sig))));
    }
}

/// One package as `bench_packages` writes them (the 巴中 fixture), verified in process:
/// `{alg}_verify_package` is what `shenbao verify` does per file, less reading it;
/// `{alg}_verify_pae` the signature check alone over the package's real PAE bytes;
/// `verify_package_recheck` the report re-computed from the payload's documents.
fn packages(c: &mut Criterion) {
    use shenbao_core::package::trust::{TRUST_LIST_FORMAT, TrustEntry, TrustList};
    use shenbao_core::package::{self, SignRequest, SignerIdentity, VerifyOptions, dsse};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/bazhong/project.json");
    let sub = Submission::from_json(&std::fs::read_to_string(path).expect("fixture")).expect("valid");
    let pack = builtin::pack("bazhong").expect("bazhong");
    let packs: Vec<_> = builtin::packs().iter().collect();
    for alg in [Algorithm::Sm2, Algorithm::Ed25519] {
        let key = PrivateKey::generate_from_seed(alg, &[7u8; 32]).expect("key");
        let public = key.public_key();
        let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        let trust = TrustList {
            format: TRUST_LIST_FORMAT.into(),
            issuer: "巴中市大数据局".into(),
            issued_at: "2026-01-01T00:00:00Z".into(),
            entries: vec![TrustEntry::active(&public, "巴中市自然资源和规划局", "11511900MB1A08217D", from, None)],
        };
        let (env, payload) = package::sign(SignRequest {
            submission: sub.clone(),
            pack,
            signer: SignerIdentity {
                department: "巴中市自然资源和规划局".into(), credit_code: "11511900MB1A08217D".into(), person: "杨静".into()
            },
            keys: vec![&key],
            attachments: Vec::new(),
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id: [1u8; 16],
        })
        .expect("sign");
        let text = env.to_json_pretty();
        let opts = VerifyOptions { trust: Some(&trust), packs: &packs, superseded: &[], attachment: &|_| None };
        assert!(package::verify(&text, &opts).valid);
        c.bench_function(&format!("{}_verify_package", alg.id()), |b| b.iter(|| package::verify(black_box(&text), &opts)));
        let pae = dsse::pae(&env.payload_type, &env.payload_bytes().expect("base64"));
        let sig = dsse::decode(&env.signatures[0].sig).expect("base64");
        c.bench_function(&format!("{}_verify_pae", alg.id()), |b| b.iter(|| public.verify(black_box(&pae), black_box(&sig))));
        if alg == Algorithm::Sm2 {
            c.bench_function("verify_package_recheck", |b| b.iter(|| check(pack, black_box(&payload.submission))));
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = engine, signatures, packages
}
criterion_main!(benches);
