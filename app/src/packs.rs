//! The rule packs the app can use: the built-in ones, and packs loaded from files at run
//! time (a loaded pack lives for the page's lifetime and is remembered in storage so its
//! drafts reopen after a reload).
//!
//! Why built-in packs are fetched: in the split web build (`--cfg shenbao_split`,
//! `scripts/build-web`) the main wasm carries each built-in pack's metadata only (all the
//! start page lists); a pack's rules come from its own file in `dist/packs/`, fetched when a
//! form of that city opens (precached by the service worker; embedded in the one-file build,
//! which answers through `globalThis.shenbaoEmbeddedPack`). The five packs' texts were a tenth
//! of the main wasm, and a form needs one. Other builds (tests, `trunk serve`) read the texts
//! embedded in `shenbao-core` and never wait.

use std::cell::RefCell;

use shenbao_core::pack::{PackMeta, RulePack, builtin};

use crate::lazy::LoadFailed;

const STORE_KEY: &str = "shenbao.packs";
/// The earlier files of loaded packs ([`keep_earlier`]): a JSON array of their texts.
const EARLIER_KEY: &str = "shenbao.packs.earlier";

thread_local! {
    static LOADED: RefCell<Vec<&'static RulePack>> = const { RefCell::new(Vec::new()) };
    /// Earlier versions of loaded packs ([`keep_earlier`]); `None` until first read from
    /// storage, which only the desk and a draft's pack-updated notice need.
    static LOADED_EARLIER: RefCell<Option<Vec<&'static RulePack>>> = const { RefCell::new(None) };
    /// What was loaded beside the loaded packs (their regulation's text, their coverage file):
    /// (pack id, which, text).
    static LOADED_BESIDE: RefCell<Vec<(String, Beside, &'static str)>> = const { RefCell::new(Vec::new()) };
    /// Built-in packs read from their served files, by index in [`builtin::heads`].
    #[cfg(shenbao_split)]
    static FETCHED: RefCell<Vec<Option<&'static RulePack>>> = RefCell::new(vec![None; builtin::heads().len()]);
    /// Superseded packs read from their served files, by index in [`builtin::superseded_served`].
    #[cfg(shenbao_split)]
    static FETCHED_EARLIER: RefCell<Vec<Option<&'static RulePack>>> = RefCell::new(vec![None; builtin::superseded_served().len()]);
}

/// A table of packs read from served files, by index in their heads.
#[cfg(shenbao_split)]
type Fetched = std::thread::LocalKey<RefCell<Vec<Option<&'static RulePack>>>>;

/// A loaded (not built-in) pack by id.
fn loaded(id: &str) -> Option<&'static RulePack> {
    LOADED.with(|l| l.borrow().iter().copied().find(|p| p.meta.id == id))
}

/// The built-in pack at `i` in [`builtin::heads`], if it is at hand without waiting.
#[cfg(shenbao_split)]
fn builtin_at(i: usize) -> Option<&'static RulePack> {
    FETCHED.with(|f| f.borrow()[i])
}

#[cfg(not(shenbao_split))]
fn builtin_at(i: usize) -> Option<&'static RulePack> {
    builtin::pack(&builtin::heads()[i].meta.id)
}

/// The index in [`builtin::heads`] of the built-in pack `id`.
fn builtin_index(id: &str) -> Option<usize> {
    builtin::heads().iter().position(|h| h.meta.id == id)
}

/// A pack by id — built-in (once [`ready`] has it) or loaded from a file.
pub fn get(id: &str) -> Option<&'static RulePack> {
    match builtin_index(id) {
        Some(i) => builtin_at(i),
        None => loaded(id),
    }
}

/// Whether a form of pack `id` can open without waiting: a built-in pack already here, or
/// an id that is not built in (a loaded pack, or an unknown one, which the editor reports).
pub fn at_hand(id: &str) -> bool {
    builtin_index(id).is_none_or(|i| builtin_at(i).is_some())
}

/// Makes the built-in pack `id` available to [`get`], fetching its file if need be. An id
/// that is not built in needs nothing (a loaded pack, or an unknown one, which the editor
/// reports).
pub async fn ready(id: &str) -> Result<(), LoadFailed> {
    match builtin_index(id) {
        Some(i) => fetch(&[i], false).await,
        None => Ok(()),
    }
}

/// Makes every built-in pack available, and the superseded ones (the reviewer's desk checks
/// packages of any city, made under any version of its pack kept here).
pub async fn ready_all() -> Result<(), LoadFailed> {
    fetch(&(0..builtin::heads().len()).collect::<Vec<_>>(), true).await
}

/// Makes the superseded packs available to [`superseded`]: a draft saved under an earlier
/// version is compared with it (`editor::updated`).
pub async fn ready_earlier() -> Result<(), LoadFailed> {
    fetch(&[], true).await
}

#[cfg(not(shenbao_split))]
async fn fetch(_: &[usize], _: bool) -> Result<(), LoadFailed> {
    Ok(())
}

/// Every superseded pack at hand (all of them after [`ready_all`]): earlier versions of the
/// built-in ones, then those of loaded packs ([`keep_earlier`]), for verifying packages made
/// under them (`shenbao_core::package::VerifyOptions::superseded`).
pub fn superseded() -> Vec<&'static RulePack> {
    #[cfg(shenbao_split)]
    let mut v: Vec<&'static RulePack> = FETCHED_EARLIER.with(|f| f.borrow().iter().flatten().copied().collect());
    #[cfg(not(shenbao_split))]
    let mut v = builtin::superseded_refs().to_vec();
    with_earlier(|e| v.extend(e.iter().copied()));
    v
}

/// Runs `f` on the earlier versions of loaded packs, read from storage the first time.
fn with_earlier<R>(f: impl FnOnce(&mut Vec<&'static RulePack>) -> R) -> R {
    LOADED_EARLIER.with(|e| {
        let mut e = e.borrow_mut();
        let earlier = e.get_or_insert_with(|| {
            let stored: Vec<String> = crate::dom::local_storage().and_then(|s| crate::storage::read_stored(&s, EARLIER_KEY)).unwrap_or_default();
            // A file that no longer reads (an older app's pack format) is left out, not fatal.
            stored.iter().filter_map(|text| RulePack::from_json(text).ok()).map(|p| &*Box::leak(Box::new(p))).collect()
        });
        f(earlier)
    })
}

/// Keeps `pack`, a loaded pack's file that a later version replaced or an earlier version
/// loaded after it (`article::load_texts`), as a superseded version: a package signed under
/// it pins its exact content, and is then still re-checked under the rules it was made with,
/// as one made under a built-in pack's earlier version is. Kept in storage beside the
/// current file (whether storage took it is returned), and forgotten with it ([`forget`]).
pub fn keep_earlier(pack: &'static RulePack) -> bool {
    with_earlier(|e| {
        if e.iter().any(|p| p.source == pack.source) {
            return true;
        }
        e.push(pack);
        store_earlier(e)
    })
}

/// The earlier versions kept of loaded pack `id`.
pub fn earlier_of(id: &str) -> Vec<&'static RulePack> {
    with_earlier(|e| e.iter().copied().filter(|p| p.meta.id == id).collect())
}

/// Whether storage took them.
fn store_earlier(earlier: &[&'static RulePack]) -> bool {
    let Some(s) = crate::dom::local_storage() else { return false };
    let texts: Vec<&str> = earlier.iter().map(|p| p.source.as_str()).collect();
    s.set_item(EARLIER_KEY, &String::from_utf8(serde_json::to_vec(&texts).unwrap_or_default()).unwrap_or_default()).is_ok()
}

/// Fetches, reads and checks the built-in packs at `which` that are not here yet, and with
/// `earlier` the superseded ones too, all requested at once. A built-in pack's file that is
/// missing, unreadable, or not the pack its head describes (another version) is a
/// [`LoadFailed`], with the reason in the console; a superseded pack is taken for what it is,
/// since a package's pack is matched by the hash of its content (`builtin::superseded_served`).
/// A pack is kept only once checked, so a retry fetches what is still missing. One function
/// for both, so the first module holds one copy of this state machine.
#[cfg(shenbao_split)]
async fn fetch(which: &[usize], earlier: bool) -> Result<(), LoadFailed> {
    let heads = builtin::heads();
    // (table, index in it, served name, the head it must match)
    let mut wanted: Vec<(&'static Fetched, usize, &'static str, Option<&builtin::Head>)> =
        which.iter().map(|&i| (&FETCHED, i, heads[i].served, Some(&heads[i]))).collect();
    if earlier {
        wanted.extend(builtin::superseded_served().iter().enumerate().map(|(i, &served)| (&FETCHED_EARLIER, i, served, None)));
    }
    wanted.retain(|(table, i, _, _)| table.with(|f| f.borrow()[*i].is_none()));
    let requests: Vec<_> = wanted.into_iter().map(|(table, i, served, head)| (table, i, served, head, request(served))).collect();
    // Every request is awaited, even after a failure: a promise left unawaited would reject
    // unhandled.
    let mut result = Ok(());
    for (table, i, served, head, request) in requests {
        match receive(served, request).await {
            Ok(pack) if head.is_some_and(|h| !h.describes(&pack)) => {
                leptos::logging::warn!("规则包文件 {served} 与本页面的版本不符");
                result = Err(LoadFailed);
            }
            // Two loads may have raced: keep the first, so a pack's address never changes.
            Ok(pack) => table.with(|f| {
                let mut f = f.borrow_mut();
                if f[i].is_none() {
                    f[i] = Some(Box::leak(Box::new(pack)));
                }
            }),
            Err(e) => result = Err(e),
        }
    }
    result
}

/// Reads one requested pack file.
#[cfg(shenbao_split)]
async fn receive(file: &str, request: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Result<RulePack, LoadFailed> {
    let text = match request {
        Ok(promise) => text_of(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| {
        leptos::logging::warn!("规则包文件 {file} 未能读取：{e:?}");
        LoadFailed
    })?;
    RulePack::from_json(&text).map_err(|e| {
        leptos::logging::warn!("规则包文件 {file} 无法载入：{e}");
        LoadFailed
    })
}

/// Starts reading a served pack file: the one-file build's embedded copy (a promise of its
/// text), else a fetch of `packs/<file>` next to the page (a promise of the response).
#[cfg(shenbao_split)]
fn request(file: &str) -> Result<js_sys::Promise, wasm_bindgen::JsValue> {
    use wasm_bindgen::{JsCast, JsValue};

    let embedded = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("shenbaoEmbeddedPack"))?;
    match embedded.dyn_ref::<js_sys::Function>() {
        Some(read) => Ok(read.call1(&JsValue::NULL, &JsValue::from_str(file))?.into()),
        None => Ok(web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?.fetch_with_str(&format!("packs/{file}"))),
    }
}

/// The text a [`request`] resolves to.
#[cfg(shenbao_split)]
async fn text_of(request: js_sys::Promise) -> Result<String, wasm_bindgen::JsValue> {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let mut got = JsFuture::from(request).await?;
    if let Some(response) = got.dyn_ref::<web_sys::Response>() {
        if !response.ok() {
            return Err(JsValue::from_str(&format!("HTTP {}", response.status())));
        }
        got = JsFuture::from(response.text()?).await?;
    }
    got.as_string().ok_or_else(|| JsValue::from_str("not text"))
}

/// The pack whose rules a finding's rule id belongs to (`bazhong.17.x` → `bazhong`), if that
/// pack has its regulation's text to show: a built-in pack served with it, or a loaded pack
/// the text was loaded beside.
pub fn with_regulation(rule: &str) -> Option<&'static str> {
    let owns = |id: &str| rule.strip_prefix(id).is_some_and(|r| r.starts_with('.'));
    match builtin::heads().iter().find(|h| owns(&h.meta.id)) {
        Some(h) => h.regulation.map(|_| h.meta.id.as_str()),
        None => loaded_with_text(owns),
    }
}

/// Pack `id`, if its regulation can be read article by article (「逐条对照」,
/// `lazy::articles`): a built-in pack served with its text and coverage, or a loaded pack
/// with its text (its coverage, if loaded too, says why articles are not checked).
pub fn articles_of(id: &str) -> Option<&'static str> {
    match builtin::heads().iter().find(|h| h.meta.id == id) {
        Some(h) => (h.regulation.is_some() && h.coverage.is_some()).then_some(h.meta.id.as_str()),
        None => loaded_with_text(|p| p == id),
    }
}

/// The id of the loaded pack `which` picks, if its regulation's text was loaded beside it.
fn loaded_with_text(which: impl Fn(&str) -> bool) -> Option<&'static str> {
    let pack = LOADED.with(|l| l.borrow().iter().copied().find(|p| which(&p.meta.id)))?;
    loaded_beside(&pack.meta.id, Beside::Regulation).map(|_| pack.meta.id.as_str())
}

/// A file loaded beside loaded pack `id`.
fn loaded_beside(id: &str, which: Beside) -> Option<&'static str> {
    LOADED_BESIDE.with(|b| b.borrow().iter().find(|(i, w, _)| i == id && *w == which).map(|(_, _, t)| *t))
}

/// Keeps `text` beside loaded pack `id` for this page, in place of an earlier one (storage is
/// the caller's: `Beside::stored_as`).
pub fn attach(id: &str, which: Beside, text: &str) {
    let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
    LOADED_BESIDE.with(|b| {
        let mut b = b.borrow_mut();
        b.retain(|(i, w, _)| !(i == id && *w == which));
        b.push((id.to_string(), which, kept));
    });
}

/// A file beside a pack: served with a built-in one, or loaded with a loaded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// The text of the regulation it encodes.
    Regulation,
    /// What it leaves unchecked, article by article (`shenbao_core::regulation::Coverage`).
    Coverage,
}

impl Beside {
    /// The storage key of loaded pack `id`'s file: its text as it was loaded (no JSON around
    /// it, so nothing to parse on start-up).
    pub fn stored_as(self, id: &str) -> String {
        let which = match self {
            Beside::Regulation => "regulation",
            Beside::Coverage => "coverage",
        };
        format!("{STORE_KEY}.{id}.{which}")
    }
}

/// A file beside pack `id`. A built-in pack's is fetched once (the served file, or the
/// one-file build's embedded copy) and kept for the page's lifetime; in other builds,
/// embedded. A loaded pack's is what was loaded with it.
#[cfg(shenbao_split)]
pub async fn beside(id: &str, which: Beside) -> Result<&'static str, LoadFailed> {
    if builtin_index(id).is_none() {
        return loaded_beside(id, which).ok_or(LoadFailed);
    }
    thread_local! {
        static TEXTS: RefCell<Vec<(String, Beside, &'static str)>> = const { RefCell::new(Vec::new()) };
    }
    if let Some(text) = TEXTS.with(|t| t.borrow().iter().find(|(i, w, _)| i == id && *w == which).map(|(_, _, t)| *t)) {
        return Ok(text);
    }
    let head = builtin::heads().iter().find(|h| h.meta.id == id).ok_or(LoadFailed)?;
    let file = match which {
        Beside::Regulation => head.regulation,
        Beside::Coverage => head.coverage,
    }
    .ok_or(LoadFailed)?;
    let text = match request(file) {
        Ok(promise) => text_of(promise).await,
        Err(e) => Err(e),
    }
    .map_err(|e| {
        leptos::logging::warn!("管理办法原文 {file} 未能读取：{e:?}");
        LoadFailed
    })?;
    let text: &'static str = Box::leak(text.into_boxed_str());
    TEXTS.with(|t| t.borrow_mut().push((id.to_string(), which, text)));
    Ok(text)
}

#[cfg(not(shenbao_split))]
pub async fn beside(id: &str, which: Beside) -> Result<&'static str, LoadFailed> {
    if builtin_index(id).is_none() {
        return loaded_beside(id, which).ok_or(LoadFailed);
    }
    match which {
        Beside::Regulation => builtin::regulation_text(id),
        Beside::Coverage => builtin::coverage_text(id),
    }
    .ok_or(LoadFailed)
}

/// What the start page shows of a pack: its metadata and rule count.
#[derive(Clone, Copy)]
pub struct Entry {
    pub meta: &'static PackMeta,
    pub rules: usize,
}

/// Built-in packs, then loaded ones, without loading the built-in packs' rules (the start
/// page needs only this; a pack is loaded when a draft opens it).
pub fn list() -> Vec<Entry> {
    let mut v: Vec<Entry> = builtin::heads().iter().map(|h| Entry { meta: &h.meta, rules: h.rules }).collect();
    LOADED.with(|l| v.extend(l.borrow().iter().map(|p| Entry { meta: &p.meta, rules: p.rules.len() })));
    v
}

/// Built-in packs at hand (all of them after [`ready_all`]), then loaded ones.
pub fn all() -> Vec<&'static RulePack> {
    let mut v: Vec<&'static RulePack> = (0..builtin::heads().len()).filter_map(builtin_at).collect();
    LOADED.with(|l| v.extend(l.borrow().iter().copied()));
    v
}

/// Loads a pack file; a built-in id cannot be replaced.
pub fn load(text: &str) -> Result<&'static RulePack, String> {
    let pack = RulePack::from_json(text).map_err(|e| e.to_string())?;
    if builtin::is_builtin(&pack.meta.id) {
        return Err(format!("规则包 id“{}”与内置规则包重复；请修改 id 后再载入", pack.meta.id));
    }
    let pack: &'static RulePack = Box::leak(Box::new(pack));
    LOADED.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|p| p.meta.id != pack.meta.id);
        l.push(pack);
    });
    Ok(pack)
}

/// Remembers loaded `pack` for later visits, its file in storage by its id (called by the
/// regulation's part as it loads files, so the main module has no storage writes of packs);
/// whether storage took it (not when it is full or unavailable: the pack is then this page's
/// only, and the part says so).
pub fn remember(pack: &RulePack) -> bool {
    let Some(s) = crate::dom::local_storage() else { return false };
    let mut map = remembered(&s);
    map.insert(pack.meta.id.clone(), pack.source.clone());
    store_remembered(&s, &map)
}

fn store_remembered(s: &web_sys::Storage, map: &std::collections::BTreeMap<String, String>) -> bool {
    s.set_item(STORE_KEY, &String::from_utf8(serde_json::to_vec(map).unwrap_or_default()).unwrap_or_default()).is_ok()
}

/// The pack files remembered from earlier visits, by pack id.
fn remembered(s: &web_sys::Storage) -> std::collections::BTreeMap<String, String> {
    crate::storage::read_stored(s, STORE_KEY).unwrap_or_default()
}

/// Re-loads the packs remembered from earlier visits, with what was loaded beside them.
pub fn restore() {
    let Some(s) = crate::dom::local_storage() else { return };
    for text in remembered(&s).values() {
        let _ = load(text);
    }
    for pack in loaded_packs() {
        for which in [Beside::Regulation, Beside::Coverage] {
            if let Ok(Some(text)) = s.get_item(&which.stored_as(&pack.meta.id)) {
                attach(&pack.meta.id, which, &text);
            }
        }
    }
}

/// Forgets loaded pack `id`, its earlier versions and what was loaded beside it, here and in
/// storage (「移除」 on the start page, `article::remove_pack`). Drafts that use it are kept:
/// they say that their pack is missing until it is loaded again.
pub fn forget(id: &str) {
    LOADED.with(|l| l.borrow_mut().retain(|p| p.meta.id != id));
    with_earlier(|e| {
        if e.iter().any(|p| p.meta.id == id) {
            e.retain(|p| p.meta.id != id);
            store_earlier(e);
        }
    });
    LOADED_BESIDE.with(|b| b.borrow_mut().retain(|(i, _, _)| i != id));
    let Some(s) = crate::dom::local_storage() else { return };
    let mut map = remembered(&s);
    map.remove(id);
    store_remembered(&s, &map);
    for which in [Beside::Regulation, Beside::Coverage] {
        let _ = s.remove_item(&which.stored_as(id));
    }
}

/// The packs loaded from files (not built in), in loading order.
pub fn loaded_packs() -> Vec<&'static RulePack> {
    LOADED.with(|l| l.borrow().clone())
}
