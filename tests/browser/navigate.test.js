// Opens the built intranet from file:// as an official would from a USB
// stick, follows links from the home page to a directive and back, and
// checks that nothing fails and nothing is fetched from outside the site.
//
// Run: node --test tests/browser/   (NOIBO_SITE = the built site, default public/;
// a relative NOIBO_SITE is taken from tests/browser)
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { SITE, launch } = require('./lib/site');

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

/** A page that records every request, failure and console error. */
async function watchedPage() {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const log = { requests: [], failed: [], errors: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => {
    // A lazy image still loading when the page is left is aborted, not missing;
    // a missing file fails with net::ERR_FILE_NOT_FOUND.
    const why = r.failure()?.errorText;
    if (why !== 'net::ERR_ABORTED') log.failed.push(`${r.url()}: ${why}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => log.errors.push(`page error: ${e.message}`));
  return { context, page, log };
}

function assertClean(log) {
  assert.ok(log.requests.length > 0, 'requests were recorded');
  const outside = log.requests.filter((u) => !u.startsWith('file://'));
  assert.deepEqual(outside, [], 'requests leave the site');
  const outsideSite = log.requests.filter((u) => !u.startsWith(pathToFileURL(SITE).href));
  assert.deepEqual(outsideSite, [], 'requests outside the site folder');
  assert.deepEqual(log.failed, [], 'failed requests');
  assert.deepEqual(log.errors, [], 'console errors');
}

test('home → directive → home by clicking links, from file://', async () => {
  const { context, page, log } = await watchedPage();
  const home = pathToFileURL(path.join(SITE, 'index.html')).href;
  await page.goto(home);
  assert.equal(page.url(), home);

  // The newest directives with a number, on the home page.
  const link = page.locator('.home-directives a.item-title').filter({ has: page.locator('.doc-number') }).first();
  await link.waitFor();
  const number = (await link.locator('.doc-number').innerText()).trim();
  assert.match(number, /^\d+[-/]/, 'a document number such as 28-CV/BCĐ');
  const href = await link.getAttribute('href');
  assert.ok(!href.startsWith('/'), `relative link: ${href}`);

  await Promise.all([page.waitForURL((u) => u.href !== home), link.click()]);
  assert.match(page.url(), /^file:\/\/.*\/van-ban\/.*index\.html$/, page.url());
  await page.locator('article.directive').waitFor();
  const shown = (await page.locator('.doc-header .doc-number').innerText()).trim();
  assert.equal(shown, `Số ${number}`);
  assert.ok((await page.title()).includes(number), 'the title names the number');
  // The theme's stylesheet applies: the skip link is moved off screen.
  const skip = await page.locator('a.skip').evaluate((a) => getComputedStyle(a).position);
  assert.equal(skip, 'absolute', 'style.css is applied');

  // Back to the directive list by the breadcrumb, then home.
  const directiveUrl = page.url();
  const crumbs = page.locator('nav.breadcrumb a');
  assert.equal(await crumbs.count(), 2);
  await Promise.all([page.waitForURL((u) => u.href !== directiveUrl), crumbs.nth(1).click()]);
  assert.match(page.url(), /\/van-ban\/index\.html$/);
  const listed = await page.locator('ul.list a.item-title').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(listed.includes(directiveUrl), 'the section lists the directive');

  await Promise.all([page.waitForURL(home), page.locator('a.brand').click()]);
  assert.equal(page.url(), home);

  // And again through the breadcrumb's home link.
  await page.goto(directiveUrl);
  await Promise.all([page.waitForURL(home), page.locator('nav.breadcrumb a').first().click()]);
  assert.equal(page.url(), home);

  assertClean(log);
  await context.close();
});

test('every page linked from the home page opens without errors', async () => {
  const { context, page, log } = await watchedPage();
  const home = pathToFileURL(path.join(SITE, 'index.html')).href;
  await page.goto(home);
  const links = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href));
  const internal = [...new Set(links.filter((u) => u.startsWith('file://')).map((u) => u.split('#')[0]))];
  assert.ok(internal.length >= 10, `only ${internal.length} internal links on the home page`);
  for (const url of internal) {
    const response = await page.goto(url);
    assert.ok(response === null || response.ok(), `${url} did not open`);
  }
  assertClean(log);
  await context.close();
});
