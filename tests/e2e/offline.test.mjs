// Offline delivery: the one-file build opened by file:// with the network blocked; the served
// build under a sub-path, precached by its service worker and working with the network off;
// a new version announced and applied on reload; the one-file build is reproducible; no
// Content-Security-Policy violations anywhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { serveAt, launch, recordCspViolations, fieldId, ROOT, DIST } from './harness.mjs';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-offline-'));
const sha256 = file => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function buildUsb(out) {
  execFileSync('python3', [path.join(ROOT, 'scripts', 'build_usb.py'), '--dist', DIST, '--out', out], { stdio: 'pipe' });
  return out;
}

let browser, oneFile;
before(async () => {
  oneFile = buildUsb(path.join(TMP, 'a', 'shenbao.html'));
  browser = await launch();
});
after(async () => { await browser?.close(); fs.rmSync(TMP, { recursive: true, force: true }); });

/** A context whose pages record console errors, uncaught exceptions and CSP violations. */
async function context(opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...opts });
  await recordCspViolations(ctx);
  ctx.errors = [];
  ctx.on('page', p => {
    p.on('console', m => { if (m.type() === 'error') ctx.errors.push(m.text()); });
    p.on('pageerror', e => ctx.errors.push(String(e)));
  });
  return ctx;
}

const saved = page => page.waitForFunction(() => document.querySelector('.save-state')?.textContent.includes('已自动保存'), null, { timeout: 5000 });
const csp = page => page.evaluate(() => window.__csp);

async function startPageThenDraft(page, name) {
  await page.waitForSelector('li.pack', { timeout: 20000 });
  assert.equal(await page.locator('li.pack').count(), 5, 'five built-in packs');
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.waitForSelector('.editor');
  // The signing part (loaded on first use) comes from the file itself or the service worker.
  await page.waitForSelector('#sign-export', { timeout: 20000 });
  await page.fill('#' + fieldId('project.basic.name'), name);
  await saved(page);
}

test('the one-file build works from file:// with every network request blocked', async () => {
  const ctx = await context();
  const requests = [];
  ctx.on('request', r => requests.push(r.url()));
  await ctx.route('**', route => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const page = await ctx.newPage();
  const url = pathToFileURL(oneFile).href;
  await page.goto(url);
  assert.match(await page.getAttribute('meta[name="shenbao-build"]', 'content'), /^[0-9a-f]{8}$/);
  // A pack's regulation article by article: pack, text and coverage come from the file.
  await page.click('#articles-xianyang');
  await page.locator('#articles-dialog li.article-row').first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#articles-dialog li.article-row').count(), 44);
  await page.keyboard.press('Escape');
  // A city not built in, loaded with its regulation's text: read article by article too.
  const sixth = path.join(TMP, 'sixth.json');
  fs.writeFileSync(sixth, fs.readFileSync(path.join(ROOT, 'core/packs/wuhai.json'), 'utf8')
    .replace('"id": "wuhai"', '"id": "wuhai-copy"').replaceAll('"wuhai.', '"wuhai-copy.'));
  await page.setInputFiles('#load-pack', [sixth, path.join(ROOT, 'core/regulations/003_db543abba44c7454.txt')]);
  await page.click('#articles-wuhai-copy');
  await page.locator('#articles-dialog li.article-row').first().waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#articles-dialog li.article-row').count(), 24);
  await page.keyboard.press('Escape');
  page.once('dialog', d => d.accept());
  await page.click('#remove-wuhai-copy');
  await page.waitForSelector('li[data-pack="wuhai-copy"]', { state: 'detached' });
  await startPageThenDraft(page, 'U盘上的项目');
  // An attachment picked, embedded: kept by the browser for file:// too (IndexedDB).
  await page.check('#att-embed');
  await page.setInputFiles('#att-files', { name: '可研报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 usb') });
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 1);
  await page.waitForTimeout(300);
  // The draft autosaved and survives a reload, with its attachment.
  await page.reload();
  await page.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), 'U盘上的项目');
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, null, { timeout: 10000 });
  assert.equal(await page.textContent('.att-name'), '可研报告.pdf');
  assert.match(await page.textContent('.att-list'), /已嵌入/);
  assert.equal(await page.locator('#att-not-kept').count(), 0);
  // A finding's whole article: its part and the regulation's text come from the file too.
  await page.fill('#' + fieldId('project.basic.total_investment'), '20');
  const cited = page.locator('li.summary-item', { hasText: '巴中·第二条' }).first();
  await cited.locator('.source-toggle').click();
  await cited.locator('.article-toggle').click();
  assert.match(await cited.locator('.article-text mark').first().textContent({ timeout: 20000 }), /投资额度在30万元以上/);
  // The Word export's part comes from the file too.
  const ctxDownloads = page.waitForEvent('download');
  await page.click('.word-button');
  const word = await ctxDownloads;
  assert.equal(word.suggestedFilename(), 'U盘上的项目申报书.docx');
  assert.ok(fs.readFileSync(await word.path()).toString('utf8').includes('U盘上的项目申报书'));
  // A whole 需求方案 from a Word file as Word writes it: the outline part comes from the file,
  // the browser inflates the document (no request, no CSP exception).
  await page.click('#sec-project-requirement_plan-import');
  await page.locator('#outline-dialog').waitFor({ state: 'visible', timeout: 20000 });
  await page.setInputFiles('#outline-file', path.join(ROOT, 'tests/word/plan.docx'));
  await page.waitForFunction(() => document.querySelectorAll('.outline-table tr.found').length === 10, null, { timeout: 10000 });
  await page.keyboard.press('Escape');
  // The reviewer's desk opens, and verifies a package made under a superseded pack with
  // that pack, embedded in the file like the others.
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', path.join(ROOT, 'tests/hostile/trust-list.json'));
  await page.setInputFiles('#review-packages', path.join(ROOT, 'tests/superseded/bazhong-2022.2.0.package.json'));
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 20000 });
  assert.doesNotMatch(await page.textContent('.review tbody tr'), /无效/);
  await page.click('.review tbody tr .review-view');
  assert.match(await page.textContent('#review-superseded', { timeout: 10000 }), /bazhong v2022\.2\.0 已有新版本/);
  assert.deepEqual(await csp(page), [], 'no CSP violations');
  assert.deepEqual(ctx.errors, [], 'no console errors');
  assert.deepEqual([...new Set(requests)], [url], 'no request but the file itself');
  assert.equal(await page.evaluate(() => 'serviceWorker' in navigator && navigator.serviceWorker.controller), null);
  await ctx.close();
});

test('the one-file build is reproducible', () => {
  const again = buildUsb(path.join(TMP, 'b', 'shenbao.html'));
  assert.equal(sha256(again), sha256(oneFile));
  assert.equal(fs.readFileSync(oneFile + '.sha256', 'utf8'), `${sha256(oneFile)}  shenbao.html\n`);
});

test('the served build works under a sub-path, then offline from its service worker', async () => {
  const server = await serveAt({ prefix: '/some/sub/path/' });
  try {
    const ctx = await context();
    const requests = [];
    ctx.on('request', r => requests.push(r.url()));
    const page = await ctx.newPage();
    await page.goto(server.url);
    await page.waitForSelector('li.pack', { timeout: 20000 });
    assert.equal(await page.locator('li.pack').count(), 5);
    // The service worker installs and precaches every file of dist/.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find(k => k.startsWith('shenbao-')));
      return (await cache.keys()).map(r => new URL(r.url).pathname).sort();
    });
    const files = fs.readdirSync(DIST, { recursive: true }).filter(f => f !== 'sw.js' && fs.statSync(path.join(DIST, f)).isFile())
      .map(f => '/some/sub/path/' + f.split(path.sep).join('/')).sort();
    assert.ok(files.some(f => f.includes('/packs/')), 'the packs are precached too');
    assert.deepEqual(cached, files);
    // Nothing but the page's own files was asked for.
    for (const u of [...requests, ...server.requests.map(p => 'http://127.0.0.1' + p)]) {
      assert.ok(new URL(u).pathname.startsWith('/some/sub/path/'), `unexpected request ${u}`);
    }
    for (const p of server.requests) {
      const rel = p.slice('/some/sub/path/'.length);
      assert.ok(rel === '' || fs.existsSync(path.join(DIST, rel)), `request for a missing file ${p}`);
    }
    // Network off (and the server gone): the app still starts, and drafts work.
    await server.close();
    await ctx.setOffline(true);
    await page.reload();
    await startPageThenDraft(page, '断网时的项目');
    await page.reload();
    await page.waitForSelector('.editor', { timeout: 20000 });
    assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '断网时的项目');
    assert.ok(await page.evaluate(() => document.querySelector('meta[name="shenbao-build"]').content));
    assert.deepEqual(await csp(page), [], 'no CSP violations');
    assert.deepEqual(ctx.errors.filter(e => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|An unknown error occurred when fetching the script/.test(e)), [], 'no console errors');
    await ctx.close();
  } finally {
    await server.close();
  }
});

test('a new version is announced, not forced mid-edit, and used when the app is opened again', async () => {
  // A copy of dist/ that we can change into "the next version".
  const root = path.join(TMP, 'site');
  fs.cpSync(DIST, root, { recursive: true });
  const server = await serveAt({ root, prefix: '/app/' });
  try {
    const ctx = await context();
    let page = await ctx.newPage();
    await page.goto(server.url);
    await page.waitForSelector('li.pack', { timeout: 20000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
    await page.check('#pack-wuhai');
    await page.click('#start');
    await page.waitForSelector('.editor');
    await page.fill('#' + fieldId('project.basic.name'), '编辑中');
    // The next version: a changed page and a new cache name.
    const oldBuild = await page.getAttribute('meta[name="shenbao-build"]', 'content');
    const html = fs.readFileSync(path.join(root, 'index.html'), 'utf8').replace(`content="${oldBuild}"`, 'content="0000next"');
    fs.writeFileSync(path.join(root, 'index.html'), html);
    const sw = fs.readFileSync(path.join(root, 'sw.js'), 'utf8').replace(/const CACHE = "shenbao-[0-9a-f]+"/, 'const CACHE = "shenbao-next"');
    fs.writeFileSync(path.join(root, 'sw.js'), sw);
    let waited = false;
    page.on('framenavigated', f => { if (f === page.mainFrame()) waited = true; });
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then(r => r.update()));
    await page.waitForSelector('#update-banner', { timeout: 15000 });
    assert.equal((await page.textContent('#update-banner')).trim(), '新版本已就绪，刷新页面即可使用');
    // Not applied mid-edit: same page, same text, same version.
    assert.equal(waited, false, 'no reload was forced');
    assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '编辑中');
    assert.equal(await page.getAttribute('meta[name="shenbao-build"]', 'content'), oldBuild);
    await saved(page);
    // Opening the app again starts the new version, with the draft intact. (Reloading the same
    // tab applies it the same way, but under automation Chromium sometimes holds a service
    // worker's activation up indefinitely, so the test closes the tab and opens a new one.)
    assert.deepEqual(await csp(page), [], 'no CSP violations');
    await page.close();
    // The waiting worker takes over once no tab uses the old one, which Chromium may do a
    // moment after the tab closed (seen once in a full run of the suite on a loaded machine):
    // the app is opened again, a few times if need be, until the new version serves it.
    for (let attempt = 0; ; attempt++) {
      page = await ctx.newPage();
      await page.goto(server.url);
      await page.waitForSelector('.editor', { timeout: 20000 });
      const build = await page.getAttribute('meta[name="shenbao-build"]', 'content');
      if (build === '0000next' || attempt === 4) break;
      await page.close();
      await new Promise(r => setTimeout(r, 1000));
    }
    assert.equal(await page.getAttribute('meta[name="shenbao-build"]', 'content'), '0000next');
    await page.waitForFunction(async () => (await caches.keys()).join() === 'shenbao-next', null, { timeout: 10000 });
    assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '编辑中');
    assert.equal(await page.locator('#update-banner').count(), 0);
    assert.deepEqual(await csp(page), [], 'no CSP violations');
    assert.deepEqual(ctx.errors, [], 'no console errors');
    await ctx.close();
  } finally {
    await server.close();
  }
});
