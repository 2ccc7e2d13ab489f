"""Tests for generator/report.py: the processing report proves every results row ends in one bucket."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from intake_files import (
    INDICATOR_COLUMNS,
    INDICATORS,
    PROVIDER_COLUMNS,
    PROVIDERS,
    build,
    dict_rows,
    result,
    write_csv,
)

from generator.core.errors import Issue
from generator.core.names import BUCKETS
from generator.intake.report import AccountingError, build_report, report_html, report_json, structural_report

XSS = "<script>alert(1)</script>"

TWO_FILES_YAML = """\
version: 1
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: "results-*.csv"}
"""


def mixed_rows(period: str) -> list[dict]:
    return [
        result(provider_id="P1", value="5", period=period),  # published
        result(
            provider_id="P2", indicator_id="PCT", numerator="2", denominator="4", value="", period=period
        ),  # suppressed (< 10)
        result(provider_id="P3", value="5", approval_status="pending", period=period),  # held back
        result(provider_id="ORG1", approval_status="aproved", period=period),  # rejected
        result(provider_id="P9", indicator_id="ONBEKEND", period=period),  # rejected, unknown set
        result(
            provider_id="P1", indicator_id="TXT", value="", text_value="tekst", period=period
        ),  # published
    ]


@pytest.fixture
def two_file_release(tmp_path):
    folder = tmp_path / "intake"
    write_csv(folder / "providers.csv", [PROVIDER_COLUMNS] + PROVIDERS)
    write_csv(folder / "indicators.csv", [INDICATOR_COLUMNS] + INDICATORS)
    write_csv(folder / "results-a.csv", dict_rows(mixed_rows("2023")))
    write_csv(folder / "results-b.csv", dict_rows(mixed_rows("2022")[:4]), delimiter=";")
    (folder / "intake.yaml").write_text(TWO_FILES_YAML, encoding="utf-8")
    return build(folder)


def test_totals_add_up(two_file_release):
    t = two_file_release.report["totals"]
    assert t == {"published": 3, "suppressed": 2, "held_back": 2, "rejected": 3, "read": 10}
    assert t["read"] == sum(t[b] for b in BUCKETS)


def test_per_file_counts_add_up(two_file_release):
    files = {f["file"]: f for f in two_file_release.report["files"] if f["table"] == "results"}
    assert set(files) == {"results-a.csv", "results-b.csv"}
    a, b = files["results-a.csv"], files["results-b.csv"]
    assert (a["rows_in_file"], a["read"], a["published"], a["suppressed"], a["held_back"], a["rejected"]) == (
        6,
        6,
        2,
        1,
        1,
        2,
    )
    assert (b["rows_in_file"], b["read"], b["published"], b["suppressed"], b["held_back"], b["rejected"]) == (
        4,
        4,
        1,
        1,
        1,
        1,
    )
    for f in files.values():
        assert f["read"] == sum(f[bucket] for bucket in BUCKETS)
    assert sum(f["read"] for f in files.values()) == two_file_release.report["totals"]["read"]


def test_registry_files_count_accepted_and_rejected(two_file_release):
    registry = {f["table"]: f for f in two_file_release.report["files"] if f["table"] != "results"}
    assert registry["providers"] == {
        "file": "providers.csv",
        "table": "providers",
        "rows_in_file": 4,
        "read": 4,
        "accepted": 4,
        "rejected": 0,
    }
    assert registry["indicators"]["accepted"] == len(INDICATORS)


def test_per_set_counts_add_up(two_file_release):
    rep = two_file_release.report
    sets = {s["set_id"]: s for s in rep["sets"]}
    assert set(sets) == {"S1", "S2", "(onbekende indicator)"}
    assert sets["S1"]["set_title"] == "Set een" and sets["S1"]["suppressed"] == 2
    assert sets["(onbekende indicator)"]["rejected"] == 1 and sets["(onbekende indicator)"]["read"] == 1
    for s in sets.values():
        assert s["read"] == sum(s[b] for b in BUCKETS)
    for bucket in BUCKETS + ("read",):
        assert sum(s[bucket] for s in sets.values()) == rep["totals"][bucket]


def test_issue_list_and_counts(two_file_release):
    rep = two_file_release.report
    assert rep["issue_counts"] == {"enum-invalid": 2, "unknown-indicator": 1, "unknown-provider": 1}
    assert rep["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 3}
    assert rep["held_back_by_status"] == {"pending": 2}
    first = rep["issues"][0]
    assert set(first) == {"code", "severity", "file", "row", "column", "value", "message", "fix"}
    assert [(i["file"], i["row"]) for i in rep["issues"]] == sorted(
        (i["file"], i["row"]) for i in rep["issues"]
    )


def test_report_is_json_and_stable(two_file_release):
    text = report_json(two_file_release.report)
    assert json.loads(text) == json.loads(json.dumps(two_file_release.report))
    assert text == report_json(two_file_release.report) and text.endswith("\n")


def test_html_report_shows_the_accounting(two_file_release):
    html = report_html(two_file_release.report)
    assert "10 read = 3 published + 2 suppressed + 2 held back + 3 rejected" in html
    assert "results-a.csv" in html and "enum-invalid" in html


def test_accounting_error_when_buckets_do_not_add_up(two_file_release):
    files = [{"file": "r.csv", "table": "results", "rows": 2, "rows_mapped": 2}]
    published = pd.DataFrame({"_file": ["r.csv"], "indicator_id": ["X"], "bucket": ["published"]})
    stopped = pd.DataFrame(
        {
            "_file": pd.Series([], dtype=str),
            "indicator_id": pd.Series([], dtype=str),
            "bucket": pd.Series([], dtype=str),
            "approval_status": pd.Series([], dtype=str),
        }
    )
    indicators = pd.DataFrame({"indicator_id": ["X"], "set_id": ["S"], "set_title": ["S"]})
    with pytest.raises(AccountingError, match="2 rows read but 1 in buckets"):
        build_report("r", files, {}, published, stopped, indicators)


# ---------------------------------------------------------------- HTML escaping


def test_html_escapes_names_values_and_explanations_end_to_end(intake):
    providers = [PROVIDER_COLUMNS] + PROVIDERS + [[XSS, XSS, "ziekenhuis", "", "", ""]]
    rows = [
        result(provider_id=XSS, value=XSS, explanation=XSS),
        result(provider_id="P1", indicator_id="YN", value="", text_value=XSS, explanation=XSS),
    ]
    rel = build(intake(rows, providers=providers))
    html = report_html(rel.report)
    assert any(XSS in i["value"] for i in rel.report["issues"])  # the text did reach the report ...
    assert "<script>alert" not in html  # ... but only escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_escapes_every_field_of_a_crafted_report():
    issue = {
        "code": "enum-invalid",
        "severity": "row",
        "file": XSS,
        "row": 2,
        "column": XSS,
        "value": XSS,
        "message": XSS,
    }
    rep = {
        "release": XSS,
        "totals": {b: 0 for b in BUCKETS} | {"read": 0},
        "files": [
            {"file": XSS, "table": "results", "rows_in_file": 1, "read": 1} | {b: 0 for b in BUCKETS},
            {"file": XSS, "table": "providers", "rows_in_file": 1, "read": 1, "accepted": 1, "rejected": 0},
        ],
        "sets": [{"set_id": XSS, "set_title": XSS, "read": 0} | {b: 0 for b in BUCKETS}],
        "held_back_by_status": {XSS: 1},
        "rejected_rows": {},
        "issue_counts": {XSS: 1},
        "issues": [issue],
    }
    html = report_html(rep)
    assert "<script>alert" not in html and html.count("&lt;script&gt;") >= 8


def test_structural_report():
    issues = [
        Issue("file-missing", file="results.csv", hint=f" ({XSS})"),
        Issue("config-invalid", file="intake.yaml", detail="bad"),
    ]
    rep = structural_report("2024-01", issues)
    assert rep["stopped"] is True and [i["code"] for i in rep["structural_issues"]] == [
        "file-missing",
        "config-invalid",
    ]
    html = report_html(rep)
    assert "er is niets gepubliceerd" in html and "results.csv" in html
    assert "<script>alert" not in html
