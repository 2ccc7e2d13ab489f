"""The spine chart of a provider page (Fingertips style): every indicator of the provider on one row.

Each row shows, against the national benchmark of all providers (the benchmarks table's national row):
the range of the providers' values (lowest to highest), their middle half (q1–q3), the benchmark as a
black line in the middle and the provider's own value, coloured and shaped by its one verdict
(``comparison``, decided in compute; never recomputed here). Positions are scaled per indicator around
the benchmark to -1 … 1 and mirrored for indicators where lower is better, so "better" is always on the
right. The spec is charts.spine_spec; the rows travel inline on the page (no extra file per provider).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from generator.site import charts
from generator.site.formatting import formatted, missing
from generator.site.labels import _

#: Units a spine row can show: figures on a scale (not yes/no answers or text).
SPINE_UNITS = ("percentage", "proportion", "rate", "mean", "median", "count", "number")


def benchmarks(results: pd.DataFrame, national: pd.DataFrame) -> dict[tuple[str, str], dict]:
    """(indicator_id, period) -> the national benchmark (value, q1, q3) with the lowest and highest published
    value of all providers (the range the spine draws)."""
    shown = results[(results["status"] == "published") & results["value"].notna()]
    ranges = shown.groupby(["indicator_id", "period"])["value"].agg(["min", "max"])
    out = {}
    for b in national.to_dict("records"):
        key = (b["indicator_id"], b["period"])
        if key in ranges.index:
            low, high = ranges.loc[key]
            out[key] = {"value": b["value"], "q1": b["q1"], "q3": b["q3"], "low": low, "high": high}
    return out


def spine_row(row: Mapping, bench: Mapping) -> dict | None:
    """One indicator of the provider as a spine row, or None when it cannot be drawn (no value, no
    benchmark or no spread)."""
    figures = [row.get("value"), bench.get("value"), bench.get("low"), bench.get("high")]
    if any(missing(v) for v in figures):
        return None
    centre = float(bench["value"])
    half = max(abs(float(v) - centre) for v in figures)
    if half == 0:
        return None
    sign = -1.0 if row.get("direction") == "lower" else 1.0

    def at(value) -> float:
        return round(sign * (float(value) - centre) / half, 6)

    edges = sorted((at(bench["low"]), at(bench["high"])))
    middle = sorted((at(bench["q1"]), at(bench["q3"]))) if not missing(bench.get("q1")) else [0.0, 0.0]
    unit, per, label = row.get("unit") or "", row.get("rate_per"), row.get("unit_label") or ""
    comparison = row.get("comparison") or "not_compared"
    return {
        "indicator_id": row.get("indicator_id", ""),
        "title": row.get("title", ""),
        "own": at(row["value"]),
        "bench": 0.0,
        "left": edges[0],
        "right": edges[1],
        "q1": middle[0],
        "q3": middle[1],
        "value_text": formatted(row["value"], unit, per, "", label),
        "bench_text": formatted(bench["value"], unit, per, "", label),
        "middle_text": _(
            "{low} tot {high}", low=formatted(bench["q1"], unit, per), high=formatted(bench["q3"], unit, per)
        )
        if not missing(bench.get("q1"))
        else "",
        "range_text": _(
            "{low} tot {high}",
            low=formatted(bench["low"], unit, per),
            high=formatted(bench["high"], unit, per),
        ),
        "comparison": comparison,
        "comparison_label": charts.COMPARISON_LABELS[comparison],
    }


def spine_rows(rows: Iterable[Mapping], bench: Mapping[tuple[str, str], Mapping]) -> list[dict]:
    """The spine rows of a provider's latest published results, in the order of its tables."""
    out = []
    for r in rows:
        if r.get("status") != "published" or r.get("unit") not in SPINE_UNITS:
            continue
        b = bench.get((r.get("indicator_id"), r.get("period")))
        item = spine_row(r, b) if b else None
        if item is not None:
            out.append(item | {"order": len(out)})
    return out


def spine_spec() -> dict:
    """The spine chart: per indicator the range (light grey), middle half (blue), benchmark (black line) and
    the provider's value (colour and shape of its verdict); better always to the right."""
    import altair as alt

    base = alt.Chart(alt.NamedData("spine")).encode(
        y=alt.Y("title:N", sort=alt.EncodingSortField("order"), axis=None, scale=alt.Scale(paddingOuter=0.1))
    )
    words = {"worse": _("← minder goed"), "bench": _("landelijk"), "better": _("beter →")}
    label = (
        f"datum.value < 0 ? {words['worse']!r} : datum.value > 0 ? {words['better']!r} : {words['bench']!r}"
    )
    axis = alt.Axis(
        tickCount=3, labelExpr=label, orient="bottom", grid=False, domain=False, ticks=False, title=None
    )
    x = alt.X("left:Q", scale=alt.Scale(domain=[-1.08, 1.08], nice=False), axis=axis)
    tips = [
        charts._tip("title", "Indicator", "N"),
        charts._tip("value_text", "Uitkomst", "N"),
        charts._tip("bench_text", "Landelijk", "N"),
        charts._tip("middle_text", "Middelste helft aanbieders", "N"),
        charts._tip("range_text", "Laagste tot hoogste", "N"),
        charts._tip("comparison_label", "Vergelijking", "N"),
    ]
    layers = [
        base.mark_bar(height=14, color="#595959", opacity=0.22).encode(x=x, x2="right:Q", tooltip=tips),
        base.mark_bar(height=14, color=charts.OKABE_ITO["sky_blue"]).encode(
            x="q1:Q", x2="q3:Q", tooltip=tips
        ),
        base.mark_tick(color=charts.REFERENCE_COLOUR, thickness=2, size=22).encode(x="bench:Q"),
        base.mark_point(filled=True, size=150, opacity=1).encode(
            x="own:Q", tooltip=tips, **charts._comparison_encodings()
        ),
        base.mark_text(align="left", baseline="bottom", dy=-11, limit=alt.ExprRef("width")).encode(
            x=alt.value(0), text="title:N"
        ),
    ]
    return charts._finish(
        alt.layer(*layers),
        charts.N_("Per indicator de uitkomst tegen de spreiding van alle aanbieders; rechts is beter."),
        alt.Step(44),
    )
