// A long form (the large project: 80 budget lines, 30 service items): the rows of its tables out
// of view are skipped by the browser's rendering (CSS content-visibility, public/style.css), yet
// they are checked when changed, reached from a finding, seen by assistive technology, and the
// page keeps about its real height, so its scroll bar means what it shows.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve, launch, openPage, fieldId, ROOT } from './harness.mjs';

const LARGE = path.join(ROOT, 'tests/fixtures/large/combined.json');
let server, browser;

async function openLarge(page) {
  await page.waitForSelector('li.pack');
  await page.check('#pack-bazhong');
  await page.setInputFiles('.start input[type=file][accept*=json] >> nth=1', LARGE);
  await page.waitForSelector('.editor aside.summary[data-report-rev]');
  await page.waitForFunction(() => document.querySelector('.status-line').textContent.includes('无错误'));
}

before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

// Whether the element is rendered: false inside a row skipped while out of view.
const rendered = (page, id) => page.evaluate(id => document.getElementById(id).checkVisibility({ contentVisibilityAuto: true }), id);

test('rows out of view are not rendered, yet checked and reached from a finding; the page keeps its height', async () => {
  const page = await openPage(browser, server.url);
  await openLarge(page);

  const far = fieldId('project.cost_estimate.items[70].amount');
  assert.equal(await rendered(page, far), false, 'a budget line far below the fold is not rendered');

  // The page's height with rows estimated is close to its height with every row rendered.
  const estimated = await page.evaluate(() => document.documentElement.scrollHeight);
  const style = await page.addStyleTag({ content: '.row { content-visibility: visible !important; }' });
  const real = await page.evaluate(() => document.documentElement.scrollHeight);
  await style.evaluate(s => s.remove());
  assert.ok(Math.abs(estimated - real) / real < 0.1, `page height ${estimated}px with rows estimated, ${real}px rendered`);

  // Changed while out of view (a script, an autofill): checked like any other box, its finding
  // shown under it and in the summary.
  await page.evaluate(id => {
    const el = document.getElementById(id);
    el.value = '1';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, far);
  const item = await page.waitForSelector(`#${far}-findings li`, { state: 'attached' });
  const serial = await item.getAttribute('data-n');
  assert.match(await page.textContent('.status-line'), /项错误/);

  // Its finding in the summary takes the user there: the box is focused, rendered and in view.
  await page.click(`#i${serial} .jump`);
  assert.equal(await page.evaluate(() => document.activeElement.id), far);
  await page.waitForFunction(id => document.getElementById(id).checkVisibility({ contentVisibilityAuto: true }), far);
  const box = await page.evaluate(id => {
    const r = document.getElementById(id).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  }, far);
  assert.ok(box.top >= 0 && box.bottom <= box.height, `the box is in view: ${JSON.stringify(box)}`);
  assert.equal(await rendered(page, fieldId('project.cost_estimate.items[0].amount')), false, 'rows far above the jump stay skipped');

  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('with a screen reader on, every box of the form is in the accessibility tree with its name, rendered or not', async () => {
  // Chromium builds the full accessibility tree when assistive technology is running; this flag
  // is what a screen reader's presence turns on. (Asked without it, after the page was built, the
  // tree holds only what was rendered: that is no screen reader's view.)
  const reader = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--force-renderer-accessibility'],
  });
  try {
    const page = await (await reader.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })).newPage();
    await page.goto(server.url);
    await openLarge(page);
    const far = fieldId('project.cost_estimate.items[70].amount');
    assert.equal(await rendered(page, far), false, 'a budget line far below the fold is not rendered');
    const boxes = await page.evaluate(() => document.querySelectorAll('.form input[type=text], .form textarea').length);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Accessibility.enable');
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const exposed = nodes.filter(n => n.role?.value === 'textbox' && !n.ignored && n.name?.value);
    assert.ok(boxes > 600, `the large project has ${boxes} text boxes`);
    assert.ok(exposed.length >= boxes, `${exposed.length} named text boxes exposed of ${boxes}`);
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#' + far });
    const [node] = (await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })).nodes;
    assert.equal(node.ignored, false);
    assert.match(node.name?.value ?? '', /金额/);
  } finally {
    await reader.close();
  }
});

test('typing leaves the browser no work over the whole form: no :has() rule over it, each section painted on its own', async () => {
  const page = await openPage(browser, server.url);
  await openLarge(page);
  const found = await page.evaluate(() => {
    // Every style rule, inside @media and @supports too.
    const rules = [];
    const walk = list => { for (const r of list) { if (r.selectorText) rules.push(r.selectorText); if (r.cssRules) walk(r.cssRules); } };
    for (const sheet of document.styleSheets) walk(sheet.cssRules);
    // A selector without its :has(…) parts: what the rule is matched on. With `main:has(.x)`,
    // any change inside main makes the browser match `.x` again over main's whole subtree.
    const subject = sel => {
      let out = '', i = 0;
      while (i < sel.length) {
        if (sel.startsWith(':has(', i)) {
          let depth = 0;
          for (i += 4; i < sel.length; i++) { if (sel[i] === '(') depth++; else if (sel[i] === ')' && --depth === 0) { i++; break; } }
        } else out += sel[i++];
      }
      out = out.trim();
      return out === '' || /[>+~]$/.test(out) ? out + '*' : out;
    };
    const holding = [];
    for (let e = document.querySelector('.form'); e; e = e.parentElement) holding.push(e);
    const over = rules.filter(r => r.includes(':has(')).flatMap(r => r.split(','))
      .filter(s => s.includes(':has(') && holding.some(e => e.matches(subject(s))));
    const sections = [...document.querySelectorAll('.form-section')];
    const paints = c => c === 'strict' || c === 'content' || c.split(' ').includes('paint');
    const unpainted = sections.filter(s => !paints(getComputedStyle(s).contain)).map(s => s.id);
    return { has: rules.filter(r => r.includes(':has(')).length, over, sections: sections.length, unpainted };
  });
  assert.ok(found.has > 0, 'the page has :has() rules (the start page\'s pack cards), so the check can see them');
  assert.deepEqual(found.over, [], 'no :has() rule is matched on the form or what holds it');
  assert.ok(found.sections > 5, `${found.sections} sections`);
  assert.deepEqual(found.unpainted, [], 'every form section has paint containment');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
