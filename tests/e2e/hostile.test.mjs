// The hostile-input catalogue (tests/hostile/catalogue.json) through the app: every
// submission and draft file through 「导入草稿文件」 on the start page, every package through the
// reviewer's desk. Each rejected file gives its clear message, opens nothing, and leaves the
// drafts already in the browser byte for byte as they were; nothing hangs or crashes the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, fieldId, ROOT } from './harness.mjs';

const HOSTILE = path.join(ROOT, 'tests', 'hostile');
const catalogue = JSON.parse(fs.readFileSync(path.join(HOSTILE, 'catalogue.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-hostile-'));

/** The entry's file, generating the 50 MB ones (never committed). */
function fileOf(entry) {
  if (!entry.generate) return path.join(HOSTILE, entry.file);
  const out = path.join(work, entry.file);
  if (!fs.existsSync(out)) {
    const base = fs.readFileSync(path.join(HOSTILE, entry.generate.base));
    const buf = Buffer.alloc(entry.generate.bytes, 0x20);
    base.copy(buf, 0);
    fs.writeFileSync(out, buf);
  }
  return out;
}

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); fs.rmSync(work, { recursive: true, force: true }); });

const snapshot = page => page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage).sort())));

test('hostile submission and draft files: a clear message, nothing opened, drafts untouched', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  page.on('dialog', d => d.accept());
  await page.goto(server.url);
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.waitForSelector('.editor');
  await page.fill('#' + fieldId('project.basic.name'), '已有的草稿');
  await page.waitForFunction(() => document.querySelector('.save-state')?.textContent.includes('已自动保存'), null, { timeout: 5000 });
  await page.click('text=返回首页');
  await page.waitForSelector('li.draft');
  const entries = catalogue.filter(e => e.kind === 'submission' || e.kind === 'draft');
  assert.ok(entries.length >= 20);
  const mismatches = [];
  for (const entry of entries) {
    // A bare submission names no pack: the one chosen on the start page applies.
    await page.check('#pack-bazhong');
    const before = await snapshot(page);
    const previous = await page.evaluate(() => document.querySelector('.start .message')?.textContent ?? '');
    await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', fileOf(entry));
    if ((entry.outcome ?? 'rejected') === 'rejected') {
      await page.waitForFunction(prev => {
        const m = document.querySelector('.start .message')?.textContent ?? '';
        return m !== prev && m.startsWith('无法导入');
      }, previous, { timeout: 30000 }).catch(() => {});
      const message = await page.evaluate(() => document.querySelector('.start .message')?.textContent ?? '');
      assert.match(message, /^无法导入/, `${entry.file}: no message`);
      if (!message.includes(entry.expect)) mismatches.push(`${entry.file}: "${message}" lacks "${entry.expect}"`);
      assert.equal(await page.locator('.editor').count(), 0, `${entry.file}: nothing opened`);
      assert.equal(await snapshot(page), before, `${entry.file}: drafts untouched`);
    } else {
      // Accepted: it opens as a new draft beside the existing one.
      await page.waitForSelector('.editor', { timeout: 30000 }).catch(async () => {
        throw new Error(`${entry.file}: accepted, but no editor opened: ${await page.evaluate(() => document.querySelector('.start .message')?.textContent)}`);
      });
      if (entry.expect) assert.ok((await page.textContent('.editor')).includes(entry.expect) || await page.evaluate(
        s => [...document.querySelectorAll('.editor input, .editor textarea')].some(i => i.value.includes(s)), entry.expect), `${entry.file}: shows "${entry.expect}"`);
      await page.click('text=返回首页');
      await page.waitForSelector('li.draft');
    }
  }
  assert.deepEqual(mismatches, []);
  // The original draft is still there, unchanged.
  assert.match(await page.textContent('.start'), /已有的草稿/);
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test("a package made under a superseded pack: the served desk fetches that pack and says so", async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  const fetched = [];
  page.on('request', r => fetched.push(r.url()));
  await page.goto(server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', path.join(HOSTILE, 'trust-list.json'));
  await page.setInputFiles('#review-packages', path.join(ROOT, 'tests/superseded/bazhong-2022.2.0.package.json'));
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 30000 });
  const row = await page.textContent('.review tbody tr');
  assert.match(row, /有效/);
  assert.doesNotMatch(row, /无效/);
  await page.click('.review tbody tr .review-view');
  assert.match(await page.textContent('#review-superseded'), /bazhong v2022\.2\.0 已有新版本（现行 v/);
  assert.ok(fetched.some(u => /\/packs\/bazhong-2022_2_0\.[0-9a-f]{16}\.json$/.test(u)), fetched.join('\n'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test("hostile packages at the reviewer's desk: each gets a row with the reason, the page survives", async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  await page.goto(server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', path.join(HOSTILE, 'trust-list.json'));
  const entries = catalogue.filter(e => e.kind === 'package');
  for (const [i, entry] of entries.entries()) {
    await page.setInputFiles('#review-packages', fileOf(entry));
    await page.waitForFunction(n => document.querySelectorAll('.review tbody tr').length === n, i + 1, { timeout: 30000 });
    const row = await page.textContent(`.review tbody tr:nth-child(${i + 1})`);
    if ((entry.outcome ?? 'rejected') === 'rejected') {
      assert.match(row, /无效/, `${entry.file}: ${row}`);
    } else {
      assert.doesNotMatch(row, /格式错误/, `${entry.file}: ${row}`);
    }
    // The reason is in the row or in the detail view.
    if (entry.expect && !row.includes(entry.expect)) {
      await page.click(`.review tbody tr:nth-child(${i + 1}) .review-view`);
      await page.waitForSelector('.review-detail');
      const detail = await page.textContent('.review-detail');
      assert.ok(detail.includes(entry.expect), `${entry.file}: "${entry.expect}" neither in the row nor the detail:\n${row}\n${detail.slice(0, 2000)}`);
      await page.keyboard.press('Escape');
      await page.click('text=返回列表').catch(() => {});
      await page.waitForSelector('.review tbody');
    }
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
