"""Tests for generator/build.py: the conductor, its structural stops, and the row-count invariant.

The property test feeds results rows with garbage in every column and shows that the build never
crashes and that every row read ends in exactly one bucket, with a located issue for each rejected row.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_files import (
    DEFAULT_YAML,
    INDICATOR_COLUMNS,
    INDICATORS,
    PROVIDER_COLUMNS,
    PROVIDERS,
    RESULT_COLUMNS,
    build,
    dict_rows,
    result,
    write_csv,
    write_intake,
    write_xlsx,
)

from generator.core.errors import StructuralError
from generator.core.names import BUCKETS
from generator.pipeline import Release, build_release, check_release


def structural(folder: Path):
    with pytest.raises(StructuralError) as exc:
        build_release(folder, "2024-01")
    return exc.value.issues


def folder_snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- the conductor


def test_build_runs_every_stage_and_times_it(intake):
    rel = build(intake([result(), result(provider_id="P2")]))
    assert isinstance(rel, Release) and rel.release == "2024-01"
    assert {"load", "validate", "approve", "compute"} <= set(rel.timings)
    assert rel.report["totals"] == {"published": 2, "suppressed": 0, "held_back": 0, "rejected": 0, "read": 2}
    assert rel.rejected_rows == 0
    assert set(rel.registry["provider_id"]) == {p[0] for p in PROVIDERS}


def test_progress_is_reported_per_stage(intake):
    seen = []
    build_release(intake([result()]), "2024-01", progress=lambda stage, seconds: seen.append(stage))
    assert seen[:4] == ["load", "validate", "approve", "compute"]


def test_build_writes_nothing(intake):
    folder = intake([result()])
    before = folder_snapshot(folder)
    build(folder)
    assert folder_snapshot(folder) == before


def test_same_input_same_report(intake):
    rows = [
        result(),
        result(provider_id="P2", value="x"),
        result(provider_id="P3", approval_status="pending"),
    ]
    a, b = build(intake(rows)), build(intake(rows))
    assert a.report == b.report
    assert a.results.equals(b.results)


def test_rejected_rows_counts_every_table(intake):
    providers = [PROVIDER_COLUMNS] + PROVIDERS + [["P4", "Vier", "supermarkt", "", "", ""]]
    rel = build(intake([result(value="x"), result(provider_id="P2")], providers=providers))
    assert rel.report["rejected_rows"] == {"providers": 1, "indicators": 0, "results": 1}
    assert rel.rejected_rows == 2


def test_check_release_returns_checked_tables(intake):
    config, files, checked, timings = check_release(intake([result()]))
    assert set(checked) == {"providers", "indicators", "results"} and set(timings) == {"load", "validate"}
    assert [f["file"] for f in files] == ["providers.csv", "indicators.csv", "results.csv"]


def test_build_from_xlsx_and_parquet(tmp_path):
    from intake_files import write_parquet

    folder = tmp_path / "intake"
    write_parquet(
        folder / "providers.parquet", {c: [r[i] for r in PROVIDERS] for i, c in enumerate(PROVIDER_COLUMNS)}
    )
    write_csv(folder / "indicators.csv", [INDICATOR_COLUMNS] + INDICATORS, encoding="cp1252", delimiter=";")
    header = ["Aanbieder", "Indicator", "Jaar", "Teller", "Noemer", "Waarde", "Status"]
    write_xlsx(
        folder / "resultaten.xlsx",
        {
            "Toelichting": [["Dit blad is uitleg"]],
            "2022": [header, ["P1", "PCT", 2022, 30, 50, None, "geaccordeerd"]],
            "2023": [
                header,
                ["P1", "PCT", 2023, 45, 50, 90.0, "geaccordeerd"],
                ["P2", "PCT", 2023, 99, 50, None, "geaccordeerd"],
            ],
        },
    )
    (folder / "intake.yaml").write_text(
        """\
version: 1
tables:
  providers: {file: providers.parquet}
  indicators: {file: indicators.csv}
  results:
    file: resultaten.xlsx
    sheet: ["2022", "2023"]
    columns: {provider_id: Aanbieder, indicator_id: Indicator, period: Jaar, numerator: Teller,
              denominator: Noemer, value: Waarde, approval_status: Status}
""",
        encoding="utf-8",
    )
    rel = build(folder)
    assert rel.report["totals"] == {"published": 2, "suppressed": 0, "held_back": 0, "rejected": 1, "read": 3}
    [issue] = rel.report["issues"]
    assert (issue["code"], issue["file"], issue["row"], issue["column"]) == (
        "numerator-exceeds-denominator",
        "resultaten.xlsx[2023]",
        3,
        "numerator",
    )
    values = rel.results[rel.results["status"] != "not_delivered"].set_index("period")["value"]
    assert values["2022"] == 60 and values["2023"] == 90


# ---------------------------------------------------------------- structural stops


def test_missing_folder(tmp_path):
    [issue] = structural(tmp_path / "nergens")
    assert issue.code == "file-missing" and "the --input folder" in issue.message


def test_missing_intake_yaml(intake):
    folder = intake([result()])
    (folder / "intake.yaml").unlink()
    [issue] = structural(folder)
    assert issue.code == "file-missing" and issue.file.endswith("intake.yaml")
    assert "every intake folder needs an intake.yaml" in issue.message


def test_intake_yaml_that_is_not_utf8(intake):
    folder = intake([result()])
    (folder / "intake.yaml").write_bytes(
        DEFAULT_YAML.replace("version: 1", "# Cliënt\nversion: 1").encode("cp1252")
    )
    [issue] = structural(folder)
    assert issue.code == "encoding-error" and issue.file == "intake.yaml"


def test_bad_config(intake):
    folder = intake(
        [result()], yaml=DEFAULT_YAML.replace("{file: results.csv}", "{file: results.csv, skiprows: 1}")
    )
    [issue] = structural(folder)
    assert issue.code == "config-invalid" and "did you mean 'skip_rows'?" in issue.message


def test_missing_required_column_with_did_you_mean(intake):
    columns = ["Provider ID", "indicator_id", "period", "value", "denominator", "approval_status"]
    row = {
        "Provider ID": "P1",
        "indicator_id": "MEAN",
        "period": "2023",
        "value": "5",
        "denominator": "20",
        "approval_status": "approved",
    }
    assert (
        build(intake([row], result_columns=columns)).report["totals"]["published"] == 1
    )  # 'Provider ID' is matched ...
    columns[0] = "providr_id"
    row["providr_id"] = row.pop("Provider ID")
    [issue] = structural(
        intake([row], result_columns=columns)
    )  # ... 'providr_id' is not, but it is suggested
    assert issue.code == "column-missing" and issue.file == "results.csv" and issue.column == "provider_id"
    assert "(did you mean 'providr_id'?)" in issue.message


def test_source_column_missing(intake):
    yaml = DEFAULT_YAML.replace("{file: results.csv}", "{file: results.csv, columns: {numerator: 'Tellers'}}")
    [issue] = structural(intake([result(teller="3")], yaml=yaml))
    assert (
        issue.code == "source-column-missing"
        and issue.value == "Tellers"
        and "(did you mean 'teller'?)" in issue.message
    )


def test_unreadable_xlsx_stops_the_build(intake):
    folder = intake(None, yaml=DEFAULT_YAML.replace("results.csv", "results.xlsx"))
    (folder / "results.xlsx").write_bytes(bytes(range(256)) * 16)
    [issue] = structural(folder)
    assert issue.code == "file-unreadable" and issue.file == "results.xlsx"


def test_one_bad_file_among_good_ones_stops_the_build(intake):
    folder = intake([result()], yaml=DEFAULT_YAML.replace("results.csv", "results*.csv"))
    write_csv(folder / "results-kapot.csv", b"")
    [issue] = structural(folder)
    assert issue.code == "file-empty" and issue.file == "results-kapot.csv"


def test_every_structural_problem_is_listed(intake):
    folder = intake(
        [result()],
        yaml=DEFAULT_YAML.replace("results.csv", "resultaten.csv").replace(
            "indicators.csv", "indicators.xlsx"
        ),
    )
    write_xlsx(folder / "indicators.xlsx", {"Blad1": []})
    issues = structural(folder)
    assert sorted(i.code for i in issues) == ["file-empty", "file-missing"]
    assert any("did you mean 'results.csv'?" in i.message for i in issues)


# ---------------------------------------------------------------- property: junk in, every row accounted for

APPROVED_WORDS = {"approved", "geaccordeerd", "akkoord", "goedgekeurd"}
unicode_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
ids = st.one_of(
    st.sampled_from(["P1", "P2", "P3", "ORG1", "P9", "", "p1", " P2 ", "010001", "<b>x</b>", "P1;P2"]),
    unicode_text,
)
indicator_ids = st.one_of(
    st.sampled_from(["PCT", "PROP", "YN", "MEAN", "CNT", "TXT", "RATE", "XYZ", "", "pct"]), unicode_text
)
periods = st.one_of(
    st.sampled_from(
        ["2023", "2022", "2023Q2", "Q1 2024", "2023-05", "2025", "2019", "2023-13", "", "ooit", "2023.0"]
    ),
    unicode_text,
)
numbers = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "3,5",
            "1.234,5",
            "1,234.5",
            "abc",
            "inf",
            "NaN",
            "1e400",
            "50%",
            " 7 ",
            "١٢",
            "1e-320",
            "-0",
            "0x10",
        ]
    ),
    st.integers(-1000, 100_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.floats(min_value=-5, max_value=200).map(lambda f: f"{f:.3f}".replace(".", ",")),
    unicode_text,
)
statuses = st.one_of(
    st.sampled_from(
        ["approved", "approved", "pending", "rejected", "withdrawn", "Geaccordeerd", "APPROVED ", "", "ok"]
    ),
    unicode_text,
)
booleans = st.one_of(st.sampled_from(["", "ja", "nee", "true", "0", "x", "misschien"]), unicode_text)
reasons = st.one_of(
    st.sampled_from(["", "", "not_applicable", "too_few_cases", "not_delivered", "weet niet"]), unicode_text
)
dates = st.one_of(st.sampled_from(["", "2024-01-31", "2024-02-30", "31-01-2024", "gisteren"]), unicode_text)
garbage_row_fields = {
    "provider_id": ids,
    "indicator_id": indicator_ids,
    "period": periods,
    "numerator": numbers,
    "denominator": numbers,
    "value": numbers,
    "text_value": st.one_of(st.sampled_from(["", "ja", "Nee", "misschien"]), unicode_text),
    "not_applicable": booleans,
    "missing_reason": reasons,
    "approval_status": statuses,
    "approval_date": dates,
    "explanation": st.text(max_size=30),
}
garbage_row = st.fixed_dictionaries(garbage_row_fields)
VALID_ROWS = [
    {"indicator_id": "MEAN", "value": "7.5"},
    {"indicator_id": "PCT", "numerator": "30", "denominator": "50"},
    {"indicator_id": "PCT", "numerator": "3", "denominator": "5"},
    {"indicator_id": "YN", "text_value": "ja"},
    {"indicator_id": "TXT", "text_value": "Elke dag"},
    {"indicator_id": "CNT", "value": "12"},
    {"indicator_id": "RATE", "numerator": "3", "denominator": "2000"},
    {"indicator_id": "PROP", "value": "0,5", "denominator": "40"},
    {"indicator_id": "MEAN", "value": "", "missing_reason": "not_delivered"},
]


@st.composite
def messy_row(draw):
    """A valid row with up to three of its cells replaced by garbage (so that many rows pass and collide)."""
    row = {k: "" for k in garbage_row_fields}
    row.update(
        provider_id=draw(st.sampled_from(["P1", "P2", "P3", "ORG1"])),
        period=draw(st.sampled_from(["2022", "2023", "2024"])),
        approval_status=draw(st.sampled_from(["approved", "approved", "pending", "withdrawn"])),
    )
    row.update(draw(st.sampled_from(VALID_ROWS)))
    for column in draw(st.sets(st.sampled_from(sorted(garbage_row_fields)), max_size=3)):
        row[column] = draw(garbage_row_fields[column])
    return row


PROPERTY_INDICATORS = [INDICATOR_COLUMNS + ["provider_kind"]] + [
    r + ["ziekenhuis" if r[0] == "PCT" else ""] for r in INDICATORS
]


# ZORGSPIEGEL_PROPERTY_EXAMPLES=2000 runs a longer search (the default keeps the suite fast)
@settings(
    max_examples=int(os.environ.get("ZORGSPIEGEL_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(st.one_of(garbage_row, messy_row()), min_size=1, max_size=25),
    delimiter=st.sampled_from([",", ";", "\t"]),
    bom=st.booleans(),
    repeat=st.integers(0, 3),
)
def test_garbage_never_crashes_the_build_and_every_row_is_accounted_for(
    tmp_path_factory, rows, delimiter, bom, repeat
):
    rows = rows + rows[:repeat]  # exact duplicates too
    for n, row in enumerate(rows):
        row["delivery_id"] = f"rij-{n}"  # every row has something in it, so none is a blank line
    folder = tmp_path_factory.mktemp("garbage")
    write_intake(folder, None, indicators=PROPERTY_INDICATORS)
    # CRLF line ends: Python's csv module quotes a lone "\r" in a cell only when it is part of the line end
    write_csv(
        folder / "results.csv",
        dict_rows(rows, RESULT_COLUMNS + ["delivery_id"]),
        delimiter=delimiter,
        bom=bom,
        newline="\r\n",
    )

    rel = build_release(folder, "2024-01")  # must not raise: every problem here is a row problem

    rep = rel.report
    totals = rep["totals"]
    assert totals["read"] == len(rows) == sum(totals[b] for b in BUCKETS)
    [f] = [f for f in rep["files"] if f["table"] == "results"]
    assert f["rows_in_file"] == f["read"] == len(rows) == sum(f[b] for b in BUCKETS)
    assert sum(s["read"] for s in rep["sets"]) == len(rows)

    # published and suppressed rows are approved rows of the file, each once
    from_intake = rel.accounting
    assert len(from_intake) == totals["published"] + totals["suppressed"]
    passed = [int(r) for r in from_intake["_row"]]
    assert len(set(passed)) == len(passed) and set(passed) <= set(range(2, len(rows) + 2))
    for r in passed:
        assert rows[r - 2]["approval_status"].strip().lower() in APPROVED_WORDS

    # every rejected row has at least one located row issue, and no row issue points elsewhere
    row_issues = [i for i in rep["issues"] if i["severity"] == "row" and i["file"] == "results.csv"]
    assert len({i["row"] for i in row_issues}) == totals["rejected"] == rep["rejected_rows"]["results"]
    assert {i["row"] for i in row_issues}.isdisjoint(passed)
    assert all(2 <= i["row"] <= len(rows) + 1 and i["message"] for i in row_issues)

    # what passed obeys its unit
    pct = rel.results[(rel.results["indicator_id"] == "PCT") & rel.results["value"].notna()]
    assert pct["value"].between(0, 100).all()
