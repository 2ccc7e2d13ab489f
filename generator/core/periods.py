"""Reporting periods: a year (2023), a quarter (2023-Q2) or a month (2023-05), and their spellings."""

from __future__ import annotations

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
