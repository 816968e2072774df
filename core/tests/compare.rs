//! Comparing two versions of a submission: what a reviewer is shown of a resubmission.

mod common;

use common::*;
use serde_json::{Value, json};
use shenbao_core::compare::{self, Comparison, Edit, FileChange, Presence, Span};
use shenbao_core::crypto::{Algorithm, PrivateKey};
use shenbao_core::model::Justification;
use shenbao_core::pack::builtin;
use shenbao_core::package::{self, Attachment, SignRequest, SignerIdentity};
use shenbao_core::{Report, Submission, check};

fn large() -> Value {
    serde_json::from_str(&read(&tests_dir().join("fixtures/large/combined.json"))).unwrap()
}

/// The large project's city (its rule pack).
fn city(v: &Value) -> &'static shenbao_core::RulePack {
    let id = v.get("city").and_then(Value::as_str).unwrap_or("bazhong");
    builtin::pack(id).or_else(|| builtin::pack("bazhong")).unwrap()
}

fn sub(v: &Value) -> Submission {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("city");
    }
    parse(&v, "version")
}

fn report(v: &Value) -> Report {
    check(city(v), &sub(v))
}

fn compared(a: &Value, b: &Value) -> Comparison {
    let (ra, rb) = (report(a), report(b));
    compare::submissions(&sub(a), &sub(b), Some((&ra, &rb)))
}

/// The large project (which passes every check) with three cost lines whose amount is not
/// quantity × unit price: findings tied to rows.
fn with_row_findings() -> Value {
    let mut v = large();
    for i in [5, 20, 40] {
        let amount = items(&mut v)[i]["amount"].as_i64().unwrap();
        items(&mut v)[i]["amount"] = json!(amount + 100);
    }
    v
}

fn items(v: &mut Value) -> &mut Vec<Value> {
    v["project"]["cost_estimate"]["items"].as_array_mut().unwrap()
}

fn edits(c: &Comparison) -> Vec<&Edit> {
    c.documents.iter().flat_map(|d| &d.edits).collect()
}

#[test]
fn a_version_compared_with_itself_has_no_changes() {
    for city in ["bazhong", "luojiang", "suining", "wuhai", "xianyang"] {
        for f in fixtures(city) {
            let v: Value = serde_json::from_str(&read(&f)).unwrap();
            let s = parse(&v, "fixture");
            let r = check(builtin::pack(city).unwrap(), &s);
            let c = compare::submissions(&s, &s, Some((&r, &r)));
            assert!(c.is_empty(), "{}: {c:?}", f.display());
            assert_eq!(c.summary(), "两版内容相同");
        }
    }
    let v = large();
    assert!(compared(&v, &v).is_empty());
}

#[test]
fn a_changed_cell_is_one_edit_named_by_its_row_in_wan_yuan() {
    let a = large();
    let mut b = a.clone();
    let before = items(&mut b)[3]["amount"].as_i64().unwrap();
    items(&mut b)[3]["amount"] = json!(before + 10_000);
    let c = compared(&a, &b);
    let e = edits(&c);
    assert_eq!(e.len(), 1, "{e:?}");
    let Edit::Value { path, label, before: x, after: y, .. } = e[0] else { panic!("{e:?}") };
    assert_eq!(path, "project.cost_estimate.items[3].amount");
    assert_eq!(label, "资金估算明细 第 4 行 · 金额");
    assert_eq!(x.as_deref(), Some(format!("{} 万元", shenbao_core::money::format_wan(before as i128)).as_str()));
    assert_eq!(y.as_deref(), Some(format!("{} 万元", shenbao_core::money::format_wan((before + 10_000) as i128)).as_str()));
    // The amount no longer equals quantity × price: a new finding about that row, nothing resolved.
    assert!(c.findings_added.iter().any(|f| f.fields.iter().any(|p| p.starts_with("project.cost_estimate.items[3]"))), "{:?}", c.findings_added);
    assert!(c.summary().starts_with("字段改动 1 处"), "{}", c.summary());
}

#[test]
fn a_row_inserted_at_the_top_is_one_row_added_and_the_rows_below_keep_their_findings() {
    let a = with_row_findings();
    let ra = report(&a);
    // The large project has findings on rows below the insertion; they must not look resolved.
    assert!(ra.findings.iter().any(|f| f.fields.iter().any(|p| p.starts_with("project.cost_estimate.items["))), "fixture has row findings");
    let mut b = a.clone();
    let new_row = json!({"name": "新增的一行", "category": "server", "unit": "台", "quantity": 2, "unit_price": 5000, "amount": 10000});
    items(&mut b).insert(0, new_row);
    let c = compared(&a, &b);
    let e = edits(&c);
    let rows: Vec<_> = e.iter().filter(|e| matches!(e, Edit::Row { .. })).collect();
    assert_eq!(rows.len(), 1, "{e:?}");
    let Edit::Row { label, added, cells, table } = rows[0] else { unreachable!() };
    assert!(*added);
    assert_eq!(*table, "project.cost_estimate.items");
    assert_eq!(label, "资金估算明细 第 1 行");
    assert!(cells.iter().any(|c| c.label == "名称" && c.value == "新增的一行"), "{cells:?}");
    assert!(cells.iter().any(|c| c.label == "金额" && c.value == "1 万元"), "{cells:?}");
    assert!(!e.iter().any(|e| matches!(e, Edit::Value { .. })), "no cell of another row changed: {e:?}");
    let row_finding =
        |f: &shenbao_core::Finding| f.fields.iter().any(|p| p.starts_with("project.cost_estimate.items[") && !p.starts_with("project.cost_estimate.items[0]"));
    assert!(!c.findings_resolved.iter().any(row_finding), "{:?}", c.findings_resolved);
    assert!(!c.findings_added.iter().any(row_finding), "{:?}", c.findings_added);
}

#[test]
fn a_removed_row_is_listed_with_its_cells_and_its_findings_resolved() {
    let a = with_row_findings();
    let mut b = a.clone();
    let gone = items(&mut b).remove(20);
    let c = compared(&a, &b);
    let e = edits(&c);
    assert_eq!(e.len(), 1, "{e:?}");
    let Edit::Row { label, added, cells, .. } = e[0] else { panic!("{e:?}") };
    assert!(!*added);
    assert_eq!(label, "资金估算明细 第 21 行");
    assert!(cells.iter().any(|c| c.label == "名称" && c.value == gone["name"].as_str().unwrap()));
    let ra = report(&a);
    let of_row: Vec<_> = ra.findings.iter().filter(|f| f.fields.iter().any(|p| p.starts_with("project.cost_estimate.items[20]."))).collect();
    assert!(!of_row.is_empty());
    for f in of_row {
        assert!(c.findings_resolved.iter().any(|r| r.rule == f.rule && r.fields == f.fields), "{} not resolved", f.rule);
    }
    // The findings of rows 41 (now 40) and 6 stay: neither resolved nor new.
    assert!(c.findings_resolved.iter().all(|f| f.fields.iter().all(|p| !p.contains("items[40]") && !p.contains("items[5]"))), "{:?}", c.findings_resolved);
    assert!(c.findings_added.iter().all(|f| f.fields.iter().all(|p| !p.contains("items[39]") && !p.contains("items[5]"))), "{:?}", c.findings_added);
}

#[test]
fn a_row_edited_among_inserted_and_removed_rows_pairs_with_its_old_self() {
    let a = large();
    let mut b = a.clone();
    let rows = items(&mut b);
    rows.remove(5);
    rows[6]["unit"] = json!("批");
    rows.insert(10, json!({"name": "全新的设备", "category": "server", "unit": "台", "quantity": 1, "unit_price": 100, "amount": 100}));
    let c = compared(&a, &b);
    let e = edits(&c);
    let labels: Vec<String> = e
        .iter()
        .map(|e| match e {
            Edit::Value { label, .. } => format!("~{label}"),
            Edit::Row { label, added, .. } => format!("{}{label}", if *added { '+' } else { '-' }),
        })
        .collect();
    assert_eq!(labels, ["-资金估算明细 第 6 行", "~资金估算明细 第 7 行（上一版第 8 行） · 单位", "+资金估算明细 第 11 行"]);
}

#[test]
fn a_long_text_change_is_shown_in_place() {
    let a = large();
    let mut b = a.clone();
    let t = b["project"]["requirement_plan"]["current_state"].as_str().map(str::to_string);
    let Some(t) = t else {
        // The registry's first long text of the plan, whatever the fixture calls it.
        panic!("fixture has no project.requirement_plan.current_state")
    };
    let changed = format!("{t}另增一句说明。");
    b["project"]["requirement_plan"]["current_state"] = json!(changed);
    let c = compared(&a, &b);
    let e = edits(&c);
    assert_eq!(e.len(), 1, "{e:?}");
    let Edit::Value { spans, .. } = e[0] else { panic!() };
    assert_eq!(spans.last(), Some(&Span::Added("另增一句说明。".into())), "{spans:?}");
    assert!(spans.iter().all(|s| !matches!(s, Span::Removed(_))));
}

#[test]
fn justifications_added_rewritten_and_removed() {
    // (说明 are written for warnings; the comparison matches them to any finding the same way.)
    let a = with_row_findings();
    let ra = report(&a);
    let w: Vec<_> = ra.findings.iter().filter(|f| f.fields.iter().any(|p| p.contains("items["))).take(2).map(|f| (**f).clone()).collect();
    assert!(w.len() == 2, "two row findings");
    let j = |f: &shenbao_core::Finding, t: &str| Justification { rule: f.rule.clone(), fields: f.fields.clone(), text: t.into() };
    let mut sa = sub(&a);
    sa.justifications = vec![j(&w[0], "旧的说明"), j(&w[1], "将被删去")];
    let mut sb = sub(&a);
    sb.justifications = vec![j(&w[0], "新的说明")];
    let c = compare::submissions(&sa, &sb, Some((&ra, &ra)));
    assert_eq!(c.justifications.len(), 2, "{:?}", c.justifications);
    assert_eq!(c.justifications[0].title, w[0].title);
    assert_eq!((c.justifications[0].before.as_deref(), c.justifications[0].after.as_deref()), (Some("旧的说明"), Some("新的说明")));
    assert_eq!((c.justifications[1].before.as_deref(), c.justifications[1].after.as_deref()), (Some("将被删去"), None));
    assert!(c.summary().contains("说明改动 2 处"), "{}", c.summary());
}

#[test]
fn a_document_added_or_removed_is_said_once() {
    let both: Value = serde_json::from_str(&read(&tests_dir().join("fixtures/bazhong/combined.json"))).unwrap();
    let project: Value = serde_json::from_str(&read(&tests_dir().join("fixtures/bazhong/project.json"))).unwrap();
    let c = compare::submissions(&parse(&project, "p"), &parse(&both, "b"), None);
    let service = c.documents.iter().find(|d| d.doc == shenbao_core::DocKind::ServicePlan).unwrap();
    assert_eq!(service.presence, Presence::Added);
    assert!(service.edits.is_empty());
    assert!(c.summary().contains("新增《服务需求方案》"), "{}", c.summary());
    let back = compare::submissions(&parse(&both, "b"), &parse(&project, "p"), None);
    assert!(back.summary().contains("删去《服务需求方案》"), "{}", back.summary());
}

/// Random row edits of the large project's cost lines: rows added minus rows removed is the
/// change in the number of rows, a comparison is empty exactly when nothing was changed, and
/// the same two versions always compare the same.
#[test]
fn random_row_edits_are_counted_and_deterministic() {
    let a = large();
    for seed in 1..=120u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut b = a.clone();
        let mut changed = false;
        for _ in 0..rng.below(6) {
            let rows = items(&mut b);
            match rng.below(3) {
                0 if !rows.is_empty() => {
                    rows.remove(rng.below(rows.len()));
                }
                1 => {
                    let at = rng.below(rows.len() + 1);
                    rows.insert(at, json!({"name": format!("行{seed}-{at}"), "category": "server", "quantity": 1, "unit_price": 1, "amount": 1}));
                }
                _ if !rows.is_empty() => {
                    let at = rng.below(rows.len());
                    rows[at]["name"] = json!(format!("改名{seed}"));
                }
                _ => continue,
            }
            changed = true;
        }
        let c = compared(&a, &b);
        let e = edits(&c);
        let count = |add: bool| e.iter().filter(|e| matches!(e, Edit::Row { added, .. } if *added == add)).count() as i64;
        let (la, lb) =
            (a["project"]["cost_estimate"]["items"].as_array().unwrap().len() as i64, b["project"]["cost_estimate"]["items"].as_array().unwrap().len() as i64);
        assert_eq!(count(true) - count(false), lb - la, "seed {seed}: {e:?}");
        let same = sub(&a) == sub(&b);
        assert_eq!(c.is_empty(), same, "seed {seed} (changed: {changed})");
        assert_eq!(c, compared(&a, &b), "seed {seed}: not deterministic");
    }
}

fn key() -> PrivateKey {
    PrivateKey::generate(Algorithm::Sm2).unwrap()
}

fn signed(k: &PrivateKey, sub: Submission, files: Vec<Attachment>, id: u8) -> (package::dsse::Envelope, package::Payload) {
    package::sign(SignRequest {
        submission: sub,
        pack: builtin::pack("bazhong").unwrap(),
        signer: SignerIdentity { department: "巴中市市场监督管理局".into(), credit_code: "11511900MB1527360X".into(), person: "李晓梅".into() },
        keys: vec![k],
        attachments: files,
        previous: None,
        created_at: "2026-09-15T08:30:00Z".into(),
        random_id: [id; 16],
    })
    .unwrap()
}

#[test]
fn packages_compare_their_attachments_too() {
    let k = key();
    let s = Submission::from_json(&read(&tests_dir().join("fixtures/bazhong/project.json"))).unwrap();
    let file = |name: &str, bytes: &[u8]| Attachment::from_bytes(name, "feasibility_study", bytes, true);
    let (_, a) = signed(&k, s.clone(), vec![file("可研.pdf", b"v1"), file("旧图.pdf", b"x")], 1);
    let (_, b) = signed(&k, s, vec![file("可研.pdf", b"v2"), file("新图.pdf", b"y")], 2);
    let c = compare::packages(&a, &b);
    let got: Vec<(&str, FileChange)> = c.attachments.iter().map(|a| (a.name.as_str(), a.change)).collect();
    assert_eq!(got, [("可研.pdf", FileChange::Replaced), ("旧图.pdf", FileChange::Removed), ("新图.pdf", FileChange::Added)]);
    assert_eq!(c.attachments[0].kind, "可行性研究报告");
    assert!(c.documents.iter().all(|d| d.edits.is_empty()));
    assert!(c.to_text().contains("可研.pdf（可行性研究报告）：内容已更换"), "{}", c.to_text());
}
