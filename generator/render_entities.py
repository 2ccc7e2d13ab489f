"""Render the entity pages: one page and one JSON (and CSV) per provider and per indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import charts
from .webpage import SHARE_UNITS, SiteInput, dumps, funnel_grid, page, records, safe_id, slug

API_RESULT_COLUMNS = ["indicator_id", "set_id", "period", "latest", "status", "value", "ci_low", "ci_high", "numerator",
                      "denominator", "text_value", "national_value", "comparison", "previous_value", "change",
                      "explanation", "approval_date", "confirmed_date", "title", "unit"]
CSV_COLUMNS = ["provider_id", "indicator_id", "set_id", "period", "status", "value", "ci_low", "ci_high", "numerator",
               "denominator", "text_value", "national_value", "comparison", "previous_value", "change", "explanation",
               "approval_date", "confirmed_date"]


def enrich(results: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Results with the indicator's title, unit, rate_per and set title, and a flag for each row's latest period."""
    cat = indicators.set_index("indicator_id")[["title", "unit", "rate_per", "set_title", "direction"]]
    out = results.join(cat, on="indicator_id")
    out["latest"] = out["period"] == out.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    out["comparison_label"] = out["comparison"].map(charts.COMPARISON_LABELS).fillna("")
    return out


def provider_page(p: dict, rows: pd.DataFrame, ctx: dict) -> str:
    """The page of one provider: facts, per set a chart and a table of its latest results."""
    pid = safe_id(p["provider_id"])
    sets = []
    latest = rows[rows["latest"]].sort_values(["set_title", "indicator_id"])
    for set_id, part in latest.groupby("set_id", sort=False):
        chart_rows = part[(part["status"] == "published") & part["unit"].isin(SHARE_UNITS) & part["value"].notna()]
        points = records(chart_rows, ["indicator_id", "title", "value", "ci_low", "ci_high", "national_value", "comparison", "comparison_label"])
        sets.append({"set_id": set_id, "set_title": part["set_title"].iloc[0], "rows": part.to_dict("records"),
                     "periods": sorted(set(part["period"])),
                     "chart": bool(points), "summary": charts.summary_provider_results(p["name"], points),
                     "datasets": {"points": {"key": "results", "filter": {"set_id": set_id, "latest": True, "status": "published", "unit": list(SHARE_UNITS)}}}})
    title = p["name"]
    description = f"Kwaliteitsgegevens van {p['name']}" + (f" in {p['city']}" if p.get("city") else "")
    return page("provider.html.j2", title, 2, description, search=True, p=p, pid=pid, sets=sets, **ctx)


def provider_json(p: dict, rows: pd.DataFrame, release: str) -> str:
    """The machine-readable results of one provider (every period)."""
    keys = ["provider_id", "name", "kind", "parent_id", "address", "postcode", "city", "municipality", "province", "region", "latitude", "longitude", "website"]
    provider = {k: (None if isinstance(p.get(k), float) and np.isnan(p.get(k)) else p.get(k)) for k in keys}
    return dumps({"release": release, "provider": provider, "results": records(rows, API_RESULT_COLUMNS)})


def provider_csv(rows: pd.DataFrame) -> str:
    """The provider's own rows as CSV (the same columns as the data package's results)."""
    return rows[CSV_COLUMNS].to_csv(index=False, lineterminator="\n", float_format="%.6g")


def indicator_page(ind: dict, latest: pd.DataFrame, national: pd.DataFrame, ctx: dict) -> str:
    """The page of one indicator: definition, funnel or strip plot, national trend, table of all providers."""
    iid = safe_id(ind["indicator_id"])
    period = latest["period"].max() if len(latest) else ""
    shown = latest[latest["status"] == "published"]
    share = ind["unit"] in SHARE_UNITS and shown["denominator"].notna().any()
    nat_now = national[national["period"] == period]["value"]
    nat_value = float(nat_now.iloc[0]) if len(nat_now) else float("nan")
    points = records(shown, ["provider_id", "name", "value", "denominator", "comparison", "comparison_label", "funnel_low_998", "funnel_high_998"])
    if share:
        summary = charts.summary_funnel(ind["title"], period, points, nat_value)
    else:
        summary = charts.summary_strip(ind["title"], period, points, nat_value)
    trend = records(national, ["period", "value", "q1", "q3", "providers"])
    return page("indicator.html.j2", ind["title"], 2, ind.get("description", ""), search=True, ind=ind, iid=iid, period=period,
                rows=latest.sort_values(["name", "provider_id"]).to_dict("records"), share=share, national_value=nat_value,
                summary=summary, trend=trend, trend_summary=charts.summary_trend(ind["title"], trend),
                chart_type="funnel" if share else "strip", has_points=bool(points), **ctx)


def indicator_json(ind: dict, latest: pd.DataFrame, national: pd.DataFrame, release: str) -> str:
    """The machine-readable results of one indicator: latest period per provider, national trend, funnel limits."""
    scale = 100.0 if ind["unit"] == "percentage" else 1.0
    period = latest["period"].max() if len(latest) else ""
    nat_now = national[national["period"] == period]["value"]
    grid = funnel_grid(float(nat_now.iloc[0]) if len(nat_now) else float("nan"), scale, latest["denominator"].max()) if ind["unit"] in SHARE_UNITS else []
    meta = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in ind.items()}
    columns = ["provider_id", "name", "city", "period", "status", "value", "ci_low", "ci_high", "numerator", "denominator",
               "comparison", "comparison_label", "funnel_low_95", "funnel_high_95", "funnel_low_998", "funnel_high_998"]
    return dumps({"release": release, "indicator": meta, "period": period, "results": records(latest, columns),
                  "national": records(national, ["period", "value", "q1", "median", "q3", "providers"]), "funnel": grid})


def entity_files(data: SiteInput, ctx: dict) -> dict[str, str]:
    """Every provider and indicator page, with its JSON (and the provider's CSV)."""
    files: dict[str, str] = {}
    rows = enrich(data.results, data.indicators)
    providers = data.providers.set_index("provider_id", drop=False)
    names = providers[["name", "city"]]
    children = data.providers[data.providers["parent_id"] != ""].groupby("parent_id")
    by_provider = dict(tuple(rows.groupby("provider_id", sort=True)))
    for pid, p in providers.iterrows():
        own = by_provider.get(pid)
        locations = children.get_group(pid).sort_values("name").to_dict("records") if pid in children.groups else []
        if own is None and not locations:
            continue
        own = own if own is not None else rows.iloc[0:0]
        parent = providers.loc[p["parent_id"]].to_dict() if p["parent_id"] in providers.index else None
        info = p.to_dict() | {"region_slug": slug(p["region"]) if p["region"] else "", "province_slug": slug(p["province"]) if p["province"] else ""}
        page_ctx = ctx | {"locations": locations, "parent": parent}
        safe = safe_id(pid)
        files[f"aanbieders/{safe}/index.md"] = provider_page(info, own, page_ctx)
        files[f"api/providers/{safe}.json"] = provider_json(info, own, data.release)
        files[f"api/providers/{safe}.csv"] = provider_csv(own)
    national = data.benchmarks[data.benchmarks["group_type"] == "national"]
    latest_all = rows.join(names, on="provider_id")
    for ind in data.indicators.sort_values("indicator_id").to_dict("records"):
        iid = safe_id(ind["indicator_id"])
        mine = latest_all[latest_all["indicator_id"] == iid]
        latest = mine[mine["period"] == mine["period"].max()] if len(mine) else mine
        nat = national[national["indicator_id"] == iid].sort_values("period")
        files[f"indicatoren/{iid}/index.md"] = indicator_page(ind, latest, nat, ctx)
        files[f"api/indicators/{iid}.json"] = indicator_json(ind, latest, nat, data.release)
    return files
