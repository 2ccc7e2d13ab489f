"""Data files hosted outside the site (publication.data_url, build --data-url; generator/core/hosting.py):
where each file goes, the links the site, catalogue, JSON-LD and READMEs give, and what verify checks: the
release assets laid out in a local folder (`zorgspiegel assets`), a tampered or missing asset, and a site
larger than GitHub Pages publishes (SiteTooLargeError, exit 5).

The hosted build is the tiny hostile release built with a site_url and a data_url, through the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from sitebuild import RELEASE, SUBPATH_URL, hostile_build, run_cli

from generator.cli import main
from generator.config.settings import parse_intake_config
from generator.core import hosting
from generator.core.errors import EXIT_TOO_LARGE, EXIT_UNVERIFIED, SiteTooLargeError, StructuralError
from generator.publish import hosted as hosted_files
from generator.publish import verify

DATA_URL = "https://github.com/owner/zorgspiegel/releases/download/"
BASE = f"{DATA_URL}{RELEASE}/"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return hostile_build(tmp_path_factory, "hosted", "--site-url", SUBPATH_URL, "--data-url", DATA_URL)


@pytest.fixture
def assets(built, tmp_path):
    target = tmp_path / "assets"
    run_cli("assets", str(target), "--out", str(built.out))
    return target


def test_placement_keeps_everything_on_the_site_without_a_data_url():
    for package, path in [("alles", "results.csv"), ("zkh", "zkh.xlsx"), ("zkh", "results.parquet")]:
        assert hosting.placement(package, path, "") == hosting.ON_SITE
        assert hosting.file_url("2026-01", package, path, "") == f"data/2026-01/{package}/{path}"
    assert hosting.zip_url("2026-01", "zkh", "") == "data/2026-01/zkh.zip"


def test_placement_with_a_data_url_one_copy_per_need():
    url = "https://h.example/d/"
    expect = {
        ("alles", "results.parquet"): hosting.ON_SITE,  # the query page reads it from the site
        ("alles", "results.csv"): hosting.ASSET,
        ("alles", "alles.xlsx"): hosting.ZIPPED,
        ("alles", "datapackage.json"): hosting.ON_SITE,
        ("zkh", "results.csv"): hosting.ZIPPED,
        ("zkh", "results.parquet"): hosting.ZIPPED,
        ("zkh", "zkh.xlsx"): hosting.ASSET,
        ("zkh", "README.md"): hosting.ON_SITE,
    }
    assert {key: hosting.placement(*key, url) for key in expect} == expect
    assert hosting.file_url("2026-01", "alles", "results.csv", url) == f"{url}2026-01/alles-results.csv"
    assert hosting.file_url("2026-01", "zkh", "zkh.xlsx", url) == f"{url}2026-01/zkh.xlsx"
    assert hosting.file_url("2026-01", "zkh", "results.csv", url) is None
    assert hosting.zip_url("2026-01", "zkh", url) == f"{url}2026-01/zkh.zip"
    files = ["alles/results.csv", "alles/results.parquet", "alles.zip", "zkh/zkh.xlsx", "zkh/results.csv"]
    assert hosting.release_assets(files, url) == {
        "alles-results.csv": "alles/results.csv",
        "alles.zip": "alles.zip",
        "zkh.xlsx": "zkh/zkh.xlsx",
    }
    assert hosting.href(f"{url}x", "../") == f"{url}x" and hosting.href("data/x", "../") == "../data/x"
    assert hosting.release_file_url("2026-01", "zkh.zip", url) == f"{url}2026-01/zkh.zip"
    assert hosting.release_file_url("2026-01", "zkh/zkh.xlsx", "") == "data/2026-01/zkh/zkh.xlsx"


TABLES = "tables:\n  providers: {file: p.csv}\n  indicators: {file: i.csv}\n  results: {file: r.csv}\n"


def test_data_url_is_checked_like_site_url():
    config = parse_intake_config(f"version: 1\n{TABLES}publication:\n  data_url: https://cdn.example/zs\n")
    assert config.publication.data_url == "https://cdn.example/zs/"
    with pytest.raises(StructuralError, match="data files' host"):
        parse_intake_config(f"version: 1\n{TABLES}publication:\n  data_url: ftp://cdn.example/zs/\n")
    result = CliRunner().invoke(main, ["build", "--data-url", "releases/download"])
    assert result.exit_code == 2 and "--data-url" in result.output


def test_the_site_holds_only_the_small_files_and_the_alles_parquet(built):
    folder = built.site / "data" / RELEASE
    kept = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert not [p for p in kept if p.endswith((".csv", ".xlsx", ".zip"))]
    assert [p for p in kept if p.endswith(".parquet")] == [
        f"alles/{t}.parquet" for t in ("benchmarks", "changes", "indicators", "providers", "results")
    ]
    assert (built.site / "data" / "latest" / "alles" / "datapackage.json").is_file()


def test_downloads_catalogue_jsonld_api_and_readme_link_the_assets(built):
    page = BeautifulSoup((built.site / "downloads" / "zkh" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = {a["href"] for a in page.find_all("a", href=True)}
    assert {f"{BASE}zkh.zip", f"{BASE}zkh.xlsx"} <= hrefs
    assert not any("zkh/results.csv" in h for h in hrefs)  # only inside the zip
    ld = json.loads(page.find("script", type="application/ld+json").string)
    urls = {d["contentUrl"] for d in ld["distribution"]}
    assert f"{BASE}zkh.zip" in urls and f"{SUBPATH_URL}data/{RELEASE}/zkh/datapackage.json" in urls
    catalogue = json.loads((built.site / "data" / RELEASE / "catalog.jsonld").read_text("utf-8"))
    dist = {d["dcat:downloadURL"]["@id"] for ds in catalogue["dcat:dataset"] for d in ds["dcat:distribution"]}
    assert f"{BASE}alles-results.csv" in dist and f"{SUBPATH_URL}data/{RELEASE}/alles/results.parquet" in dist
    assert not any(u.endswith("zkh/results.csv") for u in dist)
    index = json.loads((built.site / "api" / "index.json").read_text("utf-8"))
    assert index["data_url"] == DATA_URL
    assert {p["zip"] for p in index["releases"][0]["packages"]} == {f"{BASE}alles.zip", f"{BASE}zkh.zip"}
    readme = (built.site / "data" / RELEASE / "alles" / "README.md").read_text("utf-8")
    assert f"<{BASE}alles-results.csv>" in readme and f"<{BASE}alles.zip>" in readme


def test_verify_checks_the_laid_out_assets(built, assets):
    names = sorted(p.name for p in assets.iterdir())
    assert names == ["alles-benchmarks.csv", "alles-changes.csv", "alles-indicators.csv"] + [
        "alles-providers.csv",
        "alles-results.csv",
        "alles.zip",
        "zkh.xlsx",
        "zkh.zip",
    ]
    assert run_cli("verify", "--out", str(built.out), "--assets", str(assets)).count("verified") == 1


@pytest.mark.parametrize("damage", ["tampered", "missing", "extra"])
def test_verify_refuses_a_tampered_or_missing_asset(built, assets, damage):
    if damage == "tampered":
        (assets / "zkh.xlsx").write_bytes((assets / "zkh.xlsx").read_bytes()[:-1] + b"x")
    elif damage == "missing":
        (assets / "alles-results.csv").unlink()
    else:
        shutil.copyfile(assets / "zkh.zip", assets / "stray.zip")
    problems = verify.verify_published(built.site, built.out / "datapackages", RELEASE, assets)
    lines = "\n".join(map(str, problems))
    expected = {"tampered": "zkh.xlsx", "missing": "alles-results.csv", "extra": "stray.zip"}[damage]
    assert expected in lines
    if damage == "tampered":  # the download page's link, the catalogue and the asset check all see it
        assert "zkh.xlsx: size or sha256 differs" in lines and "differs from the release's file" in lines
    if damage == "missing":
        assert "no such release asset" in lines and "file is missing" in lines
    result = CliRunner().invoke(main, ["verify", "--out", str(built.out), "--assets", str(assets)])
    assert result.exit_code == EXIT_UNVERIFIED


def test_verify_refuses_a_site_larger_than_pages_publishes(built, monkeypatch):
    size = hosted_files.site_bytes(built.site)
    assert hosted_files.check_site_size(built.site, limit=size) == size
    with pytest.raises(SiteTooLargeError, match="GitHub Pages"):
        hosted_files.check_site_size(built.site, limit=size - 1)
    monkeypatch.setattr(hosted_files, "PAGES_LIMIT", size - 1)
    result = CliRunner().invoke(main, ["verify", "--out", str(built.out)])
    assert result.exit_code == EXIT_TOO_LARGE and "larger than GitHub Pages" in result.output


def test_site_bytes_counts_data_latest_as_the_pages_artifact_does(built):
    latest = built.site / "data" / "latest"
    assert latest.is_symlink()
    linked = sum(p.stat().st_size for p in latest.rglob("*") if p.is_file())
    plain = sum((Path(root) / n).stat().st_size for root, _dirs, names in os.walk(built.site) for n in names)
    assert linked > 0 and hosted_files.site_bytes(built.site) >= plain + linked - 1


def test_only_the_release_being_built_links_its_loose_assets(built, tmp_path):
    """Another release (here a newer one, while 2026-10 is rebuilt) is offered by its zips: its loose
    assets may predate this layout."""
    from generator.publish.releases import list_releases

    for label in ("2026-10", RELEASE):
        shutil.copytree(built.out / "datapackages" / RELEASE, tmp_path / label)
    listed = list_releases(tmp_path, data_url=DATA_URL, current="2026-10")
    assert [r["release"] for r in listed] == [RELEASE, "2026-10"]
    zkh = {r["release"]: next(p for p in r["packages"] if p["folder"] == "zkh") for r in listed}
    assert zkh[RELEASE]["zip_url"] == f"{BASE}zkh.zip" and zkh[RELEASE]["workbook"] is None
    assert all(f["url"] is None for f in zkh[RELEASE]["files"])
    assert zkh["2026-10"]["workbook"]["url"] == f"{DATA_URL}2026-10/zkh.xlsx"
