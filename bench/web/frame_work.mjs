// Diagnosis helper (not part of scripts/bench's table, which carries the first figure): the
// page's main-thread work for a keystroke and the frame it causes, from Chromium's own counters
// (CDP Performance.getMetrics: task, script, style, layout, and the rest — pre-paint, paint,
// the pointer's hit test), in the large project's page. Two ways:
//   in view      each box scrolled into the middle of the window first (three frames to settle,
//                outside the figure), counters read around each keystroke: p50 / p95
//   as benched   the keystrokes of live.mjs back to back, boxes where they are (most out of
//                view), counters read around the whole run: the mean
//   node bench/web/frame_work.mjs DIST_DIR tests/fixtures/large/combined.json [N]
import fs from 'node:fs';
import { openLarge, stats, typingPlan, NEXT_VALUE } from './common.mjs';

const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 100);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const KEYS = { task: 'TaskDuration', script: 'ScriptDuration', style: 'RecalcStyleDuration', layout: 'LayoutDuration', other: 'TaskOtherDuration' };

async function open() {
  const { page, context, close } = await openLarge(dist, largeFile, [NEXT_VALUE]);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
  await page.evaluate(() => {
    window.__frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    window.__typed = new Map();
    window.__type = (id, i) => {
      const el = document.getElementById(id);
      const next = __typed.has(i) ? __typed.get(i) : window.__nextValue(el);
      if (__typed.has(i)) __typed.delete(i); else __typed.set(i, el.value);
      el.value = next;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    };
  });
  const { fields, order } = await typingPlan(page, large, N);
  return { page, metrics, fields, order, close };
}

const f = x => x.toFixed(2);
{
  const { page, metrics, fields, order, close } = await open();
  const got = Object.fromEntries(Object.keys(KEYS).map(k => [k, []]));
  for (const i of order) {
    await page.evaluate(async id => {
      document.getElementById(id).scrollIntoView({ block: 'center' });
      for (let k = 0; k < 3; k++) await window.__frame();
    }, fields[i].id);
    const m0 = await metrics();
    await page.evaluate(async ({ id, i }) => { window.__type(id, i); await window.__frame(); }, { id: fields[i].id, i });
    const m1 = await metrics();
    for (const [k, name] of Object.entries(KEYS)) got[k].push((m1[name] - m0[name]) * 1000);
  }
  console.log(`in view (${N} keystrokes), ms p50 / p95: ` + Object.keys(KEYS).map(k => `${k} ${f(stats(got[k]).p50)} / ${f(stats(got[k]).p95)}`).join(' · '));
  await close();
}
{
  const { page, metrics, fields, order, close } = await open();
  const m0 = await metrics();
  await page.evaluate(async ({ ids, order }) => {
    for (const i of order) { window.__type(ids[i], i); await window.__frame(); }
  }, { ids: fields.map(x => x.id), order });
  const m1 = await metrics();
  console.log(`as benched (${N} keystrokes), ms mean: ` + Object.entries(KEYS).map(([k, name]) => `${k} ${f((m1[name] - m0[name]) * 1000 / N)}`).join(' · '));
  await close();
}
