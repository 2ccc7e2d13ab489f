"""Compute: from approved results to the published tables.

Disclosure control, confidence intervals, benchmarks (national, per kind, region and size group),
comparison with the national value, funnel-plot limits, change against the previous period and the
'not delivered' status. Pure functions on DataFrames; the formulas live in stats.py.

Benchmarks are computed from published results only, so no group figure can be used to work back
to a suppressed result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.compute import stats
from generator.compute.public import RESULT_COLUMNS
from generator.core.names import (
    HELD_BACK,
    NOT_DELIVERED,
    PROVENANCE,
    PUBLISHED,
    STATUS_PUBLISHED,
    SUPPRESSED,
    TOO_FEW_CASES,
)
from generator.core.units import SHARE_UNITS, scales

#: The intake bookkeeping of every approved row: where it came from and which bucket it ended in.
ACCOUNTING_COLUMNS = ["provider_id", "indicator_id", "period", "bucket", *PROVENANCE]

BENCHMARK_COLUMNS = [
    "indicator_id",
    "set_id",
    "period",
    "group_type",
    "group",
    "providers",
    "value",
    "q1",
    "median",
    "q3",
    "numerator",
    "denominator",
    "phi",
    "tau2",
]


@dataclass
class Computed:
    """compute's tables: the published results and benchmarks, and the approved rows' buckets."""

    results: pd.DataFrame  # RESULT_COLUMNS (compute/public.py)
    benchmarks: pd.DataFrame  # BENCHMARK_COLUMNS
    accounting: pd.DataFrame  # ACCOUNTING_COLUMNS of the approved intake rows, for the processing report
    awaiting: frozenset = frozenset()  # providers with held-back results, published only with registry_public


def small_counts(results: pd.DataFrame, indicators: pd.DataFrame, k: int) -> pd.Series:
    """Rows the small-count rule suppresses: a numerator (delivered, or for shares and rates value x
    denominator), a share's non-event count (denominator - numerator) or a count's value from 1 to k."""
    cat = indicators.set_index("indicator_id")
    unit = results["indicator_id"].map(cat["unit"]).fillna("")
    per = results["indicator_id"].map(cat["rate_per"])
    num, den, val = results["numerator"], results["denominator"], results["value"]
    share, rate = unit.isin(SHARE_UNITS), unit == "rate"
    derived = (val / scales(unit, per) * den).round()
    events = num.where(num.notna() | ~(share | rate), derived)

    def few(x: pd.Series) -> pd.Series:
        return (x >= 1) & (x <= k)

    return few(events) | (share & few(den - events)) | ((unit == "count") & few(val))


def apply_disclosure(
    approved: pd.DataFrame, indicators: pd.DataFrame, default: int, small_count: int = 0
) -> pd.DataFrame:
    """Suppress every result whose denominator is under its threshold (the indicator's own, else `default`),
    and with `small_count` k > 0 every result that shows a count from 1 to k (`small_counts`).

    A suppressed result stays as a row with value, numerator, denominator, spread, text and the
    provider's explanation emptied and status 'too_few_cases'; `bucket` says published or suppressed.
    """
    out = approved.copy()
    own = indicators.set_index("indicator_id")["min_denominator"]
    threshold = out["indicator_id"].map(own).astype(float).fillna(float(default))
    small = out["denominator"].notna() & (out["denominator"] < threshold)
    if small_count > 0:
        small |= small_counts(out, indicators, small_count)
    small &= out["missing_reason"] == ""
    for column in ("value", "numerator", "denominator", "standard_error", "standard_deviation"):
        out.loc[small, column] = np.nan
    out.loc[small, "text_value"] = ""
    out.loc[small, "explanation"] = ""  # explanations quote small numbers too ("12,5% betreft 1 cliënt")
    out.loc[small, "note"] = ""  # and so may a publisher's footnote
    out["min_denominator"] = threshold
    out["bucket"] = np.where(small, SUPPRESSED, PUBLISHED)
    reason = out["missing_reason"].where(out["missing_reason"] != "", STATUS_PUBLISHED)
    out["status"] = np.where(small, TOO_FEW_CASES, reason)
    hidden = out["status"] != STATUS_PUBLISHED  # no figure of any kind on a row without a published result
    for column in ("value", "numerator", "denominator", "standard_error", "standard_deviation"):
        out.loc[hidden, column] = np.nan
    out.loc[hidden, "text_value"] = ""
    return out


def add_intervals(results: pd.DataFrame, ind: pd.DataFrame) -> pd.DataFrame:
    """95% intervals in the indicator's unit: Wilson (shares), exact Poisson (rates), t or normal (means)."""
    unit, scale = ind["unit"].to_numpy(), scales(ind["unit"], ind["rate_per"])
    den, val = results["denominator"].to_numpy(float), results["value"].to_numpy(float)
    events = results["numerator"].to_numpy(float)
    events = np.where(np.isnan(events), val / scale * den, events)
    lo, hi = np.full(len(results), np.nan), np.full(len(results), np.nan)
    share = np.isin(unit, SHARE_UNITS)
    wl, wh = stats.wilson_interval(np.where(share, events, np.nan), np.where(share, den, np.nan))
    lo, hi = np.where(share, wl * scale, lo), np.where(share, wh * scale, hi)
    rate = unit == "rate"
    rl, rh = stats.poisson_rate_interval(np.where(rate, events, np.nan), np.where(rate, den, np.nan), per=1.0)
    lo, hi = np.where(rate, rl * scale, lo), np.where(rate, rh * scale, hi)
    mean = np.isin(unit, ("mean", "median"))
    ml, mh = stats.mean_interval(
        val, results["standard_error"].to_numpy(float), results["standard_deviation"].to_numpy(float), den
    )
    lo, hi = np.where(mean, ml, lo), np.where(mean, mh, hi)
    out = results.copy()
    out["ci_low"], out["ci_high"] = lo, hi
    out["_events"] = events
    return out


def _group_value(unit: str, scale: float, part: pd.DataFrame) -> tuple[float, float, float]:
    """The group's value (pooled for shares and rates, weighted mean for means, median otherwise)."""
    den, val, ev = (
        part["denominator"].to_numpy(float),
        part["value"].to_numpy(float),
        part["_events"].to_numpy(float),
    )
    has = np.isfinite(den) & np.isfinite(ev) & (den > 0)
    if unit in (*SHARE_UNITS, "rate") and has.any():
        return float(ev[has].sum() / den[has].sum() * scale), float(ev[has].sum()), float(den[has].sum())
    if unit == "yesno":
        return float(np.nanmean(val) * 100), np.nan, np.nan
    if unit == "mean" and has.any():
        return float(np.average(val[has], weights=den[has])), np.nan, float(den[has].sum())
    return float(np.nanmedian(val)), np.nan, np.nan


def benchmark_rows(results: pd.DataFrame, ind: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """Benchmarks per indicator and period: national, per provider kind, region and size group."""
    usable = (results["status"] == STATUS_PUBLISHED) & results["value"].notna()
    data = results.loc[usable].join(providers.set_index("provider_id")[["kind", "region"]], on="provider_id")
    rows = []
    for (indicator_id, period), part in data.groupby(["indicator_id", "period"], sort=True):
        meta = ind.loc[part.index[0]]
        if meta["unit"] == "text":
            continue
        scale = float(scales(pd.Series([meta["unit"]]), pd.Series([meta["rate_per"]]))[0])
        groups = [("national", "", part)]
        for group_type, column in (("kind", "kind"), ("region", "region"), ("size", "size_group")):
            groups += [(group_type, str(g), p) for g, p in part.groupby(column, sort=True) if str(g) != ""]
        for group_type, group, p in groups:
            value, num, den = _group_value(meta["unit"], scale, p)
            q1, med, q3 = stats.quartiles(p["value"].to_numpy(float))
            phi = tau2 = np.nan
            if group_type == "national" and meta["unit"] in SHARE_UNITS:
                od = stats.overdispersion(p["_events"] / p["denominator"], value / scale, p["denominator"])
                phi, tau2 = od["phi"], od["tau2"]
            rows.append(
                (
                    indicator_id,
                    meta["set_id"],
                    period,
                    group_type,
                    group,
                    len(p),
                    value,
                    q1,
                    med,
                    q3,
                    num,
                    den,
                    phi,
                    tau2,
                )
            )
    return pd.DataFrame(rows, columns=BENCHMARK_COLUMNS)


def add_size_groups(results: pd.DataFrame) -> pd.Series:
    """Size group per row: tertiles of the denominator within indicator and period (published rows)."""
    groups = pd.Series("", index=results.index, dtype=object)
    usable = (results["status"] == STATUS_PUBLISHED) & results["denominator"].notna()
    for _, part in results.loc[usable].groupby(["indicator_id", "period"]):
        groups[part.index] = stats.tertile_groups(part["denominator"].to_numpy(float))
    return groups


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
    share = ind["unit"].isin(SHARE_UNITS).to_numpy()
    _, p = stats.change_test(
        joined["_events"].to_numpy(float),
        joined["denominator"].to_numpy(float),
        out["_events"].to_numpy(float),
        out["denominator"].to_numpy(float),
    )
    out["change_p_value"] = np.where(share, p, np.nan)
    return out


def not_delivered_rows(
    results: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
    held_back: pd.DataFrame | None = None,
    registry_public: bool = False,
) -> pd.DataFrame:
    """Rows with status 'not_delivered' for providers of a set's kind with no result in that set and period.

    A set and period with results `held_back` (not approved) was delivered: no row says otherwise. Only
    providers with an approved result get rows, unless the registry is public (`registry_public`): a
    provider that approved nothing is not published at all.
    """
    if not registry_public:
        providers = providers[providers["provider_id"].isin(set(results["provider_id"]))]
    sets = indicators[indicators["provider_kind"] != ""][
        ["indicator_id", "set_id", "provider_kind", "first_year", "last_year"]
    ]
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
) -> Computed:
    """Run every computation on the approved results and return the public results and benchmarks.

    `held_back`: provider_id, indicator_id, period of the rows the approval gate stopped (the bucket
    column, when there, picks the held-back ones); with `registry_public` their providers are published
    even without an approved result (Computed.awaiting).
    """
    cat = indicators.set_index("indicator_id")
    res = apply_disclosure(approved, indicators, default_min, small_count)
    res["set_id"] = res["indicator_id"].map(cat["set_id"])
    if held_back is not None and "bucket" in held_back:
        held_back = held_back[held_back["bucket"] == HELD_BACK]
    extra = not_delivered_rows(res, indicators, providers, held_back, registry_public)
    res = pd.concat([res, extra], ignore_index=True)
    ind = cat.reindex(res["indicator_id"]).reset_index(drop=True)
    res = add_intervals(res.reset_index(drop=True), ind)
    res["size_group"] = add_size_groups(res)
    bench = benchmark_rows(res, ind, providers)
    national = bench[bench["group_type"] == "national"].set_index(["indicator_id", "period"])
    key = pd.MultiIndex.from_frame(res[["indicator_id", "period"]])
    res["national_value"] = national["value"].reindex(key).to_numpy()
    tau2 = national["tau2"].reindex(key).fillna(0).to_numpy() if overdispersion else 0.0
    res["comparison"] = stats.compare_to_reference(
        res["ci_low"], res["ci_high"], res["national_value"], ind["direction"].fillna("").to_numpy()
    )
    scale = scales(ind["unit"], ind["rate_per"])
    share = ind["unit"].isin(SHARE_UNITS).to_numpy() & (res["status"] == STATUS_PUBLISHED).to_numpy()
    p0, n = res["national_value"].to_numpy(float) / scale, res["denominator"].to_numpy(float)
    for level, tag in ((0.95, "95"), (0.998, "998")):
        lo, hi = (
            stats.funnel_limits_overdispersed(p0, n, level, tau2)
            if overdispersion
            else stats.funnel_limits(p0, n, level)
        )
        res[f"funnel_low_{tag}"], res[f"funnel_high_{tag}"] = (
            np.where(share, lo * scale, np.nan),
            np.where(share, hi * scale, np.nan),
        )
    res = add_changes(res, ind)
    res["comparison"] = np.where(res["status"] == STATUS_PUBLISHED, res["comparison"], "")
    for column in ("text_value", "explanation", "note", "approval_date", "confirmed_date"):
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
    )
