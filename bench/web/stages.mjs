// Diagnosis helper (not part of scripts/bench's table): where a keystroke's time goes in the
// editor, stage by stage. Needs a build made with `--cfg shenbao_stages` (the app then marks each
// stage of a keystroke with performance.mark: `app/src/dom.rs`, `stage`):
//   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg shenbao_stages' scripts/build-web
// Types the same keystrokes as live.mjs, timed the same way (input event → data-report-rev, a
// frame between keystrokes), and prints per segment between two consecutive marks the p50 / p95 /
// p99 of its time per keystroke (a segment passed twice in one keystroke, as in a batch, counts
// its sum), for all keystrokes and apart for those whose findings changed. `dispatch` is the
// input event's dispatch, `return` its return to the bench's script, `observed` the bench's
// MutationObserver seeing the new revision (what happens between `return` and `observed` are
// the microtasks the handler queued before the revision was written: Leptos's effects).
//   node bench/web/stages.mjs DIST_DIR tests/fixtures/large/combined.json [N]
import fs from 'node:fs';
import { openLarge, pct, typingPlan, CAPTURE_WASM, NEXT_VALUE } from './common.mjs';

const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 600);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const { page, close } = await openLarge(dist, largeFile, [CAPTURE_WASM, NEXT_VALUE]);
const { fields, order } = await typingPlan(page, large, N);
const runs = await page.evaluate(async ({ ids, order }) => {
  const a = document.querySelector('aside.summary');
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const findings = () => a.textContent;
  const typed = new Map();
  const out = [];
  for (const i of order) {
    const el = document.getElementById(ids[i]);
    const next = typed.has(i) ? typed.get(i) : window.__nextValue(el);
    if (typed.has(i)) typed.delete(i); else typed.set(i, el.value);
    const rev0 = a.dataset.reportRev;
    const before = findings();
    performance.clearMarks();
    const memory = () => window.__wasm?.memory?.buffer.byteLength ?? 0;
    const m0 = memory();
    const h0 = performance.memory.usedJSHeapSize;
    const times = await new Promise((resolve, reject) => {
      let t0, ret;
      const mo = new MutationObserver(() => {
        if (a.dataset.reportRev !== rev0) { const t1 = performance.now(); mo.disconnect(); resolve({ t0, ret, t1 }); }
      });
      mo.observe(a, { attributes: true, attributeFilter: ['data-report-rev'] });
      setTimeout(() => { mo.disconnect(); reject(new Error(`no new revision after ${el.id}`)); }, 5000);
      el.value = next;
      t0 = performance.now();
      el.dispatchEvent(new Event('input', { bubbles: true }));
      ret = performance.now();
    });
    const h1 = performance.memory.usedJSHeapSize;
    const marks = performance.getEntriesByType('mark').map(m => [m.name, m.startTime]);
    await frame();
    out.push({ ...times, marks, changed: findings() !== before, numeric: el.getAttribute('inputmode') !== null, id: el.id, length: el.value.length, grew: memory() - m0, heap: h1 - h0 });
  }
  return out;
}, { ids: fields.map(f => f.id), order });
await close();

// Per keystroke: the segments between consecutive moments, summed by name.
const rows = runs.map(r => {
  const seq = [['dispatch', r.t0], ...r.marks.filter(([, t]) => t <= r.t1), ['return', r.ret], ['observed', r.t1]];
  seq.sort((x, y) => x[1] - y[1]);
  const seg = new Map();
  for (let k = 1; k < seq.length; k++) {
    const name = `${seq[k - 1][0]} → ${seq[k][0]}`;
    seg.set(name, (seg.get(name) || 0) + (seq[k][1] - seq[k - 1][1]));
  }
  return { seg, total: r.t1 - r.t0, changed: r.changed, numeric: r.numeric, id: r.id, length: r.length, grew: r.grew, heap: r.heap };
});
// DUMP=file.json: every keystroke's segments, for a closer look.
if (process.env.DUMP) fs.writeFileSync(process.env.DUMP, JSON.stringify(rows.map(r => ({ ...r, seg: Object.fromEntries(r.seg) }))));
const f = x => x.toFixed(3);
function table(title, list) {
  if (!list.length) return;
  const names = [];
  for (const r of list) for (const n of r.seg.keys()) if (!names.includes(n)) names.push(n);
  console.log(`\n${title} (${list.length} keystrokes): ms per keystroke, p50 / p95 / p99 / mean (0 where a keystroke did not pass)`);
  console.log('| segment | keystrokes | p50 | p95 | p99 | mean |\n|---|---|---|---|---|---|');
  for (const n of names) {
    const v = list.map(r => r.seg.get(n) || 0);
    console.log(`| ${n} | ${list.filter(r => r.seg.has(n)).length} | ${f(pct(v, 50))} | ${f(pct(v, 95))} | ${f(pct(v, 99))} | ${f(v.reduce((s, x) => s + x, 0) / v.length)} |`);
  }
  const t = list.map(r => r.total);
  console.log(`| **total** | ${list.length} | ${f(pct(t, 50))} | ${f(pct(t, 95))} | ${f(pct(t, 99))} | ${f(t.reduce((s, x) => s + x, 0) / t.length)} |`);
}
table('all', rows);
{
  // A JS heap smaller after a keystroke than before: a garbage collection ran in it.
  const gc = rows.filter(r => r.heap < 0);
  console.log(`\nkeystrokes with a garbage collection in them: ${gc.length}; their total p50 ${gc.length ? f(pct(gc.map(r => r.total), 50)) : '-'} ms`);
}
table('findings unchanged', rows.filter(r => !r.changed));
table('findings changed', rows.filter(r => r.changed));
// The slowest keystrokes, segment by segment: what a p99 is made of.
console.log('\nslowest 16 keystrokes:');
for (const r of [...rows].sort((x, y) => y.total - x.total).slice(0, 16)) {
  const top = [...r.seg].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([n, t]) => `${n} ${f(t)}`).join('; ');
  console.log(`  ${f(r.total)} ms (${r.changed ? 'changed' : 'unchanged'}, ${r.numeric ? 'numeric' : 'text'}, ${r.id}, ${r.length} characters${r.grew ? `, memory grew ${r.grew} B` : ''}, JS heap ${r.heap >= 0 ? '+' : ''}${r.heap} B): ${top}`);
}
