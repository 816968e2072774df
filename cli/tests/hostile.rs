//! The hostile-input catalogue (`tests/hostile/catalogue.json`) through the `shenbao` binary,
//! where the CLI is the entry point: `check` for submissions, `pack lint` for packs,
//! `verify` for packages. Every file gets its clear Chinese message, never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn shenbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shenbao")).args(args).current_dir(root()).output().expect("runs")
}

#[test]
fn catalogue_through_the_cli() {
    let dir = root().join("tests/hostile");
    let catalogue: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(dir.join("catalogue.json")).unwrap()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for e in &catalogue {
        let (file, kind, expect) = (e["file"].as_str().unwrap(), e["kind"].as_str().unwrap(), e["expect"].as_str().unwrap());
        let accepted = e["outcome"].as_str() == Some("accepted");
        let path = match e.get("generate") {
            None => dir.join(file),
            Some(g) => {
                let mut bytes = std::fs::read(dir.join(g["base"].as_str().unwrap())).unwrap();
                bytes.resize(g["bytes"].as_u64().unwrap() as usize, b' ');
                let p = tmp.path().join(file);
                std::fs::write(&p, bytes).unwrap();
                p
            }
        };
        let p = path.to_str().unwrap();
        let trust = dir.join("trust-list.json");
        let o = match kind {
            "submission" => shenbao(&["check", "--city", "bazhong", "--format", "json", p]),
            "pack" => shenbao(&["pack", "lint", p]),
            "package" => shenbao(&["verify", "--trust", trust.to_str().unwrap(), p]),
            _ => continue, // drafts are the app's files
        };
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        let ok = match (kind, accepted) {
            (_, false) => o.status.code().is_some_and(|c| c != 0) && all.contains(expect),
            // Data that only passes through (markup in a name) need not be in the report.
            ("submission", true) => {
                let passthrough = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).contains(expect);
                matches!(o.status.code(), Some(0 | 1)) && (passthrough || all.contains(expect))
            }
            (_, true) => o.status.code() == Some(0),
        };
        if !ok || all.contains("panicked") {
            failures.push(format!("{file} ({kind}): exit {:?}: {}", o.status.code(), all.chars().take(400).collect::<String>()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every hostile submission and package through `docx` (and each package through `opinion`): a
/// Word file, or a message and no file; never a panic, never a file half written.
#[test]
fn catalogue_through_docx() {
    let dir = root().join("tests/hostile");
    let catalogue: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(dir.join("catalogue.json")).unwrap()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut written = 0;
    for (i, e) in catalogue.iter().enumerate() {
        let (file, kind) = (e["file"].as_str().unwrap(), e["kind"].as_str().unwrap());
        if !matches!(kind, "submission" | "package") || e.get("generate").is_some() {
            continue;
        }
        // A package's papers, and the reviewer's opinion on it.
        let commands: &[&str] = if kind == "package" { &["docx", "opinion"] } else { &["docx"] };
        for command in commands {
            let out = tmp.path().join(format!("{i}.{command}.docx"));
            let o = shenbao(&[command, dir.join(file).to_str().unwrap(), "-o", out.to_str().unwrap()]);
            let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            let ok = match o.status.code() {
                Some(0) => std::fs::read(&out).is_ok_and(|b| b.starts_with(b"PK\x03\x04")),
                Some(2) => !out.exists() && !o.stderr.is_empty(),
                _ => false,
            };
            written += usize::from(o.status.code() == Some(0));
            if !ok || all.contains("panicked") {
                failures.push(format!("{command} {file} ({kind}): exit {:?}: {}", o.status.code(), all.chars().take(300).collect::<String>()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(written > 0, "some of the catalogue is accepted, and written");
}

/// Input whose size the file system does not tell (a device, a pipe) is read up to the limit
/// and refused there, for every command that reads a user's file: it once read `/dev/zero`
/// until memory ran out.
#[cfg(unix)]
#[test]
fn endless_input_is_refused_at_the_limit() {
    let trust = root().join("tests/hostile/trust-list.json");
    for args in [
        vec!["check", "--city", "bazhong", "/dev/zero"],
        vec!["pack", "lint", "/dev/zero"],
        vec!["verify", "--trust", trust.to_str().unwrap(), "/dev/zero"],
        vec!["docx", "/dev/zero", "-o", "/dev/null"],
        vec!["opinion", "/dev/zero", "-o", "/dev/null"],
    ] {
        let o = shenbao(&args);
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
        assert!(o.status.code().is_some_and(|c| c != 0), "{args:?}: {all}");
        assert!(all.contains("文件过大：超过上限"), "{args:?}: {all}");
        assert!(!all.contains("panicked"), "{args:?}: {all}");
    }
}
