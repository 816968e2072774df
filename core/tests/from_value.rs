//! `Submission::from_value` (the editor's path, no text) agrees with `from_json`.

use shenbao_core::Submission;

#[test]
fn from_value_reads_what_from_json_reads() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let path = f.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".json") || name.ends_with(".report.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(Submission::from_value_ref(&value).unwrap(), Submission::from_json(&text).unwrap(), "{name}");
            assert_eq!(Submission::from_value(value).unwrap(), Submission::from_json(&text).unwrap(), "{name}");
            n += 1;
        }
    }
    assert!(n > 5);
    // Errors name the same path.
    for bad in [
        r#"{"format":"shenbao.submission/1","project":{"basic":{"total_investment":"x"}}}"#,
        r#"{"format":"shenbao.submission/1","project":{"basic":{"name":null,"total_investment":-1}}}"#,
        r#"{"format":"x","project":{}}"#,
        r#"{"format":"shenbao.submission/1"}"#,
    ] {
        let a = Submission::from_value(serde_json::from_str(bad).unwrap()).unwrap_err();
        let b = Submission::from_json(bad).unwrap_err();
        let c = Submission::from_value_ref(&serde_json::from_str(bad).unwrap()).unwrap_err();
        assert_eq!((&a.path, &a.message), (&b.path, &b.message), "{bad}");
        assert_eq!((a.path, a.message), (c.path, c.message), "{bad}");
    }
}

#[test]
fn a_date_is_read_only_as_yyyy_mm_dd() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/bazhong/project.json");
    let text = std::fs::read_to_string(root).unwrap();
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    let date = good["project"]["basic"]["filing_date"].as_str().unwrap().to_string();
    assert!(Submission::from_value_ref(&good).is_ok());
    // Spellings a lenient reader takes for the same day, and days that do not exist.
    let (y, md) = date.split_at(4);
    for spelled in [format!(" {date}"), format!("+{date}"), format!("{y}-{}", md[1..].replacen("0", "", 1)), "2026-02-29".into(), "2026-9-10".into()] {
        let mut v = good.clone();
        v["project"]["basic"]["filing_date"] = serde_json::json!(spelled);
        let e = Submission::from_value_ref(&v).expect_err(&spelled);
        assert_eq!(e.path, "project.basic.filing_date", "{spelled}: {}", e.message);
        assert!(e.message.contains("YYYY-MM-DD"), "{spelled}: {}", e.message);
    }
}
