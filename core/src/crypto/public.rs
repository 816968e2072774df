//! Public keys: SPKI (`PUBLIC KEY`) reading and writing, fingerprints, verification.

use super::{Algorithm, Fingerprint, KeyError, SM2_DISTINGUISHING_ID, pem};
use pkcs8::der::Decode;
use pkcs8::{ObjectIdentifier, PrivateKeyInfoRef, SubjectPublicKeyInfoRef};
use std::fmt;

pub(crate) const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const OID_SM2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.156.10197.1.301");
pub(crate) const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

/// `SEQUENCE { SEQUENCE { id-ecPublicKey, sm2 }, BIT STRING (0 unused bits) … }` — followed
/// by the 65-byte uncompressed point. Byte-identical to OpenSSL 3's SM2 public keys.
const SM2_SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
];
/// `SEQUENCE { SEQUENCE { id-Ed25519 }, BIT STRING (0 unused bits) … }` (RFC 8410) —
/// followed by the 32-byte key.
const ED25519_SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

#[derive(Clone)]
enum Inner {
    Sm2(Box<Sm2Key>),
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
            "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" | "EC PRIVATE KEY" | "RSA PRIVATE KEY" | "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
                Err(KeyError::PrivateKeyGiven)
            }
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
        let is_sm2 =
            (alg.oid == OID_EC_PUBLIC_KEY && alg.parameters_oid().ok() == Some(OID_SM2)) || (alg.oid == OID_SM2 && alg.parameters.is_none_or(|p| p.is_null()));
        if is_sm2 {
            let point = sm2::PublicKey::from_sec1_bytes(key_bytes).map_err(|_| KeyError::Corrupted("SM2 公钥不是曲线上的有效点".into()))?;
            Self::from_sm2(point)
        } else if alg.oid == OID_ED25519 {
            if alg.parameters.is_some() {
                return Err(KeyError::Corrupted("Ed25519 公钥不应带算法参数".into()));
            }
            let bytes: &[u8; 32] = key_bytes.try_into().map_err(|_| KeyError::Corrupted("Ed25519 公钥长度不是 32 字节".into()))?;
            let vk = ed25519_dalek::VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::Corrupted("Ed25519 公钥不是有效的曲线点".into()))?;
            if vk.is_weak() {
                return Err(KeyError::Corrupted("Ed25519 公钥是小阶点（无效公钥）".into()));
            }
            Ok(Self::from_ed25519(vk))
        } else {
            Err(KeyError::UnsupportedAlgorithm(algorithm_name(alg.oid, alg.parameters_oid().ok())))
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
        let vk = sm2::dsa::VerifyingKey::new(SM2_DISTINGUISHING_ID, point).map_err(|_| KeyError::Corrupted("SM2 公钥无效".into()))?;
        let z = sm2_z(&encoded.as_bytes()[1..]);
        Ok(PublicKey { inner: Inner::Sm2(Box::new(Sm2Key { vk, z })), spki })
    }

    pub(crate) fn from_ed25519(vk: ed25519_dalek::VerifyingKey) -> Self {
        let mut spki = ED25519_SPKI_PREFIX.to_vec();
        spki.extend_from_slice(vk.as_bytes());
        PublicKey { inner: Inner::Ed25519(vk), spki }
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
            Inner::Sm2(key) => match sm2::dsa::Signature::from_der(signature) {
                Ok(sig) => key.verify(message, &sig),
                Err(_) => false,
            },
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

/// An SM2 verifying key with its `Z` (GM/T 0003.2 §5.5: SM3 of the ID, the curve and the
/// key), computed once with the key.
#[derive(Clone)]
struct Sm2Key {
    vk: sm2::dsa::VerifyingKey,
    z: [u8; 32],
}

/// `Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA)` for [`SM2_DISTINGUISHING_ID`], from the
/// key's 64 coordinate bytes `xA ‖ yA`.
fn sm2_z(xy: &[u8]) -> [u8; 32] {
    // GM/T 0003.5 curve parameters: a, b, xG, yG.
    const CURVE: [u8; 128] = hex_bytes(
        b"FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC\
          28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93\
          32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7\
          BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0",
    );
    use sm3::Digest;
    let id = SM2_DISTINGUISHING_ID.as_bytes();
    let mut h = sm3::Sm3::new();
    h.update(((id.len() * 8) as u16).to_be_bytes());
    h.update(id);
    h.update(CURVE);
    h.update(xy);
    h.finalize().into()
}

/// 128 bytes from 256 upper-case hex digits, at compile time.
const fn hex_bytes(hex: &[u8]) -> [u8; 128] {
    const fn digit(c: u8) -> u8 {
        if c.is_ascii_digit() { c - b'0' } else { c - b'A' + 10 }
    }
    let mut out = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        out[i] = digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]);
        i += 1;
    }
    out
}

impl Sm2Key {
    /// GM/T 0003.2 §7 (B1–B7), as `sm2::dsa::VerifyingKey` checks it, with `[s]G + [t]P`
    /// computed in variable time (w-NAF): everything it involves is public, and the constant-
    /// time combination the crate uses, which a signer needs, made an SM2 verification cost
    /// about a third more.
    #[cfg(not(target_arch = "wasm32"))]
    fn verify(&self, message: &[u8], sig: &sm2::dsa::Signature) -> bool {
        use sm2::elliptic_curve::Group;
        use sm2::elliptic_curve::ops::{LinearCombination, Reduce};
        use sm2::elliptic_curve::point::AffineCoordinates;
        use sm2::{FieldBytes, ProjectivePoint, Scalar};
        use sm3::Digest;
        // B1, B2: r and s in [1, n-1] (checked when the signature was read).
        let (r, s) = (sig.r(), sig.s());
        // B3, B4: e = SM3(Z ‖ M).
        let mut h = sm3::Sm3::new();
        h.update(self.z);
        h.update(message);
        let digest: [u8; 32] = h.finalize().into();
        let e = <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(digest));
        // B5: t = r + s mod n, not zero.
        let t = *r + *s;
        if bool::from(t.is_zero()) {
            return false;
        }
        // B6: (x1, y1) = [s]G + [t]P, not the point at infinity.
        let point = ProjectivePoint::lincomb_vartime(&[(ProjectivePoint::GENERATOR, *s), (ProjectivePoint::from(*self.vk.as_affine()), t)]);
        if bool::from(point.is_identity()) {
            return false;
        }
        // B7: r = e + x1 mod n.
        *r == e + <Scalar as Reduce<FieldBytes>>::reduce(&point.to_affine().x())
    }
}

impl Sm2Key {
    /// The browser keeps the crate's verification: the w-NAF code would add to the wasm,
    /// which has a size budget, while the reviewer's desk verifies a few packages at a time.
    #[cfg(target_arch = "wasm32")]
    fn verify(&self, message: &[u8], sig: &sm2::dsa::Signature) -> bool {
        use sm2::dsa::signature::Verifier;
        let _ = self.z;
        self.vk.verify(message, sig).is_ok()
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
        let Inner::Sm2(key) = &self.inner else {
            return Err(KeyError::UnsupportedAlgorithm("Ed25519 不能用于加密，加密需要 SM2 公钥".into()));
        };
        let point = sm2::PublicKey::from_affine(*key.vk.as_affine()).map_err(|_| KeyError::Corrupted("SM2 公钥无效".into()))?;
        let key = sm2::pke::EncryptingKey::new_with_mode(point, sm2::pke::Mode::C1C3C2);
        let mut rng = super::rng::SeedRng::new(seed);
        key.encrypt(&mut rng, message).map_err(|_| KeyError::Internal("SM2 加密失败".into()))
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
        f.debug_struct("PublicKey").field("algorithm", &self.algorithm()).field("sm3", &self.fingerprint().sm3_hex()).finish()
    }
}

/// Detail for a PEM of a kind that is not a key.
pub(crate) fn other_label(label: &str) -> String {
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => "这是证书（CERTIFICATE），不是密钥文件".into(),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => "这是证书请求，不是密钥文件".into(),
        "OPENSSH PRIVATE KEY" => "这是 OpenSSH 格式的私钥，请先转换为 PKCS#8".into(),
        "PGP PRIVATE KEY BLOCK" | "PGP PUBLIC KEY BLOCK" => "这是 PGP 密钥，不是 PEM 密钥文件".into(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{Algorithm, PrivateKey};

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }
    /// SM2: the variable-time verification gives the `sm2` crate's answer — for genuine
    /// signatures, every flipped bit of signature and message, swapped keys and crafted `r`, `s`
    /// (zero, `n`, `n - 1`, `r + s = n`) — and `Z` is the crate's.
    #[test]
    fn sm2_verification_agrees_with_the_sm2_crate() {
        use sm2::dsa::signature::Verifier;
        let crate_says = |public: &PublicKey, msg: &[u8], sig: &[u8]| {
            let Inner::Sm2(key) = &public.inner else { unreachable!() };
            sm2::dsa::Signature::from_der(sig).is_ok_and(|s| key.vk.verify(msg, &s).is_ok())
        };
        let keys: Vec<PrivateKey> =
            (0u8..3).map(|i| PrivateKey::generate_from_seed(Algorithm::Sm2, &[i.wrapping_mul(37).wrapping_add(1); 32]).unwrap()).collect();
        let n = unhex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");
        let der = |r: &[u8], s: &[u8]| {
            let int = |v: &[u8]| {
                let v: Vec<u8> = v.iter().copied().skip_while(|b| *b == 0).collect();
                let mut v = if v.first().is_none_or(|b| *b >= 0x80) { [vec![0], v].concat() } else { v };
                v.insert(0, v.len() as u8);
                v.insert(0, 0x02);
                v
            };
            let body = [int(r), int(s)].concat();
            [vec![0x30, body.len() as u8], body].concat()
        };
        let mut checked = 0;
        for (k, key) in keys.iter().enumerate() {
            let public = key.public_key();
            let other = keys[(k + 1) % keys.len()].public_key();
            for m in 0..4u8 {
                let msg: Vec<u8> = (0..(m as usize * 37)).map(|i| (i as u8) ^ m).collect();
                let sig = key.sign(&msg);
                assert!(public.verify(&msg, &sig));
                let mut cases = vec![(msg.clone(), sig.clone()), (b"other".to_vec(), sig.clone())];
                for i in 0..sig.len() * 8 {
                    let mut s = sig.clone();
                    s[i / 8] ^= 1 << (i % 8);
                    cases.push((msg.clone(), s));
                }
                let parsed = sm2::dsa::Signature::from_der(&sig).unwrap();
                let (r, s) = (parsed.r().to_bytes().to_vec(), parsed.s().to_bytes().to_vec());
                let mut n_minus_r = n.clone();
                // n - r, so that r + s = n (t = 0).
                let mut borrow = 0i16;
                for i in (0..32).rev() {
                    let d = n[i] as i16 - r[i] as i16 - borrow;
                    n_minus_r[i] = d.rem_euclid(256) as u8;
                    borrow = i16::from(d < 0);
                }
                let mut n_minus_1 = n.clone();
                n_minus_1[31] -= 1;
                for (r2, s2) in [(&r, &n_minus_r), (&r, &n), (&n, &s), (&r, &vec![0u8; 32]), (&n_minus_1, &s), (&r, &n_minus_1), (&s, &r)] {
                    cases.push((msg.clone(), der(r2, s2)));
                }
                for (msg, sig) in cases {
                    let expected = crate_says(&public, &msg, &sig);
                    assert_eq!(public.verify(&msg, &sig), expected);
                    assert_eq!(other.verify(&msg, &sig), crate_says(&other, &msg, &sig));
                    checked += 1;
                }
            }
        }
        assert!(checked > 5_000);
    }
}
