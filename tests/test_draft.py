"""Tests for `zorgspiegel init`: the column matcher (Dutch and English headers, content) and the draft
intake.yaml (valid, read by validate, value maps that work, hostile names kept harmless)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner
from intake_files import build, write_csv, write_xlsx

from generator.cli import main
from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.intake.draft import draft_intake, quoted
from generator.intake.mapping import RawTable
from generator.intake.matcher import guess_table, loose_key, match_table, profile, profile_column

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def columns(header: list[str], rows: list[list]) -> list:
    """The profiled columns of a small table."""
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    return profile(RawTable("t.csv", frame, np.arange(len(frame)) + 2, "csv"))


def names(match) -> dict[str, str]:
    return {k: c.name for k, c in match.columns.items()}


DUTCH_RESULTS = (
    ["AGB-code", "Indicatorcode", "Verslagjaar", "Teller", "Noemer", "Toelichting", "Status accordering"],
    [
        ["01010101", "IND-1", "2023", "3", "40", "", "geaccordeerd"],
        ["01010101", "IND-2", "2023", "5", "12", "cliënt tevreden", "in afwachting"],
        ["02020202", "IND-1", "2023", "7", "30", "", "geaccordeerd"],
        ["02020202", "IND-2", "2023", "1", "11", "", "geaccordeerd"],
    ],
)
ENGLISH_RESULTS = (
    ["Facility ID", "Facility Name", "Measure ID", "Score", "Sample", "Footnote", "Start Date", "End Date"],
    [
        ["010001", "General Hospital", "PC_01", "3", "35", "2", "10/01/2022", "09/30/2023"],
        ["010001", "General Hospital", "SM_7", "Yes", "Not Applicable", "", "01/01/2022", "12/31/2022"],
        [
            "010005",
            "Marshall Centre",
            "PC_01",
            "Not Available",
            "Not Available",
            "5",
            "10/01/2022",
            "09/30/2023",
        ],
        ["010005", "Marshall Centre", "SM_7", "Too Few to Report", "", "1", "01/01/2022", "12/31/2022"],
    ],
)


# ---------------------------------------------------------------- the matcher


def test_loose_key_ignores_case_spaces_dashes_and_slashes():
    assert loose_key("AGB-code") == loose_key("agb code") == loose_key(" AGB_Code ") == "agbcode"
    assert loose_key("City/Town") == "citytown"


def test_dutch_results_headers_are_matched_by_name():
    match = guess_table(columns(*DUTCH_RESULTS))
    assert match is not None and match.table == "results"
    assert names(match) == {
        "provider_id": "AGB-code",
        "indicator_id": "Indicatorcode",
        "period": "Verslagjaar",
        "numerator": "Teller",
        "denominator": "Noemer",
        "explanation": "Toelichting",
        "approval_status": "Status accordering",
    }
    assert match.missing == [] and set(match.how.values()) == {"name"}


def test_english_results_headers_are_matched_by_name_and_the_period_comes_from_the_end_date():
    match = guess_table(columns(*ENGLISH_RESULTS))
    assert match is not None and match.table == "results"
    assert names(match) == {
        "provider_id": "Facility ID",
        "indicator_id": "Measure ID",
        "value": "Score",
        "denominator": "Sample",
    }
    assert match.period_from_date.name == "End Date" and match.period_from_date.date_format == "%m/%d/%Y"
    assert match.missing == ["approval_status"]


@pytest.mark.parametrize(
    ("header", "table", "expected"),
    [
        (
            ["AGB", "Naam", "Soort", "Postcode", "Woonplaats"],
            "providers",
            {
                "provider_id": "AGB",
                "name": "Naam",
                "kind": "Soort",
                "postcode": "Postcode",
                "city": "Woonplaats",
            },
        ),
        (
            ["Facility ID", "Facility Name", "Hospital Type", "ZIP Code", "City/Town", "State"],
            "providers",
            {
                "provider_id": "Facility ID",
                "name": "Facility Name",
                "kind": "Hospital Type",
                "postcode": "ZIP Code",
                "city": "City/Town",
                "province": "State",
            },
        ),
        (
            ["Measure ID", "Measure Name", "Unit", "Measure Type", "Direction", "Measure Set"],
            "indicators",
            {
                "indicator_id": "Measure ID",
                "title": "Measure Name",
                "unit": "Unit",
                "type": "Measure Type",
                "direction": "Direction",
                "set_id": "Measure Set",
            },
        ),
        (
            [
                "IndicatorCode",
                "IndicatorNaam",
                "IndicatorEenheid",
                "IndicatorType",
                "Richting",
                "IndicatorsetCode",
            ],
            "indicators",
            {
                "indicator_id": "IndicatorCode",
                "title": "IndicatorNaam",
                "unit": "IndicatorEenheid",
                "type": "IndicatorType",
                "direction": "Richting",
                "set_id": "IndicatorsetCode",
            },
        ),
    ],
)
def test_registry_and_catalogue_headers(header, table, expected):
    rows = [[f"{h[:2]}{i}" for h in header] for i in range(3)]
    match = guess_table(columns(header, rows))
    assert match is not None and match.table == table
    assert names(match) == expected


def test_content_gives_ids_periods_and_figures_when_names_do_not():
    header = ["kolom a", "kolom b", "kolom c", "kolom d"]
    rows = [[f"P{i % 7}", f"I{i % 3}", "2023", f"{(i * 7.3) % 100:.1f}"] for i in range(42)]
    match = match_table(columns(header, rows), "results")
    assert names(match) == {
        "provider_id": "kolom a",
        "indicator_id": "kolom b",
        "period": "kolom c",
        "value": "kolom d",
    }
    assert all(h.startswith("content") for h in match.how.values())


def test_content_finds_a_numerator_never_above_its_denominator():
    header = ["prov", "ind", "jaar", "x", "y"]
    rows = [[f"P{i % 5}", f"I{i % 2}", "2022", str(i), str(i + 10)] for i in range(20)]
    match = match_table(columns(header, rows), "results")
    assert names(match)["numerator"] == "x" and names(match)["denominator"] == "y"
    assert names(match)["period"] == "jaar"


def test_a_name_match_the_content_contradicts_is_dropped():
    header = ["Provider ID", "Measure ID", "Score", "Sample"]
    rows = [[f"P{i}", "M1", f"een heel verhaal nummer {i}", "12"] for i in range(10)]
    match = guess_table(columns(header, rows))
    assert "value" not in match.columns  # ten different sentences: no figure
    assert names(match)["denominator"] == "Sample"


def test_ids_that_lost_their_leading_zeros_are_noticed():
    col = profile_column("KvK", "KvK", pd.Series(["12345678", "2345678", "34567890", "45678901"]))
    assert col.pad_width == 8
    assert profile_column("id", "id", pd.Series(["12345678", "23456789"])).pad_width is None


# ---------------------------------------------------------------- the draft


def _intake_folder(tmp_path: Path) -> Path:
    """A delivery in three encodings and two formats, without intake.yaml."""
    folder = tmp_path / "levering"
    header, rows = DUTCH_RESULTS
    write_csv(folder / "uitslagen.csv", [header] + rows, encoding="cp1252", delimiter=";")
    write_csv(
        folder / "zorgaanbieders.csv",
        [["AGB", "Naam", "Soort", "Plaats"], ["01010101", "Ziekenhuis Één", "Ziekenhuis", "Utrecht"]]
        + [["02020202", "Verpleeghuis Twee", "verpleeghuizen", "Zwolle"]],
        bom=True,
    )
    write_xlsx(
        folder / "catalogus.xlsx",
        {
            "Toelichting": [],
            "Indicatoren": [
                ["Indicatorcode", "Indicatornaam", "Set", "Eenheid", "Type", "Richting"],
                ["IND-1", "Heropnames", "S1", "percentage", "uitkomst", "lager is beter"],
                ["IND-2", "Wachttijd", "S1", "percentage", "proces", "lager is beter"],
            ],
        },
    )
    (folder / "LEESMIJ.md").write_text("# geen tabel\n", encoding="utf-8")
    return folder


def test_draft_of_a_mixed_folder_validates_without_edits(tmp_path):
    folder = _intake_folder(tmp_path)
    draft = draft_intake(folder)
    config = parse_intake_config(draft.text)
    assert {t: [s.file for s in config.sources[t]] for t in config.sources} == {
        "providers": ["zorgaanbieders.csv"],
        "indicators": ["catalogus.xlsx"],
        "results": ["uitslagen.csv"],
    }
    assert config.sources["indicators"][0].sheet == "Indicatoren"
    assert "Windows-1252" in draft.text and "UTF-8 with BOM" in draft.text
    assert draft.missing == {"providers": {}, "indicators": {}, "results": {}}
    (folder / "intake.yaml").write_text(draft.text, encoding="utf-8")
    rel = build(folder)
    assert rel.report["totals"] == {"published": 3, "suppressed": 0, "held_back": 1, "rejected": 0, "read": 4}
    assert rel.report["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 0}


def test_value_maps_for_missing_reasons_and_yes_no_answers(tmp_path):
    folder = tmp_path / "cms"
    write_csv(
        folder / "hospitals.csv",
        [["Facility ID", "Facility Name", "Hospital Type"]]
        + [
            ["010001", "General Hospital", "Acute Care Hospitals"],
            ["010005", "Marshall Centre", "Psychiatric"],
        ],
    )
    write_csv(
        folder / "measures.csv",
        [["indicator_id", "set_id", "title", "type", "unit", "direction"]]
        + [
            ["PC_01", "mh", "Elective delivery", "process", "percentage", "lower"],
            ["SM_7", "mh", "Structural measure", "structure", "yesno", "higher"],
        ],
    )
    header, rows = ENGLISH_RESULTS
    write_csv(folder / "results.csv", [header] + rows)
    draft = draft_intake(folder)
    data = yaml.safe_load(draft.text)
    results = data["tables"]["results"][0]
    assert results["columns"]["missing_reason"] == results["columns"]["text_value"] == "Score"
    assert results["values"]["missing_reason"] == {
        "Not Available": "not_delivered",
        "Too Few to Report": "too_few_cases",
        "re:.*": "",
    }
    assert data["tables"]["providers"][0]["values"]["kind"] == {
        "Acute Care Hospitals": "ziekenhuis",
        "Psychiatric": "ggz",
    }
    assert "MISSING required column approval_status" in draft.text
    text = draft.text.replace(
        "version: 1\n", "version: 1\ndefaults:\n  constants: {approval_status: approved}\n"
    )
    (folder / "intake.yaml").write_text(text, encoding="utf-8")
    rel = build(folder)
    assert rel.report["totals"]["rejected"] == 0 and rel.report["totals"]["read"] == 4
    status = rel.results.set_index(["provider_id", "indicator_id"])["status"]
    assert (
        status[("010005", "SM_7")] == "too_few_cases" and status[("010005", "PC_01")] == "no_result"
    )  # no delivery was expected
    assert rel.results.set_index(["provider_id", "indicator_id"]).at[("010001", "SM_7"), "text_value"] == "ja"


def test_a_results_file_alone_gives_the_registry_and_the_catalogue(tmp_path):
    folder = tmp_path / "lang"
    write_csv(
        folder / "open_data.csv",
        [
            [
                "LocatieAGBcode",
                "LocatieNaam",
                "Type Zorgaanbieder",
                "IndicatorCode",
                "IndicatorNaam",
                "Eenheid",
                "Verslagjaar",
                "IndicatorWaarde",
            ]
        ]
        + [
            [f"0{p}", f"Locatie {p}", "VERPLEEGHUIZEN", f"I{i}", f"Vraag {i}", "Getal", "2021", str(p * i)]
            for p in range(1, 4)
            for i in range(1, 3)
        ],
    )
    draft = draft_intake(folder)
    data = yaml.safe_load(draft.text)
    assert data["tables"]["providers"][0]["distinct"] == ["provider_id"]
    assert data["tables"]["indicators"][0]["columns"]["title"] == "IndicatorNaam"
    assert set(draft.missing["indicators"]) == {"set_id", "type", "direction"}
    assert "constants: {set_id: ..., type: ..., direction: ..., approval_status: ...}" in draft.text


HOSTILE = ['a"b', "line\nbreak", "# not a comment", "&anchor *alias", "\u202eevil", "tab\there", "x: y"]


def test_hostile_column_names_and_values_stay_harmless_yaml(tmp_path):
    folder = tmp_path / "vijandig"
    header = ["provider_id", "indicator_id", "period", "value", "approval_status", *HOSTILE]
    write_csv(folder / "results.csv", [header, ["P1", "I1", "2023", "5", "approved", *HOSTILE]])
    draft = draft_intake(folder)
    data = yaml.safe_load(draft.text)  # one document, no aliases, every name quoted
    assert list(data["tables"]) == ["providers", "indicators", "results"]
    for line in draft.text.splitlines():
        assert "\u202e" not in line
    assert quoted("\u2028x\x85") == '"\\u2028x\\u0085"'


def test_an_unreadable_file_is_listed_not_fatal(tmp_path):
    folder = tmp_path / "stuk"
    write_csv(folder / "kapot.csv", b"a,b\n\xff\xfe\xc3\xa9\x80")
    draft = draft_intake(folder)
    assert [label for label, _ in draft.unused] == ["kapot.csv"]
    with pytest.raises(StructuralError):  # validate names the tables that have no file
        parse_intake_config(draft.text)


# ---------------------------------------------------------------- the command


def test_init_writes_and_never_overwrites_without_force(tmp_path):
    folder = _intake_folder(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["init", str(folder)])
    assert first.exit_code == 0, first.output
    assert "3 sources (providers 1, indicators 1, results 1)" in first.output
    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 2 and "--force" in again.output
    (folder / "intake.yaml").write_text("mine", encoding="utf-8")
    assert runner.invoke(main, ["init", str(folder), "--force"]).exit_code == 0
    assert (folder / "intake.yaml").read_text("utf-8").startswith("# Draft intake.yaml")
    out = tmp_path / "elders.yaml"
    assert runner.invoke(main, ["init", str(folder), "--out", str(out)]).exit_code == 0 and out.is_file()
    assert runner.invoke(main, ["validate", "--input", str(folder)]).exit_code == 0


def test_init_mistyped_option_says_did_you_mean(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--forse"])
    assert result.exit_code == 2 and "--force" in result.output


@pytest.mark.parametrize(
    ("example", "edit", "published"),
    [
        ("cms-maternal-health", "approval_status: approved", 13_787),
        ("zorginzicht-verpleeghuiszorg", "approval_status: approved, direction: neither", 340),
    ],
)
def test_examples_need_one_edit_to_validate(tmp_path, example, edit, published):
    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder)
    (folder / "intake.yaml").unlink()
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(folder)]).exit_code == 0
    stopped = runner.invoke(main, ["validate", "--input", str(folder)])
    assert stopped.exit_code == 2 and "column-missing" in stopped.output
    text = (folder / "intake.yaml").read_text("utf-8")
    (folder / "intake.yaml").write_text(
        text.replace("version: 1\n", f"version: 1\ndefaults:\n  constants: {{{edit}}}\n"), encoding="utf-8"
    )
    rel = build(folder)
    assert rel.report["totals"]["published"] == published


def test_a_delivery_in_the_contracts_own_columns_needs_no_edit(tmp_path):
    runner = CliRunner()
    demo = tmp_path / "demo"
    assert (
        runner.invoke(main, ["demo", "--out", str(demo), "--providers", "30", "--seed", "4"]).exit_code == 0
    )
    expected = build(demo).report["totals"]
    (demo / "intake.yaml").unlink()
    assert runner.invoke(main, ["init", str(demo)]).exit_code == 0
    draft = (demo / "intake.yaml").read_text("utf-8")
    assert "columns:" not in draft and "values:" not in draft  # every column already has its contract name
    assert build(demo).report["totals"] == expected


def test_tab_separated_text_and_approval_words(tmp_path):
    folder = tmp_path / "tsv"
    write_csv(folder / "providers.csv", [["AGB", "Naam", "Soort"], ["01", "Een", "ziekenhuis"]])
    write_csv(
        folder / "indicators.csv",
        [
            ["indicator_id", "set_id", "title", "type", "unit", "direction"],
            ["I1", "S", "T", "process", "count", "higher"],
        ],
    )
    header = ["AGB", "Indicator", "Jaar", "Waarde", "Akkoord"]
    rows = [["01", "I1", "2023", "5", "Ja"], ["01", "I1", "2022", "7", "Nee"]]
    write_csv(folder / "uitslagen.txt", [header, *rows], delimiter="\t")
    draft = draft_intake(folder)
    assert 'delimiter "tab"' in draft.text
    results = yaml.safe_load(draft.text)["tables"]["results"][0]
    assert results["file"] == "uitslagen.txt" and results["columns"]["approval_status"] == "Akkoord"
    assert results["values"]["approval_status"] == {"Ja": "approved", "Nee": "pending"}
    (folder / "intake.yaml").write_text(draft.text, encoding="utf-8")
    totals = build(folder).report["totals"]
    assert (totals["published"], totals["held_back"], totals["rejected"]) == (1, 1, 0)


def test_a_wide_registry_file_is_drafted_as_unpivoted_results(tmp_path):
    """CMS's star ratings: one file is registry and results, a column per measure. The draft melts the
    figure columns (not the footnotes) and, with the period, the approval and the id map its comment
    suggests, publishes every figure the worked example publishes (1,125)."""
    folder = tmp_path / "ratings"
    shutil.copytree(EXAMPLES / "cms-hospital-ratings", folder)
    (folder / "intake.yaml").unlink()
    draft = draft_intake(folder)
    [wide] = draft.sources["results"]
    melted = [c.name for c in wide.melt]
    assert "Hospital overall rating" in melted and "Count of MORT Measures Better" in melted
    assert not [n for n in melted if "ootnote" in n]
    assert set(draft.missing["results"]) == {"period", "approval_status"}  # the melt gives the indicator id
    assert "# one column per measure" in draft.text and 'missing_values: ["", "Not Available"]' in draft.text
    edited = draft.text.replace(
        "version: 1\n",
        "version: 1\ndefaults:\n  constants: {approval_status: approved, period: '2024-07'}\n"
        "  values: {indicator_id: {'re:Count of (\\w+) Measures (Better|No Different|Worse)': "
        "'\\1 measures \\2'}}\n",
    )
    (folder / "intake.yaml").write_text(edited, encoding="utf-8")
    assert build(folder).report["totals"]["published"] == 1125


def test_a_registry_with_one_figure_column_is_not_wide(tmp_path):
    write_csv(
        tmp_path / "providers.csv",
        [["provider_id", "name", "kind", "beds"], ["010001", "Een", "ziekenhuis", "120"]],
    )
    draft = draft_intake(tmp_path)
    assert draft.sources["results"] == [] and "results: no file found" in draft.text
