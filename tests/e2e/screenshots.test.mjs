// Screenshots for the README, taken by the test run in headless Chromium
// (docs/screenshots/*.png, committed). Needs CJK fonts (scripts/test installs
// fonts-noto-cjk); without them the pictures would show boxes instead of text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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
  for (const f of ['start.png', 'editor.png', 'review.png']) assert.ok(fs.statSync(path.join(OUT, f)).size > 10000, f);
  await page.context().close();
});
