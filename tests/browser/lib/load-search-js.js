// Loads the search scripts (themes/default/static/search-*.js and search.js,
// in the order the search page loads them) into a fresh context without a
// DOM and returns their text functions (window.noiboSearch._text).
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const STATIC = path.join(__dirname, '..', '..', '..', 'themes', 'default', 'static');
const SCRIPTS = ['search-text.js', 'search-index.js', 'search-rank.js', 'search-results.js', 'search.js']
  .map((f) => path.join(STATIC, f));

function loadText() {
  const sandbox = { TextEncoder, URL, URLSearchParams, Promise, Map, Set };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  for (const f of SCRIPTS) vm.runInContext(fs.readFileSync(f, 'utf8'), sandbox, { filename: f });
  return sandbox.noiboSearch._text;
}

module.exports = { loadText, SCRIPTS };
