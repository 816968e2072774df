//! `LiveCheck` (the editor's incremental checker) gives exactly the report of a full
//! `check` after every edit of long random edit sequences over every fixture and pack, and
//! it does skip work: an edit re-evaluates only the rules that read what changed.

use serde_json::{Value, json};
use shenbao_core::engine::live::{LiveCheck, dependencies};
use shenbao_core::fields::{self, FieldKind};
use shenbao_core::model::path;
use shenbao_core::pack::builtin;
use shenbao_core::{Submission, check};

mod common;
use common::Rng;

fn fixtures() -> Vec<(String, String, Value)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let city = dir.file_name().unwrap().to_string_lossy().to_string();
        // The large project is written for the 巴中 pack.
        let pack = if city == "large" { "bazhong".to_string() } else { city };
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".json") && !name.ends_with(".report.json") {
                let value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                out.push((pack.clone(), format!("{}/{name}", dir.display()), value));
            }
        }
    }
    assert!(out.len() > 10, "fixtures found: {}", out.len());
    out
}

/// The large project (`bench/gen_large.py`: 80 budget lines, 30 service items), written for
/// the 巴中 pack.
fn large() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/large/combined.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every concrete path of a leaf or list in the document (`project.cost_estimate.items[3].amount`).
fn paths(v: &Value, prefix: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                paths(c, &p, out);
            }
        }
        Value::Array(items) => {
            out.push(prefix.to_string());
            for (i, c) in items.iter().enumerate() {
                if c.is_object() {
                    paths(c, &format!("{prefix}[{i}]"), out);
                }
            }
        }
        _ => out.push(prefix.to_string()),
    }
}

/// A plausible edit of the value at a path: what typing, clearing, ticking, choosing and
/// adding or removing rows do. Words the packs look for make rules fire and clear.
fn edit(rng: &mut Rng, p: &str, old: &Value) -> Value {
    // A choice field mostly gets another of its choices (as the form's select gives), so
    // rules on choices — e.g. a budget line's category — fire and clear.
    if let Some(FieldKind::Choice(list)) = fields::field(&fields::generic_path(p)).map(|f| f.kind)
        && rng.below(4) != 0
    {
        return json!(list[rng.below(list.len())].0);
    }
    // With an invisible character and a Cyrillic letter, which the format checks flag.
    const WORDS: [&str; 10] = ["", "政务云", "等级保护", "国产密码", "共享", "测试文字", "x", "重复建设", "巴中\u{200B}市", "Сloud"];
    match old {
        Value::String(s) => match rng.below(3) {
            0 => json!(WORDS[rng.below(WORDS.len())]),
            1 => json!(format!("{s}{}", WORDS[rng.below(WORDS.len())])),
            _ => json!(s.chars().take(rng.below(s.chars().count() + 1)).collect::<String>()),
        },
        Value::Number(n) => {
            let x = n.as_u64().unwrap_or(0);
            json!([0, x + 1, x * 2, x / 2, x.saturating_sub(1), 1_000_000][rng.below(6)])
        }
        Value::Bool(b) => json!(!b),
        Value::Array(items) if !items.is_empty() => {
            let mut items = items.clone();
            match rng.below(3) {
                0 => {
                    items.pop();
                }
                1 => items.push(items[0].clone()),
                _ => {
                    let last = items.len() - 1;
                    items.swap(0, last)
                }
            }
            Value::Array(items)
        }
        _ => Value::Null,
    }
}

#[test]
fn live_check_equals_full_check_after_every_edit() {
    let mut total_edits = 0;
    let mut total_evaluated = 0;
    let mut total_rules = 0;
    let mut doc_evaluated = 0;
    for (seed, (pack_id, name, start)) in fixtures().into_iter().enumerate() {
        let pack = builtin::pack(&pack_id).unwrap_or_else(|| panic!("pack {pack_id}"));
        let mut live = LiveCheck::new(pack);
        let mut by_doc = LiveCheck::new(pack);
        // Told which path each edit wrote, as the editor does.
        let mut hinted = LiveCheck::new(pack);
        let mut doc = start;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (seed as u64 + 1));
        let sub = Submission::from_value(doc.clone()).unwrap();
        assert_eq!(live.check(&sub), check(pack, &sub), "{name}: first check");
        assert_eq!(live.evaluated(), pack.rules.len(), "the first check evaluates every rule");
        assert_eq!(by_doc.check_doc(&doc).unwrap(), check(pack, &sub), "{name}: first check_doc");
        assert_eq!(hinted.check_doc_changed(&doc, Some(&[])).unwrap(), check(pack, &sub), "{name}: first hinted check");
        for step in 0..150 {
            let mut all = Vec::new();
            paths(&doc, "", &mut all);
            let mut next = doc.clone();
            let written = if rng.below(40) == 0 && next.get("project").is_some() && next.get("service_plan").is_some() {
                // Now and then a whole document goes (the rules that need it stop applying).
                let which = if rng.below(2) == 0 { "project" } else { "service_plan" };
                next.as_object_mut().unwrap().remove(which);
                which.to_string()
            } else {
                let p = &all[rng.below(all.len())];
                let old = path::get(&next, p).cloned().unwrap_or(Value::Null);
                assert!(path::set(&mut next, p, edit(&mut rng, p, &old)), "{name}: set {p}");
                p.clone()
            };
            let written = [written];
            // An edit the form could not make (e.g. free text in a choice) is refused the same
            // way by both readers, and not applied.
            let Ok(sub) = Submission::from_value(next.clone()) else {
                let full = Submission::from_value(next.clone()).unwrap_err();
                assert_eq!(by_doc.check_doc(&next).unwrap_err(), full, "{name}: step {step}");
                assert_eq!(hinted.check_doc_changed(&next, Some(&written)).unwrap_err(), full, "{name}: step {step}, hinted");
                continue;
            };
            doc = next;
            assert_eq!(by_doc.check_doc(&doc).unwrap(), check(pack, &sub), "{name}: step {step} by document (seed {seed})");
            doc_evaluated += by_doc.evaluated();
            assert_eq!(hinted.check_doc_changed(&doc, Some(&written)).unwrap(), check(pack, &sub), "{name}: step {step} hinted {written:?} (seed {seed})");
            let got = live.check(&sub);
            assert_eq!(got, check(pack, &sub), "{name}: step {step} (seed {seed})");
            total_edits += 1;
            total_evaluated += live.evaluated();
            total_rules += pack.rules.len();
        }
    }
    assert!(total_edits > 1000, "edits applied: {total_edits}");
    // Random edits hit tables and amounts that many rules read, but most still skip most rules.
    assert!(total_evaluated * 2 < total_rules, "evaluated {total_evaluated} of {total_rules} rule evaluations");
    assert!(doc_evaluated * 2 < total_rules, "by document: evaluated {doc_evaluated} of {total_rules} rule evaluations");
}

#[test]
fn an_edit_re_evaluates_only_the_rules_that_read_the_field() {
    let mut doc = large();
    let pack = builtin::pack("bazhong").unwrap();
    let mut live = LiveCheck::new(pack);
    live.check(&Submission::from_value(doc.clone()).unwrap());
    let p = "project.requirement_plan.current_state";
    let readers = pack.rules.iter().filter(|r| dependencies(r).iter().any(|d| p.starts_with(&d.join(".")))).count();
    assert!(readers < pack.rules.len() / 4, "{readers} rules read {p}");
    path::set(&mut doc, p, json!("现状：各部门系统分散建设"));
    let sub = Submission::from_value(doc.clone()).unwrap();
    assert_eq!(live.check(&sub), check(pack, &sub));
    assert_eq!(live.evaluated(), readers);
    // Nothing changed: nothing is evaluated, the report is the same.
    assert_eq!(live.check(&sub), check(pack, &sub));
    assert_eq!(live.evaluated(), 0);
}

#[test]
fn an_edit_in_a_table_row_re_reads_only_its_section() {
    let mut doc = large();
    let mut reader = shenbao_core::model::live::LiveDoc::default();
    reader.read(&doc).unwrap();
    path::set(&mut doc, "project.cost_estimate.items[40].name", json!("云资源租用（扩容）"));
    let changes = reader.read(&doc).unwrap();
    let keys: Vec<_> = changes.iter().map(|c| (c.keys.join("."), c.row)).collect();
    assert_eq!(keys, [("project.cost_estimate.items".to_string(), Some(40))], "only the row is re-read");
    assert_eq!(reader.root(), &serde_json::to_value(Submission::from_value(doc.clone()).unwrap()).unwrap());
    assert_eq!(reader.submission(), &Submission::from_value(doc.clone()).unwrap());
    // Two rows at once: the section is read whole, told or not which cells were written.
    let mut told = shenbao_core::model::live::LiveDoc::default();
    told.read(&doc).unwrap();
    path::set(&mut doc, "project.cost_estimate.items[1].unit", json!("台"));
    path::set(&mut doc, "project.cost_estimate.items[2].unit", json!("台"));
    let keys: Vec<_> = reader.read(&doc).unwrap().iter().map(|c| (c.keys.join("."), c.row)).collect();
    assert_eq!(keys, [("project.cost_estimate".to_string(), None)]);
    assert_eq!(reader.submission(), &Submission::from_value(doc.clone()).unwrap());
    let written = ["project.cost_estimate.items[1].unit".to_string(), "project.cost_estimate.items[2].unit".to_string()];
    let keys: Vec<_> = told.read_changed(&doc, Some(&written)).unwrap().iter().map(|c| (c.keys.join("."), c.row)).collect();
    assert_eq!(keys, [("project.cost_estimate".to_string(), None)]);
    assert_eq!(told.submission(), reader.submission());
    // A row of the attachments (the section is the list) and of the service plan's items.
    for (p, v, part) in
        [("project.attachments[2].name", json!("可研报告（修订）"), "project.attachments"), ("service_plan.items[3].quantity", json!(7), "service_plan.items")]
    {
        path::set(&mut doc, p, v);
        let keys: Vec<_> = reader.read(&doc).unwrap().iter().map(|c| c.keys.join(".")).collect();
        assert_eq!(keys, [part]);
        assert_eq!(reader.submission(), &Submission::from_value(doc.clone()).unwrap());
        assert_eq!(reader.root(), &serde_json::to_value(Submission::from_value(doc.clone()).unwrap()).unwrap());
    }
    // A field of the service plan: only its section is read again.
    path::set(&mut doc, "service_plan.acceptance_method", json!("按服务标准逐项验收"));
    let keys: Vec<_> = reader.read(&doc).unwrap().iter().map(|c| (c.keys.join("."), c.row)).collect();
    assert_eq!(keys, [("service_plan.acceptance_method".to_string(), None)]);
    assert_eq!(reader.submission(), &Submission::from_value(doc.clone()).unwrap());
    // A bad cell is refused with the full read's error, and the next good read recovers.
    path::set(&mut doc, "project.cost_estimate.items[5].category", json!("火箭"));
    assert_eq!(reader.read(&doc).unwrap_err(), Submission::from_value(doc.clone()).unwrap_err());
    path::set(&mut doc, "project.cost_estimate.items[5].category", json!("server"));
    reader.read(&doc).unwrap();
    assert_eq!(reader.submission(), &Submission::from_value(doc.clone()).unwrap());
}

#[test]
fn a_cell_edit_re_evaluates_one_row_of_the_rules_over_its_table() {
    let mut doc = large();
    let pack = builtin::pack("bazhong").unwrap();
    let mut live = LiveCheck::new(pack);
    live.check_doc(&doc).unwrap();
    let full = |doc: &Value| check(pack, &Submission::from_value(doc.clone()).unwrap());
    // 巴中 第八条（一）: a non-classified project may not buy servers; the rule runs per budget line.
    let hardware = |r: &shenbao_core::Report| r.findings.iter().filter(|f| f.rule == "bazhong.8.1.hardware").map(|f| f.fields[0].clone()).collect::<Vec<_>>();
    for (i, category) in [(41, "server"), (3, "storage"), (41, "app_development"), (79, "server"), (0, "network_device")] {
        path::set(&mut doc, &format!("project.cost_estimate.items[{i}].category"), json!(category));
        let report = live.check_doc(&doc).unwrap();
        assert_eq!(report, full(&doc), "after setting row {i} to {category}");
        // Only the rules over the budget lines ran (one row each).
        let readers = pack
            .rules
            .iter()
            .filter(|r| {
                dependencies(r)
                    .iter()
                    .any(|d| d.join(".") == "project.cost_estimate.items" || "project.cost_estimate.items".starts_with(&format!("{}.", d.join("."))))
            })
            .count();
        assert_eq!(live.evaluated(), readers, "after setting row {i}");
    }
    assert_eq!(
        hardware(&live.check_doc(&doc).unwrap()),
        ["project.cost_estimate.items[0].category", "project.cost_estimate.items[3].category", "project.cost_estimate.items[79].category"]
    );
    // The rule's condition outside the row changes: every row is evaluated again.
    path::set(&mut doc, "project.basic.classified", json!(true));
    assert_eq!(live.check_doc(&doc).unwrap(), full(&doc));
    assert!(hardware(&live.check_doc(&doc).unwrap()).is_empty());
}

#[test]
fn warming_up_edits_every_section_and_leaves_the_document_alone() {
    let doc = large();
    let pack = builtin::pack("bazhong").unwrap();
    let before = doc.clone();
    let checks = shenbao_core::engine::live::warm_up(pack, &doc);
    let sections = doc["project"].as_object().unwrap().len() + doc["service_plan"].as_object().unwrap().len();
    // One full check, then an edit and its undoing for nearly every section (a section with
    // nothing editable, like a list of choices only, is skipped).
    assert!(checks > sections, "{checks} checks for {sections} sections");
    assert_eq!(doc, before);
    // Not a document: nothing to warm up, no panic.
    assert_eq!(shenbao_core::engine::live::warm_up(pack, &json!({"format": "x"})), 0);
}

#[test]
fn a_justification_is_read_when_its_path_is_named_and_kept_otherwise() {
    // Told the paths written, the reader reads the 说明 again only when one of them is there:
    // a keystroke in a field leaves them as they were, and typing a 说明 is seen at once.
    for (pack_id, name, start) in fixtures() {
        let pack = builtin::pack(&pack_id).unwrap();
        let mut hinted = LiveCheck::new(pack);
        let mut doc = start;
        hinted.check_doc_changed(&doc, Some(&[])).unwrap();
        let full = |doc: &Value| check(pack, &Submission::from_value(doc.clone()).unwrap());
        let steps: [(&str, Value); 4] = [
            ("justifications", json!([{ "rule": "any-rule", "fields": ["project.basic.name"], "text": "已说明" }])),
            ("justifications[0].text", json!("已补充说明")),
            ("format", json!("shenbao.submission/1")),
            ("justifications", Value::Null),
        ];
        for (p, v) in steps {
            if v.is_null() {
                doc.as_object_mut().unwrap().remove(p);
            } else {
                path::set(&mut doc, p, v);
            }
            let written = [p.to_string()];
            let Ok(report) = hinted.check_doc_changed(&doc, Some(&written)) else {
                assert!(Submission::from_value(doc.clone()).is_err(), "{name}: {p}");
                continue;
            };
            assert_eq!(report, full(&doc), "{name}: after writing {p}");
            assert_eq!(hinted.submission(), &Submission::from_value(doc.clone()).unwrap(), "{name}: {p}");
            // A field written after it: the 说明 stand as read.
            let field = if doc.get("project").is_some() { "project.basic.name" } else { "service_plan.project_name" };
            path::set(&mut doc, field, json!("又改了名字的项目"));
            let report = hinted.check_doc_changed(&doc, Some(&[field.to_string()])).unwrap();
            assert_eq!(report, full(&doc), "{name}: a field after {p}");
            assert_eq!(hinted.submission(), &Submission::from_value(doc.clone()).unwrap(), "{name}: a field after {p}");
        }
    }
}

/// The budget lines' consistency findings are kept line by line between checks
/// (`consistency::Lines`): each must still follow its line's name, numbers and position.
#[test]
fn budget_lines_that_disagree_are_found_again_when_their_name_numbers_or_position_change() {
    let mut doc = large();
    let pack = builtin::pack("bazhong").unwrap();
    let mut live = LiveCheck::new(pack);
    live.check_doc(&doc).unwrap();
    let full = |doc: &Value| check(pack, &Submission::from_value(doc.clone()).unwrap());
    let lines = |r: &shenbao_core::Report| {
        r.findings.iter().filter(|f| f.rule == "consistency.line-amount").map(|f| (f.fields[0].clone(), f.message.clone())).collect::<Vec<_>>()
    };
    let item = |i: usize, key: &str| format!("project.cost_estimate.items[{i}].{key}");
    let amount = |doc: &Value, i: usize| path::get(doc, &item(i, "amount")).and_then(Value::as_u64).unwrap();
    let steps: Vec<(String, Option<Value>)> = vec![
        // Two lines stop agreeing with 数量 × 单价.
        (item(5, "amount"), Some(json!(amount(&doc, 5) + 100))),
        (item(40, "amount"), Some(json!(amount(&doc, 40) + 300))),
        // A disagreeing line renamed: its message names it.
        (item(40, "name"), Some(json!("改名后的明细"))),
        // Its unit price changed: the expected amount in the message follows.
        (item(40, "unit_price"), Some(json!(7))),
        // The other made to agree again: its finding goes.
        (item(5, "amount"), Some(json!(amount(&doc, 5)))),
        // A row before it removed: the disagreeing line is now row 40 (第 40 行).
        ("project.cost_estimate.items[2]".to_string(), None),
        // Its quantity cleared: no finding (nothing to multiply).
        (item(39, "quantity"), None),
    ];
    let mut seen = Vec::new();
    for (p, v) in steps {
        // What the editor names when it writes: the value's path, or the list a row left.
        let mut written = p.clone();
        match v {
            Some(v) => assert!(path::set(&mut doc, &p, v), "set {p}"),
            None => {
                let (list, i) = p.rsplit_once('[').map(|(l, i)| (l.to_string(), i.trim_end_matches(']').parse::<usize>())).unwrap();
                match i {
                    Ok(i) => {
                        path::get_mut(&mut doc, &list).and_then(Value::as_array_mut).unwrap().remove(i);
                        written = list;
                    }
                    Err(_) => {
                        let (parent, key) = p.rsplit_once('.').unwrap();
                        path::get_mut(&mut doc, parent).and_then(Value::as_object_mut).unwrap().remove(key);
                    }
                }
            }
        }
        let report = live.check_doc_changed(&doc, Some(std::slice::from_ref(&written))).unwrap();
        assert_eq!(report, full(&doc), "after {p}");
        seen.push(lines(&report));
    }
    assert_eq!(seen[1].len(), 2);
    assert!(seen[2][1].1.contains("改名后的明细"), "{:?}", seen[2]);
    assert_ne!(seen[3][1].1, seen[2][1].1, "the unit price is in the message");
    assert_eq!(seen[4].len(), 1);
    assert_eq!(seen[5][0].0, "project.cost_estimate.items[39].amount");
    assert!(seen[5][0].1.contains("第 40 行"), "{:?}", seen[5]);
    assert!(seen[6].is_empty());
}

/// Told which paths were written, the reader looks at a document's keys only where a write
/// named one: an unknown section written is still refused as a full read refuses it.
#[test]
fn an_unknown_section_named_by_a_write_is_refused_as_a_full_read_refuses_it() {
    let start = large();
    let pack = builtin::pack("bazhong").unwrap();
    for (p, v) in [("project.nonsense", json!("x")), ("service_plan.extra.deep", json!(1)), ("project", json!({"nonsense": 1}))] {
        let mut live = LiveCheck::new(pack);
        live.check_doc(&start).unwrap();
        let mut doc = start.clone();
        assert!(path::set(&mut doc, p, v), "set {p}");
        let full = Submission::from_value(doc.clone()).map(|_| ()).unwrap_err();
        let hinted = live.check_doc_changed(&doc, Some(&[p.to_string()])).map(|_| ()).unwrap_err();
        assert_eq!(hinted.to_string(), full.to_string(), "{p}");
    }
}

/// The format findings of the parts an edit did not touch are the ones the last check built,
/// not rebuilt (the editor compares reports finding by finding, and an `Arc` kept compares at
/// once), and a cell edit rebuilds only its row's: in form order, as a full check orders them.
#[test]
fn format_findings_of_untouched_parts_are_kept_and_stay_in_form_order() {
    let mut doc = large();
    let pack = builtin::pack("bazhong").unwrap();
    let full = |doc: &Value| check(pack, &Submission::from_value(doc.clone()).unwrap());
    // Format problems in a section and in two budget lines, before and after the edited one.
    for (p, v) in [
        ("project.basic.contact.phone", json!("138-测试")),
        ("project.cost_estimate.items[3].name", json!("服务器\u{200b}")),
        ("project.cost_estimate.items[60].name", json!("存储\u{200b}")),
    ] {
        assert!(path::set(&mut doc, p, v), "set {p}");
    }
    let mut live = LiveCheck::new(pack);
    let first = live.check_doc(&doc).unwrap();
    assert_eq!(first, full(&doc));
    let format = |r: &shenbao_core::Report| r.findings.iter().filter(|f| f.rule.starts_with("format.")).cloned().collect::<Vec<_>>();
    let before = format(&first);
    assert_eq!(
        before.iter().map(|f| f.fields[0].as_str()).collect::<Vec<_>>(),
        ["project.basic.contact.phone", "project.cost_estimate.items[3].name", "project.cost_estimate.items[60].name"]
    );
    // A text elsewhere: every format finding is the one built before.
    let p = "project.requirement_plan.current_state".to_string();
    let text = path::get(&doc, &p).and_then(Value::as_str).unwrap().to_string();
    path::set(&mut doc, &p, json!(format!("{text}测")));
    let report = live.check_doc_changed(&doc, Some(std::slice::from_ref(&p))).unwrap();
    assert_eq!(report, full(&doc));
    let after = format(&report);
    assert!(before.iter().zip(&after).all(|(a, b)| std::sync::Arc::ptr_eq(a, b)) && after.len() == 3, "{after:?}");
    // A cell of line 31 made bad: its finding is new and goes between lines 4 and 61; the
    // others are kept.
    let p = "project.cost_estimate.items[30].name".to_string();
    path::set(&mut doc, &p, json!("网络\u{200b}设备"));
    let report = live.check_doc_changed(&doc, Some(std::slice::from_ref(&p))).unwrap();
    assert_eq!(report, full(&doc));
    let after = format(&report);
    assert_eq!(
        after.iter().map(|f| f.fields[0].as_str()).collect::<Vec<_>>(),
        ["project.basic.contact.phone", "project.cost_estimate.items[3].name", "project.cost_estimate.items[30].name", "project.cost_estimate.items[60].name"]
    );
    for (a, b) in [(&before[0], &after[0]), (&before[1], &after[1]), (&before[2], &after[3])] {
        assert!(std::sync::Arc::ptr_eq(a, b), "{} rebuilt", b.fields[0]);
    }
}
