// Zorgspiegel's query page (zelf-bevragen/): the release's Parquet tables in DuckDB-WASM, queried in SQL in the
// browser. Loaded by that page only. Nothing is loaded until the first query: then the engine (assets/vendor/duckdb/,
// see its README) and the tables linked on the page, with the bytes shown as they arrive.
// - DuckDB's worker starts from a blob: URL that imports the worker script, so it inherits the page's
//   Content-Security-Policy (connect-src 'self'): it cannot reach another host, whatever a query asks.
// - DuckDB-WASM has no Parquet reader of its own (it would download an extension from another host):
//   parquet-wasm reads each file into Arrow IPC, which DuckDB loads as a table with the file's types.
// - Then DuckDB loads no extension, reads no file or URL, and its configuration is locked.
// Results: a table of at most data-max-rows rows with the count, and a CSV of all rows (text cells that a
// spreadsheet would run as a formula get a leading apostrophe, as in the site's own CSV files).
// Words are in the site's language through t('Dutch text', {placeholder: value}) (labels.js).
(function () {
  'use strict';
  // the label in the site's language (labels.js); without labels.js the Dutch text with its {placeholders} filled in
  function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? z.t(text, params) : params ? text.replace(/\{([a-z_][a-z0-9_]*)\}/g, function (all, name) { return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }

  var box = document.getElementById('zs-query');
  var unavailable = document.getElementById('zs-query-unavailable');
  var reason = document.getElementById('zs-query-reason');
  var form = document.getElementById('zs-query-form');
  var sql = document.getElementById('zs-sql');
  var run = document.getElementById('zs-query-run');
  var bar = document.getElementById('zs-query-progress');
  var status = document.getElementById('zs-query-status');
  var download = document.getElementById('zs-query-download');
  var csvLink = document.getElementById('zs-query-csv');
  var result = document.getElementById('zs-query-result');
  if (!box || !unavailable || !form || !sql || !run || !bar || !status || !download || !csvLink || !result) { return; }

  var engine = new URL(box.getAttribute('data-engine'), document.baseURI).href;
  var engineFiles = JSON.parse(box.getAttribute('data-engine-files') || '{}');  // file name -> bytes
  var maxRows = Number(box.getAttribute('data-max-rows')) || 200;
  var tables = Array.prototype.map.call(document.querySelectorAll('a[data-query-table]'), function (a) {
    return { name: a.getAttribute('data-query-table'), url: a.href, bytes: Number(a.getAttribute('data-bytes')) || 0 };
  });
  var connection = null;
  var busy = false;
  var answers = 0;
  var csvUrl = null;

  // a number in the site's language with d decimals (charts.js's formatter, on every page)
  function number(value, d) {
    var format = window.Zorgspiegel && window.Zorgspiegel.format;
    return format && typeof format.number === 'function' ? format.number(value, d) : value.toFixed(d);
  }

  function megabytes(bytes) { return number(bytes / 1e6, 1) + ' MB'; }

  function cannot(message) {
    reason.textContent = message;
    unavailable.hidden = false;
    bar.hidden = true;
  }

  if (typeof WebAssembly !== 'object' || typeof Worker !== 'function' || typeof BigInt !== 'function' || !window.fetch) {
    cannot(t('Deze browser kan geen WebAssembly uitvoeren.'));
    return;
  }
  unavailable.hidden = true;
  box.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll('.zs-query__example, .zs-query__examples-intro'), function (node) { node.hidden = false; });

  // ---------------------------------------------------------------- loading, with the bytes as they arrive

  function Progress(total) {
    var loaded = {};
    var said = 0;
    this.done = function (name) { this.tick(name, engineFiles[name] || 0); };
    this.stopped = false;  // after a failure the downloads still under way say nothing more
    this.tick = function (key, bytes) {
      if (this.stopped) { return; }
      loaded[key] = bytes;
      var sum = 0;
      Object.keys(loaded).forEach(function (k) { sum += loaded[k]; });
      sum = Math.min(sum, total);
      bar.max = total;
      bar.value = sum;
      var now = Date.now();
      if (now - said > 700 || sum === total) {  // a live region that changes every few ms is not read out
        said = now;
        status.textContent = t('Laden: {loaded} van {total}.', { loaded: megabytes(sum), total: megabytes(total) });
      }
    };
  }

  function fetchBytes(url, progress, key) {
    return fetch(url).then(function (response) {  // the bytes as they arrive, for the progress bar
      if (!response.ok) { throw new Error(url + ': HTTP ' + response.status); }
      if (!response.body || !response.body.getReader) {
        return response.arrayBuffer().then(function (buffer) { progress.tick(key, buffer.byteLength); return new Uint8Array(buffer); });
      }
      var reader = response.body.getReader();
      var chunks = [];
      var size = 0;
      function next() {
        return reader.read().then(function (part) {
          if (part.done) {
            var out = new Uint8Array(size);
            var at = 0;
            chunks.forEach(function (chunk) { out.set(chunk, at); at += chunk.length; });
            return out;
          }
          chunks.push(part.value);
          size += part.value.length;
          progress.tick(key, size);
          return next();
        });
      }
      return next();
    });
  }

  function classicScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error(url + ' did not load')); };
      document.head.appendChild(script);
    });
  }

  async function start() {
    var total = tables.reduce(function (sum, table) { return sum + table.bytes; }, 0);
    Object.keys(engineFiles).forEach(function (name) { total += engineFiles[name]; });
    var progress = progressing = new Progress(total);
    bar.hidden = false;
    progress.tick('start', 0);
    await classicScript(engine + 'arrow.es2015.min.js');  // the global Arrow that duckdb-browser.mjs uses
    progress.done('arrow.es2015.min.js');
    var modules = await Promise.all([import(engine + 'duckdb-browser.mjs'), import(engine + 'parquet_wasm.js')]);
    progress.done('duckdb-browser.mjs');
    progress.done('parquet_wasm.js');
    var duckdb = modules[0];
    var parquet = modules[1];
    var features = await duckdb.getPlatformFeatures();
    if (!features.wasmExceptions) { throw new Unsupported(t('Deze browser is te oud voor de database (WebAssembly-uitzonderingen ontbreken).')); }
    // a failure inside the worker that DuckDB leaves unhandled (a wasm that does not load) becomes an error
    // of the Worker here, instead of a wait that never ends
    var workerScript = new Blob([
      'self.addEventListener("unhandledrejection", function (e) { setTimeout(function () { throw e.reason; }); });\n' +
      'importScripts(' + JSON.stringify(engine + 'duckdb-browser-eh.worker.js') + ');\n'
    ], { type: 'text/javascript' });
    var workerUrl = URL.createObjectURL(workerScript);
    var worker = new Worker(workerUrl);
    var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    // DuckDB does not notice a worker that failed to start or failed inside: that must end the wait, not hang it
    var workerFailed = new Promise(function (resolve, reject) {
      worker.addEventListener('error', function (event) { reject(new Error(event && event.message ? event.message : 'the DuckDB worker did not start')); });
    });
    var files = await Promise.race([workerFailed, Promise.all([
      db.instantiate(engine + 'duckdb-eh.wasm', null, function (p) { progress.tick('duckdb-eh.wasm', p.bytesLoaded || 0); }),
      fetchBytes(engine + 'parquet_wasm_bg.wasm', progress, 'parquet_wasm_bg.wasm').then(function (bytes) { return parquet.default({ module_or_path: bytes }); })
    ].concat(tables.map(function (table) { return fetchBytes(table.url, progress, table.name); })))]);
    URL.revokeObjectURL(workerUrl);
    progress.done('duckdb-browser-eh.worker.js');
    await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
    var conn = await db.connect();
    await conn.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;');
    for (var i = 0; i < tables.length; i += 1) {
      var ipc = plainStrings(parquet.readParquet(files[i + 2]).intoIPCStream());
      await conn.insertArrowFromIPCStream(ipc, { name: tables[i].name, create: true });
    }
    await conn.query('SET enable_external_access = false; SET lock_configuration = true;');
    bar.hidden = true;
    return conn;
  }

  /* The packages' category columns (status, comparison, …) are dictionary-encoded in Parquet; DuckDB-WASM
     cannot insert Arrow dictionaries ("must have at least one column"), so they become plain text first. */
  function plainStrings(ipc) {
    var table = Arrow.tableFromIPC(ipc);
    var dictionaries = table.schema.fields.filter(function (field) { return Arrow.DataType.isDictionary(field.type); });
    if (!dictionaries.length) { return ipc; }
    var columns = {};
    table.schema.fields.forEach(function (field, index) {
      var vector = table.getChildAt(index);
      if (!Arrow.DataType.isDictionary(field.type)) { columns[field.name] = vector; return; }
      columns[field.name] = utf8Vector(vector);
    });
    return Arrow.tableToIPC(new Arrow.Table(columns), 'stream');
  }

  /* A dictionary vector's values as a plain Utf8 vector, built from its buffers: Arrow's own builders
     generate code with new Function, which the page's CSP (rightly) refuses. */
  function utf8Vector(vector) {
    var encoder = new TextEncoder();
    var length = vector.length;
    var offsets = new Int32Array(length + 1);
    var validity = new Uint8Array(Math.ceil(length / 8));
    var parts = [];
    var total = 0;
    var nulls = 0;
    for (var k = 0; k < length; k += 1) {
      var value = vector.get(k);
      if (value === null || value === undefined) { nulls += 1; offsets[k + 1] = total; continue; }
      validity[k >> 3] |= 1 << (k & 7);
      var bytes = encoder.encode(String(value));
      parts.push(bytes);
      total += bytes.length;
      offsets[k + 1] = total;
    }
    var data = new Uint8Array(total);
    var at = 0;
    parts.forEach(function (part) { data.set(part, at); at += part.length; });
    return Arrow.makeVector(Arrow.makeData({
      type: new Arrow.Utf8(), length: length, nullCount: nulls,
      nullBitmap: nulls ? validity : null, valueOffsets: offsets, data: data
    }));
  }

  function Unsupported(message) { this.message = message; }

  var loading = null;
  var progressing = null;
  function load() {
    if (!loading) {
      loading = start().catch(function (error) {
        loading = null;  // a later query tries again
        if (progressing) { progressing.stopped = true; }
        throw error instanceof Unsupported ? error : new Unsupported(t('Het laden mislukte: {message}', { message: error && error.message ? error.message : String(error) }));
      });
    }
    return loading;
  }

  // ---------------------------------------------------------------- the result: cells, table, CSV

  // Arrow's type ids (apache-arrow's Type): numbers are right-aligned and never get the CSV's apostrophe
  var NUMERIC = [2, 3, 7];  // Int, Float, Decimal
  var ARROW_DATE = 8;
  var ARROW_TIMESTAMP = 10;

  // a value as text: null stays null; dates as ISO dates, timestamps as ISO date and time; lists and structs as JSON
  function text(value, typeId) {
    if (value === null || value === undefined) { return null; }
    if (typeof value === 'bigint') { return value.toString(); }
    if (typeId === ARROW_DATE && typeof value === 'number') { return new Date(value).toISOString().slice(0, 10); }
    if (typeId === ARROW_TIMESTAMP && typeof value === 'number') { return new Date(value).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, ''); }
    if (typeof value === 'object') {
      var plain = typeof value.toJSON === 'function' ? value.toJSON() : value;
      return JSON.stringify(plain, function (key, v) { return typeof v === 'bigint' ? v.toString() : v; });
    }
    return String(value);
  }

  function columns(table) {
    return table.schema.fields.map(function (field, i) {
      var typeId = field.type.typeId;
      return { name: field.name, typeId: typeId, numeric: NUMERIC.indexOf(typeId) >= 0, vector: table.getChildAt(i) };
    });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined) { node.textContent = content; }
    return node;
  }

  function showTable(cols, rows) {
    var table = element('table', 'zs-table zs-query__table');
    var caption = element('caption', '', rows === 1 ? t('Resultaat: 1 rij') : t('Resultaat: {count} rijen', { count: number(rows, 0) }));
    var head = element('thead');
    var headRow = element('tr');
    cols.forEach(function (col) {
      var th = element('th', col.numeric ? 'zs-query__num' : '', col.name);
      th.scope = 'col';
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    var body = element('tbody');
    for (var r = 0; r < Math.min(rows, maxRows); r += 1) {
      var tr = element('tr');
      cols.forEach(function (col) {
        var value = text(col.vector ? col.vector.get(r) : null, col.typeId);
        var td = element('td', col.numeric ? 'zs-query__num' : '');
        if (value === null) { td.appendChild(element('span', 'zs-query__null', 'NULL')); } else { td.textContent = value; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    table.appendChild(caption);
    table.appendChild(head);
    table.appendChild(body);
    result.replaceChildren(table);
    result.hidden = false;
  }

  var FORMULA = /^[=+\-@\t\r]/;
  function csvCell(value, numeric) {
    if (value === null) { return ''; }
    if (!numeric && FORMULA.test(value)) { value = "'" + value; }
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function offerCsv(cols, rows) {
    var lines = [cols.map(function (col) { return csvCell(col.name, false); }).join(',')];
    for (var r = 0; r < rows; r += 1) {
      lines.push(cols.map(function (col) { return csvCell(text(col.vector ? col.vector.get(r) : null, col.typeId), col.numeric); }).join(','));
    }
    if (csvUrl) { URL.revokeObjectURL(csvUrl); }
    csvUrl = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' }));
    csvLink.href = csvUrl;
    download.hidden = false;
  }

  function say(rows, seconds) {
    var time = number(seconds, 2);
    if (rows === 0) { return t('Geen rijen ({seconds} s).', { seconds: time }); }
    if (rows === 1) { return t('1 rij ({seconds} s).', { seconds: time }); }
    if (rows > maxRows) {
      return t('{count} rijen ({seconds} s); de eerste {shown} staan in de tabel, de CSV heeft ze allemaal.', { count: number(rows, 0), seconds: time, shown: number(maxRows, 0) });
    }
    return t('{count} rijen ({seconds} s).', { count: number(rows, 0), seconds: time });
  }

  // ---------------------------------------------------------------- running a query

  async function ask() {
    var query = sql.value.trim();
    if (busy) { return; }
    if (!query) { status.textContent = t('Schrijf eerst een vraag in SQL.'); return; }
    busy = true;
    run.disabled = true;
    box.setAttribute('aria-busy', 'true');
    try {
      try {
        connection = await load();
      } catch (error) {
        cannot(error.message);
        status.textContent = '';
        return;
      }
      unavailable.hidden = true;
      status.textContent = t('Bezig met de vraag…');
      var started = performance.now();
      var table;
      try {
        table = await connection.query(query);
      } catch (error) {
        result.hidden = true;
        download.hidden = true;
        status.textContent = t('De vraag gaf een fout: {message}', { message: error && error.message ? error.message : String(error) });
        return;
      }
      var seconds = (performance.now() - started) / 1000;
      var cols = columns(table);
      var rows = table.numRows;
      showTable(cols, rows);
      offerCsv(cols, rows);
      status.textContent = say(rows, seconds);
    } finally {
      busy = false;
      run.disabled = false;
      box.removeAttribute('aria-busy');
      answers += 1;
      box.setAttribute('data-answers', String(answers));  // how many queries have ended (for the tests)
    }
  }

  form.addEventListener('submit', function (event) { event.preventDefault(); ask(); });
  sql.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); ask(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll('.zs-query__example'), function (button) {
    button.addEventListener('click', function () {
      var code = document.getElementById(button.getAttribute('data-example'));
      if (!code) { return; }
      sql.value = code.textContent;
      sql.rows = Math.min(Math.max(code.textContent.split('\n').length + 1, 8), 24);  // the whole query in view
      sql.focus();
      form.scrollIntoView({ block: 'start' });
      ask();
    });
  });
})();
