// Cells copied from a spreadsheet pasted into a table with Ctrl+V (app/src/editor/paste.rs,
// shenbao_core::paste): the real clipboard, the served split build, the paste part fetched on
// the first paste of a block and not before; the note under the rows stays in sight; undo; a
// paste part that cannot be loaded leaves the table untouched and says so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openFormWatching, fieldId } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PART = /\/split_paste\.[0-9a-f]{16}\.wasm$/;

async function open() {
  const page = await openFormWatching(browser, server, PART);
  await page.waitForSelector('#sign-export', { timeout: 20000 });
  return page;
}

/** Puts `text` on the system clipboard and presses Ctrl+V in the element `selector`. */
async function pasteInto(page, selector, text) {
  await page.evaluate(t => navigator.clipboard.writeText(t), text);
  await page.focus(selector);
  await page.keyboard.press('Control+V');
}

const cell = (row, column) => '#' + fieldId(`project.cost_estimate.items[${row}].${column}`);
const NOTE = '#' + fieldId('project.cost_estimate.items') + '-paste';

test('a block copied from a spreadsheet fills the budget, says what it did, and can be undone', async () => {
  const page = await open();
  // One copied cell (a spreadsheet ends it with a line break) is the box's own paste.
  await page.click('#' + fieldId('project.cost_estimate.items') + '-add');
  await pasteInto(page, cell(0, 'name'), '云主机\r\n');
  assert.equal(await page.inputValue(cell(0, 'name')), '云主机');
  assert.deepEqual(page.parts, [], 'no paste part for text pasted into one box');

  // A block with a header, as copied from Excel: columns by name, 序号 and 合计 left out.
  const block = ['序号\t名称\t类别\t数量\t单价（万元）', '1\t政务云主机\t服务器\t4\t12.5', '2\t数据库软件\t系统基础软件\t1\t约20万', '3\t防火墙\t安全产品与服务\t2\t8', '合计\t\t\t\t'].join('\r\n') + '\r\n';
  await pasteInto(page, cell(0, 'name'), block);
  const note = page.locator(NOTE);
  await note.waitFor({ timeout: 20000 });
  assert.equal(page.parts.length, 1, 'the paste part is fetched on the first paste of a block');
  assert.equal(await page.inputValue(cell(0, 'name')), '政务云主机');
  assert.equal(await page.inputValue(cell(0, 'amount')), '50', '4 × 12.5 万元');
  assert.equal(await page.inputValue(cell(1, 'category')), 'base_software');
  assert.equal(await page.inputValue(cell(1, 'unit_price')), '', 'the unreadable price is not written');
  assert.equal(await page.inputValue(cell(2, 'amount')), '16');
  assert.equal(await page.locator('#' + fieldId('project.cost_estimate.items') + ' .row').count(), 3);
  const said = await note.textContent();
  assert.match(said, /已粘贴 3 行（第 1–3 行，其中新增 2 行）/);
  assert.match(said, /首行为表头/);
  assert.match(said, /略过 1 个合计行/);
  assert.match(said, /第 2 行“单价”：“约20万”不是金额/);
  assert.equal(await note.getAttribute('role'), 'status');
  // The note is in sight: held at the foot of the window while the table is in view.
  const box = await note.boundingBox();
  const height = page.viewportSize().height;
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `note at ${JSON.stringify(box)} in a window ${height} high`);
  // The check ran: the budget's total and the findings follow the pasted rows.
  assert.match(await page.textContent('#budget-total'), /合计 66 万元/);
  assert.match(await page.textContent('#' + fieldId('project.cost_estimate.items[1].unit_price') + '-findings'), /./);

  // A second paste: the part is not fetched again.
  await pasteInto(page, cell(2, 'quantity'), '3\t8');
  await page.waitForFunction(sel => document.querySelector(sel).value === '24', cell(2, 'amount'));
  assert.equal(page.parts.length, 1);

  // Undo puts the table back as it was before that paste.
  await page.click(`${NOTE} [data-act=undo]`);
  await page.waitForFunction(sel => document.querySelector(sel).value === '16', cell(2, 'amount'));
  assert.match(await note.textContent(), /已撤销粘贴/);
  await page.click(`${NOTE}-close`);
  assert.equal(await note.count(), 0);

  // 「复制表格」 puts the rows on the clipboard as a block with a header; pasted on the add
  // button, they come back as the same rows.
  await page.click('#' + fieldId('project.cost_estimate.items') + '-copy');
  await page.waitForFunction(sel => document.querySelector(sel)?.textContent.includes('已复制表头和 3 行'), NOTE);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.split('\r\n')[0], '名称\t类别\t单位\t数量\t单价（万元）\t金额（万元）');
  assert.equal(copied.split('\r\n')[1], '政务云主机\t服务器\t\t4\t12.5\t50');
  await pasteInto(page, '#' + fieldId('project.cost_estimate.items') + '-add', copied);
  await page.waitForFunction(sel => document.querySelectorAll(sel).length === 6, '#' + fieldId('project.cost_estimate.items') + ' .row');
  for (const column of ['name', 'category', 'quantity', 'unit_price', 'amount']) {
    for (const row of [0, 1, 2]) assert.equal(await page.inputValue(cell(row + 3, column)), await page.inputValue(cell(row, column)), `${column} of row ${row + 4}`);
  }
  await page.click(`${NOTE} [data-act=undo]`);
  await page.waitForFunction(sel => document.querySelectorAll(sel).length === 3, '#' + fieldId('project.cost_estimate.items') + ' .row');

  // Saved like typing: the pasted rows survive a reload.
  await page.waitForFunction(() => document.querySelector('.save-state').textContent.includes('已自动保存'), null, { timeout: 5000 });
  await page.reload();
  await page.waitForSelector('.editor');
  assert.equal(await page.inputValue(cell(0, 'name')), '政务云主机');
  assert.equal(await page.inputValue(cell(2, 'amount')), '16');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an empty table takes a paste once its title is clicked, or on its add button', async () => {
  const page = await open();
  const funding = '#' + fieldId('project.basic.funding');
  assert.equal(await page.locator(`${funding} .row`).count(), 0);
  assert.match(await page.textContent(funding), /点一下表格标题再粘贴/, 'the table says how');
  await page.click(`${funding} h4`);
  await page.evaluate(t => navigator.clipboard.writeText(t), '资金来源类别\t金额\r\n本级财政\t300\r\n上级资金\t200万元\r\n');
  await page.keyboard.press('Control+V');
  await page.locator(`${funding}-paste`).waitFor({ timeout: 20000 });
  assert.equal(await page.locator(`${funding} .row`).count(), 2);
  assert.equal(await page.inputValue('#' + fieldId('project.basic.funding[0].source')), 'local_finance');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.funding[1].amount')), '200');
  // On the add button: after the last row.
  await pasteInto(page, `${funding}-add`, '自筹\t50\r\n其他\t1\r\n');
  await page.waitForFunction(sel => document.querySelectorAll(sel).length === 4, `${funding} .row`);
  assert.equal(await page.inputValue('#' + fieldId('project.basic.funding[2].source')), 'self_raised');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a paste part that cannot be loaded says so and leaves the table as it was', async () => {
  const page = await open();
  await page.route(PART, route => route.abort('internetdisconnected'));
  const dialogs = [];
  page.on('dialog', d => dialogs.push(d.message()));
  await page.click('#' + fieldId('project.cost_estimate.items') + '-add');
  await page.fill(cell(0, 'name'), '已填写的名称');
  await pasteInto(page, cell(0, 'name'), '甲\t服务器\n乙\t服务器\n');
  await page.waitForTimeout(500);
  assert.ok(dialogs.some(m => /表格粘贴、复制功能未能加载，表格未改动/.test(m)), dialogs.join('\n'));
  assert.equal(await page.inputValue(cell(0, 'name')), '已填写的名称');
  assert.equal(await page.locator('#' + fieldId('project.cost_estimate.items') + ' .row').count(), 1);
  // Once the part can be fetched, the same paste works.
  await page.unroute(PART);
  await pasteInto(page, cell(0, 'name'), '甲\t服务器\n乙\t服务器\n');
  await page.locator(NOTE).waitFor({ timeout: 20000 });
  assert.equal(await page.inputValue(cell(1, 'name')), '乙');
  assert.ok(page.errors.every(e => /Failed to fetch|ERR_INTERNET_DISCONNECTED|TypeError/.test(e)), page.errors.join('\n'));
  await page.context().close();
});
