// Live checks in Chromium (issue 6): the large project opened in the editor, then ≥500
// keystrokes across different fields (text, long text, money, quantities in table rows); each
// timed in the page with performance.now() from the input event to the findings panel showing
// the new report's revision (data-report-rev, set by the app each time it re-checks). Then the
// same rules translated for ajv + json-logic-js (bench/jsstack) evaluated on the same data in the
// same page, one full evaluation per edit. Also JS heap and wasm memory with the project loaded.
// Prints JSON. node bench/web/live.mjs DIST_DIR LARGE.json TRANSLATED.json RULES_BUNDLE.js [N]
import fs from 'node:fs';
import { openLarge, stats, typingPlan, frameWorkInView, cpuTimes, stolen, threadTimes, threadDelta, CAPTURE_WASM, NEXT_VALUE } from './common.mjs';

const [dist, largeFile, translatedFile, rulesBundle, nArg] = process.argv.slice(2);
const N = Number(nArg || 600);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const translated = JSON.parse(fs.readFileSync(translatedFile, 'utf8'));

const { page, context, errors, close } = await openLarge(dist, largeFile, [CAPTURE_WASM, NEXT_VALUE]);

const status = await page.textContent('.status-line');
const memory = await page.evaluate(() => {
  window.gc?.();
  return { js_heap: performance.memory.usedJSHeapSize, wasm: window.__wasm?.memory?.buffer.byteLength ?? null };
});

// Fields present in the form, in an order that hops between sections and table rows.
const { fields, order } = await typingPlan(page, large, N);

// Ours: type one character, then delete it on the field's next visit; two passes over the same
// fields. The first, ours alone, gives the keystroke → findings figures. In the second, after each
// keystroke and a frame, the JavaScript stack evaluates the same edit on its copy of the document
// (which replays the first pass's edits first), followed by a frame too: the two rule stacks
// measured edit by edit in the same conditions (the page rendering between edits, caches as each
// finds them), which a tight loop of their evaluations alone does not give (that figure, back to
// back, is kept below).
await page.addScriptTag({ path: rulesBundle });
// Sets the value at a concrete path (`a.b[2].c`) in the JavaScript stack's copy of the document.
await page.evaluate(() => {
  window.__setAt = (obj, p, v) => {
    const keys = p.replace(/\[(\d+)\]/g, '.$1').split('.');
    let o = obj;
    for (const k of keys.slice(0, -1)) o = o[k];
    o[keys.at(-1)] = v;
  };
});
const pass = withTheirs => page.evaluate(async ({ ids, order, bundle, doc, edits, withTheirs }) => {
  const evaluate = window.JsStack.prepare(bundle);
  const set = window.__setAt;
  const theirs = [], theirTyped = new Map();
  const theirEdit = e => {
    const v = theirTyped.has(e.i) ? theirTyped.get(e.i) : (typeof e.value === 'number' ? e.value + 1 : e.value + '测');
    if (theirTyped.has(e.i)) theirTyped.delete(e.i); else theirTyped.set(e.i, e.value);
    set(doc, e.path, v);
  };
  if (withTheirs) {
    for (const e of edits) theirEdit(e); // where the first pass left the document
    theirTyped.clear();
    for (let i = 0; i < 20; i++) evaluate(doc); // warm-up (JIT), like our first render
  }
  const aside = () => document.querySelector('aside.summary');
  const typed = new Map();
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const e2e = [], engine = [], changed = [], handler = [];
  const findings = () => document.querySelector('aside.summary').textContent;
  for (const [k, i] of order.entries()) {
    const el = document.getElementById(ids[i]);
    const next = typed.has(i) ? typed.get(i) : window.__nextValue(el);
    if (typed.has(i)) typed.delete(i); else typed.set(i, el.value);
    const a = aside();
    const rev0 = a.dataset.reportRev;
    const before = findings();
    const dt = await new Promise((resolve, reject) => {
      let t0;
      const mo = new MutationObserver(() => {
        if (a.dataset.reportRev !== rev0) { const t1 = performance.now(); mo.disconnect(); resolve(t1 - t0); }
      });
      mo.observe(a, { attributes: true, attributeFilter: ['data-report-rev'] });
      setTimeout(() => { mo.disconnect(); reject(new Error(`no new report after ${el.id} = ${next}`)); }, 5000);
      // The browser's own update of the box comes first, as in typing (where it precedes the
      // input event); the clock starts at the input event. (Setting a text box's value takes
      // 0.08 ms at the median but over 1 ms for one keystroke in a hundred, all of it
      // Chromium's: it used to be inside the window.)
      el.value = next;
      t0 = performance.now();
      el.dispatchEvent(new Event('input', { bubbles: true }));
      // The input handler has returned (the check runs in it); what follows is the page's
      // updates scheduled by it (Leptos's effects, as microtasks).
      handler.push(performance.now() - t0);
    });
    e2e.push(dt);
    engine.push(Number(a.dataset.checkMs));
    await frame();
    // Whether the keystroke changed the findings (a new error while an amount is half typed):
    // those keystrokes also build and remove findings in the page.
    changed.push(findings() !== before);
    if (!withTheirs) continue;
    theirEdit(edits[k]);
    const t0 = performance.now();
    evaluate(doc);
    theirs.push(performance.now() - t0);
    await frame();
  }
  return { e2e, engine, changed, theirs, handler };
}, { ids: fields.map(f => f.id), order, bundle: translated, doc: JSON.parse(JSON.stringify(large)), edits: order.map(i => ({ i, path: fields[i].path, value: fields[i].value })), withTheirs });
const [cpu0, threads0] = [cpuTimes(), threadTimes()];
const ours = await pass(false);
const oursStolen = stolen(cpu0, cpuTimes());
// What Chromium's threads spent during those keystrokes (the page's main thread and those that
// run beside it), in ms.
const oursThreads = threadDelta(threads0, threadTimes());
const inTurn = await pass(true);

// The whole of a keystroke in the page, not only until its findings are shown: the main thread's
// work for the keystroke and the frame it causes, each box in view first (common.mjs). 100
// keystrokes of the same plan.
const frameWork = await frameWorkInView(page, context, fields.map(f => f.id), order.slice(0, 100));

// The JavaScript stack alone on the same document and the same sequence of edits, back to back
// (no rendering in between: warm caches, no other thread's work).
const js = await page.evaluate(({ bundle, doc, edits }) => {
  const evaluate = window.JsStack.prepare(bundle);
  const set = window.__setAt;
  const clean = evaluate(doc).length;
  for (let i = 0; i < 20; i++) evaluate(doc); // warm-up (JIT), like our first render
  const times = [];
  const typed = new Map();
  for (const e of edits) {
    const v = typed.has(e.i) ? typed.get(e.i) : (typeof e.value === 'number' ? e.value + 1 : e.value + '测');
    if (typed.has(e.i)) typed.delete(e.i); else typed.set(e.i, e.value);
    set(doc, e.path, v);
    const t0 = performance.now();
    evaluate(doc);
    times.push(performance.now() - t0);
  }
  return { times, clean };
}, { bundle: translated, doc: JSON.parse(JSON.stringify(large)), edits: order.map(i => ({ i, path: fields[i].path, value: fields[i].value })) });

console.log(JSON.stringify({
  keystrokes: N, fields: fields.length, status, memory, errors,
  ours_e2e: stats(ours.e2e), ours_engine: stats(ours.engine), ours_stolen_percent: oursStolen, ours_threads_ms: oursThreads,
  // The input event to its handler's return (the check included), and from there to the page
  // updated, by whether the findings changed.
  ours_handler_same_findings: stats(ours.handler.filter((_, i) => !ours.changed[i])),
  ours_after_handler_same_findings: stats(ours.e2e.map((x, i) => x - ours.handler[i]).filter((_, i) => !ours.changed[i])),
  ours_handler_findings_changed: stats(ours.handler.filter((_, i) => ours.changed[i])),
  ours_after_handler_findings_changed: stats(ours.e2e.map((x, i) => x - ours.handler[i]).filter((_, i) => ours.changed[i])),
  ours_e2e_same_findings: stats(ours.e2e.filter((_, i) => !ours.changed[i])),
  ours_e2e_findings_changed: stats(ours.e2e.filter((_, i) => ours.changed[i])),
  ours_frame_work: Object.fromEntries(Object.entries(frameWork).map(([k, v]) => [k, stats(v)])),
  ours_engine_in_turn: stats(inTurn.engine), js_interleaved: stats(inTurn.theirs),
  js: stats(js.times), js_clean_findings: js.clean,
  translated: translated.translated, total: translated.total, skipped: translated.skipped, constraints: translated.constraints,
}, null, 1));
await close();
