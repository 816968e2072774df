//! The packs embedded at compile time (every `core/packs/*.json`, see `build.rs`).
//!
//! Loading is lazy: [`heads`] reads only each pack's metadata and rule count (all the start
//! page shows), [`pack`] loads and type-checks only the pack asked for, and [`packs`] all of
//! them. Type-checking the five packs at start cost most of the app's start-up work in wasm.
//!
//! The split web build never calls [`pack`] or [`packs`], so none of the packs' texts is linked
//! into its wasm: it lists the packs from [`heads`] and fetches the chosen city's file, served
//! under [`Head::served`] (app/src/packs.rs), checking it with [`Head::describes`].

use std::sync::OnceLock;

use super::{PackMeta, RulePack};

include!(concat!(env!("OUT_DIR"), "/builtin_packs.rs"));

/// What is known of a built-in pack without loading its rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub meta: PackMeta,
    /// Number of rules.
    pub rules: usize,
    /// The name the split web build serves the pack's file under:
    /// `<stem>.<first 16 hex digits of the file's SHA-256>.json`, so a file of another
    /// version is never taken for this one.
    pub served: &'static str,
    /// The name the split web build serves the text of the pack's regulation under
    /// (`<stem>-regulation.<digest>.txt`), when `core/regulations/` has it.
    pub regulation: Option<&'static str>,
    /// The name the split web build serves the pack's coverage file under
    /// (`<stem>-coverage.<digest>.json`), when `core/regulations/` has it.
    pub coverage: Option<&'static str>,
}

impl Head {
    /// Whether `pack` (read from the served file) is the pack this head was cut from. A
    /// head carries no editorial `notes` (`build.rs`): all else of the metadata must agree.
    pub fn describes(&self, pack: &RulePack) -> bool {
        PackMeta { notes: String::new(), ..pack.meta.clone() } == self.meta && pack.rules.len() == self.rules
    }
}

/// `(file name, text without whitespace)` of every embedded pack, sorted by file name. A
/// program that never calls this, [`pack`] or [`packs`] links none of the texts.
pub fn sources() -> impl Iterator<Item = (&'static str, &'static str)> {
    NAMES.iter().copied().zip(TEXTS.iter().copied())
}

fn load(i: usize) -> RulePack {
    RulePack::from_json(TEXTS[i]).unwrap_or_else(|e| panic!("built-in pack {}: {e}", NAMES[i]))
}

/// Metadata and rule count of every built-in pack, in [`NAMES`] order, read once. Cheap:
/// `build.rs` split each pack's metadata from its rules and counted them. A built-in pack is
/// always valid (the test suite loads each with [`RulePack::from_json`], and
/// `heads_agree_with_loaded_packs` checks this reading against that one), so this panics on
/// a malformed pack, like [`packs`].
pub fn heads() -> &'static [Head] {
    static CACHE: OnceLock<Vec<Head>> = OnceLock::new();
    CACHE.get_or_init(|| {
        NAMES
            .iter()
            .zip(HEADS)
            .zip(SERVED)
            .zip(REGULATIONS_SERVED)
            .zip(COVERAGE_SERVED)
            .map(|((((name, (head, rules)), served), regulation), coverage)| Head {
                meta: meta(name, head),
                rules: *rules,
                served,
                regulation: *regulation,
                coverage: *coverage,
            })
            .collect()
    })
}

/// A pack head's metadata, read as `RulePack::from_json` reads it (the same generic code, so
/// no more wasm).
fn meta(name: &str, head: &str) -> PackMeta {
    crate::input::parse(head, crate::input::MAX_INPUT_BYTES)
        .map_err(|e| e.message)
        .and_then(|v| super::object::meta(&v).map_err(|(at, m)| format!("{at}: {m}")))
        .unwrap_or_else(|e| panic!("built-in pack {name}: {e}"))
}

/// The names the split web build serves the superseded packs (`core/packs/superseded/`)
/// under: `<id>-<version with "_" for ".">.<first 16 hex digits of the file's SHA-256>.json`.
/// A superseded pack is an earlier version of a built-in pack, kept so that a package signed
/// under it still verifies — the bureau updates a pack while packages made under the old one
/// are on their way — and is never offered for filling in. Only the names are linked into
/// the app's first module (a head's metadata, long notes included, would cost kilobytes
/// there): a fetched file is taken for what it says it is, since verification matches a
/// package's pack by the hash of its content anyway.
pub fn superseded_served() -> &'static [&'static str] {
    SUPERSEDED_SERVED
}

/// [`superseded`] as the references `package::VerifyOptions::superseded` takes.
pub fn superseded_refs() -> &'static [&'static RulePack] {
    static REFS: OnceLock<Vec<&'static RulePack>> = OnceLock::new();
    REFS.get_or_init(|| superseded().iter().collect())
}

/// Every superseded pack, loaded and type-checked once (like [`packs`], panics on a broken
/// one: a build bug the test suite catches).
pub fn superseded() -> &'static [RulePack] {
    static ALL: OnceLock<Vec<RulePack>> = OnceLock::new();
    ALL.get_or_init(|| {
        SUPERSEDED_NAMES
            .iter()
            .zip(SUPERSEDED_TEXTS)
            .map(|(name, text)| RulePack::from_json(text).unwrap_or_else(|e| panic!("superseded pack {name}: {e}")))
            .collect()
    })
}

/// The text of built-in pack `id`'s regulation, embedded (`core/regulations/`). Like the
/// packs' texts, linked only into a program that calls this.
pub fn regulation_text(id: &str) -> Option<&'static str> {
    REGULATION_TEXTS[heads().iter().position(|h| h.meta.id == id)?]
}

/// Built-in pack `id`'s coverage file (`shenbao_core::regulation::Coverage`), embedded.
pub fn coverage_text(id: &str) -> Option<&'static str> {
    COVERAGE_TEXTS[heads().iter().position(|h| h.meta.id == id)?]
}

/// Whether `id` is a built-in pack's id (without loading any pack).
pub fn is_builtin(id: &str) -> bool {
    heads().iter().any(|h| h.meta.id == id)
}

static ALL: OnceLock<Vec<RulePack>> = OnceLock::new();

/// Every built-in pack, loaded and type-checked once. A built-in pack that fails to load is
/// a build bug, caught by the test suite (`builtin_packs_load`), so this panics with the reason.
pub fn packs() -> &'static [RulePack] {
    ALL.get_or_init(|| (0..NAMES.len()).map(|i| one(i).map_or_else(|| load(i), RulePack::clone)).collect())
}

/// The pack at `i` if [`pack`] already loaded it on its own.
fn one(i: usize) -> Option<&'static RulePack> {
    singles().get(i).and_then(OnceLock::get)
}

fn singles() -> &'static [OnceLock<RulePack>] {
    static ONE: OnceLock<Vec<OnceLock<RulePack>>> = OnceLock::new();
    ONE.get_or_init(|| NAMES.iter().map(|_| OnceLock::new()).collect())
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
        for (name, text) in super::NAMES.iter().zip(super::TEXTS) {
            if let Err(e) = super::RulePack::from_json(text) {
                panic!("{name}: {e}");
            }
        }
        assert!(!super::packs().is_empty());
    }

    #[test]
    fn heads_agree_with_loaded_packs() {
        let heads = super::heads();
        assert_eq!(heads.len(), super::NAMES.len());
        for (i, h) in heads.iter().enumerate() {
            let p = super::load(i);
            // All the metadata but the editorial notes, which the heads leave to the pack.
            assert!(h.meta.notes.is_empty() && !p.meta.notes.is_empty(), "{}", p.meta.id);
            assert_eq!(h.meta, super::PackMeta { notes: String::new(), ..p.meta.clone() });
            assert_eq!(h.rules, p.rules.len());
            assert!(h.describes(&p));
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
        for (name, text) in super::NAMES.iter().zip(super::TEXTS) {
            let file = std::fs::read_to_string(dir.join(name)).unwrap();
            let a: serde_json::Value = serde_json::from_str(&file).unwrap();
            let b: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(a, b, "{name}");
            assert!(text.len() < file.len() && !text.contains('\n'), "{name}");
        }
    }

    #[test]
    fn every_built_in_pack_has_its_regulation_and_coverage_served_under_their_digests() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regulations");
        for (h, name) in super::heads().iter().zip(super::NAMES) {
            let text = std::fs::read(dir.join(&h.meta.source_file)).unwrap();
            let hex: String = crate::crypto::sha256(&text).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(h.regulation, Some(format!("{}-regulation.{}.txt", name.trim_end_matches(".json"), &hex[..16]).as_str()));
            assert_eq!(super::regulation_text(&h.meta.id).map(str::as_bytes), Some(text.as_slice()));
        }
        assert_eq!(super::regulation_text("no-such-pack"), None);
        for (h, name) in super::heads().iter().zip(super::NAMES) {
            let stem = name.trim_end_matches(".json");
            let text = std::fs::read(dir.join(format!("{stem}.coverage.json"))).unwrap();
            let hex: String = crate::crypto::sha256(&text).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(h.coverage, Some(format!("{stem}-coverage.{}.json", &hex[..16]).as_str()));
            assert_eq!(super::coverage_text(&h.meta.id).map(str::as_bytes), Some(text.as_slice()));
        }
    }

    #[test]
    fn served_names_carry_the_file_s_digest() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        for (h, name) in super::heads().iter().zip(super::NAMES) {
            let digest = crate::crypto::sha256(&std::fs::read(dir.join(name)).unwrap());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(h.served, format!("{}.{}.json", name.trim_end_matches(".json"), &hex[..16]));
        }
    }

    #[test]
    fn superseded_packs_are_earlier_versions_of_built_in_ones() {
        use crate::package::PackDigest;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packs").join("superseded");
        let old = super::superseded();
        assert_eq!(old.len(), super::SUPERSEDED_NAMES.len());
        assert!(!old.is_empty(), "the packs changed since their first versions keep those");
        let mut seen = std::collections::BTreeSet::new();
        for ((p, served), name) in old.iter().zip(super::superseded_served()).zip(super::SUPERSEDED_NAMES) {
            // Named for what it is, and served under its digest.
            assert_eq!(*name, format!("{}-{}.json", p.meta.id, p.meta.version));
            let hex: String = crate::crypto::sha256(&std::fs::read(dir.join(name)).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(*served, format!("{}.{}.json", name.trim_end_matches(".json").replace('.', "_"), &hex[..16]));
            assert_eq!(served.matches('.').count(), 2, "{served}");
            // An earlier version of a built-in pack: same id and regulation, another version
            // and other rules (else there is nothing to keep).
            // A copy of its own: the digest is cached in the pack, which the shared one's
            // comparisons in other tests would see.
            let i = super::heads().iter().position(|h| h.meta.id == p.meta.id).unwrap_or_else(|| panic!("{name}: no built-in pack {}", p.meta.id));
            let now = &super::load(i);
            assert_ne!(p.meta.version, now.meta.version, "{name}");
            assert_eq!(p.meta.source_file, now.meta.source_file, "{name}");
            assert_ne!(PackDigest::of(p).sha256, PackDigest::of(now).sha256, "{name}");
            assert!(seen.insert((p.meta.id.clone(), p.meta.version.clone())), "{name} twice");
        }
    }

    #[test]
    fn a_head_describes_only_its_own_pack() {
        let packs = super::packs();
        for (i, h) in super::heads().iter().enumerate() {
            for (j, p) in packs.iter().enumerate() {
                assert_eq!(h.describes(p), i == j, "{} / {}", h.meta.id, p.meta.id);
            }
            // The same pack one rule short (an older or cut file) is not it.
            let mut cut = packs[i].clone();
            cut.rules.pop();
            assert!(!h.describes(&cut));
            // Other metadata is another pack; other editorial notes are not checked here.
            let mut retitled = packs[i].clone();
            retitled.meta.title.push_str("（修订）");
            assert!(!h.describes(&retitled));
            let mut annotated = packs[i].clone();
            annotated.meta.notes.push_str("另注。");
            assert!(h.describes(&annotated));
        }
    }
}
