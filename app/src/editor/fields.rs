//! Form widgets, one per field kind, generated from the field registry: every field of the
//! model appears with its label, hint and unit, and its findings next to it.

use leptos::prelude::*;
use serde_json::{Value, json};
use shenbao_core::fields::{FIELDS, FieldDef, FieldKind};
use shenbao_core::money;

use super::paint::{self, field_list_id};
use super::shown::List;
use super::state::EditorCtx;
use crate::dom::field_id;
use crate::strings as s;
use wasm_bindgen::JsCast;

/// Whether a field is relevant given the other answers (conditional parts of the form).
/// A field that holds something is never hidden, so no answer disappears from view.
pub fn visible(path: &str, ctx: &EditorCtx) -> bool {
    if ctx.filled(path) {
        return true;
    }
    let is = |p: &str, v: Value| ctx.get(p) == v;
    match path {
        "project.basic.original_accepted" => is("project.basic.construction_kind", json!("upgrade")),
        "project.basic.joint.lead_unit" | "project.basic.joint.partner_units" => is("project.basic.joint.is_joint", json!(true)),
        "project.procedure.merged_plan_basis" => is("project.basic.implementation", json!("self_build")),
        "project.procedure.upper_level_prefiled" => is("project.basic.upper_level_funded", json!(true)),
        "project.deployment.no_share_basis" => !is("project.deployment.data_sharing_platform", json!(true)),
        "project.deployment.location_note" => !is("project.deployment.location", json!("gov_cloud")),
        _ => true,
    }
}

/// Findings shown under a field: built from the list as it is, then kept up to date by
/// `paint` (which finds the list by its id).
#[component]
pub fn FieldFindings(path: String) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    view! { <ul class="field-findings" id=field_list_id(&path) inner_html=ctx.list_markup(List::Field(&path))></ul> }
}

/// The id of the budget's total line ([`budget_total_text`], kept up to date by the editor).
pub const BUDGET_TOTAL_ID: &str = "budget-total";

/// What the budget's total line shows: the lines' sum and the total investment (元), not
/// tracked.
pub fn budget_figures(ctx: &EditorCtx) -> (i128, Option<i64>) {
    (ctx.budget_sum(), ctx.with_untracked("project.basic.total_investment", Value::as_i64))
}

/// The budget's total line for its figures ([`budget_figures`]).
pub fn budget_total_text((sum, total): (i128, Option<i64>)) -> String {
    let total = total.map(|t| format!("{} 万元", money::format_wan(t as i128))).unwrap_or_else(|| s::NOT_FILLED.into());
    format!("{} {} 万元（总投资 {total}）", s::TOTAL, money::format_wan(sum))
}

/// The text of a span beside a box (its 元, its count), which the box's handler writes as it
/// is typed: returns the text now, and from then on writes the text `read` gives whenever what
/// it reads changes. Written whole (`set_text_content`) both ways: a reactive text node would be
/// replaced by the handler's write, and a change from elsewhere would then no longer show.
fn follow(node: NodeRef<leptos::html::Span>, read: impl Fn() -> String + Send + Sync + 'static) -> String {
    let now = untrack(&read);
    let built = now.clone();
    // The effect's first run comes after the span is built: it writes only if the text changed
    // in between.
    Effect::new(move |before: Option<()>| {
        let text = read();
        if (before.is_some() || text != built)
            && let Some(el) = node.get_untracked()
        {
            el.set_text_content(Some(&text));
        }
    });
    now
}

/// What the 元 beside an amount box shows for its value.
fn yuan_text(v: &Value) -> String {
    v.as_i64().map(|y| format!("= {} 元", money::format_yuan(y as i128))).unwrap_or_default()
}

/// What the count under a long text shows: its characters, blanks left out.
fn chars_text(v: &Value) -> String {
    format!("{} {}", v.as_str().map_or(0, |t| t.chars().filter(|c| !c.is_whitespace()).count()), s::CHARS)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// How a numeric field is typed and shown.
fn number_text(kind: FieldKind, v: &Value) -> String {
    let Some(n) = v.as_i64() else { return String::new() };
    match kind {
        FieldKind::Money => money::format_wan(n as i128).replace(',', ""),
        FieldKind::BasisPoints => format!("{}.{:02}", n / 100, n % 100),
        _ => n.to_string(),
    }
}

/// After a quantity or unit price changes, fill the line amount (数量 × 单价).
fn recompute_amount(ctx: &EditorCtx, path: &str) {
    let Some(row) = path.strip_suffix(".quantity").or_else(|| path.strip_suffix(".unit_price")) else { return };
    if !row.starts_with("project.cost_estimate.items[") {
        return;
    }
    let q = ctx.get(&format!("{row}.quantity")).as_u64();
    let p = ctx.get(&format!("{row}.unit_price")).as_u64();
    if let (Some(q), Some(p)) = (q, p)
        && let Some(a) = q.checked_mul(p)
    {
        ctx.set(&format!("{row}.amount"), Value::from(a));
    }
}

/// One input for one concrete path.
#[component]
pub fn FieldInput(path: String, def: &'static FieldDef, #[prop(optional)] compact: bool) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let id = field_id(&path);
    let hint_id = format!("{id}-hint");
    let described = format!("{hint_id} {id}-findings");
    // Whether the field has an error when the box is built; `paint` keeps its `aria-invalid` up
    // to date from then on (`paint::invalid`).
    let has_error = ctx.has_error(&path);
    let label = def.label;
    let required = def.required;
    let unit = def.unit;
    let p = path.clone();
    let findings_path = path.clone();
    let input = match def.kind {
        FieldKind::Text => view! {
            <input type="text" id=id.clone() aria-describedby=described.clone() aria-invalid=has_error.to_string()
                prop:value=move || ctx.box_with(&p, text_of)
                on:input=move |ev| {
                    crate::dom::stage("handler");
                    ctx.set_typed(&path, Value::String(event_target_value(&ev)));
                    crate::dom::stage("returned");
                } />
        }
        .into_any(),
        FieldKind::LongText => {
            let p2 = p.clone();
            // The count follows the box's own typing by a plain write in its handler, and any
            // other change through its reader (`box_with`): as a reader of the value, it was an
            // effect run after every keystroke (BENCHMARKS.md, seventeenth round).
            let count = NodeRef::<leptos::html::Span>::new();
            view! {
                <textarea id=id.clone() rows="5" aria-describedby=described.clone() aria-invalid=has_error.to_string()
                    prop:value=move || ctx.box_with(&p, text_of)
                    on:input=move |ev| {
                        crate::dom::stage("handler");
                        let v = Value::String(event_target_value(&ev));
                        if let Some(el) = count.get_untracked() {
                            el.set_text_content(Some(&chars_text(&v)));
                        }
                        ctx.set_typed(&path, v);
                        crate::dom::stage("returned");
                    }></textarea>
                <span class="count" node_ref=count>{follow(count, move || ctx.box_with(&p2, chars_text))}</span>
            }
            .into_any()
        }
        FieldKind::TextList => view! {
            <textarea id=id.clone() rows="3" aria-describedby=described.clone()
                prop:value=move || ctx.box_with(&p, |v| v.as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")).unwrap_or_default())
                on:input=move |ev| {
                    let lines: Vec<Value> = event_target_value(&ev).lines().map(|l| Value::String(l.to_string())).collect();
                    ctx.set_typed(&path, Value::Array(lines));
                }></textarea>
        }
        .into_any(),
        FieldKind::Money | FieldKind::Int | FieldKind::BasisPoints => {
            let kind = def.kind;
            // What was typed, while it is being typed (a half-typed amount such as 「12.」 reads
            // as 12): the box shows it, not the value read from it, until the box is left. Not a
            // signal: nothing is drawn from it as it changes, keystroke by keystroke.
            let raw = StoredValue::new(None::<String>);
            // Shows the value read again once the box is left (the box is not re-set by its own
            // typing, `EditorCtx::box_with`).
            let left = Trigger::new();
            // Whether the text cannot be read (shows a message); set only when that changes. The
            // box carries it too (`paint::UNREADABLE`), before the check of the keystroke, for
            // `paint::invalid`, which sets the box's `aria-invalid` from it and the findings.
            let bad = RwSignal::new(false);
            let p2 = p.clone();
            // An amount's 元 follows the box's own typing by a plain write in its handler, and
            // any other change (the amount a quantity computes) through its reader (see the
            // count of a long text).
            let yuan = NodeRef::<leptos::html::Span>::new();
            let show_yuan = move |v: &Value| {
                if let Some(el) = yuan.get_untracked() {
                    el.set_text_content(Some(&yuan_text(v)));
                }
            };
            let mode = if kind == FieldKind::Int { "numeric" } else { "decimal" };
            view! {
                <input type="text" inputmode=mode id=id.clone() aria-describedby=described.clone() aria-invalid=has_error.to_string()
                    prop:value=move || {
                        left.track();
                        ctx.box_with(&p, |v| raw.get_value().unwrap_or_else(|| number_text(kind, v)))
                    }
                    on:input=move |ev| {
                        crate::dom::stage("handler");
                        let t = event_target_value(&ev);
                        let unreadable = !t.trim().is_empty() && shenbao_core::typed::number(kind, &t).is_none();
                        let turned = unreadable != bad.get_untracked();
                        if turned {
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                let _ = el.toggle_attribute_with_force(paint::UNREADABLE, unreadable);
                            }
                            bad.set(unreadable);
                        }
                        if t.trim().is_empty() {
                            show_yuan(&Value::Null);
                            ctx.set_typed(&path, Value::Null);
                        } else if let Some(v) = shenbao_core::typed::number(kind, &t) {
                            show_yuan(&v);
                            // One check for the value typed and the amount it computes.
                            ctx.batch(|| {
                                ctx.set_typed(&path, v);
                                recompute_amount(&ctx, &path);
                            });
                        }
                        raw.set_value(Some(t));
                        if turned {
                            paint::invalid(&path, ctx.has_error(&path));
                        }
                        crate::dom::stage("returned");
                    }
                    on:blur=move |_| {
                        if !bad.get_untracked() && raw.with_value(Option::is_some) {
                            raw.set_value(None);
                            left.notify();
                        }
                    } />
                {(kind == FieldKind::Money).then(|| view! {
                    <span class="yuan" node_ref=yuan>{follow(yuan, move || ctx.box_with(&p2, yuan_text))}</span>
                })}
                <Show when=move || bad.get()>
                    <span class="input-error" role="alert">{match kind {
                        FieldKind::Money => s::BAD_MONEY,
                        FieldKind::BasisPoints => s::BAD_PERCENT,
                        _ => s::BAD_INT,
                    }}</span>
                </Show>
            }
            .into_any()
        }
        FieldKind::Bool => view! {
            <input type="checkbox" id=id.clone() aria-describedby=described.clone()
                prop:checked=move || ctx.get(&p) == Value::Bool(true)
                on:change=move |ev| ctx.set(&path, Value::Bool(event_target_checked(&ev))) />
        }
        .into_any(),
        FieldKind::Date => view! {
            <input type="date" id=id.clone() aria-describedby=described.clone() aria-invalid=has_error.to_string()
                prop:value=move || ctx.box_with(&p, text_of)
                on:input=move |ev| {
                    let t = event_target_value(&ev);
                    ctx.set_typed(&path, if t.is_empty() { Value::Null } else { Value::String(t) });
                } />
        }
        .into_any(),
        FieldKind::Choice(list) => view! {
            <select id=id.clone() aria-describedby=described.clone() aria-invalid=has_error.to_string()
                prop:value=move || text_of(&ctx.get(&p))
                on:change=move |ev| {
                    let t = event_target_value(&ev);
                    ctx.set(&path, if t.is_empty() { Value::Null } else { Value::String(t) });
                }>
                <option value="">{s::CHOOSE}</option>
                {list.iter().map(|(id, label)| view! { <option value=*id>{*label}</option> }).collect_view()}
            </select>
        }
        .into_any(),
        FieldKind::ChoiceList(list) => view! {
            <fieldset class="choices" id=id.clone() aria-describedby=described.clone()>
                <legend class="sr-only">{label}</legend>
                {list.iter().map(|(cid, clabel)| {
                    let cb_id = format!("{id}-{cid}");
                    let (pa, pb) = (path.clone(), path.clone());
                    let cid = *cid;
                    let cb_for = cb_id.clone();
                    view! {
                        <label class="choice" for=cb_for>
                            <input type="checkbox" id=cb_id
                                prop:checked=move || ctx.get(&pa).as_array().is_some_and(|a| a.iter().any(|x| x == cid))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let mut items: Vec<Value> = ctx.get(&pb).as_array().cloned().unwrap_or_default();
                                    items.retain(|x| x != cid);
                                    if on { items.push(Value::from(cid)); }
                                    // Keep the registry's order so saved files are stable.
                                    shenbao_core::order::sort_by_key(&mut items, |x| list.iter().position(|(i, _)| x == *i));
                                    ctx.set(&pb, Value::Array(items));
                                } />
                            " " {*clabel}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        FieldKind::Group | FieldKind::Table => ().into_any(),
    };
    let label_view = if matches!(def.kind, FieldKind::ChoiceList(_)) {
        view! { <span class="label">{label}{required.then_some(" ✱")}</span> }.into_any()
    } else {
        view! { <label class="label" for=id.clone()>{label}{required.then_some(" ✱")}</label> }.into_any()
    };
    let class = if compact {
        "field compact"
    } else if def.kind == FieldKind::Bool {
        "field field-bool"
    } else {
        "field"
    };
    view! {
        <div class=class>
            {label_view}
            <div class="control">
                {input}
                {(!unit.is_empty() && !compact).then(|| view! { <span class="unit">{if def.kind == FieldKind::Money { "万元" } else { unit }}</span> })}
            </div>
            {(!def.hint.is_empty() && !compact).then(|| view! { <p class="hint" id=hint_id.clone()>{def.hint}</p> })}
            <FieldFindings path=findings_path />
        </div>
    }
}

/// A table (list of rows) with add, remove and reorder.
#[component]
pub fn TableInput(path: String, def: &'static FieldDef) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let columns: Vec<&'static FieldDef> = FIELDS.iter().filter(|f| f.path.strip_prefix(def.path).is_some_and(|r| r.starts_with("[]."))).collect();
    let len = {
        let path = path.clone();
        Memo::new(move |_| ctx.len_at(&path))
    };
    let rows = |ctx: &EditorCtx, path: &str| ctx.get(path).as_array().cloned().unwrap_or_default();
    let p_add = path.clone();
    let id = field_id(&path);
    let add_id = format!("{id}-add");
    let is_cost = def.path == "project.cost_estimate.items";
    let copy_id = id.clone();
    view! {
        <div class="table-field" id=id.clone() tabindex="-1">
            <h4 class="label">{def.label}{def.required.then_some(" ✱")}</h4>
            {(!def.hint.is_empty()).then(|| view! { <p class="hint">{def.hint}</p> })}
            <FieldFindings path=path.clone() />
            <ol class="rows">
                <For each=move || 0..len.get() key=|i| *i let:i>
                    {
                        let row_path = format!("{path}[{i}]");
                        let (pu, pd, pr) = (path.clone(), path.clone(), path.clone());
                        view! {
                            <li class="row">
                                <div class="row-head">
                                    <span class="row-no">{format!("第 {} 行", i + 1)}</span>
                                    <button type="button" aria-label=format!("上移第 {} 行", i + 1) disabled=move || i == 0
                                        on:click=move |_| { let mut r = rows(&ctx, &pu); if i > 0 { r.swap(i, i - 1); ctx.set(&pu, Value::Array(r)); crate::dom::focus_later(format!("{}-up", field_id(&format!("{pu}[{}]", i - 1)))); } }
                                        id=format!("{}-up", field_id(&row_path))>"↑"</button>
                                    <button type="button" aria-label=format!("下移第 {} 行", i + 1) disabled=move || { i + 1 >= len.get() }
                                        on:click=move |_| { let mut r = rows(&ctx, &pd); if i + 1 < r.len() { r.swap(i, i + 1); ctx.set(&pd, Value::Array(r)); crate::dom::focus_later(format!("{}-down", field_id(&format!("{pd}[{}]", i + 1)))); } }
                                        id=format!("{}-down", field_id(&row_path))>"↓"</button>
                                    <button type="button" class="danger" aria-label=format!("删除第 {} 行", i + 1)
                                        on:click=move |_| {
                                            let mut r = rows(&ctx, &pr);
                                            if i < r.len() && crate::dom::confirm(&format!("删除第 {} 行？", i + 1)) {
                                                r.remove(i);
                                                ctx.set(&pr, Value::Array(r));
                                                crate::dom::focus_later(format!("{}-add", field_id(&pr)));
                                            }
                                        }>{s::REMOVE}</button>
                                </div>
                                <div class="row-fields">
                                    {columns.iter().map(|c| {
                                        let col = c.path.rsplit('.').next().unwrap_or("");
                                        view! { <FieldInput path=format!("{row_path}.{col}") def=*c /> }
                                    }).collect_view()}
                                </div>
                            </li>
                        }
                    }
                </For>
            </ol>
            <button type="button" id=add_id on:click=move |_| {
                let mut r = rows(&ctx, &p_add);
                r.push(json!({}));
                let n = r.len() - 1;
                ctx.set(&p_add, Value::Array(r));
                let first = FIELDS.iter().find(|f| f.path.starts_with(&format!("{}[].", def.path))).map(|f| f.path.rsplit('.').next().unwrap_or("")).unwrap_or("");
                crate::dom::focus_later(field_id(&format!("{p_add}[{n}].{first}")));
            }>{s::ADD_ROW}</button>
            " "
            <button type="button" id=format!("{id}-copy") on:click=move |_| crate::lazy::cells(ctx, copy_id.clone(), super::paste::Cells::Copy)>{s::COPY_TABLE}</button>
            <p class="hint">{s::PASTE_HINT}</p>
            {is_cost.then(|| view! {
                <p class="total" id=BUDGET_TOTAL_ID aria-live="polite">{budget_total_text(budget_figures(&ctx))}</p>
            })}
        </div>
    }
}

fn field_view(d: &'static FieldDef, path: String) -> AnyView {
    match d.kind {
        FieldKind::Group => view! { <h4 class="subgroup">{d.label}</h4> }.into_any(),
        FieldKind::Table => view! { <TableInput path=path def=d /> }.into_any(),
        _ => view! { <FieldInput path=path def=d /> }.into_any(),
    }
}

/// Every field under `prefix` (not inside a table), in registry order.
#[component]
pub fn FieldsUnder(prefix: &'static str) -> impl IntoView {
    let ctx = expect_context::<EditorCtx>();
    let defs: Vec<&'static FieldDef> =
        FIELDS.iter().filter(|f| f.path.strip_prefix(prefix).is_some_and(|r| r.starts_with('.')) && !f.path.contains("[]")).collect();
    defs.into_iter()
        .map(|d| {
            let path = d.path.to_string();
            let p = path.clone();
            // While the user is in the field it stays, whatever it holds: a conditional field
            // cleared to be typed again is hidden once left, not under the caret.
            let editing = RwSignal::new(false);
            let left = move |ev: web_sys::FocusEvent| {
                let slot = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                let to = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
                if !slot.is_some_and(|s| s.contains(to.as_ref())) {
                    editing.set(false);
                }
            };
            view! {
                <Show when=move || editing.get() || visible(&p, &ctx)>
                    <div class="field-slot" on:focusin=move |_| if !editing.get_untracked() { editing.set(true) } on:focusout=left>
                        {field_view(d, path.clone())}
                    </div>
                </Show>
            }
        })
        .collect_view()
}
