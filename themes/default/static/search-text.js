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

  // ---------------------------------------------- document numbers in text
  /* The grammar of crates/noibo-refs (number.rs, find.rs: find_numbers) for
   * running text: "58-CV/TCCS", "21-\nNQ/TW", "315/TTCS-TTCS",
   * "12/2023/NĐ-CP"; codes start with a capital, nothing is spaced but a
   * line wrap after the dash. */
  var DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d';
  var RE_ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var RE_NUM_WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var isDash = function (c) { return c !== undefined && c !== '' && DASHES.indexOf(c) >= 0; };
  var isCodeLetter = function (c) { return /^[A-Za-z\u0110\u0111]$/.test(c); };
  var isCodeStart = function (c) { return /^[A-Z\u0110]$/.test(c); };

  /* The end of a code at i: a capital, then code letters (and digits if
   * allowed), at most max; -1 when there is none or it is longer. */
  function readCode(t, i, digits, max) {
    if (!isCodeStart(t.charAt(i))) return -1;
    var n = 1, e = i + 1;
    while (e < t.length && (isCodeLetter(t.charAt(e)) || (digits && /[0-9]/.test(t.charAt(e))))) {
      if (++n > max) return -1;
      e++;
    }
    return e;
  }

  /* An issuer code, CODE(-CODE)*, at i: its end, or -1. */
  function readIssuer(t, i) {
    var e = readCode(t, i, true, 16);
    for (var k = 0; k < 4 && e >= 0; k++) {
      if (t.charAt(e) !== '-' || !isCodeStart(t.charAt(e + 1))) break;
      e = readCode(t, e + 1, true, 16);
    }
    return e;
  }

  /* Skips white space holding at most two line breaks; -1 past that. */
  function skipWrap(t, i) {
    for (var nl = 0; i < t.length && RE_SPACE.test(t.charAt(i)); i++) if (t.charAt(i) === '\n' && ++nl > 2) return -1;
    return i;
  }

  /* The number starting at i (a digit): {end, seq, year, codes}, or null. */
  function scanNumber(t, i) {
    var j = i;
    while (j < t.length && /[0-9]/.test(t.charAt(j))) j++;
    if (j - i > 6) return null;
    var seq = t.slice(i, j), c = t.charAt(j);
    if (isDash(c)) {
      var ts = skipWrap(t, j + 1), te = ts < 0 ? -1 : readCode(t, ts, false, 6);
      if (te < 0 || t.charAt(te) !== '/') return null;
      var ie = readIssuer(t, te + 1);
      if (ie < 0) return null;
      return { end: ie, seq: seq, year: null, codes: [t.slice(ts, te)].concat(t.slice(te + 1, ie).split('-')) };
    }
    if (c !== '/') return null;
    j++;
    var year = null;
    if (/^[0-9]{4}$/.test(t.substr(j, 4))) {
      if (t.charAt(j + 4) !== '/' || !/[12]/.test(t.charAt(j))) return null;
      year = t.substr(j, 4);
      j += 5;
    }
    var ae = readCode(t, j, true, 8);
    if (ae < 0) return null;
    var end = ae;
    if (t.charAt(ae) === '-' && isCodeStart(t.charAt(ae + 1))) end = readIssuer(t, ae + 1);
    else if (year === null) return null;
    if (end < 0) return null;
    return { end: end, seq: seq, year: year, codes: t.slice(j, end).split('-') };
  }

  function boundaryBefore(t, i) {
    var c = i > 0 ? String.fromCodePoint(t.codePointAt(i - 1 - (/[\udc00-\udfff]/.test(t.charAt(i - 1)) ? 1 : 0))) : '';
    return !c || !(RE_NUM_WORD.test(c) || isDash(c) || '/\\_.@#&=+%~'.indexOf(c) >= 0);
  }

  function boundaryAfter(t, e) {
    var c = t.charAt(e);
    if (!c) return true;
    if (RE_NUM_WORD.test(c) || '/\\_@'.indexOf(c) >= 0) return false;
    if (c === '.' || isDash(c)) return !RE_ALNUM.test(t.charAt(e + 1));
    return true;
  }

  /* Whether i is inside a URL: the run of non-space text before it holds
   * "://" or starts with "www.". */
  function inUrl(t, i) {
    var before = t.slice(Math.max(0, i - 400), i), p = before.search(/\s\S*$/);
    var tok = (p >= 0 ? before.slice(p) : before).replace(/^[\s<(]+/, '');
    return tok.indexOf('://') >= 0 || tok.lastIndexOf('www.', 0) === 0;
  }

  /* Document numbers of a scanned text: [{first, last (words), full, short}],
   * with the tokens of noibo-refs' DocNumber::search_keys. */
  function findNumbers(t, words) {
    var out = [], w = 0;
    for (var i = 0; i < t.length; i++) {
      if (!/[0-9]/.test(t.charAt(i)) || (i > 0 && /[0-9]/.test(t.charAt(i - 1)))) continue;
      var n = boundaryBefore(t, i) ? scanNumber(t, i) : null;
      if (!n || !boundaryAfter(t, n.end) || inUrl(t, i)) continue;
      while (w < words.length && words[w].end <= i) w++;
      var first = w;
      while (w < words.length && words[w].start < n.end) w++;
      var seq = stripZeros(n.seq), codes = n.codes.map(fold);
      if (w > first) {
        out.push({
          first: first, last: w - 1, short: seq + '-' + codes[0],
          full: [seq].concat(n.year ? [n.year] : [], codes).join('-')
        });
      }
      i = n.end - 1;
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
