"""Reporting periods: a year (2023), a quarter (2023-Q2) or a month (2023-05), and their spellings."""

from __future__ import annotations

import calendar
import re

import pandas as pd

PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")
_PERIOD_VARIANTS = [
    (re.compile(r"^(\d{4})\s*[-/ ]?\s*[Qq]([1-4])$"), lambda m: f"{m[1]}-Q{m[2]}"),
    (re.compile(r"^[Qq]([1-4])\s*[-/ ]?\s*(\d{4})$"), lambda m: f"{m[2]}-Q{m[1]}"),
    (
        re.compile(r"^(\d{4})[-/](\d{1,2})$"),
        lambda m: f"{m[1]}-{int(m[2]):02d}" if 1 <= int(m[2]) <= 12 else m[0],
    ),
    (re.compile(r"^(\d{4})\.0$"), lambda m: m[1]),
]


def normalise_period(text: str) -> str:
    """Return the canonical spelling of a period ('2023', '2023-Q2', '2023-05'), or the input unchanged.

    Accepts common variants: '2023Q2', '2023 Q2', 'Q2 2023', '2023/5', '2023.0' (a year read from Excel).
    """
    text = text.strip()
    if PERIOD_PATTERN.match(text):
        return text
    for pattern, fix in _PERIOD_VARIANTS:
        m = pattern.match(text)
        if m:
            return fix(m)
    return text


def period_years(periods: pd.Series) -> pd.Series:
    """The year of each canonical period string, as a nullable integer series."""
    return pd.to_numeric(periods.astype("string").str.slice(0, 4), errors="coerce").astype("Int64")


def period_dates(period: str) -> tuple[str, str] | None:
    """The first and last day (ISO dates) of a canonical period: '2023' is 2023-01-01 to 2023-12-31, '2023-Q2'
    2023-04-01 to 2023-06-30, '2023-05' 2023-05-01 to 2023-05-31; None for anything else."""
    m = PERIOD_PATTERN.match(str(period))
    if not m:
        return None
    year = int(m["year"])
    first, last = (
        (3 * int(m["quarter"]) - 2, 3 * int(m["quarter"]))
        if m["quarter"]
        else (int(m["month"]), int(m["month"]))
        if m["month"]
        else (1, 12)
    )
    return f"{year:04d}-{first:02d}-01", f"{year:04d}-{last:02d}-{calendar.monthrange(year, last)[1]:02d}"


def coverage(periods) -> tuple[str, str] | None:
    """The first and last day (ISO dates) that a collection of periods covers, or None when none is a
    period: the temporal coverage of a data package."""
    bounds = [b for p in set(periods) if (b := period_dates(p))]
    return (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None
