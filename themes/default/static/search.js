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

  /* The elements of the search page and the state of what it shows. */
  function view(box) {
    var form = box.querySelector('form'), selects = {};
    ['kind', 'type', 'issuer', 'year'].forEach(function (n) { selects[n] = form.querySelector('select[name=' + n + ']'); });
    return {
      box: box, form: form, input: form.querySelector('input[name=q]'), selects: selects,
      status: box.querySelector('.ns-status'), list: box.querySelector('.ns-results'),
      more: box.querySelector('.ns-more'), seq: 0, shown: 0,
      text: function (name, fallback) { return box.getAttribute('data-t-' + name) || fallback; }
    };
  }

  function filters(v) {
    var f = {};
    Object.keys(v.selects).forEach(function (n) { if (v.selects[n] && v.selects[n].value) f[n] = v.selects[n].value; });
    return f;
  }

  /* The query and filters in the page's URL, so that it can be shared. */
  function updateUrl(v) {
    var p = new URLSearchParams();
    if (v.input.value) p.set('q', v.input.value);
    var f = filters(v);
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

  /* Runs the query of the box and shows its results (`append`: the next page). */
  function run(v, append) {
    var my = ++v.seq;
    var q = v.input.value, f = filters(v);
    if (!append) { v.shown = 0; updateUrl(v); }
    if (!q.trim() && !Object.keys(f).length) {
      v.list.innerHTML = '';
      v.status.textContent = '';
      v.more.hidden = true;
      return;
    }
    if (!append) v.box.setAttribute('aria-busy', 'true');
    return query(q, f, { offset: v.shown, limit: PAGE }).then(function (res) {
      if (my !== v.seq) return;
      v.box.removeAttribute('aria-busy');
      if (!append) v.list.innerHTML = '';
      res.forEach(function (r) { v.list.appendChild(item(r)); });
      v.shown += res.length;
      v.status.textContent = res.total
        ? v.text('found', 'Tìm thấy {n} kết quả').replace('{n}', formatCount(res.total))
        : v.text('none', 'Không tìm thấy kết quả nào.');
      v.more.hidden = v.shown >= res.total;
    }, function (err) {
      if (my !== v.seq) return;
      v.box.removeAttribute('aria-busy');
      v.status.textContent = v.text('error', 'Không tải được chỉ mục tìm kiếm.') + ' (' + err.message + ')';
    });
  }

  /* '/' to search, arrows through the results, Escape back to the box. */
  function keyboard(v) {
    doc.addEventListener('keydown', function (e) {
      var a = doc.activeElement, input = v.input;
      var links = Array.prototype.slice.call(v.list.querySelectorAll('a.ns-title'));
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
  }

  /* The filter menus from the index's facets, set as the URL asks. */
  function facets(v, m, params) {
    var sel = v.selects;
    fill(sel.kind, m.kinds, function (k) { return KIND_NAMES[k] || k; });
    fill(sel.type, m.types);
    fill(sel.issuer, m.issuers);
    fill(sel.year, m.years);
    Object.keys(sel).forEach(function (n) {
      var val = params.get(n);
      if (val && sel[n]) {
        if (!Array.prototype.some.call(sel[n].options, function (o) { return o.value === val; })) {
          var o = doc.createElement('option'); o.value = val; o.textContent = val; sel[n].appendChild(o);
        }
        sel[n].value = val;
      }
    });
  }

  function ui() {
    var box = doc.getElementById('noibo-search');
    if (!box) return;
    var v = view(box);
    var params = new URLSearchParams(W.location.search);
    v.input.value = params.get('q') || '';
    // the site's own search box (in the header) shows the query too
    Array.prototype.forEach.call(doc.querySelectorAll('input[name=q]'), function (i) {
      if (i !== v.input && !i.value) i.value = v.input.value;
    });
    v.input.addEventListener('input', function () { run(v, false); });
    Object.keys(v.selects).forEach(function (n) {
      if (v.selects[n]) v.selects[n].addEventListener('change', function () { run(v, false); });
    });
    v.form.addEventListener('submit', function (e) { e.preventDefault(); run(v, false); });
    v.more.addEventListener('click', function () { run(v, true); });
    keyboard(v);
    v.status.textContent = v.text('loading', 'Đang tải chỉ mục tìm kiếm…');
    init().then(function (m) {
      facets(v, m, params);
      v.status.textContent = '';
      run(v, false);
    }, function (err) {
      v.status.textContent = v.text('error', 'Không tải được chỉ mục tìm kiếm.') + ' (' + err.message + ')';
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