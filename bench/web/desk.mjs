// The reviewer's desk at scale: N signed packages dropped on the desk, kept in the browser,
// restored after a reload, filtered; then one more package added to the full desk.
//
//   cargo run --release -p shenbao-core --example bench_packages -- /tmp/pk 1000
//   node bench/web/desk.mjs DIST /tmp/pk [N ...]     (default N: 100 1000)
//
// Prints JSON, one object per N: drop → rows shown, the longest task while verifying (the page
// does not answer meanwhile), drop → kept in IndexedDB (the records committed: what a reload
// right after would find), reload → rows restored, the filter box's keystrokes (input → the
// table updated and a frame), every listed package's opinion in one ZIP (click → the download,
// and the longest task meanwhile), and one more package → kept. Timings from node's clock or the
// page's, as named; nothing here is a target.
import fs from 'node:fs';
import path from 'node:path';
import { launch, serve, stats } from './common.mjs';

const [dist, pkgDir, ...ns] = process.argv.slice(2);
if (!dist || !pkgDir) {
  console.error('usage: node bench/web/desk.mjs DIST PACKAGES_DIR [N ...]');
  process.exit(2);
}
const all = fs.readdirSync(path.join(pkgDir, 'packages')).sort().map(f => path.join(pkgDir, 'packages', f));
const trust = path.join(pkgDir, 'trust.json');
const sizes = ns.length ? ns.map(Number) : [100, 1000];

// What the browser keeps of the desk, read in the page: the packages listed and the texts
// kept, whichever layout the build writes (texts in the list, or a store of their own).
const KEPT = async () => {
  const db = await new Promise((ok, bad) => { const r = indexedDB.open('shenbao'); r.onsuccess = () => ok(r.result); r.onerror = bad; });
  const get = (store, key) => new Promise(ok => {
    if (!db.objectStoreNames.contains(store)) return ok(undefined);
    const r = db.transaction(store).objectStore(store)[key === undefined ? 'count' : 'get'](key);
    r.onsuccess = () => ok(r.result); r.onerror = () => ok(undefined);
  });
  const list = await get('desk', 'packages');
  const texts = await get('desk_files');
  db.close();
  return { listed: list ? JSON.parse(list).length : 0, texts: texts ?? 0 };
};

async function until(page, fn, arg, timeout = 600000) {
  await page.waitForFunction(fn, arg, { timeout, polling: 20 });
}

async function keptCount(page, n, t0) {
  for (;;) {
    const k = await page.evaluate(KEPT);
    if (k.listed === n) return Date.now() - t0;
    if (Date.now() - t0 > 600000) throw new Error(`not kept: ${JSON.stringify(k)}`);
    await page.waitForTimeout(20);
  }
}

const server = await serve(path.resolve(dist));
const browser = await launch();
const out = [];
for (const n of sizes) {
  if (n + 1 > all.length) throw new Error(`${pkgDir} holds ${all.length} packages, ${n + 1} needed`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.on('dialog', d => d.accept());
  await page.goto(server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', trust);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await page.setInputFiles('#review-packages', all.slice(0, n));
  await until(page, n => document.querySelectorAll('.review tbody tr').length === n, n);
  const shown = Date.now() - t0;
  const kept = await keptCount(page, n, t0);
  const longest = Math.max(0, ...await page.evaluate(() => window.__long));

  const t1 = Date.now();
  await page.reload();
  await page.click('#mode-review');
  await until(page, n => document.querySelectorAll('.review tbody tr').length === n, n);
  const restored = Date.now() - t1;

  const filter = await page.evaluate(async () => {
    const box = document.getElementById('review-filter');
    const times = [];
    for (const text of ['0', '00', '001', '00', '0', '', '项', '项目', '项', '']) {
      const t = performance.now();
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - t);
    }
    return times;
  });

  // Every listed package's opinion in one ZIP: click → the download, and the longest task.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  const t3 = Date.now();
  const [zip] = await Promise.all([page.waitForEvent('download', { timeout: 600000 }), page.click('#review-opinions')]);
  const opinions = Date.now() - t3;
  const zipBytes = fs.statSync(await zip.path()).size;
  await page.waitForTimeout(200); // the long tasks are reported after they end
  const opinionsLongest = Math.max(0, ...await page.evaluate(() => window.__long));

  const t2 = Date.now();
  await page.setInputFiles('#review-packages', [all[n]]);
  await until(page, n => document.querySelectorAll('.review tbody tr').length === n, n + 1);
  const oneMore = await keptCount(page, n + 1, t2);
  const texts = (await page.evaluate(KEPT)).texts;

  await page.click('#review-clear');
  await page.waitForSelector('.review-empty');
  await context.close();
  const round = x => Math.round(x * 10) / 10;
  const f = stats(filter);
  out.push({
    packages: n, drop_to_rows_ms: shown, longest_task_ms: round(longest), drop_to_kept_ms: kept, reload_to_rows_ms: restored,
    filter_keystroke_ms: { p50: round(f.p50), max: round(f.max) }, opinions_zip_ms: opinions, opinions_longest_task_ms: round(opinionsLongest),
    opinions_zip_bytes: zipBytes, one_more_to_kept_ms: oneMore, texts_in_own_store: texts,
  });
}
await browser.close();
await server.close();
console.log(JSON.stringify(out, null, 2));
