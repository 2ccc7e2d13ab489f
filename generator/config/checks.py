"""Checks on intake.yaml's values beyond their type: file names that stay inside the intake folder,
numbers within sane bounds, date formats that work. Each returns a readable problem or None."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

from generator.core.period_formats import compile_period_format

# whole-number settings: (lowest, highest) allowed
BOUNDS: dict[str, tuple[int, int]] = {
    "skip_rows": (0, 10_000),
    "zero_pad": (0, 64),
    "min_denominator": (0, 1_000_000),
    "fiscal_year_start": (1, 12),
}


def file_problem(key: str, name: str) -> str | None:
    """Why a 'file' value may not be used (absolute, '..', home or drive, control characters), or None."""
    posix, windows = PurePosixPath(name), PureWindowsPath(name)
    why = None
    if not name.strip():
        why = "it is empty"
    elif posix.is_absolute() or windows.is_absolute() or windows.drive or name.startswith(("/", "\\")):
        why = "an absolute path"
    elif ".." in posix.parts or ".." in windows.parts:
        why = "'..' leads out of the intake folder"
    elif name.startswith("~"):
        why = "'~' is a home folder"
    elif re.search(r"[\x00-\x1f\x7f]", name):
        why = "it holds a control character"
    if why is None:
        return None
    return (
        f"'{key}' must name a file or glob pattern inside the intake folder, relative to it, "
        f"got {name!r} ({why})."
    )


def number_problem(key: str, setting: str, value: Any) -> str | None:
    """Why a whole-number setting is out of its bounds (BOUNDS[setting]), or None."""
    low, high = BOUNDS[setting]
    if isinstance(value, bool) or not isinstance(value, int):
        return f"'{key}' must be a whole number from {low} to {high}, got {value!r} ({type(value).__name__})."
    if not low <= value <= high:
        return f"'{key}' must be a whole number from {low} to {high}, got {value}."
    return None


def date_format_problem(key: str, fmt: str) -> str | None:
    """Why a strptime date format cannot be used (a lone or unknown '%' directive), or None."""
    if fmt == "excel":
        return None
    sample = dt.datetime(2023, 4, 5, 6, 7, 8)
    try:
        text = sample.strftime(fmt)
        dt.datetime.strptime(text, fmt)
    except ValueError as exc:
        return f"'{key}' has {fmt!r}, which is not a usable date format ({exc}); e.g. '%d-%m-%Y'."
    return None


#: A back-reference in a value map's target: \1 or \g<name> (re.sub's template syntax).
BACK_REFERENCE = re.compile(r"\\(\d+|g<[^>]*>)")


def value_map_problem(key: str, mapping: dict) -> str | None:
    """Why a value map cannot be used (a 're:' key that is no regular expression, a back-reference to a
    group its pattern lacks, a back-reference after an exact key), or None."""
    for source, target in mapping.items():
        text = "" if target is None else str(target)
        if not str(source).startswith("re:"):
            if BACK_REFERENCE.search(text):
                return (
                    f"'{key}' maps {str(source)!r} to {text!r}: back-references (\\1, \\g<name>) work only "
                    f"with 're:' keys, e.g. 're:(\\d{{4}})(\\d{{2}})': '\\1-\\2'"
                )
            continue
        try:
            pattern = re.compile(str(source)[3:])
        except re.error as exc:
            return f"'{key}' key {str(source)!r} is not a valid regular expression ({exc})."
        if BACK_REFERENCE.search(text):
            try:
                pattern.sub(text, "")  # checks the template's groups against the pattern
            except (re.error, IndexError) as exc:
                return f"'{key}' maps {str(source)!r} to {text!r}, which it cannot fill in ({exc})."
    return None


def period_format_problem(key: str, formats: str | list[str]) -> str | None:
    """Why a period_format cannot be used (an unknown code, no year, a range without months), or None."""
    for fmt in [formats] if isinstance(formats, str) else formats:
        try:
            compile_period_format(fmt)
        except ValueError as exc:
            return f"'{key}' has {fmt!r}, which cannot read a period: {exc}; e.g. '%Y%m', '%Y-Q%q', 'FY%Y'."
    return None


def _address_problem(value: str, what: str, example: str) -> str:
    """'' for an absolute http or https address (or '' for none), else what is wrong with it."""
    if value == "":
        return ""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    why = ""
    if parts is None or not port_ok or parts.scheme not in ("http", "https") or not parts.hostname:
        why = "an absolute http or https address"
    elif re.search(r"[\s\x00-\x1f\x7f]", value):
        why = "an address without spaces or control characters"
    elif parts.query or parts.fragment or parts.username or parts.password:
        why = "an address without query, fragment or user name"
    if not why:
        return ""
    return f"must be {what}'s {why}, such as {example}, got {value!r}"


def site_url_problem(value: str) -> str:
    """'' for an absolute http or https address of a site (or '' for none), else what is wrong with it."""
    return _address_problem(value, "the published site", "https://owner.github.io/repo/")


def data_url_problem(value: str) -> str:
    """'' for an absolute http or https address under which the releases' data files are (or '' for none),
    else what is wrong with it."""
    return _address_problem(value, "the data files' host", "https://github.com/owner/repo/releases/download/")


def site_url(value: str) -> str:
    """A checked site (or data) address with the one trailing slash that paths are joined to ('' stays '')."""
    return value if value == "" or value.endswith("/") else value + "/"
