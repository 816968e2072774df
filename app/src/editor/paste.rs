//! A table's cells to and from a spreadsheet: pasting a block of cells into a table, and
//! 「复制表格」, which puts a table's rows on the clipboard as a block (for Excel or WPS, or
//! another draft's table). The part of the editor loaded on the first such action
//! (`lazy::cells`, its own wasm module in the web build). The editor's `paste` listener, in the
//! main module, only tells a block from text for one box (`shenbao_core::paste::is_block`) and
//! hands it over with the table's element id; the copy button hands over the id.
//!
//! The rows are written as one change of the table (one check, one autosave), and a note under
//! the rows says what was done — rows, columns, cells that did not read (left as they were) —
//! with a button that puts the table back as it was before the paste. The note sticks to the
//! bottom of the window while the table is in view, so a block pasted at the top of a long
//! table is not followed by a note out of sight.

use std::cell::RefCell;

use serde_json::Value;
use shenbao_core::fields::{FIELDS, FieldKind};
use shenbao_core::paste::{self, Column, Outcome};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::EditorCtx;
use crate::dom::{escape_html, field_id};
use crate::strings as s;

/// The problems a note lists; the rest are counted.
const LISTED_PROBLEMS: usize = 20;

/// A note's click listener.
type Listener = Closure<dyn FnMut(web_sys::Event)>;

thread_local! {
    /// Each table's note's click listener: replaced (and the old one dropped) by the table's
    /// next paste, so listeners do not pile up over a session.
    static LISTENERS: RefCell<Vec<(String, Listener)>> = const { RefCell::new(Vec::new()) };
}

/// What is done with a table's cells.
pub enum Cells {
    /// Paste `text` from the element with id `at`: a cell of the table, a row's buttons (its
    /// first column), or anything else (the table itself, its add button: after the last row).
    Paste { at: String, text: String },
    /// Copy the table's rows to the clipboard.
    Copy,
}

/// Does `action` on the table whose element id is `table_id`.
pub fn apply(ctx: EditorCtx, table_id: String, action: Cells) {
    // No table is inside a list: a table's path is its registry path.
    let Some(table) = FIELDS.iter().find(|d| d.kind == FieldKind::Table && field_id(d.path) == table_id).map(|d| d.path) else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    match action {
        Cells::Paste { at, text } => paste_into(&doc, ctx, table, at, &text),
        Cells::Copy => copy(doc, ctx, table),
    }
}

/// Puts the table's rows on the clipboard (`paste::copy`), and says so; where the browser
/// refuses the clipboard, shows them selected in a box to copy with Ctrl+C.
fn copy(doc: web_sys::Document, ctx: EditorCtx, table: &'static str) {
    let rows = ctx.with_untracked(table, |v| v.as_array().cloned().unwrap_or_default());
    let text = paste::copy(table, &rows);
    let written = web_sys::window().map(|w| w.navigator().clipboard().write_text(&text));
    leptos::task::spawn_local(async move {
        let copied = match written {
            Some(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
            None => false,
        };
        let note_id = format!("{}-paste", field_id(table));
        let html = if copied {
            format!("<p>{}</p>", s::TABLE_COPIED.replace('N', &rows.len().to_string()))
        } else {
            format!(
                "<p>{}</p><textarea id=\"{note_id}-text\" rows=\"4\" readonly aria-label=\"{}\">{}</textarea>",
                s::TABLE_COPY_BY_HAND,
                s::COPY_TABLE,
                escape_html(&text)
            )
        };
        note(&doc, ctx, table, false, format!("{html}<p class=\"actions\">{}</p>", close_button(&note_id)), None);
        if !copied && let Some(area) = doc.get_element_by_id(&format!("{note_id}-text")).and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
            let _ = area.focus();
            area.select();
        }
    });
}

/// Pastes `text` into `table` from the element with id `at` (see [`Cells::Paste`]).
fn paste_into(doc: &web_sys::Document, ctx: EditorCtx, table: &'static str, at: String, text: &str) {
    let columns = paste::columns(table);
    // Leave the box first: a numeric box shows what was typed into it until it is left, and
    // would go on showing that instead of the pasted value.
    if let Some(el) = doc.active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.blur();
    }
    let before = ctx.with_untracked(table, Value::clone);
    let rows = before.as_array().cloned().unwrap_or_default();
    let (row, column, in_cell) = position(table, &columns, rows.len(), &at);
    let out = paste::paste(table, &rows, row, column, text);
    let undo = (out.row_count > 0).then(|| {
        write(ctx, table, &rows, &out);
        (before, Value::Array(out.rows.clone()))
    });
    let html = markup(table, &out, &format!("{}-paste", field_id(table)), undo.is_some());
    note(doc, ctx, table, !out.problems.is_empty(), html, undo);
    if out.row_count > 0 {
        let first = if in_cell && !out.header { columns[column].key } else { columns[0].key };
        crate::dom::focus_later(field_id(&format!("{table}[{}].{first}", out.first_row)));
    } else if in_cell {
        crate::dom::focus_later(at);
    }
}

/// Writes the paste's rows as one change (one check). Over rows that were there, cell by cell,
/// only the cells that change: the boxes of the other rows are not woken (written whole, a
/// paste of 10 rows into an 80-row table took 41 ms against 28–31 ms; BENCHMARKS.md,
/// twenty-first round). Rows added: the table whole, which a list's length needs.
fn write(ctx: EditorCtx, table: &str, before: &[Value], out: &Outcome) {
    if out.added > 0 {
        ctx.set(table, Value::Array(out.rows.clone()));
        return;
    }
    let empty = serde_json::Map::new();
    ctx.batch(|| {
        for (i, (old, new)) in before.iter().zip(&out.rows).enumerate().skip(out.first_row).take(out.row_count) {
            let (Some(was), now) = (old.as_object(), new.as_object().unwrap_or(&empty)) else {
                ctx.set(&format!("{table}[{i}]"), new.clone());
                continue;
            };
            for key in was.keys().chain(now.keys().filter(|k| !was.contains_key(*k))) {
                if was.get(key) != now.get(key) {
                    ctx.set(&format!("{table}[{i}].{key}"), now.get(key).cloned().unwrap_or(Value::Null));
                }
            }
        }
    });
}

/// The row and column an element of the table stands for, and whether it is a cell.
fn position(table: &str, columns: &[Column], len: usize, at: &str) -> (usize, usize, bool) {
    for i in 0..len {
        let row = field_id(&format!("{table}[{i}]"));
        let Some(rest) = at.strip_prefix(&row).and_then(|r| r.strip_prefix('-')) else { continue };
        let column = columns.iter().position(|c| field_id(c.key).strip_prefix("f-") == Some(rest));
        return (i, column.unwrap_or(0), column.is_some());
    }
    (len, 0, false)
}

/// The note under the table's rows (replacing the table's last one), with `html` in it;
/// `undo`, the table before and after a paste, for its undo button.
fn note(doc: &web_sys::Document, ctx: EditorCtx, table: &str, warn: bool, html: String, undo: Option<(Value, Value)>) {
    let table_id = field_id(table);
    let Some(rows) = doc.get_element_by_id(&table_id).and_then(|t| t.query_selector("ol.rows").ok().flatten()) else { return };
    let id = format!("{table_id}-paste");
    if let Some(old) = doc.get_element_by_id(&id) {
        old.remove();
    }
    let Ok(note) = doc.create_element("div") else { return };
    note.set_id(&id);
    note.set_class_name(if warn { "paste-note warn" } else { "paste-note" });
    let _ = note.set_attribute("role", "status");
    note.set_inner_html(&html);
    let listener = {
        let (table, note) = (table.to_string(), note.clone());
        Listener::new(move |ev: web_sys::Event| {
            let Some(button) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            match button.get_attribute("data-act").as_deref() {
                Some("go") => {
                    if let Some(cell) = button.get_attribute("data-to") {
                        crate::dom::focus(&cell);
                    }
                }
                Some("undo") => {
                    let Some((before, after)) = &undo else { return };
                    let changed_since = ctx.with_untracked(&table, |now| now != after);
                    if changed_since && !crate::dom::confirm(s::PASTE_UNDO_AFTER_EDITS) {
                        return;
                    }
                    ctx.set(&table, before.clone());
                    note.set_class_name("paste-note");
                    note.set_inner_html(&format!("<p>{}</p><p class=\"actions\">{}</p>", s::PASTE_UNDONE, close_button(&note.id())));
                    crate::dom::focus_later(format!("{}-close", note.id()));
                }
                Some("close") => note.remove(),
                _ => {}
            }
        })
    };
    let _ = note.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    LISTENERS.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|(t, _)| t != table);
        l.push((table.to_string(), listener));
    });
    let _ = rows.after_with_node_1(&note);
}

fn close_button(note_id: &str) -> String {
    format!("<button type=\"button\" id=\"{note_id}-close\" data-act=\"close\">{}</button>", s::PASTE_CLOSE)
}

/// The note's content: the summary, the problems (the first [`LISTED_PROBLEMS`]), the buttons.
fn markup(table: &str, out: &Outcome, note_id: &str, can_undo: bool) -> String {
    let mut html = format!("<p>{}</p>", escape_html(&out.summary()));
    if !out.problems.is_empty() {
        html.push_str("<ul>");
        // Each one a button to its cell, to type the value in by hand.
        for p in out.problems.iter().take(LISTED_PROBLEMS) {
            let cell = field_id(&format!("{table}[{}].{}", p.row, p.key));
            html.push_str(&format!("<li><button type=\"button\" data-act=\"go\" data-to=\"{cell}\">{}</button></li>", escape_html(&p.message())));
        }
        html.push_str("</ul>");
        if out.problems.len() > LISTED_PROBLEMS {
            html.push_str(&format!("<p>{}</p>", s::PASTE_MORE_PROBLEMS.replace('N', &(out.problems.len() - LISTED_PROBLEMS).to_string())));
        }
    }
    html.push_str("<p class=\"actions\">");
    if can_undo {
        html.push_str(&format!("<button type=\"button\" data-act=\"undo\">{}</button> ", s::PASTE_UNDO));
    }
    html.push_str(&close_button(note_id));
    html.push_str("</p>");
    html
}
