//! Embeds every `packs/*.json` file, so adding a city is adding a file: no Rust change.
//!
//! Each pack is embedded without the whitespace between JSON tokens (strings are copied byte
//! for byte): about 13 % less data in the wasm, and the same pack to every reader — packages
//! pin a pack by the hash of its RFC 8785 canonical form, which ignores that whitespace.

use std::{env, fs, path::Path};

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
    let mut out = String::from("/// `(file name, contents)` of every embedded pack, sorted by file name.\npub static SOURCES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo::rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = minify(&text);
        let min = out_dir.join(format!("pack-{name}"));
        fs::write(&min, &text).unwrap();
        out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", min.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(out_dir.join("builtin_packs.rs"), out).unwrap();
}
