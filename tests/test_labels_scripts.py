"""The words of the site's JavaScript: every text a visitor sees goes through t('Dutch text', {...}).

The scripts in site_src/assets/javascripts/ ask the generated labels.js (generator.labels.script) for their
words; generator/locale/en/scripts.yaml holds the English text of every one. Here, without a browser:
every t() call has an English text and every English text is used; each call's placeholders are the ones its
text names; no Dutch text a visitor could see is left outside t(); every script that uses t() defines it with
the same fallback line; and labels.js carries the catalogue for English and nothing for Dutch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.site import labels

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "site_src" / "assets" / "javascripts"
FILES = ("choice.js", "charts.js", "search.js", "searchindex.js", "print.js", "query.js")
CATALOGUE = ROOT / "generator" / "locale" / "en" / "scripts.yaml"

#: The one fallback every script that shows words defines at the top of its IIFE (labels.js may be missing).
HELPER = (
    "function t(text, params) { var z = window.Zorgspiegel; return z && typeof z.t === 'function' ? "
    "z.t(text, params) : params ? text.replace(/\\{([a-z_][a-z0-9_]*)\\}/g, function (all, name) { return "
    "Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all; }) : text; }"
)

#: Dutch words that give a visitor-facing text away (besides the words of the catalogue's own Dutch texts).
DUTCH = {
    "de",
    "het",
    "een",
    "van",
    "niet",
    "voor",
    "met",
    "geen",
    "zijn",
    "wordt",
    "worden",
    "kon",
    "konden",
    "uw",
    "u",
    "wij",
    "deze",
    "dit",
    "bij",
    "op",
    "naar",
    "aanbieder",
    "aanbieders",
    "zorg",
    "zorgaanbieder",
    "gekozen",
    "kies",
    "grafiek",
    "tabel",
    "gegevens",
    "zoeken",
    "resultaat",
    "resultaten",
    "gemeente",
    "landelijk",
    "gemiddelde",
    "ja",
    "nee",
    "meer",
    "tonen",
    "laden",
    "geladen",
    "verwijderen",
    "vergelijken",
    "vergelijking",
}
#: Names that are not words: language codes.
NOT_WORDS = {"nl", "en"}

#: String literals with Dutch words that a visitor never sees: query names of the URL, and developer
#: messages that only reach the console (thrown errors caught into console.warn). Each entry: (file,
#: literal). Literals without a blank that hold one of / = # [ _ . : - (selectors, classes, paths such as
#: 'aanbieders/') are not read at all.
ALLOWED = {
    ("choice.js", "alle"),
    ("choice.js", "kies"),  # ?alle=…&kies=… (the URL state)
    ("searchindex.js", "s"),  # the stemmer: huizen -> huis
    ("choice.js", " voor "),
    ("choice.js", "charts.js is niet geladen"),
    ("choice.js", "Zorgspiegel-keuzehulp: grafiek niet getoond:"),
    ("charts.js", " voor "),
    ("charts.js", "Vega is niet geladen"),
    ("charts.js", "kon "),
    ("charts.js", " niet laden"),
    ("charts.js", "Zorgspiegel-grafiek niet getoond:"),
}


# ---------------------------------------------------------------- a small JavaScript tokenizer


@dataclass(frozen=True)
class Token:
    kind: str  # 'string' (value decoded), 'template', 'regex', 'name', 'number', 'punct'
    value: str
    quote: str = ""
    line: int = 0


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}
_REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw"}


def _decode(body: str) -> str:
    """A JavaScript string literal's value (the text between its quotes)."""
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = body[i + 1]
        if n == "u" and body[i + 2] == "{":
            end = body.index("}", i)
            out.append(chr(int(body[i + 3 : end], 16)))
            i = end + 1
        elif n == "u":
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        elif n == "x":
            out.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        elif n == "\n":
            i += 2
        else:
            out.append(_ESCAPES.get(n, n))
            i += 2
    return "".join(out)


def tokenize(source: str) -> list[Token]:
    """Names, punctuation, strings (decoded), template literals and regex literals; comments and blanks
    dropped."""
    tokens: list[Token] = []
    i, line = 0, 1

    def previous() -> str:
        if not tokens:
            return ""
        last = tokens[-1]
        if last.kind == "punct":
            return last.value
        return last.value if last.kind == "name" and last.value in _REGEX_AFTER_WORDS else "value"

    while i < len(source):
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = end if end >= 0 else len(source)
        elif source.startswith("/*", i):
            end = source.index("*/", i + 2) + 2
            line += source.count("\n", i, end)
            i = end
        elif c in "'\"":
            j = i + 1
            while source[j] != c:
                assert source[j] != "\n", f"line {line}: unterminated string"
                j += 2 if source[j] == "\\" else 1
            tokens.append(Token("string", _decode(source[i + 1 : j]), c, line))
            i = j + 1
        elif c == "`":
            j = i + 1
            while source[j] != "`":
                j += 2 if source[j] == "\\" else 1
            tokens.append(Token("template", source[i + 1 : j], "`", line))
            line += source.count("\n", i, j)
            i = j + 1
        elif c == "/" and (previous() in _REGEX_AFTER or previous() in _REGEX_AFTER_WORDS):
            j, in_class = i + 1, False
            while in_class or source[j] != "/":
                assert source[j] != "\n", f"line {line}: unterminated regular expression"
                if source[j] == "\\":
                    j += 1
                elif source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                j += 1
            j += 1
            while j < len(source) and source[j].isalpha():
                j += 1
            tokens.append(Token("regex", source[i:j], "", line))
            i = j
        elif c.isalpha() or c in "_$":
            j = i
            while j < len(source) and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            tokens.append(Token("name", source[i:j], "", line))
            i = j
        elif c.isdigit():
            j = i
            while j < len(source) and (source[j].isalnum() or source[j] == "."):
                j += 1
            tokens.append(Token("number", source[i:j], "", line))
            i = j
        else:
            tokens.append(Token("punct", c, "", line))
            i += 1
    return tokens


@dataclass(frozen=True)
class Call:
    file: str
    line: int
    text: str
    params: frozenset[str] | None  # the keys of the params object; None without one


def _object_keys(tokens: list[Token], start: int) -> tuple[frozenset[str], int]:
    """The top-level keys of the object literal whose '{' is tokens[start], and the index after its '}'."""
    assert tokens[start].value == "{", tokens[start]
    keys, depth, i = set(), 0, start
    while True:
        token = tokens[i]
        if token.kind == "punct" and token.value in "([{":
            depth += 1
        elif token.kind == "punct" and token.value in ")]}":
            depth -= 1
            if depth == 0:
                return frozenset(keys), i + 1
        if (
            depth == 1
            and token.kind in ("name", "string")
            and tokens[i - 1].value in ("{", ",")
            and tokens[i - 1].kind == "punct"
            and tokens[i + 1].value == ":"
        ):
            keys.add(token.value)
        i += 1


def calls_and_strings(name: str) -> tuple[list[Call], list[Token]]:
    """The t() calls of one script, and its string literals that are not a t() call's text."""
    tokens = tokenize((SCRIPTS / name).read_text("utf-8"))
    calls, texts = [], set()
    for i, token in enumerate(tokens):
        if not (token.kind == "name" and token.value == "t" and tokens[i + 1].value == "("):
            continue
        before = tokens[i - 1] if i else None
        if before and (before.value == "." or before.value == "function"):
            continue  # a property .t(…) or the helper's own definition
        text = tokens[i + 2]
        assert (
            text.kind == "string" and text.quote == "'"
        ), f"{name}:{token.line}: t() takes a single-quoted string literal first, not {text.value!r}"
        after = tokens[i + 3]
        assert after.kind == "punct" and after.value in "),", (
            f"{name}:{token.line}: t({text.value!r} …) must end or take a params object right after the text "
            f"(no concatenation inside the call)"
        )
        params = None
        if after.value == ",":
            assert tokens[i + 4].value == "{", f"{name}:{token.line}: t()'s params must be an object literal"
            params, end = _object_keys(tokens, i + 4)
            assert tokens[end].value == ")", f"{name}:{token.line}: t() takes two arguments at most"
        calls.append(Call(name, token.line, text.value, params))
        texts.add(i + 2)
    others = [tok for j, tok in enumerate(tokens) if tok.kind in ("string", "template") and j not in texts]
    return calls, others


@pytest.fixture(scope="module")
def scanned() -> dict[str, tuple[list[Call], list[Token]]]:
    return {name: calls_and_strings(name) for name in FILES}


@pytest.fixture(scope="module")
def calls(scanned) -> list[Call]:
    return [call for found, _ in scanned.values() for call in found]


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    return labels.load_catalogue(CATALOGUE)  # also checks that the placeholders of each pair match


# ---------------------------------------------------------------- the tokenizer itself


def test_the_tokenizer_reads_escaped_quotes_and_skips_comments_and_regexes():
    source = (
        "// t('not a call')\nvar t0 = /\\{'/g; /* t('nor this') */ x = t('l\\'appel {n}', { n: a ? b : c, "
        "'m': f(1, 2) }) + 'rest' + t('é\\u00e9');"
    )
    tokens = tokenize(source)
    strings = [tok.value for tok in tokens if tok.kind == "string"]
    assert strings == ["l'appel {n}", "m", "rest", "éé"]
    assert [tok.value for tok in tokens if tok.kind == "regex"] == ["/\\{'/g"]


# ---------------------------------------------------------------- calls and catalogue


def test_the_scripts_use_labels(calls):
    assert len({c.text for c in calls}) >= 50, "the scripts' words go through t()"
    assert {c.file for c in calls} >= {"choice.js", "charts.js", "search.js"}


def test_every_call_has_an_english_text(calls, english):
    missing = sorted({f"{c.file}:{c.line}: {c.text!r}" for c in calls if c.text not in english})
    assert not missing, "no English text in scripts.yaml for:\n" + "\n".join(missing)


def test_every_english_text_is_used(calls, english):
    used = {c.text for c in calls}
    orphans = sorted(key for key in english if key not in used)
    assert not orphans, "scripts.yaml has texts no script uses:\n" + "\n".join(orphans)


def test_each_call_fills_the_placeholders_its_text_names(calls):
    wrong = []
    for c in calls:
        named = set(labels.PLACEHOLDER.findall(c.text))
        given = set(c.params or ())
        if named != given:
            wrong.append(
                f"{c.file}:{c.line}: {c.text!r} names {sorted(named)}, the call gives {sorted(given)}"
            )
    assert not wrong, "\n".join(wrong)


def test_every_script_with_words_defines_the_same_fallback(scanned):
    for name, (found, _) in scanned.items():
        source = (SCRIPTS / name).read_text("utf-8")
        if found:
            assert source.count(HELPER) == 1, f"{name}: t() is not defined by the shared fallback line"
        else:
            assert not re.search(r"(?<![\w.$])t\(", source), f"{name}: calls t() without defining it"


def test_no_dutch_text_outside_t(scanned, english):
    def words_of(text: str) -> set[str]:
        return set(re.findall(r"[^\W\d_]+", text.casefold()))

    # the catalogue's Dutch words that its English does not share ('postcode', 'indicator', 'km' are both)
    vocabulary = set(DUTCH)
    for dutch, text in english.items():
        vocabulary |= words_of(labels.PLACEHOLDER.sub(" ", dutch)) - words_of(text)
    vocabulary -= NOT_WORDS
    found, allowed_used = [], set()
    for name, (_, strings) in scanned.items():
        for token in strings:
            value = token.value
            if not re.search(r"\s", value) and re.search(r"[/=#\[_.:-]", value):
                continue  # a selector, class name, attribute, path or file name
            dutch = words_of(value) & vocabulary
            if not dutch:
                continue
            if (name, value) in ALLOWED:
                allowed_used.add((name, value))
                continue
            found.append(f"{name}:{token.line}: {value!r} ({', '.join(sorted(dutch))})")
    assert not found, (
        "Dutch text outside t() (route it through t(), or allow-list it here if no visitor sees it):\n"
        + "\n".join(found)
    )
    assert allowed_used == ALLOWED, f"allow-list entries no longer needed: {sorted(ALLOWED - allowed_used)}"


def test_the_scripts_format_numbers_and_sort_in_the_sites_language():
    choice = (SCRIPTS / "choice.js").read_text("utf-8")
    charts = (SCRIPTS / "charts.js").read_text("utf-8")
    assert "Intl.Collator('nl'" not in charts and "Intl.Collator(LANGUAGE" in charts
    # one formatter (charts.js): Intl in the site's locale, the unit table from units.json, no copy of either
    assert "new Intl.NumberFormat(locale(), { minimumFractionDigits: d, maximumFractionDigits: d })" in charts
    assert "SCRIPTS + 'units.json'" in charts and "window.Zorgspiegel.format = {" in charts
    for name in FILES:
        source = (SCRIPTS / name).read_text("utf-8")
        assert not re.search(r"decimal: '[,.]'|thousands: '[,.]'|NUMBER_LOCALES", source), name
        assert "toLocaleString" not in source, name
    # charts.js adds to what labels.js made instead of replacing it
    assert "window.Zorgspiegel = window.Zorgspiegel || {};" in charts
    assert not re.search(r"window\.Zorgspiegel\s*=\s*\{", charts + choice)


def test_the_choice_aid_has_no_unit_or_number_formatting_of_its_own():
    """Issue 12: choice.js asks Zorgspiegel.format (charts.js, with core/units.py's table) for each figure."""
    choice = (SCRIPTS / "choice.js").read_text("utf-8")
    # no formatter of its own (its length was the proxy until the map added ~90 lines of drawing)
    assert not re.search(
        r"function (number|decimals|formatted|range|groupValue|shareYes|axisTitle)\b", choice
    )
    assert not re.search(
        r"toFixed|toPrecision|Intl\.NumberFormat|NUMBER_LOCALE|\.decimal\b|thousands", choice
    )
    for unit in ("percentage", "proportion", "rate", "count", "mean", "median"):  # ('number' is a typeof)
        assert f"'{unit}'" not in choice, f"choice.js names the unit {unit!r}: a unit rule outside the table"
    for text in ("'%'", "' per '", "t('ja')", "t('nee')", "% ja"):
        assert text not in choice, text
    assert "format.formatted(" in choice and "format.range(" in choice and "format.groupValue(" in choice


# ---------------------------------------------------------------- labels.js


def _labels_of(script: str) -> dict[str, str]:
    match = re.search(r"^  Z\.labels = (\{.*?\});$", script, re.S | re.M)
    assert match, "labels.js sets Z.labels"
    return json.loads(match.group(1))


def test_labels_js_carries_the_english_catalogue(english):
    script = labels.script("en")
    assert '"en"' in script and '"en-GB"' in script
    assert _labels_of(script) == english


def test_labels_js_for_dutch_has_no_labels():
    script = labels.script("nl")
    assert '"nl"' in script and '"nl-NL"' in script
    assert _labels_of(script) == {}
