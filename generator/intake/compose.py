"""Mapping that composes: wide measure columns unpivoted (`melt`), a provider's other ids gathered into one
JSON field (`identifiers`), and a column taken from a second file by key (`lookup`). Each turns a raw table
into one that plain mapping (intake.mapping) reads: new columns, and the source's `columns` pointing the
contract columns at them.

Pure: the lookup files are read by intake.read; this module turns their rows into a key -> text table
and looks a source's cells up in it, reporting the keys it does not hold as located warnings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from generator.config.composed import melt_targets
from generator.config.settings import SourceConfig
from generator.core.errors import Issue, StructuralError
from generator.intake.mapping import RawTable, find_columns, pad_digits

LOOKED_UP = "zorgspiegel:lookup:"  # the name a looked-up column gets in the raw table
IDENTIFIERS = "zorgspiegel:identifiers"  # the column of a provider's other ids as JSON text
MELT_NAME, MELT_CELL = "zorgspiegel:melt:name", "zorgspiegel:melt:cell"  # the columns a melt makes


def _wide_columns(raw: RawTable, patterns: list[str]) -> list[str]:
    """The frame's columns a melt's `columns` name (names, or 're:' patterns matching a whole delivered
    name), in the file's order; a StructuralError for an entry that finds none."""
    by_name, wide = raw.columns_by_name(), set()
    for entry in patterns:
        if entry.startswith("re:"):
            found = [k for k in raw.frame.columns if re.fullmatch(entry[3:], raw.delivered(k).strip())]
            problem = (
                None if found else Issue("source-column-missing", file=raw.label, column="melt", value=entry)
            )
        else:
            found, problem = find_columns(raw, by_name, "melt", [entry])
        if problem is not None:
            raise StructuralError([problem])
        wide.update(found)
    return [k for k in raw.frame.columns if k in wide]


def melted(raw: RawTable, source: SourceConfig) -> tuple[RawTable, SourceConfig]:
    """The raw table unpivoted by the source's `melt`: per file row one row per wide column with a cell
    (an empty cell gives none), in file order, each keeping its file row number; the other columns are
    repeated. `melt.name` is mapped to the wide column's delivered name, `melt.value` to its cell."""
    if not source.melt:
        return raw, source
    wide = _wide_columns(raw, source.melt["columns"])
    frame = raw.frame
    keep = [k for k in frame.columns if k not in wide]
    cells = frame[wide].to_numpy(dtype=object).ravel()  # row by row: row 1's wide cells, then row 2's
    filled = np.array([str(c).strip() != "" for c in cells], dtype=bool)
    repeat = np.repeat(np.arange(len(frame)), len(wide))[filled]
    out = frame[keep].iloc[repeat].reset_index(drop=True)
    out[MELT_NAME] = np.tile([raw.delivered(k).strip() for k in wide], len(frame))[filled]
    out[MELT_CELL] = cells[filled]
    header = [raw.delivered(k) for k in keep] + [MELT_NAME, MELT_CELL]
    targets = melt_targets(source.melt)
    columns = dict(source.columns) | {targets[0]: MELT_NAME} | dict.fromkeys(targets[1:], MELT_CELL)
    return replace(raw, frame=out, rows=raw.rows[repeat], header=header), replace(source, columns=columns)


@dataclass(frozen=True)
class Lookup:
    """One `lookup:` entry read: where its texts come from, its settings, and key -> text."""

    label: str  # the second file (and sheet), as errors name it
    spec: dict
    texts: dict[str, str]


def lookup_table(raws: list[RawTable], spec: dict, column: str) -> Lookup:
    """The key -> text table of a lookup file's rows (the first row of a key wins); a StructuralError
    when the file lacks the key or the value column."""
    pairs = []
    for raw in raws:
        names = [spec["key"], spec["value"]]
        keys, problem = find_columns(raw, raw.columns_by_name(), f"lookup.{column}", names)
        if problem is not None:
            raise StructuralError([problem])
        pairs.append(
            pd.DataFrame({"key": raw.frame[keys[0]].str.strip(), "text": raw.frame[keys[1]].str.strip()})
        )
    table = pd.concat(pairs, ignore_index=True)
    table = table[table["key"] != ""].drop_duplicates("key", keep="first")
    return Lookup(" + ".join(r.label for r in raws), spec, dict(zip(table["key"], table["text"])))


def look_up(cells: pd.Series, lookup: Lookup, raw: RawTable, column: str) -> tuple[pd.Series, list[Issue]]:
    """Each cell's text from the lookup ('' for an empty cell). With `split`, a cell's keys are looked up
    one by one and their texts joined with '; '. A key the lookup lacks gives '' and a warning."""
    split = lookup.spec.get("split")
    found: dict[str, tuple[str, list[str]]] = {}
    for cell in cells.unique():
        keys = [k.strip() for k in cell.split(split)] if split else [cell]
        keys = [k for k in keys if k]
        found[cell] = (
            "; ".join(lookup.texts[k] for k in keys if k in lookup.texts),
            [k for k in keys if k not in lookup.texts],
        )
    issues = [
        Issue("lookup-unmatched", file=raw.label, row=int(row), column=column, value=key, detail=lookup.label)
        for cell, row in zip(cells, raw.rows)
        for key in found[cell][1]
    ]
    return cells.map(lambda c: found[c][0]), issues


def with_lookups(
    raw: RawTable, source: SourceConfig, lookups: dict[str, Lookup], warnings: list[Issue]
) -> tuple[RawTable, SourceConfig]:
    """The raw table with a column of looked-up texts for each `lookup:` entry, and the source mapping
    each such contract column to it (values, zero padding and checks then apply as to any column).
    Keys the lookups lack are added to `warnings`; a missing `on` column is a StructuralError."""
    if not lookups:
        return raw, source
    frame, header, columns = raw.frame.copy(), list(raw.header or raw.frame.columns), dict(source.columns)
    by_name = raw.columns_by_name()
    missing = set(source.missing_values)
    for column, lookup in lookups.items():
        keys, problem = find_columns(raw, by_name, column, [lookup.spec.get("on", lookup.spec["key"])])
        if problem is not None:
            raise StructuralError([problem])
        cells = frame[keys[0]].str.strip()
        texts, issues = look_up(cells.where(~cells.isin(missing), ""), lookup, raw, column)
        warnings.extend(issues)
        frame[LOOKED_UP + column] = texts
        header.append(LOOKED_UP + column)
        columns[column] = LOOKED_UP + column
    return replace(raw, frame=frame, header=header), replace(source, columns=columns)


def with_identifiers(raw: RawTable, source: SourceConfig) -> tuple[RawTable, SourceConfig]:
    """The raw table with a column holding each row's other ids (`identifiers:` name -> source column) as
    a JSON object text with sorted names, empty ids left out ('' when none), and the source mapping the
    contract column identifiers to it. Missing values and zero padding apply as to any source column."""
    if not source.identifiers:
        return raw, source
    by_name, missing = raw.columns_by_name(), set(source.missing_values)
    parts = {}
    for name, column in sorted(source.identifiers.items()):
        keys, problem = find_columns(raw, by_name, f"identifiers.{name}", [column])
        if problem is not None:
            raise StructuralError([problem])
        cells = raw.frame[keys[0]].str.strip()
        parts[name] = pad_digits(cells.where(~cells.isin(missing), ""), source.zero_pad.get(column))
    rows = zip(*parts.values())
    texts = [json.dumps({n: v for n, v in zip(parts, row) if v}, ensure_ascii=False) for row in rows]
    frame = raw.frame.assign(**{IDENTIFIERS: [t if t != "{}" else "" for t in texts]})
    header = list(raw.header or raw.frame.columns) + [IDENTIFIERS]
    columns = dict(source.columns) | {"identifiers": IDENTIFIERS}
    return replace(raw, frame=frame, header=header), replace(source, columns=columns)


def composed(
    raw: RawTable, source: SourceConfig, lookups: dict[str, Lookup], warnings: list[Issue]
) -> tuple[RawTable, SourceConfig]:
    """A raw table and its source made ready for plain mapping: melted, its identifiers gathered, its
    lookups done (in that order: a lookup may use a column a melt repeats)."""
    return with_lookups(*with_identifiers(*melted(raw, source)), lookups, warnings)
