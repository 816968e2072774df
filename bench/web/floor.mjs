// Diagnosis helper (not part of scripts/bench's table): the floor under keystroke → findings in
// the large project's page — what the same keystrokes as live.mjs cost when the app's handler
// is replaced by the least any implementation must do, timed the same way (input event →
// data-report-rev written, a frame between keystrokes). Modes, each its own browser:
//   read     read the box's value, write the revision (no check, no findings)
//   finding  the same, and a numeric keystroke makes a finding come: its summary item, its
//            item under the field, aria-invalid and the summary's count (the fewest writes a
//            new finding takes)
//   app      the app itself, for comparison (its check's time too)
//   node bench/web/floor.mjs DIST_DIR tests/fixtures/large/combined.json [N] [modes,...]
import fs from 'node:fs';
import { openLarge, stats, typingPlan, cpuTimes, stolen, NEXT_VALUE, TIMED_INPUT } from './common.mjs';

const [dist, largeFile, nArg, modesArg] = process.argv.slice(2);
const N = Number(nArg || 600);
const large = JSON.parse(fs.readFileSync(largeFile, 'utf8'));
const f = s => `${s.p50.toFixed(3)} / ${s.p95.toFixed(3)} / ${s.p99.toFixed(3)} ms`;
console.log('| mode | all: p50 / p95 / p99 | numeric boxes | text boxes | the app\'s check | CPU time stolen by the hypervisor |');
console.log('|---|---|---|---|---|---|');
for (const mode of (modesArg || 'read,finding,app').split(',')) {
  const { page, close } = await openLarge(dist, largeFile, [NEXT_VALUE, TIMED_INPUT]);
  const { fields, order } = await typingPlan(page, large, N);
  const cpu0 = cpuTimes();
  const r = await page.evaluate(async ({ ids, order, mode, pace }) => {
    const $ = id => document.getElementById(id);
    const a = document.querySelector('aside.summary');
    const summary = $('summary-list-0'), count = $('summary-count-0');
    const item = id => `<li class="summary-item sev-error" id="${id}" data-n="1"><button type="button" class="jump">分项合计与总投资不一致</button><p class="meta"><span class="citation">巴中·第二十八条</span></p></li>`;
    let rev = 0;
    if (mode !== 'app') {
      // Before the app's own listener (capture, on the window), which then never runs.
      window.addEventListener('input', e => {
        e.stopImmediatePropagation();
        const el = e.target;
        const v = el.value;
        if (mode === 'finding' && el.getAttribute('inputmode') !== null) {
          summary.insertAdjacentHTML('beforeend', item(`floor-${rev}`));
          $(`${el.id}-findings`)?.insertAdjacentHTML('beforeend', item(`floor-${rev}-f`));
          el.setAttribute('aria-invalid', 'true');
          count.textContent = `${rev} 项`;
        }
        a.setAttribute('data-report-rev', `${++rev}-${v.length}`);
      }, true);
    }
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, pace)));
    const typed = new Map();
    const e2e = [], numeric = [], check = [];
    for (const i of order) {
      const el = $(ids[i]);
      const next = typed.has(i) ? typed.get(i) : window.__nextValue(el);
      if (typed.has(i)) typed.delete(i); else typed.set(i, el.value);
      e2e.push(await window.__timedInput(el, next));
      numeric.push(el.getAttribute('inputmode') !== null);
      check.push(Number(a.dataset.checkMs));
      await frame();
    }
    return { e2e, numeric, check };
  }, { ids: fields.map(x => x.id), order, mode, pace: Number(process.env.PACE || 0) });
  const steal = stolen(cpu0, cpuTimes());
  const only = want => stats(r.e2e.filter((_, i) => r.numeric[i] === want));
  console.log(`| ${mode} | ${f(stats(r.e2e))} | ${f(only(true))} | ${f(only(false))} | ${mode === 'app' ? f(stats(r.check)) : ''} | ${steal ?? '?'} % |`);
  await close();
}
