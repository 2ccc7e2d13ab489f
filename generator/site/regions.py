"""Region pages (a province, a care region) and the region figures of the indicator pages' maps.

A region page shows the region's value of each indicator beside the national one (compute/regions.py: from
published results only, none where too few providers or cases), its providers as dots on a map of its
provinces with the same list as a table, and per kind of provider their key results (compute/mirror.py's
key indicators) with each result's own published verdict, the results' `comparison`, never another.
"""

from __future__ import annotations

import pandas as pd

from generator.compute.public import PublicRelease
from generator.site import formatting, maps
from generator.site.labels import Labelled, _
from generator.site.page import dumps, page, records

#: Why a region shows no value (compute/regions.py's reasons).
REGION_REASONS = Labelled(
    {
        "too_few_providers": "Te weinig aanbieders voor een regiocijfer",
        "too_few_cases": "Te weinig cliënten of patiënten voor een regiocijfer",
    }
)
#: The kind of region (compute/regions.py area_type) of each kind of region page.
AREA_TYPES = {"provincie": "province", "zorgregio": "region"}
KEY_COLUMNS = ["provider_id", "indicator_id", "period", "status", "value", "text_value", "comparison"]


def value_label(value, unit: str, rate_per=None, unit_label: str = "") -> str:
    """A region or national value as the site writes it: yes/no as the share answering yes."""
    if unit == "yesno":
        return formatting.share_yes(value)
    return formatting.formatted(value, unit, rate_per, "", unit_label)


def region_records(regions: pd.DataFrame, ind: dict, area_type: str = "province") -> list[dict]:
    """One indicator's values of one kind of region, by name, with the value as the site writes it (`label`)
    or why there is none (`reason`): the `regions` of api/indicators/<id>.json and the map's table."""
    mine = regions[(regions["indicator_id"] == ind["indicator_id"]) & (regions["area_type"] == area_type)]
    mine = mine.sort_values("area")
    columns = ["area", "period", "statistic", "providers", "value", "numerator", "denominator"]
    rows = records(mine, columns)
    for row, r in zip(rows, mine.to_dict("records")):
        row["label"] = (
            value_label(r["value"], ind["unit"], ind.get("rate_per"), ind.get("unit_label"))
            if r["shown"]
            else ""
        )
        row["reason"] = REGION_REASONS[r["reason"]] if r["reason"] else ""
    return rows


def map_summary(title: str, rows: list[dict]) -> str:
    """One sentence that says what an indicator's map shows (its figure's label)."""
    shown = [r for r in rows if r["label"]]
    if not shown:
        return _(
            "{title}: geen enkele provincie heeft genoeg aanbieders en cliënten voor een waarde.", title=title
        )
    low, high = min(shown, key=lambda r: r["value"]), max(shown, key=lambda r: r["value"])
    if len(shown) == 1:
        return _(
            "{title} in {period}: alleen {area} heeft genoeg aanbieders en cliënten voor een "
            "waarde: {value}.",
            title=title,
            period=low["period"],
            area=low["area"],
            value=low["label"],
        )
    return _(
        "{title} per provincie in {period}: {count} provincies hebben een waarde, van {low} in {low_area} "
        "tot {high} in {high_area}.",
        title=title,
        period=shown[0]["period"],
        count=len(shown),
        low=low["label"],
        low_area=low["area"],
        high=high["label"],
        high_area=high["area"],
    )


def map_datasets(root: str, provinces: list[str] | None, points: dict) -> dict:
    """The datasets attribute of a map: the provinces (all, or those named) and the page's figures."""
    areas = {"geo": root + maps.GEO_FILE, "feature": maps.GEO_FEATURE}
    if provinces is not None:
        areas["filter"] = {"statnaam": provinces}
    return {"areas": areas, **points}


def _values(data: PublicRelease, area_type: str, name: str) -> list[dict]:
    """The region's value of each indicator beside the national value of the same period."""
    mine = data.regions[(data.regions["area_type"] == area_type) & (data.regions["area"] == name)]
    national = data.benchmarks[data.benchmarks["group_type"] == "national"].set_index(
        ["indicator_id", "period"]
    )
    catalogue = data.indicators.set_index("indicator_id", drop=False)
    out = []
    for r in mine.to_dict("records"):
        ind = catalogue.loc[r["indicator_id"]].to_dict()
        key = (r["indicator_id"], r["period"])
        nat = national["value"].get(key, float("nan"))
        out.append(
            ind
            | r
            | {
                "label": value_label(r["value"], ind["unit"], ind.get("rate_per"), ind.get("unit_label"))
                if r["shown"]
                else "",
                "reason_text": REGION_REASONS[r["reason"]] if r["reason"] else "",
                "national_label": value_label(nat, ind["unit"], ind.get("rate_per"), ind.get("unit_label")),
            }
        )
    return sorted(out, key=lambda v: (str(v["set_title"]), str(v["title"]), v["indicator_id"]))


def _kind_tables(data: PublicRelease, members: pd.DataFrame, keyed: dict[tuple, dict]) -> list[dict]:
    """Per kind of provider its providers with their key results (None where a provider has none)."""
    groups = []
    for kind, part in members.groupby("kind", sort=True):
        keys = data.mirror.keys.get(kind, []) if data.mirror is not None else []
        rows = []
        for p in part.sort_values(["name", "provider_id"]).to_dict("records"):
            results = [keyed.get((p["provider_id"], k["indicator_id"])) for k in keys]
            rows.append(p | {"results": [r if r is None else r | k for r, k in zip(results, keys)]})
        groups.append({"kind": kind, "keys": keys, "providers": rows})
    return groups


def region_files(data: PublicRelease, ctx: dict, paths: dict, region_pages: list) -> dict[str, str]:
    """Each region page with its JSON (api/regions/<page>.json: the providers on its map, its values)."""
    files: dict[str, str] = {}
    key_rows = pd.DataFrame(columns=KEY_COLUMNS)
    if data.mirror is not None and len(data.mirror.key_results):
        key_rows = data.mirror.key_results.merge(
            data.results[["provider_id", "indicator_id", "period", "comparison"]],
            on=["provider_id", "indicator_id", "period"],
            how="left",
        )[KEY_COLUMNS].fillna({"comparison": ""})
    keyed = {(r["provider_id"], r["indicator_id"]): r for r in key_rows.to_dict("records")}
    for level, name, members in region_pages:
        area_type = AREA_TYPES[level]
        slug = f"{level}-{paths[level][name]}"
        located = members[members["latitude"].notna() & members["longitude"].notna()]
        points = [
            {"id": p["provider_id"], "name": p["name"], "city": p["city"], "kind": p["kind"]}
            | {"lat": round(float(p["latitude"]), 4), "lon": round(float(p["longitude"]), 4)}
            for p in located.sort_values(["name", "provider_id"]).to_dict("records")
        ]
        values = _values(data, area_type, name)
        value_columns = ["indicator_id", "period", "providers", "value", "reason"]
        provinces = maps.on_the_map(members["province"])
        files[f"api/regions/{slug}.json"] = dumps(
            {"release": data.release, "level": level, "name": name, "providers": points}
            | {"values": records(pd.DataFrame(values, columns=value_columns), value_columns)}
            | {"outline": maps.outline(provinces)}
        )
        datasets = map_datasets(
            "../../", provinces, {"points": {"key": "providers"}, "outline": {"key": "outline"}}
        )
        files[f"regio/{slug}/index.md"] = page(
            "region.html.j2",
            _("Provincie {name}", name=name) if level == "provincie" else _("Zorgregio {name}", name=name),
            2,
            level=level,
            name=name,
            slug=slug,
            total=len(members),
            values=values,
            providers=members.sort_values(["name", "provider_id"]).to_dict("records"),
            located=len(points),
            groups=_kind_tables(data, members, keyed),
            datasets=datasets if provinces and points else {},
            **ctx,
        )
    return files
