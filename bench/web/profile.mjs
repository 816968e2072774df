// Diagnosis helper (not part of scripts/bench's table): CPU profile of keystrokes in the large
// project through the Chrome DevTools Protocol, self time summed by function. Run against a
// build whose wasm keeps its name section (wasm-bindgen output before wasm-opt), e.g.
//   node bench/web/profile.mjs PROFILE_DIST tests/fixtures/large/combined.json [N]
// FIELDS=regex keeps only the inputs whose id matches (e.g. FIELDS='amount' for the amounts,
// whose keystrokes make findings come and go); NO_FRAMES=1 types the next character without
// letting a frame render in between, so the profile holds only the keystrokes' own work;
// REVERT=1 restores each field on the next keystroke. Output: INCLUSIVE, CALLERS and OURS below;
// TOP=n lines (40); DUMP=file writes the raw profile.
import { openLarge } from './common.mjs';

const [dist, largeFile, nArg] = process.argv.slice(2);
const N = Number(nArg || 100);
const { page, context, close } = await openLarge(dist, largeFile, [
  `window.__FIELDS = ${JSON.stringify(process.env.FIELDS || '')}; window.__NO_FRAMES = ${Boolean(process.env.NO_FRAMES)}; window.__REVERT = ${Boolean(process.env.REVERT)};`,
]);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
await page.evaluate(async n => {
  const ids = [...document.querySelectorAll('.form textarea, .form input[type=text]')].map(e => e.id).filter(id => id && new RegExp(window.__FIELDS).test(id));
  const a = document.querySelector('aside.summary');
  const before = new Map();
  for (let k = 0; k < n; k++) {
    // REVERT=1: each field twice in a row, changed then restored (what live.mjs does over
    // two visits), so findings come and go instead of piling up.
    const el = document.getElementById(ids[((window.__REVERT ? k >> 1 : k) * 37) % ids.length]);
    const rev0 = a.dataset.reportRev;
    await new Promise(resolve => {
      const mo = new MutationObserver(() => { if (a.dataset.reportRev !== rev0) { mo.disconnect(); resolve(); } });
      mo.observe(a, { attributes: true });
      // Numbers: bump the last digit (what live.mjs types); text: add a character.
      if (window.__REVERT && before.has(el.id)) { el.value = before.get(el.id); before.delete(el.id); } else {
        if (window.__REVERT) before.set(el.id, el.value);
        el.value = el.getAttribute('inputmode') ? el.value.replace(/(\d)(?!.*\d)/, d => String((Number(d) + 1) % 10)) : el.value + '测';
      }
      el.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(resolve, 2000);
    });
    if (!window.__NO_FRAMES) await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  }
}, N);
const { profile } = await cdp.send('Profiler.stop');
// DUMP=file: also write the raw profile (Chrome's .cpuprofile format, for DevTools or a script).
if (process.env.DUMP) (await import('node:fs')).writeFileSync(process.env.DUMP, JSON.stringify(profile));
const frameName = f => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
const self = new Map();
const dt = profile.timeDeltas;
const byId = new Map(profile.nodes.map(n => [n.id, n]));
profile.samples.forEach((id, i) => {
  const name = frameName(byId.get(id).callFrame);
  self.set(name, (self.get(name) || 0) + (dt[i] || 0));
});
// INCLUSIVE=1: time with the function anywhere on the stack (counted once per sample) instead
// of self time, which shows which caller a spread-out cost (malloc, clone, compare) belongs to.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const incl = new Map();
profile.samples.forEach((id, i) => {
  const names = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) names.add(frameName(byId.get(n).callFrame));
  for (const name of names) incl.set(name, (incl.get(name) || 0) + (dt[i] || 0));
});
// CALLERS=regex: for the functions matching it, the time by the chain of callers above them
// (the nearest three frames of our own code — OURS=regex says which frames count, by default
// shenbao_app and shenbao_core), to tell which caller a cost belongs to.
if (process.env.CALLERS) {
  const re = new RegExp(process.env.CALLERS);
  const ours = new RegExp(process.env.OURS || 'shenbao_(app|core)');
  const chains = new Map();
  profile.samples.forEach((id, i) => {
    let n = id;
    while (n !== undefined && !re.test(byId.get(n).callFrame.functionName)) n = parent.get(n);
    if (n === undefined) return;
    const chain = [];
    for (let p = parent.get(n); p !== undefined && chain.length < 3; p = parent.get(p)) {
      const name = byId.get(p).callFrame.functionName;
      if (ours.test(name)) chain.push(name.replace(/::h[0-9a-f]{16}$/, ''));
    }
    const key = chain.join(' < ') || '(no caller of ours)';
    chains.set(key, (chains.get(key) || 0) + (dt[i] || 0));
  });
  for (const [k, us] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${k.slice(0, 300)}`);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const shown = process.env.INCLUSIVE ? incl : self;
console.log(`${(total / 1000).toFixed(1)} ms sampled over ${N} keystrokes`);
for (const [name, us] of [...shown.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 40))) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${(100 * us / total).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`);
}
await close();
