// Shared by the browser benchmarks: Chromium (Debian's, through playwright-core from the bench's
// scratch npm folder), a static server for dist/, percentiles.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NPM = process.env.BENCH_NPM || path.join(ROOT, 'target', 'bench-npm');
export const { chromium } = createRequire(path.join(NPM, 'package.json'))('playwright-core');

// The machine's CPU time by kind, from /proc/stat (Linux; null elsewhere): `steal` is time a
// virtual CPU was ready to run but the hypervisor ran something else. On this kind of shared
// 2-vCPU VM it reached a fifth of a core during a keystroke run (BENCHMARKS.md, seventeenth
// round); no code in the page can shorten a keystroke it falls on, so the bench reports it
// beside the keystroke figures.
export function cpuTimes() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7], idle: f[3] + f[4] };
  } catch {
    return null;
  }
}

// The share of the machine's CPU time stolen by the hypervisor between two `cpuTimes()`, in %.
export function stolen(a, b) {
  if (!a || !b || b.total === a.total) return null;
  return Math.round(1000 * (b.steal - a.steal) / (b.total - a.total)) / 10;
}

// The CPU time of each of Chromium's threads (Linux: /proc), in ms, summed by process type and
// thread name ("renderer:Compositor", "gpu-process:VizCompositorThread"; a renderer's main
// thread is "renderer:chromium"); null elsewhere. On a 2-vCPU machine these threads run beside
// the page's main thread: after each frame the compositor, the display compositor (software
// compositing here) and the raster workers do the frame's remaining work while the next
// keystroke runs (BENCHMARKS.md, nineteenth round).
export function threadTimes() {
  if (!fs.existsSync('/proc/self/task')) return null;
  const tick = 10; // USER_HZ is 100 on Linux
  const out = new Map();
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let cmd;
    try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!/chrom/i.test(cmd.split('\0')[0])) continue;
    const type = cmd.match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
    let tasks = [];
    try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const t of tasks) {
      try {
        const st = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'));
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        // A thread that ended between two readings loses its time: none of the measured
        // threads end while the page is open.
        out.set(`${pid}/${t}`, { thread: `${type}:${name}`, ms: (Number(f[11]) + Number(f[12])) * tick });
      } catch { /* ended meanwhile */ }
    }
  }
  return out;
}

// What each kind of thread spent between two `threadTimes()`, in ms, largest first.
export function threadDelta(a, b) {
  if (!a || !b) return null;
  const sum = new Map();
  for (const [id, v] of b) {
    const d = v.ms - (a.get(id)?.ms ?? 0);
    if (d > 0) sum.set(v.thread, (sum.get(v.thread) || 0) + d);
  }
  return Object.fromEntries([...sum].sort((x, y) => y[1] - x[1]));
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info',
      // BENCH_JS_FLAGS adds V8 flags for a diagnosis (e.g. '--no-liftoff --no-wasm-lazy-compilation':
      // every wasm function optimised up front); the bench's figures never set it.
      `--js-flags=--expose-gc ${process.env.BENCH_JS_FLAGS || ''}`.trim()],
  });
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
export async function serve(root) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    // Cross-origin isolated (COOP + COEP; every file is same-origin): Chromium then gives
    // performance.now() a resolution of 5 µs instead of 100 µs, which rounded a 0.15 ms check
    // to 0.1 or 0.2 ms and made the ratio to the JavaScript stack a ratio of rounding steps.
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache',
      'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
    });
    fs.createReadStream(file).pipe(res);
  });
  const sockets = new Set();
  server.on('connection', s => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise(r => { server.close(r); for (const s of sockets) s.destroy(); }) };
}

export function pct(list, p) {
  const s = [...list].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
export const stats = list => ({ n: list.length, p50: pct(list, 50), p95: pct(list, 95), p99: pct(list, 99), max: Math.max(...list) });

/** Records the wasm instance's exports (window.__wasm) however the page instantiates it, so its
 *  linear memory can be read without any hook in the app. */
export const CAPTURE_WASM = () => {
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const orig = WebAssembly[name];
    WebAssembly[name] = async function (...a) {
      const r = await orig.apply(this, a);
      // The main module's: the parts loaded later (the signing part, with a form) import
      // its memory and export none.
      const exports = (r.instance || r).exports;
      if (exports.memory) window.__wasm = exports;
      return r;
    };
  }
};

/** The element id the app gives a field path (same rule as tests/e2e/harness.mjs). */
export function fieldId(p) {
  let s = 'f-' + p.replace(/[^A-Za-z0-9_]/g, '-');
  s = s.replace(/-+$/, '');
  return s.replace(/--/g, '-');
}

// The keystrokes of the browser benches: every filled leaf of the large project typed into a
// text box (strings and numbers) that the open form has, and N visits over them in steps of 37,
// which hop between sections and table rows. Returns the fields ({ path, id, value }) and the
// order (indexes into them).
export async function typingPlan(page, large, N) {
  const leaves = [];
  (function walk(v, p) {
    if (Array.isArray(v)) { if (v.every(x => typeof x !== 'object')) return; v.forEach((x, i) => walk(x, `${p}[${i}]`)); return; }
    if (v && typeof v === 'object') { for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k); return; }
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') leaves.push({ path: p, id: fieldId(p), value: v });
  })({ project: large.project, service_plan: large.service_plan }, '');
  const present = await page.evaluate(ids => ids.filter(id => { const el = document.getElementById(id); return el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text')); }), leaves.map(l => l.id));
  const fields = leaves.filter(l => present.includes(l.id));
  const order = [];
  for (let k = 0, i = 0; k < N; k++, i = (i + 37) % fields.length) order.push(i);
  return { fields, order };
}

/** What a keystroke types into a box (in the page): numbers get their last digit bumped
 *  (99.95 → 99.96 keeps a valid 万元 / % value), text gets a character. */
export const NEXT_VALUE = `window.__nextValue = (el) => el.getAttribute('inputmode') !== null
  ? el.value.replace(/(\\d)(?!.*\\d)/, d => String((Number(d) + 1) % 10)) : el.value + '测';`;

// One keystroke timed in the page as every keystroke bench times it: the box's value set, the
// input event dispatched, until the findings panel shows a new report's revision
// (data-report-rev). Resolves to the milliseconds.
export const TIMED_INPUT = `window.__timedInput = (el, next) => {
  const a = document.querySelector('aside.summary');
  const rev0 = a.dataset.reportRev;
  return new Promise((resolve, reject) => {
    let t0;
    const mo = new MutationObserver(() => { if (a.dataset.reportRev !== rev0) { const t1 = performance.now(); mo.disconnect(); resolve(t1 - t0); } });
    mo.observe(a, { attributes: true, attributeFilter: ['data-report-rev'] });
    setTimeout(() => { mo.disconnect(); reject(new Error('no new revision after ' + el.id)); }, 5000);
    el.value = next;
    t0 = performance.now();
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
};`;

// Types the plan's keystrokes into the page as the live bench does, back to back with a frame
// after each: each field typed into with NEXT_VALUE, and put back on its next visit. `timed`
// waits for each keystroke's new revision (TIMED_INPUT, which must be installed); otherwise each
// input event is only dispatched.
export async function typeAsBenched(page, ids, order, { timed = false } = {}) {
  await page.evaluate(async ({ ids, order, timed }) => {
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const typed = new Map();
    for (const i of order) {
      const el = document.getElementById(ids[i]);
      const next = typed.has(i) ? typed.get(i) : window.__nextValue(el);
      if (typed.has(i)) typed.delete(i); else typed.set(i, el.value);
      if (timed) await window.__timedInput(el, next);
      else {
        el.value = next;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      await frame();
    }
  }, { ids, order, timed });
}

// A served build in a fresh browser, with the large project opened in the 巴中 editor and its
// first render and autosave settled. `initScripts` run in the page before its own scripts.
export async function openLarge(dist, largeFile, initScripts = []) {
  const server = await serve(dist);
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  for (const s of initScripts) await context.addInitScript(s);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', largeFile);
  await page.waitForSelector('.editor aside.summary[data-report-rev]');
  await page.waitForTimeout(1500);
  const close = async () => { await browser.close(); await server.close(); };
  return { page, context, errors, close };
}

// The page's main-thread work for a keystroke and the frame it causes, from Chromium's own
// counters (CDP Performance.getMetrics, read before and after each keystroke), in ms per
// keystroke by phase: task (all of it), script, style, layout, and other (pre-paint, paint, the
// hit test of the pointer's new target). As when a person types, each box is first scrolled into
// the middle of the window, with three frames to settle outside the figure. Each field is typed
// into with NEXT_VALUE, and put back on its next visit.
export const PHASES = { task: 'TaskDuration', script: 'ScriptDuration', style: 'RecalcStyleDuration', layout: 'LayoutDuration', other: 'TaskOtherDuration' };
export async function frameWorkInView(page, context, ids, order) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(m => [m.name, m.value]));
  await page.evaluate(() => {
    window.__frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    window.__typed = new Map();
  });
  const out = Object.fromEntries(Object.keys(PHASES).map(k => [k, []]));
  for (const i of order) {
    await page.evaluate(async id => {
      document.getElementById(id).scrollIntoView({ block: 'center' });
      for (let k = 0; k < 3; k++) await window.__frame();
    }, ids[i]);
    const m0 = await metrics();
    await page.evaluate(async ({ id, i }) => {
      const el = document.getElementById(id);
      const next = __typed.has(i) ? __typed.get(i) : window.__nextValue(el);
      if (__typed.has(i)) __typed.delete(i); else __typed.set(i, el.value);
      el.value = next;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      await window.__frame();
    }, { id: ids[i], i });
    const m1 = await metrics();
    for (const [k, name] of Object.entries(PHASES)) out[k].push((m1[name] - m0[name]) * 1000);
  }
  await cdp.detach();
  return out;
}
