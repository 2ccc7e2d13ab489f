"""Mapping that composes (issue 15): defaults and a source's own settings merged key by key, value maps
with back-references, periods parsed from formats, columns looked up in a second file, wide files
unpivoted, and several registry files of which a later one only adds ids not seen yet."""

from __future__ import annotations

from intake_files import DEFAULT_YAML, build, result


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
