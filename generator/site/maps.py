"""Map specs: a choropleth of the province values (indicator pages), the providers as dots (region pages)
and the providers a visitor of the choice aid is looking at (map-choice, framed on them by choice.js).

Self-hosted, no tile server: the boundaries are CBS's provinces of 2025 in site_src/assets/geo/ (4.7 kB
gzipped), which the page names as a dataset with `"geo"`; charts.js reads the TopoJSON with Vega's own
reader into GeoJSON features, so a spec names its data only, as the other charts do (site/charts.py). The
figures travel in the page's JSON (`regions` of api/indicators/<id>.json, api/regions/<page>.json), and
every map has the same figures as a table beside it and "© CBS" under it (templates/site/_macros.html.j2).
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path

import altair as alt

from generator.site.charts import OKABE_ITO, _finish, _tip
from generator.site.labels import N_, Labelled, _

GEO_FILE = "assets/geo/provincie_2025.topojson"
SITE_SRC = Path(__file__).resolve().parents[2] / "site_src"
GEO_FEATURE = "provincie_2025"
MAP_TYPES = ("map-values", "map-dots", "map-choice")
AREA_NAME = "properties.statnaam"
MAP_NOTES = Labelled(
    {
        "map-values": "Hoe donkerder de provincie, hoe hoger de waarde van haar gepubliceerde resultaten. "
        "Een grijze provincie heeft te weinig aanbieders of cliënten voor een waarde.",
        "map-dots": "Elke stip is een aanbieder op zijn adres; het grijze vlak is de regio, met haar grens.",
        "map-choice": "Elke blauwe stip is een aanbieder uit de lijst op zijn adres, een oranje stip een "
        "aanbieder die u koos; het kruisje is het punt waarvandaan wij de afstand meten.",
    }
)


def _areas(clip: bool = False) -> alt.Chart:
    """The provinces as grey shapes, the background of every map (`clip`: cut off at the map's edge)."""
    return (
        alt.Chart(alt.NamedData("areas"))
        .mark_geoshape(fill="#595959", fillOpacity=0.12, stroke="#595959", strokeWidth=0.7, clip=clip)
        .encode(tooltip=[alt.Tooltip(f"{AREA_NAME}:N", title=_("Provincie"))])
    )


def _map(chart, description: str) -> dict:
    """A map's spec: the site's common finish, a Mercator projection fitted to the shapes."""
    spec = _finish(chart.project(type="mercator"), description, 420)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def values_spec() -> dict:
    """Choropleth: each province coloured by its value (the `regions` dataset, joined on the name); a
    province without a shown value stays grey."""
    shaded = (
        alt.Chart(alt.NamedData("areas"))
        .transform_lookup(
            lookup=AREA_NAME,
            from_=alt.LookupData(
                alt.NamedData("regions"), key="area", fields=["value", "label", "providers"]
            ),
        )
        .transform_filter("isValid(datum.value)")
        .mark_geoshape(stroke="#595959", strokeWidth=0.7)
        .encode(
            color=alt.Color(
                "value:Q",
                title=_("Waarde"),
                scale=alt.Scale(scheme="blues", zero=False, nice=False),
                legend=alt.Legend(orient="top", direction="horizontal", gradientLength=180, format=".1f"),
            ),
            tooltip=[
                alt.Tooltip(f"{AREA_NAME}:N", title=_("Provincie")),
                _tip("label", N_("Waarde"), "N"),
                alt.Tooltip("providers:Q", title=_("Aantal aanbieders"), format=",d"),
            ],
        )
    )
    return _map(alt.layer(_areas(), shaded), N_("Kaart: waarde per provincie."))


def dots_spec() -> dict:
    """The providers (`points`: lat, lon, name, city) as dots on the provinces (`areas`) they lie in, drawn
    as one region: the provinces without their own borders, and the region's outer border (`outline`)."""
    dots = (
        alt.Chart(alt.NamedData("points"))
        .mark_circle(size=60, opacity=0.9, color=OKABE_ITO["blue"], stroke="#595959", strokeWidth=0.5)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            tooltip=[_tip("name", N_("Aanbieder"), "N"), _tip("city", N_("Plaats"), "N")],
        )
    )
    areas = alt.Chart(alt.NamedData("areas")).mark_geoshape(fill="#595959", fillOpacity=0.12, strokeWidth=0)
    border = alt.Chart(alt.NamedData("outline")).mark_geoshape(filled=False, stroke="#595959", strokeWidth=1)
    return _map(alt.layer(areas, border, dots), N_("Kaart: de aanbieders van deze regio."))


#: The choice map's frame (params set by choice.js): the centre, and the width and height of the area to
#: show in Mercator units (radians of longitude; the difference of ln tan(pi/4 + lat/2)). The defaults frame
#: the Netherlands (3.3-7.3 E, 50.7-53.6 N).
FRAME = {"frame_lon": 5.3, "frame_lat": 52.174, "frame_dx": 0.0698, "frame_dy": 0.0825}
#: The choice map's groups of points (the `group` field of choice.js's rows), in legend order.
CHOICE_GROUPS = Labelled({"found": "in de lijst", "picked": "door u gekozen", "origin": "vanaf hier gemeten"})


def choice_spec() -> dict:
    """The choice aid's map: the providers in its list (`points`: lat, lon, name, city, distance, group)
    on the provinces (`areas`), the chosen ones in orange and the point distances are measured from as a
    cross. No fit to the data: the projection centres on the frame choice.js sets (FRAME), so the map shows
    the neighbourhood, not the whole country, and the provinces are cut off at its edge."""
    groups = list(CHOICE_GROUPS)
    words = [json.dumps(CHOICE_GROUPS[g], ensure_ascii=False) for g in groups]
    names = "".join(f"datum.label === {json.dumps(g)} ? {w} : " for g, w in zip(groups[:-1], words))
    legend = alt.Legend(
        title=None,
        orient="top",
        direction="horizontal",
        columns=alt.ExprRef("width < 420 ? 2 : 3"),
        labelExpr=names + words[-1],
    )
    dots = (
        alt.Chart(alt.NamedData("points"))
        .mark_point(filled=True, opacity=1, stroke="#000000", strokeWidth=0.8)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color(
                "group:N",
                legend=legend,
                scale=alt.Scale(
                    domain=groups, range=[OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["black"]]
                ),
            ),
            shape=alt.Shape(
                "group:N", legend=legend, scale=alt.Scale(domain=groups, range=["circle", "circle", "cross"])
            ),
            size=alt.Size("group:N", legend=None, scale=alt.Scale(domain=groups, range=[70, 190, 150])),
            order=alt.Order("order:Q"),
            tooltip=[
                _tip("name", N_("Aanbieder"), "N"),
                _tip("city", N_("Plaats"), "N"),
                _tip("distance", N_("Afstand"), "N"),
            ],
        )
    )
    spec = _map(alt.layer(_areas(clip=True), dots), N_("Kaart: de aanbieders uit de lijst."))
    spec["height"] = 320
    spec["params"] = [{"name": name, "value": value} for name, value in FRAME.items()]
    spec["projection"] = {
        "type": "mercator",
        "center": {"expr": "[frame_lon, frame_lat]"},
        "scale": {"expr": "min(width / frame_dx, height / frame_dy)"},
    }
    return spec


def map_specs() -> dict[str, dict]:
    """The Vega-Lite spec of every map type, keyed by type (file name: ``<type>.vl.json``)."""
    return {"map-values": values_spec(), "map-dots": dots_spec(), "map-choice": choice_spec()}


@cache
def _topology() -> dict:
    """The boundaries file (TopoJSON: the shapes share their borders as arcs)."""
    return json.loads((SITE_SRC / GEO_FILE).read_text("utf-8"))


@cache
def mapped_areas() -> frozenset[str]:
    """The names (CBS statnaam) of the areas the boundaries file holds."""
    return frozenset(g["properties"]["statnaam"] for g in _topology()["objects"][GEO_FEATURE]["geometries"])


def _arc(index: int) -> list[list[float]]:
    """One arc of the boundaries in degrees (TopoJSON's quantised, delta-encoded points), 4 decimals."""
    topology = _topology()
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in topology["arcs"][index]:
        x, y = x + dx, y + dy
        points.append([round(x * sx + tx, 4), round(y * sy + ty, 4)])
    return points


def outline(names) -> dict:
    """The outer border of the named areas as one GeoJSON feature: the arcs that only one of their shapes
    uses (an arc two of them share is a border inside the region). A care region made of provinces is
    drawn as one region this way, without new geometry code or a new dependency."""
    uses: Counter = Counter()
    wanted = set(names)
    for shape in _topology()["objects"][GEO_FEATURE]["geometries"]:
        if shape["properties"]["statnaam"] in wanted:
            polygons = shape["arcs"] if shape["type"] == "MultiPolygon" else [shape["arcs"]]
            uses.update(a if a >= 0 else ~a for polygon in polygons for ring in polygon for a in ring)
    lines = [_arc(a) for a in sorted(uses) if uses[a] == 1]
    return {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "MultiLineString", "coordinates": lines},
    }


def on_the_map(names) -> list[str]:
    """The names that are areas of the map, sorted: a publication whose provinces are not Dutch (another
    country's states) gets no map of the Netherlands, only its tables."""
    return sorted(set(names) & mapped_areas())
