//! A rule pack loaded from a file (`shenbao pack lint`, the app's 「加载规则包」): parse and
//! type-check; a pack that loads must hash (packages pin it) and evaluate on real documents.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use shenbao_core::package::PackDigest;
use shenbao_core::{RulePack, Submission, check, input};

fn documents() -> &'static [Submission] {
    static DOCS: OnceLock<Vec<Submission>> = OnceLock::new();
    DOCS.get_or_init(|| {
        [include_str!("../../tests/fixtures/bazhong/combined.json"), include_str!("../../tests/fixtures/wuhai/combined.json")]
            .iter()
            .map(|t| Submission::from_json(t).expect("fixture"))
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = input::text(data, input::MAX_INPUT_BYTES) else { return };
    match RulePack::from_json(text) {
        Err(e) => assert!(!e.message.is_empty()),
        Ok(pack) => {
            let _ = PackDigest::of(&pack);
            for doc in documents() {
                let r = check(&pack, doc);
                assert_eq!(r.findings.len(), r.summary.errors + r.summary.warnings + r.summary.infos);
            }
        }
    }
});
