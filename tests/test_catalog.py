"""The release's DCAT-AP catalogue (data/<release>/catalog.jsonld and catalog.ttl): one dataset per data
package, one distribution per file, each with an address that resolves to that file in the built site, its
size, sha256 and licence; the JSON-LD and the Turtle are the same graph (rdflib, when installed; pyld
expands the JSON-LD when it is installed); the downloads page and api/index.json link the catalogue.

The demo build has a site_url (absolute addresses); the hostile build has none (addresses relative to the
catalogue file).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import RELEASE, demo_build, hostile_build

from generator.package import rdf

DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module", params=["demo", "hostile"])
def built(request, tmp_path_factory):
    return demo_build(tmp_path_factory) if request.param == "demo" else hostile_build(tmp_path_factory)


def site_url(built) -> str:
    return json.loads((built.site / "api" / "index.json").read_text("utf-8"))["site_url"]


def folder(built) -> Path:
    return built.site / "data" / RELEASE


def file_of(built, url: str) -> Path:
    """The file of the built site that a catalogue address names (absolute under site_url, or relative to
    the catalogue file, or a file: URI after rdflib resolved it)."""
    base = site_url(built)
    if base and url.startswith(base):
        return built.site / unquote(url[len(base) :])
    if url.startswith("file:"):
        return Path(unquote(urlsplit(url).path))
    assert not urlsplit(url).scheme, f"{url} is outside the site"
    return folder(built) / unquote(url)


def inside(built, path: Path) -> bool:
    return path.resolve().is_relative_to(built.site.resolve()) or path.resolve().is_relative_to(
        (built.out / "datapackages").resolve()
    )


def catalogue(built) -> dict:
    return json.loads((folder(built) / "catalog.jsonld").read_text("utf-8"))


def test_one_dataset_per_package_and_one_distribution_per_file(built):
    doc = catalogue(built)
    assert doc["@type"] == "dcat:Catalog"
    packages = sorted(p.parent.name for p in folder(built).glob("*/datapackage.json"))
    datasets = {d["@id"].rsplit("#", 1)[1]: d for d in doc["dcat:dataset"]}
    assert sorted(datasets) == packages
    for name, dataset in datasets.items():
        assert dataset["@type"] == "dcat:Dataset"
        desc = json.loads((folder(built) / name / "datapackage.json").read_text("utf-8"))
        assert dataset["dct:identifier"] == desc["name"] and dataset["owl:versionInfo"] == RELEASE
        assert {t["@language"] for t in dataset["dct:description"]} == {"nl", "en"}
        assert any(t["@language"] == "nl" and t["@value"] == desc["title"] for t in dataset["dct:title"])
        assert dataset["dct:publisher"]["foaf:name"]
        assert (
            dataset["dct:issued"]
            == dataset["dct:modified"]
            == {"@value": f"{RELEASE}-01", "@type": "xsd:date"}
        )
        assert dataset["dct:license"]["@id"].startswith("https://")
        assert (
            dataset["dct:temporal"]["dcat:startDate"]["@value"]
            <= dataset["dct:temporal"]["dcat:endDate"]["@value"]
        )
        expected = {f"{name}/{r['path']}" for r in desc["resources"]} | {
            f"{name}/datapackage.json",
            f"{name}.zip",
        }
        distributions = dataset["dcat:distribution"]
        assert {d["dct:title"] for d in distributions} == expected
        formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in distributions}
        assert {"CSV", "PARQUET", "XLSX", "ZIP", "JSON"} <= formats, formats
        for dist in distributions:
            path = file_of(built, dist["dcat:downloadURL"]["@id"])
            assert dist["dcat:accessURL"] == dist["dcat:downloadURL"]
            assert path.is_file() and inside(built, path), dist["dcat:downloadURL"]
            data = path.read_bytes()
            assert dist["dcat:byteSize"]["@value"] == str(len(data))
            assert dist["spdx:checksum"]["spdx:checksumValue"]["@value"] == hashlib.sha256(data).hexdigest()
            assert dist["spdx:checksum"]["spdx:algorithm"]["@id"] == "spdx:checksumAlgorithm_sha256"
            assert dist["dcat:mediaType"]["@id"].startswith("http://www.iana.org/assignments/media-types/")
            assert dist["dct:license"] == dataset["dct:license"]
        landing = dataset["dcat:landingPage"]["@id"]
        page = file_of(built, landing) if site_url(built) else (folder(built) / landing)
        assert (page / "index.html").is_file(), landing


def test_addresses_are_absolute_with_a_site_url_and_relative_without(built):
    base = site_url(built)
    urls = [
        d["dcat:downloadURL"]["@id"]
        for ds in catalogue(built)["dcat:dataset"]
        for d in ds["dcat:distribution"]
    ]
    if base:
        assert all(u.startswith(f"{base}data/{RELEASE}/") for u in urls)
    else:
        assert all(not urlsplit(u).scheme and not u.startswith("/") for u in urls)


def test_the_turtle_is_the_same_graph_and_every_address_resolves(built):
    rdflib = pytest.importorskip("rdflib")
    from rdflib.compare import isomorphic

    base = site_url(built)
    public = f"{base}data/{RELEASE}/" if base else (folder(built).as_uri() + "/")
    jsonld = rdflib.Graph().parse(
        folder(built) / "catalog.jsonld", format="json-ld", publicID=public + "catalog.jsonld"
    )
    turtle = rdflib.Graph().parse(
        folder(built) / "catalog.ttl", format="turtle", publicID=public + "catalog.ttl"
    )
    assert len(jsonld) > 100 and isomorphic(jsonld, turtle)
    dcat = rdflib.Namespace(DCAT)
    packages = list(folder(built).glob("*/datapackage.json"))
    assert len(set(jsonld.subjects(rdflib.RDF.type, dcat.Dataset))) == len(packages)
    urls = [str(o) for o in jsonld.objects(None, dcat.downloadURL)]
    assert len(urls) == len(set(jsonld.subjects(rdflib.RDF.type, dcat.Distribution)))
    for url in urls:
        path = file_of(built, url)
        assert path.is_file() and inside(built, path), url


def test_pyld_expands_the_json_ld_when_installed(built):
    jsonld = pytest.importorskip("pyld.jsonld")
    expanded = jsonld.expand(catalogue(built))
    assert expanded and f"{DCAT}Catalog" in expanded[0]["@type"]


def test_the_turtle_writer_escapes_text_and_addresses():
    doc = {
        "@context": {"dct": "http://purl.org/dc/terms/"},
        "@id": "a b.csv#x",
        "dct:title": [{"@value": 'say "hi"\\\n', "@language": "nl"}, "plain"],
        "dct:extent": 3,
    }
    text = rdf.turtle(doc)
    assert "<a%20b.csv#x>" in text and '"say \\"hi\\"\\\\\\n"@nl' in text and "dct:extent 3" in text


def test_the_downloads_page_and_the_api_index_link_the_catalogue(built):
    soup = BeautifulSoup((built.site / "downloads" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    for name in ("catalog.jsonld", "catalog.ttl"):
        assert f"../data/{RELEASE}/{name}" in hrefs
    assert "../data/latest/catalog.jsonld" in hrefs and "../data/latest/alles/datapackage.json" in hrefs
    assert (built.site / "data" / "latest" / "catalog.jsonld").is_file()
    index = json.loads((built.site / "api" / "index.json").read_text("utf-8"))
    [release] = [r for r in index["releases"] if r["release"] == RELEASE]
    assert release["catalog"] == {
        "jsonld": f"data/{RELEASE}/catalog.jsonld",
        "turtle": f"data/{RELEASE}/catalog.ttl",
    }
    assert (built.site / release["catalog"]["turtle"]).is_file()


def test_verification_checks_every_distribution(built, tmp_path):
    import shutil

    from generator.publish.verify import check_catalogue

    site = tmp_path / "site"
    shutil.copytree(built.site / "data" / RELEASE, site / "data" / RELEASE)
    assert check_catalogue(site, RELEASE, site_url(built)) == []
    (site / "data" / RELEASE / "alles" / "results.csv").write_text("changed")
    (site / "data" / RELEASE / "alles.zip").unlink()
    problems = [str(p) for p in check_catalogue(site, RELEASE, site_url(built))]
    assert len(problems) == 2, problems
    assert any("results.csv: size or sha256" in p for p in problems)
    assert any("alles.zip is not a file of the site" in p for p in problems)
