"""Tests for the processing report per provider (intake/provider_report.py): each provider's private page
lists exactly its own rows, per bucket and delivery, every issue with its fix and what will be published;
nothing of another provider is on it, intake text is escaped, and no page lands in the site or packages."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from intake_files import PROVIDER_COLUMNS, build, result

from generator import pipeline
from generator.cli import main
from generator.core.errors import ISSUE_TYPES
from generator.core.names import BUCKETS
from generator.intake.provider_report import PROVIDER_FIXES, provider_html, provider_lines, written_pages

XSS = "<script>alert(1)</script>"
MARKER = "GEHEIM-TWEE"  # planted in everything of the other provider

PROVIDERS = [
    PROVIDER_COLUMNS,
    ["ORG1", "Zorggroep Een", "organisatie", "", "", ""],
    ["P1", f"Ziekenhuis Een {XSS}", "ziekenhuis", "ORG1", "1234 AB", "Utrecht"],
    [MARKER, f"Naam {MARKER}", "ziekenhuis", "ORG1", "", f"Plaats {MARKER}"],
    ["P3", "Verpleeghuis Drie", "verpleeghuis", "", "", ""],
]
ROWS = [
    # P1, delivery D1: published (a percentage), suppressed, held back (pending), rejected (not a number)
    result(
        provider_id="P1", indicator_id="PCT", numerator="72", denominator="100", value="", delivery_id="D1"
    ),
    result(
        provider_id="P1",
        indicator_id="PCT",
        period="2022",
        numerator="2",
        denominator="4",
        value="",
        delivery_id="D1",
    ),
    result(
        provider_id="P1", indicator_id="MEAN", approval_status="pending", value="8.7654", delivery_id="D1"
    ),
    result(provider_id="P1", indicator_id="CNT", value=XSS, explanation=XSS, delivery_id="D1"),
    # P1, delivery D2: published yes/no, rejected (value out of range)
    result(provider_id="P1", indicator_id="YN", value="", text_value="ja", delivery_id="D2"),
    result(
        provider_id="P1", indicator_id="PCT", period="2021", value="140", denominator="50", delivery_id="D2"
    ),
    # the other provider: every kind of row, the marker everywhere
    result(provider_id=MARKER, value="6", explanation=MARKER, delivery_id=f"D-{MARKER}"),
    result(provider_id=MARKER, indicator_id="TXT", text_value=MARKER, value="", approval_status="pending"),
    result(provider_id=MARKER, indicator_id="PCT", value=MARKER, delivery_id=f"D-{MARKER}"),
    # an id not in the registry, close to the other provider's: its hint must not name that one
    result(provider_id="GEHEIM-TWE", value="5"),
]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    from intake_files import write_intake

    folder = write_intake(tmp_path_factory.mktemp("intake") / "levering", ROWS, providers=PROVIDERS)
    return build(folder)


@pytest.fixture(scope="module")
def reports(release):
    return {r["provider_id"]: r for r in pipeline.provider_reports(release)}


def test_every_provider_of_results_and_registry_gets_a_report(reports):
    assert sorted(reports) == sorted(["ORG1", "P1", MARKER, "P3", "GEHEIM-TWE"])
    assert reports["P3"]["counts"]["read"] == 0 and reports["P3"]["in_registry"]
    assert not reports["GEHEIM-TWE"]["in_registry"]


def test_a_page_lists_exactly_its_rows_and_the_buckets_add_up(release, reports):
    total = Counter()
    for pid, rep in reports.items():
        c = rep["counts"]
        assert c["read"] == sum(c[b] for b in BUCKETS)
        listed = [(r["file"], r["row"]) for d in rep["deliveries"] for b in BUCKETS for r in d["rows"][b]]
        own = [("results.csv", i + 2) for i, row in enumerate(ROWS) if row["provider_id"] == pid]
        assert sorted(listed) == own
        for d in rep["deliveries"]:
            assert (
                d["counts"]["read"]
                == sum(d["counts"][b] for b in BUCKETS)
                == sum(len(d["rows"][b]) for b in BUCKETS)
            )
            for b in BUCKETS:
                assert d["counts"][b] == len(d["rows"][b])
        assert sum(d["counts"]["read"] for d in rep["deliveries"]) == c["read"]
        total.update({b: c[b] for b in [*BUCKETS, "read"]})
    assert dict(total) == release.report["totals"]


def test_rows_per_delivery_and_bucket_with_the_figures_as_the_site_shows_them(reports):
    p1 = reports["P1"]
    assert p1["counts"] == {"published": 2, "suppressed": 1, "held_back": 1, "rejected": 2, "read": 6}
    d1, d2 = p1["deliveries"]
    assert (d1["delivery_id"], d2["delivery_id"]) == ("D1", "D2")
    assert [r["shown"] for r in d1["rows"]["published"]] == ["72,0%"]
    assert d1["rows"]["suppressed"][0]["shown"].startswith("Te weinig cliënten")
    assert (
        d1["rows"]["held_back"][0]["shown"] == "8,77"
        and d1["rows"]["held_back"][0]["approval_status"] == "pending"
    )
    assert (
        d1["rows"]["rejected"][0]["issues"] == ["number-invalid"] and d1["rows"]["rejected"][0]["shown"] == ""
    )
    assert [r["shown"] for r in d2["rows"]["published"]] == ["ja"]
    assert d2["rows"]["rejected"][0]["issues"] == ["value-out-of-range"]
    overview = {(o["indicator_id"], o["period"]): (o["shown"], o["when"]) for o in p1["overview"]}
    assert overview[("MEAN", "2023")] == ("8,77", "once approved")
    assert overview[("PCT", "2023")] == ("72,0%", "this release")
    assert ("CNT", "2023") not in overview  # a rejected row publishes nothing


def test_every_issue_comes_with_its_fix(reports):
    issues = [i for d in reports["P1"]["deliveries"] for i in d["issues"]]
    assert {i["code"] for i in issues} == {"number-invalid", "value-out-of-range"}
    assert all(i["fix"] and i["file"] == "results.csv" and i["row"] for i in issues)
    row_codes = {c for c, (severity, _) in ISSUE_TYPES.items() if severity != "structure"}
    dropped_rules = row_codes - {"field-dropped"}  # a dropped field takes its rule's fix
    assert dropped_rules <= set(PROVIDER_FIXES), dropped_rules - set(PROVIDER_FIXES)


def test_another_providers_data_never_appears(reports, release):
    for pid in ("P1", "ORG1", "P3", "GEHEIM-TWE"):
        html = provider_html(reports[pid], release.release)
        text = "\n".join(provider_lines(reports[pid]))
        assert MARKER not in html and MARKER not in text, pid
    assert MARKER in provider_html(reports[MARKER], release.release)


def test_hostile_text_is_escaped(reports, release):
    html = provider_html(reports["P1"], release.release)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the name and the rejected value, escaped


def test_reports_made_a_provider_at_a_time_are_the_same(release, reports, monkeypatch):
    from generator.intake import provider_report

    monkeypatch.setattr(provider_report, "PROVIDER_BLOCK", 1)
    assert list(pipeline.provider_reports(release)) == list(reports.values())


def test_page_names_follow_the_site_slug_rule(reports):
    pages = {}
    list(written_pages(reports.values(), "2024-01", pages.__setitem__))
    assert sorted(pages) == sorted(["org1.html", "p1.html", "geheim-twee.html", "p3.html", "geheim-twe.html"])
    assert all(r["page"] == f"providers/{r['page'].split('/')[1]}" for r in reports.values())


# ---------------------------------------------------------------- the command line


def test_validate_provider_prints_its_report(tmp_path):
    folder = _folder(tmp_path)
    res = CliRunner().invoke(main, ["validate", "--input", str(folder), "--provider", "P1"])
    assert res.exit_code == 0, res.output
    assert "6 rows = 2 published + 1 suppressed + 1 held back + 2 rejected" in res.stdout
    assert "delivery D1" in res.stdout and "once approved: 8,77" in res.stdout
    assert "fix: Deliver a number" in res.stdout and MARKER not in res.stdout
    strict = CliRunner().invoke(main, ["validate", "--input", str(folder), "--provider", "P3", "--strict"])
    assert strict.exit_code == 0  # P3 has nothing rejected, whatever the others have
    strict = CliRunner().invoke(main, ["validate", "--input", str(folder), "--provider", "P1", "--strict"])
    assert strict.exit_code == 1


def test_validate_unknown_provider_says_did_you_mean(tmp_path):
    res = CliRunner().invoke(main, ["validate", "--input", str(_folder(tmp_path)), "--provider", "p 1"])
    assert res.exit_code == 2 and "did you mean 'P1'?" in res.output


def _folder(tmp_path):
    from intake_files import write_intake

    return write_intake(tmp_path / "levering", ROWS, providers=PROVIDERS)


def test_build_writes_provider_pages_only_into_the_report(tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["build", "--input", str(_folder(tmp_path)), "--out", str(out), "--release", "2024-01"]
    )
    assert res.exit_code == 0, res.output
    pages = sorted(p.name for p in (out / "report" / "providers").iterdir())
    assert pages == sorted(["org1.html", "p1.html", "geheim-twee.html", "p3.html", "geheim-twe.html"])
    index = (out / "report" / "report.html").read_text("utf-8")
    assert 'href="providers/p1.html"' in index
    listed = json.loads((out / "report" / "report.json").read_text("utf-8"))["providers"]
    assert {p["provider_id"]: p["counts"]["read"] for p in listed["pages"]}["P1"] == 6
    public = [
        p for root in ("site", "datapackages") for p in (out / root).resolve().rglob("*") if p.is_file()
    ]
    assert public and not [p for p in public if p.parent.name == "providers" and p.suffix == ".html"]
    for path in public:
        if path.suffix in (".html", ".json", ".csv", ".md", ".xml"):
            text = path.read_text("utf-8", errors="replace")
            assert "Verwerkingsverslag" not in text, path
            assert "8.7654" not in text and "8,77" not in text, path  # the held-back figure stays private
    # a stopped build leaves no provider page of the earlier one behind
    broken = _folder(tmp_path / "kapot")
    (broken / "intake.yaml").write_text("version: 1\ntables: {}\n", encoding="utf-8")
    res = CliRunner().invoke(
        main, ["build", "--input", str(broken), "--out", str(out), "--release", "2024-02"]
    )
    assert res.exit_code == 2
    assert list((out / "report" / "providers").iterdir()) == []
