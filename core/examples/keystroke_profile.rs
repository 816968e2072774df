//! Profiling aid (issue 6): runs the editor's per-keystroke work — read the document, check
//! it — in a loop over the large project, for `perf record`. Prints the time per iteration.
//!   cargo run --profile native -p shenbao-core --example keystroke_profile [N] [full|live|row|plan]
//!   (TARGET=path: live, typing into that field instead)
use shenbao_core::{Submission, check, pack::builtin};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    // `full`, `live` (`row`: live, editing a table cell) or both (default): callgrind one mode at a time for instruction counts,
    // which, unlike times, do not depend on the machine's load.
    let mode = std::env::args().nth(2).unwrap_or_default();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/large/combined.json");
    let text = std::fs::read_to_string(path).expect("large fixture");
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    let pack = builtin::pack("bazhong").expect("bazhong");
    let t = Instant::now();
    let mut findings = 0;
    for _ in 0..if mode == "full" || mode.is_empty() { n } else { 0 } {
        let sub = Submission::from_value(value.clone()).expect("valid");
        findings += check(pack, &sub).findings.len();
    }
    println!("full: {:.1} µs per keystroke ({findings} findings)", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let mut live = shenbao_core::engine::live::LiveCheck::new(pack);
    let mut edited = value.clone();
    let t = Instant::now();
    // `row`: the edit is in a cell of the 80-row budget table instead of a long text.
    // `plan`: a field of the service plan (read as one part).
    // TARGET=path: any other field.
    let other = std::env::var("TARGET").unwrap_or_default();
    let target = match mode.as_str() {
        "row" => "project.cost_estimate.items[40].name",
        "plan" => "service_plan.acceptance_method",
        _ if !other.is_empty() => other.as_str(),
        _ => "project.requirement_plan.current_state",
    };
    for i in 0..if mode == "full" { 0 } else { n } {
        let text = format!("现状：各部门系统分散建设（第 {i} 稿）");
        shenbao_core::model::path::set(&mut edited, target, serde_json::Value::from(text));
        findings += live.check_doc_changed(&edited, Some(&[target.to_string()])).expect("valid").findings.len();
    }
    println!("rules evaluated on the last keystroke: {}", live.evaluated());
    println!("live: {:.1} µs per keystroke ({findings} findings)", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
