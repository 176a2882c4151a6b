/* noibo search, 3 of 5: queries. Turns query text into clauses (words,
 * "phrases", document numbers), evaluates them on the posting lists and ranks
 * the documents found (see crates/noibo-search's docs, "Ranking").
 */
(function (W) {
  'use strict';
  var NS = W.__noiboSearch = W.__noiboSearch || {};
  var T = NS.text, I = NS.index;
  var foldedKey = T.foldedKey, exactKey = T.exactKey, scan = T.scan, isDigits = T.isDigits;
  var isWordChar = T.isWordChar, filterValue = T.filterValue;
  var term = I.term, list = I.list, expand = I.expand;
  var meta = null;

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

  /* Documents in every list, scores added: by counting when the lists are
   * long, else by galloping through them from the shortest. */
  function intersect(lists) {
    if (!lists.length) return { d: new Int32Array(0), s: new Float64Array(0) };
    var order = lists.slice().sort(function (a, b) { return a.d.length - b.d.length; });
    if (meta && order[0].d.length * 8 > meta.n) return intersectDense(order, meta.n);
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

  function intersectDense(lists, n) {
    var count = new Uint8Array(n), sum = new Float64Array(n), l, i;
    for (l = 0; l < lists.length; l++) {
      var d = lists[l].d, s = lists[l].s;
      for (i = 0; i < d.length; i++) { count[d[i]]++; sum[d[i]] += s[i]; }
    }
    var base = lists[0].d, want = lists.length, od = new Int32Array(base.length), os = new Float64Array(base.length), k = 0;
    for (i = 0; i < base.length; i++) {
      var doc = base[i];
      if (count[doc] === want) { od[k] = doc; os[k++] = sum[doc]; }
    }
    return { d: od.subarray(0, k), s: os.subarray(0, k) };
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

  /* A list {d, q} with its scores: weight × IDF × the score each quantised
   * one stands for. */
  function scored(l, weight, idfv) {
    var n = l.d.length, s = new Float64Array(n), tab = new Float64Array(meta.qmax + 1), i;
    for (i = 1; i <= meta.qmax; i++) tab[i] = weight * idfv * sval(i);
    for (i = 0; i < n; i++) s[i] = tab[l.q[i]];
    return { d: l.d, s: s };
  }

  function evalWord(c) {
    var exp = c.prefix && c.f.length >= 2 ? expand(c.f, false) : Promise.resolve([{ t: c.f, w: 1 }]);
    // the prefix is most often a word itself: asked for beside its dictionary
    if (c.prefix) term(c.f).catch(function () {});
    return exp.then(function (terms) {
      c.terms = terms.map(function (x) { return x.t; });
      return Promise.all(terms.map(function (x) { return term(x.t); })).then(function (data) {
        var out = null;
        data.forEach(function (d, i) {
          if (!d) return;
          var w = terms[i].w, id = idf(d.df), l = scored(d.all, w, id);
          var ex = c.marks && terms[i].t === c.f ? d.exact(c.x) : null;
          if (ex) {
            // found with the diacritics it was typed with: the higher tier
            var a = 0;
            for (var b = 0; b < ex.length; b++) {
              while (l.d[a] < ex[b]) a++;
              l.s[a] += EXACT;
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

  /* Adjacent unquoted words found next to each other rank higher. For a
   * last word still being typed, only the pair with the word as typed counts
   * (asked for with the words, so no request waits for the prefix). */
  function adjacency(clauses, scores) {
    var jobs = [];
    for (var i = 1; i < clauses.length; i++) {
      var a = clauses[i - 1], b = clauses[i];
      if (!b.adjacent || a.type !== 'word' || b.type !== 'word' || !a.terms || !b.terms) continue;
      if (b.terms.indexOf(b.f) >= 0) jobs.push(list(pairKey(a.f, b.f), true));
    }
    return Promise.all(jobs).then(function (pairs) {
      pairs.forEach(function (p) { if (p) addInto(scores, scored(p, PAIR, idf(p.d.length))); });
    });
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
    return I.init().then(function (m) {
      meta = m;
      var clauses = parse(text);
      var fkeys = filterKeys(filters);
      if (!clauses.length && !fkeys.length) return NS.results.finish([], 0, clauses);
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
          return NS.results.finish(page, n, clauses);
        });
      });
    });
  }

  /* Runs the list code once over lists as long as the site's, so that the
   * first query does not pay for compiling it (a fresh page's first query
   * is otherwise several times slower). */
  function warm(m) {
    meta = meta || m;
    var dense = ' ' + new Array((m.n >> 1) + 1).join('J'), sparse = new Array(200).join('#$');
    var a = scored(T.decodeScored(dense), 1, 1), b = scored(T.decodeScored(sparse), 1, 1);
    var c = union(a, b), all = intersect([a, c]);
    addInto(all, intersect([b, c]));
    top(all, 10);
    parse('Chuyển đổi số "xây dựng" 58-CV/TCCS kết luận 21 dang u');
  }

  NS.rank = { query: query, parse: parse, KIND_NAMES: KIND_NAMES, warm: warm };
})(typeof window !== 'undefined' ? window : globalThis);
