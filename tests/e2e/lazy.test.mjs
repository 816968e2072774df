// The parts loaded on first use (app/src/lazy.rs, split by scripts/build-web): the start page
// and the form come without the signing and review code; each part is fetched when first
// shown; a part that fails to load says so, keeps what was typed, and loads on retry. The
// same for the rule packs' files (app/src/packs.rs): the form fetches its city's only.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, openPage, fieldId, DIST, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const part = name => new RegExp(`/${name}\\.[0-9a-f]{16}\\.wasm$`);
const fetched = (page, name) => page.wasm.some(u => part(name).test(u));
const packFile = city => new RegExp(`/packs/${city}\\.[0-9a-f]{16}\\.json$`);
const packsFetched = page => page.packs.map(u => new URL(u).pathname.replace(/^\/packs\/|\.[0-9a-f]{16}\.(json|txt)$/g, ''));

// Without the service worker, whose precache would fetch every part at once (and serve them
// past page.route): the page's own requests are what is measured here.
async function open() {
  const page = await openPage(browser, 'about:blank', { serviceWorkers: 'block' });
  page.wasm = [];
  page.packs = [];
  page.warnings = [];
  page.on('console', m => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  page.on('request', r => {
    if (r.url().endsWith('.wasm')) page.wasm.push(r.url());
    if (r.url().includes('/packs/')) page.packs.push(r.url());
  });
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
  for (const name of ['split_sign', 'split_review', 'split_paste', 'split_reopen', 'split_outline']) {
    assert.equal(files.filter(f => part(name).test('/' + f)).length, 1, `one ${name} in dist/`);
  }
  const loader = fs.readFileSync(`${DIST}/__wasm_split.js`, 'utf8');
  for (const f of files.filter(f => /^(split|chunk)_/.test(f))) assert.ok(loader.includes(`"./${f}"`), `the loader names ${f}`);
  // The packs' texts are served files, not in the main module: a rule's message is not in it.
  const current = fs.readdirSync(`${DIST}/../core/packs`).filter(f => f.endsWith('.json'));
  const packs = fs.readdirSync(`${DIST}/packs`).filter(f => current.some(c => packFile(c.replace('.json', '')).test('/packs/' + f)));
  assert.equal(packs.length, current.length);
  // The superseded packs too (core/packs/superseded/<id>-<version>.json), for the desk.
  const superseded = fs.readdirSync(`${DIST}/../core/packs/superseded`);
  assert.ok(superseded.length > 0);
  for (const f of superseded) {
    const served = new RegExp(`^${f.replace('.json', '').replaceAll('.', '_')}\\.[0-9a-f]{16}\\.json$`);
    assert.equal(fs.readdirSync(`${DIST}/packs`).filter(g => served.test(g)).length, 1, f);
  }
  // Beside each pack, the text of its regulation, byte for byte (「查看第X条全文」).
  const texts = fs.readdirSync(`${DIST}/packs`).filter(f => f.endsWith('.txt'));
  assert.equal(texts.length, packs.length);
  const regulations = fs.readdirSync(`${DIST}/../core/regulations`).filter(f => f.endsWith('.txt')).map(f => fs.readFileSync(`${DIST}/../core/regulations/${f}`, 'utf8'));
  for (const f of texts) assert.ok(regulations.includes(fs.readFileSync(`${DIST}/packs/${f}`, 'utf8')), f);
  // And what each pack leaves unchecked, article by article (「逐条对照」).
  assert.equal(fs.readdirSync(`${DIST}/packs`).filter(f => /-coverage\.[0-9a-f]{16}\.json$/.test(f)).length, packs.length);
  const bazhong = fs.readFileSync(`${DIST}/packs/${packs.find(f => packFile('bazhong').test('/packs/' + f))}`, 'utf8');
  const message = JSON.parse(bazhong).rules[0].message;
  assert.ok(!fs.readFileSync(`${DIST}/shenbao_bg.wasm`).includes(Buffer.from(message)), 'a rule message is not in the main wasm');
});

test('the start page needs no part; the form fetches the signing part only; the desk its own', async () => {
  const page = await open();
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  // (A set: the page's preload hint and the glue may each show up as a request.)
  assert.deepEqual([...new Set(page.wasm.map(u => new URL(u).pathname))], ['/shenbao_bg.wasm'], 'the start page loads the main module alone');
  assert.deepEqual(page.packs, [], 'and no rule pack: it lists them from the main module');
  assert.equal(await page.locator('li.pack').count(), 5);

  await newDraft(page);
  await page.waitForSelector('#sign-export', { timeout: 20000 });
  assert.ok(fetched(page, 'split_sign'), 'the signing part is fetched with the form');
  assert.ok(!fetched(page, 'split_review'), "the reviewer's part is not");
  assert.deepEqual(packsFetched(page), ['bazhong'], "the form fetches its city's pack only");
  // The pack is there: the live check cites 巴中's rules for the empty form.
  await page.waitForSelector('.summary li', { timeout: 20000 });
  assert.match(await page.textContent('.summary'), /巴中·第/);

  // Leave the form with a save still due (the editor saves as it closes), for the desk.
  await page.fill('#' + fieldId('project.basic.name'), '切换到审核台前的项目');
  // The desk's code and its packs are fetched at once: with the packs slowed down, its code
  // is requested before any of them has arrived.
  const timeline = [];
  page.on('request', r => timeline.push(['request', r.url()]));
  page.on('requestfinished', r => timeline.push(['finished', r.url()]));
  await page.route('**/packs/*.json', async route => { await new Promise(r => setTimeout(r, 400)); await route.continue(); });
  await page.click('#mode-review');
  await page.waitForSelector('.review', { timeout: 20000 });
  assert.ok(fetched(page, 'split_review'));
  const codeAsked = timeline.findIndex(([e, u]) => e === 'request' && part('split_review').test(u));
  const firstPack = timeline.findIndex(([e, u]) => e === 'finished' && u.includes('/packs/'));
  assert.ok(codeAsked >= 0 && firstPack >= 0 && codeAsked < firstPack, `code and packs fetched at once: ${JSON.stringify(timeline)}`);
  await page.unroute('**/packs/*.json');
  const superseded = fs.readdirSync(`${DIST}/../core/packs/superseded`).map(f => f.replace('.json', '').replaceAll('.', '_'));
  assert.deepEqual([...new Set(packsFetched(page))].sort(), ['bazhong', 'luojiang', 'suining', 'wuhai', 'xianyang', ...superseded].sort(),
    'the desk reads every pack, and the superseded ones');
  const line = await page.textContent('.review-packs-line');
  for (const city of ['巴中市', '德阳市罗江区', '遂宁市', '乌海市', '咸阳市']) assert.ok(line.includes(city), line);
  // Back and forth: each part is fetched once.
  await page.click('#mode-fill');
  await page.waitForSelector('#sign-export');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '切换到审核台前的项目');
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  assert.equal(page.wasm.filter(u => part('split_review').test(u)).length, 1);
  assert.equal(page.wasm.filter(u => part('split_sign').test(u)).length, 1);
  assert.equal(page.packs.length, 5 + superseded.length, 'each pack fetched once');
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

test('a file imported as a draft while the code that reads it cannot load says so, and imports once it can', async () => {
  const page = await open();
  let refused = 0;
  await page.route(part('split_reopen'), route => { refused++; return route.abort('internetdisconnected'); });
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  assert.ok(!fetched(page, 'split_reopen'), 'the start page does not fetch it');
  await page.check('#pack-bazhong');
  const importer = '.start input[type=file][accept*=json] >> nth=1';
  const submission = path.join(ROOT, 'tests/fixtures/bazhong/project.json');
  await page.setInputFiles(importer, submission);
  await page.waitForFunction(() => document.querySelector('.start .message').textContent.includes('读取草稿文件的功能未能加载，未导入'), null, { timeout: 20000 });
  assert.ok(refused >= 1);
  assert.equal(await page.locator('li.draft').count(), 0, 'nothing imported');
  assert.ok(await page.isChecked('#pack-bazhong'), 'nothing chosen is touched');

  await page.unroute(part('split_reopen'));
  await page.setInputFiles(importer, []);
  await page.setInputFiles(importer, submission);
  await page.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '巴中市食品安全智慧监管系统建设项目');
  assert.ok(page.errors.every(e => /Failed to fetch|ERR_INTERNET_DISCONNECTED|TypeError/.test(e)), page.errors.join('\n'));
  await page.context().close();
});

test("a rule pack that fails to load says so, keeps the draft, and opens the form on retry", async () => {
  const page = await open();
  let refused = 0;
  await page.route(packFile('bazhong'), route => { refused++; return route.abort('internetdisconnected'); });
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-bazhong');
  await page.click('#start');
  const failed = page.locator('.part-failed');
  await failed.waitFor({ timeout: 20000 });
  assert.equal(await failed.getAttribute('role'), 'alert');
  assert.match(await failed.textContent(), /本市规则包未能载入.*已填写的内容不受影响/);
  assert.ok(refused >= 1);
  assert.equal(await page.locator('.editor').count(), 0, 'no form without its rules');

  // Reloading the page still fails, and the draft is kept: it opens once the pack is there.
  await page.reload();
  await failed.waitFor({ timeout: 20000 });
  await page.unroute(packFile('bazhong'));
  await page.click('.part-retry');
  await page.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await failed.count(), 0, 'the message is gone');
  const name = '#' + fieldId('project.basic.name');
  await page.fill(name, '重试后填写的项目');
  await page.reload();
  await page.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await page.inputValue(name), '重试后填写的项目');
  assert.ok(page.warnings.some(e => /规则包文件 bazhong\.[0-9a-f]{16}\.json 未能读取/.test(e)), page.warnings.join('\n'));
  assert.ok(page.errors.every(e => /Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e)), page.errors.join('\n'));
  await page.context().close();
});

test("a finding's whole article is fetched on the first click; a failed fetch says so and the next click retries", async () => {
  const page = await open();
  const regulation = /\/packs\/bazhong-regulation\.[0-9a-f]{16}\.txt$/;
  let refused = 0;
  await page.route(regulation, route => { refused++; return route.abort('internetdisconnected'); });
  await page.goto(server.url);
  await newDraft(page);
  await page.fill('#' + fieldId('project.basic.total_investment'), '20');
  const item = page.locator('li.summary-item', { hasText: '巴中·第二条' }).first();
  await item.waitFor({ timeout: 10000 });
  await item.locator('.source-toggle').click();
  assert.ok(!fetched(page, 'split_regulation') && !page.packs.some(u => regulation.test(u)), 'nothing fetched before the click');
  const toggle = item.locator('.article-toggle');
  assert.equal(await toggle.textContent(), '查看第二条全文');
  await toggle.click();
  const failed = item.locator('.article-full .input-error');
  await failed.waitFor({ timeout: 20000 });
  assert.match(await failed.textContent(), /未能载入管理办法原文/);
  assert.ok(refused >= 1 && fetched(page, 'split_regulation'));
  // Closed, and opened again once the file can be had: loaded this time.
  await toggle.click();
  await page.unroute(regulation);
  await toggle.click();
  const mark = item.locator('.article-text mark').first();
  assert.equal(await mark.textContent({ timeout: 20000 }), '投资额度在30万元以上的新建、扩建及升级改造的非涉密信息化项目');
  assert.equal(await failed.count(), 0);
  // Another finding of the same city: the text is not fetched again.
  const requests = page.packs.filter(u => regulation.test(u)).length;
  const other = page.locator('li.summary-item', { hasText: /巴中·第(?!二条)/ }).first();
  await other.locator('.source-toggle').click();
  await other.locator('.article-toggle').click();
  await other.locator('.article-text mark').first().waitFor({ timeout: 10000 });
  assert.equal(page.packs.filter(u => regulation.test(u)).length, requests);
  assert.ok(page.warnings.some(e => /管理办法原文 bazhong-regulation\.[0-9a-f]{16}\.txt 未能读取/.test(e)), page.warnings.join('\n'));
  assert.ok(page.errors.every(e => /Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(e)), page.errors.join('\n'));
  await page.context().close();
});

test("a pack's regulation article by article: fetched when its dialog opens, from the start page", async () => {
  const page = await open();
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  assert.deepEqual(packsFetched(page), [], 'the start page fetches no pack file');
  await page.click('#articles-suining');
  const dialog = page.locator('#articles-dialog');
  await dialog.locator('ol.articles').waitFor({ timeout: 20000 });
  assert.equal(await page.evaluate(() => document.getElementById('articles-dialog').open), true);
  assert.deepEqual(packsFetched(page).sort(), ['suining', 'suining-coverage', 'suining-regulation']);
  assert.equal(await dialog.locator('li.article-row').count(), 37);
  assert.match(await dialog.locator('.articles-summary').textContent(), /共 37 条：19 条由本规则包的 41 条规则检查；不检查 18 条/);
  assert.match(await dialog.locator('p.ok').textContent(), /全部 42 处引文均已与原文逐字核对/);
  // Which articles show: all, those rules check, those not checked, those to check by hand.
  const shown = () => dialog.locator('li.article-row:visible').count();
  for (const [filter, n] of [['by-hand', 4], ['checked', 19], ['unchecked', 18], ['all', 37]]) {
    await dialog.locator(`#af-${filter}`).check();
    assert.equal(await shown(), n, filter);
  }
  // An article's text, with the quotations of the rules citing it marked.
  await dialog.locator('#article-22 summary').click();
  assert.match(await dialog.locator('#article-22 .article-text').textContent(), /市直部门新建或改扩建信息系统应部署在政务云上/);
  assert.ok(await dialog.locator('#article-22 mark').count() >= 1);
  // Esc closes it, and focus returns to the button that opened it.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.getElementById('articles-dialog').open), false);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'articles-suining');
  assert.equal(await page.locator('#pack-suining:checked').count(), 0, 'reading the regulation does not choose the pack');
  // From a form of that city too, with nothing fetched again.
  const before = page.packs.length;
  await page.check('#pack-suining');
  await page.click('#start');
  await page.waitForSelector('.editor');
  await page.click('#editor-articles');
  await dialog.locator('ol.articles').waitFor({ timeout: 20000 });
  assert.equal(await dialog.locator('li.article-row').count(), 37);
  assert.match(await dialog.locator('.articles-not-in-form').textContent(), /其中 4 条是对项目或申报单位的要求/);
  assert.equal(page.packs.length, before, 'the pack, text and coverage are not fetched again');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'editor-articles');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the articles dialog opened on one pack, then at once on another, shows the second", async () => {
  const page = await open();
  // The first pack's text arrives late.
  await page.route(/\/packs\/suining-regulation\.[0-9a-f]{16}\.txt$/, async route => { await new Promise(r => setTimeout(r, 800)); await route.continue(); });
  await page.goto(server.url);
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.click('#articles-suining');
  await page.keyboard.press('Escape');
  await page.click('#articles-wuhai');
  const dialog = page.locator('#articles-dialog');
  await dialog.locator('ol.articles').waitFor({ timeout: 20000 });
  await page.waitForTimeout(1200);
  assert.equal(await page.textContent('#articles-title'), '《乌海市政务信息化项目建设管理暂行办法》逐条对照');
  assert.equal(await dialog.locator('li.article-row').count(), 24);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a pack file of another version is refused, not used', async () => {
  const page = await open();
  // The right name, another city's rules (as a half-updated or tampered server might send).
  const other = fs.readFileSync(`${DIST}/packs/${fs.readdirSync(`${DIST}/packs`).find(f => f.startsWith('suining.'))}`);
  await page.route(packFile('bazhong'), route => route.fulfill({ status: 200, contentType: 'application/json', body: other }));
  await page.goto(server.url);
  await newDraftExpectingFailure(page);
  assert.match(await page.textContent('.part-failed'), /本市规则包未能载入/);
  assert.ok(page.warnings.some(e => /规则包文件 bazhong\.[0-9a-f]{16}\.json 与本页面的版本不符/.test(e)), page.warnings.join('\n'));
  await page.context().close();
});

async function newDraftExpectingFailure(page) {
  await page.waitForSelector('li.pack', { timeout: 20000 });
  await page.check('#pack-bazhong');
  await page.click('#start');
  await page.locator('.part-failed').waitFor({ timeout: 20000 });
}
