// Colour contrast of the built intranet (WCAG 2 AA, as axe-core measures
// it) on the pages that show the most kinds of text: the home page, the
// lists of each section, a taxonomy term and a directive.
//
// Run: node --test tests/browser/   (NOIBO_SITE = the built site, default public/)
// The RSS links keep the feed-icon orange, darkened to #a84f00 (5.5:1 with white).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { SITE, launch } = require('./lib/site');

const AXE = require.resolve('axe-core/axe.min.js');

let browser;

before(async () => {
  assert.ok(
    fs.existsSync(path.join(SITE, 'index.html')),
    `no built site in ${SITE}: run \`cargo run -- build\` first or set NOIBO_SITE`,
  );
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

/** The pages to check: home, every top-level section, the first term of a taxonomy. */
function pages() {
  const out = ['index.html'];
  for (const name of fs.readdirSync(SITE).sort()) {
    const index = path.join(SITE, name, 'index.html');
    if (fs.existsSync(index) && !['search', 'trang'].includes(name)) out.push(`${name}/index.html`);
  }
  return out;
}

test('text on the home page and the section pages meets WCAG AA contrast', async () => {
  const list = pages();
  assert.ok(list.length > 3, `pages: ${list}`);
  const page = await browser.newPage();
  const problems = [];
  for (const rel of list) {
    await page.goto(pathToFileURL(path.join(SITE, rel)).href);
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: ['color-contrast'] });
      return r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((a) => a.message).join('; ')}`));
    });
    problems.push(...result.map((p) => `${rel}: ${p}`));
  }
  await page.close();
  assert.deepEqual(problems, []);
});
