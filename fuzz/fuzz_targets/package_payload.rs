//! Arbitrary payload JSON, signed with the fixed key and then verified: gets past the
//! signature so the fuzzer exercises the trust list, pack pinning, report re-computation
//! and attachment checks on content that verifies cryptographically.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::crypto::Algorithm;
use shenbao_core::input;
use shenbao_core::package::{PAYLOAD_TYPE, dsse, jcs};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = input::parse_slice(data, input::MAX_PACKAGE_BYTES) else { return };
    let Ok(bytes) = jcs::canonicalize(&value) else { return };
    // Ed25519: deterministic and fast, so runs stay reproducible and many per second.
    let key = shenbao_fuzz::key(Algorithm::Ed25519);
    let sig = key.sign(&dsse::pae(PAYLOAD_TYPE, &bytes));
    let env = dsse::Envelope {
        payload_type: PAYLOAD_TYPE.into(),
        payload: dsse::encode(&bytes),
        signatures: vec![dsse::Signature { keyid: key.public_key().fingerprint().sm3_hex(), sig: dsse::encode(&sig) }],
    };
    let v = shenbao_fuzz::verify(&env.to_json_pretty());
    shenbao_fuzz::assert_consistent(&v);
});
