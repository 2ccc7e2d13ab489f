"""The one verdict per result: its interval, its position against the benchmark and its comparison.

Every place that shows a judgement (the tables' symbols, the charts' colours, the sentences, the choice
aid, the mirror report and the packages) reads the `comparison` this module decides, once, under the
method the indicator declares (`comparison_method`, `comparison_level` in the published catalogue):

- ``interval``: the interval at the level lies wholly above or below the benchmark (CMS style). A
  delivered interval is judged as delivered; otherwise Wilson (shares), Garwood (rates and observed /
  expected ratios) or t / normal (means) at the level.
- ``funnel``: the exact one-sided tail probability of the counts against the benchmark is under
  (1 - level) / 2 (Spiegelhalter 2005, PHE style): binomial for shares, Poisson for observed / expected
  ratios. The published interval is then the exact one (Clopper-Pearson, Garwood), which excludes the
  benchmark exactly when the test says so. With overdispersion the test is the z-score against the
  widened limits p0 +/- z sqrt(p0 (1 - p0) / n + tau2), the same limits that are drawn.
- ``publisher``: the rating the publisher delivered (publisher_comparison); only a delivered interval
  is shown, since one made here could contradict it.
- ``none``: no judgement.

``auto`` picks per indicator: publisher when ratings were delivered, funnel for crude shares and for
ratios, interval for rates and means, none otherwise. No interval is made from counts around a number
that is not their share (an adjusted value, or a value that differs from numerator / denominator beyond
its rounding), and numbers of events derived from a rounded value are never used unless the indicator
says so (derive_numerator).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute import stats
from generator.core.units import SHARE_UNITS

METHODS = ("interval", "funnel", "publisher", "none")
#: Test outcomes before the direction is applied, and the verdict they give per direction.
DEVIATIONS = ("above", "below", "within")
_VERDICT = {
    ("above", "higher"): "better",
    ("below", "higher"): "worse",
    ("above", "lower"): "worse",
    ("below", "lower"): "better",
    ("within", "higher"): "no_different",
    ("within", "lower"): "no_different",
}
_DEVIATION_OF_RATING = {
    ("better", "higher"): "above",
    ("worse", "higher"): "below",
    ("better", "lower"): "below",
    ("worse", "lower"): "above",
}


def _filled(series: pd.Series, default) -> pd.Series:
    """The column with '' and NaN replaced by `default`."""
    return series.where(series.notna() & (series.astype(str) != ""), default)


def resolve_methods(
    indicators: pd.DataFrame, results: pd.DataFrame, method: str = "auto", level: float = 0.95
) -> pd.DataFrame:
    """The catalogue with value_basis, comparison_method and comparison_level filled in: each indicator's
    own, else the publication's `method` and `level`; ``auto`` and methods that cannot apply to the unit
    resolved as the module docstring says."""
    out = indicators.copy()
    for column in ("value_basis", "comparison_method", "comparison_level", "derive_numerator"):
        if column not in out:
            out[column] = np.nan
    out["value_basis"] = _filled(out["value_basis"], "crude")
    out["comparison_level"] = pd.to_numeric(_filled(out["comparison_level"], level)).astype(float)
    out["derive_numerator"] = _filled(out["derive_numerator"], False).astype(bool)
    wanted = _filled(out["comparison_method"], "auto").replace("auto", method)
    rated = set(results.loc[_delivered(results, "publisher_comparison"), "indicator_id"])
    intervals = set(
        results.loc[_delivered(results, "ci_low") & _delivered(results, "ci_high"), "indicator_id"]
    )
    unit, basis, ids = out["unit"], out["value_basis"], out["indicator_id"]
    share, ratio = unit.isin(SHARE_UNITS) & (basis == "crude"), basis == "ratio"
    countable = share | ratio | ((unit == "rate") & (basis == "crude")) | unit.isin(("mean", "median"))
    has_interval = countable | ids.isin(intervals)
    auto = np.select(
        [ids.isin(rated), share | ratio, has_interval], ["publisher", "funnel", "interval"], default="none"
    )
    resolved = np.where(wanted == "auto", auto, wanted)
    resolved = np.where((resolved == "funnel") & ~(share | ratio), "interval", resolved)
    resolved = np.where((resolved == "interval") & ~has_interval, "none", resolved)
    resolved = np.where((resolved == "publisher") & ~ids.isin(rated), "none", resolved)
    out["comparison_method"] = resolved
    return out


def _delivered(frame: pd.DataFrame, column: str) -> pd.Series:
    """Rows where `column` exists and holds a value."""
    if column not in frame:
        return pd.Series(False, index=frame.index)
    values = frame[column]
    return values.notna() & (values.astype(str) != "")


def value_decimals(values: np.ndarray) -> np.ndarray:
    """The number of decimals each value was given with (0 to 6): the fewest that reproduce it."""
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, 6)
    for d in range(6, -1, -1):
        with np.errstate(invalid="ignore"):
            exact = np.isclose(np.round(v, d), v, rtol=0, atol=1e-9)
        out = np.where(exact, d, out)
    return out


def counts_match_value(value, numerator, denominator, scale) -> np.ndarray:
    """Whether a delivered value is numerator / denominator (in the unit) up to the value's own rounding
    (half a unit of its last decimal). Missing value or counts: True (nothing to contradict)."""
    v, num, den = (np.asarray(a, dtype=float) for a in (value, numerator, denominator))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = num / den * np.asarray(scale, dtype=float)
        tolerance = 0.5 * 10.0 ** -value_decimals(v) + 1e-9
        agree = np.abs(v - share) <= tolerance
    return np.where(np.isfinite(v) & np.isfinite(share), agree, True)


def events_for_tests(frame: pd.DataFrame, ind: pd.DataFrame, scale: np.ndarray) -> np.ndarray:
    """The number of events intervals and tests may use: the delivered numerator; for an indicator with
    derive_numerator, value x denominator where none was delivered; NaN otherwise."""
    num = frame["numerator"].to_numpy(float)
    derived = frame["value"].to_numpy(float) / scale * frame["denominator"].to_numpy(float)
    return np.where(np.isnan(num) & ind["derive_numerator"].to_numpy(bool), derived, num)


def intervals(frame: pd.DataFrame, ind: pd.DataFrame, scale: np.ndarray, events: np.ndarray) -> pd.DataFrame:
    """ci_low, ci_high and ci_level per row: the delivered interval, else one computed by the method's
    rule (module docstring), else empty."""
    method, unit, basis = (ind[c].to_numpy(str) for c in ("comparison_method", "unit", "value_basis"))
    judged = np.isin(method, ("interval", "funnel"))
    level = np.where(judged, ind["comparison_level"].to_numpy(float), 0.95)
    den, val = frame["denominator"].to_numpy(float), frame["value"].to_numpy(float)
    consistent = counts_match_value(val, events, den, scale)
    lo, hi = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
    share = np.isin(unit, SHARE_UNITS) & (basis == "crude") & consistent & (method != "publisher")
    exact = share & (method == "funnel")
    wl, wh = stats.wilson_interval(np.where(share & ~exact, events, np.nan), den, level)
    cl, ch = stats.clopper_pearson_interval(np.where(exact, events, np.nan), den, level)
    lo, hi = (
        np.where(exact, cl, np.where(share, wl, lo)) * scale,
        np.where(exact, ch, np.where(share, wh, hi)) * scale,
    )
    rate = (unit == "rate") & (basis == "crude") & consistent & (method != "publisher")
    rl, rh = stats.poisson_rate_interval(np.where(rate, events, np.nan), den, level, per=1.0)
    lo, hi = np.where(rate, rl * scale, lo), np.where(rate, rh * scale, hi)
    ratio = (basis == "ratio") & (method != "publisher")
    expected = frame["expected"].to_numpy(float)
    ql, qh = stats.poisson_rate_interval(
        np.where(ratio, frame["numerator"].to_numpy(float), np.nan), expected, level
    )
    lo, hi = np.where(ratio, ql * scale, lo), np.where(ratio, qh * scale, hi)
    mean = np.isin(unit, ("mean", "median")) & (basis == "crude") & (method != "publisher")
    ml, mh = stats.mean_interval(
        val, frame["standard_error"].to_numpy(float), frame["standard_deviation"].to_numpy(float), den, level
    )
    lo, hi = np.where(mean, ml, lo), np.where(mean, mh, hi)
    given_lo, given_hi = frame["ci_low"].to_numpy(float), frame["ci_high"].to_numpy(float)
    given = np.isfinite(given_lo) & np.isfinite(given_hi)
    given_level = np.where(
        np.isfinite(frame["ci_level"].to_numpy(float)), frame["ci_level"].to_numpy(float), 0.95
    )
    lo, hi = np.where(given, given_lo, lo), np.where(given, given_hi, hi)
    shown = np.isfinite(lo) & np.isfinite(hi)
    return pd.DataFrame(
        {
            "ci_low": lo,
            "ci_high": hi,
            "ci_level": np.where(shown, np.where(given, given_level, level), np.nan),
            "_interval_given": given,
        },
        index=frame.index,
    )


def deviations(
    frame: pd.DataFrame,
    ind: pd.DataFrame,
    scale: np.ndarray,
    events: np.ndarray,
    tau2: np.ndarray | float = 0.0,
) -> np.ndarray:
    """above / below / within / '' per row: the test of the indicator's method against the benchmark
    (frame['national_value']), before the direction is applied."""
    method, basis = ind["comparison_method"].to_numpy(str), ind["value_basis"].to_numpy(str)
    alpha = (1.0 - ind["comparison_level"].to_numpy(float)) / 2.0
    ref = frame["national_value"].to_numpy(float)
    out = np.full(len(frame), "", dtype=object)
    # interval: the interval (delivered or made at the level) lies wholly above or below the benchmark
    lo, hi = frame["ci_low"].to_numpy(float), frame["ci_high"].to_numpy(float)
    ok = (method == "interval") & np.isfinite(lo) & np.isfinite(hi) & np.isfinite(ref)
    out = np.where(ok, np.select([lo > ref, hi < ref], ["above", "below"], "within"), out)
    # funnel, shares: exact binomial tails, or the overdispersed z-score
    den = frame["denominator"].to_numpy(float)
    value = frame["value"].to_numpy(float)
    consistent = counts_match_value(value, events, den, scale)
    share = (method == "funnel") & (basis == "crude") & consistent & np.isfinite(events) & np.isfinite(ref)
    p0 = ref / scale
    upper, lower = stats.binomial_tails(np.where(share, events, np.nan), den, p0)
    exact = np.select([upper < alpha, lower < alpha], ["above", "below"], "within")
    tau2 = np.broadcast_to(np.asarray(tau2, dtype=float), den.shape)
    widened = share & (tau2 > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (events / den - p0) / np.sqrt(p0 * (1.0 - p0) / den + tau2)
        zcrit = stats._z(1.0 - 2.0 * alpha)
        wide = np.select([z > zcrit, z < -zcrit], ["above", "below"], "within")
    funnel_share = share & np.isfinite(upper)
    out = np.where(funnel_share, np.where(widened, wide, exact), out)
    # funnel, observed / expected ratios: exact Poisson tails of the observed count
    observed, expected = frame["numerator"].to_numpy(float), frame["expected"].to_numpy(float)
    ratio = (method == "funnel") & (basis == "ratio") & np.isfinite(ref)
    upper, lower = stats.poisson_tails(np.where(ratio, observed, np.nan), ref / scale * expected)
    out = np.where(
        ratio & np.isfinite(upper),
        np.select([upper < alpha, lower < alpha], ["above", "below"], "within"),
        out,
    )
    # publisher: the delivered rating, as a position by the direction
    rating = frame["publisher_comparison"].fillna("").astype(str).to_numpy()
    direction = ind["direction"].fillna("").astype(str).to_numpy()
    given = np.select(
        [(rating == r) & (direction == d) for r, d in _DEVIATION_OF_RATING] + [rating == "no_different"],
        [*_DEVIATION_OF_RATING.values(), "within"],
        "",
    )
    return np.where(method == "publisher", given, out)


def comparisons(
    deviation: np.ndarray, direction: np.ndarray, method: np.ndarray, rating: np.ndarray
) -> np.ndarray:
    """The verdict per row: better / no_different / worse by the direction, not_compared where there is
    no test or no direction; under ``publisher`` the delivered rating itself."""
    deviation, direction = np.asarray(deviation, dtype=str), np.asarray(direction, dtype=str)
    verdict = np.select(
        [(deviation == dv) & (direction == d) for dv, d in _VERDICT], list(_VERDICT.values()), "not_compared"
    )
    rated = np.isin(rating, ("better", "no_different", "worse"))
    return np.where(method == "publisher", np.where(rated, rating, "not_compared"), verdict)
