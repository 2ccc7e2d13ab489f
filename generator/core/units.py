"""Units of indicator values: the one table of their scaling, valid range and decimals.

Every stage asks this module, and the browser reads the same table as JSON (``browser_table``), so a
percentage is scaled, checked, rounded and shown by one rule everywhere:

- ``scale``: the factor from a share or event rate (events / denominator) to the unit's value:
  100 for percentages, 1 for proportions, ``rate_per`` for rates, 1 otherwise.
- ``range``: the valid values of the unit (a percentage lies in 0–100), None where any value is valid.
- ``decimals``: how many decimals the public site shows; None means "2 below 10, else 1" (means,
  medians and other figures, whose size is not known in advance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Unit:
    """One unit of the catalogue: its name, scaling, valid range and shown decimals."""

    name: str
    scale: float | None  # None: the indicator's rate_per
    low: float | None
    high: float | None
    decimals: int | None  # None: 2 below 10, else 1
    share: bool = False  # a share of a denominator (Wilson intervals, funnel plots)


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        Unit("percentage", 100.0, 0.0, 100.0, 1, share=True),
        Unit("proportion", 1.0, 0.0, 1.0, 3, share=True),
        Unit("rate", None, 0.0, None, 1),
        Unit("mean", 1.0, None, None, None),
        Unit("median", 1.0, None, None, None),
        Unit("count", 1.0, 0.0, None, 0),
        Unit("number", 1.0, None, None, None),
        Unit("yesno", 1.0, 0.0, 1.0, 0),
        Unit("text", 1.0, None, None, None),
    )
}
SHARE_UNITS = tuple(name for name, u in UNITS.items() if u.share)
#: Decimals of every figure in the data packages (and so of what "the published figure" means).
PUBLISHED_DECIMALS = 6


def decimal_text(value: float) -> str:
    """A figure as a plain decimal at the packages' precision, without trailing zeros: 2646858, 64.242424,
    0.5 (never an exponent, which spreadsheets and some readers take for text)."""
    text = f"{round(float(value), PUBLISHED_DECIMALS) + 0.0:.{PUBLISHED_DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Units whose value is computed over cases: without their number (the denominator) no disclosure
#: threshold can act, so validation rejects such a result unless its threshold is 0 (intake/thresholds.py).
NEEDS_DENOMINATOR = ("percentage", "proportion", "rate", "mean", "median")
#: Yes/no results are compared as the share answering "ja", in percent (0-100).
YESNO_SHARE_SCALE = 100.0


def scale(unit: str, rate_per=None) -> float:
    """The factor from events / denominator to a value of `unit` (100 for a percentage, rate_per for a
    rate)."""
    factor = UNITS[unit].scale if unit in UNITS else 1.0
    if factor is None:
        return 1.0 if rate_per is None or pd.isna(rate_per) else float(rate_per)
    return factor


def scales(units: pd.Series, rate_per: pd.Series) -> np.ndarray:
    """`scale` for a column of units and their rate_per, as a float array."""
    per = pd.to_numeric(rate_per, errors="coerce").fillna(1.0).astype(float).to_numpy()
    fixed = units.map(lambda u: UNITS[u].scale if u in UNITS else 1.0).to_numpy(dtype=object)
    return np.where(pd.isna(fixed), per, fixed).astype(float)


def valid_range(unit: str) -> tuple[float, float]:
    """The lowest and highest valid value of `unit` (-inf / inf where it has no bound)."""
    u = UNITS.get(unit)
    if u is None:
        return -math.inf, math.inf
    return (-math.inf if u.low is None else u.low), (math.inf if u.high is None else u.high)


#: Decimals of a figure whose unit fixes none (means, medians, other numbers): SMALL below SWITCH, else LARGE.
FREE_DECIMALS = {"switch": 10.0, "small": 2, "large": 1}


def decimals(unit: str, value: float) -> int:
    """Decimals the site shows for `value` in `unit` (yes/no benchmarks are shares: use 'percentage')."""
    u = UNITS.get(unit)
    if u is not None and u.decimals is not None:
        return u.decimals
    return FREE_DECIMALS["small"] if abs(value) < FREE_DECIMALS["switch"] else FREE_DECIMALS["large"]


def rounded(unit: str, value) -> float | None:
    """The value as the site shows it (None for missing): Python's own rounding of the binary value."""
    if value is None or pd.isna(value):
        return None
    v = float(value)
    return float(f"{v:.{decimals(unit, v)}f}")


def browser_table() -> dict:
    """The unit table for the site's scripts (written as units.json): per unit its scale, range, decimals
    and whether it is a share; a unit without fixed decimals takes them from FREE_DECIMALS."""
    return {
        name: {
            "scale": u.scale,
            "low": u.low,
            "high": u.high,
            "share": u.share,
            "decimals": u.decimals if u.decimals is not None else dict(FREE_DECIMALS),
        }
        for name, u in UNITS.items()
    }
