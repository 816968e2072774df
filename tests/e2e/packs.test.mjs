// A city that is not built in, as a user meets it: its rule pack loaded from a file on the
// start page, with the text of its regulation and its coverage file picked beside it; a form
// of that city whose findings open their article's full text; all of it still there after a
// reload; and on the reviewer's desk, a package signed under that pack verified, its
// regulation read article by article, and still verified under it once the pack's next
// version is loaded. (app/src/packs.rs, app/src/article.rs::load_beside.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, openPage, fieldId, ROOT } from './harness.mjs';

let server, browser, work;
before(async () => {
  server = await serve();
  browser = await launch();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-packs-'));
  // 乌海's pack under another id: to the app, a sixth city. Its files under names of their
  // own, as they might arrive by mail.
  const pack = fs.readFileSync(path.join(ROOT, 'core/packs/wuhai.json'), 'utf8')
    .replace('"id": "wuhai"', '"id": "wuhai-copy"').replaceAll('"wuhai.', '"wuhai-copy.');
  fs.writeFileSync(path.join(work, '乌海规则包.json'), pack);
  fs.copyFileSync(path.join(ROOT, 'core/regulations/003_db543abba44c7454.txt'), path.join(work, '管理办法.txt'));
  fs.writeFileSync(path.join(work, '逐条对照.coverage.json'),
    fs.readFileSync(path.join(ROOT, 'core/regulations/wuhai.coverage.json'), 'utf8').replace('"pack": "wuhai"', '"pack": "wuhai-copy"'));
  fs.copyFileSync(path.join(ROOT, 'core/regulations/001_14342659012a6c0d.txt'), path.join(work, '另一部办法.txt'));
});
after(async () => { await browser?.close(); await server?.close(); });

const file = name => path.join(work, name);

test('a pack loaded with its regulation: the form shows its articles, and a reload keeps them', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  // The text alone first: nothing to put it beside, said, and nothing else touched.
  await page.setInputFiles('#load-pack', file('管理办法.txt'));
  await page.waitForFunction(() => document.querySelector('.start .message').textContent.includes('管理办法.txt'));
  assert.match(await page.textContent('.start .message'), /“管理办法\.txt”未载入：还没有载入规则包/);
  assert.equal(await page.locator('li.pack').count(), 5);

  await page.setInputFiles('#load-pack', [file('管理办法.txt'), file('逐条对照.coverage.json'), file('乌海规则包.json'), file('另一部办法.txt')]);
  await page.waitForSelector('li[data-pack="wuhai-copy"]');
  const message = await page.textContent('.start .message');
  assert.match(message, /已载入规则包：乌海市《乌海市政务信息化项目建设管理暂行办法》v[\d.]+（57 条规则）/);
  assert.match(message, /的管理办法原文（管理办法\.txt）：规则包的 58 处引文都在原文所注的条款中/);
  assert.match(message, /的逐条对照说明（逐条对照\.coverage\.json）：5 条说明了不检查的理由/);
  assert.match(message, /“另一部办法\.txt”不是已载入规则包所依据的管理办法原文/);
  assert.ok(await page.isChecked('#pack-wuhai-copy'), 'the loaded pack is chosen');
  assert.ok(await page.isVisible('#articles-wuhai-copy'), 'its 逐条对照');
  // Told apart from the built-in 乌海 by its id.
  assert.match(await page.textContent('li[data-pack="wuhai-copy"]'), /57 条规则 · v2023\.9\.1 · 依据文本：乌海市大数据中心 · 载入：wuhai-copy/);
  assert.doesNotMatch(await page.textContent('li[data-pack="wuhai"]'), /载入：/);

  // A form of that city: a finding's source opens its article's full text, quotation marked.
  await page.check('#doc-project');
  await page.click('#start');
  await page.waitForSelector('.editor');
  const item = page.locator('li.summary-item', { hasText: '乌海·第四条' }).first();
  await item.waitFor({ timeout: 10000 });
  const openArticle = async () => {
    await item.locator('.source-toggle').click();
    await item.locator('.article-toggle').click();
    return item.locator('.article-text').textContent({ timeout: 20000 });
  };
  assert.match(await openArticle(), /^第四条/);
  assert.ok(await item.locator('.article-text mark').count() > 0, 'the quotation is marked');
  assert.ok(await page.isVisible('#editor-articles'), "the form's 逐条对照");

  // Reloaded: the draft reopens with its pack, and the text is still there.
  await page.fill('#' + fieldId('project.basic.name'), '乌海测试项目');
  await page.waitForTimeout(1500);
  await page.reload();
  await page.waitForSelector('.editor', { timeout: 20000 });
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '乌海测试项目');
  await item.waitFor({ timeout: 10000 });
  assert.match(await openArticle(), /^第四条/);

  // Removed from the start page (after a confirmation naming the draft that uses it): gone
  // after a reload too, the draft kept; loaded again, the draft has its pack back.
  await page.click('text=← 返回首页');
  await page.waitForSelector('li[data-pack="wuhai-copy"]');
  assert.equal(await page.locator('#remove-bazhong').isVisible(), false, 'a built-in pack cannot be removed');
  const asked = [];
  page.on('dialog', d => asked.push(d.message()));
  await page.click('#remove-wuhai-copy');
  await page.waitForSelector('li[data-pack="wuhai-copy"]', { state: 'detached' });
  assert.match(asked.join(), /移除规则包“乌海市《乌海市政务信息化项目建设管理暂行办法》v[\d.]+”？.*使用它的 1 份草稿仍保留/);
  assert.match(await page.textContent('.start .message'), /已从本浏览器移除规则包 wuhai-copy/);
  await page.reload();
  await page.waitForSelector('li.pack');
  assert.equal(await page.locator('li.pack').count(), 5);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter(k => k.includes('wuhai-copy')).length), 0, 'nothing of it left in storage');
  assert.match(await page.textContent('.drafts, section[aria-labelledby=drafts-heading]'), /乌海测试项目/);
  // Opened meanwhile, the draft says which pack it lacks and what to do; its content stands.
  await page.click('li.draft >> text=打开');
  await page.waitForSelector('.editor');
  assert.match(await page.textContent('.editor'), /规则包“wuhai-copy”未载入/);
  assert.match(await page.textContent('.editor'), /本浏览器没有此草稿所用的规则包，无法检查：请返回首页「载入规则包文件」/);
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '乌海测试项目');
  await page.click('text=← 返回首页');
  await page.waitForSelector('li.pack');
  await page.setInputFiles('#load-pack', [file('乌海规则包.json'), file('管理办法.txt')]);
  await page.waitForSelector('li[data-pack="wuhai-copy"]');
  await page.click('li.draft >> text=打开');
  await page.waitForSelector('.editor');
  assert.equal(await page.inputValue('#' + fieldId('project.basic.name')), '乌海测试项目');
  await item.waitFor({ timeout: 10000 });
  assert.doesNotMatch(await page.textContent('.editor'), /未载入/);

  // The pack's next version loaded: the draft, last checked under the first, says so, and
  // what the update changed, against the first file, kept as an earlier version.
  await page.click('text=← 返回首页');
  await page.waitForSelector('li.pack');
  const first = fs.readFileSync(file('乌海规则包.json'), 'utf8');
  const version = JSON.parse(first).version;
  fs.writeFileSync(file('乌海规则包-次版.json'), first.replace(`"version": "${version}"`, '"version": "2098.1.1"'));
  await page.setInputFiles('#load-pack', file('乌海规则包-次版.json'));
  await page.waitForFunction(() => document.querySelector('.start .message').textContent.includes('2098.1.1'));
  assert.ok((await page.textContent('.start .message')).includes(`替换了此前载入的 v${version}（仍作为早先版本保留，按它签名的申报包仍可复核）`));
  assert.match(await page.textContent('li[data-pack="wuhai-copy"]'), /· v2098\.1\.1 ·/, 'the card names the version in use');
  await page.click('li.draft >> text=打开');
  await page.waitForSelector('.editor');
  const notice = page.locator('#pack-updated');
  await notice.waitFor({ timeout: 10000 });
  assert.ok((await notice.textContent()).includes(`此草稿上次按乌海市规则包 v${version} 检查，规则包现已更新为 v2098.1.1`));
  const difference = page.locator('#pack-updated-difference');
  await difference.waitFor({ timeout: 10000 });
  assert.equal(await difference.textContent(), `与 v${version} 相比：按现行版检查，问题相同`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the desk verifies a package signed under a loaded pack and reads its regulation", async () => {
  const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
  const env = { ...process.env, SHENBAO_PASSPHRASE: 'packs test passphrase' };
  const unit = '乌海市人力资源和社会保障局', code = '11150300011572386C';
  execFileSync(SHENBAO, ['keygen', '--out', file('k.pem')], { env });
  execFileSync(SHENBAO, ['trust', 'add', file('trust.json'), '--key', file('k.pub.pem'), '--department', unit,
    '--credit-code', code, '--valid-from', '2020-01-01', '--issuer', '乌海市大数据中心'], { env });
  // The project with a 说明 for each warning its pack gives (the draft's), as a filler writes.
  const project = path.join(ROOT, 'tests/fixtures/wuhai/project.json');
  let report;
  try { execFileSync(SHENBAO, ['check', '--pack', file('乌海规则包.json'), '--format', 'json', project]); } catch (e) { report = JSON.parse(e.stdout); }
  report ??= JSON.parse(execFileSync(SHENBAO, ['check', '--pack', file('乌海规则包.json'), '--format', 'json', project]));
  const submission = JSON.parse(fs.readFileSync(project, 'utf8'));
  submission.justifications = report.findings.filter(f => f.severity === 'warning')
    .map(f => ({ rule: f.rule, fields: f.fields, text: '经数据主管部门确认，按此办法执行。' }));
  assert.ok(submission.justifications.length >= 1 && submission.justifications.every(j => j.rule.startsWith('wuhai-copy.')));
  fs.writeFileSync(file('project.json'), JSON.stringify(submission));
  execFileSync(SHENBAO, ['sign', '--pack', file('乌海规则包.json'), '--key', file('k.pem'), '--department', unit,
    '--credit-code', code, '--person', '王晓', '-o', file('包.json'), file('project.json')], { env });

  const page = await openPage(browser, server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', file('trust.json'));
  await page.setInputFiles('#review-packages', file('包.json'));
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 20000 });
  // Without its pack, the package cannot be re-checked.
  assert.match(await page.textContent('.review tbody tr'), /没有规则包“wuhai-copy”/);
  await page.setInputFiles('#review-pack', [file('乌海规则包.json'), file('管理办法.txt')]);
  await page.locator('.review-note', { hasText: '管理办法原文（管理办法.txt）：规则包的 58 处引文都在原文所注的条款中' }).waitFor({ timeout: 20000 });
  assert.match(await page.textContent('.review-packs-line'), /乌海市 v[\d.]+（载入：wuhai-copy）/);
  await page.waitForFunction(() => /有效/.test(document.querySelector('.review tbody tr').textContent), null, { timeout: 20000 });
  await page.click('button.review-view');
  const articles = page.locator('.review-detail button.pack-articles');
  await articles.click();
  const dialog = page.locator('#articles-dialog');
  await dialog.locator('ol.articles').waitFor({ timeout: 20000 });
  assert.equal(await dialog.locator('li.article-row').count(), 24);
  assert.match(await dialog.locator('p.ok').textContent(), /全部 58 处引文均已与原文逐字核对/);
  await page.keyboard.press('Escape');
  await page.click('#review-back');

  // The pack's next version arrives: the package, signed under the first, is still re-checked
  // under the rules it was made with, and says so; still after a reload (the earlier file is
  // kept in storage).
  const first = fs.readFileSync(file('乌海规则包.json'), 'utf8');
  const version = JSON.parse(first).version;
  fs.writeFileSync(file('乌海规则包-新版.json'), first.replace(`"version": "${version}"`, '"version": "2099.1.1"'));
  await page.setInputFiles('#review-pack', file('乌海规则包-新版.json'));
  await page.locator('.review-note', { hasText: `替换了此前载入的 v${version}（仍作为早先版本保留，按它签名的申报包仍可复核）` }).waitFor({ timeout: 20000 });
  const packsLine = await page.textContent('.review-packs-line');
  assert.match(packsLine, /乌海市 v2099\.1\.1（载入：wuhai-copy）/);
  assert.ok(packsLine.includes(`乌海市 v${version}（载入：wuhai-copy）`), packsLine);
  const superseded = `按旧版规则包 v${version} 复核（现行 v2099.1.1）`;
  const row = page.locator('.review tbody tr');
  await row.filter({ hasText: superseded }).waitFor({ timeout: 20000 });
  assert.match(await row.textContent(), /有效/);
  await page.reload();
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await row.filter({ hasText: superseded }).waitFor({ timeout: 20000 });
  assert.match(await row.textContent(), /有效/);
  // The first version picked again stays the earlier one.
  await page.setInputFiles('#review-pack', file('乌海规则包.json'));
  await page.locator('.review-note', { hasText: '比已载入的 v2099.1.1 旧：现行的仍是后者' }).waitFor({ timeout: 20000 });
  assert.match(await page.textContent('.review-packs-line'), /乌海市 v2099\.1\.1（载入：wuhai-copy）/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
