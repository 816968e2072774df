// Generate a key, sign and export a package from the browser; the CLI verifies it; the
// reviewer's desk opens it (valid) and a tampered copy (invalid, with the reason).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { serve, launch, openPage, fillSubmission, fieldId, ROOT } from './harness.mjs';

const SHENBAO = process.env.SHENBAO_BIN || path.join(ROOT, 'target', 'debug', 'shenbao');
const combined = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/bazhong/combined.json'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shenbao-e2e-'));
let server, browser;

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function saveDownload(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(work, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

export let packageFile, trustFile, privateKeyFile;

test('generate a key, sign and export; the CLI verifies the package', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.check('#doc-service');
  await page.click('#start');
  await page.waitForSelector('.editor');
  await fillSubmission(page, combined);
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('无错误'), null, { timeout: 10000 });

  // The sign button says why it is disabled until a key exists.
  assert.equal(await page.isDisabled('#sign-export'), true);
  assert.match(await page.textContent('#sign-blockers'), /密钥/);

  await page.fill('#gen-pass', '巴中 正确的口令 horse');
  await page.fill('#gen-pass2', '巴中 正确的口令 horse');
  await page.click('#gen-submit');
  await page.waitForSelector('#key-dl-public', { timeout: 60000 });
  const pub = await saveDownload(page, () => page.click('#key-dl-public'));
  const priv = await saveDownload(page, () => page.click('#key-dl-private'));
  privateKeyFile = priv;
  const sheet = await saveDownload(page, () => page.click('#key-dl-sheet'));
  assert.match(fs.readFileSync(priv, 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
  assert.match(fs.readFileSync(sheet, 'utf8'), /11511900MB1527360X|统一社会信用代码/);
  // The encrypted key only is kept by the browser.
  const stored = await page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(localStorage))));
  assert.doesNotMatch(stored, /BEGIN PRIVATE KEY/);

  await page.fill('#signer-person', '李晓梅');
  await page.fill('#sign-pass', '错误的口令 wrong');
  await page.click('#sign-export');
  await page.waitForFunction(() => document.querySelector('#sign-status').textContent.includes('口令错误'), null, { timeout: 60000 });
  await page.fill('#sign-pass', '巴中 正确的口令 horse');
  packageFile = await saveDownload(page, () => page.click('#sign-export'));
  assert.match(path.basename(packageFile), /^巴中市自然资源和规划局|^.+-.+-\d{4}-\d{2}-\d{2}\.json$/);

  // The Word document, once signed, names the package in its footer: its payload's digest and
  // the signer. The CLI makes the very same file from the package.
  const word = await saveDownload(page, () => page.click('.word-button'));
  assert.equal(path.basename(word), combined.project.basic.name + '申报书.docx');
  const docx = fs.readFileSync(word);
  assert.equal(docx.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const payload = Buffer.from(JSON.parse(fs.readFileSync(packageFile, 'utf8')).payload, 'base64');
  const digest = crypto.createHash('sha256').update(payload).digest('hex');
  assert.ok(docx.toString('utf8').includes(`申报包摘要 SHA-256 ${digest} · 签名人 李晓梅 · 公钥指纹 `), 'the footer names the signed package');
  assert.ok(docx.toString('utf8').includes('附：规则检查结果与说明'), 'closed by the check');
  const id = JSON.parse(payload.toString('utf8')).id;
  const record = docx.toString('utf8').slice(docx.toString('utf8').indexOf('附：申报包信息'));
  assert.ok(record.includes(id) && record.includes('成立：签名人 李晓梅'), 'then by the package\'s record');
  execFileSync(SHENBAO, ['docx', packageFile, '-o', word + '.cli.docx']);
  assert.ok(fs.readFileSync(word + '.cli.docx').equals(docx), 'the app and the CLI write the same Word file');

  // The printed paper says the same, while the documents are as signed. Once edited they are a
  // draft again, on paper and in Word; put back as signed, they are the package again.
  const paper = async () => {
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    return { footer: await page.textContent('.print-footer'), papers: await page.textContent('.print-papers') };
  };
  let now = await paper();
  assert.ok(now.footer.includes(digest) && now.papers.includes('附：申报包信息') && now.papers.includes(id), now.footer);
  const name = '#' + fieldId('project.basic.name');
  await page.fill(name, combined.project.basic.name + '（修改）');
  now = await paper();
  assert.match(now.footer, /未签名草稿/);
  assert.ok(!now.papers.includes('附：申报包信息') && !now.papers.includes(digest), 'an edited paper names no package');
  const edited = fs.readFileSync(await saveDownload(page, () => page.click('.word-button')));
  assert.ok(edited.toString('utf8').includes('未签名草稿') && !edited.toString('utf8').includes(digest));
  await page.fill(name, combined.project.basic.name);
  now = await paper();
  assert.ok(now.footer.includes(digest) && now.papers.includes(id), 'as signed again');

  // Reloaded (the draft reopens): the panel says what was signed from it, the papers still
  // name the package — the Word file the very one the CLI makes — until the documents change.
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('.editor');
  await page.waitForSelector('.result-id', { timeout: 20000 });
  assert.equal(await page.textContent('.result-id'), id);
  assert.match(await page.textContent('#sign-result'), /此前为本草稿签名导出的申报包/);
  // Signed again from this draft (after a 需补正, say), a package is a revision of that one.
  assert.ok((await page.textContent('.sign-replaces')).includes(id));
  assert.equal(await page.isChecked('#sign-replaces'), true);
  now = await paper();
  assert.ok(now.footer.includes(digest) && now.papers.includes(id), 'after a reload: ' + now.footer);
  const again = fs.readFileSync(await saveDownload(page, () => page.click('.word-button')));
  assert.ok(again.equals(docx), 'after a reload, the same Word file as the CLI\'s');
  await page.fill(name, combined.project.basic.name + '（修改）');
  await page.waitForSelector('#sign-changed', { timeout: 10000 });
  assert.match(await page.textContent('#sign-changed'), /请重新签名导出/);
  now = await paper();
  assert.match(now.footer, /未签名草稿/);
  await page.fill(name, combined.project.basic.name);
  await page.waitForSelector('#sign-changed', { state: 'detached', timeout: 10000 });

  // The drafts list marks the draft a package was signed from, and says when its documents
  // changed since — also when the editor is closed right after the change.
  const signedAt = new Date(JSON.parse(payload.toString('utf8')).created_at);
  const pad = n => String(n).padStart(2, '0');
  const local = `${signedAt.getFullYear()}-${pad(signedAt.getMonth() + 1)}-${pad(signedAt.getDate())} ${pad(signedAt.getHours())}:${pad(signedAt.getMinutes())}`;
  const mark = async () => {
    await page.click('text=← 返回首页');
    await page.waitForSelector('.drafts .draft');
    const text = await page.textContent('.drafts .draft .draft-meta');
    await page.click('.drafts .draft >> text=打开');
    await page.waitForSelector('.result-id', { timeout: 20000 });
    return text;
  };
  let listed = await mark();
  assert.ok(listed.includes('已签名导出申报包：' + local) && !listed.includes('之后材料有修改'), listed);
  await page.fill(name, combined.project.basic.name + '（再改）');
  listed = await mark();
  assert.ok(listed.includes('已签名导出申报包：' + local) && listed.includes('之后材料有修改'), listed);
  await page.fill(name, combined.project.basic.name);
  await page.waitForSelector('#sign-changed', { state: 'detached', timeout: 10000 });
  listed = await mark();
  assert.ok(!listed.includes('之后材料有修改'), listed);

  // The bureau registers the public key and verifies with the CLI.
  trustFile = path.join(work, 'trust.json');
  const unit = combined.project.basic.owner_unit, code = combined.project.basic.credit_code;
  execFileSync(SHENBAO, ['trust', 'add', trustFile, '--key', pub, '--department', unit, '--credit-code', code, '--valid-from', '2020-01-01', '--issuer', '巴中市政务服务和大数据管理局']);
  const out = spawnSync(SHENBAO, ['verify', packageFile, '--trust', trustFile, '--format', 'json'], { encoding: 'utf8' });
  const result = JSON.parse(out.stdout);
  assert.equal(result[0].valid, true, JSON.stringify(result[0].problems));
  assert.equal(out.status, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the reviewer's desk shows the package valid and a tampered copy invalid", async () => {
  assert.ok(packageFile && trustFile, 'the signing test ran first');
  // A tampered copy: one character of the signed payload changed.
  const env = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
  const i = Math.floor(env.payload.length / 2);
  env.payload = env.payload.slice(0, i) + (env.payload[i] === 'A' ? 'B' : 'A') + env.payload.slice(i + 1);
  const tampered = path.join(work, '篡改副本.json');
  fs.writeFileSync(tampered, JSON.stringify(env, null, 2));

  const page = await openPage(browser, server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', trustFile);
  await page.setInputFiles('#review-packages', [packageFile, tampered]);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 2, null, { timeout: 20000 });
  const rows = await page.$$eval('.review tbody tr', trs => trs.map(t => t.textContent));
  const valid = rows.find(r => r.includes(path.basename(packageFile).slice(0, 8)) && !r.includes('篡改'));
  const bad = rows.find(r => r.includes('篡改副本'));
  assert.match(valid, /有效/);
  assert.doesNotMatch(valid, /无效/);
  assert.match(bad, /无效/);
  assert.match(bad, /签名无效|格式错误/);

  // The package's documents as a Word file from its detail: the file the CLI writes.
  await page.click(`.review tbody tr:nth-child(${rows.indexOf(valid) + 1}) .review-view`);
  await page.waitForSelector('#review-word');
  // The package's pack: its regulation article by article, from the detail.
  await page.click('#review-articles');
  await page.locator('#articles-dialog ol.articles').waitFor({ timeout: 20000 });
  assert.equal(await page.locator('#articles-dialog li.article-row').count(), 50);
  await page.keyboard.press('Escape');
  const [w] = await Promise.all([page.waitForEvent('download'), page.click('#review-word')]);
  const fromDesk = fs.readFileSync(await w.path());
  const cliWord = path.join(work, '审核台.cli.docx');
  execFileSync(SHENBAO, ['docx', packageFile, '-o', cliWord]);
  assert.ok(fromDesk.equals(fs.readFileSync(cliWord)), 'the desk and the CLI write the same Word file');
  assert.ok(fromDesk.toString('utf8').includes('签名人 李晓梅'));
  await page.click('#review-back');

  // The table exports as CSV that Excel and WPS read as UTF-8.
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#review-export')]);
  const csv = fs.readFileSync(await d.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  assert.match(csv.toString('utf8'), /\r\n/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the desk and the reviewer's records are still there after a reload, until emptied", async () => {
  assert.ok(packageFile && trustFile, 'the signing test ran first');
  const page = await openPage(browser, server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', trustFile);
  await page.setInputFiles('#review-packages', [packageFile]);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 20000 });
  // Who gives the opinions, typed once on the desk.
  await page.fill('#review-unit', '巴中市政务服务和大数据管理局');
  await page.fill('#review-reviewer', '王审核');
  await page.click('.review-view');
  await page.selectOption('#detail-decision', 'correction');
  await page.fill('#detail-note', '请补充可研报告批复文件');

  // The reviewer's opinion as a Word file: the package by its digest, the decision and the
  // note just typed (recorded as the box is left for the button), what verifying found.
  const [o] = await Promise.all([page.waitForEvent('download'), page.click('#review-opinion')]);
  assert.equal(o.suggestedFilename(), combined.project.basic.name + '审核意见.docx');
  const opinion = fs.readFileSync(await o.path());
  assert.equal(opinion.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
  const payload = Buffer.from(JSON.parse(fs.readFileSync(packageFile, 'utf8')).payload, 'base64');
  const digest = crypto.createHash('sha256').update(payload).digest('hex');
  const xml = opinion.toString('utf8');
  for (const words of ['审核意见', '需补正', '请补充可研报告批复文件', `所涉申报包摘要 SHA-256 ${digest}`, '有效：', JSON.parse(payload.toString('utf8')).id, '巴中市政务服务和大数据管理局', '王审核']) {
    assert.ok(xml.includes(words), words);
  }
  await page.click('#review-back');
  await page.waitForFunction(() => document.querySelector('.review tbody tr').textContent.includes('请补充可研报告批复文件'));

  // Every listed package's opinion in one ZIP, named after its file (as `shenbao opinion`
  // names it), each the very file the detail's button wrote; unpacked by Python's zipfile,
  // the names read as UTF-8.
  const [z] = await Promise.all([page.waitForEvent('download'), page.click('#review-opinions')]);
  assert.match(z.suggestedFilename(), /^审核意见-\d{4}-\d{2}-\d{2}\.zip$/);
  const listing = JSON.parse(execFileSync('python3', ['-c', `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([[i.filename, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))
`, await z.path()], { encoding: 'utf8' }));
  const stem = path.basename(packageFile).replace(/\.json$/, '');
  assert.deepEqual(listing, [[stem + '.审核意见.docx', crypto.createHash('sha256').update(opinion).digest('hex')]]);
  assert.match(await page.textContent('.review-live'), /已导出审核意见 1 份/);

  // Reloaded: the package comes back verified against the kept trust list, with its record.
  await page.waitForTimeout(300);
  await page.reload();
  await page.click('#mode-review');
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 1, null, { timeout: 20000 });
  const row = await page.textContent('.review tbody tr');
  assert.equal(await page.inputValue('#review-reviewer'), '王审核', 'who gives the opinions is remembered');
  assert.match(row, /有效/);
  assert.doesNotMatch(row, /无效/);
  assert.match(row, /需补正/);
  assert.match(row, /请补充可研报告批复文件/);
  assert.match(await page.textContent('.review-live'), /已恢复上次载入的 1 个申报包/);
  assert.match(await page.textContent('.review-trust-loaded'), /已载入信任列表/);
  assert.match(await page.textContent('.review-source'), /保存在本浏览器中的副本/, 'a kept trust list says where it came from');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#review-export')]);
  // A line of the ledger names the package exactly: its id and its payload's digest.
  const id = JSON.parse(payload.toString('utf8')).id;
  assert.match(fs.readFileSync(await d.path(), 'utf8'), new RegExp(`需补正,请补充可研报告批复文件,\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2},${id},${digest}\r\n`));

  // Emptied (the confirmation is accepted by the harness): a reload finds nothing.
  await page.click('#review-clear');
  await page.waitForSelector('.review-empty');
  await page.waitForTimeout(300);
  await page.reload();
  await page.click('#mode-review');
  await page.waitForSelector('.review-empty');
  await page.waitForTimeout(300);
  assert.equal(await page.$$eval('.review tbody tr', trs => trs.length), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a resubmission is compared with the package it replaces, on the desk and by the CLI", async () => {
  assert.ok(packageFile && trustFile && privateKeyFile, 'the signing test ran first');
  // The department revises: another project name, a cost line renamed; signed with the same
  // key by the CLI, naming the package it replaces.
  const revised = structuredClone(combined);
  revised.project.basic.name += '（修订）';
  revised.service_plan.project_name = revised.project.basic.name;
  revised.project.cost_estimate.items[1].name += '（扩容）';
  const revisedFile = path.join(work, '修订.json');
  fs.writeFileSync(revisedFile, JSON.stringify(revised));
  const revision = path.join(work, '修订版申报包.json');
  const unit = combined.project.basic.owner_unit, code = combined.project.basic.credit_code;
  const signed = spawnSync(SHENBAO, ['sign', '--city', 'bazhong', '--key', privateKeyFile, '--department', unit, '--credit-code', code,
    '--person', '李晓梅', '--previous', packageFile, '-o', revision, revisedFile], { encoding: 'utf8', env: { ...process.env, SHENBAO_PASSPHRASE: '巴中 正确的口令 horse' } });
  assert.equal(signed.status, 0, signed.stderr);
  const diff = spawnSync(SHENBAO, ['diff', packageFile, revision], { encoding: 'utf8' });
  assert.equal(diff.status, 1, diff.stderr);
  // (The browser's form leaves out a field its conditions hide, which the JSON file fills: the
  // count is whatever the two say; the edits made here must be among them.)
  assert.match(diff.stdout, /字段改动 \d+ 处/);
  assert.match(diff.stdout, /~ 资金估算明细 第 2 行 · 名称：.*（扩容）」/);

  const page = await openPage(browser, server.url);
  await page.click('#mode-review');
  await page.waitForSelector('.review');
  await page.setInputFiles('#review-trust', trustFile);
  await page.setInputFiles('#review-packages', [packageFile, revision]);
  await page.waitForFunction(() => document.querySelectorAll('.review tbody tr').length === 2, null, { timeout: 20000 });
  await page.click('button.review-view[aria-label$="（修订）"]');
  await page.waitForSelector('.changes-summary');
  const text = await page.textContent('.review-changes');
  assert.ok(text.includes(diff.stdout.split('\n')[1]), `the desk says what the CLI says: ${diff.stdout.split('\n')[1]} / ${text}`);
  assert.match(text, /基本信息 · 项目名称/);
  assert.match(text, /资金估算明细 第 2 行 · 名称/);
  // The detail — the comparison, the reviewer's record, the findings and documents written as
  // markup — passes axe like the rest of the desk.
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => (await window.axe.run(document.querySelector('.review-detail'), { resultTypes: ['violations'] }))
    .violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(' | ')}`));
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
