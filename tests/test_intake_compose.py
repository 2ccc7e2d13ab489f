"""Mapping that composes (issue 15): defaults and a source's own settings merged key by key, value maps
with back-references, periods parsed from formats, columns looked up in a second file, wide files
unpivoted, and several registry files of which a later one only adds ids not seen yet."""

from __future__ import annotations

import pytest
from intake_files import (
    DEFAULT_YAML,
    PROVIDER_COLUMNS,
    PROVIDERS,
    build,
    checked,
    issues_of,
    result,
    write_csv,
    write_xlsx,
)

from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.core.period_formats import parse_period


def with_defaults(defaults: str, results_entry: str = "{file: results.csv}") -> str:
    """DEFAULT_YAML with a `defaults:` section and the results entry replaced."""
    return DEFAULT_YAML.replace("version: 1\n", f"version: 1\ndefaults:\n{defaults}").replace(
        "{file: results.csv}", results_entry
    )


def structural(fn, *args) -> list:
    """The issues of the StructuralError fn raises."""
    with pytest.raises(StructuralError) as err:
        fn(*args)
    return err.value.issues


def config_error(settings: str, table: str = "results") -> str:
    """The one config-invalid message of DEFAULT_YAML with `settings` added to a table's entry."""
    entry = f"{{file: {table}.csv}}"
    with pytest.raises(StructuralError) as err:
        parse_intake_config(DEFAULT_YAML.replace(entry, f"{{file: {table}.csv, {settings}}}"))
    [issue] = err.value.issues
    assert issue.code == "config-invalid"
    return issue.message


def published(rel) -> set[tuple]:
    res = rel.results[rel.results["status"] == "published"]
    return set(zip(res["provider_id"], res["indicator_id"], res["period"]))


# ---------------------------------------------------------------- defaults and a source, key by key


def test_defaults_and_a_files_own_value_maps_both_apply(intake):
    """A per-file `values:` used to replace the one under `defaults:` whole: every row was rejected."""
    yaml = with_defaults(
        "  values: {approval_status: {Ja: approved}}\n",
        "{file: results.csv, values: {indicator_id: {Gemiddelde: MEAN}}}",
    )
    rel = build(intake([result(indicator_id="Gemiddelde", approval_status="Ja")], yaml=yaml))
    assert rel.report["totals"]["rejected"] == 0
    assert published(rel) == {("P1", "MEAN", "2023")}


# ---------------------------------------------------------------- value maps with back-references


def test_a_regular_expression_value_map_rewrites_with_back_references(intake):
    entry = (
        "{file: results.csv, values: {period: {'re:(\\d{4})(\\d{2})': '\\1-\\2'},"
        " indicator_id: {'re:(?P<code>[A-Z]+)_v\\d': '\\g<code>', 're:.*': 'CNT'}}}"
    )
    rows = [result(period="202204", indicator_id="MEAN_v2"), result(provider_id="P2", indicator_id="anders")]
    rel = build(intake(rows, yaml=DEFAULT_YAML.replace("{file: results.csv}", entry)))
    assert published(rel) == {("P1", "MEAN", "2022-04"), ("P2", "CNT", "2023")}


@pytest.mark.parametrize(
    "values, words",
    [
        ("{period: {'re:(\\d{4})': '\\2'}}", "invalid group reference"),
        ("{period: {'re:(?P<y>\\d{4})': '\\g<year>'}}", "unknown group name"),
        ("{period: {'2022': '\\1'}}", "only with 're:' keys"),
    ],
)
def test_a_back_reference_that_cannot_work_is_a_config_error(values, words):
    message = config_error(f"values: {values}")
    assert "'tables.results.values.period'" in message and words in message


# ---------------------------------------------------------------- periods from formats


@pytest.mark.parametrize(
    "text, formats, fiscal, expected",
    [
        ("202204", ["%Y%m"], 1, ("2022-04", "2022-04-01", "2022-04-30")),
        ("2023-Q2", ["%Y-Q%q"], 1, ("2023-Q2", "2023-04-01", "2023-06-30")),
        ("Q4 2023", ["%Y-Q%q", "Q%q %Y"], 1, ("2023-Q4", "2023-10-01", "2023-12-31")),
        ("FY2022", ["FY%Y"], 10, ("2022", "2021-10-01", "2022-09-30")),
        ("FY2023", ["FY%Y"], 4, ("2023", "2022-04-01", "2023-03-31")),
        ("FY2022 Q1", ["FY%Y Q%q"], 10, ("2022-Q1", "2021-10-01", "2021-12-31")),
        ("2022", ["%Y"], 1, ("2022", "2022-01-01", "2022-12-31")),
        ("April 2023", ["%B %Y"], 1, ("2023-04", "2023-04-01", "2023-04-30")),
        ("mrt-23", ["%b-%y"], 1, ("2023-03", "2023-03-01", "2023-03-31")),
        ("15/02/2024", ["%d/%m/%Y"], 1, ("2024-02", "2024-02-01", "2024-02-29")),
        ("01/01/2023 - 12/31/2023", ["%m/%d/%Y - %m/%d/%Y"], 1, ("2023", "2023-01-01", "2023-12-31")),
        ("01/01/2023-12/31/2023", ["%m/%d/%Y - %m/%d/%Y"], 1, ("2023", "2023-01-01", "2023-12-31")),
        ("04/01/2022-03/31/2023", ["%m/%d/%Y-%m/%d/%Y"], 4, ("2023", "2022-04-01", "2023-03-31")),
        ("2023-04-01/2023-06-30", ["%Y-%m-%d/%Y-%m-%d"], 1, ("2023-Q2", "2023-04-01", "2023-06-30")),
        ("07/01/2021-06/30/2023", ["%m/%d/%Y-%m/%d/%Y"], 1, ("2023", "2021-07-01", "2023-06-30")),
        ("2023-02", ["%Y%m", "%Y-%m"], 1, ("2023-02", "2023-02-01", "2023-02-28")),
    ],
)
def test_a_period_is_read_by_its_format(text, formats, fiscal, expected):
    assert parse_period(text, tuple(formats), fiscal) == expected


@pytest.mark.parametrize("text", ["2022", "202213", "31/02/2024", "FY", "12/31/2023-01/01/2023", "Foo 2023"])
def test_a_value_no_format_reads_is_left_for_validation(text):
    assert parse_period(text, ("%Y%m", "%d/%m/%Y", "FY%Y", "%m/%d/%Y-%m/%d/%Y", "%b %Y"), 1) is None


@pytest.mark.parametrize(
    "fmt, words",
    [("%Y%j", "'%j'"), ("%m/%d", "no year"), ("%Y-%Y", "need a month"), ("%Y %d", "needs a month")],
)
def test_a_period_format_that_cannot_work_is_a_config_error(fmt, words):
    message = config_error(f"period_format: '{fmt}'")
    assert "'tables.results.period_format'" in message and words in message


def test_period_format_fills_period_and_its_dates(intake):
    entry = "{file: results.csv, period_format: ['FY%Y', '%Y%m'], fiscal_year_start: 10}"
    rows = [
        result(period="FY2022"),
        result(provider_id="P2", period="202204"),
        result(provider_id="P3", period="22-04"),
    ]
    folder = intake(rows, yaml=DEFAULT_YAML.replace("{file: results.csv}", entry))
    rel = build(folder)
    assert published(rel) == {("P1", "MEAN", "2022"), ("P2", "MEAN", "2022-04")}
    [bad] = issues_of(rel, "period-invalid")
    assert bad["value"] == "22-04" and "period_format" in bad["message"]
    table = checked(folder)["results"].table.set_index("provider_id")
    assert tuple(table.loc["P1", ["period", "period_start", "period_end"]]) == (
        "2022",
        "2021-10-01",
        "2022-09-30",
    )
    assert tuple(table.loc["P2", ["period_start", "period_end"]]) == ("2022-04-01", "2022-04-30")


def test_a_uk_financial_year_composes_a_value_map_and_a_fiscal_format(intake):
    """The README's recipe: '2022-23' made 'FY2023' by a back-reference, then read as April-March."""
    entry = (
        "{file: results.csv, values: {period: {'re:(\\d{2})(\\d{2})-(\\d{2})': 'FY\\1\\3'}},"
        " period_format: 'FY%Y', fiscal_year_start: 4}"
    )
    folder = intake([result(period="2022-23")], yaml=DEFAULT_YAML.replace("{file: results.csv}", entry))
    row = checked(folder)["results"].table.iloc[0]
    assert (row["period"], row["period_start"], row["period_end"]) == ("2023", "2022-04-01", "2023-03-31")


# ---------------------------------------------------------------- lookup: a column from a second file


NOTES = [["Code", "Text"], ["1", "Too few cases"], ["3", "Fewer months"], ["7", "No cases met the criteria"]]
LOOKUP_ENTRY = (
    "{file: results.csv, lookup: {explanation: "
    "{file: notes.csv, key: Code, value: Text, on: Footnote, split: ','}}}"
)


def test_lookup_takes_a_column_from_a_second_file_by_key(intake):
    rows = [
        result(Footnote="1"),
        result(provider_id="P2", Footnote="3, 7"),
        result(provider_id="P3", Footnote="9"),
        result(indicator_id="CNT", Footnote=""),
    ]
    folder = intake(rows, yaml=DEFAULT_YAML.replace("{file: results.csv}", LOOKUP_ENTRY))
    write_csv(folder / "notes.csv", NOTES)
    rel = build(folder)
    table = checked(folder)["results"].table
    assert list(table["explanation"]) == ["Too few cases", "Fewer months; No cases met the criteria", "", ""]
    [missed] = issues_of(rel, "lookup-unmatched")
    assert (missed["file"], missed["row"], missed["column"], missed["value"]) == (
        "results.csv",
        4,
        "explanation",
        "9",
    )
    assert (
        missed["severity"] == "warning" and "notes.csv" in missed["message"] and "lookup" in missed["message"]
    )
    assert rel.report["totals"]["rejected"] == 0


def test_lookup_from_a_workbook_sheet_fills_a_registry_column(intake, tmp_path):
    providers = [PROVIDER_COLUMNS + ["hb"]] + [
        p + [code] for p, code in zip(PROVIDERS, ["", "S08", "S09", "X"])
    ]
    entry = (
        "{file: providers.csv, lookup: {region: "
        "{file: boards.xlsx, sheet: Boards, key: HB code, value: HB name, on: hb}}}"
    )
    yaml = DEFAULT_YAML.replace("{file: providers.csv}", entry)
    folder = intake([result()], providers=providers, yaml=yaml)
    write_xlsx(
        folder / "boards.xlsx",
        {"Notes": [["x"]], "Boards": [["HB code", "HB name"], ["S08", "Ayrshire"], ["S09", "Borders"]]},
    )
    rel = build(folder)
    regions = dict(zip(rel.registry["provider_id"], rel.registry["region"]))
    assert regions == {"ORG1": "", "P1": "Ayrshire", "P2": "Borders", "P3": ""}
    assert [i["value"] for i in issues_of(rel, "lookup-unmatched")] == ["X"]


@pytest.mark.parametrize(
    "lookup, words",
    [
        (
            "{explanation: {file: notes.csv, key: Code}}",
            "'tables.results.lookup.explanation.value' is required",
        ),
        ("{explanation: {file: notes.csv, key: Code, value: Text, spilt: ','}}", "did you mean 'split'"),
        ("{explanation: {file: ../notes.csv, key: Code, value: Text}}", "'..' leads out"),
        ("{explanaton: {file: notes.csv, key: Code, value: Text}}", "did you mean 'explanation'"),
        ("{explanation: notes.csv}", "must be a mapping (file: …, key: …, value: …)"),
    ],
)
def test_a_lookup_that_cannot_work_is_a_config_error(lookup, words):
    assert words in config_error(f"lookup: {lookup}")


def test_a_column_from_a_lookup_and_from_columns_is_a_config_error():
    message = config_error(
        "columns: {explanation: Opmerking}, lookup: {explanation: {file: n.csv, key: C, value: T}}"
    )
    assert "'tables.results.lookup.explanation' and 'tables.results.columns.explanation'" in message


def test_a_lookup_file_or_column_that_is_not_there_stops_the_build(intake):
    folder = intake([result(Footnote="1")], yaml=DEFAULT_YAML.replace("{file: results.csv}", LOOKUP_ENTRY))
    [issue] = structural(build, folder)
    assert issue.code == "file-missing" and issue.file == "notes.csv"
    write_csv(folder / "notes.csv", [["Kode", "Text"], ["1", "x"]])
    [issue] = structural(build, folder)
    assert issue.code == "source-column-missing" and issue.file == "notes.csv" and issue.value == "Code"
    assert "did you mean 'Kode'" in issue.message


# ---------------------------------------------------------------- melt: wide measure columns unpivoted


WIDE = [
    ["Org Code", "Period", "Type 1 attendances", "Type 2 attendances", "Within 4h"],
    ["P1", "2023-05", "1200", "80", "75.5"],
    ["P2", "2023-05", "950", "", "Too Few to Report"],
]
MELT_YAML = """\
version: 1
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results:
    file: wide.csv
    columns: {provider_id: Org Code, period: Period}
    constants: {approval_status: approved}
    melt:
      columns: ['re:Type \\d attendances', Within 4h]
      name: indicator_id
      value: [value, missing_reason]
    values:
      indicator_id: {'re:Type (\\d) attendances': 'A\\1', Within 4h: W4}
      value: {Too Few to Report: ''}
      missing_reason: {Too Few to Report: too_few_cases, 're:.*': ''}
"""
WIDE_INDICATORS = [
    ["indicator_id", "set_id", "title", "type", "unit", "direction", "min_denominator"],
    ["A1", "ae", "Type 1 attendances", "structure", "count", "neither", ""],
    ["A2", "ae", "Type 2 attendances", "structure", "count", "neither", ""],
    ["W4", "ae", "Seen within 4 hours", "process", "percentage", "higher", "0"],
]


def test_melt_turns_wide_measure_columns_into_one_row_each(intake):
    folder = intake(None, indicators=WIDE_INDICATORS, yaml=MELT_YAML)
    write_csv(folder / "wide.csv", WIDE)
    rel = build(folder)
    assert published(rel) == {
        ("P1", "A1", "2023-05"),
        ("P1", "A2", "2023-05"),
        ("P1", "W4", "2023-05"),
        ("P2", "A1", "2023-05"),
    }
    few = rel.results[(rel.results["provider_id"] == "P2") & (rel.results["indicator_id"] == "W4")]
    assert list(few["status"]) == ["too_few_cases"]
    [entry] = [f for f in rel.report["files"] if f["file"] == "wide.csv"]
    assert (entry["rows_in_file"], entry["read"]) == (2, 5)  # P2's empty Type 2 cell gives no row
    table = checked(folder)["results"].table
    assert list(table["_row"]) == [2, 2, 2, 3, 3]  # every row keeps the file row it came from


@pytest.mark.parametrize(
    "melt, words",
    [
        ("{columns: [A], name: indicator_id}", "'tables.results.melt.value' is required"),
        ("{columns: [A], name: indicatr_id, value: value}", "did you mean 'indicator_id'"),
        ("{columns: [], name: indicator_id, value: value}", "must be list of text"),
        ("{columns: ['re:('], name: indicator_id, value: value}", "not a valid regular expression"),
        ("{columns: [A], name: value, value: value}", "both"),
    ],
)
def test_a_melt_that_cannot_work_is_a_config_error(melt, words):
    assert words in config_error(f"melt: {melt}")


def test_a_melted_column_also_mapped_under_columns_is_a_config_error():
    message = config_error("columns: {value: Score}, melt: {columns: [A], name: indicator_id, value: value}")
    assert "'tables.results.melt' and 'tables.results.columns.value'" in message


def test_melt_columns_that_are_not_in_the_file_stop_the_build(intake):
    folder = intake(None, indicators=WIDE_INDICATORS, yaml=MELT_YAML.replace("Within 4h]", "Binnen 4 uur]"))
    write_csv(folder / "wide.csv", WIDE)
    [issue] = structural(build, folder)
    assert (
        issue.code == "source-column-missing" and issue.value == "Binnen 4 uur" and issue.file == "wide.csv"
    )


# ---------------------------------------------------------------- several registry files


REGISTRY_YAML = DEFAULT_YAML.replace(
    "providers: {file: providers.csv}",
    "providers:\n    - {file: providers.csv}\n    - {file: more.csv, on_duplicate: first}",
)


def test_a_later_registry_file_only_adds_ids_not_seen_yet(intake):
    folder = intake([result(), result(provider_id="P9")], yaml=REGISTRY_YAML)
    write_csv(
        folder / "more.csv",
        [["provider_id", "name", "kind"], ["P1", "Other name", "ggz"], ["P9", "Nieuw", "ggz"]],
    )
    rel = build(folder)
    names = dict(zip(rel.registry["provider_id"], rel.registry["name"]))
    assert names["P1"] == "Ziekenhuis Een" and names["P9"] == "Nieuw"
    assert not issues_of(rel, "duplicate-id") and rel.report["rejected_rows"]["providers"] == 0
    [more] = [f for f in rel.report["files"] if f["file"] == "more.csv"]
    assert (more["rows_in_file"], more["read"], more["accepted"]) == (2, 1, 1)
    assert published(rel) == {("P1", "MEAN", "2023"), ("P9", "MEAN", "2023")}


def test_without_on_duplicate_a_repeated_id_is_still_rejected(intake):
    folder = intake([result()], yaml=REGISTRY_YAML.replace(", on_duplicate: first", ""))
    write_csv(folder / "more.csv", [["provider_id", "name", "kind"], ["P1", "Other name", "ggz"]])
    rel = build(folder)
    [dup] = issues_of(rel, "duplicate-id")
    assert (dup["file"], dup["row"], dup["value"]) == ("more.csv", 2, "P1")
    assert "on_duplicate: first" in dup["message"]


@pytest.mark.parametrize(
    "setting, table, words",
    [
        ("on_duplicate: first", "results", "only for providers and indicators"),
        ("on_duplicate: last", "providers", "must be one of error, first"),
    ],
)
def test_on_duplicate_that_cannot_work_is_a_config_error(setting, table, words):
    assert words in config_error(setting, table)


def test_a_lookup_under_defaults_is_completed_per_source_and_skipped_where_the_table_lacks_the_column(intake):
    """defaults names the lookup file once; each source adds which of its columns holds the keys."""
    yaml = with_defaults(
        "  lookup: {explanation: {file: notes.csv, key: Code, value: Text}}\n",
        "{file: results.csv, lookup: {explanation: {on: Footnote}}}",
    )
    folder = intake([result(Footnote="1")], yaml=yaml)
    write_csv(folder / "notes.csv", NOTES)
    build(folder)  # providers and indicators have no explanation: their sources skip the lookup
    assert list(checked(folder)["results"].table["explanation"]) == ["Too few cases"]
    text = DEFAULT_YAML.replace(
        "{file: results.csv}", "{file: results.csv, lookup: {explanation: {on: Footnote}}}"
    )
    messages = [i.message for i in structural(parse_intake_config, text)]
    assert [m.split("'")[1] for m in messages] == [
        f"tables.results.lookup.explanation.{k}" for k in ("file", "key", "value")
    ]
