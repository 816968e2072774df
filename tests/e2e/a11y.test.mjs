// Accessibility: axe-core finds no serious or critical violation on the start page (and its
// dialog reading a pack's regulation article by article), the
// editor (with findings showing, a finding's article in full, the note a paste leaves, and the
// import's outline with its boxes) and the reviewer's desk; everything is reachable by keyboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serve, launch, openPage } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
let server, browser;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function serious(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

test('no serious or critical axe violations', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  assert.deepEqual(await serious(page), [], 'start page');
  // A pack's regulation article by article, in its modal dialog, one article opened.
  await page.click('#articles-bazhong');
  await page.waitForSelector('#articles-dialog ol.articles');
  await page.click('#article-18 summary');
  assert.deepEqual(await serious(page), [], 'the articles dialog');
  await page.keyboard.press('Escape');
  await page.check('#pack-bazhong');
  await page.check('#doc-service');
  await page.click('#start');
  await page.waitForSelector('.summary-item');
  assert.deepEqual(await serious(page), [], 'editor with findings');
  // The note a paste of spreadsheet cells leaves under a table, with a cell that did not read.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '云主机\t服务器\t台\t2\t约5万\r\n');
    document.getElementById('f-project-cost_estimate-items').dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data }));
  });
  await page.waitForSelector('.paste-note li button');
  assert.deepEqual(await serious(page), [], 'editor with a paste note');
  // A finding's source opened, with its article in full (a scrolling box, reached by Tab).
  const cited = page.locator('li.summary-item', { hasText: '巴中·' }).first();
  await cited.locator('.source-toggle').click();
  await cited.locator('.article-toggle').click();
  await cited.locator('.article-text mark').first().waitFor({ timeout: 10000 });
  assert.deepEqual(await serious(page), [], 'editor with an article shown');
  // The import's outline: sections, a table and figures, each with its box, one unticked, one
  // figure that does not read.
  await page.click('#sec-service_plan-import');
  await page.locator('#outline-dialog').waitFor({ state: 'visible', timeout: 20000 });
  await page.fill('#outline-text', '一、购买理由与依据\n甲。\n服务期限：3 年\n可用性：九成\n服务内容与范围\n服务名称\t数量\t年服务费\n云主机\t10\t约5万\n二、验收方式\n乙。');
  await page.waitForSelector('.outline-table tr.table');
  await page.uncheck('input[data-path="service_plan.items"]');
  assert.deepEqual(await serious(page), [], 'the import outline');
  await page.keyboard.press('Escape');
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  assert.deepEqual(await serious(page), [], "reviewer's desk");
  await page.context().close();
});

test('the start page works from the keyboard alone', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  // Tab to the first pack radio, choose with the arrow keys / space, then start.
  await page.focus('#pack-luojiang');
  await page.keyboard.press('Space');
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.editor');
  const focusable = await page.$$eval('.editor input, .editor select, .editor textarea, .editor button', els => els.filter(e => e.tabIndex < 0).length);
  assert.equal(focusable, 0, 'no control is removed from the tab order');
  await page.context().close();
});
