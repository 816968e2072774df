// Diagnosis helper (not part of scripts/bench's table): two builds compared keystroke by
// keystroke. Each build's page is open in its own browser; the same keystrokes as live.mjs
// (timed the same way: input event → data-report-rev, a frame after each) are typed into both,
// alternately — keystroke k into A then B, k + 1 into B then A — so that the machine's speed,
// which drifts by a fifth within minutes on this shared VM, weighs on both alike. Builds run one
// after the other in separate runs differed more from run to run than the changes being
// measured (BENCHMARKS.md, seventeenth round). Prints each build's figures and the paired
// difference B − A of the same keystrokes.
//   bench/web/pinned.sh node bench/web/ab.mjs DIST_A DIST_B tests/fixtures/large/combined.json [N]
import fs from 'node:fs';
import { openLarge, stats, pct, typingPlan, cpuTimes, stolen, NEXT_VALUE, TIMED_INPUT } from './common.mjs';

const [distA, distB, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 600);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const builds = [];
for (const dist of [distA, distB]) {
  const opened = await openLarge(dist, largeFile, [NEXT_VALUE, TIMED_INPUT]);
  const plan = await typingPlan(opened.page, large, N);
  builds.push({ dist, ...opened, ids: plan.fields.map(x => x.id), order: plan.order, e2e: [], check: [], numeric: [] });
}
if (builds[0].ids.join() !== builds[1].ids.join()) throw new Error('the two builds show different fields');

// One keystroke into a page, timed in it; then a frame.
const keystroke = (page, id, i) => page.evaluate(async ({ id, i }) => {
  const a = document.querySelector('aside.summary');
  const el = document.getElementById(id);
  window.__typed ??= new Map();
  const next = __typed.has(i) ? __typed.get(i) : window.__nextValue(el);
  if (__typed.has(i)) __typed.delete(i); else __typed.set(i, el.value);
  const ms = await window.__timedInput(el, next);
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return { ms, numeric: el.getAttribute('inputmode') !== null, check: Number(a.dataset.checkMs) };
}, { id, i });

const cpu0 = cpuTimes();
for (const [k, i] of builds[0].order.entries()) {
  for (const b of k % 2 ? [builds[1], builds[0]] : builds) {
    const r = await keystroke(b.page, b.ids[i], i);
    b.e2e.push(r.ms);
    b.check.push(r.check);
    b.numeric.push(r.numeric);
  }
}
const steal = stolen(cpu0, cpuTimes());

const f = s => `${s.p50.toFixed(3)} / ${s.p95.toFixed(3)} / ${s.p99.toFixed(3)} ms`;
console.log(`${N} keystrokes each, alternately; CPU time stolen by the hypervisor meanwhile: ${steal ?? '?'} %`);
console.log('| build | all: p50 / p95 / p99 | numeric boxes | text boxes | the check |');
console.log('|---|---|---|---|---|');
for (const b of builds) {
  const only = want => stats(b.e2e.filter((_, j) => b.numeric[j] === want));
  console.log(`| ${b.dist} | ${f(stats(b.e2e))} | ${f(only(true))} | ${f(only(false))} | ${f(stats(b.check))} |`);
}
// The same keystroke in both: B's time minus A's.
const diff = builds[1].e2e.map((x, j) => x - builds[0].e2e[j]);
const median = pct(diff, 50);
const faster = diff.filter(d => d < 0).length;
console.log(`\nB − A, keystroke by keystroke: median ${median.toFixed(3)} ms; B faster in ${faster} of ${diff.length}`);
// SLOWEST=k: each build's k slowest keystrokes, with their fields and the other build's time.
const k = Number(process.env.SLOWEST || 0);
for (const [n, b] of builds.entries()) {
  const other = builds[1 - n];
  const slow = b.e2e.map((ms, j) => ({ ms, j })).sort((x, y) => y.ms - x.ms).slice(0, k);
  if (k) console.log(`\n${b.dist}, slowest ${k}:`);
  for (const { ms, j } of slow) console.log(`  ${ms.toFixed(3)} ms (other build ${other.e2e[j].toFixed(3)}) #${j} ${b.ids[b.order[j]]}`);
}
for (const b of builds) await b.close();
