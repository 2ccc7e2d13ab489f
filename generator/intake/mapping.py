"""Mapping: a file's rows onto the contract's columns, as intake.yaml says (columns, values, constants,
missing values, number and date formats, zero padding, distinct rows)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.config.contract import table_spec
from generator.config.settings import SourceConfig
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import SOURCE_FILE, SOURCE_ROW

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class RawTable:
    """One sheet or file as read: text cells, the header, and each row's number in the file."""

    label: str  # file name as shown in errors, with [sheet] for workbooks
    frame: pd.DataFrame  # every cell text ("" for empty)
    rows: np.ndarray  # 1-based row number in the file of each data row (header = first row)
    kind: str  # "csv", "xlsx" or "parquet"


def normalise_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Rewrite number text to plain '.'-decimal form ('1.234,5' -> '1234.5'); other text unchanged.

    decimal ',' or '.': the given mark, the other one is a thousands separator. 'auto': a lone comma
    is a decimal comma ('3,5'), and with both marks the last one is the decimal mark.
    """
    s = values.str.replace(r"[\s\u00a0]", "", regex=True).str.replace("%", "", regex=False)
    if decimal == ",":
        return s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    if decimal == ".":
        return s.str.replace(",", "", regex=False)
    both = s.str.contains(",", regex=False) & s.str.contains(".", regex=False)
    comma_last = both & (s.str.rfind(",") > s.str.rfind("."))
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
    """Apply a value map: exact keys first (then case-insensitive), then 're:' patterns, first match wins."""
    exact = {str(k): "" if v is None else str(v) for k, v in mapping.items() if not str(k).startswith("re:")}
    lowered = {k.lower(): v for k, v in exact.items()}
    out = series.map(lambda v: exact.get(v, lowered.get(v.lower(), v)))
    done = series.isin(list(exact)) | series.str.lower().isin(list(lowered))
    for key, target in mapping.items():
        if str(key).startswith("re:"):
            hit = ~done & series.str.fullmatch(str(key)[3:])
            out = out.where(~hit, "" if target is None else str(target))
            done |= hit
    return out


def _pad(col: pd.Series, width: int | None) -> pd.Series:
    """Left-pad digits-only values with zeros to `width` (ids that lost their zeros in Excel)."""
    return col if not width else col.where(~col.str.fullmatch(r"\d+"), col.str.zfill(width))


def _column_lookup(raw: pd.DataFrame) -> dict[str, str]:
    return {re.sub(r"[^a-z0-9]", "", c.lower()): c for c in raw.columns}


def map_to_contract(raw: RawTable, source: SourceConfig) -> pd.DataFrame:
    """Turn one raw table into the contract's columns (all text) plus provenance columns."""
    spec = table_spec(source.table)
    frame = raw.frame
    lookup = _column_lookup(frame)
    missing = set(source.missing_values)
    problems: list[Issue] = []
    out: dict[str, pd.Series] = {}
    for f in spec.fields:
        mapped = source.columns.get(f.name)
        if mapped is not None:
            names = [mapped] if isinstance(mapped, str) else list(mapped)
            absent = [n for n in names if n not in frame.columns and n.strip() not in frame.columns]
            if absent:
                problems.append(
                    Issue(
                        "source-column-missing",
                        file=raw.label,
                        column=f.name,
                        value=absent[0],
                        hint=did_you_mean(absent[0], frame.columns),
                    )
                )
                continue
            parts = [frame[n if n in frame.columns else n.strip()].str.strip() for n in names]
            parts = [p.where(~p.isin(missing), "") for p in parts]
            parts = [_pad(p, source.zero_pad.get(n)) for p, n in zip(parts, names)]
            col = (
                parts[0]
                if len(parts) == 1
                else pd.Series(["-".join(x for x in t if x) for t in zip(*parts)], index=frame.index)
            )
        elif f.name in source.constants:
            value = source.constants[f.name]
            col = pd.Series(
                "true" if value is True else "false" if value is False else str(value), index=frame.index
            )
        elif re.sub(r"[^a-z0-9]", "", f.name) in lookup:
            col = frame[lookup[re.sub(r"[^a-z0-9]", "", f.name)]].str.strip()
            col = col.where(~col.isin(missing), "")
        elif f.name == "period" and source.period_from_date:
            if source.period_from_date not in frame.columns:
                problems.append(
                    Issue(
                        "source-column-missing",
                        file=raw.label,
                        column="period",
                        value=source.period_from_date,
                        hint=did_you_mean(source.period_from_date, frame.columns),
                    )
                )
                continue
            dates = normalise_dates(frame[source.period_from_date].str.strip(), source.date_formats)
            col = dates.where(~dates.str.match(r"^\d{4}-\d{2}-\d{2}$"), dates.str.slice(0, 4))
        elif f.required:
            problems.append(
                Issue(
                    "column-missing", file=raw.label, column=f.name, hint=did_you_mean(f.name, frame.columns)
                )
            )
            continue
        else:
            col = pd.Series("", index=frame.index)
        if f.name in source.values:
            col = _map_values(col, source.values[f.name])
        col = _pad(col, source.zero_pad.get(f.name))
        if f.type in ("number", "integer"):
            col = normalise_numbers(col, frame.attrs.get("decimal", "auto"))
        elif f.type == "date":
            col = normalise_dates(col, source.date_formats)
        out[f.name] = col.astype(str)
    if problems:
        raise StructuralError(problems)
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
                    detail=f"'tables.{source.table}.distinct' names {unknown[0]!r}, which is not a column of {source.table}{did_you_mean(unknown[0], table_spec(source.table).field_names)}.",
                )
            ]
        )
    return mapped.drop_duplicates(subset=key, keep="first")
