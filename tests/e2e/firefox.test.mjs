// The one-file build in Firefox, opened from file:// as staff do from a USB stick: open a
// package as a draft, edit with live checks, autosave and reload, generate a key, sign and
// export (the CLI verifies the export), and check it at the reviewer's desk.
//
// Playwright's Firefox needs Mozilla-patched builds that cannot be downloaded here, so this
// suite drives Debian's firefox-esr through puppeteer-core over WebDriver BiDi. Downloads are
// captured in the page (the app offers files through blob: links) because BiDi has no
// download events in this Firefox.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { fieldId, ROOT, DIST } from './harness.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-firefox-'));
const UNIT = '巴中市市场监督管理局', CODE = '11511900MB1527360X';

let browser, oneFile;
before(async () => {
  oneFile = path.join(work, 'usb', 'shenbao.html');
  execFileSync('python3', [path.join(ROOT, 'scripts', 'build_usb.py'), '--dist', DIST, '--out', oneFile], { stdio: 'pipe' });
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
});
after(async () => { await browser?.close(); fs.rmSync(work, { recursive: true, force: true }); });

/** A page that records console errors, uncaught exceptions, CSP violations and downloads. */
async function newPage() {
  const page = await browser.newPage();
  page.errors = [];
  page.on('console', m => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', e => page.errors.push(String(e)));
  page.on('dialog', d => d.accept());
  await page.evaluateOnNewDocument(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    window.__downloads = [];
    const blobs = new Map();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = b => { const u = create(b); blobs.set(u, b); return u; };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      const b = blobs.get(this.href);
      if (this.download && b) { b.text().then(text => window.__downloads.push({ name: this.download, text })); return; }
      return click.call(this);
    };
  });
  return page;
}

/** Clicks `selector` and returns the file the app offered as a download. */
async function download(page, selector) {
  const before = await page.evaluate(() => window.__downloads.length);
  await page.click(selector);
  await page.waitForFunction(n => window.__downloads.length > n, { timeout: 60000 }, before);
  return page.evaluate(n => window.__downloads[n], before);
}

const text = (page, sel) => page.$eval(sel, e => e.textContent);
const value = (page, sel) => page.$eval(sel, e => e.value);
const waitText = (page, sel, s, timeout = 10000) =>
  page.waitForFunction((sel, s) => document.querySelector(sel)?.textContent.includes(s), { timeout }, sel, s);

async function type(page, sel, v) {
  await page.$eval(sel, e => { e.value = ''; });
  await page.type(sel, v);
}

let packagePath, trustPath;

test('Firefox: the one file from file:// opens a package, edits with live checks, autosaves', async () => {
  // A package signed by the CLI from the 巴中 fixture, reopened as a draft.
  const env = { ...process.env, SHENBAO_PASSPHRASE: 'firefox test passphrase' };
  execFileSync(SHENBAO, ['keygen', '--out', path.join(work, 'k.pem')], { env });
  const pkg = path.join(work, 'cli-package.json');
  execFileSync(SHENBAO, ['sign', '--city', 'bazhong', '--key', path.join(work, 'k.pem'), '--department', UNIT,
    '--credit-code', CODE, '--person', '李晓梅', '-o', pkg, path.join(ROOT, 'tests/fixtures/bazhong/project.json')], { env });

  const page = await newPage();
  await page.goto(pathToFileURL(oneFile).href);
  await page.waitForSelector('li.pack', { timeout: 30000 });
  assert.equal((await page.$$('li.pack')).length, 5, 'five built-in packs');
  assert.match(await page.$eval('meta[name="shenbao-build"]', m => m.content), /^[0-9a-f]{8}$/);
  const inputs = await page.$$('.start input[type=file][accept*=json]');
  await inputs[1].uploadFile(pkg);
  await page.waitForSelector('.editor', { timeout: 20000 });
  await waitText(page, '.status-line', '无错误');

  // Live checks: an invalid 统一社会信用代码 is reported as typed, and the fix clears it.
  const code = '#' + fieldId('project.basic.credit_code');
  await type(page, code, '11511900MB1527360Y');
  await page.waitForFunction(() => !document.querySelector('.status-line').textContent.includes('无错误'), { timeout: 10000 });
  await type(page, code, CODE);
  await waitText(page, '.status-line', '无错误');

  // An attachment, embedded: kept by the browser with the draft.
  const attachment = path.join(work, '可研报告.pdf');
  fs.writeFileSync(attachment, '%PDF-1.7 firefox');
  await page.waitForSelector('#att-files', { timeout: 30000 });
  await page.click('#att-embed');
  await (await page.$('#att-files')).uploadFile(attachment);
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, { timeout: 10000 });

  // Autosave, then a reload brings the edit back, and the attachment.
  const name = '#' + fieldId('project.basic.name');
  await type(page, name, '火狐浏览器中的项目');
  await waitText(page, '.save-state', '已自动保存', 5000);
  await page.reload();
  await page.waitForSelector('.editor', { timeout: 30000 });
  assert.equal(await value(page, name), '火狐浏览器中的项目');
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, { timeout: 10000 });
  assert.equal(await page.$eval('.att-name', e => e.textContent), '可研报告.pdf');
  assert.equal(await page.$('#att-not-kept'), null);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violations');
  assert.deepEqual(page.errors, [], 'no console errors');

  // A whole 需求方案 from a Word file as Word writes it: Firefox inflates it too
  // (DecompressionStream), from file://, shown before anything is written.
  await page.click('#sec-project-requirement_plan-import');
  await page.waitForSelector('#outline-dialog[open]', { timeout: 20000 });
  await (await page.$('#outline-file')).uploadFile(path.join(ROOT, 'tests/word/plan.docx'));
  await page.waitForFunction(() => document.querySelectorAll('.outline-table tr.found').length === 10, { timeout: 10000 });
  await page.click('#outline-cancel');
  await page.waitForFunction(() => !document.querySelector('#outline-dialog').open);
  assert.deepEqual(page.errors, [], 'no console errors');

  // Generate a key, sign and export.
  await type(page, '#gen-pass', '火狐 正确的口令 horse');
  await type(page, '#gen-pass2', '火狐 正确的口令 horse');
  await page.click('#gen-submit');
  await page.waitForSelector('#key-dl-public', { timeout: 120000 });
  const pub = await download(page, '#key-dl-public');
  assert.match(pub.text, /BEGIN PUBLIC KEY/);
  const stored = await page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));
  assert.doesNotMatch(stored, /BEGIN PRIVATE KEY/, 'only the encrypted key is kept');
  await type(page, '#signer-person', '李晓梅');
  await type(page, '#sign-pass', '火狐 正确的口令 horse');
  const pkgOut = await download(page, '#sign-export');
  assert.match(pkgOut.name, /\.json$/);
  packagePath = path.join(work, 'firefox-package.json');
  fs.writeFileSync(packagePath, pkgOut.text);
  const pubPath = path.join(work, 'firefox-pub.pem');
  fs.writeFileSync(pubPath, pub.text);

  // The bureau registers the key and the CLI verifies the package signed in Firefox.
  trustPath = path.join(work, 'trust.json');
  execFileSync(SHENBAO, ['trust', 'add', trustPath, '--key', pubPath, '--department', UNIT, '--credit-code', CODE,
    '--valid-from', '2020-01-01', '--issuer', '巴中市政务服务和大数据管理局']);
  const out = spawnSync(SHENBAO, ['verify', packagePath, '--trust', trustPath, '--format', 'json'], { encoding: 'utf8' });
  const result = JSON.parse(out.stdout);
  assert.equal(result[0].valid, true, JSON.stringify(result[0].problems));
  // The restored attachment went into the package, its bytes embedded.
  const signed = JSON.parse(Buffer.from(JSON.parse(pkgOut.text).payload, 'base64').toString('utf8'));
  assert.deepEqual(signed.attachments.map(a => [a.name, Buffer.from(a.content_base64, 'base64').toString()]), [['可研报告.pdf', '%PDF-1.7 firefox']]);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.close();
});

test("Firefox: the reviewer's desk in the one file verifies the package", async () => {
  assert.ok(packagePath && trustPath, 'the signing test ran first');
  const page = await newPage();
  await page.goto(pathToFileURL(oneFile).href);
  await page.waitForSelector('#mode-review', { timeout: 30000 });
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await (await page.$('#review-trust')).uploadFile(trustPath);
  await (await page.$('#review-packages')).uploadFile(packagePath);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, { timeout: 20000 });
  const row = await text(page, '.review tbody tr');
  assert.match(row, /有效/);
  assert.doesNotMatch(row, /无效/);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violations');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.close();
});
