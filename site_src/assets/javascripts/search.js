// Zorgspiegel's search page: a plain GET form enhanced with Pagefind's JavaScript API (no Pagefind UI:
// it cost ~35 KB compressed before the first result). Results are links with text-only excerpts
// (Pagefind's excerpt HTML is parsed to text, never inserted as HTML); ?q= is kept in the URL.
// Words are in the site's language: t(dutchText, {placeholder: value}) asks labels.js, which the page loads
// after this script (at the end of the body); so t looks it up when called, and a ?q= search starts when the
// page is parsed.
(function () {
  'use strict';
  // the label in the site's language (labels.js); without labels.js the Dutch text with its {placeholders} filled in
  function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? z.t(text, params) : params ? text.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }
  var script = document.currentScript;
  var bundle = new URL(script.getAttribute('data-bundle') || '../pagefind/', document.baseURI).href;
  var siteRoot = new URL('../', bundle).pathname;
  var form = document.getElementById('zs-search-form');
  var input = document.getElementById('zs-q');
  var status = document.getElementById('zs-search-status');
  var list = document.getElementById('zs-search-results');
  var MAX = 10;
  var pagefind = null;
  var sequence = 0;
  var timer = null;
  if (!form || !input || !status || !list) { return; }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + 'pagefind.js').then(function (pf) {
        return pf.options({ bundlePath: bundle, baseUrl: siteRoot }).then(function () { pf.init(); return pf; });
      });
    }
    return pagefind;
  }

  function plain(html) {
    return new DOMParser().parseFromString(html || '', 'text/html').body.textContent || '';
  }

  function say(count, query) {
    if (count === 0) {
      return t('Niets gevonden voor “{query}”. Probeer een deel van de naam, een plaats of een postcode.', { query: query });
    }
    if (count === 1) { return t('1 resultaat voor “{query}”.', { query: query }); }
    return count > MAX ? t('{n} resultaten voor “{query}”; de eerste {max} staan hieronder.', { n: count, query: query, max: MAX })
                       : t('{n} resultaten voor “{query}”.', { n: count, query: query });
  }

  function show(items) {
    list.textContent = '';
    items.forEach(function (data) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = data.url;
      link.className = 'zs-search-results__link';
      link.textContent = (data.meta && data.meta.title) || data.url;
      item.appendChild(link);
      var excerpt = plain(data.excerpt);
      if (excerpt) {
        var p = document.createElement('p');
        p.className = 'zs-search-results__excerpt';
        p.textContent = excerpt;
        item.appendChild(p);
      }
      list.appendChild(item);
    });
  }

  async function run(query) {
    var mine = ++sequence;
    query = query.trim();
    if (!query) { list.textContent = ''; status.textContent = ''; return; }
    status.textContent = t('Zoeken…');
    try {
      var pf = await load();
      var found = await pf.search(query);
      if (mine !== sequence) { return; }
      var items = await Promise.all(found.results.slice(0, MAX).map(function (r) { return r.data(); }));
      if (mine !== sequence) { return; }
      show(items);
      status.textContent = say(found.results.length, query);
      history.replaceState(null, '', '?q=' + encodeURIComponent(query));
    } catch (error) {
      status.textContent = t('Zoeken lukt nu niet. Gebruik de lijst van A tot Z of de regiopagina\'s.');
      if (window.console && console.warn) { console.warn('Zorgspiegel-zoeken:', error && error.message); }
    }
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 250);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });

  function start() {
    var q = new URLSearchParams(window.location.search).get('q');
    if (q) { input.value = q; run(q); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
