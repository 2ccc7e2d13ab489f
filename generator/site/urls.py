"""Paths of the site: ids that are safe in a URL, and slugs of names."""

from __future__ import annotations

import re
import unicodedata

from generator.core.errors import UnsafeIdError

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def safe_id(value: str) -> str:
    """The id itself when it is safe in a path segment; raise UnsafeIdError otherwise."""
    if not SAFE_ID.fullmatch(str(value)) or str(value) in (".", ".."):
        raise UnsafeIdError(f"id {value!r} cannot be used in a URL")
    return str(value)


def slug(text: str) -> str:
    """A URL slug of a name: ascii, lowercase, words joined by '-' ('Noord-Holland' -> 'noord-holland')."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "onbekend"
