//! The model's compact JSON reader and writer (`model::json`, what the browser uses) agree
//! with its serde derives (what packages and the CLI use): on every fixture and on random
//! documents filling every field of the registry, a document the shape check accepts reads
//! to the same submission both ways, and writes to the same JSON.

use serde_json::{Value, json};
use shenbao_core::Submission;
use shenbao_core::fields::{FIELDS, FieldKind};
use shenbao_core::model::json::Json;

mod common;
use common::Rng;

/// A value for a field of `kind`: of its type and range, at the edges of the range, or null
/// (a cleared field); with `noisy`, now and then of another type, out of range, an unknown
/// choice or an impossible date, which the shape check refuses.
fn value(rng: &mut Rng, path: &str, kind: FieldKind, noisy: bool) -> Value {
    let bad = noisy && rng.below(40) == 0;
    match rng.below(12) {
        0 => return Value::Null,
        1 if bad => return rng.pick(&[json!("文本"), json!(7), json!(-1), json!(1.5), json!(true), json!([]), json!({})]),
        _ => {}
    }
    match kind {
        FieldKind::Text | FieldKind::LongText => json!(rng.pick(&["", "巴中市政务云", "x\u{200B}", "Сloud", "  "])),
        FieldKind::TextList => json!((0..rng.below(3)).map(|i| format!("单位{i}")).collect::<Vec<_>>()),
        FieldKind::Bool => json!(rng.below(2) == 0),
        FieldKind::Money => json!(rng.pick(&[0, 1, 12_345_600, u64::MAX])),
        FieldKind::Int | FieldKind::BasisPoints if path.ends_with("plan_year") => json!(rng.pick(&[2026i64, -5, 0, 2_147_483_647])),
        FieldKind::Int | FieldKind::BasisPoints if bad => json!(rng.pick(&[4_294_967_295u64, u64::MAX])),
        FieldKind::Int | FieldKind::BasisPoints if path.ends_with("quantity") => json!(rng.pick(&[0u64, 3, u64::MAX])),
        FieldKind::Int | FieldKind::BasisPoints => json!(rng.pick(&[0u64, 3, 99, 9_990, 2_147_483_647])),
        FieldKind::Date if bad => json!(rng.pick(&["2023-02-29", "2026-3-1"])),
        FieldKind::Date => json!(rng.pick(&["2026-03-01", "2024-02-29"])),
        FieldKind::Choice(_) if bad => json!("robots"),
        FieldKind::Choice(list) => json!(rng.pick(list).0),
        FieldKind::ChoiceList(list) => json!((0..rng.below(3)).map(|_| rng.pick(list).0).collect::<Vec<_>>()),
        FieldKind::Group | FieldKind::Table => Value::Null,
    }
}

fn set(root: &mut Value, keys: &[&str], v: Value) {
    let mut cur = root;
    for k in &keys[..keys.len() - 1] {
        cur = cur.as_object_mut().unwrap().entry(*k).or_insert_with(|| json!({}));
    }
    cur.as_object_mut().unwrap().insert(keys[keys.len() - 1].to_string(), v);
}

/// A document of both kinds with every leaf field of the registry present or absent at
/// random, tables with zero to three rows of random cells, and 说明.
fn random_document(rng: &mut Rng) -> Value {
    let noisy = rng.below(2) == 0;
    let mut doc = json!({"format": "shenbao.submission/1", "project": {}, "service_plan": {}});
    for f in FIELDS {
        if f.path.contains("[]") || matches!(f.kind, FieldKind::Group) || rng.below(4) == 0 {
            continue;
        }
        let keys: Vec<&str> = f.path.split('.').collect();
        let v = if f.kind == FieldKind::Table {
            let prefix = format!("{}[].", f.path);
            let rows = (0..rng.below(4))
                .map(|_| {
                    let mut row = json!({});
                    for c in FIELDS.iter().filter(|c| c.path.starts_with(&prefix)) {
                        if rng.below(4) != 0 {
                            row[&c.path[prefix.len()..]] = value(rng, c.path, c.kind, noisy);
                        }
                    }
                    row
                })
                .collect();
            Value::Array(rows)
        } else {
            value(rng, f.path, f.kind, noisy)
        };
        set(&mut doc, &keys, v);
    }
    if rng.below(3) == 0 {
        doc.as_object_mut().unwrap().remove(rng.pick(&["project", "service_plan"]));
    }
    if rng.below(2) == 0 {
        let j = rng.pick(&[
            json!({"rule": "r1", "fields": ["project.basic.name"], "text": "说明"}),
            json!({"rule": "r2", "text": ""}),
            json!({"rule": "r3"}),
            json!({"text": "无规则"}),
        ]);
        doc["justifications"] = json!([j]);
    }
    doc
}

/// Both readers on one document: where the full read (shape check, nulls stripped, then the
/// compact reader) accepts it, serde reads the same submission, and both write the same JSON.
fn agree(doc: &Value, what: &str) -> bool {
    match Submission::from_value_ref(doc) {
        Ok(sub) => {
            let mut stripped = doc.clone();
            shenbao_core::model::strip_nulls(&mut stripped);
            let by_serde: Submission = serde_json::from_value(stripped).unwrap_or_else(|e| panic!("{what}: serde refuses what was read: {e}"));
            assert_eq!(sub, by_serde, "{what}");
            assert_eq!(sub.write(), serde_json::to_value(&sub).unwrap(), "{what}");
            assert_eq!(Submission::read(&sub.write()).as_ref(), Some(&sub), "{what}: reads back");
            true
        }
        Err(e) => {
            assert_ne!(e.message, "文件内容与申报文件的格式不符", "{what}: the shape check passed what the reader refuses");
            false
        }
    }
}

#[test]
fn fixtures_read_and_write_the_same_both_ways() {
    let mut n = 0;
    for city in ["bazhong", "luojiang", "suining", "wuhai", "xianyang", "large"] {
        for path in common::fixtures(city) {
            let doc: Value = serde_json::from_str(&common::read(&path)).unwrap();
            if agree(&doc, &path.display().to_string()) {
                n += 1;
            }
        }
    }
    assert!(n > 10, "fixtures read: {n}");
}

#[test]
fn random_documents_read_and_write_the_same_both_ways() {
    let (mut accepted, mut refused) = (0, 0);
    for seed in 1..=3000u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let doc = random_document(&mut rng);
        if agree(&doc, &format!("seed {seed}")) {
            accepted += 1;
        } else {
            refused += 1;
        }
    }
    // Both outcomes are exercised: the generator is not all bad or all good.
    assert!(accepted > 300 && refused > 300, "accepted {accepted}, refused {refused}");
}

#[test]
fn every_field_of_the_registry_is_written() {
    // A default document written by the compact writer has every field of the registry
    // outside tables (a field the model has and the writer forgot would be missing).
    let sub = Submission::from_json(r#"{"format":"shenbao.submission/1","project":{},"service_plan":{}}"#).unwrap();
    let written = sub.write();
    for f in FIELDS.iter().filter(|f| !f.path.contains("[]")) {
        let mut cur = &written;
        for k in f.path.split('.') {
            cur = cur.get(k).unwrap_or_else(|| panic!("{} is not written", f.path));
        }
    }
}
