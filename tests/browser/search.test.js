// The search client against the real built site (NOIBO_SITE, default
// ../../public), opened from file:// and over http. Expectations are taken
// from the site's own directives.json and content/ where they can be, so the
// tests follow the sample content.
//
//   cd tests/browser && npm install && node --test
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { SITE, serve, launch, fileUrl, contentFiles, pageFile, sameUrl } = require('./lib/site');

const SEARCH_PAGE = path.join(SITE, 'search', 'index.html');
if (!fs.existsSync(SEARCH_PAGE)) {
  throw new Error(`no built site at ${SITE} (set NOIBO_SITE, or run \`cargo run --release -- build\` at the repo root)`);
}
const directives = JSON.parse(fs.readFileSync(path.join(SITE, 'directives.json'), 'utf8'));
const content = contentFiles();

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
const marked = (html) => [...html.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
const urls = (r) => r.results.map((x) => x.url);
const has = (r, url) => r.results.some((x) => sameUrl(x.url, url));

// A directive with a number of the usual form ("28-CV/BCĐ").
const numbered = directives.find((d) => d.number && /^\d+-[^\s/]+\/\S+$/.test(d.number));
// Body citations of documents ("Kết luận số 21-KL/TW").
const CITE = /(Kết luận|Nghị quyết|Chỉ thị|Quy định|Hướng dẫn|Công văn|Quyết định|Thông báo|Kế hoạch) số (\d+)-([A-ZĐ][A-Za-zĐ]*)\/([A-ZĐ]+)/;
const citing = content.map((c) => ({ c, m: CITE.exec(c.body) })).filter((x) => x.m);
// A word written in decomposed Unicode (NFD) in a source file.
const nfdSource = content
  .map((c) => ({ c, w: (c.text.match(/[\p{L}\p{M}]+/gu) || []).find((w) => w !== w.normalize('NFC') && w.length > 3) }))
  .find((x) => x.w);

for (const mode of ['file', 'http']) {
  describe(`search over ${mode}://`, () => {
    let browser, page, server, errors;
    const q = (text, filters, options) =>
      page.evaluate(async ([t, f, o]) => {
        const r = await window.noiboSearch.query(t, f, o);
        return { total: r.total, results: r.map((x) => ({ ...x })) };
      }, [text, filters || {}, options || {}]);

    before(async () => {
      browser = await launch();
      page = await browser.newPage();
      errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      let url;
      if (mode === 'http') {
        server = await serve(SITE);
        url = server.url + 'search/index.html';
      } else {
        url = fileUrl(SEARCH_PAGE);
      }
      await page.goto(url);
      await page.waitForFunction(() => window.noiboSearch);
      await page.evaluate(() => window.noiboSearch.ready());
    });

    after(async () => {
      await browser?.close();
      await server?.close();
      assert.deepStrictEqual(errors, [], 'no script errors on the page');
    });

    it('no diacritics: "tuyen truyen" finds "tuyên truyền", marked', async () => {
      const r = await q('tuyen truyen');
      assert.ok(r.total > 0);
      const m = marked(r.results[0].snippet + r.results[0].titleHtml).map((s) => s.normalize('NFC').toLowerCase());
      assert.ok(m.some((s) => s.includes('tuyên truyền')), JSON.stringify(m));
    });

    it('case and diacritics do not change what is found', async () => {
      const a = await q('tuyen truyen ');
      const b = await q('TUYÊN TRUYỀN ');
      assert.strictEqual(a.total, b.total);
      assert.deepStrictEqual(urls(a).sort(), urls(b).sort());
    });

    it('đ: "dang" finds "Đảng"', async () => {
      const r = await q('dang');
      assert.ok(r.total > 0);
      const m = r.results.flatMap((x) => marked(x.snippet + x.titleHtml));
      assert.ok(m.some((s) => s.normalize('NFC').startsWith('Đảng') || s.normalize('NFC').startsWith('đảng')), JSON.stringify(m));
    });

    it('same diacritics rank first: "Đảng" and "đang" put their own word on top', async () => {
      for (const w of ['Đảng', 'đang']) {
        const r = await q(w + ' ');
        assert.ok(r.total > 0, w);
        const top = marked(r.results[0].snippet + r.results[0].titleHtml).map((s) => s.normalize('NFC').toLowerCase());
        assert.ok(top.includes(w.toLowerCase()), `${w}: ${JSON.stringify(top)}`);
      }
    });

    it('an NFD query finds what the NFC one does', async () => {
      const a = await q('xây dựng Đảng ');
      const b = await q('xây dựng Đảng '.normalize('NFD'));
      assert.ok(a.total > 0);
      assert.deepStrictEqual(urls(a), urls(b));
    });

    it('words written in NFD in the source are found by NFC and folded queries', async () => {
      assert.ok(nfdSource, 'the sample content has NFD text');
      const { c, w } = nfdSource;
      for (const query of [w.normalize('NFC') + ' ', fold(w) + ' ', w + ' ']) {
        const r = await q(query, {}, { limit: 100 });
        assert.ok(has(r, c.url), `${JSON.stringify(query)} finds ${c.url}: ${urls(r)}`);
      }
    });

    it('a document number in every spelling finds its directive first', async () => {
      assert.ok(numbered, 'a numbered directive');
      const n = numbered.number; // 28-CV/BCĐ
      const [seq, rest] = [n.slice(0, n.indexOf('-')), n.slice(n.indexOf('-') + 1)];
      const spellings = [n, n.toLowerCase(), fold(n), `${seq} ${rest.replace(/\//g, ' ')}`,
        fold(`${seq} ${rest.replace(/\//g, ' ')}`), `${seq}–${rest}`, `${seq} - ${rest.replace('/', ' / ')}`];
      for (const s of spellings) {
        for (const text of [s, s + ' ']) {
          const r = await q(text);
          assert.ok(r.total > 0, JSON.stringify(text));
          assert.ok(sameUrl(r.results[0].url, numbered.url), `${JSON.stringify(text)}: ${urls(r)}`);
          assert.strictEqual(r.results[0].number, n);
        }
      }
    });

    it('a number cited in running text finds the citing page, the number marked as one', async () => {
      assert.ok(citing.length, 'a citation in the content');
      const { c, m } = citing[0];
      const n = `${m[2]}-${m[3]}/${m[4]}`;
      for (const text of [n, n.toLowerCase(), `${m[2]} ${fold(m[3])} ${fold(m[4])}`]) {
        const r = await q(text, {}, { limit: 50 });
        assert.ok(has(r, c.url), `${text}: ${urls(r)}`);
        const hit = r.results.find((x) => sameUrl(x.url, c.url));
        assert.ok(marked(hit.snippet).some((s) => fold(s).replace(/\s/g, '') === fold(n)), hit.snippet);
      }
    });

    it('"Kết luận 21" and "KL 21": the type name or code next to the number', async () => {
      const { c, m } = citing.find((x) => x.m[1] === 'Kết luận') || citing[0];
      const code = fold(m[3]);
      for (const text of [`${m[1]} ${m[2]}`, `${fold(m[1])} ${m[2]}`, `${code} ${m[2]}`, `${m[3]} số ${m[2]}`]) {
        const r = await q(text, {}, { limit: 50 });
        assert.ok(has(r, c.url), `${text}: ${urls(r)}`);
      }
    });

    it('"quoted words" match as a phrase, in that order only', async () => {
      const d = numbered;
      const words = d.title.normalize('NFC').split(/\s+/).filter((w) => /^[\p{L}]+$/u.test(w));
      const phrase = words.slice(-3); // "kênh truyền thông"
      const r = await q(`"${fold(phrase.join(' '))}"`);
      assert.ok(has(r, d.url), urls(r).join());
      for (const x of r.results) {
        const m = marked(x.snippet + x.titleHtml).map(fold);
        assert.ok(m.includes(fold(phrase.join(' '))), `${x.url}: ${JSON.stringify(m)}`);
      }
      const reversed = await q(`"${fold(phrase.slice().reverse().join(' '))}"`);
      assert.ok(!has(reversed, d.url));
    });

    it('adjacent words rank above scattered ones', async () => {
      const r = await q('xay dung dang ');
      assert.ok(r.total > 1);
      const top = marked(r.results[0].snippet + r.results[0].titleHtml).map(fold);
      assert.ok(top.some((s) => s.includes('xay dung dang')), JSON.stringify(top));
    });

    it('the last word matches as a prefix while typing', async () => {
      const full = await q('lan toa thong tin ');
      for (const typing of ['lan toa thong ti', 'lan toa thong t', 'lan tỏa thô']) {
        const r = await q(typing);
        assert.ok(r.total > 0, typing);
        for (const u of urls(full).slice(0, 3)) assert.ok(has(r, u), `${typing} keeps ${u}`);
      }
      const done = await q('lan toa thong ti ');
      assert.ok(!has(done, numbered.url), 'a finished word is not a prefix');
    });

    it('filters: kind, type, issuer, year', async () => {
      const all = await q('tuyen truyen', {}, { limit: 100 });
      for (const kind of ['directives', 'models', 'materials']) {
        const r = await q('tuyen truyen', { kind }, { limit: 100 });
        assert.ok(r.total > 0 && r.total < all.total, kind);
        assert.ok(r.results.every((x) => x.kind === kind), kind);
      }
      const d = numbered;
      const year = d.date.slice(0, 4);
      const byYear = await q('', { year }, { limit: 100 });
      assert.ok(has(byYear, d.url));
      assert.ok(byYear.results.every((x) => x.date.startsWith(year)));
      const both = await q('', { type: d.type, issuer: d.issuer }, { limit: 100 });
      assert.ok(has(both, d.url));
      assert.ok(both.results.every((x) => x.type === d.type && x.issuer === d.issuer));
      // filter values are matched without case or diacritics too
      const loose = await q('', { type: fold(d.type).toUpperCase(), year: Number(year) }, { limit: 100 });
      assert.ok(has(loose, d.url));
      const none = await q('tuyen truyen', { kind: 'directives', year: '1999' });
      assert.strictEqual(none.total, 0);
    });

    it('a word on no page: no results, no error', async () => {
      for (const text of ['xyzzyqwv', 'tuyen truyen xyzzyqwv', '"truyen tuyen xyzzyqwv"', '99999-ZZ/QQ', '', '   ', '"', '-/–']) {
        const r = await q(text);
        assert.strictEqual(r.total, 0, JSON.stringify(text));
        assert.deepStrictEqual(r.results, []);
      }
    });

    it('results carry url, title, kind, number, date; best first; snippets escaped', async () => {
      const r = await q('thong tin', {}, { limit: 100 });
      assert.ok(r.total > 2);
      for (let i = 0; i < r.results.length; i++) {
        const x = r.results[i];
        assert.ok(x.url && !x.url.startsWith('/') && !/^[a-z]+:/.test(x.url), x.url);
        assert.ok(fs.existsSync(pageFile(x.url)), `page ${x.url} exists`);
        // Unit pages (don-vi/) have no date.
        assert.ok(x.title && (x.date || x.kind === 'units') && ['directives', 'models', 'materials', 'media', 'newsletter', 'pages', 'units'].includes(x.kind));
        assert.ok('number' in x);
        if (i) assert.ok(r.results[i - 1].score >= x.score, 'best first');
        assert.ok(!/<(?!\/?mark>)/.test(x.snippet), x.snippet);
        assert.ok(!/<(?!\/?mark>)/.test(x.titleHtml), x.titleHtml);
      }
      const page2 = await q('thong tin', {}, { offset: 2, limit: 2 });
      assert.deepStrictEqual(urls(page2), urls(r).slice(2, 4));
    });

    it('the search page: query and filters in the URL, results linked, keyboard', async () => {
      const d = numbered;
      const base = mode === 'http' ? server.url + 'search/index.html' : fileUrl(SEARCH_PAGE);
      const p = await browser.newPage();
      await p.goto(`${base}?q=${encodeURIComponent('tuyen truyen')}&kind=directives`);
      await p.waitForSelector('.ns-result a.ns-title');
      assert.strictEqual(await p.inputValue('.ns input[name=q]'), 'tuyen truyen');
      assert.strictEqual(await p.inputValue('.ns select[name=kind]'), 'directives');
      const status = await p.textContent('.ns-status');
      assert.match(status, /Tìm thấy \d+ kết quả/);
      const hrefs = await p.$$eval('.ns-result a.ns-title', (as) => as.map((a) => a.href));
      for (const h of hrefs) {
        if (mode === 'file') assert.ok(fs.existsSync(decodeURIComponent(new URL(h).pathname)), h);
        else assert.strictEqual((await p.request.get(h)).status(), 200, h);
      }
      // typing updates results and the URL; arrows move through results
      await p.fill('.ns input[name=q]', d.number);
      await p.waitForFunction((n) => {
        const m = document.querySelector('.ns-result .ns-meta');
        return m && m.textContent.includes(n);
      }, d.number);
      await p.focus('.ns input[name=q]');
      await p.keyboard.press('ArrowDown');
      assert.ok(await p.evaluate(() => document.activeElement.classList.contains('ns-title')));
      await p.keyboard.press('ArrowUp');
      assert.strictEqual(await p.evaluate(() => document.activeElement.name), 'q');
      if (mode === 'http') assert.match(p.url(), /[?&]q=/);
      // a hostile query is shown as text
      await p.fill('.ns input[name=q]', '<img src=x onerror=alert(1)>');
      await p.waitForFunction(() => /Không tìm thấy/.test(document.querySelector('.ns-status').textContent));
      assert.strictEqual(await p.$$eval('img', (i) => i.length), 0);
      await p.close();
    });

    it('the search box of other pages leads to the search page', async () => {
      const home = path.join(SITE, 'index.html');
      const p = await browser.newPage();
      await p.goto(mode === 'http' ? server.url + 'index.html' : fileUrl(home));
      const form = p.locator('form[role=search]').first();
      await form.locator('input[name=q]').fill('dang');
      await form.locator('input[name=q]').press('Enter');
      await p.waitForSelector('.ns-result');
      assert.match(p.url(), /search\/(index\.html)?\?q=dang/);
      await p.close();
    });
  });
}
