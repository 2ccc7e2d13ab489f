"""One verdict: checks that the published results table never contradicts itself.

Each check returns a `Check` (name, rows checked, rows disagreeing, the first disagreeing keys), so a
report says "n checked, n disagreeing" per rule; `verify` refuses a release with any disagreement and
scripts/verdict-audit prints them for any built release. The checks read only the public tables:

- value_in_interval: a published value lies inside its own interval;
- verdict_side: better / worse sit on the side of the benchmark the direction says;
- interval_verdict: under the interval and funnel methods (without overdispersion) the interval
  excludes the benchmark exactly when the verdict is better or worse;
- funnel_test: under the funnel method the deviation is the exact one-sided binomial (Poisson) tail
  test at the indicator's level (recomputed here with scipy);
- funnel_limits_95 / funnel_limits_998: a point is on or beyond a drawn limit exactly when the exact
  test at that level says so;
- whole_numerators: a benchmark's sum of numerators is a whole number (no counts made up from values);
- yesno_quartiles: yes/no benchmarks carry no quartiles of 0/1 answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from generator.core.units import scales

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Check:
    """The outcome of one rule over the rows it applies to."""

    name: str
    checked: int
    disagreeing: int
    examples: list = field(default_factory=list)

    def line(self) -> str:
        """'name: n checked, n disagreeing (first: ...)'."""
        first = f" (first: {', '.join(self.examples[:3])})" if self.examples else ""
        return f"{self.name}: {self.checked} checked, {self.disagreeing} disagreeing{first}"


def _check(name: str, rows: pd.DataFrame, bad: pd.Series) -> Check:
    """A Check of `rows` with the `bad` mask."""
    picked = rows.loc[bad, ["provider_id", "indicator_id", "period"]].astype(str).head(5)
    keys = ["/".join(k) for k in picked.itertuples(index=False)]
    return Check(name, int(len(rows)), int(bad.sum()), keys)


def _joined(results: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Published rows with their indicator's unit, direction, method, level, basis and scale."""
    cat = indicators.set_index("indicator_id")
    wanted = ["unit", "rate_per", "direction", "comparison_method", "comparison_level", "value_basis"]
    rows = results[results["status"] == "published"].join(
        cat[[c for c in wanted if c in cat]], on="indicator_id"
    )
    for column, default in (
        ("comparison_method", "interval"),
        ("comparison_level", 0.95),
        ("value_basis", "crude"),
    ):
        if column not in rows:
            rows[column] = default
    rows["scale"] = scales(rows["unit"], rows["rate_per"])
    return rows


def _tails(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """P(X >= x) and P(X <= x) of each funnel row: binomial for shares, Poisson for ratios (scipy)."""
    x = np.round(rows["numerator"].to_numpy(float))
    ratio = (rows["value_basis"] == "ratio").to_numpy()
    p0 = rows["national_value"].to_numpy(float) / rows["scale"].to_numpy(float)
    n = np.round(rows["denominator"].to_numpy(float))
    expected = rows["expected"].to_numpy(float) if "expected" in rows else np.full(len(rows), np.nan)
    with np.errstate(invalid="ignore"):
        upper = np.where(ratio, stats.poisson.sf(x - 1, p0 * expected), stats.binom.sf(x - 1, n, p0))
        lower = np.where(ratio, stats.poisson.cdf(x, p0 * expected), stats.binom.cdf(x, n, p0))
    return upper, lower


def plotted(rows: pd.DataFrame) -> pd.Series:
    """Where the funnel plot draws each row: numerator / denominator (observed / expected) in the unit."""
    size = rows["expected"].where(rows["value_basis"] == "ratio", rows["denominator"])
    return rows["numerator"] / size * rows["scale"]


def check_results(
    results: pd.DataFrame, indicators: pd.DataFrame, benchmarks: pd.DataFrame, overdispersion: bool = False
) -> list[Check]:
    """Every rule of the module docstring over one release's public tables."""
    return row_checks(results, indicators, overdispersion) + benchmark_checks(indicators, benchmarks)


def check_in_parts(
    parts: Iterable[pd.DataFrame],
    indicators: pd.DataFrame,
    benchmarks: pd.DataFrame,
    overdispersion: bool = False,
) -> list[Check]:
    """check_results over a results table read a part at a time (publish/parts.py): each row rule's counts
    summed over the parts and its first examples kept, the benchmark rules once. The same Checks as
    check_results on the whole table."""
    merged: dict[str, Check] = {}
    for part in parts:
        for c in row_checks(part, indicators, overdispersion):
            was = merged.get(c.name, Check(c.name, 0, 0, []))
            merged[c.name] = Check(
                c.name,
                was.checked + c.checked,
                was.disagreeing + c.disagreeing,
                (was.examples + c.examples)[:5],
            )
    return list(merged.values()) + benchmark_checks(indicators, benchmarks)


def row_checks(results: pd.DataFrame, indicators: pd.DataFrame, overdispersion: bool = False) -> list[Check]:
    """The rules on each published row (value_in_interval to funnel_limits); each row on its own."""
    rows = _joined(results, indicators)
    out = []
    value, lo, hi = rows["value"], rows["ci_low"], rows["ci_high"]
    ranged = rows[value.notna() & lo.notna() & hi.notna()]
    bad = (ranged["value"] < ranged["ci_low"] - TOLERANCE) | (ranged["value"] > ranged["ci_high"] + TOLERANCE)
    out.append(_check("value_in_interval", ranged, bad))
    judged = rows[rows["comparison"].isin(("better", "worse")) & rows["national_value"].notna()]
    above = judged["value"] > judged["national_value"]
    higher_better = judged["direction"] == "higher"
    good_side = np.where(judged["comparison"] == "better", above == higher_better, above != higher_better)
    out.append(_check("verdict_side", judged, pd.Series(~good_side, index=judged.index)))
    by_interval = rows["comparison_method"].isin(("interval", "funnel")) & lo.notna() & hi.notna()
    by_interval &= rows["national_value"].notna() & rows["direction"].isin(("higher", "lower"))
    if overdispersion:
        by_interval &= rows["comparison_method"] != "funnel"
    part = rows[by_interval]
    excludes = (part["ci_low"] > part["national_value"]) | (part["ci_high"] < part["national_value"])
    out.append(_check("interval_verdict", part, excludes != part["comparison"].isin(("better", "worse"))))
    funnel = rows[
        (rows["comparison_method"] == "funnel")
        & rows.get("deviation", pd.Series("", index=rows.index)).isin(("above", "below", "within"))
    ]
    if not overdispersion and len(funnel):
        alpha = (1 - funnel["comparison_level"].to_numpy(float)) / 2
        upper, lower = _tails(funnel)
        expected = np.select([upper < alpha, lower < alpha], ["above", "below"], "within")
        out.append(
            _check(
                "funnel_test",
                funnel,
                pd.Series(expected != funnel["deviation"].to_numpy(), index=funnel.index),
            )
        )
        point = plotted(funnel)
        for tag, level in (("95", 0.95), ("998", 0.998)):
            a = (1 - level) / 2
            drawn = np.select(
                [point >= funnel[f"funnel_high_{tag}"] - 1e-9, point < funnel[f"funnel_low_{tag}"] - 1e-9],
                ["above", "below"],
                "within",
            )
            tested = np.select([upper < a, lower < a], ["above", "below"], "within")
            out.append(_check(f"funnel_limits_{tag}", funnel, pd.Series(drawn != tested, index=funnel.index)))
    return out


def benchmark_checks(indicators: pd.DataFrame, benchmarks: pd.DataFrame) -> list[Check]:
    """The rules on the benchmarks table: whole_numerators and yesno_quartiles."""
    out = []
    nums = benchmarks[benchmarks["numerator"].notna()]
    fractional = (nums["numerator"] - nums["numerator"].round()).abs() > TOLERANCE
    out.append(Check("whole_numerators", int(len(nums)), int(fractional.sum()), []))
    unit = benchmarks["indicator_id"].map(indicators.set_index("indicator_id")["unit"])
    yesno = benchmarks[unit == "yesno"]
    out.append(
        Check(
            "yesno_quartiles",
            int(len(yesno)),
            int(yesno[["q1", "median", "q3"]].notna().any(axis=1).sum()),
            [],
        )
    )
    return out
