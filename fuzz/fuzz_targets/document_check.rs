//! A submission file as the CLI and app open it: `Submission::from_json`, then the engine
//! with every built-in pack. Also: what we write back reads back the same, and checking is
//! deterministic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbao_core::pack::builtin;
use shenbao_core::{Submission, check, input};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = input::text(data, input::MAX_INPUT_BYTES) else { return };
    let sub = match Submission::from_json(text) {
        Ok(s) => s,
        Err(e) => {
            assert!(!e.message.is_empty());
            return;
        }
    };
    let again = Submission::from_json(&sub.to_json_pretty()).expect("a parsed submission re-reads");
    assert_eq!(again, sub, "saving and re-opening changes nothing");
    for pack in builtin::packs() {
        let r = check(pack, &sub);
        assert_eq!(r.findings.len(), r.summary.errors + r.summary.warnings + r.summary.infos);
        assert_eq!(r.to_json_pretty(), check(pack, &again).to_json_pretty(), "deterministic");
    }
});
