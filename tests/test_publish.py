"""The monthly rebuild: verify before publish, swap only verified folders, keep the archive.

Two consecutive builds (the second withdraws one approval and corrects one value), and second
builds broken on purpose (a wrong hash, a broken internal link) that must leave the first site as
it was and exit non-zero.
"""

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.publish import verify as publish
from generator.site import mkdocs as site
from generator.site import render

PROVIDERS = (
    "provider_id,name,kind,city\n"
    "0001,Ziekenhuis Een,ziekenhuis,Utrecht\n"
    "0002,Ziekenhuis Twee,ziekenhuis,Zwolle\n"
    "0003,Ziekenhuis Drie,ziekenhuis,Assen\n"
)
INDICATORS = (
    "indicator_id,set_id,title,type,unit,direction,provider_kind,min_value,max_value\n"
    "S1,zkh,Rapportcijfer,experience,mean,higher,ziekenhuis,1,10\n"
)
# release 1: every result approved. Release 2: 0002's approval withdrawn; 0001's value corrected.
RESULTS_1 = (
    "provider_id,indicator_id,period,denominator,value,approval_status\n"
    "0001,S1,2025,40,5.5,approved\n0002,S1,2025,40,7.3571,approved\n0003,S1,2025,40,8.25,approved\n"
)
RESULTS_2 = RESULTS_1.replace("0002,S1,2025,40,7.3571,approved", "0002,S1,2025,40,7.3571,withdrawn").replace(
    "0001,S1,2025,40,5.5", "0001,S1,2025,40,6.5"
)
WITHDRAWN = ["7.3571", "7,36"]


def intake(folder: Path, results: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "intake.yaml").write_text(
        "tables:\n  providers: {file: p.csv}\n  indicators: {file: i.csv}\n  results: {file: r.csv}\n"
    )
    (folder / "p.csv").write_text(PROVIDERS)
    (folder / "i.csv").write_text(INDICATORS)
    (folder / "r.csv").write_text(results)
    return folder


def run(tmp: Path, release: str, results: str):
    folder = intake(tmp / f"in-{release}", results)
    return CliRunner().invoke(
        main, ["build", "--input", str(folder), "--out", str(tmp / "out"), "--release", release]
    )


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("monthly")
    result = run(tmp, "2026-10", RESULTS_1)
    assert result.exit_code == 0, result.output
    return tmp


def copy_of(first: Path, tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(first / "out", tmp_path / "out", symlinks=True)
    return tmp_path


def test_second_release_shows_the_correction_and_hides_the_withdrawn_value(first, tmp_path):
    tmp = copy_of(first, tmp_path)
    before = digests(tmp / "out" / "datapackages" / "2026-10")
    result = run(tmp, "2026-11", RESULTS_2)
    assert result.exit_code == 0, result.output
    out = tmp / "out"
    assert "changes against 2026-10" in result.output
    # the earlier release is still downloadable, unchanged; latest points to the new one
    assert digests(out / "datapackages" / "2026-10") == before
    assert (out / "site" / "data" / "2026-10" / "alles.zip").is_file()
    assert (out / "datapackages" / "latest").resolve().name == "2026-11"
    assert (out / "site" / "data" / "latest").resolve().name == "2026-11"
    # the provider page and the changes page show the correction
    page = BeautifulSoup((out / "site" / "aanbieders" / "0001" / "index.html").read_text(), "html.parser")
    assert "gecorrigeerd van 5,5 naar 6,5" in page.get_text(" ", strip=True)
    changes = (out / "site" / "wijzigingen" / "index.html").read_text()
    assert "resultaat gecorrigeerd" in changes and "resultaat ingetrokken" in changes
    rows = pd.read_csv(
        out / "datapackages" / "2026-11" / "alles" / "changes.csv", dtype=str, keep_default_na=False
    )
    # 0002 withdrew its only approved result: with no approved result it is no longer published
    assert set(rows["change"]) == {"result_corrected", "result_withdrawn", "provider_removed"}
    assert not (out / "site" / "aanbieders" / "0002").exists()
    # the withdrawn value is nowhere in the latest outputs (the 2026-10 archive keeps what was published then)
    latest = [p for p in (out / "site").rglob("*") if p.is_file() and "2026-10" not in p.parts]
    latest += [p for p in (out / "datapackages" / "2026-11").rglob("*") if p.is_file()]
    for path in latest:
        if path.suffix in (".html", ".json", ".csv", ".md", ".txt"):
            text = path.read_text("utf-8", errors="replace")
            assert not any(w in text for w in WITHDRAWN), path
    parquet = pd.read_parquet(out / "datapackages" / "2026-11" / "alles" / "results.parquet")
    assert "0002" not in set(parquet["provider_id"])


@pytest.mark.parametrize("breakage", ["wrong-hash", "broken-link"])
def test_a_broken_second_build_publishes_nothing(first, tmp_path, monkeypatch, breakage):
    tmp = copy_of(first, tmp_path)
    site_before, packages_before = digests(tmp / "out" / "site"), digests(tmp / "out" / "datapackages")
    if breakage == "wrong-hash":
        real = site.copy_packages

        def corrupting(packages_dir, site_dir, replace=None, data_url=""):
            real(packages_dir, site_dir, replace, data_url)
            target = site_dir / "data" / "2026-11" / "alles" / "results.csv"
            target.write_bytes(target.read_bytes() + b"\n")

        monkeypatch.setattr(site, "copy_packages", corrupting)
    else:
        real_render = render.release_files
        monkeypatch.setattr(
            render,
            "release_files",
            lambda data, releases: real_render(data, releases)
            | {"kapot/index.md": "# Kapot\n\n[weg](../bestaat-niet/)\n"},
        )
    result = run(tmp, "2026-11", RESULTS_2)
    assert result.exit_code == 3, result.output
    assert "Not published" in result.output
    assert ("hash" in result.output) if breakage == "wrong-hash" else ("does not resolve" in result.output)
    assert digests(tmp / "out" / "site") == site_before
    assert digests(tmp / "out" / "datapackages") == packages_before
    assert (tmp / "out" / "datapackages" / "latest").resolve().name == "2026-10"
    assert not [p for p in (tmp / "out").iterdir() if "staging" in p.name]
    assert not [p for p in (tmp / "out" / "datapackages").iterdir() if "staging" in p.name]


def test_manifest_records_inputs_versions_buckets_and_timings(first):
    import json

    m = json.loads((first / "out" / "report" / "manifest.json").read_text())
    assert m["release"] == "2026-10" and m["previous_release"] is None
    assert {i["file"] for i in m["inputs"]} == {"intake.yaml", "p.csv", "i.csv", "r.csv"}
    assert all(len(i["sha256"]) == 64 for i in m["inputs"])
    assert m["rows"]["read"] == 3 and m["rows"]["published"] == 3
    assert m["software"]["pandas"] and m["software"]["mkdocs-material"]
    assert {"load", "validate", "compute", "package", "render", "mkdocs", "verify"} <= set(
        m["timings_seconds"]
    )


def test_link_checker_finds_a_missing_target(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="../b/">b</a><img src="../img.png"><a href="https://example.org/">x</a><a href="#top">t</a>'
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("ok")
    problems = publish.check_links(tmp_path)
    assert [p.message for p in problems] == ["link to '../img.png' does not resolve"]


def test_the_same_link_text_is_resolved_from_each_page_s_own_folder(tmp_path):
    for folder in ("a", "b", "x/y"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "index.html").write_text('<a href="../b/">b</a>')
    problems = publish.check_links(tmp_path)
    assert [(p.where, p.message) for p in problems] == [
        ("x/y/index.html", "link to '../b/' does not resolve")
    ]


def test_page_count_check(tmp_path):
    for i in range(2):
        (tmp_path / "aanbieders" / str(i)).mkdir(parents=True)
        (tmp_path / "aanbieders" / str(i) / "index.html").write_text("x")
    (tmp_path / "indicatoren").mkdir()
    problems = publish.check_page_counts(tmp_path, providers_with_pages=3, indicators=0)
    assert [(p.check, p.where) for p in problems] == [("pages", "aanbieders")]


def test_rebuild_with_nothing_changed_reuses_the_verified_build(first, tmp_path):
    tmp = copy_of(first, tmp_path)
    before = digests(tmp / "out")
    result = run(tmp, "2026-10", RESULTS_1)
    assert result.exit_code == 0, result.output
    assert "Nothing changed since the published build" in result.output
    assert digests(tmp / "out") == before


def test_a_changed_input_is_built_again(first, tmp_path):
    tmp = copy_of(first, tmp_path)
    result = run(tmp, "2026-10", RESULTS_1.replace("8.25", "8.5"))
    assert result.exit_code == 0, result.output
    assert "Nothing changed" not in result.output
    rows = pd.read_parquet(tmp / "out" / "datapackages" / "2026-10" / "alles" / "results.parquet").set_index(
        "provider_id"
    )
    assert rows.loc["0003", "value"] == 8.5


def test_a_published_file_changed_on_disk_is_built_again(first, tmp_path):
    tmp = copy_of(first, tmp_path)
    target = tmp / "out" / "site" / "data" / "2026-10" / "alles" / "results.csv"
    target.write_bytes(target.read_bytes() + b"\n")
    result = run(tmp, "2026-10", RESULTS_1)
    assert result.exit_code == 0 and "Nothing changed" not in result.output
    assert publish.verify_published(tmp / "out" / "site", tmp / "out" / "datapackages", "2026-10") == []
