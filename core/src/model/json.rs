//! The documents' JSON form, read and written without serde's derived code: the browser's
//! main module reads a document on every keystroke (section by section, `model::live`) and
//! hands the engine its JSON form, and serde's derived deserializers and serializers for
//! the model — a visitor, a field enum and per-field state for each of ~30 types — were
//! about 80 KB of its code (BENCHMARKS.md, eleventh round). Here a type is read and written
//! by a loop over its field names, one small generic call per field.
//!
//! Only for values the shape check has passed (`model::shape`) with their nulls stripped:
//! what could still go wrong there (a key or a kind the model does not have) reads as
//! `None`, which the callers report as an unreadable document. The serde derives stay: the
//! package's payload and the CLI read and write the model through them, and
//! `core/tests/model_json.rs` holds the two to the same results on fixtures and random
//! documents.

use serde_json::{Map, Number, Value};

/// A model type's JSON form.
pub trait Json: Sized {
    /// Reads a shape-checked, null-free value; `None` if it is not this type's form.
    fn read(v: &Value) -> Option<Self>;
    /// The value `serde_json::to_value` gives.
    fn write(&self) -> Value;
}

/// A struct's object, if every key is one of its `fields` (serde's `deny_unknown_fields`).
pub fn object<'v>(v: &'v Value, fields: &[&str]) -> Option<&'v Map<String, Value>> {
    let m = v.as_object()?;
    m.keys().all(|k| fields.contains(&k.as_str())).then_some(m)
}

/// A field of a struct read with `#[serde(default)]`: a missing key is the default.
pub fn field<T: Json + Default>(m: &Map<String, Value>, key: &str) -> Option<T> {
    match m.get(key) {
        None => Some(T::default()),
        Some(v) => T::read(v),
    }
}

/// An object from its fields' names and values, in one call per struct.
pub fn fields(entries: Vec<(&'static str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

impl Json for String {
    fn read(v: &Value) -> Option<Self> {
        v.as_str().map(str::to_owned)
    }
    fn write(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Json for bool {
    fn read(v: &Value) -> Option<Self> {
        v.as_bool()
    }
    fn write(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Json for u64 {
    fn read(v: &Value) -> Option<Self> {
        v.as_u64()
    }
    fn write(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Json for u32 {
    fn read(v: &Value) -> Option<Self> {
        v.as_u64()?.try_into().ok()
    }
    fn write(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Json for i32 {
    fn read(v: &Value) -> Option<Self> {
        v.as_i64()?.try_into().ok()
    }
    fn write(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Json for crate::date::Ymd {
    fn read(v: &Value) -> Option<Self> {
        crate::date::parse_ymd(v.as_str()?).map(crate::date::Ymd)
    }
    fn write(&self) -> Value {
        Value::String(crate::date::format_ymd(self.0))
    }
}

/// A missing value: `null` (serde writes `None` as null and reads null as `None`).
impl<T: Json> Json for Option<T> {
    fn read(v: &Value) -> Option<Self> {
        if v.is_null() { Some(None) } else { T::read(v).map(Some) }
    }
    fn write(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::write)
    }
}

impl<T: Json> Json for Vec<T> {
    fn read(v: &Value) -> Option<Self> {
        v.as_array()?.iter().map(T::read).collect()
    }
    fn write(&self) -> Value {
        Value::Array(self.iter().map(T::write).collect())
    }
}

/// Defines a struct of the model (its attributes and field attributes as written, plus the
/// derives every model struct has) and its [`Json`]: every field optional in JSON, unknown
/// keys refused, every field written — what its serde derives do under the
/// `#[serde(default, deny_unknown_fields)]` given here, so the two cannot part ways.
macro_rules! json_struct {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(default, deny_unknown_fields)]
        pub struct $name { $($(#[$fmeta])* pub $field: $ty),* }

        impl $crate::model::json::Json for $name {
            fn read(v: &serde_json::Value) -> Option<Self> {
                let m = $crate::model::json::object(v, &[$(stringify!($field)),*])?;
                Some(Self { $($field: $crate::model::json::field(m, stringify!($field))?),* })
            }
            fn write(&self) -> serde_json::Value {
                $crate::model::json::fields(vec![$((stringify!($field), $crate::model::json::Json::write(&self.$field))),*])
            }
        }
    };
}
pub(crate) use json_struct;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    json_struct! {
        pub struct Sample {
            /// Documented, as the model's fields are.
            pub name: String,
            pub count: Option<u32>,
            pub rows: Vec<bool>,
        }
    }

    #[test]
    fn a_struct_reads_missing_keys_as_defaults_and_refuses_unknown_ones() {
        assert_eq!(Sample::read(&json!({})), Some(Sample::default()));
        assert_eq!(Sample::read(&json!({"name": "甲", "count": 3, "rows": [true]})), Some(Sample { name: "甲".into(), count: Some(3), rows: vec![true] }));
        assert_eq!(Sample::read(&json!({"nmae": "甲"})), None);
        assert_eq!(Sample::read(&json!({"count": "3"})), None);
        assert_eq!(Sample::read(&json!({"count": 5_000_000_000u64})), None, "beyond u32");
        assert_eq!(Sample::read(&json!([])), None);
    }

    #[test]
    fn a_struct_writes_every_field_with_none_as_null() {
        assert_eq!(Sample::default().write(), json!({"name": "", "count": null, "rows": []}));
        let s = Sample { name: "乙".into(), count: Some(7), rows: vec![false, true] };
        assert_eq!(Sample::read(&s.write()), Some(s));
    }

    #[test]
    fn numbers_keep_their_range() {
        assert_eq!(i32::read(&json!(-5)), Some(-5));
        assert_eq!(u32::read(&json!(-5)), None);
        assert_eq!(u64::read(&json!(1.5)), None);
        assert_eq!(i32::read(&json!(2026)).map(|y| y.write()), Some(json!(2026)));
    }
}
