// Diagnosis helper (not part of scripts/bench's table): a Chromium trace of keystrokes typed as
// live.mjs types them (input event → new revision, a frame between keystrokes), and the page's
// main-thread trace events summed by name, in ms per keystroke, largest first: where the frames
// after the keystrokes spend their time (style, layout, paint, the hover hit test), which the
// counters of frame_work.mjs only give by phase. The trace is kept in target/bench/trace.json.
//   node bench/web/trace.mjs DIST_DIR tests/fixtures/large/combined.json [N]
// CATS=a,b,c chooses the trace categories (e.g. add
// disabled-by-default-devtools.timeline.invalidationTracking to see why style was recalculated);
// MOUSE=x,y moves the pointer there first.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, openLarge, typingPlan, typeAsBenched, NEXT_VALUE, TIMED_INPUT } from './common.mjs';
const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 100);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const { page, context, close } = await openLarge(dist, largeFile, [NEXT_VALUE, TIMED_INPUT]);
const { fields, order } = await typingPlan(page, large, N);
const out = path.join(ROOT, 'target', 'bench', 'trace.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
const browser = context.browser();
if (process.env.MOUSE) { const [x, y] = process.env.MOUSE.split(',').map(Number); await page.mouse.move(x, y); }
await browser.startTracing(page, { path: out, categories: (process.env.CATS || 'devtools.timeline,blink,disabled-by-default-devtools.timeline').split(',') });
await typeAsBenched(page, fields.map(f => f.id), order, { timed: true });
await browser.stopTracing();
await close();
const t = JSON.parse(fs.readFileSync(out, 'utf8'));
const ev = t.traceEvents || t;
// The page's main thread.
const names = new Map();
for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
const main = [...names].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
const agg = new Map();
for (const e of ev) {
  if (!main.includes(`${e.pid}:${e.tid}`) || e.ph !== 'X' || !e.dur) continue;
  const a = agg.get(e.name) || { n: 0, us: 0 };
  a.n++; a.us += e.dur; agg.set(e.name, a);
}
const rows = [...agg].sort((a, b) => b[1].us - a[1].us).slice(0, 45);
for (const [n, a] of rows) console.log(`${(a.us / N / 1000).toFixed(3)} ms/keystroke  n=${a.n}  ${n}`);
