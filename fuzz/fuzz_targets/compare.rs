//! Two versions of a submission compared: the fixture's large project against any document
//! (the input, read as submission JSON; the first byte chooses which side it is). Properties:
//! no panic; a version compared with itself has no changes; per table, rows added minus rows
//! removed is the change in the number of rows; the summary and the text are made.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use shenbao_core::Submission;
use shenbao_core::compare::{self, Edit};
use shenbao_core::model::json::Json;

const LARGE: &str = include_str!("../../tests/fixtures/large/combined.json");

fn rows(s: &Submission, table: &str) -> i64 {
    shenbao_core::model::path::get(&s.write(), table).and_then(Value::as_array).map_or(0, |a| a.len() as i64)
}

fuzz_target!(|data: &[u8]| {
    let [side, rest @ ..] = data else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(input) = Submission::from_json(text) else { return };
    let large = Submission::from_json(LARGE).expect("fixture");
    let (a, b) = if side % 2 == 0 { (&large, &input) } else { (&input, &large) };
    let c = compare::submissions(a, b, None);
    let _ = (c.summary(), c.to_text());
    assert!(compare::submissions(&input, &input, None).is_empty());
    for d in &c.documents {
        let mut by_table: std::collections::BTreeMap<&str, i64> = Default::default();
        for e in &d.edits {
            if let Edit::Row { table, added, .. } = e {
                *by_table.entry(table).or_default() += if *added { 1 } else { -1 };
            }
        }
        for (table, n) in by_table {
            assert_eq!(n, rows(b, table) - rows(a, table), "{table}");
        }
    }
});
