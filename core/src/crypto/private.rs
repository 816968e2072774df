//! Private keys: generation, signing, PKCS#8 files (passphrase-protected PBES2).

use super::public::{OID_EC_PUBLIC_KEY, OID_ED25519, OID_SM2, algorithm_name, other_label};
use super::{Algorithm, DEFAULT_ITERATIONS, KeyError, MAX_ITERATIONS, PublicKey, SM2_DISTINGUISHING_ID, pem, rng};
use pkcs8::der::asn1::{AnyRef, OctetStringRef};
use pkcs8::der::{Decode, Encode};
use pkcs8::pkcs5::{EncryptionScheme, pbes2};
use pkcs8::{AlgorithmIdentifierRef, EncodePrivateKey, EncryptedPrivateKeyInfo, EncryptedPrivateKeyInfoRef, ObjectIdentifier, PrivateKeyInfoRef};
use std::fmt;
use zeroize::Zeroizing;

/// `SEQUENCE { INTEGER 0, SEQUENCE { id-Ed25519 }, OCTET STRING { OCTET STRING (32) } }`
/// (RFC 8410 §7), followed by the 32-byte seed — byte-identical to OpenSSL 3.
const ED25519_PKCS8_PREFIX: [u8; 16] = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/// Largest scrypt memory (128·r·N bytes) accepted when reading a key file.
const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

enum Secret {
    /// `elliptic_curve::SecretKey` zeroizes itself on drop.
    Sm2(sm2::SecretKey),
    /// `ed25519_dalek::SigningKey` zeroizes itself on drop (feature `zeroize`).
    Ed25519(ed25519_dalek::SigningKey),
}

/// An SM2 or Ed25519 private key, with its public key.
///
/// The secret is zeroized when the value is dropped (SM2 signing briefly builds a
/// signing context on the stack that the `sm2` crate does not zeroize). There is no
/// `Clone`, and `Debug` prints only the algorithm and the public fingerprint.
pub struct PrivateKey {
    secret: Secret,
    public: PublicKey,
}

impl PrivateKey {
    /// A new random key, using the OS's randomness (in the browser: the JS crypto API,
    /// when the app enables it; see the [module docs](super)).
    pub fn generate(alg: Algorithm) -> Result<Self, KeyError> {
        // An SM2 seed is rejected with probability ≈ 2⁻³²; retrying is rejection sampling.
        for _ in 0..16 {
            let mut seed = Zeroizing::new([0u8; 32]);
            rng::fill(&mut seed[..])?;
            match Self::generate_from_seed(alg, &seed) {
                Err(KeyError::Random(_)) => continue,
                other => return other,
            }
        }
        Err(KeyError::Random("随机数源反复给出无效值".into()))
    }

    /// The key determined by 32 bytes of secret, uniformly random seed material (for
    /// callers that supply their own randomness). Ed25519: the seed is the RFC 8032
    /// private key. SM2: the seed, big-endian, is the private scalar `d`; seeds outside
    /// `[1, n−2]` (probability ≈ 2⁻³²) give [`KeyError::Random`] — draw another.
    pub fn generate_from_seed(alg: Algorithm, seed: &[u8; 32]) -> Result<Self, KeyError> {
        match alg {
            Algorithm::Ed25519 => Ok(Self::from_ed25519(ed25519_dalek::SigningKey::from_bytes(seed))),
            Algorithm::Sm2 => {
                let secret = sm2::SecretKey::from_slice(seed).map_err(|_| KeyError::Random("种子不在 SM2 私钥的取值范围内，请换一个随机种子".into()))?;
                Self::from_sm2(secret).map_err(|_| KeyError::Random("种子不在 SM2 私钥的取值范围内，请换一个随机种子".into()))
            }
        }
    }

    fn from_ed25519(sk: ed25519_dalek::SigningKey) -> Self {
        let public = PublicKey::from_ed25519(sk.verifying_key());
        PrivateKey { secret: Secret::Ed25519(sk), public }
    }

    /// SM2 private keys must lie in `[1, n−2]` (GB/T 32918.1 §6.1): `1 + d` is inverted
    /// when signing.
    fn from_sm2(secret: sm2::SecretKey) -> Result<Self, KeyError> {
        let d = secret.to_nonzero_scalar();
        if bool::from((*d + sm2::Scalar::ONE).is_zero()) {
            return Err(KeyError::Corrupted("SM2 私钥取值无效（d = n−1）".into()));
        }
        let public = PublicKey::from_sm2(secret.public_key())?;
        Ok(PrivateKey { secret: Secret::Sm2(secret), public })
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        self.public.clone()
    }

    /// The key's algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.public.algorithm()
    }

    /// Signs `message`. SM2: DER `SEQUENCE { r, s }` over `SM3(Z ‖ message)` with ID
    /// [`SM2_DISTINGUISHING_ID`], deterministic nonce (RFC 6979 with SM3). Ed25519: the 64
    /// bytes of RFC 8032.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.secret {
            Secret::Sm2(secret) => {
                use sm2::dsa::signature::Signer;
                // Cannot fail: the distinguishing ID is short and the key was checked.
                let sk = sm2::dsa::SigningKey::new(SM2_DISTINGUISHING_ID, secret).expect("SM2 signing key from a validated secret");
                // Fails only if r = 0 or r + k = n, probability ≈ 2⁻²⁵⁶.
                let sig: sm2::dsa::Signature = sk.try_sign(message).expect("SM2 signing failure has negligible probability");
                sig.to_der().to_vec()
            }
            Secret::Ed25519(sk) => {
                use ed25519_dalek::Signer;
                sk.sign(message).to_bytes().to_vec()
            }
        }
    }

    /// SM2 public-key decryption (GB/T 32918.4-2016, SM3) of `C1 ‖ C3 ‖ C2` as written by
    /// [`PublicKey::sm2_encrypt`]. `None` when the ciphertext was not made for this key or
    /// was altered (the C3 hash does not match), or when this is not an SM2 key.
    pub fn sm2_decrypt(&self, ciphertext: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let Secret::Sm2(secret) = &self.secret else { return None };
        let key = sm2::pke::DecryptingKey::new_with_mode(secret.to_nonzero_scalar(), sm2::pke::Mode::C1C3C2);
        key.decrypt(ciphertext).ok().map(Zeroizing::new)
    }

    /// Unencrypted PKCS#8 DER (OneAsymmetricKey v1), as OpenSSL 3 writes it.
    pub(crate) fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        match &self.secret {
            Secret::Sm2(secret) => {
                let doc = secret.to_pkcs8_der().map_err(|e| KeyError::Internal(format!("PKCS#8 编码失败：{e}")))?;
                Ok(Zeroizing::new(doc.as_bytes().to_vec()))
            }
            Secret::Ed25519(sk) => {
                let mut der = Zeroizing::new(Vec::with_capacity(48));
                der.extend_from_slice(&ED25519_PKCS8_PREFIX);
                der.extend_from_slice(sk.as_bytes());
                Ok(der)
            }
        }
    }

    /// A passphrase-protected `-----BEGIN ENCRYPTED PRIVATE KEY-----` file: PKCS#8 PBES2,
    /// PBKDF2-HMAC-SHA256 with [`DEFAULT_ITERATIONS`], AES-256-CBC, random 16-byte salt
    /// and IV. `openssl pkey -in k.pem -passin pass:…` opens it.
    pub fn to_encrypted_pem(&self, passphrase: &[u8]) -> Result<String, KeyError> {
        self.to_encrypted_pem_with_iterations(passphrase, DEFAULT_ITERATIONS)
    }

    /// As [`to_encrypted_pem`](Self::to_encrypted_pem) with another iteration count
    /// (tests use a small one; `1..=MAX_ITERATIONS`).
    pub fn to_encrypted_pem_with_iterations(&self, passphrase: &[u8], iterations: u32) -> Result<String, KeyError> {
        let mut random = Zeroizing::new([0u8; 32]);
        rng::fill(&mut random[..])?;
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        salt.copy_from_slice(&random[..16]);
        iv.copy_from_slice(&random[16..]);
        self.to_encrypted_pem_with_params(passphrase, iterations, &salt, &iv)
    }

    /// As [`to_encrypted_pem`](Self::to_encrypted_pem) with caller-supplied salt and IV
    /// (which must be fresh random bytes for every file; deterministic tests and
    /// environments without `getrandom` use this).
    pub fn to_encrypted_pem_with_params(&self, passphrase: &[u8], iterations: u32, salt: &[u8; 16], iv: &[u8; 16]) -> Result<String, KeyError> {
        if passphrase.is_empty() {
            return Err(KeyError::EmptyPassphrase);
        }
        if iterations == 0 || iterations > MAX_ITERATIONS {
            return Err(KeyError::Internal(format!("PBKDF2 迭代次数 {iterations} 不在 1 到 {MAX_ITERATIONS} 之间")));
        }
        let internal = |e: &dyn fmt::Display| KeyError::Internal(format!("私钥加密失败：{e}"));
        let params = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, salt, *iv).map_err(|e| internal(&e))?;
        let plaintext = self.pkcs8_der()?;
        let ciphertext = params.encrypt(passphrase, &plaintext).map_err(|e| internal(&e))?;
        let info = EncryptedPrivateKeyInfo { encryption_algorithm: params.into(), encrypted_data: OctetStringRef::new(&ciphertext).map_err(|e| internal(&e))? };
        let der = info.to_der().map_err(|e| internal(&e))?;
        Ok(pem::encode("ENCRYPTED PRIVATE KEY", &der))
    }

    /// Opens a passphrase-protected `-----BEGIN ENCRYPTED PRIVATE KEY-----` file (ours,
    /// OpenSSL's `openssl pkcs8 -topk8` / `genpkey -aes-256-cbc`, Python `cryptography`):
    /// PBES2 with PBKDF2-HMAC-SHA2 or scrypt, AES-CBC or AES-GCM.
    pub fn from_encrypted_pem(pem: &str, passphrase: &[u8]) -> Result<Self, KeyError> {
        let block = pem::decode(pem)?;
        match block.label.as_str() {
            "ENCRYPTED PRIVATE KEY" => Self::from_encrypted_der(&block.der, passphrase),
            label => Err(wrong_label(label, block.legacy_encrypted, true)),
        }
    }

    /// Opens PKCS#8 `EncryptedPrivateKeyInfo` DER (see
    /// [`from_encrypted_pem`](Self::from_encrypted_pem)).
    pub fn from_encrypted_der(der: &[u8], passphrase: &[u8]) -> Result<Self, KeyError> {
        let info = match EncryptedPrivateKeyInfoRef::from_der(der) {
            Ok(info) => info,
            Err(_) => return Err(describe_unparsable_encrypted(der)),
        };
        let params = match &info.encryption_algorithm {
            EncryptionScheme::Pbes2(params) => params,
            EncryptionScheme::Pbes1(_) => {
                return Err(KeyError::UnsupportedEncryption("PBES1（过时的算法）".into()));
            }
            #[allow(unreachable_patterns)]
            _ => return Err(KeyError::UnsupportedEncryption("未知的加密方案".into())),
        };
        check_kdf(&params.kdf)?;
        let data = info.encrypted_data.as_bytes();
        let block_ok = match params.encryption {
            pbes2::EncryptionScheme::Aes128Cbc { .. } | pbes2::EncryptionScheme::Aes192Cbc { .. } | pbes2::EncryptionScheme::Aes256Cbc { .. } => {
                !data.is_empty() && data.len() % 16 == 0
            }
            _ => data.len() >= 16,
        };
        if !block_ok {
            return Err(KeyError::Corrupted("密文长度不对（文件可能被截断）".into()));
        }
        let plaintext = match params.decrypt(passphrase, data) {
            Ok(pt) => Zeroizing::new(pt),
            Err(pkcs8::pkcs5::Error::DecryptFailed) => return Err(KeyError::WrongPassphrase),
            Err(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid }) => {
                return Err(KeyError::UnsupportedEncryption(format!("算法 OID {oid}")));
            }
            Err(e) => return Err(KeyError::Corrupted(format!("加密参数无效（{e}）"))),
        };
        Self::from_pkcs8_der_inner(&plaintext, true)
    }

    /// Reads an unencrypted `-----BEGIN PRIVATE KEY-----` PKCS#8 file (OpenSSL
    /// `genpkey` output, for interoperability tests): Ed25519 (RFC 8410) or SM2
    /// (`id-ecPublicKey` + curve `1.2.156.10197.1.301`, with an RFC 5915 `ECPrivateKey`).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        let block = pem::decode(pem)?;
        match block.label.as_str() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&block.der),
            label => Err(wrong_label(label, block.legacy_encrypted, false)),
        }
    }

    /// Reads unencrypted PKCS#8 DER (see [`from_pkcs8_pem`](Self::from_pkcs8_pem)).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        Self::from_pkcs8_der_inner(der, false)
    }

    /// `decrypted`: the DER just came out of PBES2 decryption, so a structure that does
    /// not parse means the passphrase was wrong (the padding check passes by chance for
    /// about 1 wrong key in 256).
    fn from_pkcs8_der_inner(der: &[u8], decrypted: bool) -> Result<Self, KeyError> {
        let broken = |detail: &str| {
            if decrypted { KeyError::WrongPassphrase } else { KeyError::Corrupted(detail.into()) }
        };
        let pki = match PrivateKeyInfoRef::from_der(der) {
            Ok(pki) => pki,
            Err(_) if !decrypted && EncryptedPrivateKeyInfoRef::from_der(der).is_ok() => {
                return Err(KeyError::PassphraseRequired);
            }
            Err(_) if !decrypted && pkcs8::SubjectPublicKeyInfoRef::from_der(der).is_ok() => {
                return Err(KeyError::PublicKeyGiven);
            }
            Err(_) => return Err(broken("PKCS#8 私钥结构无效")),
        };
        let alg = pki.algorithm;
        let parameter = alg.parameters_oid().ok();
        let is_sm2 = (alg.oid == OID_EC_PUBLIC_KEY && parameter == Some(OID_SM2)) || (alg.oid == OID_SM2 && alg.parameters.is_none_or(|p| p.is_null()));
        if is_sm2 {
            // Normalise the GmSSL-style algorithm OID to what the `sm2` crate expects.
            let pki = PrivateKeyInfoRef { algorithm: AlgorithmIdentifierRef { oid: OID_EC_PUBLIC_KEY, parameters: Some(AnyRef::from(&OID_SM2)) }, ..pki };
            let secret = sm2::SecretKey::try_from(pki).map_err(|_| KeyError::Corrupted("SM2 私钥无效（取值超出范围，或与文件中的公钥不符）".into()))?;
            Self::from_sm2(secret)
        } else if alg.oid == OID_ED25519 {
            if alg.parameters.is_some() {
                return Err(KeyError::Corrupted("Ed25519 私钥不应带算法参数".into()));
            }
            let seed = <&OctetStringRef>::from_der(pki.private_key.as_bytes()).map_err(|_| KeyError::Corrupted("Ed25519 私钥结构无效".into()))?;
            let seed: &[u8; 32] = seed.as_bytes().try_into().map_err(|_| KeyError::Corrupted("Ed25519 私钥长度不是 32 字节".into()))?;
            let key = Self::from_ed25519(ed25519_dalek::SigningKey::from_bytes(seed));
            if let Some(public) = pki.public_key
                && public.as_bytes() != Some(&key.public.spki_der()[12..])
            {
                return Err(KeyError::Corrupted("文件中的公钥与私钥不符".into()));
            }
            Ok(key)
        } else {
            Err(KeyError::UnsupportedAlgorithm(algorithm_name(alg.oid, parameter)))
        }
    }
}

/// The error for a PEM label other than the one expected.
fn wrong_label(label: &str, legacy_encrypted: bool, want_encrypted: bool) -> KeyError {
    match label {
        "PUBLIC KEY" => KeyError::PublicKeyGiven,
        "RSA PUBLIC KEY" | "RSA PRIVATE KEY" => KeyError::UnsupportedAlgorithm("RSA".into()),
        "DSA PRIVATE KEY" => KeyError::UnsupportedAlgorithm("DSA".into()),
        "PRIVATE KEY" if want_encrypted => KeyError::NotEncrypted,
        "ENCRYPTED PRIVATE KEY" => KeyError::PassphraseRequired,
        "EC PRIVATE KEY" if legacy_encrypted => {
            KeyError::UnsupportedEncryption("OpenSSL 传统加密格式（Proc-Type: 4,ENCRYPTED）；请用 openssl pkcs8 -topk8 -v2 aes-256-cbc 转换".into())
        }
        "EC PRIVATE KEY" if want_encrypted => KeyError::NotEncrypted,
        "EC PRIVATE KEY" => KeyError::NotAKeyFile("这是传统的 EC 私钥格式（SEC1）；请用 openssl pkcs8 -topk8 转换为 PKCS#8".into()),
        other => KeyError::NotAKeyFile(other_label(other)),
    }
}

/// The outer `EncryptedPrivateKeyInfo` did not parse with a scheme we know: if it is at
/// least `SEQUENCE { AlgorithmIdentifier, OCTET STRING }`, the scheme is unsupported;
/// otherwise the file is damaged.
fn describe_unparsable_encrypted(der: &[u8]) -> KeyError {
    let generic = AnyRef::from_der(der).and_then(|any| {
        any.sequence(|reader| {
            let alg = AlgorithmIdentifierRef::decode(reader)?;
            let _data = <&OctetStringRef>::decode(reader)?;
            Ok(alg.oid)
        })
    });
    match generic {
        Ok(oid) => KeyError::UnsupportedEncryption(encryption_name(oid)),
        Err(_) if PrivateKeyInfoRef::from_der(der).is_ok() => KeyError::NotEncrypted,
        Err(_) => KeyError::Corrupted("加密私钥的 DER 结构无效".into()),
    }
}

fn encryption_name(oid: ObjectIdentifier) -> String {
    let s = oid.to_string();
    if s == "1.2.840.113549.1.5.13" {
        "PBES2，但其中的密钥派生或加密算法不受支持（例如 SM4、DES、HMAC-SHA1）".into()
    } else if s.starts_with("1.2.840.113549.1.5.") {
        "PBES1（过时的算法）".into()
    } else if s.starts_with("1.2.840.113549.1.12.1.") {
        "PKCS#12 PBE（过时的算法）".into()
    } else {
        format!("OID {s}")
    }
}

/// Refuses key-derivation parameters we do not support or that would take unreasonable
/// time or memory.
fn check_kdf(kdf: &pbes2::Kdf) -> Result<(), KeyError> {
    match kdf {
        pbes2::Kdf::Pbkdf2(p) => {
            if p.prf == pbes2::Pbkdf2Prf::HmacWithSha1 {
                return Err(KeyError::UnsupportedEncryption("PBKDF2-HMAC-SHA1".into()));
            }
            if p.iteration_count == 0 {
                return Err(KeyError::Corrupted("PBKDF2 迭代次数为 0".into()));
            }
            if p.iteration_count > MAX_ITERATIONS {
                return Err(KeyError::UnsupportedEncryption(format!("PBKDF2 迭代次数 {} 超过上限 {MAX_ITERATIONS}", p.iteration_count)));
            }
            Ok(())
        }
        pbes2::Kdf::Scrypt(p) => {
            let n = p.cost_parameter;
            let r = u64::from(p.block_size);
            let parallel = u64::from(p.parallelization);
            let memory = 128u64.saturating_mul(r).saturating_mul(n);
            if n < 2 || !n.is_power_of_two() || r == 0 || parallel == 0 {
                return Err(KeyError::Corrupted("scrypt 参数无效".into()));
            }
            if memory > MAX_SCRYPT_MEMORY || parallel > 16 {
                return Err(KeyError::UnsupportedEncryption(format!("scrypt 参数过大（N={n}, r={r}, p={parallel}）")));
            }
            Ok(())
        }
        #[allow(unreachable_patterns)]
        _ => Err(KeyError::UnsupportedEncryption("未知的密钥派生算法".into())),
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey").field("algorithm", &self.algorithm()).field("public_sm3", &self.public.fingerprint().sm3_hex()).finish_non_exhaustive()
    }
}
