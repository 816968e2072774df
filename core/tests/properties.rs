//! Property tests: a check is a pure function of the submission's content. Re-running
//! gives the identical report, and neither the order of JSON keys nor formatting matters.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::Value;
use shenbao_core::pack::builtin;
use shenbao_core::{Submission, check};

/// Every fixture of every built-in pack, with its pack id.
fn all_fixtures() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for p in builtin::packs() {
        for f in fixtures(&p.meta.id) {
            out.push((p.meta.id.clone(), serde_json::from_str(&read(&f)).unwrap()));
        }
    }
    out
}

/// Writes JSON with every object's keys in an order derived from `seed`.
fn write_permuted(v: &Value, seed: u64, sep: &str, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            // A cheap, deterministic shuffle keyed by the seed and the key names.
            entries.sort_by_key(|(k, _)| {
                let mut h = seed ^ 0x9e37_79b9_7f4a_7c15;
                for b in k.bytes() {
                    h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
                }
                h
            });
            out.push('{');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(sep);
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push(':');
                write_permuted(val, seed.rotate_left(7) ^ i as u64, sep, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(sep);
                }
                write_permuted(it, seed, sep, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Small edits that make rules fire, so the property covers reports with findings.
fn mutate(v: &mut Value, which: u8) {
    let project = v.get("project").is_some();
    let edits: &[(&str, Value)] = if project {
        &[
            ("project.basic.total_investment", Value::from(250_000)),
            ("project.cost_estimate.items[0].category", Value::from("server")),
            ("project.operations.trial_months", Value::from(1)),
            ("project.basic.credit_code", Value::from("123")),
            ("project.deployment.location", Value::from("own_room")),
            ("project.features.ip_owner", Value::from("undefined")),
        ]
    } else {
        &[("service_plan.total_fee", Value::from(1)), ("service_plan.term_years", Value::from(9)), ("service_plan.includes_goods_or_works", Value::from(true))]
    };
    for (i, (path, val)) in edits.iter().enumerate() {
        if which & (1 << i) != 0 {
            set_path(v, path, val.clone());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn reports_do_not_depend_on_key_order_or_reruns(fixture in 0usize..64, seed in any::<u64>(), edits in any::<u8>(), pretty in any::<bool>()) {
        let all = all_fixtures();
        let (pack_id, mut value) = all[fixture % all.len()].clone();
        mutate(&mut value, edits);
        let pack = builtin::pack(&pack_id).unwrap();

        let canonical = Submission::from_json(&value.to_string()).unwrap();
        let mut permuted = String::new();
        write_permuted(&value, seed, if pretty { "\n  " } else { "" }, &mut permuted);
        let shuffled = Submission::from_json(&permuted).unwrap();

        let a = check(pack, &canonical);
        let b = check(pack, &shuffled);
        let c = check(pack, &canonical);
        prop_assert_eq!(a.to_json_pretty(), b.to_json_pretty());
        prop_assert_eq!(a.to_json_pretty(), c.to_json_pretty());
        // Every finding cites a source and names at least one field or the pack's validity.
        for f in &a.findings {
            prop_assert!(!f.article.is_empty() && !f.quote.is_empty(), "{} lacks a citation", f.rule);
            prop_assert!(!f.message.contains('{'), "{} has an unrendered placeholder", f.rule);
        }
    }
}

#[test]
fn every_pack_runs_on_every_fixture() {
    // Rules of one city must not misbehave on another city's documents.
    for p in builtin::packs() {
        for (_, v) in all_fixtures() {
            let sub = parse(&v, "fixture");
            let r = check(p, &sub);
            assert_eq!(r.findings.len(), r.summary.errors + r.summary.warnings + r.summary.infos);
        }
    }
}

/// Every leaf path of a JSON value, as concrete paths.
fn leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| leaves(c, if path.is_empty() { k.clone() } else { format!("{path}.{k}") }, out)),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| leaves(c, format!("{path}[{i}]"), out)),
        _ => out.push(path),
    }
}

fn random_value(kind: u8, n: i64) -> Value {
    match kind % 7 {
        0 => Value::Null,
        1 => Value::Bool(n % 2 == 0),
        2 => Value::from(n),
        3 => Value::from(format!("文本{n}")),
        4 => serde_json::json!([n, "x"]),
        5 => serde_json::json!({ "k": n }),
        _ => Value::from(-n.abs() - 1),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any value anywhere: parsing never panics; a rejected file names where, and an accepted
    /// one checks cleanly (the shape check and the model agree).
    #[test]
    fn any_wrong_value_is_reported_with_its_path(fixture in 0usize..64, which in any::<usize>(), kind in any::<u8>(), n in any::<i64>()) {
        let all = all_fixtures();
        let (pack_id, mut value) = all[fixture % all.len()].clone();
        let mut paths = Vec::new();
        leaves(&value, String::new(), &mut paths);
        let target = paths[which % paths.len()].clone();
        prop_assume!(target != "format");
        shenbao_core::model::path::set(&mut value, &target, random_value(kind, n));
        match Submission::from_json(&value.to_string()) {
            Ok(sub) => {
                let r = check(builtin::pack(&pack_id).unwrap(), &sub);
                prop_assert_eq!(r.findings.len(), r.summary.errors + r.summary.warnings + r.summary.infos);
            }
            Err(e) => prop_assert!(!e.path.is_empty() && !e.message.is_empty(), "{:?} at {}", e, target),
        }
    }
}
