// Drafts under stress: two tabs on the same draft never silently clobber each other (nor the
// files kept with it);
// with storage unavailable the user is told and keeps working from memory; a signed
// package reopens as a draft; attachments picked for a draft are kept with it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage, fieldId, ROOT } from './harness.mjs';

const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function newDraft(page) {
  await page.waitForSelector('li.pack');
  await page.check('#pack-wuhai');
  await page.click('#start');
  await page.waitForSelector('.editor');
}

const saved = page => page.waitForFunction(() => document.querySelector('.save-state').textContent.includes('已自动保存'), null, { timeout: 5000 });

test('two tabs on the same draft: the older one stops and offers the newer version', async () => {
  const context = await browser.newContext();
  const a = await context.newPage();
  await a.goto(server.url);
  await newDraft(a);
  await a.fill('#' + fieldId('project.basic.name'), '甲标签页的名称');
  await saved(a);
  // The second tab reopens the same draft (the last one edited).
  const b = await context.newPage();
  await b.goto(server.url);
  await b.waitForSelector('.editor');
  assert.equal(await b.inputValue('#' + fieldId('project.basic.name')), '甲标签页的名称');
  await b.fill('#' + fieldId('project.basic.name'), '乙标签页的名称');
  await saved(b);
  // Tab A is now behind: it must not overwrite B's newer revision.
  await a.waitForSelector('.banner-error', { timeout: 5000 });
  await a.fill('#' + fieldId('project.basic.owner_unit'), '甲标签页继续输入');
  await a.waitForTimeout(1200);
  const stored = await a.evaluate(() => {
    const id = localStorage.getItem('shenbao.last');
    return JSON.parse(localStorage.getItem('shenbao.draft.' + id)).submission.project.basic.name;
  });
  assert.equal(stored, '乙标签页的名称', 'the newer revision is intact');
  // Files picked for the draft: B's are kept; one picked in A meanwhile is not written over them.
  const pdf = name => ({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 ' + name) });
  await b.setInputFiles('#att-files', pdf('乙标签页的附件.pdf'));
  await b.waitForFunction(() => document.querySelectorAll('.att-row').length === 1);
  await b.waitForTimeout(500);
  await a.waitForSelector('#att-files', { state: 'attached' });
  await a.setInputFiles('#att-files', pdf('甲标签页的附件.pdf'));
  await a.waitForFunction(() => document.querySelectorAll('.att-row').length === 1);
  await a.waitForTimeout(800);
  await b.reload();
  await b.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, null, { timeout: 10000 });
  assert.equal(await b.textContent('.att-name'), '乙标签页的附件.pdf');
  // A chooses to load the newer version: the page loads again on this draft, with the files
  // B keeps with it.
  await Promise.all([a.waitForEvent('load'), a.click('text=载入较新的版本')]);
  await a.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await a.inputValue('#' + fieldId('project.basic.name')), '乙标签页的名称');
  await a.waitForFunction(() => document.querySelector('.att-name')?.textContent === '乙标签页的附件.pdf', null, { timeout: 10000 });
  assert.equal(await a.locator('.att-row').count(), 1);
  await context.close();
});

test('with storage unavailable, a banner says so and work goes on in memory', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForSelector('.banner-warning');
  assert.match(await page.textContent('.banner-warning'), /浏览器存储不可用/);
  await newDraft(page);
  await page.fill('#' + fieldId('project.basic.name'), '只在内存中的项目');
  await page.waitForTimeout(1200);
  assert.match(await page.textContent('.editor'), /仅保存在内存中|浏览器存储不可用/);
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '只在内存中的项目');
  // The draft can still be saved to a file.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('text=导出草稿文件')]);
  const draft = JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
  assert.equal(draft.submission.project.basic.name, '只在内存中的项目');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a package made under an earlier pack reopens with a notice of what the update changed', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', path.join(ROOT, 'tests/superseded/bazhong-2022.2.0.package.json'));
  await page.waitForSelector('.editor');
  const now = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/packs/bazhong.json'), 'utf8')).version;
  assert.match(await page.textContent('#pack-updated'), new RegExp(`巴中市规则包 v2022\\.2\\.0 检查，规则包现已更新为 v${now.replaceAll('.', '\\.')}`));
  // The earlier version is fetched (the signing part compares): what the version in use finds otherwise.
  await page.waitForSelector('#pack-updated-difference:not([hidden])', { timeout: 10000 });
  assert.match(await page.textContent('#pack-updated-difference'), /^与 v2022\.2\.0 相比：按现行版检查/);
  await page.click('#pack-updated button');
  assert.equal(await page.isVisible('#pack-updated'), false);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a signed package reopens as a new draft', async () => {
  // A package made by the CLI from the 巴中 fixture.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-reopen-'));
  const env = { ...process.env, SHENBAO_PASSPHRASE: 'reopen test passphrase' };
  execFileSync(SHENBAO, ['keygen', '--out', path.join(work, 'k.pem')], { env });
  const pkg = path.join(work, 'pkg.json');
  const study = path.join(work, '可研报告.pdf');
  fs.writeFileSync(study, '%PDF-1.7 feasibility study');
  execFileSync(SHENBAO, ['sign', '--city', 'bazhong', '--key', path.join(work, 'k.pem'), '--department', '巴中市市场监督管理局',
    '--credit-code', '11511900MB1527360X', '--person', '李晓梅', '--attach', `feasibility_study=${study}`, '--embed',
    '-o', pkg, path.join(ROOT, 'tests/fixtures/bazhong/project.json')], { env });
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', pkg);
  await page.waitForSelector('.editor');
  const payload = JSON.parse(Buffer.from(JSON.parse(fs.readFileSync(pkg, 'utf8')).payload, 'base64').toString('utf8'));
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), payload.submission.project.basic.name);
  assert.match(await page.textContent('.pack-ref'), /巴中/);
  assert.match(await page.textContent('.status-line'), /无错误/);
  // Made under the pack in use: no word of an update.
  assert.equal(await page.locator('#pack-updated').count(), 0);
  // The package's embedded attachment is offered again, to be signed with the revision.
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, null, { timeout: 10000 });
  assert.equal(await page.textContent('.att-name'), '可研报告.pdf');
  assert.match(await page.textContent('.att-list'), /已嵌入/);
  assert.match(await page.textContent('#sign-status'), /已恢复申报包中的 1 个附件/);
  assert.equal(await page.inputValue('.att-row select'), 'feasibility_study');
  // Signed from here, the package is a revision of this one (ticked by default), also after a reload.
  assert.ok((await page.textContent('.sign-replaces')).includes(payload.id));
  assert.equal(await page.isChecked('#sign-replaces'), true);
  await page.reload();
  await page.waitForSelector('.editor');
  await page.waitForSelector('.sign-replaces');
  assert.ok((await page.textContent('.sign-replaces')).includes(payload.id));

  // The draft's file carries its files and the package it replaces, so that on another
  // computer (a fresh browser here) the draft has them too.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('text=导出草稿文件')]);
  const draftFile = path.join(work, d.suggestedFilename());
  await d.saveAs(draftFile);
  const exported = JSON.parse(fs.readFileSync(draftFile, 'utf8'));
  assert.equal(exported.format, 'shenbao.draft/1');
  assert.equal(exported.kept.replaces.id, payload.id);
  assert.equal(exported.kept.attachments.length, 1);
  assert.equal(exported.kept.attachments[0].name, '可研报告.pdf');
  assert.equal(Buffer.from(exported.kept.attachments[0].content_base64, 'base64').toString('utf8'), '%PDF-1.7 feasibility study');
  await page.context().close();

  const elsewhere = await openPage(browser, server.url);
  await elsewhere.waitForSelector('li.pack');
  await elsewhere.setInputFiles('.start input[type=file][accept*=json] >> nth=1', draftFile);
  await elsewhere.waitForSelector('.editor');
  assert.equal(await elsewhere.inputValue('#' + fieldId('project.basic.name')), payload.submission.project.basic.name);
  await elsewhere.waitForFunction(() => document.querySelectorAll('.att-row').length === 1, null, { timeout: 10000 });
  assert.equal(await elsewhere.textContent('.att-name'), '可研报告.pdf');
  assert.match(await elsewhere.textContent('#sign-status'), /已恢复草稿文件中的 1 个附件/);
  assert.ok((await elsewhere.textContent('.sign-replaces')).includes(payload.id));
  assert.deepEqual(elsewhere.errors, []);
  await elsewhere.context().close();
});

// What the browser keeps for a draft's attachments (IndexedDB `shenbao`, store `attachments`).
const keptAttachments = page => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('shenbao');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('attachments')) { db.close(); resolve({}); return; }
    const all = {};
    const cursor = db.transaction('attachments').objectStore('attachments').openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (c) { all[c.key] = JSON.parse(c.value).attachments.map(r => r.name); c.continue(); } else { db.close(); resolve(all); }
    };
    cursor.onerror = () => reject(cursor.error);
  };
}));

test('attachments picked for a draft survive a reload and go with its deletion', async () => {
  const page = await openPage(browser, server.url);
  // A draft deleted first, while the browser has no database yet (drafts of a version that
  // kept nothing): the deletion must not create one without its stores.
  await newDraft(page);
  await page.fill('#' + fieldId('project.basic.name'), '用过即弃的草稿');
  await saved(page);
  await page.click('text=← 返回首页');
  await page.waitForSelector('.drafts');
  await page.evaluate(() => new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase('shenbao');
    r.onsuccess = resolve; r.onerror = reject; r.onblocked = resolve;
  }));
  await page.locator('.drafts .draft', { hasText: '用过即弃的草稿' }).locator('text=删除').click();
  await page.waitForFunction(() => document.querySelectorAll('.drafts .draft').length === 0);
  await page.waitForTimeout(200);
  await newDraft(page);
  await page.fill('#' + fieldId('project.basic.name'), '附件保留测试');
  await saved(page);
  await page.waitForSelector('#att-files');
  await page.selectOption('#att-kind', 'feasibility_study');
  await page.check('#att-embed');
  await page.setInputFiles('#att-files', [
    { name: '可研报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 feasibility') },
    { name: '图纸.dwg', mimeType: 'application/octet-stream', buffer: Buffer.from('DWG') },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 2);
  await page.waitForFunction(() => document.querySelector('#sign-status').textContent.includes('2 个附件已添加'));

  // Reloaded (or the tab closed and opened again): the draft comes back with its files.
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('.editor');
  await page.waitForFunction(() => document.querySelectorAll('.att-row').length === 2, null, { timeout: 10000 });
  assert.deepEqual(await page.$$eval('.att-name', els => els.map(e => e.textContent)), ['可研报告.pdf', '图纸.dwg']);
  assert.match(await page.textContent('#sign-status'), /已恢复上次为此草稿选择的 2 个附件/);
  assert.equal(await page.inputValue('.att-row select >> nth=0'), 'feasibility_study');
  assert.match(await page.textContent('.att-list'), /已嵌入/);
  // The draft's printed papers list the files picked, each with its size and SHA-256, as a
  // draft's (no package named).
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const papers = await page.textContent('.print-papers');
  const listed = papers.slice(papers.indexOf('附：拟随附文件'));
  const sha = crypto.createHash('sha256').update('%PDF-1.7 feasibility').digest('hex');
  assert.ok(papers.includes('附：拟随附文件') && listed.includes('可研报告.pdf') && listed.includes('图纸.dwg') && listed.includes(sha), listed.slice(0, 300));
  assert.match(await page.textContent('.print-footer'), /未签名草稿/);

  let kept = await keptAttachments(page);
  assert.deepEqual(Object.values(kept), [['可研报告.pdf', '图纸.dwg']]);

  // A copy made in the drafts list starts without files (a copy is most often the start of
  // another project); deleting the draft deletes what was kept for it.
  await page.click('text=← 返回首页');
  await page.waitForSelector('.drafts');
  await page.click('.drafts .draft >> text=复制');
  await page.waitForFunction(() => document.querySelectorAll('.drafts .draft').length === 2);
  await page.locator('.drafts .draft', { hasText: '（副本）' }).locator('text=打开').click();
  await page.waitForSelector('#att-files');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.att-row').count(), 0);
  await page.click('text=← 返回首页');
  await page.waitForSelector('.drafts');
  await page.locator('.drafts .draft', { hasText: '附件保留测试' }).filter({ hasNotText: '（副本）' }).locator('text=删除').click();
  await page.waitForFunction(() => document.querySelectorAll('.drafts .draft').length === 1);
  for (let i = 0; i < 50 && Object.keys(kept).length; i++) { kept = await keptAttachments(page); await page.waitForTimeout(100); }
  assert.deepEqual(kept, {});
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
