"""Ids as publishers write them (issue 15): any printable text is an id, and an id never becomes a path or
unescaped markup. A release whose provider, indicator and set ids are '<script>', a spreadsheet formula,
'../' and plain words is built in memory; every generated path, page, CSV and link is read back."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sitebuild import package_and_render

from generator import pipeline as build
from generator.core.ids import id_path, is_plain_segment

RELEASE = "2026-11"
SCRIPT = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
WORDS = "Acute Stroke Ischemic"
TRAVERSAL = "../../etc"
PROVIDERS = f"""provider_id,name,kind,city
"{SCRIPT}",Ziekenhuis Script,ziekenhuis,Utrecht
"{FORMULA.replace('"', '""')}",Ziekenhuis Formule,ziekenhuis,Zwolle
{WORDS},Ziekenhuis Woorden,ziekenhuis,Assen
{TRAVERSAL},Ziekenhuis Pad,ziekenhuis,Delft
"""
INDICATORS = f"""indicator_id,set_id,set_title,title,type,unit,direction,provider_kind
{WORDS},Stroke & Heart,Beroerte,Beroerte,outcome,percentage,higher,ziekenhuis
"{SCRIPT}",{TRAVERSAL},Pad,Script,outcome,percentage,higher,ziekenhuis
"""
RESULTS = f"""provider_id,indicator_id,period,numerator,denominator,approval_status
"{SCRIPT}",{WORDS},2024,40,80,approved
"{FORMULA.replace('"', '""')}",{WORDS},2024,45,90,approved
{WORDS},"{SCRIPT}",2024,50,100,approved
{TRAVERSAL},"{SCRIPT}",2024,60,100,approved
"""
YAML = """version: 1
publication: {title: Ids, demo: true}
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""
HOSTILE = (SCRIPT, FORMULA, WORDS, TRAVERSAL, "Stroke & Heart")


def write_intake(folder: Path) -> Path:
    """The intake folder above."""
    folder.mkdir(parents=True)
    files = {
        "intake.yaml": YAML,
        "providers.csv": PROVIDERS,
        "indicators.csv": INDICATORS,
        "results.csv": RESULTS,
    }
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(package files, generated site files, the release) of the intake above."""
    base = tmp_path_factory.mktemp("ids")
    rel = build.build_release(write_intake(base / "input"), RELEASE)
    files, docs = package_and_render(rel, base)
    return files, docs, rel


def test_every_id_is_accepted_as_written(built):
    _, _, rel = built
    assert rel.report["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 0}
    assert set(rel.public.providers["provider_id"]) == {SCRIPT, FORMULA, WORDS, TRAVERSAL}
    assert (rel.public.results["status"] == "published").sum() == 4


def test_no_id_reaches_a_path_only_its_segment_does(built):
    files, docs, _ = built
    for path in list(files) + list(docs):
        for part in path.split("/"):
            assert is_plain_segment(part) or part == "index.md", path
    for value in HOSTILE:
        assert not any(value in path for path in list(files) + list(docs))
    assert f"aanbieders/{id_path(SCRIPT)}/index.md" in docs
    assert f"indicatoren/{id_path(WORDS)}/index.md" in docs
    assert f"indicatorsets/{id_path(TRAVERSAL)}/index.md" in docs
    assert f"{id_path('Stroke & Heart')}/datapackage.json" in files
    assert f"api/providers/{id_path(FORMULA)}.csv" in docs


def test_pages_show_ids_escaped_and_every_link_to_an_entity_has_its_page(built):
    _, docs, _ = built
    pages = {p: t for p, t in docs.items() if p.endswith(".md")}
    assert not any(SCRIPT in text for text in pages.values())
    provider_page = pages[f"aanbieders/{id_path(SCRIPT)}/index.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in provider_page
    for path, text in pages.items():
        for href in re.findall(r'href="([^"]*)"', text):
            m = re.match(r"(?:\.\./)*((?:aanbieders|indicatoren|indicatorsets)/[^/]+/)$", href)
            if m:
                assert m.group(1) + "index.md" in docs, (path, href)
            assert "<" not in href and " " not in href and "|" not in href, (path, href)


def test_id_cells_that_start_a_formula_are_neutralised_in_every_csv(built):
    files, docs, _ = built
    tables = [
        files["alles/providers.csv"],
        files["alles/results.csv"],
        docs[f"api/providers/{id_path(FORMULA)}.csv"],
    ]
    for blob in tables:
        text = blob.decode("utf-8") if isinstance(blob, bytes) else blob
        ids = {row[0] for row in csv.reader(io.StringIO(text))}
        assert "'" + FORMULA in ids and FORMULA not in ids


def test_the_api_index_gives_the_id_as_written_and_the_address_by_its_segment(built):
    import json

    _, docs, _ = built
    index = json.loads(docs["api/index.json"])
    entry = next(p for p in index["providers"] if p["id"] == TRAVERSAL)
    assert entry["page"] == f"aanbieders/{id_path(TRAVERSAL)}/"
    assert entry["json"] == f"api/providers/{id_path(TRAVERSAL)}.json"
    sets = {s["id"]: s["page"] for s in index["sets"]}
    assert sets["Stroke & Heart"] == f"indicatorsets/{id_path('Stroke & Heart')}/"


def test_a_whole_build_with_these_ids_verifies_and_publishes(tmp_path):
    """Through the command line: MkDocs, the search index, every link and download verified."""
    from sitebuild import run_cli

    intake = write_intake(tmp_path / "input")
    run_cli("build", "--input", str(intake), "--out", str(tmp_path / "out"), "--release", RELEASE)
    site = tmp_path / "out" / "site"
    page = (site / "aanbieders" / id_path(FORMULA) / "index.html").read_text("utf-8")
    assert "=cmd|&#39; /C calc&#39;!A0" in page or "=cmd|' /C calc'!A0" in page
    assert SCRIPT not in (site / "aanbieders" / id_path(SCRIPT) / "index.html").read_text("utf-8")
