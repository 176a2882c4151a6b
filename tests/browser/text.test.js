// The search scripts fold, tokenise, hash and read document numbers exactly as
// crates/noibo-search and crates/noibo-refs do: the cases and what Rust makes
// of them are in crates/noibo-refs/tests/cases/text.json, written by those
// crates' tests (NOIBO_BLESS=1).
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { loadText } = require('./lib/load-search-js');
const { keysOf } = require('./js-keys');

const shared = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'crates', 'noibo-refs', 'tests', 'cases', 'text.json'), 'utf8'));
const cases = shared.folding;
const t = loadText();

test('fold cases cover NFD, Đ, old and new tone placement', () => {
  const inputs = cases.map((c) => c.input);
  assert.ok(inputs.some((s) => s !== s.normalize('NFC')), 'an NFD input');
  assert.ok(inputs.some((s) => s.includes('Đ')));
  for (const w of ['uỷ', 'ủy', 'hoà', 'hòa']) assert.ok(inputs.some((s) => s.includes(w)), w);
});

for (const c of cases) {
  test(`JavaScript agrees with Rust on ${JSON.stringify(c.input)}`, () => {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(keysOf(t, c.input))), c);
  });
}

for (const c of shared.numbers_in_text) {
  test(`document numbers as noibo-refs finds them in ${JSON.stringify(c.text)}`, () => {
    const s = c.text.normalize('NFC');
    const got = JSON.parse(JSON.stringify(t.findNumbers(s, t.scan(s)).map((n) => [n.full, n.short])));
    assert.deepStrictEqual(got, c.numbers.map((n) => [n.full, n.short]));
  });
}

test('a number spelled as in front matter, typed as a query, looks for its token', () => {
  const spelled = shared.number_spellings.filter((c) => c.number);
  assert.ok(spelled.length > 10);
  for (const c of spelled) {
    const clause = t.parse(c.spelling).find((x) => x.type === 'number');
    assert.ok(clause && clause.cands.includes(c.number.full), `${c.spelling}: ${JSON.stringify(clause)}`);
  }
});

test('tone placement and NFD do not change keys', () => {
  assert.strictEqual(t.exactKey('uỷ'), t.exactKey('ủy'));
  assert.strictEqual(t.exactKey('hoà'), t.exactKey('hòa'));
  assert.strictEqual(t.exactKey('Đảng'.normalize('NFD').normalize('NFC')), 'đang_3');
  assert.strictEqual(t.fold('Đảng'.normalize('NFD')), 'dang');
  assert.notStrictEqual(t.exactKey('cần'), t.exactKey('cán'));
});

test('queries parse into words, phrases and numbers', () => {
  const parse = (q) => JSON.parse(JSON.stringify(t.parse(q)));
  const kinds = (q) => parse(q).map((c) => c.type + (c.prefix ? '*' : ''));
  assert.deepStrictEqual(kinds('tuyen truyen'), ['word', 'word*']);
  assert.deepStrictEqual(kinds('tuyen truyen '), ['word', 'word']);
  assert.deepStrictEqual(kinds('"lan toa thong tin" mang'), ['phrase', 'word*']);
  assert.deepStrictEqual(parse('58-CV/TCCS')[0].cands, ['58-cv-tccs']);
  assert.deepStrictEqual(parse('58–cv/tccs ')[0].cands, ['58-cv-tccs']);
  assert.deepStrictEqual(parse('58 CV TCCS')[0].cands, ['58-cv-tccs', '58-cv']);
  assert.deepStrictEqual(parse('Kết luận 21')[0].cands, ['21-kl']);
  assert.deepStrictEqual(parse('KL số 21 ')[0].cands, ['21-kl']);
  assert.deepStrictEqual(parse('Kết luận số 21-KL/TW')[0].cands, ['21-kl-tw']);
  assert.deepStrictEqual(kinds('dang t'), ['word'], 'a one-letter last word waits for more');
});

test('HTML is escaped', () => {
  assert.strictEqual(t.escapeHtml('<b a="1">&\'</b>'), '&lt;b a=&quot;1&quot;&gt;&amp;&#39;&lt;/b&gt;');
});
