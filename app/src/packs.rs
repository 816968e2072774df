//! Rule packs loaded from files at run time, next to the built-in ones. A loaded pack lives
//! for the page's lifetime and is remembered in storage so its drafts reopen after a reload.

use std::cell::RefCell;

use shenbao_core::pack::{PackMeta, RulePack, builtin};

const STORE_KEY: &str = "shenbao.packs";

thread_local! {
    static LOADED: RefCell<Vec<&'static RulePack>> = const { RefCell::new(Vec::new()) };
}

/// A loaded (not built-in) pack by id.
pub fn loaded(id: &str) -> Option<&'static RulePack> {
    LOADED.with(|l| l.borrow().iter().copied().find(|p| p.meta.id == id))
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

/// Built-in packs, then loaded ones; loads every built-in pack.
pub fn all() -> Vec<&'static RulePack> {
    let mut v: Vec<&'static RulePack> = builtin::packs().iter().collect();
    LOADED.with(|l| v.extend(l.borrow().iter().copied()));
    v
}

/// Loads a pack file; a built-in id cannot be replaced.
pub fn load(text: &str, remember: bool) -> Result<&'static RulePack, String> {
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
    if remember && let Some(s) = crate::dom::local_storage() {
        let mut map: std::collections::BTreeMap<String, String> =
            s.get_item(STORE_KEY).ok().flatten().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        map.insert(pack.meta.id.clone(), text.to_string());
        let _ = s.set_item(STORE_KEY, &serde_json::to_string(&map).unwrap_or_default());
    }
    Ok(pack)
}

/// Re-loads the packs remembered from earlier visits.
pub fn restore() {
    let Some(s) = crate::dom::local_storage() else { return };
    let map: std::collections::BTreeMap<String, String> = s.get_item(STORE_KEY).ok().flatten().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
    for text in map.values() {
        let _ = load(text, false);
    }
}
