//! Key-file errors, with messages for people (Chinese).

use std::fmt;

/// Why a key could not be read, written or made.
///
/// The `String` payloads are details for people (Chinese), not for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The key file is intact, but the passphrase does not open it.
    WrongPassphrase,
    /// An empty passphrase was given for protecting a private key.
    EmptyPassphrase,
    /// The text is not a PEM key file at all (no `-----BEGIN …-----` line), or a PEM of
    /// another kind (certificate, OpenSSH key, …). Detail says what was found.
    NotAKeyFile(String),
    /// A public-key file was given where a private key is needed.
    PublicKeyGiven,
    /// A private-key file was given where a public key is needed.
    PrivateKeyGiven,
    /// The file is a key file, but damaged: truncated, bad Base64, broken DER, invalid
    /// key value, public and private parts that do not match.
    Corrupted(String),
    /// A key of another algorithm (RSA, ECDSA P-256, Ed448, …).
    UnsupportedAlgorithm(String),
    /// A private-key file protected in a way we do not read (PBES1, legacy OpenSSL
    /// `Proc-Type: 4,ENCRYPTED`, PBKDF2 with SHA-1, absurd work factors, …).
    UnsupportedEncryption(String),
    /// An unencrypted private-key file where a passphrase-protected one is required.
    NotEncrypted,
    /// A passphrase-protected private-key file where an unencrypted one was expected.
    PassphraseRequired,
    /// No randomness available (or a caller-supplied seed is not a valid key).
    Random(String),
    /// Encoding failed unexpectedly (a bug; never caused by input).
    Internal(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::WrongPassphrase => f.write_str("口令错误，无法解开私钥文件"),
            KeyError::EmptyPassphrase => f.write_str("口令不能为空"),
            KeyError::NotAKeyFile(detail) => {
                write!(f, "文件不是 PEM 格式的密钥文件：{detail}")
            }
            KeyError::PublicKeyGiven => f.write_str("这是公钥文件，此处需要私钥文件（-----BEGIN ENCRYPTED PRIVATE KEY-----）"),
            KeyError::PrivateKeyGiven => f.write_str("这是私钥文件，此处需要公钥文件（-----BEGIN PUBLIC KEY-----）；私钥请勿交给他人"),
            KeyError::Corrupted(detail) => write!(f, "密钥文件已损坏：{detail}"),
            KeyError::UnsupportedAlgorithm(alg) => {
                write!(f, "不支持的密钥算法：{alg}（只支持 SM2 和 Ed25519）")
            }
            KeyError::UnsupportedEncryption(detail) => write!(f, "不支持的私钥加密方式：{detail}（只支持 PKCS#8 PBES2：PBKDF2-HMAC-SHA2 或 scrypt，配合 AES）"),
            KeyError::NotEncrypted => f.write_str("这是未加密的私钥文件；申报通只接受口令保护的私钥"),
            KeyError::PassphraseRequired => f.write_str("这是口令保护的私钥文件，需要输入口令才能打开"),
            KeyError::Random(detail) => write!(f, "无法获得随机数：{detail}"),
            KeyError::Internal(detail) => write!(f, "内部错误：{detail}"),
        }
    }
}

impl std::error::Error for KeyError {}
