"""PublicRelease: the one typed boundary between what is computed and what is published.

`package/` and `site/` receive a PublicRelease and nothing else from the pipeline (tests/test_architecture.py
enforces it). What crosses has public columns only: the intake's bookkeeping (source file and row, the
bucket) stays in compute and the processing report. `public_release` makes it; it is the only place
that decides which providers are public (the providers with a result row, and the organisations of
such locations): they get a page, a row in the packages' providers table and an entry in the search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from generator.compute import changes, funnel, mirror
from generator.compute.mirror import ROW_COLUMNS as MIRROR_ROW_COLUMNS
from generator.compute.mirror import MirrorData
from generator.compute.regions import MIN_PROVIDERS as MIN_REGION_PROVIDERS
from generator.compute.regions import region_values
from generator.config.settings import PublicationConfig
from generator.core.names import NOT_DELIVERED, PROVENANCE

__all__ = [
    "MIN_REGION_PROVIDERS",
    "MIRROR_ROW_COLUMNS",
    "MirrorData",
    "PublicRelease",
    "RESULT_COLUMNS",
    "public_providers",
    "public_release",
]

#: Columns of the published results table, in order.
RESULT_COLUMNS = [
    "provider_id",
    "indicator_id",
    "set_id",
    "period",
    "period_start",
    "period_end",
    "status",
    "value",
    "numerator",
    "denominator",
    "expected",
    "text_value",
    "ci_low",
    "ci_high",
    "ci_level",
    "national_value",
    "deviation",
    "comparison",
    "publisher_comparison",
    "funnel_low_95",
    "funnel_high_95",
    "funnel_low_998",
    "funnel_high_998",
    "size_group",
    "previous_value",
    "change",
    "change_p_value",
    "explanation",
    "note",
    "approval_date",
    "confirmed_date",
    "min_denominator",
]


@dataclass(frozen=True)
class PublicRelease:
    """Everything the public side may show of one release, and nothing else."""

    release: str
    publication: PublicationConfig
    results: pd.DataFrame  # RESULT_COLUMNS
    indicators: pd.DataFrame  # the catalogue's columns, without provenance
    providers: pd.DataFrame  # the public providers (see `public_providers`), without provenance
    benchmarks: pd.DataFrame
    changes: pd.DataFrame  # against the previous release (compute/changes.py)
    funnels: pd.DataFrame  # funnel lines of each share indicator's latest period (compute/funnel.py)
    # provider_id and name of the providers published before and not now (for the changes page)
    departed: pd.DataFrame
    regions: pd.DataFrame  # latest value per province and care region, disclosure applied (regions.py)
    mirror: MirrorData = field(repr=False)


def without_provenance(table: pd.DataFrame) -> pd.DataFrame:
    """The table without the intake's bookkeeping columns (source file and row, bucket)."""
    return table.drop(columns=[c for c in (*PROVENANCE, "bucket") if c in table.columns])


def public_providers(
    results: pd.DataFrame, providers: pd.DataFrame, awaiting: Iterable[str] = ()
) -> pd.DataFrame:
    """The providers that are published: those with a result row, those `awaiting` approval (only given
    when publication.registry_public), and the organisations of such locations.

    Compute gives a provider rows (even 'not_delivered' ones) only when it has an approved result or the
    registry is public, so a provider that approved nothing is not published by default. The column
    `approved_results` says whether a provider has an approved result of its own in this release
    (False: 'nog geen goedgekeurde cijfers'); the packages keep the contract's columns only.
    """
    with_rows = set(results["provider_id"]) | set(awaiting)
    parents = set(providers.loc[providers["provider_id"].isin(with_rows), "parent_id"]) - {""}
    shown = providers[providers["provider_id"].isin(with_rows | parents)]
    approved = set(results.loc[results["status"] != NOT_DELIVERED, "provider_id"])
    return shown.assign(approved_results=shown["provider_id"].isin(approved))


def public_release(
    release: str,
    publication: PublicationConfig,
    results: pd.DataFrame,
    benchmarks: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
    previous: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    awaiting: Iterable[str] = (),
) -> PublicRelease:
    """Assemble the public release from compute's tables.

    `previous` is the last release's (results, providers); `awaiting` the providers published without
    an approved result (Computed.awaiting).
    """
    res = results[RESULT_COLUMNS].reset_index(drop=True)
    ind = without_provenance(indicators).reset_index(drop=True)
    prov = without_provenance(public_providers(res, providers, awaiting)).reset_index(drop=True)
    old_results, old_providers = previous if previous is not None else (None, None)
    diff = changes.diff_releases(old_results, old_providers, res, prov)
    gone = diff.loc[diff["change"] == "provider_removed", "provider_id"]
    departed = (
        old_providers.loc[old_providers["provider_id"].isin(gone), ["provider_id", "name"]]
        if old_providers is not None
        else pd.DataFrame({"provider_id": [], "name": []}, dtype=object)
    )
    return PublicRelease(
        release=release,
        publication=publication,
        results=res,
        indicators=ind,
        providers=prov,
        benchmarks=benchmarks.reset_index(drop=True),
        changes=diff,
        departed=departed.reset_index(drop=True),
        funnels=funnel.funnel_lines(res, benchmarks, ind, publication.funnel_overdispersion),
        regions=region_values(res, ind, prov, publication.small_counts),
        mirror=mirror.mirror_data(release, res, benchmarks, ind, prov),
    )
