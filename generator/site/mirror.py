"""Mirror information (spiegelinformatie) on the provider pages: benchmark groups, nearby peers, freshness (pure).

- Groups: next to the national value, the provider's own groups from the benchmarks table (same kind,
  same care region, similar size: the tertile of its denominator) with their value, number of providers,
  middle half (Q1–Q3) and the provider's position in each (the quartile, by the rule of
  ``stats.position_quartile`` on the group's published quartiles). A group is shown with a value only
  when it has at least MIN_GROUP_PROVIDERS providers with a published result. Where the provider's own
  result is suppressed (too few cases) its groups are still shown, labelled as the group's value without
  this provider: the benchmarks are computed from published results only, so a suppressed result is
  never inside them and cannot be worked back from them. Its size group is unknown (that would tell
  something about its denominator) and is left out.
- Nearby peers: the NEARBY providers of the same kind nearest by great-circle distance (haversine,
  R = 6371.0088 km, as the choice aid) that have a published result for one of the kind's key
  indicators (the choice aid's, else the kind's first three), with their results of the latest period.
- Freshness: a result is not current when the release date (the first day of the release month) lies
  more than the indicator's refresh_months after its date (the confirmed date when there is one, else
  the approval date); a result without either date has 'datum onbekend'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from generator.site import labels
from generator.site.labels import Labelled, _
from generator.compute.stats import haversine_km
from generator.site.page import KIND_PLURAL, formatted, number, safe_id

MIN_GROUP_PROVIDERS = 3
NEARBY = 5
KEY_INDICATORS = 4  # at most, per kind
POSITION_WORDS = Labelled({1: "laagste kwart", 2: "tweede kwart", 3: "derde kwart", 4: "hoogste kwart"})
SIZE_WORDS = Labelled({"klein": "kleine aanbieders", "middel": "middelgrote aanbieders", "groot": "grote aanbieders"})
SHORT_STATUS = Labelled({"too_few_cases": "te weinig cliënten", "not_applicable": "niet van toepassing", "not_delivered": "niet aangeleverd"})
MONTHS = {"nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
          "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")}


def _missing(value) -> bool:
    """None or NaN: no figure."""
    return value is None or (isinstance(value, float) and math.isnan(value))


# ---------------------------------------------------------------- freshness


def release_day(release: str) -> dt.date:
    """The first day of the release month ('2026-11' -> 2026-11-01)."""
    return dt.date(int(release[:4]), int(release[5:7]), 1)


def release_words(release: str) -> str:
    """'2026-11' -> 'november 2026' (English: 'November 2026')."""
    day = release_day(release)
    return f"{MONTHS[labels.active()][day.month - 1]} {day.year}"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(text) -> dt.date | None:
    """A YYYY-MM-DD text as a date (None when empty or not a date)."""
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def dutch_date(day: dt.date) -> str:
    """2026-01-24 -> '24-01-2026' (English: '24 Jan 2026', which no reader takes for 1 December)."""
    if labels.active() == "en":
        return f"{day.day} {MONTHS['en'][day.month - 1][:3]} {day.year}"
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def freshness(row: dict, refresh_months, today: dt.date) -> dict | None:
    """When a result was approved (and confirmed) and whether it is still current; None for a row that is no result.

    ``state`` is 'current', 'stale' (older than the refresh interval) or 'unknown' (no date, or no interval:
    then only the dates are shown).
    """
    if row.get("status") == "not_delivered":
        return None
    approved, confirmed = parse_date(row.get("approval_date")), parse_date(row.get("confirmed_date"))
    basis = confirmed or approved
    months = None if _missing(refresh_months) else int(refresh_months)
    if basis is None:
        state = "unknown"
    elif months is None:
        state = "dated"
    else:
        state = "stale" if today > add_months(basis, months) else "current"
    out = {"approved": dutch_date(approved) if approved else "", "confirmed": dutch_date(confirmed) if confirmed else "",
           "state": state, "months": months}
    out["html"] = fresh_html(out)
    return out


def fresh_html(f: dict) -> Markup:
    """The dates cell of a result (built here, not in a template macro: 100,000 cells at national size)."""
    parts = []
    if f["approved"]:
        parts.append(f'<span class="zs-date">{_("goedgekeurd")} <span class="zs-nowrap">{escape(f["approved"])}</span></span>')
    if f["confirmed"]:
        parts.append(f'<span class="zs-date">{_("bevestigd")} <span class="zs-nowrap">{escape(f["confirmed"])}</span></span>')
    if f["state"] == "unknown":
        parts.append(f'<span class="zs-fresh zs-fresh--unknown">{_("datum onbekend")}</span>')
    elif f["state"] == "stale":
        parts.append(f'<span class="zs-fresh zs-fresh--stale"><span class="zs-fresh__symbol" aria-hidden="true">!</span> {_("niet actueel")}</span> '
                     f'<span class="zs-fresh__why">({_("ouder dan {months} maanden", months=int(f["months"]))})</span>')
    return Markup("".join(parts))


# ---------------------------------------------------------------- groups


def quartile_position(value, q1, median, q3) -> int:
    """The rule of stats.position_quartile on a group's quartiles: v <= Q1 -> 1, <= median -> 2, <= Q3 -> 3, else 4; 0 when unknown."""
    if any(_missing(x) for x in (value, q1, median, q3)):
        return 0
    return 1 if value <= q1 else 2 if value <= median else 3 if value <= q3 else 4


def group_value_text(value, unit: str, rate_per) -> str:
    """A group's value as the page shows it ('72,1%', '12,3 per 1.000'; yes/no as '64,0% ja')."""
    if _missing(value):
        return ""
    if unit == "yesno":
        return _("{value}% ja", value=number(value))
    return formatted(value, unit, rate_per)


def range_text(q1, q3, unit: str, rate_per) -> str:
    """The middle half of a group ('62,1 – 74,3%', '12,3 – 15,0 per 1.000'), in the unit's format."""
    if _missing(q1) or _missing(q3):
        return ""
    low, high = formatted(q1, unit, rate_per), formatted(q3, unit, rate_per)
    for suffix in ("%", f" per {number(rate_per or 1, 0)}"):
        if low.endswith(suffix) and high.endswith(suffix) and suffix.strip():
            return f"{low[:-len(suffix)]} – {high}"
    return f"{low} – {high}"


def group_label(group_type: str, group: str) -> str:
    if group_type == "national":
        return _("Landelijk (alle aanbieders)")
    if group_type == "kind":
        return _("Zelfde soort: {kind}", kind=KIND_PLURAL.get(group, group).lower())
    if group_type == "region":
        return _("Zelfde regio: {region}", region=group)
    return _("Vergelijkbare omvang: {size}", size=SIZE_WORDS.get(group, group))


def groups_for(row: dict, provider: dict, bench: dict) -> dict | None:
    """The benchmark groups of one result row (the latest of an indicator), or None when there are none to show.

    ``bench`` maps (indicator_id, period, group_type, group) to a benchmark row (a dict). A published
    result gets its four groups with its position in each; a suppressed one gets national, kind and
    region as the groups' values without this provider; other rows (not applicable, not delivered, text
    answers) get none. A kind group equal to the national one (every provider is of that kind) is not
    repeated: the national row says so.
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
            groups[0]["label"] = _("Landelijk: alle {kind}", kind=KIND_PLURAL.get(group, group).lower())  # one row, not two equal ones
            groups[0]["same_kind"] = True
            continue
        n = int(b["providers"]) if b else 0
        shown = n >= MIN_GROUP_PROVIDERS
        item = {"type": group_type, "label": group_label(group_type, group), "providers": n, "shown": shown,
                "value": b["value"] if shown else None, "q1": b["q1"] if shown else None, "q3": b["q3"] if shown else None,
                "median": b["median"] if shown else None, "position": 0, "position_text": "", "same_kind": False}
        item["value_text"] = group_value_text(item["value"], unit, row.get("rate_per")) if shown else ""
        item["range_text"] = range_text(item["q1"], item["q3"], unit, row.get("rate_per")) if shown and unit != "yesno" else ""
        if shown and own and unit != "yesno":
            item["position"] = quartile_position(row["value"], b["q1"], b["median"], b["q3"])
            item["position_text"] = POSITION_WORDS.get(item["position"], "")
        groups.append(item)
    scale = _scale(row, groups) if unit != "yesno" and any(g["shown"] for g in groups) else None
    for g in groups:
        g["bar"] = bar(scale, g, row["value"] if own else None)
    own_text = formatted(row["value"], unit, row.get("rate_per"), row.get("text_value") or "") if own else ""
    return {"own": own, "own_text": own_text, "groups": groups, "rows_html": groups_html(groups, own), "shown": any(g["shown"] for g in groups)}


def groups_html(groups: list[dict], own: bool) -> Markup:
    """The table rows of one indicator's groups (built here, not in a template loop: 30,000 indicators at
    national size; one line per row keeps the pages small). Every text is escaped."""
    out = []
    for g in groups:
        if g["shown"]:
            value = escape(g["value_text"]) + ("" if own else Markup(f' <span class="zs-fallback">{_("waarde van de groep (zonder deze aanbieder)")}</span>'))
        else:
            value = Markup(f'<span class="zs-muted">{_("geen waarde: minder dan {count} aanbieders", count=MIN_GROUP_PROVIDERS)}</span>')
        position = (escape(g["position_text"]) if g["position_text"] else
                    Markup(f'<span class="zs-muted">{_("geen eigen cijfer")}</span>') if g["shown"] and not own else "")
        out.append(f'<tr data-group="{g["type"]}"{" data-same-kind" if g["same_kind"] else ""}><th scope="row">{escape(g["label"])}</th>'
                   f'<td>{value}</td><td>{g["providers"]}</td><td>{escape(g["range_text"])}</td><td>{g["bar"] or ""}{position}</td></tr>')
    return Markup("\n".join(out))


def _same(a: dict, b: dict) -> bool:
    """Whether two benchmark rows are the same group of providers' figures (a kind that is the whole country)."""
    return int(a["providers"]) == int(b["providers"]) and all(
        a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in ("value", "q1", "median", "q3"))


def _scale(row: dict, groups: list[dict]) -> dict | None:
    """The x range of the small position charts of one indicator: the figures shown with some room (within 0-100 for percentages)."""
    figures = [v for g in groups if g["shown"] for v in (g["q1"], g["q3"], g["value"]) if v is not None]
    if row["status"] == "published" and row.get("value") is not None:
        figures.append(row["value"])
    figures = [float(v) for v in figures if not _missing(v)]
    if not figures:
        return None
    lo, hi = min(figures), max(figures)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    if row["unit"] in ("percentage", "proportion"):  # zoomed in on the figures, within 0-100% (0-1)
        top = 100.0 if row["unit"] == "percentage" else 1.0
        lo, hi = max(lo, 0.0), min(hi, top)
    return {"lo": lo, "hi": hi}


def bar(scale: dict | None, group: dict, own_value, width: float = 120.0) -> Markup | None:
    """The small position chart of one group: a `width` x 18 px SVG with the group's middle half (a box), its
    value (a black stroke) and the provider's value (a dot) on a grey axis (the SVG's background). Styled by
    zorgspiegel.css (.zs-pos); numbers only."""
    if not scale or not group["shown"] or group["q1"] is None:
        return None
    lo, hi = scale["lo"], scale["hi"]

    def x(v):
        return round(4 + (min(max(float(v), lo), hi) - lo) / ((hi - lo) or 1.0) * (width - 8), 1)

    q1, q3 = x(group["q1"]), x(group["q3"])
    parts = [f'<svg class="zs-pos" viewBox="0 0 {width:g} 18" aria-hidden="true"><rect x="{q1:g}" y="3" width="{max(q3 - q1, 1.5):g}" height="12"/>']
    if group["value"] is not None:
        parts.append(f'<path d="M{x(group["value"]):g} 1V17"/>')
    if own_value is not None:
        parts.append(f'<circle cx="{x(own_value):g}" cy="9" r="4.5"/>')
    return Markup("".join(parts) + "</svg>")


# ---------------------------------------------------------------- nearby peers


def key_indicators(indicators: pd.DataFrame, results: pd.DataFrame) -> dict[str, list[dict]]:
    """Per provider kind the indicators its peers are compared on: the choice aid's (in_choice_aid, measured
    results first, yes/no after), else its first three; text answers and indicators without results left out."""
    from generator.site.choice import flagged

    with_results = set(results["indicator_id"])
    usable = indicators[(indicators["unit"] != "text") & indicators["indicator_id"].isin(with_results)
                        & (indicators.get("provider_kind", pd.Series("", index=indicators.index)).fillna("") != "")]
    out = {}
    for kind, part in usable.groupby("provider_kind", sort=True):
        chosen = part[part["in_choice_aid"].map(flagged)] if "in_choice_aid" in part else part.iloc[:0]
        chosen = chosen if len(chosen) else part.sort_values("indicator_id").head(3)
        rows = sorted(chosen.to_dict("records"), key=lambda r: (r["unit"] == "yesno", r["indicator_id"]))
        out[str(kind)] = rows[:KEY_INDICATORS]
    return out


def nearest(providers: pd.DataFrame, candidates: pd.DataFrame, k: int = NEARBY, chunk: int = 512) -> dict[str, list[tuple[str, float]]]:
    """For every provider (id, latitude, longitude) the k nearest candidates other than itself: (id, km), nearest
    first, ties by id. Computed in blocks, so 5,000 providers need a few MB, not a 5,000 x 5,000 matrix at once."""
    cand = candidates.sort_values("provider_id")
    ids = cand["provider_id"].to_numpy()
    clat, clon = cand["latitude"].to_numpy(float), cand["longitude"].to_numpy(float)
    out: dict[str, list[tuple[str, float]]] = {}
    if not len(cand):
        return out
    pids, plat, plon = providers["provider_id"].to_numpy(), providers["latitude"].to_numpy(float), providers["longitude"].to_numpy(float)
    for start in range(0, len(pids), chunk):
        d = haversine_km(plat[start:start + chunk, None], plon[start:start + chunk, None], clat[None, :], clon[None, :])
        d[pids[start:start + chunk, None] == ids[None, :]] = np.inf
        take = min(k, len(ids))
        for row, pid in enumerate(pids[start:start + chunk]):
            dist = d[row]
            if take < len(ids):
                limit = np.partition(dist, take - 1)[take - 1]
                near = np.flatnonzero(dist <= limit)
            else:
                near = np.arange(len(ids))
            near = near[np.lexsort((near, dist[near]))][:take]  # candidates are sorted by id: position breaks ties
            out[str(pid)] = [(str(ids[i]), float(dist[i])) for i in near if np.isfinite(dist[i])]
    return out


# ---------------------------------------------------------------- per release, per provider


@dataclass
class Mirror:
    """What the provider pages need beyond their own rows, prepared once per release."""

    release: str
    today: dt.date
    bench: dict
    refresh: dict
    keys: dict[str, list[dict]]
    latest: dict  # (provider_id, indicator_id) -> the provider's row of its latest period of a key indicator
    periods: dict[str, str]  # key indicator_id -> the period most of those rows have (the latest of the ties)
    national: dict  # (indicator_id, period) -> national value
    peers: dict[str, list[tuple[str, float]]]
    providers: dict[str, dict] = field(default_factory=dict)
    directions: dict[str, str] = field(default_factory=dict)
    sizes: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (provider, indicator, period) -> size group


def prepare(release: str, results: pd.DataFrame, benchmarks: pd.DataFrame, indicators: pd.DataFrame, shown: pd.DataFrame) -> Mirror:
    """Benchmarks by key, refresh intervals, key indicators per kind, the latest results and every provider's peers."""
    bench_cols = ["indicator_id", "period", "group_type", "group", "providers", "value", "q1", "median", "q3"]
    b = benchmarks[bench_cols].copy()
    for c in ("value", "q1", "median", "q3"):
        b[c] = b[c].astype(float).round(6)
    bench = {(r["indicator_id"], r["period"], r["group_type"], r["group"]): r for r in b.to_dict("records")}
    cat = indicators.set_index("indicator_id")
    refresh = {k: (None if pd.isna(v) else int(v)) for k, v in cat["refresh_months"].items()} if "refresh_months" in cat else {}
    directions = cat["direction"].fillna("").astype(str).to_dict() if "direction" in cat else {}
    sized = results[results["size_group"].fillna("") != ""]
    sized = sized[sized["period"] == sized.groupby(["provider_id", "indicator_id"])["period"].transform("max")]
    sizes = dict(zip(zip(sized["provider_id"], sized["indicator_id"], sized["period"]), sized["size_group"]))
    keys = key_indicators(indicators, results)
    wanted = {i["indicator_id"] for rows in keys.values() for i in rows}
    keyed = results[results["indicator_id"].isin(wanted)]
    latest_rows = keyed[keyed["period"] == keyed.groupby(["provider_id", "indicator_id"])["period"].transform("max")]
    latest = {(r["provider_id"], r["indicator_id"]): r for r in
              latest_rows[["provider_id", "indicator_id", "period", "status", "value", "text_value"]].to_dict("records")}
    periods = latest_rows.groupby("indicator_id")["period"].agg(lambda p: p.value_counts().sort_index(ascending=False).idxmax()).to_dict()
    national = {(k[0], k[1]): v["value"] for k, v in bench.items() if k[2] == "national"}
    located = shown[shown["latitude"].notna() & shown["longitude"].notna()]
    peers: dict[str, list[tuple[str, float]]] = {}
    for kind, members in located.groupby("kind", sort=True):
        indicators_of_kind = {i["indicator_id"] for i in keys.get(str(kind), [])}
        if not indicators_of_kind:
            continue
        published = latest_rows[(latest_rows["status"] == "published") & latest_rows["indicator_id"].isin(indicators_of_kind)
                                & (latest_rows["value"].notna() | (latest_rows["text_value"].fillna("") != ""))]
        candidates = members[members["provider_id"].isin(set(published["provider_id"]))]
        peers.update(nearest(members, candidates))
    info = shown.set_index("provider_id")[["name", "city", "kind"]].to_dict("index")
    return Mirror(release, release_day(release), bench, refresh, keys, latest, periods, national, peers, info, directions, sizes)


def row_mirror(row: dict, provider: dict, mirror: Mirror) -> dict:
    """What a provider page adds to one of its latest result rows: the indicator's direction, the result's dates
    and freshness, and its benchmark groups (looked up here, so the rows of every period stay lean)."""
    iid = row["indicator_id"]
    full = row | {"size_group": mirror.sizes.get((row["provider_id"], iid, row["period"]), "")}
    return {"direction": mirror.directions.get(iid, ""), "fresh": freshness(row, mirror.refresh.get(iid), mirror.today),
            "groups": groups_for(full, provider, mirror.bench)}


def peer_cell(row: dict | None, ind: dict) -> Markup:
    """The table cell of a provider's latest result of one key indicator, in words (no figures without a
    published result), with its period when that is not the column's."""
    if row is None:
        return _cell(_("geen resultaat"), "")
    period = row["period"] if row["period"] != ind.get("period") else ""
    if row["status"] != "published":
        return _cell(SHORT_STATUS.get(row["status"], _("geen resultaat")), period)
    value = None if _missing(row.get("value")) else row["value"]
    return _cell(formatted(value, ind["unit"], ind.get("rate_per"), row.get("text_value") or "") or _("geen resultaat"), period)


def _cell(text: str, period: str) -> Markup:
    return Markup(f"<td>{escape(text)}" + (f' <span class="zs-muted">({escape(period)})</span>' if period else "") + "</td>")


def national_cell(value, ind: dict) -> str:
    return group_value_text(value, ind["unit"], ind.get("rate_per")) if value is not None else ""


def peers_for(mirror: Mirror, provider: dict) -> dict | None:
    """The nearby-peers table of one provider: its key indicators (with their latest period), its own row,
    its peers with distance, and the national values; None when the kind has no key indicators."""
    indicators = mirror.keys.get(str(provider.get("kind")), [])
    if not indicators:
        return None
    pid = provider["provider_id"]
    columns = [{"indicator_id": safe_id(i["indicator_id"]), "title": i["title"], "period": mirror.periods.get(i["indicator_id"], ""),
                "unit": i["unit"], "rate_per": i.get("rate_per")} for i in indicators]
    located = not _missing(provider.get("latitude"))

    def cells(who):
        return [peer_cell(mirror.latest.get((who, c["indicator_id"])), c) for c in columns]

    rows = []
    for peer, km in mirror.peers.get(pid, []):
        p = mirror.providers.get(peer, {})
        rows.append({"provider_id": safe_id(peer), "name": p.get("name", peer), "city": p.get("city", ""),
                     "km": number(km, 1), "cells": cells(peer)})
    national = [_cell(national_cell(mirror.national.get((c["indicator_id"], c["period"])), c), "") for c in columns]
    return {"columns": columns, "own": cells(pid), "rows": rows, "national": national, "located": located}
