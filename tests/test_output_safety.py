"""Hostile text in the public output (issue 13): spreadsheet formulas in every CSV, control characters in the
front matter of pages, and names whose slugs collide.

A small release is built in memory from an intake whose names, places, titles and explanations start with
'=', '+', '-', '@', tab or carriage return, carry control characters and bidi overrides, and whose regions
and provinces fold to the same slug; then every public CSV and every generated page is read back.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from sitebuild import package_and_render

from generator import pipeline as build
from generator.core.ids import is_plain_segment
from generator.package import packages as package
from generator.site import entities, urls
from generator.site.page import page

RELEASE = "2026-11"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_NAME = '=HYPERLINK("https://example.org/x","klik")'
PROVIDERS = f"""provider_id,name,kind,city,province,region
0001,"{FORMULA_NAME.replace('"', '""')}",ziekenhuis,+31 Utrecht,Noord-Holland Zuid,Regio Noord-Holland Zuid
0002,@Ziekenhuis Twee,ziekenhuis,-Zwolle,Noord Holland Zuid,Regio Noord Holland Zuid
0003,"\tZiekenhuis Drie",ziekenhuis,Assen,Fryslân,Περιφέρεια Αττικής
0004,"Ziekenhuis\x1f Vier\x02",ziekenhuis,Leeuwarden,Fryslan,Московская область
0005,Ziekenhuis Vijf,ziekenhuis,Utrecht,Utrecht,Regio Utrecht
"""
INDICATORS = """indicator_id,set_id,set_title,title,type,unit,direction,provider_kind,description
P1,zkh,Ziekenhuizen,=1+1 goede zorg,outcome,percentage,higher,ziekenhuis,"-Wat dit meet"
M1,zkh,Ziekenhuizen,"Verschil\x1f in dagen\u202e",outcome,mean,neither,ziekenhuis,@beschrijving
"""
RESULTS = """provider_id,indicator_id,period,numerator,denominator,value,approval_status,explanation
0001,P1,2024,40,80,,approved,"=cmd|' /C calc'!A0"
0002,P1,2024,45,90,,approved,+1+1
0003,P1,2024,50,100,,approved,-1+1
0004,P1,2024,60,100,,approved,"@SUM(A1)"
0005,P1,2024,70,100,,approved,"\rtoelichting"
0001,M1,2024,,100,-5.5,approved,"\ttab voorop\x1f en \x02 stuurtekens"
0002,M1,2024,,100,3.25,approved,gewoon
0003,M1,2024,,100,-0.75,approved,
"""
INTAKE_YAML = """version: 1
publication:
  title: Zorgspiegel test
  demo: true
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(packages: path -> bytes, generated site files: path -> text, the release) of the hostile intake."""
    base = tmp_path_factory.mktemp("hostile13")
    intake = base / "input"
    intake.mkdir()
    for name, text in (
        ("intake.yaml", INTAKE_YAML),
        ("providers.csv", PROVIDERS),
        ("indicators.csv", INDICATORS),
        ("results.csv", RESULTS),
    ):
        (intake / name).write_bytes(text.encode("utf-8"))
    rel = build.build_release(intake, RELEASE)
    files, docs = package_and_render(rel, base)
    return files, docs, rel


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def public_csvs(built) -> dict[str, str]:
    files, docs, _ = built
    out = {p: b.decode("utf-8") for p, b in files.items() if p.endswith(".csv")}
    out |= {p: t for p, t in docs.items() if p.endswith(".csv")}
    return out


# ---------------------------------------------------------------- spreadsheet formulas


def test_the_hostile_intake_reaches_the_public_tables(built):
    """The rows are published (otherwise the checks below would prove nothing)."""
    _, _, rel = built
    assert len(rel.public.providers) == 5
    assert (rel.public.results["status"] == "published").sum() == 8


def test_no_text_cell_of_any_public_csv_starts_a_formula(built):
    csvs = public_csvs(built)
    assert any(p.startswith("api/providers/") for p in csvs) and any(p.endswith("results.csv") for p in csvs)
    for path, text in csvs.items():
        for n, row in enumerate(cells(text)):
            for cell in row:
                if cell.startswith(TRIGGERS):
                    assert is_number(cell), f"{path}, row {n}: {cell!r} starts a formula"


def test_formulas_are_neutralised_with_a_leading_apostrophe_and_numbers_stay_numbers(built):
    files, docs, _ = built
    providers = files["alles/providers.csv"].decode("utf-8")
    assert "'" + FORMULA_NAME.replace('"', '""') in providers and "'@Ziekenhuis Twee" in providers
    results = cells(files["alles/results.csv"].decode("utf-8"))
    head = results[0]
    explanations = {r[head.index("explanation")] for r in results[1:]}
    assert {"'=cmd|' /C calc'!A0", "'+1+1", "'-1+1", "'@SUM(A1)"} <= explanations
    values = {r[head.index("value")] for r in results[1:]}
    assert {"-5.5", "-0.75"} <= values  # a negative number in a numeric column is not touched
    api = cells(docs["api/providers/0001.csv"])
    row = dict(zip(api[0], next(r for r in api[1:] if r[1] == "M1"), strict=True))
    assert row["value"] == "-5.5"  # the intake trims a leading tab; the writers are checked for it below


@pytest.mark.parametrize("start", TRIGGERS)
def test_every_formula_start_is_neutralised_in_both_csv_writers(start):
    """Tab and carriage return too (the intake trims them off a text's ends; writers don't rely on it)."""
    text = f"{start}1+1"
    table = package.arrow_table(
        pd.DataFrame({"indicator_id": ["I1"], "title": [text], "unit": ["mean"]}), "indicators"
    )
    written = cells(package.csv_bytes(table, "indicators").decode("utf-8"))
    assert written[1][written[0].index("title")] == "'" + text
    assert written[1][written[0].index("indicator_id")] == "I1"
    row = dict.fromkeys(entities.CSV_COLUMNS) | {"provider_id": "0001", "explanation": text, "value": -2.5}
    api = cells(entities.provider_csv([row]))
    assert dict(zip(api[0], api[1], strict=True))["explanation"] == "'" + text
    assert dict(zip(api[0], api[1], strict=True))["value"] == "-2.5"


def test_parquet_keeps_the_text_as_delivered_and_agrees_with_the_csv_on_every_number(built):
    files, _, _ = built
    table = pq.read_table(io.BytesIO(files["alles/results.parquet"])).to_pandas()
    assert "=cmd|' /C calc'!A0" in set(table["explanation"])
    csv_rows = cells(files["alles/results.csv"].decode("utf-8"))
    head = csv_rows[0]
    for f in package.table_schema("results")["fields"]:
        if f["type"] != "number":
            continue
        column = [r[head.index(f["name"])] for r in csv_rows[1:]]
        for text, value in zip(column, table[f["name"]], strict=True):
            assert (float(text) if is_number(text) else None) == (None if value != value else value)


def test_the_rule_is_documented_in_each_package(built):
    files, _, _ = built
    readme = files["alles/README.md"].decode("utf-8")
    assert "apostrof" in readme and "Parquet" in readme
    desc = files["alles/datapackage.json"].decode("utf-8")
    assert "formula" in desc.lower()


# ---------------------------------------------------------------- front matter

CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + [
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u202e",
]


def expected_title(ch: str) -> str:
    """Line and paragraph separators become a space; every other control character is dropped."""
    return "Zorg Plaza" if ch in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else "ZorgPlaza"


@pytest.mark.parametrize("ch", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_front_matter_stays_valid_yaml_whatever_the_title(ch):
    title = f"Zorg{ch}Plaza"
    text = page(
        "region.html.j2",
        title,
        2,
        f"Over{ch}zicht",
        level="zorgregio",
        name=title,
        slug="zorgregio-x",
        groups=[],
        total=0,
        values=[],
        providers=[],
        located=0,
        datasets={},
    )
    body, meta = get_data(text)  # what MkDocs itself does with the page
    assert meta.get("title") == expected_title(ch), repr(text[:200])
    assert meta["description"] == expected_title(ch).replace("Zorg", "Over").replace("Plaza", "zicht")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S).group(1)
    assert yaml.safe_load(front)["title"] == expected_title(ch)
    assert (
        f"<h1>{expected_title(ch)}</h1>" in meta["zs_body"]
    )  # the body, which travels in the front matter too


def test_every_generated_page_has_readable_front_matter(built):
    """The control characters in names, titles and explanations never cost a page its front matter."""
    _, docs, _ = built
    checked = 0
    for path, text in docs.items():
        if path.endswith(".md"):
            _, meta = get_data(text)
            assert meta.get("title") and meta.get("zs_body"), path
            for ch in "\x1f\x02\u202e":
                assert ch not in text, (path, ch)
            checked += 1
    assert checked > 15
    _, meta = get_data(docs["indicatoren/M1/index.md"])
    assert meta["title"] == "Verschil in dagen"


# ---------------------------------------------------------------- slugs


def test_slugs_are_plain_when_unique_and_suffixed_when_names_would_share_one():
    out = urls.slugs(["Noord-Holland Zuid", "Noord Holland Zuid", "Utrecht", "Fryslân", "Fryslan"])
    assert out["Utrecht"] == "utrecht"
    assert len(set(out.values())) == 5
    assert re.fullmatch(r"noord-holland-zuid-[0-9a-f]{6}", out["Noord-Holland Zuid"])
    assert re.fullmatch(r"fryslan-[0-9a-f]{6}", out["Fryslân"])
    assert urls.slugs(["Fryslân"]) == {"Fryslân": "fryslan"}
    # the same name gets the same path whatever other, unrelated names there are
    assert urls.slugs(["Fryslân", "Fryslan", "Zeeland"])["Fryslân"] == out["Fryslân"]


def test_non_latin_names_get_distinct_paths_not_onbekend():
    out = urls.slugs(["Περιφέρεια Αττικής", "Московская область", "!!!", "Ørebro", "Straße"])
    assert "onbekend" not in out.values() and len(set(out.values())) == 5
    assert out["Ørebro"] == "orebro" and out["Straße"] == "strasse"
    for s in out.values():
        assert is_plain_segment(s)


def test_a_name_that_looks_like_another_names_suffixed_slug_does_not_take_its_path():
    first = urls.slugs(["A", "a"])
    taken = first["A"]
    out = urls.slugs(["A", "a", taken.replace("-", " ")])
    assert len(set(out.values())) == 3


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=80), st.sampled_from(["Fryslân", "Fryslan", "FRYSLAN", "a b", "a-b"]))
    )
)
def test_two_different_names_never_share_a_path(names):
    out = urls.slugs(names)
    assert set(out) == set(names)
    assert len(set(out.values())) == len(out)
    for s in out.values():
        assert is_plain_segment(s) and len(s) <= 60


def test_region_pages_do_not_overwrite_each_other_and_providers_link_to_their_own(built):
    _, docs, rel = built
    regions = set(rel.public.providers["region"])
    provinces = set(rel.public.providers["province"])
    region_pages = [p for p in docs if re.fullmatch(r"regio/zorgregio-[^/]+/index\.md", p)]
    province_pages = [p for p in docs if re.fullmatch(r"regio/provincie-[^/]+/index\.md", p)]
    assert len(region_pages) == len(regions) == 5 and len(province_pages) == len(provinces) == 5
    assert not any("onbekend" in p for p in docs)
    for p in rel.public.providers.to_dict("records"):
        _, meta = get_data(docs[f"aanbieders/{p['provider_id']}/index.md"])
        link = re.search(r'href="\.\./\.\./regio/zorgregio-([^/"]+)/"', meta["zs_body"]).group(1)
        _, region = get_data(docs[f"regio/zorgregio-{link}/index.md"])
        assert f'aanbieders/{p["provider_id"]}/' in region["zs_body"], p
