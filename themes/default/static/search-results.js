/* noibo search, 4 of 5: the results of a query as shown: stored fields of
 * the documents found, a snippet of each text around the matched words, and
 * the words marked (escaped HTML with <mark> only).
 */
(function (W) {
  'use strict';
  var NS = W.__noiboSearch = W.__noiboSearch || {};
  var T = NS.text, I = NS.index;
  var scan = T.scan, cachedKey = T.cachedKey, exactKey = T.exactKey, findNumbers = T.findNumbers;

  /* The page of results [[doc, score]...] as objects, `total` on the array. */
  function finish(page, total, clauses) {
    return I.documents(page.map(function (p) { return p[0]; })).then(function (docs) {
      var m = matcher(clauses);
      var out = page.map(function (p, i) {
        var d = docs[i];
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
    hit.keys = keys;
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

  /* The first word of the window of WINDOW words with the most different
   * matched words (a word matched with its diacritics counts once more),
   * then the most adjacent ones, then the most; -1 when nothing matched. */
  function bestWindow(hit) {
    var hits = [], ids = [], idOf = new Map(), i;
    var id = function (k) { if (!idOf.has(k)) idOf.set(k, idOf.size); return idOf.get(k); };
    for (i = 0; i < hit.length; i++) {
      if (!hit[i]) continue;
      hits.push(i);
      ids.push([id(hit.keys[i])].concat(hit[i] === 3 ? [id('=' + hit.keys[i])] : []));
    }
    var count = new Int32Array(idOf.size), distinct = 0, adj = 0, end = 0, best = -1, bestScore = 0;
    var add = function (j, by) {
      ids[j].forEach(function (x) {
        if (by > 0 && count[x]++ === 0) distinct++;
        if (by < 0 && --count[x] === 0) distinct--;
      });
    };
    for (var a = 0; a < hits.length; a++) {
      while (end < hits.length && hits[end] < hits[a] + WINDOW) {
        add(end, 1);
        if (end > a && hits[end] === hits[end - 1] + 1) adj++;
        end++;
      }
      var sc = distinct * 100 + adj * 30 + (end - a);
      if (sc > bestScore) { bestScore = sc; best = hits[a]; }
      add(a, -1);
      if (a + 1 < end && hits[a + 1] === hits[a] + 1) adj--;
    }
    return best;
  }

  function snippet(text, m) {
    var t = String(text || '').normalize('NFC'), words = scan(t);
    var hit = marks(t, words, m);
    var best = bestWindow(hit);
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

  /* Makes a snippet of a long text once, so that the first query does not
   * pay for compiling the code (see search-rank.js's warm). */
  function warm() {
    var t = new Array(120).join('Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Đảng ủy về chuyển đổi số. ');
    snippet(t, matcher(NS.rank.parse('đảng uy "chuyen doi" 58-cv/tccs')));
    highlight(t.slice(0, 200), matcher([]));
  }

  NS.results = { finish: finish, escapeHtml: escapeHtml, warm: warm };
})(typeof window !== 'undefined' ? window : globalThis);
