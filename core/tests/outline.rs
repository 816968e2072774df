//! A whole 需求方案 split by its headings (`shenbao_core::outline`): a plan written to any of
//! the numberings, in any order, with any sections left out, comes back section by section as
//! written, and a budget table in any section as its rows; and any text at all splits without a
//! panic into pieces of itself.

use proptest::prelude::*;
use shenbao_core::fields::FieldKind;
use shenbao_core::outline::{self, Plan};

fn plan() -> &'static Plan {
    outline::plan("project.requirement_plan").expect("the requirement plan")
}

/// A heading for section number `n` (1-based) named `name` in numbering `style`.
fn heading(style: usize, n: u32, name: &str) -> String {
    const CN: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let cn = CN[(n - 1) as usize];
    match style {
        0 => format!("{cn}、{name}"),
        1 => format!("（{cn}）{name}"),
        2 => format!("{n}. {name}"),
        3 => format!("{n}、{name}"),
        4 => format!("第{cn}部分 {name}"),
        _ => name.to_string(),
    }
}

/// A paragraph of a plan's text: a sentence (it ends with 。, so it is never a heading), maybe
/// indented, or a blank line.
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ("[\u{3000} ]{0,2}", "[甲乙丙丁戊己庚辛壬癸系统平台数据共享]{1,30}").prop_map(|(indent, words)| format!("{indent}{words}。")),
        1 => Just(String::new()),
    ]
}

/// A section's text: paragraphs with something in them.
fn body() -> impl Strategy<Value = Vec<String>> {
    (paragraph().prop_filter("not blank", |p| !p.is_empty()), prop::collection::vec(paragraph(), 0..6)).prop_map(|(first, rest)| {
        let mut lines = vec![first];
        lines.extend(rest);
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_plan_comes_back_section_by_section(
        style in 0usize..6,
        order in Just((0..10usize).collect::<Vec<_>>()).prop_shuffle(),
        keep in 1usize..=10,
        names in prop::collection::vec(0usize..3, 10),
        bodies in prop::collection::vec(body(), 10),
        cover in prop::collection::vec(paragraph(), 0..4),
    ) {
        let plan = plan();
        let sections = &order[..keep];
        let mut text: Vec<String> = cover.clone();
        for (k, &i) in sections.iter().enumerate() {
            // One of the section's first names: the label or another form.
            let names_of: Vec<&str> = plan.names(i).collect();
            let name = names_of[names[i] % names_of.len().min(3)];
            text.push(heading(style, k as u32 + 1, name));
            text.extend(bodies[i].iter().cloned());
            text.push(String::new());
        }
        let out = outline::split(plan, &text.join("\n"));
        let mut found: Vec<usize> = out.placed.iter().map(|p| p.section).collect();
        found.sort_unstable();
        let mut wanted = sections.to_vec();
        wanted.sort_unstable();
        prop_assert_eq!(found, wanted);
        for &i in sections {
            let placed = out.get(i).expect("found");
            prop_assert_eq!(&placed.text, &bodies[i].join("\n"));
            prop_assert_eq!(placed.times, 1);
        }
        prop_assert_eq!(out.missing(plan).len(), 10 - keep);
        let cover_chars: usize = cover.iter().map(|l| l.chars().filter(|c| !c.is_whitespace()).count()).sum();
        prop_assert_eq!(out.skipped.iter().map(|s| s.chars).sum::<usize>(), cover_chars);
    }

    #[test]
    fn a_budget_table_copied_into_any_section_comes_back_as_its_rows(
        style in 0usize..6,
        at in 0usize..10,
        bodies in prop::collection::vec(body(), 10),
        lines in prop::collection::vec(("[甲乙丙丁系统平台服务器软件]{1,12}", 0usize..17, 1u64..200, 1u64..100_000), 1..12),
    ) {
        use shenbao_core::fields::{FieldKind, field};
        let plan = plan();
        let FieldKind::Choice(categories) = field("project.cost_estimate.items[].category").expect("the category").kind else { unreachable!() };
        let rows: Vec<serde_json::Value> = lines
            .iter()
            .map(|(name, c, q, p)| {
                let price = p * 100;
                serde_json::json!({"name": name, "category": categories[c % categories.len()].0, "quantity": q, "unit_price": price, "amount": q * price})
            })
            .collect();
        // As the table's 「复制表格」 writes it, as Word's copy of a table reads: a row a line.
        let table = shenbao_core::paste::copy("project.cost_estimate.items", &rows);
        let mut text = Vec::new();
        for (i, body) in bodies.iter().enumerate() {
            text.push(heading(style, i as u32 + 1, plan.label(i)));
            text.push(body[0].clone());
            if i == at {
                text.extend(table.lines().map(str::to_string));
            }
            text.extend(body[1..].iter().cloned());
        }
        let out = outline::split(plan, &text.join("\n"));
        prop_assert_eq!(out.tables.len(), 1);
        prop_assert_eq!(&out.tables[0].rows().rows, &rows);
        let under = heading(style, at as u32 + 1, plan.label(at));
        prop_assert_eq!(out.tables[0].heading.as_deref(), Some(under.trim()));
        for (i, body) in bodies.iter().enumerate() {
            prop_assert_eq!(&out.get(i).expect("found").text, &body.join("\n"));
        }
    }

    #[test]
    fn any_text_splits_into_pieces_of_itself(text in "(\\PC{0,40}[\n\r]?){0,40}") {
        let out = outline::split(plan(), &text);
        let normal = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = normal.split('\n').map(str::trim_end).collect();
        for p in &out.placed {
            prop_assert!(!p.text.trim().is_empty());
            // Each line of a section's text is a line of the input, or the rest of a heading's
            // line after its colon.
            for l in p.text.split('\n') {
                prop_assert!(lines.iter().any(|x| x.ends_with(l)), "{l:?} not in {text:?}");
            }
        }
        // The same text, the same outline.
        prop_assert_eq!(outline::split(plan(), &text), out);
    }
}

#[test]
fn a_large_plan_splits_at_once() {
    // 10 sections of 2,000 lines each: one pass over the lines.
    let mut text = String::new();
    for i in 0..10 {
        text.push_str(&heading(0, i + 1, plan().label(i as usize)));
        text.push('\n');
        for _ in 0..2_000 {
            text.push_str("建设内容包括数据共享平台、城市大脑和政务云的对接，以及网络安全的保障。\n");
        }
    }
    let out = outline::split(plan(), &text);
    assert_eq!(out.placed.len(), 10);
    assert!(out.placed.iter().all(|p| p.text.lines().count() == 2_000));
}

/// The text of our own Word export of `fixture` (stored entries: read without inflating).
fn exported(fixture: &str) -> (serde_json::Value, String) {
    use shenbao_core::paper::{self, unzip, wordtext};
    let path = format!("{}/../tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let docx = paper::docx::docx(&paper::papers(&doc), "未签名草稿");
    let Ok(unzip::Entry::Stored(xml)) = unzip::entry(&docx, wordtext::DOCUMENT) else { panic!("our export is stored") };
    (doc, wordtext::text(std::str::from_utf8(xml).unwrap()))
}

#[test]
fn our_word_export_imports_back_into_the_same_sections() {
    // A project printed to Word, edited there, and brought back: each section's text as it
    // was (the export writes each line a paragraph, trimmed, blank lines left out), nothing
    // of the rest of the application in any section.
    for fixture in ["large/combined.json", "bazhong/combined.json"] {
        let (doc, text) = exported(fixture);
        for plan in outline::PLANS {
            let out = outline::split(plan, &text);
            for (i, path) in plan.sections.iter().enumerate() {
                let value = shenbao_core::model::path::get(&doc, path).and_then(serde_json::Value::as_str).unwrap_or("");
                let want: Vec<&str> = value.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
                match out.get(i) {
                    Some(placed) => assert_eq!(placed.text, want.join("\n"), "{fixture}: {path}"),
                    None => assert!(want.is_empty(), "{fixture}: {path} not found"),
                }
            }
            // Each of the plan's tables comes back with the rows it had, every cell read, and
            // nothing of it in any section's text.
            // (The funding table is the application's 基本信息, before the plan: not the plan's.)
            for table in plan.tables.iter().filter(|t| **t != "project.basic.funding") {
                let rows = shenbao_core::model::path::get(&doc, table).and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
                let found = out.tables.iter().find(|t| t.table == *table);
                if rows.is_empty() {
                    assert!(found.is_none_or(|t| t.rows().rows.is_empty()), "{fixture}: {table}");
                    continue;
                }
                let read = found.unwrap_or_else(|| panic!("{fixture}: {table} not found")).rows();
                assert!(read.problems.is_empty() && read.unknown_headers.is_empty(), "{fixture}: {table}: {read:?}");
                assert_eq!(read.rows, rows, "{fixture}: {table}");
            }
            assert!(out.tables.iter().all(|t| t.table != "project.basic.funding"), "{fixture}");
            assert!(out.placed.iter().all(|p| !p.text.contains('\t')), "{fixture}: a table's row in a section");
            // Each field of the plan's group the export wrote with a value reads back as it was
            // (a yes/no left blank is written 否, as the package records it).
            for v in &out.values {
                let was = shenbao_core::model::path::get(&doc, v.path).cloned().unwrap_or_default();
                let read = v.value.clone().unwrap_or_else(|e| panic!("{fixture}: {}: {e:?}", v.written));
                assert!(read == was || was.is_null() && read == serde_json::Value::Bool(false), "{fixture}: {} read as {read}, was {was}", v.written);
            }
            let with_values = shenbao_core::fields::FIELDS.iter().filter(|f| {
                f.path.strip_prefix(plan.group).is_some_and(|r| r.starts_with('.'))
                    && !f.path.contains("[]")
                    && !matches!(f.kind, FieldKind::LongText | FieldKind::Group | FieldKind::Table)
                    && shenbao_core::model::path::get(&doc, f.path).is_some_and(|v| !v.is_null())
            });
            for f in with_values {
                assert!(out.values.iter().any(|v| v.path == f.path), "{fixture}: {} not read", f.path);
            }
        }
    }
}
