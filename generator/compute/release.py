"""Compute: from approved results to the published tables.

The steps, in order, each in its own module: disclosure control (disclosure.py), the comparison
method of every indicator and the intervals (verdict.py), benchmarks from one level of published
results (benchmarks.py), the one verdict per result (verdict.py), funnel-plot limits, the change
against the previous period, and 'not delivered' rows where a delivery was expected. Pure functions on
DataFrames; the formulas live in stats.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.compute import stats, verdict
from generator.compute.benchmarks import BENCHMARK_COLUMNS, add_size_groups, benchmark_rows
from generator.compute.disclosure import apply_disclosure, small_counts
from generator.compute.public import RESULT_COLUMNS
from generator.core.names import HELD_BACK, NO_RESULT, NOT_DELIVERED, PROVENANCE, STATUS_PUBLISHED
from generator.core.units import SHARE_UNITS, scales

__all__ = ["BENCHMARK_COLUMNS", "Computed", "apply_disclosure", "compute_release", "small_counts"]

#: The intake bookkeeping of every approved row: where it came from and which bucket it ended in.
ACCOUNTING_COLUMNS = ["provider_id", "indicator_id", "period", "bucket", "status", *PROVENANCE]


@dataclass
class Computed:
    """compute's tables: the published results and benchmarks, the catalogue with each indicator's
    comparison method resolved, and the approved rows' buckets."""

    results: pd.DataFrame  # RESULT_COLUMNS (compute/public.py)
    benchmarks: pd.DataFrame  # BENCHMARK_COLUMNS
    accounting: pd.DataFrame  # ACCOUNTING_COLUMNS of the approved intake rows, for the processing report
    awaiting: frozenset = frozenset()  # providers with held-back results, published only with registry_public
    indicators: pd.DataFrame | None = None  # the catalogue with value_basis and comparison_method filled in


def previous_period(period: pd.Series) -> pd.Series:
    """The period before each period: the year before, the quarter before, or the month before."""
    year = period.str.slice(0, 4).astype(int)
    rest = period.str.slice(5)
    quarter = rest.str.startswith("Q")
    month = (rest != "") & ~quarter
    q = pd.to_numeric(rest.str.slice(1).where(quarter), errors="coerce")
    m = pd.to_numeric(rest.where(month), errors="coerce")
    prev_q = np.where(
        q == 1,
        (year - 1).astype(str) + "-Q4",
        year.astype(str) + "-Q" + (q - 1).fillna(0).astype(int).astype(str),
    )
    prev_m = np.where(
        m == 1,
        (year - 1).astype(str) + "-12",
        year.astype(str) + "-" + (m - 1).fillna(0).astype(int).astype(str).str.zfill(2),
    )
    return pd.Series(
        np.where(quarter, prev_q, np.where(month, prev_m, (year - 1).astype(str))), index=period.index
    )


def add_changes(results: pd.DataFrame, ind: pd.DataFrame) -> pd.DataFrame:
    """Value of the previous period, the change, and (for shares) the two-proportion test's p-value."""
    out = results.copy()
    key = out[["provider_id", "indicator_id"]].assign(period=previous_period(out["period"]))
    prev = out.loc[
        out["status"] == STATUS_PUBLISHED,
        ["provider_id", "indicator_id", "period", "value", "_events", "denominator"],
    ]
    joined = key.merge(prev, on=["provider_id", "indicator_id", "period"], how="left")
    out["previous_value"] = joined["value"].to_numpy()
    out["change"] = out["value"] - out["previous_value"]
    share = (ind["unit"].isin(SHARE_UNITS) & (ind["value_basis"] == "crude")).to_numpy()
    _, p = stats.change_test(
        joined["_events"].to_numpy(float),
        joined["denominator"].to_numpy(float),
        out["_events"].to_numpy(float),
        out["denominator"].to_numpy(float),
    )
    out["change_p_value"] = np.where(share, p, np.nan)
    return out


def expected_of(results: pd.DataFrame, indicators: pd.DataFrame, expected: str | tuple) -> pd.Series:
    """Rows whose set had to be delivered under publication.expected_deliveries (not_delivered_rows)."""
    if expected == "none":
        return pd.Series(False, index=results.index)
    cat = indicators.set_index("indicator_id")
    has_kind = results["indicator_id"].map(cat["provider_kind"]).fillna("") != ""
    if isinstance(expected, tuple):
        return has_kind & results["indicator_id"].map(cat["set_id"]).isin(expected)
    return has_kind


def not_delivered_rows(
    results: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
    held_back: pd.DataFrame | None = None,
    registry_public: bool = False,
    expected: str | tuple = "none",
) -> pd.DataFrame:
    """Rows with status 'not_delivered' where a delivery was expected and none came.

    `expected` (publication.expected_deliveries) says who had to deliver: 'none' (the default) makes no
    row at all, since a provider may have had no duty to deliver (no such department, excluded by
    law); 'provider_kind' every provider of a set's kind, for the periods the set has results and its
    indicators' first_year..last_year; a tuple of set ids that rule for those sets only. A set and period
    with results `held_back` (not approved) was delivered: no row says otherwise. Only providers with
    an approved result get rows, unless the registry is public (`registry_public`).
    """
    empty = pd.DataFrame(columns=["provider_id", "indicator_id", "set_id", "period", "status", "bucket"])
    if expected == "none" or not len(results):
        return empty
    if not registry_public:
        providers = providers[providers["provider_id"].isin(set(results["provider_id"]))]
    sets = indicators[indicators["provider_kind"].fillna("") != ""][
        ["indicator_id", "set_id", "provider_kind", "first_year", "last_year"]
    ]
    if isinstance(expected, tuple):
        sets = sets[sets["set_id"].isin(expected)]
    periods = results[["set_id", "period"]].drop_duplicates()
    expected = (
        providers[["provider_id", "kind"]]
        .merge(sets, left_on="kind", right_on="provider_kind")
        .merge(periods, on="set_id")
    )
    year = expected["period"].str.slice(0, 4).astype(int)
    expected = expected[
        (expected["first_year"].isna() | (year >= expected["first_year"]))
        & (expected["last_year"].isna() | (year <= expected["last_year"]))
    ]
    delivered = results[["provider_id", "set_id", "period"]]
    if held_back is not None and len(held_back):
        waiting = held_back[["provider_id", "indicator_id", "period"]]
        waiting = waiting.assign(
            set_id=waiting["indicator_id"].map(indicators.set_index("indicator_id")["set_id"])
        )
        delivered = pd.concat([delivered, waiting[["provider_id", "set_id", "period"]]])
    delivered = delivered.drop_duplicates().assign(_seen=True)
    missing = expected.merge(delivered, on=["provider_id", "set_id", "period"], how="left")
    missing = missing[missing["_seen"].isna()]
    return pd.DataFrame(
        {
            "provider_id": missing["provider_id"],
            "indicator_id": missing["indicator_id"],
            "set_id": missing["set_id"],
            "period": missing["period"],
            "status": NOT_DELIVERED,
            "bucket": "",
        }
    )


def add_funnel_limits(res: pd.DataFrame, ind: pd.DataFrame, scale: np.ndarray, tau2) -> pd.DataFrame:
    """funnel_{low,high}_{95,998} per result of a funnel indicator: the limits its point is judged and drawn
    against (stats.funnel_limits, or the overdispersed ones where tau2 > 0; Poisson limits for ratios)."""
    out = res.copy()
    funnel = ind["comparison_method"].to_numpy(str) == "funnel"
    published = (res["status"] == STATUS_PUBLISHED).to_numpy()
    share = (
        funnel
        & published
        & ind["unit"].isin(SHARE_UNITS).to_numpy()
        & (ind["value_basis"] == "crude").to_numpy()
    )
    ratio = funnel & published & (ind["value_basis"] == "ratio").to_numpy()
    ref = res["national_value"].to_numpy(float) / scale
    n, expected = res["denominator"].to_numpy(float), res["expected"].to_numpy(float)
    tau2 = np.broadcast_to(np.asarray(tau2, dtype=float), n.shape)
    exact, wide = share & ~(tau2 > 0), share & (tau2 > 0)
    for level, tag in ((0.95, "95"), (0.998, "998")):
        lo, hi = np.full(len(res), np.nan), np.full(len(res), np.nan)
        # each kind of limit only where it applies (the exact ones cost a quantile per row)
        lo[exact], hi[exact] = stats.funnel_limits(ref[exact], n[exact], level)
        lo[wide], hi[wide] = stats.funnel_limits_overdispersed(ref[wide], n[wide], level, tau2[wide])
        lo[ratio], hi[ratio] = stats.poisson_funnel_limits(ref[ratio], expected[ratio], level)
        out[f"funnel_low_{tag}"], out[f"funnel_high_{tag}"] = lo * scale, hi * scale
    return out


def compute_release(
    approved: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
    default_min: int,
    overdispersion: bool = False,
    *,
    small_count: int = 0,
    held_back: pd.DataFrame | None = None,
    registry_public: bool = False,
    comparison_method: str = "auto",
    comparison_level: float = 0.95,
    expected_deliveries: str | tuple = "none",
) -> Computed:
    """Run every computation on the approved results and return the public results and benchmarks.

    `held_back`: provider_id, indicator_id, period of the rows the approval gate stopped (the bucket
    column, when there, picks the held-back ones); with `registry_public` their providers are published
    even without an approved result (Computed.awaiting). `comparison_method` and `comparison_level` are
    the publication's defaults for indicators that name none; `expected_deliveries` says who had to
    deliver (not_delivered_rows).
    """
    approved = approved.copy()
    claimed = approved["missing_reason"] == NOT_DELIVERED
    if claimed.any():  # a publisher's "not delivered" stands only where a delivery was expected
        approved.loc[claimed & ~expected_of(approved, indicators, expected_deliveries), "missing_reason"] = (
            NO_RESULT
        )
    for column in ("expected", "ci_low", "ci_high", "ci_level"):
        if column not in approved:
            approved[column] = np.nan
    for column in ("publisher_comparison", "period_start", "period_end", "note"):
        if column not in approved:
            approved[column] = ""
    catalogue = verdict.resolve_methods(indicators, approved, comparison_method, comparison_level)
    cat = catalogue.set_index("indicator_id")
    res = apply_disclosure(approved, catalogue, default_min, small_count, providers)
    res["set_id"] = res["indicator_id"].map(cat["set_id"])
    if held_back is not None and "bucket" in held_back:
        held_back = held_back[held_back["bucket"] == HELD_BACK]
    extra = not_delivered_rows(res, catalogue, providers, held_back, registry_public, expected_deliveries)
    res = pd.concat([res, extra], ignore_index=True) if len(extra) else res.reset_index(drop=True)
    ind = cat.reindex(res["indicator_id"]).reset_index(drop=True)
    scale = scales(ind["unit"], ind["rate_per"])
    events = verdict.events_for_tests(res, ind, scale)
    res["_events"] = events
    shown = verdict.intervals(res, ind, scale, events)  # reads the delivered interval, so before replacing it
    res[["ci_low", "ci_high", "ci_level"]] = shown[["ci_low", "ci_high", "ci_level"]]
    res["size_group"] = add_size_groups(res)
    bench = benchmark_rows(res, ind, providers)
    national = bench[bench["group_type"] == "national"].set_index(["indicator_id", "period"])
    key = pd.MultiIndex.from_frame(res[["indicator_id", "period"]])
    res["national_value"] = national["value"].reindex(key).to_numpy()
    tau2 = national["tau2"].reindex(key).fillna(0).to_numpy() if overdispersion else np.zeros(len(res))
    published = (res["status"] == STATUS_PUBLISHED).to_numpy()
    deviation = verdict.deviations(res, ind, scale, events, tau2)
    res["deviation"] = np.where(published, deviation, "")
    method = ind["comparison_method"].to_numpy(str)
    res["comparison"] = np.where(
        published,
        verdict.comparisons(
            res["deviation"].to_numpy(),
            ind["direction"].fillna("").to_numpy(str),
            method,
            res["publisher_comparison"].fillna("").astype(str).to_numpy(),
        ),
        "",
    )
    res = add_funnel_limits(res, ind, scale, tau2)
    res = add_changes(res, ind)
    for column in (
        "text_value",
        "explanation",
        "note",
        "approval_date",
        "confirmed_date",
        "publisher_comparison",
        "period_start",
        "period_end",
    ):
        res[column] = res[column].fillna("")
    res = res.sort_values(["provider_id", "indicator_id", "period"], kind="stable").reset_index(drop=True)
    from_intake = res["bucket"] != ""
    accounting = res.loc[from_intake, ACCOUNTING_COLUMNS].reset_index(drop=True)
    awaiting = set(held_back["provider_id"]) if registry_public and held_back is not None else set()
    return Computed(
        results=res[RESULT_COLUMNS],
        benchmarks=bench.reset_index(drop=True),
        accounting=accounting,
        awaiting=frozenset(awaiting),
        indicators=catalogue,
    )
