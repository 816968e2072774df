//! Embeds every `packs/*.json` file, so adding a city is adding a file: no Rust change; and
//! every `packs/superseded/*.json`, the earlier versions kept so older packages still verify.
//!
//! Each pack is embedded without the whitespace between JSON tokens (strings are copied byte
//! for byte): about 13 % less data in the wasm, and the same pack to every reader — packages
//! pin a pack by the hash of its RFC 8785 canonical form, which ignores that whitespace.
//! Next to it, the pack's head: the file without its top-level `rules` array (nor its
//! editorial `notes`), and the number of rules, so the app's start page can list the packs without parsing any rule
//! (`builtin::heads`; a test checks each head against the fully loaded pack).
//!
//! Each pack also gets the name it is served under by the split web build
//! (`<stem>.<first 16 hex digits of the file's SHA-256>.json`, written by `scripts/build-web`):
//! that build links no pack text into its main module and fetches the chosen city's file
//! instead. The contents are kept in their own table (`TEXTS`), apart from the names and
//! heads, so that a program which never loads an embedded pack links none of their bytes.

use std::{env, fmt::Write as _, fs, path::Path};

use sha2::{Digest, Sha256};

/// `text` without whitespace outside JSON strings. Anything else, valid JSON or not, is kept
/// as it is, so a broken pack file still fails the loader (and `builtin_packs_load`) the same way.
fn minify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Index just past the JSON string starting at `b[i] == b'"'`.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// Index just past the array starting at `b[i] == b'['` of minified JSON, and its length.
fn skip_array(b: &[u8], mut i: usize) -> Option<(usize, usize)> {
    let (mut depth, mut commas, start) = (0usize, 0usize, i);
    loop {
        match *b.get(i)? {
            b'"' => {
                i = skip_string(b, i)?;
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    let len = if i == start + 1 { 0 } else { commas + 1 };
                    return Some((i + 1, len));
                }
            }
            b',' if depth == 1 => commas += 1,
            _ => {}
        }
        i += 1;
    }
}

/// Minified pack text → (the text without its top-level `"rules":[…]` member, rule count).
fn split_rules(t: &str) -> Option<(String, usize)> {
    if !t.starts_with('{') {
        return None;
    }
    let (rest, value) = without_member(t, "rules", b'[')?;
    let (_, count) = skip_array(t.as_bytes(), value.start)?;
    Some((rest, count))
}

/// A minified pack head without its top-level `"notes"` member: the pack's editorial notes
/// (how masked words were restored, what was left out), kilobytes of text per pack that no
/// screen listing the packs shows — they are read with the pack itself. Kept out of the heads
/// so they stay out of the app's first module (`Head::describes` ignores them).
fn without_notes(head: &str) -> String {
    without_member(head, "notes", b'"').map_or_else(|| head.to_string(), |(rest, _)| rest)
}

/// Minified JSON object `t` without its top-level member `name`, whose value starts with
/// `open` (`[` an array, `"` a string): the text without the member (and one comma), and
/// where its value was. `None` when there is no such member.
fn without_member(t: &str, name: &str, open: u8) -> Option<(String, std::ops::Range<usize>)> {
    let b = t.as_bytes();
    let quoted = format!("\"{name}\"");
    let (mut i, mut depth, mut key) = (0, 0usize, false);
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = skip_string(b, i)?;
                if depth == 1 && key && t[i..end] == quoted && b.get(end) == Some(&b':') && b.get(end + 1) == Some(&open) {
                    let after = if open == b'[' { skip_array(b, end + 1)?.0 } else { skip_string(b, end + 1)? };
                    let (from, to) = if b[i - 1] == b',' {
                        (i - 1, after)
                    } else if b.get(after) == Some(&b',') {
                        (i, after + 1)
                    } else {
                        (i, after)
                    };
                    return Some((format!("{}{}", &t[..from], &t[to..]), end + 1..after));
                }
                key = false;
                i = end;
                continue;
            }
            b'{' => (depth, key) = (depth + 1, true),
            b'[' => (depth, key) = (depth + 1, false),
            b'}' | b']' => (depth, key) = (depth.checked_sub(1)?, false),
            b',' => key = true,
            _ => key = false,
        }
        i += 1;
    }
    None
}

/// The `source_file` of a minified pack head, read as a plain string (the name needs no escapes).
fn source_file(head: &str) -> Option<&str> {
    let at = head.find("\"source_file\":\"")? + "\"source_file\":\"".len();
    let name = &head[at..at + head[at..].find('"')?];
    (!name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.')).then_some(name)
}

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("packs");
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("core/packs exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let regulations = dir.with_file_name("regulations");
    println!("cargo::rerun-if-changed={}", regulations.display());
    let (mut names, mut texts, mut heads, mut served) = (String::new(), String::new(), String::new(), String::new());
    let (mut reg_served, mut reg_texts) = (String::new(), String::new());
    let (mut cov_served, mut cov_texts) = (String::new(), String::new());
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        let bytes = fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = minify(&text);
        let min = out_dir.join(format!("pack-{name}"));
        fs::write(&min, &text).unwrap();
        writeln!(names, "    {name:?},").unwrap();
        writeln!(texts, "    include_str!({:?}),", min.display().to_string()).unwrap();
        let (head, rules) = split_rules(text.trim_start_matches('\u{feff}'))
            .unwrap_or_else(|| panic!("{}: a pack is a JSON object with a top-level \"rules\" array", f.display()));
        writeln!(heads, "    ({:?}, {rules}),", without_notes(&head)).unwrap();
        let digest: String = Sha256::digest(&bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let stem = name.strip_suffix(".json").unwrap();
        writeln!(served, "    \"{stem}.{digest}.json\",").unwrap();
        // The regulation the pack encodes, if its text is here (`core/regulations/<source_file>`):
        // served as `<stem>-regulation.<digest>.txt` beside the pack.
        let text_file = source_file(&head).map(|f| regulations.join(f)).filter(|f| f.is_file());
        match text_file {
            Some(f) => {
                println!("cargo::rerun-if-changed={}", f.display());
                let bytes = fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                let digest: String = Sha256::digest(&bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
                writeln!(reg_served, "    Some(\"{stem}-regulation.{digest}.txt\"),").unwrap();
                writeln!(reg_texts, "    Some(include_str!({:?})),", f.display().to_string()).unwrap();
            }
            None => {
                reg_served.push_str("    None,\n");
                reg_texts.push_str("    None,\n");
            }
        }
        // What the pack leaves unchecked, article by article (`<stem>.coverage.json` there):
        // served as `<stem>-coverage.<digest>.json`.
        let coverage = regulations.join(format!("{stem}.coverage.json"));
        if coverage.is_file() {
            println!("cargo::rerun-if-changed={}", coverage.display());
            let bytes = fs::read(&coverage).unwrap_or_else(|e| panic!("{}: {e}", coverage.display()));
            let digest: String = Sha256::digest(&bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
            writeln!(cov_served, "    Some(\"{stem}-coverage.{digest}.json\"),").unwrap();
            writeln!(cov_texts, "    Some(include_str!({:?})),", coverage.display().to_string()).unwrap();
        } else {
            cov_served.push_str("    None,\n");
            cov_texts.push_str("    None,\n");
        }
    }
    // Earlier versions of built-in packs (`packs/superseded/<id>-<version>.json`), kept only
    // so that a package signed under one still verifies; served as `<stem>.<digest>.json` with
    // the version's dots made `_` (one dot before the digest, as the one-file build expects).
    let old_dir = dir.join("superseded");
    println!("cargo::rerun-if-changed={}", old_dir.display());
    let mut old_files: Vec<_> = fs::read_dir(&old_dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect())
        .unwrap_or_default();
    old_files.sort();
    let (mut old_names, mut old_texts, mut old_served) = (String::new(), String::new(), String::new());
    for f in &old_files {
        println!("cargo::rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        let bytes = fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = minify(&String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{}: {e}", f.display())));
        let min = out_dir.join(format!("superseded-{name}"));
        fs::write(&min, &text).unwrap();
        writeln!(old_names, "    {name:?},").unwrap();
        writeln!(old_texts, "    include_str!({:?}),", min.display().to_string()).unwrap();
        let digest: String = Sha256::digest(&bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
        let stem = name.strip_suffix(".json").unwrap().replace('.', "_");
        writeln!(old_served, "    \"{stem}.{digest}.json\",").unwrap();
    }
    let out = format!(
        "/// File name of every embedded pack, sorted.\n\
         pub static NAMES: &[&str] = &[\n{names}];\n\
         /// Each pack's text without whitespace, in the order of [`NAMES`].\n\
         static TEXTS: &[&str] = &[\n{texts}];\n\
         /// `(the pack without its rules, number of rules)`, in the order of [`NAMES`].\n\
         static HEADS: &[(&str, usize)] = &[\n{heads}];\n\
         /// The name the split web build serves each pack file under, in the order of [`NAMES`].\n\
         static SERVED: &[&str] = &[\n{served}];\n\
         /// The name the split web build serves each pack's regulation text under, if it has one.\n\
         static REGULATIONS_SERVED: &[Option<&str>] = &[\n{reg_served}];\n\
         /// Each pack's regulation text, if it has one (`core/regulations/`).\n\
         static REGULATION_TEXTS: &[Option<&str>] = &[\n{reg_texts}];\n\
         /// The name the split web build serves each pack's coverage file under, if it has one.\n\
         static COVERAGE_SERVED: &[Option<&str>] = &[\n{cov_served}];\n\
         /// Each pack's coverage file, if it has one (`core/regulations/<stem>.coverage.json`).\n\
         static COVERAGE_TEXTS: &[Option<&str>] = &[\n{cov_texts}];\n\
         /// File name of every superseded pack (`packs/superseded/`), sorted.\n\
         static SUPERSEDED_NAMES: &[&str] = &[\n{old_names}];\n\
         /// Each superseded pack's text without whitespace, in the order of [`SUPERSEDED_NAMES`].\n\
         static SUPERSEDED_TEXTS: &[&str] = &[\n{old_texts}];\n\
         /// The name the split web build serves each superseded pack file under.\n\
         static SUPERSEDED_SERVED: &[&str] = &[\n{old_served}];\n"
    );
    fs::write(out_dir.join("builtin_packs.rs"), out).unwrap();
}
