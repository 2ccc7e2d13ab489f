"""The maps of the built demo site (issue 17.3): a choropleth of the province values on every indicator page,
the providers as dots on every region page, each with its figures as a table and "© CBS"."""

import json
import math
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from sitebuild import demo_build
from test_charts import walk

from generator.compute.regions import MIN_PROVIDERS
from generator.core.units import scales
from generator.site import maps
from generator.site.charts import OKABE_ITO

GEO = "assets/geo/provincie_2025.topojson"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return demo_build(tmp_path_factory)


def soup(built, rel: str) -> BeautifulSoup:
    return BeautifulSoup((built.site / rel).read_text("utf-8"), "html.parser")


def api(built, rel: str) -> dict:
    return json.loads((built.site / rel).read_text("utf-8"))


def test_the_boundaries_are_served_by_the_site_itself_and_small(built):
    topo = json.loads((built.site / GEO).read_text("utf-8"))
    names = {g["properties"]["statnaam"] for g in topo["objects"]["provincie_2025"]["geometries"]}
    assert len(names) == 12 and "Fryslân" in names
    assert (built.site / GEO).stat().st_size < 16_000


def test_every_map_names_cbs_and_has_its_figures_as_a_table(built):
    maps = 0
    for path in sorted(built.site.rglob("*.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for figure in page.select("figure.zs-map"):
            maps += 1
            assert "© CBS" in figure.get_text(), path
            # the same figures in words: a table, or the choice aid's list of the providers it shows
            table = page.find(id=figure.get("data-table") or figure["data-list"])
            assert table is not None and table.name == ("table" if figure.get("data-table") else "ol"), path
            for url in json.loads(figure.get("data-datasets", "{}")).values():
                assert "://" not in json.dumps(url), path  # nothing from another host, no tile server
            assert all("://" not in figure.get(a, "") for a in ("data-spec", "data-geo")), path
    assert maps > 20


def test_indicator_pages_map_the_province_values_of_published_results_only(built):
    results, providers = built.results, built.providers.set_index("provider_id")
    checked = 0
    for iid in sorted(set(results.loc[results["status"] == "published", "indicator_id"])):
        page = soup(built, f"indicatoren/{iid}/index.html")
        figure = page.select_one("figure.zs-map")
        if figure is None:  # text indicators have no figure to map
            assert built.indicators.set_index("indicator_id").loc[iid, "unit"] == "text"
            continue
        assert figure["data-spec"].endswith("assets/charts/map-values.vl.json")
        regions = api(built, f"api/indicators/{iid}.json")["regions"]
        rows = page.find(id=figure["data-table"]).select("tbody tr")
        assert len(rows) == len(regions) and regions
        mine = results[(results["indicator_id"] == iid) & (results["period"] == regions[0]["period"])]
        published = mine[(mine["status"] == "published") & mine["value"].notna()]
        for region, row in zip(regions, rows):
            assert row.th.get_text(strip=True) == region["area"]
            members = published[published["provider_id"].map(providers["province"]) == region["area"]]
            assert region["providers"] == len(members)
            if len(members) < MIN_PROVIDERS:
                assert region["value"] is None and "aanbieders" in row.get_text()
            if region["value"] is not None and region["statistic"] == "pooled":
                expected = members["numerator"].sum() / members["denominator"].sum()
                meta = built.indicators.set_index("indicator_id").loc[iid]
                scale = float(scales(pd.Series([meta["unit"]]), pd.Series([meta["rate_per"]]))[0])
                assert region["value"] == pytest.approx(expected * scale, abs=1e-6)
                checked += 1
    assert checked > 0


def test_region_pages_show_their_providers_on_a_map_and_their_values_beside_the_national_ones(built):
    results = built.results
    comparison = {
        (r.provider_id, r.indicator_id, r.period): r.comparison for r in results.itertuples() if r.comparison
    }
    pages = sorted((built.site / "regio").glob("*/index.html"))
    assert pages
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        figure = page.select_one("figure.zs-map")
        assert figure is not None and figure["data-spec"].endswith("assets/charts/map-dots.vl.json"), path
        source = api(built, f"api/regions/{path.parent.name}.json")
        assert all(np.isfinite(p["lat"]) and np.isfinite(p["lon"]) for p in source["providers"])
        listed = page.find(id=figure["data-table"])
        links = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in listed.select("tbody a")}
        assert {p["id"] for p in source["providers"]} <= links
        # each key result shows the published verdict of its row, never another
        for cell in page.select("td[data-result]"):
            pid, iid, period = cell["data-result"].split("|")
            verdict = comparison.get((pid, iid, period), "")
            marker = cell.select_one(".zs-cmp")
            assert (marker["class"][1] if marker else "") == (f"zs-cmp--{verdict}" if verdict else ""), path
        values = page.select_one("table#region-values")
        assert values is not None and "Landelijk" in values.get_text(), path


@pytest.mark.parametrize("kind", maps.MAP_TYPES)
def test_map_specs_validate_name_their_data_only_and_use_the_site_colours(kind):
    spec = maps.map_specs()[kind]
    alt.LayerChart.from_dict(spec, validate=True)
    names = set()
    for path, key, value in walk(spec):
        assert key not in ("values", "url", "datasets"), (kind, path, key)  # no data, no tile server
        if key == "data":
            names.add(value["name"])
        if isinstance(value, str) and value.startswith("#") and key in ("color", "fill", "stroke"):
            assert "config" in path or value.lower() in {c.lower() for c in OKABE_ITO.values()} | {"#595959"}
    assert names == {"map-values": {"areas", "regions"}, "map-dots": {"areas", "outline", "points"}}.get(
        kind, {"areas", "points"}
    )
    if kind == "map-choice":  # framed by choice.js on the listed providers, not fitted to the country
        assert spec["projection"]["type"] == "mercator"
        assert {p["name"]: p["value"] for p in spec["params"]} == maps.FRAME
        assert set(re.findall(r"frame_\w+", json.dumps(spec["projection"]))) == set(maps.FRAME)
    else:
        assert spec["projection"] == {"type": "mercator"}


def test_the_choice_maps_groups_are_the_scripts_and_its_default_frame_is_the_netherlands():
    spec = maps.choice_spec()
    dots = spec["layer"][1]["encoding"]
    assert dots["color"]["scale"]["domain"] == dots["shape"]["scale"]["domain"] == list(maps.CHOICE_GROUPS)
    script = (maps.SITE_SRC / "assets" / "javascripts" / "choice.js").read_text("utf-8")
    assert all(f"'{group}'" in script or f"{group}:" in script for group in maps.CHOICE_GROUPS)
    assert spec["layer"][0]["mark"]["clip"] is True  # provinces are cut off at the edge of the frame
    # the default frame (centre, Mercator width and height) covers the Netherlands: 3.3-7.3 E, 50.7-53.6 N
    f = maps.FRAME
    y = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    assert (
        f["frame_lon"] - math.degrees(f["frame_dx"]) / 2 <= 3.4
        and f["frame_lon"] + math.degrees(f["frame_dx"]) / 2 >= 7.2
    )
    assert y(f["frame_lat"]) - f["frame_dy"] / 2 <= y(50.75) and y(f["frame_lat"]) + f["frame_dy"] / 2 >= y(
        53.55
    )


def test_only_areas_of_the_boundaries_are_mapped():
    assert maps.on_the_map(["Utrecht", "California", "Fryslân", ""]) == ["Fryslân", "Utrecht"]
    assert len(maps.mapped_areas()) == 12


def test_a_care_region_is_drawn_as_one_region_with_its_outer_border(built):
    topology = json.loads((maps.SITE_SRC / maps.GEO_FILE).read_text("utf-8"))
    shapes = {g["properties"]["statnaam"]: g for g in topology["objects"][maps.GEO_FEATURE]["geometries"]}
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]

    def arcs(name):
        g = shapes[name]
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        return [a if a >= 0 else ~a for polygon in polygons for ring in polygon for a in ring]

    def line(arc):  # TopoJSON: quantised, each point the sum of the deltas before it
        xs, ys = (
            np.cumsum([d[0] for d in topology["arcs"][arc]]),
            np.cumsum([d[1] for d in topology["arcs"][arc]]),
        )
        return tuple((round(x * sx + tx, 4), round(y * sy + ty, 4)) for x, y in zip(xs, ys))

    spec = maps.dots_spec()
    assert spec["layer"][0]["mark"]["strokeWidth"] == 0  # the provinces without their own borders
    assert spec["layer"][1]["mark"]["filled"] is False  # and the region's outer border drawn over them
    merged = 0
    for path in sorted((built.site / "regio").glob("*/index.html")):
        figure = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("figure.zs-map")
        datasets = json.loads(figure["data-datasets"])
        assert datasets["outline"] == {"key": "outline"}, path
        provinces = datasets["areas"]["filter"]["statnaam"]
        outline = api(built, f"api/regions/{path.parent.name}.json")["outline"]
        uses = [a for name in provinces for a in arcs(name)]
        outer = {line(a) for a in set(uses) if uses.count(a) == 1}  # a border between two of them: inside
        drawn = [tuple(map(tuple, points)) for points in outline["geometry"]["coordinates"]]
        assert sorted(drawn) == sorted(outer), path
        merged += len(provinces) > 1
    assert merged, "the demo has care regions of more than one province"
