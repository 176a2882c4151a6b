// Loads themes/default/static/search.js into a fresh context without a DOM and
// returns its text functions (window.noiboSearch._text).
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const SEARCH_JS = path.join(__dirname, '..', '..', '..', 'themes', 'default', 'static', 'search.js');

function loadText() {
  const sandbox = { TextEncoder, URL, URLSearchParams, Promise, Map, Set };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(SEARCH_JS, 'utf8'), sandbox, { filename: SEARCH_JS });
  return sandbox.noiboSearch._text;
}

module.exports = { loadText, SEARCH_JS };
