//! JSON Schema of submission files, with every property titled from the field registry
//! (so the schema, the UI and the messages share one set of labels).

use serde_json::{Map, Value};
use shenbao_core::Submission;
use shenbao_core::fields::FIELDS;

pub fn submission_schema() -> Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Submission)).expect("schema serializes");
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
