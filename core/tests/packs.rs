//! The built-in packs against their fixtures:
//!
//! * every fixture under `tests/fixtures/<pack id>/` is a clean, realistic example: it
//!   yields no error, and its report equals the golden `<name>.report.json`
//!   (regenerate with `UPDATE_GOLDEN=1 cargo test -p shenbao-core --test packs`);
//! * `tests/cases/<pack id>.json` holds, for every rule, a case that triggers it and a
//!   case that does not, each as a patch of a fixture;
//! * every rule of every pack is covered by both kinds of case.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde::Deserialize;
use serde_json::Value;
use shenbao_core::pack::builtin;
use shenbao_core::{RulePack, Severity, check};

/// The embedded packs, each loaded on its own so one broken pack names itself. Set
/// `SHENBAO_PACK=<id>` to test only that pack while writing it.
fn packs() -> Vec<RulePack> {
    let only = std::env::var("SHENBAO_PACK").ok();
    builtin::sources()
        .filter(|(name, _)| only.as_deref().is_none_or(|id| name.trim_end_matches(".json") == id))
        .map(|(name, text)| RulePack::from_json(text).unwrap_or_else(|e| panic!("core/packs/{name}: {e}")))
        .collect()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    rule: String,
    /// Fixture file name in `tests/fixtures/<pack>/`.
    base: String,
    /// Concrete path → new value.
    #[serde(default)]
    set: BTreeMap<String, Value>,
    fires: bool,
    /// The message it must give when it fires, word for word (how blank values read).
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    note: String,
}

fn cases(pack: &str) -> Vec<Case> {
    let path = tests_dir().join("cases").join(format!("{pack}.json"));
    serde_json::from_str(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn fixtures_are_clean_and_match_golden_reports() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for pack in &packs() {
        let files = fixtures(&pack.meta.id);
        assert!(!files.is_empty(), "pack {} has no fixtures", pack.meta.id);
        for file in files {
            let sub = shenbao_core::Submission::from_json(&read(&file)).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let report = check(pack, &sub);
            let errors: Vec<String> = report.of(Severity::Error).map(|f| format!("{}: {}", f.rule, f.message)).collect();
            assert!(errors.is_empty(), "{} should have no error, got:\n{}", file.display(), errors.join("\n"));
            let golden = file.with_extension("report.json");
            let text = report.to_json_pretty() + "\n";
            if update {
                std::fs::write(&golden, &text).unwrap();
            } else if !golden.exists() || read(&golden) != text {
                failures.push(golden.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "reports differ from golden files (run with UPDATE_GOLDEN=1 after reviewing):\n{}", failures.join("\n"));
}

#[test]
fn every_rule_case_behaves() {
    let mut problems = Vec::new();
    for pack in &packs() {
        let id = &pack.meta.id;
        for (n, case) in cases(id).iter().enumerate() {
            assert!(pack.rules.iter().any(|r| r.id == case.rule), "{id} case #{n}: unknown rule {}", case.rule);
            let base_path = tests_dir().join("fixtures").join(id).join(&case.base);
            let mut value: Value = serde_json::from_str(&read(&base_path)).unwrap();
            for (path, v) in &case.set {
                set_path(&mut value, path, v.clone());
            }
            let sub = parse(&value, &format!("{id} case #{n} ({})", case.rule));
            let report = check(pack, &sub);
            let fired: Vec<_> = report.findings.iter().filter(|f| f.rule == case.rule).collect();
            if fired.is_empty() == case.fires {
                problems.push(format!(
                    "{id} case #{n}: rule {} should {}fire ({}){}",
                    case.rule,
                    if case.fires { "" } else { "not " },
                    case.note,
                    if fired.is_empty() { String::new() } else { format!("; got: {}", fired[0].message) }
                ));
            }
            for f in &fired {
                assert!(!f.message.contains("{"), "{}: unrendered placeholder in {}", f.rule, f.message);
                if let Some(want) = &case.message
                    && f.message != *want
                {
                    problems.push(format!("{id} case #{n}: rule {} says\n  {}\nnot\n  {want}", case.rule, f.message));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A form just opened, both documents blank: what every pack says of it reads as Chinese, with
/// no empty quotes or brackets where a value is not written yet, and no rule says two blank
/// answers disagree (the rules asking for each answer say it is missing).
#[test]
fn a_blank_form_reads_well() {
    let blank: Value = serde_json::json!({"format": "shenbao.submission/1", "project": {}, "service_plan": {}});
    let sub = parse(&blank, "blank form");
    let mut problems = Vec::new();
    for pack in &packs() {
        for f in &check(pack, &sub).findings {
            for empty in ["“”", "（）", "()", "「」", "《》", "【】", "“ ”"] {
                if f.message.contains(empty) {
                    problems.push(format!("{}: {empty} in {}", f.rule, f.message));
                }
            }
            if f.message.contains("不一致") {
                problems.push(format!("{}: blank answers said to disagree: {}", f.rule, f.message));
            }
            // A blank number is not set apart like a written one (「试运行期为 未填写 个月」).
            if f.message.contains(" 未填写") || f.message.contains("未填写 ") {
                problems.push(format!("{}: blank spaced like a number: {}", f.rule, f.message));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_has_a_firing_and_a_clear_case() {
    let mut missing = Vec::new();
    for pack in &packs() {
        let cs = cases(&pack.meta.id);
        for rule in &pack.rules {
            for fires in [true, false] {
                if !cs.iter().any(|c| c.rule == rule.id && c.fires == fires) {
                    missing.push(format!("{}: no case where it {}", rule.id, if fires { "fires" } else { "does not fire" }));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_rule_cites_its_regulation() {
    for pack in &packs() {
        assert!(!pack.meta.source_file.is_empty());
        for rule in &pack.rules {
            assert!(rule.citation.article.starts_with('第'), "{}", rule.id);
            assert!(rule.citation.quote.chars().count() >= 4, "{}", rule.id);
            assert!(rule.id.starts_with(&format!("{}.", pack.meta.id)), "{} should start with the pack id", rule.id);
        }
    }
}

/// The record of what each engine version says: one line per engine version, pack (by its
/// content hash) and set of inputs (every rule case, every fixture, the blank form), with the
/// hash of every report they give.
const ENGINE_WORDS: &str = "core/tests/engine-words.txt";

/// The same engine version and the same pack must always say the same: a verifier accepts
/// another engine's wording only from another engine version (`report::reworded`), so a
/// message, title or advice the engine words otherwise under an unchanged `ENGINE_VERSION`
/// would make packages signed before it fail as report_mismatch. New packs or inputs are
/// recorded with `UPDATE_GOLDEN=1`; other words for recorded ones are refused even then.
#[test]
fn the_same_engine_and_pack_always_say_the_same() {
    use shenbao_core::crypto::{hex, sha256};
    use shenbao_core::engine::ENGINE_VERSION;
    let short = |bytes: &[u8]| hex(&sha256(bytes))[..16].to_string();
    let file = tests_dir().join("..").join(ENGINE_WORDS);
    let recorded = std::fs::read_to_string(&file).unwrap_or_default();
    let mut lines: Vec<String> = recorded.lines().map(str::to_string).collect();
    let (mut changed, mut new) = (Vec::new(), Vec::new());
    for pack in &packs() {
        let id = &pack.meta.id;
        let mut inputs: Vec<Value> = fixtures(id).iter().map(|f| serde_json::from_str(&read(f)).unwrap()).collect();
        inputs.push(serde_json::json!({"format": "shenbao.submission/1", "project": {}, "service_plan": {}}));
        for case in cases(id) {
            let mut value: Value = serde_json::from_str(&read(&tests_dir().join("fixtures").join(id).join(&case.base))).unwrap();
            for (path, v) in &case.set {
                set_path(&mut value, path, v.clone());
            }
            inputs.push(value);
        }
        let words: Vec<String> = inputs.iter().map(|v| check(pack, &parse(v, id)).to_json_pretty()).collect();
        let key = format!(
            "{ENGINE_VERSION} {id} {} {}",
            &shenbao_core::package::PackDigest::of(pack).sha256[..16],
            short(serde_json::to_string(&inputs).unwrap().as_bytes())
        );
        let line = format!("{key} {}", short(words.join("\n").as_bytes()));
        match lines.iter().find(|l| l.starts_with(&format!("{key} "))) {
            Some(l) if *l == line => {}
            Some(l) => changed.push(format!("{id}: recorded {l}, now {line}")),
            None => new.push(line),
        }
    }
    assert!(
        changed.is_empty(),
        "engine {ENGINE_VERSION} now words the same pack and inputs otherwise; raise ENGINE_VERSION (core/src/engine/mod.rs), then record with UPDATE_GOLDEN=1:\n{}",
        changed.join("\n")
    );
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        lines.extend(new);
        lines.sort();
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    } else {
        assert!(new.is_empty(), "not recorded in {ENGINE_WORDS} (run with UPDATE_GOLDEN=1 after reviewing):\n{}", new.join("\n"));
    }
}
