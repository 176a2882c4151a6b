// Media pages of the built sample intranet, opened from file:// as from a
// USB stick: the podcast plays (its duration becomes known and time runs),
// the video shows its poster, the large photo of a model comes resized.
//
// Run: node --test tests/browser/   (NOIBO_SITE = the built site, default public/)
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { SITE, launch } = require('./lib/site');

const PODCAST = 'truyen-thong/podcast-chuyen-trang-xay-dung-dang-dien-tu/index.html';
const VIDEO = 'truyen-thong/video-lan-toa-thong-tin-chinh-thong/index.html';
const MODEL = 'mo-hinh/chi-bo-so-hoa-so-sach/index.html';

let browser;

before(async () => {
  for (const p of [PODCAST, VIDEO, MODEL]) {
    assert.ok(fs.existsSync(path.join(SITE, p)), `no ${p} in ${SITE}: build the sample site first`);
  }
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
});

async function open(rel) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const outside = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(pathToFileURL(SITE).href)) outside.push(r.url());
  });
  await page.goto(pathToFileURL(path.join(SITE, rel)).href);
  return { context, page, outside };
}

test('the podcast plays from file://: its duration is known and time advances', async () => {
  const { context, page, outside } = await open(PODCAST);
  const audio = page.locator('audio');
  assert.equal(await audio.count(), 1);
  // preload="none": nothing is read from a slow share until the official
  // presses play.
  const [duration, advanced, cues] = await audio.evaluate(async (a) => {
    a.muted = true;
    await a.play();
    const start = a.currentTime;
    await new Promise((r) => setTimeout(r, 1200));
    a.pause();
    const track = a.textTracks[0];
    return [a.duration, a.currentTime - start, track && track.cues ? track.cues.length : 0];
  });
  assert.ok(Number.isFinite(duration) && duration > 15 && duration < 30, `duration ${duration}`);
  assert.ok(advanced > 0.3, `currentTime advanced by ${advanced}`);
  assert.equal(cues, 3, 'the captions load from file://');
  // The duration shown on the page is the one read from the file.
  assert.equal(await page.locator('.meta time[datetime^="PT"]').textContent(), '0:21');
  assert.deepEqual(outside, [], 'requests outside the site');
  await context.close();
});

test('the video page shows its poster before playing', async () => {
  const { context, page, outside } = await open(VIDEO);
  const video = page.locator('video');
  const poster = await video.getAttribute('poster');
  assert.ok(poster && poster.endsWith('poster.jpg'), `poster attribute ${poster}`);
  const posterUrl = new URL(poster, page.url()).href;
  const ok = await page.evaluate(
    (src) =>
      new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth > 0);
        img.onerror = () => resolve(false);
        img.src = src;
      }),
    posterUrl,
  );
  assert.ok(ok, `the poster ${posterUrl} loads`);
  const box = await video.boundingBox();
  assert.ok(box && box.width > 100 && box.height > 50, 'the video is laid out with its poster');
  assert.deepEqual(outside, [], 'requests outside the site');
  await context.close();
});

test('the phone photo of a model comes resized, with its size set', async () => {
  const { context, page } = await open(MODEL);
  const img = page.locator('.prose img[loading="lazy"]').first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  const [natural, width] = await img.evaluate((el) => [el.naturalWidth, el.getAttribute('width')]);
  assert.equal(natural, 1600);
  assert.equal(width, '1600');
  await context.close();
});
