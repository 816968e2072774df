//! The editor's reactive state: the submission JSON being edited, the chosen pack, and the
//! report re-computed by `shenbao-core` on every change.

use std::collections::BTreeMap;
use std::ops::Bound;

use leptos::prelude::*;
use serde_json::{Value, json};
use shenbao_core::engine::live::LiveCheck;
use shenbao_core::model::path;
use shenbao_core::pack::RulePack;
use shenbao_core::report::Summary;
use shenbao_core::{Finding, Report};

use super::shown::{ItemKey, List, Shown};

/// One check's outcome: parse + check milliseconds, and the report with its count of
/// unexplained warnings (or why the document could not be read).
type Checked = (f64, Result<(Report, usize), String>);

/// The items of a report as `shown` holds them now (or the report's error).
fn found_of(report: &Result<Report, String>, shown: StoredValue<Shown>) -> Result<Vec<ItemKey>, String> {
    match report {
        Ok(_) => Ok(shown.try_with_value(|s| s.items().to_vec()).unwrap_or_default()),
        Err(e) => Err(e.clone()),
    }
}

/// The report (or the error) and its count of unexplained warnings (0 for an error).
fn split(result: Result<(Report, usize), String>) -> (Result<Report, String>, usize) {
    match result {
        Ok((r, n)) => (Ok(r), n),
        Err(e) => (Err(e), 0),
    }
}

#[derive(Clone, Copy)]
pub struct EditorCtx {
    /// The submission as JSON (what is saved); may be incomplete. Write it only through
    /// `set`, `replace` and `update_doc`: they log which path changed, which `get` relies on,
    /// and check it again. Written untracked: what follows a change is told by `changed`, and
    /// nothing subscribes to the whole document.
    pub doc: RwSignal<Value>,
    pub pack: RwSignal<Option<&'static RulePack>>,
    /// The latest report; `Err` carries a parse message (should not happen: the form only
    /// writes values of the right type). Set only when it changes. The page reads it through
    /// `found` and the lists of `shown`, which change less often (a message that names the
    /// values as typed changes on most keystrokes in an amount).
    pub report: ReadSignal<Result<Report, String>>,
    /// Writes `report`: only the check does (`recheck`).
    set_report: WriteSignal<Result<Report, String>>,
    /// The report's items without their messages (or why the document could not be read): set
    /// only when a finding came or went, for what counts findings (status line, navigation,
    /// sign panel).
    found: RwSignal<Result<Vec<ItemKey>, String>>,
    /// Warnings without a 说明 (what keeps a clean report from being signed).
    pub unexplained: ReadSignal<usize>,
    set_unexplained: WriteSignal<usize>,
    /// The findings lists and messages as shown, updated from each report by a difference.
    shown: StoredValue<Shown>,
    /// (revision, milliseconds): bumped every time the report is re-computed, with how long
    /// parse + check took. The findings panel shows both as data attributes (written by
    /// `paint::revision` at the end of the check, not through a signal: two more effects per
    /// keystroke), so the benchmark (bench/web/live.mjs) can tell from outside when a
    /// keystroke's report is in the page even when the findings did not change. Two
    /// `performance.now()` calls per check: negligible.
    check_rev: StoredValue<(u64, f64)>,
    /// The incremental checker of the current pack (see [`check`](Self::check)).
    live: StoredValue<Option<LiveCheck<'static>>>,
    /// What follows each change ([`on_change`](Self::on_change)).
    listeners: StoredValue<Vec<Box<dyn Fn() + Send + Sync>>>,
    /// (depth, dirty): inside [`batch`](Self::batch), writes only mark the document changed.
    batch: StoredValue<(u32, bool)>,
    /// The readers of each path, by how they read it ([`Readers`]): a change notifies only the
    /// readers of the paths it can affect. Sorted, so that the readers a change can affect are
    /// found without a scan of all of them (several hundred in a large project; the scan was a
    /// tenth of a keystroke's work); one map for the three kinds, so a keystroke searches it
    /// once, not three times.
    readers: StoredValue<BTreeMap<String, Readers>>,
    /// The paths `set` wrote since the last check (`None`: the document was replaced or
    /// changed some other way): the checker then compares only the parts holding them
    /// (`LiveCheck::check_doc_changed`) instead of the whole document.
    written: StoredValue<Option<Vec<String>>>,
    /// Whether the project and the service plan are present: read by each section's `Show`
    /// (two per section). A signal set only when it changes, not a memo of `doc`: as a memo,
    /// every keystroke marked its two dozen readers to be checked and each asked it again.
    present: RwSignal<[bool; 2]>,
}

/// The triggers of those who read one path, created on first use.
#[derive(Default)]
struct Readers {
    /// Through `get` and `with_at`: woken by a change at the path, inside it or above it.
    value: Option<ArcTrigger>,
    /// Through `len_at` (a list's length): woken only by a change at the list or above it,
    /// never by an edit inside a row, which cannot change the count. Each row of a table reads
    /// its table's length (its 「下移」 button is disabled on the last row): as a reader of the
    /// table's value, every keystroke in any cell woke all 80 rows' buttons.
    len: Option<ArcTrigger>,
    /// Through `box_with` (an input box's value): woken like `value` except by the box's own
    /// typing (`set_typed`): the box already shows what was typed, and setting it again was an
    /// effect and a long text handed back to the page on every keystroke.
    boxed: Option<ArcTrigger>,
}

/// How a path is read (see [`Readers`]).
#[derive(Clone, Copy)]
enum Read {
    Value,
    Len,
    Box,
}

impl Readers {
    fn get(&self, how: Read) -> &Option<ArcTrigger> {
        match how {
            Read::Value => &self.value,
            Read::Len => &self.len,
            Read::Box => &self.boxed,
        }
    }

    fn slot(&mut self, how: Read) -> &mut Option<ArcTrigger> {
        match how {
            Read::Value => &mut self.value,
            Read::Len => &mut self.len,
            Read::Box => &mut self.boxed,
        }
    }
}

/// The trigger of one path and way of reading it, created on first use.
fn trigger_of(map: StoredValue<BTreeMap<String, Readers>>, p: &str, how: Read) -> ArcTrigger {
    if let Some(t) = map.with_value(|m| m.get(p).and_then(|r| r.get(how).clone())) {
        return t;
    }
    let t = ArcTrigger::new();
    map.update_value(|m| {
        *m.entry(p.to_string()).or_default().slot(how) = Some(t.clone());
    });
    t
}

/// Whether a change at `changed` can change the value at `path`: the same path, one inside the
/// other (`items` and `items[3].amount`), never siblings.
fn related(changed: &str, path: &str) -> bool {
    let inside = |a: &str, b: &str| a.strip_prefix(b).is_some_and(|r| r.is_empty() || r.starts_with(['.', '[']));
    inside(changed, path) || inside(path, changed)
}

/// The entries of `m` at the paths holding `changed`: its prefixes up to a `.` or `[`. With
/// [`within`], the entries at paths [`related`] to `changed`, found in the sorted map without a
/// scan of it.
fn holding<'m, T>(m: &'m BTreeMap<String, T>, changed: &'m str) -> impl Iterator<Item = (&'m String, &'m T)> {
    changed.match_indices(['.', '[']).filter_map(|(i, _)| m.get_key_value(&changed[..i]))
}

/// The entries of `m` at `changed` or inside it (`items`, `items[3]`, `items[3].name` for a
/// change at `items`): the keys that start with it, at a path boundary.
fn within<'m, T>(m: &'m BTreeMap<String, T>, changed: &'m str) -> impl Iterator<Item = (&'m String, &'m T)> {
    m.range::<str, _>((Bound::Included(changed), Bound::Unbounded)).take_while(move |(p, _)| p.starts_with(changed)).filter(move |(p, _)| related(changed, p))
}

/// The document with every null object entry removed (null = not filled in = no key).
fn without_nulls(mut v: Value) -> Value {
    shenbao_core::model::strip_nulls(&mut v);
    v
}

/// Removes the key at `p` (a field cleared); a path ending in a list index is set to null
/// instead, as removing would shift the rows after it.
fn remove(root: &mut Value, p: &str) {
    if let Some((parent, key)) = p.rsplit_once('.').filter(|(_, k)| !k.ends_with(']')) {
        if let Some(Value::Object(m)) = path::get_mut(root, parent) {
            m.remove(key);
        }
    } else if !p.contains(['.', '[']) {
        if let Value::Object(m) = root {
            m.remove(p);
        }
    } else {
        path::set(root, p, Value::Null);
    }
}

/// Whether the project and the service plan are in the document.
fn presence(v: &Value) -> [bool; 2] {
    ["project", "service_plan"].map(|k| v.get(k).is_some_and(|d| !d.is_null()))
}

/// The page's clock (`performance.now()`), for the check's own timing. The `Performance`
/// object is looked up once: each lookup is two more calls into the page, twice a keystroke.
fn now_ms() -> f64 {
    thread_local! {
        static PERFORMANCE: Option<web_sys::Performance> = web_sys::window().and_then(|w| w.performance());
    }
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, web_sys::Performance::now))
}

impl EditorCtx {
    pub fn new(doc: Value, pack: Option<&'static RulePack>) -> EditorCtx {
        let doc = RwSignal::new(without_nulls(doc));
        let pack = RwSignal::new(pack);
        let (report, set_report) = signal(Err(String::new()));
        let (unexplained, set_unexplained) = signal(0);
        let ctx = EditorCtx {
            doc,
            pack,
            report,
            set_report,
            found: RwSignal::new(Err(String::new())),
            unexplained,
            set_unexplained,
            shown: StoredValue::new(Shown::default()),
            check_rev: StoredValue::new((0, 0.0)),
            live: StoredValue::new(None),
            listeners: StoredValue::new(Vec::new()),
            batch: StoredValue::new((0, false)),
            readers: StoredValue::new(BTreeMap::new()),
            written: StoredValue::new(None),
            present: RwSignal::new(doc.with_untracked(presence)),
        };
        // Checked at once, so that the first render shows the findings; then by every write
        // (`changed`).
        let (ms, first) = ctx.check().expect("the editor is being created");
        let (first_report, first_unexplained) = split(first);
        ctx.shown.update_value(|s| {
            s.apply(first_report.as_ref().map_or(&[][..], |r| &r.findings));
        });
        ctx.found.set(found_of(&first_report, ctx.shown));
        ctx.set_report.set(first_report);
        ctx.set_unexplained.set(first_unexplained);
        ctx.check_rev.set_value((1, ms));
        // Once, off the keystroke path, soon after the editor opens: run the code a keystroke
        // takes in each section, so that the user's first keystrokes do not pay for its first
        // run in the browser's baseline tier (`warm_up`).
        set_timeout(
            move || {
                if let (Some(Some(p)), Some(d)) = (pack.try_get_untracked(), doc.try_get_untracked()) {
                    shenbao_core::engine::live::warm_up(p, &d);
                }
            },
            std::time::Duration::from_millis(400),
        );
        ctx
    }

    /// Reads and checks the document with the incremental checker of the current pack, which
    /// re-evaluates only the rules whose inputs changed (shenbao_core::engine::live; the same
    /// report as a full check); `None` once the editor is disposed.
    fn check(&self) -> Option<Checked> {
        let t0 = now_ms();
        let (live, written, doc) = (self.live, self.written, self.doc);
        let result = match self.pack.try_get_untracked()? {
            None => Err("未选择规则包".to_string()),
            Some(p) => live.try_update_value(|l| {
                let l = match l {
                    Some(l) if std::ptr::eq(l.pack(), p) => l,
                    _ => l.insert(LiveCheck::new(p)),
                };
                let changed = written.try_update_value(|w| w.replace(Vec::new())).flatten();
                let report = doc.try_with_untracked(|d| l.check_doc_changed(d, changed.as_deref()))?;
                Some(
                    report
                        .map(|r| {
                            let unexplained = l.submission().unexplained(&r).len();
                            (r, unexplained)
                        })
                        .map_err(|e| e.to_string()),
                )
            })??,
        };
        Some((now_ms() - t0, result))
    }

    /// Checks the document again and brings the page up to date: the findings are painted in
    /// this pass (`paint`), and the report, the items and the count of unexplained warnings
    /// are set only when they changed.
    fn recheck(&self) {
        let Some((ms, result)) = self.check() else { return };
        let (r, n) = split(result);
        let (shown, doc) = (self.shown, self.doc);
        // The lists and texts to wake, found by difference with what is shown.
        let mut woken = Vec::new();
        if self.report.try_with_untracked(|cur| *cur != r) == Some(true) {
            let changes = shown.try_update_value(|s| s.apply(r.as_ref().map_or(&[][..], |r| &r.findings))).unwrap_or_default();
            // Into the page now, in this pass: the items and messages (`paint`).
            doc.with_untracked(|d| shown.with_value(|s| super::paint::changes(&changes, s, d)));
            woken = shown.try_with_value(|s| s.readers_of(&changes)).unwrap_or_default();
            let now = found_of(&r, shown);
            if self.found.with_untracked(|cur| *cur != now) {
                self.found.set(now);
            }
            self.set_report.set(r);
        }
        if self.unexplained.try_get_untracked().is_some_and(|u| u != n) {
            self.set_unexplained.set(n);
        }
        for t in woken {
            t.notify();
        }
        self.check_rev.update_value(|c| *c = (c.0 + 1, ms));
        super::paint::revision(self.check_rev.get_value());
    }

    /// After every change to the document: checks it again — at once, in the handler of the
    /// keystroke, not in an effect: an effect is scheduled for later and its run is the
    /// reactive graph's bookkeeping (BENCHMARKS.md, thirteenth round) — unless inside
    /// [`batch`](Self::batch), then tells the listeners (autosave, the printed copy).
    fn changed(&self) {
        let Some(batched) = self.batch.try_update_value(|b| {
            b.1 = b.0 > 0;
            b.1
        }) else {
            return;
        };
        if batched {
            return;
        }
        self.recheck();
        self.listeners.with_value(|ls| ls.iter().for_each(|f| f()));
    }

    /// Runs `f`, whose writes to the document are checked together once it returns (a
    /// quantity typed, then the amount it computes).
    pub fn batch<R>(&self, f: impl FnOnce() -> R) -> R {
        self.batch.update_value(|b| b.0 += 1);
        let out = f();
        let dirty = self.batch.try_update_value(|b| {
            b.0 -= 1;
            let dirty = b.0 == 0 && b.1;
            if b.0 == 0 {
                b.1 = false;
            }
            dirty
        });
        if dirty == Some(true) {
            self.changed();
        }
        out
    }

    /// Calls `f` after each change to the document, once it is checked: what must follow
    /// every change but is not drawn from the document (the autosave timer, the printed
    /// copy's). Plain calls, not effects of the document (see [`changed`](Self::changed)).
    pub fn on_change(&self, f: impl Fn() + Send + Sync + 'static) {
        self.listeners.update_value(|ls| ls.push(Box::new(f)));
    }

    /// The value at a path; in a reactive context, re-runs the reader only when a change could
    /// have touched this path. Every field widget reads its value here. Reading `doc` itself
    /// would make each of the several hundred widgets of a large project a subscriber of one
    /// signal: every keystroke then re-ran them all, and each re-run removed and re-added its
    /// subscription (linear in the subscriber count), about 30 ms per keystroke in all
    /// (BENCHMARKS.md, live checks).
    pub fn get(&self, p: &str) -> Value {
        trigger_of(self.readers, p, Read::Value).track();
        self.doc.with_untracked(|v| path::get(v, p).cloned().unwrap_or(Value::Null))
    }

    /// Like [`get`](Self::get), but lends the value to `f` instead of copying it: a table's
    /// row count or total must not copy its 80 rows on every keystroke in one of them.
    pub fn with_at<R>(&self, p: &str, f: impl FnOnce(&Value) -> R) -> R {
        trigger_of(self.readers, p, Read::Value).track();
        self.doc.with_untracked(|v| f(path::get(v, p).unwrap_or(&Value::Null)))
    }

    /// The value at a path for the input box that edits it: like [`with_at`](Self::with_at),
    /// but not re-run by the box's own typing ([`set_typed`](Self::set_typed)).
    pub fn box_with<R>(&self, p: &str, f: impl FnOnce(&Value) -> R) -> R {
        trigger_of(self.readers, p, Read::Box).track();
        self.doc.with_untracked(|v| f(path::get(v, p).unwrap_or(&Value::Null)))
    }

    /// The length of the list at a path (0 if it is not a list); in a reactive context,
    /// re-runs the reader only when a change at the list or above it could have changed it.
    pub fn len_at(&self, p: &str) -> usize {
        trigger_of(self.readers, p, Read::Len).track();
        self.doc.with_untracked(|v| path::get(v, p).and_then(Value::as_array).map_or(0, Vec::len))
    }

    /// Reads a findings list; in a reactive context, the list under a field re-runs its reader
    /// when its items changed (not when only a message did). The summary's lists are written
    /// into the page by `paint` and are not tracked.
    pub fn with_list<R>(&self, list: List<'_>, f: impl FnOnce(&[ItemKey]) -> R) -> R {
        if let List::Field(p) = list
            && let Some(t) = self.shown.try_update_value(|s| s.field_reader(p))
        {
            t.track();
        }
        self.shown.with_value(|s| f(s.list(list)))
    }

    /// The latest check's revision and its parse + check milliseconds (see `check_rev`).
    pub fn revision(&self) -> (u64, f64) {
        self.check_rev.get_value()
    }

    /// The markup of a findings list as it is now, for its element being built (`paint`).
    pub fn list_markup(&self, list: List<'_>) -> String {
        self.doc.with_untracked(|d| self.shown.with_value(|s| super::paint::list_markup(s, list, d)))
    }

    /// The item shown with this serial (`data-n` in the page).
    pub fn item(&self, serial: u64) -> Option<ItemKey> {
        self.shown.try_with_value(|s| s.by_serial(serial).cloned()).flatten()
    }

    /// Whether the field at a concrete path has an error.
    pub fn has_error(&self, p: &str) -> bool {
        self.with_list(List::Field(p), |l| l.iter().any(|k| k.finding().severity == shenbao_core::pack::Severity::Error))
    }

    /// The report's counts by severity (or why the document could not be read); in a reactive
    /// context, re-runs the reader only when a finding came or went.
    pub fn tally(&self) -> Result<Summary, String> {
        self.found.with(|f| {
            f.as_ref()
                .map(|items| {
                    let mut s = Summary::default();
                    for k in items {
                        match k.finding().severity {
                            shenbao_core::pack::Severity::Error => s.errors += 1,
                            shenbao_core::pack::Severity::Warning => s.warnings += 1,
                            shenbao_core::pack::Severity::Info => s.infos += 1,
                        }
                    }
                    s
                })
                .map_err(Clone::clone)
        })
    }

    /// Reads the report's items without their messages (see `found`).
    pub fn with_found<R>(&self, f: impl FnOnce(&Result<Vec<ItemKey>, String>) -> R) -> R {
        self.found.with(f)
    }

    /// Wakes the readers of every path a change at `changed` can affect (`None`: all of them),
    /// but not the box that typed the change (`typed`).
    fn notify(&self, changed: Option<&str>, typed: Option<&str>) {
        let woken: Vec<ArcTrigger> = self.readers.with_value(|m| {
            let mut out = Vec::new();
            match changed {
                None => m.values().for_each(|r| out.extend(r.value.iter().chain(&r.len).chain(&r.boxed).cloned())),
                Some(c) => {
                    // At the change or inside it: every reader but the box that typed it.
                    for (p, r) in within(m, c) {
                        out.extend(r.value.iter().chain(&r.len).cloned());
                        if Some(p.as_str()) != typed {
                            out.extend(r.boxed.iter().cloned());
                        }
                    }
                    // Holding it: the values, not the lengths.
                    for (_, r) in holding(m, c) {
                        out.extend(r.value.iter().chain(&r.boxed).cloned());
                    }
                }
            }
            out
        });
        for t in woken {
            t.notify();
        }
    }

    /// Sets the value at a path; `null` (a cleared field) removes the key, which means the same
    /// to the model and keeps the document free of nulls, so the check can read it in place
    /// (`Submission::from_value_ref`) instead of copying it first.
    pub fn set(&self, p: &str, value: Value) {
        self.write(p, value, false);
    }

    /// Sets the value at a path from what was typed into its box (see `Readers::boxed`).
    pub fn set_typed(&self, p: &str, value: Value) {
        self.write(p, value, true);
    }

    fn write(&self, p: &str, value: Value, typed: bool) {
        self.doc.update_untracked(|v| {
            if value.is_null() {
                remove(v, p);
            } else {
                path::set(v, p, value);
            }
        });
        self.wrote(p);
        self.notify(Some(p), typed.then_some(p));
        self.refresh_present();
        self.changed();
    }

    /// Updates `present` when the documents held changed (a keystroke inside one cannot).
    fn refresh_present(&self) {
        let now = self.doc.with_untracked(presence);
        if self.present.get_untracked() != now {
            self.present.set(now);
        }
    }

    /// Notes a path written, for the next check (see `written`).
    fn wrote(&self, p: &str) {
        self.written.update_value(|w| {
            if let Some(w) = w {
                w.push(p.to_string());
            }
        });
    }

    /// Replaces the whole document (e.g. reloading a newer revision).
    pub fn replace(&self, value: Value) {
        self.update_doc(|v| *v = without_nulls(value));
    }

    /// Any other change to the document.
    pub fn update_doc(&self, f: impl FnOnce(&mut Value)) {
        self.written.set_value(None);
        self.doc.update_untracked(f);
        self.notify(None, None);
        self.refresh_present();
        self.changed();
        self.paint_justifications();
    }

    /// Whether the project (`"project"`) or the service plan (anything else) is in the
    /// document; in a reactive context, re-runs the reader when that changes.
    pub fn has(&self, doc: &str) -> bool {
        self.present.get()[usize::from(doc != "project")]
    }

    /// Sets (or, when blank, removes) the 说明 for a finding.
    pub fn set_justification(&self, f: &Finding, text: String) {
        self.doc.update_untracked(|v| {
            let list = v.as_object_mut().expect("submission is an object").entry("justifications").or_insert_with(|| json!([]));
            let Some(arr) = list.as_array_mut() else { return };
            arr.retain(|j| !(j["rule"] == json!(f.rule) && j["fields"] == json!(f.fields)));
            if !text.trim().is_empty() {
                arr.push(json!({ "rule": f.rule, "fields": f.fields, "text": text }));
            }
            if arr.is_empty() {
                v.as_object_mut().expect("object").remove("justifications");
            }
        });
        self.wrote("justifications");
        self.notify(Some("justifications"), None);
        self.changed();
        self.paint_justifications();
    }

    /// Brings the 说明 boxes and marks in the page in line with the document (`paint`).
    fn paint_justifications(&self) {
        self.doc.with_untracked(|d| self.shown.with_value(|s| super::paint::justifications(s, d)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_change_wakes_exactly_the_related_readers() {
        let paths = [
            "project",
            "project.basic",
            "project.basic.name",
            "project.basic.name_en",
            "project.basic.funding",
            "project.basic.funding[0].amount",
            "project.cost_estimate.items",
            "project.cost_estimate.items[4]",
            "project.cost_estimate.items[4].name",
            "project.cost_estimate.items[41].name",
            "project.cost_estimate.items[41].amount",
            "projects",
            "service_plan",
            "service_plan.items[0].name",
        ];
        let m: BTreeMap<String, &str> = paths.iter().map(|p| (p.to_string(), *p)).collect();
        for changed in
            paths.iter().copied().chain(["project.cost_estimate.items[4].unit", "project.basic.funding[1]", "justifications", "project.cost_estimate"])
        {
            let mut got: Vec<&str> = within(&m, changed).chain(holding(&m, changed)).map(|(_, v)| *v).collect();
            got.sort_unstable();
            let want: Vec<&str> = paths.iter().copied().filter(|p| related(changed, p)).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            assert_eq!(got, want, "change at {changed}");
            // A list's length can change only by a change at the list or above it.
            let mut got: Vec<&str> = within(&m, changed).map(|(_, v)| *v).collect();
            got.sort_unstable();
            let want: Vec<&str> = paths
                .iter()
                .copied()
                .filter(|p| p.strip_prefix(changed).is_some_and(|r| r.is_empty() || r.starts_with(['.', '['])))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(got, want, "lengths after a change at {changed}");
        }
    }
}
