"""Levels: which results are an organisation's total and which are its locations' parts.

Organisation and location results of one indicator must never be pooled (a case would count twice) and
a suppressed location must not follow from its organisation's total minus its published locations.
A provider is at organisation level when other providers name it as parent_id, or when its kind is an
organisation (ORGANISATION_KINDS) and it hangs under one (the Dutch open database's "Concernniveau" rows:
an organisation's total delivered as a sibling of its locations). Every result gets the organisation its
group is about: its parent for a location and for such a sibling total, itself for a parent.
"""

from __future__ import annotations

import pandas as pd

ORGANISATION_KINDS = ("organisatie", "organisation", "concern")


def organisation_providers(providers: pd.DataFrame) -> pd.Series:
    """Per provider (indexed by provider_id): True when it reports at organisation level."""
    registry = providers.set_index("provider_id")
    parents = set(registry["parent_id"].fillna("")) - {""}
    kind = registry["kind"].fillna("").str.lower()
    own = registry.index.to_series().isin(parents)
    sibling_total = kind.isin(ORGANISATION_KINDS) & (registry["parent_id"].fillna("") != "")
    return own | sibling_total


def result_levels(results: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """Per result row: `organisation` (the group it belongs to, '' when none) and `total` (True for an
    organisation-level row)."""
    registry = providers.set_index("provider_id")
    parent = results["provider_id"].map(registry["parent_id"]).fillna("")
    total = results["provider_id"].map(organisation_providers(providers)).fillna(False).astype(bool)
    own_group = total & (parent == "")
    organisation = parent.where(~own_group, results["provider_id"])
    return pd.DataFrame({"organisation": organisation, "total": total}, index=results.index)
