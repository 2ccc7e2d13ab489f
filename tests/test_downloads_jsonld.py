"""Each data package of the newest release has its own download page (/downloads/<package>/) with schema.org
Dataset JSON-LD that dataset search engines can use: absolute addresses (from site_url), every file as a
DataDownload with its encoding format and address, licence, temporal and spatial coverage, creator and
publisher, dates. Read from the built HTML with BeautifulSoup, as a crawler reads it."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from sitebuild import RELEASE, demo_build, hostile_build

ZIP = "application/zip"


@pytest.fixture(scope="module", params=["demo", "hostile"])
def built(request, tmp_path_factory):
    return demo_build(tmp_path_factory) if request.param == "demo" else hostile_build(tmp_path_factory)


def jsonld(path) -> dict:
    [block] = BeautifulSoup(path.read_text("utf-8"), "html.parser").find_all(
        "script", type="application/ld+json"
    )
    return json.loads(block.string)


def site_file(built, page, url: str):
    """The file of the built site an address names: absolute under site_url, else relative to the page."""
    base = json.loads((built.site / "api" / "index.json").read_text("utf-8"))["site_url"]
    if base:
        assert url.startswith(base), url
        return built.site / url[len(base) :]
    return (page.parent / url).resolve()


def test_every_package_has_a_page_with_dataset_json_ld(built):
    packages = sorted(p.parent.name for p in (built.site / "data" / RELEASE).glob("*/datapackage.json"))
    pages = sorted(p.parent.name for p in (built.site / "downloads").glob("*/index.html"))
    assert pages == packages
    for name in packages:
        page = built.site / "downloads" / name / "index.html"
        doc = jsonld(page)
        desc = json.loads((built.site / "data" / RELEASE / name / "datapackage.json").read_text("utf-8"))
        assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset"
        assert (
            doc["name"] == desc["title"] and doc["identifier"] == desc["name"] and doc["version"] == RELEASE
        )
        assert len(doc["description"]) >= 50
        assert doc["license"] == desc["licenses"][0].get("path", doc["license"])
        assert doc["creator"]["name"] == doc["publisher"]["name"] == desc["contributors"][0]["title"]
        assert doc["spatialCoverage"] == {"@type": "Place", "name": "Nederland"}
        start, end = doc["temporalCoverage"].split("/")
        assert len(start) == len(end) == 10 and start <= end
        assert doc["dateModified"] == f"{RELEASE}-01"
        formats = {d["encodingFormat"] for d in doc["distribution"]}
        assert {"text/csv", "application/vnd.apache.parquet", ZIP, "application/json"} <= formats, formats
        expected = {r["path"] for r in desc["resources"]} | {"datapackage.json", f"{name}.zip"}
        assert {d["name"] for d in doc["distribution"]} == expected
        for download in doc["distribution"]:
            assert site_file(built, page, download["contentUrl"]).is_file(), download["contentUrl"]
        assert doc["url"].endswith(f"downloads/{name}/")
        assert (site_file(built, page, doc["url"]) / "index.html").resolve() == page.resolve()


def test_addresses_are_absolute_with_a_site_url(tmp_path_factory):
    built = demo_build(tmp_path_factory)
    doc = jsonld(built.site / "downloads" / "alles" / "index.html")
    assert doc["url"] == "https://zorgspiegel.example.org/downloads/alles/"
    assert all(
        d["contentUrl"].startswith("https://zorgspiegel.example.org/data/") for d in doc["distribution"]
    )
    overview = jsonld(built.site / "downloads" / "index.html")
    assert all(d["contentUrl"].startswith("https://") for d in overview["distribution"])
    assert {p["url"] for p in overview["hasPart"]} == {
        f"https://zorgspiegel.example.org/downloads/{p.parent.name}/"
        for p in (built.site / "downloads").glob("*/index.html")
    }


def test_the_downloads_page_links_every_package_page_and_data_latest(built):
    soup = BeautifulSoup((built.site / "downloads" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    for page in (built.site / "downloads").glob("*/index.html"):
        assert f"../downloads/{page.parent.name}/" in hrefs
    assert any(h.startswith("../data/latest/") for h in hrefs)
    assert (built.site / "data" / "latest" / "alles" / "datapackage.json").is_file()
