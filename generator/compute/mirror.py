"""Mirror data (spiegelinformatie) for the provider pages: positions, freshness, key indicators, nearby peers.

Computed once per release from the public tables; the site only shows it (site/mirror.py).
- Position: the quartile of a published result within each of its benchmark groups (national, same
  kind, same care region, similar size), by the rule of `stats.quartile_position` on the group's
  published quartiles (both rounded to 6 decimals, as published). 0 when unknown.
- Freshness: a result is not current when the release date (the first day of the release month) lies
  more than the indicator's refresh_months after its date (the confirmed date when there is one, else
  the approval date): 'current', 'stale', 'dated' (no interval) or 'unknown' (no date).
- Key indicators per kind (the choice aid's, else the kind's first three) and, per provider, the
  NEARBY nearest providers of its kind with a published result for one of them (haversine).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.compute import geo, stats
from generator.core.names import NOT_DELIVERED, STATUS_PUBLISHED, is_true

NEARBY = 5
KEY_INDICATORS = 4  # at most, per kind
GROUP_TYPES = ("national", "kind", "region", "size")
ROW_COLUMNS = ["fresh_state", *(f"position_{g}" for g in GROUP_TYPES)]
KEY_RESULT_COLUMNS = ["provider_id", "indicator_id", "period", "status", "value", "text_value"]


@dataclass(frozen=True)
class MirrorData:
    """What the provider pages show beyond the published tables, computed once per release."""

    release_day: dt.date
    rows: pd.DataFrame  # ROW_COLUMNS, aligned with the results table (same order and length)
    keys: dict[str, list[dict]]  # kind -> its key indicators (catalogue rows)
    key_results: pd.DataFrame  # KEY_RESULT_COLUMNS: each provider's newest row of each key indicator
    peers: dict[str, list[tuple[str, float]]]  # provider -> [(peer id, km)], nearest first


def release_day(release: str) -> dt.date:
    """The first day of the release month ('2026-11' -> 2026-11-01)."""
    return dt.date(int(release[:4]), int(release[5:7]), 1)


def fresh_states(results: pd.DataFrame, refresh_months: pd.Series, today: dt.date) -> np.ndarray:
    """The freshness of every result row ('' for a 'not delivered' row, which is no result).

    The due date is the date plus refresh_months calendar months (the month's last day when it has fewer
    days, as 31 January + 1 month = 28 or 29 February); a result is stale when the release day is after it.
    """

    def day(column: str) -> pd.Series:
        return pd.to_datetime(
            results[column].astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce"
        )

    basis = day("confirmed_date").fillna(day("approval_date"))
    months = pd.to_numeric(refresh_months, errors="coerce").to_numpy(dtype=float)
    dated, timed = basis.notna().to_numpy(), ~np.isnan(months)
    both = dated & timed
    stale = np.zeros(len(results), dtype=bool)
    if both.any():
        b = basis[both]
        total = (b.dt.year.to_numpy() * 12 + b.dt.month.to_numpy() - 1) + months[both].astype(int)
        year, month = total // 12, total % 12 + 1
        first = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
        last_day = first.dt.days_in_month.to_numpy()
        due = first + pd.to_timedelta(np.minimum(b.dt.day.to_numpy(), last_day) - 1, unit="D")
        stale[both] = pd.Timestamp(today) > due.to_numpy()
    state = np.select([~dated, ~timed, stale], ["unknown", "dated", "stale"], "current")
    return np.where(results["status"].to_numpy() == NOT_DELIVERED, "", state)


def positions(results: pd.DataFrame, benchmarks: pd.DataFrame, providers: pd.DataFrame) -> pd.DataFrame:
    """The quartile (1-4, 0 unknown) of every published result within each of its groups
    (position_<group>)."""
    who = providers.set_index("provider_id")[["kind", "region"]]
    keys = pd.DataFrame(
        {
            "indicator_id": results["indicator_id"],
            "period": results["period"],
            "national": "",
            "kind": results["provider_id"].map(who["kind"]).fillna(""),
            "region": results["provider_id"].map(who["region"]).fillna(""),
            "size": results["size_group"].fillna(""),
        }
    )
    value = results["value"].astype(float).round(6).to_numpy()
    own = (results["status"] == STATUS_PUBLISHED).to_numpy() & np.isfinite(value)
    bench = benchmarks[["indicator_id", "period", "group_type", "group", "q1", "median", "q3"]].copy()
    for c in ("q1", "median", "q3"):
        bench[c] = bench[c].astype(float).round(6)
    out = pd.DataFrame(index=results.index)
    for group_type in GROUP_TYPES:
        mine = bench[bench["group_type"] == group_type].drop(columns="group_type")
        left = keys[["indicator_id", "period", group_type]].rename(columns={group_type: "group"})
        joined = left.merge(mine, on=["indicator_id", "period", "group"], how="left")
        pos = stats.quartile_position(
            value,
            joined["q1"].to_numpy(float),
            joined["median"].to_numpy(float),
            joined["q3"].to_numpy(float),
        )
        has_group = (left["group"].to_numpy() != "") | (group_type == "national")
        out[f"position_{group_type}"] = np.where(own & has_group, pos, 0).astype(int)
    return out


def key_indicators(indicators: pd.DataFrame, results: pd.DataFrame) -> dict[str, list[dict]]:
    """Per provider kind the indicators its peers are compared on: the choice aid's (in_choice_aid, measured
    results first, yes/no after), else its first three; text answers and indicators without results left
    out."""
    with_results = set(results["indicator_id"])
    kinds = indicators.get("provider_kind", pd.Series("", index=indicators.index)).fillna("")
    usable = indicators[
        (indicators["unit"] != "text") & indicators["indicator_id"].isin(with_results) & (kinds != "")
    ]
    out = {}
    for kind, part in usable.groupby("provider_kind", sort=True):
        chosen = part[part["in_choice_aid"].map(is_true)] if "in_choice_aid" in part else part.iloc[:0]
        chosen = chosen if len(chosen) else part.sort_values("indicator_id").head(3)
        rows = sorted(chosen.to_dict("records"), key=lambda r: (r["unit"] == "yesno", r["indicator_id"]))
        out[str(kind)] = rows[:KEY_INDICATORS]
    return out


def key_results(results: pd.DataFrame, keys: dict[str, list[dict]]) -> pd.DataFrame:
    """Each provider's row of the newest period it has of each key indicator (KEY_RESULT_COLUMNS)."""
    wanted = {i["indicator_id"] for rows in keys.values() for i in rows}
    keyed = results[results["indicator_id"].isin(wanted)]
    newest = keyed["period"] == keyed.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    return keyed.loc[newest, KEY_RESULT_COLUMNS].reset_index(drop=True)


def nearby_peers(
    latest: pd.DataFrame, providers: pd.DataFrame, keys: dict[str, list[dict]]
) -> dict[str, list[tuple[str, float]]]:
    """Per located provider the NEARBY nearest located providers of its kind with a published latest result
    (`latest`: key_results) of one of the kind's key indicators."""
    located = providers[providers["latitude"].notna() & providers["longitude"].notna()]
    peers: dict[str, list[tuple[str, float]]] = {}
    for kind, members in located.groupby("kind", sort=True):
        of_kind = {i["indicator_id"] for i in keys.get(str(kind), [])}
        if not of_kind:
            continue
        published = latest[
            (latest["status"] == STATUS_PUBLISHED)
            & latest["indicator_id"].isin(of_kind)
            & (latest["value"].notna() | (latest["text_value"].fillna("") != ""))
        ]
        candidates = members[members["provider_id"].isin(set(published["provider_id"]))]
        peers.update(geo.nearest(members, candidates, NEARBY))
    return peers


def mirror_data(
    release: str,
    results: pd.DataFrame,
    benchmarks: pd.DataFrame,
    indicators: pd.DataFrame,
    providers: pd.DataFrame,
) -> MirrorData:
    """The mirror data of a release from its public tables."""
    today = release_day(release)
    refresh = (
        results["indicator_id"].map(indicators.set_index("indicator_id")["refresh_months"])
        if "refresh_months" in indicators
        else pd.Series(np.nan, index=results.index)
    )
    rows = positions(results, benchmarks, providers)
    rows.insert(0, "fresh_state", fresh_states(results, refresh, today))
    keys = key_indicators(indicators, results)
    latest = key_results(results, keys)
    return MirrorData(today, rows.reset_index(drop=True), keys, latest, nearby_peers(latest, providers, keys))
