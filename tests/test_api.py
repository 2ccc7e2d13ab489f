"""The static API: api/index.json reaches everything, every endpoint matches its JSON Schema, and no
public JSON or CSV names a column outside the public schema (no intake bookkeeping anywhere)."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from sitebuild import demo_build, hostile_build

from generator.package.schema import public_spec

INTERNAL = {"_file", "_row", "bucket", "_events"}


@pytest.fixture(scope="module", params=["demo", "hostile"])
def built(request, tmp_path_factory):
    return demo_build(tmp_path_factory) if request.param == "demo" else hostile_build(tmp_path_factory)


def schema(site, name):
    return json.loads((site / "api" / "schemas" / f"{name}.schema.json").read_text("utf-8"))


def test_the_index_reaches_every_page_json_and_package(built):
    site = built.site
    index = json.loads((site / "api" / "index.json").read_text("utf-8"))
    jsonschema.validate(index, schema(site, "index"))
    assert sorted(p["id"] for p in index["providers"]) == sorted(built.providers["provider_id"])
    assert sorted(i["id"] for i in index["indicators"]) == sorted(built.indicators["indicator_id"])
    for entry in index["providers"] + index["indicators"]:
        for key in ("page", "json", "csv"):
            if key in entry:
                target = site / entry[key]
                assert (target / "index.html" if key == "page" else target).is_file(), entry[key]
    for release in index["releases"]:
        for package in release["packages"]:
            assert (site / package["datapackage"]).is_file() and (site / package["zip"]).is_file()
    for path in index["schemas"].values():
        json.loads((site / path).read_text("utf-8"))


def test_every_provider_and_indicator_json_matches_its_schema(built):
    site = built.site
    for name, folder in (("provider", "providers"), ("indicator", "indicators"), ("region", "regions")):
        validator = jsonschema.Draft202012Validator(schema(site, name))
        files = sorted((site / "api" / folder).glob("*.json"))
        assert files
        for path in files:
            errors = list(validator.iter_errors(json.loads(path.read_text("utf-8"))))
            assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_no_public_file_names_an_internal_column(built):
    """Every key of every JSON and every header of every CSV the site publishes is a public name."""
    spec = public_spec()
    public = {f["name"] for resource in spec.values() for f in resource["fields"]}
    found = []

    def keys(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in INTERNAL or (k.startswith("_") and k not in public):
                    found.append(f"{where}: key {k!r}")
                keys(v, where)
        elif isinstance(node, list):
            for v in node:
                keys(v, where)

    for path in sorted(built.site.rglob("*.json")):
        if "pagefind" not in path.parts:
            keys(json.loads(path.read_text("utf-8")), path.relative_to(built.site))
    for path in sorted(built.site.rglob("*.csv")):
        header = next(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
        outside = [c for c in header if c not in public]
        if outside:
            found.append(f"{path.relative_to(built.site)}: columns {outside}")
    assert not found, found[:20]
