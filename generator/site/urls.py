"""Paths of the site: slugs of names (region pages). The path segment of an id is core.ids.id_path."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from generator.core.ids import MAX_SLUG, base_slug, text_hash

HASH_LENGTHS = (0, 6, 12, 40)  # hex digits of sha1(name) after the base slug: none while the base is unique


def _with_hash(base: str, name: str, level: int) -> str:
    digits = HASH_LENGTHS[level]
    if not digits:
        return base
    head = base[: MAX_SLUG - 1 - digits].rstrip("-")
    return f"{head}-{text_hash(name)[:digits]}" if head else text_hash(name)[:digits]


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
