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

/// Whether `bytes` are exactly what [`canonicalize`] writes for the JSON value they hold:
/// valid UTF-8, one value, no whitespace, integers in plain decimal within ±(2^53 − 1), the
/// minimal string escapes, and object keys strictly ascending by UTF-16 code units (so no key
/// appears twice).
///
/// One pass over the bytes, without building a [`Value`]: a verifier checks the canonical
/// form of every payload, and parsing, re-serialising and comparing was a large part of
/// verifying a package. `true` means that strict parsing ([`crate::input::parse_slice`])
/// succeeds and [`canonicalize`] gives the same bytes back. It errs on the side of `false`
/// (escaped object keys, nesting deeper than 100): callers then take the full path, which
/// decides and names the problem.
pub fn is_canonical(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(is_canonical_str)
}

/// [`is_canonical`] for text already known to be UTF-8.
pub fn is_canonical_str(text: &str) -> bool {
    let mut c = Checker { b: text.as_bytes(), i: 0 };
    c.value(0) && c.i == text.len()
}

/// Nesting accepted by [`is_canonical`]; below serde_json's limit of 128.
const CHECK_MAX_DEPTH: usize = 100;

struct Checker<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Checker<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn literal(&mut self, word: &[u8]) -> bool {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> bool {
        match self.peek() {
            Some(b'n') => self.literal(b"null"),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'"') => self.string().is_some(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => {
                if depth >= CHECK_MAX_DEPTH {
                    return false;
                }
                self.i += 1;
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return true;
                }
                loop {
                    if !self.value(depth + 1) {
                        return false;
                    }
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            Some(b'{') => {
                if depth >= CHECK_MAX_DEPTH {
                    return false;
                }
                self.i += 1;
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return true;
                }
                let mut previous: Option<&'a [u8]> = None;
                loop {
                    // Keys with escapes are left to the full path.
                    let Some((key, false)) = self.string() else { return false };
                    if let Some(p) = previous
                        && !utf16_less(p, key)
                    {
                        return false;
                    }
                    previous = Some(key);
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.i += 1;
                    if !self.value(depth + 1) {
                        return false;
                    }
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return true;
                        }
                        _ => return false,
                    }
                }
            }
            _ => false,
        }
    }

    /// `0` or `-?[1-9][0-9]*` within ±(2^53 − 1); no `-0`, fraction or exponent.
    fn number(&mut self) -> bool {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let start = self.i;
        match self.peek() {
            Some(b'0') if !negative => self.i += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return false,
        }
        if matches!(self.peek(), Some(b'0'..=b'9' | b'.' | b'e' | b'E')) {
            return false;
        }
        let digits = &self.b[start..self.i];
        digits.len() <= 16 && digits.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) <= MAX_SAFE_INTEGER
    }

    /// A string as [`write_string`] writes it; returns its raw bytes (between the quotes) and
    /// whether it holds an escape.
    fn string(&mut self) -> Option<(&'a [u8], bool)> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            // Eight bytes at a time past text that holds none of `"`, `\` and the control
            // characters, to the first that does; the byte-by-byte match below decides it.
            while let Some(chunk) = self.b.get(self.i..self.i + 8) {
                if let Some(at) = first_special(u64::from_le_bytes(chunk.try_into().expect("eight bytes"))) {
                    self.i += at;
                    break;
                }
                self.i += 8;
            }
            match *self.b.get(self.i)? {
                b'"' => {
                    let raw = &self.b[start..self.i];
                    self.i += 1;
                    return Some((raw, escaped));
                }
                b'\\' => {
                    escaped = true;
                    match *self.b.get(self.i + 1)? {
                        b'"' | b'\\' | b'b' | b't' | b'n' | b'f' | b'r' => self.i += 2,
                        b'u' => {
                            // Only `\u00xx` (lower-case hex) for a control character without a
                            // short escape.
                            let hex = self.b.get(self.i + 2..self.i + 6)?;
                            let digit = |h: u8| match h {
                                b'0'..=b'9' => Some(h - b'0'),
                                b'a'..=b'f' => Some(h - b'a' + 10),
                                _ => None,
                            };
                            if &hex[..2] != b"00" {
                                return None;
                            }
                            let c = digit(hex[2])? * 16 + digit(hex[3])?;
                            if c >= 0x20 || matches!(c, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d) {
                                return None;
                            }
                            self.i += 6;
                        }
                        _ => return None,
                    }
                }
                c if c < 0x20 => return None,
                _ => self.i += 1,
            }
        }
    }
}

/// The index of the first of the eight bytes of `w` (little-endian) that is `"`, `\\` or
/// below 0x20, if any. (A borrow only runs upwards from a matching byte, so the lowest flag
/// is exact.)
fn first_special(w: u64) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let m = below_space | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')));
    (m != 0).then(|| (m.trailing_zeros() / 8) as usize)
}

/// `a < b` by UTF-16 code units (RFC 8785 key order), for unescaped UTF-8 keys.
fn utf16_less(a: &[u8], b: &[u8]) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a < b;
    }
    match (std::str::from_utf8(a), std::str::from_utf8(b)) {
        (Ok(a), Ok(b)) => a.encode_utf16().lt(b.encode_utf16()),
        _ => false,
    }
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

    /// The eight-byte test finds the first `"`, `\\` or control byte of a word, exactly.
    #[test]
    fn plain_run_test_is_exact() {
        let special = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut words: Vec<[u8; 8]> = Vec::new();
        for pos in 0..8 {
            for b in 0..=255u8 {
                for fill in [b'a', 0xE5, 0x80, 0xFF, b'!', b'#', b']', 0x21] {
                    let mut w = [fill; 8];
                    w[pos] = b;
                    words.push(w);
                }
            }
        }
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            words.push(state.to_le_bytes());
        }
        for w in words {
            assert_eq!(first_special(u64::from_le_bytes(w)), w.iter().position(|&b| special(b)), "{w:02x?}");
        }
    }

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

    /// The full path `is_canonical` stands in for: strict parsing, RFC 8785, comparison.
    fn canonical_the_long_way(bytes: &[u8]) -> bool {
        crate::input::parse_slice(bytes, crate::input::MAX_PACKAGE_BYTES).ok().and_then(|v| canonicalize(&v).ok()).as_deref() == Some(bytes)
    }

    #[test]
    fn is_canonical_agrees_with_parsing_and_canonicalising() {
        let doc = canonicalize(&json!({
            "a": [1, -2, 0, true, false, null, {}, []], "b": "x\"\\\n\t\u{8}\u{c}\r\u{1}\u{1f}\u{7f}/y€中😀", "\u{e000}": 1, "😀": 2,
            "d": 9007199254740991u64, "e": -9007199254740991i64, "f": "", "g": {"z": {"y": [[]]}}, "中文": "值"
        }))
        .unwrap();
        assert!(is_canonical(&doc));
        for good in
            [&b"{}"[..], b"[]", b"0", b"-1", b"\"\"", b"null", b"[{\"a\":{}}]", b"{\"A\":1,\"a\":2,\"b\":3}", b"{\"\xf0\x9f\x98\x80\":1,\"\xee\x80\x80\":2}"]
        {
            assert!(is_canonical(good), "{}", String::from_utf8_lossy(good));
        }
        for bad in [
            &b"{\"b\":1,\"a\":2}"[..],
            b"{\"a\":1,\"a\":1}",
            b"{ }",
            b"[1, 2]",
            b"-0",
            b"01",
            b"1.0",
            b"1e2",
            b"9007199254740992",
            b"-9007199254740992",
            b"\"\\u0020\"",
            b"\"\\u000A\"",
            b"\"\\u000a\"",
            b"\"\\/\"",
            b"\"\x01\"",
            b"\xef\xbb\xbf{}",
            b"{} ",
            b"[1,]",
            b"{\"a\":}",
            b"\"\xff\"",
            b"",
            b"nul",
            // U+E000 sorts after U+1F600 in UTF-16 (D83D DE00), though before it in UTF-8.
            b"{\"\xee\x80\x80\":1,\"\xf0\x9f\x98\x80\":2}",
        ] {
            assert!(!is_canonical(bad), "{}", String::from_utf8_lossy(bad));
            assert!(!canonical_the_long_way(bad) || bad.contains(&b'\\'), "{}", String::from_utf8_lossy(bad));
        }
        // Every one-byte change and deletion: the one-pass check says yes only when the full
        // path does; and says the same whenever no escape is involved.
        let plain = canonicalize(&json!({"a": [10, -2, 0, true, null, {}], "b": "x中😀", "\u{e000}": 1, "😀": {"c": ""}})).unwrap();
        for base in [&doc, &plain] {
            for i in 0..base.len() {
                let mut variants: Vec<Vec<u8>> = b" 09\"\\-.eE{}[],:ua\x01\x80\xffn"
                    .iter()
                    .map(|&b| {
                        let mut m = base.clone();
                        m[i] = b;
                        m
                    })
                    .collect();
                let mut gone = base.clone();
                gone.remove(i);
                variants.push(gone);
                for m in variants {
                    let (fast, slow) = (is_canonical(&m), canonical_the_long_way(&m));
                    assert!(!fast || slow, "accepted: {}", String::from_utf8_lossy(&m));
                    if !m.contains(&b'\\') {
                        assert_eq!(fast, slow, "{}", String::from_utf8_lossy(&m));
                    }
                }
            }
        }
        // Nesting deeper than the one-pass check goes is left to the full path.
        let deep = "[".repeat(101) + &"]".repeat(101);
        assert!(!is_canonical(deep.as_bytes()) && canonical_the_long_way(deep.as_bytes()));
    }

    #[test]
    fn refuses_floats_and_unsafe_integers() {
        assert!(matches!(canonicalize(&json!({"a": [1.5]})), Err(JcsError::UnsupportedNumber(p)) if p == "$.a[0]"));
        assert!(canonicalize(&json!(9007199254740992u64)).is_err());
        assert!(canonicalize(&json!(9007199254740991u64)).is_ok());
        assert!(canonicalize(&json!(-9007199254740991i64)).is_ok());
    }
}
