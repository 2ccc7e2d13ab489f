"""Funnel lines: the control limits of each funnel-judged indicator's plot, on a grid of sizes.

The limits of each published result are columns of the results table (compute/release.py); the lines
drawn behind the points are computed here with the same functions, for the latest period of every
indicator whose comparison_method is funnel: exact binomial limits for shares over the denominator
(widened by the national tau2 with publication.funnel_overdispersion), exact Poisson limits for
observed / expected ratios over the expected count. A point is outside a line exactly when its verdict
says so (stats.funnel_limits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute import stats
from generator.core import units
from generator.core.names import STATUS_PUBLISHED

COLUMNS = ["indicator_id", "period", "denominator", "low_95", "high_95", "low_998", "high_998"]
GRID_POINTS = 80


def _limits(kind: str, target: float, size: np.ndarray, level: float, tau2: float):
    """The lower and upper limits of one kind of funnel (share or ratio) at the grid's sizes."""
    if kind == "ratio":
        return stats.poisson_funnel_limits(target, size, level)
    if tau2 > 0:
        return stats.funnel_limits_overdispersed(target, size, level, tau2)
    return stats.funnel_limits(target, size, level)


def near_a_line(shown: pd.DataFrame, size: pd.Series, scale: float) -> np.ndarray:
    """The sizes of the points within two events of one of their limits: the grid gets these sizes too, so
    a line drawn straight between grid points never puts such a point on the wrong side."""
    limits = shown[["funnel_low_95", "funnel_high_95", "funnel_low_998", "funnel_high_998"]].to_numpy(float)
    gap = np.abs(limits - shown["value"].to_numpy(float)[:, None]).min(axis=1) / scale * size.to_numpy(float)
    return np.unique(size.to_numpy(float)[np.isfinite(gap) & (gap < 2)])


def funnel_grid(
    national: float,
    scale: float,
    n_max: float,
    n_min: float = 1.0,
    kind: str = "share",
    tau2: float = 0.0,
    extra: np.ndarray | None = None,
) -> list[dict]:
    """Funnel limits on a grid of sizes (denominators, or expected counts for ratios) from the smallest to
    the largest shown (smooth lines in the plot), plus the `extra` sizes."""
    if not np.isfinite(national) or not np.isfinite(n_max) or n_max <= 0:
        return []
    smallest = 1.0 if kind == "share" else 0.1
    low = max(smallest, float(n_min) * 0.9) if np.isfinite(n_min) else smallest
    grid = np.geomspace(low, max(n_max * 1.05, low + 10), GRID_POINTS)
    grid = np.unique(
        np.concatenate(
            [np.round(grid) if kind == "share" else np.round(grid, 2), [] if extra is None else extra]
        )
    )
    target = national / scale
    lo95, hi95 = _limits(kind, target, grid, 0.95, tau2)
    lo998, hi998 = _limits(kind, target, grid, 0.998, tau2)
    return [
        {
            "denominator": float(n),
            "low_95": round(float(a) * scale, 6),
            "high_95": round(float(b) * scale, 6),
            "low_998": round(float(c) * scale, 6),
            "high_998": round(float(d) * scale, 6),
        }
        for n, a, b, c, d in zip(grid, lo95, hi95, lo998, hi998)
    ]


def funnel_lines(
    results: pd.DataFrame, benchmarks: pd.DataFrame, indicators: pd.DataFrame, overdispersion: bool = False
) -> pd.DataFrame:
    """The funnel grid of the latest period of every funnel-judged indicator, as one table (COLUMNS); the
    size column is the denominator (shares) or the expected count (ratios)."""
    national = benchmarks[benchmarks["group_type"] == "national"].set_index(["indicator_id", "period"])
    frames = []
    judged = indicators[
        indicators.get("comparison_method", pd.Series("", index=indicators.index)) == "funnel"
    ]
    for ind in judged.sort_values("indicator_id").to_dict("records"):
        mine = results[results["indicator_id"] == ind["indicator_id"]]
        if not len(mine):
            continue
        kind = "ratio" if ind.get("value_basis") == "ratio" else "share"
        period = mine["period"].max()
        shown = mine.loc[(mine["period"] == period) & (mine["status"] == STATUS_PUBLISHED)]
        size = shown["expected"] if kind == "ratio" else shown["denominator"]
        key = (ind["indicator_id"], period)
        value = float(national["value"].get(key, np.nan))
        tau2 = float(national["tau2"].get(key, 0.0)) if overdispersion and kind == "share" else 0.0
        scale = units.scale(ind["unit"], ind.get("rate_per"))
        tau2 = tau2 if np.isfinite(tau2) else 0.0
        grid = funnel_grid(value, scale, size.max(), size.min(), kind, tau2, near_a_line(shown, size, scale))
        if grid:
            frames.append(pd.DataFrame(grid).assign(indicator_id=ind["indicator_id"], period=period))
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in ("indicator_id", "period") else float) for c in COLUMNS}
        )
    return pd.concat(frames, ignore_index=True)[COLUMNS]
