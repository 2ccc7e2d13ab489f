"""Keeping what publishers give (issue 15): a provider's other identifiers (`identifiers:` in intake.yaml)
and a result's footnote (`note`), published in the packages, the API JSON and on the provider page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from intake_files import DEFAULT_YAML, PROVIDER_COLUMNS, PROVIDERS, result

from generator import pipeline as build
from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.publish import writer

RELEASE = "2024-01"
REGISTRY = [PROVIDER_COLUMNS + ["AGB", "CCN", "KvK"]] + [
    p + ids
    for p, ids in zip(
        PROVIDERS, [["", "", "30123456"], ["1234567", "10001", "30123456"], ["", "10002", ""], ["", "", ""]]
    )
]
IDENTIFIERS = "{file: providers.csv, identifiers: {agb: AGB, ccn: CCN, kvk: KvK}, zero_pad: {AGB: 8, CCN: 6}}"


def released(folder):
    """(release, package files, site files) of an intake folder, built in memory."""
    rel = build.build_release(folder, RELEASE)
    files = build.package_release(rel)
    writer.replace_folder(folder.parent / "datapackages" / RELEASE, files)
    return rel, files, build.render_release(rel, build.list_releases(folder.parent / "datapackages"))


# ---------------------------------------------------------------- identifiers


@pytest.fixture
def with_identifiers(intake):
    yaml = DEFAULT_YAML.replace("{file: providers.csv}", IDENTIFIERS)
    return released(intake([result(), result(provider_id="P2")], providers=REGISTRY, yaml=yaml))


def test_identifiers_become_one_json_field_of_the_providers_table(with_identifiers):
    rel, files, _ = with_identifiers
    ids = dict(zip(rel.public.providers["provider_id"], rel.public.providers["identifiers"]))
    assert json.loads(ids["P1"]) == {"agb": "01234567", "ccn": "010001", "kvk": "30123456"}
    assert json.loads(ids["P2"]) == {"ccn": "010002"}  # empty ones are left out
    assert ids["ORG1"] == '{"kvk": "30123456"}'  # the organisation of P1 and P2: published too
    [header, *rows] = list(csv.reader(io.StringIO(files["alles/providers.csv"].decode("utf-8"))))
    p1 = dict(zip(header, next(r for r in rows if r[0] == "P1")))
    assert json.loads(p1["identifiers"])["agb"] == "01234567"
    desc = json.loads(files["alles/datapackage.json"])
    [providers] = [r for r in desc["resources"] if r["name"] == "providers"]
    [field] = [f for f in providers["schema"]["fields"] if f["name"] == "identifiers"]
    assert field["type"] == "string" and "JSON" in field["description"]


def test_identifiers_in_the_api_and_on_the_provider_page(with_identifiers):
    _, _, docs = with_identifiers
    provider = json.loads(docs["api/providers/P1.json"])["provider"]
    assert provider["identifiers"] == {"agb": "01234567", "ccn": "010001", "kvk": "30123456"}
    assert json.loads(docs["api/providers/P2.json"])["provider"]["identifiers"] == {"ccn": "010002"}
    page = docs["aanbieders/P1/index.md"]
    assert "<code>agb 01234567</code>" in page and "<code>ccn 010001</code>" in page


@pytest.mark.parametrize(
    "entry, words",
    [
        (
            "{file: results.csv, identifiers: {agb: AGB}}",
            "'tables.results.identifiers' is only for providers",
        ),
        ("{file: providers.csv, identifiers: {AGB code: AGB}}", "lowercase letters, digits and '_'"),
        ("{file: providers.csv, identifiers: {agb: [A, B]}}", "must name one source column"),
    ],
)
def test_identifiers_that_cannot_work_are_a_config_error(entry, words):
    table = entry.split("{file: ")[1].split(".csv")[0]
    text = DEFAULT_YAML.replace(f"{{file: {table}.csv}}", entry)
    with pytest.raises(StructuralError) as err:
        parse_intake_config(text)
    assert any(words in i.message for i in err.value.issues), [i.message for i in err.value.issues]


# ---------------------------------------------------------------- a result's note


NOTE_ENTRY = (
    "{file: results.csv, columns: {note: Footnote},"
    " values: {note: {'3': 'Based on fewer months', '9': '<b>Let op</b> & zie toelichting'}}}"
)


@pytest.fixture
def with_notes(intake):
    rows = [
        result(Footnote="3"),
        result(provider_id="P2", Footnote="9"),
        result(provider_id="P3", indicator_id="PCT", numerator="2", denominator="4", value="", Footnote="3"),
    ]
    return released(intake(rows, yaml=DEFAULT_YAML.replace("{file: results.csv}", NOTE_ENTRY)))


def test_a_note_is_published_in_the_packages(with_notes):
    rel, files, _ = with_notes
    notes = dict(zip(rel.results["provider_id"], rel.results["note"]))
    assert notes == {"P1": "Based on fewer months", "P2": "<b>Let op</b> & zie toelichting", "P3": ""}
    desc = json.loads(files["alles/datapackage.json"])
    [results] = [r for r in desc["resources"] if r["name"] == "results"]
    assert "note" in [f["name"] for f in results["schema"]["fields"]]
    [header, *rows] = list(csv.reader(io.StringIO(files["alles/results.csv"].decode("utf-8"))))
    assert {dict(zip(header, r))["note"] for r in rows} == set(notes.values())


def test_a_suppressed_result_keeps_no_note(with_notes):
    """Like the provider's explanation, a note may quote the small numbers the threshold hides."""
    rel, _, _ = with_notes
    p3 = rel.results[rel.results["provider_id"] == "P3"].iloc[0]
    assert p3["status"] == "too_few_cases" and p3["note"] == ""


def test_a_note_in_the_api_and_escaped_on_the_provider_page(with_notes):
    _, _, docs = with_notes
    [row] = json.loads(docs["api/providers/P2.json"])["results"]
    assert row["note"] == "<b>Let op</b> & zie toelichting"
    page = docs["aanbieders/P2/index.md"]
    assert "&lt;b&gt;Let op&lt;/b&gt; &amp; zie toelichting" in page and "<b>Let op</b>" not in page
    assert "Based on fewer months" in docs["aanbieders/P1/index.md"]
    assert "note" in docs["api/providers/P1.csv"].splitlines()[0].split(",")
