// Reads [{input, ...}] on stdin and prints what search.js makes of each input,
// in the shape of crates/noibo-search's fold cases (used by its Rust tests).
'use strict';
const { loadText } = require('./lib/load-search-js');

if (require.main === module) {
  const t = loadText();
  let data = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => { data += d; });
  process.stdin.on('end', () => {
    const cases = JSON.parse(data);
    process.stdout.write(JSON.stringify(cases.map((c) => keysOf(t, c.input))));
  });
}

function keysOf(t, input) {
  const s = input.normalize('NFC');
  const words = t.scan(s);
  const tokens = words.map((w) => {
    const raw = s.slice(w.start, w.end);
    return [t.foldedKey(raw), t.exactKey(raw), w.sep];
  });
  const numbers = t.findNumbers(s, words).map((n) => [n.full, n.short]);
  const f = t.fold(s);
  return { input, fold: f, tokens, numbers, filter: t.filterValue(input), shard: t.shardKey(f), hash: t.fnv1a32(f) };
}

module.exports = { keysOf };
