//! Fixtures shared by the fuzz targets: one fixed signing key and the trust list that
//! registers it, so seed packages (signed with the same key by
//! `core/tests/package_properties.rs`, `write_fuzz_seeds`) verify fully and the fuzzer
//! explores past the signature check.

use std::sync::OnceLock;

use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::package::trust::{TrustEntry, TrustList};

/// Seed of the fixed fuzzing keys. Must match `FUZZ_KEY_SEED` in core/tests/package_properties.rs.
pub const FUZZ_KEY_SEED: [u8; 32] = [0x5b; 32];
pub const UNIT: &str = "巴中市市场监督管理局";
pub const CODE: &str = "11511900MB1527360X";

pub fn key(alg: Algorithm) -> &'static PrivateKey {
    static SM2: OnceLock<PrivateKey> = OnceLock::new();
    static ED: OnceLock<PrivateKey> = OnceLock::new();
    let cell = if alg == Algorithm::Sm2 { &SM2 } else { &ED };
    cell.get_or_init(|| PrivateKey::generate_from_seed(alg, &FUZZ_KEY_SEED).expect("fixed seed"))
}

pub fn trust() -> &'static TrustList {
    static LIST: OnceLock<TrustList> = OnceLock::new();
    LIST.get_or_init(|| {
        let entries = [Algorithm::Sm2, Algorithm::Ed25519]
            .into_iter()
            .map(|alg| {
                TrustEntry::active(&key(alg).public_key(), UNIT, CODE, "2026-01-01".parse().unwrap(), Some("2027-12-31".parse().unwrap()))
            })
            .collect();
        TrustList { format: "shenbao.trust-list/1".into(), issuer: "巴中市政务服务和大数据管理局".into(), issued_at: "2026-01-01T00:00:00Z".into(), entries }
    })
}

/// The verifier's side: fixed trust list, built-in packs, one supplied attachment.
pub fn verify(text: &str) -> shenbao_core::package::Verification {
    let packs: Vec<&shenbao_core::RulePack> = shenbao_core::pack::builtin::packs().iter().collect();
    let files = |name: &str| (name == "可研.pdf").then(|| b"%PDF-1.7 feasibility".to_vec());
    shenbao_core::package::verify(text, &shenbao_core::package::VerifyOptions { trust: Some(trust()), packs: &packs, superseded: shenbao_core::pack::builtin::superseded_refs(), attachment: &files })
}

/// Outcome invariants every verification must satisfy, whatever the input.
pub fn assert_consistent(v: &shenbao_core::package::Verification) {
    assert_eq!(v.valid, v.problems.is_empty(), "valid must mean no problem: {:?}", v.problems);
    for p in &v.problems {
        assert!(!p.message.is_empty(), "every problem has a message");
    }
}
