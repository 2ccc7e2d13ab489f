// Zorgspiegel's search page (zoeken/): a plain GET form; ?q= is kept in the URL. Providers come from the site's
// own index (searchindex.js, loaded before this script): every result reachable with 'Meer resultaten', and
// for a postcode or a place the choice aid's kinds near it. After the providers are shown, Pagefind's
// JavaScript API finds the indicator, set and region pages (its WebAssembly and index load only then, so they
// never delay the first provider). Pagefind's excerpt HTML is parsed to text, never inserted as HTML.
// Words are in the site's language: t(dutchText, {placeholder: value}) asks labels.js, which the page loads
// after this script (at the end of the body); so t looks it up when called, and a ?q= search starts when the
// page is parsed.
(function () {
  'use strict';
  // the label in the site's language (labels.js); without labels.js the Dutch text with its {placeholders} filled in
  function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? z.t(text, params) : params ? text.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }
  var app = document.getElementById('zs-search');
  var Z = window.Zorgspiegel || {};
  if (!app || typeof Z.providerSearch !== 'function') { return; }
  function $(id) { return document.getElementById(id); }
  var form = $('zs-search-form');
  var input = $('zs-q');
  var status = $('zs-search-status');
  var nearby = $('zs-search-nearby');
  var providersTitle = $('zs-search-providers-title');
  var list = $('zs-search-results');
  var more = $('zs-search-more');
  var pagesSection = $('zs-search-pages');
  var pagesList = $('zs-search-pages-list');
  var pagesMore = $('zs-search-pages-more');
  var ROOT = app.getAttribute('data-root') || '../';
  var bundle = new URL(app.getAttribute('data-bundle') || '../pagefind/', document.baseURI).href;
  var siteRoot = new URL('../', bundle).pathname;
  var searcher = Z.providerSearch(app.getAttribute('data-index'), app.getAttribute('data-synonyms'));
  var PAGE = 20;
  var PAGES = 10;
  var pagefind = null;
  var sequence = 0;
  var timer = null;
  var answer = null;
  var pageResults = [];
  var pagesShown = 0;

  function number(n) { return Z.format && Z.format.number ? Z.format.number(n, 0) : String(n); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // ------------------------------------------------------------ providers

  function say(total, query) {
    if (!total) {
      return t('Geen zorgaanbieders gevonden voor “{query}”. Probeer een deel van de naam, een plaats of een postcode.', { query: query });
    }
    return total === 1 ? t('1 zorgaanbieder gevonden voor “{query}”.', { query: query })
                       : t('{n} zorgaanbieders gevonden voor “{query}”.', { n: number(total), query: query });
  }

  function item(rec) {
    var kind = answer.meta.kinds[rec[5]];
    var li = el('li');
    li.setAttribute('data-provider', rec[0]);
    var link = el('a', 'zs-search-results__link', rec[1]);
    link.href = ROOT + 'aanbieders/' + encodeURIComponent(rec[0]) + '/';
    li.appendChild(link);
    var where = rec[3] ? t('{name} (gemeente {municipality})', { name: rec[2], municipality: rec[3] }) : rec[2];
    li.appendChild(el('p', 'zs-search-results__meta', where ? kind.label + ' · ' + where : kind.label));
    return li;
  }

  function showProviders(from) {
    var items = answer.items;
    for (var i = from; i < Math.min(items.length, from + PAGE); i++) { list.appendChild(item(items[i])); }
    var rest = answer.total - list.children.length;
    more.hidden = rest <= 0;
    more.textContent = t('Meer resultaten (nog {n})', { n: number(rest) });
    providersTitle.hidden = !answer.total;
  }

  // The choice aid near the postcode or place the query names; for a kind without a place ('huisarts'), the
  // aid of that kind to fill in one's own postcode.
  function showNearby() {
    nearby.textContent = '';
    var where = answer.location;
    var kinds = answer.meta.kinds.filter(function (k) {
      return k.aid && (!answer.kinds.length || answer.kinds.indexOf(k.index) >= 0);
    });
    nearby.hidden = !kinds.length || !(where || answer.kinds.length);
    if (nearby.hidden) { return; }
    var place = !where ? '' : where.pc ? t('postcode {postcode}', { postcode: where.pc }) : where.label;
    var title = el('h2', 'zs-search__nearby-title', place ? t('Aanbieders in de buurt van {place}', { place: place })
                                                          : t('Aanbieders bij u in de buurt'));
    title.id = 'zs-search-nearby-title';
    nearby.appendChild(title);
    nearby.appendChild(el('p', 'zs-search__nearby-lead', place ? t('Vergelijk ze in de keuzehulp, de dichtstbijzijnde eerst:')
                                                               : t('Vul in de keuzehulp uw postcode in; de dichtstbijzijnde staan dan bovenaan:')));
    var ul = el('ul', 'zs-search__nearby-links');
    kinds.forEach(function (k) {
      var a = el('a', '', k.plural);
      a.href = ROOT + 'keuzehulp/' + encodeURIComponent(k.id) + '/' + (!where ? '' : where.pc ?
        '?pc=' + encodeURIComponent(where.pc) : '?gem=' + encodeURIComponent(where.gem));
      var li = el('li');
      li.appendChild(a);
      ul.appendChild(li);
    });
    nearby.appendChild(ul);
  }

  // ------------------------------------------------------------ other pages (Pagefind)

  function loadPagefind() {
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

  function showPages(mine) {
    var next = pageResults.slice(pagesShown, pagesShown + PAGES);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      if (mine !== sequence) { return; }
      items.forEach(function (data) {
        var li = el('li');
        var link = el('a', 'zs-search-results__page', (data.meta && data.meta.title) || data.url);
        link.href = data.url;
        li.appendChild(link);
        var excerpt = plain(data.excerpt);
        if (excerpt) { li.appendChild(el('p', 'zs-search-results__excerpt', excerpt)); }
        pagesList.appendChild(li);
      });
      pagesShown += items.length;
      var rest = pageResults.length - pagesShown;
      pagesMore.hidden = rest <= 0;
      pagesMore.textContent = t('Meer pagina\'s (nog {n})', { n: number(rest) });
      pagesSection.hidden = !pagesShown;
    });
  }

  // data-pages on #zs-search: 'loading' while Pagefind searches, then 'done' (the tests wait for it)
  function findPages(query, mine) {
    function done() { if (mine === sequence) { app.setAttribute('data-pages', 'done'); } }
    if (/^[\s0-9]*$/.test(query) || /^\s*[0-9]{4}\s*[a-z]{2}\s*$/i.test(query)) { done(); return; }  // numbers: providers only
    loadPagefind().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (mine !== sequence) { return; }
      pageResults = found.results;
      return showPages(mine);
    }).catch(function (error) {
      if (window.console && console.warn) { console.warn('Zorgspiegel-zoeken-paginas:', error && error.message); }
    }).then(done);
  }

  // ------------------------------------------------------------ a search

  function clear() {
    list.textContent = '';
    nearby.textContent = '';
    nearby.hidden = true;
    more.hidden = true;
    providersTitle.hidden = true;
    pagesList.textContent = '';
    pagesSection.hidden = true;
    pagesMore.hidden = true;
    pageResults = [];
    pagesShown = 0;
  }

  async function run(query) {
    var mine = ++sequence;
    query = query.trim();
    if (!query) {
      clear();
      status.textContent = '';
      app.setAttribute('data-state', 'done');
      app.setAttribute('data-pages', 'done');
      return;
    }
    app.setAttribute('data-state', 'loading');
    app.setAttribute('data-pages', 'loading');
    status.textContent = t('Zoeken…');
    history.replaceState(null, '', '?q=' + encodeURIComponent(query));
    try {
      var found = await searcher.search(query);
      if (mine !== sequence) { return; }
      clear();
      answer = found;
      showNearby();
      showProviders(0);
      status.textContent = say(answer.total, query);
    } catch (error) {
      clear();
      status.textContent = t('Zoeken lukt nu niet. Gebruik de lijst van A tot Z of de regiopagina\'s.');
      if (window.console && console.warn) { console.warn('Zorgspiegel-zoeken:', error && error.message); }
    }
    app.setAttribute('data-state', 'done');
    window.setTimeout(function () { findPages(query, mine); }, 0);  // after the providers are on the page
  }

  more.addEventListener('click', function () {
    var mine = sequence;
    var from = list.children.length;
    more.disabled = true;
    answer.more(from + PAGE).then(function () {
      if (mine !== sequence) { return; }
      showProviders(from);
      var first = list.children[from];
      if (first) { first.querySelector('a').focus(); }
      status.textContent = t('{shown} van de {total} zorgaanbieders getoond.', { shown: number(list.children.length), total: number(answer.total) });
    }, function () {
      status.textContent = t('Zoeken lukt nu niet. Gebruik de lijst van A tot Z of de regiopagina\'s.');
    }).then(function () { more.disabled = false; });
  });

  pagesMore.addEventListener('click', function () {
    var from = pagesList.children.length;
    showPages(sequence).then(function () {
      var first = pagesList.children[from];
      if (first) { first.querySelector('a').focus(); }
    });
  });

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
    if (q) { input.value = q; run(q); } else { app.setAttribute('data-state', 'done'); app.setAttribute('data-pages', 'done'); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
