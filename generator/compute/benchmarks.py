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
#: The figures of a result that a group's benchmark is computed from (`expected` only for ratios).
FIGURES = ("value", "numerator", "denominator", "expected")


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


def group_value(statistic: str, scale: float, part) -> tuple[str, float, float, float]:
    """(statistic, value, numerator, denominator) of one group (`part`: its FIGURES by name, a frame or
    arrays); a pooled share falls back to the weighted mean when not every numerator was delivered."""
    den, val = np.asarray(part["denominator"], float), np.asarray(part["value"], float)
    num = np.asarray(part["numerator"], float)
    if statistic == "share_yes":
        return statistic, float(np.nanmean(val) * YESNO_SHARE_SCALE), np.nan, np.nan
    if statistic == "ratio":
        exp = np.asarray(part["expected"], float)
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
    """Benchmarks per indicator and period: national, per provider kind, region and size group.

    `ind` is the indicator catalogue row of each result (same index). The groups are cut from numpy
    arrays of the rows sorted once by indicator and period: a pandas group per kind, region and size of
    every indicator and period (thousands at national size) cost seconds of copying."""
    usable = (results["status"] == STATUS_PUBLISHED) & results["value"].notna()
    usable &= ~totals_with_parts(results, providers)
    needed = ["provider_id", "indicator_id", "period", *FIGURES, "size_group"]
    data = results.loc[usable, [c for c in needed if c in results.columns]]
    data = data.join(providers.set_index("provider_id")[["kind", "region"]], on="provider_id")
    data = data.sort_values(["indicator_id", "period"], kind="stable")
    if data.empty:
        return pd.DataFrame([], columns=BENCHMARK_COLUMNS)
    meta = ind.loc[data.index]
    units, bases, set_ids = (meta[c].to_numpy(object) for c in ("unit", "value_basis", "set_id"))
    row_scales = scales(meta["unit"], meta["rate_per"])
    figures = {c: data[c].to_numpy(float) for c in FIGURES if c in data.columns}
    labels = [
        (t, data[c].to_numpy(object))
        for t, c in (("kind", "kind"), ("region", "region"), ("size", "size_group"))
    ]
    ids, periods = data["indicator_id"].to_numpy(object), data["period"].to_numpy(object)
    starts = np.flatnonzero(np.r_[True, (ids[1:] != ids[:-1]) | (periods[1:] != periods[:-1])])
    rows = []
    for start, end in zip(starts, np.r_[starts[1:], len(ids)]):
        if units[start] == "text":
            continue
        scale, unit = float(row_scales[start]), units[start]
        wanted = statistic_of(unit, bases[start])
        part = {c: a[start:end] for c, a in figures.items()}
        groups = [("national", "", part)]
        for group_type, column in labels:
            cut = column[start:end]
            for group in sorted({g for g in cut if isinstance(g, str) and g != ""}):
                hit = cut == group
                groups.append((group_type, group, {c: a[hit] for c, a in part.items()}))
        for group_type, group, p in groups:
            statistic, value, num, den = group_value(wanted, scale, p)
            q1, med, q3 = (np.nan,) * 3 if statistic == "share_yes" else stats.quartiles(p["value"])
            phi = tau2 = np.nan
            if group_type == "national" and statistic == "pooled" and unit in SHARE_UNITS:
                od = stats.overdispersion(p["numerator"] / p["denominator"], value / scale, p["denominator"])
                phi, tau2 = od["phi"], od["tau2"]
            rows.append(
                (ids[start], set_ids[start], periods[start], group_type, group, statistic, len(p["value"]))
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
