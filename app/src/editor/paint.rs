//! The findings written into the page: the summary's items and the items under each field,
//! built as markup and brought up to date in place from each report's difference
//! ([`Shown::apply`]), in the same pass as the check.
//!
//! Why not Leptos views: a finding that comes or goes while the user types an amount (a line
//! that no longer equals 数量 × 单价) built its items through a keyed list, a component and a
//! dozen reactive nodes each, every element created by its own call from wasm into the page,
//! and each message was a reactive text woken through the scheduler. A CPU profile put view
//! building at a third of such a keystroke (BENCHMARKS.md, twelfth round). Here an item is one
//! piece of escaped markup inserted by one call, a message one text set by id, and the items'
//! buttons and 说明 boxes are served by one listener on the summary (`SummaryPanel`).
//!
//! The page is the state: an item element carries its serial (`data-n`, [`ItemKey::serial`]),
//! which [`reconcile`] reads back, so a list mounted later (a section shown again) is simply
//! built from the current lists and nothing here holds elements.

use serde_json::Value;
use shenbao_core::Finding;
use shenbao_core::fields::describe_path;
use shenbao_core::pack::Severity;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTextAreaElement, Node};

use super::shown::{Change, ItemKey, List, Shown};
use crate::dom::{escape_html, field_id};
use crate::strings as s;

/// The summary's groups, by `shown::group`'s index.
pub const GROUPS: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

fn document() -> Option<Document> {
    thread_local! {
        static DOCUMENT: Option<Document> = web_sys::window().and_then(|w| w.document());
    }
    DOCUMENT.with(Clone::clone)
}

fn by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

/// The element ids of a summary group: its section, its count and its list.
pub fn group_ids(i: usize) -> [String; 3] {
    [format!("summary-group-{i}"), format!("summary-count-{i}"), format!("summary-list-{i}")]
}

/// The id of the list under the field at `path` (the field's `aria-describedby` names it).
pub fn field_list_id(path: &str) -> String {
    format!("{}-findings", field_id(path))
}

/// The id of an item's element: in the summary (`None`) or under a field.
pub fn item_id(k: &ItemKey, field: Option<&str>) -> String {
    match field {
        None => format!("i{}", k.serial()),
        Some(p) => format!("i{}-{}", k.serial(), field_id(p)),
    }
}

/// The id of the text showing an item's message: in the summary (`None`) or under a field.
fn message_id(k: &ItemKey, field: Option<&str>) -> String {
    match field {
        None => format!("m{}", k.serial()),
        Some(p) => format!("m{}-{}", k.serial(), field_id(p)),
    }
}

/// The id of a warning's 说明 box: names the rule and fields (what the 说明 is stored under)
/// and the serial (two findings of one rule and fields each have their box).
fn justify_id(k: &ItemKey) -> String {
    let f = k.finding();
    format!("j-{}-{}-{}", f.rule, field_id(&f.fields.join("-")), k.serial())
}

fn severity_class(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// An item under a field: severity, message, citation.
pub fn field_item(k: &ItemKey, message: &str, path: &str) -> String {
    let f = k.finding();
    format!(
        "<li class=\"finding finding-{}\" id=\"{}\" data-n=\"{}\"><span class=\"sev\">{}</span><span class=\"msg\" id=\"{}\"> {} </span><span class=\"cite\">（{}）</span></li>",
        severity_class(f.severity),
        item_id(k, Some(path)),
        k.serial(),
        f.severity.label(),
        message_id(k, Some(path)),
        escape_html(message),
        escape_html(&f.citation())
    )
}

/// An item of the summary: the message (a button that jumps to the field), the citation and
/// the fields, the source (a disclosure, written when first opened: `findings::toggle_source`)
/// and, for a warning, its 说明 box holding `justification`. Not a `<details>`: Chromium builds
/// one with its own shadow tree, 0.24 ms each (measured in the large project's page), where the
/// rest of the item takes 0.1 ms; a finding that appears while an amount is typed paid it.
pub fn summary_item(k: &ItemKey, message: &str, justification: &str) -> String {
    let f = k.finding();
    let fields: Vec<String> = f.fields.iter().map(|p| describe_path(p)).collect();
    let fields = if fields.is_empty() { String::new() } else { format!("<span class=\"fields\"> · {}</span>", escape_html(&fields.join("、"))) };
    let explained = if f.severity == Severity::Warning && !justification.trim().is_empty() { " explained" } else { "" };
    // Only a warning takes a 说明.
    let justify = if f.severity == Severity::Warning {
        let id = justify_id(k);
        format!(
            "<div class=\"justify\"><label for=\"{id}\">{}</label><textarea id=\"{id}\" rows=\"2\" data-n=\"{}\">{}</textarea></div>",
            s::JUSTIFICATION,
            k.serial(),
            escape_html(justification)
        )
    } else {
        String::new()
    };
    format!(
        "<li class=\"summary-item sev-{}{explained}\" id=\"{}\" data-n=\"{}\"><button type=\"button\" class=\"jump\" id=\"{}\">{}</button><p class=\"meta\"><span class=\"citation\">{}</span>{fields}</p><button type=\"button\" class=\"source-toggle\" aria-expanded=\"false\" aria-controls=\"s{serial}\">{}</button><div class=\"source\" id=\"s{serial}\" hidden></div>{justify}</li>",
        severity_class(f.severity),
        item_id(k, None),
        k.serial(),
        message_id(k, None),
        escape_html(message),
        escape_html(&f.citation()),
        s::QUOTE,
        serial = k.serial(),
    )
}

/// The markup of a whole list as it is now, for a list element being built.
pub fn list_markup(shown: &Shown, list: List<'_>, doc: &Value) -> String {
    shown
        .list(list)
        .iter()
        .map(|k| match list {
            List::Summary(_) => summary_item(k, shown.message(k), justification_in(doc, k.finding())),
            List::Field(p) => field_item(k, shown.message(k), p),
        })
        .collect()
}

/// The 说明 written for a finding in the document, if any ("" if none).
pub fn justification_in<'d>(doc: &'d Value, f: &Finding) -> &'d str {
    doc.get("justifications")
        .and_then(Value::as_array)
        .and_then(|list| {
            list.iter().find(|j| {
                j.get("rule").and_then(Value::as_str) == Some(f.rule.as_str())
                    && j.get("fields").and_then(Value::as_array).is_some_and(|fs| fs.iter().map(Value::as_str).eq(f.fields.iter().map(|p| Some(p.as_str()))))
            })
        })
        .and_then(|j| j.get("text"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// The serial an item element carries (`data-n`).
pub fn serial_of(el: &Element) -> Option<u64> {
    el.get_attribute("data-n")?.parse().ok()
}

/// Makes the children of `list` the items `want`, in order. An element already there (by its
/// serial) is kept, and moved only if out of place: never rebuilt, so its 说明 text, focus and
/// open source stay. Elements of other items are removed; new items are inserted from their
/// markup, one call each.
pub fn reconcile(list: &Element, want: &[ItemKey], markup: impl Fn(&ItemKey) -> String) {
    let children = list.children();
    let mut have: Vec<(Option<u64>, Element)> = (0..children.length()).filter_map(|i| children.item(i)).map(|e| (serial_of(&e), e)).collect();
    have.retain(|(s, e)| {
        let keep = s.is_some_and(|s| want.iter().any(|k| k.serial() == s));
        if !keep {
            e.remove();
        }
        keep
    });
    for (i, k) in want.iter().enumerate() {
        if have.get(i).is_some_and(|(s, _)| *s == Some(k.serial())) {
            continue;
        }
        let before: Option<&Node> = have.get(i).map(|(_, e)| e.unchecked_ref());
        if let Some(j) = have.iter().position(|(s, _)| *s == Some(k.serial())) {
            let moved = have[j].1.clone();
            let _ = list.insert_before(&moved, before);
            let entry = have.remove(j);
            have.insert(i, entry);
        } else {
            let html = markup(k);
            let _ = match have.get(i) {
                Some((_, e)) => e.insert_adjacent_html("beforebegin", &html),
                None => list.insert_adjacent_html("beforeend", &html),
            };
            if let Some(e) = children.item(i as u32) {
                have.insert(i, (Some(k.serial()), e));
            }
        }
    }
}

/// Brings a list element from `was` (the items it shows) to `want`, touching only the items
/// that come or go, each found by its id (`item_id` through `id_of`): a finding that appears
/// in a long list costs one insertion, not a read of every element's serial. Falls back to
/// [`reconcile`] when the element does not hold `was` (by its count) or when items that stay
/// change order.
pub fn update(list: &Element, was: &[ItemKey], want: &[ItemKey], markup: impl Fn(&ItemKey) -> String, id_of: impl Fn(&ItemKey) -> String) {
    use rustc_hash::FxHashSet;
    let wanted: FxHashSet<u64> = want.iter().map(ItemKey::serial).collect();
    let shown: FxHashSet<u64> = was.iter().map(ItemKey::serial).collect();
    let stay_was = was.iter().map(ItemKey::serial).filter(|s| wanted.contains(s));
    let stay_want = want.iter().map(ItemKey::serial).filter(|s| shown.contains(s));
    if list.child_element_count() as usize != was.len() || !stay_was.eq(stay_want) {
        return reconcile(list, want, markup);
    }
    for k in was.iter().filter(|k| !wanted.contains(&k.serial())) {
        match by_id(&id_of(k)) {
            Some(el) => el.remove(),
            None => return reconcile(list, want, markup),
        }
    }
    // New items from the last, each inserted before the item after it (or at the end).
    let mut after: Option<&ItemKey> = None;
    for k in want.iter().rev() {
        if !shown.contains(&k.serial()) {
            let html = markup(k);
            let anchor = after.and_then(|a| by_id(&id_of(a)));
            let _ = match anchor {
                Some(a) => a.insert_adjacent_html("beforebegin", &html),
                None if after.is_none() => list.insert_adjacent_html("beforeend", &html),
                None => return reconcile(list, want, markup),
            };
        }
        after = Some(k);
    }
}

/// Writes what a report changed into the page: the lists whose items changed (with the
/// summary groups' counts, hidden while empty) and the texts of changed messages. Lists not
/// in the page (a section not shown) are skipped: they are built from `shown` when shown.
pub fn changes(changes: &[Change], shown: &Shown, doc: &Value) {
    for c in changes {
        match c {
            Change::Group(i) => {
                let list = List::Summary(GROUPS[*i]);
                let items = shown.list(list);
                let [section, count, ul] = group_ids(*i);
                if let Some(ul) = by_id(&ul) {
                    let markup = |k: &ItemKey| summary_item(k, shown.message(k), justification_in(doc, k.finding()));
                    match shown.was(list) {
                        Some(was) => update(&ul, was, items, markup, |k| item_id(k, None)),
                        None => reconcile(&ul, items, markup),
                    }
                }
                if let Some(section) = by_id(&section) {
                    let _ = if items.is_empty() { section.set_attribute("hidden", "") } else { section.remove_attribute("hidden") };
                }
                if let Some(count) = by_id(&count) {
                    count.set_text_content(Some(&items.len().to_string()));
                }
            }
            Change::Field(p) => {
                if let Some(ul) = by_id(&field_list_id(p)) {
                    let (list, markup) = (List::Field(p), |k: &ItemKey| field_item(k, shown.message(k), p));
                    match shown.was(list) {
                        Some(was) => update(&ul, was, shown.list(list), markup, |k| item_id(k, Some(p))),
                        None => reconcile(&ul, shown.list(list), markup),
                    }
                }
                invalid(p, has_error(shown, p));
            }
            Change::Message(k) => {
                let m = shown.message(k);
                if let Some(el) = by_id(&message_id(k, None)) {
                    el.set_text_content(Some(m));
                }
                let spaced = format!(" {m} ");
                for p in &k.finding().fields {
                    if let Some(el) = by_id(&message_id(k, Some(p))) {
                        el.set_text_content(Some(&spaced));
                    }
                }
            }
        }
    }
}

/// Whether the list under the field at `p` holds an error.
pub fn has_error(shown: &Shown, p: &str) -> bool {
    shown.list(List::Field(p)).iter().any(|k| k.finding().severity == Severity::Error)
}

/// The attribute a box whose text cannot be read carries (a half-typed amount, 「12.3.」): its
/// `aria-invalid` is then true whatever the findings (`fields::FieldInput`).
pub const UNREADABLE: &str = "data-unreadable";

/// Sets the `aria-invalid` of the box of the field at `p` — one that has the attribute: the
/// widgets that take it (`fields::FieldInput`) — to whether the field has an error or the box's
/// text cannot be read. Written here, in the check's pass, rather than by a reactive node of each
/// box: woken through the scheduler, those were a tenth of a keystroke that brought a finding
/// (BENCHMARKS.md, fifteenth round).
pub fn invalid(p: &str, error: bool) {
    let Some(el) = by_id(&field_id(p)) else { return };
    let Some(was) = el.get_attribute("aria-invalid") else { return };
    let now = if error || el.has_attribute(UNREADABLE) { "true" } else { "false" };
    if was != now {
        let _ = el.set_attribute("aria-invalid", now);
    }
}

/// The id of the findings panel (the `<aside>`).
pub const PANEL_ID: &str = "findings-panel";

/// The id of the status line.
pub const STATUS_ID: &str = "status-line";

/// The ids of the findings panel's notes: 「未发现问题」 and why the document cannot be checked.
pub const CLEAN_NOTE_ID: &str = "summary-clean";
pub const PROBLEM_NOTE_ID: &str = "summary-problem";

/// Writes the findings panel's notes (`EditorCtx::notes_now`): the first shown while the report
/// has no finding, the second holding why the document cannot be checked, hidden when it can.
/// Written in the check's pass when they change, like the status line: as effects of two
/// signals they ran after every keystroke that brought the first finding into a clean project or
/// took its last one away.
pub fn notes((clean, problem): &(bool, Option<String>)) {
    if let Some(el) = by_id(CLEAN_NOTE_ID) {
        let _ = el.toggle_attribute_with_force("hidden", !clean);
    }
    if let Some(el) = by_id(PROBLEM_NOTE_ID) {
        let _ = el.toggle_attribute_with_force("hidden", problem.is_none());
        el.set_text_content(Some(problem.as_deref().unwrap_or("")));
    }
}

/// Writes the status line's text.
pub fn status(text: &str) {
    if let Some(el) = by_id(STATUS_ID) {
        el.set_text_content(Some(text));
    }
}

/// Shows a check's revision and its parse + check time on the findings panel
/// (`data-report-rev`, `data-check-ms`; see `EditorCtx::check_rev`).
pub fn revision((rev, ms): (u64, f64)) {
    if let Some(panel) = by_id(PANEL_ID) {
        let _ = panel.set_attribute("data-report-rev", &rev.to_string());
        let _ = panel.set_attribute("data-check-ms", &thousandths(ms));
    }
}

/// The ids of a section's entry in the navigation and of the state shown beside it.
pub fn nav_ids(i: usize) -> [String; 2] {
    [format!("nav-{i}"), format!("nav-state-{i}")]
}

/// How the navigation shows a section with `errors` and `warnings` under it: the entry's
/// class and the state beside it (「2 错」, 「1 警」, 「✓」). Used where the entry is built and
/// where it is updated, so the two cannot differ.
pub fn nav_look((errors, warnings): (usize, usize)) -> (&'static str, String) {
    if errors > 0 {
        ("nav-error", format!("{errors} 错"))
    } else if warnings > 0 {
        ("nav-warning", format!("{warnings} 警"))
    } else {
        ("nav-ok", "✓".to_string())
    }
}

/// Writes the sections' counts that changed from `was` to `now` into the navigation. Entries
/// not in the page (a document not held) are skipped: they are built from the counts of the
/// moment when shown.
pub fn nav_counts(was: &[(usize, usize)], now: &[(usize, usize)]) {
    for (i, (w, n)) in was.iter().zip(now).enumerate() {
        if w == n {
            continue;
        }
        let [li, state] = nav_ids(i);
        let (class, text) = nav_look(*n);
        if let Some(li) = by_id(&li) {
            li.set_class_name(class);
        }
        if let Some(state) = by_id(&state) {
            state.set_text_content(Some(&text));
        }
    }
}

/// `0.214`: milliseconds to three places, in integers (float formatting is 10 KB of wasm).
pub fn thousandths(ms: f64) -> String {
    let us = (ms.max(0.0) * 1000.0).round() as u64;
    format!("{}.{:03}", us / 1000, us % 1000)
}

/// Brings each warning's 说明 box and mark (`explained`) in line with the document: after a
/// 说明 is typed (another item of the same rule and fields shares it) or the document is
/// replaced. A box already showing the text is left alone (its caret stays).
pub fn justifications(shown: &Shown, doc: &Value) {
    for k in shown.list(List::Summary(Severity::Warning)) {
        let text = justification_in(doc, k.finding());
        let Some(ta) = by_id(&justify_id(k)) else { continue };
        let ta: HtmlTextAreaElement = ta.unchecked_into();
        if ta.value() != text {
            ta.set_value(text);
        }
        if let Some(li) = ta.closest("li").ok().flatten() {
            let _ = li.class_list().toggle_with_force("explained", !text.trim().is_empty());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::shown::tests::finding;
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn a_section_shows_its_errors_first_then_its_warnings() {
        assert_eq!(nav_look((0, 0)), ("nav-ok", "✓".to_string()));
        assert_eq!(nav_look((0, 3)), ("nav-warning", "3 警".to_string()));
        assert_eq!(nav_look((2, 3)), ("nav-error", "2 错".to_string()));
    }

    #[wasm_bindgen_test]
    fn check_time_is_shown_to_the_microsecond() {
        for (ms, shown) in [(0.0, "0.000"), (0.2144, "0.214"), (0.2146, "0.215"), (12.0, "12.000"), (1.0006, "1.001"), (-0.1, "0.000")] {
            assert_eq!(thousandths(ms), shown, "{ms}");
        }
    }

    #[wasm_bindgen_test]
    fn a_justification_is_found_by_rule_and_fields() {
        let doc = serde_json::json!({ "justifications": [
            { "rule": "r", "fields": ["a"], "text": "一" },
            { "rule": "r", "fields": ["a", "b"], "text": "二" },
        ] });
        assert_eq!(justification_in(&doc, &finding("r", Severity::Warning, &["a"], "")), "一");
        assert_eq!(justification_in(&doc, &finding("r", Severity::Warning, &["a", "b"], "")), "二");
        assert_eq!(justification_in(&doc, &finding("r", Severity::Warning, &["b"], "")), "");
        assert_eq!(justification_in(&doc, &finding("s", Severity::Warning, &["a"], "")), "");
        assert_eq!(justification_in(&serde_json::json!({}), &finding("r", Severity::Warning, &["a"], "")), "");
    }
}
