//! Shared helpers for the core integration tests: fixture loading and path patches.

#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use shenbao_core::Submission;

/// `<workspace>/tests`.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join("tests")
}

pub fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fixture files (`*.json` except golden reports) of one city, sorted.
pub fn fixtures(city: &str) -> Vec<PathBuf> {
    let dir = tests_dir().join("fixtures").join(city);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".report.json")
        })
        .collect();
    out.sort();
    out
}

/// Sets a value at a concrete path like `project.cost_estimate.items[2].category`,
/// creating objects on the way. Panics with a clear message on an impossible path.
pub fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (n, part) in parts.iter().enumerate() {
        let last = n + 1 == parts.len();
        let (key, index) = match part.split_once('[') {
            Some((k, rest)) => (k, Some(rest.trim_end_matches(']').parse::<usize>().unwrap_or_else(|_| panic!("bad index in {path}")))),
            None => (*part, None),
        };
        if !cur.is_object() {
            *cur = Value::Object(Default::default());
        }
        let obj = cur.as_object_mut().unwrap();
        match index {
            None if last => {
                obj.insert(key.to_string(), value);
                return;
            }
            None => cur = obj.entry(key.to_string()).or_insert_with(|| Value::Object(Default::default())),
            Some(i) => {
                let arr = obj.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new()));
                let arr = arr.as_array_mut().unwrap_or_else(|| panic!("{key} is not a list in {path}"));
                assert!(i < arr.len(), "{path}: row {i} does not exist (the list has {} rows)", arr.len());
                if last {
                    arr[i] = value;
                    return;
                }
                cur = &mut arr[i];
            }
        }
    }
}

pub fn parse(value: &Value, what: &str) -> Submission {
    Submission::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// xorshift64*: deterministic, so a failure names a reproducible seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}
