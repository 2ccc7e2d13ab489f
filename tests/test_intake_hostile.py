"""Hostile and broken input (issue 13, the intake part): every attack ends in a located error or a
reported warning, never in a traceback, a file read from outside the intake folder or rows that
should have been held back being published."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from intake_files import DEFAULT_YAML, build, csv_text, issues_of, result, source, write_csv, write_xlsx

from generator.cli import main
from generator.config.settings import parse_intake_config
from generator.core.errors import EXIT_INPUT, StructuralError
from generator.intake.read import read_csv, read_xlsx

HEADER = ["provider_id", "indicator_id", "period", "value", "approval_status"]


def issues(fn, *args, **kwargs):
    """The issues of the StructuralError fn raises (and that it raises one)."""
    with pytest.raises(StructuralError) as exc:
        fn(*args, **kwargs)
    assert exc.value.issues and all(i.file for i in exc.value.issues)  # located
    return exc.value.issues


def messages(found) -> str:
    return "\n".join(str(i) for i in found)


def with_results_entry(entry: str) -> str:
    return DEFAULT_YAML.replace("{file: results.csv}", entry)


# ---------------------------------------------------------------- look-alike and duplicate columns


def test_a_look_alike_approval_column_stops_the_build(intake):
    rows = [result(approval_status="pending", **{"Approval Status": "approved"}) for _ in range(3)]
    folder = intake(rows)
    [issue] = issues(build, folder)
    assert issue.code == "column-ambiguous" and issue.file == "results.csv"
    assert issue.column == "approval_status"
    assert "'approval_status'" in issue.message and "'Approval Status'" in issue.message
    assert "'columns'" in issue.message


def test_the_cli_stops_with_exit_2_on_a_look_alike_column(intake):
    folder = intake([result(approval_status="pending", **{"APPROVAL-STATUS": "approved"})])
    run = CliRunner().invoke(main, ["validate", "--input", str(folder)])
    assert run.exit_code == EXIT_INPUT and "APPROVAL-STATUS" in run.output
    assert "Traceback" not in run.output


def test_duplicate_header_names_stop_the_build_when_the_column_is_used():
    data = b"provider_id,indicator_id,period,approval_status,value,value \nP1,X,2023,approved,1,2\n"
    raw = read_csv(data, "r.csv", source())
    from generator.intake.mapping import map_to_contract

    [issue] = issues(map_to_contract, raw, source())
    assert issue.code == "column-ambiguous" and issue.column == "value"
    assert "'value'" in issue.message and "'value '" in issue.message


def test_a_mapped_source_column_that_appears_twice_stops_the_build(tmp_path):
    rows = [
        ["provider_id", "indicator_id", "period", "approval_status", "Opmerking", "opmerking"],
        ["P1", "X", 2023, "approved", "eerste", "tweede"],
    ]
    [raw] = read_xlsx(write_xlsx(tmp_path / "b.xlsx", {"Blad1": rows}).read_bytes(), "b.xlsx", source())
    from generator.intake.mapping import map_to_contract

    [issue] = issues(map_to_contract, raw, source(columns={"explanation": "Opmerking"}))
    assert issue.code == "column-ambiguous" and issue.column == "explanation"
    assert "'Opmerking'" in issue.message and "'opmerking'" in issue.message


def test_a_constant_and_a_file_column_for_the_same_contract_column_stop_the_build(intake):
    folder = intake(
        [result(approval_status="pending")],
        yaml=with_results_entry("{file: results.csv, constants: {approval_status: approved}}"),
    )
    [issue] = issues(build, folder)
    assert issue.code == "column-ambiguous" and issue.column == "approval_status"


# ---------------------------------------------------------------- paths outside the intake folder


@pytest.mark.parametrize(
    "name",
    ["../secret.csv", "/etc/passwd", "/etc/pass*", "../../**", "sub/../../secret.csv", "..", "~/x.csv"],
)
def test_a_file_outside_the_intake_folder_is_refused(intake, name):
    folder = intake([result()], yaml=with_results_entry(f"{{file: '{name}'}}"))
    write_csv(folder.parent / "secret.csv", [HEADER, ["P1", "MEAN", "2023", "5", "approved"]])
    found = issues(build, folder)
    assert [i.code for i in found] == ["config-invalid"]
    assert "'tables.results.file'" in found[0].message and repr(name) in found[0].message


def test_a_symlink_leading_out_of_the_intake_folder_is_refused(intake):
    folder = intake([result()])
    secret = write_csv(folder.parent / "secret.csv", [HEADER, ["P1", "MEAN", "2023", "5", "approved"]])
    (folder / "results.csv").unlink()
    (folder / "results.csv").symlink_to(secret)
    [issue] = issues(build, folder)
    assert issue.code == "file-outside-intake" and issue.file == "results.csv"
    assert "'file'" in issue.message


@pytest.mark.parametrize("pattern", ["link/*.csv", "link/secret.csv", "*/*.csv"])
def test_a_symlinked_folder_leading_out_is_refused(intake, pattern):
    folder = intake([result()], yaml=with_results_entry(f"{{file: '{pattern}'}}"))
    outside = folder.parent / "elsewhere"
    write_csv(outside / "secret.csv", [HEADER, ["P1", "MEAN", "2023", "5", "approved"]])
    (folder / "link").symlink_to(outside, target_is_directory=True)
    [issue] = issues(build, folder)
    assert issue.code == "file-outside-intake" and issue.file == "link/secret.csv"


def test_a_symlink_inside_the_intake_folder_is_fine(intake):
    folder = intake([result()])
    (folder / "results.csv").rename(folder / "real.csv")
    (folder / "results.csv").symlink_to(folder / "real.csv")
    assert build(folder).report["totals"]["published"] == 1


@pytest.mark.parametrize("pattern", ["a**.csv", "***", "[", "results.csv\\0"])
def test_odd_file_patterns_are_located_errors(intake, pattern):
    folder = intake([result()], yaml=with_results_entry(f'{{file: "{pattern}"}}'))
    found = issues(build, folder)
    assert all(i.severity == "structure" for i in found)


# ---------------------------------------------------------------- intake.yaml: bombs, depth, bounds


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        refs = ",".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    return "\n".join(lines) + f"\ntables: *a{levels - 1}\n"


def test_a_yaml_alias_bomb_is_refused_fast():
    start = time.perf_counter()
    [issue] = issues(parse_intake_config, billion_laughs())
    assert time.perf_counter() - start < 2
    assert issue.code == "config-invalid" and "alias" in issue.message and "line 2" in issue.message


def test_an_alias_bomb_inside_a_setting_is_refused_fast():
    chain = "\n".join("    - " + line.split(": ", 1)[1] for line in billion_laughs().splitlines()[:-1])
    text = DEFAULT_YAML + "publication:\n  source_title:\n" + chain + "\n  title: *a8\n"
    start = time.perf_counter()
    [issue] = issues(parse_intake_config, text)
    assert time.perf_counter() - start < 2 and "alias" in issue.message


@pytest.mark.parametrize("text", ["[" * 100_000, "a: " + "{b: " * 5000 + "1" + "}" * 5000, "- " * 50_000])
def test_deep_nesting_is_refused(text):
    [issue] = issues(parse_intake_config, text)
    assert issue.code == "config-invalid" and "deep" in issue.message


def test_a_huge_intake_yaml_is_refused():
    [issue] = issues(parse_intake_config, DEFAULT_YAML + "# " + "x" * 2_000_000 + "\n")
    assert issue.code == "config-invalid" and "MiB" in issue.message


@pytest.mark.parametrize(
    "setting, key",
    [
        ("zero_pad: {provider_id: 1000000000}", "zero_pad.provider_id"),
        ("zero_pad: {provider_id: 65}", "zero_pad.provider_id"),
        ("zero_pad: {provider_id: -1}", "zero_pad.provider_id"),
        ("zero_pad: {provider_id: 6.5}", "zero_pad.provider_id"),
        ("skip_rows: -1", "skip_rows"),
        ("skip_rows: 1000000000", "skip_rows"),
        ("skip_rows: 1.5", "skip_rows"),
    ],
)
def test_numeric_source_settings_are_bounded(setting, key):
    [issue] = issues(parse_intake_config, with_results_entry(f"{{file: results.csv, {setting}}}"))
    assert issue.code == "config-invalid" and f"'tables.results.{key}'" in issue.message


@pytest.mark.parametrize("value", ["-5", "10.5", "1e3", ".inf", "'10'", "true", "99999999999999999999"])
def test_the_disclosure_threshold_must_be_a_sane_whole_number(value):
    [issue] = issues(parse_intake_config, DEFAULT_YAML + f"publication: {{min_denominator: {value}}}\n")
    assert issue.code == "config-invalid" and "'publication.min_denominator'" in issue.message


def test_sane_numbers_still_pass():
    cfg = parse_intake_config(
        with_results_entry("{file: results.csv, zero_pad: {provider_id: 64}, skip_rows: 3}")
        + "publication: {min_denominator: 0}\n"
    )
    assert cfg.sources["results"][0].zero_pad == {"provider_id": 64}
    assert cfg.publication.min_denominator == 0


@pytest.mark.parametrize("fmt", ["%", "%Q", "%Y-%"])
def test_a_broken_date_format_is_a_config_error(intake, fmt):
    folder = intake(
        [result(approval_date="2024-01-01")],
        yaml=with_results_entry(f"{{file: results.csv, date_formats: ['{fmt}']}}"),
    )
    found = issues(build, folder)
    assert any(i.code == "config-invalid" and "date_formats" in i.message for i in found)


# ---------------------------------------------------------------- XLSX zip bombs


def bomb_workbook(tmp_path: Path, xml_bytes: int = 30_000_000) -> bytes:
    """A real workbook whose first sheet's XML is padded with whitespace to xml_bytes."""
    path = write_xlsx(tmp_path / "ok.xlsx", {"Blad1": [HEADER, ["P1", "MEAN", 2023, 5, "approved"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * xml_bytes)
            dst.writestr(info.filename, data)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    data = bomb_workbook(tmp_path)
    assert len(data) < 200_000
    start = time.perf_counter()
    [issue] = issues(read_xlsx, data, "bom.xlsx", source())
    assert time.perf_counter() - start < 1
    assert issue.code == "workbook-unsafe" and issue.file == "bom.xlsx"
    assert "xl/worksheets/sheet1.xml" in issue.message


def test_a_workbook_with_ordinary_compression_is_read(tmp_path):
    [raw] = read_xlsx(bomb_workbook(tmp_path, xml_bytes=1000), "ok.xlsx", source())
    assert raw.frame.at[0, "provider_id"] == "P1"


# ---------------------------------------------------------------- encodings: no silent mojibake


def test_one_windows_1252_byte_in_a_utf8_file_is_an_encoding_error():
    text = csv_text([HEADER + ["explanation"]] + [["P1", "MEAN", "2023", "5", "approved", "één"]] * 3)
    data = text.encode("utf-8") + "P2,MEAN,2023,5,approved,caf\xe9\n".encode("cp1252")
    [issue] = issues(read_csv, data, "r.csv", source())
    assert issue.code == "encoding-error" and issue.file == "r.csv" and issue.row == 5
    assert "line 5, character 28" in issue.message and "0xe9" in issue.message
    assert "'encoding'" in issue.message


def test_an_explicit_encoding_error_names_the_line():
    data = "a,b\nP1,één\nP2,x\xe9\n".encode("latin-1").replace("één".encode("latin-1"), "één".encode())
    [issue] = issues(read_csv, data, "r.csv", source(encoding="utf-8"))
    assert issue.code == "encoding-error" and issue.row == 3 and "line 3, character 5" in issue.message


def test_plain_windows_1252_and_plain_utf8_still_read():
    rows = [HEADER + ["explanation"], ["P1", "MEAN", "2023", "5", "approved", "Cliënt – € 5"]]
    for codec in ("utf-8", "cp1252"):
        raw = read_csv(csv_text(rows).encode(codec), "r.csv", source())
        assert raw.frame.at[0, "explanation"] == "Cliënt – € 5"


# ---------------------------------------------------------------- control characters and bidi overrides


def test_control_characters_and_bidi_overrides_are_removed_and_reported(intake):
    rows = [
        result(explanation="Goed\x1f gedaan\x02"),
        result(provider_id="P2", explanation="Kijk \u202egnikjiw\u202c hier\ttab\nregel"),
        result(provider_id="P3", indicator_id="ME\x0bAN"),
    ]
    rel = build(intake(rows))
    assert rel.report["totals"]["published"] == 3
    found = issues_of(rel, "control-character-removed")
    assert [(i["file"], i["row"], i["column"]) for i in found] == [
        ("results.csv", 2, "explanation"),
        ("results.csv", 3, "explanation"),
        ("results.csv", 4, "indicator_id"),
    ]
    assert all(i["severity"] == "warning" for i in found)
    assert "U+001F" in found[0]["message"]
    texts = set(rel.results["explanation"])
    assert {"Goed gedaan", "Kijk gnikjiw hier\ttab\nregel"} <= texts


def test_an_intake_yaml_that_links_out_of_the_folder_is_refused(tmp_path):
    from generator.core.errors import StructuralError
    from generator.pipeline import read_config

    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("tables: {}\n", "utf-8")
    folder = tmp_path / "intake"
    folder.mkdir()
    (folder / "intake.yaml").symlink_to(outside)
    with pytest.raises(StructuralError) as err:
        read_config(folder)
    assert err.value.issues[0].code == "file-outside-intake"
