/*
 * Zorgspiegel: the providers' search index, searched in the browser (no words of its own on the page;
 * search.js shows what it finds). Plain ES2017, no build step; the CSP allows only script-src 'self'.
 *
 * The index is generator/site/search.py's zoekindex/ (read its docstring for the files): meta.json first, then
 * only the shards a query needs. The synonym list is site_src/assets/zoeken/synoniemen.txt, an editable text
 * file: one group of words that mean the same per line, separated by commas.
 *
 *   var searcher = Zorgspiegel.providerSearch(indexUrl, synonymsUrl);
 *   searcher.search(query) -> Promise of { total, items, more(n), location, kinds, meta }
 *
 * items are the providers found so far, best first, as records [id, name, place, municipality ('' when the
 * place), pc4, kind index into meta.kinds]; more(n) resolves when at least n are loaded (or all are).
 * location is {pc: '3511'} or {gem: "'s-Gravenhage", label: 'Den Haag'} when the query names a postcode or a
 * place; kinds lists the indices of the kinds the query names ('bevallen' names the VSVs).
 *
 * How a query is read:
 * - Words are folded as the index folds them (NFKD, accents dropped, lower case, split on anything but a-z and
 *   0-9). A whole query '3511', '3511 CA' or '3511ca' is a postcode: the providers in that PC4 area.
 * - Every word must match (in any order), in the name, place, municipality (or a name people use for it),
 *   postcode, id or kind. A word matches a word of the provider when it is the same, has the same stem (a
 *   light Dutch stemmer: verpleeghuizen → verpleeghuis, apotheken → apotheek), starts it, or (five letters or
 *   more) stands inside it ('praktijk' in 'huisartsenpraktijk'). A word of the synonym list also matches the
 *   other words of its group, a little less well; a group of several words ('geestelijke gezondheidszorg')
 *   counts as one word. Stop words ('de', 'in', 'den') are left out.
 * - A word that matches nothing that way gets typo tolerance: an edit distance (with transpositions) of 1 for
 *   a word of 4 to 7 letters, 2 from 8 letters, on the whole word or the start of a longer one.
 * - Shards: the query's most selective word decides which shards are loaded (see search.py); a typo in the
 *   first two letters of that word is not forgiven. A single word that names a kind ('huisarts') shows that
 *   kind's providers page by page, the providers of other kinds with the word itself first.
 * - Order: the best matches first (summed per word), then by name.
 */
(function () {
  'use strict';

  var DIGIT_KEY = 4;
  var SYNONYM = 0.7;  // a synonym's match counts this much of the word's own

  function words(text) {
    return String(text || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ').trim().split(' ').filter(Boolean);
  }

  function isDigits(w) { return /^[0-9]+$/.test(w); }

  // ------------------------------------------------------------ words: stems, typos, matches

  var stems = new Map();
  // A light Dutch stemmer for comparing words, not for showing them: plural -en/-s, -zen/-ven (huizen → huis,
  // dieven → dief), diminutives (-tje, -je), a final -e; then a doubled last consonant or vowel folded
  // (bedden → bed, apotheek and apotheken → apothek). Both sides of a comparison go through it.
  function stem(w) {
    var s = stems.get(w);
    if (s !== undefined) { return s; }
    s = w;
    if (s.length >= 5 && !/[0-9]/.test(s)) {
      if (/tjes?$/.test(s) && s.length > 6) { s = s.replace(/tjes?$/, ''); }
      else if (/jes?$/.test(s) && s.length > 5) { s = s.replace(/jes?$/, ''); }
      else if (/zen$/.test(s)) { s = s.slice(0, -3) + 's'; }
      else if (/ven$/.test(s)) { s = s.slice(0, -3) + 'f'; }
      else if (/en$/.test(s)) { s = s.slice(0, -2); }
      else if (/e[lmnr]s$/.test(s)) { s = s.slice(0, -1); }
      else if (/e$/.test(s)) { s = s.slice(0, -1); }
      s = s.replace(/([bdfgklmnprst])\1$/, '$1').replace(/(aa|ee|oo|uu)([^aeiou])$/, function (all, vowel, last) {
        return vowel.charAt(0) + last;
      });
    }
    stems.set(w, s);
    return s;
  }

  // Edit distance with transpositions (optimal string alignment), given up above max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var before = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) { prev.push(j); }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          v = Math.min(v, before[j - 2] + 1);
        }
        row.push(v);
        least = Math.min(least, v);
      }
      if (least > max) { return max + 1; }
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }

  function typosAllowed(w) { return isDigits(w) ? 0 : w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0; }

  // How well query word w matches a provider's word t: 3 the same, 2.5 the same stem, 2 t starts with w,
  // 1 w inside t; with typos, 1 within the edit distance and 0.5 for the start of t within it; 0 not at all.
  function match(w, t, typos) {
    if (t === w) { return 3; }
    if (w.length >= 4 && stem(w) === stem(t)) { return 2.5; }
    if (t.length > w.length && t.lastIndexOf(w, 0) === 0) { return 2; }
    if (w.length >= 5 && t.indexOf(w) > 0) { return 1; }
    if (typos) {
      var k = typosAllowed(w);
      if (k && distance(w, t, k) <= k) { return 1; }
      if (k && t.length > w.length && distance(w, t.slice(0, w.length), k) <= k) { return 0.5; }
    }
    return 0;
  }

  function best(w, list, typos) {
    var top = 0;
    for (var i = 0; i < list.length && top < 3; i++) { top = Math.max(top, match(w, list[i], typos)); }
    return top;
  }

  // ------------------------------------------------------------ the searcher

  function providerSearch(indexUrl, synonymsUrl) {
    var base = new URL(indexUrl, document.baseURI).href;
    var files = new Map();
    var meta = null;
    var groups = [];
    var aliasWords = new Map();   // place or municipality -> words of the names people use for it
    var places = new Map();       // folded words of a municipality or alias -> {gem, label}
    var fieldsOf = new Map();
    var ready = null;

    function fetchFile(url, text) {
      if (!files.has(url)) {
        files.set(url, fetch(url, { credentials: 'same-origin' }).then(function (response) {
          if (!response.ok) { throw new Error('HTTP ' + response.status + ' ' + url); }
          return text ? response.text() : response.json();
        }));
      }
      return files.get(url);
    }

    function load() {
      if (!ready) {
        ready = Promise.all([
          fetchFile(base + 'meta.json'),
          synonymsUrl ? fetchFile(new URL(synonymsUrl, document.baseURI).href, true).catch(function () { return ''; }) : ''
        ]).then(function (loaded) {
          meta = loaded[0];
          meta.kinds.forEach(function (k, i) { k.index = i; });
          groups = loaded[1].split('\n').map(function (line) { return line.replace(/#.*/, '').trim(); }).filter(Boolean)
            .map(function (line) {
              return line.split(',').map(words).filter(function (member) { return member.length; });
            });
          meta.municipalities.forEach(function (m) { places.set(words(m).join(' '), { gem: m, label: m }); });
          meta.aliases.forEach(function (a) {
            places.set(words(a[0]).join(' '), { gem: a[1], label: a[0] });
            aliasWords.set(a[1], (aliasWords.get(a[1]) || []).concat(words(a[0])));
          });
        });
      }
      return ready;
    }

    // The words of a provider per field (computed once per provider).
    function fields(rec) {
      var f = fieldsOf.get(rec[0]);
      if (f) { return f; }
      var where = words(rec[2]).concat(aliasWords.get(rec[2]) || []);
      if (rec[3]) { where = where.concat(words(rec[3]), aliasWords.get(rec[3]) || []); }
      var id = words(rec[0]);
      f = { name: words(rec[1]), where: where, pc: rec[4] ? [rec[4]] : [], id: id.concat([id.join('')]) };
      fieldsOf.set(rec[0], f);
      return f;
    }

    // ---------------------------------------------------------- reading the query

    function synonymsOf(w) {
      var found = [];
      groups.forEach(function (group) {
        var hit = group.some(function (member) {
          return member.length === 1 && (member[0] === w || (w.length >= 4 && stem(member[0]) === stem(w)));
        });
        if (hit) { found = found.concat(group); }
      });
      return found;
    }

    // The query as words to match: each with its alternatives (itself, then its synonyms), the kinds it names.
    function parse(query) {
      var postcode = /^\s*([0-9]{4})\s*([a-z]{2})?\s*$/i.exec(query);
      var all = postcode ? [postcode[1]] : words(query).map(function (w) {
        var pc = /^([0-9]{4})([a-z]{2})$/.exec(w);
        return pc ? pc[1] : w;
      });
      var where = postcode ? { pc: postcode[1] } : findPlace(all);
      var out = [];
      for (var i = 0; i < all.length; i++) {
        var phrase = longestPhrase(all, i);
        if (phrase) {
          out.push({ text: phrase.words.join(' '), alts: phrase.group.map(function (m) {
            return { words: m, weight: m.join(' ') === phrase.words.join(' ') ? 1 : SYNONYM };
          }) });
          i += phrase.words.length - 1;
          continue;
        }
        var w = all[i];
        if (!postcode && meta.stop.indexOf(w) >= 0) { continue; }
        var alts = [{ words: [w], weight: 1 }];
        synonymsOf(w).forEach(function (m) {
          if (!(m.length === 1 && m[0] === w)) { alts.push({ words: m, weight: SYNONYM }); }
        });
        out.push({ text: w, alts: alts, pcOnly: !!postcode });
      }
      if (!out.length && all.length) {  // only stop words: search them after all
        out = all.map(function (w) { return { text: w, alts: [{ words: [w], weight: 1 }] }; });
      }
      out.forEach(function (word) {
        word.kinds = kindsOf(word, false);
        if (!word.kinds.length) {  // a misspelt kind ('verplegehuis') still names it
          word.kinds = kindsOf(word, true);
          word.kindTypo = word.kinds.length > 0;
        }
      });
      if (!where) {  // a postcode among other words ('huisarts 3511')
        var pc = all.filter(function (w) { return /^[1-9][0-9]{3}$/.test(w); })[0];
        where = pc ? { pc: pc } : null;
      }
      return { words: out, location: where };
    }

    function longestPhrase(all, i) {
      var found = null;
      groups.forEach(function (group) {
        group.forEach(function (member) {
          if (member.length > 1 && (!found || member.length > found.words.length) &&
              member.every(function (m, j) { return all[i + j] === m; })) {
            found = { words: member, group: group };
          }
        });
      });
      return found;
    }

    // A municipality, or a name people use for one, in the query: the longest run of words that is one.
    function findPlace(all) {
      for (var n = Math.min(all.length, 6); n >= 1; n--) {
        for (var i = 0; i + n <= all.length; i++) {
          var hit = places.get(all.slice(i, i + n).join(' '));
          if (hit) { return { gem: hit.gem, label: hit.label }; }
        }
      }
      return null;
    }

    function altScore(alt, list, typos) {
      var low = 3;
      for (var i = 0; i < alt.words.length && low > 0; i++) { low = Math.min(low, best(alt.words[i], list, typos)); }
      return low;
    }

    function kindsOf(word, typos) {
      return meta.kinds.filter(function (k) {
        return !word.pcOnly && word.text.length >= 2 &&
          word.alts.some(function (alt) { return altScore(alt, k.words, typos) > 0; });
      }).map(function (k) { return k.index; });
    }

    // How well a provider matches a word (0: not at all).
    function score(rec, word, typos) {
      var f = fields(rec);
      var top = 0;
      word.alts.forEach(function (alt) {
        var s = word.pcOnly ? altScore(alt, f.pc, false) :
          Math.max(altScore(alt, f.name, typos), altScore(alt, f.where, typos), altScore(alt, f.pc, typos),
                   altScore(alt, f.id, typos), altScore(alt, meta.kinds[rec[5]].words, typos));
        top = Math.max(top, s * alt.weight);
      });
      return top;
    }

    // ---------------------------------------------------------- which shards

    function hasDigitKey(key) {
      var k = Number(key);
      return parseInt(meta.digits.substr(Math.floor(k / 8) * 2, 2), 16) & (1 << (k % 8));
    }

    // The files that hold every provider an alternative's word can match: its letters' (or digits') shard and
    // the common terms it matches (each paged: {path, pages, count, member}).
    function sourcesOf(w, out) {
      if (isDigits(w.charAt(0))) {
        if (w.length >= DIGIT_KEY) {
          if (hasDigitKey(w.slice(0, DIGIT_KEY))) { out.push({ path: 't/' + w.slice(0, DIGIT_KEY) }); }
        } else {
          if (meta.keys.indexOf(w) >= 0) { out.push({ path: 't/' + w }); }
          if (w.length === DIGIT_KEY - 1) {
            for (var d = 0; d < 10; d++) { if (hasDigitKey(w + d)) { out.push({ path: 't/' + w + d }); } }
          }
        }
      } else if (w.length >= 2 && meta.keys.indexOf(w.slice(0, 2)) >= 0) {
        out.push({ path: 't/' + w.slice(0, 2) });
      } else if (w.length === 1 && meta.keys.indexOf(w) >= 0) {
        out.push({ path: 't/' + w });
      }
      var terms = Object.keys(meta.common);
      var exact = terms.filter(function (c) { return match(w, c, false); });
      (exact.length ? exact : terms.filter(function (c) { return w.length >= 5 && match(w, c, true); }))
        .forEach(function (c) {
          out.push({ path: 'w/' + c, count: meta.common[c], member: function (rec) {
            var kind = meta.kinds[rec[5]];
            return fields(rec).name.concat(fields(rec).where, fields(rec).pc, fields(rec).id).indexOf(c) >= 0 &&
              !kind.words.some(function (k) { return k.lastIndexOf(c, 0) === 0; });
          } });
        });
    }

    function sources(word, literalOnly) {
      var out = [];
      word.alts.forEach(function (alt) {
        if (literalOnly && alt.weight < 1) { return; }
        var longest = alt.words.reduce(function (a, b) { return b.length > a.length ? b : a; }, '');
        sourcesOf(longest, out);
      });
      word.kinds.forEach(function (k) {
        var kind = meta.kinds[k];
        out.push({ path: 'soort/' + kind.id, count: kind.count, member: function (rec) { return rec[5] === k; } });
      });
      var seen = {};
      return out.filter(function (s) { return seen[s.path] ? false : (seen[s.path] = true); }).map(function (s) {
        s.pages = s.count ? Math.max(1, Math.ceil(s.count / meta.page)) : 0;
        return s;
      });
    }

    function cost(list) {
      return list.reduce(function (sum, s) { return sum + (s.pages ? 4 * s.pages : 1); }, 0);
    }

    function page(source, n) {
      return fetchFile(base + source.path + (source.pages ? '-' + n : '') + '.json');
    }

    function loadAll(list) {
      return Promise.all(list.map(function (s) {
        var parts = [];
        for (var n = 1; n <= Math.max(1, s.pages); n++) { parts.push(page(s, n)); }
        return Promise.all(parts).then(function (loaded) { return [].concat.apply([], loaded); });
      })).then(function (loaded) { return [].concat.apply([], loaded); });
    }

    // ---------------------------------------------------------- searching

    function byName(a, b) { return a[1].localeCompare(b[1], 'nl') || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); }

    // The providers that match every word, best first. `lazy`: a source whose providers all match the query's
    // one word (so it needs no typo tolerance), loaded later.
    function rank(records, parsed, lazy) {
      var unique = new Map();
      records.forEach(function (rec) { unique.set(rec[0], rec); });
      var candidates = Array.from(unique.values());
      // typo tolerance only for a word that matches nothing exactly, by its stem or as a start (and names no kind)
      parsed.words.forEach(function (word) {
        word.typos = word.kindTypo || (!lazy && !word.kinds.length &&
          !candidates.some(function (rec) { return score(rec, word, false) > 0; }));
      });
      var scored = [];
      candidates.forEach(function (rec) {
        var total = 0;
        for (var i = 0; i < parsed.words.length; i++) {
          var s = score(rec, parsed.words[i], parsed.words[i].typos);
          if (!s) { return; }
          total += s;
        }
        scored.push({ rec: rec, score: total });
      });
      scored.sort(function (a, b) { return b.score - a.score || byName(a.rec, b.rec); });
      return scored.map(function (s) { return s.rec; });
    }

    function placeFromRecords(all, records) {
      var seen = new Map();
      records.forEach(function (rec) { seen.set(words(rec[2]).join(' '), { gem: rec[3] || rec[2], label: rec[2] }); });
      for (var n = Math.min(all.length, 6); n >= 1; n--) {
        for (var i = 0; i + n <= all.length; i++) {
          var hit = seen.get(all.slice(i, i + n).join(' '));
          if (hit) { return hit; }
        }
      }
      return null;
    }

    function answer(parsed, found, lazy) {
      var kinds = [];
      parsed.words.forEach(function (w) { w.kinds.forEach(function (k) { if (kinds.indexOf(k) < 0) { kinds.push(k); } }); });
      var result = { total: found.length, items: found, location: parsed.location, kinds: kinds, meta: meta,
                     more: function () { return Promise.resolve(result.items); } };
      if (lazy) {
        // the providers found elsewhere first, then the lazy source's pages in order
        var extra = found.filter(function (rec) { return !lazy.member(rec); });
        var loaded = 1;
        var seen = new Set(extra.map(function (rec) { return rec[0]; }));
        var append = function (records) {
          records.forEach(function (rec) { if (!seen.has(rec[0])) { seen.add(rec[0]); result.items.push(rec); } });
        };
        result.items = extra;
        result.total = extra.length + lazy.count;
        return page(lazy, 1).then(function (first) {
          append(first);
          result.more = function (n) {
            if (result.items.length >= n || loaded >= lazy.pages) { return Promise.resolve(result.items); }
            loaded += 1;
            return page(lazy, loaded).then(function (next) { append(next); return result.more(n); });
          };
          return result;
        });
      }
      return Promise.resolve(result);
    }

    function search(query) {
      return load().then(function () {
        var parsed = parse(query);
        var words_ = parsed.words;
        if (!words_.length) { return answer(parsed, [], null); }
        var single = words_.length === 1;
        var options = words_.map(function (word) {
          return { word: word, list: sources(word, single && word.kinds.length > 0) };
        });
        options.sort(function (a, b) { return cost(a.list) - cost(b.list) || b.word.text.length - a.word.text.length; });
        var chosen = options[0].list;
        var lazy = null;
        if (single) {
          var biggest = chosen.filter(function (s) { return s.pages > 1; })
            .sort(function (a, b) { return b.count - a.count; })[0];
          if (biggest) { lazy = biggest; chosen = chosen.filter(function (s) { return s !== biggest; }); }
        }
        return loadAll(chosen).then(function (records) {
          var found = rank(records, parsed, lazy);
          if (!parsed.location && !words_[0].pcOnly) {
            parsed.location = placeFromRecords(words(query), records);
          }
          return answer(parsed, found, lazy);
        });
      });
    }

    return { search: search, load: load };
  }

  window.Zorgspiegel = window.Zorgspiegel || {};
  window.Zorgspiegel.providerSearch = providerSearch;
  window.Zorgspiegel.searchWords = { words: words, stem: stem, distance: distance, match: match };
})();
