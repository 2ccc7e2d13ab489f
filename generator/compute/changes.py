"""Changes: what a release changed against the previous one (the 'changes' resource and page)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.core.names import STATUS_PUBLISHED
from generator.core.units import PUBLISHED_DECIMALS

COLUMNS = [
    "change",
    "provider_id",
    "indicator_id",
    "period",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
]
KEY = ["provider_id", "indicator_id", "period"]


def empty_changes() -> pd.DataFrame:
    """A changes table with no rows (the first release, or no previous release found)."""
    return pd.DataFrame({c: pd.Series(dtype=float if c.endswith("_value") else object) for c in COLUMNS})


def diff_releases(
    old_results: pd.DataFrame | None,
    old_providers: pd.DataFrame | None,
    new_results: pd.DataFrame,
    new_providers: pd.DataFrame,
) -> pd.DataFrame:
    """Providers added or gone; results new, withdrawn (published before, not now) or corrected (value
    changed).

    A withdrawn result is listed without its old value: the provider no longer stands behind it.
    """
    if old_results is None or old_providers is None:
        return empty_changes()
    old_ids, new_ids = set(old_providers["provider_id"]), set(new_providers["provider_id"])
    rows = [
        pd.DataFrame({"change": "provider_added", "provider_id": sorted(new_ids - old_ids)}),
        pd.DataFrame({"change": "provider_removed", "provider_id": sorted(old_ids - new_ids)}),
    ]
    old = old_results.loc[old_results["status"] == STATUS_PUBLISHED, KEY + ["value", "status"]]
    new = new_results[KEY + ["value", "status"]].assign(
        value=new_results["value"].astype(float).round(PUBLISHED_DECIMALS)
    )
    old = old.assign(value=old["value"].astype(float).round(PUBLISHED_DECIMALS))
    both = old.merge(new, on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True)
    was = both["_merge"] != "right_only"
    now = both["status_new"] == STATUS_PUBLISHED
    # compared as published (rounded to the packages' decimals): an unrounded new value against its own
    # rounded old self is no correction
    old_value, new_value = both["value_old"].to_numpy(float), both["value_new"].to_numpy(float)
    same = (old_value == new_value) | (np.isnan(old_value) & np.isnan(new_value))
    kinds = np.select(
        [~was & now, was & ~now, was & now & ~same],
        ["result_new", "result_withdrawn", "result_corrected"],
        "",
    )
    both["change"] = kinds
    found = both[both["change"] != ""].copy()
    # a withdrawn result's value is not ours to publish any more: the change is listed without it
    found.loc[found["change"] == "result_withdrawn", "value_old"] = np.nan
    rows.append(
        pd.DataFrame(
            {
                "change": found["change"],
                "provider_id": found["provider_id"],
                "indicator_id": found["indicator_id"],
                "period": found["period"],
                "old_value": found["value_old"],
                "new_value": found["value_new"],
                "old_status": found["status_old"].fillna(""),
                "new_status": found["status_new"].fillna(""),
            }
        )
    )
    out = pd.concat(rows, ignore_index=True).reindex(columns=COLUMNS)
    for c in ("indicator_id", "period", "old_status", "new_status"):
        out[c] = out[c].fillna("")
    return out.sort_values(["change", "provider_id", "indicator_id", "period"], kind="stable").reset_index(
        drop=True
    )
