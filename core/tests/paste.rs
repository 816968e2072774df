//! Properties of pasting spreadsheet cells into a table (`shenbao_core::paste`): any grid a
//! spreadsheet puts on the clipboard reads back as that grid; rows shown by the form, copied
//! and pasted back, are the same rows; and any text pasted anywhere leaves the rows it does not
//! reach exactly as they were.

use proptest::prelude::*;
use serde_json::{Value, json};
use shenbao_core::fields::{FieldKind, field};
use shenbao_core::money;
use shenbao_core::paste::{MAX_ROWS, cells, copy, paste};

/// A grid as Excel and WPS copy it: cells joined by tabs, rows ended by CRLF, a cell holding a
/// tab, a line break or a quote quoted with its quotes doubled.
fn as_copied(grid: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in grid {
        let cells: Vec<String> =
            row.iter().map(|c| if c.contains(['\t', '\n', '"']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() }).collect();
        out.push_str(&cells.join("\t"));
        out.push_str("\r\n");
    }
    out
}

fn cell_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vec!["a", "云", " ", "\t", "\n", "\"", "“", "1", ".", "¥", "元", "万", "\u{a0}"]), 0..8).prop_map(|p| p.concat())
}

fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    (1usize..6).prop_flat_map(|width| prop::collection::vec(prop::collection::vec(cell_text(), width), 1..8))
}

fn budget_rows() -> impl Strategy<Value = Vec<Value>> {
    let categories = match field("project.cost_estimate.items[].category").unwrap().kind {
        FieldKind::Choice(list) => list,
        _ => unreachable!("the category is a choice"),
    };
    let row = (
        "[a-z云服务器]{1,10}",
        prop::sample::select(categories.to_vec()),
        prop::option::of(prop::sample::select(vec!["台", "套", "人月"])),
        1u64..500,
        0u64..100_000_000,
    )
        .prop_map(|(name, (id, _), unit, quantity, price)| {
            let mut row = json!({"name": name, "category": id, "quantity": quantity, "unit_price": price, "amount": quantity * price});
            if let Some(u) = unit {
                row["unit"] = json!(u);
            }
            row
        });
    prop::collection::vec(row, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_copied_grid_reads_back_as_the_grid(grid in grid()) {
        let mut want = grid.clone();
        // Blank rows at the end are not rows of the block (a copy always ends with a line break).
        while want.last().is_some_and(|r| r.iter().all(|c| c.trim().is_empty())) {
            want.pop();
        }
        prop_assert_eq!(cells(&as_copied(&grid)), want);
    }

    /// The rows as the form shows them (amounts in 万元 with thousands separators, a choice's
    /// label), copied and pasted back over rows of other values, are the same rows.
    #[test]
    fn rows_shown_by_the_form_paste_back_as_the_same_rows(rows in budget_rows()) {
        let kind = field("project.cost_estimate.items[].category").unwrap().kind;
        let shown: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let wan = |k: &str| money::format_wan(r[k].as_u64().unwrap() as i128);
                vec![
                    r["name"].as_str().unwrap().to_string(),
                    shenbao_core::fields::choice_label(kind, r["category"].as_str().unwrap()).unwrap().to_string(),
                    r.get("unit").and_then(Value::as_str).unwrap_or("").to_string(),
                    r["quantity"].to_string(),
                    wan("unit_price"),
                    wan("amount"),
                ]
            })
            .collect();
        let others: Vec<Value> = (0..rows.len()).map(|i| json!({"name": format!("旧{i}"), "unit": "旧", "quantity": 9})).collect();
        let out = paste("project.cost_estimate.items", &others, 0, 0, &as_copied(&shown));
        prop_assert!(out.problems.is_empty(), "{:?}", out.problems);
        prop_assert_eq!(out.rows, rows);
    }

    /// A table copied (「复制表格」) and pasted into an empty table — another draft's — gives the
    /// same rows: texts with tabs, line breaks and quotes inside, amounts, choices. (Blanks at
    /// the ends of a cell are not kept: a pasted cell is trimmed.)
    #[test]
    fn a_table_copied_pastes_back_as_the_same_rows(
        budget in budget_rows(),
        services in prop::collection::vec(("[a-z云]{1,6}", prop::option::of("[a-z云\"“]([a-z云 \\t\\n\"“]{0,12}[a-z云\"“])?"), 0u64..1000, 0u64..10_000_000), 1..6),
    ) {
        let out = paste("project.cost_estimate.items", &[], 0, 0, &copy("project.cost_estimate.items", &budget));
        prop_assert!(out.header && out.problems.is_empty(), "{:?}", out.problems);
        prop_assert_eq!(out.rows, budget);
        let services: Vec<Value> = services
            .into_iter()
            .map(|(name, description, quantity, fee)| {
                let mut row = json!({"name": name, "quantity": quantity, "annual_fee": fee});
                if let Some(d) = description {
                    row["description"] = json!(d);
                }
                row
            })
            .collect();
        let out = paste("service_plan.items", &[], 0, 0, &copy("service_plan.items", &services));
        prop_assert!(out.problems.is_empty(), "{:?}", out.problems);
        prop_assert_eq!(out.rows, services);
    }

    /// Whatever is pasted wherever: the rows before the first written and after the last are
    /// untouched, rows are only added at the end, and every problem names a written row.
    #[test]
    fn a_paste_touches_only_the_rows_it_writes(
        text in prop::collection::vec(prop_oneof![cell_text(), Just("\r\n".to_string()), Just("合计".to_string()), Just("名称".to_string()), Just("金额（元）".to_string())], 0..30).prop_map(|p| p.concat()),
        at_row in 0usize..6,
        at_column in 0usize..8,
        table in prop::sample::select(vec!["project.cost_estimate.items", "project.basic.funding", "project.attachments", "service_plan.items", "service_plan.providers"]),
    ) {
        let before: Vec<Value> = (0..4).map(|i| json!({"name": format!("行{i}")})).collect();
        let out = paste(table, &before, at_row, at_column, &text);
        prop_assert_eq!(out.rows.len(), before.len() + out.added);
        prop_assert!(out.row_count <= MAX_ROWS);
        let written = out.first_row..out.first_row + out.row_count;
        for (i, row) in out.rows.iter().enumerate() {
            if !written.contains(&i) {
                prop_assert_eq!(Some(row), before.get(i), "row {} outside {:?}", i, written);
            }
        }
        for p in &out.problems {
            prop_assert!(written.contains(&p.row));
        }
        // Deterministic: the same paste gives the same outcome.
        prop_assert_eq!(&out, &paste(table, &before, at_row, at_column, &text));
    }
}
