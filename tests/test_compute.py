"""Tests of compute.py: disclosure control, intervals, benchmarks, comparison, funnel limits, change, not
delivered."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from generator.compute import release as compute


def indicators(**overrides):
    row = {
        "indicator_id": "P1",
        "set_id": "s",
        "set_title": "Set",
        "title": "t",
        "unit": "percentage",
        "direction": "higher",
        "min_denominator": np.nan,
        "rate_per": np.nan,
        "provider_kind": "ziekenhuis",
        "first_year": np.nan,
        "last_year": np.nan,
    }
    row.update(overrides)
    return pd.DataFrame([row])


def providers(n=4, kind="ziekenhuis"):
    return pd.DataFrame(
        {
            "provider_id": [f"0{i}" for i in range(n)],
            "kind": kind,
            "region": ["Noord", "Noord", "Zuid", "Zuid", "Oost", "Oost"][:n] + ["West"] * max(0, n - 6),
            "parent_id": "",
        }
    )


def approved(rows, scale=100.0):
    """Approved rows as validation hands them on (value derived from numerator/denominator when empty)."""
    base = {
        "text_value": "",
        "standard_error": np.nan,
        "standard_deviation": np.nan,
        "missing_reason": "",
        "explanation": "",
        "approval_date": "",
        "confirmed_date": "",
        "_file": "r.csv",
        "_row": 2,
        "value": np.nan,
        "numerator": np.nan,
        "denominator": np.nan,
    }
    frame = pd.DataFrame([base | r for r in rows])
    derive = frame["value"].isna() & frame["numerator"].notna() & (frame["missing_reason"] == "")
    frame.loc[derive, "value"] = frame["numerator"] / frame["denominator"] * scale
    return frame


def test_disclosure_suppresses_under_default_threshold_and_keeps_the_row():
    res = compute.apply_disclosure(
        approved(
            [
                {
                    "provider_id": "01",
                    "indicator_id": "P1",
                    "period": "2023",
                    "numerator": 3.0,
                    "denominator": 9.0,
                    "value": 33.3,
                },
                {
                    "provider_id": "02",
                    "indicator_id": "P1",
                    "period": "2023",
                    "numerator": 3.0,
                    "denominator": 10.0,
                    "value": 30.0,
                },
            ]
        ),
        indicators(),
        default=10,
    )
    assert list(res["status"]) == ["too_few_cases", "published"]
    assert list(res["bucket"]) == ["suppressed", "published"]  # apply_disclosure still works on intake rows
    assert res.loc[0, ["value", "numerator", "denominator"]].isna().all()
    assert res.loc[1, "value"] == 30.0


def test_disclosure_uses_the_indicators_own_threshold():
    res = compute.apply_disclosure(
        approved(
            [
                {
                    "provider_id": "01",
                    "indicator_id": "P1",
                    "period": "2023",
                    "numerator": 3.0,
                    "denominator": 15.0,
                }
            ]
        ),
        indicators(min_denominator=20),
        default=10,
    )
    assert res.loc[0, "status"] == "too_few_cases"
    assert res.loc[0, "min_denominator"] == 20


def test_not_applicable_rows_carry_no_figures():
    res = compute.apply_disclosure(
        approved(
            [
                {
                    "provider_id": "01",
                    "indicator_id": "P1",
                    "period": "2023",
                    "numerator": 0.0,
                    "denominator": 0.0,
                    "missing_reason": "not_applicable",
                }
            ]
        ),
        indicators(),
        default=10,
    )
    assert res.loc[0, "status"] == "not_applicable"
    assert res.loc[0, ["numerator", "denominator"]].isna().all()


def build(rows, ind=None, prov=None, scale=100.0, **kw):
    return compute.compute_release(
        approved(rows, scale),
        ind if ind is not None else indicators(),
        prov if prov is not None else providers(),
        10,
        **kw,
    )


def test_wilson_interval_in_percent_matches_statsmodels():
    out = build(
        [
            {
                "provider_id": "01",
                "indicator_id": "P1",
                "period": "2023",
                "numerator": 7.0,
                "denominator": 21.0,
            }
        ],
        comparison_method="interval",
    ).results
    out = out[out["provider_id"] == "01"].reset_index(drop=True)
    lo, hi = proportion_confint(7, 21, method="wilson")
    assert out.loc[0, "value"] == pytest.approx(100 * 7 / 21)
    assert out.loc[0, "ci_low"] == pytest.approx(100 * lo, abs=1e-9)
    assert out.loc[0, "ci_high"] == pytest.approx(100 * hi, abs=1e-9)


def test_funnel_method_publishes_the_exact_interval_that_inverts_its_test():
    out = build(
        [{"provider_id": "01", "indicator_id": "P1", "period": "2023", "numerator": 7.0, "denominator": 21.0}]
    )
    assert (
        out.indicators.set_index("indicator_id").loc["P1", "comparison_method"] == "funnel"
    )  # auto, a share
    row = out.results[out.results["provider_id"] == "01"].iloc[0]
    lo, hi = proportion_confint(7, 21, method="beta")
    assert (row["ci_low"], row["ci_high"], row["ci_level"]) == (
        pytest.approx(100 * lo),
        pytest.approx(100 * hi),
        0.95,
    )


MISSING_NUMERATOR = [
    {
        "provider_id": "01",
        "indicator_id": "P1",
        "period": "2023",
        "value": 50.0,
        "denominator": 20.0,
        "numerator": np.nan,
    }
]


def test_no_interval_or_verdict_rests_on_a_numerator_made_from_a_rounded_value():
    out = build(MISSING_NUMERATOR).results
    row = out[out["provider_id"] == "01"].iloc[0]
    assert np.isnan(row["ci_low"]) and row["comparison"] == "not_compared"


def test_an_indicator_may_allow_value_times_denominator_as_its_numerator():
    out = build(
        MISSING_NUMERATOR, ind=indicators(derive_numerator=True), comparison_method="interval"
    ).results
    out = out[out["provider_id"] == "01"].reset_index(drop=True)
    lo, hi = proportion_confint(10, 20, method="wilson")
    assert (out.loc[0, "ci_low"], out.loc[0, "ci_high"]) == (pytest.approx(100 * lo), pytest.approx(100 * hi))


def test_national_value_is_pooled_from_published_rows_only():
    rows = [
        {
            "provider_id": "00",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 10.0,
            "denominator": 100.0,
        },
        {"provider_id": "01", "indicator_id": "P1", "period": "2023", "numerator": 30.0, "denominator": 50.0},
        {
            "provider_id": "02",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 5.0,
            "denominator": 5.0,
        },  # suppressed
    ]
    c = build(rows)
    national = c.benchmarks[c.benchmarks["group_type"] == "national"].iloc[0]
    assert national["value"] == pytest.approx(100 * 40 / 150)
    assert national["providers"] == 2
    assert national["denominator"] == 150
    regions = c.benchmarks[c.benchmarks["group_type"] == "region"].set_index("group")
    assert regions.loc["Noord", "value"] == pytest.approx(100 * 40 / 150)
    assert "Zuid" not in regions.index  # its only result was suppressed


def test_comparison_takes_direction_into_account():
    rows = [
        {"provider_id": f"0{i}", "indicator_id": "P1", "period": "2023", "numerator": n, "denominator": 400.0}
        for i, n in enumerate([40.0, 200.0, 360.0, 200.0])
    ]
    higher = build(rows).results.set_index("provider_id")["comparison"]
    lower = build(rows, ind=indicators(direction="lower")).results.set_index("provider_id")["comparison"]
    neither = build(rows, ind=indicators(direction="neither")).results.set_index("provider_id")["comparison"]
    assert (higher["00"], higher["02"], higher["01"]) == ("worse", "better", "no_different")
    assert (lower["00"], lower["02"]) == ("better", "worse")
    assert set(neither) == {"not_compared"}


def test_funnel_limits_widen_for_small_denominators_and_contain_the_national_value():
    rows = [
        {"provider_id": f"0{i}", "indicator_id": "P1", "period": "2023", "numerator": n, "denominator": d}
        for i, (n, d) in enumerate([(5.0, 20.0), (50.0, 200.0), (250.0, 1000.0), (26.0, 100.0)])
    ]
    r = build(rows).results.set_index("provider_id")
    width = r["funnel_high_95"] - r["funnel_low_95"]
    assert width["00"] > width["01"] > width["02"]
    assert ((r["funnel_low_998"] <= r["funnel_low_95"]) & (r["funnel_high_95"] <= r["funnel_high_998"])).all()
    assert ((r["funnel_low_95"] <= r["national_value"]) & (r["national_value"] <= r["funnel_high_95"])).all()


@pytest.mark.parametrize(
    "period,previous",
    [
        ("2023", "2022"),
        ("2023-Q1", "2022-Q4"),
        ("2023-Q3", "2023-Q2"),
        ("2023-01", "2022-12"),
        ("2023-10", "2023-09"),
    ],
)
def test_previous_period(period, previous):
    assert compute.previous_period(pd.Series([period]))[0] == previous


def test_change_against_previous_period_with_two_proportion_test():
    rows = [
        {
            "provider_id": "01",
            "indicator_id": "P1",
            "period": "2022",
            "numerator": 10.0,
            "denominator": 100.0,
        },
        {
            "provider_id": "01",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 20.0,
            "denominator": 100.0,
        },
    ]
    r = build(rows).results.query("provider_id == '01'").set_index("period")
    assert r.loc["2023", "previous_value"] == pytest.approx(10.0)
    assert r.loc["2023", "change"] == pytest.approx(10.0)
    _, p = proportions_ztest([20, 10], [100, 100])
    assert r.loc["2023", "change_p_value"] == pytest.approx(p, abs=1e-9)
    assert np.isnan(r.loc["2022", "change"])


def test_not_delivered_rows_for_providers_of_the_sets_kind_without_results():
    rows = [
        {
            "provider_id": "00",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 10.0,
            "denominator": 100.0,
        },
        {
            "provider_id": "01",
            "indicator_id": "P1",
            "period": "2022",
            "numerator": 10.0,
            "denominator": 100.0,
        },
    ]
    prov = pd.concat(
        [
            providers(2),
            pd.DataFrame({"provider_id": ["09"], "kind": ["ggz"], "region": [""], "parent_id": [""]}),
        ]
    )
    assert "not_delivered" not in set(
        build(rows, prov=prov).results["status"]
    )  # nobody said who had to deliver
    r = build(rows, prov=prov, expected_deliveries="provider_kind").results.set_index(
        ["provider_id", "period"]
    )
    assert r.loc[("01", "2023"), "status"] == "not_delivered"
    other_set = build(rows, prov=prov, expected_deliveries=("other",)).results
    assert "not_delivered" not in set(other_set["status"])
    accounted = build(rows, prov=prov, expected_deliveries="provider_kind").accounting
    assert ("01", "2023") not in set(zip(accounted["provider_id"], accounted["period"]))  # made here
    assert "09" not in r.index.get_level_values(0)  # a GGZ provider is not expected to deliver a hospital set


def test_no_rows_for_a_provider_without_an_approved_result_unless_the_registry_is_public():
    rows = [
        {"provider_id": "00", "indicator_id": "P1", "period": "2023", "numerator": 10.0, "denominator": 100.0}
    ]
    held = pd.DataFrame(
        {"provider_id": ["02"], "indicator_id": ["P1"], "period": ["2023"], "bucket": ["held_back"]}
    )
    assert set(build(rows, held_back=held).results["provider_id"]) == {"00"}
    public = build(rows, held_back=held, registry_public=True, expected_deliveries="provider_kind")
    by = public.results.set_index("provider_id")["status"]
    assert by.to_dict() == {"00": "published", "01": "not_delivered", "03": "not_delivered"}  # 02 delivered
    assert public.awaiting == {"02"}


def test_small_counts_suppress_numerators_and_non_events_from_1_to_k():
    rows = [
        {"provider_id": p, "indicator_id": "P1", "period": "2023", "numerator": n, "denominator": 50.0}
        for p, n in [("00", 1.0), ("01", 3.0), ("02", 47.0), ("03", 4.0)]
    ]
    r = build(rows, small_count=3).results.set_index("provider_id")
    assert r["status"].to_dict() == {
        "00": "too_few_cases",
        "01": "too_few_cases",
        "02": "too_few_cases",
        "03": "published",
    }
    assert r.loc[["00", "01", "02"], ["value", "numerator", "denominator"]].isna().all().all()
    assert build(rows).results["status"].eq("published").all()  # off by default


def test_rate_interval_and_pooled_rate():
    ind = indicators(unit="rate", rate_per=1000)
    rows = [
        {
            "provider_id": "00",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 10.0,
            "denominator": 2000.0,
        },
        {
            "provider_id": "01",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": 30.0,
            "denominator": 2000.0,
        },
    ]
    c = build(rows, ind=ind, scale=1000.0)
    r = c.results.set_index("provider_id")
    assert r.loc["00", "value"] == pytest.approx(5.0)
    assert r.loc["00", "ci_low"] == pytest.approx(
        2.3976944, abs=1e-6
    )  # exact Poisson (Garwood) for 10 events
    assert c.benchmarks.iloc[0]["value"] == pytest.approx(10.0)


def test_results_are_sorted_and_have_the_public_columns():
    rows = [
        {"provider_id": p, "indicator_id": "P1", "period": y, "numerator": 5.0, "denominator": 50.0}
        for p, y in [("02", "2023"), ("00", "2023"), ("00", "2022")]
    ]
    r = build(rows, expected_deliveries="provider_kind").results
    assert list(r.columns[: len(compute.RESULT_COLUMNS)]) == compute.RESULT_COLUMNS
    assert list(zip(r["provider_id"], r["period"]))[:3] == [("00", "2022"), ("00", "2023"), ("02", "2022")]
