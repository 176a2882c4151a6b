/* noibo search, 5 of 5: the search page, and the API for tests and other
 * tools. Loaded after search-text.js, search-index.js, search-rank.js and
 * search-results.js.
 *
 * API: window.noiboSearch.query(text, filters, options) returns a Promise of
 * [{url, title, kind, number, date, snippet, ...}], best first; `snippet` is
 * HTML (escaped text, matched words in <mark>). filters: {kind, type, issuer,
 * year}; options: {offset, limit} (default 0, 20). The array has `total`.
 */
(function (W) {
  'use strict';
  var NS = W.__noiboSearch;
  var T = NS.text, I = NS.index, query = NS.rank.query, KIND_NAMES = NS.rank.KIND_NAMES;
  var doc = W.document, init = I.init;

  function formatDate(d) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d || '');
    return m ? m[3] + '/' + m[2] + '/' + m[1] : d || '';
  }

  /* 12345 as Vietnamese write it, "12.345" (toLocaleString costs a locale
   * load on the first query). */
  function formatCount(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  function resultHref(url) {
    var href = I.root() + url;
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
          ? text('found', 'Tìm thấy {n} kết quả').replace('{n}', formatCount(res.total))
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
    loadedParts: I.loadedParts,
    _text: {
      fold: T.fold, foldedKey: T.foldedKey, exactKey: T.exactKey, scan: T.scan, findNumbers: T.findNumbers,
      filterValue: T.filterValue, shardKey: T.shardKey, fnv1a32: T.fnv1a32, decodeNums: T.decodeNums,
      parse: NS.rank.parse, escapeHtml: NS.results.escapeHtml
    }
  };

  if (doc) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ui);
    else ui();
  }
})(typeof window !== 'undefined' ? window : globalThis);