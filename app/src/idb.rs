//! Text kept under a key in the browser's IndexedDB: for what is too large for localStorage
//! (whose small quota holds the drafts, which must never be crowded out).
//!
//! One database, `shenbao`, one object store per use, values stored as JSON text. IndexedDB
//! can be missing or refused (storage switched off, some private modes): every call then
//! returns `Err(())` and the caller keeps its data in memory, saying so.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "shenbao";
/// Raise with every new store (`STORES`): the upgrade creates the missing ones.
const VERSION: u32 = 3;
/// The object stores (the upgrade creates those missing).
pub const ATTACHMENTS: &str = "attachments";
/// The reviewer's desk (`review::kept`): its list of packages, its sources and records.
pub const DESK: &str = "desk";
/// The texts of the desk's packages, one record each, under the SHA-256 of the text.
pub const DESK_FILES: &str = "desk_files";
const STORES: [&str; 3] = [ATTACHMENTS, DESK, DESK_FILES];

/// Resolves when `request` succeeds, rejects when it fails.
async fn settled(request: &IdbRequest) -> Result<(), ()> {
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(done).await.map(drop).map_err(drop)
}

/// Resolves when `tx` is committed; rejects when it fails or aborts (a full disk, the quota).
async fn committed(tx: &IdbTransaction) -> Result<(), ()> {
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(done).await.map(drop).map_err(drop)
}

/// Asks to open the database at [`VERSION`], creating the stores missing. Every opening goes
/// through here: one that named no version would create a missing database at version 1
/// without its stores, and no later opening at that version would ever add them.
fn request_open() -> Option<IdbOpenDbRequest> {
    let factory = web_sys::window()?.indexed_db().ok().flatten()?;
    let request = factory.open_with_u32(DB, VERSION).ok()?;
    let upgrading = request.clone();
    let upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        let Some(db) = upgrading.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) else { return };
        let names = db.object_store_names();
        for store in STORES {
            if !names.contains(store) {
                let _ = db.create_object_store(store);
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Some(request)
}

async fn open() -> Result<IdbDatabase, ()> {
    let request = request_open().ok_or(())?;
    settled(&request).await?;
    request.result().map_err(drop)?.dyn_into::<IdbDatabase>().map_err(drop)
}

/// The text under `key` in `store`; `Ok(None)` if there is none.
pub async fn get(store: &str, key: &str) -> Result<Option<String>, ()> {
    let db = open().await?;
    let request = db.transaction_with_str(store).and_then(|tx| tx.object_store(store)).and_then(|s| s.get(&JsValue::from_str(key))).map_err(drop);
    let out = match request {
        Ok(r) => settled(&r).await.and_then(|()| r.result().map_err(drop)).map(|v| v.as_string()),
        Err(()) => Err(()),
    };
    db.close();
    out
}

/// Every record of `store` as (key, text), in key order (a record that is not text is left
/// out).
pub async fn get_all(store: &str) -> Result<Vec<(String, String)>, ()> {
    let db = open().await?;
    let requests = db.transaction_with_str(store).and_then(|tx| tx.object_store(store)).and_then(|s| Ok((s.get_all_keys()?, s.get_all()?))).map_err(drop);
    let out = match requests {
        Ok((keys, values)) => match (settled(&keys).await, settled(&values).await) {
            (Ok(()), Ok(())) => match (keys.result(), values.result()) {
                (Ok(keys), Ok(values)) => Ok(js_sys::Array::from(&keys)
                    .iter()
                    .zip(js_sys::Array::from(&values).iter())
                    .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
                    .collect()),
                _ => Err(()),
            },
            _ => Err(()),
        },
        Err(()) => Err(()),
    };
    db.close();
    out
}

/// The writes of one transaction ([`transact`]).
pub struct Writes(IdbTransaction);

impl Writes {
    fn store(&self, store: &str) -> Result<web_sys::IdbObjectStore, ()> {
        self.0.object_store(store).map_err(drop)
    }

    /// `text` under `key` in `store` (`None` deletes the key).
    pub(crate) fn put(&self, store: &str, key: &str, text: Option<&str>) -> Result<(), ()> {
        let s = self.store(store)?;
        match text {
            Some(text) => s.put_with_key(&JsValue::from_str(text), &JsValue::from_str(key)).map(drop).map_err(drop),
            None => s.delete(&JsValue::from_str(key)).map(drop).map_err(drop),
        }
    }

    /// Every record of `store` deleted.
    pub(crate) fn clear(&self, store: &str) -> Result<(), ()> {
        self.store(store)?.clear().map(drop).map_err(drop)
    }
}

/// Runs `writes` in one read-write transaction over `stores`, resolving once committed: all
/// its writes land or none does. `writes` runs once the connection is open, right before the
/// transaction begins, and returns `Ok(false)` to write nothing: read-write transactions on a
/// store commit in the order they begin, but each call first awaits a connection of its own,
/// so a caller that saves often lets a write overtaken by a newer one step aside instead of
/// landing last. `Ok(true)`: written; `Err`: nothing was.
pub async fn transact(stores: &[&str], writes: impl FnOnce(&Writes) -> Result<bool, ()>) -> Result<bool, ()> {
    let db = open().await?;
    let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let out = match db.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite) {
        Ok(tx) => {
            let w = Writes(tx);
            match writes(&w) {
                Ok(true) => committed(&w.0).await.map(|()| true),
                Ok(false) => Ok(false),
                Err(()) => {
                    let _ = w.0.abort();
                    Err(())
                }
            }
        }
        Err(_) => Err(()),
    };
    db.close();
    out
}

/// Writes `text` under `key` in `store` (deletes the key when `None`), resolving once
/// committed; see [`transact`] for `still_wanted`.
pub async fn put(store: &str, key: &str, text: Option<&str>, still_wanted: impl Fn() -> bool) -> Result<(), ()> {
    transact(&[store], |w| {
        if !still_wanted() {
            return Ok(false);
        }
        w.put(store, key, text).map(|()| true)
    })
    .await
    .map(drop)
}

/// Deletes `key` from `store`, not waited for: the start page's way, in the main module,
/// where the futures above would cost the first load ~7 KB (BENCHMARKS.md).
pub fn delete_soon(store: &'static str, key: String) {
    let Some(request) = request_open() else { return };
    let opened = request.clone();
    let on_open = Closure::once_into_js(move |_: web_sys::Event| {
        let Some(db) = opened.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) else { return };
        if let Ok(s) = db.transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite).and_then(|tx| tx.object_store(store)) {
            let _ = s.delete(&JsValue::from_str(&key));
        }
        // Closes once the transaction is done.
        db.close();
    });
    request.set_onsuccess(Some(on_open.unchecked_ref()));
}
