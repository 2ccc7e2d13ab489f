"""Shared names and small value types used by every stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

TABLES = ("providers", "indicators", "results")

# Provenance columns carried by every intake row: where it came from, for located errors.
SOURCE_FILE = "_file"
SOURCE_ROW = "_row"
PROVENANCE = (SOURCE_FILE, SOURCE_ROW)

# The four buckets every results row ends in; the report proves they add up to the rows read.
PUBLISHED = "published"
SUPPRESSED = "suppressed"
HELD_BACK = "held_back"
REJECTED = "rejected"
BUCKETS = (PUBLISHED, SUPPRESSED, HELD_BACK, REJECTED)

APPROVED = "approved"

# The status of every public result row; the last three are the labelled missing values.
STATUS_PUBLISHED = "published"
TOO_FEW_CASES = "too_few_cases"
NOT_APPLICABLE = "not_applicable"
NOT_DELIVERED = "not_delivered"
STATUSES = (STATUS_PUBLISHED, TOO_FEW_CASES, NOT_APPLICABLE, NOT_DELIVERED)

# A release label (YYYY-MM): it names the release's package folder. Nothing else in datapackages/ is a
# release: not 'latest', not a hidden staging folder, not 2026-10.bak.
RELEASE_LABEL = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

# The languages of the site's labels (site/labels.py); publication.language is one of them.
LANGUAGES = ("nl", "en")


def is_true(value) -> bool:
    """A catalogue flag as a boolean (True, 'true', 'ja', 'yes', 1, 'waar'; anything else, NaN included, is False)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == value and value == 1
    if hasattr(value, "item"):  # numpy scalars
        return is_true(value.item())
    return str(value).strip().lower() in ("true", "ja", "yes", "1", "waar")


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


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or a quarter or month inside it."""

    year: int
    quarter: int | None = None
    month: int | None = None

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """Parse a canonical period string; None when it is not one."""
        m = PERIOD_PATTERN.match(text)
        if not m:
            return None
        q, mo = m["quarter"], m["month"]
        return cls(int(m["year"]), int(q) if q else None, int(mo) if mo else None)

    @property
    def granularity(self) -> str:
        """'year', 'quarter' or 'month'."""
        return "quarter" if self.quarter else "month" if self.month else "year"

    def __str__(self) -> str:
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)


def period_years(periods: pd.Series) -> pd.Series:
    """The year of each canonical period string, as a nullable integer series."""
    return pd.to_numeric(periods.astype("string").str.slice(0, 4), errors="coerce").astype("Int64")
