//! DSSE envelopes (Dead Simple Signing Envelope, secure-systems-lab/dsse v1.0).
//!
//! The signature covers PAE(payloadType, payload), never the JSON of the envelope, so the
//! envelope can be re-serialized freely while the signed bytes stay the same.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// A signed envelope as written to a `.json` package file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    /// Standard base64 of the payload bytes.
    pub payload: String,
    pub signatures: Vec<Signature>,
}

/// One signature. `keyid` is only a hint; the signer's identity is inside the payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    #[serde(default)]
    pub keyid: String,
    /// Standard base64 of the signature bytes.
    pub sig: String,
}

/// Pre-Authentication Encoding: `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("DSSEv1 {} {} {} ", payload_type.len(), payload_type, payload.len()).into_bytes();
    out.extend_from_slice(payload);
    out
}

pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard base64 (padding required, no whitespace): one spelling per byte string.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

impl Envelope {
    pub fn payload_bytes(&self) -> Option<Vec<u8>> {
        decode(&self.payload)
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("an envelope always serializes") + "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_spec_example() {
        // From the DSSE protocol document.
        assert_eq!(pae("http://example.com/HelloWorld", b"hello world"), b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec());
    }

    #[test]
    fn base64_is_strict() {
        assert_eq!(decode(&encode(b"\x00\xffabc")).unwrap(), b"\x00\xffabc");
        assert!(decode("YWJj\n").is_none());
        assert!(decode("YWJ").is_none());
        assert!(decode("YW=j").is_none());
    }
}
