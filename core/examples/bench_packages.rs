//! Writes N signed packages and the trust list that vouches for their key, for the CLI
//! batch-verify benchmark (`bench/native.sh`). Deterministic: keys come from a fixed seed and
//! every package differs only in its project name and id, so the N files are distinct but of
//! the same realistic size as the 巴中 fixture.
//!
//! Also writes what each package signs, for `bench/ref/openssl_verify.c` (OpenSSL verifying
//! the same bytes): OUT_DIR/signed/NNNN.msg (the DSSE PAE of the payload), NNNN.sig (the
//! signature's raw bytes) and public.pem.
//!
//! cargo run --release -p shenbao-core --example bench_packages -- OUT_DIR N [sm2|ed25519] [SUBMISSION]

use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::package::trust::{TRUST_LIST_FORMAT, TrustEntry, TrustList};
use shenbao_core::package::{SignRequest, SignerIdentity, dsse, sign};
use shenbao_core::{Submission, pack::builtin};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = std::path::PathBuf::from(args.get(1).expect("OUT_DIR"));
    let n: usize = args.get(2).map_or(1000, |s| s.parse().expect("N"));
    let alg = Algorithm::from_id(args.get(3).map_or("sm2", String::as_str)).expect("sm2 or ed25519");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let source = args.get(4).map_or_else(|| root.join("tests/fixtures/bazhong/project.json"), std::path::PathBuf::from);
    let text = std::fs::read_to_string(&source).expect("submission");
    let base = Submission::from_json(&text).expect("valid submission");
    let pack = builtin::pack("bazhong").expect("bazhong pack");
    let key = PrivateKey::generate_from_seed(alg, &[7u8; 32]).expect("key");
    let public = key.public_key();
    std::fs::create_dir_all(&out).expect("out dir");
    let trust = TrustList {
        format: TRUST_LIST_FORMAT.into(),
        issuer: "巴中市大数据局".into(),
        issued_at: "2026-01-01T00:00:00Z".into(),
        entries: vec![TrustEntry::active(
            &public,
            "巴中市自然资源和规划局",
            "11511900MB1A08217D",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            None,
        )],
    };
    std::fs::write(out.join("trust.json"), serde_json::to_string_pretty(&trust).expect("json")).expect("write trust");
    let pkgs = out.join("packages");
    std::fs::create_dir_all(&pkgs).expect("packages dir");
    let signed = out.join("signed");
    std::fs::create_dir_all(&signed).expect("signed dir");
    std::fs::write(signed.join("public.pem"), public.to_pem()).expect("write public key");
    for i in 0..n {
        let mut sub = base.clone();
        if let Some(p) = sub.project.as_mut() {
            p.basic.name = format!("{}（第 {} 批）", p.basic.name, i + 1);
        }
        if let Some(s) = sub.service_plan.as_mut() {
            s.project_name = format!("{}（第 {} 批）", s.project_name, i + 1);
        }
        let mut random_id = [0u8; 16];
        random_id[..8].copy_from_slice(&(i as u64).to_be_bytes());
        let (env, _) = sign(SignRequest {
            submission: sub,
            pack,
            signer: SignerIdentity {
                department: "巴中市自然资源和规划局".into(), credit_code: "11511900MB1A08217D".into(), person: "杨静".into()
            },
            keys: vec![&key],
            attachments: Vec::new(),
            previous: None,
            created_at: "2026-09-15T08:30:00Z".into(),
            random_id,
        })
        .expect("sign");
        std::fs::write(pkgs.join(format!("{i:04}.json")), env.to_json_pretty()).expect("write package");
        let payload = env.payload_bytes().expect("own payload decodes");
        std::fs::write(signed.join(format!("{i:04}.msg")), dsse::pae(&env.payload_type, &payload)).expect("write signed bytes");
        let sig = dsse::decode(&env.signatures[0].sig).expect("own signature decodes");
        std::fs::write(signed.join(format!("{i:04}.sig")), sig).expect("write signature");
    }
    eprintln!("{n} {} packages in {}", alg.id(), pkgs.display());
}
