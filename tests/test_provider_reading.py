"""A provider page a person reads top-down (issue 17, items 2 and 5): the plain summary, the spine chart,
position words by direction, changes with their unit and charts whose axes fit the data."""

from __future__ import annotations

import math
from pathlib import Path

from generator.site import charts, formatting, mirror, spine, summaries


def row(comparison: str, **extra) -> dict:
    """A published result row as the provider page gets it."""
    return {"status": "published", "comparison": comparison, "value": 50.0} | extra


def test_the_summary_counts_the_one_verdict_and_names_the_data_date():
    rows = [row("better"), row("better"), row("worse"), row("no_different"), row("not_compared")]
    rows.append({"status": "too_few_cases", "comparison": "", "value": None})
    text = summaries.summary_provider_page("Ziekenhuis A", rows, "november 2026")
    assert text.startswith("Van Ziekenhuis A zijn 5 resultaten gepubliceerd")
    assert "2 beter dan het landelijk gemiddelde" in text
    assert "1 slechter" in text
    assert "november 2026" in text


def test_the_summary_without_results_says_so():
    assert "geen" in summaries.summary_provider_page("X", [], "november 2026")


BENCH = {"value": 50.0, "q1": 45.0, "q3": 55.0, "low": 30.0, "high": 80.0}


def test_the_spine_puts_better_on_the_right_whatever_the_direction():
    high = spine.spine_row(row("better", value=60.0, direction="higher", title="a"), BENCH)
    low = spine.spine_row(row("better", value=40.0, direction="lower", title="b"), BENCH)
    assert high["own"] > 0 and low["own"] > 0
    assert low["left"] == -1 or low["right"] == 1  # the widest side of the range reaches the edge
    assert math.isclose(high["bench"], 0.0)
    assert high["q1"] < 0 < high["q3"] and low["q1"] < 0 < low["q3"]


def test_the_spine_chart_is_a_chart_type_drawn_from_its_own_rows():
    assert "spine" in charts.CHART_TYPES
    spec = charts.chart_specs()["spine"]
    assert spec["data"] == {"name": "spine"}
    assert "comparison_label" in str(spec)


def test_the_result_axis_fits_the_data_and_keeps_the_benchmark_in_view():
    spec = charts.chart_specs()["provider-results"]
    assert "[0, 100]" not in str(spec["layer"]), "not always 0-100%"
    assert "pct_national_value" in str(spec)


def test_position_words_follow_the_direction():
    assert mirror.position_words(4, "higher") == "bij de beste 25%"
    assert mirror.position_words(1, "lower") == "bij de beste 25%"
    assert mirror.position_words(1, "higher") == "bij de minst goede 25%"
    assert mirror.position_words(4, "lower") == "bij de minst goede 25%"
    assert "kwart" not in mirror.position_words(2, "higher")
    assert mirror.position_words(1, "") == "bij de laagste 25%"


def test_every_change_shows_its_unit():
    assert formatting.change_unit("percentage") == "procentpunt"
    assert formatting.change_unit("median", unit_label="weken") == "weken"
    assert formatting.change_unit("rate", 1000) == "per 1.000"
    assert formatting.change_text(4.1, "percentage") == "4,1 procentpunt hoger"
    assert formatting.change_text(-0.5, "median", unit_label="weken") == "0,50 weken lager"
    assert formatting.change_text(0.3, "mean", unit_label="dagen") == "0,30 dagen hoger"


def test_a_change_takes_its_unit_from_the_catalogue_never_from_the_description():
    # the description says 'in weken', but only a declared unit_label is shown: the site never guesses
    assert formatting.change_unit("median", unit_label="") == ""
    assert formatting.change_unit("median", unit_label=float("nan")) == ""
    assert formatting.change_text(-0.5, "median") == "0,50 lager"
    assert formatting.change_unit("yesno", unit_label="weken") == ""  # a yes/no has no change to label
    assert formatting.change_unit("percentage", unit_label="weken") == "procentpunt"  # shares: always points


def test_a_value_carries_its_declared_unit_label_and_shares_and_rates_keep_their_own():
    assert formatting.formatted(5.23, "mean", None, "", "weken") == "5,23 weken"
    assert formatting.formatted(14.5, "median", None, "", " weken ") == "14,5 weken"
    assert formatting.formatted(3, "count", None, "", float("nan")) == "3"  # none declared: a bare number
    assert formatting.formatted(72.0, "percentage", None, "", "weken") == "72,0%"
    assert formatting.formatted(0.72, "proportion", None, "", "weken") == "0,720"
    assert formatting.formatted(12.3, "rate", 1000, "", "weken") == "12,3 per 1.000"
    assert formatting.formatted(1, "yesno", None, "", "weken") == "ja"


def test_the_compare_chart_follows_the_table_order():
    spec = str(charts.chart_specs()["compare"])
    assert "'sort': {'field': 'order', 'op': 'min'}" in spec and "'sort': 'ascending'" not in spec
    choice = Path(__file__).resolve().parents[1] / "site_src" / "assets" / "javascripts" / "choice.js"
    assert "rows.push({ order: rows.length," in choice.read_text(encoding="utf-8")
