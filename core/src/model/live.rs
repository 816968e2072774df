//! Reading the editor's document incrementally. A keystroke changes one value; reading the
//! whole document again — shape check, deserializing every section, serializing it back for
//! the rules — was most of a keystroke's cost on a large project (BENCHMARKS.md, live
//! checks). [`LiveDoc`] keeps what it read last and re-reads only the parts whose JSON
//! changed: a section of the project (`project.basic`, `project.cost_estimate`, …), the
//! service plan, the format and the 说明. Whatever it cannot handle part by part (a problem
//! anywhere, an unknown key) goes through [`Submission::from_value_ref`], so errors and
//! results are exactly those of a full read; `core/tests/live_check.rs` checks that after
//! every edit of random edit sequences.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{InputError, ProjectApplication, SUBMISSION_FORMAT, ServicePlan, Submission, shape};

/// A part of the document that changed in the last read: where (`["project", "basic"]`;
/// empty for the whole document), and its previous JSON form (as `serde_json::to_value` of
/// the submission had it), `None` if it was absent.
#[derive(Debug, Clone)]
pub struct Change {
    pub keys: Vec<&'static str>,
    pub old: Option<Value>,
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

/// Reads a part (shape-checked first) into `T`, dropping nulls only when there are any.
fn read_part<T: for<'de> Deserialize<'de>>(v: &Value, name: &str) -> Option<T> {
    shape::check_value(v, &mut name.to_string(), &mut name.to_string()).ok()?;
    if shape::has_nulls(v) {
        let mut v = v.clone();
        shape::strip_nulls(&mut v);
        T::deserialize(&v).ok()
    } else {
        T::deserialize(v).ok()
    }
}

impl LiveDoc {
    /// Reads `doc`, returning what changed since the last read. The same result (or error)
    /// as `Submission::from_value_ref(doc)`; read the submission and its JSON form with
    /// [`submission`](Self::submission) and [`root`](Self::root).
    pub fn read(&mut self, doc: &Value) -> Result<Vec<Change>, InputError> {
        if let Some(changes) = self.state.as_mut().and_then(|state| state.update(doc)) {
            return Ok(changes);
        }
        // First read, or something the part-by-part reading does not handle: read it all,
        // which also names any problem exactly as a full read does.
        let old = self.state.take().map(|s| s.root);
        let sub = Submission::from_value_ref(doc)?;
        let root = serde_json::to_value(&sub).expect("a submission always serializes");
        let mut raw = BTreeMap::new();
        if let Some(Value::Object(p)) = doc.get("project") {
            for (k, v) in p.iter().filter(|(_, v)| !v.is_null()) {
                raw.insert(format!("project.{k}"), v.clone());
            }
        }
        if let Some(v) = doc.get("service_plan").filter(|v| !v.is_null()) {
            raw.insert("service_plan".into(), v.clone());
        }
        self.state = Some(State { raw, sub, root });
        Ok(vec![Change { keys: Vec::new(), old }])
    }

    /// The submission as last read. Panics before the first successful read.
    pub fn submission(&self) -> &Submission {
        &self.state.as_ref().expect("read first").sub
    }

    /// `serde_json::to_value(self.submission())`, as last read.
    pub fn root(&self) -> &Value {
        &self.state.as_ref().expect("read first").root
    }
}

impl State {
    /// Re-reads the parts that changed; `None` when the document needs a full read (the
    /// state may then be half-updated and is dropped).
    fn update(&mut self, doc: &Value) -> Option<Vec<Change>> {
        let obj = doc.as_object()?;
        if obj.keys().any(|k| !matches!(k.as_str(), "format" | "project" | "service_plan" | "justifications")) {
            return None;
        }
        let root = self.root.as_object_mut()?;
        let mut changes = Vec::new();

        // The format and the 说明: small, read every time.
        let mut head = Map::new();
        for k in ["format", "justifications"] {
            if let Some(v) = obj.get(k) {
                head.insert(k.into(), v.clone());
            }
        }
        let mut head = Value::Object(head);
        shape::check(&head).ok()?;
        shape::strip_nulls(&mut head);
        let head = Submission::deserialize(&head).ok()?;
        if head.format != self.sub.format {
            let old = root.insert("format".into(), Value::String(head.format.clone()));
            changes.push(Change { keys: vec!["format"], old });
            self.sub.format = head.format;
        }
        if head.justifications != self.sub.justifications {
            let old = root.remove("justifications");
            if !head.justifications.is_empty() {
                root.insert("justifications".into(), serde_json::to_value(&head.justifications).ok()?);
            }
            changes.push(Change { keys: vec!["justifications"], old });
            self.sub.justifications = head.justifications;
        }

        // The project, section by section.
        match obj.get("project") {
            None | Some(Value::Null) => {
                if self.sub.project.take().is_some() {
                    changes.push(Change { keys: vec!["project"], old: root.remove("project") });
                    self.raw.retain(|k, _| !k.starts_with("project."));
                }
            }
            Some(Value::Object(p)) => {
                if p.keys().any(|k| !ProjectApplication::SECTIONS.contains(&k.as_str())) {
                    return None;
                }
                let project = self.sub.project.get_or_insert_with(|| {
                    let fresh = ProjectApplication::default();
                    let old = root.insert("project".into(), serde_json::to_value(&fresh).expect("serializes"));
                    changes.push(Change { keys: vec!["project"], old });
                    fresh
                });
                for &key in ProjectApplication::SECTIONS {
                    let name = format!("project.{key}");
                    let new = p.get(key).filter(|v| !v.is_null());
                    if new == self.raw.get(&name) {
                        continue;
                    }
                    match new {
                        None => {
                            project.clear_section(key);
                            self.raw.remove(&name);
                        }
                        Some(v) => {
                            shape::check_value(v, &mut name.clone(), &mut name.clone()).ok()?;
                            let read = if shape::has_nulls(v) {
                                let mut v = v.clone();
                                shape::strip_nulls(&mut v);
                                project.read_section(key, &v)
                            } else {
                                project.read_section(key, v)
                            };
                            read.ok()?;
                            self.raw.insert(name, v.clone());
                        }
                    }
                    let old = root.get_mut("project")?.as_object_mut()?.insert(key.into(), project.section_value(key));
                    changes.push(Change { keys: vec!["project", key], old });
                }
            }
            Some(_) => return None,
        }

        // The service plan, as one part.
        let new = obj.get("service_plan").filter(|v| !v.is_null());
        if new != self.raw.get("service_plan") {
            match new {
                None => {
                    self.sub.service_plan = None;
                    self.raw.remove("service_plan");
                    changes.push(Change { keys: vec!["service_plan"], old: root.remove("service_plan") });
                }
                Some(v) => {
                    let plan: ServicePlan = read_part(v, "service_plan")?;
                    let old = root.insert("service_plan".into(), serde_json::to_value(&plan).ok()?);
                    changes.push(Change { keys: vec!["service_plan"], old });
                    self.sub.service_plan = Some(plan);
                    self.raw.insert("service_plan".into(), v.clone());
                }
            }
        }

        // What `Submission::checked` refuses: let the full read say it.
        if self.sub.format != SUBMISSION_FORMAT || (self.sub.project.is_none() && self.sub.service_plan.is_none()) {
            return None;
        }
        Some(changes)
    }
}
