"""Paths of the site: ids that are safe in a URL, and slugs of names."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from generator.core.errors import UnsafeIdError

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def safe_id(value: str) -> str:
    """The id itself when it is safe in a path segment; raise UnsafeIdError otherwise."""
    if not SAFE_ID.fullmatch(str(value)) or str(value) in (".", ".."):
        raise UnsafeIdError(f"id {value!r} cannot be used in a URL")
    return str(value)


MAX_SLUG = 60
HASH_LENGTHS = (0, 6, 12, 40)  # hex digits of sha1(name) after the base slug: none while the base is unique
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


def _name_hash(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()


def _with_hash(base: str, name: str, level: int) -> str:
    digits = HASH_LENGTHS[level]
    if not digits:
        return base
    head = base[: MAX_SLUG - 1 - digits].rstrip("-")
    return f"{head}-{_name_hash(name)[:digits]}" if head else _name_hash(name)[:digits]


def slugs(names: Iterable[str]) -> dict[str, str]:
    """A path segment for each distinct name, no two alike: the base slug where no other name of the list
    has it, else the base slug + '-' + the first 6 hex digits of sha1(name) (UTF-8); a name without Latin
    letters or digits gets the hash alone. A name's path changes only when another name with the same base
    slug joins or leaves the list. Should a plain or suffixed slug still equal another one (a name written
    like another's suffixed slug), the names involved get a longer hash (12, then 40 digits) until all differ.
    """
    distinct = sorted({str(n) for n in names})
    bases = {n: base_slug(n) for n in distinct}
    sharing = Counter(bases.values())
    level = {n: 1 if not bases[n] or sharing[bases[n]] > 1 else 0 for n in distinct}
    while True:
        out = {n: _with_hash(bases[n], n, level[n]) for n in distinct}
        groups: dict[str, list[str]] = {}
        for n, s in out.items():
            groups.setdefault(s, []).append(n)
        clashes = [g for g in groups.values() if len(g) > 1]
        if not clashes:
            return out
        for group in clashes:
            top = max(level[n] for n in group)
            lower = [n for n in group if level[n] < top] or group
            if any(level[n] + 1 >= len(HASH_LENGTHS) for n in lower):
                raise ValueError(f"names {group[:2]!r} cannot be told apart in a path")  # a sha1 collision
            for n in lower:
                level[n] += 1


def slug(text: str) -> str:
    """The path segment of one name on its own (slugs([text])): its base slug, or else its hash."""
    return slugs([text])[str(text)]


def place_slugs(providers) -> dict[str, dict[str, str]]:
    """Per kind of region page ('provincie', 'zorgregio') the path segment of each name in the providers'
    province and region columns: the one mapping that region pages and the links to them share."""
    return {
        "provincie": slugs(p for p in providers["province"] if p),
        "zorgregio": slugs(r for r in providers["region"] if r),
    }
