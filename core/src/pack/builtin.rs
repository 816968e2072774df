//! The packs embedded at compile time (every `core/packs/*.json`, see `build.rs`).
//!
//! Loading is lazy: [`heads`] reads only each pack's metadata and rule count (all the start
//! page shows), [`pack`] loads and type-checks only the pack asked for, and [`packs`] all of
//! them. Type-checking the five packs at start cost most of the app's start-up work in wasm.

use std::sync::OnceLock;

use super::{PackMeta, RulePack};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// What is known of a built-in pack without loading its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub meta: PackMeta,
    /// Number of rules.
    pub rules: usize,
}

fn load(i: usize) -> RulePack {
    let (name, text) = SOURCES[i];
    RulePack::from_json(text).unwrap_or_else(|e| panic!("built-in pack {name}: {e}"))
}

/// Metadata and rule count of every built-in pack, in [`SOURCES`] order, read once. Cheap:
/// `build.rs` split each pack's metadata from its rules and counted them. A built-in pack is
/// always valid (the test suite loads each with [`RulePack::from_json`], and
/// `heads_agree_with_loaded_packs` checks this reading against that one), so this panics on
/// a malformed pack, like [`packs`].
pub fn heads() -> &'static [Head] {
    static CACHE: OnceLock<Vec<Head>> = OnceLock::new();
    CACHE.get_or_init(|| {
        SOURCES
            .iter()
            .zip(HEADS)
            .map(|((name, _), (head, rules))| {
                // Read as `RulePack::from_json` reads it (the same generic code, so no more wasm).
                let meta = crate::input::parse(head, crate::input::MAX_INPUT_BYTES)
                    .map_err(|e| e.message)
                    .and_then(|v| serde_path_to_error::deserialize::<_, PackMeta>(v).map_err(|e| e.to_string()))
                    .unwrap_or_else(|e| panic!("built-in pack {name}: {e}"));
                Head { meta, rules: *rules }
            })
            .collect()
    })
}

/// Whether `id` is a built-in pack's id (without loading any pack).
pub fn is_builtin(id: &str) -> bool {
    heads().iter().any(|h| h.meta.id == id)
}

static ALL: OnceLock<Vec<RulePack>> = OnceLock::new();

/// Every built-in pack, loaded and type-checked once. A built-in pack that fails to load is
/// a build bug, caught by the test suite (`builtin_packs_load`), so this panics with the reason.
pub fn packs() -> &'static [RulePack] {
    ALL.get_or_init(|| (0..SOURCES.len()).map(|i| one(i).map_or_else(|| load(i), RulePack::clone)).collect())
}

/// The pack at `i` if [`pack`] already loaded it on its own.
fn one(i: usize) -> Option<&'static RulePack> {
    singles().get(i).and_then(OnceLock::get)
}

fn singles() -> &'static [OnceLock<RulePack>] {
    static ONE: OnceLock<Vec<OnceLock<RulePack>>> = OnceLock::new();
    ONE.get_or_init(|| SOURCES.iter().map(|_| OnceLock::new()).collect())
}

/// A built-in pack by id; loads only that pack (unless [`packs`] has loaded them all).
pub fn pack(id: &str) -> Option<&'static RulePack> {
    if let Some(all) = ALL.get() {
        return all.iter().find(|p| p.meta.id == id);
    }
    let i = heads().iter().position(|h| h.meta.id == id)?;
    Some(singles()[i].get_or_init(|| load(i)))
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

    #[test]
    fn heads_agree_with_loaded_packs() {
        let heads = super::heads();
        assert_eq!(heads.len(), super::SOURCES.len());
        for (i, h) in heads.iter().enumerate() {
            let p = super::load(i);
            assert_eq!(h.meta, p.meta);
            assert_eq!(h.rules, p.rules.len());
            assert!(super::is_builtin(&p.meta.id));
            assert_eq!(super::pack(&p.meta.id), Some(&p));
        }
        assert!(!super::is_builtin("no-such-pack"));
        assert_eq!(super::pack("no-such-pack"), None);
        // Loading them all afterwards gives the same packs.
        for (i, p) in super::packs().iter().enumerate() {
            assert_eq!(p, &super::load(i));
            assert_eq!(super::pack(&p.meta.id), Some(p));
        }
    }

    #[test]
    fn embedded_packs_are_the_files_without_whitespace() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        for (name, text) in super::SOURCES {
            let file = std::fs::read_to_string(dir.join(name)).unwrap();
            let a: serde_json::Value = serde_json::from_str(&file).unwrap();
            let b: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(a, b, "{name}");
            assert!(text.len() < file.len() && !text.contains('\n'), "{name}");
        }
    }
}
