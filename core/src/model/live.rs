//! Reading the editor's document incrementally. A keystroke changes one value; reading the
//! whole document again — shape check, deserializing every section, serializing it back for
//! the rules — was most of a keystroke's cost on a large project (BENCHMARKS.md, live
//! checks). [`LiveDoc`] keeps what it read last and re-reads only the parts whose JSON
//! changed: a section of a document (`project.basic`, `project.cost_estimate`, each field of
//! the service plan: see [`Sections`]), the format and the 说明 — and when only one row of a
//! table changed (a cell edit in the 80-row budget), only that row. Told which paths were
//! written ([`LiveDoc::read_changed`]), it does not even compare the other sections. Whatever it cannot handle part by part (a problem
//! anywhere, an unknown key) goes through [`Submission::from_value_ref`], so errors and
//! results are exactly those of a full read; `core/tests/live_check.rs` checks that after
//! every edit of random edit sequences.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::json::Json;
use super::{InputError, ProjectApplication, SUBMISSION_FORMAT, ServicePlan, Submission, shape};

/// A document of the submission (`project`, `service_plan`) that [`LiveDoc`] reads section by
/// section — each key of its JSON object — and its tables row by row. Implemented by
/// [`sections!`]; a test checks the lists against the model's serialized keys and the
/// field registry's tables.
pub trait Sections: Default + Json {
    /// The document's key in the submission.
    const DOC: &'static str;
    /// Its sections, in the model's field order.
    const SECTIONS: &'static [&'static str];
    /// Its tables: (section, key of the list in the section, `""` when the section is the list).
    const TABLES: &'static [(&'static str, &'static str)];
    /// Replaces one section with the value read from `v` (already shape-checked, no nulls).
    fn read_section(&mut self, key: &str, v: &Value) -> Option<()>;
    /// Resets one section to its default (the key is absent from the document).
    fn clear_section(&mut self, key: &str);
    /// The JSON form of one section, as `serde_json::to_value(self)` has it.
    fn section_value(&self, key: &str) -> Value;
    /// Replaces row `i` of a table with the row read from `v` (shape-checked, no nulls),
    /// returning its JSON form; `None` if there is no such table or row.
    fn read_row(&mut self, section: &str, table: &str, i: usize, v: &Value) -> Option<Value>;
}

/// Implements [`Sections`] for a document type: its key, its sections (every field) and its
/// tables (with the field path of each list).
macro_rules! sections {
    ($ty:ident as $doc:literal:
     sections: $($name:ident),* $(,)?;
     tables: $(($s:literal, $t:literal) => $($f:ident).+),* $(,)?;) => {
        impl $crate::model::live::Sections for $ty {
            const DOC: &'static str = $doc;
            const SECTIONS: &'static [&'static str] = &[$(stringify!($name)),*];
            const TABLES: &'static [(&'static str, &'static str)] = &[$(($s, $t)),*];

            fn read_section(&mut self, key: &str, v: &serde_json::Value) -> Option<()> {
                match key {
                    $(stringify!($name) => self.$name = $crate::model::json::Json::read(v)?,)*
                    _ => return None,
                }
                Some(())
            }

            fn clear_section(&mut self, key: &str) {
                match key {
                    $(stringify!($name) => self.$name = Default::default(),)*
                    _ => {}
                }
            }

            fn section_value(&self, key: &str) -> serde_json::Value {
                match key {
                    $(stringify!($name) => $crate::model::json::Json::write(&self.$name),)*
                    _ => serde_json::Value::Null,
                }
            }

            fn read_row(&mut self, section: &str, table: &str, i: usize, v: &serde_json::Value) -> Option<serde_json::Value> {
                match (section, table) {
                    $(($s, $t) => $crate::model::replace_row(&mut self.$($f).+, i, v),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use sections;

/// A part of the document that changed in the last read: where (`["project", "basic"]`;
/// empty for the whole document), and its previous JSON form (as `serde_json::to_value` of
/// the submission had it), `None` if it was absent. When only one row of a table changed
/// (a cell edit), `keys` name the table, `row` the row and `old` is that row's previous form.
#[derive(Debug, Clone)]
pub struct Change {
    pub keys: Vec<&'static str>,
    pub row: Option<usize>,
    pub old: Option<Value>,
}

impl Change {
    fn part(keys: Vec<&'static str>, old: Option<Value>) -> Self {
        Change { keys, row: None, old }
    }
}

/// How a part's JSON differs from what was last read.
#[derive(Debug, PartialEq)]
enum Diff {
    Same,
    /// Only row `.1` of the table `.0` (a key of the part, `""` when the part is the list).
    Row(&'static str, usize),
    Other,
}

/// Compares a part as last read with its new JSON; `tables` are the part's tables. One pass,
/// the cost of the equality test it replaces.
fn diff(old: &Value, new: &Value, tables: &[&'static str]) -> Diff {
    fn rows(a: &[Value], b: &[Value], table: &'static str) -> Diff {
        if a.len() != b.len() {
            return Diff::Other;
        }
        let mut changed = a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y).map(|(i, _)| i);
        match (changed.next(), changed.next()) {
            (None, _) => Diff::Same,
            (Some(i), None) => Diff::Row(table, i),
            _ => Diff::Other,
        }
    }
    match (old, new) {
        (Value::Array(a), Value::Array(b)) if tables.contains(&"") => rows(a, b, ""),
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => {
            let mut found = Diff::Same;
            for (k, nv) in b {
                let Some(ov) = a.get(k) else { return Diff::Other };
                if ov == nv {
                    continue;
                }
                let table = tables.iter().find(|t| *t == k);
                found = match (found, table, ov, nv) {
                    (Diff::Same, Some(t), Value::Array(x), Value::Array(y)) => rows(x, y, t),
                    _ => return Diff::Other,
                };
            }
            found
        }
        _ if old == new => Diff::Same,
        _ => Diff::Other,
    }
}

/// Whether a write at `path` can change section `key` of document `doc`: it is inside the
/// section, or holds it. Without allocating: it is asked of every section on every keystroke.
fn touches(path: &str, doc: &str, key: &str) -> bool {
    let boundary = |rest: &str| rest.is_empty() || rest.starts_with(['.', '[']);
    match path.strip_prefix(doc) {
        _ if path.is_empty() => true,
        Some("") => true,
        Some(rest) => match rest.strip_prefix('.').and_then(|r| r.strip_prefix(key)) {
            Some(after) => boundary(after),
            None => false,
        },
        None => false,
    }
}

/// What the changed paths (`None`: unknown) say of the part `name` with `tables`, when they
/// settle it without a comparison: nothing in the part changed, or only cells of one row.
fn hinted(name: &str, tables: &[&'static str], changed: Option<&[String]>) -> Option<Diff> {
    let inside = |p: &str, whole: &str| p.strip_prefix(whole).is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']));
    let mut rel = changed?.iter().filter(|p| inside(p, name) || inside(name, p)).peekable();
    let Some(first) = rel.peek() else { return Some(Diff::Same) };
    // The row of a table a path is in (`…items[41]` or below it).
    let row_of = |p: &str| {
        tables.iter().find_map(|&t| {
            let list = if t.is_empty() { name.to_string() } else { format!("{name}.{t}") };
            let rest = p.strip_prefix(list.as_str())?.strip_prefix('[')?;
            let (i, after) = rest.split_once(']')?;
            (after.is_empty() || after.starts_with('.')).then_some(())?;
            Some((t, i.parse::<usize>().ok()?))
        })
    };
    let row = row_of(first)?;
    rel.all(|p| row_of(p) == Some(row)).then_some(Diff::Row(row.0, row.1))
}

/// Re-reads row `i` of `table` in the part `name` (`""`: the part is the list) from the
/// part's new JSON: shape-checks the row, reads it with `read` (which patches the typed
/// model and returns the row's JSON form), and patches the part as last read (`raw`) and the
/// part's JSON form (`json`). Returns the row's previous JSON form.
fn reread_row(
    name: &str,
    table: &'static str,
    i: usize,
    new: &Value,
    raw: &mut Value,
    json: &mut Value,
    read: impl FnOnce(&Value) -> Option<Value>,
) -> Option<Value> {
    fn list<'v>(part: &'v mut Value, table: &str) -> Option<&'v mut Value> {
        if table.is_empty() { Some(part) } else { part.get_mut(table) }
    }
    let row = if table.is_empty() { new.get(i)? } else { new.get(table)?.get(i)? };
    let mut path = if table.is_empty() { name.to_string() } else { format!("{name}.{table}") };
    shape::check_row(row, i, &mut path.clone(), &mut path).ok()?;
    let read = if shape::has_nulls(row) {
        let mut row = row.clone();
        shape::strip_nulls(&mut row);
        read(&row)
    } else {
        read(row)
    }?;
    *list(raw, table)?.get_mut(i)? = row.clone();
    Some(std::mem::replace(list(json, table)?.get_mut(i)?, read))
}

struct State {
    /// Each part's JSON as the document last had it (nulls included), by part name
    /// (`project.basic`, `service_plan`).
    raw: BTreeMap<String, Value>,
    sub: Submission,
    /// `serde_json::to_value(&sub)`, kept up to date part by part.
    root: Value,
}

/// The editor's document as a [`Submission`] and its JSON form, re-read part by part.
#[derive(Default)]
pub struct LiveDoc {
    state: Option<State>,
}

impl LiveDoc {
    /// Reads `doc`, returning what changed since the last read. The same result (or error)
    /// as `Submission::from_value_ref(doc)`; read the submission and its JSON form with
    /// [`submission`](Self::submission) and [`root`](Self::root).
    pub fn read(&mut self, doc: &Value) -> Result<Vec<Change>, InputError> {
        self.read_changed(doc, None)
    }

    /// [`read`](Self::read), told which paths changed since the last read (`changed`, in
    /// the document's path syntax: `project.cost_estimate.items[41].name`), so that it
    /// compares only the parts holding them instead of the whole document — most of the
    /// reader's cost after a cell edit. The caller must name every path it wrote (writing
    /// elsewhere and not saying so leaves the reader with a stale part); `None` compares
    /// everything.
    pub fn read_changed(&mut self, doc: &Value, changed: Option<&[String]>) -> Result<Vec<Change>, InputError> {
        if let Some(changes) = self.state.as_mut().and_then(|state| state.update(doc, changed)) {
            return Ok(changes);
        }
        // First read, or something the part-by-part reading does not handle: read it all,
        // which also names any problem exactly as a full read does.
        let old = self.state.take().map(|s| s.root);
        let sub = Submission::from_value_ref(doc)?;
        let root = sub.write();
        let mut raw = BTreeMap::new();
        for d in [ProjectApplication::DOC, ServicePlan::DOC] {
            if let Some(Value::Object(p)) = doc.get(d) {
                for (k, v) in p.iter().filter(|(_, v)| !v.is_null()) {
                    raw.insert(format!("{d}.{k}"), v.clone());
                }
            }
        }
        self.state = Some(State { raw, sub, root });
        Ok(vec![Change::part(Vec::new(), old)])
    }

    /// The submission as last read. Panics before the first successful read.
    pub fn submission(&self) -> &Submission {
        &self.state.as_ref().expect("read first").sub
    }

    /// The submission as last read, if the last read succeeded (`None` after a failed read,
    /// which drops what was read).
    pub fn last_read(&self) -> Option<&Submission> {
        self.state.as_ref().map(|s| &s.sub)
    }

    /// `serde_json::to_value(self.submission())`, as last read.
    pub fn root(&self) -> &Value {
        &self.state.as_ref().expect("read first").root
    }
}

/// Re-reads the sections of the document `D` that changed (`new`: its JSON in the document
/// now): `None` when the document needs a full read.
fn update_doc<D: Sections>(
    new: Option<&Value>,
    slot: &mut Option<D>,
    raw: &mut BTreeMap<String, Value>,
    root: &mut Map<String, Value>,
    changed: Option<&[String]>,
    changes: &mut Vec<Change>,
) -> Option<()> {
    let doc = D::DOC;
    let p = match new {
        None | Some(Value::Null) => {
            if slot.take().is_some() {
                changes.push(Change::part(vec![doc], root.remove(doc)));
                raw.retain(|k, _| !k.strip_prefix(doc).is_some_and(|r| r.starts_with('.')));
            }
            return Some(());
        }
        Some(Value::Object(p)) => p,
        Some(_) => return None,
    };
    // Every key must be a section. Told what was written, only a key a write named can be
    // new: one lookup per written path instead of one per key (each a string compared with
    // up to a dozen section names, in memory no keystroke touched since the last frame).
    let keys_known = changed.is_some_and(|c| {
        c.iter().all(|p| match p.strip_prefix(doc) {
            // Inside a section: its key must be one.
            Some(rest) if rest.starts_with('.') => D::SECTIONS.contains(&rest[1..].split(['.', '[']).next().unwrap_or("")),
            // Beside the document (`projectx`, `service_plan` for `project`): no key of it.
            Some(rest) if !rest.is_empty() && !rest.starts_with('[') => true,
            // The document itself or something odd in it: look at every key.
            Some(_) => false,
            // Above the document (the root) may replace it; anywhere else is beside it.
            None => !(p.is_empty() || doc.strip_prefix(p.as_str()).is_some_and(|r| r.starts_with('.'))),
        })
    });
    if !keys_known && p.keys().any(|k| !D::SECTIONS.contains(&k.as_str())) {
        return None;
    }
    let read = slot.get_or_insert_with(|| {
        let fresh = D::default();
        let old = root.insert(doc.into(), fresh.write());
        changes.push(Change::part(vec![doc], old));
        fresh
    });
    for &key in D::SECTIONS {
        let new = p.get(key).filter(|v| !v.is_null());
        // Told what was written, and nothing in this section: nothing to compare.
        if changed.is_some_and(|c| !c.iter().any(|p| touches(p, doc, key))) {
            continue;
        }
        let name = format!("{doc}.{key}");
        let tables: Vec<&'static str> = D::TABLES.iter().filter(|(s, _)| *s == key).map(|(_, t)| *t).collect();
        let d = match (raw.get(&name), new) {
            (Some(old), Some(new)) => hinted(&name, &tables, changed).unwrap_or_else(|| diff(old, new, &tables)),
            (None, None) => Diff::Same,
            _ => Diff::Other,
        };
        match d {
            Diff::Same => continue,
            Diff::Row(table, i) => {
                let json = root.get_mut(doc)?.get_mut(key)?;
                let old = reread_row(&name, table, i, new?, raw.get_mut(&name)?, json, |v| read.read_row(key, table, i, v))?;
                let keys = if table.is_empty() { vec![doc, key] } else { vec![doc, key, table] };
                changes.push(Change { keys, row: Some(i), old: Some(old) });
                continue;
            }
            Diff::Other => {}
        }
        match new {
            None => {
                read.clear_section(key);
                raw.remove(&name);
            }
            Some(v) => {
                shape::check_value(v, &mut name.clone(), &mut name.clone()).ok()?;
                let result = if shape::has_nulls(v) {
                    let mut v = v.clone();
                    shape::strip_nulls(&mut v);
                    read.read_section(key, &v)
                } else {
                    read.read_section(key, v)
                };
                result?;
                raw.insert(name, v.clone());
            }
        }
        let old = root.get_mut(doc)?.as_object_mut()?.insert(key.into(), read.section_value(key));
        changes.push(Change::part(vec![doc, key], old));
    }
    Some(())
}

impl State {
    /// Re-reads the parts that changed; `None` when the document needs a full read (the
    /// state may then be half-updated and is dropped).
    fn update(&mut self, doc: &Value, changed: Option<&[String]>) -> Option<Vec<Change>> {
        let obj = doc.as_object()?;
        if obj.keys().any(|k| !matches!(k.as_str(), "format" | "project" | "service_plan" | "justifications")) {
            return None;
        }
        let root = self.root.as_object_mut()?;
        let mut changes = Vec::new();

        // The format and the 说明: small, but read only when a write may have changed them
        // (told the paths, a keystroke in a field never does).
        let inside = |p: &str, whole: &str| p.strip_prefix(whole).is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']));
        if changed.is_none_or(|c| c.iter().any(|p| p.is_empty() || inside(p, "format") || inside(p, "justifications"))) {
            let mut head = Map::new();
            for k in ["format", "justifications"] {
                if let Some(v) = obj.get(k) {
                    head.insert(k.into(), v.clone());
                }
            }
            let mut head = Value::Object(head);
            shape::check(&head).ok()?;
            shape::strip_nulls(&mut head);
            let head = Submission::read(&head)?;
            if head.format != self.sub.format {
                let old = root.insert("format".into(), Value::String(head.format.clone()));
                changes.push(Change::part(vec!["format"], old));
                self.sub.format = head.format;
            }
            if head.justifications != self.sub.justifications {
                let old = root.remove("justifications");
                if !head.justifications.is_empty() {
                    root.insert("justifications".into(), head.justifications.write());
                }
                changes.push(Change::part(vec!["justifications"], old));
                self.sub.justifications = head.justifications;
            }
        }

        // Each document, section by section.
        update_doc(obj.get("project"), &mut self.sub.project, &mut self.raw, root, changed, &mut changes)?;
        update_doc(obj.get("service_plan"), &mut self.sub.service_plan, &mut self.raw, root, changed, &mut changes)?;

        // What `Submission::checked` refuses: let the full read say it.
        if self.sub.format != SUBMISSION_FORMAT || (self.sub.project.is_none() && self.sub.service_plan.is_none()) {
            return None;
        }
        Some(changes)
    }
}
