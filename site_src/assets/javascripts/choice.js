/*
 * Zorgspiegel: the choice aid (keuzehulp), one page per care kind.
 *
 * Plain ES2017, no build step, no inline script or event-handler attribute (the site's CSP allows only
 * script-src 'self' 'wasm-unsafe-eval'). Loaded by the generated page keuzehulp/<kind>/ only, which holds
 *   <div id="zs-choice" data-source="…/api/keuzehulp/<kind>.json" data-postcodes="…/api/keuzehulp/postcodes.json"
 *        data-spec="…/assets/charts/compare.vl.json" data-vendor="…/assets/vendor/" data-root="../../" data-max="4">
 * with the form, a live region, the result list and the comparison (see generator/site/choice.py for the
 * data files). Without this script the page keeps its explanation and links.
 *
 * Distance: haversine on a sphere of radius R = 6371.0088 km (the mean Earth radius):
 *   a = sin²((φ2 − φ1)/2) + cos φ1 · cos φ2 · sin²((λ2 − λ1)/2),   d = 2R · asin(√a)
 * from the centroid of the visitor's PC4 area (or municipality) to each provider; ties by provider id.
 *
 * State lives in the URL: ?pc=3511&r=25&alle=0&kies=id1,id2,id3 (or gem=<municipality> instead of pc; the
 * municipalities of 2025 by their CBS name, or by a name people use such as gem=Den%20Haag).
 * Typing and filters replace the history entry; choosing or removing a provider pushes one, so Back undoes
 * a choice. Load and popstate restore everything from the URL.
 * The map (below the list; beside it on a wide screen) shows the listed and chosen providers on the provinces
 * (site/maps.py's map-choice, framed on them here); it is drawn when it comes into view, so a phone that never
 * scrolls to it loads no Vega, and the list holds the same providers in words.
 * The chart is the site's 'compare' Vega-Lite spec, drawn by charts.js (Zorgspiegel.embed; Vega loaded from
 * assets/vendor only when a chart is needed; expression interpreter, no eval).
 * Words: every text a visitor sees goes through t(dutchText, {placeholder: value}), the site's labels
 * (labels.js, generated from generator/locale/<language>/scripts.yaml). Numbers and results: charts.js's
 * Zorgspiegel.format, with the site's unit table (units.json) and language, as the provider pages show them.
 */
(function () {
  'use strict';

  // the label in the site's language (labels.js); without labels.js the Dutch text with its {placeholders} filled in
  function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? z.t(text, params) : params ? text.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }

  var app = document.getElementById('zs-choice');
  if (!app) { return; }
  var Z = window.Zorgspiegel || {};
  var format = Z.format;  // charts.js, loaded before this deferred script

  var EARTH_RADIUS_KM = 6371.0088;
  var PAGE = 20;
  var MAX = Number(app.getAttribute('data-max')) || 4;
  var ROOT = app.getAttribute('data-root') || '../../';
  var SYMBOLS = { better: '▲', no_different: '●', worse: '▼', not_compared: '◆' };
  // the comparison words come with the data (data.codes, in the site's language), as the chart's legend does

  function $(id) { return document.getElementById(id); }
  var form = $('zs-choice-form');
  var pcInput = $('zs-choice-pc');
  var pcError = $('zs-choice-pc-error');
  var gemSelect = $('zs-choice-gem');
  var radiusSelect = $('zs-choice-r');
  var allInput = $('zs-choice-alle');
  var live = $('zs-choice-live');
  var loadError = $('zs-choice-load-error');
  var results = $('zs-choice-results');
  var resultsTitle = $('zs-choice-results-title');
  var summary = $('zs-choice-summary');
  var list = $('zs-choice-list');
  var more = $('zs-choice-more');
  var jumpWrap = $('zs-choice-jump-wrap');
  var jump = $('zs-choice-jump');
  var compare = $('zs-choice-compare');
  var compareTitle = $('zs-choice-compare-title');
  var countText = $('zs-choice-count');
  var limitText = $('zs-choice-limit');
  var chosenList = $('zs-choice-chosen');
  var table = $('zs-choice-table');
  var tableWrap = $('zs-choice-table-wrap');
  var scrollHint = $('zs-choice-scroll');
  var charts = $('zs-choice-charts');
  var mapFigure = $('zs-choice-map');
  var mapView = $('zs-choice-map-view');
  var mapSummary = $('zs-choice-map-summary');

  var state = { pc: '', gem: '', r: Number(app.getAttribute('data-radius')) || 25, alle: false, kies: [] };
  var data = null;        // the kind's data file
  var geo = null;         // postcodes.json
  var municipalities = new Map();
  var aliases = new Map();  // lower-case name or alias -> the municipality's CBS name
  var byId = new Map();   // provider id -> index
  var hasResults = [];
  var shownCount = PAGE;
  var lastFound = [];
  var chartRun = 0;
  var views = [];

  // ------------------------------------------------------------ words

  function km(distance) {
    return t('{distance} km', { distance: format.number(distance, distance < 10 ? 1 : 0) });
  }

  function plural(n, one, many) { return n === 1 ? one : many; }

  function providersText(n) {
    var shown = format.number(n, 0);
    return plural(n, t('{n} aanbieder', { n: shown }), t('{n} aanbieders', { n: shown }));
  }

  // ------------------------------------------------------------ distance

  function haversine(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var p1 = lat1 * rad;
    var p2 = lat2 * rad;
    var a = Math.pow(Math.sin((p2 - p1) / 2), 2) +
            Math.cos(p1) * Math.cos(p2) * Math.pow(Math.sin((lon2 - lon1) * rad / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  // ------------------------------------------------------------ data

  function fetchJSON(url) {
    return fetch(new URL(url, window.location.href).href, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) { throw new Error('HTTP ' + response.status + ' voor ' + url); }
      return response.json();
    });
  }

  function code(i, indicatorId) {
    var row = data.results[indicatorId][i];
    return { value: row[0], low: row[1], high: row[2], code: row[3], status: data.codes[row[3]][0],
             comparison: data.codes[row[3]][1], label: data.codes[row[3]][2] };
  }

  function prepare(kind, postcodes) {
    data = kind;
    geo = postcodes;
    data.providers.id.forEach(function (id, i) { byId.set(id, i); });
    hasResults = data.providers.id.map(function (_, i) {
      return data.indicators.some(function (ind) { return data.codes[data.results[ind.id][i][3]][0] === 'published'; });
    });
    var options = geo.municipalities.map(function (m) {
      municipalities.set(m[0], { lat: m[1], lon: m[2] });
      return { text: m[0], value: m[0] };
    });
    // the names people use ('Den Haag'): in the URL always, in the list where they sort elsewhere than the
    // municipality itself ('Hengelo' would stand right above 'Hengelo (O.)')
    (geo.aliases || []).forEach(function (a) {
      aliases.set(a[0].toLowerCase(), a[1]);
      if (municipalities.has(a[1]) && a[1].indexOf(a[0]) !== 0) {
        options.push({ text: t('{name} (gemeente {municipality})', { name: a[0], municipality: a[1] }), value: a[1], alias: true });
      }
    });
    municipalities.forEach(function (m, name) { aliases.set(name.toLowerCase(), name); });
    function sortKey(text) { return text.replace(/^'[st][- ]/, ''); }
    options.sort(function (a, b) { return sortKey(a.text).localeCompare(sortKey(b.text), 'nl', { sensitivity: 'base' }); });
    var fragment = document.createDocumentFragment();
    options.forEach(function (o) {
      var option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      if (o.alias) { option.setAttribute('data-alias', ''); }
      fragment.appendChild(option);
    });
    gemSelect.appendChild(fragment);
  }

  // a municipality as the URL or the search page names it: its CBS name, or a name people use ('Den Haag')
  function municipality(name) {
    return name ? aliases.get(name.trim().toLowerCase()) || '' : '';
  }

  // ------------------------------------------------------------ URL state

  function readUrl() {
    var query = new URLSearchParams(window.location.search);
    var pc = (query.get('pc') || '').trim();
    var radius = Number(query.get('r'));
    var radii = Array.prototype.map.call(radiusSelect.options, function (o) { return Number(o.value); });
    var kies = (query.get('kies') || '').split(',').map(function (s) { return s.trim(); }).filter(function (id, i, all) {
      return id && all.indexOf(id) === i && (!data || byId.has(id));
    }).slice(0, MAX);
    state = { pc: /^\d{4}$/.test(pc) ? pc : (pc ? pc.slice(0, 7) : ''), gem: pc ? '' : municipality(query.get('gem')),
              r: query.has('r') && radii.indexOf(radius) >= 0 ? radius : Number(app.getAttribute('data-radius')) || 25,
              alle: query.get('alle') === '1', kies: kies };
  }

  function queryString() {
    var parts = [];
    if (state.pc) { parts.push('pc=' + encodeURIComponent(state.pc)); } else if (state.gem) { parts.push('gem=' + encodeURIComponent(state.gem)); }
    if (parts.length || state.kies.length) {
      parts.push('r=' + state.r, 'alle=' + (state.alle ? 1 : 0));
    }
    if (state.kies.length) { parts.push('kies=' + state.kies.map(encodeURIComponent).join(',')); }
    return parts.length ? '?' + parts.join('&') : '';
  }

  function save(push) {
    var url = window.location.pathname + queryString();
    if (url === window.location.pathname + window.location.search) { return; }
    window.history[push ? 'pushState' : 'replaceState']({ zsChoice: true }, '', url);
  }

  function applyForm() {
    pcInput.value = state.pc;
    var official = gemSelect.querySelector('option:not([data-alias])[value="' + CSS.escape(state.gem) + '"]');
    gemSelect.value = municipalities.has(state.gem) ? state.gem : '';
    if (official && municipalities.has(state.gem)) { official.selected = true; }
    radiusSelect.value = String(state.r);
    allInput.checked = state.alle;
  }

  // ------------------------------------------------------------ messages

  function announce(text) {
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }

  function showError(text) {
    pcError.textContent = text;
    pcError.hidden = !text;
    if (text) { pcInput.setAttribute('aria-invalid', 'true'); } else { pcInput.removeAttribute('aria-invalid'); }
  }

  // ------------------------------------------------------------ the result list

  function origin() {
    if (state.pc) {
      var point = geo.pc4[state.pc];
      return point ? { lat: point[0], lon: point[1], label: t('postcode {postcode}', { postcode: state.pc }) } : null;
    }
    if (state.gem && municipalities.has(state.gem)) {
      var m = municipalities.get(state.gem);
      return { lat: m.lat, lon: m.lon, label: t('het midden van de gemeente {municipality}', { municipality: state.gem }) };
    }
    return null;
  }

  function postcodeProblem() {
    if (!state.pc) { return state.gem ? '' : t('Vul uw postcode in of kies uw gemeente.'); }
    if (!/^\d{4}$/.test(state.pc)) { return t('Een postcode begint met vier cijfers, bijvoorbeeld 3511.'); }
    if (!geo.pc4[state.pc]) {
      return t('Postcode {postcode} kennen wij niet. Controleer de vier cijfers, of kies hieronder uw gemeente.', { postcode: state.pc });
    }
    return '';
  }

  function find(from) {
    var P = data.providers;
    var found = [];
    var hidden = 0;
    for (var i = 0; i < P.id.length; i++) {
      var distance = haversine(from.lat, from.lon, P.lat[i], P.lon[i]);
      if (state.r && distance > state.r) { continue; }
      if (!state.alle && !hasResults[i]) { hidden += 1; continue; }
      found.push({ i: i, d: distance });
    }
    found.sort(function (a, b) { return a.d - b.d || (P.id[a.i] < P.id[b.i] ? -1 : P.id[a.i] > P.id[b.i] ? 1 : 0); });
    return { found: found, hidden: hidden };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function resultLine(i, ind) {
    var r = code(i, ind.id);
    var item = el('li');
    item.appendChild(el('span', 'zs-choice__key', ind.title + ': '));
    if (r.status === 'published') {
      item.appendChild(el('strong', 'zs-choice__value', format.formatted(r.value, ind.unit, ind.rate_per, ind.unit_label)));
      if (ind.unit !== 'yesno' && r.comparison !== 'not_compared') {
        item.appendChild(document.createTextNode(' '));
        item.appendChild(comparisonNode(r.comparison, r.label));
      }
    } else {
      item.appendChild(el('span', 'zs-choice__status', r.label));
    }
    return item;
  }

  function comparisonNode(comparison, label) {
    var wrap = el('span', 'zs-cmp zs-cmp--' + comparison);
    var symbol = el('span', 'zs-cmp__symbol', SYMBOLS[comparison] || '');
    symbol.setAttribute('aria-hidden', 'true');
    wrap.appendChild(symbol);
    wrap.appendChild(document.createTextNode(' ' + (label || '')));
    return wrap;
  }

  function providerLink(i) {
    var a = el('a', '', data.providers.name[i]);
    a.href = ROOT + 'aanbieders/' + encodeURIComponent(data.providers.id[i]) + '/';
    return a;
  }

  function listItem(entry) {
    var i = entry.i;
    var id = data.providers.id[i];
    var li = el('li', 'zs-choice__item');
    li.setAttribute('data-provider', id);
    var heading = el('h3', 'zs-choice__name');
    heading.appendChild(providerLink(i));
    li.appendChild(heading);
    var meta = el('p', 'zs-choice__meta');
    meta.appendChild(el('span', 'zs-choice__distance', km(entry.d)));
    if (data.providers.city[i]) { meta.appendChild(document.createTextNode(' · ' + data.providers.city[i])); }
    li.appendChild(meta);
    var keys = el('ul', 'zs-choice__keys');
    data.indicators.slice(0, 3).forEach(function (ind) { keys.appendChild(resultLine(i, ind)); });
    li.appendChild(keys);
    var pick = el('div', 'zs-choice__pick');
    var box = el('input');
    box.type = 'checkbox';
    box.id = 'zs-kies-' + i;
    box.value = id;
    box.checked = state.kies.indexOf(id) >= 0;
    var label = el('label');
    label.htmlFor = box.id;
    label.appendChild(document.createTextNode(t('Vergelijken')));
    label.appendChild(el('span', 'zs-visually-hidden', ': ' + data.providers.name[i]));
    pick.appendChild(box);
    pick.appendChild(label);
    li.appendChild(pick);
    return li;
  }

  function renderList(from) {
    list.textContent = '';
    lastFound.slice(0, shownCount).forEach(function (entry) { list.appendChild(listItem(entry)); });
    var rest = lastFound.length - Math.min(shownCount, lastFound.length);
    more.hidden = rest <= 0;
    more.textContent = t('Meer tonen (nog {n})', { n: format.number(rest, 0) });
    drawMap();
  }

  function search(options) {
    options = options || {};
    var problem = postcodeProblem();
    if (problem) {
      results.hidden = true;
      lastFound = [];
      if (state.pc || options.submitted) { showError(problem); }
      if (options.submitted || (state.pc && /^\d{4}$/.test(state.pc))) { announce(problem); }
      if (options.submitted) { pcInput.focus(); }
      return;
    }
    showError('');
    var from = origin();
    var outcome = find(from);
    lastFound = outcome.found;
    if (!options.keepPage) { shownCount = PAGE; }
    var n = lastFound.length;
    resultsTitle.textContent = !state.r ? (n ? providersText(n) : t('Geen aanbieders')) :
      n ? t('{providers} binnen {radius} km', { providers: providersText(n), radius: state.r }) :
      t('Geen aanbieders binnen {radius} km', { radius: state.r });
    var text = t('Gemeten vanaf {origin}, hemelsbreed; de dichtstbijzijnde staat bovenaan.', { origin: from.label });
    if (outcome.hidden) {
      var hidden = format.number(outcome.hidden, 0);
      text += ' ' + plural(outcome.hidden, t('{n} aanbieder zonder resultaten is verborgen.', { n: hidden }),
                           t('{n} aanbieders zonder resultaten zijn verborgen.', { n: hidden }));
    }
    if (!n) { text += state.r ? ' ' + t('Kies een grotere afstand.') : ''; }
    summary.textContent = text;
    renderList(from);
    results.hidden = false;
    updateJump();
    var spoken = t('{results} van {origin}.', { results: resultsTitle.textContent, origin: from.label });
    if (options.submitted) {
      resultsTitle.focus();
      announce(spoken);
    } else if (options.announce) {
      announce(spoken);
    }
  }

  // ------------------------------------------------------------ choosing

  function updateChecks() {
    Array.prototype.forEach.call(list.querySelectorAll('input[type="checkbox"]'), function (box) {
      box.checked = state.kies.indexOf(box.value) >= 0;
    });
  }

  function updateJump() {
    if (!jumpWrap) { return; }
    jumpWrap.hidden = !state.kies.length;
    jump.textContent = t('Naar de vergelijking ({n} gekozen)', { n: state.kies.length });
  }

  function choose(id, on) {
    var name = data.providers.name[byId.get(id)];
    if (on) {
      if (state.kies.indexOf(id) >= 0) { return true; }
      if (state.kies.length >= MAX) {
        var message = t('U kunt tot {max} aanbieders tegelijk vergelijken. Haal eerst een vinkje weg.', { max: MAX });
        limitText.textContent = message;
        limitText.hidden = false;
        compare.hidden = false;
        announce(message);
        return false;
      }
      state.kies = state.kies.concat([id]);
    } else {
      state.kies = state.kies.filter(function (k) { return k !== id; });
    }
    save(true);
    renderCompare();
    drawMap();
    updateChecks();
    updateJump();
    announce((on ? t('{name} gekozen.', { name: name }) : t('{name} niet meer gekozen.', { name: name })) + ' ' +
             (state.kies.length === MAX ? t('{n} van {max} gekozen; meer kan niet.', { n: state.kies.length, max: MAX })
                                        : t('{n} van {max} gekozen.', { n: state.kies.length, max: MAX })));
    return true;
  }

  // ------------------------------------------------------------ comparison table

  function cell(tag, text, className) {
    var node = el(tag, className, text);
    return node;
  }

  function renderTable(indices) {
    var head = table.tHead;
    var body = table.tBodies[0];
    head.textContent = '';
    body.textContent = '';
    var row = el('tr');
    var corner = cell('th', t('Indicator'));
    corner.scope = 'col';
    row.appendChild(corner);
    indices.forEach(function (i) {
      var th = el('th');
      th.scope = 'col';
      th.appendChild(providerLink(i));
      if (data.providers.city[i]) { th.appendChild(el('span', 'zs-choice__city', data.providers.city[i])); }
      row.appendChild(th);
    });
    var nat = cell('th', t('Landelijk'));
    nat.scope = 'col';
    row.appendChild(nat);
    head.appendChild(row);
    data.indicators.forEach(function (ind) {
      var tr = el('tr');
      tr.setAttribute('data-indicator', ind.id);
      var th = el('th');
      th.scope = 'row';
      var title = el('a', 'zs-choice__title', ind.title);
      title.href = ROOT + 'indicatoren/' + encodeURIComponent(ind.id) + '/';
      th.appendChild(title);
      th.appendChild(el('span', 'zs-choice__period', ' (' + ind.period + ')'));
      th.appendChild(el('span', 'zs-choice__lay', ind.lay));
      tr.appendChild(th);
      indices.forEach(function (i) {
        var r = code(i, ind.id);
        var td = el('td');
        td.setAttribute('data-provider', data.providers.id[i]);
        if (r.status === 'published') {
          td.appendChild(el('strong', 'zs-choice__value', format.formatted(r.value, ind.unit, ind.rate_per, ind.unit_label)));
          var range = format.range(r.low, r.high, ind.unit, ind.rate_per);
          if (range) { td.appendChild(el('span', 'zs-choice__interval', '(' + range + ')')); }
          if (ind.unit !== 'yesno') { td.appendChild(comparisonNode(r.comparison, r.label)); }
        } else {
          td.appendChild(el('span', 'zs-status zs-status--' + r.status + ' zs-choice__status', r.label));
        }
        tr.appendChild(td);
      });
      tr.appendChild(cell('td', format.groupValue(ind.national, ind.unit, ind.rate_per, ind.unit_label), 'zs-choice__national'));
      body.appendChild(tr);
    });
  }

  function renderChosen(indices) {
    chosenList.textContent = '';
    indices.forEach(function (i) {
      var li = el('li');
      li.appendChild(el('span', 'zs-choice__chosen-name', data.providers.name[i]));
      var button = el('button', 'zs-choice__remove');
      button.type = 'button';
      button.setAttribute('data-remove', data.providers.id[i]);
      button.appendChild(document.createTextNode(t('Verwijderen')));
      button.appendChild(el('span', 'zs-visually-hidden', ': ' + data.providers.name[i]));
      li.appendChild(button);
      chosenList.appendChild(li);
    });
  }

  function renderCompare() {
    var indices = state.kies.map(function (id) { return byId.get(id); }).filter(function (i) { return i !== undefined; });
    if (!indices.length) {
      compare.hidden = true;
      limitText.hidden = true;
      clearCharts();
      return;
    }
    compare.hidden = false;
    if (indices.length < MAX) { limitText.hidden = true; }
    countText.textContent = indices.length < MAX ?
      t('U heeft {n} van de {max} aanbieders gekozen; kies er hierboven nog meer of haal een vinkje weg.', { n: indices.length, max: MAX }) :
      t('U heeft {n} van de {max} aanbieders gekozen. Dat is het maximum.', { n: indices.length, max: MAX });
    compareTitle.textContent = t('Vergelijking van {providers}', { providers: providersText(indices.length) });
    renderChosen(indices);
    renderTable(indices);
    updateScrollHint();
    renderCharts(indices);
  }

  function updateScrollHint() {
    if (scrollHint && tableWrap) { scrollHint.hidden = compare.hidden || tableWrap.scrollWidth <= tableWrap.clientWidth + 1; }
  }

  // ------------------------------------------------------------ charts

  function loadVega() {
    return Z.loadVega();  // charts.js (on every page) owns the one Vega loader of the site
  }

  var specLoading = null;
  function loadSpec() {
    if (!specLoading) { specLoading = fetchJSON(app.getAttribute('data-spec')); }
    return specLoading;
  }

  function clearCharts() {
    chartRun += 1;
    views.forEach(function (view) { try { view.finalize(); } catch (e) { /* already gone */ } });
    views = [];
    charts.textContent = '';
    charts.removeAttribute('data-state');
  }

  /* Indicators that share a scale share a chart: every percentage in one, each other scale on its own. */
  function chartGroups() {
    var groups = [];
    var byKey = new Map();
    data.indicators.forEach(function (ind) {
      if (ind.unit === 'yesno' || ind.unit === 'text') { return; }
      var percent = format.isShare(ind.unit);  // every share on the percentage axis
      var key = percent ? 'percent' : [ind.unit, ind.min, ind.max, ind.rate_per].join('|');
      if (!byKey.has(key)) {
        var group = { key: key, percent: percent, indicators: [] };
        byKey.set(key, group);
        groups.push(group);
      }
      byKey.get(key).indicators.push(ind);
    });
    return groups;
  }

  function points(group, indices) {
    var rows = [];
    group.indicators.forEach(function (ind) {
      indices.forEach(function (i) {
        var r = code(i, ind.id);
        var published = r.status === 'published';
        rows.push({ order: rows.length, provider_id: data.providers.id[i], name: data.providers.name[i], indicator_id: ind.id,
                    title: ind.title, unit: ind.unit, value: published ? r.value : null,
                    ci_low: published ? r.low : null, ci_high: published ? r.high : null,
                    national_value: ind.national, comparison: published ? r.comparison : '',
                    comparison_label: published ? r.label : '',
                    status_label: published ? '' : r.label });
      });
    });
    return rows;
  }

  /* The compare spec's value axis fits the rows (values, intervals and the national value, charts.py); a scale
     other than percentages gets its own axis title, and two decimals where the site shows two. */
  function adapt(spec, group, rows) {
    if (group.percent) { return spec; }
    var ind = group.indicators[0];
    var values = [];
    rows.forEach(function (r) {
      [r.value, r.ci_low, r.ci_high, r.national_value].forEach(function (v) { if (typeof v === 'number') { values.push(Math.abs(v)); } });
    });
    var top = values.length ? Math.max.apply(null, values) : 1;
    var title = format.axisTitle(ind.unit, ind.rate_per, ind.unit_label);
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== 'object') { return; }
      // the value axis (the x channel with a scale and an axis) gets this scale's title, in the site's language
      if (node.scale && node.axis && typeof node.title === 'string') { node.title = title; }
      if (typeof node.title === 'string' && node.format && node.title.indexOf(' (%)') >= 0) { node.title = node.title.replace(' (%)', ''); }
      if (node.format === '.1f' && format.decimals(ind.unit, top) === 2) { node.format = '.2f'; }
      Object.keys(node).forEach(function (k) { walk(node[k]); });
    })(spec);
    return spec;
  }

  var FIRST = {
    better: function (which) { return t('bij {which} is de score beter dan het landelijk gemiddelde', { which: which }); },
    worse: function (which) { return t('bij {which} is de score slechter dan het landelijk gemiddelde', { which: which }); },
    no_different: function (which) { return t('bij {which} is de score niet duidelijk anders dan het landelijk gemiddelde', { which: which }); }
  };
  var NEXT = {
    better: function (count) { return t('bij {count} beter', { count: count }); },
    worse: function (count) { return t('bij {count} slechter', { count: count }); },
    no_different: function (count) { return t('bij {count} niet duidelijk anders', { count: count }); },
    not_compared: function (count) { return t('bij {count} was geen vergelijking mogelijk', { count: count }); }
  };

  /* One sentence, as charts.summary_compare writes it for the site's other comparisons. */
  function chartSummary(rows) {
    var shown = rows.filter(function (r) { return typeof r.value === 'number'; });
    var providers = new Set(rows.map(function (r) { return r.provider_id; })).size;
    var indicators = new Set(rows.map(function (r) { return r.indicator_id; })).size;
    var head = t('Deze grafiek vergelijkt {providers} op {indicators}', { providers: providersText(providers),
      indicators: plural(indicators, t('{n} indicator', { n: indicators }), t('{n} indicatoren', { n: indicators })) });
    var missing = rows.length - shown.length;
    var tail = missing ? ' ' + plural(missing, t('Bij {n} uitkomst is er geen cijfer.', { n: missing }),
                                      t('Bij {n} uitkomsten is er geen cijfer.', { n: missing })) : '';
    if (!shown.length) { return t('{summary}; er zijn geen gepubliceerde resultaten om te tonen.', { summary: head }); }
    var counts = { better: 0, no_different: 0, worse: 0, not_compared: 0 };
    shown.forEach(function (r) { counts[counts.hasOwnProperty(r.comparison) ? r.comparison : 'not_compared'] += 1; });
    var order = ['better', 'worse', 'no_different', 'not_compared'].filter(function (c) { return counts[c]; });
    var total = shown.length;
    if (order.length === 1 && order[0] === 'not_compared') {
      return (total === 1 ? t('{summary}; de enige uitkomst is niet vergeleken met het landelijk gemiddelde.', { summary: head }) :
              t('{summary}; geen van de {total} uitkomsten is vergeleken met het landelijk gemiddelde.', { summary: head, total: total })) + tail;
    }
    var first = order[0];
    var which = counts[first] < total ? t('{count} van de {total} uitkomsten', { count: counts[first], total: total }) :
                total === 1 ? t('de enige uitkomst') : total === 2 ? t('beide uitkomsten') : t('alle {total} uitkomsten', { total: total });
    var parts = [FIRST[first](which)].concat(order.slice(1).map(function (c) { return NEXT[c](counts[c]); }));
    var clause = parts.length === 1 ? parts[0] : t('{list} en {last}', { list: parts.slice(0, -1).join(', '), last: parts[parts.length - 1] });
    return t('{summary}; {comparison}.', { summary: head, comparison: clause }) + tail;
  }

  function chartFailed(error) {
    charts.textContent = '';
    charts.appendChild(el('p', 'zs-chart__error', t('De grafiek kon niet worden geladen; de tabel hierboven bevat dezelfde gegevens.')));
    charts.setAttribute('data-state', 'error');
    if (window.console && console.warn) { console.warn('Zorgspiegel-keuzehulp: grafiek niet getoond:', error && error.message); }
  }

  function renderCharts(indices) {
    clearCharts();
    var run = chartRun;
    var groups = chartGroups();
    if (!groups.length) { charts.setAttribute('data-state', 'ready'); return; }
    charts.setAttribute('data-state', 'loading');
    var note = app.getAttribute('data-note') || '';
    var figures = groups.map(function (group) {
      var rows = points(group, indices);
      var label = chartSummary(rows);
      var figure = el('figure', 'zs-choice__figure');
      figure.setAttribute('data-group', group.key);
      var caption = el('figcaption');
      caption.appendChild(el('strong', '', (group.percent ? t('Grafiek: percentages.') :
        t('Grafiek: {titles}.', { titles: group.indicators.map(function (i) { return i.title; }).join(', ') })) + ' '));
      caption.appendChild(document.createTextNode(label));
      figure.appendChild(caption);
      var view = el('div', 'zs-chart__view');
      figure.appendChild(view);
      figure.appendChild(el('p', 'zs-chart__note zs-muted', note + ' ' + t('De cijfers staan ook in de tabel.')));
      charts.appendChild(figure);
      return { group: group, rows: rows, label: label, figure: figure, view: view };
    });
    Promise.all([loadVega(), loadSpec()]).then(function (loaded) {
      return Promise.all(figures.map(function (f) {
        if (run !== chartRun) { return null; }
        var spec = adapt(JSON.parse(JSON.stringify(loaded[1])), f.group, f.rows);
        spec.datasets = { points: f.rows };
        return Z.embed(f.view, spec, f.label).then(function (result) {
          if (run !== chartRun) { result.view.finalize(); return; }
          views.push(result.view);
          f.figure.zsView = result.view;  // the tests read the chart's data from here
          f.figure.classList.add('zs-choice__figure--ready');
        });
      }));
    }).then(function () {
      if (run === chartRun) { charts.setAttribute('data-state', 'ready'); }
    }, function (error) {
      if (run === chartRun) { chartFailed(error); }
    });
  }

  // ------------------------------------------------------------ map

  /* The providers in the list (as far as shown) and the chosen ones on the provinces, framed on them: the
     site's map-choice spec (site/maps.py), drawn once the map comes into view, then kept up to date. */
  var mapShown = false;
  var mapRun = 0;
  var mapEmbedding = null;  // Vega-Embed's result, once the map is drawn
  var mapSpecLoading = null;
  var GROUP_ORDER = { found: 0, picked: 1, origin: 2 };

  function mapRows() {
    var from = origin();
    var picked = state.kies.map(function (id) { return byId.get(id); }).filter(function (i) { return i !== undefined; });
    var entries = lastFound.slice(0, shownCount);
    var listed = new Set(entries.map(function (entry) { return entry.i; }));
    picked.forEach(function (i) {
      if (!listed.has(i)) { entries.push({ i: i, d: from ? haversine(from.lat, from.lon, data.providers.lat[i], data.providers.lon[i]) : null }); }
    });
    var rows = entries.map(function (entry) {
      var i = entry.i;
      var group = picked.indexOf(i) >= 0 ? 'picked' : 'found';
      return { id: data.providers.id[i], name: data.providers.name[i], city: data.providers.city[i], group: group,
               order: GROUP_ORDER[group], lat: data.providers.lat[i], lon: data.providers.lon[i],
               distance: entry.d === null ? '' : km(entry.d) };
    });
    if (from) { rows.push({ id: '', name: from.label, city: '', group: 'origin', order: GROUP_ORDER.origin, lat: from.lat, lon: from.lon, distance: '' }); }
    return rows;
  }

  // what the map shows, in one sentence: its summary under the heading and the label of its image
  function mapText(rows) {
    var found = rows.filter(function (r) { return r.group !== 'origin'; });
    var picked = found.filter(function (r) { return r.group === 'picked'; }).length;
    var from = origin();
    var text = !found.length ? t('Er staan geen aanbieders in de lijst.') :
      t('{providers} uit de lijst op hun adres, gemeten vanaf {origin}.', { providers: providersText(found.length), origin: from ? from.label : '' });
    if (picked) {
      text += ' ' + plural(picked, t('De aanbieder die u koos is oranje.'), t('De {n} aanbieders die u koos zijn oranje.', { n: picked }));
    }
    return text;
  }

  // the area to show: every point, with a margin, and at least about 13 km across; in Mercator units (maps.FRAME)
  function mapFrame(rows) {
    var lats = rows.map(function (r) { return r.lat; });
    var lons = rows.map(function (r) { return r.lon; });
    var south = Math.min.apply(null, lats);
    var north = Math.max.apply(null, lats);
    var west = Math.min.apply(null, lons);
    var east = Math.max.apply(null, lons);
    var padLat = Math.max((north - south) * 0.1, 0.06);
    var padLon = Math.max((east - west) * 0.1, 0.1);
    south -= padLat; north += padLat; west -= padLon; east += padLon;
    function y(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)); }
    var middle = (y(north) + y(south)) / 2;
    return { frame_lon: (west + east) / 2, frame_lat: (2 * Math.atan(Math.exp(middle)) - Math.PI / 2) * 180 / Math.PI,
             frame_dx: (east - west) * Math.PI / 180, frame_dy: y(north) - y(south) };
  }

  function mapFailed(error) {
    mapView.hidden = true;
    if (!mapFigure.querySelector('.zs-chart__error')) {
      mapFigure.insertBefore(el('p', 'zs-chart__error', t('De kaart kon niet worden geladen; de lijst bevat dezelfde aanbieders.')), mapView);
    }
    mapFigure.setAttribute('data-state', 'error');
    if (window.console && console.warn) { console.warn('Zorgspiegel choice aid: map not drawn:', error && error.message); }
  }

  function drawMap() {
    if (!mapFigure) { return; }
    var rows = mapRows();
    var label = mapText(rows);
    mapSummary.textContent = label;
    if (!mapShown || !rows.length) { return; }
    var run = ++mapRun;
    var frame = mapFrame(rows);
    mapFigure.setAttribute('data-state', 'loading');
    if (!mapSpecLoading) { mapSpecLoading = fetchJSON(mapFigure.getAttribute('data-spec')); }
    Promise.all([loadVega(), mapSpecLoading]).then(function (loaded) {
      if (run !== mapRun) { return null; }
      if (!mapEmbedding) {  // the first drawing: the spec with this frame and these points
        mapEmbedding = Z.readGeo({ geo: mapFigure.getAttribute('data-geo'), feature: mapFigure.getAttribute('data-feature') }).then(function (areas) {
          var spec = JSON.parse(JSON.stringify(loaded[1]));
          spec.params = (spec.params || []).map(function (p) { return frame.hasOwnProperty(p.name) ? { name: p.name, value: frame[p.name] } : p; });
          spec.datasets = { areas: areas, points: rows };
          return Z.embed(mapView, spec, label);
        });
        return mapEmbedding;
      }
      return mapEmbedding.then(function (result) {  // drawn already: new points and frame in the same view
        if (run !== mapRun) { return null; }
        Object.keys(frame).forEach(function (name) { result.view.signal(name, frame[name]); });
        return result.view.data('points', rows).runAsync().then(function () { return result; });
      });
    }).then(function (result) {
      if (!result || run !== mapRun) { return; }
      var svg = mapView.querySelector('svg');
      if (svg) { svg.setAttribute('aria-label', label); }
      mapFigure.zsView = result.view;  // the tests read the map's points from here
      mapFigure.setAttribute('data-state', 'ready');
    }, function (error) {
      if (run === mapRun) { mapFailed(error); }
    });
  }

  function watchMap() {
    if (!mapFigure) { return; }
    if (!('IntersectionObserver' in window)) { mapShown = true; return; }
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) { return; }
      observer.disconnect();
      mapShown = true;
      drawMap();
    }, { rootMargin: '200px 0px' });
    observer.observe(mapFigure);
  }

  // ------------------------------------------------------------ events

  function restore() {
    readUrl();
    applyForm();
    if (state.pc || state.gem) {
      search({ keepPage: false });
    } else {
      results.hidden = true;
      showError('');
    }
    renderCompare();
    updateJump();
  }

  function readPostcode() {
    var match = pcInput.value.match(/^\s*(\d{4})\s*([A-Za-z]{2})?\s*$/);
    return match ? match[1] : pcInput.value.trim();
  }

  function start(kind, postcodes) {
    prepare(kind, postcodes);
    watchMap();
    restore();

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      state.pc = readPostcode();
      if (state.pc) { state.gem = ''; gemSelect.value = ''; }
      save(false);
      search({ submitted: true });
    });

    pcInput.addEventListener('input', function () {
      var pc = readPostcode();
      if (!/^\d{4}$/.test(pc)) {
        if (!pc || pc.length < 4) { showError(''); }
        return;
      }
      if (pc === state.pc && !results.hidden) { return; }
      state.pc = pc;
      state.gem = '';
      gemSelect.value = '';
      save(false);
      search({ announce: true });
    });

    gemSelect.addEventListener('change', function () {
      state.gem = gemSelect.value;
      if (state.gem) { state.pc = ''; pcInput.value = ''; }
      save(false);
      if (state.gem) { search({ announce: true }); } else { results.hidden = true; }
    });

    radiusSelect.addEventListener('change', function () {
      state.r = Number(radiusSelect.value);
      save(false);
      if (state.pc || state.gem) { search({ announce: true }); }
    });

    allInput.addEventListener('change', function () {
      state.alle = allInput.checked;
      save(false);
      if (state.pc || state.gem) { search({ announce: true }); }
    });

    list.addEventListener('change', function (event) {
      var box = event.target;
      if (!box || box.type !== 'checkbox') { return; }
      if (!choose(box.value, box.checked)) { box.checked = false; }
    });

    more.addEventListener('click', function () {
      var first = shownCount;
      shownCount += PAGE;
      renderList();
      var next = list.children[first];
      if (next) { next.querySelector('a').focus(); }
      announce(t('{shown} van de {total} aanbieders getoond.', { shown: format.number(Math.min(shownCount, lastFound.length), 0),
                                                           total: format.number(lastFound.length, 0) }));
    });

    chosenList.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-remove]');
      if (!button) { return; }
      choose(button.getAttribute('data-remove'), false);
      var next = chosenList.querySelector('button[data-remove]');
      (next || (results.hidden ? pcInput : resultsTitle)).focus();
    });

    if (jump) {
      jump.addEventListener('click', function (event) {
        event.preventDefault();
        compare.scrollIntoView();
        compareTitle.focus();
      });
    }

    window.addEventListener('popstate', restore);
    window.addEventListener('resize', updateScrollHint);
  }

  // ------------------------------------------------------------ go

  $('zs-choice-nojs').hidden = true;
  form.hidden = false;
  Promise.all([fetchJSON(app.getAttribute('data-source')), fetchJSON(app.getAttribute('data-postcodes')),
               format && Z.embed ? format.load() : Promise.reject(new Error('charts.js is niet geladen'))]).then(function (loaded) {
    start(loaded[0], loaded[1]);
    app.setAttribute('data-ready', 'true');
  }, function (error) {
    loadError.textContent = t('De gegevens van de keuzehulp konden niet worden geladen. Probeer het later opnieuw, of bekijk de aanbieders per regio of van A tot Z (onderaan deze pagina).');
    loadError.hidden = false;
    form.hidden = true;
    if (window.console && console.warn) { console.warn('Zorgspiegel-keuzehulp:', error && error.message); }
  });
})();
