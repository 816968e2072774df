//! 「导入整份需求方案」: a whole plan written in Word or WPS, pasted or read from its .docx, split
//! into the form's sections by its headings (`shenbao_core::outline`). The dialog shows where
//! each section's text will go, what replaces what the form holds and what is left out, and
//! writes nothing until 「填入各栏」; then every section is one change (one check, one autosave)
//! with a note offering to put the form back as it was. A table of the form written in the
//! plan (its 资金估算明细, the service plan's 服务内容与范围 and 潜在服务商) is shown as a row of
//! the outline, with what reading its cells said, and fills the form's table in the same change;
//! so does a field given with its value (「服务期限：3 年」, as our Word export writes the service
//! plan's figures), or it is said not to read.
//!
//! Also offered after a paste: a whole plan pasted into one of its boxes (where people paste
//! it) is left there by the browser, and a note under the box offers to split it instead,
//! which puts that box back as it was before the paste.
//!
//! Part of the paste part (`lazy::outline`, loaded on first use): the main module holds only
//! the button and the paste listener's hand-over.

use std::cell::RefCell;

use serde_json::Value;
use shenbao_core::outline::{self, Outline, Plan};
use shenbao_core::paper::{unzip, wordtext};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::EditorCtx;
use crate::dom::{escape_html, field_id};
use crate::strings as s;

/// A pasted text is offered for splitting when it names at least this many sections.
const OFFER_AT: usize = 3;

/// How much of a section's text (or a table's header) the outline shows under its heading.
const SNIPPET_CHARS: usize = 40;

/// The cells that did not read the outline lists; the rest are counted.
const LISTED_PROBLEMS: usize = 5;

/// Where the import starts.
pub enum Start {
    /// The section's button: an empty dialog.
    Button,
    /// A paste into the box of `field`, which held `before`.
    Paste { field: &'static str, before: Value, text: String },
}

/// The dialog's state: the editor it writes into, the plan, what the text splits into, and
/// the box to put back (a paste offered for splitting).
struct Open {
    ctx: EditorCtx,
    plan: &'static Plan,
    outline: Outline,
    restore: Option<(&'static str, Value)>,
    /// What the outline offers to write (sections, tables, fields, by path), and what the user
    /// unticked of it: kept while the text is edited, so a correction does not tick it again.
    offered: Vec<&'static str>,
    unticked: Vec<&'static str>,
}

impl Open {
    /// Whether `path` is to be written: offered and not unticked.
    fn writes(&self, path: &str) -> bool {
        self.offered.contains(&path) && !self.unticked.contains(&path)
    }
}

/// A listener kept for the page's life (the dialog is made once per page).
type Listener = Closure<dyn FnMut(web_sys::Event)>;

thread_local! {
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
    static LISTENERS: RefCell<Vec<Listener>> = const { RefCell::new(Vec::new()) };
    /// The note's listener: replaced by the next note.
    static NOTE_LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

/// `template` with each `{key}` replaced by its value in `values`, in one pass (a value is
/// never read for keys: a file or heading may hold braces).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').and_then(|close| values.iter().find(|(k, _)| *k == &after[..close]).map(|(_, v)| (close, v))) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The plan's words for the templates: the document's name and its first two sections'.
fn words(plan: &Plan) -> [(&'static str, &'static str); 3] {
    [("doc", plan.name()), ("first", plan.label(0)), ("second", plan.label(1.min(plan.sections.len() - 1)))]
}

/// Starts an import into `group`'s sections (`lazy::outline`).
pub fn start(ctx: EditorCtx, group: &'static str, start: Start) {
    let Some(plan) = outline::plan(group) else { return };
    match start {
        Start::Button => open_dialog(ctx, plan, String::new(), None),
        Start::Paste { field, before, text } => offer(ctx, plan, field, before, text),
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// After a paste into `field`: if the text names enough sections, holds a table of the form (a
/// budget copied from Word into 资金估算) or enough fields with their values, a note under the
/// box offers to split it.
fn offer(ctx: EditorCtx, plan: &'static Plan, field: &'static str, before: Value, text: String) {
    let found = outline::split(plan, &text);
    let tables: Vec<&str> = found.tables.iter().filter(|t| !t.rows().rows.is_empty()).map(|t| table_name(t.table)).collect();
    let (message, button) = if found.placed.len() >= OFFER_AT {
        let names: Vec<&str> = found.placed.iter().map(|p| plan.label(p.section)).collect();
        (fill(s::OUTLINE_OFFER, &[("doc", plan.name()), ("n", &found.placed.len().to_string()), ("names", &names.join("、"))]), s::OUTLINE_SPLIT)
    } else if !tables.is_empty() {
        (fill(s::OUTLINE_OFFER_TABLE, &[("names", &tables.join("、"))]), s::OUTLINE_FILL_TABLE)
    } else if found.values.iter().filter(|v| v.value.is_ok()).count() >= OFFER_AT {
        // The figures of a service plan with their labels (「服务期限：3 年」…), pasted as a list.
        let names: Vec<&str> = found.values.iter().filter(|v| v.value.is_ok()).filter_map(|v| shenbao_core::fields::field(v.path)).map(|f| f.label).collect();
        (fill(s::OUTLINE_OFFER_VALUES, &[("n", &names.len().to_string()), ("names", &names.join("、"))]), s::OUTLINE_FILL_VALUES)
    } else {
        return;
    };
    let html = format!(
        "<p>{}</p><p class=\"actions\"><button type=\"button\" data-act=\"split\">{button}</button> <button type=\"button\" data-act=\"close\">{}</button></p>",
        escape_html(&message),
        s::OUTLINE_KEEP
    );
    let restore = RefCell::new(Some((before, text)));
    note(field, &html, move |act, _| match act {
        "split" => {
            if let Some((before, text)) = restore.borrow_mut().take() {
                open_dialog(ctx, plan, text, Some((field, before)));
            }
            true
        }
        _ => true,
    });
}

/// The note under `field`'s box, replacing the last one; `act` is called with a clicked
/// button's `data-act` and the note, and says whether the note goes.
fn note(field: &str, html: &str, act: impl Fn(&str, &web_sys::Element) -> bool + 'static) {
    let Some(doc) = document() else { return };
    if let Some(old) = doc.get_element_by_id("outline-note") {
        old.remove();
    }
    let Some(slot) = doc.get_element_by_id(&field_id(field)).and_then(|b| b.closest(".field-slot").ok().flatten()) else { return };
    let Ok(note) = doc.create_element("div") else { return };
    note.set_id("outline-note");
    note.set_class_name("paste-note outline-note");
    let _ = note.set_attribute("role", "status");
    note.set_inner_html(html);
    let listener = {
        let note = note.clone();
        Listener::new(move |ev: web_sys::Event| {
            let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Some(what) = button.get_attribute("data-act") else { return };
            if act(&what, &note) {
                note.remove();
            }
        })
    };
    let _ = note.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    NOTE_LISTENER.with(|l| *l.borrow_mut() = Some(listener));
    let _ = slot.append_child(&note);
}

/// The page's import dialog, made on first use.
fn dialog(doc: &web_sys::Document) -> Option<web_sys::Element> {
    if let Some(d) = doc.get_element_by_id("outline-dialog") {
        return Some(d);
    }
    let d = doc.create_element("dialog").ok()?;
    d.set_id("outline-dialog");
    d.set_class_name("outline-dialog");
    let _ = d.set_attribute("aria-labelledby", "outline-title");
    // The words naming the plan are written on each opening (`open_dialog`).
    d.set_inner_html(&format!(
        "<h2 id=\"outline-title\"></h2><p id=\"outline-how\"></p>\
         <textarea id=\"outline-text\" rows=\"8\"></textarea>\
         <p class=\"outline-file\"><label>{file} <input type=\"file\" id=\"outline-file\" accept=\".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document\"></label></p>\
         <div id=\"outline-preview\" class=\"outline-preview\" role=\"status\" aria-live=\"polite\"></div>\
         <p class=\"actions\"><button type=\"button\" id=\"outline-apply\" class=\"primary\" disabled>{apply}</button> <button type=\"button\" id=\"outline-cancel\">{cancel}</button></p>",
        file = s::OUTLINE_FILE,
        apply = s::OUTLINE_APPLY,
        cancel = s::OUTLINE_CANCEL,
    ));
    doc.body()?.append_child(&d).ok()?;
    let listen = |id: &str, event: &str, f: Box<dyn FnMut(web_sys::Event)>| {
        let listener = Listener::wrap(f);
        if let Some(el) = doc.get_element_by_id(id) {
            let _ = el.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
        }
        LISTENERS.with(|l| l.borrow_mut().push(listener));
    };
    listen("outline-text", "input", Box::new(|_| preview_text()));
    listen("outline-file", "change", Box::new(chosen_file));
    listen("outline-dialog", "dragover", Box::new(dropped_file));
    listen("outline-dialog", "drop", Box::new(dropped_file));
    listen("outline-preview", "change", Box::new(ticked));
    listen("outline-apply", "click", Box::new(|_| apply()));
    listen("outline-cancel", "click", Box::new(|_| close()));
    // Closed any way (Esc included): the state goes, the next opening starts afresh.
    listen("outline-dialog", "close", Box::new(|_| OPEN.with(|o| *o.borrow_mut() = None)));
    Some(d)
}

/// Opens the dialog on `text` (empty: from the button).
fn open_dialog(ctx: EditorCtx, plan: &'static Plan, text: String, restore: Option<(&'static str, Value)>) {
    let Some(doc) = document() else { return };
    let Some(d) = dialog(&doc) else { return };
    OPEN.with(|o| *o.borrow_mut() = Some(Open { ctx, plan, outline: Outline::default(), restore, offered: Vec::new(), unticked: Vec::new() }));
    let words = words(plan);
    let tables = plan.tables.iter().map(|t| table_name(t)).collect::<Vec<_>>().join("、");
    let how = [&words[..], &[("tables", tables.as_str())]].concat();
    for (id, template) in [("outline-title", s::OUTLINE_TITLE), ("outline-how", s::OUTLINE_HOW)] {
        if let Some(el) = doc.get_element_by_id(id) {
            el.set_text_content(Some(&fill(template, &how)));
        }
    }
    if let Some(area) = textarea(&doc) {
        area.set_value(&text);
        let label = fill(s::OUTLINE_AREA, &words);
        let _ = area.set_attribute("aria-label", &label);
        area.set_placeholder(&label);
    }
    if let Some(file) = doc.get_element_by_id("outline-file").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        file.set_value("");
    }
    show(&doc, &text, None);
    if let Ok(f) = js_sys::Reflect::get(&d, &"showModal".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = f.call0(&d);
    }
    if let Some(area) = textarea(&doc) {
        let _ = area.focus();
    }
}

fn textarea(doc: &web_sys::Document) -> Option<web_sys::HtmlTextAreaElement> {
    doc.get_element_by_id("outline-text").and_then(|e| e.dyn_into().ok())
}

fn close() {
    if let Some(d) = document().and_then(|d| d.get_element_by_id("outline-dialog"))
        && let Ok(f) = js_sys::Reflect::get(&d, &"close".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    {
        let _ = f.call0(&d);
    }
    OPEN.with(|o| *o.borrow_mut() = None);
}

/// The text in the box split again, and shown.
fn preview_text() {
    let Some(doc) = document() else { return };
    let text = textarea(&doc).map(|a| a.value()).unwrap_or_default();
    show(&doc, &text, None);
}

/// Splits `text` and shows the outline (or `problem`, a file that could not be read, above it).
fn show(doc: &web_sys::Document, text: &str, problem: Option<&str>) {
    let html = OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let open = o.as_mut()?;
        open.outline = outline::split(open.plan, text);
        let (html, offered) = preview(open, text.trim().is_empty());
        open.offered = offered;
        Some(html)
    });
    let Some(html) = html else { return };
    let problem = problem.map(|p| format!("<p class=\"outline-problem\" role=\"alert\">{}</p>", escape_html(p))).unwrap_or_default();
    if let Some(p) = doc.get_element_by_id("outline-preview") {
        p.set_inner_html(&format!("{problem}{html}"));
    }
    enable_apply(doc);
}

/// 填入各栏 enabled while anything ticked is to be written.
fn enable_apply(doc: &web_sys::Document) {
    let any = OPEN.with(|o| o.borrow().as_ref().is_some_and(|open| open.offered.iter().any(|p| open.writes(p))));
    if let Some(b) = doc.get_element_by_id("outline-apply") {
        let _ = if any { b.remove_attribute("disabled") } else { b.set_attribute("disabled", "") };
    }
}

/// A row's box ticked or unticked: what 填入各栏 writes follows.
fn ticked(ev: web_sys::Event) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(path) = input.get_attribute("data-path") else { return };
    OPEN.with(|o| {
        let mut o = o.borrow_mut();
        let Some(open) = o.as_mut() else { return };
        let Some(&path) = open.offered.iter().find(|p| **p == path) else { return };
        open.unticked.retain(|p| *p != path);
        if !input.checked() {
            open.unticked.push(path);
        }
    });
    if let Some(row) = input.closest("tr").ok().flatten() {
        let _ = row.class_list().toggle_with_force("unticked", !input.checked());
    }
    if let Some(doc) = document() {
        enable_apply(&doc);
    }
}

/// The outline's table, row by row, and what its rows offer to write.
struct Rows<'a> {
    open: &'a Open,
    html: String,
    offered: Vec<&'static str>,
}

impl Rows<'_> {
    /// A row named `name` whose cells are `heading` and `result` (markup); one that writes
    /// `offers` gets its box, ticked unless unticked before.
    fn push(&mut self, class: &str, name: &str, offers: Option<&'static str>, heading: &str, result: &str) {
        let (class, name) = match offers {
            Some(path) => {
                self.offered.push(path);
                let unticked = if self.open.unticked.contains(&path) { " unticked" } else { "" };
                (format!("{class}{unticked}"), tick(self.open, path, name))
            }
            None => (class.to_string(), name.to_string()),
        };
        self.html.push_str(&format!("<tr class=\"{class}\"><th scope=\"row\">{name}</th><td>{heading}</td><td>{result}</td></tr>"));
    }
}

/// A row's heading: the box that says whether it is written, and its name.
fn tick(open: &Open, path: &'static str, name: &str) -> String {
    let checked = if open.unticked.contains(&path) { "" } else { " checked" };
    format!("<label><input type=\"checkbox\" data-path=\"{path}\"{checked}>{name}</label>")
}

/// The preview's markup, and what it offers to write (by path).
fn preview(open: &Open, empty: bool) -> (String, Vec<&'static str>) {
    let (plan, found) = (open.plan, &open.outline);
    if empty {
        return (String::new(), Vec::new());
    }
    if found.placed.is_empty() && found.tables.is_empty() && found.values.is_empty() {
        return (format!("<p class=\"outline-none\">{}</p>", escape_html(&fill(s::OUTLINE_NONE, &words(plan)))), Vec::new());
    }
    let mut rows = Rows {
        open,
        html: format!(
            "<table class=\"outline-table\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            s::OUTLINE_COL_SECTION,
            s::OUTLINE_COL_HEADING,
            s::OUTLINE_COL_RESULT
        ),
        offered: Vec::new(),
    };
    for (i, &path) in plan.sections.iter().enumerate() {
        // The box pasted into is counted as it was before the paste, as it will be put back.
        let chars = |v: &Value| v.as_str().map_or(0, |t| t.chars().filter(|c| !c.is_whitespace()).count());
        let held = match &open.restore {
            Some((field, before)) if *field == path => chars(before),
            _ => open.ctx.with_untracked(path, chars),
        };
        let Some(p) = found.get(i) else {
            rows.push("missing", plan.label(i), None, "—", s::OUTLINE_MISSING);
            continue;
        };
        let chars = p.text.chars().filter(|c| !c.is_whitespace()).count();
        let mut result = fill(s::OUTLINE_CHARS, &[("n", &chars.to_string())]);
        if held > 0 {
            result.push_str(&fill(s::OUTLINE_REPLACES, &[("n", &held.to_string())]));
        }
        if p.times > 1 {
            result.push_str(&fill(s::OUTLINE_JOINED, &[("n", &p.times.to_string())]));
        }
        // Longer than the field takes: written all the same (nothing is cut), and said now, not
        // only by the check after.
        if let Some(max) = max_chars(path).filter(|&max| p.text.chars().count() > max as usize) {
            result.push_str(&format!("<span class=\"outline-too-long\">{}</span>", fill(s::OUTLINE_TOO_LONG, &[("n", &max.to_string())])));
        }
        // The text's start under its heading, to see that it is the section's.
        let heading = format!("{}<span class=\"outline-snippet\">{}</span>", escape_html(&p.heading), escape_html(&snippet(&p.text)));
        rows.push("found", plan.label(i), Some(path), &heading, &result);
    }
    let mut problems = Vec::new();
    for t in &found.tables {
        let read = t.rows();
        let held = open.ctx.with_untracked(t.table, |v| v.as_array().map_or(0, Vec::len));
        let name = table_name(t.table);
        // Its header's words, to see which table of the plan it is.
        let header = t.blocks.first().and_then(|b| b.lines().next()).unwrap_or_default();
        let header: Vec<&str> = header.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
        let heading =
            format!("{}<span class=\"outline-snippet\">{}</span>", escape_html(t.heading.as_deref().unwrap_or("—")), escape_html(&snippet(&header.join("、"))));
        if read.rows.is_empty() {
            rows.push("table", name, None, &heading, s::OUTLINE_TABLE_EMPTY);
        } else {
            rows.push("table", name, Some(t.table), &heading, &escape_html(&table_result(&read, held)));
        }
        problems.extend(read.problems.iter().map(|p| format!("{name} {}", p.message())));
    }
    for v in &found.values {
        let Some(def) = shenbao_core::fields::field(v.path) else { continue };
        let held = open.ctx.with_untracked(v.path, Value::clone);
        let shown = |value: &Value| shenbao_core::fields::display(def, value).unwrap_or_default();
        let written = escape_html(&v.written);
        match &v.value {
            Ok(value) if *value == held => rows.push("value", def.label, None, &written, s::OUTLINE_VALUE_SAME),
            Ok(value) => {
                let mut result = fill(s::OUTLINE_VALUE, &[("value", &shown(value))]);
                if !held.is_null() {
                    result.push_str(&fill(s::OUTLINE_VALUE_REPLACES, &[("value", &shown(&held))]));
                }
                rows.push("value", def.label, Some(v.path), &written, &escape_html(&result));
            }
            Err(e) => rows.push("value unread", def.label, None, &written, &escape_html(&fill(s::OUTLINE_VALUE_UNREAD, &[("problem", &e.message())]))),
        }
    }
    let Rows { mut html, offered, .. } = rows;
    html.push_str("</tbody></table>");
    if !problems.is_empty() {
        html.push_str("<ul class=\"outline-problems\">");
        for p in problems.iter().take(LISTED_PROBLEMS) {
            html.push_str(&format!("<li>{}</li>", escape_html(p)));
        }
        if problems.len() > LISTED_PROBLEMS {
            html.push_str(&format!("<li>{}</li>", s::PASTE_MORE_PROBLEMS.replace('N', &(problems.len() - LISTED_PROBLEMS).to_string())));
        }
        html.push_str("</ul>");
    }
    if !found.skipped.is_empty() {
        html.push_str("<ul class=\"outline-skipped\">");
        for sk in &found.skipped {
            let line = match &sk.heading {
                None => fill(s::OUTLINE_SKIPPED_START, &[("n", &sk.chars.to_string())]),
                Some(h) => fill(s::OUTLINE_SKIPPED_UNDER, &[("heading", h), ("n", &sk.chars.to_string()), ("doc", plan.name())]),
            };
            html.push_str(&format!("<li>{}</li>", escape_html(&line)));
        }
        html.push_str("</ul>");
    }
    (html, offered)
}

/// What a table's import does, said in its row of the outline: rows, what they replace, and
/// what reading the cells said.
fn table_result(read: &outline::TableRows, held: usize) -> String {
    let mut out = fill(s::OUTLINE_TABLE_ROWS, &[("n", &read.rows.len().to_string())]);
    if held > 0 {
        out.push_str(&fill(s::OUTLINE_TABLE_REPLACES, &[("n", &held.to_string())]));
    }
    for note in read.notes() {
        out.push('；');
        out.push_str(&note);
    }
    out
}

/// A table as people name it (资金估算明细 for the budget lines).
fn table_name(table: &str) -> &'static str {
    shenbao_core::fields::table_name(table)
}

/// The start of `text`, its spaces folded, to see at a glance what it is.
fn snippet(text: &str) -> String {
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = folded.chars().take(SNIPPET_CHARS).collect();
    if folded.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

/// The most characters the field at `path` takes (`fields::FORMATS`), if it has a limit.
fn max_chars(path: &str) -> Option<u32> {
    use shenbao_core::fields::{FORMATS, Format};
    FORMATS.iter().find(|(p, _)| *p == path)?.1.iter().find_map(|f| match f {
        Format::MaxChars(max) => Some(*max),
        _ => None,
    })
}

/// Writes the sections found as one change, closes the dialog, and leaves a note with undo.
fn apply() {
    let Some(open) = OPEN.with(|o| o.borrow_mut().take()) else { return };
    let Open { ctx, plan, ref outline, ref restore, .. } = open;
    // Each box written: its value before and after.
    let placed: Vec<&outline::Placed> = outline.placed.iter().filter(|p| open.writes(plan.sections[p.section])).collect();
    let mut writes: Vec<(&'static str, Value, Value)> = placed
        .iter()
        .map(|p| {
            let path = plan.sections[p.section];
            (path, ctx.with_untracked(path, Value::clone), Value::String(p.text.clone()))
        })
        .collect();
    // Each table found with rows: written whole, in place of what it held.
    let mut tables = Vec::new();
    for t in outline.tables.iter().filter(|t| open.writes(t.table)) {
        let rows = t.rows().rows;
        if !rows.is_empty() {
            tables.push(format!("{}（{}）", table_name(t.table), fill(s::OUTLINE_TABLE_ROWS, &[("n", &rows.len().to_string())])));
            writes.push((t.table, ctx.with_untracked(t.table, Value::clone), Value::Array(rows)));
        }
    }
    // Each field's value read, where it changes the field.
    let mut values = Vec::new();
    for v in outline.values.iter().filter(|v| open.writes(v.path)) {
        let Ok(value) = &v.value else { continue };
        let held = ctx.with_untracked(v.path, Value::clone);
        if *value != held {
            values.push(shenbao_core::fields::field(v.path).map_or(v.path, |f| f.label));
            writes.push((v.path, held, value.clone()));
        }
    }
    // The box pasted into, not a section found: back as it was before the paste.
    if let Some((field, before)) = restore
        && !writes.iter().any(|w| w.0 == *field)
    {
        writes.push((field, ctx.with_untracked(field, Value::clone), before.clone()));
    }
    ctx.batch(|| {
        for (path, _, now) in &writes {
            ctx.set(path, now.clone());
        }
    });
    close();
    let names: Vec<&str> = placed.iter().map(|p| plan.label(p.section)).collect();
    // The note stands under the first section written (or the first section, for tables alone).
    let first = plan.sections[placed.first().map_or(0, |p| p.section)];
    let mut done = String::new();
    if !names.is_empty() {
        done.push_str(&fill(s::OUTLINE_DONE, &[("n", &names.len().to_string()), ("names", &names.join("、"))]));
    }
    if !tables.is_empty() {
        done.push_str(&fill(s::OUTLINE_DONE_TABLES, &[("names", &tables.join("、"))]));
    }
    if !values.is_empty() {
        done.push_str(&fill(s::OUTLINE_DONE_VALUES, &[("n", &values.len().to_string()), ("names", &values.join("、"))]));
    }
    done.push_str(s::OUTLINE_CHECK);
    let html = format!(
        "<p>{}</p><p class=\"actions\"><button type=\"button\" data-act=\"undo\">{}</button> <button type=\"button\" data-act=\"close\">{}</button></p>",
        escape_html(&done),
        s::OUTLINE_UNDO,
        s::PASTE_CLOSE
    );
    note(first, &html, move |act, note| {
        if act != "undo" {
            return true;
        }
        let changed_since = writes.iter().any(|(path, _, now)| ctx.with_untracked(path, |v| v != now));
        if changed_since && !crate::dom::confirm(s::OUTLINE_UNDO_AFTER_EDITS) {
            return false;
        }
        ctx.batch(|| {
            for (path, before, _) in &writes {
                ctx.set(path, before.clone());
            }
        });
        note.set_inner_html(&format!(
            "<p>{}</p><p class=\"actions\"><button type=\"button\" data-act=\"close\">{}</button></p>",
            s::OUTLINE_UNDONE,
            s::PASTE_CLOSE
        ));
        false
    });
    crate::dom::focus_later(field_id(first));
}

/// The .docx chosen in the dialog's file box.
fn chosen_file(ev: web_sys::Event) {
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    if let Some(file) = input.files().and_then(|f| f.get(0)) {
        read_file(file);
    }
}

/// A file dropped on the dialog, as people drag a Word file from a folder: read as if chosen
/// (the browser would otherwise open it in place of the page).
fn dropped_file(ev: web_sys::Event) {
    let Some(drag) = ev.dyn_ref::<web_sys::DragEvent>() else { return };
    ev.prevent_default();
    if ev.type_() == "drop"
        && let Some(file) = drag.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0))
    {
        read_file(file);
    }
}

/// Reads `file`'s text into the box, or says why it cannot.
fn read_file(file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let text = docx_text(&file).await;
        let Some(doc) = document() else { return };
        match text {
            Ok(text) => {
                if let Some(area) = textarea(&doc) {
                    area.set_value(&text);
                }
                show(&doc, &text, None);
            }
            Err(problem) => {
                // What the box holds stays; only the message is new.
                let text = textarea(&doc).map(|a| a.value()).unwrap_or_default();
                show(&doc, &text, Some(&format!("{}{problem}", fill(s::OUTLINE_FILE_FAILED, &[("file", &file.name())]))));
            }
        }
    });
}

/// The text of a .docx: its main part (`word/document.xml`, or where the package's
/// relationships say: Word for the web names it otherwise), inflated by the browser
/// (`DecompressionStream`) when deflated, as Word and WPS write it.
async fn docx_text(file: &web_sys::File) -> Result<String, String> {
    use unzip::UnzipError;
    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| s::OUTLINE_FILE_UNREADABLE.to_string())?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    let main = match part(&bytes, wordtext::RELATIONSHIPS).await {
        Ok(rels) => String::from_utf8(rels).ok().and_then(|r| wordtext::main_part(&r)),
        Err(_) => None,
    };
    let xml = part(&bytes, main.as_deref().unwrap_or(wordtext::DOCUMENT)).await.map_err(|e| match e {
        // An OLE file that is not an encrypted package: Word 97–2003.
        Unread::Zip(UnzipError::NotZip) if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => s::OUTLINE_OLD_DOC.to_string(),
        Unread::Zip(UnzipError::NotZip | UnzipError::Missing) => s::OUTLINE_NOT_DOCX.to_string(),
        Unread::Zip(e) => e.to_string(),
        Unread::NoInflate => s::OUTLINE_NO_INFLATE.to_string(),
    })?;
    let xml = String::from_utf8(xml).map_err(|_| s::OUTLINE_NOT_DOCX.to_string())?;
    Ok(wordtext::text(&xml))
}

/// Why an entry could not be read.
enum Unread {
    Zip(unzip::UnzipError),
    /// The browser has no `DecompressionStream` for raw deflate (before Chrome 103, Firefox
    /// 113, Safari 16.4).
    NoInflate,
}

/// The entry `name` of the archive, inflated and checked against its directory.
async fn part(archive: &[u8], name: &str) -> Result<Vec<u8>, Unread> {
    match unzip::entry(archive, name).map_err(Unread::Zip)? {
        unzip::Entry::Stored(data) => Ok(data.to_vec()),
        unzip::Entry::Deflated { data, size, crc } => {
            let inflated = inflate(data, size).await?;
            unzip::check(&inflated, size, crc).map_err(Unread::Zip)?;
            Ok(inflated)
        }
    }
}

/// Raw deflate data inflated by the browser's `DecompressionStream('deflate-raw')`, read
/// chunk by chunk and given up as damaged past `size` bytes (what the archive's directory
/// says): a file made to inflate to gigabytes stops there instead of filling the tab's memory.
async fn inflate(data: &[u8], size: u64) -> Result<Vec<u8>, Unread> {
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::JsValue;
    let unsupported = || Unread::NoInflate;
    let damaged = || Unread::Zip(unzip::UnzipError::Damaged);
    let stream_ctor =
        Reflect::get(&js_sys::global(), &"DecompressionStream".into()).ok().and_then(|c| c.dyn_into::<Function>().ok()).ok_or_else(unsupported)?;
    let inflater = Reflect::construct(&stream_ctor, &Array::of1(&"deflate-raw".into())).map_err(|_| unsupported())?;
    let blob = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&js_sys::Uint8Array::from(data))).map_err(|_| damaged())?;
    let call = |on: &JsValue, name: &str, arg: Option<&JsValue>| -> Result<JsValue, Unread> {
        let f: Function = Reflect::get(on, &name.into()).ok().and_then(|f| f.dyn_into().ok()).ok_or_else(unsupported)?;
        match arg {
            Some(a) => f.call1(on, a),
            None => f.call0(on),
        }
        .map_err(|_| damaged())
    };
    let stream = call(&blob, "stream", None)?;
    let inflated = call(&stream, "pipeThrough", Some(&inflater))?;
    let reader = call(&inflated, "getReader", None)?;
    let limit = usize::try_from(size).unwrap_or(usize::MAX);
    let mut out = Vec::new();
    loop {
        let read = call(&reader, "read", None)?;
        let chunk = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(read)).await.map_err(|_| damaged())?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(out);
        }
        let bytes = js_sys::Uint8Array::new(&Reflect::get(&chunk, &"value".into()).map_err(|_| damaged())?);
        if out.len().saturating_add(bytes.length() as usize) > limit {
            let _ = call(&reader, "cancel", None);
            return Err(damaged());
        }
        let at = out.len();
        out.resize(at + bytes.length() as usize, 0);
        bytes.copy_to(&mut out[at..]);
    }
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn templates_are_filled_in_one_pass() {
        assert_eq!(fill("已导入 {n} 个栏目：{names}。", &[("n", "9"), ("names", "建设依据、业务现状")]), "已导入 9 个栏目：建设依据、业务现状。");
        // A value holding a key's braces is not read again; an unknown key stays as written.
        assert_eq!(fill("“{heading}”之下的 {n} 字", &[("heading", "{n}附件"), ("n", "4")]), "“{n}附件”之下的 4 字");
        assert_eq!(fill("{x}{ {n", &[("n", "1")]), "{x}{ {n");
        assert_eq!(fill("", &[]), "");
    }
}
