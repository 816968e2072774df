//! JSON Schema of submission files, with every property titled from the field registry
//! (so the schema, the UI and the messages share one set of labels) and the registry's
//! format checks that JSON Schema can say (lengths and ranges).

use serde_json::{Map, Value};
use shenbao_core::Submission;
use shenbao_core::fields::{FIELDS, FORMATS, Format};

pub fn submission_schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Submission)).expect("schema serializes");
    // On the shared definitions, before the titles' pass copies them into the properties.
    let mut required = Vec::new();
    for (path, formats) in FORMATS {
        let parts: Vec<&str> = path.split('.').collect();
        let Some(at) = pointer(&schema, &parts) else { continue };
        let Some(Value::Object(o)) = schema.pointer_mut(&at) else { continue };
        for f in *formats {
            match *f {
                Format::Required => required.push(at.clone()),
                Format::MaxChars(max) => {
                    o.insert("maxLength".into(), max.into());
                }
                Format::Range(min, max) => {
                    if let Some(min) = min {
                        o.insert("minimum".into(), min.into());
                    }
                    if let Some(max) = max {
                        o.insert("maximum".into(), max.into());
                    }
                }
                _ => {}
            }
        }
    }
    for at in &required {
        not_null(&mut schema, at);
    }
    // A definition only such fields named is now copied into them.
    let names: Vec<String> = schema["$defs"].as_object().map(|d| d.keys().cloned().collect()).unwrap_or_default();
    let text = schema.to_string();
    for name in names.iter().filter(|n| !text.contains(&format!("\"#/$defs/{n}\""))) {
        schema["$defs"].as_object_mut().expect("definitions").remove(name);
    }
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Object(Map::new()));
    for f in FIELDS {
        let mut desc = f.hint.to_string();
        if !f.unit.is_empty() {
            desc = if desc.is_empty() { format!("单位：{}", f.unit) } else { format!("{desc}（单位：{}）", f.unit) };
        }
        let parts: Vec<&str> = f.path.split('.').collect();
        annotate(&mut schema, &parts, &defs, f.label, &desc);
    }
    schema
}

/// Walks `parts` down from `node` and sets title/description on the property found.
fn annotate(node: &mut Value, parts: &[&str], defs: &Value, title: &str, desc: &str) {
    let Some((part, rest)) = parts.split_first() else {
        if let Value::Object(o) = node {
            o.insert("title".into(), Value::String(title.into()));
            if !desc.is_empty() {
                o.insert("description".into(), Value::String(desc.into()));
            }
        }
        return;
    };
    let (key, each) = part.strip_suffix("[]").map(|k| (k, true)).unwrap_or((part, false));
    let Some(props) = object_of(node, defs) else { return };
    let Some(next) = props.get_mut(key) else { return };
    if each {
        if let Some(items) = items_of(next, defs) {
            annotate(items, rest, defs, title, desc);
        }
    } else {
        annotate(next, rest, defs, title, desc);
    }
}

/// A required field (not null) of an `Option` type: its schema without null, as schemars makes
/// it for a field it is told is required — the value's type alone, or its definition copied in.
fn not_null(schema: &mut Value, at: &str) {
    let Some(node) = schema.pointer(at) else { return };
    let copied = node.get("anyOf").and_then(Value::as_array).and_then(|any| {
        let name = any.iter().find_map(|v| v.get("$ref")?.as_str()?.strip_prefix("#/$defs/"))?;
        schema.get("$defs")?.get(name)?.as_object().cloned()
    });
    let Some(Value::Object(o)) = schema.pointer_mut(at) else { return };
    if let Some(def) = copied {
        o.remove("anyOf");
        o.extend(def);
    } else if let Some(Value::Array(types)) = o.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let t = types.remove(0);
            o.insert("type".into(), t);
        }
    }
}

/// The JSON pointer of the property at `parts` in the schema as generated, found through the
/// shared definitions (`/$defs/BasicInfo/properties/name` for `project.basic.name`).
fn pointer(schema: &Value, parts: &[&str]) -> Option<String> {
    // The definition a `$ref` names, or an `anyOf [X, null]`'s X, followed to the node that
    // has the content.
    fn content<'v>(schema: &'v Value, mut node: &'v Value, at: &mut String) -> Option<&'v Value> {
        loop {
            if let Some(r) = node.get("$ref").and_then(Value::as_str) {
                let name = r.strip_prefix("#/$defs/")?;
                *at = format!("/$defs/{name}");
                node = schema.get("$defs")?.get(name)?;
            } else if node.get("properties").is_none()
                && let Some(any) = node.get("anyOf").and_then(Value::as_array)
            {
                let i = any.iter().position(|v| v.get("$ref").is_some() || v.get("properties").is_some())?;
                at.push_str(&format!("/anyOf/{i}"));
                node = &any[i];
            } else {
                return Some(node);
            }
        }
    }
    let mut at = String::new();
    let mut node = schema;
    for part in parts {
        let (key, each) = part.strip_suffix("[]").map(|k| (k, true)).unwrap_or((part, false));
        node = content(schema, node, &mut at)?.get("properties")?.get(key)?;
        at.push_str(&format!("/properties/{key}"));
        if each {
            node = content(schema, node, &mut at)?.get("items")?;
            at.push_str("/items");
        }
    }
    Some(at)
}

/// Inlines `$ref` (and `anyOf [X, null]`) so titles land on the property, not the shared definition.
fn resolve<'a>(node: &'a mut Value, defs: &Value) -> &'a mut Value {
    if let Some(r) = node.get("$ref").and_then(Value::as_str).map(str::to_string) {
        let name = r.trim_start_matches("#/$defs/");
        if let Some(def) = defs.get(name) {
            let title = node.get("title").cloned();
            *node = def.clone();
            if let Some(t) = title {
                node["title"] = t;
            }
        }
    }
    node
}

fn object_of<'a>(node: &'a mut Value, defs: &Value) -> Option<&'a mut Map<String, Value>> {
    let node = resolve(node, defs);
    if node.get("properties").is_none() {
        // Option<Struct> is `anyOf: [{$ref}, {type: null}]`.
        let any = node.get_mut("anyOf")?.as_array_mut()?;
        let inner = any.iter_mut().find(|v| v.get("$ref").is_some() || v.get("properties").is_some())?;
        return object_of(inner, defs);
    }
    node.get_mut("properties")?.as_object_mut()
}

fn items_of<'a>(node: &'a mut Value, defs: &Value) -> Option<&'a mut Value> {
    let node = resolve(node, defs);
    let items = node.get_mut("items")?;
    Some(resolve(items, defs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The registry and the Rust model list exactly the same fields.
    #[test]
    fn registry_matches_model() {
        let schema = submission_schema();
        let mut missing_titles = Vec::new();
        for f in FIELDS {
            let mut node = &schema;
            for part in f.path.split('.') {
                let (key, each) = part.strip_suffix("[]").map(|k| (k, true)).unwrap_or((part, false));
                let props =
                    node.get("properties").or_else(|| node.get("anyOf").and_then(|a| a.as_array()).and_then(|a| a.iter().find_map(|v| v.get("properties"))));
                node = props.and_then(|p| p.get(key)).unwrap_or_else(|| panic!("{} is in the registry but not in the model", f.path));
                if each {
                    node = node.get("items").unwrap_or_else(|| panic!("{} is not a list", f.path));
                }
            }
            if node.get("title").and_then(Value::as_str) != Some(f.label) {
                missing_titles.push(f.path);
            }
        }
        assert!(missing_titles.is_empty(), "{missing_titles:?}");
        // And the other way round: every property of the model is in the registry.
        fn walk(node: &Value, path: &str, out: &mut Vec<String>) {
            let props =
                node.get("properties").or_else(|| node.get("anyOf").and_then(|a| a.as_array()).and_then(|a| a.iter().find_map(|v| v.get("properties"))));
            if let Some(Value::Object(props)) = props {
                for (k, v) in props {
                    let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    if p == "format" || p.starts_with("justifications") {
                        continue;
                    }
                    out.push(p.clone());
                    walk(v, &p, out);
                    if let Some(items) = v.get("items") {
                        walk(items, &format!("{p}[]"), out);
                    }
                }
            }
        }
        let mut paths = Vec::new();
        walk(&schema, "", &mut paths);
        let unknown: Vec<_> = paths.iter().filter(|p| shenbao_core::fields::field(p).is_none()).collect();
        assert!(unknown.is_empty(), "model fields missing from the registry: {unknown:?}");
    }
}
