"""Ids as publishers write them, and the path segment each one gets on the site and in the packages.

An id is any printable text of up to MAX_ID characters without line breaks or control characters
(ID_PATTERN, the contract's pattern for provider_id, indicator_id and set_id): '010001', 'GBZ-01',
'Acute Stroke Ischemic'. An id never becomes a path itself: `id_path` gives its segment. An id that is
already a plain segment (SAFE_SEGMENT: letters, digits, '.', '_' and '-', at most 64, starting with a
letter or digit) is its own segment, so the addresses of such ids never change; any other id gets a slug
of it and the first 8 hex digits of the sha1 of its UTF-8 bytes ('acute-stroke-ischemic-5f3c2a1b'), or
that hash alone when no Latin letter or digit is left ('../' gives 'd6a4f867'). The segment depends on the
id alone, so it is the same in every build; validation rejects an id whose segment another id of its
table already has (`path_clashes`), so no page or file overwrites another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from generator.core.errors import UnsafeIdError

MAX_ID = 200
# printable text: no C0 or C1 control character (tab and line feed included), no line or paragraph separator
ID_PATTERN = "[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]{1,200}"
SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_SLUG = 60
ID_HASH = 8  # hex digits of sha1(id) after the slug of an id that is not a plain segment
# segments the packages use themselves: a set may not have the folder of the package with every set
RESERVED_SET_PATHS = ("alles",)

# Latin letters that Unicode does not decompose into a base letter plus accents
_LATIN = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
)


def base_slug(text: str) -> str:
    """Lowercase ascii words joined by '-': case- and accent-folded ('Fryslân' -> 'fryslan', 'Straße' ->
    'strasse'); '' when no Latin letter or digit is left (a Greek or Cyrillic name)."""
    folded = unicodedata.normalize("NFKD", str(text).casefold()).translate(_LATIN)
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_SLUG].rstrip("-")


def text_hash(text: str) -> str:
    """The sha1 hex digest of a text's UTF-8 bytes (lone surrogates kept)."""
    return hashlib.sha1(str(text).encode("utf-8", "surrogatepass")).hexdigest()


def is_plain_segment(value: str) -> bool:
    """Whether a text can be a path segment as it is (SAFE_SEGMENT, and not '.' or '..')."""
    return bool(SAFE_SEGMENT.fullmatch(value)) and value not in (".", "..")


def id_path(value) -> str:
    """The path segment of an id: the id itself when it is a plain segment, else its slug + '-' + 8 hex
    digits of its sha1 (the hash alone when the slug is empty). Always a plain segment."""
    text = str(value)
    if is_plain_segment(text):
        return text
    head = base_slug(text)[: MAX_SLUG - 1 - ID_HASH].rstrip("-")
    digest = text_hash(text)[:ID_HASH]
    return f"{head}-{digest}" if head else digest


def path_clashes(ids: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """The ids (taken in order of first appearance) whose path segment an earlier different id already
    has, each with that earlier id ('' for a reserved segment). An empty result: every id has its own."""
    taken = dict.fromkeys(reserved, "")
    clashes = {}
    for value in dict.fromkeys(str(i) for i in ids):
        path = id_path(value)
        if path in taken:
            clashes[value] = taken[path]
        else:
            taken[path] = value
    return clashes


def require_own_paths(ids: Iterable[str], what: str, reserved: Iterable[str] = ()) -> None:
    """The last guard before a path is written: raise UnsafeIdError when two of the ids (or an id and a
    reserved segment) would share a path segment. Validation rejects such rows, so it never fires."""
    clashes = path_clashes(ids, reserved)
    if clashes:
        value, other = next(iter(clashes.items()))
        with_what = f"the {what} {other!r}" if other else "a reserved name"
        raise UnsafeIdError(f"the {what} {value!r} would get the path {id_path(value)!r} of {with_what}")
