"""Funnel lines: the control limits of each share indicator's funnel plot, on a grid of denominators.

The limits of each published result are columns of the results table (compute/release.py); the lines
drawn behind the points are computed here, with the same function (`stats.funnel_limits`), for the
latest period of every share indicator, from the smallest to the largest published denominator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute import stats
from generator.core import units
from generator.core.names import STATUS_PUBLISHED

COLUMNS = ["indicator_id", "period", "denominator", "low_95", "high_95", "low_998", "high_998"]
GRID_POINTS = 80


def funnel_grid(national: float, scale: float, n_max: float, n_min: float = 1.0) -> list[dict]:
    """Funnel limits on a grid of denominators from the smallest to the largest shown (smooth lines in the
    plot)."""
    if not np.isfinite(national) or not np.isfinite(n_max) or n_max < 1:
        return []
    low = max(1.0, float(n_min) * 0.9) if np.isfinite(n_min) else 1.0
    grid = np.unique(np.round(np.geomspace(low, max(n_max * 1.05, low + 10), GRID_POINTS)))
    p0 = national / scale
    lo95, hi95 = stats.funnel_limits(p0, grid, 0.95)
    lo998, hi998 = stats.funnel_limits(p0, grid, 0.998)
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


def funnel_lines(results: pd.DataFrame, benchmarks: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """The funnel grid of the latest period of every share indicator, as one table (COLUMNS)."""
    national = benchmarks[benchmarks["group_type"] == "national"].set_index(["indicator_id", "period"])[
        "value"
    ]
    frames = []
    for ind in (
        indicators[indicators["unit"].isin(units.SHARE_UNITS)].sort_values("indicator_id").to_dict("records")
    ):
        mine = results[results["indicator_id"] == ind["indicator_id"]]
        if not len(mine):
            continue
        period = mine["period"].max()
        shown = mine.loc[(mine["period"] == period) & (mine["status"] == STATUS_PUBLISHED), "denominator"]
        value = float(national.get((ind["indicator_id"], period), np.nan))
        grid = funnel_grid(value, units.scale(ind["unit"]), shown.max(), shown.min())
        if grid:
            frames.append(pd.DataFrame(grid).assign(indicator_id=ind["indicator_id"], period=period))
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c in ("indicator_id", "period") else float) for c in COLUMNS}
        )
    return pd.concat(frames, ignore_index=True)[COLUMNS]
