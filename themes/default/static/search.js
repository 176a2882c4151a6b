/* noibo: Vietnamese full-text search, offline-capable.
 *
 * Loads the index built by crates/noibo-search part by part, by inserting
 * <script> elements (works from file://, where fetch() does not, and over
 * http). Each part calls window.__noiboSearchPart(name, data).
 *
 * API: window.noiboSearch.query(text, filters, options) returns a Promise of
 * [{url, title, kind, number, date, snippet, ...}], best first; `snippet` is
 * HTML (escaped text, matched words in <mark>). filters: {kind, type, issuer,
 * year}; options: {offset, limit} (default 0, 20). The array has `total`.
 *
 * The text rules here (folding, words, exact keys, document numbers) are the
 * same as in crates/noibo-search/src/text.rs; tests/browser checks both agree.
 */
(function (W) {
  'use strict';

  // ------------------------------------------------------------------ text
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

  // ------------------------------------------------------------ encoding
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

  /* A posting list: {d: doc ids ascending, q: quantised scores} (q all 0 for
   * filters). */
  function decodeList(s, scored) {
    var count = 0, i;
    if (s.charCodeAt(0) === 32) {
      // dense: every document's score, 0 where absent
      for (i = 1; i < s.length; i++) if (s.charCodeAt(i) !== 33) count++;
      var dd = new Int32Array(count), dq = new Uint8Array(count), kk = 0;
      for (i = 1; i < s.length; i++) {
        var cq = DEC[s.charCodeAt(i)];
        if (cq > 0) { dd[kk] = i - 1; dq[kk++] = cq; }
      }
      return { d: dd, q: dq };
    }
    for (i = 0; i < s.length; i++) if (DEC[s.charCodeAt(i)] < BASE) count++;
    var n = scored ? count >> 1 : count;
    var d = new Int32Array(n), q = new Uint8Array(n);
    var v = 0, mul = 1, prev = -1, k = 0, second = false;
    for (i = 0; i < s.length; i++) {
      var c = DEC[s.charCodeAt(i)];
      if (c >= BASE) { v += (c - BASE) * mul; mul *= BASE; continue; }
      v += c * mul;
      if (second) { q[k++] = v; second = false; } else {
        prev += v + 1;
        d[k] = prev;
        if (scored) second = true; else k++;
      }
      v = 0; mul = 1;
    }
    return { d: d, q: q };
  }

  /* Union of sorted lists, keeping the higher value: lists of {d, s}. */
  function union(a, b) {
    var n = a.d.length, m = b.d.length, d = new Int32Array(n + m), s = new Float64Array(n + m);
    var i = 0, j = 0, k = 0;
    while (i < n || j < m) {
      if (j >= m || (i < n && a.d[i] < b.d[j])) { d[k] = a.d[i]; s[k++] = a.s[i++]; }
      else if (i >= n || b.d[j] < a.d[i]) { d[k] = b.d[j]; s[k++] = b.s[j++]; }
      else { d[k] = a.d[i]; s[k++] = a.s[i] > b.s[j] ? a.s[i] : b.s[j]; i++; j++; }
    }
    return { d: d.subarray(0, k), s: s.subarray(0, k) };
  }

  /* Documents in every list, scores added. */
  function intersect(lists) {
    if (!lists.length) return { d: new Int32Array(0), s: new Float64Array(0) };
    var order = lists.slice().sort(function (a, b) { return a.d.length - b.d.length; });
    var base = order[0], n = base.d.length;
    var d = new Int32Array(n), s = new Float64Array(n), k = 0;
    var pos = new Int32Array(order.length);
    outer:
    for (var i = 0; i < n; i++) {
      var doc = base.d[i], total = base.s[i];
      for (var l = 1; l < order.length; l++) {
        var o = order[l], p = pos[l], len = o.d.length;
        // gallop forward to doc
        var step = 1;
        while (p + step < len && o.d[p + step] < doc) step <<= 1;
        var lo = p, hi = Math.min(p + step, len);
        while (lo < hi) { var mid = (lo + hi) >> 1; if (o.d[mid] < doc) lo = mid + 1; else hi = mid; }
        pos[l] = lo;
        if (lo >= len) break outer;
        if (o.d[lo] !== doc) continue outer;
        total += o.s[lo];
      }
      d[k] = doc; s[k++] = total;
    }
    return { d: d.subarray(0, k), s: s.subarray(0, k) };
  }

  /* Adds `bonus` scores to the documents of `into` that `bonus` holds. */
  function addInto(into, bonus) {
    var i = 0, j = 0, n = into.d.length, m = bonus.d.length;
    while (i < n && j < m) {
      if (into.d[i] < bonus.d[j]) i++;
      else if (into.d[i] > bonus.d[j]) j++;
      else { into.s[i] += bonus.s[j]; i++; j++; }
    }
  }

  // --------------------------------------------------------------- loading
  var doc = W.document;
  var parts = Object.create(null);
  var loadedNames = [];
  var root = null, idxBase = null, meta = null, metaPromise = null;

  W.__noiboSearchPart = function (name, data) {
    var e = parts[name];
    if (!e) { e = parts[name] = { p: Promise.resolve(data) }; }
    e.done = true;
    if (e.res) e.res(data);
  };

  function findRoot() {
    if (root !== null) return root;
    var el = doc && (doc.querySelector('script[data-noibo-root]') || doc.querySelector('[data-noibo-root]'));
    var r = el && el.getAttribute('data-noibo-root');
    var href = doc ? doc.baseURI || W.location.href : '';
    if (r !== null && r !== undefined) {
      root = new URL(r || './', href).href;
    } else {
      var s = doc && (doc.currentScript || doc.querySelector('script[src$="search.js"]'));
      root = s ? new URL('./', s.src).href : new URL('./', href).href;
    }
    idxBase = root + 'search/idx/';
    return root;
  }
  if (doc) findRoot();

  function load(name) {
    var e = parts[name];
    if (e) return e.p;
    e = parts[name] = {};
    e.p = new Promise(function (res, rej) { e.res = res; e.rej = rej; });
    var s = doc.createElement('script');
    var v = name === 'meta' ? 't=' + Date.now() : meta ? 'v=' + meta.v : '';
    s.src = idxBase + name + '.js' + (v ? '?' + v : '');
    s.charset = 'utf-8';
    s.async = true;
    s.onload = function () {
      s.parentNode && s.parentNode.removeChild(s);
      if (!e.done) { delete parts[name]; e.rej(new Error('search index part is broken: ' + name)); }
    };
    s.onerror = function () {
      s.parentNode && s.parentNode.removeChild(s);
      delete parts[name];
      e.rej(new Error('search index part is missing: ' + name));
    };
    loadedNames.push(name);
    (doc.head || doc.documentElement).appendChild(s);
    return e.p;
  }

  function init() {
    if (!metaPromise) {
      metaPromise = load('meta').then(function (m) {
        meta = m;
        var sizes = decodeNums(m.chunks), starts = [], at = 0;
        for (var i = 0; i < sizes.length; i++) { starts.push(at); at += sizes[i]; }
        m.starts = starts;
        m.lns = Math.log(1 + m.smax);
        m.shardSet = new Set(m.shards);
        return m;
      }, function (err) { metaPromise = null; throw err; });
    }
    return metaPromise;
  }

  var entryCache = new Map();
  /* Raw value of a term in the index, or null. */
  function entry(key) {
    var p = entryCache.get(key);
    if (p) return p;
    p = refs.has(key) ? load('q-' + refs.get(key)) : load('b-' + (fnv1a32(key) & (meta.buckets - 1))).then(function (b) {
      if (!Object.prototype.hasOwnProperty.call(b, key)) return null;
      var v = b[key];
      return typeof v === 'number' ? load('q-' + v) : v;
    });
    p.catch(function () { entryCache.delete(key); });
    entryCache.set(key, p);
    return p;
  }

  /* The value of `key` is in part q-N: load it from there when asked. */
  var refs = new Map();
  function known(key, n) {
    refs.set(key, n);
  }

  var termCache = new Map();
  /* A word or number term: {df, all: best variant's q per document, vars:
   * {exact key: list}}. */
  function term(key) {
    var p = termCache.get(key);
    if (p) return p;
    p = entry(key).then(function (v) {
      if (!v) return null;
      var all = null, vars = Object.create(null);
      for (var i = 0; i < v.length; i++) {
        var l = decodeList(v[i][1], true);
        vars[v[i][0] || key] = l;
        var ls = { d: l.d, s: l.q };
        all = all ? union(all, ls) : ls;
      }
      return { df: all.d.length, all: all, vars: vars };
    });
    termCache.set(key, p);
    return p;
  }

  /* A word pair or a filter: {d, q}, or null. */
  function list(key, scored) {
    var p = termCache.get(key);
    if (p) return p;
    p = entry(key).then(function (v) { return v ? decodeList(v, scored) : null; });
    termCache.set(key, p);
    return p;
  }

  /* Terms of the dictionary starting with `prefix`, best first. */
  function expand(prefix, isNumber) {
    var shard = shardKey(prefix);
    if (!meta.shardSet.has(shard)) return Promise.resolve([]);
    return load('d-' + shard).then(function (d) {
      var found = [];
      for (var t in d) {
        if (Object.prototype.hasOwnProperty.call(d, t) && t.lastIndexOf(prefix, 0) === 0) {
          if (isNumber ? t.indexOf('-') > 0 : t.indexOf('-') < 0) {
            var v = d[t];
            // [df, N]: the term's lists are in q-N, no need for its bucket
            if (typeof v !== 'number') { known(t, v[1]); v = v[0]; }
            found.push([t, v]);
          }
        }
      }
      found.sort(function (a, b) {
        return (b[0] === prefix) - (a[0] === prefix) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
      });
      var out = [], sum = 0, max = isNumber ? 20 : 6;
      for (var i = 0; i < found.length && out.length < max; i++) {
        if (out.length > 0 && !isNumber && sum + found[i][1] > 2 * meta.n) break;
        sum += found[i][1];
        out.push({ t: found[i][0], w: found[i][0] === prefix ? 1 : 0.8 });
      }
      return out;
    });
  }

  // ----------------------------------------------------------------- query
  var TYPE_NAMES = {
    'cong van': 'cv', 'ke hoach': 'kh', 'huong dan': 'hd', 'thong bao': 'tb', 'bao cao': 'bc',
    'nghi quyet': 'nq', 'chi thi': 'ct', 'ket luan': 'kl', 'quyet dinh': 'qd', 'quy dinh': 'qd',
    'chuong trinh': 'ctr', 'thong tri': 'tt', 'quy che': 'qc', 'to trinh': 'ttr', 'de an': 'da',
    'cong dien': 'cd', 'nghi dinh': 'nd', 'thong tu': 'tt', 'bien ban': 'bb', 'giay moi': 'gm',
    'thong cao': 'tc'
  };
  var TYPE_CODES = {
    cv: 1, kh: 1, hd: 1, tb: 1, bc: 1, nq: 1, ct: 1, kl: 1, qd: 1, ctr: 1, tt: 1, qc: 1, ttr: 1,
    da: 1, cd: 1, nd: 1, bb: 1, gm: 1, tc: 1
  };
  var KIND_NAMES = { directives: 'Văn bản', models: 'Mô hình', materials: 'Tài liệu', media: 'Truyền thông', newsletter: 'Bản tin', pages: 'Trang', units: 'Đơn vị' };

  function qword(t, w) {
    var raw = t.slice(w.start, w.end), f = foldedKey(raw), x = exactKey(raw);
    return { raw: raw, f: f, x: x, marks: x !== f, sep: w.sep };
  }

  /* Turns query text into clauses, all required:
   *   {type:'word', f, x, marks, prefix}
   *   {type:'phrase', words:[...]}
   *   {type:'number', cands:[token...], prefix, fallback:[clauses], adjacent} */
  function parse(text) {
    var t = String(text == null ? '' : text).normalize('NFC');
    var segs = t.split(/["\u201c\u201d\u201e]/);
    var clauses = [];
    var typing = t.length > 0 && isWordChar(Array.from(t).pop());
    segs.forEach(function (seg, si) {
      var quoted = si % 2 === 1;
      var words = scan(seg).map(function (w) { return qword(seg, w); });
      var items = [];
      var i = 0;
      while (i < words.length) {
        var n = numberAt(seg, words, i);
        if (n) { items.push(n.clause); i = n.next; continue; }
        items.push({ type: 'word', f: words[i].f, x: words[i].x, marks: words[i].marks, sep: words[i].sep, prefix: false });
        i++;
      }
      if (quoted) {
        var run = [];
        var flush = function () {
          if (run.length === 1) clauses.push(run[0]);
          else if (run.length > 1) clauses.push({ type: 'phrase', words: run });
          run = [];
        };
        items.forEach(function (it) {
          if (it.type === 'word') {
            if (run.length && it.sep === 'break') flush();
            run.push(it);
          } else { flush(); clauses.push(it); }
        });
        flush();
      } else {
        items.forEach(function (it, k) {
          it.adjacent = k > 0 && it.type === 'word' && items[k - 1].type === 'word' &&
            (it.sep === 'space' || it.sep === 'joiner');
          clauses.push(it);
        });
      }
      if (si === segs.length - 1 && !quoted && typing && items.length) {
        var last = items[items.length - 1];
        last.prefix = true;
        if (last.type === 'word' && last.f.length < 2 && clauses.length > 1) {
          clauses.splice(clauses.indexOf(last), 1);
        }
      }
    });
    return clauses;
  }

  /* A document number starting at word i of a query, in any spelling. */
  function numberAt(t, words, i) {
    var w = words[i];
    // "Kết luận (số) 21", "KL 21"
    var nameLen = 0, code = null;
    if (i + 1 < words.length && TYPE_NAMES[w.f + ' ' + words[i + 1].f]) {
      nameLen = 2; code = TYPE_NAMES[w.f + ' ' + words[i + 1].f];
    } else if (TYPE_CODES[w.f]) {
      nameLen = 1; code = w.f;
    }
    if (nameLen) {
      var k = i + nameLen;
      if (k < words.length && words[k].f === 'so') k++;
      if (k < words.length && isDigits(words[k].f, 6)) {
        var joined = joinedAt(t, words, k);
        if (joined) return joined;
        var fallback = words.slice(i, k + 1).map(function (x) {
          return { type: 'word', f: x.f, x: x.x, marks: x.marks, sep: x.sep, prefix: false };
        });
        return {
          clause: { type: 'number', cands: [words[k].f + '-' + code], fallback: fallback, sep: w.sep },
          next: k + 1
        };
      }
      return null;
    }
    if (!isDigits(w.f, 6)) return null;
    var j = joinedAt(t, words, i);
    if (j) return j;
    // "58 cv tccs": maybe a number, else plain words
    var partsF = [w.f], k2 = i + 1;
    while (k2 < words.length && partsF.length < 4 && words[k2].sep === 'space' &&
      /^[a-z]{1,8}$/.test(words[k2].f)) {
      partsF.push(words[k2].f); k2++;
    }
    if (partsF.length < 2) return null;
    var cands = [];
    for (var c = partsF.length; c >= 2; c--) cands.push(partsF.slice(0, c).join('-'));
    return {
      clause: {
        type: 'number', cands: cands, sep: w.sep,
        fallback: words.slice(i, k2).map(function (x) {
          return { type: 'word', f: x.f, x: x.x, marks: x.marks, sep: x.sep, prefix: false };
        })
      },
      next: k2
    };
  }

  /* "58-CV/TCCS", "58-cv/tccs", "58–CV/TCCS", "21-KL": parts joined by one dash or slash. */
  function joinedAt(t, words, i) {
    var parts = [words[i].f], j = i + 1, letters = false;
    while (j < words.length && words[j].sep === 'joiner' && words[j].f.length <= 10) {
      if (!/[^0-9]/.test(words[j].f)) {
        if (words[j].f.length > 4) break;
      } else letters = true;
      parts.push(words[j].f); j++;
    }
    if (!letters) return null;
    var words2 = words.slice(i, j).map(function (x, k) {
      return { type: 'word', f: x.f, x: x.x, marks: x.marks, sep: k ? x.sep : 'start', prefix: false };
    });
    return {
      clause: {
        type: 'number', cands: [parts.join('-')], sep: words[i].sep,
        fallback: [{ type: 'phrase', words: words2 }]
      },
      next: j
    };
  }

  function idf(df) {
    return Math.log(1 + (meta.n - df + 0.5) / (df + 0.5));
  }

  var SVAL = null;
  /* The score a quantised score stands for (the inverse of the builder's). */
  function sval(q) {
    if (!SVAL) {
      SVAL = new Float64Array(meta.qmax + 1);
      for (var i = 1; i <= meta.qmax; i++) SVAL[i] = Math.exp(i / meta.qmax * meta.lns) - 1;
    }
    return SVAL[q];
  }

  /* A word typed with diacritics and found with the same ones puts the document
   * in a higher tier: EXACT is above any sum of ordinary scores. */
  var EXACT = 1000, PAIR = 1.5, NUMBER = 1.5;

  var EMPTY = { d: new Int32Array(0), s: new Float64Array(0) };

  /* Evaluates a clause to a list {d, s} of documents and scores; records the
   * terms it matched on the clause. */
  function evaluate(c) {
    if (c.type === 'word') return evalWord(c);
    if (c.type === 'phrase') return evalPhrase(c);
    return evalNumber(c);
  }

  function scored(l, weight, idfv) {
    var n = l.d.length, s = new Float64Array(n);
    for (var i = 0; i < n; i++) s[i] = weight * idfv * sval(l.q ? l.q[i] : l.s[i]);
    return { d: l.d, s: s };
  }

  function evalWord(c) {
    var exp = c.prefix && c.f.length >= 2 ? expand(c.f, false) : Promise.resolve([{ t: c.f, w: 1 }]);
    return exp.then(function (terms) {
      c.terms = terms.map(function (x) { return x.t; });
      return Promise.all(terms.map(function (x) { return term(x.t); })).then(function (data) {
        var out = null;
        data.forEach(function (d, i) {
          if (!d) return;
          var w = terms[i].w, id = idf(d.df), l = scored(d.all, w, id);
          var ex = c.marks && terms[i].t === c.f ? d.vars[c.x] : null;
          if (ex) {
            // found with the diacritics it was typed with: the higher tier
            var a = 0;
            for (var b = 0; b < ex.d.length; b++) {
              while (l.d[a] < ex.d[b]) a++;
              l.s[a] = EXACT + Math.max(l.s[a], w * id * sval(ex.q[b]));
            }
          }
          out = out ? union(out, l) : l;
        });
        return out || EMPTY;
      });
    });
  }

  function pairKey(a, b) { return a + ' ' + b; }

  function evalPhrase(c) {
    var words = c.words.map(function (w) {
      return { type: 'word', f: w.f, x: w.x, marks: w.marks, prefix: false };
    });
    var pairs = [];
    for (var i = 1; i < words.length; i++) pairs.push(list(pairKey(words[i - 1].f, words[i].f), true));
    return Promise.all([Promise.all(words.map(evalWord)), Promise.all(pairs)]).then(function (r) {
      c.terms = words.map(function (w) { return w.f; });
      var lists = r[0].slice();
      r[1].forEach(function (p) { lists.push(p ? scored(p, PAIR, idf(p.d.length)) : EMPTY); });
      return intersect(lists);
    });
  }

  function evalNumber(c) {
    return Promise.all(c.cands.map(function (k) { return term(k); })).then(function (data) {
      for (var i = 0; i < data.length; i++) {
        if (data[i]) {
          c.terms = [c.cands[i]];
          return scored(data[i].all, NUMBER, idf(data[i].df));
        }
      }
      var tail = c.prefix ? expand(c.cands[0], true) : Promise.resolve([]);
      return tail.then(function (exp) {
        if (exp.length) {
          c.terms = exp.map(function (x) { return x.t; });
          return Promise.all(c.terms.map(term)).then(function (ds) {
            var out = EMPTY;
            ds.forEach(function (d) { if (d) out = union(out, scored(d.all, NUMBER, idf(d.df))); });
            return out;
          });
        }
        // not a number of the index: the words themselves
        c.terms = [];
        var fb = c.fallback;
        if (c.prefix && fb.length) {
          var lastFb = fb[fb.length - 1];
          if (lastFb.type === 'word') lastFb.prefix = true;
        }
        return Promise.all(fb.map(evaluate)).then(function (lists) {
          fb.forEach(function (x) { c.terms = c.terms.concat(x.terms || []); });
          c.fallbackUsed = true;
          return intersect(lists);
        });
      });
    });
  }

  function filterKeys(filters) {
    var keys = [];
    if (!filters) return keys;
    var add = function (prefix, v, norm) {
      if (v === undefined || v === null) return;
      v = String(v).trim();
      if (v) keys.push(prefix + (norm ? filterValue(v) : v));
    };
    add('~k=', filters.kind, false);
    add('~t=', filters.type, true);
    add('~i=', filters.issuer, true);
    add('~y=', filters.year, false);
    return keys;
  }

  /* Adjacent unquoted words found next to each other rank higher. */
  function adjacency(clauses, scores) {
    var jobs = [];
    for (var i = 1; i < clauses.length; i++) {
      var a = clauses[i - 1], b = clauses[i];
      if (!b.adjacent || a.type !== 'word' || b.type !== 'word' || !a.terms || !b.terms) continue;
      b.terms.slice(0, 3).forEach(function (t) { jobs.push(list(pairKey(a.f, t), true)); });
    }
    return Promise.all(jobs).then(function (pairs) {
      pairs.forEach(function (p) { if (p) addInto(scores, scored(p, PAIR, idf(p.d.length))); });
    });
  }

  function chunkOf(docId) {
    var s = meta.starts, lo = 0, hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= docId) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /* Indexes of the k best documents of a list, best first (ties: lower doc
   * id, that is newer, first), by a heap: no full sort of long lists. */
  function top(l, k) {
    var n = l.d.length;
    k = Math.min(k, n);
    if (k <= 0) return [];
    // i is worse than j
    var worse = function (i, j) { return l.s[i] < l.s[j] || (l.s[i] === l.s[j] && i > j); };
    var heap = new Int32Array(k), size = 0, i, c, p, tmp;
    for (i = 0; i < n; i++) {
      if (size < k) {
        c = size++;
        heap[c] = i;
        while (c > 0 && worse(heap[c], heap[p = (c - 1) >> 1])) { tmp = heap[c]; heap[c] = heap[p]; heap[p] = tmp; c = p; }
      } else if (worse(heap[0], i)) {
        heap[0] = i;
        c = 0;
        for (;;) {
          var a = 2 * c + 1, b = a + 1, w = c;
          if (a < size && worse(heap[a], heap[w])) w = a;
          if (b < size && worse(heap[b], heap[w])) w = b;
          if (w === c) break;
          tmp = heap[c]; heap[c] = heap[w]; heap[w] = tmp; c = w;
        }
      }
    }
    return Array.prototype.slice.call(heap, 0, size).sort(function (x, y) { return worse(x, y) ? 1 : worse(y, x) ? -1 : 0; });
  }

  function query(text, filters, options) {
    options = options || {};
    var offset = Math.max(0, options.offset | 0);
    var limit = options.limit === undefined ? 20 : Math.max(0, options.limit | 0);
    return init().then(function () {
      var clauses = parse(text);
      var fkeys = filterKeys(filters);
      if (!clauses.length && !fkeys.length) return finish([], 0, clauses);
      var fl = Promise.all(fkeys.map(function (k) { return list(k, false); }));
      // word pairs for the adjacency ranking: asked for now, in parallel
      for (var i = 1; i < clauses.length; i++) {
        var a = clauses[i - 1], b = clauses[i];
        if (b.adjacent && a.type === 'word' && b.type === 'word') list(pairKey(a.f, b.f), true).catch(function () {});
      }
      return Promise.all([Promise.all(clauses.map(evaluate)), fl]).then(function (r) {
        var lists = r[0];
        r[1].forEach(function (f) { lists.push(f ? { d: f.d, s: new Float64Array(f.d.length) } : EMPTY); });
        var scores = intersect(lists);
        var wait = clauses.length ? adjacency(clauses, scores) : Promise.resolve();
        return wait.then(function () {
          var n = scores.d.length;
          var page = top(scores, offset + limit).slice(offset).map(function (i) { return [scores.d[i], scores.s[i]]; });
          return finish(page, n, clauses);
        });
      });
    });
  }

  function finish(page, total, clauses) {
    var chunks = [];
    page.forEach(function (p) {
      var c = chunkOf(p[0]);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    return Promise.all(chunks.map(function (c) { return load('c-' + c); })).then(function (data) {
      var byChunk = new Map();
      chunks.forEach(function (c, i) { byChunk.set(c, data[i]); });
      var m = matcher(clauses);
      var out = page.map(function (p) {
        var c = chunkOf(p[0]);
        var d = byChunk.get(c)[p[0] - meta.starts[c]];
        return {
          url: d[0], title: d[1], kind: d[2], number: d[3] || null, date: d[4],
          type: d[5] || null, issuer: d[6] || null,
          snippet: snippet(d[7], m), titleHtml: highlight(d[1], m), score: p[1]
        };
      });
      out.total = total;
      return out;
    });
  }

  // -------------------------------------------------------------- snippets
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  /* What to mark: folded words, phrases, number tokens. */
  function matcher(clauses) {
    var terms = new Set(), phrases = [], numbers = new Set(), exact = new Set(), exactFor = new Map();
    var visit = function (c) {
      if (c.marks) { exact.add(c.x); exactFor.set(c.f, c.x); }
      (c.words || []).forEach(function (w) { if (w.marks) { exact.add(w.x); exactFor.set(w.f, w.x); } });
      if (c.type === 'number') {
        if (c.fallbackUsed) c.fallback.forEach(visit);
        else (c.terms || []).forEach(function (t) { numbers.add(t); });
      } else if (c.type === 'phrase') {
        phrases.push(c.words.map(function (w) { return w.f; }));
      } else {
        (c.terms || [c.f]).forEach(function (t) { terms.add(t); });
      }
    };
    clauses.forEach(visit);
    return { terms: terms, phrases: phrases, numbers: numbers, exact: exact, exactFor: exactFor };
  }

  /* Which words of a text to mark: 1 a word, 2 part of a phrase or number. */
  function marks(t, words, m) {
    var hit = new Uint8Array(words.length);
    var keys = words.map(function (w) { return cachedKey(t.slice(w.start, w.end)); });
    var exactSeen = new Set();
    for (var i = 0; i < words.length; i++) {
      if (m.terms.has(keys[i]) || m.exactFor.has(keys[i])) {
        // 3: with the diacritics the query was typed with
        var x = m.exact.size ? exactKey(t.slice(words[i].start, words[i].end)) : '';
        hit[i] = m.exact.has(x) ? 3 : 1;
        if (hit[i] === 3) exactSeen.add(keys[i]);
      }
    }
    // a word typed with diacritics: where the text has it so, mark only those
    if (exactSeen.size) {
      for (i = 0; i < words.length; i++) if (hit[i] === 1 && exactSeen.has(keys[i])) hit[i] = 0;
    }
    m.phrases.forEach(function (p) {
      for (var i = 0; i + p.length <= words.length; i++) {
        var k = 0;
        while (k < p.length && keys[i + k] === p[k] && (k === 0 || words[i + k].sep === 'space' || words[i + k].sep === 'joiner')) k++;
        if (k === p.length) for (k = 0; k < p.length; k++) hit[i + k] = 2;
      }
    });
    if (m.numbers.size) {
      findNumbers(t, words).forEach(function (n) {
        if (m.numbers.has(n.full) || m.numbers.has(n.short)) {
          for (var k = n.first; k <= n.last; k++) hit[k] = 2;
        }
      });
    }
    return hit;
  }

  function render(t, words, hit, from, to) {
    var out = '', at = from, i = 0;
    while (i < words.length) {
      if (!hit[i] || words[i].end <= from || words[i].start >= to) { i++; continue; }
      var s = words[i].start, e = words[i].end, j = i + 1;
      // one <mark> over a run of marked words
      while (j < words.length && hit[j] && words[j].start < to && words[j].sep !== 'break' &&
        words[j].start - e <= 3) { e = words[j].end; j++; }
      out += escapeHtml(t.slice(at, s)) + '<mark>' + escapeHtml(t.slice(s, e)) + '</mark>';
      at = e;
      i = j;
    }
    return out + escapeHtml(t.slice(at, to));
  }

  function highlight(text, m) {
    var t = String(text || '').normalize('NFC'), words = scan(t);
    return render(t, words, marks(t, words, m), 0, t.length);
  }

  var SNIPPET = 220, WINDOW = 30;
  function snippet(text, m) {
    var t = String(text || '').normalize('NFC'), words = scan(t);
    var hit = marks(t, words, m);
    // the window of WINDOW words with the most different matched words
    var best = -1, bestScore = 0;
    var hits = [];
    for (var i = 0; i < words.length; i++) if (hit[i]) hits.push(i);
    for (var a = 0; a < hits.length; a++) {
      var seen = new Set(), count = 0, adj = 0;
      for (var b = a; b < hits.length && hits[b] < hits[a] + WINDOW; b++) {
        var key = cachedKey(t.slice(words[hits[b]].start, words[hits[b]].end));
        seen.add(key);
        if (hit[hits[b]] === 3) seen.add('=' + key);
        count++;
        if (b > a && hits[b] === hits[b - 1] + 1) adj++;
      }
      var sc = seen.size * 100 + adj * 30 + count;
      if (sc > bestScore) { bestScore = sc; best = hits[a]; }
    }
    var from = 0;
    if (best >= 0) {
      // start a few words before the match, at a sentence start when close
      var k = Math.max(0, best - 6);
      from = words.length ? words[k].start : 0;
      var para = t.lastIndexOf('\n', words[best].start);
      if (para >= from) from = para + 1;
      if (best - k < 6 && k === 0) from = 0;
    }
    var to = Math.min(t.length, from + SNIPPET);
    if (to < t.length) {
      var cut = t.lastIndexOf(' ', to);
      if (cut > from + SNIPPET / 2) to = cut;
    }
    var html = render(t, words, hit, from, to).replace(/\s+/g, ' ').trim();
    return (from > 0 ? '… ' : '') + html + (to < t.length ? ' …' : '');
  }

  // --------------------------------------------------------------------- UI
  function formatDate(d) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : d || '';
  }

  function resultHref(url) {
    var href = root + url;
    if (W.location && W.location.protocol === 'file:' && /\/$/.test(href)) href += 'index.html';
    return href;
  }

  var PAGE = 10;

  function ui() {
    var box = doc.getElementById('noibo-search');
    if (!box) return;
    var form = box.querySelector('form');
    var input = form.querySelector('input[name=q]');
    var selects = {};
    ['kind', 'type', 'issuer', 'year'].forEach(function (n) { selects[n] = form.querySelector('select[name=' + n + ']'); });
    var status = box.querySelector('.ns-status');
    var listEl = box.querySelector('.ns-results');
    var more = box.querySelector('.ns-more');
    var text = function (name, fallback) { return box.getAttribute('data-t-' + name) || fallback; };
    var seq = 0, shown = 0, current = null;

    var params = new URLSearchParams(W.location.search);
    input.value = params.get('q') || '';
    // the site's own search box (in the header) shows the query too
    Array.prototype.forEach.call(doc.querySelectorAll('input[name=q]'), function (i) {
      if (i !== input && !i.value) i.value = input.value;
    });

    function filters() {
      var f = {};
      Object.keys(selects).forEach(function (n) { if (selects[n] && selects[n].value) f[n] = selects[n].value; });
      return f;
    }

    function updateUrl() {
      var p = new URLSearchParams();
      if (input.value) p.set('q', input.value);
      var f = filters();
      Object.keys(f).forEach(function (n) { p.set(n, f[n]); });
      var s = p.toString();
      try { W.history.replaceState(null, '', s ? '?' + s : W.location.pathname); } catch (e) { /* file:// may refuse */ }
    }

    function fill(sel, values, label) {
      if (!sel) return;
      values.forEach(function (v) {
        var o = doc.createElement('option');
        o.value = v[0];
        o.textContent = (label ? label(v[0]) : v[0]) + ' (' + v[1] + ')';
        sel.appendChild(o);
      });
    }

    function item(r) {
      var li = doc.createElement('li');
      li.className = 'ns-result';
      var a = doc.createElement('a');
      a.className = 'ns-title';
      a.href = resultHref(r.url);
      a.innerHTML = r.titleHtml; // escaped title, <mark> only
      var h = doc.createElement('h2');
      h.appendChild(a);
      li.appendChild(h);
      var meta_ = doc.createElement('p');
      meta_.className = 'ns-meta';
      [KIND_NAMES[r.kind] || r.kind, r.number, formatDate(r.date), r.issuer].forEach(function (x) {
        if (!x) return;
        var s = doc.createElement('span');
        s.textContent = x;
        meta_.appendChild(s);
      });
      li.appendChild(meta_);
      var p = doc.createElement('p');
      p.className = 'ns-snippet';
      p.innerHTML = r.snippet; // escaped text, <mark> only
      li.appendChild(p);
      return li;
    }

    function run(append) {
      var my = ++seq;
      var q = input.value, f = filters();
      if (!append) { shown = 0; updateUrl(); }
      if (!q.trim() && !Object.keys(f).length) {
        listEl.innerHTML = '';
        status.textContent = '';
        more.hidden = true;
        return;
      }
      if (!append) box.setAttribute('aria-busy', 'true');
      return query(q, f, { offset: shown, limit: PAGE }).then(function (res) {
        if (my !== seq) return;
        box.removeAttribute('aria-busy');
        if (!append) listEl.innerHTML = '';
        res.forEach(function (r) { listEl.appendChild(item(r)); });
        shown += res.length;
        current = res.total;
        status.textContent = res.total
          ? text('found', 'Tìm thấy {n} kết quả').replace('{n}', res.total.toLocaleString('vi-VN'))
          : text('none', 'Không tìm thấy kết quả nào.');
        more.hidden = shown >= res.total;
      }, function (err) {
        if (my !== seq) return;
        box.removeAttribute('aria-busy');
        status.textContent = text('error', 'Không tải được chỉ mục tìm kiếm.') + ' (' + err.message + ')';
      });
    }

    input.addEventListener('input', function () { run(false); });
    Object.keys(selects).forEach(function (n) {
      if (selects[n]) selects[n].addEventListener('change', function () { run(false); });
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); run(false); });
    more.addEventListener('click', function () { run(true); });

    // keyboard: '/' to search, arrows through results, Escape back to the box
    doc.addEventListener('keydown', function (e) {
      var a = doc.activeElement;
      var links = Array.prototype.slice.call(listEl.querySelectorAll('a.ns-title'));
      var at = links.indexOf(a);
      if (e.key === '/' && a !== input && !/^(INPUT|SELECT|TEXTAREA)$/.test(a && a.tagName)) {
        e.preventDefault(); input.focus(); input.select();
      } else if (e.key === 'ArrowDown' && (a === input || at >= 0) && links.length) {
        e.preventDefault(); links[Math.min(at + 1, links.length - 1)].focus();
      } else if (e.key === 'ArrowUp' && at >= 0) {
        e.preventDefault(); (at === 0 ? input : links[at - 1]).focus();
      } else if (e.key === 'Escape' && at >= 0) {
        input.focus();
      }
    });

    status.textContent = text('loading', 'Đang tải chỉ mục tìm kiếm…');
    init().then(function (m) {
      fill(selects.kind, m.kinds, function (k) { return KIND_NAMES[k] || k; });
      fill(selects.type, m.types);
      fill(selects.issuer, m.issuers);
      fill(selects.year, m.years);
      Object.keys(selects).forEach(function (n) {
        var v = params.get(n);
        if (v && selects[n]) {
          if (!Array.prototype.some.call(selects[n].options, function (o) { return o.value === v; })) {
            var o = doc.createElement('option'); o.value = v; o.textContent = v; selects[n].appendChild(o);
          }
          selects[n].value = v;
        }
      });
      status.textContent = '';
      run(false);
    }, function (err) {
      status.textContent = text('error', 'Không tải được chỉ mục tìm kiếm.') + ' (' + err.message + ')';
    });
  }

  W.noiboSearch = {
    query: query,
    ready: function () { return init(); },
    facets: function () {
      return init().then(function (m) { return { kinds: m.kinds, types: m.types, issuers: m.issuers, years: m.years }; });
    },
    loadedParts: function () { return loadedNames.slice(); },
    _text: {
      fold: fold, foldedKey: foldedKey, exactKey: exactKey, scan: scan, findNumbers: findNumbers,
      filterValue: filterValue, shardKey: shardKey, fnv1a32: fnv1a32, decodeNums: decodeNums, parse: parse,
      escapeHtml: escapeHtml
    }
  };

  if (doc) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ui);
    else ui();
  }
})(typeof window !== 'undefined' ? window : globalThis);
