"""The providers' search index (generator/site/search.py), without MkDocs or a browser.

The demo release (60 providers, seed 3, as the site tests) is computed in memory and indexed with its real
settings and with small pages and a low bar for common words (what a national build does, at demo size). The
rule checked: every provider is in the shard of every word it can be found by (but stop words and words of
its own kind, which its kind's pages cover), in its kind's pages once, and nowhere else. The browser tests
(tests/browser/test_search_browser.py) search the built site.
"""

from __future__ import annotations

import json

import pytest
from sitebuild import DEMO_PROVIDERS, DEMO_SEED, RELEASE, run_cli

from generator import pipeline as build
from generator.site.choice import municipality_names
from generator.site.search import STOP_WORDS, kind_words, provider_terms, search_files, shard_key, words


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    base = tmp_path_factory.mktemp("search-index")
    run_cli(
        "demo", "--out", str(base / "input"), "--providers", str(DEMO_PROVIDERS), "--seed", str(DEMO_SEED)
    )
    return build.build_release(base / "input", RELEASE).public


def load(files: dict[str, str]) -> dict[str, list]:
    return {path.removeprefix("zoekindex/"): json.loads(text) for path, text in files.items()}


@pytest.mark.parametrize("settings", [{}, {"page": 4, "common_min": 3}], ids=["real", "small"])
def test_every_provider_is_in_the_shard_of_every_word_it_is_found_by(data, settings):
    index = load(search_files(data, **settings))
    meta = index["meta.json"]
    kinds = [k["id"] for k in meta["kinds"]]
    aliases: dict[str, list[str]] = {}
    for alias, municipality in municipality_names().items():
        aliases.setdefault(municipality, []).append(alias)
    where: dict[str, set[str]] = {}  # provider -> the shards it is in
    for path, records in index.items():
        if path != "meta.json":
            for record in records:
                shard = path if path.startswith("t/") else path.rsplit("-", 1)[0]  # pages: w/<term>-<n>.json
                where.setdefault(record[0], set()).add(shard)
    for row in data.providers.fillna("").to_dict("records"):
        own = kind_words(row["kind"])
        expected = {f"soort/{row['kind']}"}
        for term in provider_terms(row, aliases):
            if term in STOP_WORDS or any(w.startswith(term) for w in own):
                continue
            expected.add(f"w/{term}" if term in meta["common"] else f"t/{shard_key(term)}.json")
        assert where[row["provider_id"]] == expected, row["name"]
        assert (
            meta["kinds"][kinds.index(row["kind"])]["count"] == (data.providers["kind"] == row["kind"]).sum()
        )


def test_pages_hold_a_kind_by_name_and_common_words_appear_only_with_a_low_bar(data):
    real = load(search_files(data))
    assert real["meta.json"]["common"] == {} and real["meta.json"]["page"] == 500
    small = load(search_files(data, page=4, common_min=3))
    meta = small["meta.json"]
    assert meta["page"] == 4 and meta["common"] and all(n > 3 for n in meta["common"].values())
    for kind in meta["kinds"]:
        pages = [small[f"soort/{kind['id']}-{n}.json"] for n in range(1, -(-kind["count"] // 4) + 1)]
        assert all(len(p) == 4 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 4
        names = [r[1] for p in pages for r in p]
        assert names == sorted(names) and len(names) == kind["count"]


def test_the_meta_file_names_the_kinds_municipalities_and_shards(data):
    meta = load(search_files(data))["meta.json"]
    by_id = {k["id"]: k for k in meta["kinds"]}
    assert {"verpleeghuis", "verpleeghuizen"} <= set(by_id["verpleeghuis"]["words"])
    assert {"vsv", "verloskundig", "samenwerkingsverband"} <= set(by_id["vsv"]["words"])
    assert by_id["huisartspraktijk"]["aid"] and not by_id["organisatie"]["aid"]
    assert len(meta["municipalities"]) == 342 and "'s-Gravenhage" in meta["municipalities"]
    assert ["Den Haag", "'s-Gravenhage"] in meta["aliases"]
    assert all(len(k) <= 2 or not k.isdigit() for k in meta["keys"])
    postcodes = {str(p)[:4] for p in data.providers["postcode"]}
    bits = bytes.fromhex(meta["digits"])
    assert all(bits[int(pc) // 8] >> (int(pc) % 8) & 1 for pc in postcodes)


def test_words_fold_as_the_script_does():
    assert words("'s-Gravenhage") == ["s", "gravenhage"]
    assert words("Súdwest-Fryslân") == ["sudwest", "fryslan"]
    assert words("Ĳsselstein") == ["ijsselstein"]
    assert shard_key("kievit") == "ki" and shard_key("3511") == "3511" and shard_key("01125524") == "0112"
