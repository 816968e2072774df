// Diagnosis helper (not part of scripts/bench's table, which carries the first figure): the
// page's main-thread work for a keystroke and the frame it causes, from Chromium's own counters
// (CDP Performance.getMetrics: task, script, style, layout, and the rest — pre-paint, paint,
// the pointer's hit test), in the large project's page. Two ways, each in a fresh browser:
//   in view      each box scrolled into the middle of the window first (three frames to settle,
//                outside the figure), counters read around each keystroke: p50 / p95
//   as benched   the keystrokes of live.mjs back to back, boxes where they are (most out of
//                view), counters read around the whole run: the mean
//   node bench/web/frame_work.mjs DIST_DIR tests/fixtures/large/combined.json [N]
import fs from 'node:fs';
import { openLarge, stats, typingPlan, frameWorkInView, typeAsBenched, PHASES, NEXT_VALUE } from './common.mjs';

const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 100);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const f = x => x.toFixed(2);

{
  const { page, context, close } = await openLarge(dist, largeFile, [NEXT_VALUE]);
  const { fields, order } = await typingPlan(page, large, N);
  const got = await frameWorkInView(page, context, fields.map(x => x.id), order);
  console.log(`in view (${N} keystrokes), ms p50 / p95: ` + Object.keys(PHASES).map(k => `${k} ${f(stats(got[k]).p50)} / ${f(stats(got[k]).p95)}`).join(' · '));
  await close();
}
{
  const { page, context, close } = await openLarge(dist, largeFile, [NEXT_VALUE]);
  const { fields, order } = await typingPlan(page, large, N);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
  const m0 = await metrics();
  await typeAsBenched(page, fields.map(x => x.id), order);
  const m1 = await metrics();
  console.log(`as benched (${N} keystrokes), ms mean: ` + Object.entries(PHASES).map(([k, name]) => `${k} ${f((m1[name] - m0[name]) * 1000 / N)}`).join(' · '));
  await close();
}
