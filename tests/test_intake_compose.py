"""Mapping that composes (issue 15): defaults and a source's own settings merged key by key, value maps
with back-references, periods parsed from formats, columns looked up in a second file, wide files
unpivoted, and several registry files of which a later one only adds ids not seen yet."""

from __future__ import annotations

import pytest
from intake_files import DEFAULT_YAML, build, result

from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError


def with_defaults(defaults: str, results_entry: str = "{file: results.csv}") -> str:
    """DEFAULT_YAML with a `defaults:` section and the results entry replaced."""
    return DEFAULT_YAML.replace("version: 1\n", f"version: 1\ndefaults:\n{defaults}").replace(
        "{file: results.csv}", results_entry
    )


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
    text = DEFAULT_YAML.replace("{file: results.csv}", f"{{file: results.csv, values: {values}}}")
    with pytest.raises(StructuralError) as err:
        parse_intake_config(text)
    [issue] = err.value.issues
    assert issue.code == "config-invalid" and "'tables.results.values.period'" in issue.message
    assert words in issue.message
