//! Draft persistence in the browser's localStorage, degrading to memory when storage is
//! unavailable (private mode, quota, some file:// setups). Every save carries a revision;
//! a save is refused if storage already holds a higher revision (another tab saved newer
//! work), so newer work is never overwritten with older.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::draft::{Draft, DraftInfo};

const INDEX_KEY: &str = "shenbao.drafts";
const DRAFT_PREFIX: &str = "shenbao.draft.";
/// Beside a draft a package was signed from: when (milliseconds since the epoch), and
/// `,changed` once the documents are no longer as signed ([`SignedMark`]). Plain text, not
/// JSON: the drafts list reads it, and a reader of another type would put serde code into the
/// start page's module.
const SIGNED_PREFIX: &str = "shenbao.signed.";

/// That a package was signed from a draft, for the drafts list: written by the signing panel
/// when it signs and whenever the documents stop or start being as signed. The panel says what
/// the package was; the list only that there is one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignedMark {
    /// When it was signed, milliseconds since the epoch.
    pub at: f64,
    /// The documents changed since.
    pub changed: bool,
}

impl SignedMark {
    /// Whole milliseconds as an integer: reading and writing floating-point text would put
    /// float parsing and formatting into the start page's module (19 KB).
    fn text(self) -> String {
        format!("{}{}", self.at as u64, if self.changed { ",changed" } else { "" })
    }

    fn read(text: &str) -> Option<SignedMark> {
        let (at, changed) = match text.split_once(',') {
            Some((at, "changed")) => (at, true),
            Some(_) => return None,
            None => (text, false),
        };
        at.parse::<u64>().ok().map(|at| SignedMark { at: at as f64, changed })
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// Storage holds a newer revision of this draft (saved by another tab).
    Conflict { stored_revision: u64 },
    /// Storage refused the write (quota, private mode); the draft is kept in memory.
    Unavailable(String),
}

pub struct Store {
    storage: Option<web_sys::Storage>,
    /// Fallback when storage is unavailable: drafts live as long as the page.
    memory: RefCell<BTreeMap<String, Draft>>,
}

/// Reads the value the app stored as JSON text under `key`; `None` if there is none or it
/// does not read. Every text the app reads goes through core's one parser (`input::parse`)
/// and every type is read from the parsed `&Value`: each other way in (`from_str`,
/// `from_slice`, an owned `Value`) put another copy of serde_json's reader and of the types'
/// deserializers into the wasm (BENCHMARKS.md, eleventh round).
pub(crate) fn read_stored<T: serde::de::DeserializeOwned>(storage: &web_sys::Storage, key: &str) -> Option<T> {
    let text = storage.get_item(key).ok().flatten()?;
    let v = shenbao_core::input::parse(&text, shenbao_core::input::MAX_PACKAGE_BYTES).ok()?;
    T::deserialize(&v).ok()
}

fn probe(storage: &web_sys::Storage) -> bool {
    let key = "shenbao.probe";
    storage.set_item(key, "1").is_ok() && storage.remove_item(key).is_ok()
}

impl Store {
    /// Opens localStorage; `None` storage means memory only.
    pub fn open() -> Store {
        let storage = crate::dom::local_storage().filter(probe);
        Store { storage, memory: RefCell::new(BTreeMap::new()) }
    }

    /// A store that keeps everything in memory (used when storage is unavailable, and in tests).
    pub fn memory_only() -> Store {
        Store { storage: None, memory: RefCell::new(BTreeMap::new()) }
    }

    pub fn is_persistent(&self) -> bool {
        self.storage.is_some()
    }

    fn read_index(&self) -> Vec<DraftInfo> {
        match &self.storage {
            Some(s) => read_stored(s, INDEX_KEY).unwrap_or_default(),
            None => self.memory.borrow().values().map(Draft::info).collect(),
        }
    }

    /// Drafts, most recently saved first.
    pub fn list(&self) -> Vec<DraftInfo> {
        let mut l = self.read_index();
        shenbao_core::order::sort_by(&mut l, |a, b| b.saved_at.total_cmp(&a.saved_at).then_with(|| a.id.cmp(&b.id)));
        l
    }

    pub fn load(&self, id: &str) -> Option<Draft> {
        match &self.storage {
            Some(s) => read_stored(s, &format!("{DRAFT_PREFIX}{id}")),
            None => self.memory.borrow().get(id).cloned(),
        }
    }

    /// The revision storage holds for a draft (0 when absent).
    pub fn stored_revision(&self, id: &str) -> u64 {
        self.load(id).map(|d| d.revision).unwrap_or(0)
    }

    /// Saves `draft` as revision `base + 1`, unless storage already holds a revision above
    /// `base` (then nothing is written). Returns the new revision.
    pub fn save(&self, draft: &Draft, base: u64, now: f64) -> Result<u64, SaveError> {
        let stored = self.stored_revision(&draft.id);
        if stored > base {
            return Err(SaveError::Conflict { stored_revision: stored });
        }
        let mut d = draft.clone();
        d.revision = base + 1;
        d.saved_at = now;
        match &self.storage {
            None => {
                self.memory.borrow_mut().insert(d.id.clone(), d.clone());
                Ok(d.revision)
            }
            Some(s) => {
                let text = serde_json::to_string(&d).expect("draft serializes");
                s.set_item(&format!("{DRAFT_PREFIX}{}", d.id), &text).map_err(|_| SaveError::Unavailable("浏览器存储空间已满或不可用".into()))?;
                let mut index: Vec<DraftInfo> = self.read_index().into_iter().filter(|i| i.id != d.id).collect();
                index.push(d.info());
                let _ = s.set_item(INDEX_KEY, &serde_json::to_string(&index).expect("index serializes"));
                Ok(d.revision)
            }
        }
    }

    pub fn delete(&self, id: &str) {
        match &self.storage {
            None => {
                self.memory.borrow_mut().remove(id);
            }
            Some(s) => {
                let _ = s.remove_item(&format!("{DRAFT_PREFIX}{id}"));
                let _ = s.remove_item(&format!("{SIGNED_PREFIX}{id}"));
                let index: Vec<DraftInfo> = self.read_index().into_iter().filter(|i| i.id != id).collect();
                let _ = s.set_item(INDEX_KEY, &serde_json::to_string(&index).expect("index serializes"));
            }
        }
    }

    /// That a package was signed from draft `id`, if one was (and storage keeps it).
    pub fn signed_mark(&self, id: &str) -> Option<SignedMark> {
        SignedMark::read(&self.storage.as_ref()?.get_item(&format!("{SIGNED_PREFIX}{id}")).ok()??)
    }

    /// Notes that a package was signed from draft `id` (storage refusing is no error: the
    /// list then shows no mark).
    pub fn set_signed_mark(&self, id: &str, mark: SignedMark) {
        if let Some(s) = &self.storage {
            let _ = s.set_item(&format!("{SIGNED_PREFIX}{id}"), &mark.text());
        }
    }

    /// Whether a storage event key concerns the draft `id`.
    pub fn is_draft_key(key: &str, id: &str) -> bool {
        key == format!("{DRAFT_PREFIX}{id}")
    }
}

thread_local! {
    static STORE: Store = Store::open();
}

/// The page's draft store (localStorage, or memory when that is unavailable).
pub fn with<R>(f: impl FnOnce(&Store) -> R) -> R {
    STORE.with(f)
}

#[cfg(test)]
mod tests {
    use super::SignedMark;

    #[test]
    fn a_signed_mark_reads_back_and_nothing_else_reads() {
        for mark in [SignedMark { at: 1_765_000_000_123.0, changed: false }, SignedMark { at: 1_765_000_000_123.0, changed: true }] {
            assert_eq!(SignedMark::read(&mark.text()), Some(mark));
        }
        for bad in ["", "x", "1765000000123,", "1765000000123,other", "NaN", "inf", ",changed", "-1", "1.5"] {
            assert_eq!(SignedMark::read(bad), None, "{bad}");
        }
    }
}
