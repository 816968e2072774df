// Startup in Chromium (issue 6): navigation start → the form is interactive (the start page's
// pack list and 「开始填写」 are in the page; with nothing to wait for after that), read in the page
// as performance.now() (whose origin is the navigation start) by a MutationObserver installed
// before any script runs. Each load in a fresh browser context (no HTTP cache, no service
// worker, no drafts). For the one file opened by file:// and dist/ served on 127.0.0.1; the
// SurveyJS page served the same way for comparison. Also the p50 of each `shenbao:*`
// performance mark the boot scripts set (wasm decoded, compiled, started), for where the time
// goes. Also reopening a draft: navigation → the form of a remembered 巴中 draft with its first
// findings shown (what a user returning to the app waits for: the main module, the pack's file
// in the split build, the pack read and the first check), reloaded RUNS times in one context.
// Prints JSON.
// node bench/web/startup.mjs DIST_DIR ONE_FILE JSSTACK_DIR [RUNS]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serve, stats } from './common.mjs';

const [dist, oneFile, jsstack, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg || 15);

const READY = selector => {
  const t = () => { if (document.querySelector(selector)) { window.__ready = performance.now(); return true; } return false; };
  if (!t()) new MutationObserver((_, mo) => { if (t()) mo.disconnect(); }).observe(document, { childList: true, subtree: true });
};

async function measure(browser, url, selector) {
  const times = [], marks = {};
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    await context.addInitScript(READY, selector);
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 20000 });
    times.push(await page.evaluate(() => window.__ready));
    const m = await page.evaluate(() => performance.getEntriesByType('mark').filter(e => e.name.startsWith('shenbao:')).map(e => [e.name, e.startTime]));
    for (const [name, t] of m) (marks[name] ||= []).push(t);
    await context.close();
  }
  const phases = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, stats(v).p50]));
  return { ...stats(times), ...(Object.keys(phases).length ? { marks_p50: phases } : {}) };
}

// Reopening a draft: one context (service worker blocked, the HTTP cache warm after the first
// load, as for a returning user), a draft started once, then reloads.
async function measureForm(browser, url) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(READY, '.summary-item');
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.waitForSelector('.summary-item', { timeout: 20000 });
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 20000 });
    times.push(await page.evaluate(() => window.__ready));
  }
  await context.close();
  return stats(times);
}

const browser = await launch();
const app = await serve(path.resolve(dist));
const js = await serve(path.resolve(jsstack));
const APP_READY = '#start'; // rendered with the pack list once the wasm has started
const out = {
  runs: RUNS,
  file: await measure(browser, pathToFileURL(path.resolve(oneFile)).href, APP_READY),
  served: await measure(browser, app.url, APP_READY),
  survey: await measure(browser, js.url + 'survey.html', '#app input'),
  form_file: await measureForm(browser, pathToFileURL(path.resolve(oneFile)).href),
  form_served: await measureForm(browser, app.url),
};
console.log(JSON.stringify(out, null, 1));
await browser.close();
await app.close();
await js.close();
