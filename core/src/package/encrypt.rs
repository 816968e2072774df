//! Encrypting a signed package for the bureau (`shenbao.encrypted/1`).
//!
//! A package travels by e-mail or USB stick and carries a department's plans and contacts;
//! encrypting it to the bureau's SM2 public key keeps it unreadable to everyone else on the
//! way. The signed package (the DSSE envelope's bytes, unchanged) is encrypted with SM4-GCM
//! under a fresh random 128-bit content key; the content key is encrypted to the bureau's
//! key with SM2 public-key encryption (GB/T 32918.4, C1C3C2). Decryption gives back the
//! exact bytes that were signed, so verification afterwards is the usual one: encryption
//! hides, the signature inside proves who made it.
//!
//! ```json
//! {
//!   "format": "shenbao.encrypted/1",
//!   "recipient": { "algorithm": "sm2", "fingerprint": "<hex SM3 of the bureau key's SPKI DER>" },
//!   "wrapped_key": "<base64 of SM2(C1 ‖ C3 ‖ C2) of the 16-byte SM4 key>",
//!   "nonce": "<base64 of the 12-byte GCM nonce>",
//!   "ciphertext": "<base64 of SM4-GCM ciphertext ‖ 16-byte tag>"
//! }
//! ```
//!
//! Every field but `ciphertext` is authenticated as GCM associated data: the AAD is the
//! RFC 8785 canonical JSON of the file without `ciphertext` (the base64 text as written),
//! so changing the recipient, nonce, wrapped key or format makes decryption fail. The AAD
//! is not stored: it is always recomputed from the fields, so there is one source of truth.
//!
//! Pure, like signing: the caller passes the randomness ([`EncryptRandomness`]).

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit, Payload as AeadPayload};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::crypto::{Algorithm, PrivateKey, PublicKey};

use super::dsse::{self, Envelope};
use super::{PAYLOAD_TYPE, jcs};

/// `format` of an encrypted package.
pub const ENCRYPTED_FORMAT: &str = "shenbao.encrypted/1";
/// Prefix shared by every version of the encrypted format (to tell "encrypted, but a
/// version we do not read" from "not encrypted").
const FORMAT_FAMILY: &str = "shenbao.encrypted/";
/// SM2 ciphertext of a 16-byte key: C1 (65, uncompressed) ‖ C3 (32) ‖ C2 (16).
const WRAPPED_KEY_LEN: usize = 65 + 32 + 16;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// SM4 in GCM with a 96-bit nonce and a 128-bit tag (RFC 8998's `SM4_GCM`).
type Sm4Gcm = aes_gcm::AesGcm<sm4::Sm4, aes_gcm::aead::consts::U12>;

/// The randomness one encryption needs; fresh for every file.
///
/// Zeroized on drop: the content key is what protects the package.
pub struct EncryptRandomness {
    /// SM4 content key.
    pub content_key: [u8; 16],
    /// GCM nonce (unique per key; the key is never reused, so random is fine).
    pub nonce: [u8; NONCE_LEN],
    /// Seed of the SM2 ephemeral scalar (expanded with SM3).
    pub sm2_seed: [u8; 32],
}

impl EncryptRandomness {
    /// Number of random bytes [`from_bytes`](Self::from_bytes) takes.
    pub const LEN: usize = 16 + NONCE_LEN + 32;

    /// Splits 60 fresh random bytes (e.g. from `getrandom`) into key, nonce and seed.
    pub fn from_bytes(bytes: &[u8; Self::LEN]) -> Self {
        let mut r = EncryptRandomness { content_key: [0; 16], nonce: [0; NONCE_LEN], sm2_seed: [0; 32] };
        r.content_key.copy_from_slice(&bytes[..16]);
        r.nonce.copy_from_slice(&bytes[16..16 + NONCE_LEN]);
        r.sm2_seed.copy_from_slice(&bytes[16 + NONCE_LEN..]);
        r
    }
}

impl Drop for EncryptRandomness {
    fn drop(&mut self) {
        self.content_key.zeroize();
        self.nonce.zeroize();
        self.sm2_seed.zeroize();
    }
}

/// Whom a file is encrypted for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Key-wrapping algorithm: `sm2`.
    pub algorithm: Algorithm,
    /// Hex SM3 fingerprint of the recipient's SPKI DER (as in a package's `keyid`).
    pub fingerprint: String,
}

/// An encrypted package file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedPackage {
    pub format: String,
    pub recipient: Recipient,
    /// Standard base64 of the SM2 ciphertext (C1 ‖ C3 ‖ C2) of the content key.
    pub wrapped_key: String,
    /// Standard base64 of the 12-byte nonce.
    pub nonce: String,
    /// Standard base64 of the SM4-GCM ciphertext followed by the 16-byte tag.
    pub ciphertext: String,
}

/// Why a package was not encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncryptError {
    /// The input is not a signed package (detail says why).
    NotAPackage(String),
    /// The input is already encrypted.
    AlreadyEncrypted,
    /// The recipient key is not an SM2 key.
    RecipientNotSm2,
    /// Unexpected failure (a bug).
    Internal(String),
}

impl fmt::Display for EncryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncryptError::NotAPackage(why) => write!(f, "要加密的文件不是已签名的申报包：{why}"),
            EncryptError::AlreadyEncrypted => f.write_str("这个申报包已经加密过了"),
            EncryptError::RecipientNotSm2 => f.write_str("审核单位的加密公钥必须是 SM2 公钥（Ed25519 公钥只能验签，不能加密）"),
            EncryptError::Internal(why) => write!(f, "内部错误：{why}"),
        }
    }
}

impl std::error::Error for EncryptError {}

/// Why an encrypted package could not be decrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecryptError {
    /// A plain (unencrypted) package or some other file: nothing to decrypt.
    NotEncrypted,
    /// An encrypted package of a version or algorithm we do not read.
    UnsupportedFormat(String),
    /// Not valid JSON, a missing or extra field, bad base64, a wrong length.
    Malformed(String),
    /// Encrypted for another key: grouped fingerprints of the recipient and of the key given.
    NotForThisKey { recipient: String, key: String },
    /// The fingerprint matches, but the key cannot open the wrapped content key: the file
    /// was altered, or its recipient field was changed to this key's fingerprint.
    WrongKey,
    /// The content does not authenticate: ciphertext, tag or header altered.
    Tampered,
}

impl fmt::Display for DecryptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecryptError::NotEncrypted => f.write_str("这不是加密的申报包，无需解密"),
            DecryptError::UnsupportedFormat(what) => write!(f, "不支持的加密格式：{what}（支持“{ENCRYPTED_FORMAT}”，SM2 + SM4-GCM）"),
            DecryptError::Malformed(why) => write!(f, "加密申报包文件已损坏或格式不对：{why}"),
            DecryptError::NotForThisKey { recipient, key } => {
                write!(f, "此申报包不是为这把密钥加密的：加密对象的公钥指纹为 {recipient}，所给私钥的指纹为 {key}")
            }
            DecryptError::WrongKey => f.write_str("用这把私钥解不开内容密钥：文件可能已被改动，或并非为此密钥加密"),
            DecryptError::Tampered => f.write_str("加密内容校验失败：密文、认证标签或文件头已被改动"),
        }
    }
}

impl std::error::Error for DecryptError {}

/// Whether `text` is an encrypted package (of any version): a JSON object whose `format`
/// starts with `shenbao.encrypted/`. A plain package is a DSSE envelope with no `format`.
pub fn is_encrypted(text: &str) -> bool {
    // Without a backslash (no JSON escape anywhere), an encrypted package's text holds its
    // format family literally; a plain package has neither, and is then known at the cost of
    // two substring searches instead of a parse of the whole file (`verify` asks this of every
    // package).
    if !text.contains('\\') && !text.contains(FORMAT_FAMILY) {
        return false;
    }
    format_of(text).is_some_and(|f| f.starts_with(FORMAT_FAMILY))
}

/// The top-level `format` string of a JSON object, if any.
fn format_of(text: &str) -> Option<String> {
    // Only the one field is needed; every other value is skipped, not kept.
    #[derive(Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    let head: Head = serde_json::from_str(text).ok()?;
    head.format?.as_str().map(str::to_string)
}

/// The file name of the encrypted form of a package file: `….json` → `….enc.json`.
pub fn encrypted_file_name(package_file_name: &str) -> String {
    let stem = package_file_name.strip_suffix(".json").unwrap_or(package_file_name);
    format!("{stem}.enc.json")
}

/// The file name of the decrypted form: `….enc.json` → `….json` (else `….dec.json`).
pub fn decrypted_file_name(encrypted_file_name: &str) -> String {
    match encrypted_file_name.strip_suffix(".enc.json") {
        Some(stem) => format!("{stem}.json"),
        None => format!("{}.dec.json", encrypted_file_name.strip_suffix(".json").unwrap_or(encrypted_file_name)),
    }
}

/// Encrypts a signed package's file bytes for `recipient` (the bureau's SM2 public key).
///
/// The bytes are kept exactly as given (no re-serialisation), so what is decrypted is
/// byte-for-byte the file the department signed.
pub fn encrypt(package: &[u8], recipient: &PublicKey, random: &EncryptRandomness) -> Result<EncryptedPackage, EncryptError> {
    let text = std::str::from_utf8(package).map_err(|_| EncryptError::NotAPackage("不是 UTF-8 文本".into()))?;
    if is_encrypted(text) {
        return Err(EncryptError::AlreadyEncrypted);
    }
    let env: Envelope = serde_json::from_str(text).map_err(|e| EncryptError::NotAPackage(e.to_string()))?;
    if env.payload_type != PAYLOAD_TYPE {
        return Err(EncryptError::NotAPackage(format!("payloadType 为“{}”", env.payload_type)));
    }
    if recipient.algorithm() != Algorithm::Sm2 {
        return Err(EncryptError::RecipientNotSm2);
    }
    let wrapped = recipient.sm2_encrypt(&random.content_key, &random.sm2_seed).map_err(|e| EncryptError::Internal(e.to_string()))?;
    let mut file = EncryptedPackage {
        format: ENCRYPTED_FORMAT.to_string(),
        recipient: Recipient { algorithm: Algorithm::Sm2, fingerprint: recipient.fingerprint().sm3_hex() },
        wrapped_key: dsse::encode(&wrapped),
        nonce: dsse::encode(&random.nonce),
        ciphertext: String::new(),
    };
    let aad = file.aad().map_err(|e| EncryptError::Internal(e.to_string()))?;
    let cipher = Sm4Gcm::new_from_slice(&random.content_key).map_err(|e| EncryptError::Internal(e.to_string()))?;
    let sealed = cipher.encrypt(&random.nonce.into(), AeadPayload { msg: package, aad: &aad }).map_err(|e| EncryptError::Internal(e.to_string()))?;
    file.ciphertext = dsse::encode(&sealed);
    Ok(file)
}

impl EncryptedPackage {
    /// Reads an encrypted package file, strictly: every field present, no other field,
    /// standard base64, the lengths of this format.
    pub fn from_json(text: &str) -> Result<Self, DecryptError> {
        match format_of(text) {
            Some(f) if f == ENCRYPTED_FORMAT => {}
            Some(f) if f.starts_with(FORMAT_FAMILY) => return Err(DecryptError::UnsupportedFormat(format!("format 为“{f}”"))),
            _ => {
                // Say what it is when we can: a plain package, or something else entirely.
                return match serde_json::from_str::<serde_json::Value>(text) {
                    Err(e) => Err(DecryptError::Malformed(format!("不是有效的 JSON：{e}"))),
                    Ok(v) if v.get("payloadType").is_some() => Err(DecryptError::NotEncrypted),
                    Ok(_) => Err(DecryptError::Malformed(format!("没有 format 字段“{ENCRYPTED_FORMAT}”"))),
                };
            }
        }
        let file: EncryptedPackage = serde_json::from_str(text).map_err(|e| match serde_json::from_str::<serde_json::Value>(text) {
            // An algorithm we do not know is "unsupported", not "damaged".
            Ok(v) if v["recipient"]["algorithm"].as_str().is_some_and(|a| Algorithm::from_id(a).is_none()) => {
                DecryptError::UnsupportedFormat(format!("密钥封装算法为“{}”，只支持 sm2", v["recipient"]["algorithm"].as_str().unwrap_or_default()))
            }
            _ => DecryptError::Malformed(e.to_string()),
        })?;
        file.parts()?;
        Ok(file)
    }

    /// The decoded binary fields, after checking every field of this format.
    fn parts(&self) -> Result<Parts, DecryptError> {
        if self.format != ENCRYPTED_FORMAT {
            return Err(DecryptError::UnsupportedFormat(format!("format 为“{}”", self.format)));
        }
        if self.recipient.algorithm != Algorithm::Sm2 {
            return Err(DecryptError::UnsupportedFormat(format!("密钥封装算法为“{}”，只支持 sm2", self.recipient.algorithm.id())));
        }
        let fp = &self.recipient.fingerprint;
        if fp.len() != 64 || !fp.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Err(DecryptError::Malformed("recipient.fingerprint 应为 64 位小写十六进制".into()));
        }
        let wrapped_key = dsse::decode(&self.wrapped_key).ok_or_else(|| DecryptError::Malformed("wrapped_key 不是有效的 base64".into()))?;
        if wrapped_key.len() != WRAPPED_KEY_LEN || wrapped_key[0] != 0x04 {
            return Err(DecryptError::Malformed(format!("wrapped_key 应为 {WRAPPED_KEY_LEN} 字节的 SM2 密文（C1C3C2，C1 不压缩）")));
        }
        let nonce: [u8; NONCE_LEN] = dsse::decode(&self.nonce)
            .ok_or_else(|| DecryptError::Malformed("nonce 不是有效的 base64".into()))?
            .try_into()
            .map_err(|_| DecryptError::Malformed(format!("nonce 应为 {NONCE_LEN} 字节")))?;
        let sealed = dsse::decode(&self.ciphertext).ok_or_else(|| DecryptError::Malformed("ciphertext 不是有效的 base64".into()))?;
        if sealed.len() < TAG_LEN {
            return Err(DecryptError::Malformed("ciphertext 比认证标签还短".into()));
        }
        Ok(Parts { wrapped_key, nonce, sealed })
    }

    /// Pretty JSON, as written to a file.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("an encrypted package always serializes") + "\n"
    }

    /// Grouped SM3 fingerprint of the recipient key (for people), e.g. `66C7 F0F4 …`.
    pub fn recipient_grouped(&self) -> String {
        group(&self.recipient.fingerprint)
    }

    /// The associated data: RFC 8785 JSON of every field but `ciphertext`.
    fn aad(&self) -> Result<Vec<u8>, jcs::JcsError> {
        jcs::canonicalize(&serde_json::json!({
            "format": self.format,
            "recipient": { "algorithm": self.recipient.algorithm.id(), "fingerprint": self.recipient.fingerprint },
            "wrapped_key": self.wrapped_key,
            "nonce": self.nonce,
        }))
    }

    /// Decrypts with the bureau's private key: the signed package's file bytes.
    pub fn decrypt(&self, key: &PrivateKey) -> Result<Vec<u8>, DecryptError> {
        let parts = self.parts()?;
        let mine = key.public_key().fingerprint().sm3_hex();
        if self.recipient.fingerprint != mine {
            return Err(DecryptError::NotForThisKey { recipient: self.recipient_grouped(), key: group(&mine) });
        }
        let content_key = key.sm2_decrypt(&parts.wrapped_key).ok_or(DecryptError::WrongKey)?;
        let cipher = Sm4Gcm::new_from_slice(&content_key).map_err(|_| DecryptError::WrongKey)?;
        let aad = self.aad().map_err(|e| DecryptError::Malformed(e.to_string()))?;
        cipher.decrypt(&parts.nonce.into(), AeadPayload { msg: &parts.sealed, aad: &aad }).map_err(|_| DecryptError::Tampered)
    }
}

struct Parts {
    wrapped_key: Vec<u8>,
    nonce: [u8; NONCE_LEN],
    sealed: Vec<u8>,
}

/// Decrypts an encrypted package file's text with the bureau's private key, giving the
/// signed package's text.
pub fn decrypt(text: &str, key: &PrivateKey) -> Result<String, DecryptError> {
    let bytes = EncryptedPackage::from_json(text)?.decrypt(key)?;
    String::from_utf8(bytes).map_err(|_| DecryptError::Malformed("解密后的内容不是 UTF-8 文本".into()))
}

/// `abcd…` → `ABCD …` in groups of four, as [`crate::crypto::Fingerprint::grouped`].
fn group(hex: &str) -> String {
    hex.to_ascii_uppercase().as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PrivateKey;

    fn key(byte: u8) -> PrivateKey {
        PrivateKey::generate_from_seed(Algorithm::Sm2, &[byte; 32]).unwrap()
    }

    /// A minimal package file: encryption only needs a DSSE envelope of our payload type.
    fn package() -> String {
        Envelope { payload_type: PAYLOAD_TYPE.into(), payload: dsse::encode(b"{\"format\":\"shenbao.package/1\"}"), signatures: vec![] }.to_json_pretty()
    }

    fn random(byte: u8) -> EncryptRandomness {
        let mut b = [0u8; EncryptRandomness::LEN];
        for (i, x) in b.iter_mut().enumerate() {
            *x = byte.wrapping_add(i as u8);
        }
        EncryptRandomness::from_bytes(&b)
    }

    fn sealed() -> (PrivateKey, String, String) {
        let bureau = key(7);
        let plain = package();
        let file = encrypt(plain.as_bytes(), &bureau.public_key(), &random(1)).unwrap().to_json_pretty();
        (bureau, plain, file)
    }

    #[test]
    fn sm4_gcm_known_answer_rfc_8998() {
        // RFC 8998 Appendix A.1 (SM4-GCM); also what Python `cryptography` computes.
        let hex = |s: &str| (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect::<Vec<u8>>();
        let cipher = Sm4Gcm::new_from_slice(&hex("0123456789ABCDEFFEDCBA9876543210")).unwrap();
        let nonce: [u8; 12] = hex("00001234567800000000ABCD").try_into().unwrap();
        let pt = hex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
        let aad = hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        let out = cipher.encrypt(&nonce.into(), AeadPayload { msg: &pt, aad: &aad }).unwrap();
        assert_eq!(
            crate::crypto::hex(&out).to_uppercase(),
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D\
             83DE3541E4C2B58177E065A9BF7B62EC"
        );
        assert_eq!(cipher.decrypt(&nonce.into(), AeadPayload { msg: &out, aad: &aad }).unwrap(), pt);
    }

    #[test]
    fn round_trip_gives_back_the_exact_bytes() {
        let (bureau, plain, file) = sealed();
        assert!(is_encrypted(&file));
        assert!(!is_encrypted(&plain));
        assert_eq!(decrypt(&file, &bureau).unwrap(), plain);
        let parsed = EncryptedPackage::from_json(&file).unwrap();
        assert_eq!(parsed.format, ENCRYPTED_FORMAT);
        assert_eq!(parsed.recipient.fingerprint, bureau.public_key().fingerprint().sm3_hex());
        assert_eq!(parsed.recipient_grouped(), bureau.public_key().fingerprint().grouped());
        // The plaintext is not visible in the file.
        assert!(!file.contains(&dsse::encode(b"{\"format\":\"shenbao.package/1\"}")));
    }

    #[test]
    fn fresh_randomness_gives_a_different_file_and_the_same_randomness_the_same() {
        let bureau = key(7);
        let plain = package();
        let a = encrypt(plain.as_bytes(), &bureau.public_key(), &random(1)).unwrap();
        let b = encrypt(plain.as_bytes(), &bureau.public_key(), &random(2)).unwrap();
        let a2 = encrypt(plain.as_bytes(), &bureau.public_key(), &random(1)).unwrap();
        assert_eq!(a, a2, "pure: the caller's randomness determines the file");
        assert_ne!(a.wrapped_key, b.wrapped_key);
        assert_ne!(a.ciphertext, b.ciphertext);
        assert_eq!(decrypt(&b.to_json_pretty(), &bureau).unwrap(), plain);
    }

    #[test]
    fn another_key_is_refused_with_both_fingerprints() {
        let (bureau, _, file) = sealed();
        let other = key(9);
        match decrypt(&file, &other) {
            Err(DecryptError::NotForThisKey { recipient, key }) => {
                assert_eq!(recipient, bureau.public_key().fingerprint().grouped());
                assert_eq!(key, other.public_key().fingerprint().grouped());
            }
            other => panic!("{other:?}"),
        }
        let message = decrypt(&file, &other).unwrap_err().to_string();
        assert!(message.contains("不是为这把密钥加密的"), "{message}");
        // Relabelled to the other key's fingerprint: the key still cannot open it.
        let mut v: serde_json::Value = serde_json::from_str(&file).unwrap();
        v["recipient"]["fingerprint"] = other.public_key().fingerprint().sm3_hex().into();
        assert_eq!(decrypt(&v.to_string(), &other), Err(DecryptError::WrongKey));
        // An Ed25519 key can neither receive nor open.
        let ed = PrivateKey::generate_from_seed(Algorithm::Ed25519, &[3; 32]).unwrap();
        assert_eq!(encrypt(package().as_bytes(), &ed.public_key(), &random(1)), Err(EncryptError::RecipientNotSm2));
        assert!(matches!(decrypt(&file, &ed), Err(DecryptError::NotForThisKey { .. })));
    }

    #[test]
    fn every_field_is_authenticated() {
        let (bureau, _, file) = sealed();
        let v: serde_json::Value = serde_json::from_str(&file).unwrap();
        let other = key(8);
        let another = encrypt(package().as_bytes(), &bureau.public_key(), &random(5)).unwrap();
        // Each header field swapped for another valid value of the same shape.
        let swaps: Vec<(&str, serde_json::Value, DecryptError)> = vec![
            ("nonce", another.nonce.clone().into(), DecryptError::Tampered),
            ("wrapped_key", another.wrapped_key.clone().into(), DecryptError::Tampered),
            ("ciphertext", another.ciphertext.clone().into(), DecryptError::Tampered),
            (
                "recipient",
                serde_json::json!({"algorithm": "sm2", "fingerprint": other.public_key().fingerprint().sm3_hex()}),
                DecryptError::NotForThisKey { recipient: other.public_key().fingerprint().grouped(), key: bureau.public_key().fingerprint().grouped() },
            ),
        ];
        for (field, value, expected) in swaps {
            let mut t = v.clone();
            t[field] = value;
            assert_eq!(decrypt(&t.to_string(), &bureau), Err(expected), "{field}");
        }
    }

    #[test]
    fn every_flipped_bit_of_the_binary_fields_fails() {
        let (bureau, _, file) = sealed();
        let v: serde_json::Value = serde_json::from_str(&file).unwrap();
        for field in ["wrapped_key", "nonce", "ciphertext"] {
            let bytes = dsse::decode(v[field].as_str().unwrap()).unwrap();
            // Every byte (ciphertext: the first 64 bytes and the tag), one bit each time.
            let positions: Vec<usize> =
                if field == "ciphertext" { (0..64.min(bytes.len())).chain(bytes.len() - TAG_LEN..bytes.len()).collect() } else { (0..bytes.len()).collect() };
            for i in positions {
                let mut b = bytes.clone();
                b[i] ^= 1 << (i % 8);
                let mut t = v.clone();
                t[field] = dsse::encode(&b).into();
                let r = decrypt(&t.to_string(), &bureau);
                assert!(matches!(r, Err(DecryptError::Tampered | DecryptError::WrongKey | DecryptError::Malformed(_))), "{field}[{i}]: {r:?}");
            }
        }
    }

    #[test]
    fn malformed_and_unsupported_files_are_named() {
        let (bureau, plain, file) = sealed();
        let v: serde_json::Value = serde_json::from_str(&file).unwrap();
        assert_eq!(decrypt(&plain, &bureau), Err(DecryptError::NotEncrypted));
        assert!(matches!(decrypt("not json", &bureau), Err(DecryptError::Malformed(_))));
        assert!(matches!(decrypt("{}", &bureau), Err(DecryptError::Malformed(_))));
        let edit = |f: &dyn Fn(&mut serde_json::Value)| {
            let mut t = v.clone();
            f(&mut t);
            decrypt(&t.to_string(), &bureau)
        };
        assert!(matches!(edit(&|t| t["format"] = "shenbao.encrypted/2".into()), Err(DecryptError::UnsupportedFormat(_))));
        assert!(matches!(edit(&|t| t["recipient"]["algorithm"] = "rsa".into()), Err(DecryptError::UnsupportedFormat(_))));
        assert!(matches!(edit(&|t| t["recipient"]["algorithm"] = "ed25519".into()), Err(DecryptError::UnsupportedFormat(_))));
        assert!(matches!(edit(&|t| t["extra"] = 1.into()), Err(DecryptError::Malformed(_))));
        assert!(matches!(
            edit(&|t| {
                t.as_object_mut().unwrap().remove("nonce");
            }),
            Err(DecryptError::Malformed(_))
        ));
        assert!(matches!(edit(&|t| t["nonce"] = "AAAA".into()), Err(DecryptError::Malformed(_))));
        assert!(matches!(edit(&|t| t["nonce"] = "not base64!".into()), Err(DecryptError::Malformed(_))));
        assert!(matches!(edit(&|t| t["ciphertext"] = "AAAA".into()), Err(DecryptError::Malformed(_))));
        assert!(matches!(edit(&|t| t["wrapped_key"] = dsse::encode(&[4; 10]).into()), Err(DecryptError::Malformed(_))));
        assert!(matches!(edit(&|t| t["recipient"]["fingerprint"] = "ABC".into()), Err(DecryptError::Malformed(_))));
        // Messages are for people.
        for e in [
            DecryptError::NotEncrypted,
            DecryptError::WrongKey,
            DecryptError::Tampered,
            DecryptError::Malformed("x".into()),
            DecryptError::UnsupportedFormat("x".into()),
        ] {
            assert!(e.to_string().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{e}");
        }
    }

    #[test]
    fn verifying_an_encrypted_package_says_to_decrypt_first() {
        let (_, _, file) = sealed();
        let v = super::super::verify(&file, &super::super::VerifyOptions { trust: None, packs: &[], superseded: &[], attachment: &|_| None });
        assert!(!v.valid);
        assert_eq!(v.problems.len(), 1);
        assert_eq!(v.problems[0].code, super::super::ProblemCode::Encrypted);
        assert!(v.problems[0].message.contains("审核单位私钥"));
    }

    /// The quick test in `is_encrypted` misses no spelling of an encrypted package: escaped
    /// keys and values are still found, and a plain package (no escape) is not encrypted.
    #[test]
    fn encrypted_packages_are_recognised_however_spelled() {
        let (_, plain, file) = sealed();
        assert!(is_encrypted(&file));
        assert!(!is_encrypted(&plain));
        assert!(!plain.contains('\\'), "a plain package holds no escape, so the quick test decides it");
        let escaped_key = file.replacen("\"format\"", "\"\\u0066ormat\"", 1);
        assert_ne!(escaped_key, file);
        assert!(is_encrypted(&escaped_key));
        let escaped_value = file.replacen("shenbao.encrypted/", "shenbao\\u002eencrypted\\/", 1);
        assert_ne!(escaped_value, file);
        assert!(is_encrypted(&escaped_value));
        let v = super::super::verify(&escaped_value, &super::super::VerifyOptions { trust: None, packs: &[], superseded: &[], attachment: &|_| None });
        assert_eq!(v.problems[0].code, super::super::ProblemCode::Encrypted);
        // Not encrypted: no format, another format, not JSON.
        assert!(!is_encrypted(&file.replacen("shenbao.encrypted/", "shenbao.other/", 1)));
        assert!(!is_encrypted(&file.replacen("\"format\"", "\"\\u0066ormal\"", 1)));
        assert!(!is_encrypted("{\"format\": \"shenbao.encrypted/1\""));
    }

    #[test]
    fn only_signed_packages_are_encrypted() {
        let bureau = key(7);
        let (_, _, file) = sealed();
        assert_eq!(encrypt(file.as_bytes(), &bureau.public_key(), &random(1)), Err(EncryptError::AlreadyEncrypted));
        assert!(matches!(encrypt(b"{\"a\":1}", &bureau.public_key(), &random(1)), Err(EncryptError::NotAPackage(_))));
        let trust = Envelope { payload_type: "application/vnd.shenbao.trust-list+json; version=1".into(), payload: String::new(), signatures: vec![] };
        assert!(matches!(encrypt(trust.to_json_pretty().as_bytes(), &bureau.public_key(), &random(1)), Err(EncryptError::NotAPackage(_))));
    }

    #[test]
    fn file_names() {
        assert_eq!(encrypted_file_name("单位-项目-2026-09-15.json"), "单位-项目-2026-09-15.enc.json");
        assert_eq!(decrypted_file_name("单位-项目-2026-09-15.enc.json"), "单位-项目-2026-09-15.json");
        assert_eq!(decrypted_file_name("x.json"), "x.dec.json");
    }
}
