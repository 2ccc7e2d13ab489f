"""Formatting: the one place where a figure, a result, a size or a date becomes text on the public site.

Templates use these through filters (``number``, ``formatted``, ``filesize``, ``date``); the site's
scripts format in the browser with ``Intl.NumberFormat`` and the same unit table (core/units.py,
written as ``units.json``), so a figure reads the same in a page and in the choice aid.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from generator.core import units
from generator.site import labels
from generator.site.labels import _

MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def missing(value) -> bool:
    """None, NaN or pandas' NA: no figure."""
    if value is None:
        return True
    if isinstance(value, float):  # numpy's float64 too; a million cells a national build: no pd.isna
        return math.isnan(value)
    return not isinstance(value, int | str) and bool(pd.isna(value))


def number(value, decimals: int = 1) -> str:
    """A number in the site's language: Dutch '1.234,5' (decimal comma), English '1,234.5'; '' for missing."""
    if missing(value):
        return ""
    return labels.format_number(value, decimals)


def formatted(value, unit: str, rate_per=None, text: str = "", unit_label: str = "") -> str:
    """A result in words and figures for a table cell ('23,4%', '12,3 per 1.000', 'ja', and with the
    catalogue's `unit_label` '5,2 weken')."""
    if unit == "yesno":
        if text.strip().lower() in ("ja", "nee") and labels.active() != "nl":
            text = _(text.strip().lower())  # the delivered yes/no word, not free text
        return text or (_("ja") if value == 1 else _("nee") if value == 0 else "")
    if unit == "text":
        return text
    if missing(value):
        return ""
    shown = number(value, units.decimals(unit, value))
    if unit == "percentage":
        return f"{shown}%"
    if unit == "rate":
        return f"{shown} per {number(rate_per or 1, 0)}"
    label = "" if unit == "proportion" else declared_label(unit_label)
    return f"{shown} {label}" if label else shown


def change_unit(unit: str, rate_per=None, unit_label: str = "") -> str:
    """The unit of a change between two periods: 'procentpunt' for shares, 'per 1.000' for rates, and for
    other figures the catalogue's `unit_label` ('weken'), as the publisher wrote it; never guessed."""
    if unit in ("percentage", "proportion"):
        return _("procentpunt")
    if unit == "rate":
        return f"per {number(rate_per or 1, 0)}"
    return "" if unit in ("yesno", "text") else declared_label(unit_label)


def declared_label(unit_label) -> str:
    """The catalogue's `unit_label` as written after a figure ('weken'); '' when none is declared."""
    return "" if not unit_label or missing(unit_label) else str(unit_label).strip()


def change_text(change, unit: str, rate_per=None, unit_label: str = "", unit_text: str | None = None) -> str:
    """A change with its unit and way: '4,1 procentpunt hoger', '0,50 weken lager', 'gelijk' ('' for none).
    A proportion's change is shown in percentage points; `unit_text`: the unit as change_unit gave it."""
    if missing(change) or unit in ("yesno", "text"):
        return ""
    if change == 0:
        return _("gelijk")
    size = abs(float(change)) * (100.0 if unit == "proportion" else 1.0)
    shown = number(size, units.decimals("percentage" if unit == "proportion" else unit, size))
    what = change_unit(unit, rate_per, unit_label) if unit_text is None else unit_text
    amount = f"{shown} {what}" if what else shown
    return _("{change} hoger", change=amount) if change > 0 else _("{change} lager", change=amount)


def share_yes(value) -> str:
    """A yes/no group's value: the share answering yes ('64,0% ja')."""
    return (
        "" if missing(value) else _("{value}% ja", value=number(value, units.decimals("percentage", value)))
    )


def filesize(size: int) -> str:
    """A file size in words of the active language: '812 B', '14,2 kB' ('14.2 kB')."""
    for unit, step in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= step:
            return f"{labels.format_number(size / step, 1)} {unit}"
    return f"{int(size)} B"


def date_text(day: dt.date) -> str:
    """2026-01-24 -> '24-01-2026' (English: '24 Jan 2026', which no reader takes for 1 December)."""
    if labels.active() == "en":
        return f"{day.day} {MONTHS['en'][day.month - 1][:3]} {day.year}"
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def iso_date(text) -> dt.date | None:
    """A YYYY-MM-DD text as a date (None when empty or not a date)."""
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def month_text(day: dt.date) -> str:
    """A month in words: 'november 2026' (English: 'November 2026')."""
    return f"{MONTHS[labels.active()][day.month - 1]} {day.year}"


FILTERS = {
    "number": number,
    "formatted": formatted,
    "filesize": filesize,
    "date": date_text,
    "change_text": change_text,
}
