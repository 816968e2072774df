//! Minimal, strict PEM (RFC 7468) reading and writing, with errors that say what is wrong.

use super::KeyError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

/// One PEM block.
pub(crate) struct Pem {
    /// The label between `BEGIN ` and `-----`, e.g. `PUBLIC KEY`.
    pub label: String,
    /// RFC 1421 header lines were present (`Proc-Type: 4,ENCRYPTED`, legacy OpenSSL).
    pub legacy_encrypted: bool,
    /// The decoded body (may be secret, so zeroized on drop).
    pub der: Zeroizing<Vec<u8>>,
}

/// Reads the first PEM block of `text`. Text before it (OpenSSL's explanatory text) is
/// ignored; so are CR, a BOM and surrounding whitespace.
pub(crate) fn decode(text: &str) -> Result<Pem, KeyError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(begin) = text.find("-----BEGIN ") else {
        return Err(KeyError::NotAKeyFile(if text.trim().is_empty() {
            "文件是空的".into()
        } else {
            "找不到“-----BEGIN …-----”开头行".into()
        }));
    };
    let after = &text[begin + "-----BEGIN ".len()..];
    let Some(label_end) = after.find("-----") else {
        return Err(KeyError::Corrupted("PEM 开头行不完整".into()));
    };
    let label = after[..label_end].trim().to_string();
    if label.contains(['\n', '\r']) || label.is_empty() || label.len() > 64 {
        return Err(KeyError::Corrupted("PEM 开头行不完整".into()));
    }
    let body_and_rest = &after[label_end + "-----".len()..];
    let end_line = format!("-----END {label}-----");
    let Some(end) = body_and_rest.find(&end_line) else {
        return Err(KeyError::Corrupted(format!("缺少结尾行“{end_line}”，文件可能不完整（被截断）")));
    };
    let body = &body_and_rest[..end];

    let mut legacy_encrypted = false;
    let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
    for line in body.lines() {
        let line = line.trim();
        if line.contains(':') {
            // RFC 1421 header (Proc-Type, DEK-Info): the legacy OpenSSL format.
            if line.to_ascii_uppercase().contains("ENCRYPTED") {
                legacy_encrypted = true;
            }
            continue;
        }
        b64.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    if b64.is_empty() {
        return Err(KeyError::Corrupted("PEM 内容为空".into()));
    }
    let der = STANDARD.decode(b64.as_bytes()).map_err(|_| KeyError::Corrupted("Base64 编码无效（文件可能被截断或改动）".into()))?;
    Ok(Pem { label, legacy_encrypted, der: Zeroizing::new(der) })
}

/// Writes one PEM block: 64-column Base64, `\n` line endings, final newline.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 2 * label.len() + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        // Base64 output is ASCII.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let der: Vec<u8> = (0..=255u8).collect();
        let pem = encode("PUBLIC KEY", &der);
        assert!(pem.lines().all(|l| l.len() <= 64));
        let back = decode(&pem).unwrap();
        assert_eq!(back.label, "PUBLIC KEY");
        assert_eq!(&back.der[..], &der[..]);
        assert!(!back.legacy_encrypted);
        // CRLF, BOM, leading explanatory text.
        let crlf = format!("\u{feff}Some text\r\n{}", pem.replace('\n', "\r\n"));
        assert_eq!(&decode(&crlf).unwrap().der[..], &der[..]);
    }

    #[test]
    fn errors() {
        assert!(matches!(decode(""), Err(KeyError::NotAKeyFile(_))));
        assert!(matches!(decode("hello"), Err(KeyError::NotAKeyFile(_))));
        assert!(matches!(decode("-----BEGIN PUB"), Err(KeyError::Corrupted(_))));
        let pem = encode("PUBLIC KEY", &[1, 2, 3, 4, 5, 6, 7]);
        let cut = &pem[..pem.len() - 10];
        assert!(matches!(decode(cut), Err(KeyError::Corrupted(_))));
        let bad = pem.replace("AQIDBAUGBw==", "AQIDBAUGB");
        assert!(matches!(decode(&bad), Err(KeyError::Corrupted(_))));
        let bad = pem.replace("AQIDBAUGBw==", "AQ!DBAUGBw==");
        assert!(matches!(decode(&bad), Err(KeyError::Corrupted(_))));
        assert!(matches!(decode("-----BEGIN X-----\n-----END X-----\n"), Err(KeyError::Corrupted(_))));
    }

    #[test]
    fn legacy_headers() {
        let text = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAQID\n-----END EC PRIVATE KEY-----\n";
        let p = decode(text).unwrap();
        assert!(p.legacy_encrypted);
        assert_eq!(p.label, "EC PRIVATE KEY");
    }
}
