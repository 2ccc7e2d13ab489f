/*
 * Zorgspiegel: charts and sortable tables.
 *
 * Plain ES2017, no build step, no inline script: works under
 *   script-src 'self' 'wasm-unsafe-eval'   (no 'unsafe-eval': Vega runs its CSP-safe expression interpreter)
 * Load after vendor/vega.min.js, vendor/vega-lite.min.js, vendor/vega-embed.min.js, vendor/vega-interpreter.js.
 *
 * A chart is
 *   <figure class="zs-chart" data-spec="../../assets/charts/funnel.vl.json" data-source="../pagina.json"
 *           data-datasets='{"points":{"key":"results","filter":{"status":"published","period":"2025"}},
 *                           "national":{"key":"national"}}'
 *           data-label="One sentence that says what the chart shows.">
 *     <div class="zs-chart__view"></div>
 *     <figcaption>…</figcaption>
 *   </figure>
 * data-spec and data-source are resolved against the page URL; each named dataset takes the rows at "key"
 * (a dotted path into the page JSON; an object becomes one row) that match every filter field (a value, or
 * an array of allowed values; compared as text), plus the fields of "assign" if given (e.g. {"unit": "proportion"}:
 * the percentage charts multiply rows with unit "proportion" by 100). The rows go into spec.datasets and
 * Vega-Embed draws SVG. A dataset {"geo": "<url>", "feature": "<object>", "filter": {…}} is a map's boundaries
 * instead: a TopoJSON file of the site itself (assets/geo/, no tile server), read with vega.read (site/maps.py).
 * With no rows the view is hidden and the caption stays; on an error a short message replaces it.
 * Words and numbers are in the site's language: labels.js (loaded before this file) sets
 * Zorgspiegel.language, .locale and .t(dutchText, {placeholder: value}); without it everything stays Dutch.
 *
 * Zorgspiegel.format is the site's one number formatter in the browser, the twin of generator/site/formatting.py:
 * the unit table is core/units.py's, written as units.json next to this file (load() fetches it once), and the
 * digits are Intl.NumberFormat's in Zorgspiegel.locale, rounded as Python rounds (the exact binary value, a tie
 * to the even digit), so a figure reads the same in the choice aid as on the provider pages.
 * Zorgspiegel.embed(view, spec, label) draws a spec with the site's Vega options and number locale (choice.js too);
 * Zorgspiegel.readGeo({geo, feature, filter}) reads a map's boundaries as a geo dataset does (choice.js's map).
 */
(function () {
  'use strict';

  // the label in the site's language (labels.js); without labels.js the Dutch text with its {placeholders} filled in
  function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? z.t(text, params) : params ? text.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }

  var LANGUAGE = (window.Zorgspiegel && window.Zorgspiegel.language) || 'nl';
  var ERROR_TEXT = t('De grafiek kon niet worden geladen; de tabel hieronder bevat dezelfde gegevens.');
  var cache = new Map();

  function fetchJSON(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status + ' voor ' + url); }
        return response.json();
      }));
    }
    return cache.get(url);
  }

  function resolve(url) {
    return new URL(url, window.location.href).href;
  }

  // ------------------------------------------------------------ numbers and units (Zorgspiegel.format)

  var SCRIPTS = (document.currentScript && document.currentScript.src || '').replace(/charts\.js(\?.*)?$/, '');
  var units = null;          // units.json (core/units.py's table), once load() has read it
  var unitsLoading = null;
  var numberFormats = new Map();

  function locale() { return (window.Zorgspiegel && window.Zorgspiegel.locale) || 'nl-NL'; }

  function missing(value) { return typeof value !== 'number' || isNaN(value); }

  function loadUnits() {
    if (!unitsLoading) {
      unitsLoading = fetchJSON(resolve(SCRIPTS + 'units.json')).then(function (table) { units = table; return table; });
    }
    return unitsLoading;
  }

  // `value` with `d` decimals as Python's f'{value:.{d}f}' writes it: the exact binary value rounded, a tie to the
  // even digit. (toFixed rounds a tie away from zero; Intl.NumberFormat rounds the shortest decimal: 2.675 -> 2.68.)
  function fixed(value, d) {
    var text = value.toFixed(d);
    var exact = Math.abs(value) < 1e21 ? Math.abs(value).toFixed(100) : '';
    var point = exact.indexOf('.');
    if (point > 0 && exact.charAt(point + 1 + d) === '5' && /^0*$/.test(exact.slice(point + 2 + d))) {
      var down = exact.slice(0, d ? point + 1 + d : point);  // the tie's neighbour towards zero
      if (Number(down.charAt(down.length - 1)) % 2 === 0) { text = (value < 0 ? '-' : '') + down; }
    }
    return (value < 0 || Object.is(value, -0)) && text.charAt(0) !== '-' ? '-' + text : text;
  }

  // a number in the site's language (Dutch 1.234,5, English 1,234.5); '' for none (formatting.number)
  function number(value, d) {
    if (missing(value)) { return ''; }
    d = d === undefined ? 1 : d;
    var key = locale() + '|' + d;
    if (!numberFormats.has(key)) {
      numberFormats.set(key, new Intl.NumberFormat(locale(), { minimumFractionDigits: d, maximumFractionDigits: d }));
    }
    return numberFormats.get(key).format(fixed(value, d));  // a decimal string: formatted as it is
  }

  // the decimals the site shows for `value` in `unit`: the table's, or for a unit without fixed decimals (means,
  // medians) the table's rule for them: `small` below `switch`, else `large` (core/units.FREE_DECIMALS)
  function decimals(unit, value) {
    var u = units && (units[unit] || units.mean);  // an unknown unit: as a figure without fixed decimals
    var d = u ? u.decimals : null;
    if (typeof d === 'number') { return d; }
    if (!d) { return 1; }  // units.json not loaded (load() first)
    return Math.abs(value) < d['switch'] ? d.small : d.large;
  }


  // a result as a table cell shows it: '23,4%', '12,3 per 1.000', 'ja', '5,2 weken' (formatting.formatted)
  function formatted(value, unit, ratePer, label) {
    if (unit === 'yesno') { return value === 1 ? t('ja') : value === 0 ? t('nee') : ''; }
    if (unit === 'text' || missing(value)) { return ''; }
    var shown = number(value, decimals(unit, value));
    if (unit === 'percentage') { return shown + '%'; }
    if (unit === 'rate') { return t('{value} per {per}', { value: shown, per: number(ratePer || 1, 0) }); }
    return label && unit !== 'proportion' ? shown + ' ' + label : shown;
  }

  // a yes/no group's value: the share answering yes, '64,0% ja' (formatting.share_yes)
  function shareYes(value) {
    return missing(value) ? '' : t('{percent}% ja', { percent: number(value, decimals('percentage', value)) });
  }

  // a group's (e.g. the national) value: yes/no as the share answering yes (mirror.group_value_text)
  function groupValue(value, unit, ratePer, label) {
    return unit === 'yesno' ? shareYes(value) : formatted(value, unit, ratePer, label);
  }

  // an interval in the unit's format, its suffix once: '62,1 – 74,3%', '12,3 – 15,0 per 1.000' (mirror.range_text)
  function range(low, high, unit, ratePer) {
    if (missing(low) || missing(high)) { return ''; }
    var first = unit === 'percentage' || unit === 'rate' ? number(low, decimals(unit, low)) : formatted(low, unit, ratePer);
    return first + ' – ' + formatted(high, unit, ratePer);
  }

  // a value axis' title for a unit other than a share, with the catalogue's unit_label as the table cells
  // show it after each figure: 'Gemiddelde (weken)'
  function axisTitle(unit, ratePer, label) {
    if (unit === 'rate') { return t('Aantal per {per}', { per: number(ratePer || 1, 0) }); }
    var title = { mean: t('Gemiddelde'), median: t('Mediaan'), count: t('Aantal'), number: t('Getal') }[unit] || t('Waarde');
    var declared = typeof label === 'string' ? label.trim() : '';
    return declared && unit !== 'proportion' ? title + ' (' + declared + ')' : title;
  }

  // whether values of `unit` are shares of a denominator (percentage, proportion): drawn on the 0–100 axis
  function isShare(unit) { return Boolean(units && units[unit] && units[unit].share); }

  // Vega's (d3-format's) decimal sign and thousands separator: Intl's, in the site's language
  function vegaNumberLocale() {
    var parts = new Intl.NumberFormat(locale()).formatToParts(1234.5);
    function part(type) { var found = parts.find(function (p) { return p.type === type; }); return found ? found.value : ''; }
    return { decimal: part('decimal') || '.', thousands: part('group'), grouping: [3] };
  }

  // ------------------------------------------------------------ charts

  function pick(json, key) {
    var value = json;
    String(key || '').split('.').forEach(function (part) {
      if (part && value !== null && value !== undefined) { value = value[part]; }
    });
    if (Array.isArray(value)) { return value; }
    if (value !== null && typeof value === 'object') { return [value]; }
    return [];
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function matches(row, filter) {
    return Object.keys(filter || {}).every(function (field) {
      var allowed = Array.isArray(filter[field]) ? filter[field] : [filter[field]];
      return allowed.map(text).indexOf(text(row[field])) >= 0;
    });
  }

  function buildDatasets(json, definitions) {
    var datasets = {};
    Object.keys(definitions).forEach(function (name) {
      var definition = definitions[name] || {};
      if (definition.geo) { return; }  // a map's boundaries: addGeo
      var rows = Array.isArray(definition.values) ? definition.values : pick(json, definition.key);
      datasets[name] = rows.filter(function (row) {
        return row !== null && typeof row === 'object' && matches(row, definition.filter);
      }).map(function (row) {
        return definition.assign ? Object.assign({}, row, definition.assign) : row;
      });
    });
    return datasets;
  }

  // A dataset {"geo": url, "feature": object, "filter": {...}} is a TopoJSON file of the site (assets/geo/):
  // its object's shapes, read by Vega's own TopoJSON reader into GeoJSON features, filtered on their properties.
  async function readGeo(definition) {
    var topology = await fetchJSON(resolve(definition.geo));
    return vega.read(topology, { type: 'topojson', feature: definition.feature }).filter(function (shape) {
      return matches(shape.properties || {}, definition.filter);
    });
  }

  async function addGeo(datasets, definitions) {
    var names = Object.keys(definitions).filter(function (name) { return definitions[name] && definitions[name].geo; });
    await Promise.all(names.map(async function (name) { datasets[name] = await readGeo(definitions[name]); }));
  }

  function isEmpty(datasets) {
    if (datasets.points) { return datasets.points.length === 0; }
    return Object.keys(datasets).every(function (name) { return datasets[name].length === 0; });
  }

  function showError(figure, view, error) {
    view.hidden = true;
    figure.classList.add('zs-chart--error');
    if (!figure.querySelector('.zs-chart__error')) {
      var message = document.createElement('p');
      message.className = 'zs-chart__error';
      message.textContent = ERROR_TEXT;
      figure.insertBefore(message, view.nextSibling);
    }
    if (window.console && console.warn) { console.warn('Zorgspiegel-grafiek niet getoond:', error && error.message); }
  }

  function labelSvg(view, label) {
    var svg = view.querySelector('svg');
    if (!svg) { return; }
    svg.setAttribute('role', 'img');
    svg.removeAttribute('aria-roledescription');
    if (label) { svg.setAttribute('aria-label', label); }
  }

  // `spec` drawn in `view` with the site's Vega options and numbers in the site's language; the SVG is an image
  // labelled `label`. Resolves to Vega-Embed's result.
  function embed(view, spec, label) {
    var numbers = vegaNumberLocale();
    if (label) { spec.description = label; }
    // the numbers in the site's language, whatever number locale the spec's own config names
    spec.config = Object.assign({}, spec.config, { locale: Object.assign({}, spec.config && spec.config.locale, { number: numbers }) });
    return vegaEmbed(view, spec, {
      renderer: 'svg',
      actions: false,
      ast: true,
      expr: vega.expressionInterpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true, theme: 'light' },
      config: { locale: { number: numbers } },
      // Vega-Lite warns about harmless things (e.g. 'Dropping "fit-y"' on charts with a row height);
      // visitors' consoles stay quiet unless the page asks for it with <html data-zs-debug>.
      logLevel: document.documentElement.hasAttribute('data-zs-debug') ? vega.Warn : vega.Error
    }).then(function (result) {
      labelSvg(view, label);
      result.view.addResizeListener(function () { labelSvg(view, label); });
      return result;
    });
  }

  async function renderChart(figure) {
    var view = figure.querySelector('.zs-chart__view');
    if (!view || figure.getAttribute('data-zs-rendered')) { return; }
    figure.setAttribute('data-zs-rendered', 'true');
    try {
      if (typeof vegaEmbed !== 'function' || typeof vega === 'undefined' || !vega.expressionInterpreter) {
        throw new Error('Vega is niet geladen');
      }
      var definitions = JSON.parse(figure.getAttribute('data-datasets') || '{}');
      var source = figure.getAttribute('data-source');  // empty: every dataset has its rows inline ("values")
      var loaded = await Promise.all([fetchJSON(resolve(figure.getAttribute('data-spec'))),
                                      source ? fetchJSON(resolve(source)) : Promise.resolve({})]);
      var datasets = buildDatasets(loaded[1], definitions);
      await addGeo(datasets, definitions);
      if (isEmpty(datasets)) {
        view.hidden = true;
        figure.classList.add('zs-chart--empty');
        return;
      }
      var spec = JSON.parse(JSON.stringify(loaded[0]));
      spec.datasets = datasets;
      var result = await embed(view, spec, figure.getAttribute('data-label') || '');
      await addTools(figure, result.view, datasets);
      figure.classList.add('zs-chart--ready');
    } catch (error) {
      showError(figure, view, error);
    }
  }

  // ------------------------------------------------------------ downloads under a chart

  // one CSV field: quoted when it holds a separator, quote or line break; a text a spreadsheet would take for a
  // formula starts with an apostrophe (as in the data packages, core/cells.py)
  function csvCell(value) {
    if (value === null || value === undefined) { return ''; }
    var cell = typeof value === 'number' ? String(value) : String(value).replace(/^([=+\-@\t\r])/, "'$1");
    return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  // the chart's own rows (its main dataset: points, spine or the first one) as CSV text
  function chartCsv(datasets) {
    var rows = datasets.points || datasets.spine || datasets[Object.keys(datasets)[0]] || [];
    var columns = [];
    rows.forEach(function (row) { Object.keys(row).forEach(function (k) { if (columns.indexOf(k) < 0) { columns.push(k); } }); });
    return [columns.join(',')].concat(rows.map(function (row) {
      return columns.map(function (k) { return csvCell(row[k]); }).join(',');
    })).join('\n') + '\n';
  }

  function toolLink(text, href, file, format) {
    var link = document.createElement('a');
    link.href = href;
    link.download = file;
    link.setAttribute('data-format', format);
    link.textContent = text;
    return link;
  }

  // under the chart: "Download de gegevens (CSV)" and "Download de afbeelding (SVG/PNG)" (Vega's toImageURL)
  async function addTools(figure, vegaView, datasets) {
    if (figure.querySelector('.zs-chart__tools')) { return; }
    var file = figure.getAttribute('data-file') || 'zorgspiegel';
    var csv = URL.createObjectURL(new Blob(['\ufeff' + chartCsv(datasets)], { type: 'text/csv;charset=utf-8' }));
    var images = await Promise.all([vegaView.toImageURL('svg'), vegaView.toImageURL('png', 2)]);
    var tools = document.createElement('p');
    tools.className = 'zs-chart__tools';
    tools.appendChild(toolLink(t('Download de gegevens (CSV)'), csv, file + '.csv', 'csv'));
    tools.appendChild(document.createTextNode(' · ' + t('Download de afbeelding') + ' ('));
    tools.appendChild(toolLink('SVG', images[0], file + '.svg', 'svg'));
    tools.appendChild(document.createTextNode(' / '));
    tools.appendChild(toolLink('PNG', images[1], file + '.png', 'png'));
    tools.appendChild(document.createTextNode(')'));
    var note = figure.querySelector('.zs-chart__cite') || figure.querySelector('.zs-chart__note');
    figure.insertBefore(tools, note ? note.nextSibling : null);
  }

  // ------------------------------------------------------------ sortable tables

  var collator = new Intl.Collator(LANGUAGE, { numeric: true, sensitivity: 'base' });

  function sortKey(cell) {
    if (!cell) { return ''; }
    return cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent.trim();
  }

  function isNumber(value) {
    return value !== '' && isFinite(Number(value));
  }

  function sortTable(table, header, direction) {
    var index = header.cellIndex;
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = Array.prototype.map.call(body.rows, function (row, position) {
        return { row: row, key: sortKey(row.cells[index]), position: position };
      });
      var numeric = rows.every(function (item) { return item.key === '' || isNumber(item.key); });
      var sign = direction === 'descending' ? -1 : 1;
      rows.sort(function (a, b) {
        if (a.key === '' || b.key === '') {  // empty cells last, whatever the direction
          return (a.key === '') - (b.key === '') || a.position - b.position;
        }
        var order = numeric ? Number(a.key) - Number(b.key) : collator.compare(a.key, b.key);
        return sign * order || a.position - b.position;
      });
      rows.forEach(function (item) { body.appendChild(item.row); });
    });
    Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (th) {
      if (th === header) { th.setAttribute('aria-sort', direction); } else { th.removeAttribute('aria-sort'); }
    });
  }

  function enhanceTable(table) {
    if (table.getAttribute('data-zs-sortable')) { return; }
    table.setAttribute('data-zs-sortable', 'true');
    Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (th) {
      if (th.classList.contains('zs-nosort') || th.colSpan > 1) { return; }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'zs-sort';
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var icon = document.createElement('span');
      icon.className = 'zs-sort__icon';
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener('click', function () {
        sortTable(table, th, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
      });
    });
  }

  // Vega is loaded only on pages that have a chart (search and list pages stay light).
  var VENDOR = SCRIPTS.replace(/javascripts\/$/, 'vendor/');
  var VEGA_FILES = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'vega-interpreter.js'];
  var vegaLoading = null;

  function loadScript(src) {
    return new Promise(function (ok, fail) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = ok;
      script.onerror = function () { fail(new Error('kon ' + src + ' niet laden')); };
      document.head.appendChild(script);
    });
  }

  function loadVega() {
    if (typeof vegaEmbed === 'function' && typeof vega !== 'undefined' && vega.expressionInterpreter) { return Promise.resolve(); }
    if (!vegaLoading) {
      vegaLoading = VEGA_FILES.reduce(function (chain, file) {
        return chain.then(function () { return loadScript(VENDOR + file); });
      }, Promise.resolve());
    }
    return vegaLoading;
  }

  // The choice aid (choice.js) loads Vega, draws and formats through these. Added to the object labels.js made,
  // if any: its language and labels stay.
  window.Zorgspiegel = window.Zorgspiegel || {};
  window.Zorgspiegel.loadVega = loadVega;
  window.Zorgspiegel.embed = embed;
  window.Zorgspiegel.readGeo = readGeo;  // the choice aid's map: {"geo": url, "feature": object} -> shapes
  window.Zorgspiegel.format = {
    load: loadUnits, number: number, decimals: decimals, formatted: formatted, shareYes: shareYes,
    groupValue: groupValue, range: range, axisTitle: axisTitle, isShare: isShare
  };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('table.zs-sortable'), enhanceTable);
    var figures = document.querySelectorAll('figure.zs-chart');
    if (!figures.length) { return; }
    loadVega().then(function () {
      Array.prototype.forEach.call(figures, renderChart);
    }, function (error) {
      Array.prototype.forEach.call(figures, function (figure) { showError(figure, figure.querySelector('.zs-chart__view'), error); });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
  // mkdocs-material's instant navigation swaps pages without a new DOMContentLoaded.
  if (window.document$ && typeof window.document$.subscribe === 'function') {
    window.document$.subscribe(start);
  }
})();
