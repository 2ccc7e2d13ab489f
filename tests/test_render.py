"""The renderer, without MkDocs: number formats, ids in paths, escaping, stable URLs, the JSON API.

A tiny release is built in memory from an intake whose provider names, titles and explanations
carry HTML and script (tests/sitebuild.py); every generated page must show them as text.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import markupsafe
import numpy as np
import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import (
    HOSTILE_EXPLANATION,
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    RELEASE,
    package_and_render,
    write_hostile_intake,
)

import generator
from generator import pipeline as build
from generator.core.errors import UnsafeIdError
from generator.core.ids import ID_PATTERN, id_path, is_plain_segment
from generator.publish import writer
from generator.site.formatting import formatted, number
from generator.site.urls import slug

# ---------------------------------------------------------------- Dutch number formats


@pytest.mark.parametrize(
    "value, decimals, text",
    [
        (1234.5, 1, "1.234,5"),
        (0.0, 1, "0,0"),
        (23.44, 1, "23,4"),
        (23.46, 1, "23,5"),
        (-3.25, 2, "-3,25"),
        (-1234.56, 1, "-1.234,6"),
        (1234567, 0, "1.234.567"),
        (999.95, 1, "1.000,0"),
        (np.float64(12.0), 1, "12,0"),
        (np.int64(1000), 0, "1.000"),
        (7, 3, "7,000"),
    ],
)
def test_number_uses_decimal_comma_and_thousands_points(value, decimals, text):
    assert number(value, decimals) == text


@pytest.mark.parametrize(
    "missing", [None, float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan"), np.float32("nan")]
)
def test_number_of_a_missing_value_is_empty(missing):
    assert number(missing) == ""


@pytest.mark.parametrize("value", [0, 0.0, True, np.int64(3), np.float32(2.5), -1e-9])
def test_a_figure_is_not_missing(value):
    assert number(value) != ""


@pytest.mark.parametrize(
    "value, unit, rate_per, text_value, text",
    [
        (23.44, "percentage", None, "", "23,4%"),
        (100, "percentage", None, "", "100,0%"),
        (12.345, "rate", 1000, "", "12,3 per 1.000"),
        (3.0, "rate", None, "", "3,0 per 1"),
        (1234, "count", None, "", "1.234"),
        (0.12345, "proportion", None, "", "0,123"),
        (7.456, "mean", None, "", "7,46"),
        (12.34, "mean", None, "", "12,3"),
        (-12.34, "median", None, "", "-12,3"),
        (15.8, "median", None, "", "15,8"),
        (2.5, "number", None, "", "2,50"),
        (1.0, "yesno", None, "", "ja"),
        (0.0, "yesno", None, "", "nee"),
        (1.0, "yesno", None, "ja, sinds 2022", "ja, sinds 2022"),
        (float("nan"), "yesno", None, "", ""),
        (float("nan"), "text", None, "Samen koken", "Samen koken"),
        (float("nan"), "percentage", None, "", ""),
        (None, "count", None, "", ""),
    ],
)
def test_formatted_gives_dutch_words_and_figures(value, unit, rate_per, text_value, text):
    assert formatted(value, unit, rate_per, text_value) == text


# ---------------------------------------------------------------- ids and slugs


@pytest.mark.parametrize(
    "hostile",
    [
        "../x",
        "a/b",
        ".",
        "..",
        "../../etc/passwd",
        "/abs",
        "a\\b",
        " a",
        "a b",
        "-a",
        ".hidden",
        "_a",
        "x" * 65,
        "é",
        "a?b",
        "a#b",
        "%2e%2e",
        "<script>alert(1)</script>",
        "=cmd|' /C calc'!A0",
    ],
)
def test_an_id_that_is_no_plain_segment_gets_a_slug_and_hash_never_itself(hostile):
    path = id_path(hostile)
    assert path != hostile and is_plain_segment(path) and len(path) <= 60
    assert re.fullmatch(r"([a-z0-9-]+-)?[0-9a-f]{8}", path)
    assert path.endswith(hashlib.sha1(hostile.encode()).hexdigest()[:8])
    assert ".." not in path and "/" not in path


@pytest.mark.parametrize("good", ["0123", "GBZ-01", "a", "A.b_c-d", "01088131", "x" * 64, "a..b"])
def test_a_plain_id_is_its_own_path_so_existing_addresses_stay(good):
    assert id_path(good) == good


def test_a_written_out_id_gets_a_readable_stable_path():
    assert (
        id_path("Acute Stroke Ischemic")
        == "acute-stroke-ischemic-" + hashlib.sha1(b"Acute Stroke Ischemic").hexdigest()[:8]
    )
    assert id_path("Acute stroke ischemic") != id_path("Acute Stroke Ischemic")


def test_the_contract_pattern_of_ids_is_the_one_in_core():
    """Validation and the path rule agree on what an id is."""
    schemas = Path(generator.__file__).parent / "schemas"
    for table, column in (
        ("providers", "provider_id"),
        ("indicators", "indicator_id"),
        ("indicators", "set_id"),
    ):
        schema = json.loads((schemas / f"{table}.schema.json").read_text("utf-8"))
        field = next(f for f in schema["fields"] if f["name"] == column)
        assert field["constraints"]["pattern"] == ID_PATTERN, (table, column)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_every_id_has_a_safe_path_segment(text):
    path = id_path(text)
    assert is_plain_segment(path) and len(path) <= 64 and "/" not in path


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Noord-Holland", "noord-holland"),
        ("Fryslân", "fryslan"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Regio <Midden>", "regio-midden"),
        ("../../etc", "etc"),
        ("", "da39a3"),  # no Latin letter left: sha1 of the name
        ("!!!", "9a7b00"),
        ("Zuid  Holland ", "zuid-holland"),
        ("STRASSE", "strasse"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_slug_is_a_safe_path_segment(text):
    s = slug(text)
    assert is_plain_segment(s) and len(s) <= 60 and "/" not in s


# ---------------------------------------------------------------- a tiny hostile release, rendered


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The generated docs of a tiny release with hostile names (no MkDocs), and the release."""
    base = tmp_path_factory.mktemp("render")
    rel = build.build_release(write_hostile_intake(base / "input"), RELEASE)
    files, docs = package_and_render(rel, base)
    return docs, rel


def front_matter(text: str) -> tuple[dict, str]:
    """(front matter without the body, the page's HTML body): a generated page has its HTML in 'zs_body'."""
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, text[:200]
    meta = yaml.safe_load(match.group(1))
    return meta, meta.pop("zs_body", "") + match.group(2)


def pages(docs: dict) -> dict[str, str]:
    return {k: v for k, v in docs.items() if k.endswith(".md")}


STABLE_PATHS = [
    "index.md",
    "aanbieders/index.md",
    "aanbieders/0123/index.md",
    "aanbieders/GBZ-01/index.md",
    "aanbieders/ORG1/index.md",
    "indicatoren/index.md",
    "indicatoren/GBZ-01/index.md",
    "indicatoren/R-1/index.md",
    "indicatorsets/zkh/index.md",
    "regio/index.md",
    "regio/provincie-utrecht/index.md",
    "regio/provincie-fryslan/index.md",
    "regio/zorgregio-regio-midden/index.md",
    "soorten/ziekenhuis/index.md",
    "soorten/organisatie/index.md",
    "a-z/z/index.md",
    "downloads/index.md",
    "wijzigingen/index.md",
    "api/providers/0123.json",
    "api/providers/0123.csv",
    "api/providers/GBZ-01.json",
    "api/indicators/GBZ-01.json",
    "api/indicators/R-1.json",
]


def test_pages_exist_at_the_stable_dutch_paths(rendered):
    docs, _ = rendered
    missing = [p for p in STABLE_PATHS if p not in docs]
    assert not missing, f"missing {missing}; have {sorted(docs)}"
    for path in docs:
        assert not path.startswith("/") and ".." not in path.split("/"), path


def test_every_provider_with_rows_and_every_parent_organisation_has_a_page(rendered):
    docs, rel = rendered
    with_pages = {p.split("/")[1] for p in docs if re.fullmatch(r"aanbieders/[^/]+/index\.md", p)}
    assert with_pages == {"0123", "GBZ-01", "0456", "ORG1"}


HOSTILE_RAW = [
    HOSTILE_SCRIPT,
    HOSTILE_IMG,
    "<img",
    "<b>",
    "<i>",
    "<u>",
    "<em>",
    "<script>alert",
    "<!--<script>",
    "onerror=alert(1)>",
]


def test_no_page_contains_intake_markup_unescaped(rendered):
    docs, _ = rendered
    checked = 0
    for path, text in pages(docs).items():
        meta, body = front_matter(text)
        for raw in HOSTILE_RAW:
            assert raw not in body, f"{raw!r} unescaped in {path}"
        soup = BeautifulSoup(body, "html.parser")
        assert not soup.find_all(["img", "b", "i", "u", "em", "iframe", "object"]), path
        # the only scripts: JSON-LD data, or the site's own files (search.js, choice.js) with no inline code
        own = [
            s
            for s in soup.find_all("script")
            if re.fullmatch(r"(\.\./)*assets/javascripts/[a-z]+\.js", s.get("src", "")) and not s.string
        ]
        assert [s.get("type") for s in soup.find_all("script") if s not in own] in (
            [],
            ["application/ld+json"],
        ), path
        for tag in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (path, tag)
            href = tag.get("href", "")
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), (path, href)
        for value in meta.values():
            if isinstance(value, str):
                assert "<" not in value and ">" not in value, (path, meta)
        checked += 1
    assert checked == len(pages(docs)) >= 20


def test_hostile_names_show_as_text_in_the_provider_pages(rendered):
    docs, _ = rendered
    for pid, name in (("0123", HOSTILE_SCRIPT), ("GBZ-01", HOSTILE_IMG)):
        meta, body = front_matter(docs[f"aanbieders/{pid}/index.md"])
        assert meta["title"] == str(markupsafe.escape(name))
        assert name not in meta["description"] and str(markupsafe.escape(name)) in meta["description"]
        soup = BeautifulSoup(body, "html.parser")
        assert soup.h1.get_text() == name
        for figure in soup.find_all("figure", class_="zs-chart"):  # the spine and each set's chart
            assert figure["data-label"].count(name) == 1
        caption = soup.find("table", class_="zs-results").find("caption").get_text()
        assert caption.endswith(f"van {name}") and "Ziekenhuizen <i>set</i> <!--<script>" in caption
    soup = BeautifulSoup(front_matter(docs["aanbieders/0123/index.md"])[1], "html.parser")
    explanation = soup.find("tr", class_="zs-explanation").get_text(" ", strip=True)
    assert explanation.endswith(HOSTILE_EXPLANATION)
    assert soup.find("a", string="Zorggroep & Co <i>schuin</i>")["href"] == "../../aanbieders/ORG1/"
    website = soup.find("a", rel="nofollow")
    assert website["href"] == "https://example.org/a?b=1&c=<2>"  # an attribute value, quoted and escaped
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in docs["aanbieders/0123/index.md"]


def test_a_website_that_is_not_http_gets_no_link(rendered):
    docs, _ = rendered
    assert "javascript:" not in docs["aanbieders/GBZ-01/index.md"]
    soup = BeautifulSoup(front_matter(docs["aanbieders/GBZ-01/index.md"])[1], "html.parser")
    assert [dt.get_text() for dt in soup.select("dl.zs-facts dt")].count("Website") == 0


def test_hostile_titles_show_as_text_on_indicator_list_and_region_pages(rendered):
    docs, _ = rendered
    meta, body = front_matter(docs["indicatoren/GBZ-01/index.md"])
    assert meta["title"] == "Goede zorg &lt;u&gt;echt&lt;/u&gt;"
    soup = BeautifulSoup(body, "html.parser")
    assert soup.h1.get_text() == "Goede zorg <u>echt</u>"
    assert soup.find("p", class_="zs-lead").get_text() == "Wat <em>meet</em> dit?"
    assert soup.find("p", class_="zs-lay").get_text() == "<script>alert(3)</script>"
    names = [a.get_text() for a in soup.select("table.zs-sortable tbody th a")]
    assert set(names) == {HOSTILE_SCRIPT, HOSTILE_IMG, "Ziekenhuis Gewoon"}
    meta, body = front_matter(docs["regio/zorgregio-regio-midden/index.md"])
    assert meta["title"] == "Zorgregio Regio &lt;Midden&gt;"
    assert BeautifulSoup(body, "html.parser").h1.get_text() == "Zorgregio Regio <Midden>"
    meta, body = front_matter(docs["index.md"])
    assert meta["title"] == "Zorgspiegel &lt;test&gt;"
    assert BeautifulSoup(body, "html.parser").h1.get_text() == "Zorgspiegel <test>"


def test_dataset_jsonld_cannot_end_or_escape_its_script_element(rendered):
    docs, _ = rendered
    body = front_matter(docs["downloads/index.md"])[1]
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0], "a '<' in a script element can start '<!--' or '</script' states"
    doc = json.loads(blocks[0])
    assert (
        doc["@type"] == "Dataset"
        and doc["version"] == RELEASE
        and doc["name"] == "Zorgspiegel <test>: kwaliteitsindicatoren"
    )
    urls = sorted(d["contentUrl"] for d in doc["distribution"])
    assert urls == [f"../data/{RELEASE}/alles.zip", f"../data/{RELEASE}/zkh.zip"]  # relative to /downloads/


def test_suppressed_rows_have_a_status_and_no_figures(rendered):
    docs, _ = rendered
    soup = BeautifulSoup(front_matter(docs["aanbieders/0456/index.md"])[1], "html.parser")
    row = soup.select_one("table.zs-results tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[0] == "2024"
    assert cells[1].startswith("Te weinig cliënten")
    assert not any(re.search(r"\d", c) for c in cells[1:]), cells
    assert soup.find("figure") is None  # nothing to draw


def test_api_json_parses_and_carries_the_rows(rendered):
    docs, rel = rendered
    data = json.loads(docs["api/providers/0123.json"])
    assert data["release"] == RELEASE
    assert data["provider"]["name"] == HOSTILE_SCRIPT and data["provider"]["provider_id"] == "0123"
    assert "</script>" not in docs["api/providers/0123.json"]
    rows = {(r["indicator_id"], r["period"]): r for r in data["results"]}
    assert set(rows) == {("GBZ-01", "2023"), ("GBZ-01", "2024"), ("R-1", "2024")}
    assert rows[("GBZ-01", "2024")]["value"] == pytest.approx(80.0)
    assert rows[("GBZ-01", "2024")]["explanation"] == HOSTILE_EXPLANATION
    assert rows[("GBZ-01", "2024")]["latest"] is True and rows[("GBZ-01", "2023")]["latest"] is False
    low, high = rows[("GBZ-01", "2024")]["ci_low"], rows[("GBZ-01", "2024")]["ci_high"]
    assert low < 80 < high
    ind = json.loads(docs["api/indicators/GBZ-01.json"])
    assert ind["period"] == "2024" and ind["indicator"]["title"] == "Goede zorg <u>echt</u>"
    by_provider = {r["provider_id"]: r for r in ind["results"]}
    assert set(by_provider) == {"0123", "GBZ-01", "0456"}
    assert by_provider["0456"]["status"] == "too_few_cases"
    assert (
        by_provider["0456"]["value"] is None
        and by_provider["0456"]["numerator"] is None
        and by_provider["0456"]["denominator"] is None
    )
    assert ind["funnel"] and all(
        f["low_998"] <= f["low_95"] <= f["high_95"] <= f["high_998"] for f in ind["funnel"]
    )
    for path, text in docs.items():
        if path.endswith(".json"):
            json.loads(text)  # every API and chart file parses
            assert "NaN" not in text and "Infinity" not in text, path


def test_provider_csv_has_the_package_columns(rendered):
    docs, _ = rendered
    lines = docs["api/providers/0123.csv"].splitlines()
    assert lines[0].split(",")[:4] == ["provider_id", "indicator_id", "set_id", "period"]
    assert len(lines) == 4


def test_a_hostile_id_is_rendered_under_its_segment_and_two_ids_on_one_path_stop_rendering(rendered):
    """An id never is a path: '../../evil' is written under its slug and hash. Validation rejects an id
    whose segment another id has; if such a pair slipped through, render raises rather than overwrite."""
    import dataclasses

    from generator.site import render

    _, rel = rendered
    pub = rel.public
    evil = id_path("../../evil")
    for column, table, old, folder in (
        ("provider_id", "providers", "0123", "aanbieders"),
        ("indicator_id", "indicators", "R-1", "indicatoren"),
        ("set_id", "indicators", "zkh", "indicatorsets"),
    ):
        frames = {
            "providers": pub.providers.copy(),
            "indicators": pub.indicators.copy(),
            "results": pub.results.copy(),
            "regions": pub.regions.copy(),  # the maps' region values carry the indicator id too
        }
        for name in frames:
            if column in frames[name]:
                frames[name].loc[frames[name][column] == old, column] = "../../evil"
        docs = render.render_site(dataclasses.replace(pub, **frames), [])
        assert f"{folder}/{evil}/index.md" in docs
        assert not any(".." in p.split("/") or "evil/" in p for p in docs)
        for name in (table, "results"):  # a second id whose segment is the first one's
            frames[name].loc[frames[name][column] == "../../evil", column] = evil
            frames[name] = pd.concat([frames[name], frames[name].head(1).assign(**{column: "../../evil"})])
        with pytest.raises(UnsafeIdError):
            render.render_site(dataclasses.replace(pub, **frames), [])


def test_hostile_ids_in_the_intake_get_their_own_segment_and_write_nothing_outside(tmp_path):
    """A whole build with '../' ids: they are ids like any other text, and every file stays inside --out
    under the ids' segments (slug and hash), never under the ids themselves."""
    from sitebuild import run_cli

    intake = tmp_path / "deep" / "intake"
    intake.mkdir(parents=True)
    (intake / "intake.yaml").write_text(
        "tables:\n  providers: {file: p.csv}\n  indicators: {file: i.csv}\n  results: {file: r.csv}\n"
    )
    (intake / "p.csv").write_text(
        "provider_id,name,kind\n0001,Een,ziekenhuis\n../../../escaped,Twee,ziekenhuis\n..,Drie,ziekenhuis\n"
    )
    (intake / "i.csv").write_text(
        "indicator_id,set_id,title,type,unit,direction\nP1,zkh,Goed,outcome,percentage,higher\n"
        "../../x,zkh,Slecht,outcome,percentage,higher\nP2,../../../../s,Set,outcome,percentage,higher\n"
    )
    (intake / "r.csv").write_text(
        "provider_id,indicator_id,period,numerator,denominator,approval_status\n0001,P1,2024,40,80,approved\n"
        "../../../escaped,P1,2024,40,80,approved\n0001,../../x,2024,40,80,approved\n"
        "..,P2,2024,40,80,approved\n"
    )
    before = set(tmp_path.rglob("*"))
    run_cli("build", "--input", str(intake), "--out", str(tmp_path / "deep" / "out"), "--release", RELEASE)
    out = tmp_path / "deep" / "out"
    created = set(tmp_path.rglob("*")) - before
    assert created and all(p == out or out in p.parents for p in created), sorted(map(str, created - {out}))[
        :5
    ]
    # no public file or folder is named after a raw id's last part: each id is under its segment (slug +
    # hash). The private per-provider reports are named by a slug unique among the delivered ids
    # ('report/providers/escaped.html'), rejected ones included, so no two share a page.
    public = [p for p in created if (out / "report" / "providers") not in p.parents]
    assert not any(p.name in ("escaped", "x", "s", "..") or p.stem == "escaped" for p in public)
    assert (out / "report" / "providers" / "escaped.html").exists()
    providers = sorted(p.name for p in (out / "site" / "aanbieders").iterdir() if p.is_dir())
    assert providers == sorted(["0001", id_path("../../../escaped"), id_path("..")])
    assert id_path("../../../escaped").startswith("escaped-") and re.fullmatch("[0-9a-f]{8}", id_path(".."))
    indicators = sorted(p.name for p in (out / "site" / "indicatoren").iterdir() if p.is_dir())
    assert indicators == sorted(["P1", "P2", id_path("../../x")])
    assert (out / "datapackages" / RELEASE / id_path("../../../../s") / "datapackage.json").is_file()
    page = (out / "site" / "aanbieders" / id_path("../../../escaped") / "index.html").read_text("utf-8")
    assert "<code>../../../escaped</code>" in page
    report = json.loads((out / "report" / "report.json").read_text())
    assert report["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 0}
    assert report["totals"]["published"] == 4


def test_changes_page_counts_the_changes_and_links_only_to_existing_pages(tmp_path):
    """Against a previous release: a corrected and two withdrawn results; the provider whose results were
    all withdrawn has no page any more and has left the published providers: the changes page names it as
    gone, without a link."""
    previous = build.build_release(write_hostile_intake(tmp_path / "before"), "2026-10")
    writer.replace_folder(tmp_path / "datapackages" / "2026-10", build.package_release(previous))
    intake = write_hostile_intake(tmp_path / "after")
    lines = [
        line
        for line in (intake / "results.csv").read_text("utf-8").splitlines()
        if not line.startswith("GBZ-01,")
    ]
    (intake / "results.csv").write_text(
        "\n".join(lines).replace("0123,GBZ-01,2024,80,100", "0123,GBZ-01,2024,85,100") + "\n", "utf-8"
    )
    # no expected provider kind: a provider without rows gets no 'not delivered' rows either
    (intake / "indicators.csv").write_text(
        (intake / "indicators.csv").read_text("utf-8").replace(",ziekenhuis,", ",,"), "utf-8"
    )
    rel = build.build_release(intake, RELEASE, previous=tmp_path / "datapackages" / "2026-10")
    docs = build.render_release(rel, [])
    assert "aanbieders/GBZ-01/index.md" not in docs
    soup = BeautifulSoup(front_matter(docs["wijzigingen/index.md"])[1], "html.parser")
    lead = " ".join(soup.select_one("p.zs-lead").get_text().split())
    assert "0 nieuwe resultaten, 1 gecorrigeerde, 2 ingetrokken" in lead
    rows = [[" ".join(td.get_text().split()) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert sorted(rows) == sorted(
        [
            ["resultaat gecorrigeerd", HOSTILE_SCRIPT, "Goede zorg <u>echt</u>", "2024", "80,0", "85,0"],
            ["resultaat ingetrokken", HOSTILE_IMG, "Goede zorg <u>echt</u>", "2024", "", ""],
            ["resultaat ingetrokken", HOSTILE_IMG, "Heropnames", "2024", "", ""],
            ["aanbieder weg", HOSTILE_IMG, "", "", "", ""],
        ]
    )
    for a in soup.find_all("a", href=True):
        path = a["href"].replace("../", "", 1)
        target = path if path.endswith(".xml") else path + "index.md"  # a page, or the Atom feed
        assert target in docs, f"link to {a['href']} has no page"
