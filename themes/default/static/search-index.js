/* noibo search, 2 of 5: loading the index built by crates/noibo-search part
 * by part, by inserting <script> elements (works from file://, where fetch()
 * does not, and over http). Each part calls window.__noiboSearchPart(name,
 * data). Terms are decoded here; ranking is in search-rank.js.
 */
(function (W) {
  'use strict';
  var NS = W.__noiboSearch = W.__noiboSearch || {};
  var T = NS.text;
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

  /* The site root, from data-noibo-root on the search scripts or the search
   * box (relative, so that file:// works), else from this script's place. */
  var script = doc && doc.currentScript;
  function findRoot() {
    if (root !== null) return root;
    var el = doc && (doc.querySelector('script[data-noibo-root]') || doc.querySelector('[data-noibo-root]'));
    var r = el && el.getAttribute('data-noibo-root');
    var href = doc ? doc.baseURI || W.location.href : '';
    if (r !== null && r !== undefined) root = new URL(r || './', href).href;
    else root = script ? new URL('./', script.src).href : new URL('./', href).href;
    idxBase = root + 'search/idx/';
    return root;
  }

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
      findRoot();
      metaPromise = load('meta').then(function (m) {
        if (m.format !== 2) throw new Error('search index of another format: ' + m.format);
        meta = m;
        var sizes = T.decodeNums(m.chunks), starts = [], at = 0, i;
        for (i = 0; i < sizes.length; i++) { starts.push(at); at += sizes[i]; }
        m.starts = starts;
        m.lns = Math.log(1 + m.smax);
        m.shardSet = new Set(m.shards);
        var big = T.decodeNums(m.big), fp = -1;
        m.bigSet = new Set();
        for (i = 0; i < big.length; i++) { fp += big[i] + 1; m.bigSet.add(fp); }
        // while the reader types: compile what the first query will run
        W.setTimeout(function () { NS.rank.warm(m); NS.results.warm(); }, 0);
        return m;
      }, function (err) { metaPromise = null; throw err; });
    }
    return metaPromise;
  }

  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  function fromBucket(key) {
    return load('b-' + (T.fnv1a32(key) & (meta.buckets - 1))).then(function (b) {
      return has(b, key) ? b[key] : null;
    });
  }

  var entryCache = new Map();
  /* Raw value of a term in the index, or null: in its own file q-FINGERPRINT
   * when meta lists its fingerprint (and the file holds it), else in its
   * bucket. One request either way, so that all terms of a query load at once. */
  function entry(key) {
    var p = entryCache.get(key);
    if (p) return p;
    var fp = T.fnv1a32(key) >>> 12;
    p = !meta.bigSet.has(fp) ? fromBucket(key) : load('q-' + (0x100000 + fp).toString(16).slice(1)).then(function (o) {
      return has(o, key) ? o[key] : fromBucket(key);
    });
    p.catch(function () { entryCache.delete(key); });
    entryCache.set(key, p);
    return p;
  }

  var termCache = new Map();
  /* A word or number term: {df, all: {d, q} the best variant's score per
   * document, exact(x): the documents having it written as exact key x, or
   * null}. */
  function term(key) {
    var p = termCache.get(key);
    if (p) return p;
    p = entry(key).then(function (v) {
      if (v === null) return null;
      var all = T.decodeScored(typeof v === 'string' ? v : v[0]);
      var exact = function (x) {
        for (var i = 1; typeof v !== 'string' && i < v.length; i += 2) {
          if (v[i] === x) return v[i + 1] ? T.decodeDocs(v[i + 1]) : all.d;
        }
        return null;
      };
      return { df: all.d.length, all: all, exact: exact };
    });
    termCache.set(key, p);
    return p;
  }

  /* A word pair ({d, q}) or a filter ({d}), or null. */
  function list(key, scored) {
    var p = termCache.get(key);
    if (p) return p;
    p = entry(key).then(function (v) {
      if (v === null) return null;
      return scored ? T.decodeScored(v) : { d: T.decodeDocs(v) };
    });
    termCache.set(key, p);
    return p;
  }

  /* Terms of the dictionary starting with `prefix`, best first: the prefix
   * itself, then the most frequent, until they cover as many documents as
   * the site has (at most 6; 20 for numbers). */
  function expand(prefix, isNumber) {
    var shard = T.shardKey(prefix);
    if (!meta.shardSet.has(shard)) return Promise.resolve([]);
    return load('d-' + shard).then(function (d) {
      var found = [];
      for (var t in d) {
        if (has(d, t) && t.lastIndexOf(prefix, 0) === 0 && (isNumber ? t.indexOf('-') > 0 : t.indexOf('-') < 0)) {
          found.push([t, d[t]]);
        }
      }
      found.sort(function (a, b) {
        return (b[0] === prefix) - (a[0] === prefix) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
      });
      var out = [], sum = 0, max = isNumber ? 20 : 6;
      for (var i = 0; i < found.length && out.length < max; i++) {
        if (out.length > 0 && !isNumber && sum + found[i][1] > meta.n) break;
        sum += found[i][1];
        out.push({ t: found[i][0], w: found[i][0] === prefix ? 1 : 0.8 });
      }
      return out;
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

  /* The stored fields of documents: [url, title, kind, number, date, type,
   * issuer, text] per document id, from their chunks. */
  function documents(ids) {
    var chunks = [];
    ids.forEach(function (id) {
      var c = chunkOf(id);
      if (chunks.indexOf(c) < 0) chunks.push(c);
    });
    return Promise.all(chunks.map(function (c) { return load('c-' + c); })).then(function (data) {
      return ids.map(function (id) {
        var c = chunkOf(id);
        return data[chunks.indexOf(c)][id - meta.starts[c]];
      });
    });
  }

  NS.index = {
    init: init, root: findRoot, meta: function () { return meta; }, term: term, list: list, expand: expand,
    documents: documents, loadedParts: function () { return loadedNames.slice(); }
  };
})(typeof window !== 'undefined' ? window : globalThis);
