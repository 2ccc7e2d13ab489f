"""Every key of intake.yaml, declared once: (expected type label, default, description).

The README's tables of settings are checked against these (tests/test_docs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.config.checks import data_url_problem, site_url_problem

# key: (expected type label, default, description)
SOURCE_KEYS: dict[str, tuple[str, Any, str]] = {
    "file": (
        "text",
        None,
        "File name or glob pattern inside the intake folder, relative to it (no absolute path, no '..', "
        "no symlink leading out); CSV, XLSX or Parquet.",
    ),
    "sheet": (
        "text or list of text",
        None,
        "XLSX: the sheet to read, a list of sheets, or '*' for every sheet. "
        "Default: the first sheet with data.",
    ),
    "encoding": (
        "text",
        "auto",
        "CSV: 'auto' (UTF-8 with or without BOM; Windows-1252 only for a file without any UTF-8 character), "
        "or a codec such as 'utf-8' or 'cp1252'.",
    ),
    "delimiter": ("text", "auto", "CSV: 'auto', ',', ';', 'tab' or '|'."),
    "decimal": ("text", "auto", "Decimal mark: 'auto' (',' when the delimiter is ';'), '.' or ','."),
    "skip_rows": ("whole number", 0, "Lines above the header row to skip (titles, notes); 0 to 10000."),
    "columns": (
        "mapping",
        {},
        "Contract column: source column (or a list of source columns, joined with '-').",
    ),
    "values": (
        "mapping",
        {},
        "Contract column: {source value: contract value}; a key starting with 're:' is a regular expression "
        "that must match the whole value, and its target may use the groups: '\\1', '\\g<name>'.",
    ),
    "constants": (
        "mapping",
        {},
        "Contract column: value used for every row (e.g. approval_status: approved).",
    ),
    "missing_values": (
        "list of text",
        [""],
        "Source values that mean 'empty' (e.g. 'Not Available', 'NULL').",
    ),
    "date_formats": (
        "list of text",
        ["%Y-%m-%d"],
        "strptime formats tried in order for date columns; 'excel' accepts Excel serial day numbers.",
    ),
    "zero_pad": (
        "mapping",
        {},
        "Source or contract column: width (0 to 64); digits-only values are left-padded with zeros "
        "(ids that lost them in Excel).",
    ),
    "distinct": (
        "true, false or list of text",
        False,
        "Drop repeated rows after mapping (a registry taken from a long results file); "
        "with a list of contract columns, keep the first row per key.",
    ),
    "period_from_date": (
        "text",
        None,
        "Source date column whose year becomes the period (when the file has no period column).",
    ),
    "period_format": (
        "text or list of text",
        None,
        "How the period column is written, formats tried in order: strptime's %Y %y %m %b %B %d, and %q for "
        "a quarter; a code written twice makes a range ('%m/%d/%Y - %m/%d/%Y'). Gives period, and "
        "period_start and period_end.",
    ),
    "lookup": (
        "mapping",
        {},
        "Contract column: {file, key, value, on, sheet, split}: the column taken from a second file by key "
        "(e.g. a health board's name by its code); see 'lookup' below.",
    ),
    "melt": (
        "mapping",
        {},
        "{columns, name, value}: wide measure columns unpivoted, one row per file row and column; "
        "see 'melt' below.",
    ),
    "identifiers": (
        "mapping",
        {},
        "Providers: {name: source column} of the provider's other ids (agb, kvk, ccn ...), published "
        "together as the providers' JSON field identifiers.",
    ),
    "on_duplicate": (
        "text",
        "error",
        "Providers and indicators from several sources: 'error' (an id given twice is rejected, "
        "duplicate-id) or 'first' (this source only adds ids the sources before it did not give).",
    ),
    "fiscal_year_start": (
        "whole number",
        1,
        "Month a fiscal year starts (1 to 12): with 10, 'FY2022' (period_format 'FY%Y') runs from "
        "2021-10-01 to 2022-09-30 and is period 2022, the year it ends.",
    ),
}
# The sub-keys of one `lookup:` entry and of `melt:`: (expected type label, required, description).
LOOKUP_KEYS: dict[str, tuple[str, bool, str]] = {
    "file": ("text", True, "The second file (CSV, XLSX or Parquet) inside the intake folder."),
    "key": ("text", True, "Its column holding the key."),
    "value": ("text", True, "Its column holding the text to take."),
    "on": ("text", False, "This file's column to look up (default: the column named as 'key')."),
    "sheet": ("text", False, "XLSX: the sheet of the second file (default: the first with data)."),
    "split": (
        "text",
        False,
        "A cell holding several keys split on this text ('3, 7' with ','): each is looked up, the texts "
        "joined with '; '.",
    ),
}

MELT_KEYS: dict[str, tuple[str, bool, str]] = {
    "columns": (
        "list of text",
        True,
        "The wide columns: names, or 're:' patterns matching whole names, in the file's order.",
    ),
    "name": ("text", True, "The contract column that gets each wide column's name (e.g. indicator_id)."),
    "value": (
        "text or list of text",
        True,
        "The contract column(s) that get its cell (e.g. value, or [value, missing_reason]).",
    ),
}

#: How a source's setting combines with the same setting under `defaults:`. "merged": mappings merge key by
#: key (the source's keys first, then those of defaults it does not set; a mapping under both merges
#: too); "added": the source's list, then the items of defaults' list it lacks; any other key: the
#: source's value replaces defaults'.
WITH_DEFAULTS: dict[str, str] = {
    "columns": "merged",
    "values": "merged",
    "constants": "merged",
    "zero_pad": "merged",
    "missing_values": "added",
    "date_formats": "added",
    "period_format": "added",
    "lookup": "merged",
    "identifiers": "merged",
}
PUBLICATION_KEYS: dict[str, tuple[str, Any, str]] = {
    "title": ("text", "Zorgspiegel", "Name of the publication, shown on the site and in the packages."),
    "publisher": ("text", "Zorgspiegel", "Who publishes the release."),
    "licence": ("text", "CC-BY-4.0", "SPDX id of the data licence."),
    "source_title": ("text", "", "Where the deliveries come from (for the packages' sources)."),
    "source_url": ("text", "", "Web address of that source."),
    "site_url": (
        "text",
        "",
        "Web address of the published site, absolute http or https (e.g. https://owner.github.io/repo/; "
        "`zorgspiegel build --site-url` overrides it): the sitemap, the 404 page, the DCAT catalogue and the "
        "JSON-LD use it. Empty: relative addresses and an empty sitemap.",
    ),
    "data_url": (
        "text",
        "",
        "Web address under which each release's data files are served outside the site, absolute http or "
        "https: <data_url><release>/<file> (e.g. https://github.com/owner/repo/releases/download/ for the "
        "GitHub Release assets, or object storage, a CDN; `zorgspiegel build --data-url` overrides it). The "
        "downloads pages, the catalogue, the JSON-LD and the package READMEs link there; the site keeps the "
        "descriptors and the 'alles' Parquet tables. Empty: every file is inside the site.",
    ),
    "min_denominator": (
        "whole number",
        10,
        "Default disclosure threshold (0 to 1000000): "
        "no value, numerator or denominator is published under it.",
    ),
    "small_counts": (
        "whole number",
        0,
        "Small-count rule: no numerator, non-event count (denominator minus numerator) "
        "or count from 1 to this many is published; 0 is off.",
    ),
    "registry_public": (
        "true or false",
        False,
        "The provider registry is public: providers without an approved result are published too "
        "('nog geen goedgekeurde cijfers').",
    ),
    "funnel_overdispersion": (
        "true or false",
        False,
        "Widen funnel-plot limits for overdispersion (Spiegelhalter 2005, additive random effects); the "
        "verdicts, sentences and drawn lines all use the widened limits.",
    ),
    "comparison_method": (
        "text",
        "auto",
        "How results are judged against the benchmark unless an indicator says otherwise: auto, interval, "
        "funnel, publisher or none (see the method pages).",
    ),
    "comparison_level": (
        "number",
        0.95,
        "Confidence or control level of the comparison, a fraction between 0.5 and 0.9999 (0.95 or 0.998).",
    ),
    "expected_deliveries": (
        "text or list of text",
        "none",
        "Who had to deliver: none (no result is ever called 'not delivered'), provider_kind (every "
        "published provider of an indicator's provider_kind, for the periods its set has results), or a "
        "list of set ids that rule holds for.",
    ),
    "demo": ("true or false", False, "Marks a fictitious demo release: every page carries a banner."),
    "language": (
        "text",
        "nl",
        "Language of the generated pages' labels, the charts and the theme: nl or en "
        "(the pages in site_src/ stay as written).",
    ),
}


def _not_negative(value: int) -> str:
    """'' for a threshold of 0 or more, else what is wrong with it."""
    return "" if value >= 0 else f"must be 0 or more, got {value!r}"


#: Checks of a key's value beyond its type: 'publication.key' -> check(value) -> '' or the problem.
#: A negative threshold would publish everything (no denominator is under it) and say otherwise.
def _one_of(*allowed: str) -> Callable[[Any], str]:
    """A check that a text value is one of `allowed`."""

    def check(value: Any) -> str:
        if isinstance(value, list) or value in allowed:
            return ""
        return f"must be one of {', '.join(allowed)}, got {value!r}"

    return check


def _level(value: float) -> str:
    """'' for a confidence level from 0.5 to 0.9999, else what is wrong with it."""
    return (
        ""
        if 0.5 <= value <= 0.9999
        else f"must be a fraction from 0.5 to 0.9999 (0.95 for 95%), got {value!r}"
    )


#: Comparison methods an indicator or the publication may name (compute/verdict.py).
COMPARISON_METHODS = ("auto", "interval", "funnel", "publisher", "none")

VALUE_CHECKS: dict[str, Callable[[Any], str]] = {
    "publication.min_denominator": _not_negative,
    "publication.small_counts": _not_negative,
    "publication.comparison_method": _one_of(*COMPARISON_METHODS),
    "publication.comparison_level": _level,
    "publication.expected_deliveries": _one_of("none", "provider_kind"),
    "publication.site_url": site_url_problem,
    "publication.data_url": data_url_problem,
}
