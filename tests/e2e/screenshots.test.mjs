// Screenshots for the README, taken by the test run in headless Chromium
// (docs/screenshots/*.png, committed). Needs CJK fonts (scripts/test installs
// fonts-noto-cjk); without them the pictures would show boxes instead of text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage, fillSubmission, fieldId, ROOT } from './harness.mjs';

const OUT = path.join(ROOT, 'docs', 'screenshots');
const combined = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/bazhong/combined.json'), 'utf8'));
let server, browser;
before(async () => { server = await serve(); browser = await launch(); fs.mkdirSync(OUT, { recursive: true }); });
after(async () => { await browser?.close(); await server?.close(); });

test('screenshots of the start page, the editor and the reviewer\'s desk', async () => {
  const page = await openPage(browser, server.url, { viewport: { width: 1400, height: 900 } });
  await page.waitForSelector('li.pack');
  await page.screenshot({ path: path.join(OUT, 'start.png') });
  // 「逐条对照」: the regulation article by article, one checked article opened.
  await page.click('#articles-bazhong');
  await page.waitForSelector('#articles-dialog ol.articles');
  await page.click('#article-2 summary');
  await page.screenshot({ path: path.join(OUT, 'articles.png') });
  await page.keyboard.press('Escape');
  await page.check('#pack-bazhong');
  await page.check('#doc-service');
  await page.click('#start');
  await page.waitForSelector('.editor');
  await fillSubmission(page, combined);
  await page.fill('#' + fieldId('project.operations.trial_months'), '2');
  await page.check('#' + fieldId('project.infrastructure.public_app'));
  await page.waitForSelector('.summary-item');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, 'editor.png') });
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.screenshot({ path: path.join(OUT, 'review.png') });
  for (const f of ['start.png', 'articles.png', 'editor.png', 'review.png']) assert.ok(fs.statSync(path.join(OUT, f)).size > 10000, f);
  await page.context().close();
});

test("screenshot of a resubmission compared with the package it replaces", async () => {
  // Two packages signed by the CLI: the 巴中 project, then a revision of it naming it.
  const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-shot-'));
  const env = { ...process.env, SHENBAO_PASSPHRASE: 'screenshot passphrase' };
  const unit = '巴中市市场监督管理局', code = '11511900MB1527360X';
  execFileSync(SHENBAO, ['keygen', '--out', path.join(work, 'k.pem')], { env });
  execFileSync(SHENBAO, ['trust', 'add', path.join(work, 'trust.json'), '--key', path.join(work, 'k.pub.pem'), '--department', unit,
    '--credit-code', code, '--valid-from', '2020-01-01', '--issuer', '巴中市政务服务和大数据管理局'], { env });
  const sign = (out, file, extra = []) => execFileSync(SHENBAO, ['sign', '--city', 'bazhong', '--key', path.join(work, 'k.pem'), '--department', unit,
    '--credit-code', code, '--person', '李晓梅', ...extra, '-o', path.join(work, out), file], { env });
  const project = path.join(ROOT, 'tests/fixtures/bazhong/project.json');
  sign('第一版.json', project);
  const revised = JSON.parse(fs.readFileSync(project, 'utf8'));
  const p = revised.project;
  p.basic.name = p.basic.name + '（修订）';
  p.cost_estimate.items[1].name += '（扩容）';
  p.requirement_plan.current_state = p.requirement_plan.current_state.replace('。', '。按审核意见补充了现有系统的使用情况。', 1);
  fs.writeFileSync(path.join(work, 'revised.json'), JSON.stringify(revised));
  sign('修订版.json', path.join(work, 'revised.json'), ['--previous', path.join(work, '第一版.json')]);

  const page = await openPage(browser, server.url, { viewport: { width: 1400, height: 900 } });
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', path.join(work, 'trust.json'));
  await page.setInputFiles('#review-packages', [path.join(work, '第一版.json'), path.join(work, '修订版.json')]);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 2, null, { timeout: 20000 });
  await page.click('button.review-view[aria-label$="（修订）"]');
  await page.waitForSelector('.changes-summary');
  const section = page.locator('.review-changes');
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: path.join(OUT, 'compare.png') });
  assert.ok(fs.statSync(path.join(OUT, 'compare.png')).size > 10000);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('screenshot of a whole 需求方案 from Word, its outline shown before it is written', async () => {
  // Tall enough for the whole outline: the sections, the budget table, what is left out.
  const page = await openPage(browser, server.url, { viewport: { width: 1400, height: 1700 } });
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.waitForSelector('.editor');
  await page.click('#sec-project-requirement_plan-import');
  await page.locator('#outline-dialog').waitFor({ state: 'visible', timeout: 20000 });
  await page.setInputFiles('#outline-file', path.join(ROOT, 'tests/word/plan.docx'));
  await page.waitForSelector('.outline-table tr.table');
  await page.locator('#outline-dialog').screenshot({ path: path.join(OUT, 'outline.png') });
  assert.ok(fs.statSync(path.join(OUT, 'outline.png')).size > 10000);
  await page.context().close();
});
