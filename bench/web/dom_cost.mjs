// Diagnosis helper (not part of scripts/bench's table): what the page's own writes cost in the
// large project's editor, after a frame — as each keystroke finds the page — and warm, back to
// back. Each case runs alone after a frame and after setting a box's value (what typing does
// before the input event), 60 times; the median is printed. It explains why a keystroke that
// makes a finding come or go costs so much more than one that does not (BENCHMARKS.md,
// thirteenth round), and what building the items another way would save.
//   node bench/web/dom_cost.mjs DIST_DIR tests/fixtures/large/combined.json
import { openLarge } from './common.mjs';

const [dist, largeFile] = process.argv.slice(2);
const { page, close } = await openLarge(dist, largeFile);
const out = await page.evaluate(async () => {
  const $ = id => document.getElementById(id);
  const box = $('f-project-basic-name');
  const panel = $('findings-panel'), navState = $('nav-state-0'), navEntry = $('nav-0');
  const summary = $('summary-list-0');
  const fieldLists = ['f-project-basic-total_investment-findings', 'f-project-cost_estimate-items-findings', 'f-project-cost_estimate-items-3-amount-findings'].map($);
  // An item as the painter writes it (app/src/editor/paint.rs), under a fresh id each time.
  const item = id => `<li class="summary-item sev-error" id="${id}" data-n="1"><button type="button" class="jump">分项合计与总投资不一致</button><p class="meta"><span class="citation">巴中·第二十八条</span></p></li>`;
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const texts = ['2 错', '1 错'];
  const median = xs => xs.sort((a, b) => a - b)[xs.length >> 1];
  const cold = async f => {
    const times = [];
    for (let i = 0; i < 60; i++) {
      await frame();
      box.value = box.value.endsWith('x') ? box.value.slice(0, -1) : box.value + 'x';
      const t0 = performance.now();
      f(i);
      times.push(performance.now() - t0);
    }
    return Math.round(median(times) * 1000);
  };
  const warm = f => {
    const n = 2000, t0 = performance.now();
    for (let i = 0; i < n; i++) f(i);
    return Math.round((performance.now() - t0) / n * 1000 * 10) / 10;
  };
  // Inserts on even runs, removes on odd ones: each run changes the tree.
  const toggle = lists => i => lists.forEach((ul, k) => { if (i & 1) $(`zz${k}`)?.remove(); else ul.insertAdjacentHTML('beforeend', item(`zz${k}`)); });
  // The same items built two other ways, for comparison (BENCHMARKS.md, nineteenth round): cloned
  // from a parsed template with its texts set, and the removed element kept and put back (a
  // finding that comes and goes as an amount is typed).
  const template = document.createElement('template');
  template.innerHTML = item('template');
  const clone = id => {
    const e = template.content.firstChild.cloneNode(true);
    e.id = id;
    e.firstChild.textContent = '分项合计与总投资不一致';
    e.lastChild.firstChild.textContent = '巴中·第二十八条';
    return e;
  };
  const kept = new Map();
  const toggleCloned = lists => i => lists.forEach((ul, k) => { if (i & 1) $(`zz${k}`)?.remove(); else ul.appendChild(clone(`zz${k}`)); });
  const toggleKept = lists => i => lists.forEach((ul, k) => {
    if (i & 1) { const e = $(`zz${k}`); kept.set(k, e); e?.remove(); } else ul.appendChild(kept.get(k) ?? clone(`zz${k}`));
  });
  const cases = [
    ['nothing', () => {}],
    ['getElementById', () => $('nav-0')],
    ['one attribute', i => panel.setAttribute('data-x', String(i))],
    ['one text', i => { navState.textContent = texts[i & 1]; }],
    ['one attribute + one text + one class', i => { panel.setAttribute('data-x', String(i)); navState.textContent = texts[i & 1]; navEntry.className = i & 1 ? 'nav-error' : 'nav-warning'; }],
    ['one findings item in or out (the summary)', toggle([summary])],
    ['the summary and one field', toggle([summary, fieldLists[0]])],
    ['the summary and three fields', toggle([summary, ...fieldLists])],
    ['the same, cloned from a template', toggleCloned([summary, ...fieldLists])],
    ['the same, the removed elements put back', toggleKept([summary, ...fieldLists])],
  ];
  const rows = [];
  const [text0, class0] = [navState.textContent, navEntry.className];
  for (const [name, f] of cases) {
    const after = await cold(f);
    rows.push({ case: name, after_a_frame_us: after, warm_us: warm(f) });
    for (let k = 0; k < 4; k++) $(`zz${k}`)?.remove();
  }
  [navState.textContent, navEntry.className] = [text0, class0];
  panel.removeAttribute('data-x');
  return rows;
});
console.log('| page write | after a frame (median of 60) | warm, back to back |');
console.log('|---|---:|---:|');
for (const r of out) console.log(`| ${r.case} | ${r.after_a_frame_us} µs | ${r.warm_us} µs |`);
await close();
