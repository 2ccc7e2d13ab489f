"""Atom feeds: well-formed, one per provider and indicator with a page, entries equal to the changes table."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sitebuild import RELEASE, write_hostile_intake

from generator import pipeline
from generator.publish import writer
from generator.site import feeds

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Two releases of the hostile intake: the second corrects one value and withdraws two results."""
    base = tmp_path_factory.mktemp("feeds")
    before = pipeline.build_release(write_hostile_intake(base / "before"), "2026-10")
    writer.replace_folder(base / "datapackages" / "2026-10", pipeline.package_release(before))
    intake = write_hostile_intake(base / "after")
    lines = [
        line
        for line in (intake / "results.csv").read_text("utf-8").splitlines()
        if not line.startswith("GBZ-01,")
    ]
    text = "\n".join(lines).replace("0123,GBZ-01,2024,80,100", "0123,GBZ-01,2024,85,100") + "\n"
    (intake / "results.csv").write_text(text, "utf-8")
    return pipeline.build_release(intake, RELEASE, previous=base / "datapackages" / "2026-10")


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text
    return root


def test_every_provider_and_indicator_has_a_feed_with_its_changes(releases):
    public = releases.public
    files = feeds.feed_files(public, [{"release": RELEASE, "packages": []}])
    providers, indicators = set(public.providers["provider_id"]), set(public.indicators["indicator_id"])
    assert {p for p in files if p.startswith("feeds/aanbieders/")} == {
        f"feeds/aanbieders/{p}.xml" for p in providers
    }
    assert {p for p in files if p.startswith("feeds/indicatoren/")} == {
        f"feeds/indicatoren/{i}.xml" for i in indicators
    }
    changes = public.changes[public.changes["indicator_id"] != ""]
    assert len(changes) >= 2
    total = 0
    for path, text in files.items():
        root = parse(text)
        entries = root.findall(f"{ATOM}entry")
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(ids) == len(set(ids))
        if path.startswith("feeds/indicatoren/"):
            iid = path.rsplit("/", 1)[1][: -len(".xml")]
            assert len(entries) == int((changes["indicator_id"] == iid).sum())
            total += len(entries)
    assert total == int(changes["indicator_id"].isin(indicators).sum())


def test_a_correction_reads_as_one_with_both_values(releases):
    files = feeds.feed_files(releases.public, [])
    text = " ".join(files.values())
    assert "gecorrigeerd van 80,0 naar 85,0" in text


def test_hostile_names_are_escaped(releases):
    texts = feeds.feed_files(releases.public, []).values()
    for text in texts:
        parse(text)  # well-formed XML whatever the names
        assert "<script>" not in text and "<img" not in text
    assert any("&lt;script&gt;" in text for text in texts)


def test_the_same_release_gives_the_same_feeds(releases):
    assert feeds.feed_files(releases.public, []) == feeds.feed_files(releases.public, [])


def test_provider_pages_link_their_feed(releases):
    docs = pipeline.render_release(releases, [])
    pid = sorted(releases.public.providers["provider_id"])[0]
    body = docs[f"aanbieders/{pid}/index.md"]
    assert f"feeds/aanbieders/{pid}.xml" in body
    assert BeautifulSoup(body, "html.parser") is not None
