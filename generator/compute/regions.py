"""Region values: each indicator's value per province and per care region, for the maps and region pages.

A region value is computed as the national benchmark is (benchmarks.py: the same statistic, one level of
published results only, an organisation's total left out when its locations have results), for the
latest period of each indicator. So no suppressed result enters any region or national figure, and no
difference of region and national totals can give one back: what such a difference gives is a sum of
published results.

The disclosure rules apply to regions too. A region value is not shown (`shown` false, its figures
emptied, `reason` says why) when
- it rests on fewer than MIN_PROVIDERS providers (`too_few_providers`): a region of one or two providers
  is a provider, not a region;
- its denominator is under the indicator's disclosure threshold, or, with publication.small_counts k,
  its count of events or non-events is from 1 to k (`too_few_cases`; disclosure.py's rules 1 and 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute.benchmarks import group_value, statistic_of, totals_with_parts
from generator.core.names import STATUS_PUBLISHED
from generator.core.units import scales

#: The fewest providers a region value may rest on.
MIN_PROVIDERS = 3
#: Which providers' column each kind of region comes from.
AREA_TYPES = {"province": "province", "region": "region"}
REGION_COLUMNS = [
    "indicator_id",
    "period",
    "area_type",
    "area",
    "statistic",
    "providers",
    "value",
    "numerator",
    "denominator",
    "shown",
    "reason",
]


def _reason(providers: int, num: float, den: float, threshold: float, k: int, min_providers: int) -> str:
    """Why a region value is not shown, or '' (module docstring)."""
    if providers < min_providers:
        return "too_few_providers"
    if np.isfinite(den) and np.isfinite(threshold) and den < threshold:
        return "too_few_cases"
    if k > 0 and np.isfinite(num) and (1 <= num <= k or (np.isfinite(den) and 1 <= den - num <= k)):
        return "too_few_cases"
    return ""


def region_values(
    results: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
    small_count: int = 0,
    min_providers: int = MIN_PROVIDERS,
) -> pd.DataFrame:
    """REGION_COLUMNS: per indicator (its latest period with a published value), kind of region and
    region, the value of its published results, or no value and the reason (module docstring)."""
    usable = (results["status"] == STATUS_PUBLISHED) & results["value"].notna()
    usable &= ~totals_with_parts(results, providers)
    places = providers.set_index("provider_id")[list(AREA_TYPES.values())]
    data = results.loc[usable].join(places, on="provider_id")
    latest = data.groupby("indicator_id")["period"].transform("max")
    data = data[data["period"] == latest]
    cat = indicators.set_index("indicator_id")
    rows = []
    for (indicator_id, period), part in data.groupby(["indicator_id", "period"], sort=True):
        meta = cat.loc[indicator_id]
        if meta["unit"] == "text":
            continue
        scale = float(scales(pd.Series([meta["unit"]]), pd.Series([meta["rate_per"]]))[0])
        wanted = statistic_of(meta["unit"], meta.get("value_basis") or "crude")
        threshold = float(part["min_denominator"].max())
        for area_type, column in AREA_TYPES.items():
            for area, p in part.groupby(column, sort=True):
                if str(area) == "":
                    continue
                statistic, value, num, den = group_value(wanted, scale, p)
                reason = _reason(len(p), num, den, threshold, small_count, min_providers)
                figures = (value, num, den) if not reason else (np.nan,) * 3
                rows.append((indicator_id, period, area_type, str(area), statistic, len(p), *figures))
                rows[-1] += (not reason, reason)
    out = pd.DataFrame(rows, columns=REGION_COLUMNS)
    return out.astype({"providers": int, "shown": bool}) if len(out) else out
