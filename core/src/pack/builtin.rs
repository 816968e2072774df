//! The packs embedded at compile time (every `core/packs/*.json`, see `build.rs`).

use std::sync::OnceLock;

use super::RulePack;

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// Every built-in pack, parsed once. A built-in pack that fails to load is a build bug,
/// caught by the test suite (`builtin_packs_load`), so this panics with the reason.
pub fn packs() -> &'static [RulePack] {
    static PACKS: OnceLock<Vec<RulePack>> = OnceLock::new();
    PACKS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(name, text)| RulePack::from_json(text).unwrap_or_else(|e| panic!("built-in pack {name}: {e}")))
            .collect()
    })
}

/// A built-in pack by id.
pub fn pack(id: &str) -> Option<&'static RulePack> {
    packs().iter().find(|p| p.meta.id == id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_packs_load() {
        for (name, text) in super::SOURCES {
            if let Err(e) = super::RulePack::from_json(text) {
                panic!("{name}: {e}");
            }
        }
        assert!(!super::packs().is_empty());
    }
}
