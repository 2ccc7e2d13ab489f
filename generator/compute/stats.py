"""Statistical formulas for Zorgspiegel, as pure vectorised numpy functions.

Conventions (the pipeline relies on these):
- proportions are fractions 0-1, never percentages; rates are per ``per`` units of exposure;
- every function broadcasts its array arguments and returns numpy arrays (float64 or str);
- NaN in -> NaN out; zero/negative denominators and impossible counts (numerator < 0 or
  numerator > denominator) give NaN, never an exception or a warning;
- ``level`` is the two-sided confidence/control level, e.g. 0.95 or 0.998.
Only numpy and scipy are used at runtime.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "wilson_interval",
    "clopper_pearson_interval",
    "binomial_tails",
    "poisson_tails",
    "poisson_funnel_limits",
    "poisson_rate_interval",
    "mean_interval",
    "funnel_limits",
    "overdispersion",
    "funnel_limits_overdispersed",
    "compare_to_reference",
    "change_test",
    "quartiles",
    "tertile_groups",
    "position_quartile",
    "quartile_position",
]


def _f(x):
    return np.asarray(x, dtype=float)


def _z(level):
    """Two-sided normal critical value, e.g. 1.959964 for level 0.95."""
    return stats.norm.isf((1.0 - _f(level)) / 2.0)


def _proportion_inputs(numerator, denominator):
    """Broadcast counts; mark invalid pairs (NaN, den <= 0, num < 0, num > den) as NaN."""
    x, n = np.broadcast_arrays(_f(numerator), _f(denominator))
    ok = np.isfinite(x) & np.isfinite(n) & (n > 0) & (x >= 0) & (x <= n)
    return np.where(ok, x, np.nan), np.where(ok, n, np.nan)


def wilson_interval(numerator, denominator, level=0.95):
    """Wilson score interval for a proportion, as fractions 0-1.

    p = x/n, z = Phi^-1(1 - (1-level)/2):
    (p + z^2/2n -/+ z*sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), clipped to [0, 1].
    Ref: Wilson (1927) JASA 22:209; Brown, Cai & DasGupta (2001) Stat Sci 16:101.
    Same as statsmodels ``proportion_confint(method="wilson")``.
    """
    x, n = _proportion_inputs(numerator, denominator)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = _z(level)
        z2 = z * z
        p = x / n
        denom = 1.0 + z2 / n
        center = (p + z2 / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
        low = np.clip(center - half, 0.0, 1.0)
        high = np.clip(center + half, 0.0, 1.0)
    # exact bounds at the edges (avoid 1e-17 noise in published files)
    low = np.where(x == 0, 0.0, low)
    high = np.where(x == n, 1.0, high)
    return low, high


def clopper_pearson_interval(numerator, denominator, level=0.95):
    """Exact (Clopper-Pearson) interval for a proportion, as fractions 0-1.

    low = Beta(a/2; x, n-x+1), high = Beta(1-a/2; x+1, n-x), a = 1-level; low = 0 when x = 0 and
    high = 1 when x = n. It is the inversion of the two one-sided exact binomial tests: p0 lies outside
    it exactly when P(X >= x | p0) < a/2 or P(X <= x | p0) < a/2 (`binomial_tails`), so an interval and
    an exact funnel at the same level never disagree. Ref: Clopper & Pearson (1934) Biometrika 26:404.
    Same as statsmodels ``proportion_confint(method="beta")``.
    """
    x, n = _proportion_inputs(numerator, denominator)
    alpha = 1.0 - _f(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(x == 0, 0.0, stats.beta.ppf(alpha / 2.0, x, n - x + 1.0))
        high = np.where(x == n, 1.0, stats.beta.ppf(1.0 - alpha / 2.0, x + 1.0, n - x))
    return np.where(np.isfinite(x), low, np.nan), np.where(np.isfinite(x), high, np.nan)


def binomial_tails(events, denominator, target):
    """The two one-sided exact tail probabilities of x events in n against p0: P(X >= x) and P(X <= x),
    X ~ Binomial(n, p0). Counts are rounded to whole numbers; invalid input gives NaN.
    Ref: Spiegelhalter (2005) Stat Med 24:1185, appendix A.1.1 (the exact test behind a funnel plot).
    """
    x, n = _proportion_inputs(np.round(_f(events)), np.round(_f(denominator)))
    p0 = _f(target)
    ok = np.isfinite(x) & np.isfinite(p0) & (p0 >= 0) & (p0 <= 1)
    with np.errstate(invalid="ignore"):
        upper = stats.binom.sf(x - 1.0, n, p0)
        lower = stats.binom.cdf(x, n, p0)
    return np.where(ok, upper, np.nan), np.where(ok, lower, np.nan)


def poisson_tails(observed, expected):
    """The two one-sided exact tail probabilities of O observed events against mean E: P(X >= O) and
    P(X <= O), X ~ Poisson(E). O is rounded to a whole number; invalid input gives NaN.
    Ref: Spiegelhalter (2005) Stat Med 24:1185, appendix A.1.2 (funnel plots of standardised ratios).
    """
    o, e = np.broadcast_arrays(np.round(_f(observed)), _f(expected))
    ok = np.isfinite(o) & np.isfinite(e) & (o >= 0) & (e > 0)
    with np.errstate(invalid="ignore"):
        upper = stats.poisson.sf(o - 1.0, e)
        lower = stats.poisson.cdf(o, e)
    return np.where(ok, upper, np.nan), np.where(ok, lower, np.nan)


def _significance_boundaries(dist, p_low, p_high, size):
    """The lower and upper boundaries (in counts) between significant and not significant counts of a
    discrete distribution, interpolated as Spiegelhalter (2005, A.1.1) does. Lower: a count is below
    the boundary exactly when P(X <= x) < p_low. Upper: Spiegelhalter's limit plus one count, so that a
    count is on or above it exactly when P(X >= x) < 1 - p_high (his limit itself puts the count
    r_p, with P(X >= r_p) > 1 - p_high, above the line)."""
    out = []
    for p, shift in ((p_low, 0.0), (p_high, 1.0)):
        r = dist.ppf(p)
        f_r, f_r1 = dist.cdf(r), dist.cdf(r - 1)
        with np.errstate(invalid="ignore", divide="ignore"):
            alpha = np.where(f_r > f_r1, (f_r - p) / (f_r - f_r1), 0.0)
        out.append((r + shift - alpha) / size)
    return out[0], out[1]


def poisson_funnel_limits(target, expected, level=0.95):
    """Exact Poisson funnel limits for an observed / expected ratio around target ratio r0 at expected E:
    a ratio O/E is below the lower limit exactly when P(X <= O) < (1-level)/2 and on or above the upper
    exactly when P(X >= O) < (1-level)/2, X ~ Poisson(r0 E) (`poisson_tails`). Interpolated as
    Spiegelhalter (2005) Stat Med 24:1185, appendix A.1.2. Ratios, not scaled.
    """
    r0, e = np.broadcast_arrays(_f(target), _f(expected))
    ok = np.isfinite(r0) & (r0 > 0) & np.isfinite(e) & (e > 0)
    mu = np.where(ok, r0 * e, 1.0)
    level = _f(level)
    low, high = _significance_boundaries(
        stats.poisson(mu), (1.0 - level) / 2.0, (1.0 + level) / 2.0, np.where(ok, e, 1.0)
    )
    return np.where(ok, np.maximum(low, 0.0), np.nan), np.where(ok, high, np.nan)


def poisson_rate_interval(events, exposure, level=0.95, per=1.0):
    """Exact (Garwood) interval for a Poisson rate events/exposure, times ``per``.

    low = chi2.ppf(a/2, 2k)/2 / E, high = chi2.ppf(1-a/2, 2k+2)/2 / E, with a = 1-level;
    low = 0 when k = 0. Ref: Garwood (1936) Biometrika 28:437; Ulm (1990) Am J Epidemiol 131:373.
    Exposure <= 0, events < 0 or NaN give NaN. Events need not be integers (not rounded).
    """
    k, e, per = np.broadcast_arrays(_f(events), _f(exposure), _f(per))
    ok = np.isfinite(k) & np.isfinite(e) & (e > 0) & (k >= 0)
    k = np.where(ok, k, np.nan)
    alpha = 1.0 - _f(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(k == 0, 0.0, stats.chi2.ppf(alpha / 2.0, 2.0 * k) / 2.0)
        high = stats.chi2.ppf(1.0 - alpha / 2.0, 2.0 * k + 2.0) / 2.0
        low = np.where(ok, low / e * per, np.nan)
        high = np.where(ok, high / e * per, np.nan)
    return low, high


def mean_interval(mean, standard_error=None, standard_deviation=None, n=None, level=0.95):
    """Confidence interval for a mean.

    Where sd and n are valid (n >= 2): t-interval mean -/+ t_{n-1} * sd/sqrt(n).
    Elsewhere, where se is valid: normal interval mean -/+ z * se.
    Otherwise NaN. Decided element by element. Ref: any textbook, e.g. Altman et al.,
    Statistics with Confidence (2nd ed., 2000), ch. 4.
    """
    m = _f(mean)
    nan = np.full(np.shape(m), np.nan)
    se = nan if standard_error is None else _f(standard_error)
    sd = nan if standard_deviation is None else _f(standard_deviation)
    nn = nan if n is None else _f(n)
    m, se, sd, nn = np.broadcast_arrays(m, se, sd, nn)
    use_t = np.isfinite(sd) & (sd >= 0) & np.isfinite(nn) & (nn >= 2)
    use_z = ~use_t & np.isfinite(se) & (se >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(use_t, nn - 1.0, 1.0)
        tcrit = stats.t.isf((1.0 - _f(level)) / 2.0, df)
        half = np.where(
            use_t, tcrit * sd / np.sqrt(np.where(use_t, nn, 1.0)), np.where(use_z, _z(level) * se, np.nan)
        )
    return m - half, m + half


def funnel_limits(target, denominator, level=0.95):
    """Exact binomial funnel (control) limits for a proportion around target p0 at size n.

    A share x/n is below the lower limit exactly when P(X <= x) < (1-level)/2 and on or above the upper
    limit exactly when P(X >= x) < (1-level)/2, X ~ Binomial(n, p0) (`binomial_tails`): the lines drawn
    and the points counted as outside them are the same test. Between whole counts the limits are
    interpolated as Spiegelhalter (2005) Stat Med 24:1185, appendix A.1.1 does (r_p = binom.ppf(p, n, p0),
    alpha = (F(r_p) - p) / (F(r_p) - F(r_p - 1)), limit = (r_p - alpha) / n); the upper limit is his plus
    one count, since his puts the count r_p, which is not significant, above the line. n is rounded to
    a whole number (n >= 1). The upper limit may exceed 1 where no share can lie above it.
    """
    p0, n = np.broadcast_arrays(_f(target), _f(denominator))
    n = np.round(n)
    ok = np.isfinite(p0) & (p0 >= 0) & (p0 <= 1) & np.isfinite(n) & (n >= 1)
    p0 = np.where(ok, p0, 0.5)
    n = np.where(ok, n, 1.0)
    level = _f(level)
    low, high = _significance_boundaries(stats.binom(n, p0), (1.0 - level) / 2.0, (1.0 + level) / 2.0, n)
    return np.where(ok, np.maximum(low, 0.0), np.nan), np.where(ok, high, np.nan)


def _binomial_se(target, denominator):
    p0, n = np.broadcast_arrays(_f(target), _f(denominator))
    ok = np.isfinite(p0) & (p0 >= 0) & (p0 <= 1) & np.isfinite(n) & (n > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        s2 = np.where(ok, p0 * (1.0 - p0) / np.where(ok, n, 1.0), np.nan)
    return np.where(ok, p0, np.nan), s2


def overdispersion(observed, target, denominator, winsor=0.10):
    """Overdispersion of unit proportions y_i around a target p0 (Spiegelhalter 2005).

    s_i^2 = p0(1-p0)/n_i, z_i = (y_i - p0)/s_i; z winsorised at the winsor / 1-winsor
    percentiles (values beyond are set to the percentile; numpy linear method);
    phi = (1/I) sum z_i^2; w_i = 1/s_i^2;
    tau2 = (I*phi - (I-1)) / (sum w - sum w^2 / sum w), and tau2 = 0 when I*phi <= I-1.
    Units with NaN, n <= 0 or p0 not in (0, 1) are left out; I = n_units.
    phi and tau2 are NaN when I < 2. Ref: Spiegelhalter (2005) Handling over-dispersion of
    performance indicators, Qual Saf Health Care 14:347-351.
    """
    y, p0, s2 = np.broadcast_arrays(_f(observed), *_binomial_se(target, denominator))
    ok = np.isfinite(y) & np.isfinite(s2) & (s2 > 0)
    y, p0, s2 = y[ok], p0[ok], s2[ok]
    units = int(y.size)
    if units < 2:
        return {"phi": float("nan"), "tau2": float("nan"), "n_units": units}
    z = (y - p0) / np.sqrt(s2)
    if winsor and winsor > 0:
        lo, hi = np.percentile(z, [100.0 * winsor, 100.0 * (1.0 - winsor)])
        z = np.clip(z, lo, hi)
    phi = float(np.mean(z * z))
    w = 1.0 / s2
    if units * phi <= units - 1:
        tau2 = 0.0
    else:
        tau2 = float((units * phi - (units - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    return {"phi": phi, "tau2": tau2, "n_units": units}


def funnel_limits_overdispersed(target, denominator, level=0.95, tau2=0.0):
    """Random-effects funnel limits p0 -/+ z*sqrt(p0(1-p0)/n + tau2), clipped to [0, 1].

    tau2 from ``overdispersion``; tau2 = 0 gives the normal limits; NaN tau2 gives NaN.
    Ref: Spiegelhalter (2005) Qual Saf Health Care 14:347, "additive random-effects model".
    """
    p0, s2 = _binomial_se(target, denominator)
    with np.errstate(invalid="ignore"):
        half = _z(level) * np.sqrt(s2 + _f(tau2))
        return np.clip(p0 - half, 0.0, 1.0), np.clip(p0 + half, 0.0, 1.0)


def compare_to_reference(low, high, reference, direction):
    """Comparison category of an interval [low, high] against a reference value.

    direction "higher" (higher is better): low > ref -> "better", high < ref -> "worse";
    direction "lower": low > ref -> "worse", high < ref -> "better"; otherwise "no_different".
    direction "neither" (or anything else) or a NaN bound/reference -> "not_compared".
    ``direction`` may be a scalar or an array of strings. Returns a numpy str array.
    """
    lo, hi, ref, d = np.broadcast_arrays(_f(low), _f(high), _f(reference), np.asarray(direction, dtype=str))
    valid = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(ref)
    above, below = lo > ref, hi < ref
    higher, lower = valid & (d == "higher"), valid & (d == "lower")
    return np.select(
        [higher & above, higher & below, lower & above, lower & below, higher | lower],
        ["better", "worse", "worse", "better", "no_different"],
        default="not_compared",
    )


def change_test(num_prev, den_prev, num_now, den_now):
    """Change between two periods: difference p_now - p_prev and the two-sided p-value of the
    pooled two-proportion z-test, z = (p_now - p_prev) / sqrt(P(1-P)(1/n_prev + 1/n_now)),
    P = (x_prev + x_now)/(n_prev + n_now), p = 2*(1 - Phi(|z|)).
    Same as statsmodels ``proportions_ztest([x_now, x_prev], [n_now, n_prev])``.
    NaN where a count pair is invalid (den 0/NaN). When P is 0 or 1 (0/n -> 0/m, n/n -> m/m)
    the difference is 0 and the p-value is NaN (test undefined, as in statsmodels).
    Ref: Altman et al., Statistics with Confidence (2000), ch. 6; Fleiss (2003) ch. 2.
    """
    x0, n0 = _proportion_inputs(num_prev, den_prev)
    x1, n1 = _proportion_inputs(num_now, den_now)
    with np.errstate(invalid="ignore", divide="ignore"):
        diff = x1 / n1 - x0 / n0
        pooled = (x0 + x1) / (n0 + n1)
        se = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n0 + 1.0 / n1))
        z = np.where(se > 0, diff / np.where(se > 0, se, 1.0), np.nan)
    return diff, 2.0 * stats.norm.sf(np.abs(z))


def quartiles(values):
    """(Q1, median, Q3) of the non-NaN values; numpy ``percentile`` default "linear" method
    (Hyndman & Fan 1996 type 7, as R's default and Excel's KWARTIEL/QUARTILE.INC).
    All NaN or empty -> (nan, nan, nan). Returns floats.
    """
    v = _f(values).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return float("nan"), float("nan"), float("nan")
    q1, q2, q3 = np.percentile(v, [25.0, 50.0, 75.0])
    return float(q1), float(q2), float(q3)


def tertile_groups(denominators):
    """Size group per unit: "klein" / "middel" / "groot" by tertiles of the non-NaN
    denominators (cut points at the 33.3rd and 66.7th percentiles, numpy linear method).
    A value equal to a cut point goes to the lower group; NaN -> "".
    """
    d = _f(denominators)
    valid = np.isfinite(d)
    if not valid.any():
        return np.full(d.shape, "", dtype="<U6")
    t1, t2 = np.percentile(d[valid], [100.0 / 3.0, 200.0 / 3.0])
    return np.select([~valid, d <= t1, d <= t2], ["", "klein", "middel"], default="groot")


def quartile_position(values, q1, median, q3):
    """The quartile (1-4) of each value against given quartiles: v <= Q1 -> 1, v <= median -> 2,
    v <= Q3 -> 3, else 4 (ties go lower); 0 where the value or the quartiles are missing. Quartile 4
    holds the highest values, whatever the indicator's direction. Broadcasts; returns an int array.
    """
    v, a, b, c = _f(values), _f(q1), _f(median), _f(q3)
    valid = np.isfinite(v) & np.isfinite(a) & np.isfinite(b) & np.isfinite(c)
    return np.select([~valid, v <= a, v <= b, v <= c], [0, 1, 2, 3], default=4).astype(int)


def position_quartile(values, group_values):
    """Quartile (1-4) of each value within the distribution of ``group_values`` (``quartiles``), by
    the rule of ``quartile_position``. NaN value or an all-NaN group -> 0."""
    return quartile_position(values, *quartiles(group_values))
