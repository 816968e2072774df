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

use super::shown::{Change, ItemKey, List, Shown};

/// One check's outcome: parse + check milliseconds, and the report with its count of
/// unexplained warnings (or why the document could not be read).
type Checked = (f64, Result<(Report, usize), String>);

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
    /// `counts` and the lists of `shown`, which change less often (a message that names the
    /// values as typed changes on most keystrokes in an amount).
    pub report: ReadSignal<Result<Report, String>>,
    /// Writes `report`: only the check does (`recheck`).
    set_report: WriteSignal<Result<Report, String>>,
    /// The report's counts by severity (or why the document could not be read) and its count of
    /// warnings without a 说明 (what keeps a clean report from being signed): what the status
    /// line and the sign panel show, written into the page by them when it changes
    /// ([`on_findings`](Self::on_findings)). Not a signal: nothing reactive reads it.
    counts: StoredValue<(Result<Summary, String>, usize)>,
    /// What shows the report's counts and where its findings are — the status line, the
    /// navigation's counts — called in the check's pass when a finding came or went or a count
    /// changed ([`on_findings`](Self::on_findings)).
    findings_listeners: StoredValue<Vec<Box<dyn Fn() + Send + Sync>>>,
    /// What is written into the page after every check, before its revision is shown
    /// ([`on_checked`](Self::on_checked)).
    checked_listeners: StoredValue<Vec<Box<dyn Fn() + Send + Sync>>>,
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
    /// Through `get`: woken by a change at the path, inside it or above it.
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
    /// Through `filled` (whether the path holds a value, [`filled`]): woken by a change at the
    /// path only when that turns, and by any change inside or above it. Each field outside a
    /// table is shown while it holds a value (`fields::visible`): as a reader of its value,
    /// every keystroke in it re-ran its `Show`.
    filled: Option<ArcTrigger>,
}

/// How a path is read (see [`Readers`]).
#[derive(Clone, Copy)]
enum Read {
    Value,
    Len,
    Box,
    Filled,
}

impl Readers {
    fn get(&self, how: Read) -> &Option<ArcTrigger> {
        match how {
            Read::Value => &self.value,
            Read::Len => &self.len,
            Read::Box => &self.boxed,
            Read::Filled => &self.filled,
        }
    }

    fn slot(&mut self, how: Read) -> &mut Option<ArcTrigger> {
        match how {
            Read::Value => &mut self.value,
            Read::Len => &mut self.len,
            Read::Box => &mut self.boxed,
            Read::Filled => &mut self.filled,
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

/// Whether a value counts as filled in: not missing, `false`, blank text or an empty list.
pub fn filled(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

/// Whether the project and the service plan are in the document.
fn presence(v: &Value) -> [bool; 2] {
    ["project", "service_plan"].map(|k| v.get(k).is_some_and(|d| !d.is_null()))
}

/// How long the document must have stopped changing before [`EditorCtx::on_quiet`]'s
/// listeners run.
pub const QUIET_MS: f64 = 300.0;

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
        let ctx = EditorCtx {
            doc,
            pack,
            report,
            set_report,
            counts: StoredValue::new((Err(String::new()), 0)),
            shown: StoredValue::new(Shown::default()),
            check_rev: StoredValue::new((0, 0.0)),
            live: StoredValue::new(None),
            listeners: StoredValue::new(Vec::new()),
            findings_listeners: StoredValue::new(Vec::new()),
            checked_listeners: StoredValue::new(Vec::new()),
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
        ctx.set_counts(&first_report, first_unexplained);
        ctx.set_report.set(first_report);
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
        crate::dom::stage("check");
        let t0 = now_ms();
        let (live, written, doc) = (self.live, self.written, self.doc);
        let result = match self.pack.try_get_untracked()? {
            None => Err(crate::strings::NO_PACK.to_string()),
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
        crate::dom::stage("checked");
        let (r, n) = split(result);
        let (shown, doc) = (self.shown, self.doc);
        // Whether a finding came or went or a count changed (`findings_listeners`).
        let mut tell = false;
        let differs = self.report.try_with_untracked(|cur| *cur != r) == Some(true);
        crate::dom::stage("compared");
        if differs {
            let changes = shown.try_update_value(|s| s.apply(r.as_ref().map_or(&[][..], |r| &r.findings))).unwrap_or_default();
            crate::dom::stage("applied");
            // Into the page now, in this pass: the items and messages (`paint`).
            doc.with_untracked(|d| shown.with_value(|s| super::paint::changes(&changes, s, d)));
            crate::dom::stage("painted");
            tell |= changes.iter().any(|c| !matches!(c, Change::Message(_)));
            tell |= self.set_counts(&r, n);
            crate::dom::stage("counted");
            self.set_report.set(r);
            crate::dom::stage("reported");
        }
        // A 说明 written or cleared changes the count of unexplained warnings, not the report.
        tell |= !differs && self.counts.try_update_value(|c| std::mem::replace(&mut c.1, n) != n) == Some(true);
        if tell {
            self.findings_listeners.with_value(|ls| ls.iter().for_each(|f| f()));
        }
        self.checked_listeners.with_value(|ls| ls.iter().for_each(|f| f()));
        self.check_rev.update_value(|c| *c = (c.0 + 1, ms));
        super::paint::revision(self.check_rev.get_value());
        crate::dom::stage("revision");
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
        crate::dom::stage("listeners");
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

    /// Sets the counts of a new report and its count of unexplained warnings (`counts`); whether
    /// they changed.
    fn set_counts(&self, report: &Result<Report, String>, unexplained: usize) -> bool {
        let summary = report.as_ref().map(|r| r.summary).map_err(Clone::clone);
        let Some(before) = self.counts.try_update_value(|c| std::mem::replace(c, (summary.clone(), unexplained))) else { return false };
        before.0 != summary || before.1 != unexplained
    }

    /// Calls `f` in the check's pass whenever a finding came or went or a count changed: what
    /// writes the counts and where the findings are into the page itself (the status line, the
    /// navigation) — plain calls, not effects: as effects of the items they were a quarter of a
    /// keystroke that brought a finding (BENCHMARKS.md, fifteenth round).
    pub fn on_findings(&self, f: impl Fn() + Send + Sync + 'static) {
        self.findings_listeners.update_value(|ls| ls.push(Box::new(f)));
    }

    /// Calls `f` in the check's pass after every check, before its revision is shown: what
    /// writes a figure drawn from the document into the page itself, and only when it changed
    /// (the budget's total) — a plain call, not an effect woken by every keystroke in its
    /// table (BENCHMARKS.md, seventeenth round).
    pub fn on_checked(&self, f: impl Fn() + Send + Sync + 'static) {
        self.checked_listeners.update_value(|ls| ls.push(Box::new(f)));
    }

    /// Calls `f` after each change to the document, once it is checked: what must follow
    /// every change but is not drawn from the document (the autosave timer, the printed
    /// copy's). Plain calls, not effects of the document (see [`changed`](Self::changed)).
    pub fn on_change(&self, f: impl Fn() + Send + Sync + 'static) {
        self.listeners.update_value(|ls| ls.push(Box::new(f)));
    }

    /// Calls `f` once the document has not changed for [`QUIET_MS`] after a change: for what
    /// need not follow each keystroke (the printed copy, the signing panel's 附件清单 check),
    /// kept off the keystroke. A change only notes its time; one timer at a time waits, and
    /// waits again for the rest if typing went on: clearing and setting a timer on every
    /// keystroke was two calls into the page and a new closure each time. A timer that fires
    /// after its owner is gone does nothing.
    pub fn on_quiet(&self, f: impl Fn() + Copy + Send + Sync + 'static) {
        let last = StoredValue::new(0.0);
        let pending = StoredValue::new(false);
        fn wait(last: StoredValue<f64>, pending: StoredValue<bool>, f: impl Fn() + Copy + 'static, delay_ms: f64) {
            let fire = move || {
                let Some(at) = last.try_get_value() else { return };
                let rest = at + QUIET_MS - now_ms();
                if rest > 0.0 {
                    return wait(last, pending, f, rest);
                }
                pending.try_set_value(false);
                f();
            };
            set_timeout(fire, std::time::Duration::from_millis(delay_ms.ceil() as u64));
        }
        self.on_change(move || {
            last.try_set_value(now_ms());
            if pending.try_update_value(|p| !std::mem::replace(p, true)) == Some(true) {
                wait(last, pending, f, QUIET_MS);
            }
        });
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

    /// Lends the value at a path to `f`, not tracked: for what is written into the page in the
    /// check's pass ([`on_checked`](Self::on_checked)).
    pub fn with_untracked<R>(&self, p: &str, f: impl FnOnce(&Value) -> R) -> R {
        self.doc.with_untracked(|v| f(path::get(v, p).unwrap_or(&Value::Null)))
    }

    /// Whether the path holds a value ([`filled`]); in a reactive context, re-runs the reader
    /// only when that can have changed (see `Readers::filled`).
    pub fn filled(&self, p: &str) -> bool {
        trigger_of(self.readers, p, Read::Filled).track();
        self.doc.with_untracked(|v| path::get(v, p).is_some_and(filled))
    }

    /// The value at a path for the input box that edits it, lent to `f` (not copied): like
    /// [`get`](Self::get), but not re-run by the box's own typing
    /// ([`set_typed`](Self::set_typed)).
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

    /// Reads a findings list as it is, not tracked: the lists are written into the page by
    /// `paint`, in the check's pass.
    pub fn with_list<R>(&self, list: List<'_>, f: impl FnOnce(&[ItemKey]) -> R) -> R {
        self.shown.with_value(|s| f(s.list(list)))
    }

    /// The sum of the budget lines' amounts (资金估算明细), not tracked. Read from the
    /// submission the check has just read, when it could read it: those numbers are in the
    /// CPU's caches after the check, where the document's 80 rows, each a map of strings, were
    /// memory no keystroke had touched since the last frame (BENCHMARKS.md, seventeenth
    /// round). Otherwise (the document could not be read), from the document.
    pub fn budget_sum(&self) -> i128 {
        const ITEMS: &str = "project.cost_estimate.items";
        let read = self.live.try_with_value(|l| {
            let sub = l.as_ref()?.last_read()?;
            Some(sub.project.as_ref().map_or(0, |p| p.cost_estimate.items.iter().filter_map(|i| i.amount).map(i128::from).sum()))
        });
        read.flatten().unwrap_or_else(|| {
            self.doc.with_untracked(|v| {
                path::get(v, ITEMS).and_then(Value::as_array).map_or(0, |rows| rows.iter().filter_map(|r| r["amount"].as_i64()).map(i128::from).sum())
            })
        })
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

    /// Whether the field at a concrete path has an error as the findings are now, not tracked:
    /// a box's `aria-invalid` is built from it, then kept up to date by `paint`.
    pub fn has_error(&self, p: &str) -> bool {
        self.shown.with_value(|s| super::paint::has_error(s, p))
    }

    /// The report's counts and its count of unexplained warnings as they are, not tracked: for
    /// what [`on_findings`](Self::on_findings) calls.
    pub fn counts_now(&self) -> (Result<Summary, String>, usize) {
        self.counts.get_value()
    }

    /// The findings panel's notes as they are, not tracked: whether the report has no finding,
    /// and why the document could not be checked, if it could not (see `paint::notes`).
    pub fn notes_now(&self) -> (bool, Option<String>) {
        self.counts.with_value(|(summary, _)| (summary.as_ref().is_ok_and(|s| *s == Summary::default()), summary.as_ref().err().cloned()))
    }

    /// Lends the report's items as shown (without their messages; none when the document could
    /// not be read), not tracked: for what [`on_findings`](Self::on_findings) calls.
    pub fn with_items<R>(&self, f: impl FnOnce(&[ItemKey]) -> R) -> R {
        self.shown.with_value(|s| f(s.items()))
    }

    /// Wakes the readers of every path a change at `changed` can affect (`None`: all of them),
    /// but not the box that typed the change (`typed`), nor the readers of whether `changed`
    /// holds a value unless that turned (`turned`).
    fn notify(&self, changed: Option<&str>, typed: Option<&str>, turned: bool) {
        let woken: Vec<ArcTrigger> = self.readers.with_value(|m| {
            let mut out = Vec::new();
            match changed {
                None => m.values().for_each(|r| out.extend(r.value.iter().chain(&r.len).chain(&r.boxed).chain(&r.filled).cloned())),
                Some(c) => {
                    // At the change or inside it: every reader but the box that typed it, and
                    // whether the path itself holds a value only if that turned.
                    for (p, r) in within(m, c) {
                        out.extend(r.value.iter().chain(&r.len).cloned());
                        if Some(p.as_str()) != typed {
                            out.extend(r.boxed.iter().cloned());
                        }
                        if p != c || turned {
                            out.extend(r.filled.iter().cloned());
                        }
                    }
                    // Holding it: the values, not the lengths (a write can create what holds
                    // it, so whether it is filled too).
                    for (_, r) in holding(m, c) {
                        out.extend(r.value.iter().chain(&r.boxed).chain(&r.filled).cloned());
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
        crate::dom::stage("write");
        let now = filled(&value);
        let was = self.doc.try_update_untracked(|v| {
            let was = path::get(v, p).is_some_and(filled);
            if value.is_null() {
                remove(v, p);
            } else {
                path::set(v, p, value);
            }
            was
        });
        self.wrote(p);
        crate::dom::stage("written");
        self.notify(Some(p), typed.then_some(p), was != Some(now));
        crate::dom::stage("notified");
        self.refresh_present();
        crate::dom::stage("present");
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
        self.notify(None, None, true);
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
        self.notify(Some("justifications"), None, true);
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
