//! Signing keys as the browser keeps them: only the passphrase-protected private key file
//! (never the plain key), with its public key, fingerprint and a label. Remembered keys live
//! in localStorage under [`KEYS_STORAGE`]; keys not remembered live as long as the page.

use serde::{Deserialize, Serialize};
use shenbao_core::crypto::{Algorithm, KeyError, PrivateKey, PublicKey};

use crate::strings::sign as t;

/// localStorage key of the remembered (encrypted) keys.
pub const KEYS_STORAGE: &str = "shenbao.keys";

/// A key the user can sign with: its encrypted private key file and public facts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredKey {
    /// For people: unit, algorithm and date.
    pub label: String,
    pub algorithm: Algorithm,
    /// Hex SM3 fingerprint of the SPKI DER (identifies the key).
    pub fingerprint: String,
    pub fingerprint_sha256: String,
    pub public_key_pem: String,
    /// The passphrase-protected `ENCRYPTED PRIVATE KEY` file, exactly as downloaded.
    pub encrypted_pem: String,
    /// `YYYY-MM-DD` (local) when the key was made or imported.
    pub created: String,
    /// Not remembered in localStorage (kept only while the page is open).
    #[serde(skip)]
    pub session_only: bool,
}

impl StoredKey {
    pub fn new(label: String, public: &PublicKey, encrypted_pem: String, created: String) -> StoredKey {
        let fp = public.fingerprint();
        StoredKey {
            label,
            algorithm: public.algorithm(),
            fingerprint: fp.sm3_hex(),
            fingerprint_sha256: fp.sha256_hex(),
            public_key_pem: public.to_pem(),
            encrypted_pem,
            created,
            session_only: false,
        }
    }

    /// SM3 fingerprint for reading aloud: upper-case, groups of four.
    pub fn grouped(&self) -> String {
        grouped(&self.fingerprint)
    }

    /// File name stem: `单位-sm2-66C7F0F4`.
    pub fn file_base(&self, unit: &str) -> String {
        let unit = clean_file_part(unit);
        let unit = if unit.is_empty() { t::DEFAULT_FILE_BASE.to_string() } else { unit };
        let short: String = self.fingerprint.chars().take(8).collect::<String>().to_ascii_uppercase();
        format!("{unit}-{}-{short}", self.algorithm.id())
    }

    /// Opens the private key with the passphrase, for one signing. The caller drops it
    /// right after use (it is zeroized on drop).
    pub fn unlock(&self, passphrase: &str) -> Result<PrivateKey, String> {
        let key = PrivateKey::from_encrypted_pem(&self.encrypted_pem, passphrase.as_bytes()).map_err(|e| e.to_string())?;
        if key.public_key().fingerprint().sm3_hex() != self.fingerprint {
            return Err(t::KEY_MISMATCH.to_string());
        }
        Ok(key)
    }
}

/// Hex fingerprint → `66C7 F0F4 …`.
pub fn grouped(hex: &str) -> String {
    let up = hex.to_ascii_uppercase();
    up.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
}

/// Removes characters file systems dislike.
pub fn clean_file_part(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()).collect::<String>().trim().to_string()
}

/// Checks, without the passphrase, that `text` is a passphrase-protected private key file.
/// Unencrypted private keys, public keys and anything else are refused with the
/// [`KeyError`] message. (Cheap: no key derivation.)
pub fn check_encrypted_pem(text: &str) -> Result<(), String> {
    match PrivateKey::from_pkcs8_pem(text) {
        // The label is `ENCRYPTED PRIVATE KEY`: what we want.
        Err(KeyError::PassphraseRequired) => Ok(()),
        // A plain private key: refused, and the parsed key is dropped (zeroized) at once.
        Ok(_) => Err(KeyError::NotEncrypted.to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Opens an imported key file once with its passphrase to read the public key, then drops
/// the private key. Returns the key as it will be kept (encrypted file unchanged).
pub fn import(text: &str, passphrase: &str, label: String, created: String) -> Result<StoredKey, String> {
    check_encrypted_pem(text)?;
    let private = PrivateKey::from_encrypted_pem(text, passphrase.as_bytes()).map_err(|e| e.to_string())?;
    let public = private.public_key();
    drop(private);
    Ok(StoredKey::new(label, &public, text.trim().to_string() + "\n", created))
}

/// The remembered keys (most recent first, as saved).
pub fn load() -> Vec<StoredKey> {
    crate::dom::local_storage().and_then(|s| s.get_item(KEYS_STORAGE).ok().flatten()).and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

/// Remembers the keys not marked session-only. False when storage refused (private mode,
/// quota, no storage).
pub fn save(keys: &[StoredKey]) -> bool {
    let keep: Vec<&StoredKey> = keys.iter().filter(|k| !k.session_only).collect();
    let Some(s) = crate::dom::local_storage() else { return false };
    if keep.is_empty() {
        return s.remove_item(KEYS_STORAGE).is_ok();
    }
    serde_json::to_string(&keep).is_ok_and(|text| s.set_item(KEYS_STORAGE, &text).is_ok())
}
