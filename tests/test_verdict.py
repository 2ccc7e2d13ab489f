"""The one verdict (compute/verdict.py, disclosure.py, benchmarks.py): methods, exact funnels against scipy,
levels kept apart, complementary suppression, 'not delivered' only where expected."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest, poisson
from statsmodels.stats.proportion import proportion_confint
from test_compute import approved, indicators, providers

from generator.compute import release as compute
from generator.compute import stats
from generator.publish.consistency import check_results


def run(rows, ind=None, prov=None, **kw):
    return compute.compute_release(
        approved(rows),
        ind if ind is not None else indicators(),
        prov if prov is not None else providers(),
        10,
        **kw,
    )


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_funnel_outside_counts_equal_scipy_exact_binomial_tests(level):
    rng = np.random.default_rng(7)
    n = rng.integers(10, 400, 300).astype(float)
    p0 = 0.9075
    x = np.minimum(n, rng.binomial(n.astype(int), 0.88)).astype(float)
    lo, hi = stats.funnel_limits(p0, n, level)
    for xi, ni, low, h in zip(x, n, lo, hi):
        a = (1 - level) / 2
        above = binomtest(int(xi), int(ni), p0, alternative="greater").pvalue < a
        below = binomtest(int(xi), int(ni), p0, alternative="less").pvalue < a
        assert (xi / ni >= h) == above and (xi / ni < low) == below


def test_ten_of_ten_against_90_75_percent_is_not_outside_the_998_funnel():
    """The issue's example: P(X >= 10) = 0.38, so it lies inside, though Spiegelhalter's line is below it."""
    _, hi = stats.funnel_limits(0.9075, 10, 0.998)
    assert hi > 1.0


def test_poisson_limits_equal_scipy_tails():
    e = np.array([2.0, 10.0, 55.5, 300.0])
    for level in (0.95, 0.998):
        lo, hi = stats.poisson_funnel_limits(1.0, e, level)
        for ei, low, h in zip(e, lo, hi):
            for o in range(0, int(ei * 3) + 5):
                assert (o / ei >= h) == (poisson.sf(o - 1, ei) < (1 - level) / 2)
                assert (o / ei < low) == (poisson.cdf(o, ei) < (1 - level) / 2)


def share_rows(counts, period="2023"):
    return [
        {
            "provider_id": f"0{i}",
            "indicator_id": "P1",
            "period": period,
            "numerator": float(x),
            "denominator": float(n),
        }
        for i, (x, n) in enumerate(counts)
    ]


def test_every_verdict_agrees_with_its_interval_and_funnel():
    out = run(share_rows([(80, 100), (50, 100), (65, 100), (10, 12)]))
    checks = check_results(out.results, out.indicators, out.benchmarks)
    assert all(c.disagreeing == 0 for c in checks), [c.line() for c in checks]
    by = out.results.set_index("provider_id")
    assert by.loc["00", "comparison"] == "better" and by.loc["01", "comparison"] == "worse"
    lo, hi = proportion_confint(80, 100, alpha=0.05, method="beta")
    assert by.loc["00", "ci_low"] == pytest.approx(100 * lo)


def test_a_delivered_interval_and_rating_are_published_and_judged_as_delivered():
    ind = indicators(value_basis="adjusted", unit="percentage", direction="lower")
    rows = [
        {
            "provider_id": "00",
            "indicator_id": "P1",
            "period": "2023",
            "value": 10.0,
            "denominator": 500.0,
            "numerator": 40.0,
            "ci_low": 8.1,
            "ci_high": 12.3,
            "ci_level": 0.95,
            "publisher_comparison": "no_different",
        },
        {
            "provider_id": "01",
            "indicator_id": "P1",
            "period": "2023",
            "value": 6.0,
            "denominator": 500.0,
            "numerator": 35.0,
            "ci_low": 4.9,
            "ci_high": 7.2,
            "ci_level": 0.95,
            "publisher_comparison": "better",
        },
    ]
    out = run(rows, ind=ind)
    assert out.indicators.loc[0, "comparison_method"] == "publisher"
    by = out.results.set_index("provider_id")
    assert list(by["comparison"]) == ["no_different", "better"]
    assert (by.loc["00", "ci_low"], by.loc["00", "ci_high"]) == (8.1, 12.3)  # not a Wilson interval of 40/500
    interval = run(
        rows, ind=indicators(value_basis="adjusted", direction="lower", comparison_method="interval")
    )
    assert set(interval.results["comparison"]) <= {"no_different", "better", "worse"}
    assert all(
        c.disagreeing == 0 for c in check_results(interval.results, interval.indicators, interval.benchmarks)
    )


def test_an_adjusted_value_gets_no_interval_made_from_its_crude_counts():
    out = run(share_rows([(40, 500), (35, 500)]), ind=indicators(value_basis="adjusted"))
    assert out.results["ci_low"].isna().all() and set(out.results["comparison"]) == {"not_compared"}


def test_observed_over_expected_ratios_get_garwood_intervals_and_a_poisson_funnel():
    ind = indicators(unit="number", value_basis="ratio", direction="lower")
    rows = [
        {
            "provider_id": f"0{i}",
            "indicator_id": "P1",
            "period": "2023",
            "numerator": float(o),
            "expected": float(e),
            "value": o / e,
            "denominator": 1000.0,
        }
        for i, (o, e) in enumerate([(130, 100), (70, 100), (101, 100), (5, 4)])
    ]
    out = run(rows, ind=ind)
    assert out.indicators.loc[0, "comparison_method"] == "funnel"
    by = out.results.set_index("provider_id")
    assert by.loc["00", "comparison"] == "worse" and by.loc["01", "comparison"] == "better"
    assert by.loc["03", "comparison"] == "no_different"
    assert all(c.disagreeing == 0 for c in check_results(out.results, out.indicators, out.benchmarks))
    national = out.benchmarks[out.benchmarks["group_type"] == "national"].iloc[0]
    assert national["statistic"] == "ratio" and national["value"] == pytest.approx(306 / 304)


def test_yes_no_benchmarks_are_a_share_yes_without_quartiles_of_answers():
    ind = indicators(unit="yesno", direction="higher")
    rows = [
        {"provider_id": f"0{i}", "indicator_id": "P1", "period": "2023", "value": float(v)}
        for i, v in enumerate([1, 1, 0, 1])
    ]
    bench = run(rows, ind=ind).benchmarks
    national = bench[bench["group_type"] == "national"].iloc[0]
    assert national["statistic"] == "share_yes" and national["value"] == 75.0 and np.isnan(national["q1"])


def test_organisation_totals_stay_out_of_the_benchmark():
    prov = pd.DataFrame(
        {
            "provider_id": ["ORG", "L1", "L2"],
            "kind": ["ziekenhuis"] * 3,
            "region": "",
            "parent_id": ["", "ORG", "ORG"],
        }
    )
    rows = share_rows([(60, 100), (30, 50), (30, 50)])
    for row, who in zip(rows, ("ORG", "L1", "L2")):
        row["provider_id"] = who
    national = run(rows, prov=prov).benchmarks.query("group_type == 'national'").iloc[0]
    assert national["denominator"] == 100 and national["providers"] == 2  # not 200: no case counts twice


def test_a_suppressed_location_cannot_be_worked_out_from_its_organisation():
    prov = pd.DataFrame(
        {
            "provider_id": ["ORG", "L1", "L2", "L3"],
            "kind": "ziekenhuis",
            "region": "",
            "parent_id": ["", "ORG", "ORG", "ORG"],
        }
    )
    rows = share_rows([(60, 125), (3, 5), (30, 60), (27, 60)])
    for row, who in zip(rows, ("ORG", "L1", "L2", "L3")):
        row["provider_id"] = who
    by = run(rows, prov=prov).results.set_index("provider_id")["status"]
    assert by["L1"] == "too_few_cases"
    assert by["L2"] == "suppressed_complement" and by["L3"] == "published" and by["ORG"] == "published"


def test_a_suppressed_quarter_cannot_be_worked_out_from_its_year():
    rows = (
        share_rows([(60, 125)], "2023") + share_rows([(3, 5)], "2023-Q1") + share_rows([(30, 60)], "2023-Q2")
    )
    computed = run(rows)
    by = computed.results.set_index("period")["status"]
    assert by["2023-Q1"] == "too_few_cases" and by["2023-Q2"] == "suppressed_complement"
    accounted = computed.accounting.set_index("period")  # the processing report counts them
    assert accounted.loc["2023-Q2", "bucket"] == "suppressed"
    assert accounted.loc["2023-Q2", "status"] == "suppressed_complement"


def test_a_publishers_not_delivered_without_an_expected_delivery_is_no_result():
    rows = share_rows([(60, 100)]) + [
        {"provider_id": "01", "indicator_id": "P1", "period": "2023", "missing_reason": "not_delivered"}
    ]
    statuses = run(rows).results.set_index("provider_id")["status"]
    assert statuses["01"] == "no_result"
    expected = run(rows, expected_deliveries="provider_kind").results.set_index("provider_id")["status"]
    assert expected["01"] == "not_delivered"


def test_overdispersion_widens_verdicts_and_limits_alike():
    rng = np.random.default_rng(3)
    n = rng.integers(50, 400, 40)
    p = np.clip(rng.normal(0.3, 0.08, 40), 0.05, 0.95)
    rows = share_rows(list(zip(np.round(n * p), n)))
    for i, row in enumerate(rows):
        row["provider_id"] = f"P{i:02d}"
    prov = pd.DataFrame(
        {"provider_id": [r["provider_id"] for r in rows], "kind": "ziekenhuis", "region": "", "parent_id": ""}
    )
    plain = run(rows, prov=prov).results
    wide = run(rows, prov=prov, overdispersion=True).results
    assert (wide["comparison"] != "no_different").sum() < (plain["comparison"] != "no_different").sum()
    point = wide["numerator"] / wide["denominator"] * 100
    outside = (point >= wide["funnel_high_95"]) | (point < wide["funnel_low_95"])
    assert (
        outside == wide["comparison"].isin(("better", "worse"))
    ).all()  # the drawn limits are the verdict's
