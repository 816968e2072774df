// The parts loaded on first use (app/src/lazy.rs, split by scripts/build-web): the start page
// and the form come without the signing and review code; each part is fetched when first
// shown; a part that fails to load says so, keeps what was typed, and loads on retry.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openPage, fieldId, DIST } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const part = name => new RegExp(`/${name}\\.[0-9a-f]{16}\\.wasm$`);
const fetched = (page, name) => page.wasm.some(u => part(name).test(u));

// Without the service worker, whose precache would fetch every part at once (and serve them
// past page.route): the page's own requests are what is measured here.
async function open() {
  const page = await openPage(browser, 'about:blank', { serviceWorkers: 'block' });
  page.wasm = [];
  page.on('request', r => { if (r.url().endsWith('.wasm')) page.wasm.push(r.url()); });
  return page;
}

async function newDraft(page) {
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.waitForSelector('.editor');
}

test('the build has its parts, named by content', () => {
  const files = fs.readdirSync(DIST);
  for (const name of ['split_sign', 'split_review']) {
    assert.equal(files.filter(f => part(name).test('/' + f)).length, 1, `one ${name} in dist/`);
  }
  const loader = fs.readFileSync(`${DIST}/__wasm_split.js`, 'utf8');
  for (const f of files.filter(f => /^(split|chunk)_/.test(f))) assert.ok(loader.includes(`"./${f}"`), `the loader names ${f}`);
});

test('the start page needs no part; the form fetches the signing part only; the desk its own', async () => {
  const page = await open();
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  // (A set: the page's preload hint and the glue may each show up as a request.)
  assert.deepEqual([...new Set(page.wasm.map(u => new URL(u).pathname))], ['/shenbao_bg.wasm'], 'the start page loads the main module alone');

  await newDraft(page);
  await page.waitForSelector('#sign-export', { timeout: 20000 });
  assert.ok(fetched(page, 'split_sign'), 'the signing part is fetched with the form');
  assert.ok(!fetched(page, 'split_review'), "the reviewer's part is not");

  await page.click('#mode-review');
  await page.waitForSelector('.review', { timeout: 20000 });
  assert.ok(fetched(page, 'split_review'));
  // Back and forth: each part is fetched once.
  await page.click('#mode-fill');
  await page.waitForSelector('#sign-export');
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  assert.equal(page.wasm.filter(u => part('split_review').test(u)).length, 1);
  assert.equal(page.wasm.filter(u => part('split_sign').test(u)).length, 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a part that fails to load says so, keeps what was typed, and loads on retry', async () => {
  const page = await open();
  let refused = 0;
  await page.route(part('split_sign'), route => { refused++; return route.abort('internetdisconnected'); });
  await page.goto(server.url);
  await newDraft(page);
  const name = '#' + fieldId('project.basic.name');
  await page.fill(name, '断网时打开的项目');
  const failed = page.locator('.part-failed');
  await failed.waitFor({ timeout: 20000 });
  assert.equal(await failed.getAttribute('role'), 'alert');
  assert.match(await failed.textContent(), /签名导出功能未能载入.*已填写的内容不受影响/);
  assert.ok(refused >= 1);
  // The form keeps working meanwhile: findings update, nothing typed is lost.
  await page.fill(name, '断网时打开的项目（续）');
  assert.equal(await page.inputValue(name), '断网时打开的项目（续）');

  await page.unroute(part('split_sign'));
  await page.click('.part-retry');
  await page.waitForSelector('#sign-export', { timeout: 20000 });
  assert.equal(await failed.count(), 0, 'the message is gone');
  assert.equal(await page.inputValue(name), '断网时打开的项目（续）');
  // The part works: it lists why signing is not possible yet.
  assert.match(await page.textContent('#sign-blockers'), /密钥/);
  // The loader logged the failed fetch; nothing else went wrong.
  assert.ok(page.errors.every(e => /Failed to fetch|ERR_INTERNET_DISCONNECTED|TypeError/.test(e)), page.errors.join('\n'));
  await page.context().close();
});
