"""Map specs: a choropleth of the province values (indicator pages) and the providers as dots (region pages).

Self-hosted, no tile server: the boundaries are CBS's provinces of 2025 in site_src/assets/geo/ (4.7 kB
gzipped), which the page names as a dataset with `"geo"`; charts.js reads the TopoJSON with Vega's own
reader into GeoJSON features, so a spec names its data only, as the other charts do (site/charts.py). The
figures travel in the page's JSON (`regions` of api/indicators/<id>.json, api/regions/<page>.json), and
every map has the same figures as a table beside it and "© CBS" under it (templates/site/_macros.html.j2).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import altair as alt

from generator.site.charts import OKABE_ITO, _finish, _tip
from generator.site.labels import N_, Labelled, _

GEO_FILE = "assets/geo/provincie_2025.topojson"
SITE_SRC = Path(__file__).resolve().parents[2] / "site_src"
GEO_FEATURE = "provincie_2025"
MAP_TYPES = ("map-values", "map-dots")
AREA_NAME = "properties.statnaam"
MAP_NOTES = Labelled(
    {
        "map-values": "Hoe donkerder de provincie, hoe hoger de waarde van haar gepubliceerde resultaten. "
        "Een grijze provincie heeft te weinig aanbieders of cliënten voor een waarde.",
        "map-dots": "Elke stip is een aanbieder op zijn adres; de grijze vlakken zijn de provincies.",
    }
)


def _areas() -> alt.Chart:
    """The provinces as grey shapes, the background of both maps."""
    return (
        alt.Chart(alt.NamedData("areas"))
        .mark_geoshape(fill="#595959", fillOpacity=0.12, stroke="#595959", strokeWidth=0.7)
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
    """The providers (`points`: lat, lon, name, city) as dots on the provinces (`areas`) they lie in."""
    dots = (
        alt.Chart(alt.NamedData("points"))
        .mark_circle(size=60, opacity=0.9, color=OKABE_ITO["blue"], stroke="#595959", strokeWidth=0.5)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            tooltip=[_tip("name", N_("Aanbieder"), "N"), _tip("city", N_("Plaats"), "N")],
        )
    )
    return _map(alt.layer(_areas(), dots), N_("Kaart: de aanbieders van deze regio."))


def map_specs() -> dict[str, dict]:
    """The Vega-Lite spec of every map type, keyed by type (file name: ``<type>.vl.json``)."""
    return {"map-values": values_spec(), "map-dots": dots_spec()}


@cache
def mapped_areas() -> frozenset[str]:
    """The names (CBS statnaam) of the areas the boundaries file holds."""
    topology = json.loads((SITE_SRC / GEO_FILE).read_text("utf-8"))
    return frozenset(g["properties"]["statnaam"] for g in topology["objects"][GEO_FEATURE]["geometries"])


def on_the_map(names) -> list[str]:
    """The names that are areas of the map, sorted: a publication whose provinces are not Dutch (another
    country's states) gets no map of the Netherlands, only its tables."""
    return sorted(set(names) & mapped_areas())
