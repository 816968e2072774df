// Shared set-up for the end-to-end tests: a static server for dist/ on loopback, Debian's
// Chromium through playwright-core, and helpers that fill the form through the UI.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = path.join(ROOT, 'dist');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

/** Serves dist/ on 127.0.0.1 (random port). Returns { url, close, requests }. */
export async function serve() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(DIST, rel);
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, requests, close: () => new Promise(r => server.close(r)) };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A page that records console errors and uncaught exceptions. */
export async function openPage(browser, url, opts = {}) {
  // bypassCSP: the pages had no Content-Security-Policy when these tests were written, and some
  // inject scripts (axe-core); the policy itself is tested in offline.test.mjs.
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 }, bypassCSP: true, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', m => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', e => page.errors.push(String(e)));
  // confirm() is accepted; prompt() answers with page.promptAnswer when set.
  page.on('dialog', d => d.accept(d.type() === 'prompt' ? (page.promptAnswer ?? d.defaultValue()) : undefined));
  await page.goto(url);
  return page;
}

/**
 * A new 巴中 draft's form on the served build, without the service worker (whose precache
 * would fetch every part at once): `page.parts` lists the requests for the part `part` (a
 * RegExp of its URL), to tell when it is fetched. The clipboard may be read and written.
 * `docs` changes the documents it holds: `{ project: false, service: true }`.
 */
export async function openFormWatching(browser, server, part, docs = {}) {
  const page = await openPage(browser, 'about:blank', { serviceWorkers: 'block' });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  page.parts = [];
  page.on('request', r => { if (part.test(r.url())) page.parts.push(r.url()); });
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-bazhong');
  // The documents of the new draft, where not the start page's default.
  if (docs.project === false) await page.uncheck('#doc-project');
  if (docs.service) await page.check('#doc-service');
  await page.click('#start');
  await page.waitForSelector('.editor');
  return page;
}

/** The element id the app gives a field path: project.cost_estimate.items[2].amount → f-project-cost_estimate-items-2-amount */
export function fieldId(p) {
  let s = 'f-' + p.replace(/[^A-Za-z0-9_]/g, '-');
  s = s.replace(/-+$/, '');
  return s.replace(/--/g, '-');
}

// The field registry, from the CLI, so the tests follow the model without a copy of it.
const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
const registry = Object.fromEntries(
  JSON.parse(execFileSync(SHENBAO, ['fields', '--format', 'json'], { encoding: 'utf8' })).map(f => [f.path, f.kind]));
const kindOf = generic => registry[generic];

function generic(p) { return p.replace(/\[\d+\]/g, '[]'); }

/** Types a whole submission into the form through the UI, field by field. */
export async function fillSubmission(page, sub) {
  async function walk(value, p) {
    const kind = kindOf(generic(p));
    if (kind === undefined) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) await walk(v, p ? `${p}.${k}` : k);
      }
      return;
    }
    if (value === null || value === undefined) return;
    const sel = '#' + fieldId(p);
    // Conditional parts of the form are only shown when relevant (a user cannot type into
    // them then): skip those, and say which.
    if (kind !== 'Group' && (await page.locator(sel).count()) === 0) {
      const isDefault = value === false || value === '' || (Array.isArray(value) && value.length === 0);
      if (!isDefault) (page.skippedFields ??= []).push(p);
      return;
    }
    switch (kind) {
      case 'Group':
        for (const [k, v] of Object.entries(value)) await walk(v, `${p}.${k}`);
        return;
      case 'Table':
        for (let i = 0; i < value.length; i++) {
          await page.click('#' + fieldId(p) + '-add');
          for (const [k, v] of Object.entries(value[i])) await walk(v, `${p}[${i}].${k}`);
        }
        return;
      case 'Text': case 'LongText': case 'Date':
        if (value === '') return;
        await page.fill(sel, String(value));
        return;
      case 'TextList':
        if (value.length) await page.fill(sel, value.join('\n'));
        return;
      case 'Money': {
        const wan = (value / 10000).toString();
        await page.fill(sel, wan);
        await page.locator(sel).blur();
        return;
      }
      case 'BasisPoints':
        await page.fill(sel, (value / 100).toFixed(2));
        return;
      case 'Int':
        await page.fill(sel, String(value));
        return;
      case 'Bool':
        if ((await page.isChecked(sel)) !== value) await page.click(sel);
        return;
      case 'Choice':
        await page.selectOption(sel, value);
        return;
      case 'ChoiceList':
        for (const id of value) await page.check(`${sel}-${id}`);
        return;
      default:
        throw new Error(`unknown kind ${kind} at ${p}`);
    }
  }
  for (const doc of ['project', 'service_plan']) {
    if (sub[doc]) await walk(sub[doc], doc);
  }
  if (sub.justifications) throw new Error('fill justifications through the summary panel');
}

/** Serves a directory (default dist/) under a URL prefix such as '/some/sub/path/'; anything
 *  outside the prefix is a 404. Returns { url, close, requests } like serve(). */
export async function serveAt({ root = DIST, prefix = '/' } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    const rel = pathname.slice(prefix.length) || 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end(); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  const sockets = new Set();
  server.on('connection', s => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}${prefix}`;
  return { url, requests, close: () => new Promise(r => { server.close(r); for (const s of sockets) s.destroy(); }) };
}

/** Records Content-Security-Policy violations in every page of a context (window.__csp). */
export async function recordCspViolations(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e =>
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}
