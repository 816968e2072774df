// 「导入整份需求方案」 (app/src/editor/outline.rs, shenbao_core::outline): a whole plan copied
// from Word and pasted with Ctrl+V into one of its boxes (the real clipboard, the served split
// build) is offered for splitting; the dialog shows the outline first and writes on 填入各栏;
// the sections are kept by autosave; a real .docx chosen in the dialog is read, deflated
// entries inflated by the browser. The outline part is fetched on first use, not before. A
// service plan printed to Word by our export comes back into a new draft whole: its texts,
// its tables and its figures.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { serve, launch, openFormWatching, fieldId, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PART = /\/split_outline\.[0-9a-f]{16}\.wasm$/;

const open = () => openFormWatching(browser, server, PART);

const box = section => '#' + fieldId(`project.requirement_plan.${section}`);

const PLAN = [
  '某某市智慧市场监管项目需求方案',
  '一、建设依据', '《“智慧巴中”建设项目管理办法》。',
  '二、业务现状', '现有系统建于2015年。',
  '三、存在问题', '（一）网络安全', '设备老化。',
  '四、需求分析', '需要统一平台。',
  '五、解决思路', '依托政务云。',
  '六、工作计划', '2027年完成。',
  '七、建设内容', '1. 平台', '2. 终端',
  '八、网络安全', '按等保三级建设。',
  '九、运行维护', '委托运维。',
  '十、资金估算', '总投资300万元。',
].join('\r\n');

test('a whole plan pasted into one box is offered for splitting, split on 填入各栏, and kept', async () => {
  const page = await open();
  // A few lines pasted are the box's own: no part, no offer.
  await page.evaluate(t => navigator.clipboard.writeText(t), '第一段\n第二段');
  await page.focus(box('basis'));
  await page.keyboard.press('Control+V');
  await page.waitForTimeout(300);
  assert.deepEqual(page.parts, [], 'nothing fetched for lines that are not a plan');
  assert.equal(await page.locator('#outline-note').count(), 0);
  // The whole plan, pasted where people paste it: the browser pastes, then the offer.
  await page.fill(box('basis'), '');
  await page.evaluate(t => navigator.clipboard.writeText(t), PLAN);
  await page.focus(box('basis'));
  await page.keyboard.press('Control+V');
  const offer = page.locator('#outline-note');
  await offer.waitFor({ timeout: 20000 });
  assert.equal(page.parts.length, 1, 'the outline part is fetched on the first such paste');
  assert.match(await offer.textContent(), /10 个栏目标题/);
  assert.ok((await page.inputValue(box('basis'))).includes('十、资金估算'), 'the paste stands until the user chooses');
  await offer.locator('[data-act=split]').click();
  const dialog = page.locator('#outline-dialog');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.locator('.outline-table tr.found').count(), 10);
  assert.match(await page.locator('#outline-preview').textContent(), /第一个标题之前的 15 字/);
  await page.click('#outline-apply');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.inputValue(box('basis')), '《“智慧巴中”建设项目管理办法》。', 'the box pasted into holds its own section');
  assert.equal(await page.inputValue(box('problems')), '（一）网络安全\n设备老化。');
  assert.equal(await page.inputValue(box('cost_summary')), '总投资300万元。');
  // Autosaved (about a second after a change): the sections are there after a reload, which
  // opens the draft again.
  await page.waitForTimeout(2000);
  await page.reload();
  await page.waitForSelector(box('scope'), { timeout: 20000 });
  assert.equal(await page.inputValue(box('scope')), '1. 平台\n2. 终端');
  await page.close();
});

test('a .docx chosen in the dialog is read, a deflated one inflated by the browser, its budget table filling the budget lines; a .doc is explained', async () => {
  const page = await open();
  await page.click('#sec-project-requirement_plan-import');
  await page.locator('#outline-dialog').waitFor({ state: 'visible', timeout: 20000 });
  assert.equal(page.parts.length, 1, 'the part is fetched on the first click');
  await page.setInputFiles('#outline-file', path.join(ROOT, 'tests/word/plan.docx'));
  await page.waitForFunction(() => document.querySelectorAll('.outline-table tr.found').length > 0, null, { timeout: 10000 });
  assert.ok((await page.inputValue('#outline-text')).startsWith('巴中市不动产登记“一网通办”平台项目需求方案'));
  assert.equal(await page.locator('.outline-table tr.found').count(), 10);
  await page.setInputFiles('#outline-file', { name: '旧方案.doc', mimeType: 'application/msword', buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]) });
  await page.waitForSelector('.outline-problem');
  assert.match(await page.locator('.outline-problem').textContent(), /旧版 Word 格式（\.doc）/);
  assert.equal(await page.locator('.outline-table tr.found').count(), 10, 'the text read before stays');
  assert.match(await page.locator('.outline-table tr.table').textContent(), /^资金估算明细十、资金估算.*3 行.*略过 1 个合计行/);
  assert.equal(await page.inputValue(box('basis')), '', 'a new draft: nothing written without 填入各栏');
  await page.click('#outline-apply');
  await page.locator('#outline-dialog').waitFor({ state: 'hidden' });
  assert.match(await page.inputValue(box('cost_summary')), /^项目服务费总额 312 万元/);
  const line = (i, key) => '#' + fieldId(`project.cost_estimate.items[${i}].${key}`);
  assert.equal(await page.locator('[id^="f-project-cost_estimate-items-"][id$="-name"]').count(), 3);
  assert.equal(await page.inputValue(line(1, 'name')), '存量数据治理与部门数据对接服务');
  assert.equal(await page.inputValue(line(1, 'amount')), '45', 'made from 数量 × 单价');
  assert.match(await page.locator('#outline-note').textContent(), /已填入表格：资金估算明细（3 行）/);
  await page.close();
});

test('a service plan printed to Word comes back into a new draft: texts, tables and figures', async () => {
  // The Word file as the app's export writes it (the CLI shares the code: core::paper::docx).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-outline-'));
  const docx = path.join(dir, '服务需求方案.docx');
  const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
  execFileSync(SHENBAO, ['docx', path.join(ROOT, 'tests/fixtures/bazhong/combined.json'), '-o', docx]);
  const combined = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/bazhong/combined.json'), 'utf8')).service_plan;

  const page = await openFormWatching(browser, server, PART, { project: false, service: true });
  await page.click('#sec-service_plan-import');
  await page.locator('#outline-dialog').waitFor({ state: 'visible', timeout: 20000 });
  await page.setInputFiles('#outline-file', docx);
  await page.waitForFunction(() => document.querySelectorAll('.outline-table tr.value').length > 0, null, { timeout: 10000 });
  assert.equal(await page.locator('.outline-table tr.table').count(), 2, '服务内容与范围 and 潜在服务商');
  assert.equal(await page.locator('.outline-table tr.unread').count(), 0, 'every figure reads');
  assert.equal(await page.locator('.outline-skipped li').count(), 1, 'only the application before the plan is left out');
  await page.click('#outline-apply');
  await page.locator('#outline-dialog').waitFor({ state: 'hidden' });
  const box = p => '#' + fieldId(p);
  assert.equal(await page.inputValue(box('service_plan.reasons')), combined.reasons.split('\n').map(l => l.trim()).filter(Boolean).join('\n'));
  assert.equal(await page.inputValue(box('service_plan.term_years')), String(combined.term_years));
  assert.equal(await page.inputValue(box('service_plan.annual_fee')), String(combined.annual_fee / 10000));
  assert.equal(await page.inputValue(box('service_plan.items[1].name')), combined.items[1].name);
  assert.equal(await page.inputValue(box(`service_plan.providers[${combined.providers.length - 1}].name`)), combined.providers.at(-1).name);
  assert.match(await page.locator('#outline-note').textContent(), /已填入表格：服务内容与范围（\d+ 行）、潜在服务商（\d+ 行）。已填入 \d+ 项：项目名称、/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
