//! The editor in a real browser: findings appear and clear as the user types, bad input is
//! explained without losing anything, 说明 boxes, autosave with revisions.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use shenbao_app::draft::Draft;
use shenbao_app::editor::paint::{field_item, item_id, reconcile, serial_of, summary_item, update};
use shenbao_app::editor::shown::{ItemKey, List, Shown};
use shenbao_app::storage::{SaveError, Store};
use shenbao_core::Finding;
use shenbao_core::pack::Severity;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{answer_confirm, document, fire, sleep};

const FIXTURE: &str = include_str!("../../tests/fixtures/bazhong/project.json");

fn draft(id: &str) -> Draft {
    let mut d = Draft::new(id.into(), "bazhong", true, false);
    d.submission = serde_json::from_str(FIXTURE).unwrap();
    d
}

fn mount(d: Draft) -> (web_sys::Element, impl Drop) {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        view! { <shenbao_app::editor::Editor draft=d.clone() on_close=Callback::new(|_| ()) /> }
    });
    (host, handle)
}

fn input(host: &web_sys::Element, id: &str) -> web_sys::HtmlInputElement {
    host.query_selector(&format!("#{id}")).unwrap().unwrap_or_else(|| panic!("no #{id}")).unchecked_into()
}

fn type_into(el: &web_sys::HtmlInputElement, value: &str) {
    el.set_value(value);
    fire(el, "input");
}

fn status(host: &web_sys::Element) -> String {
    host.query_selector(".status-line").unwrap().unwrap().text_content().unwrap()
}

#[wasm_bindgen_test]
async fn findings_appear_and_clear_as_the_user_types() {
    let (host, _h) = mount(draft("t-findings"));
    sleep(20).await;
    assert!(status(&host).contains("无错误"), "{}", status(&host));
    let status_el = host.query_selector(".status-line").unwrap().unwrap();
    assert_eq!(status_el.get_attribute("aria-live").as_deref(), Some("polite"));

    let trial = input(&host, "f-project-operations-trial_months");
    type_into(&trial, "1");
    sleep(20).await;
    assert!(status(&host).contains("项错误"), "{}", status(&host));
    let near = host.query_selector("#f-project-operations-trial_months-findings").unwrap().unwrap().text_content().unwrap();
    assert!(near.contains("巴中·第二十八条"), "{near}");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("true"));
    let summary = host.query_selector(".summary").unwrap().unwrap().text_content().unwrap();
    assert!(summary.contains("试运行"), "{summary}");

    type_into(&trial, "3");
    sleep(20).await;
    assert!(status(&host).contains("无错误"), "{}", status(&host));
    assert_eq!(host.query_selector("#f-project-operations-trial_months-findings li").unwrap(), None);
}

/// Whether the findings panel shows its note with this class (`ok`: 未发现问题; `input-error`:
/// why the document cannot be checked), and its text.
fn note(host: &web_sys::Element, class: &str) -> Option<String> {
    let el = host.query_selector(&format!(".summary p.{class}")).unwrap().unwrap_or_else(|| panic!("no note .{class}"));
    (!el.has_attribute("hidden")).then(|| el.text_content().unwrap())
}

#[wasm_bindgen_test]
async fn the_panel_says_nothing_was_found_exactly_while_nothing_is_and_why_it_cannot_check() {
    let (host, _h) = mount(draft("t-notes"));
    sleep(20).await;
    assert_eq!(note(&host, "ok").as_deref(), Some("未发现问题。"));
    assert_eq!(note(&host, "input-error"), None);
    // The first finding in a clean project hides the note in the keystroke's own pass (no
    // waiting), and the last one gone shows it again.
    let trial = input(&host, "f-project-operations-trial_months");
    type_into(&trial, "1");
    assert_eq!(note(&host, "ok"), None);
    type_into(&trial, "2");
    assert_eq!(note(&host, "ok"), None);
    type_into(&trial, "3");
    assert_eq!(note(&host, "ok").as_deref(), Some("未发现问题。"));
    drop(_h);

    // Without its rule pack the document cannot be checked: the panel says why, and not that
    // nothing was found.
    let mut d = draft("t-notes-no-pack");
    d.pack_id = "no-such-pack".into();
    let (host, _h) = mount(d);
    sleep(20).await;
    assert_eq!(note(&host, "ok"), None);
    let missing = "本浏览器没有此草稿所用的规则包，无法检查：请返回首页「载入规则包文件」，草稿内容不受影响。";
    assert_eq!(note(&host, "input-error").as_deref(), Some(missing));
    type_into(&input(&host, "f-project-operations-trial_months"), "1");
    assert_eq!(note(&host, "input-error").as_deref(), Some(missing));
    assert!(host.text_content().unwrap().contains("规则包“no-such-pack”未载入"), "the pack named where the form names it");
}

/// The budget's total line (合计 … 万元（总投资 …）).
fn budget_total(host: &web_sys::Element) -> String {
    host.query_selector(".table-field .total").unwrap().expect("the budget's total").text_content().unwrap()
}

#[wasm_bindgen_test]
async fn the_budget_total_follows_the_lines_as_they_are_typed() {
    // Read from what the check has read (`EditorCtx::budget_sum`) and, without a rule pack,
    // from the document: the same figures either way.
    for pack in ["bazhong", "no-such-pack"] {
        let mut d = draft(&format!("t-total-{pack}"));
        d.pack_id = pack.into();
        let (host, _h) = mount(d);
        sleep(20).await;
        assert_eq!(budget_total(&host), "合计 248 万元（总投资 248 万元）", "{pack}");
        // In the check's pass: at once.
        type_into(&input(&host, "f-project-cost_estimate-items-1-amount"), "26.5");
        assert_eq!(budget_total(&host), "合计 248.5 万元（总投资 248 万元）", "{pack}");
        // A quantity typed: the amount it computes (2 × 128) is in the total.
        type_into(&input(&host, "f-project-cost_estimate-items-0-quantity"), "2");
        assert_eq!(budget_total(&host), "合计 376.5 万元（总投资 248 万元）", "{pack}");
        sleep(20).await;
        assert_eq!(input(&host, "f-project-cost_estimate-items-0-amount").value(), "256", "{pack}");
        // A line's amount cleared counts as nothing; the total investment typed follows too.
        type_into(&input(&host, "f-project-cost_estimate-items-2-amount"), "");
        type_into(&input(&host, "f-project-basic-total_investment"), "358.5");
        assert_eq!(budget_total(&host), "合计 358.5 万元（总投资 358.5 万元）", "{pack}");
    }
}

/// The text beside or under a box: its 元 (`.yuan`) or its count (`.count`).
fn beside(host: &web_sys::Element, id: &str, class: &str) -> String {
    host.query_selector(&format!("#{id} ~ .{class}")).unwrap().unwrap_or_else(|| panic!("no .{class} beside #{id}")).text_content().unwrap()
}

#[wasm_bindgen_test]
async fn an_amount_s_yuan_and_a_text_s_count_follow_typing_at_once_and_changes_from_elsewhere() {
    let (host, _h) = mount(draft("t-beside"));
    sleep(20).await;
    let amount = "f-project-cost_estimate-items-0-amount";
    assert_eq!(beside(&host, amount, "yuan"), "= 1,280,000 元");
    // Typed: at once, before anything else runs.
    type_into(&input(&host, amount), "26.5");
    assert_eq!(beside(&host, amount, "yuan"), "= 265,000 元");
    type_into(&input(&host, amount), "");
    assert_eq!(beside(&host, amount, "yuan"), "");
    // Not readable: the box says so, and the 元 stays what was last read.
    type_into(&input(&host, amount), "12.3.");
    assert_eq!(beside(&host, amount, "yuan"), "");
    type_into(&input(&host, amount), "128");
    fire(&input(&host, amount), "blur");
    // Computed from a quantity typed elsewhere: its reader follows.
    type_into(&input(&host, "f-project-cost_estimate-items-0-quantity"), "2");
    sleep(20).await;
    assert_eq!(input(&host, amount).value(), "256");
    assert_eq!(beside(&host, amount, "yuan"), "= 2,560,000 元");
    // A long text's count, blanks left out.
    let basis = "f-project-requirement_plan-basis";
    let area: web_sys::HtmlTextAreaElement = host.query_selector(&format!("#{basis}")).unwrap().unwrap().unchecked_into();
    area.set_value("依据 一\n二");
    fire(&area, "input");
    assert_eq!(beside(&host, basis, "count"), "4 字");
}

#[wasm_bindgen_test]
async fn a_conditional_field_shows_while_its_condition_holds_or_it_holds_a_value() {
    let (host, _h) = mount(draft("t-conditional"));
    sleep(20).await;
    let (share, basis) = ("f-project-deployment-data_sharing_platform", "f-project-deployment-no_share_basis");
    let shown = || host.query_selector(&format!("#{basis}")).unwrap().is_some();
    assert!(!shown(), "data are shared and no basis is written: hidden");
    let checkbox = input(&host, share);
    checkbox.set_checked(false);
    fire(&checkbox, "change");
    sleep(20).await;
    assert!(shown(), "not shared: asked why");
    fire(&input(&host, basis), "focusin");
    for text in ["依", "依据", "依据《条例》"] {
        type_into(&input(&host, basis), text);
        sleep(20).await;
        assert!(shown(), "typing {text}");
    }
    checkbox.set_checked(true);
    fire(&checkbox, "change");
    sleep(20).await;
    assert!(shown(), "shared again, but it holds an answer: still shown");
    type_into(&input(&host, basis), "依据");
    sleep(20).await;
    assert!(shown(), "still holds an answer");
    type_into(&input(&host, basis), "  ");
    sleep(20).await;
    assert!(shown(), "cleared (blanks only) while shared, but the user is still in it: it stays");
    fire(&input(&host, basis), "focusout");
    sleep(20).await;
    assert!(!shown(), "left empty while shared: hidden");
}

/// The findings panel's revision: how many checks have run (`data-report-rev`).
fn revision(host: &web_sys::Element) -> u64 {
    host.query_selector(".summary").unwrap().unwrap().get_attribute("data-report-rev").unwrap().parse().unwrap()
}

#[wasm_bindgen_test]
async fn a_keystroke_is_checked_once_and_its_findings_shown_before_its_handler_returns() {
    let (host, _h) = mount(draft("t-sync"));
    sleep(20).await;
    let rev = revision(&host);
    // No wait between typing and reading: the check and everything drawn from the findings are
    // in the page as soon as the input event is handled — the findings, the status line, the
    // navigation's count, the box's aria-invalid, the sign panel's reason.
    let nav_state = |sec: &str| {
        let a = host.query_selector(&format!("nav.sections a[href='#sec-{sec}']")).unwrap().unwrap();
        a.parent_element().unwrap().query_selector(".nav-state").unwrap().unwrap().text_content().unwrap()
    };
    let reasons = || host.query_selector("#sign-blockers").unwrap().map(|e| e.text_content().unwrap()).unwrap_or_default();
    assert!(host.query_selector("#sign-blockers").unwrap().is_some(), "the sign panel is shown");
    assert!(!reasons().contains("项错误"), "{}", reasons());
    let trial = input(&host, "f-project-operations-trial_months");
    type_into(&trial, "1");
    assert_eq!(revision(&host), rev + 1);
    let near = host.query_selector("#f-project-operations-trial_months-findings").unwrap().unwrap().text_content().unwrap();
    assert!(near.contains("巴中·第二十八条"), "{near}");
    let summary = host.query_selector(".summary").unwrap().unwrap().text_content().unwrap();
    assert!(summary.contains("试运行"), "{summary}");
    assert!(status(&host).contains("1 项错误"), "{}", status(&host));
    assert_eq!(nav_state("project-operations"), "1 错");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(reasons().contains("项错误"), "{}", reasons());
    type_into(&trial, "3");
    assert_eq!(revision(&host), rev + 2);
    assert_eq!(host.query_selector("#f-project-operations-trial_months-findings li").unwrap(), None);
    assert!(status(&host).contains("无错误"), "{}", status(&host));
    assert_eq!(nav_state("project-operations"), "✓");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(!reasons().contains("项错误"), "{}", reasons());
    // A quantity and the line amount it computes are two writes and one check.
    type_into(&input(&host, "f-project-cost_estimate-items-0-quantity"), "3");
    assert_eq!(revision(&host), rev + 3);
    sleep(20).await;
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-amount").value(), "384");
    assert_eq!(revision(&host), rev + 3, "nothing checks it again later");
}

#[wasm_bindgen_test]
async fn bad_numbers_are_explained_and_the_old_value_kept() {
    let (host, _h) = mount(draft("t-bad"));
    sleep(20).await;
    let total = input(&host, "f-project-basic-total_investment");
    assert_eq!(total.value(), "248");
    assert_eq!(total.get_attribute("aria-invalid").as_deref(), Some("false"));
    type_into(&total, "24８万");
    assert_eq!(total.get_attribute("aria-invalid").as_deref(), Some("true"), "at once, as the findings are");
    sleep(20).await;
    let text = host.text_content().unwrap();
    assert!(text.contains("请输入以万元计的金额"), "explains the problem");
    assert_eq!(total.value(), "24８万", "what the user typed stays in the box");
    assert!(status(&host).contains("无错误"), "the stored amount is unchanged: {}", status(&host));
    assert_eq!(total.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&total, "248");
    assert_eq!(total.get_attribute("aria-invalid").as_deref(), Some("false"), "read again, and the total agrees with its parts");
    type_into(&total, "350");
    assert_eq!(total.get_attribute("aria-invalid").as_deref(), Some("true"), "a total that differs from its parts is an error");
    sleep(20).await;
    assert!(host.text_content().unwrap().contains("= 3,500,000 元"));
    assert!(!host.text_content().unwrap().contains("请输入以万元计的金额"));
    // An amount that cannot be read in a box whose field has an error stays invalid once it
    // reads again; the error's going clears it.
    let trial = input(&host, "f-project-operations-trial_months");
    type_into(&trial, "1");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&trial, "1x");
    sleep(20).await;
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&trial, "1");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("true"), "the error is still there");
    type_into(&trial, "3");
    assert_eq!(trial.get_attribute("aria-invalid").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn warnings_get_a_justification_box_that_counts() {
    let (host, _h) = mount(draft("t-justify"));
    sleep(20).await;
    // 巴中·第八条（一）: a server line is a warning.
    let cat: web_sys::HtmlSelectElement = host.query_selector("#f-project-cost_estimate-items-3-category").unwrap().unwrap().unchecked_into();
    cat.set_value("server");
    fire(&cat, "change");
    sleep(20).await;
    assert!(status(&host).contains("1 项警告待说明"), "{}", status(&host));
    let boxes = host.query_selector_all(".justify textarea").unwrap();
    assert_eq!(boxes.length(), 1);
    let ta: web_sys::HtmlTextAreaElement = boxes.get(0).unwrap().unchecked_into();
    ta.set_value("经数据局同意，保留原有服务器。");
    fire(&ta, "input");
    sleep(20).await;
    assert!(status(&host).contains("均已说明"), "{}", status(&host));
    let item = ta.closest("li.summary-item").unwrap().unwrap();
    assert!(item.class_list().contains("explained"), "the explained warning is marked: {}", item.class_name());
    ta.set_value(" ");
    fire(&ta, "input");
    sleep(20).await;
    assert!(!item.class_list().contains("explained"), "a blank 说明 explains nothing: {}", item.class_name());
    assert!(status(&host).contains("1 项警告待说明"), "{}", status(&host));
}

#[wasm_bindgen_test]
async fn a_finding_whose_values_change_is_updated_in_place() {
    // A message names the values as typed, so it changes with each keystroke in an amount:
    // the items showing it (summary and under the field) must show the new text, and must be
    // the same elements, not rebuilt ones (which would lose focus, scroll and 说明 text).
    let (host, _h) = mount(draft("t-in-place"));
    sleep(20).await;
    let total = input(&host, "f-project-basic-total_investment");
    let items = |sel: &str| {
        let list = host.query_selector_all(sel).unwrap();
        (0..list.length()).map(|i| list.get(i).unwrap().unchecked_into::<web_sys::Element>()).collect::<Vec<_>>()
    };
    let summary = || items("li.summary-item");
    let near = || items("#f-project-basic-total_investment-findings li");
    type_into(&total, "249");
    sleep(20).await;
    let (before, before_near) = (summary(), near());
    assert!(!before.is_empty() && !before_near.is_empty(), "a total that differs from its parts is an error");
    assert!(before.iter().all(|li| li.text_content().unwrap().contains("249 万元")), "the message names the value typed");
    type_into(&total, "250");
    sleep(20).await;
    let (after, after_near) = (summary(), near());
    assert_eq!(after.len(), before.len());
    assert_eq!(after_near.len(), before_near.len());
    for (a, b) in after.iter().zip(&before).chain(after_near.iter().zip(&before_near)) {
        let text = a.text_content().unwrap();
        assert!(text.contains("250 万元") && !text.contains("249 万元"), "shows the new value: {text}");
        assert!(a.is_same_node(Some(b)), "updated in place, not rebuilt: {text}");
    }
    assert!(status(&host).contains(&format!("{} 项错误", after.len())), "{}", status(&host));
    // The errors group shows its count; once empty it is hidden (the same element, kept).
    let group = host.query_selector("section.group-错误").unwrap().unwrap();
    assert!(!group.has_attribute("hidden"));
    let heading = group.query_selector("h3").unwrap().unwrap().text_content().unwrap();
    assert!(heading.contains(&format!("（{} 项）", after.len())), "{heading}");
    type_into(&total, "248");
    sleep(20).await;
    assert!(summary().is_empty() && near().is_empty(), "gone once the total agrees again");
    assert!(group.has_attribute("hidden"), "an empty group is hidden");
    assert!(host.query_selector("section.group-错误").unwrap().unwrap().is_same_node(Some(&group)));
    assert!(status(&host).contains("无错误"), "{}", status(&host));
}

#[wasm_bindgen_test]
async fn a_finding_s_button_jumps_to_its_field_and_its_source_opens_on_demand() {
    let (host, _h) = mount(draft("t-source"));
    sleep(20).await;
    type_into(&input(&host, "f-project-basic-total_investment"), "249");
    sleep(20).await;
    let item = host.query_selector("li.summary-item").unwrap().expect("a total that differs from its parts is an error");
    let el = |sel: &str| -> web_sys::HtmlElement { item.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}")).unchecked_into() };
    // The source is written when first opened, and closes again.
    let (toggle, source) = (el(".source-toggle"), el(".source"));
    assert!(source.hidden() && source.inner_html().is_empty(), "closed and not yet written");
    assert_eq!(toggle.get_attribute("aria-controls"), Some(source.id()));
    toggle.click();
    assert!(!source.hidden());
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let text = source.text_content().unwrap();
    assert!(text.contains("第六条") && text.contains("各行金额合计等于总投资"), "the citation and its quotation: {text}");
    toggle.click();
    assert!(source.hidden());
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    // The message is a button to the field the finding names.
    el(".jump").click();
    let active = document().active_element().unwrap().id();
    assert!(active.starts_with("f-project-"), "focus moves to a field of the finding: {active}");
}

#[wasm_bindgen_test]
async fn a_city_rule_s_source_shows_its_whole_article_with_the_quotation_marked() {
    let (host, _h) = mount(draft("t-article"));
    sleep(20).await;
    // Below Bazhong's 30 万元 threshold (第二条): an item citing the city's regulation, and an
    // error from the generic consistency check (the lines no longer add up), which cites none.
    type_into(&input(&host, "f-project-basic-total_investment"), "20");
    sleep(20).await;
    let items = host.query_selector_all("li.summary-item").unwrap();
    let items: Vec<web_sys::Element> = (0..items.length()).map(|i| items.get(i).unwrap().unchecked_into()).collect();
    for item in &items {
        item.query_selector(".source-toggle").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>().click();
    }
    let city = items.iter().find(|li| li.text_content().unwrap().contains("巴中·第二条")).expect("the threshold's item");
    let generic = items.iter().find(|li| li.text_content().unwrap().contains("第六条")).expect("the sum's item");
    assert!(generic.query_selector(".article-toggle").unwrap().is_none(), "a generic check has no regulation to show");
    let toggle: web_sys::HtmlElement = city.query_selector(".article-toggle").unwrap().expect("a full-text button").unchecked_into();
    assert_eq!(toggle.text_content().unwrap(), "查看第二条全文");
    let full: web_sys::HtmlElement = city.query_selector(".article-full").unwrap().unwrap().unchecked_into();
    assert!(full.hidden() && full.inner_html().is_empty(), "closed and not loaded");
    toggle.click();
    sleep(50).await;
    assert!(!full.hidden());
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    let text = full.query_selector(".article-text").unwrap().expect("the article");
    let heading = text.query_selector("b").unwrap().unwrap().text_content().unwrap();
    assert_eq!(heading, "第二条");
    let marked = text.query_selector("mark").unwrap().expect("the quotation marked").text_content().unwrap();
    assert_eq!(marked, "投资额度在30万元以上的新建、扩建及升级改造的非涉密信息化项目");
    assert!(text.text_content().unwrap().contains("主要包括信息化基础设施"), "the article beyond the quotation");
    // Closed and opened again: the same article, not loaded twice.
    toggle.click();
    assert!(full.hidden());
    toggle.click();
    assert!(!full.hidden() && full.query_selector(".article-text").unwrap().unwrap().is_same_node(Some(&text)));
}

#[wasm_bindgen_test]
async fn a_box_keeps_what_is_typed_and_follows_changes_made_elsewhere() {
    let (host, _h) = mount(draft("t-boxes"));
    sleep(20).await;
    // A half-typed amount stays as typed while the box is in use, and is shown as read once left.
    let total = input(&host, "f-project-basic-total_investment");
    type_into(&total, "248.50");
    sleep(20).await;
    assert_eq!(total.value(), "248.50");
    fire(&total, "blur");
    sleep(20).await;
    assert_eq!(total.value(), "248.5", "shown as read once the box is left");
    // A line's amount follows its quantity: set by the form, not typed into the amount's box.
    let amount = input(&host, "f-project-cost_estimate-items-0-amount");
    assert_eq!(amount.value(), "128");
    type_into(&input(&host, "f-project-cost_estimate-items-0-quantity"), "3");
    sleep(20).await;
    assert_eq!(amount.value(), "384");
    // A list typed one line at a time keeps the line being started.
    let joint: web_sys::HtmlInputElement = host.query_selector("#f-project-basic-joint-is_joint").unwrap().unwrap().unchecked_into();
    joint.set_checked(true);
    fire(&joint, "change");
    sleep(20).await;
    let partners: web_sys::HtmlTextAreaElement =
        host.query_selector("#f-project-basic-joint-partner_units").unwrap().expect("shown for a joint project").unchecked_into();
    partners.set_value("市大数据中心\n");
    fire(&partners, "input");
    sleep(20).await;
    assert_eq!(partners.value(), "市大数据中心\n", "the new line being started stays");
    partners.set_value("市大数据中心\n市政务服务中心");
    fire(&partners, "input");
    sleep(20).await;
    assert_eq!(partners.value(), "市大数据中心\n市政务服务中心");
}

#[wasm_bindgen_test]
async fn cell_edits_update_the_findings_of_their_rows() {
    // The editor re-reads and re-checks only the edited row of a table; the findings of the
    // other rows must stay, and the edited row's must come and go.
    let (host, _h) = mount(draft("t-cells"));
    sleep(20).await;
    let choose = |row: usize, category: &str| {
        let cat: web_sys::HtmlSelectElement = host.query_selector(&format!("#f-project-cost_estimate-items-{row}-category")).unwrap().unwrap().unchecked_into();
        cat.set_value(category);
        fire(&cat, "change");
    };
    let flagged = |row: usize| host.query_selector(&format!("#f-project-cost_estimate-items-{row}-category-findings li")).unwrap().is_some();
    choose(3, "server");
    sleep(20).await;
    choose(5, "storage");
    sleep(20).await;
    assert!(status(&host).contains("2 项警告待说明"), "{}", status(&host));
    assert!(flagged(3) && flagged(5));
    // The section navigation counts them beside 资金估算.
    let nav = || host.query_selector("nav.sections a[href='#sec-project-cost_estimate']").unwrap().unwrap().parent_element().unwrap();
    assert_eq!(nav().class_name(), "nav-warning");
    assert!(nav().text_content().unwrap().contains("2 警"), "{}", nav().text_content().unwrap());
    // The summary keeps the items of findings that did not change (with their 说明 boxes).
    let box_of_row_6 = || host.query_selector("textarea[id*='items-5-category']").unwrap().expect("the 说明 box of row 6's warning");
    let kept = box_of_row_6();
    choose(3, "app_development");
    sleep(20).await;
    assert!(kept.is_same_node(Some(&box_of_row_6())), "row 6's finding was not rebuilt");
    assert!(status(&host).contains("1 项警告待说明"), "{}", status(&host));
    assert!(!flagged(3) && flagged(5));
    assert!(nav().text_content().unwrap().contains("1 警"), "{}", nav().text_content().unwrap());
    // A text cell of the same row: the row's finding stays.
    type_into(&input(&host, "f-project-cost_estimate-items-5-name"), "存储扩容");
    sleep(20).await;
    assert!(flagged(5), "the finding of row 6 stays after editing its name");
    assert!(status(&host).contains("1 项警告待说明"), "{}", status(&host));
}

/// The navigation shows the errors under each section; an entry built later (a document
/// added) shows the counts of that moment, and then follows them.
#[wasm_bindgen_test]
async fn the_navigation_counts_errors_under_each_section_even_one_added_later() {
    let (host, _h) = mount(draft("t-nav"));
    sleep(20).await;
    let entry = |sec: &str| host.query_selector(&format!("nav.sections a[href='#sec-{sec}']")).unwrap().map(|a| a.parent_element().unwrap());
    let errors = |li: &web_sys::Element| {
        let state = li.query_selector(".nav-state").unwrap().unwrap().text_content().unwrap();
        state.strip_suffix(" 错").and_then(|n| n.parse::<usize>().ok())
    };
    assert!(entry("service_plan").is_none(), "no service plan yet");
    assert_eq!(entry("project-basic").unwrap().class_name(), "nav-ok");
    let implementation: web_sys::HtmlSelectElement = host.query_selector("#f-project-basic-implementation").unwrap().unwrap().unchecked_into();
    implementation.set_value("buy_service");
    fire(&implementation, "change");
    sleep(20).await;
    let add: web_sys::HtmlElement = host.query_selector(".banner-info button").unwrap().expect("the offer to add a service plan").unchecked_into();
    add.click();
    sleep(20).await;
    // An empty service plan lacks its required fields: errors, counted when the entry appears.
    let plan = entry("service_plan").expect("an entry once the service plan is added");
    assert_eq!(plan.class_name(), "nav-error");
    let before = errors(&plan).expect("a count of errors");
    assert!(before > 0);
    // The purchasing unit, the same as the project's applicant (another name is an error of its own).
    type_into(&input(&host, "f-service_plan-owner_unit"), "巴中市市场监督管理局");
    sleep(20).await;
    let plan = entry("service_plan").unwrap();
    assert_eq!(errors(&plan), Some(before - 1), "{}", plan.text_content().unwrap());
    assert_eq!(entry("project-basic").unwrap().class_name(), "nav-ok", "the other sections keep their state");
}

#[wasm_bindgen_test]
async fn tables_add_remove_and_reorder_rows() {
    let (host, _h) = mount(draft("t-table"));
    sleep(20).await;
    let rows = || host.query_selector_all("#f-project-cost_estimate-items .row").unwrap().length();
    assert_eq!(rows(), 9);
    let add: web_sys::HtmlElement = host.query_selector("#f-project-cost_estimate-items-add").unwrap().unwrap().unchecked_into();
    add.click();
    sleep(20).await;
    assert_eq!(rows(), 10);
    assert!(status(&host).contains("项错误"), "an empty row needs filling: {}", status(&host));
    let active = document().active_element().unwrap().id();
    assert_eq!(active, "f-project-cost_estimate-items-9-name", "focus moves to the new row");
    let down: web_sys::HtmlElement = host.query_selector("#f-project-cost_estimate-items-0-down").unwrap().unwrap().unchecked_into();
    down.click();
    sleep(20).await;
    assert_eq!(input(&host, "f-project-cost_estimate-items-1-name").value(), "食品安全监管业务系统开发");
}

/// Pastes `text` into `el` as the browser does for Ctrl+V; whether the page took the paste
/// over (prevented the browser's own insertion).
fn paste(el: &web_sys::Element, text: &str) -> bool {
    let data = web_sys::DataTransfer::new().unwrap();
    data.set_data("text/plain", text).unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    !el.dispatch_event(&web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap()).unwrap()
}

fn click(host: &web_sys::Element, selector: &str) {
    host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into::<web_sys::HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn cells_pasted_from_a_spreadsheet_fill_the_table_and_the_paste_can_be_undone() {
    let (host, _h) = mount(draft("t-paste"));
    sleep(20).await;
    let rows = || host.query_selector_all("#f-project-cost_estimate-items .row").unwrap().length();
    let total = || host.query_selector("#budget-total").unwrap().unwrap().text_content().unwrap();
    let (total_before, status_before) = (total(), status(&host));
    let name_8 = input(&host, "f-project-cost_estimate-items-8-name").value();
    // Three rows copied from Excel into the last row's 名称: it is overwritten, two rows are
    // added, the amounts are made from quantity × price, and the unreadable price is reported.
    let block = "云主机\t服务器\t台\t3\t12.5\r\n数据库\t系统基础软件\t套\t1\t约20万\r\n\"备份\n存储\"\t存储设备\t\t2\t¥5万\r\n";
    assert!(paste(&input(&host, "f-project-cost_estimate-items-8-name"), block), "a block is the page's to paste");
    sleep(50).await;
    assert_eq!(rows(), 11);
    assert_eq!(input(&host, "f-project-cost_estimate-items-8-name").value(), "云主机");
    assert_eq!(input(&host, "f-project-cost_estimate-items-8-amount").value(), "37.5");
    assert_eq!(input(&host, "f-project-cost_estimate-items-9-unit_price").value(), "", "the unreadable price is left as it was: empty in a new row");
    assert_eq!(input(&host, "f-project-cost_estimate-items-10-name").value(), "备份 存储");
    assert_eq!(input(&host, "f-project-cost_estimate-items-10-amount").value(), "10");
    let category: web_sys::HtmlSelectElement = host.query_selector("#f-project-cost_estimate-items-9-category").unwrap().unwrap().unchecked_into();
    assert_eq!(category.value(), "base_software");
    // The checks and the budget's total follow, as for typing.
    assert_ne!(total(), total_before);
    assert_ne!(status(&host), status_before);
    let note = host.query_selector("#f-project-cost_estimate-items-paste").unwrap().expect("a note says what was pasted");
    let said = note.text_content().unwrap();
    assert!(said.contains("已粘贴 3 行（第 9–11 行，其中新增 2 行）"), "{said}");
    assert!(said.contains("第 10 行“单价”：“约20万”不是金额"), "{said}");
    assert_eq!(note.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(document().active_element().unwrap().id(), "f-project-cost_estimate-items-8-name", "focus goes back to the cell pasted into");
    // A cell that did not read is a button to its cell, to type the value by hand.
    click(&host, "#f-project-cost_estimate-items-paste [data-act=go]");
    assert_eq!(document().active_element().unwrap().id(), "f-project-cost_estimate-items-9-unit_price");
    // Undo: the table as it was, findings and total too.
    click(&host, "#f-project-cost_estimate-items-paste [data-act=undo]");
    sleep(50).await;
    assert_eq!(rows(), 9);
    assert_eq!(input(&host, "f-project-cost_estimate-items-8-name").value(), name_8);
    assert_eq!(total(), total_before);
    assert_eq!(status(&host), status_before);
    let note = host.query_selector("#f-project-cost_estimate-items-paste").unwrap().unwrap();
    assert!(note.text_content().unwrap().contains("已撤销粘贴"));
    click(&host, "#f-project-cost_estimate-items-paste-close");
    assert!(host.query_selector("#f-project-cost_estimate-items-paste").unwrap().is_none(), "closed");
}

#[wasm_bindgen_test]
async fn a_paste_undone_after_later_edits_asks_first() {
    let (host, _h) = mount(draft("t-paste-edits"));
    sleep(20).await;
    // A header row names the columns; 序号 and the totals row are left out; 元 in the header.
    let block = "序号\t名称\t单价（元）\t数量\n1\t新行甲\t125,000\t2\n合计\t\t\t\n";
    assert!(paste(&host.query_selector("#f-project-cost_estimate-items").unwrap().unwrap(), block));
    sleep(50).await;
    // Pasted into the table itself: after its last row.
    assert_eq!(input(&host, "f-project-cost_estimate-items-9-name").value(), "新行甲");
    assert_eq!(input(&host, "f-project-cost_estimate-items-9-amount").value(), "25");
    let said = host.query_selector("#f-project-cost_estimate-items-paste").unwrap().unwrap().text_content().unwrap();
    assert!(said.contains("首行为表头") && said.contains("略过 1 个合计行"), "{said}");
    type_into(&input(&host, "f-project-cost_estimate-items-0-name"), "粘贴后改的名称");
    sleep(20).await;
    answer_confirm(false);
    click(&host, "#f-project-cost_estimate-items-paste [data-act=undo]");
    sleep(20).await;
    assert_eq!(input(&host, "f-project-cost_estimate-items-9-name").value(), "新行甲", "declined: nothing undone");
    answer_confirm(true);
    click(&host, "#f-project-cost_estimate-items-paste [data-act=undo]");
    sleep(50).await;
    assert!(host.query_selector("#f-project-cost_estimate-items-9-name").unwrap().is_none(), "the row pasted is gone");
    assert_ne!(input(&host, "f-project-cost_estimate-items-0-name").value(), "粘贴后改的名称", "so is the later edit, as the question said");
}

#[wasm_bindgen_test]
async fn text_for_one_box_is_left_to_the_box_and_a_half_typed_number_gives_way() {
    let (host, _h) = mount(draft("t-paste-box"));
    sleep(20).await;
    // One cell copied (with the line break spreadsheets end a copy with) is the box's paste.
    assert!(!paste(&input(&host, "f-project-cost_estimate-items-0-name"), "云主机\r\n"));
    // Lines pasted into a long text are its lines.
    let implementation: web_sys::HtmlSelectElement = host.query_selector("#f-project-basic-implementation").unwrap().unwrap().unchecked_into();
    implementation.set_value("buy_service");
    fire(&implementation, "change");
    sleep(20).await;
    click(&host, ".banner-info button");
    sleep(20).await;
    click(&host, "#f-service_plan-items-add");
    sleep(20).await;
    let description = host.query_selector("#f-service_plan-items-0-description").unwrap().unwrap();
    assert!(!paste(&description, "第一段\n第二段"));
    assert!(host.query_selector(".paste-note").unwrap().is_none());
    // A box being typed into shows what was typed until it is left: a paste replaces it.
    let quantity = input(&host, "f-project-cost_estimate-items-0-quantity");
    quantity.focus().unwrap();
    type_into(&quantity, "7");
    assert!(paste(&quantity, "3\t2"));
    sleep(50).await;
    assert_eq!(quantity.value(), "3");
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-unit_price").value(), "2");
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-amount").value(), "6");
    // Markup in a pasted cell is text: in the box, and in the note that quotes it.
    assert!(paste(&quantity, "<img src=x id=pasted-markup>\t1"));
    sleep(50).await;
    let note = host.query_selector("#f-project-cost_estimate-items-paste").unwrap().unwrap();
    assert!(note.text_content().unwrap().contains("“<img src=x id=pasted-markup>”不是整数"), "{}", note.text_content().unwrap());
    assert!(document().get_element_by_id("pasted-markup").is_none(), "no element made from a cell");
    assert_eq!(quantity.value(), "3", "the unreadable quantity is kept");
    // A blank cell clears its field, as in a spreadsheet (written cell by cell over a row that
    // was there).
    assert!(paste(&quantity, "\t4"));
    sleep(50).await;
    assert_eq!(quantity.value(), "");
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-unit_price").value(), "4");
    assert!(
        host.query_selector("#f-project-cost_estimate-items-0-quantity-findings li").unwrap().is_some(),
        "a required quantity cleared is an error under it"
    );
}

/// Replaces `navigator.clipboard.writeText` with one that keeps the text in
/// `window.__copied` and succeeds, or fails.
fn stub_clipboard(works: bool) {
    let clipboard = js_sys::Reflect::get(&web_sys::window().unwrap().navigator(), &"clipboard".into()).unwrap();
    let body = if works { "window.__copied = t; return Promise.resolve()" } else { "return Promise.reject(new DOMException('denied', 'NotAllowedError'))" };
    js_sys::Reflect::set(&clipboard, &"writeText".into(), &js_sys::Function::new_with_args("t", body)).unwrap();
}

#[wasm_bindgen_test]
async fn a_table_copies_as_a_block_for_a_spreadsheet_or_by_hand_when_the_clipboard_is_refused() {
    let (host, _h) = mount(draft("t-copy"));
    sleep(20).await;
    stub_clipboard(true);
    click(&host, "#f-project-cost_estimate-items-copy");
    sleep(50).await;
    let copied = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__copied".into()).unwrap().as_string().expect("written to the clipboard");
    let lines: Vec<&str> = copied.split("\r\n").collect();
    assert_eq!(lines[0], "名称\t类别\t单位\t数量\t单价（万元）\t金额（万元）");
    assert_eq!(lines.len(), 9 + 2, "the header, nine rows, and the last line's end");
    let first = input(&host, "f-project-cost_estimate-items-0-name").value();
    assert!(lines[1].starts_with(&format!("{first}\t")), "{}", lines[1]);
    assert!(lines[1].ends_with(&format!("\t{}", input(&host, "f-project-cost_estimate-items-0-amount").value())), "{}", lines[1]);
    let note = host.query_selector("#f-project-cost_estimate-items-paste").unwrap().expect("a note says it was copied");
    assert!(note.text_content().unwrap().contains("已复制表头和 9 行"), "{}", note.text_content().unwrap());
    // The browser refuses the clipboard: the block is shown selected, to copy by hand.
    stub_clipboard(false);
    click(&host, "#f-project-cost_estimate-items-copy");
    sleep(50).await;
    let area: web_sys::HtmlTextAreaElement =
        host.query_selector("#f-project-cost_estimate-items-paste textarea").unwrap().expect("the block in a box").unchecked_into();
    // (A text box keeps line breaks as LF, which a paste reads the same.)
    assert_eq!(area.value(), copied.replace("\r\n", "\n"));
    assert_eq!(document().active_element().unwrap().id(), area.id(), "focused, selected, for Ctrl+C");
    assert_eq!((area.selection_start().unwrap(), area.selection_end().unwrap()), (Some(0), Some(area.value().encode_utf16().count() as u32)));
    assert!(host.query_selector("#f-project-cost_estimate-items-paste").unwrap().unwrap().text_content().unwrap().contains("Ctrl+C"));
}

#[wasm_bindgen_test]
async fn autosave_writes_a_new_revision_about_a_second_after_a_change() {
    let d = draft("t-autosave");
    Store::open().delete("t-autosave");
    let (host, _h) = mount(d);
    sleep(20).await;
    type_into(&input(&host, "f-project-basic-name"), "巴中市自动保存测试项目");
    sleep(1200).await;
    let saved = Store::open().load("t-autosave").expect("saved");
    assert_eq!(saved.revision, 1);
    assert_eq!(saved.submission["project"]["basic"]["name"], "巴中市自动保存测试项目");
    assert!(host.text_content().unwrap().contains("已自动保存于"));
    // Renaming the draft is saved the same way.
    type_into(&input(&host, "draft-name"), "改名后的草稿");
    sleep(1200).await;
    let saved = Store::open().load("t-autosave").expect("saved");
    assert_eq!((saved.revision, saved.name.as_str()), (2, "改名后的草稿"));
}

/// A draft saved under an earlier version of its pack says so when it opens, with what the
/// version in use finds otherwise; once saved, it is saved under the version in use.
#[wasm_bindgen_test]
async fn a_draft_saved_under_an_earlier_pack_says_what_the_update_changed() {
    let now = shenbao_core::pack::builtin::pack("bazhong").unwrap().meta.version.clone();
    let earlier = "2022.2.1";
    assert_ne!(now, earlier);
    // The service plan without the self-build's running costs: 2022.2.1 said the fee was not
    // below the self-build's, 2022.2.2 asks for the figures.
    let mut d = Draft::new("t-updated".into(), "bazhong", false, true);
    d.submission = serde_json::from_str(include_str!("../../tests/fixtures/bazhong/service.json")).unwrap();
    d.submission["service_plan"]["self_build"]["om_cost"] = serde_json::Value::Null;
    d.pack_version = Some(earlier.into());
    Store::open().delete("t-updated");
    let (host, _h) = mount(d.clone());
    sleep(50).await;
    let notice = host.query_selector("#pack-updated").unwrap().expect("the notice").text_content().unwrap();
    assert!(notice.contains(&format!("巴中市规则包 v{earlier} 检查，规则包现已更新为 v{now}")), "{notice}");
    let difference = host.query_selector("#pack-updated-difference").unwrap().expect("the difference").text_content().unwrap();
    assert_eq!(
        difference,
        "与 v2022.2.1 相比：按现行版检查另有 1 项（【错误】巴中·第十八条（二） 须填写服务费总额与自建投资、运维费用以比较经济性）；\
         按现行版检查不再有 1 项（【错误】巴中·第十八条（二） 服务费总额须小于自建投资与运维合计）"
    );
    click(&host, "#pack-updated button");
    sleep(20).await;
    let notice: web_sys::HtmlElement = host.query_selector("#pack-updated").unwrap().unwrap().unchecked_into();
    assert_eq!(notice.offset_height(), 0, "dismissed");
    // A save records the version in use: the next opening says nothing.
    type_into(&input(&host, "draft-name"), "更新后的草稿");
    sleep(1200).await;
    let saved = Store::open().load("t-updated").expect("saved");
    assert_eq!(saved.pack_version.as_deref(), Some(now.as_str()));
    drop(_h);
    let (again, _h2) = mount(saved);
    sleep(50).await;
    assert!(again.query_selector("#pack-updated").unwrap().is_none());
    // Nor does a draft saved before versions were kept.
    let (older, _h3) = mount(draft("t-unversioned"));
    sleep(50).await;
    assert!(older.query_selector("#pack-updated").unwrap().is_none());
}

#[wasm_bindgen_test]
fn a_save_never_replaces_a_newer_revision() {
    for store in [Store::open(), Store::memory_only()] {
        let d = draft("t-conflict");
        store.delete("t-conflict");
        assert_eq!(store.save(&d, 0, 1.0), Ok(1));
        assert_eq!(store.save(&d, 1, 2.0), Ok(2));
        // A second tab still at revision 1 must not overwrite revision 2.
        assert_eq!(store.save(&d, 1, 3.0), Err(SaveError::Conflict { stored_revision: 2 }));
        assert_eq!(store.load("t-conflict").unwrap().revision, 2);
        assert!(store.list().iter().any(|i| i.id == "t-conflict"));
        store.delete("t-conflict");
        assert!(store.load("t-conflict").is_none());
    }
}

#[wasm_bindgen_test]
async fn draft_files_round_trip_and_bad_files_are_explained() {
    let d = draft("x");
    let text = serde_json::to_string(&d).unwrap();
    let back = Draft::from_file(&text, "y".into()).await.unwrap();
    assert_eq!(back.submission, d.submission);
    assert_eq!(back.id, "y");
    assert!(Draft::from_file("{", "z".into()).await.unwrap_err().contains("不是有效的 JSON"));
    assert!(Draft::from_file("{\"format\":\"other\"}", "z".into()).await.unwrap_err().contains("不是申报通草稿文件"));
    assert!(Draft::from_file("[1]", "z".into()).await.unwrap_err().contains("顶层应为对象"));
    // Duplicate keys could make two programs read two different drafts: refused.
    assert!(Draft::from_file(&text.replacen("{", "{\"name\":\"a\",", 1), "z".into()).await.unwrap_err().contains("出现了两次"));
    let broken = text.replace("\"total_investment\":2480000", "\"total_investment\":\"lots\"");
    assert!(Draft::from_file(&broken, "z".into()).await.unwrap_err().contains("project.basic.total_investment"));
    // A bare submission file is accepted too.
    assert!(Draft::from_file(FIXTURE, "w".into()).await.is_ok());

    // A package's payload is read as strictly as any file: the documents come back, a
    // payload with a key twice or not UTF-8 is refused with the reason.
    use shenbao_core::package::{PAYLOAD_TYPE, dsse};
    let package = |payload: &[u8]| dsse::Envelope { payload_type: PAYLOAD_TYPE.into(), payload: dsse::encode(payload), signatures: vec![] }.to_json_pretty();
    let payload = format!("{{\"format\":\"shenbao.package/1\",\"pack\":{{\"id\":\"bazhong\"}},\"submission\":{FIXTURE}}}");
    let reopened = Draft::from_file(&package(payload.as_bytes()), "p".into()).await.unwrap();
    assert_eq!(reopened.pack_id, "bazhong");
    assert_eq!(reopened.submission, serde_json::from_str::<serde_json::Value>(FIXTURE).unwrap());
    // What a package signed from the draft will say it replaces: this one, by its payload's
    // hashes, offered to the draft's signing panel (which keeps it with the draft's files).
    let offered = shenbao_app::signing::kept::take_offered("p").expect("offered to the new draft");
    let replaces = offered.replaces.expect("a reopened package is replaced by what is signed from it");
    let expected = shenbao_core::package::PreviousVersion::of("", payload.as_bytes());
    assert_eq!(replaces["sha256"], expected.sha256.as_str());
    assert_eq!(replaces["sm3"], expected.sm3.as_str());
    assert!(offered.attachments.is_none(), "the package has no attachments");
    let twice = payload.replacen("{", "{\"pack\":{},", 1);
    assert!(Draft::from_file(&package(twice.as_bytes()), "p".into()).await.unwrap_err().contains("出现了两次"));
    assert!(Draft::from_file(&package(b"\xff\xfe"), "p".into()).await.unwrap_err().contains("UTF-8"));

    // A draft file exported with what was kept for it (`signing::kept::export_draft`) offers
    // its files and the package it replaces to the new draft, said as coming from the file.
    let mut with_kept = serde_json::to_value(&d).unwrap();
    with_kept["kept"] = serde_json::json!({
        "attachments": [{"name": "可研报告.pdf", "kind": "feasibility_study", "size": 3, "sha256": "00", "sm3": "11"}],
        "notes": [0],
        "replaces": {"id": "x", "sha256": "00", "sm3": "11", "created_at": "2026-09-15T08:30:00Z"},
    });
    let back = Draft::from_file(&with_kept.to_string(), "k".into()).await.unwrap();
    assert_eq!(back.submission, d.submission);
    let offered = shenbao_app::signing::kept::take_offered("k").expect("offered to the new draft");
    assert!(offered.from_draft_file);
    assert_eq!(offered.attachments.unwrap()[0]["name"], "可研报告.pdf");
    assert_eq!(offered.replaces.unwrap()["id"], "x");
    // Nothing kept (or nothing usable): nothing offered.
    with_kept["kept"] = serde_json::json!({"attachments": [], "replaces": "not an object"});
    Draft::from_file(&with_kept.to_string(), "k2".into()).await.unwrap();
    assert!(shenbao_app::signing::kept::take_offered("k2").is_none());
}

#[wasm_bindgen_test]
async fn the_paper_follows_the_document_once_typing_stops() {
    let (host, _h) = mount(draft("t-paper"));
    let paper = || host.query_selector(".print-only").unwrap().unwrap().text_content().unwrap();
    let name = input(&host, "f-project-basic-name");
    // Typing steadily, a keystroke every 0.1 s for 0.6 s: the paper's timer comes due while
    // the user is still typing and waits again.
    for i in 0..6 {
        type_into(&name, &format!("纸面测试{i}"));
        assert!(!paper().contains(&format!("纸面测试{i}")), "not rebuilt on the keystroke itself");
        sleep(100).await;
    }
    sleep(600).await;
    assert!(paper().contains("纸面测试5项目申报书"), "{}", paper().chars().take(200).collect::<String>());
}

// The findings written into the page (editor::paint).

fn finding(rule: &str, sev: Severity, fields: &[&str]) -> Finding {
    Finding {
        rule: rule.into(),
        severity: sev,
        title: "t".into(),
        city: "巴中市".into(),
        short_name: "巴中".into(),
        document: "《办法》".into(),
        article: "第一条".into(),
        clause: None,
        quote: "<q>".into(),
        fields: fields.iter().map(|p| p.to_string()).collect(),
        message: String::new(),
        advice: None,
    }
}

/// A small deterministic generator: `next(n)` gives a number below `n`.
fn xorshift(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    }
}

/// Random lists from a pool of `size` findings under one field, brought into one element in
/// turn by `bring` (given the element, what `Shown` holds after the round's `apply`, and the
/// items wanted): the element's children must then be exactly the items wanted, in order, and
/// an item that stayed the same element as before (never rebuilt). The items that stay are
/// reversed now and then (one round in `reverse_one_in`), so they also move.
fn random_rounds(seed: u64, size: usize, reverse_one_in: u64, mut bring: impl FnMut(&web_sys::Element, &Shown, &[ItemKey], usize)) {
    let mut next = xorshift(seed);
    let mut shown = Shown::default();
    let pool: Vec<Finding> = (0..size).map(|i| finding(&format!("r{i}"), Severity::Error, &["x"])).collect();
    let ul = document().create_element("ul").unwrap();
    document().body().unwrap().append_child(&ul).unwrap();
    let mut before: Vec<(u64, web_sys::Element)> = Vec::new();
    for round in 0..300 {
        let mut picked: Vec<Finding> = pool.iter().filter(|_| next(2) == 0).cloned().collect();
        if next(reverse_one_in) == 0 {
            picked.reverse();
        }
        shown.apply(&picked);
        let want = shown.list(List::Field("x")).to_vec();
        bring(&ul, &shown, &want, round);
        let children = ul.children();
        let now: Vec<(u64, web_sys::Element)> = (0..children.length()).map(|i| children.item(i).unwrap()).map(|e| (serial_of(&e).unwrap(), e)).collect();
        assert_eq!(now.iter().map(|(s, _)| *s).collect::<Vec<_>>(), want.iter().map(ItemKey::serial).collect::<Vec<_>>(), "round {round}");
        for (s, e) in &now {
            if let Some((_, old)) = before.iter().find(|(b, _)| b == s) {
                assert!(old.is_same_node(Some(e)), "round {round}: item {s} was rebuilt");
            }
        }
        before = now;
    }
    ul.remove();
}

/// `reconcile` reads the element's items back and brings them to the items wanted.
#[wasm_bindgen_test]
fn a_list_shows_the_items_wanted_keeping_the_elements_of_those_that_stay() {
    random_rounds(0x2545_f491_4f6c_dd1d, 6, 4, |ul, _, want, _| reconcile(ul, want, |k| field_item(k, "m", "x")));
}

/// The same through `update`, which is told what the list showed (`Shown::was`) and touches
/// only the items that come or go: the result must be what a full `reconcile` gives.
#[wasm_bindgen_test]
fn a_list_told_what_it_showed_changes_only_the_items_that_come_or_go() {
    random_rounds(0x9e37_79b9_7f4a_7c15, 8, 8, |ul, shown, want, round| match shown.was(List::Field("x")) {
        Some(was) => update(ul, was, want, |k| field_item(k, "m", "x"), |k| item_id(k, Some("x"))),
        None => assert_eq!(ul.child_element_count() as usize, want.len(), "round {round}: unchanged list"),
    });
}

#[wasm_bindgen_test]
fn markup_in_a_finding_is_shown_as_text() {
    let mut shown = Shown::default();
    let mut f = finding("r", Severity::Warning, &["a.b"]);
    f.message = "<img src=x onerror=alert(1)>".into();
    shown.apply(std::slice::from_ref(&f));
    let k = shown.items()[0].clone();
    let ul = document().create_element("ul").unwrap();
    ul.set_inner_html(&summary_item(&k, shown.message(&k), "</textarea><b>说明</b>"));
    assert_eq!(ul.query_selector("img").unwrap(), None);
    assert_eq!(ul.query_selector("b").unwrap(), None);
    assert_eq!(ul.query_selector(".jump").unwrap().unwrap().text_content().unwrap(), "<img src=x onerror=alert(1)>");
    let ta: web_sys::HtmlTextAreaElement = ul.query_selector("textarea").unwrap().unwrap().unchecked_into();
    assert_eq!(ta.value(), "</textarea><b>说明</b>");
    assert!(ul.query_selector("li.explained").unwrap().is_some(), "a warning with a 说明 is marked");
}

/// A whole plan as written in Word: a cover, headings numbered 一、 with points numbered
/// otherwise inside, a section left out, and an appendix after.
const WHOLE_PLAN: &str = "智慧市场监管项目需求方案\n一、建设依据\n《“智慧巴中”建设项目管理办法》。\n二、业务现状\n现有系统建于2015年。\n三、存在问题\n（一）网络安全\n设备老化。\n四、需求分析\n需要统一平台。\n五、解决思路：依托政务云。\n六、工作计划\n2027年完成。\n七、建设内容\n1. 平台\n2. 终端\n八、网络安全\n按等保三级建设。\n九、运行维护\n委托运维。\n十、附件\n可研报告";

fn dialog() -> web_sys::Element {
    document().get_element_by_id("outline-dialog").expect("the import dialog")
}

fn area(id: &str) -> web_sys::HtmlTextAreaElement {
    document().get_element_by_id(id).unwrap_or_else(|| panic!("no #{id}")).unchecked_into()
}

fn click_in_page(selector: &str) {
    document().query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into::<web_sys::HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn a_whole_plan_pasted_in_the_dialog_is_split_into_its_sections_shown_first_and_undone_at_once() {
    let (host, _h) = mount(draft("t-outline"));
    sleep(20).await;
    let cost_before = area("f-project-requirement_plan-cost_summary").value();
    let basis_before = area("f-project-requirement_plan-basis").value();
    click(&host, "#sec-project-requirement_plan-import");
    sleep(50).await;
    assert!(dialog().has_attribute("open"), "the dialog opens");
    let apply: web_sys::HtmlButtonElement = document().get_element_by_id("outline-apply").unwrap().unchecked_into();
    assert!(apply.disabled(), "nothing to write yet");
    // Text without headings: said so, nothing to write.
    let text = area("outline-text");
    text.set_value("只是一段文字。");
    fire(&text, "input");
    assert!(dialog().text_content().unwrap().contains("没有找到需求方案的栏目标题"));
    assert!(apply.disabled());
    text.set_value(WHOLE_PLAN);
    fire(&text, "input");
    let rows = document().query_selector_all(".outline-table tbody tr").unwrap();
    assert_eq!(rows.length(), 10, "every section, found or not");
    let preview = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    assert!(preview.contains("五、解决思路：依托政务云。"), "{preview}");
    let snippets: Vec<String> = (0..3).map(|i| document().query_selector_all(".outline-snippet").unwrap().item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(snippets, ["《“智慧巴中”建设项目管理办法》。", "现有系统建于2015年。", "（一）网络安全 设备老化。"], "each section's start under its heading");
    assert!(preview.contains("未找到，保持不变"), "资金估算 is not in the text: {preview}");
    assert!(preview.contains("替换现有的"), "the fixture's sections are filled: {preview}");
    assert!(preview.contains("第一个标题之前的 12 字"), "{preview}");
    assert!(preview.contains("“十、附件”之下的 4 字"), "{preview}");
    assert_eq!(area("f-project-requirement_plan-basis").value(), basis_before, "nothing is written before 填入各栏");
    assert!(!apply.disabled());
    apply.click();
    sleep(50).await;
    assert!(!dialog().has_attribute("open"), "closed once written");
    assert_eq!(area("f-project-requirement_plan-basis").value(), "《“智慧巴中”建设项目管理办法》。");
    assert_eq!(area("f-project-requirement_plan-problems").value(), "（一）网络安全\n设备老化。");
    assert_eq!(area("f-project-requirement_plan-approach").value(), "依托政务云。");
    assert_eq!(area("f-project-requirement_plan-scope").value(), "1. 平台\n2. 终端");
    assert_eq!(area("f-project-requirement_plan-operations").value(), "委托运维。", "the appendix is not the last section's");
    assert_eq!(area("f-project-requirement_plan-cost_summary").value(), cost_before, "a section not found is left as it was");
    let note = document().get_element_by_id("outline-note").expect("a note says what was written");
    assert!(
        note.text_content().unwrap().contains("已导入 9 个栏目：建设依据、业务现状、存在问题、需求分析、解决思路、工作计划、建设内容、网络安全、运行维护。"),
        "{}",
        note.text_content().unwrap()
    );
    assert_eq!(document().active_element().unwrap().id(), "f-project-requirement_plan-basis");
    // Edited since: undoing asks first; refused, nothing moves.
    let scope = area("f-project-requirement_plan-scope");
    scope.set_value("1. 平台\n2. 终端\n3. 大屏");
    fire(&scope, "input");
    answer_confirm(false);
    click_in_page("#outline-note [data-act=undo]");
    sleep(20).await;
    assert_eq!(area("f-project-requirement_plan-scope").value(), "1. 平台\n2. 终端\n3. 大屏");
    answer_confirm(true);
    click_in_page("#outline-note [data-act=undo]");
    sleep(20).await;
    assert_eq!(area("f-project-requirement_plan-basis").value(), basis_before, "the form is back as it was");
    assert!(document().get_element_by_id("outline-note").unwrap().text_content().unwrap().contains("已撤销导入"));
    click_in_page("#outline-note [data-act=close]");
    assert!(document().get_element_by_id("outline-note").is_none());
}

#[wasm_bindgen_test]
async fn a_whole_plan_pasted_into_one_box_is_offered_for_splitting_and_the_box_put_back() {
    let (host, _h) = mount(draft("t-outline-paste"));
    sleep(20).await;
    let work_plan = area("f-project-requirement_plan-work_plan");
    let before = work_plan.value();
    // A few lines are the box's own, and offer nothing.
    assert!(!paste(&work_plan, "第一段\n第二段\n第三段"), "the browser pastes");
    sleep(50).await;
    assert!(document().get_element_by_id("outline-note").is_none());
    // A whole plan: the browser pastes it into the box (which a synthetic event does not), and
    // a note under the box offers to split it.
    work_plan.set_value(&format!("{before}{WHOLE_PLAN}"));
    assert!(!paste(&work_plan, WHOLE_PLAN), "the browser pastes");
    fire(&work_plan, "input");
    sleep(50).await;
    let note = document().get_element_by_id("outline-note").expect("an offer under the box");
    assert!(note.text_content().unwrap().contains("粘贴的文字含有需求方案的 9 个栏目标题（建设依据、业务现状、"), "{}", note.text_content().unwrap());
    assert!(host.query_selector("#sec-project-requirement_plan #outline-note").unwrap().is_some(), "under the box, in its section");
    click_in_page("#outline-note [data-act=split]");
    sleep(20).await;
    assert!(dialog().has_attribute("open"));
    assert_eq!(area("outline-text").value(), WHOLE_PLAN.replace("\r\n", "\n"));
    click_in_page("#outline-apply");
    sleep(50).await;
    // The box pasted into holds its own section's text, not the whole plan.
    assert_eq!(area("f-project-requirement_plan-work_plan").value(), "2027年完成。");
    // Cancelled instead: the dialog closes and the paste stands as made.
    let basis = area("f-project-requirement_plan-basis");
    basis.set_value(WHOLE_PLAN);
    assert!(!paste(&basis, WHOLE_PLAN));
    fire(&basis, "input");
    sleep(50).await;
    click_in_page("#outline-note [data-act=split]");
    sleep(20).await;
    click_in_page("#outline-cancel");
    assert!(!dialog().has_attribute("open"));
    assert_eq!(area("f-project-requirement_plan-basis").value(), WHOLE_PLAN);
    // A budget copied from Word into 资金估算: offered for the table, the box put back.
    let lines_before = budget_rows(&host);
    let cost = area("f-project-requirement_plan-cost_summary");
    let cost_before = cost.value();
    let note = take_offer(&cost, "名称\t数量\t单价（万元）\n服务器\t2\t10\n交换机\t4\t1").await;
    assert!(note.contains("粘贴的文字含有表格“资金估算明细”。要填入表格吗？"), "{note}");
    assert_eq!(area("f-project-requirement_plan-cost_summary").value(), cost_before, "the box as it was before the paste");
    assert_eq!(budget_rows(&host), 2);
    assert_ne!(lines_before, 2);
}

/// Pastes `text` at the end of `box_` as the browser does (a synthetic paste event does not
/// write), takes the offer the note under it makes, and writes the outline as shown: the
/// offer's words.
async fn take_offer(box_: &web_sys::HtmlTextAreaElement, text: &str) -> String {
    box_.set_value(&format!("{}{text}", box_.value()));
    assert!(!paste(box_, text), "the browser pastes");
    fire(box_, "input");
    sleep(50).await;
    let note = document().get_element_by_id("outline-note").expect("an offer under the box").text_content().unwrap();
    click_in_page("#outline-note [data-act=split]");
    sleep(20).await;
    click_in_page("#outline-apply");
    sleep(50).await;
    note
}

/// Chooses `bytes` as the file `name` in the dialog's file box.
fn choose_file(bytes: &[u8], name: &str) {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let file = web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap();
    let data = web_sys::DataTransfer::new().unwrap();
    data.items().add_with_file(&file).unwrap();
    let input: web_sys::HtmlInputElement = document().get_element_by_id("outline-file").unwrap().unchecked_into();
    input.set_files(data.files().as_ref());
    fire(&input, "change");
}

#[wasm_bindgen_test]
async fn a_word_file_s_text_is_read_deflated_or_not_and_a_file_that_is_not_one_is_explained() {
    let (host, _h) = mount(draft("t-outline-docx"));
    sleep(20).await;
    click(&host, "#sec-project-requirement_plan-import");
    sleep(50).await;
    // A .docx as Word writes it: deflated, inflated by the browser.
    choose_file(include_bytes!("../../tests/word/plan.docx"), "需求方案.docx");
    sleep(300).await;
    let text = area("outline-text").value();
    assert_eq!(text, include_str!("../../tests/word/plan.txt").trim_end_matches('\n'));
    assert!(
        document().query_selector_all(".outline-table tr.found").unwrap().length() >= 9,
        "{}",
        document().get_element_by_id("outline-preview").unwrap().text_content().unwrap()
    );
    // The Word table of the budget: the form's budget lines.
    let table = document().query_selector(".outline-table tr.table").unwrap().expect("the budget table's row").text_content().unwrap();
    assert!(table.starts_with("资金估算明细十、资金估算") && table.contains("3 行"), "{table}");
    // Dropped on the dialog instead of chosen: read the same, not opened by the browser.
    area("outline-text").set_value("");
    let data = web_sys::DataTransfer::new().unwrap();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&include_bytes!("../../tests/word/plan.docx")[..]));
    data.items().add_with_file(&web_sys::File::new_with_u8_array_sequence(&parts, "拖入.docx").unwrap()).unwrap();
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&data));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    assert!(!document().get_element_by_id("outline-preview").unwrap().dispatch_event(&drop).unwrap(), "the page takes the drop");
    sleep(300).await;
    assert_eq!(area("outline-text").value(), text);
    // An old .doc, and a file that is no Word file: said so; the text in the box stays.
    choose_file(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "旧方案.doc");
    sleep(100).await;
    let said = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    assert!(said.contains("未能读取“旧方案.doc”：这是旧版 Word 格式（.doc）"), "{said}");
    assert_eq!(area("outline-text").value(), text);
    choose_file("不是文档".as_bytes(), "a.docx");
    sleep(100).await;
    let said = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    assert!(said.contains("不是 Word 文档（.docx）"), "{said}");
    // A document part that inflates to more than its directory says (as a zip bomb would): the
    // browser's inflating is stopped there, and the file said to be damaged.
    let mut bomb = include_bytes!("../../tests/word/plan.docx").to_vec();
    let name = b"word/document.xml";
    let header = (46..bomb.len() - name.len())
        .find(|&at| &bomb[at..at + name.len()] == name && bomb[at - 46..at - 42] == [0x50, 0x4B, 0x01, 0x02])
        .expect("its directory entry")
        - 46;
    bomb[header + 24..header + 28].copy_from_slice(&100u32.to_le_bytes());
    choose_file(&bomb, "炸弹.docx");
    sleep(300).await;
    let said = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    assert!(said.contains("未能读取“炸弹.docx”：文件已损坏"), "{said}");
    click_in_page("#outline-cancel");
}

/// How many budget lines the form shows.
fn budget_rows(host: &web_sys::Element) -> u32 {
    host.query_selector_all("[id^=f-project-cost_estimate-items-][id$=-name]").unwrap().length()
}

#[wasm_bindgen_test]
async fn a_budget_table_in_a_plan_fills_the_budget_lines_in_the_same_change() {
    let (host, _h) = mount(draft("t-outline-table"));
    sleep(20).await;
    let lines_before = budget_rows(&host);
    assert!(lines_before > 2, "the fixture has budget lines");
    click(&host, "#sec-project-requirement_plan-import");
    sleep(50).await;
    let text = area("outline-text");
    text.set_value(
        "九、运行维护\n委托运维。\n十、资金估算\n总投资见下表。\n\
         序号\t名称\t类别\t单位\t数量\t单价（万元）\t金额（万元）\n\
         1\t服务器\t服务器\t台\t2\t10\t\n\
         2\t应用软件开发\t应用软件开发\t项\t1\t约80\t80\n\
         合计\t\t\t\t\t\t100",
    );
    fire(&text, "input");
    let preview = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    let row = document().query_selector(".outline-table tr.table").unwrap().expect("the table's row in the outline").text_content().unwrap();
    assert!(row.starts_with("资金估算明细十、资金估算序号、名称、类别"), "{row}");
    assert!(row.contains(&format!("2 行，替换现有的 {lines_before} 行；1 个单元格未能识别，留空；略过 1 个合计行；1 行金额按数量 × 单价算出")), "{row}");
    assert!(preview.contains("资金估算明细 第 2 行“单价”：“约80”不是金额"), "{preview}");
    assert_eq!(budget_rows(&host), lines_before, "nothing is written before 填入各栏");
    click_in_page("#outline-apply");
    sleep(50).await;
    assert_eq!(budget_rows(&host), 2);
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-name").value(), "服务器");
    assert_eq!(input(&host, "f-project-cost_estimate-items-0-amount").value(), "20");
    assert_eq!(input(&host, "f-project-cost_estimate-items-1-unit_price").value(), "", "a cell that did not read is left blank");
    assert_eq!(area("f-project-requirement_plan-cost_summary").value(), "总投资见下表。", "the table is not the section's text");
    let note = document().get_element_by_id("outline-note").unwrap().text_content().unwrap();
    assert!(note.contains("已导入 2 个栏目：运行维护、资金估算。已填入表格：资金估算明细（2 行）。请逐栏核对。"), "{note}");
    // Nothing edited since: undone without asking (a refusal would keep the import).
    answer_confirm(false);
    click_in_page("#outline-note [data-act=undo]");
    sleep(50).await;
    assert_eq!(budget_rows(&host), lines_before, "the budget lines are back as they were");
    click_in_page("#outline-note [data-act=close]");
}

#[wasm_bindgen_test]
async fn what_is_unticked_in_the_outline_is_not_written() {
    let (host, _h) = mount(draft("t-outline-untick"));
    sleep(20).await;
    let lines_before = budget_rows(&host);
    let basis_before = area("f-project-requirement_plan-basis").value();
    click(&host, "#sec-project-requirement_plan-import");
    sleep(50).await;
    let text = area("outline-text");
    text.set_value("一、建设依据\n甲。\n十、资金估算\n乙。\n名称\t数量\t单价\n服务器\t2\t10");
    fire(&text, "input");
    let boxes = document().query_selector_all(".outline-table input[type=checkbox]").unwrap();
    assert_eq!(boxes.length(), 3, "two sections and the table, each ticked");
    let tick = |path: &str| {
        let b: web_sys::HtmlInputElement =
            document().query_selector(&format!("input[data-path=\"{path}\"]")).unwrap().unwrap_or_else(|| panic!("{path}")).unchecked_into();
        assert!(b.checked());
        b.click();
        b
    };
    let apply: web_sys::HtmlButtonElement = document().get_element_by_id("outline-apply").unwrap().unchecked_into();
    let b1 = tick("project.requirement_plan.basis");
    let b2 = tick("project.requirement_plan.cost_summary");
    let b3 = tick("project.cost_estimate.items");
    assert!(apply.disabled(), "nothing left to write");
    assert!(b3.closest("tr").unwrap().unwrap().class_list().contains("unticked"));
    b2.click();
    assert!(!apply.disabled());
    // A correction to the text keeps what was unticked.
    text.set_value("一、建设依据\n甲。\n十、资金估算\n乙丙。\n名称\t数量\t单价\n服务器\t2\t10");
    fire(&text, "input");
    let again = |path: &str| {
        document().query_selector(&format!("input[data-path=\"{path}\"]")).unwrap().unwrap().unchecked_into::<web_sys::HtmlInputElement>().checked()
    };
    assert_eq!(
        (again("project.requirement_plan.basis"), again("project.requirement_plan.cost_summary"), again("project.cost_estimate.items")),
        (false, true, false)
    );
    drop(b1);
    apply.click();
    sleep(50).await;
    assert_eq!(area("f-project-requirement_plan-cost_summary").value(), "乙丙。");
    assert_eq!(area("f-project-requirement_plan-basis").value(), basis_before);
    assert_eq!(budget_rows(&host), lines_before);
    let note = document().get_element_by_id("outline-note").unwrap().text_content().unwrap();
    assert!(note.starts_with("已导入 1 个栏目：资金估算。请逐栏核对。"), "{note}");
    click_in_page("#outline-note [data-act=close]");
}

#[wasm_bindgen_test]
async fn a_service_plan_s_long_texts_are_imported_in_its_own_words() {
    let mut d = Draft::new("t-outline-service".into(), "bazhong", false, true);
    d.submission = serde_json::from_str(include_str!("../../tests/fixtures/bazhong/service.json")).unwrap();
    let (host, _h) = mount(d);
    sleep(20).await;
    let button = host.query_selector("#sec-service_plan-import").unwrap().expect("the service plan's button");
    assert_eq!(button.text_content().unwrap(), "导入整份服务需求方案");
    assert!(host.query_selector("#sec-project-requirement_plan-import").unwrap().is_none(), "no project here");
    click(&host, "#sec-service_plan-import");
    sleep(50).await;
    assert_eq!(document().get_element_by_id("outline-title").unwrap().text_content().unwrap(), "导入整份服务需求方案");
    let how = document().get_element_by_id("outline-how").unwrap().text_content().unwrap();
    assert!(how.contains("“一、购买理由与依据”“二、其他服务标准”等标题分到各栏，其中的服务内容与范围、潜在服务商等表格一并填入"), "{how}");
    let text = area("outline-text");
    text.set_value(
        "一、购买理由与依据\n{无需自建}。\n服务期限：5 年\n响应时间：15 分钟\n可用性：九成\n二、服务内容与范围\n序号\t服务名称\n三、验收方式\n按年度考核。",
    );
    fire(&text, "input");
    let preview = document().get_element_by_id("outline-preview").unwrap().text_content().unwrap();
    // A heading written with braces is shown as written.
    assert!(preview.contains("“二、服务内容与范围”之下的 6 字不属于服务需求方案的栏目"), "{preview}");
    // The figures given with their labels: what each becomes, and what did not read.
    let rows: Vec<String> =
        (0..3).map(|i| document().query_selector_all(".outline-table tr.value").unwrap().item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(
        rows,
        [
            "服务期限服务期限：5 年填入“5 年”，替换现有的“3 年”",
            "响应时间响应时间：15 分钟与现有相同",
            "可用性可用性：九成未能识别：不是百分比（如 99.90%，最多两位小数，不超过 100%），保持不变"
        ]
    );
    click_in_page("#outline-apply");
    sleep(50).await;
    assert_eq!(area("f-service_plan-reasons").value(), "{无需自建}。");
    assert_eq!(area("f-service_plan-acceptance_method").value(), "按年度考核。");
    assert_eq!(input(&host, "f-service_plan-term_years").value(), "5");
    let note = document().get_element_by_id("outline-note").unwrap().text_content().unwrap();
    assert!(note.contains("已填入 1 项：服务期限。"), "{note}");
    click_in_page("#outline-note [data-act=close]");
    // Figures with their labels pasted as a list into a text box: offered for their fields,
    // the box put back.
    let other = area("f-service_plan-standards-other");
    let other_before = other.value();
    let note = take_offer(&other, "服务期限：4 年\n响应时间：20 分钟\n故障恢复时间：4 小时").await;
    assert!(note.contains("粘贴的文字写明了 3 个栏目的值（服务期限、响应时间、故障恢复时间）。要填入这些栏目吗？"), "{note}");
    assert_eq!(input(&host, "f-service_plan-term_years").value(), "4");
    assert_eq!(input(&host, "f-service_plan-standards-recovery_hours").value(), "4");
    assert_eq!(area("f-service_plan-standards-other").value(), other_before, "the box as it was before the paste");
}

#[wasm_bindgen_test]
async fn a_section_longer_than_its_box_takes_is_said_before_it_is_written_and_written_whole() {
    let (host, _h) = mount(draft("t-outline-long"));
    sleep(20).await;
    click(&host, "#sec-project-requirement_plan-import");
    sleep(50).await;
    let long = "很长的现状说明。".repeat(2_600);
    let text = area("outline-text");
    text.set_value(&format!("一、建设依据\n甲。\n二、业务现状\n{long}\n三、存在问题\n乙。"));
    fire(&text, "input");
    let rows = document().query_selector_all(".outline-table tbody tr").unwrap();
    let row = |i: u32| rows.item(i).unwrap().text_content().unwrap();
    assert!(row(1).contains("超过本栏 20000 字的上限"), "{}", row(1));
    assert!(!row(0).contains("上限"), "{}", row(0));
    click_in_page("#outline-apply");
    sleep(50).await;
    // Nothing is cut: the check says the box is too long, as it would of typing.
    assert_eq!(area("f-project-requirement_plan-current_state").value(), long);
    sleep(50).await;
    assert!(host.text_content().unwrap().contains("业务现状超过 20000 字"), "the check reports the length");
}
