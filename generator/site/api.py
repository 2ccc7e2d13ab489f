"""The static API's starting point: api/index.json lists every provider, indicator, set and release with
the addresses of their pages, JSON and downloads, so a client needs to know only one URL.

Addresses are relative to the site's root (the folder that holds api/). Every endpoint has a JSON Schema
(generator/schemas/api/, published under api/schemas/); tests validate the built files against them.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from generator.compute.public import PublicRelease
from generator.core import units
from generator.core.ids import id_path
from generator.site.page import dumps, records

SCHEMAS = ("index", "provider", "indicator", "region")


def index_json(data: PublicRelease, releases: list[dict]) -> str:
    """api/index.json: the release, its providers, indicators and sets, and every published release."""
    providers = [
        {
            "id": str(p["provider_id"]),
            "name": str(p["name"]),
            "kind": str(p["kind"]),
            "city": str(p.get("city") or ""),
            "page": f"aanbieders/{pid}/",
            "json": f"api/providers/{pid}.json",
            "csv": f"api/providers/{pid}.csv",
        }
        for p in data.providers.sort_values("provider_id").to_dict("records")
        if (pid := id_path(p["provider_id"]))
    ]
    indicators = [
        {
            "id": str(i["indicator_id"]),
            "title": str(i["title"]),
            "set_id": str(i["set_id"]),
            "unit": str(i["unit"]),
            "page": f"indicatoren/{iid}/",
            "json": f"api/indicators/{iid}.json",
        }
        for i in data.indicators.sort_values("indicator_id").to_dict("records")
        if (iid := id_path(i["indicator_id"]))
    ]
    sets = [
        {
            "id": str(set_id),
            "page": f"indicatorsets/{id_path(set_id)}/",
            "title": str(part["set_title"].iloc[0] or set_id),
            "indicators": sorted(part["indicator_id"]),
        }
        for set_id, part in data.indicators.groupby("set_id", sort=True)
    ]
    published = [
        {
            "release": r["release"],
            "packages": [
                {
                    "name": p["folder"],
                    "title": p["title"],
                    "datapackage": f"{p['base_url']}datapackage.json",
                    "zip": p["zip_url"],
                }
                for p in r["packages"]
            ],
        }
        | ({"catalog": r["catalog"]} if r.get("catalog") else {})
        for r in releases
    ]
    return dumps(
        {
            "release": data.release,
            "title": data.publication.title,
            "licence": data.publication.licence,
            "site_url": data.publication.site_url,
            "data_url": data.publication.data_url,
            "schemas": {name: f"api/schemas/{name}.schema.json" for name in SCHEMAS},
            "providers": providers,
            "indicators": indicators,
            "sets": sets,
            "releases": published,
        }
    )


def schema_files() -> dict[str, str]:
    """The JSON Schemas of the endpoints, as published under api/schemas/."""
    folder = resources.files("generator").joinpath("schemas", "api")
    return {
        f"api/schemas/{name}.schema.json": folder.joinpath(f"{name}.schema.json").read_text("utf-8")
        for name in SCHEMAS
    }


def plot_values(ind: dict, rows: pd.DataFrame) -> pd.Series:
    """Where a funnel plot draws each result: the counts' own share (numerator / denominator, or observed /
    expected for a ratio) in the unit, since that is what the verdict tests; a delivered value rounded to
    one decimal could otherwise sit on the other side of a line. Other charts draw the value."""
    if ind.get("comparison_method") != "funnel":
        return rows["value"]
    size = rows["expected"] if ind.get("value_basis") == "ratio" else rows["denominator"]
    exact = rows["numerator"] / size * units.scale(ind["unit"], ind.get("rate_per"))
    return exact.where(exact.notna() & (rows["status"] == "published"), rows["value"])


def indicator_json(
    ind: dict,
    latest: pd.DataFrame,
    national: pd.DataFrame,
    funnel: pd.DataFrame,
    release: str,
    regions: list[dict] | None = None,
) -> str:
    """The machine-readable results of one indicator: latest period per provider, national trend, funnel
    limits, the province values of its map (site/regions.py region_records)."""
    period = latest["period"].max() if len(latest) else ""
    meta = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in ind.items()}
    columns = [
        "provider_id",
        "name",
        "city",
        "period",
        "status",
        "value",
        "plot_value",
        "ci_low",
        "ci_high",
        "ci_level",
        "numerator",
        "denominator",
        "expected",
        "deviation",
        "comparison",
        "comparison_label",
        "publisher_comparison",
        "funnel_low_95",
        "funnel_high_95",
        "funnel_low_998",
        "funnel_high_998",
    ]
    grid = records(funnel, ["denominator", "low_95", "high_95", "low_998", "high_998"])
    latest = latest.assign(plot_value=plot_values(ind, latest))
    return dumps(
        {
            "release": release,
            "indicator": meta,
            "period": period,
            "results": records(latest, columns),
            "national": records(
                national, ["period", "statistic", "value", "q1", "median", "q3", "providers"]
            ),
            "funnel": grid,
            "regions": regions or [],
        }
    )
