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
