"""Tests for generator/cli.py: exit codes, help, suggestions, structural messages and the report files.

Exit codes: 0 success; 1 when --strict and rows were rejected; 2 on usage or structural errors (the rest:
tests/test_exit_codes.py).
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from intake_files import DEFAULT_YAML, PROVIDER_COLUMNS, PROVIDERS, result

from generator.cli import EXIT_OK, EXIT_REJECTED, EXIT_STRUCTURAL, main

GOOD = [result(provider_id="P1"), result(provider_id="P2")]
ONE_BAD = [result(provider_id="P1", approval_status="aproved"), result(provider_id="P2")]
ONE_WARNING = [
    result(provider_id="P1", indicator_id="PCT", numerator="5", denominator="10", value="80"),
    result(provider_id="P2"),
]


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_exit_codes_are_as_documented():
    assert (EXIT_OK, EXIT_REJECTED, EXIT_STRUCTURAL) == (0, 1, 2)


# ---------------------------------------------------------------- help, version, usage errors


def test_help_lists_every_command():
    res = run("--help")
    assert res.exit_code == 0
    for name in main.commands:
        assert name in res.output


@pytest.mark.parametrize("command", sorted(main.commands))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help(command, flag):
    res = run(command, flag)
    assert res.exit_code == 0, res.output
    assert f"Usage: main {command}" in res.output or "Usage:" in res.output
    assert main.commands[command].help.split("\n")[0].strip() in " ".join(res.output.split())
    for param in main.commands[command].params:
        if getattr(param, "help", None):
            assert param.opts[0] in res.output


def test_version():
    res = run("--version")
    assert res.exit_code == 0 and "version" in res.output


def test_mistyped_command_says_did_you_mean():
    res = run("valdate", "--input", "x")
    assert res.exit_code == EXIT_STRUCTURAL
    assert "No such command 'valdate' (did you mean 'validate'?)" in res.output


def test_unknown_command_lists_the_commands():
    res = run("publiceer")
    assert res.exit_code == 2 and "Commands:" in res.output and "validate" in res.output


def test_missing_required_option_is_a_usage_error():
    res = run("validate")
    assert res.exit_code == 2 and "--input" in res.output


def test_bad_release_label_is_a_usage_error(intake, tmp_path):
    res = run("build", "--input", intake(GOOD), "--out", tmp_path / "out", "--release", "2024-13")
    assert res.exit_code == 2 and "use YYYY-MM" in res.output
    assert not (tmp_path / "out").exists()


def test_out_of_range_option_is_a_usage_error(tmp_path):
    res = run("demo", "--out", tmp_path / "demo", "--providers", "5")
    assert res.exit_code == 2 and "--providers" in res.output


# ---------------------------------------------------------------- validate


def test_validate_success(intake):
    res = run("validate", "--input", intake(GOOD))
    assert res.exit_code == EXIT_OK, res.output
    assert "results: 2 read → 2 published, 0 suppressed, 0 held back (not approved), 0 rejected" in res.output


def test_validate_with_rejected_rows_exits_0_without_strict_and_1_with_it(intake):
    folder = intake(ONE_BAD)
    res = run("validate", "--input", folder)
    assert res.exit_code == EXIT_OK
    assert (
        "results.csv, row 2, column 'approval_status': 'aproved' in column 'approval_status' is not one of "
        "approved, pending, rejected, withdrawn (did you mean 'approved'?)." in res.output
    )
    assert run("validate", "--input", folder, "--strict").exit_code == EXIT_REJECTED


def test_validate_strict_counts_rejected_registry_rows_too(intake):
    providers = [PROVIDER_COLUMNS] + PROVIDERS + [["P4", "Vier", "supermarkt", "", "", ""]]
    assert (
        run("validate", "--input", intake(GOOD, providers=providers), "--strict").exit_code == EXIT_REJECTED
    )


def test_validate_strict_ignores_warnings(intake):
    res = run("validate", "--input", intake(ONE_WARNING), "--strict")
    assert res.exit_code == EXIT_OK and "[value-recomputed]" in res.output


def test_validate_limit_shortens_the_list(intake):
    rows = [
        result(period="x"),
        result(provider_id="P2", approval_status="x"),
        result(provider_id="P3", indicator_id="x"),
    ]
    res = run("validate", "--input", intake(rows), "--limit", "1")
    assert res.output.count("[period-invalid]") == 1 and "[enum-invalid]" not in res.output
    assert "… and 2 more kinds of issue: see the processing report." in res.output


def test_validate_structural_error_names_the_file_and_what_to_fix(intake):
    rows = [
        {
            "providr_id": "P1",
            "indicator_id": "MEAN",
            "period": "2023",
            "value": "5",
            "approval_status": "approved",
        }
    ]
    folder = intake(rows, result_columns=["providr_id", "indicator_id", "period", "value", "approval_status"])
    res = run("validate", "--input", folder)
    assert res.exit_code == EXIT_STRUCTURAL
    assert "Nothing was published" in res.stderr
    assert "results.csv" in res.stderr
    assert (
        "Required column 'provider_id' is missing from results.csv (did you mean 'providr_id'?)" in res.stderr
    )
    assert "map it under 'columns' in intake.yaml" in res.stderr
    assert "[column-missing]" in res.stderr


def test_validate_missing_input_folder(tmp_path):
    res = run("validate", "--input", tmp_path / "nergens")
    assert res.exit_code == EXIT_STRUCTURAL and "nergens" in res.stderr


def test_validate_writes_nothing(intake):
    folder = intake(ONE_BAD)
    before = sorted(p.name for p in folder.iterdir())
    run("validate", "--input", folder)
    assert sorted(p.name for p in folder.iterdir()) == before


# ---------------------------------------------------------------- build

STRUCTURAL_CASES = {
    "missing column": lambda intake: intake([{"provider id": "P1"}], result_columns=["provider id"]),
    "missing source column": lambda intake: intake(
        GOOD,
        yaml=DEFAULT_YAML.replace("{file: results.csv}", "{file: results.csv, columns: {numerator: Teller}}"),
    ),
    "unreadable xlsx": lambda intake: _unreadable_xlsx(intake),
    "missing intake.yaml": lambda intake: _without_yaml(intake),
    "bad config": lambda intake: intake(GOOD, yaml=DEFAULT_YAML + "publication: {min_denominator: tien}\n"),
    "empty file": lambda intake: _empty_results(intake),
}


def _unreadable_xlsx(intake):
    folder = intake(None, yaml=DEFAULT_YAML.replace("results.csv", "results.xlsx"))
    (folder / "results.xlsx").write_bytes(bytes(range(256)) * 16)
    return folder


def _without_yaml(intake):
    folder = intake(GOOD)
    (folder / "intake.yaml").unlink()
    return folder


def _empty_results(intake):
    folder = intake(GOOD)
    (folder / "results.csv").write_bytes(b"")
    return folder


@pytest.mark.parametrize("case", sorted(STRUCTURAL_CASES))
def test_build_structural_error_publishes_nothing(intake, tmp_path, case):
    folder = STRUCTURAL_CASES[case](intake)
    out = tmp_path / "out"
    res = run("build", "--input", folder, "--out", out, "--release", "2024-01")
    assert res.exit_code == EXIT_STRUCTURAL, res.output
    assert "Nothing was published" in res.stderr
    assert not (out / "site").exists() and not (out / "datapackages").exists()
    report = json.loads((out / "report" / "report.json").read_text("utf-8"))
    assert report["stopped"] is True and report["structural_issues"]
    for issue in report["structural_issues"]:
        assert issue["file"] and issue["file"] in res.stderr and issue["message"] in res.stderr
    assert "er is niets gepubliceerd" in (out / "report" / "report.html").read_text("utf-8")


def test_build_writes_the_report_and_exits_by_strictness(intake, tmp_path):
    folder, out = intake(ONE_BAD), tmp_path / "out"
    res = run("build", "--input", folder, "--out", out, "--release", "2024-01")
    assert res.exit_code == EXIT_OK, res.output
    report = json.loads((out / "report" / "report.json").read_text("utf-8"))
    assert report["release"] == "2024-01"
    assert report["totals"] == {"published": 1, "suppressed": 0, "held_back": 0, "rejected": 1, "read": 2}
    html = (out / "report" / "report.html").read_text("utf-8")
    assert "enum-invalid" in html and "results.csv" in html
    assert (out / "datapackages" / "2024-01").is_dir()
    assert "Report:" in res.output

    res = run("build", "--input", folder, "--out", out, "--release", "2024-02", "--strict")
    assert res.exit_code == EXIT_REJECTED, res.output
    assert (out / "datapackages" / "2024-02").is_dir()  # --strict still publishes the valid rows
    assert json.loads((out / "report" / "report.json").read_text("utf-8"))["release"] == "2024-02"
