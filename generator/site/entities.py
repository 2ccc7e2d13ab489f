"""Render the entity pages: one page and one JSON (and CSV) per provider and per indicator."""

from __future__ import annotations

import json
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from generator.compute.public import PublicRelease
from generator.core import units
from generator.core.cells import spreadsheet_safe
from generator.core.ids import id_path
from generator.core.units import SHARE_UNITS, decimal_text
from generator.site import charts, formatting, spine, summaries
from generator.site import mirror as render_mirror
from generator.site.labels import _
from generator.site.page import dumps, page, records

API_RESULT_COLUMNS = [
    "indicator_id",
    "set_id",
    "period",
    "latest",
    "status",
    "value",
    "ci_low",
    "ci_high",
    "ci_level",
    "numerator",
    "denominator",
    "text_value",
    "national_value",
    "comparison",
    "comparison_label",
    "previous_value",
    "change",
    "explanation",
    "note",
    "approval_date",
    "confirmed_date",
    "title",
    "unit",
]
CHART_POINT_COLUMNS = [
    "indicator_id",
    "title",
    "value",
    "ci_low",
    "ci_high",
    "national_value",
    "comparison",
    "comparison_label",
]
# what the indicator page's table reads of a row (templates/site/indicator.html.j2 and its cell macros);
# unit_label only where the release has it, as result_cell asks r.get("unit_label")
INDICATOR_ROW_COLUMNS = [
    "provider_id",
    "name",
    "city",
    "status",
    "value",
    "unit",
    "rate_per",
    "text_value",
    "unit_label",
    "ci_low",
    "ci_high",
    "denominator",
    "comparison",
]
CSV_COLUMNS = [
    "provider_id",
    "indicator_id",
    "set_id",
    "period",
    "status",
    "value",
    "ci_low",
    "ci_high",
    "ci_level",
    "numerator",
    "denominator",
    "text_value",
    "national_value",
    "comparison",
    "previous_value",
    "change",
    "explanation",
    "note",
    "approval_date",
    "confirmed_date",
]


def enrich(data: PublicRelease) -> pd.DataFrame:
    """Results with the indicator's title, unit, rate_per and set title, the mirror's freshness and positions,
    and a flag for each row's latest period."""
    columns = ["title", "unit", "rate_per", "set_title", "direction", "unit_label"]
    cat = data.indicators.set_index("indicator_id").reindex(columns=columns)
    cat["change_unit"] = [
        formatting.change_unit(i["unit"], i["rate_per"], i.get("unit_label") or "")
        for i in data.indicators.to_dict("records")
    ]
    out = pd.concat([data.results, data.mirror.rows.set_index(data.results.index)], axis=1).join(
        cat, on="indicator_id"
    )
    out["latest"] = out["period"] == out.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    out["comparison_label"] = out["comparison"].map(charts.COMPARISON_LABELS).fillna("")
    return out


def rows_by_provider(table: pd.DataFrame, positions: dict, ids: list[str]) -> dict[str, list[dict]]:
    """The rows of the given providers as dicts, per provider in table order (`positions`: provider -> row
    positions)."""
    out: dict[str, list[dict]] = {pid: [] for pid in ids}
    wanted = [positions[pid] for pid in ids if pid in positions]
    for r in python_rows(table.iloc[np.concatenate(wanted)]) if wanted else []:
        out[r["provider_id"]].append(r)
    return out


def python_rows(frame: pd.DataFrame) -> list[dict]:
    """All rows as plain dicts (floats rounded to 6 decimals, NaN as None), converted in one pass."""
    import pyarrow as pa

    rounded = frame.copy()
    for c in rounded.columns:
        if rounded[c].dtype.kind == "f":
            rounded[c] = rounded[c].round(6)
    return pa.Table.from_pandas(rounded, preserve_index=False).to_pylist()


def provider_page(
    p: dict,
    rows: list[dict],
    ctx: dict,
    mirror: render_mirror.Mirror | None = None,
    bench: dict | None = None,
) -> str:
    """The page of one provider, also its printable mirror report, read top-down: a plain summary, the spine
    chart of all its indicators against all providers (`bench`: spine.benchmarks), then per set a chart, a
    table of its latest results with their dates and a table of its benchmark groups; its nearby peers; how
    to read it."""
    pid = id_path(p["provider_id"])  # the path segment of its page and files
    by_set: dict[str, list[dict]] = {}
    for r in rows:
        if r["latest"]:
            by_set.setdefault(r["set_id"], []).append(r)
    sets = []
    for set_id, part in sorted(by_set.items(), key=lambda kv: (kv[1][0]["set_title"], kv[0])):
        part.sort(key=lambda r: r["indicator_id"])
        if mirror is not None:
            part = [r | render_mirror.row_mirror(r, p, mirror) for r in part]
        points = [
            {k: r[k] for k in CHART_POINT_COLUMNS}
            for r in part
            if r["status"] == "published" and r["unit"] in SHARE_UNITS and r["value"] is not None
        ]
        sets.append(
            {
                "set_id": set_id,
                "set_title": part[0]["set_title"],
                "rows": part,
                "periods": sorted({r["period"] for r in part}),
                "chart": bool(points),
                "summary": summaries.summary_provider_results(p["name"], points),
                "datasets": {
                    "points": {
                        "key": "results",
                        "filter": {
                            "set_id": set_id,
                            "latest": True,
                            "status": "published",
                            "unit": list(SHARE_UNITS),
                        },
                    }
                },
            }
        )
    description = (
        _("Kwaliteitsgegevens van {name} in {city}", name=p["name"], city=p["city"])
        if p.get("city")
        else _("Kwaliteitsgegevens van {name}", name=p["name"])
    )
    peers = render_mirror.peers_for(mirror, p) if mirror is not None and sets else None
    latest = [r for s in sets for r in s["rows"]]
    date = formatting.month_text(mirror.data.release_day) if mirror else ctx.get("release", "")
    spine_rows = spine.spine_rows(latest, bench or {})
    return page(
        "provider.html.j2",
        p["name"],
        2,
        description,
        search=True,
        p=p,
        pid=pid,
        other_ids=other_ids(p),
        sets=sets,
        peers=peers,
        mirror=mirror is not None,
        release_words=formatting.month_text(mirror.data.release_day) if mirror else "",
        lead=summaries.summary_provider_page(p["name"], latest, date),
        spine=spine_rows,
        spine_summary=summaries.summary_provider_results(p["name"], spine_rows),
        min_group=render_mirror.MIN_GROUP_PROVIDERS,
        **ctx,
    )


def provider_json(p: dict, rows: list[dict], release: str) -> str:
    """The machine-readable results of one provider (every period)."""
    keys = [
        "provider_id",
        "name",
        "kind",
        "parent_id",
        "address",
        "postcode",
        "city",
        "municipality",
        "province",
        "region",
        "latitude",
        "longitude",
        "website",
    ]
    provider = {k: (None if isinstance(p.get(k), float) and np.isnan(p.get(k)) else p.get(k)) for k in keys}
    provider["identifiers"] = other_ids(p)
    return dumps(
        {"release": release, "provider": provider, "results": [compact(r, API_RESULT_COLUMNS) for r in rows]}
    )


def other_ids(p: dict) -> dict[str, str]:
    """A provider's other identifiers (the providers' JSON field `identifiers`) as name -> id."""
    return json.loads(p.get("identifiers") or "{}")


def compact(row: dict, keys: list[str]) -> dict:
    """A row for the JSON API: empty fields left out (absent means null), numbers to 4 decimals."""
    out = {}
    for k in keys:
        v = row[k]
        if v is None or v == "":
            continue
        out[k] = round(v, 4) if isinstance(v, float) else v
    return out


def provider_csv(rows: list[dict]) -> str:
    """The provider's own rows as CSV (the same columns as the data package's results).

    A text cell that a spreadsheet would take for a formula starts with an apostrophe, as in the packages'
    CSV files (core.cells); numbers are written as numbers and never prefixed.
    """
    lines = [",".join(CSV_COLUMNS)]
    lines += [",".join(_csv_cell(r[c]) for c in CSV_COLUMNS) for r in rows]
    return "".join(line + "\n" for line in lines)


_QUOTED = re.compile('[,"\r\n]')


@lru_cache(maxsize=1 << 16, typed=True)  # most cells repeat (ids, periods, statuses, dates); by type:
def _csv_cell(value) -> str:  # 1 and 1.0 and True are written differently
    """One CSV field: quoted when it holds a comma, quote, CR or LF (csv.writer with lineterminator '\\n'
    leaves a CR unquoted, and a reader then splits the row there)."""
    if value is None:
        return ""
    if isinstance(value, float):  # a plain decimal at the packages' precision: 2646858, not 2.64686e+06
        return decimal_text(value)
    text = spreadsheet_safe(value) if isinstance(value, str) else str(value)
    return '"' + text.replace('"', '""') + '"' if _QUOTED.search(text) else text


def indicator_page(ind: dict, latest: pd.DataFrame, national: pd.DataFrame, ctx: dict) -> str:
    """The page of one indicator: definition and comparison method, the chart of its method (a funnel plot
    for funnel-judged indicators, else a strip plot), national trend, table of all providers."""
    iid = id_path(ind["indicator_id"])  # the path segment of its page and files
    period = latest["period"].max() if len(latest) else ""
    shown = latest[latest["status"] == "published"]
    ratio = ind.get("value_basis") == "ratio"
    size = shown["expected"] if ratio else shown["denominator"]
    funnel = ind.get("comparison_method") == "funnel" and size.notna().any()
    nat_now = national[national["period"] == period]
    nat_value = float(nat_now["value"].iloc[0]) if len(nat_now) else float("nan")
    statistic = str(nat_now["statistic"].iloc[0]) if len(nat_now) else ""
    points = records(
        shown,
        [
            "provider_id",
            "name",
            "value",
            "denominator",
            "expected",
            "deviation",
            "comparison",
            "comparison_label",
        ],
    )
    # shares are shown in percent
    percent = 100.0 / units.scale(ind["unit"]) if ind["unit"] in units.SHARE_UNITS else 1.0
    level = float(ind.get("comparison_level") or 0.95)
    if funnel:
        summary = summaries.summary_funnel(ind["title"], period, points, nat_value * percent, level, ratio)
    elif ind["unit"] == "yesno":  # answers of 1 and 0 are no scale to draw a share of "ja" on
        summary, points = summaries.summary_yes_no(period, points), []
    else:
        summary = summaries.summary_strip(
            ind["title"],
            period,
            points,
            nat_value,
            unit="%" if ind["unit"] in ("percentage", "yesno") else "",
        )
    trend = records(national, ["period", "value", "q1", "q3", "providers", "statistic"])
    compared = int(shown["deviation"].isin(("above", "below", "within")).sum())
    return page(
        "indicator.html.j2",
        ind["title"],
        2,
        ind.get("description", ""),
        search=True,
        ind=ind,
        iid=iid,
        period=period,
        rows=latest.sort_values(["name", "provider_id"])[
            [c for c in INDICATOR_ROW_COLUMNS if c in latest.columns]
        ].to_dict("records"),
        share=funnel,
        national_value=nat_value,
        statistic_label=summaries.STATISTIC_LABELS.get(statistic, ""),
        interval_title=summaries.interval_title(records(shown, ["ci_level"])),
        summary=summary,
        method_sentence=summaries.method_sentence(ind, compared),
        trend=trend,
        trend_summary=summaries.summary_trend(
            ind["title"], trend, unit="%" if ind["unit"] in ("percentage", "yesno") else ""
        ),
        chart_type=("funnel-ratio" if ratio else "funnel") if funnel else "strip",
        has_points=bool(points),
        **ctx,
    )
