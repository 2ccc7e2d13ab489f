"""The choice aid (keuzehulp/<kind>/) of the built demo site in Debian's Chromium, with the site's CSP on.

The expected order of providers is computed here, in Python, with the haversine formula from the coordinates
in the aid's data file (themselves checked against providers.parquet); the expected table values come from
the data package's results.parquet, formatted here independently of the generator. The fixtures (the built
demo release served on 127.0.0.1, Chromium, open_page) are those of tests/browser/conftest.py.

Screenshots at 1280 and 375 px go to $ZORGSPIEGEL_CHOICE_SHOTS (default /tmp/choice-shots/). The bytes a
visitor downloads before the first result are measured here too (gzip -9 of every text response, as a
server would send them); set ZORGSPIEGEL_CHOICE_NATIONAL to a built site folder (e.g. of
`zorgspiegel demo --providers 10000`) to measure that one as well.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from expected import dutch
from payload import report, response_sizes, run_axe, serve, stop

from generator.site import maps

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("ZORGSPIEGEL_CHOICE_SHOTS", "/tmp/choice-shots"))
KIND = "huisartspraktijk"  # the kind with the most providers in the demo
R_KM = 6371.0088
WORDS = {
    "better": "beter dan landelijk",
    "no_different": "niet duidelijk anders",
    "worse": "slechter dan landelijk",
    "not_compared": "niet vergeleken",
}
TOO_FEW = "te weinig cliënten"
BUDGET = 300_000  # bytes (compressed) before the first result


# ---------------------------------------------------------------- expectations, computed here


def haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * R_KM * math.asin(math.sqrt(a))


def shown_value(value: float, unit: str) -> str:
    if unit == "yesno":
        return "ja" if value == 1 else "nee"
    if unit == "percentage":
        return dutch(value, 1) + "%"
    return dutch(value, 2 if abs(value) < 10 else 1)


def km_text(d: float) -> str:
    return (dutch(d, 1) if d < 10 else dutch(round(d), 0)) + " km"


@pytest.fixture(scope="module")
def aid(demo) -> dict:
    return json.loads((demo.site / "api" / "keuzehulp" / f"{KIND}.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def postcodes(demo) -> dict:
    return json.loads((demo.site / "api" / "keuzehulp" / "postcodes.json").read_text("utf-8"))


def has_results(aid: dict, i: int) -> bool:
    return any(aid["codes"][aid["results"][ind["id"]][i][3]][0] == "published" for ind in aid["indicators"])


def expected_order(
    aid: dict, lat: float, lon: float, radius: float = 0, alle: bool = False
) -> list[tuple[str, float]]:
    p = aid["providers"]
    rows = [
        (haversine(lat, lon, p["lat"][i], p["lon"][i]), p["id"][i])
        for i in range(len(p["id"]))
        if alle or has_results(aid, i)
    ]
    return [(pid, d) for d, pid in sorted(rows) if not radius or d <= radius]


@pytest.fixture(scope="module")
def origin(demo, aid, postcodes) -> str:
    """A PC4 in the demo: the postcode area of the provider whose neighbours are most spread out."""
    providers = demo.providers.set_index("provider_id")
    pcs = sorted(
        {providers.loc[pid, "postcode"][:4] for pid in aid["providers"]["id"]} & set(postcodes["pc4"])
    )
    return pcs[len(pcs) // 2]


@pytest.fixture(scope="module")
def unknown_pc(postcodes) -> str:
    return next(f"{n:04d}" for n in range(9999, 1000, -1) if f"{n:04d}" not in postcodes["pc4"])


def latest_results(demo, indicator_ids) -> pd.DataFrame:
    r = demo.results[demo.results["indicator_id"].isin(indicator_ids)]
    return r[r["period"] == r.groupby("indicator_id")["period"].transform("max")].set_index(
        ["provider_id", "indicator_id"]
    )


# ---------------------------------------------------------------- page helpers


def page_url(base_url: str, query: str = "", kind: str = KIND) -> str:
    return f"{base_url}keuzehulp/{kind}/{query}"


def ready(page) -> None:
    page.wait_for_selector("#zs-choice[data-ready]", state="attached", timeout=15000)


def listed(page) -> list[tuple[str, str]]:
    return [
        tuple(item)
        for item in page.evaluate(
            """() => Array.from(document.querySelectorAll('#zs-choice-list > li')).map(li =>
            [li.getAttribute('data-provider'), li.querySelector('.zs-choice__distance').textContent])"""
        )
    ]


def charts_ready(page) -> None:
    page.wait_for_function(
        "() => ['ready', 'error'].includes("
        "document.getElementById('zs-choice-charts').getAttribute('data-state'))",
        timeout=30000,
    )
    assert page.get_attribute("#zs-choice-charts", "data-state") == "ready"


def query_of(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def choose(page, aid, pid) -> None:
    page.check(f"#zs-kies-{aid['providers']['id'].index(pid)}")


def three_to_compare(demo, aid, among: list[str]) -> list[str]:
    """Three listed providers whose results show the most kinds of marks (a too-few-cases result if any)."""
    codes = {
        pid: {
            aid["codes"][aid["results"][ind["id"]][aid["providers"]["id"].index(pid)][3]][1]
            or aid["codes"][aid["results"][ind["id"]][aid["providers"]["id"].index(pid)][3]][0]
            for ind in aid["indicators"]
        }
        for pid in among
    }
    chosen: list[str] = []
    seen: set[str] = set()
    for _ in range(3):
        best = max(
            (p for p in among if p not in chosen),
            key=lambda p: (len(codes[p] - seen), "too_few_cases" in codes[p], p),
        )
        chosen.append(best)
        seen |= codes[best]
    return chosen


# ------------------------------------------------------ done when: order, table, chart, reload, unknown, axe


def test_the_data_file_coordinates_are_the_providers(demo, aid):
    providers = demo.providers.set_index("provider_id")
    for pid, lat, lon in zip(aid["providers"]["id"], aid["providers"]["lat"], aid["providers"]["lon"]):
        assert (
            abs(lat - providers.loc[pid, "latitude"]) <= 0.00005 + 1e-12
            and abs(lon - providers.loc[pid, "longitude"]) <= 0.00005 + 1e-12
        )
        assert providers.loc[pid, "kind"] == KIND


def test_a_postcode_gives_the_nearest_providers_in_haversine_order(
    open_page, base_url, aid, postcodes, origin
):
    page, watch = open_page(page_url(base_url))
    ready(page)
    page.select_option("#zs-choice-r", "100")
    page.fill("#zs-choice-pc", "")
    page.focus("#zs-choice-pc")
    page.keyboard.type(f"{origin} AB")
    page.keyboard.press("Enter")
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    lat, lon = postcodes["pc4"][origin]
    expected = expected_order(aid, lat, lon, radius=100)
    assert expected, "the demo must have providers within 100 km of the chosen postcode"
    assert listed(page) == [(pid, km_text(d)) for pid, d in expected[:20]]
    assert (
        page.evaluate("() => document.activeElement.id") == "zs-choice-results-title"
    )  # focus moves to the result
    title = page.text_content("#zs-choice-results-title")
    assert title.startswith(f"{len(expected)} aanbieder") and "binnen 100 km" in title
    page.wait_for_function("() => document.getElementById('zs-choice-live').textContent.includes('postcode')")
    assert page.text_content("#zs-choice-live").startswith(title)
    assert query_of(page) == {"pc": origin, "r": "100", "alle": "0"}
    # the same order with no distance limit and providers without results too
    page.select_option("#zs-choice-r", "0")
    page.check("#zs-choice-alle")
    everyone = expected_order(aid, lat, lon, alle=True)
    page.wait_for_function(
        f"() => document.querySelectorAll('#zs-choice-list > li').length === {min(20, len(everyone))}"
    )
    assert [pid for pid, _ in listed(page)] == [pid for pid, _ in everyone[:20]]
    if len(everyone) > 20:
        page.click("#zs-choice-more")
        assert [pid for pid, _ in listed(page)] == [pid for pid, _ in everyone[:40]]
        assert (
            page.evaluate("() => document.activeElement.closest('li').getAttribute('data-provider')")
            == everyone[20][0]
        )
    assert query_of(page) == {"pc": origin, "r": "0", "alle": "1"}
    assert not watch.problems(), watch.problems()


def test_a_municipality_measures_from_its_centre(open_page, base_url, aid, postcodes):
    name, lat, lon = next(m for m in postcodes["municipalities"] if m[0] == "Utrecht")
    page, watch = open_page(page_url(base_url, "?r=0&alle=1"))
    ready(page)
    page.select_option("#zs-choice-gem", name)
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    assert [pid for pid, _ in listed(page)] == [
        pid for pid, _ in expected_order(aid, lat, lon, alle=True)[:20]
    ]
    assert "het midden van de gemeente Utrecht" in page.text_content("#zs-choice-summary")
    assert query_of(page)["gem"] == "Utrecht" and "pc" not in query_of(page)
    assert not watch.problems(), watch.problems()


def test_the_municipality_list_is_that_of_2025_and_knows_the_names_people_use(
    open_page, base_url, aid, postcodes
):
    """The 342 municipalities of 2025 (CBS), none of before (Aalburg, Boxmeer, Weesp merged away); 'Den
    Haag' and 'Den Bosch' are in the list under D and work in the URL."""
    page, watch = open_page(page_url(base_url, "?gem=Den%20Haag&r=0&alle=1"))
    ready(page)
    options = page.eval_on_selector_all(
        "#zs-choice-gem option", "els => els.map(e => [e.value, e.textContent])"
    )
    values = {value for value, _ in options if value}
    assert len(values) == 342
    assert {"Altena", "Land van Cuijk", "Het Hogeland", "'s-Gravenhage", "'s-Hertogenbosch"} <= values
    assert not {"Aalburg", "Boxmeer", "Weesp", "Werkendam", "Haaren"} & values
    texts = dict((text, value) for value, text in options)
    assert texts["Den Haag (gemeente 's-Gravenhage)"] == "'s-Gravenhage"
    assert texts["Den Bosch (gemeente 's-Hertogenbosch)"] == "'s-Hertogenbosch"
    # ?gem=Den Haag measures from the centre of 's-Gravenhage, and the list shows the municipality itself
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    name, lat, lon = next(m for m in postcodes["municipalities"] if m[0] == "'s-Gravenhage")
    assert [pid for pid, _ in listed(page)] == [
        pid for pid, _ in expected_order(aid, lat, lon, alle=True)[:20]
    ]
    assert "het midden van de gemeente 's-Gravenhage" in page.text_content("#zs-choice-summary")
    assert (
        page.evaluate(
            "() => { const s = document.getElementById('zs-choice-gem'); "
            "return s.options[s.selectedIndex].text; }"
        )
        == "'s-Gravenhage"
    )
    # choosing the name people use from the list does the same
    page.goto(page_url(base_url, "?r=0&alle=1"))
    ready(page)
    page.select_option("#zs-choice-gem", label="Den Bosch (gemeente 's-Hertogenbosch)")
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    assert query_of(page)["gem"] == "'s-Hertogenbosch"
    assert not watch.problems(), watch.problems()


def test_selecting_three_shows_their_table_and_chart_with_the_right_values(
    open_page, base_url, demo, aid, postcodes, origin
):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"))
    ready(page)
    lat, lon = postcodes["pc4"][origin]
    among = [pid for pid, _ in expected_order(aid, lat, lon, alle=True)[:20]]
    chosen = three_to_compare(demo, aid, among)
    for pid in chosen:
        choose(page, aid, pid)
    charts_ready(page)
    assert query_of(page)["kies"] == ",".join(chosen)
    # the table: one column per chosen provider, in the order chosen, and the national value
    heads = page.eval_on_selector_all(
        "#zs-choice-table thead th a", "els => els.map(a => a.getAttribute('href'))"
    )
    assert heads == [f"../../aanbieders/{pid}/" for pid in chosen]
    indicators = {i["id"]: i for i in aid["indicators"]}
    latest = latest_results(demo, list(indicators))
    national = demo.table("benchmarks")
    national = national[national["group_type"] == "national"].set_index(["indicator_id", "period"])["value"]
    marks = set()
    for iid, ind in indicators.items():
        row = page.locator(f'#zs-choice-table tr[data-indicator="{iid}"]')
        assert ind["lay"] in row.locator("th").text_content()  # one lay sentence per indicator
        for pid in chosen:
            text = row.locator(f'td[data-provider="{pid}"]').text_content()
            if (pid, iid) not in latest.index:
                assert text == "geen resultaat over deze periode"
                continue
            r = latest.loc[(pid, iid)]
            if r["status"] == "published":
                assert text.startswith(shown_value(r["value"], ind["unit"])), (pid, iid, text)
                if not pd.isna(r["ci_low"]) and ind["unit"] == "percentage":
                    assert f"({dutch(r['ci_low'], 1)} – {dutch(r['ci_high'], 1)}%)" in text
                if ind["unit"] != "yesno":
                    assert text.endswith(WORDS[r["comparison"]])
                marks.add(r["comparison"])
            elif r["status"] == "too_few_cases":
                assert text == TOO_FEW
                marks.add(TOO_FEW)
            else:
                assert (
                    text
                    == {"not_delivered": "niet aangeleverd", "not_applicable": "niet van toepassing"}[
                        r["status"]
                    ]
                )
        nat = national.get((iid, ind["period"]))
        if nat is not None and ind["unit"] == "percentage":
            assert row.locator("td.zs-choice__national").text_content() == dutch(nat, 1) + "%"
    assert marks, "the chosen providers show published results"
    # the chart: the compare spec with the chosen providers' percentage results, national value and intervals
    shares = [iid for iid, ind in indicators.items() if ind["unit"] == "percentage"]
    points = page.evaluate(
        "() => Array.from(document.querySelectorAll('.zs-choice__figure'))"
        ".flatMap(f => f.zsView.data('points'))"
    )
    percent = [p for p in points if p["unit"] == "percentage"]
    assert sorted((p["provider_id"], p["indicator_id"]) for p in percent) == sorted(
        (pid, iid) for pid in chosen for iid in shares
    )
    for p in percent:
        key = (p["provider_id"], p["indicator_id"])
        r = latest.loc[key] if key in latest.index else None
        if r is not None and r["status"] == "published":
            assert p["value"] == pytest.approx(r["value"], abs=0.051) and p["comparison"] == r["comparison"]
            assert p["ci_low"] == pytest.approx(r["ci_low"], abs=0.051) and p["ci_high"] == pytest.approx(
                r["ci_high"], abs=0.051
            )
            assert p["status_label"] == ""
        else:
            assert p["value"] is None and p["status_label"]
        assert p["national_value"] == pytest.approx(
            national[(p["indicator_id"], indicators[p["indicator_id"]]["period"])], abs=0.051
        )
    published = sum(1 for p in percent if p["value"] is not None)
    assert page.locator(".zs-choice__figure svg .mark-symbol.role-mark path").count() >= published
    svg = page.locator(".zs-choice__figure svg").first
    assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label").startswith(
        "Deze grafiek vergelijkt 3 aanbieders"
    )
    assert not watch.problems(), watch.problems()


def test_reload_and_back_restore_the_state(open_page, base_url, demo, aid, postcodes, origin):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=50&alle=1"))
    ready(page)
    first = listed(page)
    ids = [pid for pid, _ in first][:3]
    for pid in ids:
        choose(page, aid, pid)
    charts_ready(page)
    page.reload()
    ready(page)
    charts_ready(page)
    assert page.input_value("#zs-choice-pc") == origin and page.input_value("#zs-choice-r") == "50"
    assert page.is_checked("#zs-choice-alle")
    assert listed(page) == first
    checked = page.eval_on_selector_all("#zs-choice-list input:checked", "els => els.map(e => e.value)")
    assert sorted(checked) == sorted(ids)
    assert page.locator("#zs-choice-table thead th a").count() == 3
    # Back undoes the last choice, Forward redoes it; the page is not reloaded for either
    page.evaluate("() => { window.zsMarker = 1; }")
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('#zs-choice-table thead th a').length === 2")
    assert query_of(page)["kies"] == ",".join(ids[:2]) and not page.is_checked(
        f"#zs-kies-{aid['providers']['id'].index(ids[2])}"
    )
    page.go_forward()
    page.wait_for_function("() => document.querySelectorAll('#zs-choice-table thead th a').length === 3")
    assert page.evaluate("() => window.zsMarker") == 1
    assert not watch.problems(), watch.problems()


def test_an_unknown_postcode_shows_a_clear_message(open_page, base_url, unknown_pc):
    page, watch = open_page(page_url(base_url))
    ready(page)
    page.fill("#zs-choice-pc", unknown_pc)
    page.press("#zs-choice-pc", "Enter")
    error = page.locator("#zs-choice-pc-error")
    error.wait_for(state="visible")
    assert (
        error.text_content() == f"Postcode {unknown_pc} kennen wij niet. "
        "Controleer de vier cijfers, of kies hieronder uw gemeente."
    )
    assert page.get_attribute("#zs-choice-pc", "aria-invalid") == "true"
    assert "zs-choice-pc-error" in page.get_attribute("#zs-choice-pc", "aria-describedby")
    assert page.evaluate("() => document.activeElement.id") == "zs-choice-pc"
    assert page.is_hidden("#zs-choice-results")
    page.wait_for_function(
        "() => document.getElementById('zs-choice-live').textContent.includes('kennen wij niet')"
    )
    # the same from a shared link; and other mistakes get their own message
    page.goto(page_url(base_url, f"?pc={unknown_pc}&r=25&alle=0"))
    ready(page)
    assert page.locator("#zs-choice-pc-error").is_visible() and "kennen wij niet" in page.text_content(
        "#zs-choice-pc-error"
    )
    page.fill("#zs-choice-pc", "35")
    page.press("#zs-choice-pc", "Enter")
    assert (
        page.text_content("#zs-choice-pc-error") == "Een postcode begint met vier cijfers, bijvoorbeeld 3511."
    )
    page.fill("#zs-choice-pc", "")
    page.press("#zs-choice-pc", "Enter")
    assert page.text_content("#zs-choice-pc-error") == "Vul uw postcode in of kies uw gemeente."
    assert not watch.problems(), watch.problems()


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_serious_violation(open_page, base_url, aid, postcodes, origin, unknown_pc, width):
    # bypass_csp lets Playwright inject axe as an inline script; the page itself is unchanged
    page, _ = open_page(page_url(base_url), width=width, bypass_csp=True)
    ready(page)
    states = {"empty form": run_axe(page)}
    page.fill("#zs-choice-pc", unknown_pc)
    page.press("#zs-choice-pc", "Enter")
    states["unknown postcode"] = run_axe(page)
    page.goto(page_url(base_url, f"?pc={origin}&r=0&alle=1"))
    ready(page)
    for pid, _ in listed(page)[:3]:
        choose(page, aid, pid)
    charts_ready(page)
    map_ready(page)  # the map draws only in view: axe sees it drawn too
    states["three chosen"] = run_axe(page)
    serious = {
        state: [v for v in found if v["impact"] in ("serious", "critical")] for state, found in states.items()
    }
    assert not any(serious.values()), json.dumps(serious, indent=1, ensure_ascii=False)


# ---------------------------------------------------------------- the map of the list, the compare axis


def map_ready(page) -> None:
    page.locator("#zs-choice-map").scroll_into_view_if_needed()
    page.wait_for_function(
        "() => ['ready', 'error'].includes("
        "document.getElementById('zs-choice-map').getAttribute('data-state'))",
        timeout=30000,
    )
    assert page.get_attribute("#zs-choice-map", "data-state") == "ready"


def test_the_map_shows_the_listed_providers_and_the_chosen_ones_within_its_frame(
    open_page, base_url, aid, postcodes, origin
):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"))
    ready(page)
    ids = [pid for pid, _ in listed(page)]
    chosen = [ids[1], ids[4]]
    for pid in chosen:
        choose(page, aid, pid)
    map_ready(page)
    page.wait_for_function(
        "() => document.getElementById('zs-choice-map').zsView.data('points')"
        ".filter(p => p.group === 'picked').length === 2"
    )
    points = page.evaluate("() => document.getElementById('zs-choice-map').zsView.data('points')")
    groups = {g: [p["id"] for p in points if p["group"] == g] for g in ("found", "picked", "origin")}
    assert sorted(groups["found"] + groups["picked"]) == sorted(ids[:20])  # the shown part of the list
    assert sorted(groups["picked"]) == sorted(chosen) and len(groups["origin"]) == 1
    lat, lon = postcodes["pc4"][origin]
    start = next(p for p in points if p["group"] == "origin")
    assert (start["lat"], start["lon"]) == (lat, lon)
    p = aid["providers"]
    for row in points[:-1]:  # each dot at its provider's address
        i = p["id"].index(row["id"])
        assert (row["lat"], row["lon"]) == (p["lat"][i], p["lon"][i])
    # every dot (and the cross) is drawn inside the map: the frame holds them all, however far they lie apart
    svg = page.locator("#zs-choice-map svg")
    box = svg.bounding_box()
    dots = page.locator("#zs-choice-map svg g.mark-symbol.role-mark path")
    assert dots.count() == len(points)
    for k in range(dots.count()):
        d = dots.nth(k).bounding_box()
        assert box["x"] <= d["x"] and d["x"] + d["width"] <= box["x"] + box["width"] + 0.5
        assert box["y"] <= d["y"] and d["y"] + d["height"] <= box["y"] + box["height"] + 0.5
    # and the frame is the neighbourhood of the list, not the whole country
    frame = page.evaluate(
        "() => ['frame_dx', 'frame_dy'].map(s => document.getElementById('zs-choice-map').zsView.signal(s))"
    )
    assert frame[0] < maps.FRAME["frame_dx"] and frame[1] < maps.FRAME["frame_dy"], frame
    assert page.locator("#zs-choice-map svg g.mark-shape path").count() >= 1  # the provinces under the dots
    # the label follows the points (on a loaded machine a draw for the first pick may finish after them)
    page.wait_for_function(
        "() => { const s = document.querySelector('#zs-choice-map svg');"
        " const l = s && s.getAttribute('aria-label');"
        " return l && l === document.getElementById('zs-choice-map-summary').textContent"
        " && l.includes('De 2 aanbieders'); }"
    )
    label = svg.get_attribute("aria-label")
    assert svg.get_attribute("role") == "img" and label == page.text_content("#zs-choice-map-summary")
    assert (
        label.startswith("20 aanbieders uit de lijst") and "De 2 aanbieders die u koos zijn oranje." in label
    )
    assert page.locator("#zs-choice-map .zs-map__credit").inner_text().count("© CBS") == 1
    assert all(r.startswith(base_url) or r.startswith(("data:", "blob:")) for r in watch.requests)
    assert not watch.problems(), watch.problems()


def test_the_map_is_drawn_only_in_view_and_keyboard_focus_passes_it_by(open_page, base_url, aid, origin):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"), width=375)
    ready(page)
    page.wait_for_load_state("networkidle")
    assert not any(
        "vega" in r for r in watch.requests
    ), "a phone that does not scroll to the map loads no Vega"
    assert page.get_attribute("#zs-choice-map", "data-state") is None
    map_ready(page)
    assert not page.locator("#zs-choice-map svg [tabindex], #zs-choice-map svg a").count()
    # Tab from the last control of the list reaches the map's note link, and the next Tab leaves the map
    page.focus("#zs-choice-more")
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.closest('#zs-choice-map') ? 'map' : 'out'"))
        if stops[-2:] == ["map", "out"]:
            break
    assert stops[-2:] == ["map", "out"], stops
    link = page.locator("#zs-choice-map .zs-chart__note a")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "zs-choice-results-title"
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
    assert not watch.problems(), watch.problems()


def test_the_compare_axis_fits_the_values_with_the_national_value_in_the_pick_order(
    open_page, base_url, aid, origin
):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"))
    ready(page)
    ids = [pid for pid, _ in listed(page)]
    shares = [i["id"] for i in aid["indicators"] if i["unit"] == "percentage"]
    # two providers with a published share, picked in the reverse of the list's order
    published = [
        pid
        for pid in ids
        if all(
            aid["codes"][aid["results"][iid][aid["providers"]["id"].index(pid)][3]][0] == "published"
            for iid in shares
        )
    ]
    chosen = [published[1], published[0]]
    for pid in chosen:
        choose(page, aid, pid)
    charts_ready(page)
    figure = "document.querySelector('.zs-choice__figure[data-group=percent]')"
    domain = page.evaluate(f"() => {figure}.zsView.scale('x').domain()")
    points = page.evaluate(f"() => {figure}.zsView.data('points')")
    numbers = [
        p[k] for p in points for k in ("value", "ci_low", "ci_high", "national_value") if p[k] is not None
    ]
    assert domain[0] <= min(numbers) and max(numbers) <= domain[1]  # every value, interval and benchmark
    assert domain[1] - domain[0] < 0.6 * 100, domain  # fitted, not the whole 0-100 scale
    assert domain != [0, 100]
    names = page.evaluate(f"() => {figure}.zsView.scale('yOffset').domain()")
    p = aid["providers"]
    assert names == [p["name"][p["id"].index(pid)] for pid in chosen]  # the table's (pick) order
    heads = page.eval_on_selector_all("#zs-choice-table thead th a", "els => els.map(a => a.textContent)")
    assert heads == names
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- keyboard, limits, phone, no JavaScript


def test_keyboard_only_search_and_choose(open_page, base_url, origin):
    page, watch = open_page(page_url(base_url))
    ready(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "zs-choice-pc":
            break
    else:
        pytest.fail("Tab never reached the postcode field")
    page.keyboard.type(origin)
    page.keyboard.press("Enter")
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "checkbox" and page.evaluate(
            "() => !!document.activeElement.closest('#zs-choice-list')"
        ):
            break
    else:
        pytest.fail("Tab never reached a result's checkbox")
    page.keyboard.press("Space")
    page.wait_for_selector("#zs-choice-compare:not([hidden])")
    assert page.locator("#zs-choice-table thead th a").count() == 1
    page.wait_for_function(
        "() => document.getElementById('zs-choice-live').textContent.includes('1 van 4 gekozen')"
    )
    # the jump link takes keyboard users to the comparison; its remove button works with Enter
    page.focus("#zs-choice-jump")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "zs-choice-compare-title"
    page.focus("#zs-choice-chosen button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#zs-choice-compare", state="hidden")
    assert page.locator("#zs-choice-list input:checked").count() == 0
    assert not watch.problems(), watch.problems()


def test_a_fifth_choice_is_refused_and_said(open_page, base_url, aid, origin):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"))
    ready(page)
    ids = [pid for pid, _ in listed(page)][:5]
    for pid in ids[:4]:
        choose(page, aid, pid)
    page.wait_for_function(
        "() => document.getElementById('zs-choice-live').textContent.includes('meer kan niet')"
    )
    box = f"#zs-kies-{aid['providers']['id'].index(ids[4])}"
    page.click(box)
    assert not page.is_checked(box)
    limit = page.locator("#zs-choice-limit")
    assert limit.is_visible() and "tot 4 aanbieders" in limit.text_content()
    page.wait_for_function(
        "() => document.getElementById('zs-choice-live').textContent.includes('tot 4 aanbieders')"
    )
    assert query_of(page)["kies"] == ",".join(ids[:4])
    assert not watch.problems(), watch.problems()


def test_the_page_fits_a_phone(open_page, base_url, aid, origin):
    page, watch = open_page(page_url(base_url, f"?pc={origin}&r=0&alle=1"), width=375)
    ready(page)
    for pid, _ in listed(page)[:3]:
        choose(page, aid, pid)
    charts_ready(page)
    scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide in a {inner} px window"
    assert page.locator(
        "#zs-choice-scroll"
    ).is_visible()  # the wide table scrolls in its own region, and says so
    assert page.get_attribute("#zs-choice-table-wrap", "tabindex") == "0"
    for selector in ("#zs-choice-pc", "#zs-choice-gem", "#zs-choice-list input", ".zs-choice__figure svg"):
        box = page.locator(selector).first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner + 0.5, selector
    assert not watch.problems(), watch.problems()


def test_without_javascript_the_page_explains_and_links_on(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(page_url(base_url))
        assert page.locator("#zs-choice-nojs").is_visible() and page.is_hidden("#zs-choice-form")
        assert page.locator("#zs-choice-nojs a").count() == 3
        assert page.locator(".zs-choice__indicators dt").count() >= 1
    finally:
        context.close()


def test_the_index_and_kind_pages_link_to_the_aid(open_page, base_url):
    page, watch = open_page(base_url + "keuzehulp/")
    page.click(f'a[href="../keuzehulp/{KIND}/"]')
    ready(page)
    assert page.url.endswith(f"/keuzehulp/{KIND}/")
    page.goto(base_url + f"soorten/{KIND}/")
    assert page.locator(f'a[href="../../keuzehulp/{KIND}/"]').count() == 1
    assert not watch.problems(), watch.problems()


# ---------------------------------------------------------------- screenshots and payload


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots(open_page, base_url, aid, origin, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, watch = open_page(page_url(base_url), width=width)
    ready(page)
    page.select_option("#zs-choice-r", "100")  # the demo has 60 providers in all: few within 25 km
    page.fill("#zs-choice-pc", origin)
    page.press("#zs-choice-pc", "Enter")
    page.wait_for_selector("#zs-choice-results:not([hidden])")
    page.screenshot(path=str(SHOTS / f"postcode-{width}.png"))
    map_ready(page)
    page.locator("#zs-choice-map").screenshot(path=str(SHOTS / f"map-{width}.png"))
    for pid, _ in listed(page)[:3]:
        choose(page, aid, pid)
    charts_ready(page)
    page.screenshot(path=str(SHOTS / f"chosen-{width}.png"), full_page=True)
    page.locator("#zs-choice-compare").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"compare-{width}.png"), full_page=False)
    assert not watch.problems(), watch.problems()


#: Notes the moment the first result is on the page (the map beside the list is drawn after it).
FIRST_RESULT = """new MutationObserver((changes, observer) => {
  if (document.querySelector('#zs-choice-list > li')) {
    window.zsFirstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});"""


def first_result_payload(browser, base: str, kind: str, pc: str) -> dict[str, tuple[int, int]]:
    """Every response requested from opening the aid to the first result: url -> (bytes, bytes gzip -9 for
    text)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    responses = []
    try:
        page = context.new_page()
        page.add_init_script(FIRST_RESULT)
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{base}keuzehulp/{kind}/")
        ready(page)
        page.fill("#zs-choice-pc", pc)
        page.press("#zs-choice-pc", "Enter")
        page.wait_for_selector("#zs-choice-list > li")
        page.wait_for_load_state("networkidle")
        before = set(
            page.evaluate("""() => performance.getEntriesByType('resource')
              .filter(e => e.startTime <= window.zsFirstResult).map(e => e.name)""")
        ) | {page.url.split("?")[0]}
        out = {r.url[len(base) :]: response_sizes(r) for r in responses if r.url in before}
        assert not any("vega" in url for url in out), "Vega loads only when a chart or the map is drawn"
        return out
    finally:
        context.close()


def test_the_first_result_downloads_little(browser, base_url, demo, origin, record_property):
    sizes = first_result_payload(browser, base_url, KIND, origin)
    SHOTS.mkdir(parents=True, exist_ok=True)
    text = report(f"demo ({len(demo.providers)} providers), {KIND}", sizes)
    national = os.environ.get("ZORGSPIEGEL_CHOICE_NATIONAL")
    if national:
        proc, base = serve(Path(national))
        try:
            aid = json.loads((Path(national) / "api" / "keuzehulp" / f"{KIND}.json").read_text("utf-8"))
            nat = first_result_payload(browser, base, KIND, origin)
            text += "\n" + report(f"national ({len(aid['providers']['id'])} {KIND}), {KIND}", nat)
            assert sum(p for _, p in nat.values()) < BUDGET, text
        finally:
            stop(proc)
    (SHOTS / "payload.txt").write_text(text + "\n", "utf-8")
    record_property("payload", text)
    assert sum(p for _, p in sizes.values()) < BUDGET, text
    assert any(url.startswith("api/keuzehulp/postcodes.json") for url in sizes) and any(
        url.startswith(f"api/keuzehulp/{KIND}.json") for url in sizes
    )
