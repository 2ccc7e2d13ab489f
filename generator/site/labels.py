"""Labels: the words of the generated site in the publication's language (Dutch, or English).

The Dutch text is the key (as in gettext): templates call `_("Uitkomst")`, Python code calls `_()` or
marks constants with `N_()` and translates them where they are used. The English texts are in
`generator/locale/en/*.yaml` (Dutch -> English): `templates.yaml` holds the words of the page templates
(generator/templates/site/ and the theme overrides), `code.yaml` those of the Python code (charts,
summaries, tables), `scripts.yaml` those of the site's JavaScript, which the build writes into `labels.js`.
Placeholders are `{name}`; the English text must use the same ones. tests/test_labels.py checks that
every label used has its English text and that every English text is used.

The language is the publication setting `language`; `use(language)` makes it the active one while the
site is rendered (a context variable, so a render stays a function of its input).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import markupsafe
import yaml

from generator.core.errors import CatalogueError
from generator.core.names import LANGUAGES

SOURCE = "nl"  # the language of the keys
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
CATALOGUES = ("templates", "code", "scripts")
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
LOCALES = {"nl": "nl-NL", "en": "en-GB"}  # for the browser's number and date formats

_active: contextvars.ContextVar[str] = contextvars.ContextVar("zorgspiegel_language", default=SOURCE)


def N_(text: str) -> str:
    """Mark a Dutch text as a label without translating it here (it is translated where it is shown)."""
    return text


class Labelled(Mapping):
    """A table of Dutch labels (e.g. kind -> plural) that gives each label in the active language when read.

    Every table is registered, so tests/test_labels.py finds its labels without parsing the code."""

    registered: list[Labelled] = []

    def __init__(self, labels: dict[str, str]):
        self._labels = dict(labels)
        Labelled.registered.append(self)

    def __getitem__(self, key: str) -> str:
        return translate(self._labels[key])

    def __iter__(self):
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def dutch(self) -> dict[str, str]:
        """The table as written (the keys of the catalogues)."""
        return dict(self._labels)


def active() -> str:
    """The language labels are given in now ('nl' unless inside `use`)."""
    return _active.get()


@contextlib.contextmanager
def use(language: str):
    """Give labels in `language` inside the block."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    token = _active.set(language)
    try:
        yield
    finally:
        _active.reset(token)


def load_catalogue(path: Path) -> dict[str, str]:
    """One catalogue file: a YAML mapping of Dutch text to translated text, with matching placeholders."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(data, dict):
        raise CatalogueError(
            f"{path.name}: expected a mapping of Dutch text to translation, got {type(data).__name__}"
        )
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{path.name}: {key!r}: expected text, got {value!r}")
        if sorted(PLACEHOLDER.findall(key)) != sorted(PLACEHOLDER.findall(value)):
            raise CatalogueError(f"{path.name}: {key!r}: the translation {value!r} has other placeholders")
    return data


@cache
def catalogue(language: str, part: str | None = None) -> dict[str, str]:
    """Dutch text -> text in `language` (empty for Dutch); one part ('templates', 'code', 'scripts') or
    all."""
    if language == SOURCE:
        return {}
    out: dict[str, str] = {}
    for name in [part] if part else CATALOGUES:
        path = LOCALE_DIR / language / f"{name}.yaml"
        if path.exists():
            out.update(load_catalogue(path))
    return out


def translate(text: str, language: str | None = None) -> str:
    """The text in the active (or given) language; the Dutch text itself when there is no translation."""
    return catalogue(language or active()).get(text, text)


def format_number(value: float, decimals: int = 1) -> str:
    """A number in the active language: Dutch 1.234,5 (decimal comma, dot between thousands), English
    1,234.5."""
    text = f"{float(value):,.{decimals}f}"
    return text if active() == "en" else text.replace(",", "_").replace(".", ",").replace("_", ".")


def _(text: str, **params) -> str:
    """The label in the active language, with its {placeholders} filled in."""
    out = translate(text)
    return out.format_map(params) if params else out


def markup(text: str, **params) -> markupsafe.Markup:
    """The label for an autoescaping template: the label is trusted, every parameter is escaped."""
    if not params:
        return markupsafe.Markup(translate(text))
    # str.format in C with escaped values: the same result as Markup.format, at a fraction of its cost
    # (150,000 calls a build)
    return markupsafe.Markup(translate(text).format_map({k: markupsafe.escape(v) for k, v in params.items()}))


SCRIPT = """/* Generated by zorgspiegel render (do not edit): the words of the site's scripts in the \
site's language.
   Zorgspiegel.t(dutch, {name: value}) gives the label in that language with its {placeholders} filled in. */
(function () {
  'use strict';
  var Z = window.Zorgspiegel = window.Zorgspiegel || {};
  Z.language = %(language)s;
  Z.locale = %(locale)s;
  Z.labels = %(labels)s;
  Z.t = function (text, params) {
    var out = Object.prototype.hasOwnProperty.call(Z.labels, text) ? Z.labels[text] : text;
    return params ? out.replace(/\\{([a-z_][a-z0-9_]*)\\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all;
    }) : out;
  };
})();
"""


PAGE_NUMBER = N_("pagina {page} van {pages}")


def stylesheet(language: str) -> str:
    """The site's labels.css for `language`: the printed page's words that only CSS can write (the page
    numbers of the printed mirror report), e.g. content: "page " counter(page) " of " counter(pages)."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", translate(PAGE_NUMBER, language)):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return (
        "/* Generated by zorgspiegel render (do not edit): the printed page's words in the site's "
        "language. */\n"
        "@media print {\n  @page {\n    @bottom-right { content: "
        + " ".join(parts)
        + "; font: 8pt system-ui, sans-serif; color: #444; }\n  }\n}\n"
    )


def script(language: str) -> str:
    """The site's labels.js for `language`: the scripts' catalogue and the function that uses it."""
    labels = dict(sorted(catalogue(language, "scripts").items()))
    dump = json.dumps(labels, ensure_ascii=False, indent=0, separators=(",", ":")).replace("</", "<\\/")
    return SCRIPT % {
        "language": json.dumps(language),
        "locale": json.dumps(LOCALES[language]),
        "labels": dump,
    }
