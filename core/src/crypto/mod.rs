//! Cryptography for signed packages: SM3/SHA-256 hashes, SM2 (GM/T 0003, with SM3 and the
//! default distinguishing ID) and Ed25519 keys and signatures, PEM key files.
//!
//! * [`PublicKey`] — an SM2 or Ed25519 public key, read from and written as an SPKI
//!   `PUBLIC KEY` PEM exactly as OpenSSL 3 writes it; [`PublicKey::verify`];
//!   [`PublicKey::fingerprint`] (SM3 and SHA-256 of the canonical SPKI DER).
//! * [`PrivateKey`] — generated here or read from a passphrase-protected PKCS#8 file
//!   (`ENCRYPTED PRIVATE KEY`, PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC, which
//!   `openssl pkey` opens); secrets are zeroized on drop and never printed.
//! * [`KeyError`] — every way a key file can be wrong, with a Chinese message.
//!
//! Signatures: SM2 signatures are DER `SEQUENCE { r INTEGER, s INTEGER }` (GM/T 0009) over
//! `SM3(Z ‖ M)` with `Z` computed from [`SM2_DISTINGUISHING_ID`] — what
//! `openssl pkeyutl -digest sm3 -pkeyopt distid:1234567812345678` and gmssl produce;
//! SM2 signing is deterministic (RFC 6979 nonce with SM3), so it needs no randomness.
//! Ed25519 signatures are the 64 raw bytes of RFC 8032 (verification is "strict":
//! small-order keys and non-canonical signatures are rejected).
//!
//! SM2 public-key encryption ([`PublicKey::sm2_encrypt`], [`PrivateKey::sm2_decrypt`]) wraps
//! the content key of encrypted packages; its ephemeral scalar comes from a caller-supplied seed.
//!
//! Randomness (key generation, salt and IV of key files) comes from `getrandom`. Natively
//! that is the OS. On `wasm32-unknown-unknown` core does not pull in a JS backend: the
//! `getrandom` dependency is optional there, and the app turns on this crate's
//! `getrandom` feature together with `getrandom/wasm_js`. Without it, [`PrivateKey::generate`]
//! and [`PrivateKey::to_encrypted_pem`] return [`KeyError::Random`], and the caller can
//! supply the randomness itself ([`PrivateKey::generate_from_seed`],
//! [`PrivateKey::to_encrypted_pem_with_params`]).
//!
//! Dependencies are one RustCrypto generation: `sm2` 0.14, `sm3` 0.5, `sha2` 0.11,
//! `ed25519-dalek` 3, `pkcs8` 0.11 (with `pkcs5` 0.8 PBES2).

mod error;
mod pem;
mod private;
mod public;
mod rng;
pub mod strength;

#[cfg(test)]
mod key_tests;

pub use error::KeyError;
pub use private::PrivateKey;
pub use public::PublicKey;

use serde::{Deserialize, Serialize};

/// Default distinguishing ID of SM2 signatures (GM/T 0009-2012 §10, GB/T 35276-2017):
/// the ASCII string `1234567812345678`, used in the `Z` hash for every SM2 signature
/// made and checked here.
pub const SM2_DISTINGUISHING_ID: &str = "1234567812345678";

/// PBKDF2-HMAC-SHA256 iteration count of the key files written by
/// [`PrivateKey::to_encrypted_pem`].
///
/// 600 000 is OWASP's current recommendation for PBKDF2-HMAC-SHA256 (Password Storage
/// Cheat Sheet, 2023–) and the default of the RustCrypto `pkcs5` crate. A key file can be
/// copied away and attacked offline, so each passphrase guess must be expensive; opening
/// the file happens once per signing session, so a fraction of a second is acceptable.
/// Measured natively in release on a 2-core AMD EPYC VM: ≈0.14 s to write or open a key
/// file with the workspace's `opt-level = "z"`, ≈0.06 s at `opt-level = 3` (OpenSSL
/// 0.12 s); expect a few times that in a browser's wasm. OpenSSL's own default is only
/// 2048 iterations; such files are still read.
pub const DEFAULT_ITERATIONS: u32 = 600_000;

/// Largest PBKDF2 iteration count accepted when *reading* a key file, so that a hostile
/// file cannot make us loop for hours (10 million ≈ 16× the default).
pub const MAX_ITERATIONS: u32 = 10_000_000;

/// The two signature algorithms Shenbao supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// SM2 digital signature (GM/T 0003.2 / GB/T 32918.2) with SM3 and the default ID.
    Sm2,
    /// Ed25519 (RFC 8032).
    Ed25519,
}

impl Algorithm {
    /// All algorithms, SM2 first (the default for government use).
    pub const ALL: [Algorithm; 2] = [Algorithm::Sm2, Algorithm::Ed25519];

    /// Stable id, as in JSON: `sm2`, `ed25519`.
    pub fn id(self) -> &'static str {
        match self {
            Algorithm::Sm2 => "sm2",
            Algorithm::Ed25519 => "ed25519",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            Algorithm::Sm2 => "SM2（国密）",
            Algorithm::Ed25519 => "Ed25519",
        }
    }

    /// The algorithm with this [`id`](Self::id) (case-insensitive).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id().eq_ignore_ascii_case(id.trim()))
    }
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// SM3 hash (GM/T 0004-2012, GB/T 32905-2016).
pub fn sm3(data: &[u8]) -> [u8; 32] {
    use sm3::Digest;
    sm3::Sm3::digest(data).into()
}

/// SHA-256 hash (FIPS 180-4).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(data).into()
}

/// A hex fingerprint for reading aloud: upper case, in groups of 4 (`66C7 F0F4 …`).
pub fn group_hex(hex: &str) -> String {
    let h = hex.to_ascii_uppercase();
    h.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

/// Fingerprint of a public key: SM3 and SHA-256 of its canonical SPKI DER (the bytes of
/// `openssl pkey -pubin -outform DER`; SM2 points uncompressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub sm3: [u8; 32],
    pub sha256: [u8; 32],
}

impl Fingerprint {
    /// Fingerprint of the given SPKI DER bytes.
    pub fn of_spki_der(der: &[u8]) -> Self {
        Fingerprint { sm3: sm3(der), sha256: sha256(der) }
    }

    /// SM3 fingerprint, 64 lower-case hex digits.
    pub fn sm3_hex(&self) -> String {
        hex(&self.sm3)
    }

    /// SHA-256 fingerprint, 64 lower-case hex digits.
    pub fn sha256_hex(&self) -> String {
        hex(&self.sha256)
    }

    /// SM3 fingerprint for reading aloud (over the phone): upper-case hex in 16 groups of
    /// 4, separated by single spaces, e.g. `66C7 F0F4 62EE …`.
    pub fn grouped(&self) -> String {
        let h = self.sm3_hex().to_ascii_uppercase();
        h.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap_or_default()).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_known_answers() {
        // GM/T 0004-2012 Appendix A.1 and A.2.
        assert_eq!(hex(&sm3(b"abc")), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assert_eq!(hex(&sm3("abcd".repeat(16).as_bytes())), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    #[test]
    fn sha256_known_answer() {
        // FIPS 180-2 Appendix B.1.
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn hex_and_grouping() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        let fp = Fingerprint { sm3: sm3(b"abc"), sha256: sha256(b"abc") };
        assert_eq!(fp.grouped(), "66C7 F0F4 62EE EDD9 D1F2 D46B DC10 E4E2 4167 C487 5CF2 F7A2 297D A02B 8F4B A8E0");
        assert_eq!(fp.sm3_hex().len(), 64);
        assert_eq!(fp.sha256_hex(), hex(&sha256(b"abc")));
    }

    #[test]
    fn algorithm_ids_and_serde() {
        assert_eq!(serde_json::to_string(&Algorithm::Sm2).unwrap(), "\"sm2\"");
        assert_eq!(serde_json::to_string(&Algorithm::Ed25519).unwrap(), "\"ed25519\"");
        assert_eq!(serde_json::from_str::<Algorithm>("\"ed25519\"").unwrap(), Algorithm::Ed25519);
        assert!(serde_json::from_str::<Algorithm>("\"rsa\"").is_err());
        for a in Algorithm::ALL {
            assert_eq!(Algorithm::from_id(a.id()), Some(a));
        }
        assert_eq!(Algorithm::Sm2.label(), "SM2（国密）");
        assert_eq!(Algorithm::Ed25519.label(), "Ed25519");
    }
}
