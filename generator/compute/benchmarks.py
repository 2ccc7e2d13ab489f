"""Benchmarks: the national value of each indicator and period, and its value per kind, region and size.

Benchmarks are computed from published results only, so no group figure can be used to work back to a
suppressed result, and from one level only: a total (an organisation's result whose locations have
results of the same indicator and period too) is left out, so no case counts twice.

Each benchmark says what it is (`statistic`):
- ``pooled``: sum of numerators / sum of denominators (crude shares and rates with delivered counts);
- ``weighted_mean``: the values weighted by their denominators (shares and rates without delivered
  numerators, and means); its numerator stays empty, since no count is made up from a rounded value;
- ``ratio``: sum of observed / sum of expected (observed / expected ratios);
- ``share_yes``: the share of providers answering "ja", in percent (yes/no indicators; no quartiles,
  which on answers of 0 and 1 say nothing);
- ``median``: the median of the values (adjusted values, medians, counts and other figures).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute import stats
from generator.compute.levels import result_levels
from generator.core.names import STATUS_PUBLISHED
from generator.core.units import SHARE_UNITS, YESNO_SHARE_SCALE, scales

BENCHMARK_COLUMNS = [
    "indicator_id",
    "set_id",
    "period",
    "group_type",
    "group",
    "statistic",
    "providers",
    "value",
    "q1",
    "median",
    "q3",
    "numerator",
    "denominator",
    "phi",
    "tau2",
]
STATISTICS = ("pooled", "weighted_mean", "ratio", "share_yes", "median")


def statistic_of(unit: str, basis: str) -> str:
    """Which statistic an indicator's benchmark is (module docstring)."""
    if unit == "yesno":
        return "share_yes"
    if basis == "ratio":
        return "ratio"
    if basis == "crude" and unit in (*SHARE_UNITS, "rate"):
        return "pooled"
    if basis == "crude" and unit == "mean":
        return "weighted_mean"
    return "median"


def group_value(statistic: str, scale: float, part: pd.DataFrame) -> tuple[str, float, float, float]:
    """(statistic, value, numerator, denominator) of one group; a pooled share falls back to the
    weighted mean when not every numerator was delivered."""
    den, val = part["denominator"].to_numpy(float), part["value"].to_numpy(float)
    num = part["numerator"].to_numpy(float)
    if statistic == "share_yes":
        return statistic, float(np.nanmean(val) * YESNO_SHARE_SCALE), np.nan, np.nan
    if statistic == "ratio":
        exp = part["expected"].to_numpy(float)
        has = np.isfinite(num) & np.isfinite(exp) & (exp > 0)
        if has.any():
            return statistic, float(num[has].sum() / exp[has].sum() * scale), float(num[has].sum()), np.nan
        return "median", float(np.nanmedian(val)), np.nan, np.nan
    has = np.isfinite(den) & (den > 0) & np.isfinite(val)
    if statistic == "pooled" and has.any() and np.isfinite(num[has]).all():
        return (
            statistic,
            float(num[has].sum() / den[has].sum() * scale),
            float(num[has].sum()),
            float(den[has].sum()),
        )
    if statistic in ("pooled", "weighted_mean") and has.any():
        value = float(np.average(val[has], weights=den[has]))
        return "weighted_mean", value, np.nan, float(den[has].sum())
    return "median", float(np.nanmedian(val)), np.nan, np.nan


def totals_with_parts(results: pd.DataFrame, providers: pd.DataFrame) -> pd.Series:
    """Rows that are an organisation's total (compute/levels.py) while locations of that organisation have
    a result of the same indicator and period: they stay out of the benchmarks."""
    level = result_levels(results, providers)
    keys = pd.MultiIndex.from_arrays([level["organisation"], results["indicator_id"], results["period"]])
    with_parts = keys[(~level["total"] & (level["organisation"] != "")).to_numpy()]
    return pd.Series(level["total"].to_numpy() & keys.isin(with_parts), index=results.index)


def benchmark_rows(results: pd.DataFrame, ind: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """Benchmarks per indicator and period: national, per provider kind, region and size group."""
    usable = (results["status"] == STATUS_PUBLISHED) & results["value"].notna()
    usable &= ~totals_with_parts(results, providers)
    data = results.loc[usable].join(providers.set_index("provider_id")[["kind", "region"]], on="provider_id")
    rows = []
    for (indicator_id, period), part in data.groupby(["indicator_id", "period"], sort=True):
        meta = ind.loc[part.index[0]]
        if meta["unit"] == "text":
            continue
        scale = float(scales(pd.Series([meta["unit"]]), pd.Series([meta["rate_per"]]))[0])
        wanted = statistic_of(meta["unit"], meta["value_basis"])
        groups = [("national", "", part)]
        for group_type, column in (("kind", "kind"), ("region", "region"), ("size", "size_group")):
            groups += [(group_type, str(g), p) for g, p in part.groupby(column, sort=True) if str(g) != ""]
        for group_type, group, p in groups:
            statistic, value, num, den = group_value(wanted, scale, p)
            q1, med, q3 = (
                (np.nan,) * 3 if statistic == "share_yes" else stats.quartiles(p["value"].to_numpy(float))
            )
            phi = tau2 = np.nan
            if group_type == "national" and statistic == "pooled" and meta["unit"] in SHARE_UNITS:
                od = stats.overdispersion(p["numerator"] / p["denominator"], value / scale, p["denominator"])
                phi, tau2 = od["phi"], od["tau2"]
            rows.append(
                (indicator_id, meta["set_id"], period, group_type, group, statistic, len(p))
                + (value, q1, med, q3, num, den, phi, tau2)
            )
    return pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)


def add_size_groups(results: pd.DataFrame) -> pd.Series:
    """Size group per row: tertiles of the denominator within indicator and period (published rows)."""
    groups = pd.Series("", index=results.index, dtype=object)
    usable = (results["status"] == STATUS_PUBLISHED) & results["denominator"].notna()
    for _, part in results.loc[usable].groupby(["indicator_id", "period"]):
        groups[part.index] = stats.tertile_groups(part["denominator"].to_numpy(float))
    return groups
