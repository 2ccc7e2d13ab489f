"""A wide file in `zorgspiegel init`'s draft: one row per provider with a column per measure.

When no file of the folder has one row per result but the registry's file holds columns of figures (CMS's
Hospital General Information: 'Hospital overall rating', 'Count of MORT Measures Better', …), the draft
reads that file a second time as the results, unpivoted: `melt` makes one result per provider and measure
column, with the column's name as the indicator id. The publisher then keeps the columns that are
results and maps their names onto the catalogue's ids (a `values:` map, back-references welcome).
"""

from __future__ import annotations

from collections.abc import Callable

from generator.intake.matcher import Column, Match

#: At least this many figure columns make a file wide (one figure column is more likely an attribute).
MIN_MEASURES = 2
#: Share of a column's filled cells (apart from words for a missing figure) that must be numbers.
NUMERIC = 0.9
#: How the draft explains the melt it writes (draft.py writes the YAML).
MELT_COMMENT = (
    "one column per measure: unpivoted, one result per provider and column; the column's name is the",
    "indicator id (keep the columns that are results, and map their names onto the catalogue's ids, e.g.",
    "values: {indicator_id: {'re:Count of (\\w+) Measures (.*)': '\\1 measures \\2'}})",
)
#: Words in a column's name that say it explains a figure rather than being one (footnote codes).
NOT_A_FIGURE = ("footnote", "voetnoot", "note", "opmerking", "code", "telephone", "phone", "zip")


def unmatched(columns: list[Column], used: set[int]) -> list[Column]:
    """The sheet's columns no contract column took (`used`: the ids of the taken ones), in file order."""
    return [c for c in columns if id(c) not in used]


def measure_columns(columns: list[Column]) -> list[Column]:
    """The columns of figures among `columns`: filled, nearly all numbers, not footnotes or codes."""
    return [
        c
        for c in columns
        if c.filled and c.numeric >= NUMERIC and not any(w in c.name.casefold() for w in NOT_A_FIGURE)
    ]


def wide_match(provider_source: Match, measures: list[Column]) -> Match | None:
    """The results' match of a registry file read as a wide results file: its provider id column, when it
    has one and at least MIN_MEASURES figure columns."""
    pid = provider_source.columns.get("provider_id")
    if pid is None or len(measures) < MIN_MEASURES:
        return None
    return Match("results", {"provider_id": pid}, {"provider_id": "the registry's id column"})


def missing_words(measures: list[Column]) -> list[str]:
    """The words standing in the measure columns instead of a figure ('Not Available'), most common first."""
    counts: dict[str, int] = {}
    for c in measures:
        for word, n in c.words.items():
            counts[word] = counts.get(word, 0) + n
    return [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))][:5]


def wide_source(registry: list, used_of: Callable[[Match], set[int]]) -> tuple | None:
    """The first registry source (draft.Source) whose file is wide, with its results' match and measure
    columns; `used_of(match)` gives the ids of the columns its contract columns take. None: no wide file."""
    for src in registry:
        measures = measure_columns(unmatched(src.sheet.columns, used_of(src.match)))
        match = wide_match(src.match, measures)
        if match is not None:
            return src, match, measures
    return None
