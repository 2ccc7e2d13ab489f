"""The choice aid's pages and data files (generator/render_choice.py), without MkDocs or a browser.

The demo release (60 providers, seed 3, the same as the site tests) is computed in memory; every value in
api/keuzehulp/<kind>.json is checked against the public results it came from, and the page against the
catalogue. The browser tests (tests/browser/test_choice_browser.py) drive the built page itself.
"""

from __future__ import annotations

import gzip
import json
import math
import re

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import assume, given
from hypothesis import strategies as st
from sitebuild import DEMO_PROVIDERS, DEMO_SEED, RELEASE, run_cli, write_hostile_intake

from generator import pipeline as build
from generator.compute.geo import EARTH_RADIUS_KM, haversine_km
from generator.core.names import STATUSES
from generator.core.names import is_true as flagged
from generator.core.units import decimals as display_decimals
from generator.core.units import rounded
from generator.site import render
from generator.site.choice import CODES, MISSING_CODE, choice_files, choice_kinds, load_pc4, postcodes_data
from generator.site.formatting import formatted


def site_input(folder):
    return build.build_release(folder, RELEASE).public


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    base = tmp_path_factory.mktemp("choice")
    run_cli(
        "demo", "--out", str(base / "input"), "--providers", str(DEMO_PROVIDERS), "--seed", str(DEMO_SEED)
    )
    return site_input(base / "input")


@pytest.fixture(scope="module")
def files(data) -> dict[str, str]:
    return choice_files(data, {"release": data.release, "publication": data.publication})


@pytest.fixture(scope="module")
def payloads(files) -> dict[str, dict]:
    return {
        path.split("/")[-1][:-5]: json.loads(text)
        for path, text in files.items()
        if path.startswith("api/keuzehulp/")
    }


def front_and_body(text: str) -> tuple[dict, BeautifulSoup]:
    """(front matter, the page's HTML parsed): a generated page carries its HTML in the front matter
    key 'zs_body'."""
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match
    meta = yaml.safe_load(match.group(1))
    return meta, BeautifulSoup(meta.pop("zs_body", "") + match.group(2), "html.parser")


# ---------------------------------------------------------------- which kinds and indicators


def test_a_kind_has_an_aid_when_it_has_providers_and_flagged_indicators(data, files):
    shown = set(data.providers["kind"])
    flagged_kinds = set(data.indicators.loc[data.indicators["in_choice_aid"], "provider_kind"])
    expected = sorted(shown & flagged_kinds)
    assert expected == ["ggz", "huisartspraktijk", "verpleeghuis", "vsv", "ziekenhuis"]
    assert sorted(choice_kinds(data)) == expected
    assert (
        sorted(p.split("/")[1] for p in files if p.startswith("keuzehulp/") and p.count("/") == 2) == expected
    )
    assert sorted(p.split("/")[-1] for p in files if p.startswith("api/keuzehulp/")) == sorted(
        [f"{k}.json" for k in expected] + ["postcodes.json"]
    )
    assert "organisatie" in shown and "organisatie" not in choice_kinds(data)  # organisations deliver nothing


def test_the_aid_shows_exactly_the_flagged_indicators_of_its_kind(data, payloads):
    cat = data.indicators
    for kind, payload in payloads.items():
        if kind == "postcodes":
            continue
        expected = cat[cat["in_choice_aid"] & (cat["provider_kind"] == kind) & (cat["unit"] != "text")]
        ids = [i["id"] for i in payload["indicators"]]
        assert sorted(ids) == sorted(expected["indicator_id"]), kind
        units = [i["unit"] for i in payload["indicators"]]
        assert units == sorted(units, key=lambda u: u == "yesno"), "measured results first, yes/no after"
        for item in payload["indicators"]:
            row = cat.set_index("indicator_id").loc[item["id"]]
            assert (
                item["title"] == row["title"]
                and item["unit"] == row["unit"]
                and item["direction"] == row["direction"]
            )
            assert item["lay"] == row["lay_explanation"] and item["lay"]


def test_unflagged_indicators_never_reach_the_aid(data, files):
    unflagged = set(data.indicators.loc[~data.indicators["in_choice_aid"], "indicator_id"])
    for path, text in files.items():
        if path.startswith("api/keuzehulp/") and "postcodes" not in path:
            payload = json.loads(text)
            assert not unflagged & set(payload["results"]) and not unflagged & {
                i["id"] for i in payload["indicators"]
            }


@pytest.mark.parametrize(
    "value, expected",
    [
        (True, True),
        (False, False),
        ("true", True),
        ("ja", True),
        ("false", False),
        ("", False),
        (1, True),
        (0, False),
        (float("nan"), False),
        (None, False),
        (pd.NA, False),
    ],
)
def test_flagged_reads_the_catalogue_flag(value, expected):
    assert flagged(value) is expected


# ---------------------------------------------------------------- providers and values


def test_providers_are_those_of_the_kind_with_a_page_and_coordinates_rounded(data, payloads):
    shown = data.providers.set_index("provider_id")
    for kind, payload in payloads.items():
        if kind == "postcodes":
            continue
        p = payload["providers"]
        expected = sorted(shown.index[(shown["kind"] == kind) & shown["latitude"].notna()])
        assert p["id"] == expected, kind
        assert len(p["name"]) == len(p["city"]) == len(p["lat"]) == len(p["lon"]) == len(expected)
        for i, pid in enumerate(p["id"]):
            assert p["name"][i] == shown.loc[pid, "name"] and p["city"][i] == shown.loc[pid, "city"]
            assert p["lat"][i] == round(float(shown.loc[pid, "latitude"]), 4) and p["lon"][i] == round(
                float(shown.loc[pid, "longitude"]), 4
            )
            assert len(repr(p["lat"][i]).split(".")[-1]) <= 4 and len(repr(p["lon"][i]).split(".")[-1]) <= 4
        for column in payload["results"].values():
            assert len(column) == len(expected)


def test_every_value_is_the_latest_public_result_with_its_status(data, payloads):
    results = data.results
    national = data.benchmarks[data.benchmarks["group_type"] == "national"]
    seen = set()
    for kind, payload in payloads.items():
        if kind == "postcodes":
            continue
        codes = [tuple(c[:2]) for c in payload["codes"]]
        for ind in payload["indicators"]:
            mine = results[results["indicator_id"] == ind["id"]]
            assert ind["period"] == mine["period"].max()
            latest = mine[mine["period"] == ind["period"]].set_index("provider_id")
            nat = national[(national["indicator_id"] == ind["id"]) & (national["period"] == ind["period"])][
                "value"
            ]
            if len(nat):
                assert ind["national"] == pytest.approx(
                    float(nat.iloc[0]), abs=0.051 if ind["unit"] != "mean" else 0.0051
                )
            else:  # no national value for that period (e.g. every result too few cases)
                assert ind["national"] is None
                seen.add("no national")
            for pid, (value, low, high, code) in zip(
                payload["providers"]["id"], payload["results"][ind["id"]]
            ):
                status, comparison = codes[code]
                if pid not in latest.index:
                    assert (value, low, high, code) == (None, None, None, MISSING_CODE)
                    seen.add("missing")
                    continue
                row = latest.loc[pid]
                if row["status"] != "published":
                    assert status == row["status"] and value is None and low is None and high is None
                    seen.add(status)
                    continue
                assert status == "published" and comparison == row["comparison"]
                seen.add(comparison)
                assert formatted(value, ind["unit"], ind.get("rate_per")) == formatted(
                    row["value"], ind["unit"], ind.get("rate_per"), row["text_value"]
                )
                for got, want in ((low, row["ci_low"]), (high, row["ci_high"])):
                    assert (got is None) == pd.isna(want)
                    if got is not None:
                        assert got == pytest.approx(
                            want, abs=0.5 * 10 ** -display_decimals(ind["unit"], want) + 1e-9
                        )
    # the demo has every kind of mark the aid must show
    assert {"better", "worse", "no_different", "not_compared", "too_few_cases", "not_delivered"} <= seen


def test_the_codes_cover_every_status_and_comparison():
    statuses = {c[0] for c in CODES}
    assert statuses == set(STATUSES) | {"missing"}
    assert {c[1] for c in CODES if c[0] == "published"} == {"better", "no_different", "worse", "not_compared"}
    assert CODES[MISSING_CODE][0] == "missing"
    assert all(c[2] and c[2] == c[2].lower() for c in CODES)
    assert CODES[4][2] == "te weinig cliënten"


@given(
    st.sampled_from(["percentage", "rate", "proportion", "count", "mean", "median"]),
    st.floats(min_value=0, max_value=5000, allow_nan=False),
)
def test_rounding_keeps_what_the_site_shows(unit, value):
    assume(not 9.99 <= value < 10)  # 9.996 shows as '10,00' on a provider page and as '10,0' here
    assert formatted(rounded(unit, value), unit, 1000) == formatted(value, unit, 1000)


def test_rounded_of_missing_is_none():
    assert rounded("percentage", None) is None and rounded("percentage", float("nan")) is None


# ---------------------------------------------------------------- postcodes and distance


def test_postcodes_hold_every_pc4_and_municipality_centroids(files):
    pc4 = load_pc4()
    payload = json.loads(files["api/keuzehulp/postcodes.json"])
    assert len(payload["pc4"]) == len(pc4) == 4064
    assert list(payload["pc4"]) == sorted(payload["pc4"])
    for pc, lat, lon in pc4[["pc4", "latitude", "longitude"]].itertuples(index=False):
        assert payload["pc4"][pc] == [round(float(lat), 4), round(float(lon), 4)]
    names = [m[0] for m in payload["municipalities"]]
    assert sorted(names) == sorted(set(pc4["municipality"]))
    utrecht = next(m for m in payload["municipalities"] if m[0] == "Utrecht")
    part = pc4[pc4["municipality"] == "Utrecht"]
    assert utrecht[1] == pytest.approx(part["latitude"].astype(float).mean(), abs=1e-4)
    assert (
        min(m[1] for m in payload["municipalities"]) > 50.7
        and max(m[1] for m in payload["municipalities"]) < 53.6
    )


def test_postcodes_data_skips_malformed_codes():
    frame = pd.DataFrame(
        {
            "pc4": ["1011", "12", "ABCD"],
            "place": ["A"] * 3,
            "municipality": ["M"] * 3,
            "province": ["P"] * 3,
            "latitude": ["52.37101", "52", "52"],
            "longitude": ["4.90409", "5", "5"],
        }
    )
    assert postcodes_data(frame)["pc4"] == {"1011": [52.371, 4.9041]}


def test_haversine_gives_known_distances():
    assert haversine_km(52.0907, 5.1214, 52.0907, 5.1214) == 0
    # Utrecht Dom to Amsterdam Dam: about 35 km as the crow flies
    assert haversine_km(52.0907, 5.1214, 52.3731, 4.8926) == pytest.approx(34.9, abs=0.3)
    # one degree of latitude is R * pi / 180
    assert haversine_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-12)
    assert haversine_km(51.0, 4.0, 53.0, 6.0) == pytest.approx(haversine_km(53.0, 6.0, 51.0, 4.0))


# ---------------------------------------------------------------- sizes


def test_the_data_files_are_small(files):
    sizes = {
        p: (len(t.encode()), len(gzip.compress(t.encode(), 9)))
        for p, t in files.items()
        if p.startswith("api/keuzehulp/")
    }
    assert sizes["api/keuzehulp/postcodes.json"][1] < 45_000
    for path, (_raw, packed) in sizes.items():
        if "postcodes" not in path:
            assert (
                packed < 5_000
            ), path  # 60 providers in all; the national size is measured in the browser test
    for text in files.values():
        assert "NaN" not in text and "Infinity" not in text


def test_every_number_is_short(payloads):
    for kind, payload in payloads.items():
        if kind == "postcodes":
            continue
        for column in payload["results"].values():
            for entry in column:
                assert len(entry) == 4 and isinstance(entry[3], int)
                for v in entry[:3]:
                    assert v is None or len(repr(v).split(".")[-1]) <= 3


def test_the_files_are_the_same_bytes_every_time(data, files):
    assert choice_files(data, {"release": data.release, "publication": data.publication}) == files


# ---------------------------------------------------------------- the pages


def test_the_page_has_a_labelled_form_a_live_region_and_only_an_external_script(files, payloads):
    front, soup = front_and_body(files["keuzehulp/vsv/index.md"])
    assert front["title"] == "Keuzehulp: verloskundige samenwerkingsverbanden vergelijken"
    assert front["search"] == {"exclude": True}  # not in the search index
    form = soup.find("form", id="zs-choice-form")
    assert form is not None and form.has_attr("hidden")  # choice.js shows it
    for control in form.find_all(["input", "select"]):
        assert soup.find("label", attrs={"for": control["id"]}), control
    assert soup.find("select", id="zs-choice-r").find("option", selected=True)["value"] == "25"
    assert soup.find(id="zs-choice-live")["role"] == "status"
    scripts = soup.find_all("script")
    assert [s["src"] for s in scripts] == ["../../assets/javascripts/choice.js"] and not any(
        s.string for s in scripts
    )
    assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    app = soup.find(id="zs-choice")
    assert (
        app["data-source"] == "../../api/keuzehulp/vsv.json"
        and app["data-postcodes"] == "../../api/keuzehulp/postcodes.json"
    )
    assert app["data-spec"] == "../../assets/charts/compare.vl.json" and app["data-max"] == "4"
    table = soup.find("table", id="zs-choice-table")
    assert table.find("caption") and table.get("class")  # a class keeps Material from re-wrapping it


def test_the_map_of_the_list_is_drawn_from_the_sites_own_boundaries_and_names_cbs(files):
    _, soup = front_and_body(files["keuzehulp/huisartspraktijk/index.md"])
    figure = soup.find("figure", id="zs-choice-map")
    # inside the results, after the list: the list is its text, and keyboard focus goes list, then map note
    assert figure.find_parent(id="zs-choice-results") is not None
    assert soup.find(id="zs-choice-list").find_next("figure") is figure
    assert figure["data-spec"] == "../../assets/charts/map-choice.vl.json"
    assert figure["data-geo"] == "../../assets/geo/provincie_2025.topojson"
    assert figure["data-feature"] == "provincie_2025"
    assert (
        "zs-chart" not in figure["class"]
    )  # charts.js draws .zs-chart figures on load; choice.js draws this
    assert figure.find(id="zs-choice-map-summary") is not None  # the sentence choice.js writes
    assert figure.find("a", href="#zs-choice-results-title")  # the same providers in words
    assert figure.find(class_="zs-map__credit").get_text().count("© CBS") == 1
    assert not figure.find_all(attrs={"tabindex": True})  # nothing in the map takes keyboard focus


def test_without_javascript_the_page_explains_and_links_on(files):
    _, soup = front_and_body(files["keuzehulp/ggz/index.md"])
    nojs = soup.find(id="zs-choice-nojs")
    assert "JavaScript" in nojs.get_text()
    assert {a["href"] for a in nojs.find_all("a")} == {
        "../../soorten/ggz/",
        "../../regio/",
        "../../aanbieders/",
    }


def test_the_page_explains_every_indicator_in_one_lay_sentence(files, payloads):
    _, soup = front_and_body(files["keuzehulp/ziekenhuis/index.md"])
    terms = soup.find("dl", class_="zs-choice__indicators")
    pairs = list(zip(terms.find_all("dt"), terms.find_all("dd")))
    assert [dt.a["href"] for dt, _ in pairs] == [
        f"../../indicatoren/{i['id']}/" for i in payloads["ziekenhuis"]["indicators"]
    ]
    assert [dd.get_text() for _, dd in pairs] == [i["lay"] for i in payloads["ziekenhuis"]["indicators"]]


def test_the_index_lists_the_kinds_with_an_aid(files):
    _, soup = front_and_body(files["keuzehulp/index.md"])
    links = [a["href"] for a in soup.select("ul.zs-choice__kinds a")]
    assert links == [
        "../keuzehulp/ggz/",
        "../keuzehulp/huisartspraktijk/",
        "../keuzehulp/verpleeghuis/",
        "../keuzehulp/vsv/",
        "../keuzehulp/ziekenhuis/",
    ]


def test_home_and_kind_pages_link_to_the_aid_exactly_where_it_exists(data):
    site = render.render_site(data, [])
    kinds = set(choice_kinds(data))
    assert 'href="keuzehulp/"' in site["index.md"]
    for kind in set(data.providers["kind"]):
        page = site[f"soorten/{kind}/index.md"]
        assert (f'href="../../keuzehulp/{kind}/"' in page) == (kind in kinds), kind
    assert "api/keuzehulp/postcodes.json" in site and "keuzehulp/index.md" in site


# ---------------------------------------------------------------- hostile text and no aid


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = write_hostile_intake(tmp_path_factory.mktemp("hostile-choice") / "input")
    lines = (folder / "indicators.csv").read_text("utf-8").splitlines()
    lines = [lines[0] + ",in_choice_aid"] + [line + ",true" for line in lines[1:]]
    (folder / "indicators.csv").write_text("\n".join(lines) + "\n", "utf-8")
    return site_input(folder)


def test_hostile_names_and_explanations_stay_text(hostile):
    out = choice_files(hostile, {"release": hostile.release, "publication": hostile.publication})
    page = out["keuzehulp/ziekenhuis/index.md"]
    assert "<script>alert(3)</script>" not in page and "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "<u>echt</u>" not in page and "&lt;u&gt;echt&lt;/u&gt;" in page
    payload = out["api/keuzehulp/ziekenhuis.json"]
    assert "</script>" not in payload and "<\\/script>" in payload  # safe even if someone inlines it
    assert (
        json.loads(payload)["indicators"][0]["lay"] == "<script>alert(3)</script>"
    )  # the data keeps the text as it is


def test_a_release_without_flagged_indicators_has_an_index_that_says_so(tmp_path):
    data = site_input(write_hostile_intake(tmp_path / "input"))
    out = choice_files(data, {"release": data.release, "publication": data.publication})
    assert sorted(out) == ["keuzehulp/index.md"]
    assert "geen keuzehulp" in out["keuzehulp/index.md"]


# ---------------------------------------------------------------- the script


def test_the_script_writes_text_never_html_and_uses_the_same_earth_radius():
    from pathlib import Path

    script = (
        Path(__file__).resolve().parents[1] / "site_src" / "assets" / "javascripts" / "choice.js"
    ).read_text("utf-8")
    assert not re.search(
        r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script
    )
    assert f"EARTH_RADIUS_KM = {EARTH_RADIUS_KM}" in script
    assert "history[push ? 'pushState' : 'replaceState']" in script
