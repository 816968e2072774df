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

/// Decodes standard base64 (padding required, no whitespace, unused bits zero): one spelling
/// per byte string.
///
/// Natively with SIMD (`base64-simd`, strict mode): a package's payload is most of its file,
/// and decoding it was a tenth of what verifying a package costs apart from the signature.
/// The browser keeps the portable decoder (size budget); the two accept and refuse the same
/// texts (`simd_and_portable_decoders_agree`).
#[cfg(not(target_arch = "wasm32"))]
pub fn decode(text: &str) -> Option<Vec<u8>> {
    base64_simd::STANDARD.decode_to_vec(text.as_bytes()).ok()
}

/// See the native [`decode`].
#[cfg(target_arch = "wasm32")]
pub fn decode(text: &str) -> Option<Vec<u8>> {
    decode_portable(text)
}

/// The portable decoder (the `base64` crate's strict standard engine).
#[cfg(any(target_arch = "wasm32", test))]
fn decode_portable(text: &str) -> Option<Vec<u8>> {
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

    /// The native SIMD decoder and the browser's portable one accept exactly the same texts,
    /// with the same bytes: every length near the SIMD block sizes, each with single-character
    /// changes (padding in the wrong place, non-alphabet bytes, unused bits set, whitespace).
    #[test]
    fn simd_and_portable_decoders_agree() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<u8> = (b'A'..=b'Z').chain(b'a'..=b'z').chain(b'0'..=b'9').chain([b'+', b'/', b'=', b'-', b'_', b' ', b'\n', 0xc3]).collect();
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for len in 0..200usize {
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let good = encode(&bytes).into_bytes();
            for _ in 0..6 {
                let mut t = good.clone();
                if !t.is_empty() {
                    let at = (next() as usize) % t.len();
                    t[at] = alphabet[(next() as usize) % alphabet.len()];
                }
                texts.push(t);
            }
            let mut cut = good.clone();
            cut.pop();
            texts.push(cut);
            texts.push(good);
        }
        for t in &texts {
            let Ok(text) = std::str::from_utf8(t) else { continue };
            assert_eq!(decode(text), decode_portable(text), "{text:?}");
        }
        // Unused bits set in the last group: the canonical spelling decodes, the other not.
        assert_eq!(decode("YQ=="), Some(b"a".to_vec()));
        assert_eq!(decode("YR=="), None);
        assert_eq!(decode("YWI="), Some(b"ab".to_vec()));
        assert_eq!(decode("YWJ="), None);
    }

    #[test]
    fn base64_is_strict() {
        assert_eq!(decode(&encode(b"\x00\xffabc")).unwrap(), b"\x00\xffabc");
        assert!(decode("YWJj\n").is_none());
        assert!(decode("YWJ").is_none());
        assert!(decode("YW=j").is_none());
    }
}
