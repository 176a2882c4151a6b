// Helpers for the browser tests: where the built site is, a static http
// server for it on 127.0.0.1, and Debian's Chromium through playwright-core.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const SITE = path.resolve(__dirname, '..', process.env.NOIBO_SITE || '../../public');
const CONTENT = path.resolve(__dirname, '..', process.env.NOIBO_CONTENT || path.join(SITE, '..', 'content'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript', // no charset on purpose: the index parts carry a BOM
  '.css': 'text/css',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `root` on 127.0.0.1 (a free port); counts the bytes it sends. */
function serve(root) {
  const stats = { bytes: 0, requests: [] };
  const server = http.createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, path.normalize(p));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) file = path.join(file, 'index.html');
      fs.readFile(file, (err2, data) => {
        if (err2) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        stats.bytes += data.length;
        stats.requests.push(p);
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
        res.end(data);
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, stats, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

function fileUrl(p) {
  return 'file://' + p.split(path.sep).map(encodeURIComponent).join('/');
}

/** Markdown content files: [{file, url, text (raw), body (after front matter)}]. */
function contentFiles() {
  const out = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.md') && name !== '_index.md') {
        const rel = path.relative(CONTENT, p).split(path.sep).join('/');
        const url = rel.endsWith('/index.md') ? rel.slice(0, -'index.md'.length) : rel.slice(0, -3) + '/';
        const text = fs.readFileSync(p, 'utf8').replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
        const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
        const fm = m ? m[1] : '';
        if (/^draft:\s*true\s*$/m.test(fm)) continue;
        out.push({ file: p, url, text, frontMatter: fm, body: m ? m[2] : text });
      }
    }
  };
  walk(CONTENT);
  return out;
}

/** The page a result url points at, as a file of the built site. */
function pageFile(url) {
  const p = path.join(SITE, url);
  return url.endsWith('/') || url === '' ? path.join(p, 'index.html') : p;
}

/** Same url whether the pipeline writes "x/" or "x/index.html". */
function sameUrl(a, b) {
  const n = (u) => (u || '').replace(/index\.html$/, '');
  return n(a) === n(b);
}

module.exports = { SITE, CONTENT, serve, launch, fileUrl, contentFiles, pageFile, sameUrl };
