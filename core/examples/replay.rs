//! Diagnosis aid (issue 6): the browser bench's keystrokes (bench/web/live.mjs: every filled
//! text or number leaf, visited in steps of 37) replayed natively through `LiveCheck`, each
//! check timed; ROUNDS repeats the whole sequence from the fixture (for `perf record`), the
//! last round is printed. `cargo run --profile native -p shenbao-core --example replay [N] [ROUNDS]`
//! With `COLD=MB`, that much other memory is written before each check: the caches then hold
//! none of the check's code or data, as in the browser after a frame (BENCHMARKS.md,
//! seventeenth round).
use serde_json::Value;
use shenbao_core::engine::live::LiveCheck;
use shenbao_core::fields::{self, FieldKind};
use shenbao_core::model::path;
use shenbao_core::pack::builtin;
use std::time::Instant;

fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| leaves(c, if at.is_empty() { k.clone() } else { format!("{at}.{k}") }, out)),
        Value::Array(items) if items.iter().any(Value::is_object) => items.iter().enumerate().for_each(|(i, c)| leaves(c, format!("{at}[{i}]"), out)),
        Value::String(s) if !s.is_empty() => out.push(at),
        Value::Number(_) => out.push(at),
        _ => {}
    }
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(600);
    let path_ = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/large/combined.json");
    let rounds: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let original: Value = serde_json::from_str(&std::fs::read_to_string(path_).expect("fixture")).expect("json");
    let mut doc = original.clone();
    let pack = builtin::pack("bazhong").expect("bazhong");
    let mut all = Vec::new();
    for d in ["project", "service_plan"] {
        leaves(&doc[d], d.to_string(), &mut all);
    }
    let typed: Vec<String> = all
        .into_iter()
        .filter(|p| {
            fields::field(&fields::generic_path(p))
                .is_some_and(|f| matches!(f.kind, FieldKind::Text | FieldKind::LongText | FieldKind::Money | FieldKind::Int | FieldKind::BasisPoints))
        })
        .collect();
    // COLD=MB: between checks, write that many MB of other memory, as the browser's frame does
    // between two keystrokes, so that each check starts with the caches holding none of its data.
    let cold: usize = std::env::var("COLD").ok().and_then(|v| v.parse().ok()).unwrap_or(0) << 20;
    let mut scratch = vec![0u8; cold];
    let mut times = Vec::new();
    let mut at: Vec<&str> = Vec::new();
    let mut findings = Vec::new();
    for _ in 0..rounds {
        doc = original.clone();
        let mut live = LiveCheck::new(pack);
        live.check_doc(&doc).expect("valid");
        findings.clear();
        times.clear();
        at.clear();
        let mut i = 0;
        for _ in 0..n {
            let p = &typed[i];
            let new = match path::get(&doc, p).expect("leaf") {
                Value::String(s) => Value::String(format!("{s}测")),
                Value::Number(x) => Value::from(
                    x.as_u64().unwrap_or(0) + if fields::field(&fields::generic_path(p)).is_some_and(|f| f.kind == FieldKind::Money) { 100 } else { 1 },
                ),
                _ => unreachable!(),
            };
            path::set(&mut doc, p, new);
            let mut written = vec![p.clone()];
            // As the editor does: a quantity or a unit price typed in the budget recomputes its
            // line's amount, in the same check.
            if let Some(row) = p.strip_suffix(".quantity").or_else(|| p.strip_suffix(".unit_price")).filter(|r| r.starts_with("project.cost_estimate.items["))
                && let (Some(q), Some(price)) =
                    (path::get(&doc, &format!("{row}.quantity")).and_then(Value::as_u64), path::get(&doc, &format!("{row}.unit_price")).and_then(Value::as_u64))
            {
                path::set(&mut doc, &format!("{row}.amount"), Value::from(q * price));
                written.push(format!("{row}.amount"));
            }
            for (k, b) in scratch.iter_mut().enumerate().step_by(64) {
                *b = b.wrapping_add(k as u8);
            }
            std::hint::black_box(&scratch);
            let t = Instant::now();
            let r = live.check_doc_changed(&doc, Some(&written)).expect("valid");
            let u = live.submission().unexplained(&r).len();
            times.push(t.elapsed().as_secs_f64() * 1e6);
            at.push(p);
            findings.push(r.findings.len());
            std::hint::black_box((r, u));
            i = (i + 37) % typed.len();
        }
    }
    let mut s = times.clone();
    s.sort_by(f64::total_cmp);
    let q = |p: f64| s[((p * s.len() as f64).ceil() as usize).clamp(1, s.len()) - 1];
    println!("findings after 100, 300, all: {}, {}, {}", findings[99.min(n - 1)], findings[299.min(n - 1)], findings[n - 1]);
    println!("{} fields, {n} checks: p50 {:.1} µs, p95 {:.1}, p99 {:.1}, max {:.1}", typed.len(), q(0.5), q(0.95), q(0.99), s[s.len() - 1]);
    // SLOWEST=k: the k slowest checks of the last round, with the keystroke's number and field.
    let k: usize = std::env::var("SLOWEST").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&a, &b| times[b].total_cmp(&times[a]));
    for &i in order.iter().take(k) {
        println!("  {:.1} µs  #{i} {}", times[i], at[i]);
    }
}
