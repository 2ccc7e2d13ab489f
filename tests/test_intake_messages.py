"""Messages that say where to fix (issue 15): every intake problem names the intake.yaml key to change
with a one-line example, and the summary groups thousands of identical issues into one line."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from intake_files import DEFAULT_YAML, build, issues_of, result

from generator.cli import main
from generator.config.keys import SOURCE_KEYS
from generator.core.errors import FIXES, ISSUE_TYPES, Issue
from generator.intake.summary import grouped_issues

# rules that only the delivered data can cause: their fix says so instead of naming a key
DATA_ONLY = {"negative-count", "workbook-unsafe", "control-character-removed"}


@pytest.mark.parametrize("code", sorted(ISSUE_TYPES))
def test_every_rule_says_where_to_fix_it(code):
    fix = Issue(
        code, file="r.csv", row=2, column="indicator_id", value="PCI", extra={"rule": "enum-invalid"}
    ).fix
    assert fix, code
    keys = set(SOURCE_KEYS) | {"tables", "min_denominator", "first_year", "unit", "min_value"}
    named = {k for k in keys if re.search(rf"\b{k}\b", fix)}
    assert named or code in DATA_ONLY or "the key quoted above" in fix, (code, fix)


def test_a_fix_is_a_one_line_example_with_the_issue_filled_in():
    issue = Issue("unknown-indicator", file="r.csv", row=7, column="indicator_id", value="PCI")
    assert "values: {indicator_id: {'PCI': " in issue.fix and "\n" not in issue.fix
    assert issue.to_dict()["fix"] == issue.fix
    dropped = Issue(
        "field-dropped", column="approval_date", value="31-02-2024", extra={"rule": "date-invalid"}
    )
    assert dropped.fix == Issue("date-invalid", column="approval_date", value="31-02-2024").fix


def test_thousands_of_identical_issues_are_one_group_with_a_count_and_the_first_rows():
    issues = [
        Issue("unknown-indicator", file="r.csv", row=n, column="indicator_id", value=v).to_dict()
        for n, v in zip(range(2, 3002), ["PCI", "CABG", "AMI"] * 1000)
    ] + [Issue("required-missing", file="r.csv", row=9, column="period").to_dict()]
    groups = grouped_issues(issues)
    assert [(g["code"], g["count"]) for g in groups] == [("unknown-indicator", 3000), ("required-missing", 1)]
    first = groups[0]
    assert first["rows"] == [2, 3, 4, 5, 6] and first["values"] == ["PCI", "CABG", "AMI"]
    assert first["message"] == issues[0]["message"] and first["fix"] == issues[0]["fix"]


def test_the_validate_summary_prints_a_group_as_one_line_with_its_fix(intake):
    rows = [result(provider_id="P1", indicator_id=f"X{n % 3}", period=str(2000 + n % 20)) for n in range(600)]
    folder = intake(rows)
    run = CliRunner().invoke(main, ["validate", "--input", str(folder)])
    assert run.exit_code == 0, run.output
    lines = [line for line in run.output.splitlines() if "[unknown-indicator]" in line]
    assert len(lines) == 1 and "600 rows" in lines[0]
    assert "rows 2, 3, 4, 5, 6" in run.output and "values 'X0', 'X1', 'X2'" in run.output
    assert "intake.yaml: values: {indicator_id: {'X0': " in run.output


def test_the_summary_says_when_every_row_of_a_file_was_rejected(intake):
    """A per-file values: block once replaced defaults' and every one of 27,428 rows was rejected, exit 0."""
    folder = intake([result(indicator_id="PCI"), result(provider_id="P2", indicator_id="CABG")])
    run = CliRunner().invoke(main, ["validate", "--input", str(folder)])
    assert "every one of the 2 rows of results.csv was rejected" in run.output
    assert "intake.yaml" in run.output.split("every one of the 2 rows")[1].splitlines()[0]


def test_the_report_keeps_every_issue_with_its_fix(intake):
    rel = build(intake([result(indicator_id="PCI")], yaml=DEFAULT_YAML))
    [issue] = issues_of(rel, "unknown-indicator")
    assert issue["fix"].startswith("values: {indicator_id: {'PCI': ")


def test_fixes_cover_every_rule():
    assert set(FIXES) == set(ISSUE_TYPES)
