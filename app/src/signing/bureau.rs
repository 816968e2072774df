//! The bureau's public key for encrypted packages, remembered in `localStorage` with whether
//! encryption is chosen. Only a public key (no secret) and a file name are kept. A stored entry
//! that no longer reads as an SM2 public key (edited by hand, written by another version) is
//! ignored, so the panel starts as if none had been kept.

use serde::{Deserialize, Serialize};
use shenbao_core::crypto::{Algorithm, PublicKey};

/// The `localStorage` key.
pub const BUREAU_STORAGE: &str = "shenbao.bureau_key";

#[derive(Serialize, Deserialize)]
struct Stored {
    name: String,
    public_key_pem: String,
    encrypt: bool,
}

/// What was remembered: the key's file name, the key, and whether encryption was chosen.
pub struct Remembered {
    pub name: String,
    pub key: PublicKey,
    pub on: bool,
}

/// The remembered key, if there is a usable one.
pub fn load() -> Option<Remembered> {
    let text = crate::dom::local_storage()?.get_item(BUREAU_STORAGE).ok()??;
    let s: Stored = serde_json::from_str(&text).ok()?;
    let key = PublicKey::from_pem(&s.public_key_pem).ok().filter(|k| k.algorithm() == Algorithm::Sm2)?;
    Some(Remembered { name: s.name, key, on: s.encrypt })
}

/// Remembers the key and the choice; a browser that refuses storage just does not remember.
pub fn save(name: &str, key: &PublicKey, encrypt: bool) {
    if let (Some(st), Ok(text)) =
        (crate::dom::local_storage(), serde_json::to_string(&Stored { name: name.to_string(), public_key_pem: key.to_pem(), encrypt }))
    {
        let _ = st.set_item(BUREAU_STORAGE, &text);
    }
}

pub fn forget() {
    if let Some(st) = crate::dom::local_storage() {
        let _ = st.remove_item(BUREAU_STORAGE);
    }
}
