//! RFC 8785 JSON Canonicalization Scheme (JCS) for the values our packages hold.
//!
//! Signed bytes must not depend on how a JSON library orders keys or formats numbers, so the
//! payload is serialized canonically: no whitespace, object keys sorted by their UTF-16 code
//! units, strings with the minimal JSON escapes. Our payloads hold no floating-point numbers
//! (money is integer 元); numbers must be integers within ±(2^53 − 1), where RFC 8785's
//! ECMAScript number formatting is plain decimal. Anything else is refused rather than
//! risk bytes another implementation would serialize differently.

use serde_json::Value;

/// Largest integer exactly representable in an IEEE 754 double (and so in JavaScript).
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why a value cannot be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JcsError {
    /// A non-integer number, or an integer outside ±(2^53 − 1); carries the JSON path.
    UnsupportedNumber(String),
}

impl std::fmt::Display for JcsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JcsError::UnsupportedNumber(path) => write!(f, "{path} 处的数值不是 ±2^53 以内的整数，无法规范化"),
        }
    }
}

impl std::error::Error for JcsError {}

/// Canonical bytes of a JSON value.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>, JcsError> {
    let mut out = Vec::with_capacity(1024);
    write(value, &mut out, &mut String::from("$"))?;
    Ok(out)
}

/// Canonical bytes of any serializable value.
pub fn to_canonical<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, JcsError> {
    let v = serde_json::to_value(value).map_err(|_| JcsError::UnsupportedNumber("$".into()))?;
    canonicalize(&v)
}

fn write(v: &Value, out: &mut Vec<u8>, path: &mut String) -> Result<(), JcsError> {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => {
            let ok = match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u <= MAX_SAFE_INTEGER,
                (None, Some(i)) => i.unsigned_abs() <= MAX_SAFE_INTEGER,
                _ => false,
            };
            if !ok {
                return Err(JcsError::UnsupportedNumber(path.clone()));
            }
            // `-0` cannot arise from integers; plain decimal is the ECMAScript form.
            out.extend_from_slice(n.to_string().as_bytes());
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                write(it, out, path)?;
                path.truncate(len);
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(k, out);
                out.push(b':');
                let len = path.len();
                path.push('.');
                path.push_str(k);
                write(&map[k], out, path)?;
                path.truncate(len);
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{09}' => out.extend_from_slice(b"\\t"),
            '\u{0a}' => out.extend_from_slice(b"\\n"),
            '\u{0c}' => out.extend_from_slice(b"\\f"),
            '\u{0d}' => out.extend_from_slice(b"\\r"),
            c if (c as u32) < 0x20 => out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes()),
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn canon(v: Value) -> String {
        String::from_utf8(canonicalize(&v).unwrap()).unwrap()
    }

    #[test]
    fn sorts_keys_by_utf16_and_drops_whitespace() {
        // RFC 8785 §3.2.3 example of key ordering.
        let v = json!({
            "\u{20ac}": "Euro Sign", "\r": "Carriage Return", "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1f600}": "Emoji: Grinning Face", "\u{0080}": "Control", "\u{00f6}": "Latin Small Letter O With Diaeresis"
        });
        assert_eq!(
            canon(v),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{0080}\":\"Control\",\"\u{00f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\",\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        );
    }

    #[test]
    fn escapes_minimally() {
        assert_eq!(canon(json!("a\"b\\c\u{1}\u{1f}\n\t/€中")), "\"a\\\"b\\\\c\\u0001\\u001f\\n\\t/€中\"");
        assert_eq!(canon(json!([1, -2, 0, true, null, {}])), "[1,-2,0,true,null,{}]");
    }

    #[test]
    fn refuses_floats_and_unsafe_integers() {
        assert!(matches!(canonicalize(&json!({"a": [1.5]})), Err(JcsError::UnsupportedNumber(p)) if p == "$.a[0]"));
        assert!(canonicalize(&json!(9007199254740992u64)).is_err());
        assert!(canonicalize(&json!(9007199254740991u64)).is_ok());
        assert!(canonicalize(&json!(-9007199254740991i64)).is_ok());
    }
}
