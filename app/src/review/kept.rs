//! The reviewer's desk kept in the browser (IndexedDB, `crate::idb::DESK`), so that a reload,
//! a closed tab or a crash does not lose it: the packages loaded (a day's batch, received one
//! e-mail at a time), the trust list and the bureau's public key, the attachments supplied
//! separately, and the reviewer's records (处理记录), which are work and exist nowhere else.
//! The bureau's private key is never kept: an encrypted package is kept encrypted and reads
//! again once the key is unlocked.
//!
//! Three records, each written when its part of the desk changes, so that a note typed does not
//! write the packages again:
//! * `packages`: `[{"name", "text"} | {"name", "error"}, …]`, in loading order;
//! * `sources`: `{"trust": [name, text], "bureau_key": [name, pem], "attachments": [[name,
//!   base64], …]}`;
//! * `marks`: `[[key, decision, note, at], …]`, by the package's [`Item::key`].
//!
//! A record that does not read is set aside (and the reviewer told), never taken in part.
//! Two desks open at once (two tabs) would each write their own desk over the other's: a desk
//! that writes tells the others (a `BroadcastChannel`), and a desk told so stops writing and
//! says why, as the editor does for a draft saved in another tab.
//! Records are read with serde_json directly, not through `core::input`'s caps: they are the
//! desk's own writing and a day's packages may be larger together than one package may be;
//! each package is still read through verification and its caps.

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

/// The `packages` record; `None` (the record deleted) when the desk is empty.
pub fn packages_record(items: &[Item]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let files: Vec<Value> = items
        .iter()
        .map(|i| match &i.text {
            Ok(t) => json!({ "name": i.name, "text": &**t }),
            Err(e) => json!({ "name": i.name, "error": e }),
        })
        .collect();
    Some(Value::Array(files).to_string())
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

fn read_packages(v: &Value) -> Option<Vec<File>> {
    v.as_array()?
        .iter()
        .map(|f| {
            let name = f.get("name")?.as_str()?.to_string();
            // A file is one or the other; one that is neither is not a record this desk wrote.
            let text = match (f.get("text").and_then(Value::as_str), f.get("error").and_then(Value::as_str)) {
                (Some(t), None) => Ok(t.to_string()),
                (None, Some(e)) => Err(e.to_string()),
                _ => return None,
            };
            Some(File { name, text })
        })
        .collect()
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

/// The three records' texts read back (`None`: no such record). Each is read whole or not at
/// all: one that does not read is left out and said (`unreadable`).
pub fn decode(packages: Option<&str>, sources: Option<&str>, marks: Option<&str>) -> Stored {
    fn whole<T>(text: Option<&str>, read: fn(&Value) -> Option<T>, unreadable: &mut bool) -> Option<T> {
        let v = shenbao_core::input::parse(text?, usize::MAX).ok().and_then(|v| read(&v));
        *unreadable |= v.is_none();
        v
    }
    let texts = [packages.map(str::to_string), sources.map(str::to_string), marks.map(str::to_string)];
    let mut unreadable = false;
    let packages = whole(packages, read_packages, &mut unreadable).unwrap_or_default();
    let sources = whole(sources, read_sources, &mut unreadable).unwrap_or_default();
    let marks = whole(marks, read_marks, &mut unreadable).unwrap_or_default();
    Stored { packages, sources, marks, unreadable, texts }
}

/// What the browser keeps of the desk. `Err` when IndexedDB is unavailable.
pub async fn load() -> Result<Stored, ()> {
    let packages = idb::get(idb::DESK, PACKAGES).await?;
    let sources = idb::get(idb::DESK, SOURCES).await?;
    let marks = idb::get(idb::DESK, MARKS).await?;
    Ok(decode(packages.as_deref(), sources.as_deref(), marks.as_deref()))
}

/// Puts what was kept on `state`'s desk: sources first, so the packages are verified once,
/// against them. Files the reviewer loaded meanwhile are kept (same name: theirs wins).
pub fn apply(state: ReviewState, stored: Stored) {
    let Stored { packages, sources, marks, unreadable, .. } = stored;
    if let Some((name, pem)) = &sources.bureau_key {
        let _ = state.load_bureau_key(name, pem);
    }
    if let Some((name, text)) = &sources.trust {
        let _ = state.load_trust_text(name, text);
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
        state.add_files(files);
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
    stale: std::cell::Cell<bool>,
    channel: Option<web_sys::BroadcastChannel>,
}

/// The channel desks in other tabs (or windows) say they wrote on.
const CHANNEL: &str = "shenbao-desk";

/// Writes one record whenever the text `record` gives changes (`None` deletes it) from `was`,
/// what the browser is believed to hold. A write overtaken by a newer one of the same record
/// steps aside (`idb::put`); a failed one is said on the desk; a written one is told to the
/// other desks. (`record` is boxed so that the three records share one effect's code.)
fn follow(state: ReviewState, tab: Rc<Tab>, key: &'static str, was: Option<String>, record: Box<dyn Fn() -> Option<String>>) {
    let written = Rc::new(std::cell::RefCell::new(was));
    let generation = Rc::new(std::cell::Cell::new(0u64));
    Effect::new(move |_| {
        let text = record();
        if *written.borrow() == text || tab.stale.get() {
            return;
        }
        *written.borrow_mut() = text.clone();
        let g = generation.get() + 1;
        generation.set(g);
        let (generation, tab) = (generation.clone(), tab.clone());
        leptos::task::spawn_local(async move {
            match idb::put(idb::DESK, key, text.as_deref(), move || generation.get() == g).await {
                Ok(()) => {
                    if let Some(c) = &tab.channel {
                        let _ = c.post_message(&key.into());
                    }
                }
                Err(()) => {
                    let _ = state.kept_note.try_set(Some((true, s::REVIEW_KEPT_FAILED.to_string())));
                }
            }
        });
    });
}

/// Keeps `state`'s desk in the browser from now on, each record as it changes from `was`
/// (packages, sources, marks: what the browser is believed to hold; `None` for the desk's own
/// records now, as when it comes back on the page); stops, saying so, once another desk writes.
pub fn keep_following(state: ReviewState, was: Option<[Option<String>; 3]>) {
    let packages = move || state.items.with(|items| packages_record(items));
    let sources = move || {
        let trust = state.trust_source.get();
        let key = state.bureau_key.get();
        state.attachments.with(|a| sources_record(trust.as_ref(), key.as_ref(), a))
    };
    let marks = move || state.marks.with(marks_record);
    let [p, s, m] = was.unwrap_or_else(|| untrack(|| [packages(), sources(), marks()]));
    let tab = Rc::new(Tab { stale: std::cell::Cell::new(false), channel: web_sys::BroadcastChannel::new(CHANNEL).ok() });
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
    follow(state, tab.clone(), PACKAGES, p, Box::new(packages));
    follow(state, tab.clone(), SOURCES, s, Box::new(sources));
    follow(state, tab, MARKS, m, Box::new(marks));
}

/// Reads what the browser keeps onto a desk that was not kept on this page, then keeps it
/// from then on. Until read, the desk is not `ready`: if it is closed meanwhile, nothing of it
/// is kept on the page and the next desk reads the browser's again.
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
                let texts = stored.texts.clone();
                apply(state, stored);
                Some(texts)
            }
            Err(()) => {
                state.kept_note.set(Some((true, s::REVIEW_KEPT_FAILED.to_string())));
                None
            }
        };
        state.ready.set(true);
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
        let p = r#"[{"name":"a.json","text":"{\"x\":1}"},{"name":"b.bin","error":"无法读取文件"}]"#;
        let key = BureauKey { name: "bureau.pem".into(), pem: "-----BEGIN PUBLIC KEY-----".into(), fingerprint: String::new() };
        let mut files_by_name = BTreeMap::new();
        files_by_name.insert("可研报告.pdf".to_string(), Arc::new(vec![0u8, 1, 2]));
        let s = sources_record(sources.trust.as_ref(), Some(&key), &files_by_name).unwrap();
        let m = marks_record(&marks).unwrap();
        let stored = decode(Some(p), Some(&s), Some(&m));
        assert_eq!(stored.packages, files);
        assert_eq!(stored.sources, sources);
        assert_eq!(stored.marks.get("ab12").map(|m| m.decision), Some(Decision::Correction));
        assert!(!stored.unreadable);
        assert_eq!(decode(None, None, None), Stored::default());
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
        let stored = decode(Some("[{not json"), None, Some(m));
        assert!(stored.unreadable);
        assert!(stored.packages.is_empty());
        assert_eq!(stored.marks.get("k").map(|m| m.decision), Some(Decision::Accepted));
        // An unknown decision makes the record unreadable, not a different decision.
        assert!(decode(None, None, Some(r#"[["k","approved","","2026-12-06 21:40"]]"#)).unreadable);
        assert!(decode(None, None, Some(r#"[["k","accepted",""]]"#)).unreadable);
        // A file with both or neither of text and error is not ours: the record is set aside.
        let odd = decode(Some(r#"[{"name":"a"},{"name":"b","text":"{}"}]"#), None, None);
        assert!(odd.unreadable);
        assert!(odd.packages.is_empty());
        assert!(decode(None, Some(r#"{"trust":["a"],"attachments":[]}"#), None).unreadable);
    }
}
