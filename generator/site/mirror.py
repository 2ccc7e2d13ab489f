"""Mirror information (spiegelinformatie) on the provider pages: what compute/mirror.py decided, in words.

- Groups: next to the national value, the provider's own groups from the benchmarks table (same kind,
  same care region, similar size) with their value, number of providers, middle half (Q1–Q3) and the
  provider's position in each (computed in compute/mirror.py). A group is shown with a value only when it
  has at least MIN_GROUP_PROVIDERS providers with a published result. Where the provider's own result is
  suppressed its groups are still shown, labelled as the group's value without this provider (benchmarks
  hold published results only); its size group is left out, since it would tell something of its
  denominator.
- Nearby peers and freshness: computed in compute/mirror.py; here they get their words.
The HTML of every piece is in templates/site/_mirror.html.j2; this module gives it the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from generator.compute.public import MirrorData, PublicRelease
from generator.core import units
from generator.site import formatting
from generator.site.formatting import formatted, missing, number
from generator.site.labels import Labelled, _
from generator.site.page import KIND_PLURAL

MIN_GROUP_PROVIDERS = 3
#: The quarter of a group a result falls in, in words: by direction (best first) where better has a side,
#: else from low to high.
POSITION_WORDS = Labelled(
    {1: "bij de laagste 25%", 2: "in het tweede kwart", 3: "in het derde kwart", 4: "bij de hoogste 25%"}
)
RANKED_WORDS = Labelled(
    {
        1: "bij de beste 25%",
        2: "bij de betere helft, net boven het midden",
        3: "bij de minder goede helft, net onder het midden",
        4: "bij de minst goede 25%",
    }
)
SIZE_WORDS = Labelled(
    {"klein": "kleine aanbieders", "middel": "middelgrote aanbieders", "groot": "grote aanbieders"}
)
SHORT_STATUS = Labelled(
    {
        "too_few_cases": "te weinig cliënten",
        "suppressed_complement": "afgeschermd",
        "not_applicable": "niet van toepassing",
        "not_delivered": "niet aangeleverd",
        "no_result": "geen resultaat",
    }
)
BAR_WIDTH = 120.0


def freshness(row: dict, refresh_months) -> dict | None:
    """The dates of a result and its freshness state (from compute/mirror.py) for the dates cell; None for a
    row that is no result."""
    state = row.get("fresh_state") or ""
    if not state:
        return None
    approved, confirmed = (
        formatting.iso_date(row.get("approval_date")),
        formatting.iso_date(row.get("confirmed_date")),
    )
    return {
        "approved": formatting.date_text(approved) if approved else "",
        "confirmed": formatting.date_text(confirmed) if confirmed else "",
        "state": state,
        "months": None if missing(refresh_months) else int(refresh_months),
    }


def range_text(q1, q3, unit: str, rate_per) -> str:
    """The middle half of a group ('62,1 – 74,3%', '12,3 – 15,0 per 1.000'), in the unit's format."""
    if missing(q1) or missing(q3):
        return ""
    low, high = formatted(q1, unit, rate_per), formatted(q3, unit, rate_per)
    for suffix in ("%", f" per {number(rate_per or 1, 0)}"):
        if low.endswith(suffix) and high.endswith(suffix) and suffix.strip():
            return f"{low[:-len(suffix)]} – {high}"
    return f"{low} – {high}"


def group_value_text(value, unit: str, rate_per) -> str:
    """A group's value as the page shows it ('72,1%', '12,3 per 1.000'; yes/no as '64,0% ja')."""
    if missing(value):
        return ""
    return formatting.share_yes(value) if unit == "yesno" else formatted(value, unit, rate_per)


def group_label(group_type: str, group: str) -> str:
    """The name of a benchmark group in words."""
    if group_type == "national":
        return _("Landelijk (alle aanbieders)")
    if group_type == "kind":
        return _("Zelfde soort: {kind}", kind=KIND_PLURAL.get(group, group).lower())
    if group_type == "region":
        return _("Zelfde regio: {region}", region=group)
    return _("Vergelijkbare omvang: {size}", size=SIZE_WORDS.get(group, group))


def _same(a: dict, b: dict) -> bool:
    """Whether two benchmark rows are the same group of providers' figures (a kind that is the whole
    country)."""
    return int(a["providers"]) == int(b["providers"]) and all(
        a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in ("value", "q1", "median", "q3")
    )


def groups_for(row: dict, provider: dict, bench: dict) -> dict | None:
    """The benchmark groups of one result row (the latest of an indicator), or None when there are none to
    show.

    ``bench`` maps (indicator_id, period, group_type, group) to a benchmark row (a dict); ``row`` carries its
    positions (position_<group_type>, from compute/mirror.py). A published result gets its four groups with
    its position in each; a suppressed one national, kind and region as the groups' values without this
    provider; other rows (not applicable, not delivered, text answers) none. A kind group equal to the
    national one (every provider is of that kind) is not repeated: the national row says so.
    """
    unit = row["unit"]
    own = row["status"] == "published" and row.get("value") is not None
    if unit == "text" or not (own or row["status"] == "too_few_cases"):
        return None
    keys = [("national", ""), ("kind", provider.get("kind") or ""), ("region", provider.get("region") or "")]
    if own and row.get("size_group"):
        keys.append(("size", row["size_group"]))
    national = bench.get((row["indicator_id"], row["period"], "national", ""))
    groups = []
    for group_type, group in keys:
        if group_type != "national" and not group:
            continue
        b = bench.get((row["indicator_id"], row["period"], group_type, group))
        if group_type == "kind" and b is not None and national is not None and _same(b, national):
            groups[0]["label"] = _("Landelijk: alle {kind}", kind=KIND_PLURAL.get(group, group).lower())
            groups[0]["same_kind"] = True
            continue
        n = int(b["providers"]) if b else 0
        shown = n >= MIN_GROUP_PROVIDERS
        item = {
            "type": group_type,
            "label": group_label(group_type, group),
            "providers": n,
            "shown": shown,
            "value": b["value"] if shown else None,
            "q1": b["q1"] if shown else None,
            "q3": b["q3"] if shown else None,
            "median": b["median"] if shown else None,
            "position": 0,
            "position_text": "",
            "same_kind": False,
        }
        item["value_text"] = group_value_text(item["value"], unit, row.get("rate_per")) if shown else ""
        shows_range = shown and unit != "yesno"
        item["range_text"] = (
            range_text(item["q1"], item["q3"], unit, row.get("rate_per")) if shows_range else ""
        )
        if shown and own and unit != "yesno":
            item["position"] = int(row.get(f"position_{group_type}") or 0)
            item["position_text"] = position_words(item["position"], row.get("direction") or "")
        groups.append(item)
    scale = _scale(row, groups) if unit != "yesno" and any(g["shown"] for g in groups) else None
    for g in groups:
        g["bar"] = bar(scale, g, row["value"] if own else None)
    label = row.get("unit_label") or ""
    own_text = (
        formatted(row["value"], unit, row.get("rate_per"), row.get("text_value") or "", label) if own else ""
    )
    return {"own": own, "own_text": own_text, "groups": groups, "shown": any(g["shown"] for g in groups)}


def position_words(position: int, direction: str) -> str:
    """The quarter (1 lowest … 4 highest) a result falls in, in words that say whether that is good:
    'bij de beste 25%' for the highest quarter where higher is better or the lowest where lower is."""
    if direction in ("higher", "lower") and position in (1, 2, 3, 4):
        return RANKED_WORDS[5 - position if direction == "higher" else position]
    return POSITION_WORDS.get(position, "")


def _scale(row: dict, groups: list[dict]) -> dict | None:
    """The x range of the small position charts of one indicator: the figures shown with some room (within
    0-100 for percentages)."""
    figures = [v for g in groups if g["shown"] for v in (g["q1"], g["q3"], g["value"]) if v is not None]
    if row["status"] == "published" and row.get("value") is not None:
        figures.append(row["value"])
    figures = [float(v) for v in figures if not missing(v)]
    if not figures:
        return None
    lo, hi = min(figures), max(figures)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    if row["unit"] in units.SHARE_UNITS:  # zoomed in on the figures, within the unit's range (0-100%, 0-1)
        low, high = units.valid_range(row["unit"])
        lo, hi = max(lo, low), min(hi, high)
    return {"lo": lo, "hi": hi}


def bar(scale: dict | None, group: dict, own_value, width: float = BAR_WIDTH) -> dict | None:
    """The geometry of one group's small position chart (drawn by the template's `pos_bar`): the middle half
    (a box from q1 to q3), the group's value (a stroke) and the provider's value (a dot), in px of `width`."""
    if not scale or not group["shown"] or group["q1"] is None:
        return None
    lo, hi = scale["lo"], scale["hi"]

    def x(v):
        return round(4 + (min(max(float(v), lo), hi) - lo) / ((hi - lo) or 1.0) * (width - 8), 1)

    q1, q3 = x(group["q1"]), x(group["q3"])
    return {
        "width": f"{width:g}",
        "q1": f"{q1:g}",
        "box": f"{max(q3 - q1, 1.5):g}",
        "value": f"{x(group['value']):g}" if group["value"] is not None else None,
        "own": f"{x(own_value):g}" if own_value is not None else None,
    }


@dataclass
class Mirror:
    """Look-ups of the provider pages beyond their own rows, prepared once per release."""

    data: MirrorData
    bench: dict
    refresh: dict
    latest: dict  # (provider_id, indicator_id) -> the provider's row of its latest period of a key indicator
    periods: dict[str, str]  # key indicator_id -> the period most of those rows have (the latest of the ties)
    national: dict  # (indicator_id, period) -> national value
    providers: dict[str, dict] = field(default_factory=dict)
    directions: dict[str, str] = field(default_factory=dict)


def prepare(data: PublicRelease) -> Mirror:
    """Benchmarks by key, refresh intervals and the latest results of the key indicators."""
    bench_cols = ["indicator_id", "period", "group_type", "group", "providers", "value", "q1", "median", "q3"]
    b = data.benchmarks[bench_cols].copy()
    for c in ("value", "q1", "median", "q3"):
        b[c] = b[c].astype(float).round(6)
    bench = {(r["indicator_id"], r["period"], r["group_type"], r["group"]): r for r in b.to_dict("records")}
    cat = data.indicators.set_index("indicator_id")
    refresh = (
        {k: (None if pd.isna(v) else int(v)) for k, v in cat["refresh_months"].items()}
        if "refresh_months" in cat
        else {}
    )
    directions = cat["direction"].fillna("").astype(str).to_dict() if "direction" in cat else {}
    newest = data.mirror.key_results
    latest = {(r["provider_id"], r["indicator_id"]): r for r in newest.to_dict("records")}
    periods = (
        newest.groupby("indicator_id")["period"]
        .agg(lambda p: p.value_counts().sort_index(ascending=False).idxmax())
        .to_dict()
    )
    national = {(k[0], k[1]): v["value"] for k, v in bench.items() if k[2] == "national"}
    info = data.providers.set_index("provider_id")[["name", "city", "kind"]].to_dict("index")
    return Mirror(data.mirror, bench, refresh, latest, periods, national, info, directions)


def row_mirror(row: dict, provider: dict, mirror: Mirror) -> dict:
    """What a provider page adds to one of its latest result rows: the indicator's direction, the result's
    dates and freshness, and its benchmark groups."""
    iid = row["indicator_id"]
    return {
        "direction": mirror.directions.get(iid, ""),
        "fresh": freshness(row, mirror.refresh.get(iid)),
        "groups": groups_for(row, provider, mirror.bench),
    }


def peer_cell(row: dict | None, ind: dict) -> dict:
    """A provider's latest result of one key indicator in words (no figures without a published result), with
    its period when that is not the column's."""
    if row is None:
        return {"text": _("geen resultaat"), "period": ""}
    period = row["period"] if row["period"] != ind.get("period") else ""
    if row["status"] != "published":
        return {"text": SHORT_STATUS.get(row["status"], _("geen resultaat")), "period": period}
    value = None if missing(row.get("value")) else row["value"]
    text = formatted(
        value, ind["unit"], ind.get("rate_per"), row.get("text_value") or "", ind.get("unit_label")
    ) or _("geen resultaat")
    return {"text": text, "period": period}


def peers_for(mirror: Mirror, provider: dict) -> dict | None:
    """The nearby-peers table of one provider: its key indicators (with their latest period), its own row,
    its peers with distance, and the national values; None when the kind has no key indicators."""
    indicators = mirror.data.keys.get(str(provider.get("kind")), [])
    if not indicators:
        return None
    pid = provider["provider_id"]
    columns = [
        {
            "indicator_id": i["indicator_id"],
            "title": i["title"],
            "period": mirror.periods.get(i["indicator_id"], ""),
            "unit": i["unit"],
            "rate_per": i.get("rate_per"),
        }
        for i in indicators
    ]

    def cells(who):
        return [peer_cell(mirror.latest.get((who, c["indicator_id"])), c) for c in columns]

    rows = []
    for peer, km in mirror.data.peers.get(pid, []):
        p = mirror.providers.get(peer, {})
        rows.append(
            {
                "provider_id": peer,
                "name": p.get("name", peer),
                "city": p.get("city", ""),
                "km": number(km, 1),
                "cells": cells(peer),
            }
        )
    national = []
    for c in columns:
        value = mirror.national.get((c["indicator_id"], c["period"]))
        national.append(
            {
                "text": group_value_text(value, c["unit"], c.get("rate_per")) if value is not None else "",
                "period": "",
            }
        )
    return {
        "columns": columns,
        "own": cells(pid),
        "rows": rows,
        "national": national,
        "located": not missing(provider.get("latitude")),
    }
