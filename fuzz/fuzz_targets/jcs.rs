//! RFC 8785 canonicalisation of arbitrary JSON. Properties: the output is JSON that parses
//! back to the same value, and canonicalising it again gives identical bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::input;
use shenbao_core::package::jcs;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = input::parse_slice(data, input::MAX_INPUT_BYTES) else { return };
    let Ok(out) = jcs::canonicalize(&value) else { return };
    let back: serde_json::Value = serde_json::from_slice(&out).expect("canonical output is JSON");
    assert_eq!(back, value, "canonical output parses back to the input value");
    assert_eq!(jcs::canonicalize(&back).expect("still canonicalisable"), out, "idempotent");
    // Our strict reader accepts canonical output too (no duplicate keys can arise).
    assert_eq!(input::parse_slice(&out, input::MAX_INPUT_BYTES).expect("strict parse"), value);
});
