"""Tests for generator/settings.py: intake.yaml parsed and checked as data."""

from __future__ import annotations

import pytest

from generator.config.settings import PUBLICATION_KEYS, SOURCE_KEYS, parse_intake_config
from generator.core.errors import StructuralError

BASE = """\
version: 1
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""


def problems(text: str) -> list:
    with pytest.raises(StructuralError) as exc:
        parse_intake_config(text)
    return exc.value.issues


def one_message(text: str) -> str:
    found = problems(text)
    assert found, "expected a problem"
    return "\n".join(i.message for i in found)


def test_minimal_config_has_defaults():
    cfg = parse_intake_config(BASE)
    src = cfg.sources["results"][0]
    assert src.file == "results.csv" and src.table == "results"
    assert src.encoding == "auto" and src.delimiter == "auto" and src.decimal == "auto"
    assert src.skip_rows == 0 and src.missing_values == [""] and src.date_formats == ["%Y-%m-%d"]
    assert src.distinct is False and src.columns == {} and src.values == {}
    assert cfg.publication.min_denominator == 10 and cfg.publication.licence == "CC-BY-4.0"


def test_defaults_apply_to_every_source_and_entries_override_them():
    cfg = parse_intake_config(
        BASE.replace(
            "version: 1\n",
            "version: 1\ndefaults:\n  missing_values: ['', 'NULL', 'n.v.t.']\n  skip_rows: 2\n",
        ).replace("{file: results.csv}", "{file: results.csv, skip_rows: 0}")
    )
    assert cfg.sources["providers"][0].missing_values == ["", "NULL", "n.v.t."]
    assert cfg.sources["providers"][0].skip_rows == 2
    assert cfg.sources["results"][0].skip_rows == 0


def test_several_files_per_table():
    cfg = parse_intake_config(
        BASE.replace(
            "results: {file: results.csv}",
            "results:\n    - file: a.csv\n    - file: b.xlsx\n      sheet: '*'",
        )
    )
    assert [s.file for s in cfg.sources["results"]] == ["a.csv", "b.xlsx"]
    assert cfg.sources["results"][1].sheet == "*"


def test_every_key_is_documented():
    for table in (SOURCE_KEYS, PUBLICATION_KEYS):
        for key, (label, _default, description) in table.items():
            assert label and description.strip(), key


def test_unknown_key_says_did_you_mean():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, delimeter: ';'}"))
    assert "unknown key 'tables.results.delimeter'" in msg
    assert "did you mean 'delimiter'?" in msg


def test_unknown_top_key_says_did_you_mean():
    msg = one_message(BASE + "publicatie: {title: x}\n")
    assert "unknown key 'publicatie'" in msg and "did you mean 'publication'?" in msg


def test_unknown_publication_key():
    msg = one_message(BASE + "publication: {licence: CC0-1.0, min_denominatr: 5}\n")
    assert "publication.min_denominatr" in msg and "did you mean 'min_denominator'?" in msg


@pytest.mark.parametrize(
    "value, hint",
    [
        ("English", "did you mean 'en'?"),
        ("EN-GB", "did you mean 'en'?"),
        ("Nederlands", "did you mean 'nl'?"),
        ("fr", ""),
    ],
)
def test_language_is_nl_or_en(value, hint):
    assert parse_intake_config(BASE + "publication: {language: en}\n").publication.language == "en"
    assert parse_intake_config(BASE).publication.language == "nl"
    msg = one_message(BASE + f"publication: {{language: {value}}}\n")
    assert f"'publication.language' must be one of nl, en, got '{value}'" in msg and hint in msg
    assert hint or "did you mean" not in msg


def test_wrong_type_quotes_key_expected_type_and_value():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, skip_rows: two}"))
    assert "'tables.results.skip_rows' must be whole number" in msg
    assert "'two'" in msg and "(str)" in msg


def test_wrong_type_boolean_is_not_a_whole_number():
    msg = one_message(BASE + "publication: {min_denominator: true}\n")
    assert "'publication.min_denominator' must be whole number, got True (bool)" in msg


def test_wrong_type_in_list():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, missing_values: ['', 5]}"))
    assert "'tables.results.missing_values' must be list of text" in msg and "['', 5]" in msg


def test_negative_skip_rows_is_refused():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, skip_rows: -1}"))
    assert "skip_rows" in msg and "-1" in msg


def test_column_mapping_must_be_text_or_list_of_text():
    msg = one_message(
        BASE.replace("{file: results.csv}", "{file: results.csv, columns: {value: [Score, 3]}}")
    )
    assert "'tables.results.columns.value' must be text or list of text" in msg


def test_mapping_of_an_unknown_contract_column_says_did_you_mean():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, columns: {valeu: Score}}"))
    assert "tables.results.columns.valeu" in msg and "did you mean 'value'?" in msg


def test_constant_for_an_unknown_contract_column():
    msg = one_message(
        BASE.replace("{file: results.csv}", "{file: results.csv, constants: {aproval_status: approved}}")
    )
    assert "aproval_status" in msg and "did you mean 'approval_status'?" in msg


def test_invalid_regular_expression_in_values_is_a_config_error():
    found = problems(
        BASE.replace("{file: results.csv}", "{file: results.csv, values: {value: {'re:(': ''}}}")
    )
    assert [i.code for i in found] == ["config-invalid"]
    assert "re:(" in found[0].message


def test_values_must_be_a_mapping():
    msg = one_message(BASE.replace("{file: results.csv}", "{file: results.csv, values: {value: x}}"))
    assert "'tables.results.values.value' must be a mapping" in msg


def test_zero_pad_must_be_whole_number():
    msg = one_message(
        BASE.replace("{file: results.csv}", "{file: results.csv, zero_pad: {provider_id: six}}")
    )
    assert "'tables.results.zero_pad.provider_id' must be a whole number from 0 to 64" in msg


def test_unknown_table_says_did_you_mean():
    found = problems(BASE.replace("  results: {file: results.csv}", "  result: {file: results.csv}"))
    msgs = "\n".join(i.message for i in found)
    assert "unknown table 'tables.result'" in msgs and "did you mean 'results'?" in msgs
    assert any(i.code == "table-missing" and i.value == "results" for i in found)


def test_missing_table():
    found = problems(BASE.replace("  results: {file: results.csv}\n", ""))
    assert [(i.code, i.value) for i in found] == [("table-missing", "results")]
    assert "No results table" in found[0].message


def test_table_with_an_empty_list_of_files_is_missing():
    found = problems(BASE.replace("results: {file: results.csv}", "results: []"))
    assert [(i.code, i.value) for i in found] == [("table-missing", "results")]


def test_missing_file_key():
    msg = one_message(BASE.replace("{file: results.csv}", "{sheet: Blad1}"))
    assert "'tables.results.file' is required" in msg


def test_missing_file_key_in_a_list_names_the_entry():
    msg = one_message(
        BASE.replace("results: {file: results.csv}", "results:\n    - file: a.csv\n    - sheet: x")
    )
    assert "'tables.results[1].file' is required" in msg


def test_file_in_defaults_is_refused():
    msg = one_message(BASE + "defaults: {file: x.csv}\n")
    assert "'defaults.file' is not allowed" in msg


def test_yes_and_no_keys_stay_text():
    cfg = parse_intake_config(
        BASE.replace(
            "{file: results.csv}",
            "\n    file: results.csv"
            "\n    values:"
            "\n      text_value: {Yes: ja, No: nee, on: x, Off: y, Ja: ja}"
            "\n      value: {Yes: '', No: ''}"
            "\n    constants: {delivery_id: No}",
        )
    )
    src = cfg.sources["results"][0]
    assert src.values["text_value"] == {"Yes": "ja", "No": "nee", "on": "x", "Off": "y", "Ja": "ja"}
    assert list(src.values["value"]) == ["Yes", "No"]
    assert src.constants["delivery_id"] == "No"


def test_true_and_false_are_still_booleans():
    cfg = parse_intake_config(
        BASE.replace("{file: results.csv}", "{file: results.csv, distinct: true}")
        + "publication: {demo: false}\n"
    )
    assert cfg.sources["results"][0].distinct is True
    assert cfg.publication.demo is False


def test_invalid_yaml():
    found = problems("version: 1\ntables: {providers: [unclosed\n")
    assert [i.code for i in found] == ["config-invalid"]
    assert "not valid YAML" in found[0].message and found[0].file == "intake.yaml"


def test_config_that_is_not_a_mapping():
    found = problems("- just\n- a list\n")
    assert "must be a mapping with a 'tables' key" in found[0].message


def test_wrong_version():
    assert "'version' must be 1" in one_message(BASE.replace("version: 1", "version: 2"))


@pytest.mark.parametrize(
    "spelling, expected", [("tab", "\t"), ("\t", "\t"), (";", ";"), (",", ","), ("|", "|"), ("auto", "auto")]
)
def test_delimiter_spellings(spelling, expected):
    cfg = parse_intake_config(
        BASE.replace(
            "{file: results.csv}", f"{{file: results.csv, delimiter: {spelling!r}}}".replace("'\\t'", '"\\t"')
        )
    )
    assert cfg.sources["results"][0].delimiter == expected


def test_unknown_delimiter():
    assert "'tables.results.delimiter' must be one of" in one_message(
        BASE.replace("{file: results.csv}", "{file: results.csv, delimiter: ':'}")
    )


def test_unknown_decimal_mark():
    assert "'tables.results.decimal' must be auto" in one_message(
        BASE.replace("{file: results.csv}", "{file: results.csv, decimal: ' '}")
    )


def test_every_problem_is_reported_at_once():
    found = problems(
        BASE.replace("{file: results.csv}", "{file: results.csv, skip_rows: x, delimeter: ';'}")
        + "publication: {licence: 5}\n"
    )
    assert len(found) == 3
    assert all(i.code == "config-invalid" and i.severity == "structure" for i in found)


MERGE_YAML = """\
version: 1
defaults:
  missing_values: ['', 'N/A']
  columns: {provider_id: CCN, indicator_id: Measure}
  values:
    indicator_id: {PCI: pci, "re:.*": overig}
    value: {"Too Few to Report": ""}
  constants: {approval_status: approved}
  skip_rows: 1
tables:
  providers: {file: providers.csv, columns: {provider_id: Facility ID}}
  indicators: {file: indicators.csv}
  results:
    file: results.csv
    missing_values: ['Not Available']
    columns: {period: Year}
    values:
      indicator_id: {CABG: cabg, "re:AMI.*": ami}
    skip_rows: 0
"""


def test_a_source_merges_with_defaults_key_by_key():
    """A per-file `values:` block used to replace the one under `defaults:` whole (issue 15: every row of a
    27,428-row file was rejected); now mappings merge key by key, lists add up, single values replace."""
    src = parse_intake_config(MERGE_YAML).sources["results"][0]
    assert src.values == {
        "indicator_id": {"CABG": "cabg", "re:AMI.*": "ami", "PCI": "pci", "re:.*": "overig"},
        "value": {"Too Few to Report": ""},
    }
    # the source's own regular expressions come first: a catch-all in defaults does not shadow them
    assert list(src.values["indicator_id"]) == ["CABG", "re:AMI.*", "PCI", "re:.*"]
    assert src.columns == {"period": "Year", "provider_id": "CCN", "indicator_id": "Measure"}
    assert src.missing_values == ["Not Available", "", "N/A"]
    assert src.constants == {"approval_status": "approved"} and src.skip_rows == 0
    providers = parse_intake_config(MERGE_YAML).sources["providers"][0]
    assert providers.columns["provider_id"] == "Facility ID" and providers.skip_rows == 1
