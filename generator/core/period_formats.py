"""Periods as publishers write them: `period_format` (intake.yaml) read into a period and its dates.

A format uses strptime's codes %Y (2023), %y (23), %m (5 or 05), %b and %B (month names, English or Dutch,
any case), %d (day), %% (a percent sign), and %q for a quarter (1-4); any other text must be there as
written, a space in the format standing for any run of white space (or none). A format in which a code
comes back ('%m/%d/%Y - %m/%d/%Y') is a range: from the first day of its first half to the last day of its
second half.

What a value gives:
- a year ('%Y', 'FY%Y'): the year; with `fiscal_year_start` m > 1 it is the fiscal year that *ends* in it
  (FY2022 with m = 10 runs from 2021-10-01 to 2022-09-30), the way the US federal government and most
  others count. Period '2022'.
- a quarter ('%Y-Q%q'): the quarter, of the fiscal year when m > 1 (Q1 of FY2022 with m = 10 is
  October-December 2021). Period '2022-Q1'.
- a month ('%Y%m', '%b %Y') or a day ('%d-%m-%Y'): the calendar month it is in. Period '2022-04'.
- a range of months or days: a calendar month or quarter when it is exactly one, and otherwise the year it
  ends in (a calendar or fiscal year among them), as `period_from_date` does. Both halves need a
  month: a fiscal year written '2022-23' is first made 'FY2023' with a value map.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

MONTHS = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if name},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
    **dict(
        zip(
            "januari februari maart april mei juni juli augustus september oktober november december".split(),
            range(1, 13),
        )
    ),
    "mrt": 3,
    "mei": 5,
    "okt": 10,
}
_CODES = {
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "m": r"0?[1-9]|1[0-2]",
    "b": r"[^\W\d_]{3,4}\.?",
    "B": r"[^\W\d_]{3,9}",
    "d": r"0?[1-9]|[12]\d|3[01]",
    "q": r"[1-4]",
}


@dataclass(frozen=True)
class PeriodFormat:
    """A compiled `period_format`: its regular expression and the codes of each half (one or two)."""

    text: str
    regex: re.Pattern
    halves: tuple[frozenset[str], ...]


@cache
def compile_period_format(fmt: str) -> PeriodFormat:
    """Compile a format; ValueError naming what is wrong (an unknown code, no year, a half-month range)."""
    parts, halves, seen = [], [set()], set()
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            parts.append(r"\s*" if ch.isspace() else re.escape(ch))
            i += 1
            continue
        code = fmt[i + 1 : i + 2]
        if code == "%":
            parts.append("%")
        elif code not in _CODES:
            raise ValueError(f"'%{code}' is not a code it knows; use %Y, %y, %m, %b, %B, %d, %q or %%")
        else:
            if code in seen:  # a code comes back: the second half of a range starts here
                if len(halves) == 2:
                    raise ValueError("a range has two halves, not more")
                halves.append(set())
                seen = set()
            seen.add(code)
            halves[-1].add(code)
            group = "b" if code in "bB" else code
            parts.append(f"(?P<{group}{len(halves)}>{_CODES[code]})")
        i += 2
    for half in halves:
        if not half & {"Y", "y"}:
            raise ValueError("it has no year (%Y or %y)")
        if "d" in half and not half & {"m", "b", "B"}:
            raise ValueError("a day (%d) needs a month (%m, %b or %B)")
    if len(halves) == 2 and not all(h & {"m", "b", "B"} for h in halves):
        raise ValueError("both halves of a range need a month (%m, %b or %B)")
    return PeriodFormat(fmt, re.compile("".join(parts), re.I), tuple(map(frozenset, halves)))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) `months` months later."""
    n = year * 12 + month - 1 + months
    return n // 12, n % 12 + 1


def _half(m: re.Match, n: int, codes: frozenset[str], fiscal: int) -> tuple[str, dt.date, dt.date] | None:
    """(period, first day, last day) of one half of a match, or None for an impossible date."""
    get = lambda code: m.group(f"{code}{n}")  # noqa: E731
    year = int(get("Y")) if "Y" in codes else dt.datetime.strptime(get("y"), "%y").year
    month = (
        int(get("m"))
        if "m" in codes
        else MONTHS.get(get("b").lower().rstrip("."))
        if codes & {"b", "B"}
        else None
    )
    if codes & {"b", "B"} and month is None:
        return None
    if "q" in codes:
        quarter = int(get("q"))
        first = _shift(year - (fiscal > 1), fiscal, 3 * (quarter - 1))
        last = _shift(*first, 2)
        return f"{year}-Q{quarter}", dt.date(*first, 1), _month_end(*last)
    if month is None:  # a (fiscal) year
        first = (year - 1, fiscal) if fiscal > 1 else (year, 1)
        return f"{year}", dt.date(*first, 1), _month_end(*_shift(*first, 11))
    try:
        day = dt.date(year, month, int(get("d"))) if "d" in codes else None
    except ValueError:
        return None
    if day is not None:
        return f"{year}-{month:02d}", day, day
    return f"{year}-{month:02d}", dt.date(year, month, 1), _month_end(year, month)


def _range_period(start: dt.date, end: dt.date) -> str:
    """The period a range of days is: a calendar month or quarter when it is exactly one, else the year it
    ends in (a calendar or fiscal year among them)."""
    whole = start.day == 1 and end == _month_end(end.year, end.month)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if whole and months == 1:
        return f"{start.year}-{start.month:02d}"
    if whole and months == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{start.month // 3 + 1}"
    return f"{end.year}"


def parse_period(text: str, formats: tuple[str, ...], fiscal_start: int = 1) -> tuple[str, str, str] | None:
    """(period, first day, last day as ISO dates) of a value by the first format it matches, or None."""
    for fmt in formats:
        compiled = compile_period_format(fmt)
        m = compiled.regex.fullmatch(text.strip())
        if m is None:
            continue
        halves = [_half(m, n + 1, codes, fiscal_start) for n, codes in enumerate(compiled.halves)]
        if None in halves:
            continue
        if len(halves) == 1:
            period, start, end = halves[0]
            if "d" in compiled.halves[0]:  # one day: the period is its month
                start, end = start.replace(day=1), _month_end(start.year, start.month)
        else:
            start, end = halves[0][1], halves[1][2]
            if end < start:
                continue
            period = _range_period(start, end)
        return period, start.isoformat(), end.isoformat()
    return None
