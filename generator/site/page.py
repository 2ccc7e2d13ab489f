"""Shared pieces of the generated site: page framing, escaping, number formats, ids in URLs.

Pure: from the public tables to a dict of relative path -> text (Markdown pages whose body is one
block of HTML from autoescaping Jinja templates, JSON, CSV). The hand-written pages live in
site_src/; turning pages into HTML is the site step's job, not this module's.
Every text from the intake is escaped; every id used in a path is checked against SAFE_ID.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import jinja2
import markupsafe
import numpy as np
import pandas as pd

from generator.site import charts
from generator.site import labels
from generator.compute import stats
from generator.site.labels import Labelled, _
from generator.config.settings import PublicationConfig

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
KIND_LABELS = Labelled({"ziekenhuis": "Ziekenhuis", "vsv": "Verloskundig samenwerkingsverband (VSV)", "verpleeghuis": "Verpleeghuis",
                        "wijkverpleging": "Wijkverpleging", "ggz": "GGZ-aanbieder", "huisartspraktijk": "Huisartsenpraktijk",
                        "organisatie": "Zorgorganisatie", "overig": "Overige zorgaanbieder"})
KIND_PLURAL = Labelled({"ziekenhuis": "Ziekenhuizen", "vsv": "Verloskundige samenwerkingsverbanden", "verpleeghuis": "Verpleeghuizen",
                        "wijkverpleging": "Wijkverpleging", "ggz": "GGZ-aanbieders", "huisartspraktijk": "Huisartsenpraktijken",
                        "organisatie": "Zorgorganisaties", "overig": "Overige zorgaanbieders"})
UNIT_LABELS = Labelled({"percentage": "percentage", "proportion": "aandeel", "rate": "aantal per", "mean": "gemiddelde",
                        "median": "mediaan", "count": "aantal", "number": "getal", "yesno": "ja/nee", "text": "tekst"})
DIRECTION_LABELS = Labelled({"higher": "Hoger is beter", "lower": "Lager is beter", "neither": "Hoger of lager is niet beter of slechter"})
STATUS_TEXT = Labelled({"too_few_cases": "Te weinig cliënten of patiënten om een betrouwbaar cijfer te tonen",
                        "not_applicable": "Niet van toepassing", "not_delivered": "Niet aangeleverd"})
SHARE_UNITS = ("percentage", "proportion")


class UnsafeIdError(ValueError):
    """An id that cannot be used in a URL path (it could write outside the output folder)."""


def safe_id(value: str) -> str:
    """The id itself when it is safe in a path segment; raise UnsafeIdError otherwise."""
    if not SAFE_ID.fullmatch(str(value)) or str(value) in (".", ".."):
        raise UnsafeIdError(f"id {value!r} cannot be used in a URL")
    return str(value)


def slug(text: str) -> str:
    """A URL slug of a name: ascii, lowercase, words joined by '-' ('Noord-Holland' -> 'noord-holland')."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "onbekend"


def number(value, decimals: int = 1) -> str:
    """A number in the site's language: Dutch '1.234,5' (decimal comma), English '1,234.5'; '' for missing."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or pd.isna(value):
        return ""
    return labels.format_number(value, decimals)


def formatted(value, unit: str, rate_per=None, text: str = "") -> str:
    """A result in words and figures for a table cell ('23,4%', '12,3 per 1.000', 'ja')."""
    if unit == "yesno":
        if text.strip().lower() in ("ja", "nee") and labels.active() != "nl":
            text = _(text.strip().lower())  # the delivered yes/no word, not free text
        return text or (_("ja") if value == 1 else _("nee") if value == 0 else "")
    if unit == "text":
        return text
    if value is None or pd.isna(value):
        return ""
    if unit == "percentage":
        return f"{number(value)}%"
    if unit == "rate":
        return f"{number(value)} per {number(rate_per or 1, 0)}"
    if unit in ("count",):
        return number(value, 0)
    if unit == "proportion":
        return number(value, 3)
    return number(value, 2 if abs(value) < 10 else 1)


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates/site"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(number=number, formatted=formatted, tojson_attr=lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":")))
    env.globals.update(_=labels.markup, kind_labels=KIND_LABELS, kind_plural=KIND_PLURAL, unit_labels=UNIT_LABELS, direction_labels=DIRECTION_LABELS,
                       status_text=STATUS_TEXT, comparison_labels=charts.COMPARISON_LABELS, comparison_symbols=charts.COMPARISON_SYMBOLS,
                       chart_notes=charts.CHART_NOTES)
    return env


def page(template: str, title: str, depth: int, description: str = "", search: bool = False, **context) -> str:
    """One generated page: front matter only, with the escaped title and the page's HTML body.

    The body (from an autoescaping template) travels in the front matter key `zs_body`, which the theme
    override emits as the page content: Markdown never parses it. MkDocs reads front matter with
    libyaml (0.1 ms a page); Python-Markdown's HTML handling took 16 ms a page, most of the build.
    """
    root = "../" * depth
    body = _env().get_template(template).render(root=root, title=title, **context)
    # "hide: toc": a generated page has no Markdown headings, so Material's table-of-contents column would
    # stay empty and only narrow the content (the provider table then had to scroll at 1280 px).
    meta = {"title": str(markupsafe.escape(title)), "generated": "zorgspiegel render (do not edit)", "hide": ["toc"]}
    if description:
        meta["description"] = str(markupsafe.escape(description))
    if not search:
        meta["search"] = {"exclude": True}
    front = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items())
    html = f'<div class="zs-page">\n{body.strip()}\n</div>'
    block = "".join(f"  {line}\n" if line.strip() else "\n" for line in html.splitlines())
    return f"---\n{front}\nzs_body: |-\n{block}---\n"


def dumps(data) -> str:
    """Compact, stable JSON (NaN as null, '</' escaped so it is safe inside HTML too)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False, allow_nan=False).replace("</", "<\\/") + "\n"


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as dicts with NaN turned into None and floats rounded to 6 decimals."""
    out = frame[columns].copy()
    for c in columns:
        if out[c].dtype.kind == "f":
            out[c] = out[c].round(6)
    return [{k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()} for row in out.to_dict("records")]


@dataclass
class SiteInput:
    """What the renderer needs: the public tables of the release and the list of all releases."""

    release: str
    publication: PublicationConfig
    results: pd.DataFrame
    benchmarks: pd.DataFrame
    indicators: pd.DataFrame
    providers: pd.DataFrame
    changes: pd.DataFrame
    releases: list[dict] = field(default_factory=list)  # from datapackages/: see downloads page


def shown_providers(data: SiteInput) -> pd.DataFrame:
    """Providers that get a page: those with result rows, and the organisations of such locations."""
    with_rows = set(data.results["provider_id"])
    parents = set(data.providers.loc[data.providers["provider_id"].isin(with_rows), "parent_id"]) - {""}
    return data.providers[data.providers["provider_id"].isin(with_rows | parents)]


def latest_rows(results: pd.DataFrame) -> pd.DataFrame:
    """Per provider and indicator the row of the indicator's latest period."""
    latest = results.groupby("indicator_id")["period"].transform("max")
    return results[results["period"] == latest]


def funnel_grid(national: float, scale: float, n_max: float, n_min: float = 1.0) -> list[dict]:
    """Funnel limits on a grid of denominators from the smallest to the largest shown (smooth lines in the plot)."""
    if not np.isfinite(national) or not np.isfinite(n_max) or n_max < 1:
        return []
    low = max(1.0, float(n_min) * 0.9) if np.isfinite(n_min) else 1.0
    grid = np.unique(np.round(np.geomspace(low, max(n_max * 1.05, low + 10), 80)))
    p0 = national / scale
    lo95, hi95 = stats.funnel_limits(p0, grid, 0.95)
    lo998, hi998 = stats.funnel_limits(p0, grid, 0.998)
    return [{"denominator": float(n), "low_95": round(float(a) * scale, 6), "high_95": round(float(b) * scale, 6),
             "low_998": round(float(c) * scale, 6), "high_998": round(float(d) * scale, 6)}
            for n, a, b, c, d in zip(grid, lo95, hi95, lo998, hi998)]
