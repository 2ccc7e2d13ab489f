"""Compute: disclosure control on the approved results (statistics follow in stats.py).

Pure functions from the approved results and the catalogue to the published results table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .records import PUBLISHED, SUPPRESSED

# Labelled missing values written into the public data instead of a number.
TOO_FEW_CASES = "too_few_cases"


def disclosure_threshold(approved: pd.DataFrame, indicators: pd.DataFrame, default: int) -> pd.Series:
    """The minimum denominator that applies to each approved row (the indicator's own, else the default)."""
    own = indicators.set_index("indicator_id")["min_denominator"]
    per_row = approved["indicator_id"].map(own).astype(float)
    return per_row.fillna(float(default))


def apply_disclosure(approved: pd.DataFrame, indicators: pd.DataFrame, default: int) -> pd.DataFrame:
    """Suppress every result whose denominator is under its threshold.

    A suppressed result stays as a row with its value, numerator, denominator and intervals emptied
    and `missing_reason` 'too_few_cases'; the column `bucket` says published or suppressed.
    """
    out = approved.copy()
    threshold = disclosure_threshold(out, indicators, default)
    small = out["denominator"].notna() & (out["denominator"] < threshold)
    for column in ("value", "numerator", "denominator", "standard_error", "standard_deviation"):
        out.loc[small, column] = np.nan
    out.loc[small, "text_value"] = ""
    out.loc[small, "missing_reason"] = TOO_FEW_CASES
    out["min_denominator"] = threshold
    out["bucket"] = np.where(small, SUPPRESSED, PUBLISHED)
    return out
