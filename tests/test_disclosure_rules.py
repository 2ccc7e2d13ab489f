"""Issue 13 (hostile input), disclosure: denominators, small counts, thresholds and unapproved providers.

- a share, rate, mean or median without a denominator is rejected (the threshold cannot act on it),
  unless the indicator declares itself safe with min_denominator 0;
- publication.small_counts: k suppresses every numerator and non-event count from 1 to k, and each
  package says so;
- a negative or fractional threshold is an error (intake.yaml: exit 2; a catalogue row: a row issue);
- a provider without an approved result is not published, unless publication.registry_public.
"""

from __future__ import annotations

import json

import pytest
from intake_files import INDICATOR_COLUMNS, INDICATORS, PROVIDER_COLUMNS, PROVIDERS, build, issues_of, result

from generator.config.settings import parse_intake_config
from generator.core.errors import EXIT_INPUT, ISSUE_TYPES, StructuralError
from generator.core.names import SUPPRESSED, TOO_FEW_CASES
from generator.package import packages as package

GOOD = result(provider_id="P2", indicator_id="MEAN", period="2023", value="7", denominator="30")
YAML = (
    "version: 1\ntables:\n  providers: {file: providers.csv}\n  indicators: {file: indicators.csv}\n"
    "  results: {file: results.csv}\n"
)
MED = ["MED", "S2", "Set twee", "Median days", "process", "median", "lower", "", "", "", "", "", ""]


def indicators(*rows, **own_minimum):
    """The fixture catalogue plus MED; `PCT="0"` sets an indicator's own min_denominator."""
    out = [list(r) for r in INDICATORS] + [list(MED)] + [list(r) for r in rows]
    for row in out:
        if row[0] in own_minimum:
            row[INDICATOR_COLUMNS.index("min_denominator")] = own_minimum[row[0]]
    return [INDICATOR_COLUMNS] + out


def published(rel) -> dict:
    r = rel.results
    return {(p, i, t): s for p, i, t, s in zip(r["provider_id"], r["indicator_id"], r["period"], r["status"])}


# ---------------------------------------------------------------- a denominator the threshold can act on

NO_DENOMINATOR = [
    ("PCT", {"numerator": "1", "denominator": "", "value": "14.2857"}),  # 1 of 7, the attack run's row
    ("PCT", {"denominator": "", "value": "14.2857"}),  # value only
    ("PROP", {"denominator": "", "value": "0.142857"}),
    ("RATE", {"numerator": "1", "denominator": "", "value": "142.857"}),
    ("MEAN", {"denominator": "", "value": "6.5"}),
    ("MED", {"denominator": "", "value": "12"}),
]


@pytest.mark.parametrize("indicator, fields", NO_DENOMINATOR)
def test_a_result_the_threshold_cannot_act_on_is_rejected(intake, indicator, fields):
    rel = build(intake([result(indicator_id=indicator, **fields), GOOD], indicators=indicators()))
    (issue,) = issues_of(rel, "denominator-missing")
    assert ISSUE_TYPES["denominator-missing"][0] == "row"
    assert (issue["file"], issue["row"], issue["column"], issue["value"]) == (
        "results.csv",
        2,
        "denominator",
        "",
    )
    assert "min_denominator" in issue["message"] and indicator in issue["message"]
    assert ("P1", indicator, "2023") not in published(rel)
    assert published(rel)[("P2", "MEAN", "2023")] == "published"
    assert rel.report["totals"]["rejected"] == 1


@pytest.mark.parametrize("indicator, fields", NO_DENOMINATOR)
def test_an_indicator_with_min_denominator_0_is_published_without_one(intake, indicator, fields):
    rel = build(intake([result(indicator_id=indicator, **fields)], indicators=indicators(**{indicator: "0"})))
    assert not issues_of(rel, "denominator-missing")
    row = rel.results.set_index("indicator_id").loc[indicator]
    assert row["status"] == "published" and row["min_denominator"] == 0


def test_the_release_default_of_0_allows_it_too(intake):
    yaml = YAML + "publication: {min_denominator: 0}\n"
    rel = build(intake([result(indicator_id="PCT", value="14.2857")], indicators=indicators(), yaml=yaml))
    assert not issues_of(rel, "denominator-missing")
    assert published(rel)[("P1", "PCT", "2023")] == "published"


@pytest.mark.parametrize(
    "indicator, fields",
    [("CNT", {"value": "3"}), ("YN", {"text_value": "ja"}), ("TXT", {"text_value": "Ja, sinds 2020"})],
)
def test_counts_yes_no_and_text_need_no_denominator(intake, indicator, fields):
    row = result(indicator_id=indicator, **({"value": "", "denominator": ""} | fields))
    rel = build(intake([row], indicators=indicators()))
    assert not issues_of(rel, "denominator-missing")
    assert published(rel)[("P1", indicator, "2023")] == "published"


def test_a_row_marked_missing_needs_no_denominator(intake):
    row = result(indicator_id="PCT", value="", missing_reason="too_few_cases")
    rel = build(intake([row], indicators=indicators()))
    assert not issues_of(rel, "denominator-missing")


# ---------------------------------------------------------------- small counts

SMALL = [
    # provider, indicator, period, numerator, denominator, value -> suppressed with small_counts: 3?
    ("P1", "PCT", "2020", "2", "50", "", True),  # 2 events
    ("P1", "PCT", "2021", "48", "50", "", True),  # 2 non-events
    ("P1", "PCT", "2022", "4", "50", "", False),
    ("P1", "PCT", "2023", "0", "50", "", False),  # none is not a small count
    ("P1", "PCT", "2024", "", "50", "4", True),  # value only: 2 of 50
    ("P2", "PCT", "2024", "50", "50", "", False),
    ("P1", "CNT", "2023", "", "", "2", True),  # a count is its own numerator
    ("P2", "CNT", "2023", "", "", "4", False),
    ("P1", "RATE", "2023", "1", "5000", "", True),  # rates: the events
    ("P2", "RATE", "2023", "4999", "5000", "", False),  # ... not the non-events
]


def small_intake(intake, k: int | None):
    rows = [
        result(provider_id=p, indicator_id=i, period=t, numerator=n, denominator=d, value=v)
        for p, i, t, n, d, v, _ in SMALL
    ]
    yaml = YAML + (f"publication: {{small_counts: {k}}}\n" if k is not None else "")
    return intake(rows, yaml=yaml)


def test_small_counts_are_suppressed_as_too_few_cases(intake):
    rel = build(small_intake(intake, 3))
    status = published(rel)
    for p, i, t, *_, small in SMALL:
        assert status[(p, i, t)] == (TOO_FEW_CASES if small else "published"), (p, i, t)
    buckets = dict(
        zip(
            zip(rel.accounting["provider_id"], rel.accounting["indicator_id"], rel.accounting["period"]),
            rel.accounting["bucket"],
        )
    )
    assert buckets[("P1", "PCT", "2020")] == SUPPRESSED
    hidden = rel.results[rel.results["status"] == TOO_FEW_CASES]
    assert hidden[["value", "numerator", "denominator"]].isna().all().all()


def test_small_counts_are_off_by_default(intake):
    status = published(build(small_intake(intake, None)))
    assert all(status[(p, i, t)] == "published" for p, i, t, *_ in SMALL)


def test_every_package_states_the_small_count_rule(intake):
    files = package.build_packages(build(small_intake(intake, 3)).public)
    descriptors = [p for p in files if p.endswith("datapackage.json")]
    assert descriptors
    for path in descriptors:
        desc = json.loads(files[path])
        assert desc["disclosure"]["small_counts"] == 3
        assert "1 to 3" in desc["disclosure"]["rule"] and "1 to 3" in desc["description"]
        readme = files[path.replace("datapackage.json", "README.md")].decode()
        assert "1 tot en met 3" in readme


def test_the_disclosure_check_catches_a_small_count_in_a_package(intake):
    files = package.build_packages(build(small_intake(intake, 3)).public)
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = "alles/results.parquet"
    table = pq.read_table(io.BytesIO(files[path])).to_pandas()
    row = table.index[(table["status"] == "published") & (table["numerator"] == 4)][0]
    table.loc[row, ["numerator", "value"]] = [2.0, 4.0]
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False), out)
    with pytest.raises(AssertionError, match="small"):
        package.check_disclosure({**files, path: out.getvalue()}, workbooks=False)


# ---------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    "setting", ["min_denominator: -5", "min_denominator: 2.5", "small_counts: -1", "small_counts: 2.5"]
)
def test_a_negative_or_fractional_threshold_stops_the_build(setting):
    with pytest.raises(StructuralError) as err:
        parse_intake_config(YAML + f"publication:\n  {setting}\n")
    assert err.value.exit_code == EXIT_INPUT
    (issue,) = err.value.issues
    assert issue.code == "config-invalid" and f"publication.{setting.split(':')[0]}" in issue.message


@pytest.mark.parametrize("value, code", [("-5", "negative-count"), ("2.5", "integer-invalid")])
def test_a_negative_or_fractional_threshold_in_the_catalogue_is_a_row_issue(intake, value, code):
    rel = build(
        intake([result(indicator_id="PCT", numerator="1", denominator="2")], indicators=indicators(PCT=value))
    )
    (issue,) = issues_of(rel, code)
    assert (issue["file"], issue["column"], issue["value"]) == ("indicators.csv", "min_denominator", value)
    assert issue["severity"] == "row" and rel.report["rejected_rows"]["indicators"] == 1
    assert ("P1", "PCT", "2023") not in published(rel)


# ---------------------------------------------------------------- providers without an approved result

KIND_INDICATORS = [
    INDICATOR_COLUMNS + ["provider_kind"],
    [
        "PCT",
        "S1",
        "Set een",
        "Percentage",
        "process",
        "percentage",
        "higher",
        "",
        "",
        "",
        "",
        "",
        "",
        "ziekenhuis",
    ],
    ["Q", "S2", "Set twee", "Ander", "process", "percentage", "higher", "", "", "", "", "", "", "ziekenhuis"],
]
WAITING = [
    result(provider_id="P1", indicator_id="PCT", numerator="40", denominator="80", value=""),
    result(
        provider_id="P1",
        indicator_id="Q",
        numerator="30",
        denominator="80",
        value="",
        approval_status="pending",
    ),
    result(provider_id="P4", indicator_id="Q", numerator="30", denominator="80", value=""),
    result(
        provider_id="P2",
        indicator_id="PCT",
        numerator="30",
        denominator="80",
        value="",
        approval_status="pending",
    ),
]
WITH_P4 = [PROVIDER_COLUMNS] + PROVIDERS + [["P4", "Ziekenhuis Vier", "ziekenhuis", "", "", ""]]


EXPECTED = "publication: {expected_deliveries: provider_kind}\n"


def test_a_provider_without_an_approved_result_is_not_published(intake):
    rel = build(intake(WAITING, indicators=KIND_INDICATORS, providers=WITH_P4, yaml=YAML + EXPECTED))
    assert "P2" not in set(rel.public.providers["provider_id"])
    assert "P2" not in set(rel.results["provider_id"])
    # P1 delivered set S2 and has not approved it: that is not 'not delivered'
    assert ("P1", "Q", "2023") not in published(rel)
    assert published(rel)[("P4", "PCT", "2023")] == "not_delivered"


def test_with_a_public_registry_it_is_published_as_awaiting_approval(intake):
    yaml = YAML + "publication: {registry_public: true, expected_deliveries: provider_kind}\n"
    rel = build(intake(WAITING, indicators=KIND_INDICATORS, providers=WITH_P4, yaml=yaml))
    prov = rel.public.providers.set_index("provider_id")
    assert {"P1", "P2", "ORG1"} <= set(prov.index)
    assert bool(prov.loc["P1", "approved_results"]) and not bool(prov.loc["P2", "approved_results"])
    status = published(rel)
    assert ("P2", "PCT", "2023") not in status and (
        "P1",
        "Q",
        "2023",
    ) not in status  # delivered, not approved
    assert status[("P2", "Q", "2023")] == "not_delivered"  # expected and truly not delivered
    files = package.build_packages(rel.public)
    assert b"approved_results" not in files["alles/providers.csv"]  # the packages keep the contract's columns


def test_a_public_registry_provider_awaiting_approval_says_so_on_its_page(intake):
    from generator import pipeline

    yaml = YAML + "publication: {registry_public: true}\n"
    rel = build(intake(WAITING, indicators=KIND_INDICATORS, providers=WITH_P4, yaml=yaml))
    docs = pipeline.render_release(rel, [])
    waiting, approved = docs["aanbieders/P2/index.md"], docs["aanbieders/P1/index.md"]
    assert "Nog geen goedgekeurde cijfers." in waiting and 'data-approved="false"' in waiting
    assert "Nog geen goedgekeurde cijfers." not in approved
