#!/usr/bin/env node
// Search benchmark on a built site (default: a 10,000-directive corpus).
//
//   python3 ../shared/bench/gen_corpus.py --directives 10000 --out /tmp/corpus --only noibo
//   target/release/noibo build --root /tmp/corpus/noibo --output /tmp/bench-site
//   (cd tests/browser && npm install)   # playwright-core; Chromium: apt-get install chromium
//   node bench/search_bench.js /tmp/bench-site
//
// Reports, from file:// in headless Chromium:
//  * bytes the browser loads for a two-word query on a fresh search page
//    (search.js, meta, dictionary, buckets, posting lists, the shown results'
//    texts), and the same over http as counted by a local server;
//  * time from typing to results shown, after the first query: each key of a
//    few queries typed into the search box, and noiboSearch.query() alone;
//  * the index size on disk (files, bytes, 4 KiB blocks).
// Build time: `cargo run --release -p noibo-search --example bench_index`.
'use strict';
const fs = require('fs');
const path = require('path');
const repo = path.join(__dirname, '..');
const { serve, launch, fileUrl } = require(path.join(repo, 'tests/browser/lib/site.js'));

const site = path.resolve(process.argv[2] || process.env.NOIBO_BENCH_SITE || '/tmp/bench-site');
const searchPage = path.join(site, 'search', 'index.html');
if (!fs.existsSync(searchPage)) {
  console.error(`no built site at ${site}: see the usage at the top of ${__filename}`);
  process.exit(2);
}
const TWO_WORDS = ['tuyen truyen', 'xay dung dang', 'thong tin', 'can bo', 'chinh tri'];
// Two- and three-word queries, typed whole into the box of a fresh search page
// over http: what they load and how long until their results show. The first
// three are those of the goal (at most 250 KB, under 100 ms).
const FRESH = ['xay dung dang dien tu', 'chuyển đổi số', 'dang uy', 'tuyen truyen', 'thong tin',
  'can bo', 'chinh tri', 'xay dung dang', 'kiem tra giam sat', 'ban chap hanh', 'nghi quyet',
  'van hoa', 'cong tac', 'hoc tap', 'nhan dan', 'dang vien', 'ke hoach', 'to chuc', 'Đảng ủy',
  'tỉnh ủy thái nguyên', 'ban thuong vu', 'thanh uy', 'phat trien kinh te', 'cai cach hanh chinh'];
const TYPED = ['tuyen truyen', 'kiem tra giam sat', '58-CV/TU', 'ket luan 21', '"lan toa thong tin"'];

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const kb = (n) => (n / 1024).toFixed(1) + ' KiB';

function indexSize() {
  const dir = path.join(site, 'search', 'idx');
  let files = 0, bytes = 0, blocks = 0;
  const byKind = {};
  for (const f of fs.readdirSync(dir)) {
    const st = fs.statSync(path.join(dir, f));
    files++; bytes += st.size; blocks += st.blocks * 512;
    const k = f.split('-')[0].replace(/\.js$/, '');
    byKind[k] = byKind[k] || { files: 0, bytes: 0 };
    byKind[k].files++; byKind[k].bytes += st.size;
  }
  return { files, bytes, blocks, byKind };
}

async function bytesForQuery(browser, q) {
  // file://: sum the sizes of the parts the page loaded (and search.js)
  const page = await browser.newPage();
  await page.goto(fileUrl(searchPage) + '?q=' + encodeURIComponent(q));
  await page.waitForSelector('.ns-result, .ns-status:has-text("Không")');
  const parts = await page.evaluate(() => window.noiboSearch.loadedParts());
  await page.close();
  let bytes = fs.statSync(path.join(site, 'search.js')).size;
  for (const p of parts) bytes += fs.statSync(path.join(site, 'search', 'idx', p + '.js')).size;
  return { bytes, parts: parts.length };
}

async function httpBytes(browser, server, q) {
  const page = await browser.newPage();
  await page.goto(server.url + 'search/index.html');
  await page.waitForFunction(() => window.noiboSearch);
  await page.evaluate(() => window.noiboSearch.ready());
  const before = server.stats.bytes;
  const reqs = server.stats.requests.length;
  await page.evaluate((t) => window.noiboSearch.query(t, {}, { limit: 10 }), q);
  const after = server.stats.bytes;
  const n = server.stats.requests.length - reqs;
  await page.close();
  return { bytes: after - before, requests: n };
}

/* Types `q` key by key into the search box; for each key, the time from the
 * input event to the results list updated. */
async function typing(page, q) {
  const times = [];
  await page.evaluate(() => { const i = document.querySelector('.ns input[name=q]'); i.value = ''; });
  for (let k = 1; k <= q.length; k++) {
    const ms = await page.evaluate((text) => new Promise((resolve) => {
      const input = document.querySelector('.ns input[name=q]');
      const box = document.getElementById('noibo-search');
      const status = box.querySelector('.ns-status');
      const t0 = performance.now();
      const done = () => { obs.disconnect(); resolve(performance.now() - t0); };
      const obs = new MutationObserver(() => { if (!box.hasAttribute('aria-busy')) done(); });
      obs.observe(box, { attributes: true, childList: true, subtree: true, characterData: true });
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (!box.hasAttribute('aria-busy')) done(); // answered synchronously (empty query)
      void status;
    }), q.slice(0, k));
    times.push(ms);
  }
  return times;
}

/* A fresh search page over http, the index's meta loaded; then `q` typed
 * whole into the box (one input event, as a paste or the last key): bytes the
 * server sent for it and milliseconds until its results are shown. */
async function freshQuery(browser, server, q) {
  const page = await browser.newPage();
  const b0 = server.stats.bytes;
  await page.goto(server.url + 'search/index.html');
  await page.waitForFunction(() => window.noiboSearch);
  await page.evaluate(() => window.noiboSearch.ready());
  await page.waitForFunction(() => !document.getElementById('noibo-search').hasAttribute('aria-busy'));
  const b1 = server.stats.bytes;
  const r = await page.evaluate((text) => new Promise((resolve) => {
    const input = document.querySelector('.ns input[name=q]');
    const box = document.getElementById('noibo-search');
    const list = box.querySelector('.ns-results');
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (box.hasAttribute('aria-busy')) return;
      obs.disconnect();
      resolve({ ms: performance.now() - t0, shown: list.children.length });
    });
    obs.observe(box, { attributes: true, childList: true, subtree: true });
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), q);
  const b2 = server.stats.bytes;
  await page.close();
  return { page: b1 - b0, query: b2 - b1, ms: r.ms, shown: r.shown };
}

async function freshQueries(browser) {
  const server = await serve(site);
  console.log('\nfresh page over http, query typed whole (page = html, css, search scripts, meta):');
  const rows = [];
  for (const q of FRESH) {
    const runs = [];
    for (let k = 0; k < 3; k++) runs.push(await freshQuery(browser, server, q));
    const ms = median(runs.map((x) => x.ms));
    const r = runs[0];
    rows.push({ q, ...r, ms });
    console.log(`  ${JSON.stringify(q).padEnd(26)} page ${kb(r.page).padStart(10)}  query ${kb(r.query).padStart(10)}  total ${kb(r.page + r.query).padStart(10)}  ${ms.toFixed(0).padStart(4)} ms (median of 3)  ${r.shown} shown`);
  }
  await server.close();
  const worst = rows.reduce((a, b) => (a.page + a.query > b.page + b.query ? a : b));
  const slow = rows.reduce((a, b) => (a.ms > b.ms ? a : b));
  console.log(`largest: ${JSON.stringify(worst.q)} ${kb(worst.page + worst.query)}; slowest: ${JSON.stringify(slow.q)} ${slow.ms.toFixed(0)} ms`);
}

(async () => {
  if (process.env.FRESH_ONLY) {
    const browser = await launch();
    await freshQueries(browser);
    await browser.close();
    return;
  }
  const size = indexSize();
  const docs = await (async () => {
    const m = fs.readFileSync(path.join(site, 'search', 'idx', 'meta.js'), 'utf8');
    return Number(/"n":(\d+)/.exec(m)[1]);
  })();
  console.log(`site: ${site} (${docs} documents in the index)`);
  console.log(`index on disk: ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB (${(size.blocks / 1e6).toFixed(1)} MB in blocks)`);
  for (const [k, v] of Object.entries(size.byKind)) console.log(`  ${k.padEnd(5)} ${String(v.files).padStart(6)} files ${(v.bytes / 1e6).toFixed(2).padStart(8)} MB`);

  const browser = await launch();
  console.log('\nbytes loaded for a two-word query on a fresh page (10 results shown):');
  const sizes = [];
  for (const q of TWO_WORDS) {
    const b = await bytesForQuery(browser, q);
    sizes.push(b.bytes);
    console.log(`  file://  ${JSON.stringify(q).padEnd(18)} ${kb(b.bytes).padStart(10)} in ${b.parts} parts + search.js`);
  }
  const server = await serve(site);
  for (const q of TWO_WORDS.slice(0, 2)) {
    const b = await httpBytes(browser, server, q);
    console.log(`  http    ${JSON.stringify(q).padEnd(18)} ${kb(b.bytes).padStart(10)} in ${b.requests} requests (after page and meta)`);
  }
  await server.close();

  const page = await browser.newPage();
  await page.goto(fileUrl(searchPage));
  await page.waitForFunction(() => window.noiboSearch);
  const t0 = Date.now();
  await page.evaluate(() => window.noiboSearch.query('dang', {}, { limit: 10 }));
  console.log(`\nfirst query ("dang", cold, file://): ${Date.now() - t0} ms`);
  const keys = [];
  for (const q of TYPED) {
    const t = await typing(page, q);
    keys.push(...t);
    console.log(`  typing ${JSON.stringify(q).padEnd(22)} per key: median ${median(t).toFixed(1)} ms, max ${Math.max(...t).toFixed(1)} ms`);
  }
  console.log(`typing to results, all ${keys.length} keys: median ${median(keys).toFixed(1)} ms, p90 ${pct(keys, 0.9).toFixed(1)} ms, max ${Math.max(...keys).toFixed(1)} ms`);
  const timeQuery = (text) => page.evaluate(async (t) => {
    const t0 = performance.now();
    await window.noiboSearch.query(t, {}, { limit: 10 });
    return performance.now() - t0;
  }, text);
  const fresh = [], again = [];
  const NEW = ['cong tac', 'van hoa', 'chuyen doi so', 'hoc tap', 'nhan dan'];
  for (const q of NEW) fresh.push(await timeQuery(q + ' '));
  for (const q of NEW) again.push(await timeQuery(q + ' '));
  console.log(`noiboSearch.query, words not asked before (parts to load): median ${median(fresh).toFixed(1)} ms, max ${Math.max(...fresh).toFixed(1)} ms`);
  console.log(`noiboSearch.query, words asked before (parts loaded): median ${median(again).toFixed(1)} ms, max ${Math.max(...again).toFixed(1)} ms`);
  await freshQueries(browser);
  console.log(`\nsummary: two-word query loads ${kb(median(sizes))} (median; max ${kb(Math.max(...sizes))}), typing to results ${median(keys).toFixed(1)} ms median, ${Math.max(...keys).toFixed(1)} ms max`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
