//! Reading and writing a value at a concrete field path (`project.cost_estimate.items[2].amount`)
//! in the JSON form of a submission. Used by the form (which edits JSON) and by tests.

use serde_json::{Map, Value};

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        match part.split_once('[') {
            None => out.push(Step::Key(part)),
            Some((key, rest)) => {
                out.push(Step::Key(key));
                for idx in rest.split('[') {
                    out.push(Step::Index(idx.trim_end_matches(']').parse().ok()?));
                }
            }
        }
    }
    Some(out)
}

/// The value at `path`, if every step exists.
pub fn get<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut v = root;
    for s in steps(path)? {
        v = match s {
            Step::Key(k) => v.get(k)?,
            Step::Index(i) => v.get(i)?,
        };
    }
    Some(v)
}

/// The value at `path` for changing in place, if every step exists.
pub fn get_mut<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut v = root;
    for s in steps(path)? {
        v = match s {
            Step::Key(k) => v.get_mut(k)?,
            Step::Index(i) => v.get_mut(i)?,
        };
    }
    Some(v)
}

/// Sets the value at `path`, creating missing objects on the way. Returns false (and changes
/// nothing) when a list index does not exist or a step crosses a non-container value.
pub fn set(root: &mut Value, path: &str, new: Value) -> bool {
    // Most writes replace a value that is there (a keystroke in a field already filled in):
    // then no key is copied and nothing is checked first.
    if let Some(slot) = get_mut(root, path) {
        *slot = new;
        return true;
    }
    let Some(steps) = steps(path) else { return false };
    // Check first, so a failed set leaves the document untouched.
    {
        let mut v: &Value = root;
        for s in &steps {
            match s {
                Step::Key(k) => match v {
                    Value::Object(m) => match m.get(*k) {
                        Some(next) => v = next,
                        None => break,
                    },
                    Value::Null => break,
                    _ => return false,
                },
                Step::Index(i) => match v.get(*i) {
                    Some(next) => v = next,
                    None => return false,
                },
            }
        }
    }
    let mut v = root;
    let last = steps.len() - 1;
    for (n, s) in steps.iter().enumerate() {
        let target = match s {
            Step::Key(k) => {
                if !v.is_object() {
                    *v = Value::Object(Map::new());
                }
                let m = v.as_object_mut().expect("object");
                if n == last {
                    m.insert((*k).to_string(), new);
                    return true;
                }
                m.entry((*k).to_string()).or_insert(Value::Null)
            }
            Step::Index(i) => {
                let Some(slot) = v.get_mut(*i) else { return false };
                if n == last {
                    *slot = new;
                    return true;
                }
                slot
            }
        };
        v = target;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn get_and_set() {
        let mut v = json!({"project": {"cost_estimate": {"items": [{"amount": 1}, {"amount": 2}]}}});
        assert_eq!(get(&v, "project.cost_estimate.items[1].amount"), Some(&json!(2)));
        assert!(set(&mut v, "project.cost_estimate.items[1].amount", json!(5)));
        assert_eq!(v["project"]["cost_estimate"]["items"][1]["amount"], json!(5));
        assert!(set(&mut v, "project.basic.name", json!("x")));
        assert_eq!(v["project"]["basic"]["name"], json!("x"));
        assert!(!set(&mut v, "project.cost_estimate.items[7].amount", json!(1)));
        assert!(!set(&mut v, "project.basic.name.inner", json!(1)));
        assert_eq!(v["project"]["basic"]["name"], json!("x"), "a failed set changes nothing");
        assert_eq!(get(&v, "nope.x"), None);
    }
}
