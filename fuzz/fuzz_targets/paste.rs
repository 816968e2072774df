//! Any clipboard text pasted into any table of the form at any cell. Properties: no panic; the
//! rows outside those written are untouched; rows are only added at the end; at most
//! `MAX_ROWS` rows are written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::json;
use shenbao_core::paste::{MAX_ROWS, paste};

const TABLES: [&str; 5] = ["project.cost_estimate.items", "project.basic.funding", "project.attachments", "service_plan.items", "service_plan.providers"];

fuzz_target!(|data: &[u8]| {
    let [table, at_row, at_column, rest @ ..] = data else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let table = TABLES[usize::from(*table) % TABLES.len()];
    let before: Vec<_> = (0..3).map(|i| json!({"name": format!("行{i}"), "quantity": i})).collect();
    let out = paste(table, &before, usize::from(*at_row % 6), usize::from(*at_column % 8), text);
    assert_eq!(out.rows.len(), before.len() + out.added);
    assert!(out.row_count <= MAX_ROWS);
    let written = out.first_row..out.first_row + out.row_count;
    for (i, row) in out.rows.iter().enumerate() {
        if !written.contains(&i) {
            assert_eq!(Some(row), before.get(i));
        }
    }
    let _ = out.summary();
    for p in &out.problems {
        assert!(written.contains(&p.row));
        let _ = p.message();
    }
});
