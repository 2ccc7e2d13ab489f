"""Shared pieces of the generated site: the label tables, page framing, the Jinja environment, JSON.

Pure: from the public tables to a dict of relative path -> text (Markdown pages whose body is one
block of HTML from autoescaping Jinja templates, JSON, CSV). The hand-written pages live in
site_src/; turning pages into HTML is the site step's job, not this module's.
Every text from the intake is escaped; an id reaches a path or an attribute only as its segment
(core.ids.id_path: the `path` filter in the templates).
"""

from __future__ import annotations

import json
import re
from functools import cache

import jinja2
import markupsafe
import numpy as np
import pandas as pd

from generator.compute.public import MIN_REGION_PROVIDERS
from generator.core import hosting, jinja
from generator.core.ids import id_path
from generator.site import charts, formatting, labels, maps
from generator.site.labels import Labelled

KIND_LABELS = Labelled(
    {
        "ziekenhuis": "Ziekenhuis",
        "vsv": "Verloskundig samenwerkingsverband (VSV)",
        "verpleeghuis": "Verpleeghuis",
        "wijkverpleging": "Wijkverpleging",
        "ggz": "GGZ-aanbieder",
        "huisartspraktijk": "Huisartsenpraktijk",
        "organisatie": "Zorgorganisatie",
        "overig": "Overige zorgaanbieder",
    }
)
KIND_PLURAL = Labelled(
    {
        "ziekenhuis": "Ziekenhuizen",
        "vsv": "Verloskundige samenwerkingsverbanden",
        "verpleeghuis": "Verpleeghuizen",
        "wijkverpleging": "Wijkverpleging",
        "ggz": "GGZ-aanbieders",
        "huisartspraktijk": "Huisartsenpraktijken",
        "organisatie": "Zorgorganisaties",
        "overig": "Overige zorgaanbieders",
    }
)
UNIT_LABELS = Labelled(
    {
        "percentage": "percentage",
        "proportion": "aandeel",
        "rate": "aantal per",
        "mean": "gemiddelde",
        "median": "mediaan",
        "count": "aantal",
        "number": "getal",
        "yesno": "ja/nee",
        "text": "tekst",
    }
)
DIRECTION_LABELS = Labelled(
    {
        "higher": "Hoger is beter",
        "lower": "Lager is beter",
        "neither": "Hoger of lager is niet beter of slechter",
    }
)
STATUS_TEXT = Labelled(
    {
        "too_few_cases": "Te weinig cliënten of patiënten om een betrouwbaar cijfer te tonen",
        "suppressed_complement": "Afgeschermd: anders is een klein aantal uit de totalen af te leiden",
        "not_applicable": "Niet van toepassing",
        "not_delivered": "Niet aangeleverd",
        "no_result": "Geen resultaat",
    }
)


# Characters that YAML (the front matter MkDocs reads with PyYAML) refuses, or reads as a line break, and
# the bidi embeddings, overrides and isolates that can make a text read otherwise than it is stored.
# Line breaks become a space; the rest is dropped (intake text, not markup, so nothing of meaning is lost).
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNSAFE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def front_matter_safe(text: str) -> str:
    """The text with every character that would break or spoof a page's front matter made harmless.

    C0 and C1 control characters (but tab and newline), DEL, lone surrogates, U+FFFE/U+FFFF and the bidi
    controls U+202A-U+202E and U+2066-U+2069 are dropped; CR, VT, FF, U+001C-U+001E, NEL and U+2028/U+2029
    (line breaks to YAML or to str.splitlines) become a space. The intake strips control characters too;
    this is the last line before a page is written.
    """
    return _UNSAFE.sub("", _LINE_BREAKS.sub(" ", text))


@cache
def _env() -> jinja2.Environment:
    env = jinja.Environment(
        loader=jinja2.PackageLoader("generator", "templates/site"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        formatting.FILTERS,
        tojson_attr=lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")),
        path=id_path,
        href=hosting.href,
    )
    env.globals.update(
        _=labels.markup,
        comparison_cell=comparison_cell,
        kind_labels=KIND_LABELS,
        kind_plural=KIND_PLURAL,
        unit_labels=UNIT_LABELS,
        direction_labels=DIRECTION_LABELS,
        status_text=STATUS_TEXT,
        comparison_labels=charts.COMPARISON_LABELS,
        comparison_symbols=charts.COMPARISON_SYMBOLS,
        chart_notes=charts.CHART_NOTES,
        map_notes=maps.MAP_NOTES,
        min_region_providers=MIN_REGION_PROVIDERS,
    )
    return env


def comparison_cell(comparison) -> markupsafe.Markup:
    """The cell of a comparison with the national value (the macro comparison_cell of _macros.html.j2, the
    one place of its HTML), made once per comparison and language: the same few cells fill a million table
    cells at national size, and a macro call costs what ten lookups do."""
    cells = _comparison_cells(labels.active())
    return cells[comparison] if comparison in cells else _macros().comparison_cell(comparison)


@cache
def _comparison_cells(language: str) -> dict[str, markupsafe.Markup]:
    with labels.use(language):
        return {c: _macros().comparison_cell(c) for c in ["", *charts.COMPARISON_LABELS]}


def _macros():
    return _env().get_template("_macros.html.j2").module


def page(
    template: str, title: str, depth: int, description: str = "", search: bool = False, **context
) -> str:
    """One generated page: front matter only, with the escaped title and the page's HTML body.

    The body (from an autoescaping template) travels in the front matter key `zs_body`, which the theme
    override emits as the page content: Markdown never parses it. MkDocs reads front matter with
    libyaml (0.1 ms a page); Python-Markdown's HTML handling took 16 ms a page, most of the build.
    Title, description and body pass front_matter_safe, so no intake text can make the YAML unreadable
    (MkDocs would then drop the whole front matter and title the page "Index").
    """
    root = "../" * depth
    title, description = front_matter_safe(str(title)), front_matter_safe(str(description))
    body = front_matter_safe(_env().get_template(template).render(root=root, title=title, **context))
    # "hide: toc": a generated page has no Markdown headings, so Material's table-of-contents column would
    # stay empty and only narrow the content (the provider table then had to scroll at 1280 px).
    return page_text(title, description, body, search)


def page_text(title: str, description: str, body: str, search: bool = False) -> str:
    """A generated page's text (front matter only) from its title, description and HTML body (all safe)."""
    meta = {
        "title": str(markupsafe.escape(title)),
        "generated": "zorgspiegel render (do not edit)",
        "hide": ["toc"],
    }
    if description:
        meta["description"] = str(markupsafe.escape(description))
    if not search:
        meta["search"] = {"exclude": True}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    html = frame(body)
    block = "".join(f"  {line}\n" if line.strip() else "\n" for line in html.splitlines())
    return f"---\n{front}\nzs_body: |-\n{block}---\n"


def frame(body: str) -> str:
    """A generated page's HTML around its (safe) body, as its front matter carries it."""
    return _env().get_template("_page.html.j2").render(body=markupsafe.Markup(body.strip()))


def read_page(text: str) -> dict | None:
    """The front matter of a page that page_text() wrote, as MkDocs reads it (title and description still
    escaped, the body as HTML); None for any other text (a hand-written page)."""
    if not text.startswith("---\n") or not text.endswith("\n---\n"):
        return None
    head, sep, block = text[4:-4].partition("zs_body: |-\n")
    if not sep:
        return None
    meta = {}
    for line in head.splitlines():
        key, colon, value = line.partition(": ")
        if not colon:
            return None
        meta[key] = json.loads(value)
    lines = block.splitlines()
    if any(line and not line.startswith("  ") for line in lines):
        return None
    meta["zs_body"] = "\n".join(line[2:] for line in lines).rstrip("\n")
    return meta


def render_template(template: str, **context) -> str:
    """Any other generated text from a template of templates/site (escaped like the pages), e.g. a feed."""
    return _env().get_template(template).render(**context)


def dumps(data) -> str:
    """Compact, stable JSON (NaN as null, '</' escaped so it is safe inside HTML too)."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, allow_nan=False).replace(
            "</", "<\\/"
        )
        + "\n"
    )


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as dicts with NaN turned into None and floats rounded to 6 decimals."""
    out = frame[columns].copy()
    for c in columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(6)
    return [
        {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
        for row in out.to_dict("records")
    ]


def latest_rows(results: pd.DataFrame) -> pd.DataFrame:
    """Per provider and indicator the row of the indicator's latest period."""
    latest = results.groupby("indicator_id")["period"].transform("max")
    return results[results["period"] == latest]
