//! Reading untrusted JSON files: submissions, packs, packages, trust lists.
//!
//! Every file a user opens may be hostile or simply broken, so all parsing entry points go
//! through here first:
//!
//! * **Size.** Checked before parsing, so a 50 MB file is refused at once instead of
//!   exhausting memory in the browser tab.
//! * **Encoding.** UTF-8 only; invalid bytes are named by offset. A leading UTF-8 byte order
//!   mark is accepted and dropped, because Windows Notepad writes one and the content is
//!   otherwise fine.
//! * **Duplicate keys are refused.** serde_json silently keeps the last of two equal keys,
//!   while other readers (a reviewer's script, a browser) may keep the first. For signed data
//!   that would let two programs see different content under one signature, so a duplicate
//!   key anywhere is an error naming the key and where it is.
//! * **Depth.** serde_json stops at 128 levels of nesting (no stack overflow); the error is
//!   reported in Chinese like every other.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Largest submission, rule pack, trust list or draft accepted (20 MiB): real documents are
/// a few dozen KB; the cap only keeps a hostile file from exhausting memory.
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// Largest package accepted (32 MiB). A package may embed 12 MiB of attachments, which are
/// base64-encoded inside the payload and then again with the payload in the envelope
/// (12 MiB × 4/3 × 4/3 ≈ 21.3 MiB), so it needs more room than [`MAX_INPUT_BYTES`].
pub const MAX_PACKAGE_BYTES: usize = 32 * 1024 * 1024;

/// Deepest nesting serde_json accepts; deeper input is refused, never a stack overflow.
pub const MAX_DEPTH: usize = 128;

/// Why a file could not be read as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// JSON path of the problem (`project.basic`), empty when it concerns the whole file.
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// Clear Chinese message.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, 0) => write!(f, "{}", self.message),
            (true, line) => write!(f, "第 {line} 行：{}", self.message),
            (false, 0) => write!(f, "{}：{}", self.path, self.message),
            (false, line) => write!(f, "{}（第 {line} 行）：{}", self.path, self.message),
        }
    }
}

impl std::error::Error for JsonError {}

fn whole(message: String) -> JsonError {
    JsonError { path: String::new(), line: 0, message }
}

/// Human size to a tenth of a megabyte, e.g. `50.0 MB`. In integers: float formatting
/// (`{:.1}`) would bring the whole of core's float printing into the wasm.
pub fn megabytes(n: u64) -> String {
    const MB: u128 = 1024 * 1024;
    // n × 10 / MB rounded to nearest (a tie needs n = (2k + 1) × 52428.8: never a whole byte).
    let tenths = (u128::from(n) * 10 + MB / 2) / MB;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// Refuses input over `limit` bytes.
pub fn check_size(len: usize, limit: usize) -> Result<(), JsonError> {
    if len > limit {
        return Err(whole(format!("文件过大：{}，超过上限 {}；请确认选择的是申报通的文件", megabytes(len as u64), megabytes(limit as u64))));
    }
    Ok(())
}

/// Input that went on past `limit` bytes while it was read, its whole size unknown (a device
/// such as `/dev/zero`, a pipe, a file still growing): reading stops at the limit.
pub fn too_long(limit: usize) -> JsonError {
    whole(format!("文件过大：超过上限 {}；请确认选择的是申报通的文件", megabytes(limit as u64)))
}

/// Bytes → text: size cap, strict UTF-8 (naming the offset of the first bad byte), and a
/// leading byte order mark dropped.
pub fn text(bytes: &[u8], limit: usize) -> Result<&str, JsonError> {
    check_size(bytes.len(), limit)?;
    let s = std::str::from_utf8(bytes)
        .map_err(|e| whole(format!("文件不是 UTF-8 编码的文本：第 {} 个字节起无法解码（可能是 GBK 编码或二进制文件，请另存为 UTF-8）", e.valid_up_to() + 1)))?;
    Ok(strip_bom(s))
}

/// Drops one leading U+FEFF (the byte order mark Windows Notepad writes).
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses JSON text strictly: size cap, BOM dropped, duplicate keys refused, depth limited.
pub fn parse(text: &str, limit: usize) -> Result<Value, JsonError> {
    check_size(text.len(), limit)?;
    let text = strip_bom(text);
    let dup = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed { path: String::new(), dup: &dup }.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    result.map_err(|e| describe(&e, dup.into_inner()))
}

/// Parses JSON bytes strictly (see [`parse`]); invalid UTF-8 is named by offset.
pub fn parse_slice(bytes: &[u8], limit: usize) -> Result<Value, JsonError> {
    parse(text(bytes, limit)?, limit)
}

/// `(path of the object, key)` of the first duplicate key met.
type Dup = Option<(String, String)>;

fn describe(e: &serde_json::Error, dup: Dup) -> JsonError {
    use serde_json::error::Category;
    let line = e.line();
    if let Some((path, key)) = dup {
        // The path is shown before the message (see `Display`), so it is not repeated here.
        let place = if path.is_empty() { "顶层对象" } else { "同一对象" };
        return JsonError {
            path, line, message: format!("{place}中的键“{key}”出现了两次；重复的键会让不同程序读出不同的内容，请删去多余的一个")
        };
    }
    let raw = e.to_string();
    // serde_json appends " at line X column Y"; the line is reported separately.
    let detail = raw.rsplit_once(" at line ").map(|(d, _)| d).unwrap_or(&raw).to_string();
    let message = match e.classify() {
        Category::Eof => "文件不完整，JSON 意外结束".to_string(),
        _ if detail.contains("recursion limit") => format!("嵌套层数过深：超过 {MAX_DEPTH} 层，不是申报通的文件"),
        _ if detail.contains("number out of range") => "数值超出可表示的范围（如 1e400），请填写正常大小的数字".to_string(),
        Category::Syntax => format!("JSON 语法错误（{detail}）"),
        Category::Io => format!("读取失败（{detail}）"),
        Category::Data => detail,
    };
    JsonError { path: String::new(), line, message }
}

/// Builds a [`Value`] like serde_json does, refusing duplicate keys and tracking the path
/// so the error can say where.
struct Seed<'a> {
    path: String,
    dup: &'a RefCell<Dup>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never yields a non-finite float from text; Null mirrors its own Value.
        Ok(Number::from_f64(v).map(Value::Number).unwrap_or(Value::Null))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let path = format!("{}[{}]", self.path, out.len());
            match seq.next_element_seed(Seed { path, dup: self.dup })? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                *self.dup.borrow_mut() = Some((self.path.clone(), key));
                return Err(de::Error::custom("duplicate key"));
            }
            let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
            let v = map.next_value_seed(Seed { path, dup: self.dup })?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_reads_as_float_formatting_would() {
        for n in (0..200u64).map(|i| i * 52_429).chain([0, 1, 1_048_575, 1_048_576, 52_428_800, 104_857, 104_858, u64::MAX / 16]) {
            assert_eq!(megabytes(n), format!("{:.1} MB", n as f64 / (1024.0 * 1024.0)), "{n}");
        }
    }

    #[test]
    fn duplicate_keys_are_refused_with_key_and_place() {
        let e = parse(r#"{"a":1,"a":2}"#, MAX_INPUT_BYTES).unwrap_err();
        assert!(e.message.contains("顶层对象") && e.message.contains("“a”出现了两次"), "{e}");
        let e = parse("{\"p\":{\"basic\":{\"name\":\"甲\",\n\"name\":\"乙\"}}}", MAX_INPUT_BYTES).unwrap_err();
        assert_eq!(e.path, "p.basic");
        assert_eq!(e.line, 2);
        assert!(e.message.contains("“name”"), "{e}");
        let e = parse(r#"[{"x":[{"k":1,"k":1}]}]"#, MAX_INPUT_BYTES).unwrap_err();
        assert_eq!(e.path, "[0].x[0]");
        // Equal keys in different objects are fine.
        assert!(parse(r#"{"a":{"a":1},"b":{"a":2}}"#, MAX_INPUT_BYTES).is_ok());
    }

    #[test]
    fn parses_like_serde_json_otherwise() {
        let text = r#"{"s":"中\u0041","n":-3,"u":18446744073709551615,"f":1.5,"z":null,"b":[true,false,{}]}"#;
        assert_eq!(parse(text, MAX_INPUT_BYTES).unwrap(), serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn bom_is_dropped_and_bad_utf8_is_named() {
        assert_eq!(parse("\u{feff}{\"a\":1}", MAX_INPUT_BYTES).unwrap(), serde_json::json!({"a": 1}));
        assert_eq!(parse_slice(b"\xef\xbb\xbf[1]", MAX_INPUT_BYTES).unwrap(), serde_json::json!([1]));
        let e = parse_slice(b"{\"a\":\"\xd6\xd0\"}", MAX_INPUT_BYTES).unwrap_err();
        assert!(e.message.contains("不是 UTF-8") && e.message.contains("第 7 个字节"), "{e}");
    }

    #[test]
    fn deep_nesting_huge_numbers_size_and_truncation_have_clear_messages() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&deep, MAX_INPUT_BYTES).unwrap_err().message.contains("嵌套层数过深"));
        let ok = "[".repeat(100) + &"]".repeat(100);
        assert!(parse(&ok, MAX_INPUT_BYTES).is_ok());
        assert!(parse(r#"{"a":1e400}"#, MAX_INPUT_BYTES).unwrap_err().message.contains("数值超出"));
        assert!(parse(r#"{"a":"#, MAX_INPUT_BYTES).unwrap_err().message.contains("意外结束"));
        assert!(parse("{} x", MAX_INPUT_BYTES).unwrap_err().message.contains("语法错误"));
        let e = parse(&" ".repeat(101), 100).unwrap_err();
        assert!(e.message.contains("文件过大"), "{e}");
    }
}
