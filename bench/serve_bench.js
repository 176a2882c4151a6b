#!/usr/bin/env node
// How fast `noibo serve` shows an edit: on a copy of a generated corpus,
// the time from saving one directive to (1) the live-reload endpoint telling
// open pages to reload and (2) the served page holding the change; then the
// same after a change of a template (every page rendered again), and the
// time until the search index is rebuilt in the background.
//
//   python3 /work/shared/bench/gen_corpus.py --directives 10000 --out /tmp/corpus --only noibo
//   cargo build --release
//   node bench/serve_bench.js [CORPUS_DIR] [EDITS]
//
// CORPUS_DIR defaults to /tmp/corpus/noibo, EDITS to 10. The binary is
// NOIBO_BIN (default target/release/noibo). The corpus is copied to a
// temporary folder first; the copy is removed at the end.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const REPO = path.resolve(__dirname, '..');
const BIN = path.resolve(REPO, process.env.NOIBO_BIN || 'target/release/noibo');
const CORPUS = path.resolve(process.argv[2] || '/tmp/corpus/noibo');
const EDITS = Number(process.argv[3] || 10);
const TEMPLATE_EDITS = 3;

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const r = (x) => Math.round(x);
  return `median ${r(median)} ms (min ${r(s[0])}, max ${r(s[s.length - 1])}, n=${s.length})`;
}

function start(root) {
  const proc = spawn(BIN, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stderr.resume();
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /Serving (http:\/\/\S+\/)/.exec(out);
      const b = /Built (\d+) pages in ([\d.]+) s/.exec(out);
      if (m && b) resolve({ proc, url: m[1], pages: Number(b[1]), buildSeconds: Number(b[2]) });
    });
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}\n${out}`)));
  });
}

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN}: cargo build --release, or set NOIBO_BIN`);
  if (!fs.existsSync(path.join(CORPUS, 'site.toml'))) throw new Error(`no corpus at ${CORPUS}`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'noibo-serve-bench-'));
  fs.cpSync(CORPUS, root, { recursive: true });
  // A site override of the directive template, to change it below.
  const templates = path.join(root, 'templates');
  fs.mkdirSync(templates, { recursive: true });
  const template = path.join(templates, 'directive.html');
  const templateText = fs.readFileSync(path.join(REPO, 'themes/default/templates/directive.html'), 'utf8');
  fs.writeFileSync(template, templateText);

  const t0 = now();
  const server = await start(root);
  console.log(`${server.pages} pages built by serve in ${server.buildSeconds.toFixed(2)} s (process ready after ${Math.round(now() - t0)} ms)`);
  const events = async (v, e) => JSON.parse((await get(`${server.url}__noibo/events?v=${v}&e=${e}`)).body);
  let state = await events(0, 0);
  // The search index of the first build lands after the pages.
  state = await events(state.v, state.e);

  const dirs = fs.readdirSync(path.join(root, 'content/van-ban')).filter((d) => /^\d{4}$/.test(d)).sort();
  const files = [];
  for (const d of dirs) {
    for (const f of fs.readdirSync(path.join(root, 'content/van-ban', d)).sort()) {
      if (f.endsWith('.md')) files.push(path.join('van-ban', d, f));
    }
  }
  const picked = Array.from({ length: EDITS }, (_, i) => files[Math.floor((i + 0.5) * files.length / EDITS)]);

  const told = [];
  const shown = [];
  const search = [];
  const rendered = [];
  for (const [i, rel] of picked.entries()) {
    const file = path.join(root, 'content', rel);
    const marker = `BENCH-EDIT-${i}`;
    const text = fs.readFileSync(file, 'utf8').replace(/^title: "/m, `title: "${marker} `);
    const pageUrl = server.url + rel.replace(/\.md$/, '/');
    const waiting = events(state.v, state.e);
    const t = now();
    fs.writeFileSync(file, text);
    state = await waiting;
    told.push(now() - t);
    const page = await get(pageUrl);
    shown.push(now() - t);
    if (!page.body.includes(marker)) throw new Error(`${pageUrl} does not show the edit`);
    rendered.push(state.changed.length);
    // Wait for the search index of this edit, so edits do not overlap it.
    while (!state.all && !state.changed.some((c) => c.startsWith('search/idx/'))) {
      state = await events(state.v, state.e);
    }
    search.push(now() - t);
  }

  const templateTold = [];
  const templateShown = [];
  const sample = server.url + picked[0].replace(/\.md$/, '/');
  for (let i = 0; i < TEMPLATE_EDITS; i++) {
    const marker = `BENCH-TEMPLATE-${i}`;
    const waiting = events(state.v, state.e);
    const t = now();
    fs.writeFileSync(template, templateText.replace('{% block content %}', `{% block content %}<!-- ${marker} -->`));
    state = await waiting;
    templateTold.push(now() - t);
    const page = await get(sample);
    templateShown.push(now() - t);
    if (!page.body.includes(marker)) throw new Error(`${sample} does not show the template change`);
  }

  console.log(`edit of one directive (${EDITS} directives, ${stats(rendered).replace(/ ms/g, '')} files changed):`);
  console.log(`  pages told to reload: ${stats(told)}`);
  console.log(`  page served with the change: ${stats(shown)}`);
  console.log(`  search index rebuilt: ${stats(search)}`);
  console.log(`template change (${TEMPLATE_EDITS} times):`);
  console.log(`  pages told to reload: ${stats(templateTold)}`);
  console.log(`  page served with the change: ${stats(templateShown)}`);

  server.proc.kill('SIGINT');
  await new Promise((r) => server.proc.once('exit', r));
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
