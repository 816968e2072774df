//! The reviewer's desk kept in the browser (IndexedDB, `crate::idb::DESK`), so that a reload,
//! a closed tab or a crash does not lose it: the packages loaded (a day's batch, received one
//! e-mail at a time), the trust list and the bureau's public key, the attachments supplied
//! separately, and the reviewer's records (处理记录), which are work and exist nowhere else.
//! The bureau's private key is never kept: an encrypted package is kept encrypted and reads
//! again once the key is unlocked.
//!
//! Three records in `idb::DESK`, each written when its part of the desk changes, so that a note
//! typed does not write the packages again:
//! * `packages`: `[{"name", "key"} | {"name", "error"}, …]`, in loading order; each package's
//!   text is a record of its own in `idb::DESK_FILES`, under its [`Item::key`] (the SHA-256 of
//!   the text), written once when the package comes and deleted when the last file with that
//!   text goes: adding a package to a desk of hundreds writes that package, not all of them.
//!   The list and the texts change in one transaction, so the one never names a text the other
//!   lacks. (The desk's first layout, `{"name", "text"}` in the list itself, is still read, and
//!   rewritten in this one at the first change.)
//! * `sources`: `{"trust": [name, text], "bureau_key": [name, pem], "attachments": [[name,
//!   base64], …]}`;
//! * `marks`: `[[key, decision, note, at], …]`, by the package's [`Item::key`].
//!
//! A record that does not read is set aside (and the reviewer told), never taken in part; a
//! package whose text is missing is left out of the list, and said the same way.
//! Two desks open at once (two tabs) would each write their own desk over the other's: a desk
//! that writes tells the others (a `BroadcastChannel`), and a desk told so stops writing and
//! says why, as the editor does for a draft saved in another tab.
//! Records are read with serde_json directly, not through `core::input`'s caps: they are the
//! desk's own writing and a day's packages may be larger together than one package may be;
//! each package is still read through verification and its caps.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{Value, json};

use super::model::{Decision, Mark, Marks};
use super::state::{BureauKey, Item, ReviewState};
use crate::idb;
use crate::strings as s;

const PACKAGES: &str = "packages";
const SOURCES: &str = "sources";
const MARKS: &str = "marks";

/// One loaded file: its text, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub text: Result<String, String>,
}

/// The trust list, the bureau's public key and the attachments supplied separately.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// (file name, text).
    pub trust: Option<(String, String)>,
    /// (file name, PEM).
    pub bureau_key: Option<(String, String)>,
    /// (file name, base64).
    pub attachments: Vec<(String, String)>,
}

/// What the browser keeps of the desk.
#[derive(Debug, Default, PartialEq)]
pub struct Stored {
    pub packages: Vec<File>,
    pub sources: Sources,
    pub marks: Marks,
    /// Whether a record was there but did not read (and was left out).
    pub unreadable: bool,
    /// The three records' texts as read (packages, sources, marks).
    pub texts: [Option<String>; 3],
    /// The keys of the package texts the browser holds (`idb::DESK_FILES`).
    pub files: Vec<String>,
}

// The records are written and read through `serde_json::Value` by hand, not serde derives:
// derived code for them cost the desk's part ~40 KB (BENCHMARKS.md, twenty-third round).

fn pair(p: &(String, String)) -> Value {
    json!([p.0, p.1])
}

fn read_pair(v: &Value) -> Option<(String, String)> {
    match v.as_array()?.as_slice() {
        [a, b] => Some((a.as_str()?.to_string(), b.as_str()?.to_string())),
        _ => None,
    }
}

/// The `packages` record, the list naming each text by its key; `None` (the record deleted)
/// when the desk is empty.
pub fn packages_record(items: &[Item]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let files: Vec<Value> = items
        .iter()
        .map(|i| match &i.text {
            Ok(_) => json!({ "name": i.name, "key": &*i.key }),
            Err(e) => json!({ "name": i.name, "error": e }),
        })
        .collect();
    Some(Value::Array(files).to_string())
}

/// The package texts the `packages` record names, as (key, text): one per text however many
/// files hold it. (Vectors searched from end to end, not maps: a desk holds tens or hundreds,
/// and each map type would add its own code to the desk's part.)
pub fn package_texts(items: &[Item]) -> Vec<(Arc<str>, Arc<str>)> {
    let mut texts: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    for i in items {
        if let Ok(t) = &i.text
            && !texts.iter().any(|(k, _)| *k == i.key)
        {
            texts.push((i.key.clone(), t.clone()));
        }
    }
    texts
}

/// The `sources` record; `None` when there is nothing to keep.
pub fn sources_record(trust: Option<&(String, String)>, bureau_key: Option<&BureauKey>, attachments: &BTreeMap<String, Arc<Vec<u8>>>) -> Option<String> {
    if trust.is_none() && bureau_key.is_none() && attachments.is_empty() {
        return None;
    }
    let files: Vec<Value> = attachments.iter().map(|(n, b)| json!([n, shenbao_core::package::dsse::encode(b)])).collect();
    let record = json!({
        "trust": trust.map(pair),
        "bureau_key": bureau_key.map(|k| json!([k.name, k.pem])),
        "attachments": files,
    });
    Some(record.to_string())
}

/// The `marks` record; `None` when there is no record.
pub fn marks_record(marks: &Marks) -> Option<String> {
    if marks.is_empty() {
        return None;
    }
    let list: Vec<Value> = marks.iter().map(|(k, m)| json!([k, m.decision.id(), m.note, m.at])).collect();
    Some(Value::Array(list).to_string())
}

/// The list of packages with their texts from `texts`; `None` when it is not a list this desk
/// wrote. A file whose text is not in `texts` is left out, and `missing` set.
fn read_packages(v: &Value, texts: &[(String, String)], missing: &mut bool) -> Option<Vec<File>> {
    let mut files = Vec::new();
    for f in v.as_array()? {
        let name = f.get("name")?.as_str()?.to_string();
        let field = |k: &str| f.get(k).and_then(Value::as_str);
        // A file is one of these; one that is none or two is not a record this desk wrote.
        let text = match (field("key"), field("error"), field("text")) {
            (Some(key), None, None) => match texts.iter().find(|(k, _)| k == key) {
                Some((_, t)) => Ok(t.clone()),
                None => {
                    *missing = true;
                    continue;
                }
            },
            (None, Some(e), None) => Err(e.to_string()),
            // The desk's first layout: the text in the list.
            (None, None, Some(t)) => Ok(t.to_string()),
            _ => return None,
        };
        files.push(File { name, text });
    }
    Some(files)
}

fn read_sources(v: &Value) -> Option<Sources> {
    let optional = |key: &str| match v.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(p) => read_pair(p).map(Some),
    };
    Some(Sources {
        trust: optional("trust")?,
        bureau_key: optional("bureau_key")?,
        attachments: v.get("attachments")?.as_array()?.iter().map(read_pair).collect::<Option<_>>()?,
    })
}

fn read_marks(v: &Value) -> Option<Marks> {
    let mut marks = Marks::default();
    for m in v.as_array()? {
        let [k, decision, note, at] = m.as_array()?.as_slice() else { return None };
        let text = |v: &Value| v.as_str().map(str::to_string);
        // An unknown decision is not read as another one.
        let decision = Decision::from_id(decision.as_str()?)?;
        marks.add(text(k)?, Mark { decision, note: text(note)?, at: text(at)? });
    }
    Some(marks)
}

/// The three records' texts read back (`None`: no such record), with the package texts by key.
/// Each record is read whole or not at all: one that does not read is left out and said
/// (`unreadable`), as is a package whose text is missing.
pub fn decode(packages: Option<&str>, sources: Option<&str>, marks: Option<&str>, texts: Vec<(String, String)>) -> Stored {
    fn whole<T>(text: Option<&str>, read: impl FnOnce(&Value) -> Option<T>, unreadable: &mut bool) -> Option<T> {
        let v = shenbao_core::input::parse(text?, usize::MAX).ok().and_then(|v| read(&v));
        *unreadable |= v.is_none();
        v
    }
    let records = [packages.map(str::to_string), sources.map(str::to_string), marks.map(str::to_string)];
    let mut unreadable = false;
    let mut missing = false;
    let packages = whole(packages, |v| read_packages(v, &texts, &mut missing), &mut unreadable).unwrap_or_default();
    let sources = whole(sources, read_sources, &mut unreadable).unwrap_or_default();
    let marks = whole(marks, read_marks, &mut unreadable).unwrap_or_default();
    let files = texts.into_iter().map(|(k, _)| k).collect();
    Stored { packages, sources, marks, unreadable: unreadable || missing, texts: records, files }
}

/// What the browser keeps of the desk. `Err` when IndexedDB is unavailable.
pub async fn load() -> Result<Stored, ()> {
    let packages = idb::get(idb::DESK, PACKAGES).await?;
    let sources = idb::get(idb::DESK, SOURCES).await?;
    let marks = idb::get(idb::DESK, MARKS).await?;
    let texts = idb::get_all(idb::DESK_FILES).await?;
    Ok(decode(packages.as_deref(), sources.as_deref(), marks.as_deref(), texts))
}

/// Puts what was kept on `state`'s desk: sources first, so the packages are verified once,
/// against them (a few at a time: `ReviewState::add_files_in_turn`). Files the reviewer loaded
/// meanwhile are kept (same name: theirs wins), as are a trust list or bureau key loaded
/// meanwhile.
pub async fn apply(state: ReviewState, stored: Stored) {
    let Stored { packages, sources, marks, unreadable, .. } = stored;
    let (trust_loaded, key_loaded) = (state.trust_source.with_untracked(Option::is_some), state.bureau_key.with_untracked(Option::is_some));
    if let Some((name, pem)) = sources.bureau_key.as_ref().filter(|_| !key_loaded) {
        let _ = state.load_bureau_key(name, pem);
    }
    // A trust list from storage says so: it decides who counts as registered, and anything
    // that can write this origin's storage could have written it (SECURITY.md).
    if let Some((name, text)) = sources.trust.as_ref().filter(|_| !trust_loaded)
        && state.load_trust_text(name, text).is_ok()
    {
        state.trust_note.set(Some((false, s::REVIEW_TRUST_KEPT.to_string())));
    }
    let files: Vec<(String, Vec<u8>)> =
        sources.attachments.into_iter().filter_map(|(n, b64)| shenbao_core::package::dsse::decode(&b64).map(|b| (n, b))).collect();
    if !files.is_empty() {
        state.attachments.update(|m| {
            for (name, bytes) in files {
                m.entry(name).or_insert_with(|| Arc::new(bytes));
            }
        });
    }
    state.marks.update(|m| {
        for (k, v) in marks.iter() {
            m.add(k.clone(), v.clone());
        }
    });
    let loaded: Vec<String> = state.items.with_untracked(|items| items.iter().map(|i| i.name.clone()).collect());
    let files: Vec<(String, Result<String, String>)> = packages.into_iter().filter(|f| !loaded.contains(&f.name)).map(|f| (f.name, f.text)).collect();
    let n = files.len();
    if n > 0 {
        state.add_files_in_turn(files).await;
        if state.items.try_get_untracked().is_none() {
            return;
        }
        state.announce.set(format!("{} {n} {}。{}", s::REVIEW_KEPT_RESTORED, s::REVIEW_KEPT_PACKAGES, state.announce.get_untracked()));
    } else if !loaded.is_empty() {
        // Attachments or a trust list came back under packages already there.
        state.reverify(false);
    }
    if unreadable {
        state.kept_note.set(Some((true, s::REVIEW_KEPT_UNREADABLE.to_string())));
    }
}

/// What one desk knows of the records in the browser: whether another desk has written them
/// since (then this one writes no more), and the channel the desks tell each other on.
struct Tab {
    stale: Cell<bool>,
    channel: Option<web_sys::BroadcastChannel>,
}

/// The channel desks in other tabs (or windows) say they wrote on.
const CHANNEL: &str = "shenbao-desk";

/// What is believed written of one record, and how it is written.
trait Record {
    /// The record's text now (`None`: deleted), read tracked by the effect that writes it.
    fn text(&self) -> Option<String>;
    /// Writes `text` within the transaction `w`.
    fn write(&self, w: &idb::Writes, text: Option<&str>) -> Result<(), ()>;
    /// The transaction that wrote it failed.
    fn failed(&self) {}
}

/// A record written whole under `key` in `idb::DESK`.
struct Whole {
    key: &'static str,
    text: Box<dyn Fn() -> Option<String>>,
}

impl Record for Whole {
    fn text(&self) -> Option<String> {
        (self.text)()
    }

    fn write(&self, w: &idb::Writes, text: Option<&str>) -> Result<(), ()> {
        w.put(idb::DESK, self.key, text)
    }
}

/// The list of packages, and their texts (`idb::DESK_FILES`) as the list changes: the texts
/// new to the browser written, those no longer listed deleted.
struct Packages {
    state: ReviewState,
    /// The keys of the texts the browser holds, as of the last transaction begun (they commit
    /// in that order); `None` when unknown (not read, or a write failed): the next write then
    /// empties the store and writes every text.
    kept: RefCell<Option<Vec<String>>>,
}

impl Record for Packages {
    fn text(&self) -> Option<String> {
        self.state.items.with(|items| packages_record(items))
    }

    fn write(&self, w: &idb::Writes, text: Option<&str>) -> Result<(), ()> {
        // Read now, when the transaction begins: the list written is of these same items (a
        // change to the list since would have overtaken this write).
        let texts = self.state.items.with_untracked(|items| package_texts(items));
        let kept = self.kept.take();
        match &kept {
            Some(kept) => {
                for key in kept.iter().filter(|k| !texts.iter().any(|(t, _)| **t == *k.as_str())) {
                    w.put(idb::DESK_FILES, key, None)?;
                }
            }
            None => w.clear(idb::DESK_FILES)?,
        }
        for (key, text) in &texts {
            if !kept.as_ref().is_some_and(|k| k.iter().any(|k| **k == **key)) {
                w.put(idb::DESK_FILES, key, Some(text))?;
            }
        }
        w.put(idb::DESK, PACKAGES, text)?;
        *self.kept.borrow_mut() = Some(texts.into_iter().map(|(k, _)| k.to_string()).collect());
        Ok(())
    }

    fn failed(&self) {
        self.kept.take();
    }
}

/// Writes `record` whenever its text changes from `was`, what the browser is believed to hold.
/// A write overtaken by a newer one of the same record steps aside (`idb::transact`); a failed
/// one is said on the desk; a written one is told to the other desks.
fn follow(state: ReviewState, tab: Rc<Tab>, was: Option<String>, record: Rc<dyn Record>) {
    let written = Rc::new(RefCell::new(was));
    let generation = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        let text = record.text();
        if *written.borrow() == text || tab.stale.get() {
            return;
        }
        *written.borrow_mut() = text.clone();
        let g = generation.get() + 1;
        generation.set(g);
        let (generation, tab, record) = (generation.clone(), tab.clone(), record.clone());
        leptos::task::spawn_local(async move {
            let written = idb::transact(&[idb::DESK, idb::DESK_FILES], |w| {
                if generation.get() != g {
                    return Ok(false);
                }
                record.write(w, text.as_deref()).map(|()| true)
            });
            match written.await {
                Ok(true) => {
                    if let Some(c) = &tab.channel {
                        let _ = c.post_message(&"written".into());
                    }
                }
                Ok(false) => {}
                Err(()) => {
                    record.failed();
                    let _ = state.kept_note.try_set(Some((true, s::REVIEW_KEPT_FAILED.to_string())));
                }
            }
        });
    });
}

/// What the browser is believed to hold of the desk: the three records' texts and the keys of
/// the package texts.
pub struct Believed {
    pub texts: [Option<String>; 3],
    pub files: Vec<String>,
}

/// Keeps `state`'s desk in the browser from now on, each record as it changes from `was`
/// (`None` for the desk's own records now, as when it comes back on the page); stops, saying
/// so, once another desk writes.
pub fn keep_following(state: ReviewState, was: Option<Believed>) {
    let packages = Rc::new(Packages { state, kept: RefCell::new(None) });
    let sources = Whole {
        key: SOURCES,
        text: Box::new(move || {
            let trust = state.trust_source.get();
            let key = state.bureau_key.get();
            state.attachments.with(|a| sources_record(trust.as_ref(), key.as_ref(), a))
        }),
    };
    let marks = Whole { key: MARKS, text: Box::new(move || state.marks.with(marks_record)) };
    let [p, s, m] = match was {
        Some(Believed { texts, files }) => {
            *packages.kept.borrow_mut() = Some(files);
            texts
        }
        // The texts' keys unknown: the first change writes them all.
        None => untrack(|| [packages.text(), sources.text(), marks.text()]),
    };
    let tab = Rc::new(Tab { stale: Cell::new(false), channel: web_sys::BroadcastChannel::new(CHANNEL).ok() });
    if let Some(channel) = &tab.channel {
        let told = tab.clone();
        let on_message = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            told.stale.set(true);
            let _ = state.kept_note.try_set(Some((true, s::REVIEW_KEPT_ELSEWHERE.to_string())));
        });
        channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
        let (channel, on_message) = (send_wrapper::SendWrapper::new(channel.clone()), send_wrapper::SendWrapper::new(on_message));
        on_cleanup(move || {
            channel.set_onmessage(None);
            channel.close();
            drop(on_message);
        });
    }
    follow(state, tab.clone(), p, packages);
    follow(state, tab.clone(), s, Rc::new(sources));
    follow(state, tab, m, Rc::new(marks));
}

/// Reads what the browser keeps onto a desk that was not kept on this page (or was kept
/// before it had read it), then keeps it from then on. Until read, the desk is not `ready`: if
/// it is closed meanwhile, what it holds is kept on the page as unread
/// (`ReviewState::keep`), and the next desk reads the browser's again onto it.
pub fn restore_into(state: ReviewState) {
    state.ready.set(false);
    let owner = Owner::current();
    leptos::task::spawn_local(async move {
        let stored = load().await;
        // The desk was closed while reading: leave everything to the next one.
        if state.ready.try_get_untracked().is_none() {
            return;
        }
        let was = match stored {
            Ok(stored) => {
                let was = Believed { texts: stored.texts.clone(), files: stored.files.clone() };
                apply(state, stored).await;
                Some(was)
            }
            Err(()) => {
                state.kept_note.set(Some((true, s::REVIEW_KEPT_FAILED.to_string())));
                None
            }
        };
        // Closed while the packages were being verified: nothing of it is kept on the page.
        if state.ready.try_set(true).is_some() {
            return;
        }
        if let Some(owner) = owner {
            owner.with(|| keep_following(state, was));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back() {
        let sources = Sources {
            trust: Some(("trust.json".into(), "{}".into())),
            bureau_key: Some(("bureau.pem".into(), "-----BEGIN PUBLIC KEY-----".into())),
            attachments: vec![("可研报告.pdf".into(), "AAEC".into())],
        };
        let files = vec![File { name: "a.json".into(), text: Ok("{\"x\":1}".into()) }, File { name: "b.bin".into(), text: Err("无法读取文件".into()) }];
        let mut marks = Marks::default();
        marks.set("ab12", Mark { decision: Decision::Correction, note: "缺少可研报告".into(), at: "2026-12-06 21:40".into() });
        let p = r#"[{"name":"a.json","key":"k1"},{"name":"b.bin","error":"无法读取文件"}]"#;
        let key = BureauKey { name: "bureau.pem".into(), pem: "-----BEGIN PUBLIC KEY-----".into(), fingerprint: String::new() };
        let mut files_by_name = BTreeMap::new();
        files_by_name.insert("可研报告.pdf".to_string(), Arc::new(vec![0u8, 1, 2]));
        let s = sources_record(sources.trust.as_ref(), Some(&key), &files_by_name).unwrap();
        let m = marks_record(&marks).unwrap();
        let stored = decode(Some(p), Some(&s), Some(&m), texts(&[("k1", "{\"x\":1}"), ("k9", "{}")]));
        assert_eq!(stored.packages, files);
        assert_eq!(stored.sources, sources);
        assert_eq!(stored.marks.get("ab12").map(|m| m.decision), Some(Decision::Correction));
        assert!(!stored.unreadable);
        // Every text the browser holds is known, listed or not, so that the next write can
        // delete those no longer listed.
        assert_eq!(stored.files.iter().map(String::as_str).collect::<Vec<_>>(), ["k1", "k9"]);
        assert_eq!(decode(None, None, None, Vec::new()), Stored::default());
    }

    fn texts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, t)| (k.to_string(), t.to_string())).collect()
    }

    #[test]
    fn the_first_layout_with_texts_in_the_list_still_reads() {
        let p = r#"[{"name":"a.json","text":"{\"x\":1}"},{"name":"b.json","key":"k2"}]"#;
        let stored = decode(Some(p), None, None, texts(&[("k2", "{}")]));
        assert_eq!(stored.packages, vec![File { name: "a.json".into(), text: Ok("{\"x\":1}".into()) }, File { name: "b.json".into(), text: Ok("{}".into()) }]);
        assert!(!stored.unreadable);
    }

    #[test]
    fn a_package_whose_text_is_missing_is_left_out_and_said() {
        let p = r#"[{"name":"a.json","key":"gone"},{"name":"b.json","key":"k2"}]"#;
        let stored = decode(Some(p), None, None, texts(&[("k2", "{}")]));
        assert_eq!(stored.packages, vec![File { name: "b.json".into(), text: Ok("{}".into()) }]);
        assert!(stored.unreadable);
    }

    #[test]
    fn nothing_to_keep_deletes_the_records() {
        assert_eq!(packages_record(&[]), None);
        assert_eq!(sources_record(None, None, &BTreeMap::new()), None);
        assert_eq!(marks_record(&Marks::default()), None);
    }

    #[test]
    fn a_record_that_does_not_read_is_set_aside_alone() {
        let m = r#"[["k","accepted","","2026-12-06 21:40"]]"#;
        let stored = decode(Some("[{not json"), None, Some(m), Vec::new());
        assert!(stored.unreadable);
        assert!(stored.packages.is_empty());
        assert_eq!(stored.marks.get("k").map(|m| m.decision), Some(Decision::Accepted));
        // An unknown decision makes the record unreadable, not a different decision.
        let none = Vec::new;
        assert!(decode(None, None, Some(r#"[["k","approved","","2026-12-06 21:40"]]"#), none()).unreadable);
        assert!(decode(None, None, Some(r#"[["k","accepted",""]]"#), none()).unreadable);
        // A file with none or two of key, text and error is not ours: the record is set aside.
        let odd = decode(Some(r#"[{"name":"a"},{"name":"b","text":"{}"}]"#), None, None, none());
        assert!(odd.unreadable);
        assert!(odd.packages.is_empty());
        let two = decode(Some(r#"[{"name":"b","key":"k","error":"x"}]"#), None, None, texts(&[("k", "{}")]));
        assert!(two.unreadable && two.packages.is_empty());
        assert!(decode(None, Some(r#"{"trust":["a"],"attachments":[]}"#), None, none()).unreadable);
    }
}
