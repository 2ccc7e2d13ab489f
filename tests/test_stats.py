"""Tests for generator/stats.py: against statsmodels where it has the same formula,
against independently computed (and written-down) reference numbers elsewhere."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from generator.compute import stats as zs

# the module promises: no exceptions and no warnings on NaN / zero denominators
pytestmark = pytest.mark.filterwarnings("error")

NAN = np.nan


def close(a, b, tol=1e-9):
    np.testing.assert_allclose(np.asarray(a, float), np.asarray(b, float), rtol=0, atol=tol, equal_nan=True)


# ---------------------------------------------------------------- Wilson
VALID_COUNTS = [
    (7, 21),
    (0, 10),
    (10, 10),
    (0, 1),
    (1, 1),
    (1, 2),
    (3, 1000),
    (5_000_000, 1_000_000_000),
    (999_999_999, 1_000_000_000),
    (13, 17),
]


@pytest.mark.parametrize("level", [0.90, 0.95, 0.998])
def test_wilson_matches_statsmodels(level):
    x = np.array([c[0] for c in VALID_COUNTS], float)
    n = np.array([c[1] for c in VALID_COUNTS], float)
    low, high = zs.wilson_interval(x, n, level)
    ref_low, ref_high = proportion_confint(x, n, alpha=1 - level, method="wilson")
    close(low, ref_low)
    close(high, ref_high)


def test_wilson_reference_numbers():
    # statsmodels proportion_confint(7, 21, method="wilson") = (0.17194752605..., 0.54626548025...)
    low, high = zs.wilson_interval(7, 21)
    close(low, 0.1719475260508347)
    close(high, 0.5462654802574476)
    # 0/10: lower bound exactly 0, upper z^2/(n+z^2) = 0.27753279986...
    low, high = zs.wilson_interval(0, 10)
    assert low == 0.0
    z2 = sps.norm.ppf(0.975) ** 2
    close(high, z2 / (10 + z2))
    low, high = zs.wilson_interval(10, 10)
    assert high == 1.0
    close(low, 10 / (10 + z2))


def test_wilson_invalid_and_mixed():
    x = np.array([7, 0, NAN, 3, -1, 5, 2])
    n = np.array([21, 0, 10, NAN, 10, 4, 2])  # 0/0, NaN, NaN, negative, x > n, n/n
    low, high = zs.wilson_interval(x, n)
    assert np.isnan(low[1:6]).all() and np.isnan(high[1:6]).all()
    close([low[0], high[0]], [0.1719475260508347, 0.5462654802574476])
    assert high[6] == 1.0 and low[6] > 0
    # pandas nullable columns (pd.NA) are read as NaN
    import pandas as pd

    low, _ = zs.wilson_interval(pd.array([7, None], dtype="Int64"), pd.Series([21, 21]))
    close(low, [0.1719475260508347, NAN])
    low, high = zs.wilson_interval(NAN, NAN)
    assert np.isnan(low) and np.isnan(high)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10**7), frac=st.floats(0, 1), level=st.sampled_from([0.9, 0.95, 0.998]))
def test_wilson_property_within_unit_and_contains_phat(n, frac, level):
    x = np.floor(frac * n)
    low, high = zs.wilson_interval(x, n, level)
    p = x / n
    assert 0.0 <= low <= p + 1e-12
    assert p - 1e-12 <= high <= 1.0


# ---------------------------------------------------------------- Poisson (Garwood)
def exact_poisson_by_root(k, level=0.95):
    """Independent reference: solve P(X >= k; mu) = a/2 and P(X <= k; mu) = a/2 for mu."""
    a = (1 - level) / 2
    lo = 0.0 if k == 0 else optimize.brentq(lambda m: sps.poisson.sf(k - 1, m) - a, 1e-12, 1e3, xtol=1e-14)
    hi = optimize.brentq(lambda m: sps.poisson.cdf(k, m) - a, 1e-12, 1e3, xtol=1e-14)
    return lo, hi


def test_poisson_reference_numbers():
    # 0 events: (0, -ln(0.025)) = (0, 3.6888794541139363)
    # 1 event:  (0.025317807984289988, 5.571643390938899)  by root finding on the Poisson cdf
    # 10 events: (4.7953886961324335, 18.390356042017775)  idem (the textbook 4.80-18.39)
    low, high = zs.poisson_rate_interval([0, 1, 10], 1.0)
    close(low, [0.0, 0.025317807984289988, 4.7953886961324335], 1e-8)
    close(high, [3.6888794541139363, 5.571643390938899, 18.390356042017775], 1e-8)
    close(high[0], -np.log(0.025))
    for k in (0, 1, 3, 10, 57):
        for level in (0.95, 0.998):
            lo, hi = exact_poisson_by_root(k, level)
            got = zs.poisson_rate_interval(k, 1.0, level)
            close(got, (lo, hi), 1e-8)


def test_poisson_rate_per_and_invalid():
    # 10 events in 2000 person-days, per 1000: (4.795.../2, 18.39.../2)
    low, high = zs.poisson_rate_interval(10, 2000, per=1000)
    close([low, high], [4.7953886961324335 / 2, 18.390356042017775 / 2], 1e-8)
    low, high = zs.poisson_rate_interval([5, 5, NAN, -1, 5], [0, NAN, 10, 10, 100], per=[1, 1, 1, 1, 100])
    assert np.isnan(low[:4]).all() and np.isnan(high[:4]).all()
    close([low[4], high[4]], [sps.chi2.ppf(0.025, 10) / 2, sps.chi2.ppf(0.975, 12) / 2])


# ---------------------------------------------------------------- means
def test_mean_interval_t_normal_and_nan():
    # t: mean 10, sd 2, n 16 -> se 0.5, t_{15;0.975} = 2.131449545559... -> 10 -/+ 1.0657247728
    low, high = zs.mean_interval(10, standard_deviation=2, n=16)
    close([low, high], [10 - 1.0657247727798, 10 + 1.0657247727798])
    # normal: se 0.5 -> 10 -/+ 1.959963984540054 * 0.5
    low, high = zs.mean_interval(10, standard_error=0.5)
    close([low, high], [10 - 0.979981992270027, 10 + 0.979981992270027])
    # neither -> NaN
    low, high = zs.mean_interval(10)
    assert np.isnan(low) and np.isnan(high)


def test_mean_interval_mixed_arrays():
    m = np.array([10.0, 10.0, 10.0, NAN, 10.0])
    se = np.array([0.5, 0.5, NAN, 0.5, NAN])
    sd = np.array([2.0, NAN, 2.0, 2.0, 2.0])
    n = np.array([16, 16, 1, 16, NAN])  # row 0: t wins; 1: se; 2: n=1 and no se -> NaN
    low, high = zs.mean_interval(m, standard_error=se, standard_deviation=sd, n=n)
    close(high - m, [1.0657247727798, 0.979981992270027, NAN, NAN, NAN])
    close(low, m - (high - m))


# ---------------------------------------------------------------- pooling
def funnel_by_loop(p0, n, level):
    """Independent reference: walk k = 0, 1, ... until binom.cdf(k) >= p (no binom.ppf); Spiegelhalter's
    interpolated limit, the upper one plus one count (a count on or above it is significant by the exact
    one-sided test P(X >= x) < (1 - level) / 2; his own limit puts the non-significant count r_p above it)."""
    out = []
    for p, shift in (((1 - level) / 2, 0), ((1 + level) / 2, 1)):
        k = 0
        while sps.binom.cdf(k, n, p0) < p:
            k += 1
        f, f1 = sps.binom.cdf(k, n, p0), sps.binom.cdf(k - 1, n, p0)
        out.append(max((k + shift - (f - p) / (f - f1)) / n, 0.0))
    return tuple(out)


def test_funnel_hand_computed_p05_n10():
    # p0 = 0.5, n = 10: F(k) = sum C(10,j)/1024.
    # 95% low:   p=.025, r=2 (F(1)=11/1024 < p <= F(2)=56/1024), alpha=(56-25.6)/45,   (2-alpha)/10
    # 95% high:  p=.975, r=8 (F(7)=968/1024 < p <= F(8)=1013/1024), alpha=(1013-998.4)/45
    # 99.8% low: p=.001, r=1, alpha=(11-1.024)/10=0.9976 -> 0.00024
    # 99.8% high: p=.999, r=9, alpha=(1023-1022.976)/10=0.0024 -> 0.89976
    # The upper limits are one count (0.1) higher: 9/10 is not significant at 95% (P(X >= 9) = 11/1024 >
    # 0.025) and lies under the line; 10/10 is (1/1024) and lies above it.
    close(zs.funnel_limits(0.5, 10, 0.95), [(2 - 30.4 / 45) / 10, (8 - 14.6 / 45) / 10 + 0.1])
    close(zs.funnel_limits(0.5, 10, 0.998), [0.00024, 0.99976])


def test_funnel_reference_table():
    # computed with funnel_by_loop (printed once, written down here)
    table = {
        (0.2, 50, 0.95): (0.08440482201226908, 0.3070938833520582 + 1 / 50),
        (0.2, 50, 0.998): (0.03477614320750778, 0.3791440976750372 + 1 / 50),
        (0.1, 20, 0.95): (0.0, 0.22846760702992439 + 1 / 20),  # low -0.0397 clipped to 0
        (0.8, 200, 0.998): (0.7060309557559585, 0.8801500104099778 + 1 / 200),
    }
    for (p0, n, level), ref in table.items():
        close(zs.funnel_limits(p0, n, level), ref)
        close(funnel_by_loop(p0, n, level), ref)


def test_funnel_vectorised_matches_loop_on_grid():
    p0 = np.array([0.02, 0.1, 0.37, 0.5, 0.83, 0.97])
    n = np.array([1, 3, 7, 25, 60, 150, 400])
    P, N = np.meshgrid(p0, n)
    for level in (0.95, 0.998):
        low, high = zs.funnel_limits(P, N, level)
        ref = np.array([funnel_by_loop(a, b, level) for a, b in zip(P.ravel(), N.ravel())])
        close(low.ravel(), ref[:, 0])
        close(high.ravel(), ref[:, 1])


def test_funnel_edges_and_invalid():
    low, high = zs.funnel_limits([0.2, NAN, 0.2, 0.2, 1.5, 0.0], [50, 50, 0, NAN, 50, 30])
    close(low[0], 0.08440482201226908)
    assert np.isnan(low[1:5]).all() and np.isnan(high[1:5]).all()
    assert low[5] == 0.0 and 0.0 < high[5] <= 1 / 30  # p0 = 0: a single event is significant
    close(zs.funnel_limits(0.2, 49.6, 0.95), zs.funnel_limits(0.2, 50, 0.95))  # n rounded
    lo, hi = zs.funnel_limits(0.3, 1, 0.95)  # n = 1 works; no share can lie above the upper limit
    assert 0.0 <= lo <= 1.0 < hi


def test_funnel_exact_approaches_normal():
    gaps = []
    for n in (100, 1_000, 10_000, 100_000, 1_000_000):
        for level in (0.95, 0.998):
            ex = np.array(zs.funnel_limits(0.2, n, level))
            no = np.array(zs.funnel_limits_overdispersed(0.2, n, level, 0.0))
            gaps.append(np.abs(ex - no).max())
            # the difference is O(1/n): skewness and a count; much less than the half-width
            assert np.abs(ex - no).max() < 3.0 / n
    assert gaps[-1] < 1e-5


def test_funnel_normal_formula():
    # p0=0.2, n=50: 0.2 -/+ 1.959963984540054 * sqrt(0.16/50) = 0.2 -/+ 0.110873...
    half = 1.959963984540054 * np.sqrt(0.2 * 0.8 / 50)
    close(zs.funnel_limits_overdispersed(0.2, 50, 0.95, 0.0), [0.2 - half, 0.2 + half])
    low, _ = zs.funnel_limits_overdispersed(0.05, 5, 0.95, 0.0)  # would be negative: clipped
    assert low == 0.0


@settings(max_examples=150, deadline=None)
@given(p0=st.floats(0.01, 0.99), n=st.integers(1, 3000), m=st.integers(1, 3000))
def test_funnel_property_nesting_and_monotone(p0, n, m):
    n, m = min(n, m), max(n, m)
    for f in (zs.funnel_limits, lambda p, k, lev: zs.funnel_limits_overdispersed(p, k, lev, 0.0)):
        lo95, hi95 = f(p0, n, 0.95)
        lo998, hi998 = f(p0, n, 0.998)
        assert lo998 <= lo95 <= hi95 <= hi998  # 99.8% limits contain the 95% ones
    # normal and overdispersed limits widen strictly as n shrinks
    for lims in (
        lambda k: zs.funnel_limits_overdispersed(p0, k, 0.95, 0.0),
        lambda k: zs.funnel_limits_overdispersed(p0, k, 0.998, 0.001),
    ):
        (lo_n, hi_n), (lo_m, hi_m) = lims(n), lims(m)
        assert lo_n <= lo_m + 1e-15 and hi_n >= hi_m - 1e-15
    # the exact (discrete) limits wiggle: monotone only up to a fraction of one count (1/n)
    for level in (0.95, 0.998):
        (lo_n, hi_n), (lo_m, hi_m) = zs.funnel_limits(p0, n, level), zs.funnel_limits(p0, m, level)
        assert lo_m >= lo_n - 0.5 / n and hi_m <= hi_n + 0.5 / n


# ---------------------------------------------------------------- overdispersion
def test_overdispersion_hand_example():
    # p0 = 0.5; n = 25,25,100,100,100 -> s = .1,.1,.05,.05,.05
    # y = .70,.40,.55,.45,.35 -> z = 2, -1, 1, -1, -3; sorted -3,-1,-1,1,2
    # 10th pct (linear, position 0.4): -3 + 0.4*2 = -2.2; 90th (position 3.6): 1 + 0.6*1 = 1.6
    # winsorised z = 1.6, -1, 1, -1, -2.2; z^2 = 2.56,1,1,1,4.84; sum 10.4; phi = 10.4/5 = 2.08
    # w = 100,100,400,400,400; sum w = 1400; sum w^2 = 500000; 1400 - 500000/1400 = 7300/7
    # tau2 = (5*2.08 - 4) / (7300/7) = 6.4*7/7300 = 0.006136986301369863
    y = [0.70, 0.40, 0.55, 0.45, 0.35]
    n = [25, 25, 100, 100, 100]
    r = zs.overdispersion(y, 0.5, n)
    assert r["n_units"] == 5
    close(r["phi"], 2.08)
    close(r["tau2"], 6.4 * 7 / 7300)
    # without winsorising: z^2 = 4,1,1,1,9 -> phi = 16/5 = 3.2; tau2 = (16-4)*7/7300
    r0 = zs.overdispersion(y, 0.5, n, winsor=0)
    close(r0["phi"], 3.2)
    close(r0["tau2"], 12 * 7 / 7300)
    # limits for the 100-unit at 95%: 0.5 -/+ z*sqrt(0.0025 + tau2)
    half = 1.959963984540054 * np.sqrt(0.0025 + 6.4 * 7 / 7300)
    close(zs.funnel_limits_overdispersed(0.5, 100, 0.95, r["tau2"]), [0.5 - half, 0.5 + half])


def test_overdispersion_tau2_zero_and_invalid():
    # units on target: phi = 0 -> tau2 = 0
    r = zs.overdispersion([0.2, 0.2, 0.2], 0.2, [10, 20, 30])
    assert r == {"phi": 0.0, "tau2": 0.0, "n_units": 3}
    # p0 = 0.5, n = 100 each: s = 0.05, w = 400; sum w - sum w^2/sum w = 1200 - 400 = 800
    # z = 1, -1, 0.5: I*phi = 2.25 > I-1 = 2 -> tau2 = 0.25/800 = 0.0003125
    r = zs.overdispersion([0.55, 0.45, 0.525], 0.5, [100, 100, 100], winsor=0)
    close(r["phi"], 0.75)
    close(r["tau2"], 0.0003125)
    # n = 16: s = 0.125 exactly; z = 1, -1, 0: I*phi = 2 = I-1 -> 0 (boundary);
    # z = .5, -.5, 0 (n = 100): formula negative -> 0
    assert zs.overdispersion([0.625, 0.375, 0.5], 0.5, [16] * 3, winsor=0)["tau2"] == 0.0
    assert zs.overdispersion([0.525, 0.475, 0.5], 0.5, [100] * 3, winsor=0)["tau2"] == 0.0
    # NaN units and n = 0 are left out; fewer than 2 units -> NaN
    r = zs.overdispersion([0.3, NAN, 0.1, 0.5], 0.2, [10, 10, 0, NAN])
    assert r["n_units"] == 1 and np.isnan(r["phi"]) and np.isnan(r["tau2"])
    r = zs.overdispersion([], 0.2, [])
    assert r["n_units"] == 0 and np.isnan(r["tau2"])
    low, high = zs.funnel_limits_overdispersed(0.2, [50, 0], 0.95, NAN)
    assert np.isnan(low).all() and np.isnan(high).all()


def test_overdispersion_simulated():
    rng = np.random.default_rng(20240601)
    p0, units, runs = 0.2, 60, 200
    phi_w, tau_w, phi_raw = [], [], []
    for _ in range(runs):  # no overdispersion
        n = rng.integers(50, 500, units)
        y = rng.binomial(n, p0) / n
        r = zs.overdispersion(y, p0, n)
        phi_w.append(r["phi"])
        tau_w.append(r["tau2"])
        phi_raw.append(zs.overdispersion(y, p0, n, winsor=0)["phi"])
    assert 0.9 < np.median(phi_raw) < 1.1  # unwinsorised phi is ~1
    assert np.median(phi_w) < 1.0  # winsorising pulls phi down (about 0.7 here)
    assert np.mean(np.asarray(tau_w) == 0) > 0.9  # tau2 = 0 most of the time
    phi_o, tau_o, tau_raw = [], [], []
    for _ in range(runs):  # true tau2 = 0.05^2 = 0.0025
        n = rng.integers(50, 500, units)
        y = rng.binomial(n, p0 + rng.normal(0, 0.05, units)) / n
        r = zs.overdispersion(y, p0, n)
        phi_o.append(r["phi"])
        tau_o.append(r["tau2"])
        tau_raw.append(zs.overdispersion(y, p0, n, winsor=0)["tau2"])
    assert min(phi_o) > 1.3 and min(tau_o) > 0
    assert 0.0020 < np.median(tau_raw) < 0.0030  # unbiased without winsorising
    assert 0.0005 < np.median(tau_o) < 0.0030  # winsorised: smaller, still clearly > 0


# ---------------------------------------------------------------- comparison
def test_compare_to_reference():
    low = np.array([0.6, 0.1, 0.4, 0.6, 0.1, 0.4, 0.6, NAN, 0.5, 0.6, 0.6])
    high = np.array([0.8, 0.3, 0.6, 0.8, 0.3, 0.6, 0.8, 0.6, 0.7, 0.8, 0.8])
    ref = np.array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, NAN, 0.5])
    direction = [
        "higher",
        "higher",
        "higher",
        "lower",
        "lower",
        "lower",
        "neither",
        "higher",
        "higher",
        "higher",
        "bogus",
    ]
    expected = [
        "better",
        "worse",
        "no_different",
        "worse",
        "better",
        "no_different",
        "not_compared",
        "not_compared",
        "no_different",  # low == ref: not better
        "not_compared",
        "not_compared",
    ]
    assert zs.compare_to_reference(low, high, ref, direction).tolist() == expected
    assert zs.compare_to_reference(low[:3], high[:3], 0.5, "higher").tolist() == expected[:3]
    assert str(zs.compare_to_reference(0.6, 0.8, 0.5, "lower")) == "worse"


# ---------------------------------------------------------------- change test
def test_change_test_matches_statsmodels():
    cases = [
        (10, 100, 20, 100),
        (7, 21, 3, 40),
        (0, 10, 5, 10),
        (500, 1000, 520, 1000),
        (1, 1, 0, 1),
        (123456, 1_000_000, 124000, 1_000_000),
        (30, 30, 29, 30),
    ]
    a = np.array(cases, float)
    diff, p = zs.change_test(a[:, 0], a[:, 1], a[:, 2], a[:, 3])
    for i, (x0, n0, x1, n1) in enumerate(cases):
        _, ref_p = proportions_ztest([x1, x0], [n1, n0])
        close(p[i], ref_p)
        close(diff[i], x1 / n1 - x0 / n0)
    # hand: 10/100 -> 20/100: pooled .15, se = sqrt(.15*.85*.02) = 0.0504975, z = 1.980295
    close(zs.change_test(10, 100, 20, 100)[1], 2 * sps.norm.sf(0.1 / np.sqrt(0.15 * 0.85 * 0.02)))


def test_change_test_invalid():
    diff, p = zs.change_test([1, NAN, 0, 5, 0], [10, 10, 0, 10, 10], [2, 1, 1, 6, 0], [0, 10, 5, 10, 20])
    assert np.isnan(diff[:3]).all() and np.isnan(p[:3]).all()
    close(diff[3], 0.1)
    assert diff[4] == 0.0 and np.isnan(p[4])  # 0/10 -> 0/20: no variation, test undefined


# ---------------------------------------------------------------- quartiles and groups
def test_quartiles():
    # numpy linear (type 7): 1..8 -> Q1 at position 1.75 = 2.75, median 4.5, Q3 at 5.25 = 6.25
    assert zs.quartiles([1, 2, 3, 4, NAN, 5, 6, 7, 8]) == (2.75, 4.5, 6.25)
    assert zs.quartiles([3.0]) == (3.0, 3.0, 3.0)
    assert all(np.isnan(q) for q in zs.quartiles([NAN, NAN]))
    assert all(np.isnan(q) for q in zs.quartiles([]))


def test_tertile_groups():
    # 10..60: cuts at positions 5/3 and 10/3 -> 26.67 and 43.33
    got = zs.tertile_groups([60, 10, 20, 30, NAN, 40, 50])
    assert got.tolist() == ["groot", "klein", "klein", "middel", "", "middel", "groot"]
    # cuts exactly on values: 1,2,3,4 -> cuts 2 and 3; a value on a cut goes to the lower group
    assert zs.tertile_groups([1, 2, 3, 4]).tolist() == ["klein", "klein", "middel", "groot"]
    # heavy ties: cuts 5 and 6.67 -> all the 5s are klein
    assert zs.tertile_groups([5, 5, 5, 5, 10, 20]).tolist() == ["klein"] * 4 + ["groot"] * 2
    assert zs.tertile_groups([NAN, NAN]).tolist() == ["", ""]


def test_position_quartile():
    group = [1, 2, 3, 4, 5, 6, 7, 8]  # Q1 2.75, median 4.5, Q3 6.25
    assert zs.position_quartile(group, group).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    # on the quartile itself -> lower quartile; NaN -> 0
    assert zs.position_quartile([2, 3, 4, 5, NAN], [1, 2, 3, 4, 5]).tolist() == [1, 2, 3, 4, 0]
    assert zs.position_quartile([1.0, 2.0], [NAN, NAN]).tolist() == [0, 0]
    assert zs.position_quartile(np.array([100.0, -1.0]), group).dtype.kind == "i"
