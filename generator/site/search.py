"""Render the providers' search index (pure): the files site_src/assets/javascripts/searchindex.js reads.

Why not Pagefind alone: Pagefind matches words and their prefixes in page text. It has no typo tolerance
("Kivit" found unrelated providers), no synonyms ("bevallen" never finds a VSV), no fields (a provider's
municipality and id are not on its page's indexed text, "Den Haag" found a Rotterdam provider), and its
WebAssembly and index cost about 120 KB before the first result. So providers get this index, built here
from the public tables and searched by a small script; Pagefind stays for the indicator, set and region pages.

The index is sharded so that a query downloads a few small files, never the whole country:

- ``zoekindex/meta.json`` (always first): the kinds (labels, the words that name them, how many providers,
  whether they have a choice aid), the stop words, the common terms, the shard keys that exist, the
  municipalities of 2025 and the names people use for them.
- ``zoekindex/t/<key>.json``: every provider with a word of its name, place or municipality (or a name
  people use for it), postcode or id whose key is ``<key>``: the first two characters of a word that starts
  with a letter, the first four of one that starts with a digit (a postcode's shard is its own, an id's
  the first four digits). A typo after the second letter ("Kivit") still lands in the shard of the word meant.
- ``zoekindex/w/<term>-<n>.json``: a common term (in more than COMMON_SHARE of the providers, and more than
  COMMON_MIN) has shards of its own, so a common word does not swell its letters' shard.
- ``zoekindex/soort/<kind>-<n>.json``: the providers of a kind.

A kind's or common term's providers are split into pages of PAGE, by name: a query for a kind or a common
word alone ("huisarts") shows its first page without downloading the rest.

Words that name a provider's own kind ("huisartsenpraktijk" in a GP practice's name) and stop words put no
provider in a shard: the kind's pages hold them. Every shard is a list of records
``[id, name, place, municipality ("" when it is the place), pc4, kind index]`` sorted by name and id.
Words are folded as the script folds them (``words``): NFKD, accents dropped, lower case, split on anything
but a-z and 0-9.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from generator.compute.public import PublicRelease
from generator.core.ids import id_path
from generator.site.choice import choice_kinds, load_pc4, municipality_names, sort_name
from generator.site.page import KIND_LABELS, KIND_PLURAL, dumps

INDEX = "zoekindex"
PAGE = 500  # providers per page of a kind or a common term
DIGIT_KEY = 4  # a word starting with a digit is in the shard of its first four characters
COMMON_SHARE = 0.02  # a term in more than this share of the providers (and more than COMMON_MIN) is common
COMMON_MIN = 100
#: Words that find nothing by themselves ("Den Haag", "verpleeghuis in Utrecht"); the script drops them from
#: a query unless the query has nothing else.
STOP_WORDS = (
    "aan",
    "bij",
    "de",
    "den",
    "der",
    "des",
    "en",
    "het",
    "in",
    "op",
    "s",
    "t",
    "te",
    "ten",
    "ter",
    "van",
    "voor",
)


def words(text: str) -> list[str]:
    """The words of a text as the search script folds them: NFKD, accents dropped, lower case, split on
    anything but a-z and 0-9 ("'s-Gravenhage" -> ["s", "gravenhage"])."""
    folded = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", str(text))).lower()
    return re.sub("[^a-z0-9]+", " ", folded).split()


def shard_key(word: str) -> str:
    """The shard of a word: its first two characters, or four when it starts with a digit."""
    return word[:DIGIT_KEY] if word[:1].isdigit() else word[:2]


def paged(prefix: str, records: list[list], page: int) -> dict[str, str]:
    """A list of records as pages of `page`: prefix-1.json, prefix-2.json, …"""
    count = max(1, -(-len(records) // page))
    return {f"{prefix}-{n + 1}.json": dumps(records[n * page : (n + 1) * page]) for n in range(count)}


def digit_bitmap(keys: list[str]) -> str:
    """The four-digit shard keys that exist, as a bitmap of 10,000 bits in hex (bit k: key f"{k:04d}")."""
    bits = bytearray(10_000 // 8)
    for key in keys:
        k = int(key)
        bits[k // 8] |= 1 << (k % 8)
    return bits.hex()


def kind_words(kind: str) -> list[str]:
    """The words that name a kind, in Dutch and in the site's language ("huisartsenpraktijk", …)."""
    texts = [
        KIND_LABELS.dutch().get(kind, kind),
        KIND_PLURAL.dutch().get(kind, kind),
        KIND_LABELS.get(kind, kind),
        KIND_PLURAL.get(kind, kind),
    ]
    return sorted({w for text in texts for w in words(text)} - set(STOP_WORDS))


def provider_terms(row: dict, aliases: dict[str, list[str]]) -> set[str]:
    """Every word a provider can be found by: name, place, municipality, the names people use for those,
    the four digits of its postcode, and its id (its words, and the id as one word)."""
    terms = set(words(row["name"]))
    for place in (row["city"], row["municipality"]):
        terms.update(words(place))
        for alias in aliases.get(place, []):
            terms.update(words(alias))
    pc4 = str(row["postcode"] or "")[:4]
    if pc4.isdigit():
        terms.add(pc4)
    terms.update(words(row["provider_id"]))
    terms.add("".join(words(row["provider_id"])))
    return terms - {""}


def search_files(data: PublicRelease, page: int = PAGE, common_min: int = COMMON_MIN) -> dict[str, str]:
    """The index's files: path (relative to the docs folder) -> JSON text. `page` and `common_min` are
    PAGE and COMMON_MIN but in tests, which show the paging at demo size."""
    providers = data.providers.fillna("").sort_values(["name", "provider_id"])
    kinds = sorted(set(providers["kind"]))
    kind_index = {k: i for i, k in enumerate(kinds)}
    names = municipality_names()
    aliases: dict[str, list[str]] = defaultdict(list)
    for alias, municipality in sorted(names.items()):
        aliases[municipality].append(alias)
    rows = providers.to_dict("records")
    terms = [provider_terms(r, aliases) for r in rows]
    own = {k: kind_words(k) for k in kinds}
    stop = set(STOP_WORDS)

    def keyed(term: str, kind: str) -> bool:  # does this term put the provider in a shard?
        return term not in stop and not any(w.startswith(term) for w in own[kind])

    counts = Counter(t for ts, r in zip(terms, rows) for t in ts if keyed(t, r["kind"]))
    common = {t for t, n in counts.items() if n > max(common_min, COMMON_SHARE * len(rows))}
    shards: dict[str, list[list]] = defaultdict(list)
    for r, ts in zip(rows, terms):
        record = [
            id_path(r["provider_id"]),
            str(r["name"]),
            str(r["city"]),
            "" if r["municipality"] == r["city"] else str(r["municipality"]),
            str(r["postcode"])[:4],
            kind_index[r["kind"]],
        ]
        keys = {f"w/{t}" if t in common else f"t/{shard_key(t)}" for t in ts if keyed(t, r["kind"])}
        for key in sorted(keys):
            shards[key].append(record)
        shards[f"soort/{id_path(r['kind'])}"].append(record)
    files = {}
    for key, records in shards.items():
        if key.startswith("t/"):
            files[f"{INDEX}/{key}.json"] = dumps(records)
        else:
            files.update(paged(f"{INDEX}/{key}", records, page))
    letters = sorted(k[2:] for k in shards if k.startswith("t/") and not k[2:].isdigit())
    digits = sorted(k[2:] for k in shards if k.startswith("t/") and k[2:].isdigit())
    with_aid = set(choice_kinds(data))
    # every municipality of 2025 (a place without a provider still leads to the choice aid) and the providers'
    municipalities = sorted(
        (set(load_pc4()["municipality"]) | set(providers["municipality"])) - {""}, key=sort_name
    )
    files[f"{INDEX}/meta.json"] = dumps(
        {
            "release": data.release,
            "page": page,
            "kinds": [
                {
                    "id": id_path(k),
                    "label": KIND_LABELS.get(k, k),
                    "plural": KIND_PLURAL.get(k, k),
                    "words": own[k],
                    "count": len(shards[f"soort/{id_path(k)}"]),
                    "aid": k in with_aid,
                }
                for k in kinds
            ],
            "stop": sorted(stop),
            "keys": [k for k in letters + digits if len(k) < DIGIT_KEY or not k.isdigit()],
            "digits": digit_bitmap([k for k in digits if len(k) == DIGIT_KEY]),
            "common": {t: len(shards[f"w/{t}"]) for t in sorted(common)},
            "municipalities": municipalities,
            "aliases": sorted(([a, m] for a, m in names.items()), key=lambda pair: sort_name(pair[0])),
        }
    )
    return dict(sorted(files.items()))
