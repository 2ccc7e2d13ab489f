"""Tests for generator/validate.py: one test per row rule, each with a valid neighbour row that passes.

Each test asserts the issue's code, file, row, column and value, that only the bad row is rejected,
and that the neighbour reaches the published results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import pytest
from intake_files import (
    DEFAULT_YAML,
    INDICATOR_COLUMNS,
    INDICATORS,
    PROVIDER_COLUMNS,
    PROVIDERS,
    checked,
    issues_of,
    result,
    write_csv,
)

from generator.core.errors import ISSUE_TYPES
from generator.core.ids import id_path
from generator.core.names import HELD_BACK, REJECTED
from generator.intake.approve import approval_gate
from generator.pipeline import check_release


@dataclass
class Outcome:
    """What validation and the approval gate made of an intake folder (no compute: fast)."""

    report: dict
    results: pd.DataFrame  # the rows that passed the gate, typed
    providers: pd.DataFrame  # accepted registry rows
    indicators: pd.DataFrame


def build(folder) -> Outcome:
    _config, _files, tables, _timings = check_release(folder)
    gate = approval_gate(tables["results"])
    stopped = gate.stopped["bucket"]
    report = {
        "issues": [i.to_dict() for c in tables.values() for i in c.issues],
        "rejected_rows": {name: int(c.rejected.sum()) for name, c in tables.items()},
        "totals": {
            "rejected": int((stopped == REJECTED).sum()),
            "held_back": int((stopped == HELD_BACK).sum()),
        },
        "held_back_by_status": gate.stopped.loc[stopped == HELD_BACK, "approval_status"]
        .value_counts()
        .to_dict(),
    }
    accepted = {name: c.table.loc[~c.rejected] for name, c in tables.items()}
    return Outcome(report, gate.approved, accepted["providers"], accepted["indicators"])


def published_keys(outcome: Outcome) -> set[tuple[str, str, str]]:
    r = outcome.results
    return set(zip(r["provider_id"], r["indicator_id"], r["period"]))


GOOD = result(provider_id="P2", indicator_id="MEAN", period="2023", value="7")  # the neighbour


def run(intake, bad: dict, good: dict = GOOD, **kw):
    """Build an intake whose results are [bad row (file row 2), good neighbour (file row 3)]."""
    return build(intake([bad, good], **kw))


def the_issue(release, code: str) -> dict:
    found = issues_of(release, code)
    assert len(found) == 1, (code, release.report["issues"])
    return found[0]


def assert_row_rejected(
    release, issue: dict, *, file="results.csv", row=2, column: str, value: str, table="results"
):
    assert ISSUE_TYPES[issue["code"]][0] == "row" and issue["severity"] == "row"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (file, row, column, value)
    assert release.report["rejected_rows"][table] == 1
    if table == "results":
        assert release.report["totals"]["rejected"] == 1
        assert ("P2", "MEAN", "2023") in published_keys(release)  # the neighbour goes on
        assert len(release.results) == 1


def with_provider(*rows):
    return [PROVIDER_COLUMNS] + PROVIDERS + [list(r) for r in rows]


def with_indicator(*rows):
    return [INDICATOR_COLUMNS] + INDICATORS + [list(r) for r in rows]


# ---------------------------------------------------------------- parsing rules


def test_required_missing(intake):
    rel = run(intake, result(provider_id=""))
    issue = the_issue(rel, "required-missing")
    assert_row_rejected(rel, issue, column="provider_id", value="")
    assert issue["message"] == "Column 'provider_id' is required but empty."


def assert_field_dropped(
    release, issue: dict, *, file="results.csv", row=2, column: str, value: str, rule: str
):
    """A bad value of an optional column: a located warning that says what was wrong, the row kept."""
    assert issue["code"] == "field-dropped" and issue["severity"] == "warning"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (file, row, column, value)
    assert rule in issue["message"] and "the value is left empty and the row is kept" in issue["message"]


def test_number_invalid(intake):
    """'veel' is no number: the value is the result itself, so the row is rejected with that rule."""
    rel = run(intake, result(value="veel"))
    assert_row_rejected(rel, the_issue(rel, "number-invalid"), column="value", value="veel")
    assert not issues_of(rel, "field-dropped") and not issues_of(rel, "value-missing")


@pytest.mark.parametrize("text", ["inf", "-Infinity", "1e999", "nan"])
def test_infinite_and_nan_are_not_numbers(intake, text):
    rel = run(intake, result(value=text))
    assert_row_rejected(rel, the_issue(rel, "number-invalid"), column="value", value=text)


def test_a_bad_optional_field_costs_the_field_not_the_row(intake):
    """Grid coordinates in a latitude column rejected 276 of 277 hospitals (issue 15); now they cost the
    coordinates only."""
    providers = (
        [PROVIDER_COLUMNS + ["latitude", "longitude", "website"]]
        + [r + ["52.1", "5.1", ""] for r in PROVIDERS]
        + [["P4", "Vier", "ggz", "", "", "", "155000", "463000", "https://vier.example"]]
    )
    rel = run(
        intake, result(provider_id="P4", approval_date="31-02-2024", numerator="X"), providers=providers
    )
    dropped = issues_of(rel, "field-dropped")
    assert [(i["file"], i["row"], i["column"], i["value"]) for i in dropped] == [
        ("providers.csv", 6, "latitude", "155000"),
        ("providers.csv", 6, "longitude", "463000"),
        ("results.csv", 2, "numerator", "X"),
        ("results.csv", 2, "approval_date", "31-02-2024"),
    ]
    assert "outside the range -90..90" in dropped[0]["message"]
    assert rel.report["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 0}
    p4 = rel.providers.set_index("provider_id").loc["P4"]
    assert (
        math.isnan(p4["latitude"]) and math.isnan(p4["longitude"]) and p4["website"] == "https://vier.example"
    )
    assert ("P4", "MEAN", "2023") in published_keys(rel)


def test_a_bad_threshold_or_scale_in_the_catalogue_still_rejects_the_indicator(intake):
    """min_denominator, rate_per, min_value and max_value decide what may be published: no guessing."""
    rows = [
        ["T1", "S2", "Set twee", "T", "process", "mean", "higher", "tien", "", "", "", "", ""],
        ["T2", "S2", "Set twee", "T", "outcome", "rate", "lower", "", "1000.5", "", "", "", ""],
        ["T3", "S2", "Set twee", "T", "process", "mean", "higher", "", "", "", "max", "", ""],
    ]
    rel = run(intake, result(indicator_id="T1"), indicators=with_indicator(*rows))
    assert rel.report["rejected_rows"]["indicators"] == 3 and not issues_of(rel, "field-dropped")


def test_integer_invalid_in_the_catalogue(intake):
    rel = run(
        intake,
        result(indicator_id="INT"),
        indicators=with_indicator(
            ["INT", "S2", "Set twee", "Int", "process", "mean", "higher", "10.5", "", "", "", "", ""]
        ),
    )
    issue = the_issue(rel, "integer-invalid")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "indicators.csv",
        9,
        "min_denominator",
        "10.5",
    )
    assert rel.report["rejected_rows"]["indicators"] == 1
    # the result of the rejected indicator is rejected too, and told why
    unknown = the_issue(rel, "unknown-indicator")
    assert_row_rejected(rel, unknown, column="indicator_id", value="INT")
    assert "its registry row was rejected: indicators.csv row 9" in unknown["message"]


def test_integer_invalid_for_a_count_value(intake):
    rel = run(intake, result(indicator_id="CNT", value="2.5"))
    assert_row_rejected(rel, the_issue(rel, "integer-invalid"), column="value", value="2.5")


def test_date_invalid(intake):
    rel = run(intake, result(approval_date="31-02-2024"))
    issue = the_issue(rel, "field-dropped")
    assert_field_dropped(rel, issue, column="approval_date", value="31-02-2024", rule="date-invalid")
    assert "date_formats" in issue["message"]
    assert ("P1", "MEAN", "2023") in published_keys(rel)


def test_impossible_iso_date_is_invalid(intake):
    rel = run(intake, result(approval_date="2024-02-30"))
    issue = the_issue(rel, "field-dropped")
    assert_field_dropped(rel, issue, column="approval_date", value="2024-02-30", rule="is not a date")


def test_boolean_invalid(intake):
    rel = run(intake, result(not_applicable="misschien"))
    issue = the_issue(rel, "field-dropped")
    assert_field_dropped(rel, issue, column="not_applicable", value="misschien", rule="boolean-invalid")
    assert "ja/nee" in issue["message"]
    assert ("P1", "MEAN", "2023") in published_keys(rel)


@pytest.mark.parametrize(
    "word, expected", [("ja", True), ("Nee", False), ("TRUE", True), ("0", False), ("", False)]
)
def test_boolean_words(intake, word, expected):
    rows = [
        result(
            provider_id="P1",
            value="",
            not_applicable=word,
            missing_reason="" if expected else "not_delivered",
        )
    ]
    c = checked(intake(rows))["results"]
    assert not c.rejected.any()
    assert bool(c.table.at[0, "not_applicable"]) is expected


def test_enum_invalid_with_did_you_mean(intake):
    rel = run(intake, result(approval_status="aproved"))
    issue = the_issue(rel, "enum-invalid")
    assert_row_rejected(rel, issue, column="approval_status", value="aproved")
    assert (
        "is not one of approved, pending, rejected, withdrawn (did you mean 'approved'?)" in issue["message"]
    )


def test_enum_invalid_without_a_close_match_has_no_hint(intake):
    rel = run(intake, result(approval_status="zomaar"))
    issue = the_issue(rel, "enum-invalid")
    assert "did you mean" not in issue["message"]


def test_dutch_synonyms_are_accepted(intake):
    indicators = with_indicator(
        ["JN", "S1", "Set een", "Dutch", "Uitkomst", "JaNee", "Hoger is beter", "", "", "", "", "", ""]
    )
    providers = with_provider(["P4", "Huisarts Vier", "Huisartsenpraktijk", "", "", ""])
    rows = [
        result(
            provider_id="P4", indicator_id="JN", text_value="ja", value="", approval_status="Geaccordeerd"
        ),
        result(provider_id="P1", approval_status="In afwachting"),
        result(provider_id="P2", approval_status="Ingetrokken"),
    ]
    rel = build(intake(rows, indicators=indicators, providers=providers))
    assert rel.report["issues"] == []
    ind = rel.indicators.set_index("indicator_id").loc["JN"]
    assert (ind["type"], ind["unit"], ind["direction"]) == ("outcome", "yesno", "higher")
    assert rel.providers.set_index("provider_id").at["P4", "kind"] == "huisartspraktijk"
    assert published_keys(rel) == {("P4", "JN", "2023")}
    assert rel.report["held_back_by_status"] == {"pending": 1, "withdrawn": 1}


@pytest.mark.parametrize("bad", ["P" * 201, "P\n4"])
def test_pattern_invalid_in_the_registry(intake, bad):
    """An id is any text of at most 200 characters without a line break or control character."""
    providers = with_provider([bad, "Te lang of met een regelovergang", "ggz", "", "", ""])
    rel = run(intake, result(provider_id=bad), providers=providers)
    issue = the_issue(rel, "pattern-invalid")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "providers.csv",
        6,
        "provider_id",
        bad,
    )
    assert "is not a valid id (any text of at most 200 characters" in issue["message"]
    assert rel.report["rejected_rows"]["providers"] == 1
    assert bad not in set(rel.providers["provider_id"])
    unknown = the_issue(rel, "unknown-provider")
    assert_row_rejected(rel, unknown, column="provider_id", value=bad)
    assert "(its registry row was rejected: providers.csv row 6)" in unknown["message"]


def test_lookup_unmatched_keeps_the_row_with_the_column_empty(intake):
    """A key the lookup file lacks: a located warning, the (optional) column left empty, the row kept."""
    yaml = DEFAULT_YAML.replace(
        "{file: results.csv}",
        "{file: results.csv, lookup: {explanation: {file: notes.csv, key: Code, value: Text, on: Note}}}",
    )
    folder = intake([result(Note="9"), dict(GOOD, Note="1")], yaml=yaml)
    write_csv(folder / "notes.csv", [["Code", "Text"], ["1", "Eén"]])
    rel = build(folder)
    issue = the_issue(rel, "lookup-unmatched")
    assert (issue["severity"], issue["row"], issue["column"], issue["value"]) == (
        "warning",
        2,
        "explanation",
        "9",
    )
    assert rel.report["totals"]["rejected"] == 0 and len(published_keys(rel)) == 2
    assert set(rel.results["explanation"]) == {"", "Eén"}


def test_id_path_taken_when_two_ids_would_share_a_web_address(intake):
    taken = id_path("Zorg & Co")  # 'zorg-co-' and 8 hex digits: a plain id may be written like that too
    providers = with_provider(
        ["Zorg & Co", "Eerste", "ggz", "", "", ""], [taken, "Tweede", "ggz", "", "", ""]
    )
    rel = run(intake, result(provider_id="Zorg & Co"), providers=providers)
    issue = the_issue(rel, "id-path-taken")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "providers.csv",
        7,
        "provider_id",
        taken,
    )
    assert f"{taken!r}, which id 'Zorg & Co' already has" in issue["message"]
    assert rel.report["rejected_rows"]["providers"] == 1
    assert ("Zorg & Co", "MEAN", "2023") in published_keys(rel)


def test_a_set_may_not_take_the_folder_of_the_package_with_every_set(intake):
    row = ["X1", "alles", "Alles", "Iets", "process", "count", "neither", "", "", "", "", "", ""]
    rel = run(intake, result(), indicators=with_indicator(row))
    issue = the_issue(rel, "id-path-taken")
    assert (issue["column"], issue["value"]) == ("set_id", "alles")
    assert "which the release uses itself" in issue["message"]
    assert rel.report["rejected_rows"]["indicators"] == 1


@pytest.mark.parametrize(
    "written", ["P 4", "Acute Stroke Ischemic", "Zorg & Co (locatie 2)", "ziekenhuis ’t Lange"]
)
def test_an_id_is_written_as_the_publisher_writes_it(intake, written):
    providers = with_provider([written, "Met spatie", "ggz", "", "", ""])
    rel = run(intake, result(provider_id=written), providers=providers)
    assert not issues_of(rel, "pattern-invalid")
    assert written in set(rel.providers["provider_id"])
    assert (written, "MEAN", "2023") in published_keys(rel)


@pytest.mark.parametrize("period", ["2023-13", "vorig jaar", "23", "2023-Q5", "2023-00"])
def test_period_invalid(intake, period):
    rel = run(intake, result(period=period))
    issue = the_issue(rel, "period-invalid")
    assert_row_rejected(rel, issue, column="period", value=period)
    assert "use a year (2023), a quarter (2023-Q2) or a month (2023-05)" in issue["message"]


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("2023", "2023"),
        ("2023Q2", "2023-Q2"),
        ("2023 q2", "2023-Q2"),
        ("Q2 2023", "2023-Q2"),
        ("q4-2023", "2023-Q4"),
        ("2023/5", "2023-05"),
        ("2023-05", "2023-05"),
        ("2023.0", "2023"),
    ],
)
def test_period_variants_are_normalised(intake, text, canonical):
    rel = build(intake([result(period=text)]))
    assert rel.report["issues"] == []
    assert list(rel.results["period"]) == [canonical]


def test_period_outside_set(intake):
    rel = run(
        intake,
        result(indicator_id="PCT", numerator="5", denominator="20", value="", period="2025"),
        good=result(
            provider_id="P2", indicator_id="PCT", numerator="5", denominator="20", value="", period="2024"
        ),
    )
    issue = the_issue(rel, "period-outside-set")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "results.csv",
        2,
        "period",
        "2025",
    )
    assert "outside the years of indicator PCT (2020–2024)" in issue["message"]
    assert rel.report["rejected_rows"]["results"] == 1 and published_keys(rel) == {("P2", "PCT", "2024")}


def test_unknown_provider_with_did_you_mean(intake):
    rel = run(intake, result(provider_id="ORG11"))
    issue = the_issue(rel, "unknown-provider")
    assert_row_rejected(rel, issue, column="provider_id", value="ORG11")
    assert issue["message"] == "Provider 'ORG11' is not in the provider registry (did you mean 'ORG1'?)."


def test_unknown_provider_whose_registry_row_was_rejected(intake):
    providers = with_provider(["P4", "Kapot", "supermarkt", "", "", ""])
    rel = run(intake, result(provider_id="P4"), providers=providers)
    kind = the_issue(rel, "enum-invalid")
    assert (kind["file"], kind["row"], kind["column"], kind["value"]) == (
        "providers.csv",
        6,
        "kind",
        "supermarkt",
    )
    issue = the_issue(rel, "unknown-provider")
    assert_row_rejected(rel, issue, column="provider_id", value="P4")
    assert "(its registry row was rejected: providers.csv row 6)" in issue["message"]


def test_unknown_indicator(intake):
    rel = run(intake, result(indicator_id="MEEN"))
    issue = the_issue(rel, "unknown-indicator")
    assert_row_rejected(rel, issue, column="indicator_id", value="MEEN")
    assert "not in the indicator catalogue" in issue["message"]


def test_unknown_parent_is_a_warning_and_the_link_is_dropped(intake):
    providers = with_provider(["P4", "Vier", "ggz", "ORG9", "", ""])
    rel = run(intake, result(provider_id="P4"), good=GOOD, providers=providers)
    issue = the_issue(rel, "unknown-parent")
    assert issue["severity"] == "warning"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "providers.csv",
        6,
        "parent_id",
        "ORG9",
    )
    assert rel.report["rejected_rows"]["providers"] == 0
    assert rel.providers.set_index("provider_id").at["P4", "parent_id"] == ""
    assert rel.providers.set_index("provider_id").at["P1", "parent_id"] == "ORG1"
    assert published_keys(rel) == {("P4", "MEAN", "2023"), ("P2", "MEAN", "2023")}


def test_control_characters_are_removed_with_a_warning_and_the_row_is_kept(intake):
    rel = run(intake, result(explanation="Zie\x1f toelichting\u202e"), good=GOOD)
    issue = the_issue(rel, "control-character-removed")
    assert issue["severity"] == "warning"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "results.csv",
        2,
        "explanation",
        "Zie toelichting",
    )
    assert "U+001F, U+202E" in issue["message"]
    assert published_keys(rel) == {("P1", "MEAN", "2023"), ("P2", "MEAN", "2023")}
    assert set(rel.results["explanation"]) == {"Zie toelichting", ""}


def test_numerator_exceeds_denominator(intake):
    rel = run(intake, result(indicator_id="PCT", numerator="12", denominator="10", value=""))
    issue = the_issue(rel, "numerator-exceeds-denominator")
    assert_row_rejected(rel, issue, column="numerator", value="12")
    assert issue["message"] == "Numerator 12 is larger than the denominator 10."


@pytest.mark.parametrize("indicator", ["PCT", "PROP", "RATE", "MEAN"])
def test_denominator_missing(intake, indicator):
    """A share, rate or mean the disclosure threshold cannot act on (tests/test_disclosure_rules.py: the
    rest)."""
    value = {"PCT": "14.2857", "PROP": "0.142857", "RATE": "142.857", "MEAN": "6.5"}[indicator]
    rel = run(intake, result(indicator_id=indicator, numerator="1", denominator="", value=value))
    issue = the_issue(rel, "denominator-missing")
    assert_row_rejected(rel, issue, column="denominator", value="")
    assert f"result of indicator '{indicator}' needs its denominator" in issue["message"]
    assert "min_denominator to 0 in the indicator catalogue" in issue["message"]


@pytest.mark.parametrize("column", ["numerator", "denominator", "standard_error"])
def test_negative_count(intake, column):
    rel = run(intake, result(indicator_id="MEAN", **{column: "-5"}))
    issue = the_issue(rel, "field-dropped")
    assert_field_dropped(rel, issue, column=column, value="-5", rule="negative-count")
    assert "counts cannot be below zero" in issue["message"]


@pytest.mark.parametrize(
    "indicator, value, shown, detail",
    [
        ("PCT", "101", "101", "0..100"),
        ("PCT", "-1", "-1", "0..100"),
        ("PROP", "1.5", "1.5", "0..1"),
        ("YN", "2", "2", "0..1"),
        ("MEAN", "11", "11", "0..10"),
        ("MEAN", "-0.5", "-0.5", "0..10"),
        ("CNT", "-3", "-3", "0..inf"),
    ],
)
def test_value_out_of_range(intake, indicator, value, shown, detail):
    rel = run(intake, result(indicator_id=indicator, value=value))
    issue = the_issue(rel, "value-out-of-range")
    assert_row_rejected(rel, issue, column="value", value=shown)
    assert issue["message"] == f"Value {shown} is outside the range {detail} of this indicator's unit."


def test_value_in_range_edges_pass(intake):
    rows = [
        result(indicator_id="PCT", value="100"),
        result(indicator_id="PROP", value="0"),
        result(indicator_id="MEAN", value="10"),
        GOOD,
    ]
    rel = build(intake(rows))
    assert rel.report["issues"] == [] and len(rel.results) == 4


def test_registry_value_out_of_range(intake):
    providers = (
        [PROVIDER_COLUMNS + ["latitude"]]
        + [r + [""] for r in PROVIDERS]
        + [["P4", "Vier", "ggz", "", "", "", "91"]]
    )
    rel = run(intake, result(provider_id="P4"), providers=providers)
    issue = the_issue(rel, "field-dropped")
    assert_field_dropped(
        rel, issue, file="providers.csv", row=6, column="latitude", value="91", rule="value-out-of-range"
    )
    assert rel.report["rejected_rows"]["providers"] == 0


def test_duplicate_result(intake):
    first = result(provider_id="P1", value="5")
    rel = build(intake([first, GOOD, result(provider_id="P1", value="6")]))
    issue = the_issue(rel, "duplicate-result")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == ("results.csv", 4, "", "2023")
    assert issue["message"] == (
        "A second approved result for provider P1, indicator MEAN, period 2023; "
        "the first is at results.csv row 2."
    )
    assert rel.report["rejected_rows"]["results"] == 1
    kept = rel.results.set_index("provider_id")
    assert kept.at["P1", "value"] == 5 and "P2" in kept.index


def test_duplicates_count_only_among_approved_rows(intake):
    rows = [
        result(provider_id="P1", value="5", approval_status="withdrawn"),
        result(provider_id="P1", value="6"),
        result(provider_id="P1", value="7", approval_status="pending"),
        GOOD,
    ]
    rel = build(intake(rows))
    assert issues_of(rel, "duplicate-result") == []
    assert rel.results.set_index("provider_id").at["P1", "value"] == 6
    assert rel.report["totals"]["held_back"] == 2


def test_a_rejected_row_does_not_count_as_the_first_of_a_duplicate(intake):
    rows = [result(provider_id="P1", value="veel"), result(provider_id="P1", value="6"), GOOD]
    rel = build(intake(rows))
    assert issues_of(rel, "duplicate-result") == []
    assert rel.results.set_index("provider_id").at["P1", "value"] == 6


def test_duplicate_id(intake):
    providers = with_provider(["P1", "Ziekenhuis Een (dubbel)", "ziekenhuis", "", "", ""])
    rel = build(intake([result(provider_id="P1"), GOOD], providers=providers))
    issue = the_issue(rel, "duplicate-id")
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "providers.csv",
        6,
        "provider_id",
        "P1",
    )
    assert issue["message"].startswith("Id 'P1' appears more than once; the first is at providers.csv row 3.")
    assert rel.report["rejected_rows"]["providers"] == 1
    assert rel.providers.set_index("provider_id").at["P1", "name"] == "Ziekenhuis Een"
    assert published_keys(rel) == {
        ("P1", "MEAN", "2023"),
        ("P2", "MEAN", "2023"),
    }  # the first row still serves


def test_duplicate_indicator_id(intake):
    indicators = with_indicator(
        ["MEAN", "S9", "Set negen", "Tweede", "process", "mean", "higher", "", "", "", "", "", ""]
    )
    rel = build(intake([GOOD], indicators=indicators))
    issue = the_issue(rel, "duplicate-id")
    assert (issue["file"], issue["row"], issue["column"]) == ("indicators.csv", 9, "indicator_id")


def test_value_missing(intake):
    rel = run(intake, result(value=""))
    issue = the_issue(rel, "value-missing")
    assert_row_rejected(rel, issue, column="value", value="")


def test_value_missing_only_for_approved_rows(intake):
    rel = build(intake([result(value="", approval_status="pending"), GOOD]))
    assert rel.report["issues"] == [] and rel.report["totals"]["held_back"] == 1


@pytest.mark.parametrize("marks", [{"missing_reason": "too_few_cases"}, {"not_applicable": "ja"}])
def test_value_conflicts_with_missing(intake, marks):
    rel = run(intake, result(value="5", **marks))
    issue = the_issue(rel, "value-conflicts-with-missing")
    assert_row_rejected(rel, issue, column="value", value="5")
    reason = marks.get("missing_reason", "not_applicable")
    assert (
        issue["message"] == f"The result has a value but is also marked {reason}; deliver one or the other."
    )


def test_missing_reason_with_counts_is_not_a_conflict(intake):
    # counts delivered beside a missing reason: no value is made up, so there is nothing to conflict with
    rel = build(
        intake(
            [
                result(
                    indicator_id="PCT",
                    numerator="3",
                    denominator="5",
                    value="",
                    missing_reason="too_few_cases",
                ),
                GOOD,
            ]
        )
    )
    assert rel.report["issues"] == []
    row = rel.results.set_index("provider_id").loc["P1"]
    assert math.isnan(row["value"]) and row["missing_reason"] == "too_few_cases"


def test_missing_reason_without_value_is_accepted(intake):
    rows = [
        result(value="", missing_reason="not_delivered"),
        result(provider_id="P3", value="", not_applicable="true"),
        GOOD,
    ]
    rel = build(intake(rows))
    assert rel.report["issues"] == []
    reasons = rel.results.set_index("provider_id")["missing_reason"]
    assert reasons["P1"] == "not_delivered" and reasons["P3"] == "not_applicable"


def test_value_recomputed_is_a_warning_and_keeps_the_delivered_value(intake):
    rel = build(intake([result(indicator_id="PCT", numerator="5", denominator="10", value="80"), GOOD]))
    issue = the_issue(rel, "value-recomputed")
    assert issue["severity"] == "warning"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == ("results.csv", 2, "value", "80")
    assert (
        issue["message"] == "Value 80 differs from numerator/denominator (50); the delivered value is kept."
    )
    assert rel.report["rejected_rows"]["results"] == 0
    assert rel.results.set_index("provider_id").at["P1", "value"] == 80


def test_rounded_value_is_not_recomputed(intake):
    rel = build(intake([result(indicator_id="PCT", numerator="1", denominator="30", value="3.3"), GOOD]))
    assert rel.report["issues"] == []


def test_percentage_is_derived_from_numerator_and_denominator(intake):
    rows = [
        result(indicator_id="PCT", numerator="5", denominator="20", value=""),
        result(provider_id="P2", indicator_id="PROP", numerator="3", denominator="12", value=""),
        result(provider_id="P3", indicator_id="RATE", numerator="3", denominator="1500", value=""),
    ]
    rel = build(intake(rows))
    values = rel.results.set_index("provider_id")["value"]
    assert values["P1"] == 25 and values["P2"] == 0.25 and values["P3"] == 2
    assert rel.report["issues"] == []


def test_zero_denominator_derives_nothing(intake):
    rel = run(intake, result(indicator_id="PCT", numerator="0", denominator="0", value=""))
    assert_row_rejected(rel, the_issue(rel, "value-missing"), column="value", value="")


@pytest.mark.parametrize(
    "text, value, want_text, want_value",
    [
        ("ja", "", "ja", 1.0),
        ("Nee", "", "nee", 0.0),
        ("JA", "", "ja", 1.0),
        ("", "1", "ja", 1.0),
        ("", "0", "nee", 0.0),
        ("yes", "", "ja", 1.0),
    ],
)
def test_yes_no_text_and_value_are_kept_in_step(intake, text, value, want_text, want_value):
    rel = build(intake([result(indicator_id="YN", text_value=text, value=value), GOOD]))
    assert rel.report["issues"] == []
    row = rel.results.set_index("provider_id").loc["P1"]
    assert (row["text_value"], row["value"]) == (want_text, want_value)


def test_yes_no_with_another_word_is_rejected(intake):
    rel = run(intake, result(indicator_id="YN", text_value="misschien", value=""))
    issue = the_issue(rel, "enum-invalid")
    assert_row_rejected(rel, issue, column="text_value", value="misschien")


def test_yes_no_value_between_0_and_1_is_rejected(intake):
    rel = run(intake, result(indicator_id="YN", value="0.5"))
    issue = the_issue(rel, "enum-invalid")
    assert_row_rejected(rel, issue, column="value", value="0.5")
    assert issue["message"] == "'0.5' in column 'value' is not one of 1, 0 (or ja, nee in text_value)."


def test_text_indicator_keeps_its_text(intake):
    rel = build(intake([result(indicator_id="TXT", value="", text_value="Elke dag, behalve zondag"), GOOD]))
    assert rel.report["issues"] == []
    assert rel.results.set_index("provider_id").at["P1", "text_value"] == "Elke dag, behalve zondag"


def test_several_problems_in_one_row_reject_it_once(intake):
    rel = run(intake, result(provider_id="P9", indicator_id="NOPE", period="ooit", approval_status="??"))
    codes = {i["code"] for i in rel.report["issues"]}
    assert {"unknown-provider", "unknown-indicator", "period-invalid", "enum-invalid"} <= codes
    assert {i["row"] for i in rel.report["issues"]} == {2}
    assert rel.report["totals"]["rejected"] == 1 and len(rel.results) == 1


def test_every_row_rule_has_a_test():
    """Every row and warning rule in errors.ISSUE_TYPES is exercised by a test in this file."""
    with open(__file__, encoding="utf-8") as f:
        source = f.read()
    for code, (severity, _template) in ISSUE_TYPES.items():
        if severity != "structure":
            assert f'"{code}"' in source, code
