"""Checks on intake.yaml's values beyond their type: file names that stay inside the intake folder,
numbers within sane bounds, date formats that work. Each returns a readable problem or None."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

# whole-number settings: (lowest, highest) allowed
BOUNDS: dict[str, tuple[int, int]] = {
    "skip_rows": (0, 10_000),
    "zero_pad": (0, 64),
    "min_denominator": (0, 1_000_000),
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


def site_url_problem(value: str) -> str:
    """'' for an absolute http or https address of a site (or '' for none), else what is wrong with it."""
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
    return f"must be the published site's {why}, such as https://owner.github.io/repo/, got {value!r}"


def site_url(value: str) -> str:
    """A checked site address with the one trailing slash that relative paths are joined to ('' stays '')."""
    return value if value == "" or value.endswith("/") else value + "/"
