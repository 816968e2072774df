//! The bureau's trust list: which department keys it has registered, and their status.
//! A trust list is plain JSON, optionally wrapped in a DSSE envelope signed by the bureau.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::crypto::{Algorithm, PublicKey};

use super::dsse::{self, Envelope, Signature};
use super::jcs;

pub const TRUST_LIST_FORMAT: &str = "shenbao.trust-list/1";
pub const TRUST_LIST_PAYLOAD_TYPE: &str = "application/vnd.shenbao.trust-list+json; version=1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustList {
    pub format: String,
    /// The bureau keeping the list.
    pub issuer: String,
    pub issued_at: String,
    pub entries: Vec<TrustEntry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    Active,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustEntry {
    pub department: String,
    pub credit_code: String,
    pub algorithm: Algorithm,
    pub public_key_pem: String,
    /// Hex SM3 of the SPKI DER.
    pub fingerprint: String,
    #[serde(deserialize_with = "crate::date::de::one")]
    pub valid_from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::date::de::option")]
    pub valid_until: Option<NaiveDate>,
    pub status: KeyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::date::de::option")]
    pub revoked_at: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl TrustEntry {
    /// A newly registered, active key.
    pub fn active(key: &crate::crypto::PublicKey, department: &str, credit_code: &str, valid_from: NaiveDate, valid_until: Option<NaiveDate>) -> TrustEntry {
        TrustEntry {
            department: department.trim().into(),
            credit_code: credit_code.into(),
            algorithm: key.algorithm(),
            public_key_pem: key.to_pem(),
            fingerprint: key.fingerprint().sm3_hex(),
            valid_from,
            valid_until,
            status: KeyStatus::Active,
            revoked_at: None,
            reason: None,
        }
    }
}

/// A trust list as loaded, with who signed it (if it was signed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedTrustList {
    pub list: TrustList,
    /// SM3 fingerprint of the bureau key that signed the list, when it was an envelope.
    pub signed_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustError {
    Malformed(String),
    EntryKey { index: usize, message: String },
    FingerprintMismatch { index: usize },
    NeedsBureauKey,
    BadSignature,
}

impl std::fmt::Display for TrustError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrustError::Malformed(m) => write!(f, "信任列表格式有误：{m}"),
            TrustError::EntryKey { index, message } => write!(f, "信任列表第 {} 项的公钥无法读取：{message}", index + 1),
            TrustError::FingerprintMismatch { index } => write!(f, "信任列表第 {} 项的指纹与其公钥不符", index + 1),
            TrustError::NeedsBureauKey => write!(f, "信任列表带有数据局签名，请同时提供数据局公钥以便核验"),
            TrustError::BadSignature => write!(f, "信任列表的数据局签名无效：文件可能被改动，或不是用所给公钥签发的"),
        }
    }
}

impl std::error::Error for TrustError {}

impl TrustList {
    /// Loads a plain or signed trust list. A signed list is verified with `bureau_key`.
    pub fn load(text: &str, bureau_key: Option<&PublicKey>) -> Result<LoadedTrustList, TrustError> {
        let value = crate::input::parse(text, crate::input::MAX_INPUT_BYTES).map_err(|e| TrustError::Malformed(e.to_string()))?;
        let (list_value, signed_by) = if value.get("payloadType").is_some() {
            let env: Envelope = serde_json::from_value(value).map_err(|e| TrustError::Malformed(e.to_string()))?;
            if env.payload_type != TRUST_LIST_PAYLOAD_TYPE {
                return Err(TrustError::Malformed(format!("payloadType 应为“{TRUST_LIST_PAYLOAD_TYPE}”")));
            }
            let key = bureau_key.ok_or(TrustError::NeedsBureauKey)?;
            let bytes = env.payload_bytes().ok_or_else(|| TrustError::Malformed("payload 不是有效的 base64".into()))?;
            let pae = dsse::pae(&env.payload_type, &bytes);
            let ok = env.signatures.iter().any(|s| dsse::decode(&s.sig).is_some_and(|sig| key.verify(&pae, &sig)));
            if !ok {
                return Err(TrustError::BadSignature);
            }
            let v = crate::input::parse_slice(&bytes, crate::input::MAX_INPUT_BYTES).map_err(|e| TrustError::Malformed(e.to_string()))?;
            (v, Some(key.fingerprint().sm3_hex()))
        } else {
            (value, None)
        };
        let list: TrustList = serde_path_to_error::deserialize(list_value).map_err(|e| TrustError::Malformed(format!("{}：{}", e.path(), e.inner())))?;
        if list.format != TRUST_LIST_FORMAT {
            return Err(TrustError::Malformed(format!("format 应为“{TRUST_LIST_FORMAT}”")));
        }
        for (index, e) in list.entries.iter().enumerate() {
            let key = PublicKey::from_pem(&e.public_key_pem).map_err(|k| TrustError::EntryKey { index, message: k.to_string() })?;
            if key.fingerprint().sm3_hex() != e.fingerprint.to_ascii_lowercase() || key.algorithm() != e.algorithm {
                return Err(TrustError::FingerprintMismatch { index });
            }
        }
        Ok(LoadedTrustList { list, signed_by })
    }

    /// Wraps the list in an envelope signed by the bureau key.
    pub fn sign(&self, bureau_key: &crate::crypto::PrivateKey) -> Result<Envelope, jcs::JcsError> {
        let bytes = jcs::to_canonical(self)?;
        let pae = dsse::pae(TRUST_LIST_PAYLOAD_TYPE, &bytes);
        Ok(Envelope {
            payload_type: TRUST_LIST_PAYLOAD_TYPE.to_string(),
            payload: dsse::encode(&bytes),
            signatures: vec![Signature { keyid: bureau_key.public_key().fingerprint().sm3_hex(), sig: dsse::encode(&bureau_key.sign(&pae)) }],
        })
    }

    pub fn find(&self, fingerprint: &str) -> Option<&TrustEntry> {
        self.entries.iter().find(|e| e.fingerprint.eq_ignore_ascii_case(fingerprint))
    }
}
