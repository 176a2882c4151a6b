/* noibo search, 1 of 5: the text rules (folding, words, exact keys, document
 * numbers), the hash that picks a bucket and the number alphabet of posting
 * lists. They are the same as crates/noibo-search's (text.rs, enc.rs,
 * lists.rs); tests/browser/text.test.js checks both agree on the cases of
 * crates/noibo-refs/tests/cases/.
 *
 * The search scripts are plain scripts loaded in order (search-text.js,
 * search-index.js, search-rank.js, search-results.js, search.js), so that the
 * search works from file:// with no module loader; they share the object
 * window.__noiboSearch.
 */
(function (W) {
  'use strict';
  var NS = W.__noiboSearch = W.__noiboSearch || {};

  var RE_WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var RE_MARK = /\p{M}/u;
  var RE_SPACE = /\p{White_Space}/u;
  var RE_SPACES = /\p{White_Space}+/u;
  var RE_ALPHA = /\p{Alphabetic}/u;
  var RE_UPPER = /\p{Uppercase}/u;
  var RE_ASCII = /^[\x00-\x7f]*$/;
  var RE_DIGITS = /^[0-9]+$/;
  var JOINERS = '-/\u2010\u2011\u2012\u2013\u2014\u2212';
  var TONES = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };

  function isWordChar(c) {
    var n = c.charCodeAt(0);
    if (n < 128) return (n >= 48 && n <= 57) || (n >= 65 && n <= 90) || (n >= 97 && n <= 122);
    // Latin letters and the precomposed Vietnamese ones; General Punctuation
    if (n >= 0xc0 && n <= 0x24f) return n !== 0xd7 && n !== 0xf7;
    if (n >= 0x1e00 && n <= 0x1eff) return true;
    if (n >= 0x2000 && n <= 0x206f) return false;
    return RE_WORD.test(c);
  }

  /* One character folded: base letter without marks, đ → d, lower case. */
  function foldChar(c) {
    if (c.charCodeAt(0) < 128) return c.toLowerCase();
    if (RE_MARK.test(c)) return '';
    var base = String.fromCodePoint(c.normalize('NFD').codePointAt(0));
    if (base === '\u0111' || base === '\u0110') return 'd';
    var l = base.toLowerCase();
    return Array.from(l).length === 1 ? l : base;
  }

  function fold(s) {
    var o = '';
    for (var c of s) o += foldChar(c);
    return o;
  }

  function stripZeros(s) {
    if (s.length > 1 && s.charAt(0) === '0' && RE_DIGITS.test(s)) return s.replace(/^0+/, '') || '0';
    return s;
  }

  function foldedKey(w) {
    return stripZeros(RE_ASCII.test(w) ? w.toLowerCase() : fold(w));
  }

  var keyCache = new Map();
  /* foldedKey, remembered (snippets fold the same words again and again). */
  function cachedKey(w) {
    var k = keyCache.get(w);
    if (k === undefined) {
      if (keyCache.size > 50000) keyCache.clear();
      k = foldedKey(w);
      keyCache.set(w, k);
    }
    return k;
  }

  /* Lower case with vowel marks kept and the tone moved to the end as a digit,
   * so "hoà" and "hòa", "uỷ" and "ủy" have one key. */
  function exactKey(w) {
    if (RE_ASCII.test(w)) return stripZeros(w.toLowerCase());
    var shape = '', tones = '', o = '';
    for (var c of w) {
      for (var d of c.normalize('NFD')) {
        if (TONES[d]) tones += TONES[d];
        else shape += d;
      }
    }
    for (var e of shape.normalize('NFC')) o += e.toLowerCase();
    return tones ? o + '_' + tones : o;
  }

  /* Class of an ASCII character: 0 word, 1 white space, 2 joiner, 3 other. */
  var ASCII_CLASS = new Uint8Array(128);
  for (var ci = 0; ci < 128; ci++) {
    var ch = String.fromCharCode(ci);
    ASCII_CLASS[ci] = /[0-9A-Za-z]/.test(ch) ? 0 : /[ \t\n\r\v\f]/.test(ch) ? 1 : ch === '-' || ch === '/' ? 2 : 3;
  }

  /* Words of an NFC text: [{start, end, sep}] in UTF-16 offsets; sep tells how
   * a word is joined to the previous one: start, space, joiner (one dash or
   * slash), break (other punctuation). */
  function scan(t) {
    var out = [], inWord = false, start = 0, joiners = 0, broken = false, i = 0;
    function push(end) {
      out.push({
        start: start, end: end,
        sep: out.length === 0 ? 'start' : (broken || joiners > 1) ? 'break' : joiners === 1 ? 'joiner' : 'space'
      });
      joiners = 0;
      broken = false;
    }
    var len = t.length;
    while (i < len) {
      var n = t.charCodeAt(i), c, w, cls;
      if (n < 128) {
        cls = ASCII_CLASS[n];
        c = null;
        w = 1;
      } else {
        w = n >= 0xd800 && n <= 0xdbff && i + 1 < len ? 2 : 1;
        c = t.substr(i, w);
        cls = isWordChar(c) ? 0 : JOINERS.indexOf(c) >= 0 ? 2 : RE_SPACE.test(c) ? 1 : 3;
      }
      if (cls === 0) {
        if (!inWord) { inWord = true; start = i; }
      } else {
        if (inWord) { push(i); inWord = false; }
        if (cls === 2) joiners++;
        else if (cls === 3) broken = true;
      }
      i += w;
    }
    if (inWord) push(i);
    return out;
  }

  function isDigits(s, max) {
    return s.length > 0 && s.length <= max && RE_DIGITS.test(s);
  }

  function isCode(s) {
    var n = 0, up = 0;
    for (var c of s) {
      if (!RE_ALPHA.test(c)) return false;
      if (RE_UPPER.test(c)) up++;
      else if (n === 0) return false;
      n++;
    }
    return n >= 1 && n <= 10 && up * 2 >= n;
  }

  function numberKey(parts) {
    return parts.map(foldedKey).join('-');
  }

  /* Document numbers in running text ("58-CV/TCCS", "21-\nNQ/TW"). */
  function findNumbers(t, words) {
    var out = [], i = 0;
    while (i < words.length) {
      var w = t.slice(words[i].start, words[i].end);
      if (!isDigits(w, 6)) { i++; continue; }
      var j = i + 1, last = i, firstCode = -1;
      while (j < words.length && words[j].sep === 'joiner') {
        var p = t.slice(words[j].start, words[j].end);
        if (isCode(p)) {
          if (firstCode < 0) firstCode = j;
          last = j;
        } else if (!isDigits(p, 4)) break;
        j++;
      }
      if (firstCode >= 0) {
        var parts = [];
        for (var k = i; k <= last; k++) parts.push(t.slice(words[k].start, words[k].end));
        out.push({
          first: i, last: last, full: numberKey(parts),
          short: numberKey([w, t.slice(words[firstCode].start, words[firstCode].end)])
        });
        i = last + 1;
      } else i++;
    }
    return out;
  }

  function filterValue(s) {
    return fold(String(s).normalize('NFC')).split(RE_SPACES).filter(Boolean).join(' ');
  }

  function shardKey(term) {
    var ok = function (c) { return c !== undefined && /[a-z0-9]/.test(c); };
    var a = term.charAt(0), b = term.charAt(1);
    if (ok(a) && ok(b)) return a + b;
    if (ok(a) && !b) return a;
    if (ok(a)) return a;
    return '_';
  }

  var encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;
  function utf8(s) {
    if (encoder) return encoder.encode(s);
    var b = unescape(encodeURIComponent(s)), out = [];
    for (var i = 0; i < b.length; i++) out.push(b.charCodeAt(i));
    return out;
  }

  function fnv1a32(s) {
    var h = 0x811c9dc5, bytes = utf8(s);
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // ---------------------------------------------------- the number alphabet
  var ALPHABET = "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var BASE = 46;
  var DEC = new Int8Array(128).fill(-1);
  for (var ai = 0; ai < ALPHABET.length; ai++) DEC[ALPHABET.charCodeAt(ai)] = ai;

  function decodeNums(s) {
    var out = [], n = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DEC[s.charCodeAt(i)];
      if (d >= BASE) { n += (d - BASE) * mul; mul *= BASE; } else { out.push(n + d * mul); n = 0; mul = 1; }
    }
    return out;
  }


  /* Quantised scores of the levels of dense lists (see lists.rs). */
  var QMAX = 45, LEVELS = 8, QREP = new Uint8Array(LEVELS + 1);
  for (var li = 1; li <= LEVELS; li++) QREP[li] = Math.ceil((2 * li - 1) * QMAX / (2 * LEVELS));

  /* A scored list: {d: documents ascending, q: quantised scores}. Sparse:
   * (gap, score) numbers; dense: a space, then two documents a character. */
  function decodeScored(s) {
    var i, k = 0, n = 0;
    if (s.charCodeAt(0) === 32) {
      for (i = 1; i < s.length; i++) {
        var v0 = DEC[s.charCodeAt(i)];
        if (v0 >= 9) n++;
        if (v0 % 9) n++;
      }
      var dd = new Int32Array(n), dq = new Uint8Array(n);
      for (i = 1; i < s.length; i++) {
        var v = DEC[s.charCodeAt(i)], a = (v / 9) | 0, b = v % 9;
        if (a) { dd[k] = 2 * (i - 1); dq[k++] = QREP[a]; }
        if (b) { dd[k] = 2 * (i - 1) + 1; dq[k++] = QREP[b]; }
      }
      return { d: dd, q: dq };
    }
    for (i = 0; i < s.length; i++) if (DEC[s.charCodeAt(i)] < BASE) n++;
    var d = new Int32Array(n >> 1), q = new Uint8Array(n >> 1);
    var val = 0, mul = 1, prev = -1, second = false;
    for (i = 0; i < s.length; i++) {
      var c = DEC[s.charCodeAt(i)];
      if (c >= BASE) { val += (c - BASE) * mul; mul *= BASE; continue; }
      val += c * mul;
      if (second) { q[k++] = val; second = false; } else { prev += val + 1; d[k] = prev; second = true; }
      val = 0; mul = 1;
    }
    return { d: d, q: q };
  }

  /* A list of documents, ascending. Sparse: gaps; dense: a space, then six
   * documents a character, one bit each. */
  function decodeDocs(s) {
    var i, k = 0, n = 0;
    if (s.charCodeAt(0) === 32) {
      for (i = 1; i < s.length; i++) for (var v = DEC[s.charCodeAt(i)]; v; v &= v - 1) n++;
      var dd = new Int32Array(n);
      for (i = 1; i < s.length; i++) {
        var bits = DEC[s.charCodeAt(i)];
        for (var j = 0; j < 6; j++) if (bits & (1 << j)) dd[k++] = 6 * (i - 1) + j;
      }
      return dd;
    }
    var g = decodeNums(s), d = new Int32Array(g.length), prev = -1;
    for (i = 0; i < g.length; i++) { prev += g[i] + 1; d[i] = prev; }
    return d;
  }

  NS.text = {
    isWordChar: isWordChar, fold: fold, foldedKey: foldedKey, cachedKey: cachedKey, exactKey: exactKey,
    scan: scan, isDigits: isDigits, findNumbers: findNumbers, filterValue: filterValue, shardKey: shardKey,
    fnv1a32: fnv1a32, decodeNums: decodeNums, decodeScored: decodeScored, decodeDocs: decodeDocs
  };
})(typeof window !== 'undefined' ? window : globalThis);
