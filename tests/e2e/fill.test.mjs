// A new user fills a complete 巴中 项目申报 with its 服务需求方案 from scratch, through the UI;
// findings appear and clear; a warning is explained; reloading mid-edit restores everything;
// the drafts list works.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openPage, fillSubmission, fieldId, ROOT } from './harness.mjs';

const combined = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/bazhong/combined.json'), 'utf8'));
let server, browser;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const status = page => page.textContent('.status-line');

async function startBazhongBoth(page) {
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.check('#doc-project');
  await page.check('#doc-service');
  await page.click('#start');
  await page.waitForSelector('.editor');
}

test('fill a complete 巴中 application with its service plan, from scratch', async () => {
  const page = await openPage(browser, server.url);
  await startBazhongBoth(page);
  assert.match(await status(page), /项错误/, 'an empty form has errors');
  await fillSubmission(page, combined);
  // Only optional notes that the form hides while irrelevant may be skipped.
  assert.deepEqual(page.skippedFields ?? [], ['project.deployment.location_note']);
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('无错误'), null, { timeout: 10000 });
  assert.match(await status(page), /无错误/);

  // A finding appears next to the field and in the summary, and clears again.
  await page.fill('#' + fieldId('project.operations.trial_months'), '1');
  await page.waitForSelector('#' + fieldId('project.operations.trial_months') + '-findings li');
  assert.match(await page.textContent('.summary'), /巴中·第二十八条/);
  await page.fill('#' + fieldId('project.operations.trial_months'), '3');
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('无错误'));

  // Clicking a finding focuses its field.
  await page.fill('#' + fieldId('project.basic.contact.phone'), '12345');
  await page.click('.summary-item .jump');
  assert.equal(await page.evaluate(() => document.activeElement.id), fieldId('project.basic.contact.phone'));
  await page.fill('#' + fieldId('project.basic.contact.phone'), combined.project.basic.contact.phone);

  // A warning needs a 说明.
  await page.check('#' + fieldId('project.infrastructure.public_app'));
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('警告待说明'));
  await page.fill('.justify textarea', '移动端接入“天府通办”，不单独上架应用商店，已与市政务服务和大数据管理局确认。');
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('均已说明'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('reloading mid-edit restores everything', async () => {
  const page = await openPage(browser, server.url);
  await startBazhongBoth(page);
  await page.fill('#' + fieldId('project.basic.name'), '巴中市重新载入测试项目');
  await page.fill('#' + fieldId('project.basic.total_investment'), '123.4567');
  await page.selectOption('#' + fieldId('project.basic.category'), 'data_system');
  await page.fill('#' + fieldId('service_plan.reasons'), '第一行\n第二行');
  await page.waitForFunction(() => document.querySelector('.save-state').textContent.includes('已自动保存'), null, { timeout: 5000 });
  await page.reload();
  await page.waitForSelector('.editor');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '巴中市重新载入测试项目');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.total_investment')), '123.4567');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.category')), 'data_system');
  assert.equal(await page.inputValue('#' + fieldId('service_plan.reasons')), '第一行\n第二行');
  await page.context().close();
});

test('the drafts list: rename, duplicate, delete, export and import', async () => {
  const page = await openPage(browser, server.url);
  await startBazhongBoth(page);
  await page.fill('#' + fieldId('project.basic.name'), '草稿列表测试项目');
  await page.waitForFunction(() => document.querySelector('.save-state').textContent.includes('已自动保存'));
  const download = page.waitForEvent('download');
  await page.click('text=导出草稿文件');
  const file = await (await download).path();
  await page.click('text=← 返回首页');
  await page.waitForSelector('.drafts');
  const names = async () => page.$$eval('.drafts .draft-name', els => els.map(e => e.textContent));
  assert.deepEqual(await names(), ['草稿列表测试项目']);

  page.promptAnswer = '改过名的草稿';
  await page.click('.drafts .draft >> text=重命名');
  await page.waitForFunction(() => document.querySelector('.drafts .draft-name').textContent === '改过名的草稿');
  await page.click('.drafts .draft >> text=复制');
  await page.waitForFunction(() => document.querySelectorAll('.drafts .draft').length === 2);
  assert.ok((await names()).includes('改过名的草稿（副本）'));
  await page.locator('.drafts .draft', { hasText: '（副本）' }).locator('text=删除').click();
  await page.waitForFunction(() => document.querySelectorAll('.drafts .draft').length === 1);

  // Importing the exported file opens it as a new draft.
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', file);
  await page.waitForSelector('.editor');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '草稿列表测试项目');
  // A broken file is explained and nothing changes.
  await page.click('text=← 返回首页');
  fs.writeFileSync('/tmp/shenbao-broken.json', '{ not json');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', '/tmp/shenbao-broken.json');
  await page.waitForFunction(() => document.querySelector('.message').textContent.includes('无法导入'));
  assert.equal((await names()).length, 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('printing gives a formal paper with numbered sections and a footer', async () => {
  const page = await openPage(browser, server.url);
  await startBazhongBoth(page);
  await fillSubmission(page, combined);
  // The 打印 button prints the paper as it is at that moment, the last edit included.
  await page.evaluate(() => { window.print = () => { window.__printed = document.querySelector('.print-doc')?.textContent ?? ''; }; });
  await page.fill('#' + fieldId('project.basic.name'), combined.project.basic.name + '（打印）');
  await page.click('.print-button');
  await page.waitForFunction(() => window.__printed !== undefined, null, { timeout: 5000 });
  assert.ok((await page.evaluate(() => window.__printed)).includes(combined.project.basic.name + '（打印）项目申报书'));
  await page.fill('#' + fieldId('project.basic.name'), combined.project.basic.name);
  // What the browser does on Ctrl+P / 打印: beforeprint, then print media. The paper follows
  // the document on beforeprint (it is not rebuilt on every keystroke).
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.querySelector('.print-doc')?.textContent.includes('万元'), null, { timeout: 5000 });
  assert.equal(await page.isVisible('.editor-bar'), false, 'the form controls are not printed');
  const title = await page.textContent('.print-doc h1');
  // The name ends in 项目: the title does not say 项目 twice.
  assert.ok(combined.project.basic.name.endsWith('项目'));
  assert.equal(title, combined.project.basic.name + '申报书');
  const headings = await page.$$eval('.print-doc h2', hs => hs.map(h => h.textContent));
  assert.equal(headings[0], '一、基本信息');
  assert.equal(headings.at(-1), '附：规则检查结果与说明', 'the paper closes with the check');
  assert.ok(headings.includes('四、资金估算明细') || headings.some(h => h.endsWith('资金估算明细')));
  assert.match(await page.textContent('.print-doc'), /万元/);
  assert.match(await page.textContent('.print-footer'), /未签名草稿/);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000, 'a PDF is produced');
  await page.emulateMedia({ media: 'screen' });

  // The same paper as a Word file, its footer saying it is an unsigned draft.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('.word-button')]);
  assert.equal(d.suggestedFilename(), combined.project.basic.name + '申报书.docx');
  const docx = fs.readFileSync(await d.path());
  assert.equal(docx.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const xml = docx.toString('utf8');
  for (const words of [combined.project.basic.name + '申报书', combined.service_plan.project_name + '服务需求方案', '一、基本信息', '未签名草稿']) {
    assert.ok(xml.includes(words), words);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
