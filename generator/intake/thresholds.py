"""The disclosure rules validation enforces: a result the threshold cannot act on is rejected.

The disclosure threshold (compute/release.py) suppresses a result whose denominator is under it; a
share, rate, mean or median delivered without a denominator would pass it unseen. Such a row is
rejected unless its threshold (the indicator's own min_denominator, else publication.min_denominator)
is 0: the publisher's explicit word that the indicator is safe to publish without one.

Counts (their value is the number of cases: the small-count rule acts on it), other numbers (FTE,
beds), yes/no and text results describe the provider and need no denominator.
"""

from __future__ import annotations

import pandas as pd

from generator.core.errors import Issue
from generator.core.names import SOURCE_FILE, SOURCE_ROW
from generator.core.units import NEEDS_DENOMINATOR


def denominator_issues(
    results: pd.DataFrame, rejected: pd.Series, catalogue: pd.DataFrame, default_min: int
) -> tuple[list[Issue], pd.Series]:
    """A 'denominator-missing' issue and mask for each not yet rejected row with a value and no denominator
    whose unit needs one (NEEDS_DENOMINATOR) and whose threshold is above 0."""
    cat = catalogue.set_index("indicator_id")
    unit = results["indicator_id"].map(cat["unit"]).fillna("")
    threshold = results["indicator_id"].map(cat["min_denominator"]).astype(float).fillna(float(default_min))
    missing = (
        ~rejected
        & unit.isin(NEEDS_DENOMINATOR)
        & results["value"].notna()
        & results["denominator"].isna()
        & (threshold > 0)
    )
    issues = [
        Issue(
            "denominator-missing",
            file=str(row[SOURCE_FILE]),
            row=int(row[SOURCE_ROW]),
            column="denominator",
            value="",
            detail=f"{unit[idx]} result of indicator {row['indicator_id']!r}",
        )
        for idx, row in results.loc[missing].iterrows()
    ]
    return issues, missing.astype(bool)


def require_denominators(results, indicators, default_min: int) -> None:
    """Add the denominator issues to the checked results (validate.Checked) and reject those rows."""
    catalogue = indicators.table.loc[~indicators.rejected]
    found, bad = denominator_issues(results.table, results.rejected, catalogue, default_min)
    results.issues += found
    results.rejected = results.rejected | bad
