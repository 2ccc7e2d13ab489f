"""Mapping: a file's rows onto the contract's columns, as intake.yaml says (columns, values, constants,
missing values, number and date formats, zero padding, distinct rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.config.checks import BACK_REFERENCE
from generator.config.contract import table_spec
from generator.config.settings import SourceConfig
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import SOURCE_FILE, SOURCE_ROW
from generator.core.period_formats import parse_period
from generator.intake.text import by_distinct, header_key

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class RawTable:
    """One sheet or file as read: text cells, the header, and each row's number in the file."""

    label: str  # file name as shown in errors, with [sheet] for workbooks
    frame: pd.DataFrame  # every cell text ("" for empty)
    rows: np.ndarray  # 1-based row number in the file of each data row (header = first row)
    kind: str  # "csv", "xlsx" or "parquet"
    header: list[str] | None = None  # the column names as delivered, repeats and all (None: frame's own)

    def columns_by_name(self) -> dict[str, list[str]]:
        """The frame's columns per normalised name (text.header_key); two columns under one name
        are a repeat that mapping refuses to choose between."""
        header = self.header if self.header is not None else list(self.frame.columns)
        out: dict[str, list[str]] = {}
        for key, name in zip(self.frame.columns, header):
            out.setdefault(header_key(name), []).append(key)
        return out

    def delivered(self, key: str) -> str:
        """The name as delivered of one of the frame's columns."""
        header = self.header if self.header is not None else list(self.frame.columns)
        return dict(zip(self.frame.columns, header))[key]


def normalise_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Rewrite number text to plain '.'-decimal form ('1.234,5' -> '1234.5'); other text unchanged.

    decimal ',' or '.': the given mark, the other one is a thousands separator. 'auto': a lone comma
    is a decimal comma ('3,5'), and with both marks the last one is the decimal mark.
    Each distinct text is rewritten once (a national file repeats its counts and scores many times, and
    a regular expression over every row cost seconds per column).
    """
    return by_distinct(values, lambda distinct: _normalised(distinct, decimal))


def _normalised(values: pd.Series, decimal: str) -> pd.Series:
    s = values.str.replace(r"[\s\u00a0]", "", regex=True).str.replace("%", "", regex=False)
    if decimal == ",":
        return s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    if decimal == ".":
        return s.str.replace(",", "", regex=False)
    both = s.str.contains(",", regex=False) & s.str.contains(".", regex=False)
    comma_last = pd.Series(False, index=s.index)
    if both.any():  # rfind is a Python call per value: only where both marks occur (rare)
        mixed = s[both]
        comma_last[both] = mixed.str.rfind(",") > mixed.str.rfind(".")
    out = s.where(~comma_last, s.str.replace(".", "", regex=False))
    out = out.where(~(both & ~comma_last), out.str.replace(",", "", regex=False))
    return out.str.replace(",", ".", regex=False)


def normalise_dates(values: pd.Series, formats: list[str]) -> pd.Series:
    """Rewrite date text to ISO (YYYY-MM-DD) using the formats in order; unparsable text unchanged."""
    out = pd.Series("", index=values.index, dtype=object)
    todo = values != ""
    for fmt in formats:
        if not todo.any():
            break
        if fmt == "excel":
            num = pd.to_numeric(values[todo], errors="coerce")
            ok = num.notna() & (num > 0) & (num < 100000)
            days = (EXCEL_EPOCH + pd.to_timedelta(num[ok].astype(float).round(), unit="D")).dt.strftime(
                "%Y-%m-%d"
            )
            out[days.index] = days
            todo[days.index] = False
            continue
        text = values[todo]
        if "%H" not in fmt:  # tolerate a time part after the date (Excel exports '2019-01-01 00:00:00')
            text = text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", regex=True)
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        ok = parsed.notna()
        out[parsed[ok].index] = parsed[ok].dt.strftime("%Y-%m-%d")
        todo[parsed[ok].index] = False
    out[todo] = values[todo]
    return out.astype(str)


def _map_values(series: pd.Series, mapping: dict) -> pd.Series:
    """Apply a value map: exact keys first (then case-insensitive), then 're:' patterns, first match wins;
    a pattern's target may use its groups (\\1, \\g<name>)."""
    exact = {str(k): "" if v is None else str(v) for k, v in mapping.items() if not str(k).startswith("re:")}
    lowered = {k.lower(): v for k, v in exact.items()}
    out = series.map(lambda v: exact.get(v, lowered.get(v.lower(), v)))
    done = series.isin(list(exact)) | series.str.lower().isin(list(lowered))
    for key, target in mapping.items():
        if str(key).startswith("re:"):
            pattern, text = str(key)[3:], "" if target is None else str(target)
            hit = ~done & series.str.fullmatch(pattern)
            if BACK_REFERENCE.search(text) and hit.any():  # '\1-\2', '\g<year>': filled in from the match
                out = out.mask(hit, series[hit].str.replace(rf"\A(?:{pattern})\Z", text, regex=True))
            else:
                out = out.where(~hit, text)
            done |= hit
    return out


def pad_digits(col: pd.Series, width: int | None) -> pd.Series:
    """Left-pad digits-only values with zeros to `width` (ids that lost their zeros in Excel)."""
    return col if not width else col.where(~col.str.fullmatch(r"\d+"), col.str.zfill(width))


def _ambiguous(raw: RawTable, column: str, keys: list[str], why: str = "") -> Issue:
    names = " and ".join(repr(raw.delivered(k)) for k in keys)
    return Issue("column-ambiguous", file=raw.label, column=column, detail=f"{names}{why}")


def find_columns(
    raw: RawTable, by_name: dict, column: str, names: list[str]
) -> tuple[list[str], Issue | None]:
    """The frame's columns for the source column names a contract column is mapped to, or the problem."""
    keys = []
    for name in names:
        found = by_name.get(header_key(name), [])
        if not found:
            hint = did_you_mean(name, raw.header or raw.frame.columns)
            return [], Issue("source-column-missing", file=raw.label, column=column, value=name, hint=hint)
        if len(found) > 1:
            return [], _ambiguous(
                raw, column, found, " (the same name once case, spaces and dashes are ignored)"
            )
        keys += found
    return keys, None


def _source_column(
    raw: RawTable, source: SourceConfig, by_name: dict, f
) -> tuple[pd.Series | None, Issue | None]:
    """One contract column from the file, a constant or a date column, as text; (None, None) when the
    file does not have it; (None, issue) when it cannot be taken."""
    frame, missing = raw.frame, set(source.missing_values)
    own = by_name.get(f.name, [])
    mapped = source.columns.get(f.name)
    if mapped is not None:
        names = [mapped] if isinstance(mapped, str) else list(mapped)
        keys, problem = find_columns(raw, by_name, f.name, names)
        if problem:
            return None, problem
        parts = [frame[k].str.strip() for k in keys]
        parts = [p.where(~p.isin(missing), "") for p in parts]
        parts = [pad_digits(p, source.zero_pad.get(n)) for p, n in zip(parts, names)]
        if len(parts) == 1:
            return parts[0], None
        return pd.Series(["-".join(x for x in t if x) for t in zip(*parts)], index=frame.index), None
    if f.name in source.constants:
        if own:
            why = f" give it, and so does the constant under 'constants' ({source.constants[f.name]!r})"
            return None, _ambiguous(raw, f.name, own, why)
        value = source.constants[f.name]
        text = "true" if value is True else "false" if value is False else str(value)
        return pd.Series(text, index=frame.index), None
    if len(own) > 1:
        return None, _ambiguous(raw, f.name, own, " (the same name once case, spaces and dashes are ignored)")
    if own:
        col = frame[own[0]].str.strip()
        return col.where(~col.isin(missing), ""), None
    if f.name == "period" and source.period_from_date:
        keys, problem = find_columns(raw, by_name, "period", [source.period_from_date])
        if problem:
            return None, problem
        dates = normalise_dates(frame[keys[0]].str.strip(), source.date_formats)
        return dates.where(~dates.str.match(r"^\d{4}-\d{2}-\d{2}$"), dates.str.slice(0, 4)), None
    return None, None


def _read_periods(out: dict[str, pd.Series], source: SourceConfig) -> None:
    """The period column read by the source's period_format (core/period_formats.py): the period, and
    period_start and period_end where the contract has them and the row has none of its own. A value no
    format reads is left as it is, for validation to report."""
    formats = (
        (source.period_format,) if isinstance(source.period_format, str) else tuple(source.period_format)
    )
    text = out["period"]
    found = {v: parse_period(v, formats, source.fiscal_year_start) for v in text.unique() if v}
    parsed = text.map(lambda v: found.get(v))
    ok = parsed.notna()
    for i, name in enumerate(("period", "period_start", "period_end")):
        if name in out:
            derived = parsed[ok].map(lambda p, i=i: p[i])
            keep = (out[name] != "") & (name != "period")
            out[name] = out[name].mask(ok & ~keep, derived)


def map_to_contract(raw: RawTable, source: SourceConfig) -> pd.DataFrame:
    """Turn one raw table into the contract's columns (all text) plus provenance columns.

    Column names are compared after one normalisation (text.header_key); a contract column that two
    source columns (or a source column and a constant) could give stops the build.
    """
    spec = table_spec(source.table)
    frame = raw.frame
    by_name = raw.columns_by_name()
    problems: list[Issue] = []
    out: dict[str, pd.Series] = {}
    for f in spec.fields:
        col, problem = _source_column(raw, source, by_name, f)
        if problem is None and col is None and f.required:
            hint = did_you_mean(f.name, raw.header or frame.columns)
            problem = Issue("column-missing", file=raw.label, column=f.name, hint=hint)
        if problem is not None:
            problems.append(problem)
            continue
        if col is None:
            col = pd.Series("", index=frame.index)
        if f.name in source.values:
            col = _map_values(col, source.values[f.name])
        col = pad_digits(col, source.zero_pad.get(f.name))
        if f.type in ("number", "integer"):
            col = normalise_numbers(col, frame.attrs.get("decimal", "auto"))
        elif f.type == "date":
            col = normalise_dates(col, source.date_formats)
        out[f.name] = col.astype(str)
    if problems:
        raise StructuralError(problems)
    if source.period_format and "period" in out:
        _read_periods(out, source)
    mapped = pd.DataFrame(out)
    mapped[SOURCE_FILE] = raw.label
    mapped[SOURCE_ROW] = raw.rows
    return mapped


def apply_distinct(mapped: pd.DataFrame, source: SourceConfig) -> pd.DataFrame:
    """Drop repeated rows of one source (all its files and sheets): whole rows, or the first per key."""
    if not source.distinct:
        return mapped
    key = table_spec(source.table).field_names if source.distinct is True else list(source.distinct)
    unknown = [k for k in key if k not in mapped.columns]
    if unknown:
        raise StructuralError(
            [
                Issue(
                    "config-invalid",
                    file="intake.yaml",
                    detail=(
                        f"'tables.{source.table}.distinct' names {unknown[0]!r}, which is not a column of "
                        f"{source.table}{did_you_mean(unknown[0], table_spec(source.table).field_names)}."
                    ),
                )
            ]
        )
    return mapped.drop_duplicates(subset=key, keep="first")
