//! Incremental checking for the editor: re-evaluates only the rules whose inputs changed.
//!
//! A rule's findings are a function of the values at the paths it names (in `when`,
//! `require`, `lets`, `for_each`, `fields` and its message) and of which documents are
//! present — nothing else: evaluation is pure and reads no clock. So [`LiveCheck`] keeps
//! each rule's findings from the previous check and, for the next one, compares only the
//! parts of the submission the rule reads; a keystroke in a long text re-evaluates the two
//! or three rules that read that text instead of all of the pack's rules, and a cell edit
//! re-evaluates a `for_each` rule on the edited row only, when no other row's findings can
//! depend on it ([`row_local`]). The report is
//! assembled by the same code as [`super::check`], so it is identical to a full check — a
//! property test (`core/tests/live_check.rs`) asserts that after every edit of a sequence.

use std::sync::Arc;

use serde_json::Value;

use super::assemble;
use crate::model::live::Sections;
use crate::model::live::{Change, LiveDoc};
use crate::model::{DocKind, InputError, ProjectApplication, ServicePlan, Submission};
use crate::pack::expr::{Cond, Expr, FieldPath, Segment};
use crate::pack::template::{Part, Source};
use crate::pack::{Rule, RulePack};
use crate::report::{Finding, Report};

/// The parts of the submission's JSON a rule reads, as key paths (`["project", "basic",
/// "name"]`). A path through a list (`items[].amount`) depends on the whole list, as a row's
/// number and the rows around it matter to `for_each`, `count` and `sum`; paths relative to
/// a row (`@.amount`) are covered by the list they are relative to, which the rule names too.
pub fn dependencies(rule: &Rule) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for keys in rule_paths(rule).into_iter().filter(|p| !p.relative).map(keys) {
        if !out.contains(&keys) {
            out.push(keys);
        }
    }
    out
}

/// Every path a rule names, its `for_each` list included.
fn rule_paths(rule: &Rule) -> Vec<&FieldPath> {
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
    paths
}

/// A path's keys up to its first `[]`.
fn keys(p: &FieldPath) -> Vec<String> {
    p.segments
        .iter()
        .map_while(|s| match s {
            Segment::Key(k) => Some(k.clone()),
            Segment::Each => None,
        })
        .collect()
}

/// Whether one key path is a prefix of the other (the value at one holds the other's).
fn related(a: &[String], b: &[String]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// The list a `for_each` rule runs over when each row's findings depend on that row alone:
/// no path of the rule but the `for_each` itself reaches into or above the list (a `sum` or
/// `count` over it would make every row depend on every other). After a cell edit, such a
/// rule is re-evaluated on the edited row only.
fn row_local(rule: &Rule) -> Option<Vec<String>> {
    let list = rule.for_each.as_ref().filter(|l| !l.relative && !l.segments.contains(&Segment::Each))?;
    let list_keys = keys(list);
    let others = rule_paths(rule).into_iter().filter(|p| !std::ptr::eq(*p, list) && !p.relative);
    others.map(keys).all(|k| !related(&k, &list_keys)).then_some(list_keys)
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

/// The section (document and key, as one index over both documents' sections) that the key
/// path `keys` is inside or is, if it is that deep.
fn section_of<K: AsRef<str>>(keys: &[K]) -> Option<usize> {
    let [doc, key, ..] = keys else { return None };
    let (doc, key) = (doc.as_ref(), key.as_ref());
    if doc == ProjectApplication::DOC {
        ProjectApplication::SECTIONS.iter().position(|s| *s == key)
    } else if doc == ServicePlan::DOC {
        ServicePlan::SECTIONS.iter().position(|s| *s == key).map(|i| ProjectApplication::SECTIONS.len() + i)
    } else {
        None
    }
}

/// The value at a key path, if every key exists.
fn at<'a>(root: &'a Value, keys: &[String]) -> Option<&'a Value> {
    keys.iter().try_fold(root, |v, k| v.get(k))
}

/// Each rule's findings, in pack order (shared with the reports made from them).
type RuleFindings = Vec<Vec<Arc<Finding>>>;

/// Each rule's findings, and per `for_each` rule its number of findings per row.
type Findings = (RuleFindings, Vec<Vec<usize>>);

/// What to do with one rule's previous findings.
enum Plan {
    Keep,
    /// Re-evaluate these rows of a row-local `for_each` rule (see [`row_local`]).
    Rows(Vec<usize>),
    Evaluate,
}

/// Each rule's findings now (and, per `for_each` rule evaluated in full, its findings per
/// row), with how many rules were evaluated: `plan` says per rule whether its previous
/// findings (`last`) stand, need some rows re-evaluated, or need a full evaluation.
fn rules_now(pack: &RulePack, plan: impl Fn(usize) -> Plan, last: Option<Findings>, sub: &Submission, root: &Value) -> (RuleFindings, Vec<Vec<usize>>, usize) {
    let mut evaluated = 0;
    let (mut rules, mut per_row) = (Vec::with_capacity(pack.rules.len()), Vec::with_capacity(pack.rules.len()));
    let mut last = last.map(|(r, c)| r.into_iter().zip(c));
    for (n, rule) in pack.rules.iter().enumerate() {
        let kept = last.as_mut().and_then(Iterator::next);
        let plan = plan(n);
        evaluated += usize::from(!matches!(plan, Plan::Keep));
        let (findings, counts) = match (kept, plan) {
            (Some(kept), Plan::Keep) => kept,
            (Some(kept), Plan::Rows(changed)) if reevaluate_rows(rule, root, &changed, &kept.1) => {
                let (mut findings, mut counts) = kept;
                let list = rule.for_each.as_ref().expect("a for_each rule");
                let rows = super::value::rows(list, root, None);
                for i in changed {
                    let at: usize = counts[..i].iter().sum();
                    let mut new = Vec::new();
                    super::evaluate_row(pack, rule, list, root, i, &rows[i], &mut new);
                    let old = std::mem::replace(&mut counts[i], new.len());
                    findings.splice(at..at + old, new);
                }
                (findings, counts)
            }
            _ => {
                let mut counts = Vec::new();
                let findings = super::rule_findings_by_row(pack, rule, sub, root, Some(&mut counts));
                (findings, counts)
            }
        };
        rules.push(findings);
        per_row.push(counts);
    }
    (rules, per_row, evaluated)
}

/// Whether rows `changed` of a row-local `for_each` rule can be re-evaluated alone, its
/// other findings kept (they are in row order, `counts` per row): not when the rows were not
/// counted (the rule was not evaluated: a document it needs is absent) or their number
/// changed.
fn reevaluate_rows(rule: &Rule, root: &Value, changed: &[usize], counts: &[usize]) -> bool {
    let Some(list) = &rule.for_each else { return false };
    let rows = super::value::rows(list, root, None).len();
    rows == counts.len() && changed.iter().all(|&i| i < rows)
}

/// What the previous check saw and found.
struct Last {
    /// The submission's JSON form (`serde_json::to_value`), as the rules saw it; kept by
    /// [`LiveCheck::check`] only ([`LiveCheck::check_doc`] learns what changed from its
    /// [`LiveDoc`]).
    root: Option<Value>,
    documents: [bool; 2],
    /// Each rule's findings, in pack order.
    rules: RuleFindings,
    /// Per rule, the number of findings of each row of its `for_each` list (empty for other
    /// rules and rules not evaluated).
    per_row: Vec<Vec<usize>>,
}

/// Whether the value at `path` is the same before and after a read that made `changes`.
fn unchanged(path: &[String], changes: &[Change], root: &Value) -> bool {
    changes.iter().all(|c| {
        if c.row.is_some() {
            // One row of the list at `keys`: the list and everything holding it changed; a
            // path beside it did not (dependency paths stop at a list, never enter a row).
            let n = path.len().min(c.keys.len());
            return path[..n].iter().zip(&c.keys[..n]).any(|(a, b)| a.as_str() != *b);
        }
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

/// The rows of the list at `path` that changed, when `changes` change it only row by row.
fn changed_rows(path: &[String], changes: &[Change], root: &Value) -> Option<Vec<usize>> {
    let mut rows = Vec::new();
    for c in changes.iter().filter(|c| !unchanged(path, std::slice::from_ref(c), root)) {
        match c.row {
            Some(i) if c.keys.len() == path.len() && c.keys.iter().zip(path).all(|(a, b)| *a == b.as_str()) => rows.push(i),
            _ => return None,
        }
    }
    crate::order::sort(&mut rows);
    rows.dedup();
    Some(rows)
}

/// A checker for one pack that remembers its last check (see the module docs).
pub struct LiveCheck<'p> {
    pack: &'p RulePack,
    /// Every distinct path some rule depends on: compared once per check, however many
    /// rules read it (many rules read the same 80-row table).
    paths: Vec<Vec<String>>,
    /// Per rule, in pack order: indexes into `paths` ([`dependencies`]).
    deps: Vec<Vec<usize>>,
    /// Per rule: for a row-local `for_each` rule ([`row_local`]), the index of its list in
    /// `paths`.
    row_lists: Vec<Option<usize>>,
    /// Per path in `paths`: the section it is inside ([`section_of`]), if any. A change to
    /// another section cannot change it, which is known without reading the path's keys.
    /// In the browser each key read is memory no keystroke touched since the last frame:
    /// comparing every path with every change was a fifth of the check's cache misses
    /// (BENCHMARKS.md, seventeenth round).
    sections: Vec<Option<usize>>,
    /// Per path in `paths`: the rules that read it (the inverse of `deps`), so that a check
    /// looks at the rules of the paths that changed instead of at every rule's paths.
    readers: Vec<Vec<usize>>,
    last: Option<Last>,
    doc: LiveDoc,
    /// The findings of `format::part_errors` per section of a document (`("project",
    /// "basic")`), updated row by row after a cell edit, for [`check_doc`](Self::check_doc).
    text: std::collections::BTreeMap<(&'static str, &'static str), Vec<super::format::Placed>>,
    /// The budget lines' consistency findings, kept line by line (`consistency::Lines`).
    lines: super::consistency::Lines,
    evaluated: usize,
}

impl<'p> LiveCheck<'p> {
    pub fn new(pack: &'p RulePack) -> Self {
        let mut paths: Vec<Vec<String>> = Vec::new();
        let mut index = |d: Vec<String>| match paths.iter().position(|p| *p == d) {
            Some(i) => i,
            None => {
                paths.push(d);
                paths.len() - 1
            }
        };
        let deps: Vec<Vec<usize>> = pack.rules.iter().map(|rule| dependencies(rule).into_iter().map(&mut index).collect()).collect();
        let row_lists = pack.rules.iter().map(|rule| row_local(rule).map(&mut index)).collect();
        let sections = paths.iter().map(|p| section_of(p)).collect();
        let mut readers = vec![Vec::new(); paths.len()];
        for (n, d) in deps.iter().enumerate() {
            for &p in d {
                readers[p].push(n);
            }
        }
        LiveCheck {
            pack,
            paths,
            deps,
            row_lists,
            sections,
            readers,
            last: None,
            doc: LiveDoc::default(),
            text: Default::default(),
            lines: Default::default(),
            evaluated: 0,
        }
    }

    pub fn pack(&self) -> &'p RulePack {
        self.pack
    }

    /// The same report as [`super::check`]`(pack, sub)`, re-evaluating only the rules whose
    /// inputs differ from the previous call's.
    pub fn check(&mut self, sub: &Submission) -> Report {
        let root = crate::model::json::Json::write(sub);
        let documents = [sub.has(DocKind::Project), sub.has(DocKind::ServicePlan)];
        let pack = self.pack;
        let (last, same) = match self.last.take() {
            Some(Last { root: Some(last_root), documents: d, rules, per_row }) if d == documents => {
                (Some((rules, per_row)), self.paths.iter().map(|p| at(&last_root, p) == at(&root, p)).collect())
            }
            _ => (None, Vec::new()),
        };
        let kept = last.is_some();
        let deps = &self.deps;
        let plan = |n: usize| if kept && deps[n].iter().all(|&d| same[d]) { Plan::Keep } else { Plan::Evaluate };
        let (rules, per_row, evaluated) = rules_now(pack, plan, last, sub, &root);
        self.evaluated = evaluated;
        let mut problems = super::format::field_errors(&root);
        problems.extend(super::format::text_errors(&root, ""));
        let report = assemble(pack, sub, super::format::format_findings(problems), super::consistency::consistency_findings(sub), &rules);
        self.last = Some(Last { root: Some(root), documents, rules, per_row });
        // The next check_doc must not take this check's findings for its document's.
        self.doc = LiveDoc::default();
        report
    }

    /// The editor's way in: reads the document part by part ([`LiveDoc`]) and checks it,
    /// re-evaluating only the rules whose inputs changed. The same result as
    /// `Submission::from_value_ref(doc)` then [`super::check`] — report or error.
    pub fn check_doc(&mut self, doc: &Value) -> Result<Report, InputError> {
        self.check_doc_changed(doc, None)
    }

    /// [`check_doc`](Self::check_doc), told which paths were written since the last call
    /// ([`LiveDoc::read_changed`]; `None`: unknown). The editor knows: every field writes
    /// through one setter.
    pub fn check_doc_changed(&mut self, doc: &Value, changed: Option<&[String]>) -> Result<Report, InputError> {
        let changes = match self.doc.read_changed(doc, changed) {
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
        let (last, same) = match self.last.take() {
            // After `check`, whose findings may be for another document, evaluate everything.
            Some(Last { root: None, documents: d, rules, per_row }) if d == documents => (Some((rules, per_row)), self.unchanged_paths(&changes, root)),
            _ => (None, Vec::new()),
        };
        let kept = last.is_some();
        // The rules that read a path that changed.
        let mut stale = vec![false; if kept { pack.rules.len() } else { 0 }];
        for (p, _) in same.iter().enumerate().filter(|(_, same)| !**same) {
            for &n in &self.readers[p] {
                stale[n] = true;
            }
        }
        let (deps, row_lists, paths) = (&self.deps, &self.row_lists, &self.paths);
        let plan = |n: usize| {
            if !kept {
                return Plan::Evaluate;
            }
            if !stale[n] {
                return Plan::Keep;
            }
            // A row-local rule whose only changed input is its list, changed row by row.
            match row_lists[n] {
                Some(l) if deps[n].iter().all(|&d| d == l || same[d]) => changed_rows(&paths[l], &changes, root).map_or(Plan::Evaluate, Plan::Rows),
                _ => Plan::Evaluate,
            }
        };
        let (rules, per_row, evaluated) = rules_now(pack, plan, last, sub, root);
        self.evaluated = evaluated;
        // Format problems, per part: find again only those of the parts (or rows) that changed.
        for c in &changes {
            match (c.row, c.keys.as_slice()) {
                // The whole document, or one of its documents, read again.
                (_, []) => self.text.clear(),
                (_, [doc]) => self.text.retain(|k, _| k.0 != *doc),
                // A cell edit: find the row's problems again; the section's others stand.
                (Some(i), [doc, section, ..]) => {
                    let Some(cached) = self.text.get_mut(&(*doc, *section)) else { continue };
                    let table = c.keys.join(".");
                    let row_path = format!("{table}[{i}]");
                    let in_row = |p: &str| p.strip_prefix(&row_path).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']));
                    cached.retain(|f| !in_row(f.path()));
                    let keys: Vec<String> = c.keys.iter().map(|k| k.to_string()).collect();
                    let row = at(root, &keys).and_then(|list| list.get(i)).expect("the row just read");
                    cached.extend(super::format::placed(super::format::row_errors(&c.keys, i, row)));
                }
                (None, [doc, section]) => {
                    self.text.remove(&(*doc, *section));
                }
                _ => {}
            }
        }
        let mut text = Vec::new();
        for (doc, sections) in [(ProjectApplication::DOC, ProjectApplication::SECTIONS), (ServicePlan::DOC, ServicePlan::SECTIONS)] {
            let Some(json) = root.get(doc) else { continue };
            for (section, v) in sections.iter().filter_map(|k| Some((*k, json.get(k)?))) {
                let cached =
                    self.text.entry((doc, section)).or_insert_with(|| super::format::placed(super::format::part_errors(&format!("{doc}.{section}"), v)));
                text.extend(cached.iter().cloned());
            }
        }
        let report = assemble(pack, sub, super::format::sorted(text), self.lines.findings(sub), &rules);
        self.last = Some(Last { root: None, documents, rules, per_row });
        Ok(report)
    }

    /// Per path in `paths`, whether its value is the same after the read that made
    /// `changes`: a path is compared only with the changes to its own section, or to no
    /// single section (a whole document; a path above the sections).
    fn unchanged_paths(&self, changes: &[Change], root: &Value) -> Vec<bool> {
        let changed: Vec<Option<usize>> = changes.iter().map(|c| section_of(&c.keys)).collect();
        self.sections
            .iter()
            .enumerate()
            .map(|(p, at)| {
                let mut near = changes.iter().zip(&changed).filter(|(_, c)| at.is_none() || c.is_none() || at == *c);
                near.all(|(c, _)| unchanged(&self.paths[p], std::slice::from_ref(c), root))
            })
            .collect()
    }

    /// The submission the last [`check_doc`](Self::check_doc) read, if it could read it.
    /// Just read by the check, its values are in the CPU's caches, where the document's JSON
    /// is not: what the editor shows from the document right after a check (a table's total)
    /// is cheaper read here.
    pub fn last_read(&self) -> Option<&Submission> {
        self.doc.last_read()
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

/// Runs an edit of every section of `doc` — of its first text, number or yes/no field, which
/// in a table is a cell of its first row — and its undoing through a scratch checker, so that
/// the code a keystroke takes has run once before the user types. In the browser a wasm
/// function's first runs are in V8's baseline tier: the first keystroke in each kind of
/// section took several times as long as the next ones, and made the editor's p99
/// (BENCHMARKS.md). Returns how many checks it ran; the editor calls it once, off the
/// keystroke path, after it opens.
pub fn warm_up(pack: &RulePack, doc: &Value) -> usize {
    use crate::fields::{self, FieldKind};
    use crate::model::path;
    fn first_leaf(v: &Value, at: String) -> Option<String> {
        match v {
            Value::Object(map) => map.iter().find_map(|(k, c)| first_leaf(c, format!("{at}.{k}"))),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, c)| first_leaf(c, format!("{at}[{i}]"))),
            _ => fields::field(&fields::generic_path(&at))
                .is_some_and(|f| matches!(f.kind, FieldKind::Text | FieldKind::LongText | FieldKind::Money | FieldKind::Int | FieldKind::Bool))
                .then_some(at),
        }
    }
    let mut live = LiveCheck::new(pack);
    let mut scratch = doc.clone();
    if live.check_doc(&scratch).is_err() {
        return 0;
    }
    let mut checks = 1;
    let sections: Vec<String> = ["project", "service_plan"]
        .iter()
        .filter_map(|d| Some((d, scratch.get(d)?.as_object()?)))
        .flat_map(|(d, m)| m.keys().map(move |k| format!("{d}.{k}")))
        .collect();
    for section in sections {
        let Some(p) = path::get(&scratch, &section).and_then(|v| first_leaf(v, section.clone())) else { continue };
        let Some(old) = path::get(&scratch, &p).cloned() else { continue };
        let edited = match &old {
            Value::String(s) => Value::String(format!("{s}测")),
            Value::Number(n) => Value::from(n.as_u64().unwrap_or(0).saturating_add(1)),
            Value::Bool(b) => Value::Bool(!b),
            _ => continue,
        };
        for v in [edited, old] {
            path::set(&mut scratch, &p, v);
            let _ = live.check_doc_changed(&scratch, Some(std::slice::from_ref(&p)));
            checks += 1;
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::section_of;

    /// A path is skipped for a change in another section only when both are known to be
    /// inside two different sections: every section of both documents has its own index, and
    /// a path above the sections or outside the documents has none (it is always compared).
    #[test]
    fn every_section_has_its_own_index_and_nothing_else_has_one() {
        use crate::model::live::Sections;
        use crate::model::{ProjectApplication, ServicePlan};
        let mut seen = Vec::new();
        for (doc, sections) in [(ProjectApplication::DOC, ProjectApplication::SECTIONS), (ServicePlan::DOC, ServicePlan::SECTIONS)] {
            for s in sections {
                let i = section_of(&[doc, s]).expect("a section");
                assert_eq!(section_of(&[doc, s, "items", "amount"]), Some(i), "{doc}.{s} and inside it");
                assert!(!seen.contains(&i), "{doc}.{s}");
                seen.push(i);
            }
            assert_eq!(section_of(&[doc]), None);
            assert_eq!(section_of(&[doc, "no_such_section"]), None);
        }
        assert_eq!(section_of::<&str>(&[]), None);
        assert_eq!(section_of(&["justifications", "0"]), None);
    }
}
