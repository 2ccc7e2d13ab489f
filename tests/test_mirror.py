"""Mirror information on the provider pages (generator/render_mirror.py), checked against the data packages.

The built demo site (tests/sitebuild.py: 60 providers, seed 3) is parsed: every benchmark group on every
provider page against benchmarks.parquet (value, number of providers, middle half, the provider's
quartile), the group fallback of suppressed results (the group's value without the provider, never a
figure of the provider), the nearby peers (same kind, haversine, the five nearest with results, their
latest results) and the dates and 'niet actueel' marks against results.parquet and the catalogue's
refresh_months. Everything expected is computed here, independently of the code under test, from the
package files. Unit tests of render_mirror's rules follow.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import math
import re

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from expected import dutch
from hypothesis import given
from hypothesis import strategies as st
from sitebuild import RELEASE, demo_build

from generator.compute import geo, stats
from generator.compute import mirror as mirror_data
from generator.site import formatting
from generator.site import mirror as render_mirror

RELEASE_DAY = dt.date(2026, 11, 1)
EARTH_KM = 6371.0088
KIND_WORDS = {
    "ziekenhuis": "ziekenhuizen",
    "vsv": "verloskundige samenwerkingsverbanden",
    "verpleeghuis": "verpleeghuizen",
    "wijkverpleging": "wijkverpleging",
    "ggz": "ggz-aanbieders",
    "huisartspraktijk": "huisartsenpraktijken",
}
SIZE_WORDS = {"klein": "kleine aanbieders", "middel": "middelgrote aanbieders", "groot": "grote aanbieders"}
POSITION = {
    1: "bij de laagste 25%",
    2: "in het tweede kwart",
    3: "in het derde kwart",
    4: "bij de hoogste 25%",
}
# by direction, best first: where higher is better the highest quarter is "bij de beste 25%"
RANKED = {
    1: "bij de beste 25%",
    2: "bij de betere helft, net boven het midden",
    3: "bij de minder goede helft, net onder het midden",
    4: "bij de minst goede 25%",
}


def position_words(quarter: int, direction: str) -> str:
    """The words of a quarter (1 lowest) for an indicator's direction."""
    if direction == "higher":
        return RANKED[5 - quarter]
    return RANKED[quarter] if direction == "lower" else POSITION[quarter]


STATUS_SHORT = {
    "too_few_cases": "te weinig cliënten",
    "not_applicable": "niet van toepassing",
    "not_delivered": "niet aangeleverd",
}


# ---------------------------------------------------------------- helpers (independent of generator.webpage)


def shown_value(value, unit: str, rate_per, text_value: str = "", label="") -> str:
    if unit == "yesno":
        return text_value or ("ja" if value == 1 else "nee" if value == 0 else "")
    if unit == "text":
        return text_value
    suffix = (
        f" {label}"
        if isinstance(label, str) and label and unit not in ("percentage", "rate", "proportion")
        else ""
    )
    return {
        "percentage": lambda: dutch(value) + "%",
        "rate": lambda: f"{dutch(value)} per {dutch(rate_per or 1, 0)}",
        "count": lambda: dutch(value, 0),
        "proportion": lambda: dutch(value, 3),
    }.get(unit, lambda: dutch(value, 2 if abs(value) < 10 else 1))() + suffix


def group_text(value, unit: str, rate_per) -> str:
    return f"{dutch(value)}% ja" if unit == "yesno" else shown_value(value, unit, rate_per)


SMALL = "geen waarde: minder dan 3 aanbieders"


def middle_text(lo: str, hi: str, unit: str, rate_per) -> str:
    """'62,1 – 74,3%', '220,2 – 287,1 per 1.000', '5,80 – 9,68': the unit once, after the second figure."""
    suffix = "%" if unit == "percentage" else f" per {dutch(rate_per or 1, 0)}" if unit == "rate" else ""
    return f"{lo[:len(lo) - len(suffix)]} – {hi}" if suffix else f"{lo} – {hi}"


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def months_later(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quartile(value, q1, med, q3) -> int:
    """stats.position_quartile's rule, written out: ties go to the lower quartile."""
    return 1 if value <= q1 else 2 if value <= med else 3 if value <= q3 else 4


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def tables(built):
    results = built.results
    latest = results[
        results["period"] == results.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    ]
    return {
        "results": results,
        "latest": latest.set_index(["provider_id", "indicator_id"]),
        "bench": built.table("benchmarks").set_index(["indicator_id", "period", "group_type", "group"]),
        "providers": built.providers.set_index("provider_id"),
        "indicators": built.indicators.set_index("indicator_id"),
    }


def pages(built) -> list[str]:
    """The ids of the providers with a page."""
    return sorted(p.name for p in (built.site / "aanbieders").iterdir() if (p / "index.html").is_file())


def content(built, pid: str):
    soup = BeautifulSoup((built.site / "aanbieders" / pid / "index.html").read_text("utf-8"), "html.parser")
    return soup.select_one("article .zs-page")


# ---------------------------------------------------------------- benchmark groups


def expected_groups(row, provider, bench, iid) -> list[tuple[str, str]]:
    """The groups shown for one result: a kind group that equals the national one is folded into it."""
    keys = [("national", ""), ("kind", provider["kind"]), ("region", provider["region"])]
    if row["status"] == "published" and row["size_group"]:
        keys.append(("size", row["size_group"]))
    national, kind = ((iid, row["period"], t, g) for t, g in keys[:2])
    if kind in bench.index and national in bench.index:
        a, b = bench.loc[kind], bench.loc[national]
        same = [
            a[c] == b[c] or (a[c] != a[c] and b[c] != b[c])
            for c in ("providers", "value", "q1", "median", "q3")
        ]
        if all(same):
            keys.pop(1)
    return [(t, g) for t, g in keys if t == "national" or g]


def label(group_type: str, group: str) -> str:
    return {
        "national": "Landelijk (alle aanbieders)",
        "kind": f"Zelfde soort: {KIND_WORDS.get(group, group)}",
        "region": f"Zelfde regio: {group}",
        "size": f"Vergelijkbare omvang: {SIZE_WORDS.get(group, group)}",
    }[group_type]


def test_every_group_on_every_provider_page_matches_the_benchmarks(built, tables):
    seen = {
        "groups": 0,
        "positions": set(),
        "small": 0,
        "tbodies": 0,
        "fallback": 0,
        "folded": 0,
        "one_line": 0,
    }
    for pid in pages(built):
        page = content(built, pid)
        provider = tables["providers"].loc[pid]
        latest = tables["latest"].loc[pid] if pid in tables["latest"].index.get_level_values(0) else None
        expected_indicators = set()
        if latest is not None:
            for iid, row in latest.iterrows():
                unit = tables["indicators"].loc[iid, "unit"]
                if unit != "text" and (
                    row["status"] == "too_few_cases"
                    or (row["status"] == "published" and not missing(row["value"]))
                ):
                    expected_indicators.add(iid)

        def groups_shown(iid, latest=latest, provider=provider) -> bool:
            keys = expected_groups(latest.loc[iid], provider, tables["bench"], iid)
            return any(
                int(tables["bench"].loc[(iid, latest.loc[iid, "period"], t, g)]["providers"]) >= 3
                for t, g in keys
                if (iid, latest.loc[iid, "period"], t, g) in tables["bench"].index
            )

        tbodies = {tb["data-indicator"]: tb for tb in page.select("table.zs-groups-table tbody")}
        small = {iid for para in page.select("p.zs-groups__small") for iid in para["data-indicators"].split()}
        assert set(tbodies) == {i for i in expected_indicators if groups_shown(i)}, pid
        assert small == {i for i in expected_indicators if not groups_shown(i)}, pid
        for para in page.select("p.zs-groups__small"):  # one line instead of rows of "no value"
            seen["one_line"] += 1
            titles = [tables["indicators"].loc[i, "title"] for i in para["data-indicators"].split()]
            assert (
                text(para) == f"Geen vergelijkingsgroep met ten minste 3 aanbieders bij: {', '.join(titles)}."
            ), pid
        for iid, tbody in tbodies.items():
            seen["tbodies"] += 1
            row = latest.loc[iid]
            ind = tables["indicators"].loc[iid]
            own = row["status"] == "published"
            assert tbody["data-own"] == row["status"], (pid, iid)
            head = text(tbody.select_one("tr.zs-groups__head"))
            assert head.startswith(f"{ind['title']} ({row['period']}"), (pid, iid, head)
            if own:
                shown = shown_value(
                    row["value"], ind["unit"], ind["rate_per"], row["text_value"], ind.get("unit_label")
                )
                assert head.endswith(f"Uitkomst van deze aanbieder: {shown}")
            trs = tbody.select("tr[data-group]")
            keys = expected_groups(row, provider, tables["bench"], iid)
            folded = len(keys) and keys[1:2] != [("kind", provider["kind"])]
            assert [tr["data-group"] for tr in trs] == [t for t, _ in keys], (pid, iid)
            for tr, (group_type, group) in zip(trs, keys):
                seen["groups"] += 1
                name, value, count, middle, position = (
                    text(c) for c in tr.find_all(["th", "td"], recursive=False)
                )
                where = (pid, iid, group_type)
                if group_type == "national" and folded:
                    seen["folded"] += 1
                    assert name == f"Landelijk: alle {KIND_WORDS[provider['kind']]}" and tr.has_attr(
                        "data-same-kind"
                    ), where
                else:
                    assert name == label(group_type, group), where
                key = (iid, row["period"], group_type, group)
                b = tables["bench"].loc[key] if key in tables["bench"].index else None
                n = 0 if b is None else int(b["providers"])
                assert count == str(n), where
                if n < 3:
                    seen["small"] += 1
                    assert value == SMALL and middle == "" and not re.search(r"\d", position), where
                    continue
                want = group_text(b["value"], ind["unit"], ind["rate_per"])
                if own:
                    assert value == want, where
                else:
                    seen["fallback"] += 1
                    assert value == f"{want} waarde van de groep (zonder deze aanbieder)", where
                if ind["unit"] != "yesno":
                    lo, hi = (
                        shown_value(b["q1"], ind["unit"], ind["rate_per"]),
                        shown_value(b["q3"], ind["unit"], ind["rate_per"]),
                    )
                    assert middle == middle_text(lo, hi, ind["unit"], ind["rate_per"]), where
                if own and ind["unit"] != "yesno":
                    quarter = quartile(row["value"], b["q1"], b["median"], b["q3"])
                    words = position_words(quarter, ind["direction"])
                    assert position == words, where
                    seen["positions"].add(words)
                    assert tr.select_one("svg.zs-pos")["aria-hidden"] == "true"
                elif not own:
                    assert position == "geen eigen cijfer", where
    assert (
        seen["tbodies"] > 200
        and seen["groups"] > 500
        and seen["small"] > 20
        and seen["fallback"] > 20
        and seen["folded"] > 100
    )
    assert seen["one_line"] > 0
    assert set(RANKED.values()) <= seen["positions"]


def test_a_suppressed_result_shows_only_its_groups_values_without_itself(built, tables):
    """The fallback never shows a figure of the provider: its size group is not named, and every group value
    shown equals the one computed from the other providers' published results (it has at least 3)."""
    results, providers = tables["results"], tables["providers"]
    checked = 0
    for pid in pages(built):
        page = content(built, pid)
        for tbody in page.select('table.zs-groups-table tbody[data-own="too_few_cases"]'):
            iid = tbody["data-indicator"]
            row = tables["latest"].loc[(pid, iid)]
            assert row["status"] == "too_few_cases" and missing(row["value"]) and missing(row["denominator"])
            assert not tbody.select('tr[data-group="size"]') and not tbody.select(
                "svg circle"
            )  # no size group, no own dot
            ind = tables["indicators"].loc[iid]
            for tr in tbody.select("tr[data-group]"):
                group_type = tr["data-group"]
                members = results[
                    (results["indicator_id"] == iid)
                    & (results["period"] == row["period"])
                    & (results["status"] == "published")
                    & results["value"].notna()
                ]
                members = members.join(providers[["kind", "region"]], on="provider_id")
                if group_type != "national":
                    members = members[members[group_type] == providers.loc[pid, group_type]]
                assert pid not in set(members["provider_id"])
                cells = tr.find_all("td", recursive=False)
                assert text(cells[1]) == str(len(members)), (pid, iid, group_type)
                if len(members) < 3:
                    assert text(cells[0]) == SMALL and not re.search(r"\d", text(cells[2]))
                    continue
                if ind["unit"] in ("percentage", "proportion"):
                    pooled = (
                        members["numerator"].sum()
                        / members["denominator"].sum()
                        * (100 if ind["unit"] == "percentage" else 1)
                    )
                    assert text(cells[0]).startswith(shown_value(pooled, ind["unit"], None)), (
                        pid,
                        iid,
                        group_type,
                    )
                elif ind["unit"] == "median":
                    assert text(cells[0]).startswith(
                        shown_value(float(np.median(members["value"])), "median", None)
                    )
                assert "waarde van de groep (zonder deze aanbieder)" in text(cells[0])
                checked += 1
    assert checked > 20


# ---------------------------------------------------------------- nearby peers


def haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def key_indicators(indicators: pd.DataFrame, results: pd.DataFrame, kind: str) -> list[str]:
    own = indicators[
        (indicators["provider_kind"] == kind)
        & (indicators["unit"] != "text")
        & indicators.index.isin(set(results["indicator_id"]))
    ]
    chosen = own[own["in_choice_aid"].fillna(False).astype(bool)]
    chosen = chosen if len(chosen) else own.sort_index().head(3)
    return sorted(chosen.index, key=lambda i: (own.loc[i, "unit"] == "yesno", i))[:4]


def test_nearby_peers_are_the_five_nearest_of_the_same_kind_with_results(built, tables):
    results, providers, indicators, latest = (
        tables["results"],
        tables["providers"],
        tables["indicators"],
        tables["latest"],
    )
    with_page = set(pages(built))
    checked = 0
    for pid in pages(built):
        page = content(built, pid)
        section = page.select_one("section.zs-peers")
        me = providers.loc[pid]
        keys = key_indicators(indicators, results, me["kind"])
        if not (latest.index.get_level_values(0) == pid).any() or not keys:
            assert section is None, pid
            continue
        assert section is not None, pid
        table = section.select_one("table.zs-peers-table")
        same = providers[
            (providers["kind"] == me["kind"])
            & providers.index.isin(with_page)
            & providers["latitude"].notna()
            & (providers.index != pid)
        ]

        def has_result(other, keys=keys):
            for iid in keys:
                if (other, iid) in latest.index:
                    r = latest.loc[(other, iid)]
                    if r["status"] == "published" and (not missing(r["value"]) or r["text_value"]):
                        return True
            return False

        candidates = sorted(
            (
                (haversine(me["latitude"], me["longitude"], p["latitude"], p["longitude"]), other)
                for other, p in same.iterrows()
                if has_result(other)
            )
        )[:5]
        if not candidates:
            assert table is None
            continue
        headers = [text(th) for th in table.select("thead th")][2:]
        assert [re.sub(r" \(\d{4}(-Q\d|-\d\d)?\)$", "", h) for h in headers] == [
            indicators.loc[i, "title"] for i in keys
        ], pid
        rows = table.select("tbody tr")
        assert rows[0]["data-provider"] == pid and "deze aanbieder" in text(rows[0].th)
        assert [tr["data-provider"] for tr in rows[1:]] == [other for _, other in candidates], pid
        for tr, (km, other) in zip(rows[1:], candidates):
            cells = [text(td) for td in tr.find_all("td", recursive=False)]
            assert cells[0] == f"{dutch(km)} km", (pid, other)
            assert text(tr.th.a) == providers.loc[other, "name"]
            for cell, iid, header in zip(cells[1:], keys, headers):
                r = latest.loc[(other, iid)] if (other, iid) in latest.index else None
                if r is None:
                    assert cell == "geen resultaat"
                    continue
                ind = indicators.loc[iid]
                want = (
                    shown_value(r["value"], ind["unit"], ind["rate_per"], r["text_value"])
                    if r["status"] == "published"
                    else STATUS_SHORT[r["status"]]
                )
                if not header.endswith(f"({r['period']})"):
                    want += f" ({r['period']})"
                assert cell == want, (pid, other, iid)
        checked += 1
    assert checked > 40


# ---------------------------------------------------------------- freshness


def test_every_result_shows_its_dates_and_stale_results_are_marked(built, tables):
    indicators = tables["indicators"]
    states = {"current": 0, "stale": 0, "unknown": 0, "": 0}
    for pid in pages(built):
        page = content(built, pid)
        for table in page.select("table.zs-results"):
            for tr in table.select("tbody > tr:not(.zs-explanation)"):
                iid = re.search(r"indicatoren/([^/]+)/", tr.th.a["href"]).group(1)
                row = tables["latest"].loc[(pid, iid)]
                cell = tr.select_one("td.zs-fresh-cell")
                got = text(cell)
                where = (pid, iid)
                if row["status"] == "not_delivered":
                    assert got == "" and cell["data-fresh"] == "", where
                    states[""] += 1
                    continue
                approved = as_date(row["approval_date"])  # a date32 in the package's Parquet (None if empty)
                confirmed = as_date(row["confirmed_date"])
                basis = confirmed or approved
                parts = []
                if approved:
                    parts.append(f"goedgekeurd {approved:%d-%m-%Y}")
                if confirmed:
                    parts.append(f"bevestigd {confirmed:%d-%m-%Y}")
                months = int(indicators.loc[iid, "refresh_months"])
                if basis is None:
                    state = "unknown"
                    parts.append("datum onbekend")
                elif months_later(basis, months) < RELEASE_DAY:
                    state = "stale"
                    parts.append(f"! niet actueel (ouder dan {months} maanden)")
                else:
                    state = "current"
                assert cell["data-fresh"] == state and got == " ".join(parts), (where, got)
                states[state] += 1
    assert states["current"] > 100 and states["stale"] > 20 and states[""] > 5


def as_date(value) -> dt.date | None:
    """A package date (a date, or an ISO text) as a date; None when empty."""
    if value is None or value == "" or value != value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _state(row, months):
    frame = pd.DataFrame([{"status": "published", "approval_date": "", "confirmed_date": ""} | row])
    return mirror_data.fresh_states(frame, pd.Series([months]), RELEASE_DAY)[0]


def test_freshness_rule_at_its_edges():
    row = {"approval_date": "2025-11-01"}
    assert _state(row, 12) == "current"  # exactly 12 months: still current
    assert _state(row | {"approval_date": "2025-10-31"}, 12) == "stale"
    assert _state(row | {"approval_date": "2024-01-01", "confirmed_date": "2026-09-15"}, 3) == "current"
    assert _state(row | {"approval_date": "2026-10-01", "confirmed_date": "2026-07-15"}, 3) == "stale"
    assert _state(row | {"approval_date": ""}, 12) == "unknown"
    assert _state(row | {"approval_date": "not a date"}, 12) == "unknown"
    assert _state(row, None) == "dated"
    assert _state(row | {"status": "not_delivered"}, 12) == ""
    assert (
        _state({"approval_date": "2026-09-30"}, 1) == "stale"
        and _state({"approval_date": "2026-10-01"}, 1) == "current"
    )
    assert _state({"approval_date": "2026-09-30"}, 0) == "stale"
    # 31 January + 1 month is the last day of February
    assert (
        mirror_data.fresh_states(
            pd.DataFrame([{"status": "published", "approval_date": "2026-01-31", "confirmed_date": ""}]),
            pd.Series([1]),
            dt.date(2026, 3, 1),
        )[0]
        == "stale"
    )
    assert (
        mirror_data.fresh_states(
            pd.DataFrame([{"status": "published", "approval_date": "2026-01-31", "confirmed_date": ""}]),
            pd.Series([1]),
            dt.date(2026, 2, 28),
        )[0]
        == "current"
    )
    unknown = render_mirror.freshness({"fresh_state": "unknown", "approval_date": ""}, 12)
    assert unknown["state"] == "unknown" and unknown["approved"] == ""
    assert render_mirror.freshness({"fresh_state": ""}, 12) is None
    assert (
        mirror_data.release_day(RELEASE) == RELEASE_DAY
        and formatting.month_text(RELEASE_DAY) == "november 2026"
    )


# ---------------------------------------------------------------- the rules, as units


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=30), st.data())
def test_quartile_position_is_stats_position_quartile_on_the_group(values, data):
    value = data.draw(st.sampled_from(values) | st.floats(min_value=0, max_value=100, allow_nan=False))
    q1, med, q3 = stats.quartiles(values)
    assert int(stats.quartile_position(value, q1, med, q3)) == int(
        stats.position_quartile([value], values)[0]
    )


def test_groups_follow_the_disclosure_rule():
    bench = {
        ("X", "2025", "national", ""): {
            "providers": 40,
            "value": 70.0,
            "q1": 60.0,
            "median": 70.0,
            "q3": 80.0,
        },
        ("X", "2025", "kind", "ggz"): {"providers": 3, "value": 71.0, "q1": 61.0, "median": 71.0, "q3": 81.0},
        ("X", "2025", "region", "Noord"): {
            "providers": 2,
            "value": 50.0,
            "q1": 45.0,
            "median": 50.0,
            "q3": 55.0,
        },
        ("X", "2025", "size", "klein"): {
            "providers": 10,
            "value": 66.0,
            "q1": 60.0,
            "median": 66.0,
            "q3": 70.0,
        },
    }
    provider = {"kind": "ggz", "region": "Noord"}
    own = {
        "indicator_id": "X",
        "period": "2025",
        "status": "published",
        "value": 85.0,
        "unit": "percentage",
        "rate_per": None,
        "size_group": "klein",
        "position_national": 4,
        "position_kind": 4,
        "position_region": 4,
        "position_size": 4,
    }
    out = render_mirror.groups_for(own, provider, bench)
    assert out["groups"][0]["label"] == "Landelijk (alle aanbieders)"
    assert [(g["type"], g["shown"], g["position"]) for g in out["groups"]] == [
        ("national", True, 4),
        ("kind", True, 4),
        ("region", False, 0),
        ("size", True, 4),
    ]
    region = out["groups"][2]
    assert (
        region["value"] is None
        and region["value_text"] == ""
        and region["range_text"] == ""
        and region["providers"] == 2
    )
    suppressed = own | {"status": "too_few_cases", "value": None, "size_group": ""}
    out = render_mirror.groups_for(suppressed, provider, bench)
    assert not out["own"] and [g["type"] for g in out["groups"]] == ["national", "kind", "region"]
    assert all(g["position"] == 0 for g in out["groups"]) and out["groups"][1]["value_text"] == "71,0%"
    assert render_mirror.groups_for(own | {"status": "not_delivered", "value": None}, provider, bench) is None
    whole = bench | {("X", "2025", "kind", "ggz"): bench[("X", "2025", "national", "")]}
    out = render_mirror.groups_for(own, provider, whole)
    assert [g["type"] for g in out["groups"]] == ["national", "region", "size"] and out["groups"][0][
        "label"
    ] == "Landelijk: alle ggz-aanbieders"
    assert out["groups"][0]["bar"]["own"] is not None and out["groups"][1]["bar"] is None
    assert render_mirror.groups_for(own | {"unit": "text"}, provider, bench) is None


def test_nearest_orders_by_distance_then_id_and_skips_itself():
    frame = pd.DataFrame(
        {
            "provider_id": ["b", "a", "c", "d", "e"],
            "latitude": [52.0, 52.0, 52.0, 52.0, 52.0],
            "longitude": [5.0, 5.1, 4.9, 5.3, 5.0],
        }
    )
    near = geo.nearest(frame, frame, k=3)
    assert [p for p, _ in near["b"]] == [
        "e",
        "a",
        "c",
    ]  # e is at the same spot; a and c are equally far, a first
    assert near["e"][0] == ("b", 0.0)
    assert near["a"][0][1] == pytest.approx(haversine(52.0, 5.1, 52.0, 5.0))
    assert geo.nearest(frame, frame.iloc[:0], k=3) == {}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nearest_equals_every_distance_compared(seed):
    """The k-d tree finds what comparing every provider with every candidate finds: the same ids in the
    same order, ties (providers at one postcode's centroid) by id, and the same distances."""
    rng = np.random.default_rng(seed)
    spots = np.column_stack((rng.uniform(50.8, 53.5, 40), rng.uniform(3.4, 7.2, 40)))
    where = spots[rng.integers(0, 40, 300)]  # many providers share a spot
    frame = pd.DataFrame(
        {
            "provider_id": [f"p{i:03d}" for i in rng.permutation(300)],
            "latitude": where[:, 0],
            "longitude": where[:, 1],
        }
    )
    candidates = frame.sample(120, random_state=seed)
    got = geo.nearest(frame, candidates, k=8)
    for pid, lat, lon in frame[["provider_id", "latitude", "longitude"]].itertuples(index=False):
        every = [(geo.haversine_km(lat, lon, la, lo), c) for c, la, lo in candidates.to_numpy() if c != pid]
        expected = [(c, float(d)) for d, c in sorted(every)[:8]]
        assert got[pid] == expected, pid


# ---------------------------------------------------------------- the report around it


def test_the_provider_page_carries_the_report_parts_and_stays_small(built):
    sizes = []
    for pid in pages(built):
        raw = (built.site / "aanbieders" / pid / "index.html").read_bytes()
        sizes.append(len(gzip.compress(raw, 9)))
        soup = BeautifulSoup(raw.decode("utf-8"), "html.parser")
        page = soup.select_one("article .zs-page")
        if not page.select("table.zs-results"):
            continue
        button = page.select_one("button[data-zs-print]")
        assert (
            button is not None
            and button.has_attr("hidden")
            and button["type"] == "button"
            and not button.has_attr("onclick")
        )
        head = text(page.select_one(".zs-print-only.zs-print-head"))
        assert f"release {RELEASE} (november 2026)" in head and "fictieve demonstratiegegevens" in head
        assert text(page.select_one("#uitleg")) == "Zo leest u deze cijfers"
        assert soup.select_one('link[href$="assets/stylesheets/print.css"]') is not None
        assert soup.select_one('script[src$="assets/javascripts/print.js"]') is not None
    assert max(sizes) < 50_000, max(sizes)


def test_the_downloads_page_offers_the_workbooks(built):
    soup = BeautifulSoup((built.site / "downloads" / "index.html").read_text("utf-8"), "html.parser")
    for section in soup.select("section.zs-package"):
        folder = section["id"]
        link = section.find("a", string="Excel-werkmap")
        assert link is not None and link["href"].endswith(f"data/{RELEASE}/{folder}/{folder}.xlsx"), folder
        row = next(tr for tr in section.select("tbody tr") if tr.th.a["href"].endswith(".xlsx"))
        assert [text(td) for td in row.find_all("td")][0] == "XLSX"
