//! The findings as the page shows them: the items of each list (the summary's three severity
//! groups, and the list under each field) and each item's message, brought up to date from
//! each new report by a difference.
//!
//! Why not memos of the report: most keystrokes that change the report change only a message
//! (「合计 312.01 万元」 while an amount is typed). Lists and items derived by memos re-ran, and
//! woke what read them, for every such report: each list rebuilt and compared, every item's
//! message memo re-run, the navigation's counts and the status line checked again. Applying the
//! report here wakes a list only when its items changed and an item's text only when its own
//! message changed, so such a keystroke touches the one or two texts that show that message
//! (BENCHMARKS.md, seventh round).

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use shenbao_core::Finding;
use shenbao_core::pack::Severity;

/// A finding's identity in a list, as a list keys its items: the finding with its message
/// left out, and which of several with the same rule and fields it is (1, 2, …). The message
/// is left out because it names the values as typed: keyed on it, every keystroke in an amount
/// rebuilt the item — button, citation, quotation, 说明 box — where now one text changes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ItemKey(Arc<Item>);

#[derive(Debug)]
struct Item {
    finding: Finding,
    n: usize,
    /// Names the item's elements in the page (`data-n`, element ids): unique among the items
    /// of one page's life, never reused, so an element left from a gone item can never be
    /// taken for a new one (an allocation's address could be).
    serial: u64,
}

/// Two keys are equal when they are of the same finding and number, whatever their serials:
/// a new report's items are compared with the shown ones this way.
impl PartialEq for Item {
    fn eq(&self, other: &Item) -> bool {
        self.n == other.n && self.finding == other.finding
    }
}
impl Eq for Item {}

impl ItemKey {
    /// The finding, its message blank (the message is [`Shown::message`]).
    pub fn finding(&self) -> &Finding {
        &self.0.finding
    }

    /// The number of the item in the page (see `Item::serial`).
    pub fn serial(&self) -> u64 {
        self.0.serial
    }

    /// Whether this key is the one of `f`, the `n`th finding with its rule and fields.
    fn is_of(&self, f: &Finding, n: usize) -> bool {
        let Item { finding: k, n: kn, .. } = &*self.0;
        *kn == n
            && k.rule == f.rule
            && k.fields == f.fields
            && k.severity == f.severity
            && k.title == f.title
            && k.city == f.city
            && k.short_name == f.short_name
            && k.document == f.document
            && k.article == f.article
            && k.clause == f.clause
            && k.quote == f.quote
            && k.advice == f.advice
    }

    fn new(f: &Finding, n: usize) -> ItemKey {
        thread_local! {
            static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
        }
        let serial = NEXT.with(|c| c.replace(c.get() + 1));
        ItemKey(Arc::new(Item { finding: Finding { message: String::new(), ..f.clone() }, n, serial }))
    }
}

/// Rule, fields and number identify an item; hashing the citation and quotation as well
/// would only cost time (equal keys still hash equal).
impl Hash for ItemKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (&self.0.finding.rule, &self.0.finding.fields, self.0.n).hash(h);
    }
}

/// Items by what identifies them: rule, fields and number.
type ByIdentity<'a> = HashMap<(&'a str, &'a [String], usize), &'a ItemKey>;

/// A list of items on the page.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum List<'a> {
    /// One of the summary's groups.
    Summary(Severity),
    /// The findings under the field at this concrete path.
    Field(&'a str),
}

fn group(sev: Severity) -> usize {
    match sev {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

/// The shown state of a report, and the triggers of what reads it.
#[derive(Default)]
pub struct Shown {
    /// Every item, in the report's order.
    items: Vec<ItemKey>,
    /// The items of each summary group, and of each field that has findings.
    groups: [Vec<ItemKey>; 3],
    fields: HashMap<String, Vec<ItemKey>>,
    messages: HashMap<ItemKey, String>,
    /// The lists the last `apply` changed, as they were before it (what the page shows until
    /// `paint` brings them up to date): `paint` finds what to add and remove without reading
    /// the page's list back.
    was_groups: [Option<Vec<ItemKey>>; 3],
    was_fields: HashMap<String, Vec<ItemKey>>,
    /// The report's findings the items were last brought up to date from, item by item: a
    /// finding that is the same allocation as its item's source (the checker keeps a rule's
    /// findings between checks, and a report shares them) is that item with the same message,
    /// known without comparing a string.
    sources: Vec<Arc<Finding>>,
}

impl Shown {
    /// Every item, in the report's order (equal to the previous vector, element by element the
    /// same allocation, when only messages changed).
    pub fn items(&self) -> &[ItemKey] {
        &self.items
    }

    /// The items of a list.
    pub fn list(&self, list: List<'_>) -> &[ItemKey] {
        match list {
            List::Summary(sev) => &self.groups[group(sev)],
            List::Field(p) => self.fields.get(p).map_or(&[], Vec::as_slice),
        }
    }

    /// An item's message (empty once the finding is gone: its item is about to be removed).
    pub fn message(&self, key: &ItemKey) -> &str {
        self.messages.get(key).map_or("", String::as_str)
    }

    /// A list as it was before the last `apply` changed it (`None`: it did not change).
    pub fn was(&self, list: List<'_>) -> Option<&[ItemKey]> {
        match list {
            List::Summary(sev) => self.was_groups[group(sev)].as_deref(),
            List::Field(p) => self.was_fields.get(p).map(Vec::as_slice),
        }
    }

    /// The item shown with this serial (see `ItemKey::serial`).
    pub fn by_serial(&self, serial: u64) -> Option<&ItemKey> {
        self.items.iter().find(|k| k.serial() == serial)
    }

    /// Takes a new report's findings (in its order) and returns what changed: the lists whose
    /// items changed and the items whose message changed.
    pub fn apply(&mut self, findings: &[impl Into<Arc<Finding>> + Clone]) -> Vec<Change> {
        let findings: Vec<Arc<Finding>> = findings.iter().cloned().map(Into::into).collect();
        let mut changes = Vec::new();
        self.was_groups = Default::default();
        self.was_fields.clear();
        // Most new reports hold the same findings as the last but for a message: then every
        // list stays as it is, and only messages are compared.
        let same = |sources: &[Arc<Finding>], i: usize| sources.get(i).is_some_and(|s| Arc::ptr_eq(s, &findings[i]));
        let same_items =
            self.items.len() == findings.len() && self.items.iter().zip(&findings).enumerate().all(|(i, (k, f))| same(&self.sources, i) || k.is_of(f, k.0.n));
        if !same_items {
            self.apply_items(&findings, &mut changes);
        }
        for (i, (k, f)) in self.items.iter().zip(&findings).enumerate() {
            if same_items && same(&self.sources, i) {
                continue;
            }
            match self.messages.get_mut(k) {
                Some(m) if *m == f.message => {}
                Some(m) => {
                    m.clone_from(&f.message);
                    changes.push(Change::Message(k.clone()));
                }
                None => {
                    self.messages.insert(k.clone(), f.message.clone());
                }
            }
        }
        self.sources = findings;
        changes
    }

    /// The items of a report whose findings are not those shown: new keys where needed, and
    /// the lists that changed.
    fn apply_items(&mut self, findings: &[Arc<Finding>], changes: &mut Vec<Change>) {
        // The items, reusing the previous keys (the same allocation: equal at a pointer
        // comparison) where the finding is the same but for its message: in order while the
        // two lists agree (a finding that came or went leaves the rest in place), by a map of
        // the previous keys from the first disagreement on.
        //
        // First, by address: a finding that is the same allocation as an item's source (the
        // checker keeps most findings from check to check) is that item's finding, known
        // without reading its strings — in the browser, memory no keystroke has touched since
        // the last frame: comparing every finding field by field was most of this function
        // (BENCHMARKS.md, seventeenth round). Items are in the order of their sources.
        let by_source: HashMap<*const Finding, usize> = self.sources.iter().enumerate().map(|(j, s)| (Arc::as_ptr(s), j)).collect();
        // Each finding's number among those with its rule and fields, and the item it is by
        // address (same source, same number), which no other finding can be.
        let mut seen: HashMap<(&str, &[String]), usize> = HashMap::default();
        let numbered: Vec<(usize, Option<usize>)> = findings
            .iter()
            .map(|f| {
                let n = seen.entry((&f.rule, &f.fields)).or_default();
                *n += 1;
                (*n, by_source.get(&Arc::as_ptr(f)).copied().filter(|&j| self.items.get(j).is_some_and(|k| k.0.n == *n)))
            })
            .collect();
        drop(seen);
        let mut claimed = vec![false; self.items.len()];
        numbered.iter().filter_map(|(_, j)| *j).for_each(|j| claimed[j] = true);
        let mut previous: Option<ByIdentity<'_>> = None;
        let mut items: Vec<ItemKey> = Vec::with_capacity(findings.len());
        for (i, (f, &(n, same))) in findings.iter().zip(&numbered).enumerate() {
            let found = same.map(|j| &self.items[j]).or_else(|| self.items.get(i).filter(|k| previous.is_none() && k.is_of(f, n))).or_else(|| {
                // The items not taken by address: what a finding made again can be.
                let map = previous.get_or_insert_with(|| {
                    self.items
                        .iter()
                        .zip(&claimed)
                        .filter(|(_, c)| !**c)
                        .map(|(k, _)| ((k.finding().rule.as_str(), k.finding().fields.as_slice(), k.0.n), k))
                        .collect()
                });
                map.get(&(f.rule.as_str(), f.fields.as_slice(), n)).copied().filter(|k| k.is_of(f, n))
            });
            items.push(found.cloned().unwrap_or_else(|| ItemKey::new(f, n)));
        }
        drop(previous);

        // Summary groups.
        let mut groups: [Vec<ItemKey>; 3] = Default::default();
        for k in &items {
            groups[group(k.finding().severity)].push(k.clone());
        }
        for (i, g) in groups.into_iter().enumerate() {
            if self.groups[i] != g {
                self.was_groups[i] = Some(std::mem::replace(&mut self.groups[i], g));
                changes.push(Change::Group(i));
            }
        }

        // Lists under fields: the paths whose items changed, appeared or went.
        let mut fields: BTreeMap<&str, Vec<ItemKey>> = BTreeMap::new();
        for k in &items {
            for p in &k.finding().fields {
                fields.entry(p).or_default().push(k.clone());
            }
        }
        let gone: Vec<String> = self.fields.keys().filter(|p| !fields.contains_key(p.as_str())).cloned().collect();
        for p in gone {
            if let Some(was) = self.fields.remove(&p) {
                self.was_fields.insert(p.clone(), was);
            }
            changes.push(Change::Field(p));
        }
        for (p, list) in fields {
            if self.fields.get(p) != Some(&list) {
                let was = self.fields.insert(p.to_string(), list).unwrap_or_default();
                self.was_fields.insert(p.to_string(), was);
                changes.push(Change::Field(p.to_string()));
            }
        }

        // Gone items drop their message (their elements are being removed). By serial: one
        // number per item, not its finding's strings hashed.
        let kept: HashSet<u64> = items.iter().map(ItemKey::serial).collect();
        self.messages.retain(|k, _| kept.contains(&k.serial()));
        drop(kept);
        self.items = items;
    }
}

/// What a new report changed on the page.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Change {
    /// The items of a summary group (0 errors, 1 warnings, 2 notes).
    Group(usize),
    /// The items under the field at this path.
    Field(String),
    /// An item's message.
    Message(ItemKey),
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A finding of rule `rule` on `fields`, for tests of the findings shown.
    pub(in crate::editor) fn finding(rule: &str, sev: Severity, fields: &[&str], message: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity: sev,
            title: "t".into(),
            city: "巴中市".into(),
            short_name: "巴中".into(),
            document: "《办法》".into(),
            article: "第一条".into(),
            clause: None,
            quote: "q".into(),
            fields: fields.iter().map(|p| p.to_string()).collect(),
            message: message.into(),
            advice: None,
        }
    }

    /// What changed, by name, sorted.
    fn named(changes: Vec<Change>) -> Vec<String> {
        let mut out: Vec<String> = changes
            .into_iter()
            .map(|c| match c {
                Change::Group(i) => ["errors", "warnings", "notes"][i].to_string(),
                Change::Field(p) => p,
                Change::Message(k) => format!("message of {}", k.finding().rule),
            })
            .collect();
        out.sort_unstable();
        out
    }

    #[wasm_bindgen_test]
    fn a_report_changes_only_the_lists_and_messages_that_changed() {
        let total = finding("r.total", Severity::Error, &["a.total", "a.items"], "合计 312 万元");
        let name = finding("r.name", Severity::Warning, &["a.name"], "名称过短");
        let mut s = Shown::default();
        assert_eq!(named(s.apply(&[total.clone(), name.clone()])), ["a.items", "a.name", "a.total", "errors", "warnings"]);
        let k_total = s.list(List::Summary(Severity::Error))[0].clone();

        // The same report: nothing.
        assert!(s.apply(&[total.clone(), name.clone()]).is_empty());
        // Only the total's message changed: only its text, and the key is the same allocation.
        let typed = Finding { message: "合计 312.01 万元".into(), ..total.clone() };
        assert_eq!(named(s.apply(&[typed.clone(), name.clone()])), ["message of r.total"]);
        assert!(Arc::ptr_eq(&k_total.0, &s.items()[0].0));
        assert_eq!(s.message(&k_total), "合计 312.01 万元");
        // The warning goes: its group and its field's list, not the error's.
        assert_eq!(named(s.apply(std::slice::from_ref(&typed))), ["a.name", "warnings"]);
        assert!(s.list(List::Field("a.name")).is_empty());
        assert_eq!(s.message(&k_total), "合计 312.01 万元");
        // A new finding at another field.
        let other = finding("r.other", Severity::Error, &["a.other"], "缺少");
        assert_eq!(named(s.apply(&[typed.clone(), other.clone()])), ["a.other", "errors"]);
        assert_eq!(s.list(List::Summary(Severity::Error)).len(), 2);
        // A change other than the message (here the severity) is a new item, not a new text.
        let softer = Finding { severity: Severity::Warning, ..typed.clone() };
        assert_eq!(named(s.apply(&[softer, other])), ["a.items", "a.total", "errors", "warnings"]);
        assert_eq!(s.message(&k_total), "", "the old item's message is gone");
        assert!(s.by_serial(k_total.serial()).is_none());
    }

    /// A report shares the findings the checker kept (the same allocations): those are the
    /// items and messages shown, known without a comparison; a finding made again, equal or
    /// not, is compared as before.
    #[wasm_bindgen_test]
    fn findings_shared_with_the_last_report_are_taken_as_shown() {
        let a = Arc::new(finding("r.a", Severity::Error, &["x"], "一"));
        let b = Arc::new(finding("r.b", Severity::Warning, &["y"], "二"));
        let mut s = Shown::default();
        assert_eq!(named(s.apply(&[a.clone(), b.clone()])), ["errors", "warnings", "x", "y"]);
        let keys = s.items().to_vec();
        assert!(s.apply(&[a.clone(), b.clone()]).is_empty(), "the same findings");
        assert!(s.apply(&[a.clone(), Arc::new((*b).clone())]).is_empty(), "an equal finding made again");
        let b2 = Arc::new(Finding { message: "三".into(), ..(*b).clone() });
        assert_eq!(named(s.apply(&[a.clone(), b2.clone()])), ["message of r.b"]);
        assert_eq!(s.message(&keys[1]), "三");
        assert!(s.apply(&[a.clone(), b2.clone()]).is_empty());
        assert_eq!(s.items(), &keys[..], "the items stay the same keys throughout");
        assert_eq!(named(s.apply(std::slice::from_ref(&b2))), ["errors", "x"]);
        assert_eq!(s.message(&keys[1]), "三");
    }

    #[wasm_bindgen_test]
    fn findings_with_the_same_rule_and_fields_are_numbered() {
        let a = finding("r", Severity::Info, &["x"], "一");
        let b = finding("r", Severity::Info, &["x"], "二");
        let mut s = Shown::default();
        s.apply(&[a.clone(), b.clone()]);
        let list = s.list(List::Field("x")).to_vec();
        assert_eq!(list.len(), 2);
        assert_ne!(list[0], list[1]);
        assert_eq!((s.message(&list[0]), s.message(&list[1])), ("一", "二"));
        // One fewer: the first stays (its message now the second's), the second goes.
        let changes = s.apply(std::slice::from_ref(&b));
        assert!(changes.contains(&Change::Message(list[0].clone())));
        assert_eq!(s.list(List::Field("x")), &list[..1]);
        assert_eq!(s.message(&list[0]), "二");
    }

    /// Random reports from a small pool (with repeats, so numbering matters), each applied in
    /// turn and compared with what a full rebuild would show and with what really changed.
    #[wasm_bindgen_test]
    fn a_difference_shows_what_a_rebuild_would() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let sevs = [Severity::Error, Severity::Warning, Severity::Info];
        let paths = ["a", "b", "c.d[0]", "c.d[1]"];
        let mut s = Shown::default();
        let mut before: Option<(Vec<ItemKey>, Vec<String>)> = None;
        let mut last: Vec<Arc<Finding>> = Vec::new();
        for _ in 0..400 {
            let findings: Vec<Finding> = (0..next(8))
                .map(|_| {
                    let fields: Vec<&str> = paths.iter().copied().filter(|_| next(3) == 0).collect();
                    let msg = format!("m{}", next(3));
                    finding(&format!("r{}", next(3)), sevs[next(3) as usize], &fields, &msg)
                })
                .collect();
            // About half taken from the last report as the same allocations, as the checker
            // shares the findings it kept (the items are then found by address).
            let mut findings: Vec<Arc<Finding>> = findings
                .into_iter()
                .map(|f| match last.len() {
                    0 => Arc::new(f),
                    n if next(2) == 0 => last[next(n as u64) as usize].clone(),
                    _ => Arc::new(f),
                })
                .collect();
            findings.sort_by_key(|f| f.severity);
            let changes = s.apply(&findings);
            last = findings.clone();

            // What a rebuild shows.
            assert_eq!(s.items().len(), findings.len());
            let mut seen: std::collections::HashMap<(String, Vec<String>), usize> = Default::default();
            for (k, f) in s.items().iter().zip(&findings) {
                let n = seen.entry((f.rule.clone(), f.fields.clone())).or_default();
                *n += 1;
                assert!(k.is_of(f, *n));
                assert_eq!(s.message(k), f.message);
            }
            for (i, sev) in sevs.into_iter().enumerate() {
                let want: Vec<&ItemKey> = s.items().iter().filter(|k| k.finding().severity == sev).collect();
                assert_eq!(s.list(List::Summary(sev)).iter().collect::<Vec<_>>(), want, "group {i}");
            }
            for p in paths {
                let want: Vec<&ItemKey> = s.items().iter().filter(|k| k.finding().fields.iter().any(|f| f == p)).collect();
                assert_eq!(s.list(List::Field(p)).iter().collect::<Vec<_>>(), want, "field {p}");
            }

            // What changed, against the previous state: kept items are the same allocation, and
            // a message change is reported exactly for kept items whose message changed.
            if let Some((old, old_messages)) = &before {
                for (k, f) in s.items().iter().zip(&findings) {
                    if let Some(j) = old.iter().position(|o| o == k) {
                        assert!(Arc::ptr_eq(&old[j].0, &k.0), "a kept item keeps its key");
                        assert_eq!(old[j].serial(), k.serial());
                        let reported = changes.contains(&Change::Message(k.clone()));
                        assert_eq!(reported, old_messages[j] != f.message, "message change of {:?}", k.finding().rule);
                    }
                }
                for (i, sev) in sevs.into_iter().enumerate() {
                    let was: Vec<&ItemKey> = old.iter().filter(|k| k.finding().severity == sev).collect();
                    let now: Vec<&ItemKey> = s.items().iter().filter(|k| k.finding().severity == sev).collect();
                    assert_eq!(changes.contains(&Change::Group(i)), was != now);
                    if was != now {
                        assert_eq!(s.was(List::Summary(sev)).unwrap().iter().collect::<Vec<_>>(), was, "group {i} as it was");
                    }
                }
                for p in paths {
                    let was: Vec<&ItemKey> = old.iter().filter(|k| k.finding().fields.iter().any(|f| f == p)).collect();
                    let now: Vec<&ItemKey> = s.items().iter().filter(|k| k.finding().fields.iter().any(|f| f == p)).collect();
                    assert_eq!(changes.contains(&Change::Field(p.to_string())), was != now, "field {p}");
                    if was != now {
                        assert_eq!(s.was(List::Field(p)).unwrap().iter().collect::<Vec<_>>(), was, "field {p} as it was");
                    }
                }
            }
            before = Some((s.items().to_vec(), findings.iter().map(|f| f.message.clone()).collect()));
        }
    }
}
