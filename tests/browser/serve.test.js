// `noibo serve` in a real browser, on a temporary copy of the sample site:
// an edit of a page's file shows in the open page without a manual reload;
// a broken front matter shows the error (as text) over the page, which
// stays; fixing it shows the page again; an edit of a static style sheet
// reloads the page with the new style. Each test sets up the state it
// starts from, so each can run alone (`--test-name-pattern`).
//
// The test starts the binary itself: NOIBO_BIN, a path from this folder
// (default ../../target/debug/noibo, so run `cargo build` first).
//
//   cd tests/browser && node --test serve.test.js
'use strict';
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { launch } = require('./lib/site');

const BIN = path.resolve(__dirname, process.env.NOIBO_BIN || '../../target/debug/noibo');
const REPO = path.resolve(__dirname, '..', '..');
const PAGE_FILE = path.join('content', 'van-ban', '2025', '28-cv-bcd.md');
const PAGE_URL = 'van-ban/2025/28-cv-bcd/';
const THEME_CSS = path.join('themes', 'default', 'static', 'style.css');
/** Longest wait for the page to change; a failure guard, not a measure. */
const PATIENCE = 30000;

/** A copy of the sample site in a temporary folder. */
function copySite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'noibo-serve-'));
  fs.cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'site.toml'), path.join(root, 'site.toml'));
  // The site's own copy of the theme's style sheet, to edit in place.
  fs.mkdirSync(path.join(root, 'static'));
  fs.copyFileSync(path.join(REPO, THEME_CSS), path.join(root, 'static', 'style.css'));
  return root;
}

/** Starts `noibo serve` on a free port; resolves with the process and its address. */
function startServe(root) {
  if (!fs.existsSync(BIN)) throw new Error(`no noibo binary at ${BIN} (run \`cargo build\`, or set NOIBO_BIN)`);
  const proc = spawn(BIN, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), PATIENCE);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /Serving (http:\/\/\S+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], stderr: () => stderr });
      }
    });
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${stderr}`)));
  });
}

/** Waits until `fn(arg)` is true in the page, across the page's reloads. */
async function waitFor(page, fn, arg, what) {
  const deadline = Date.now() + PATIENCE;
  for (;;) {
    try {
      if (await page.evaluate(fn, arg)) return;
    } catch {
      // the page is reloading
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const withTitle = (text, title) => text.replace(/^title: .*$/m, `title: "${title}"`);
const bodyHas = (t) => document.body.innerText.includes(t);

describe('noibo serve in a browser', () => {
  let root, server, browser, page, original, errors;

  before(async () => {
    root = copySite();
    original = fs.readFileSync(path.join(root, PAGE_FILE), 'utf8');
    server = await startServe(root);
    browser = await launch();
    page = await browser.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + PAGE_URL);
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) {
      server.proc.kill('SIGINT');
      await new Promise((r) => server.proc.once('exit', r));
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Writes the page with `title` and waits until the open page shows it. */
  async function showPage(title) {
    fs.writeFileSync(path.join(root, PAGE_FILE), withTitle(original, title));
    await waitFor(page, bodyHas, title, `the title ${title}`);
    await waitFor(page, () => !document.getElementById('__noibo_error'), null, 'no error overlay');
  }

  /** Breaks the page's front matter and waits for the error overlay. */
  async function breakPage() {
    const broken = original.replace(/^issuer: (.*)$/m, 'isuer: "<b>đậm</b>"');
    fs.writeFileSync(path.join(root, PAGE_FILE), withTitle(broken, 'Không được hiện'));
    await waitFor(page, () => !!document.getElementById('__noibo_error'), null, 'the error overlay');
  }

  it('shows an edit without a manual reload', async () => {
    await showPage('Tiêu đề trước khi sửa');
    const title = 'Tiêu đề sửa khi đang xem';
    assert.ok(!(await page.evaluate(bodyHas, title)));
    await page.evaluate(() => { window.__beforeEdit = true; });
    fs.writeFileSync(path.join(root, PAGE_FILE), withTitle(original, title));
    await waitFor(page, bodyHas, title, 'the edited title');
    assert.strictEqual(await page.evaluate(() => window.__beforeEdit), undefined, 'the page reloaded itself');
    assert.deepStrictEqual(errors, []);
  });

  it('shows a build error over the last good page, as text', async () => {
    const good = 'Trang tốt cuối cùng';
    await showPage(good);
    await breakPage();
    const overlay = await page.evaluate(() => {
      const o = document.getElementById('__noibo_error');
      const r = o.getBoundingClientRect();
      return { text: o.textContent, bold: o.querySelectorAll('b').length, covers: r.width > 0 && r.height > 0 };
    });
    assert.match(overlay.text, /content\/van-ban\/2025\/28-cv-bcd\.md:\d+:\d+: error: unknown field `isuer`/);
    assert.ok(overlay.text.includes('<b>đậm</b>'), 'the source line is shown as text');
    assert.strictEqual(overlay.bold, 0, 'nothing of the error is parsed as HTML');
    assert.ok(overlay.covers, 'the overlay is on the page');
    assert.ok(await page.evaluate(bodyHas, good), 'the last good page stays below');
  });

  it('shows the page again once fixed', async () => {
    await breakPage();
    const title = 'Tiêu đề sau khi sửa lỗi';
    fs.writeFileSync(path.join(root, PAGE_FILE), withTitle(original, title));
    await waitFor(page, bodyHas, title, 'the fixed page');
    await waitFor(page, () => !document.getElementById('__noibo_error'), null, 'the overlay to go');
    assert.deepStrictEqual(errors, []);
  });

  it('reloads the page after an edit of a static style sheet, with the new style', async () => {
    await showPage('Trước khi sửa kiểu');
    const outline = () => getComputedStyle(document.body).outlineColor;
    assert.notStrictEqual(await page.evaluate(outline), 'rgb(1, 2, 3)');
    await page.evaluate(() => { window.__beforeEdit = true; });
    const css = path.join(root, 'static', 'style.css');
    fs.appendFileSync(css, '\nbody { outline: 3px solid rgb(1, 2, 3); }\n');
    await waitFor(page, () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, 'the new style');
    assert.strictEqual(await page.evaluate(() => window.__beforeEdit), undefined, 'the page reloaded itself');
    assert.deepStrictEqual(errors, []);
  });
});
