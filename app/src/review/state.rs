//! What the reviewer's desk holds: the loaded packages with their verifications, the trust
//! list, the bureau key, attachments supplied separately, and the table's filter and sort.
//! Every input change re-verifies all packages. No DOM here, so tests can drive it directly.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use shenbao_core::crypto::{Algorithm, PrivateKey, PublicKey};
use shenbao_core::package::ProblemCode;
use shenbao_core::package::encrypt::{self, EncryptedPackage};
use shenbao_core::package::trust::{LoadedTrustList, TrustError, TrustList};
use shenbao_core::package::{Verification, VerifyOptions, verify_with_payload_bytes};

use super::model::{Decision, Mark, Marks, Row, Sort, StatusFilter, summary, unreadable};
use crate::strings as s;

/// One loaded package file.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: usize,
    pub name: String,
    /// The file's text, or why it could not be read.
    pub text: Result<Arc<str>, String>,
    pub v: Arc<Verification>,
    pub row: Row,
    /// What the reviewer's record of it is kept under: the SHA-256 of the file's text (of its
    /// name and error when unreadable), so a record follows the package, not the file name.
    pub key: Arc<str>,
    /// The hex SHA-256 of the payload it carries (decrypted, if it came encrypted), when the
    /// payload could be read: what names the package on its papers, in the reviewer's opinion
    /// and in the CSV. Worked out as it is verified, from the bytes verifying decoded.
    pub payload_sha256: Option<Arc<str>>,
}

/// The key of a file's record ([`Item::key`]).
pub fn item_key(name: &str, text: &Result<Arc<str>, String>) -> Arc<str> {
    use shenbao_core::crypto::{hex, sha256};
    let digest = match text {
        Ok(t) => sha256(t.as_bytes()),
        Err(e) => sha256(format!("{name}\0{e}").as_bytes()),
    };
    Arc::from(hex(&digest))
}

impl Item {
    /// Whether the package's content is what its signer signed (whoever that is): only such
    /// packages may mark another as superseded or be taken as the version one replaces.
    pub fn signature_holds(&self) -> bool {
        self.v.signature_holds()
    }
}

/// A message shown next to a loader: text, and whether it reports a failure.
pub type Note = Option<(bool, String)>;

/// The bureau public key used to check a signed trust list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BureauKey {
    pub name: String,
    pub pem: String,
    /// Grouped SM3 fingerprint.
    pub fingerprint: String,
}

/// The bureau's private key for encrypted packages: unlocked once with its passphrase and
/// kept only in this page's memory (never in storage; zeroized when the last copy drops).
#[derive(Clone)]
pub struct DecryptKey {
    pub name: String,
    /// Grouped SM3 fingerprint of its public key.
    pub fingerprint: String,
    key: Arc<PrivateKey>,
}

impl std::fmt::Debug for DecryptKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecryptKey").field("name", &self.name).field("fingerprint", &self.fingerprint).finish()
    }
}

/// 「已载入信任列表“trust.json”：某局，3 把登记公钥，签发于 …；数据局签名有效 …」.
pub fn trust_summary(name: &str, list: &LoadedTrustList) -> String {
    let n = list.list.entries.len();
    let signed = match &list.signed_by {
        Some(fp) => format!("{} {}", s::REVIEW_TRUST_SIGNED, super::model::group_hex(fp)),
        None => s::REVIEW_TRUST_UNSIGNED.to_string(),
    };
    format!(
        "{}“{}”：{}，{n} {}，{} {}；{signed}",
        s::REVIEW_TRUST_LOADED,
        name,
        list.list.issuer,
        s::REVIEW_TRUST_KEYS,
        s::REVIEW_TRUST_ISSUED,
        list.list.issued_at
    )
}

/// How many package files are verified between two frames when many come at once
/// ([`ReviewState::add_files_in_turn`]): some 40 ms of work.
pub const IN_TURN: usize = 20;

/// Everything the desk holds, as signals (`Copy`, so closures can share it).
#[derive(Clone, Copy)]
pub struct ReviewState {
    pub items: RwSignal<Vec<Item>>,
    next_id: RwSignal<usize>,
    pub trust: RwSignal<Option<(String, LoadedTrustList)>>,
    /// The trust list's file as loaded (name, text), kept with the desk.
    pub trust_source: RwSignal<Option<(String, String)>>,
    /// A signed trust list waiting for the bureau key (file name, text).
    pending_trust: RwSignal<Option<(String, String)>>,
    pub bureau_key: RwSignal<Option<BureauKey>>,
    pub trust_note: RwSignal<Note>,
    /// The bureau's private key, for encrypted packages (memory only).
    pub decrypt_key: RwSignal<Option<DecryptKey>>,
    pub decrypt_note: RwSignal<Note>,
    /// Attachment bytes by file name.
    pub attachments: RwSignal<BTreeMap<String, Arc<Vec<u8>>>>,
    pub pack_note: RwSignal<Note>,
    /// The polite live region's text.
    pub announce: RwSignal<String>,
    pub query: RwSignal<String>,
    pub status: RwSignal<StatusFilter>,
    pub decision: RwSignal<Option<Decision>>,
    pub sort: RwSignal<Sort>,
    /// The package shown in the detail view.
    pub selected: RwSignal<Option<usize>>,
    /// The reviewer's records (处理记录), by [`Item::key`]; only non-empty ones.
    pub marks: RwSignal<Marks>,
    /// Whether the desk holds what was kept in the browser (`review::kept`): false while that
    /// is being read, so that an empty desk is never kept over it.
    pub ready: RwSignal<bool>,
    /// Why the desk cannot be kept in the browser, when it cannot.
    pub kept_note: RwSignal<Note>,
    /// Who gives the opinions: the reviewing unit (审核单位) and the reviewer (审核人),
    /// remembered in this browser (`localStorage`, as the signer's name is).
    pub unit: RwSignal<String>,
    pub reviewer: RwSignal<String>,
}

/// Where the reviewing unit and the reviewer are remembered.
pub const UNIT_STORAGE: &str = "shenbao.reviewer.unit";
pub const REVIEWER_STORAGE: &str = "shenbao.reviewer.person";

/// The text remembered under `key`, or empty.
fn remembered(key: &str) -> String {
    crate::dom::local_storage().and_then(|s| s.get_item(key).ok().flatten()).unwrap_or_default()
}

/// The desk's content kept while the reviewer switches to filling in and back.
#[derive(Clone, Default)]
struct Snapshot {
    items: Vec<Item>,
    next_id: usize,
    trust: Option<(String, LoadedTrustList)>,
    trust_source: Option<(String, String)>,
    pending_trust: Option<(String, String)>,
    bureau_key: Option<BureauKey>,
    trust_note: Note,
    decrypt_key: Option<DecryptKey>,
    decrypt_note: Note,
    attachments: BTreeMap<String, Arc<Vec<u8>>>,
    pack_note: Note,
    query: String,
    status: StatusFilter,
    decision: Option<Decision>,
    sort: Sort,
    marks: Marks,
    kept_note: Note,
    /// Kept before the desk had read what the browser keeps (`review::kept`): the next desk
    /// reads it again, onto what this one held (files dropped meanwhile, records set).
    unread: bool,
}

thread_local! {
    static KEPT: RefCell<Option<Snapshot>> = const { RefCell::new(None) };
}

impl Default for ReviewState {
    fn default() -> Self {
        Self::new()
    }
}

impl ReviewState {
    /// An empty desk.
    pub fn new() -> Self {
        Self::from_snapshot(Snapshot::default())
    }

    fn from_snapshot(k: Snapshot) -> Self {
        let announce = if k.items.is_empty() { String::new() } else { summary(&k.items.iter().map(|i| i.row.clone()).collect::<Vec<_>>()) };
        ReviewState {
            items: RwSignal::new(k.items),
            next_id: RwSignal::new(k.next_id),
            trust: RwSignal::new(k.trust),
            trust_source: RwSignal::new(k.trust_source),
            pending_trust: RwSignal::new(k.pending_trust),
            bureau_key: RwSignal::new(k.bureau_key),
            trust_note: RwSignal::new(k.trust_note),
            decrypt_key: RwSignal::new(k.decrypt_key),
            decrypt_note: RwSignal::new(k.decrypt_note),
            attachments: RwSignal::new(k.attachments),
            pack_note: RwSignal::new(k.pack_note),
            announce: RwSignal::new(announce),
            query: RwSignal::new(k.query),
            status: RwSignal::new(k.status),
            decision: RwSignal::new(k.decision),
            sort: RwSignal::new(k.sort),
            selected: RwSignal::new(None),
            marks: RwSignal::new(k.marks),
            ready: RwSignal::new(true),
            kept_note: RwSignal::new(k.kept_note),
            unit: RwSignal::new(remembered(UNIT_STORAGE)),
            reviewer: RwSignal::new(remembered(REVIEWER_STORAGE)),
        }
    }

    /// Sets who gives the opinions (`unit` or `reviewer`) and remembers it under `key`.
    pub fn set_signoff(&self, which: RwSignal<String>, key: &str, value: String) {
        if let Some(s) = crate::dom::local_storage() {
            let _ = s.set_item(key, &value);
        }
        which.set(value);
    }

    /// The desk as the reviewer left it on this page (or empty), re-verified in case packs
    /// were loaded meanwhile; kept again when the desk is unmounted.
    pub fn restore() -> Self {
        Self::restore_on_page().0
    }

    /// [`ReviewState::restore`], and whether the desk was kept on this page, having read what
    /// the browser keeps (`review::kept`): when not, that is still to be read.
    pub fn restore_on_page() -> (Self, bool) {
        let kept = KEPT.with(|k| k.borrow_mut().take());
        let on_page = kept.as_ref().is_some_and(|k| !k.unread);
        let state = Self::from_snapshot(kept.unwrap_or_default());
        if !state.items.with_untracked(Vec::is_empty) {
            state.reverify(false);
        }
        (state, on_page)
    }

    /// Keeps the desk's content for the next [`ReviewState::restore`]. A desk closed while
    /// still reading what the browser keeps is kept too, so that nothing given to it meanwhile
    /// is lost (a file dropped, a record set: written to the browser only once it has read
    /// what is there), and the next desk reads the browser's again onto it
    /// (`kept::apply` adds what it does not hold yet).
    pub fn keep(&self) {
        let Some(ready) = self.ready.try_get_untracked() else { return };
        let snap = Snapshot {
            unread: !ready,
            items: self.items.try_get_untracked().unwrap_or_default(),
            next_id: self.next_id.try_get_untracked().unwrap_or_default(),
            trust: self.trust.try_get_untracked().flatten(),
            trust_source: self.trust_source.try_get_untracked().flatten(),
            pending_trust: self.pending_trust.try_get_untracked().flatten(),
            bureau_key: self.bureau_key.try_get_untracked().flatten(),
            trust_note: self.trust_note.try_get_untracked().flatten(),
            decrypt_key: self.decrypt_key.try_get_untracked().flatten(),
            decrypt_note: self.decrypt_note.try_get_untracked().flatten(),
            attachments: self.attachments.try_get_untracked().unwrap_or_default(),
            pack_note: self.pack_note.try_get_untracked().flatten(),
            query: self.query.try_get_untracked().unwrap_or_default(),
            status: self.status.try_get_untracked().unwrap_or_default(),
            decision: self.decision.try_get_untracked().flatten(),
            sort: self.sort.try_get_untracked().flatten(),
            marks: self.marks.try_get_untracked().unwrap_or_default(),
            kept_note: self.kept_note.try_get_untracked().flatten(),
        };
        KEPT.with(|k| *k.borrow_mut() = Some(snap));
    }

    /// Verifies a package's text with the current trust list, packs (and superseded ones) and
    /// attachments, decrypting it first when it is encrypted and the bureau key is loaded;
    /// with the hex SHA-256 of its payload when that could be read.
    pub fn check(&self, text: &str) -> (Verification, Option<Arc<str>>) {
        if encrypt::is_encrypted(text) {
            let encrypted = |message: String| Verification::failed(ProblemCode::Encrypted, message);
            let Some(key) = self.decrypt_key.get_untracked() else {
                let recipient =
                    EncryptedPackage::from_json(text).map(|e| format!("（{} {}）", s::REVIEW_ENCRYPTED_RECIPIENT, e.recipient_grouped())).unwrap_or_default();
                return (encrypted(format!("{}{recipient}", s::REVIEW_ENCRYPTED_NO_KEY)), None);
            };
            return match encrypt::decrypt(text, &key.key) {
                Ok(plain) => self.check_plain(&plain),
                Err(e) => (encrypted(e.to_string()), None),
            };
        }
        self.check_plain(text)
    }

    /// What package `item`'s papers say of it (`paper::Seal::package`): the digest of the
    /// payload it carries, its record, and its signer when the signature holds. `None` when
    /// the payload cannot be read.
    pub fn paper_seal(&self, item: &Item) -> Option<shenbao_core::paper::Seal> {
        Some(shenbao_core::paper::Seal::package(item.payload_sha256.as_deref()?, item.signature_holds(), item.v.payload.as_ref()?.head()))
    }

    fn check_plain(&self, text: &str) -> (Verification, Option<Arc<str>>) {
        let (packs, superseded) = (crate::packs::all(), crate::packs::superseded());
        let trust = self.trust.with_untracked(|t| t.as_ref().map(|(_, l)| l.list.clone()));
        let (v, bytes) = self.attachments.with_untracked(|files| {
            let lookup = |name: &str| files.get(name).map(|b| b.as_ref().clone());
            verify_with_payload_bytes(text, &VerifyOptions { trust: trust.as_ref(), packs: &packs, superseded: &superseded, attachment: &lookup })
        });
        let digest = bytes.filter(|_| v.payload.is_some()).map(|b| Arc::from(shenbao_core::crypto::hex(&shenbao_core::crypto::sha256(&b))));
        (v, digest)
    }

    /// `key` is the file's [`Item::key`] when already known (a re-verification).
    fn make_item(&self, id: usize, name: String, text: Result<Arc<str>, String>, key: Option<Arc<str>>) -> Item {
        let (v, payload_sha256) = match &text {
            Ok(t) => self.check(t),
            Err(e) => (unreadable(e.clone()), None),
        };
        let row = Row::of(id, &name, &v);
        let key = key.unwrap_or_else(|| item_key(&name, &text));
        Item { id, name, text, v: Arc::new(v), row, key, payload_sha256 }
    }

    /// The item for one file, verified: under the id of a file of the same name already on the
    /// desk or in `pending` (which it will replace), else a new one.
    fn item_for(&self, pending: &[Item], name: String, text: Result<String, String>) -> Item {
        let existing = self.items.with_untracked(|items| items.iter().find(|i| i.name == name).map(|i| i.id));
        let id = existing.or_else(|| pending.iter().find(|i| i.name == name).map(|i| i.id)).unwrap_or_else(|| {
            let id = self.next_id.get_untracked();
            self.next_id.set(id + 1);
            id
        });
        self.make_item(id, name, text.map(Arc::from), None)
    }

    /// Puts verified items on the desk (replacing those of the same id), in one change of the
    /// list, and announces the outcome.
    fn insert(&self, new: Vec<Item>) {
        self.items.update(|items| {
            for item in new {
                match items.iter_mut().find(|i| i.id == item.id) {
                    Some(slot) => *slot = item,
                    None => items.push(item),
                }
            }
        });
        self.announce_summary("");
    }

    /// Adds (or, for a file name already loaded, replaces) package files, each given as its
    /// text or the error met reading it; announces the outcome.
    pub fn add_files(&self, files: Vec<(String, Result<String, String>)>) {
        if files.is_empty() {
            return;
        }
        let mut new = Vec::with_capacity(files.len());
        for (name, text) in files {
            let item = self.item_for(&new, name, text);
            new.push(item);
        }
        self.insert(new);
    }

    /// [`Self::add_files`] for many files at once: verified [`IN_TURN`] at a time, the page
    /// answering in between and saying how far it has come, then put on the desk together (one
    /// change of the table and of what the browser keeps). A verification is about 2 ms: a
    /// thousand files in one go left the page unanswering for 2 s (BENCHMARKS.md,
    /// twenty-fourth round). Stops if the desk is closed meanwhile.
    pub async fn add_files_in_turn(self, files: Vec<(String, Result<String, String>)>) {
        let total = files.len();
        let mut new: Vec<Item> = Vec::with_capacity(total);
        for (i, (name, text)) in files.into_iter().enumerate() {
            if i > 0 && i % IN_TURN == 0 {
                if self.announce.try_set(format!("{}{i} / {total}", s::REVIEW_VERIFYING)).is_some() {
                    return;
                }
                crate::signing::pause(0).await;
                if self.items.try_get_untracked().is_none() {
                    return;
                }
            }
            let item = self.item_for(&new, name, text);
            new.push(item);
        }
        if !new.is_empty() {
            self.insert(new);
        }
    }

    /// Adds one package file's text (what a drop or the file picker does per file).
    pub fn add_package_text(&self, name: &str, text: &str) {
        self.add_files(vec![(name.to_string(), Ok(text.to_string()))]);
    }

    pub fn remove(&self, id: usize) {
        let name = self.items.with_untracked(|items| items.iter().find(|i| i.id == id).map(|i| i.name.clone()));
        self.items.update(|items| items.retain(|i| i.id != id));
        if self.selected.get_untracked() == Some(id) {
            self.selected.set(None);
        }
        if let Some(name) = name {
            self.announce.set(format!("{}“{}”", s::REVIEW_REMOVED, name));
        }
    }

    /// Empties the list, and the reviewer's records with it (the confirmation says so).
    pub fn clear(&self) {
        self.items.set(Vec::new());
        self.marks.set(Marks::default());
        self.selected.set(None);
        self.announce.set(s::REVIEW_CLEARED.to_string());
    }

    /// The reviewer's record of package `id` (empty when none).
    pub fn mark(&self, id: usize) -> Mark {
        let key = self.items.with_untracked(|items| items.iter().find(|i| i.id == id).map(|i| i.key.clone()));
        key.and_then(|k| self.marks.with_untracked(|m| m.get(&k).cloned())).unwrap_or_default()
    }

    /// Records where package `id` stands and the reviewer's note, stamped with the time `at`;
    /// nothing happens when neither changed. A record back to 待处理 without a note is dropped.
    pub fn set_mark(&self, id: usize, decision: Decision, note: &str, at: &str) {
        let Some((key, who)) = self.items.with_untracked(|items| {
            items.iter().find(|i| i.id == id).map(|i| (i.key.clone(), if i.row.project.is_empty() { i.row.file.clone() } else { i.row.project.clone() }))
        }) else {
            return;
        };
        let was = self.marks.with_untracked(|m| m.get(&key).cloned()).unwrap_or_default();
        if was.decision == decision && was.note == note {
            return;
        }
        let mark = Mark { decision, note: note.to_string(), at: at.to_string() };
        let announce = was.decision != decision;
        self.marks.update(|m| m.set(&key, mark));
        if announce {
            self.announce.set(format!("{}：“{who}”{}", s::REVIEW_MARKED, decision.label()));
        }
    }

    /// Re-verifies every package (after the trust list, packs or attachments changed).
    pub fn reverify(&self, announce: bool) {
        let items = self.items.get_untracked();
        if items.is_empty() {
            return;
        }
        let fresh: Vec<Item> = items.into_iter().map(|i| self.make_item(i.id, i.name, i.text, Some(i.key))).collect();
        self.items.set(fresh);
        if announce {
            self.announce_summary(s::REVIEW_REVERIFIED);
        }
    }

    fn announce_summary(&self, prefix: &str) {
        let rows: Vec<Row> = self.items.with_untracked(|items| items.iter().map(|i| i.row.clone()).collect());
        let text = summary(&rows);
        self.announce.set(if prefix.is_empty() { text } else { format!("{prefix}：{text}") });
    }

    /// Loads a trust list file (plain, or signed by the bureau and checked with the bureau
    /// key). A signed list without a key waits for the key. On failure the previous list stays.
    pub fn load_trust_text(&self, name: &str, text: &str) -> Result<(), String> {
        let key = match self.bureau_key.with_untracked(|k| k.as_ref().map(|k| PublicKey::from_pem(&k.pem))) {
            Some(Ok(k)) => Some(k),
            _ => None,
        };
        match TrustList::load(text, key.as_ref()) {
            Ok(list) => {
                self.trust_source.set(Some((name.to_string(), text.to_string())));
                self.pending_trust.set(None);
                self.trust_note.set(None);
                self.announce.set(trust_summary(name, &list));
                self.trust.set(Some((name.to_string(), list)));
                self.reverify(true);
                Ok(())
            }
            Err(e) => {
                if e == TrustError::NeedsBureauKey {
                    self.pending_trust.set(Some((name.to_string(), text.to_string())));
                }
                let message = format!("{}“{}”：{e}", s::REVIEW_TRUST_REJECTED, name);
                self.trust_note.set(Some((true, message.clone())));
                self.announce.set(message.clone());
                Err(message)
            }
        }
    }

    /// Loads the bureau public key (PEM); a signed trust list waiting for it is then loaded.
    pub fn load_bureau_key(&self, name: &str, pem: &str) -> Result<(), String> {
        match PublicKey::from_pem(pem) {
            Ok(k) => {
                let fingerprint = k.fingerprint().grouped();
                self.bureau_key.set(Some(BureauKey { name: name.to_string(), pem: pem.to_string(), fingerprint: fingerprint.clone() }));
                match self.pending_trust.get_untracked() {
                    Some((tn, tt)) => self.load_trust_text(&tn, &tt),
                    None => {
                        self.trust_note.set(None);
                        Ok(())
                    }
                }
            }
            Err(e) => {
                let message = format!("{}“{}”：{e}", s::REVIEW_BUREAU_KEY_BAD, name);
                self.trust_note.set(Some((true, message.clone())));
                self.announce.set(message.clone());
                Err(message)
            }
        }
    }

    /// Unlocks the bureau's private key file (passphrase-protected PKCS#8, SM2) and keeps it
    /// in memory to decrypt encrypted packages; re-verifies. The previous key stays on failure.
    pub fn load_decrypt_key(&self, name: &str, pem: &str, passphrase: &str) -> Result<(), String> {
        let opened = crate::signing::keys::check_encrypted_pem(pem)
            .and_then(|()| PrivateKey::from_encrypted_pem(pem, passphrase.as_bytes()).map_err(|e| e.to_string()))
            .and_then(|k| if k.algorithm() == Algorithm::Sm2 { Ok(k) } else { Err(s::REVIEW_DECRYPT_NOT_SM2.to_string()) });
        match opened {
            Ok(k) => {
                let fingerprint = k.public_key().fingerprint().grouped();
                self.decrypt_key.set(Some(DecryptKey { name: name.to_string(), fingerprint, key: Arc::new(k) }));
                self.decrypt_note.set(None);
                self.reverify(true);
                Ok(())
            }
            Err(e) => {
                let message = format!("{}“{}”：{e}", s::REVIEW_DECRYPT_BAD, name);
                self.decrypt_note.set(Some((true, message.clone())));
                self.announce.set(message.clone());
                Err(message)
            }
        }
    }

    /// Drops the bureau's private key (it is zeroized once no verification holds it).
    pub fn forget_decrypt_key(&self) {
        self.decrypt_key.set(None);
        self.decrypt_note.set(Some((false, s::REVIEW_DECRYPT_FORGOTTEN.to_string())));
        self.reverify(true);
    }

    /// Supplies attachment files (by file name) and re-verifies.
    pub fn add_attachments(&self, files: Vec<(String, Vec<u8>)>) {
        if files.is_empty() {
            return;
        }
        self.attachments.update(|m| {
            for (name, bytes) in files {
                m.insert(name, Arc::new(bytes));
            }
        });
        self.reverify(true);
    }

    /// Loads rule pack files, and beside them their regulations' texts and coverage files
    /// (`article::load_files`, shared with the part that shows a regulation). Re-verifies when
    /// a pack was loaded.
    pub async fn load_pack_files(&self, files: Vec<web_sys::File>) {
        let picked = crate::article::load_files(files).await;
        let refused = picked.refused;
        let message = picked.lines.join("\n");
        if refused {
            self.announce.set(message.clone());
        }
        self.pack_note.set(Some((refused, message)));
        if !picked.packs.is_empty() {
            self.reverify(true);
        }
    }

    /// All rows, in loading order, each with the reviewer's record.
    pub fn rows(&self) -> Vec<Row> {
        self.items.with(|items| {
            let mut rows = with_batch_notes(items);
            self.marks.with(|marks| {
                for (row, item) in rows.iter_mut().zip(items) {
                    if let Some(m) = marks.get(&item.key) {
                        row.mark = m.clone();
                    }
                }
            });
            rows
        })
    }

    /// What the CSV says of package `id` beyond its row: every problem's message, its id and
    /// its payload's digest.
    fn csv_extra(&self, id: usize) -> super::model::CsvExtra {
        self.items.with_untracked(|items| {
            let Some(item) = items.iter().find(|i| i.id == id) else { return Default::default() };
            super::model::CsvExtra {
                problems: item.v.problems.iter().map(|p| format!("{}：{}", super::model::problem_label(p.code), p.message)).collect(),
                package_id: item.v.payload.as_ref().map(|p| p.id.clone()).unwrap_or_default(),
                payload_sha256: item.payload_sha256.as_deref().unwrap_or_default().to_string(),
            }
        })
    }

    /// The table's rows as currently filtered and sorted.
    fn visible(&self) -> Vec<Row> {
        let all: Vec<Row> = untrack(|| self.rows());
        super::model::visible_rows(&all, &self.query.get_untracked(), self.status.get_untracked(), self.decision.get_untracked(), self.sort.get_untracked())
    }

    /// The CSV of the table as currently filtered and sorted.
    pub fn csv(&self) -> String {
        super::model::table_csv(&self.visible(), |id| self.csv_extra(id))
    }

    /// The reviewer's opinion on `item` (`paper::opinion`), with its record as it stands: the
    /// paper and its footer; `None` when its payload could not be read.
    pub fn opinion(&self, item: &Item) -> Option<(shenbao_core::paper::Paper, String)> {
        use shenbao_core::paper::opinion;
        let mark = self.marks.with_untracked(|m| m.get(&item.key).cloned()).unwrap_or_default();
        let sha256 = item.payload_sha256.as_deref()?;
        let (unit, reviewer) = (self.unit.get_untracked(), self.reviewer.get_untracked());
        let op = opinion::Opinion { decision: mark.decision, note: &mark.note, at: &mark.at, unit: &unit, reviewer: &reviewer };
        let paper = opinion::opinion(&item.v, sha256, &op)?;
        Some((paper, opinion::footer(sha256)))
    }

    /// The opinions on the packages the table lists, in its order, each named after its file
    /// as `shenbao opinion` names it; and the files listed whose payload could not be read,
    /// which have none.
    pub fn opinions(&self) -> (Vec<crate::word::WordFile>, Vec<String>) {
        let rows = self.visible();
        self.items.with_untracked(|items| {
            let (mut files, mut unreadable) = (Vec::new(), Vec::new());
            // Found by a walk, as the CSV's lines are: a map by id cost the part 6 KB.
            for item in rows.iter().filter_map(|r| items.iter().find(|i| i.id == r.id)) {
                match self.opinion(item) {
                    Some((paper, footer)) => {
                        let name = shenbao_core::paper::opinion::file_name(&item.name);
                        files.push(crate::word::WordFile { name, papers: vec![paper], footer });
                    }
                    None => unreadable.push(item.name.clone()),
                }
            }
            (files, unreadable)
        })
    }
}

/// The rows, each with its relations to the other packages loaded (copies, replayed ids,
/// revisions). Only packages whose signature verified take part: a forged file must not be
/// able to mark a genuine one as superseded.
fn with_batch_notes(items: &[Item]) -> Vec<Row> {
    use shenbao_core::package::batch;
    // The payload's digest as worked out when verified: re-serialising every payload here, on
    // every change to the desk or to a record, cost a large desk most of its table's update.
    let signed: Vec<(usize, &shenbao_core::package::Payload, &str)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.signature_holds())
        .filter_map(|(k, i)| Some((k, i.v.payload.as_ref()?, i.payload_sha256.as_deref()?)))
        .collect();
    let received: Vec<batch::Received> =
        signed.iter().map(|(k, p, h)| batch::Received { label: &items[*k].name, id: &p.id, sha256: h, previous: p.previous.as_ref() }).collect();
    let mut rows: Vec<Row> = items.iter().map(|i| i.row.clone()).collect();
    for ((k, _, _), notes) in signed.iter().zip(batch::notes(&received)) {
        rows[*k].notes = notes;
    }
    rows
}
