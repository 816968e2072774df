//! Native benchmarks of the core (issue 6): evaluating a whole large project, RFC 8785
//! canonicalisation, and SM2 / Ed25519 sign and verify. Run by `scripts/bench` (which reads
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = engine, signatures
}
criterion_main!(benches);
