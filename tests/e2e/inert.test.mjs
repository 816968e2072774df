// Hostile text is shown, never run: HTML and script in every free-text field of a signed
// package and in a rule pack's messages stay inert in the form, the print view and the
// reviewer's desk (list and detail).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, launch, fieldId, ROOT } from './harness.mjs';

const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-inert-'));
// Each payload calls __hit() if it ever runs; window.__hit records it.
const PAYLOADS = ['<img src=x onerror=__hit()>', '<script>__hit()</script>', '<svg onload=__hit()>', '"><iframe srcdoc="<script>parent.__hit()</script>">'];
const CJK = /[\u4e00-\u9fff]/;

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); fs.rmSync(work, { recursive: true, force: true }); });

/** The fixture with a payload prepended to every free-text value (those with Chinese text;
 *  codes, dates and phone numbers keep their format so the package can still be signed).
 *  Paths in `short` (fields whose length limit the long payloads would break) get `<b>…</b>`. */
function hostile(value, short = new Set(), p = '', i = { n: 0 }) {
  if (typeof value === 'string') {
    if (!CJK.test(value)) return value;
    return short.has(p) ? `<b>${value}</b>` : PAYLOADS[i.n++ % PAYLOADS.length] + value;
  }
  if (Array.isArray(value)) return value.map((v, k) => hostile(v, short, `${p}[${k}]`, i));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v, short, p ? `${p}.${k}` : k, i)]));
  return value;
}

/** The hostile fixture, with short payloads where the engine reports a field too long. */
function hostileSubmission(file) {
  const original = JSON.parse(fs.readFileSync(file, 'utf8'));
  const short = new Set();
  for (;;) {
    const sub = hostile(original, short);
    const out = path.join(work, 'hostile.json');
    fs.writeFileSync(out, JSON.stringify(sub));
    const report = JSON.parse(spawnSync(SHENBAO, ['check', '--city', 'bazhong', '--format', 'json', out], { encoding: 'utf8' }).stdout);
    const tooLong = report.findings.filter(f => f.rule === 'format.too_long').flatMap(f => f.fields);
    if (tooLong.length === 0 || tooLong.every(f => short.has(f))) return [sub, out];
    tooLong.forEach(f => short.add(f));
  }
}

async function guardedPage(ctx) {
  await ctx.addInitScript(() => {
    window.__hits = 0;
    window.__hit = () => { window.__hits++; };
  });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(String(e)));
  return page;
}

async function assertInert(page, where) {
  assert.equal(await page.evaluate(() => window.__hits), 0, `${where}: a payload ran`);
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"], iframe, svg[onload], [onerror]').length), 0, `${where}: payload markup in the DOM`);
}

test('HTML and script in every text field stay text in the form, print view and reviewer desk', async () => {
  const [sub, subFile] = hostileSubmission(path.join(ROOT, 'tests/fixtures/bazhong/project.json'));
  // The engine accepts it (free text is free); payloads that push a field over its length
  // limit would be errors and stop signing, so the check must be clean.
  const check = spawnSync(SHENBAO, ['check', '--city', 'bazhong', subFile], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const env = { ...process.env, SHENBAO_PASSPHRASE: 'inert test passphrase' };
  const key = path.join(work, 'k.pem'), pub = path.join(work, 'k.pub.pem'), pkg = path.join(work, 'hostile-package.json'), trust = path.join(work, 'trust.json');
  execFileSync(SHENBAO, ['keygen', '--out', key], { env });
  execFileSync(SHENBAO, ['pubkey', key, '-o', pub], { env });
  execFileSync(SHENBAO, ['sign', '--city', 'bazhong', '--key', key, '--department', sub.project.basic.owner_unit,
    '--credit-code', sub.project.basic.credit_code, '--person', '<b>李晓梅</b>', '-o', pkg, subFile], { env });
  execFileSync(SHENBAO, ['trust', 'add', trust, '--key', pub, '--department', sub.project.basic.owner_unit,
    '--credit-code', sub.project.basic.credit_code, '--valid-from', '2020-01-01', '--issuer', '<i>巴中市数据局</i>']);

  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await guardedPage(ctx);
  await page.goto(server.url);
  await page.waitForSelector('li.pack');
  // The form: the package reopened as a draft.
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', pkg);
  await page.waitForSelector('.editor');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), sub.project.basic.name, 'shown literally');
  await assertInert(page, 'form');
  // The print view.
  await page.emulateMedia({ media: 'print' });
  assert.ok((await page.textContent('.print-doc')).includes(sub.project.basic.name), 'printed literally');
  await assertInert(page, 'print view');
  await page.emulateMedia({ media: 'screen' });
  // The reviewer's desk: list and detail.
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', trust);
  await page.setInputFiles('#review-packages', pkg);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 20000 });
  assert.ok((await page.textContent('.review tbody tr')).includes(sub.project.basic.name), 'listed literally');
  await page.click('.review-view');
  await page.waitForSelector('.review-detail');
  const detail = await page.textContent('.review-detail');
  assert.ok(detail.includes(sub.project.basic.name) && detail.includes('<b>李晓梅</b>'), 'detail shows the text literally');
  await assertInert(page, "reviewer's desk");
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('HTML in a loaded rule pack\'s messages is shown as text', async () => {
  const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/packs/wuhai.json'), 'utf8'));
  pack.id = 'hostile';
  pack.city = '<img src=x onerror=__hit()>测试市';
  // The quotation and advice too: the findings list writes them as escaped markup.
  pack.rules = pack.rules.map(r => ({
    ...r, id: r.id.replace(/^wuhai\./, 'hostile.'), title: '<script>__hit()</script>' + r.title, message: '<img src=x onerror=__hit()>' + r.message,
    citation: { ...r.citation, quote: '<svg onload=__hit()></svg>' + r.citation.quote }, advice: '<iframe srcdoc="<script>__hit()</script>"></iframe>' + (r.advice || ''),
  }));
  const file = path.join(work, 'hostile-pack.json');
  fs.writeFileSync(file, JSON.stringify(pack));
  const ctx = await browser.newContext();
  const page = await guardedPage(ctx);
  await page.goto(server.url);
  await page.waitForSelector('li.pack');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=0', file);
  await page.waitForSelector('#pack-hostile', { timeout: 10000 });
  await page.check('#pack-hostile');
  await page.click('#start');
  await page.waitForSelector('.editor');
  // An empty form fires many of the pack's rules.
  await page.waitForFunction(() => document.body.textContent.includes('<img src=x onerror=__hit()>'), null, { timeout: 10000 });
  // A finding's source (quotation, advice) is written when first opened: open them all.
  await page.evaluate(() => document.querySelectorAll('.summary .source-toggle').forEach(b => b.click()));
  const summary = await page.textContent('.summary');
  assert.ok(summary.includes('<svg onload=__hit()></svg>'), 'the quotation is shown as text');
  assert.ok(summary.includes('<iframe srcdoc="<script>__hit()</script>"></iframe>'), 'the advice is shown as text');
  await assertInert(page, 'findings');
  // The printed paper closes with the findings: their messages, and the pack's city, as text.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForFunction(() => document.querySelector('.print-papers')?.textContent.includes('附：规则检查结果与说明'), null, { timeout: 5000 });
  const paper = await page.textContent('.print-papers');
  assert.ok(paper.includes('<img src=x onerror=__hit()>测试市'), 'the pack\'s city on paper as text');
  assert.equal(await page.$$eval('.print-papers img, .print-papers svg, .print-papers iframe, .print-papers script', e => e.length), 0);
  await assertInert(page, 'the printed paper');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test("HTML in a loaded pack read article by article beside its regulation is shown as text", async () => {
  // The pack's title, city, rule titles and coverage reasons hostile; its quotations intact,
  // so that the regulation's text is recognised as its own and the articles view is written.
  const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/packs/wuhai.json'), 'utf8'));
  pack.id = 'hostile-articles';
  pack.title = '<img src=x onerror=__hit()>' + pack.title;
  pack.city = '<svg onload=__hit()>测试市';
  pack.rules = pack.rules.map(r => ({ ...r, id: r.id.replace(/^wuhai\./, 'hostile-articles.'), title: '<script>__hit()</script>' + r.title }));
  const coverage = JSON.parse(fs.readFileSync(path.join(ROOT, 'core/regulations/wuhai.coverage.json'), 'utf8'));
  coverage.pack = 'hostile-articles';
  coverage.not_checked = coverage.not_checked.map(n => ({ ...n, why: '<iframe srcdoc="<script>parent.__hit()</script>"></iframe>' + n.why }));
  const files = [['hostile-articles.json', JSON.stringify(pack)], ['hostile.coverage.json', JSON.stringify(coverage)]]
    .map(([name, text]) => { const f = path.join(work, name); fs.writeFileSync(f, text); return f; });
  const ctx = await browser.newContext();
  const page = await guardedPage(ctx);
  await page.goto(server.url);
  await page.waitForSelector('li.pack');
  await page.setInputFiles('#load-pack', [...files, path.join(ROOT, 'core/regulations/003_db543abba44c7454.txt')]);
  await page.waitForSelector('#articles-hostile-articles', { timeout: 10000 });
  assert.match(await page.textContent('.start .message'), /<svg onload=__hit\(\)>测试市《<img src=x onerror=__hit\(\)>/);
  await page.click('#articles-hostile-articles');
  const dialog = page.locator('#articles-dialog');
  await dialog.locator('ol.articles').waitFor({ timeout: 20000 });
  await page.evaluate(() => document.querySelectorAll('#articles-dialog details').forEach(d => { d.open = true; }));
  const text = await dialog.textContent();
  assert.ok(text.includes('《<img src=x onerror=__hit()>'), 'the title as text');
  assert.ok(text.includes('<script>__hit()</script>'), 'the rule titles as text');
  assert.ok(text.includes('<iframe srcdoc="<script>parent.__hit()</script>"></iframe>'), 'the coverage reasons as text');
  assert.equal(await page.$$eval('#articles-dialog img, #articles-dialog svg, #articles-dialog iframe, #articles-dialog script', e => e.length), 0);
  await assertInert(page, 'the articles view');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
