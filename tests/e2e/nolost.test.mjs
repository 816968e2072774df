// No lost work: the page is killed at random moments while someone types (100 trials) and
// everything typed more than about a second before each kill is there on reopening; storage
// that fills up mid-session warns and loses nothing; a broken draft file never replaces the
// draft the user has. (Two tabs on one draft: drafts.test.mjs.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, fieldId } from './harness.mjs';

const TRIALS = Number(process.env.SHENBAO_KILL_TRIALS || 100);
// Autosave runs at most 0.8 s after the first unsaved change; "about a second" is the promise.
const GRACE_MS = 1000;

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const saved = page => page.waitForFunction(() => document.querySelector('.save-state')?.textContent.includes('已自动保存'), null, { timeout: 5000 });

async function newDraft(page, pack = 'wuhai') {
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-' + pack);
  await page.click('#start');
  await page.waitForSelector('.editor');
}

/** A deterministic pseudo-random sequence, so a failing trial can be replayed. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
}

test(`the page killed at ${TRIALS} random moments while typing loses nothing older than a second`, async () => {
  const seed = Number(process.env.SHENBAO_KILL_SEED || 20261130);
  const random = rng(seed);
  const ctx = await browser.newContext();
  let page = await ctx.newPage();
  await page.goto(server.url);
  await newDraft(page);
  const fields = ['project.basic.performance_goals', 'project.basic.name', 'project.requirement_plan.current_state'].map(p => '#' + fieldId(p));
  const expected = Object.fromEntries(fields.map(f => [f, '']));
  const alphabet = '智慧城市数据共享平台建设项目需求方案0123456789abc';
  const lost = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const field = fields[trial % fields.length];
    await page.click(field);
    // The caret at the very end (End alone stops at the end of a wrapped line in a textarea).
    await page.$eval(field, e => e.setSelectionRange(e.value.length, e.value.length));
    // Type for a random 0.2–2.5 s, recording when each character went in.
    const typed = [];
    const until = Date.now() + 200 + random() * 2300;
    while (Date.now() < until) {
      const ch = alphabet[Math.floor(random() * alphabet.length)];
      await page.keyboard.insertText(ch);
      typed.push({ ch, at: Date.now() });
      await page.waitForTimeout(Math.floor(random() * 60));
    }
    // Kill the renderer: no unload handlers, no timers, nothing more runs in the page.
    const killedAt = Date.now();
    const cdp = await ctx.newCDPSession(page);
    cdp.send('Page.crash').catch(() => {});
    await page.waitForEvent('crash', { timeout: 10000 }).catch(() => {});
    await page.close().catch(() => {});
    // Reopen: the last draft comes back.
    page = await ctx.newPage();
    await page.goto(server.url);
    await page.waitForSelector('.editor', { timeout: 20000 });
    const values = Object.fromEntries(await Promise.all(fields.map(async f => [f, await page.inputValue(f)])));
    const all = expected[field] + typed.map(t => t.ch).join('');
    const must = expected[field] + typed.filter(t => t.at <= killedAt - GRACE_MS).map(t => t.ch).join('');
    const got = values[field];
    // What is there is exactly a prefix of what was typed (nothing garbled), and at least
    // everything typed more than a second before the kill.
    assert.ok(all.startsWith(got), `trial ${trial} (seed ${seed}): stored text is not a prefix of what was typed:\n${got}\n${all}`);
    if (got.length < must.length) lost.push({ trial, missing: must.length - got.length });
    for (const f of fields) if (f !== field) assert.equal(values[f], expected[f], `trial ${trial}: another field changed`);
    expected[field] = got;
  }
  assert.deepEqual(lost, [], `characters older than ${GRACE_MS} ms lost (seed ${seed})`);
  await ctx.close();
});

test('storage filling up mid-session: a banner, nothing lost, saving resumes when space is back', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  await newDraft(page);
  const name = '#' + fieldId('project.basic.name');
  await page.fill(name, '存储满之前的名称');
  await saved(page);
  const storedName = () => page.evaluate(() => {
    const id = localStorage.getItem('shenbao.last');
    return JSON.parse(localStorage.getItem('shenbao.draft.' + id)).submission.project.basic.name;
  });
  // The disk fills up: every write now fails with QuotaExceededError.
  await page.evaluate(() => {
    window.__setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await page.fill(name, '存储满之后继续输入的名称');
  await page.waitForSelector('.editor .banner-warning', { timeout: 5000 });
  assert.match(await page.textContent('.editor .banner-warning'), /存储/);
  assert.match(await page.textContent('.save-state'), /存储空间已满或不可用/);
  // What is on screen is kept, and the last good save is intact (not half-written).
  assert.equal(await page.inputValue(name), '存储满之后继续输入的名称');
  assert.equal(await storedName(), '存储满之前的名称');
  // Space is freed: the next change saves everything typed meanwhile.
  await page.evaluate(() => { Storage.prototype.setItem = window.__setItem; });
  await page.fill('#' + fieldId('project.basic.owner_unit'), '乌海市数据局');
  await saved(page);
  assert.equal(await storedName(), '存储满之后继续输入的名称');
  assert.equal(await page.locator('.editor .banner-warning').count(), 0);
  await ctx.close();
});

test('importing a broken draft file never replaces or alters the current drafts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-broken-'));
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(server.url);
  await newDraft(page);
  await page.fill('#' + fieldId('project.basic.name'), '不能被覆盖的草稿');
  await saved(page);
  await page.click('text=返回首页');
  await page.waitForSelector('li.draft');
  const snapshot = () => page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage).sort())));
  const before = await snapshot();
  const draft = JSON.parse(await page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('shenbao.draft.')))));
  assert.equal(draft.format, 'shenbao.draft/1');
  const good = JSON.stringify({ ...draft, name: '导入的草稿' });
  const broken = {
    'truncated.json': good.slice(0, Math.floor(good.length / 2)),
    'not-json.json': '这不是草稿',
    'wrong-format.json': JSON.stringify({ format: 'shenbao.draft/99', submission: {} }),
    'bad-content.json': JSON.stringify({ ...draft, submission: { format: 'shenbao.submission/1', project: { basic: { total_investment: '很多' } } } }),
    'empty.json': '',
  };
  const message = () => page.evaluate(() => document.querySelector('.start .message')?.textContent ?? '');
  for (const [file, content] of Object.entries(broken)) {
    const p = path.join(dir, file);
    fs.writeFileSync(p, content);
    const previous = await message();
    await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', p);
    await page.waitForFunction(prev => {
      const m = document.querySelector('.start .message')?.textContent ?? '';
      return m !== prev && m.startsWith('无法导入');
    }, previous, { timeout: 5000 }).catch(async e => { throw new Error(`${file}: ${await message()}`); });
    assert.equal(await page.locator('.editor').count(), 0, `${file}: no editor opened`);
    assert.equal(await snapshot(), before, `${file}: storage untouched`);
  }
  assert.equal(await page.locator('li.draft').count(), 1);
  assert.match(await page.textContent('li.draft'), /不能被覆盖的草稿/);
  fs.rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});
