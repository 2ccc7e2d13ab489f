"""The static API's starting point: api/index.json lists every provider, indicator, set and release with
the addresses of their pages, JSON and downloads, so a client needs to know only one URL.

Addresses are relative to the site's root (the folder that holds api/). Every endpoint has a JSON Schema
(generator/schemas/api/, published under api/schemas/); tests validate the built files against them.
"""

from __future__ import annotations

from importlib import resources

from generator.compute.public import PublicRelease
from generator.site.page import dumps
from generator.site.urls import safe_id

SCHEMAS = ("index", "provider", "indicator")


def index_json(data: PublicRelease, releases: list[dict]) -> str:
    """api/index.json: the release, its providers, indicators and sets, and every published release."""
    providers = [
        {
            "id": pid,
            "name": str(p["name"]),
            "kind": str(p["kind"]),
            "city": str(p.get("city") or ""),
            "page": f"aanbieders/{pid}/",
            "json": f"api/providers/{pid}.json",
            "csv": f"api/providers/{pid}.csv",
        }
        for p in data.providers.sort_values("provider_id").to_dict("records")
        if (pid := safe_id(p["provider_id"]))
    ]
    indicators = [
        {
            "id": iid,
            "title": str(i["title"]),
            "set_id": str(i["set_id"]),
            "unit": str(i["unit"]),
            "page": f"indicatoren/{iid}/",
            "json": f"api/indicators/{iid}.json",
        }
        for i in data.indicators.sort_values("indicator_id").to_dict("records")
        if (iid := safe_id(i["indicator_id"]))
    ]
    sets = [
        {
            "id": safe_id(set_id),
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
