//! Incremental checking for the editor: re-evaluates only the rules whose inputs changed.
//!
//! A rule's findings are a function of the values at the paths it names (in `when`,
//! `require`, `lets`, `for_each`, `fields` and its message) and of which documents are
//! present — nothing else: evaluation is pure and reads no clock. So [`LiveCheck`] keeps
//! each rule's findings from the previous check and, for the next one, compares only the
//! parts of the submission the rule reads; a keystroke in a long text re-evaluates the two
//! or three rules that read that text instead of all of the pack's rules. The report is
//! assembled by the same code as [`super::check`], so it is identical to a full check — a
//! property test (`core/tests/live_check.rs`) asserts that after every edit of a sequence.

use serde_json::Value;

use super::{assemble, rule_findings};
use crate::model::live::{Change, LiveDoc};
use crate::model::{DocKind, InputError, Submission};
use crate::pack::expr::{Cond, Expr, FieldPath, Segment};
use crate::pack::template::{Part, Source};
use crate::pack::{Rule, RulePack};
use crate::report::{Finding, Report};

/// The parts of the submission's JSON a rule reads, as key paths (`["project", "basic",
/// "name"]`). A path through a list (`items[].amount`) depends on the whole list, as a row's
/// number and the rows around it matter to `for_each`, `count` and `sum`; paths relative to
/// a row (`@.amount`) are covered by the list they are relative to, which the rule names too.
pub fn dependencies(rule: &Rule) -> Vec<Vec<String>> {
    let mut paths: Vec<&FieldPath> = Vec::new();
    paths.extend(&rule.fields);
    paths.extend(&rule.for_each);
    if let Some(w) = &rule.when {
        cond_paths(w, &mut paths);
    }
    cond_paths(&rule.require, &mut paths);
    for (_, e, _) in &rule.lets {
        expr_paths(e, &mut paths);
    }
    for part in &rule.message.parts {
        if let Part::Value { source: Source::Field(p), .. } = part {
            paths.push(p);
        }
    }
    let mut out: Vec<Vec<String>> = Vec::new();
    for p in paths.into_iter().filter(|p| !p.relative) {
        let keys: Vec<String> = p
            .segments
            .iter()
            .map_while(|s| match s {
                Segment::Key(k) => Some(k.clone()),
                Segment::Each => None,
            })
            .collect();
        if !out.contains(&keys) {
            out.push(keys);
        }
    }
    out
}

fn cond_paths<'a>(c: &'a Cond, out: &mut Vec<&'a FieldPath>) {
    match c {
        Cond::Const(_) => {}
        Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| cond_paths(c, out)),
        Cond::Not(c) => cond_paths(c, out),
        Cond::Present(p) | Cond::IsTrue(p) | Cond::IsFalse(p) | Cond::MinChars(p, _) | Cond::HasAll(p, _) | Cond::HasAny(p, _) => out.push(p),
        Cond::Cmp(_, a, b) => {
            expr_paths(a, out);
            expr_paths(b, out);
        }
        Cond::In(e, lits) => {
            expr_paths(e, out);
            lits.iter().for_each(|l| expr_paths(l, out));
        }
        Cond::ContainsAny(ps, _) => out.extend(ps),
        Cond::AnyItem(p, c) | Cond::AllItems(p, c) => {
            out.push(p);
            cond_paths(c, out);
        }
    }
}

fn expr_paths<'a>(e: &'a Expr, out: &mut Vec<&'a FieldPath>) {
    match e {
        Expr::Field(p) | Expr::Sum(p) | Expr::Chars(p) => out.push(p),
        Expr::Count { list, filter } => {
            out.push(list);
            if let Some(f) = filter {
                cond_paths(f, out);
            }
        }
        Expr::Int(_) | Expr::Money(_) | Expr::Bool(_) | Expr::Text(_) | Expr::Date(_) => {}
        Expr::Add(es) | Expr::Mul(es) => es.iter().for_each(|e| expr_paths(e, out)),
        Expr::Sub(a, b) | Expr::Div(a, b) => {
            expr_paths(a, out);
            expr_paths(b, out);
        }
        Expr::Pct(e, _) | Expr::Year(e) | Expr::Month(e) => expr_paths(e, out),
    }
}

/// The value at a key path, if every key exists.
fn at<'a>(root: &'a Value, keys: &[String]) -> Option<&'a Value> {
    keys.iter().try_fold(root, |v, k| v.get(k))
}

/// Each rule's findings now, with how many rules were evaluated: with `kept` (the previous
/// findings, and per dependency path whether its value is unchanged), a rule whose paths are
/// all unchanged keeps its findings; without, every rule is evaluated.
fn rules_now(pack: &RulePack, deps: &[Vec<usize>], kept: Option<(Vec<Vec<Finding>>, Vec<bool>)>, sub: &Submission, root: &Value) -> (Vec<Vec<Finding>>, usize) {
    let mut evaluated = 0;
    let mut evaluate = |rule: &Rule| {
        evaluated += 1;
        rule_findings(pack, rule, sub, root)
    };
    let rules = match kept {
        Some((rules, same)) => pack
            .rules
            .iter()
            .zip(rules)
            .zip(deps)
            .map(|((rule, kept), deps)| if deps.iter().all(|&d| same[d]) { kept } else { evaluate(rule) })
            .collect(),
        None => pack.rules.iter().map(&mut evaluate).collect(),
    };
    (rules, evaluated)
}

/// What the previous check saw and found.
struct Last {
    /// The submission's JSON form (`serde_json::to_value`), as the rules saw it; kept by
    /// [`LiveCheck::check`] only ([`LiveCheck::check_doc`] learns what changed from its
    /// [`LiveDoc`]).
    root: Option<Value>,
    documents: [bool; 2],
    /// Each rule's findings, in pack order.
    rules: Vec<Vec<Finding>>,
}

/// Whether the value at `path` is the same before and after a read that made `changes`.
fn unchanged(path: &[String], changes: &[Change], root: &Value) -> bool {
    changes.iter().all(|c| {
        let under = c.keys.len() <= path.len() && c.keys.iter().zip(path).all(|(a, b)| *a == b.as_str());
        if under {
            let old = c.old.as_ref().and_then(|o| at(o, &path[c.keys.len()..]));
            old == at(root, path)
        } else {
            // A change inside the path's value changes it; a change elsewhere does not.
            !(path.len() < c.keys.len() && path.iter().zip(&c.keys).all(|(a, b)| a.as_str() == *b))
        }
    })
}

/// A checker for one pack that remembers its last check (see the module docs).
pub struct LiveCheck<'p> {
    pack: &'p RulePack,
    /// Every distinct path some rule depends on: compared once per check, however many
    /// rules read it (many rules read the same 80-row table).
    paths: Vec<Vec<String>>,
    /// Per rule, in pack order: indexes into `paths` ([`dependencies`]).
    deps: Vec<Vec<usize>>,
    last: Option<Last>,
    doc: LiveDoc,
    /// `format::text_errors` per part of the document (`project.basic`, `service_plan`), for
    /// [`check_doc`](Self::check_doc).
    text: std::collections::BTreeMap<String, super::format::TextErrors>,
    evaluated: usize,
}

impl<'p> LiveCheck<'p> {
    pub fn new(pack: &'p RulePack) -> Self {
        let mut paths: Vec<Vec<String>> = Vec::new();
        let deps = pack
            .rules
            .iter()
            .map(|rule| {
                dependencies(rule)
                    .into_iter()
                    .map(|d| match paths.iter().position(|p| *p == d) {
                        Some(i) => i,
                        None => {
                            paths.push(d);
                            paths.len() - 1
                        }
                    })
                    .collect()
            })
            .collect();
        LiveCheck { pack, paths, deps, last: None, doc: LiveDoc::default(), text: Default::default(), evaluated: 0 }
    }

    pub fn pack(&self) -> &'p RulePack {
        self.pack
    }

    /// The same report as [`super::check`]`(pack, sub)`, re-evaluating only the rules whose
    /// inputs differ from the previous call's.
    pub fn check(&mut self, sub: &Submission) -> Report {
        let root = serde_json::to_value(sub).expect("a submission always serializes");
        let documents = [sub.has(DocKind::Project), sub.has(DocKind::ServicePlan)];
        let pack = self.pack;
        let kept = match self.last.take() {
            Some(Last { root: Some(last_root), documents: d, rules }) if d == documents => {
                Some((rules, self.paths.iter().map(|p| at(&last_root, p) == at(&root, p)).collect()))
            }
            _ => None,
        };
        let (rules, evaluated) = rules_now(pack, &self.deps, kept, sub, &root);
        self.evaluated = evaluated;
        let report = assemble(pack, sub, super::format::text_errors(&root, ""), &rules);
        self.last = Some(Last { root: Some(root), documents, rules });
        // The next check_doc must not take this check's findings for its document's.
        self.doc = LiveDoc::default();
        report
    }

    /// The editor's way in: reads the document part by part ([`LiveDoc`]) and checks it,
    /// re-evaluating only the rules whose inputs changed. The same result as
    /// `Submission::from_value_ref(doc)` then [`super::check`] — report or error.
    pub fn check_doc(&mut self, doc: &Value) -> Result<Report, InputError> {
        let changes = match self.doc.read(doc) {
            Ok(c) => c,
            Err(e) => {
                // The reader starts afresh after an error: so must the findings.
                self.last = None;
                self.text.clear();
                return Err(e);
            }
        };
        let (sub, root) = (self.doc.submission(), self.doc.root());
        let documents = [sub.has(DocKind::Project), sub.has(DocKind::ServicePlan)];
        let pack = self.pack;
        let kept = match self.last.take() {
            // After `check`, whose findings may be for another document, evaluate everything.
            Some(Last { root: None, documents: d, rules }) if d == documents => {
                Some((rules, self.paths.iter().map(|p| unchanged(p, &changes, root)).collect()))
            }
            _ => None,
        };
        let (rules, evaluated) = rules_now(pack, &self.deps, kept, sub, root);
        self.evaluated = evaluated;
        // Character problems, per part: walk again only the parts that changed.
        let whole = changes.iter().any(|c| c.keys.len() < 2 && c.keys.first().is_none_or(|k| *k == "project"));
        if whole {
            self.text.clear();
        }
        for c in &changes {
            if c.keys.len() == 2 || c.keys == ["service_plan"] {
                self.text.remove(&c.keys.join("."));
            }
        }
        let mut parts: Vec<(String, &Value)> = Vec::new();
        if let Some(Value::Object(p)) = root.get("project") {
            parts.extend(p.iter().map(|(k, v)| (format!("project.{k}"), v)));
        }
        if let Some(v) = root.get("service_plan") {
            parts.push(("service_plan".into(), v));
        }
        let mut text = Vec::new();
        for (name, v) in parts {
            text.extend(self.text.entry(name).or_insert_with_key(|name| super::format::text_errors(v, name)).iter().cloned());
        }
        let report = assemble(pack, sub, text, &rules);
        self.last = Some(Last { root: None, documents, rules });
        Ok(report)
    }

    /// The submission the last successful [`check_doc`](Self::check_doc) read.
    pub fn submission(&self) -> &Submission {
        self.doc.submission()
    }

    /// How many rules the last [`check`](Self::check) evaluated; the others kept their
    /// findings.
    pub fn evaluated(&self) -> usize {
        self.evaluated
    }
}
