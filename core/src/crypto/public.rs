//! Public keys: SPKI (`PUBLIC KEY`) reading and writing, fingerprints, verification.

use super::{Algorithm, Fingerprint, KeyError, SM2_DISTINGUISHING_ID, pem};
use pkcs8::der::Decode;
use pkcs8::{ObjectIdentifier, PrivateKeyInfoRef, SubjectPublicKeyInfoRef};
use std::fmt;

pub(crate) const OID_EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_SM2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");
pub(crate) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// `SEQUENCE { SEQUENCE { id-ecPublicKey, sm2 }, BIT STRING (0 unused bits) … }` — followed
/// by the 65-byte uncompressed point. Byte-identical to OpenSSL 3's SM2 public keys.
const SM2_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
];
/// `SEQUENCE { SEQUENCE { id-Ed25519 }, BIT STRING (0 unused bits) … }` (RFC 8410) —
/// followed by the 32-byte key.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

#[derive(Clone)]
enum Inner {
    Sm2(Box<sm2::dsa::VerifyingKey>),
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// An SM2 or Ed25519 public key.
///
/// Two keys are equal when their canonical SPKI DER is equal (which is what the
/// fingerprint hashes).
#[derive(Clone)]
pub struct PublicKey {
    inner: Inner,
    /// Canonical SPKI DER (SM2 point uncompressed), as OpenSSL writes it.
    spki: Vec<u8>,
}

impl PublicKey {
    /// Reads a `-----BEGIN PUBLIC KEY-----` (SPKI) PEM file.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        let block = pem::decode(pem)?;
        match block.label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(&block.der),
            "PRIVATE KEY"
            | "ENCRYPTED PRIVATE KEY"
            | "EC PRIVATE KEY"
            | "RSA PRIVATE KEY"
            | "DSA PRIVATE KEY"
            | "OPENSSH PRIVATE KEY" => Err(KeyError::PrivateKeyGiven),
            "RSA PUBLIC KEY" => Err(KeyError::UnsupportedAlgorithm("RSA".into())),
            other => Err(KeyError::NotAKeyFile(other_label(other))),
        }
    }

    /// Reads SPKI DER (`SubjectPublicKeyInfo`, RFC 5280). SM2 keys are `id-ecPublicKey`
    /// with curve `1.2.156.10197.1.301` (also accepted: algorithm OID `1.2.156.10197.1.301`
    /// itself, and a compressed point); Ed25519 keys `1.3.101.112` (RFC 8410).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki = match SubjectPublicKeyInfoRef::from_der(der) {
            Ok(spki) => spki,
            Err(_) => {
                if PrivateKeyInfoRef::from_der(der).is_ok() {
                    return Err(KeyError::PrivateKeyGiven);
                }
                return Err(KeyError::Corrupted("公钥的 DER 结构无效".into()));
            }
        };
        let alg = &spki.algorithm;
        let Some(key_bytes) = spki.subject_public_key.as_bytes() else {
            return Err(KeyError::Corrupted("公钥位串无效".into()));
        };
        let is_sm2 = (alg.oid == OID_EC_PUBLIC_KEY && alg.parameters_oid().ok() == Some(OID_SM2))
            || (alg.oid == OID_SM2 && alg.parameters.is_none_or(|p| p.is_null()));
        if is_sm2 {
            let point = sm2::PublicKey::from_sec1_bytes(key_bytes)
                .map_err(|_| KeyError::Corrupted("SM2 公钥不是曲线上的有效点".into()))?;
            Self::from_sm2(point)
        } else if alg.oid == OID_ED25519 {
            if alg.parameters.is_some() {
                return Err(KeyError::Corrupted("Ed25519 公钥不应带算法参数".into()));
            }
            let bytes: &[u8; 32] = key_bytes
                .try_into()
                .map_err(|_| KeyError::Corrupted("Ed25519 公钥长度不是 32 字节".into()))?;
            let vk = ed25519_dalek::VerifyingKey::from_bytes(bytes)
                .map_err(|_| KeyError::Corrupted("Ed25519 公钥不是有效的曲线点".into()))?;
            if vk.is_weak() {
                return Err(KeyError::Corrupted(
                    "Ed25519 公钥是小阶点（无效公钥）".into(),
                ));
            }
            Ok(Self::from_ed25519(vk))
        } else {
            Err(KeyError::UnsupportedAlgorithm(algorithm_name(
                alg.oid,
                alg.parameters_oid().ok(),
            )))
        }
    }

    pub(crate) fn from_sm2(point: sm2::PublicKey) -> Result<Self, KeyError> {
        use sm2::elliptic_curve::sec1::ToSec1Point;
        let encoded = point.as_affine().to_sec1_point(false);
        let mut spki = SM2_SPKI_PREFIX.to_vec();
        spki.extend_from_slice(encoded.as_bytes());
        if spki.len() != 91 {
            return Err(KeyError::Corrupted("SM2 公钥无效".into()));
        }
        let vk = sm2::dsa::VerifyingKey::new(SM2_DISTINGUISHING_ID, point)
            .map_err(|_| KeyError::Corrupted("SM2 公钥无效".into()))?;
        Ok(PublicKey {
            inner: Inner::Sm2(Box::new(vk)),
            spki,
        })
    }

    pub(crate) fn from_ed25519(vk: ed25519_dalek::VerifyingKey) -> Self {
        let mut spki = ED25519_SPKI_PREFIX.to_vec();
        spki.extend_from_slice(vk.as_bytes());
        PublicKey {
            inner: Inner::Ed25519(vk),
            spki,
        }
    }

    /// The key as a `-----BEGIN PUBLIC KEY-----` PEM (what `openssl pkey -pubout` writes).
    pub fn to_pem(&self) -> String {
        pem::encode("PUBLIC KEY", &self.spki)
    }

    /// Canonical SPKI DER (SM2 point uncompressed): the bytes the fingerprint hashes.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        match self.inner {
            Inner::Sm2(_) => Algorithm::Sm2,
            Inner::Ed25519(_) => Algorithm::Ed25519,
        }
    }

    /// SM3 and SHA-256 of [`spki_der`](Self::spki_der).
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_spki_der(&self.spki)
    }

    /// Checks a signature over `message`. SM2: DER `SEQUENCE { r, s }` (GM/T 0009), digest
    /// `SM3(Z ‖ message)` with ID [`SM2_DISTINGUISHING_ID`]. Ed25519: 64 bytes, strict
    /// RFC 8032 verification. Any malformed signature is simply `false`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.inner {
            Inner::Sm2(vk) => {
                use sm2::dsa::signature::Verifier;
                match sm2::dsa::Signature::from_der(signature) {
                    Ok(sig) => vk.verify(message, &sig).is_ok(),
                    Err(_) => false,
                }
            }
            Inner::Ed25519(vk) => match <&[u8; 64]>::try_from(signature) {
                Ok(bytes) => {
                    let sig = ed25519_dalek::Signature::from_bytes(bytes);
                    vk.verify_strict(message, &sig).is_ok()
                }
                Err(_) => false,
            },
        }
    }
}

impl PublicKey {
    /// SM2 public-key encryption (GB/T 32918.4-2016) of a short `message` to this key, with
    /// SM3 as the KDF and C3 hash. The result is the standard byte string `C1 ‖ C3 ‖ C2`:
    /// C1 the uncompressed point `04 ‖ x ‖ y` (65 bytes), C3 the 32-byte SM3 hash, C2 as long
    /// as `message`. (Python `gmssl` writes the same without the leading `04`, with `mode=1`;
    /// OpenSSL wraps the same four values in the GM/T 0009 DER `SM2Cipher` structure.)
    ///
    /// The ephemeral scalar `k` is drawn from `seed` (32 fresh random bytes from the caller,
    /// expanded with SM3), so this function is deterministic for a given seed and core
    /// reads no entropy of its own. Ed25519 keys cannot encrypt: [`KeyError::UnsupportedAlgorithm`].
    pub fn sm2_encrypt(&self, message: &[u8], seed: &[u8; 32]) -> Result<Vec<u8>, KeyError> {
        let Inner::Sm2(vk) = &self.inner else {
            return Err(KeyError::UnsupportedAlgorithm("Ed25519 不能用于加密，加密需要 SM2 公钥".into()));
        };
        let point = sm2::PublicKey::from_affine(*vk.as_affine())
            .map_err(|_| KeyError::Corrupted("SM2 公钥无效".into()))?;
        let key = sm2::pke::EncryptingKey::new_with_mode(point, sm2::pke::Mode::C1C3C2);
        let mut rng = super::rng::SeedRng::new(seed);
        key.encrypt(&mut rng, message)
            .map_err(|_| KeyError::Internal("SM2 加密失败".into()))
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki == other.spki
    }
}

impl Eq for PublicKey {}

impl std::hash::Hash for PublicKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.spki.hash(state);
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("algorithm", &self.algorithm())
            .field("sm3", &self.fingerprint().sm3_hex())
            .finish()
    }
}

/// Detail for a PEM of a kind that is not a key.
pub(crate) fn other_label(label: &str) -> String {
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            "这是证书（CERTIFICATE），不是密钥文件".into()
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => "这是证书请求，不是密钥文件".into(),
        "OPENSSH PRIVATE KEY" => "这是 OpenSSH 格式的私钥，请先转换为 PKCS#8".into(),
        "PGP PRIVATE KEY BLOCK" | "PGP PUBLIC KEY BLOCK" => {
            "这是 PGP 密钥，不是 PEM 密钥文件".into()
        }
        other => format!("PEM 类型为“{other}”，不是密钥"),
    }
}

/// A name for people of a key algorithm we do not support.
pub(crate) fn algorithm_name(oid: ObjectIdentifier, parameter: Option<ObjectIdentifier>) -> String {
    match oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => "RSA".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.3.101.110" => "X25519（密钥交换，不能签名）".into(),
        "1.3.101.111" => "X448（密钥交换，不能签名）".into(),
        "1.2.840.10045.2.1" => match parameter.map(|p| p.to_string()).as_deref() {
            Some("1.2.840.10045.3.1.7") => "ECDSA P-256（prime256v1）".into(),
            Some("1.3.132.0.34") => "ECDSA P-384".into(),
            Some("1.3.132.0.35") => "ECDSA P-521".into(),
            Some("1.3.132.0.10") => "ECDSA secp256k1".into(),
            Some(curve) => format!("ECDSA，曲线 OID {curve}"),
            None => "ECDSA（未指明曲线或显式曲线参数）".into(),
        },
        other => format!("OID {other}"),
    }
}
