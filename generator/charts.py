"""Chart specs and one-sentence summaries for the public site.

Every chart type has one Vega-Lite spec (built with altair) that names its data sources instead of
holding data: the page ships its own compact JSON and site_src/assets/javascripts/charts.js puts the
rows in ``spec["datasets"]`` in the browser, so a national build writes five specs, not one per page.
Colours come from the Okabe-Ito palette (the ones used for data have >= 3:1 contrast on white) and a
comparison is always shown by shape too: better ▲, not clearly different ●, worse ▼, not compared ◆.

The summaries are pure functions over the same rows as the datasets; the page renderer puts the
sentence in the figure caption and in the figure's ``data-label`` (the chart's accessible name).
Nothing here reads or writes files.
"""

from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

import altair as alt

COMPARISON_ORDER = ("better", "no_different", "worse", "not_compared")
COMPARISON_LABELS = {"better": "beter dan landelijk", "no_different": "niet duidelijk anders",
                     "worse": "slechter dan landelijk", "not_compared": "niet vergeleken"}
COMPARISON_SYMBOLS = {"better": "▲", "no_different": "●", "worse": "▼", "not_compared": "◆"}
COMPARISON_SHAPES = {"better": "triangle-up", "no_different": "circle", "worse": "triangle-down",
                     "not_compared": "diamond"}
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7"}
COMPARISON_COLOURS = {"better": OKABE_ITO["bluish_green"], "no_different": OKABE_ITO["blue"],
                      "worse": OKABE_ITO["vermillion"], "not_compared": OKABE_ITO["reddish_purple"]}
REFERENCE_COLOUR = OKABE_ITO["black"]
CHART_TYPES = ("provider-results", "funnel", "strip", "trend", "compare")
EMPTY_SUMMARY = "Er zijn geen gepubliceerde resultaten om te tonen."

#: One line per chart type that says what the marks mean; the renderer shows it under the chart.
CHART_NOTES = {
    "provider-results": "Het symbool is de score, de lijn eromheen het 95%-betrouwbaarheidsinterval en het "
                        "zwarte streepje het landelijk gemiddelde.",
    "funnel": "Elk symbool is een aanbieder; de zwarte lijn is het landelijk gemiddelde en de trechter laat zien "
              "hoeveel een score bij dit aantal patiënten door toeval kan afwijken.",
    "strip": "Elk symbool is een aanbieder, gesorteerd van laag naar hoog; de zwarte lijn is het landelijk "
             "gemiddelde.",
    "trend": "De zwarte lijn is het landelijk gemiddelde; het blauwe vlak laat zien waar de middelste helft "
             "van de aanbieders zit.",
    "compare": "Het symbool is de score, de lijn eromheen het 95%-betrouwbaarheidsinterval en het zwarte "
               "streepje het landelijk gemiddelde.",
}

_NUMBER_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


# ---------------------------------------------------------------- specs


def _comparison_encodings() -> dict:
    """Colour and shape on the Dutch comparison label, one shared legend, fixed order."""
    domain = [COMPARISON_LABELS[c] for c in COMPARISON_ORDER]
    legend = alt.Legend(title="Vergelijking met landelijk", orient="top", direction="horizontal",
                        columns=alt.ExprRef("containerSize()[0] < 560 ? 2 : 4"), symbolSize=110,
                        symbolStrokeWidth=0, labelLimit=220)
    return {
        "color": alt.Color("comparison_label:N", legend=legend, scale=alt.Scale(
            domain=domain, range=[COMPARISON_COLOURS[c] for c in COMPARISON_ORDER])),
        "shape": alt.Shape("comparison_label:N", legend=legend, scale=alt.Scale(
            domain=domain, range=[COMPARISON_SHAPES[c] for c in COMPARISON_ORDER])),
    }


def _tip(field: str, title: str, kind: str = "Q") -> alt.Tooltip:
    """A Dutch tooltip entry; numbers with one decimal (the page's locale gives the comma)."""
    return alt.Tooltip(f"{field}:{kind}", title=title, format=".1f") if kind == "Q" else \
        alt.Tooltip(f"{field}:{kind}", title=title)


def _finish(chart, description: str, height) -> dict:
    """Common size, autosize and config; the spec as a plain dict."""
    chart = chart.properties(width="container", height=height, description=description,
                             autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    spec = chart.to_dict()
    spec["config"] = {
        "aria": False, "font": _FONT, "locale": {"number": _NUMBER_LOCALE},
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222222", "titleColor": "#222222",
                 "domainColor": "#595959", "tickColor": "#595959", "gridColor": "#d9d9d9"},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222222", "titleColor": "#222222"},
        "text": {"fontSize": 13, "color": "#222222"},
    }
    return spec


def _interval_rows(y: alt.Y, label_field: str, y_offset=None) -> alt.LayerChart:
    """Rows of interval (rule), value (symbol) and national value (tick), each labelled above its line."""
    base = alt.Chart(alt.NamedData("points")).encode(y=y, **({"yOffset": y_offset} if y_offset else {}))
    x_scale = alt.Scale(domain=[0, 100], nice=False)
    tips = [_tip("title", "Indicator", "N"), _tip("name", "Aanbieder", "N"), _tip("value", "Score (%)"),
            _tip("ci_low", "95%-interval van"), _tip("ci_high", "95%-interval tot"),
            _tip("national_value", "Landelijk (%)"), _tip("comparison_label", "Vergelijking", "N")]
    if label_field == "title":  # provider page: no provider name column
        tips = [t for t in tips if t.to_dict()["field"] != "name"]
    rule = base.mark_rule(strokeWidth=2, color="#595959").encode(
        x=alt.X("ci_low:Q", scale=x_scale, title="Percentage", axis=alt.Axis(orient="top", grid=True)),
        x2="ci_high:Q")
    tick = base.mark_tick(color=REFERENCE_COLOUR, thickness=2, size=18).encode(x="national_value:Q")
    point = base.mark_point(filled=True, size=120, opacity=1).encode(
        x="value:Q", tooltip=tips, **_comparison_encodings())
    label = base.mark_text(align="left", baseline="bottom", dy=-9, limit=alt.ExprRef("width")).encode(
        x=alt.value(0), text=f"{label_field}:N")
    return alt.layer(rule, tick, point, label)


def provider_results_spec() -> dict:
    """One row per indicator of a provider: score, 95% interval and national value (percentages)."""
    y = alt.Y("title:N", sort="ascending", axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    chart = _interval_rows(y, "title")
    return _finish(chart, "Scores per indicator met 95%-betrouwbaarheidsinterval en landelijk gemiddelde.",
                   alt.Step(50))


def compare_spec() -> dict:
    """Providers side by side, one block per indicator: score, 95% interval, national value."""
    y = alt.Y("title:N", sort="ascending", axis=None, scale=alt.Scale(paddingInner=0.45, paddingOuter=0.45))
    y_offset = alt.YOffset("name:N", sort="ascending")
    rows = _interval_rows(y, "name", y_offset)
    heading = alt.Chart(alt.NamedData("points")).transform_aggregate(groupby=["title"]).mark_text(
        align="left", baseline="bottom", dy=-4, fontWeight="bold", fontSize=14, limit=alt.ExprRef("width"),
    ).encode(y=alt.Y("title:N", sort="ascending", bandPosition=0), x=alt.value(0), text="title:N")
    return _finish(alt.layer(rows, heading), "Aanbieders naast elkaar per indicator.", alt.Step(44, **{"for": "offset"}))


def funnel_spec() -> dict:
    """Funnel plot: score against number of patients, with 95% and 99.8% control limits."""
    x = alt.X("denominator:Q", title="Aantal patiënten (noemer)", scale=alt.Scale(zero=False, nice=True),
              axis=alt.Axis(format="d", labelOverlap=True, tickCount=alt.ExprRef("ceil(width / 90)")))
    y_scale = alt.Scale(zero=False, nice=True)
    limits = alt.Chart(alt.NamedData("funnel")).transform_fold(
        ["low_998", "high_998", "low_95", "high_95"], as_=["grens", "grenswaarde"]
    ).transform_calculate(
        niveau="indexof(datum.grens, '998') >= 0 ? '99,8%-grens' : '95%-grens'"
    ).mark_line(color="#595959", strokeWidth=1.5, interpolate="monotone").encode(
        x=x, y=alt.Y("grenswaarde:Q", scale=y_scale, title="Percentage"), detail="grens:N",
        strokeDash=alt.StrokeDash("niveau:N", title="Grenzen", scale=alt.Scale(
            domain=["95%-grens", "99,8%-grens"], range=[[5, 4], [1, 0]]),
            legend=alt.Legend(orient="top", direction="horizontal", symbolStrokeColor="#595959")))
    national = alt.Chart(alt.NamedData("national")).mark_rule(color=REFERENCE_COLOUR, strokeWidth=2).encode(
        y=alt.Y("value:Q"), tooltip=[_tip("value", "Landelijk gemiddelde (%)")])
    points = alt.Chart(alt.NamedData("points")).mark_point(filled=True, size=70, opacity=0.9).encode(
        x=x, y=alt.Y("value:Q"), tooltip=[_tip("name", "Aanbieder", "N"), _tip("value", "Score (%)"),
                                          alt.Tooltip("denominator:Q", title="Aantal patiënten", format=",d"),
                                          _tip("comparison_label", "Vergelijking", "N")],
        **_comparison_encodings())
    chart = alt.layer(limits, national, points).resolve_legend(color="shared", shape="shared")
    return _finish(chart, "Trechtergrafiek: score per aanbieder tegen het aantal patiënten.", 340)


def strip_spec() -> dict:
    """Sorted dot chart of all providers (for indicators without denominators), national value as a rule."""
    points = alt.Chart(alt.NamedData("points")).transform_window(
        rang="row_number()", sort=[alt.SortField("value", order="ascending")]
    ).mark_point(filled=True, size=70, opacity=0.9).encode(
        x=alt.X("value:Q", title="Score", scale=alt.Scale(zero=False, nice=True)),
        y=alt.Y("rang:Q", title="Aanbieders, van laag naar hoog", axis=alt.Axis(labels=False, ticks=False,
                                                                                 grid=False)),
        tooltip=[_tip("name", "Aanbieder", "N"), _tip("value", "Score"), _tip("comparison_label", "Vergelijking", "N")],
        **_comparison_encodings())
    national = alt.Chart(alt.NamedData("national")).mark_rule(color=REFERENCE_COLOUR, strokeWidth=2).encode(
        x=alt.X("value:Q"), tooltip=[_tip("value", "Landelijk gemiddelde")])
    return _finish(alt.layer(national, points), "Score van elke aanbieder, gesorteerd, met het landelijk gemiddelde.", 320)


def trend_spec() -> dict:
    """National value per period as line and points, with the providers' middle half (q1-q3) as a band."""
    base = alt.Chart(alt.NamedData("national")).encode(
        x=alt.X("period:O", title="Periode", sort="ascending", axis=alt.Axis(labelAngle=0, labelOverlap=True)))
    y = alt.Y("value:Q", title="Waarde", scale=alt.Scale(zero=False, nice=True))
    band = base.mark_area(color=OKABE_ITO["sky_blue"], opacity=0.35).encode(y=alt.Y("q1:Q", title="Waarde"), y2="q3:Q")
    edges = [base.mark_line(color=OKABE_ITO["blue"], strokeWidth=1, strokeDash=[4, 3]).encode(y=f"{f}:Q")
             for f in ("q1", "q3")]
    line = base.mark_line(color=REFERENCE_COLOUR, strokeWidth=2).encode(y=y)
    points = base.mark_point(filled=True, size=70, color=REFERENCE_COLOUR, shape="circle", opacity=1).encode(
        y="value:Q", tooltip=[_tip("period", "Periode", "N"), _tip("value", "Landelijk gemiddelde"),
                              _tip("q1", "25% van de aanbieders onder"), _tip("q3", "25% van de aanbieders boven"),
                              alt.Tooltip("providers:Q", title="Aantal aanbieders", format=",d")])
    return _finish(alt.layer(band, *edges, line, points), "Landelijk gemiddelde per periode.", 280)


def chart_specs() -> dict[str, dict]:
    """The Vega-Lite spec of every chart type, keyed by type (file name: ``<type>.vl.json``)."""
    return {"provider-results": provider_results_spec(), "funnel": funnel_spec(), "strip": strip_spec(),
            "trend": trend_spec(), "compare": compare_spec()}


# ---------------------------------------------------------------- summaries


def nl_number(value: float, decimals: int = 1) -> str:
    """A number in Dutch notation: decimal comma, dot between thousands (1.234,5)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _num(value, unit: str = "") -> str:
    return nl_number(float(value)) + unit


def _ok(value) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and math.isnan(value))


def _join(parts: Sequence[str]) -> str:
    """'a', 'a en b', 'a, b en c'."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _counts(rows: Iterable[Mapping]) -> dict[str, int]:
    counts = dict.fromkeys(COMPARISON_ORDER, 0)
    for row in rows:
        key = row.get("comparison") or "not_compared"
        counts[key if key in counts else "not_compared"] += 1
    return counts


_FIRST = {"better": "beter dan het landelijk gemiddelde", "worse": "slechter dan het landelijk gemiddelde",
          "no_different": "niet duidelijk anders dan het landelijk gemiddelde"}
_NEXT = {"better": "beter", "worse": "slechter", "no_different": "niet duidelijk anders",
         "not_compared": "was geen vergelijking mogelijk"}


def _comparison_clause(counts: Mapping[str, int], total: int, noun: tuple[str, str], subject: str) -> str:
    """'Bij 2 van de 6 indicatoren scoort X beter dan het landelijk gemiddelde, bij 1 slechter en bij 3 ...'."""
    order = [c for c in ("better", "worse", "no_different", "not_compared") if counts[c]]
    if order == ["not_compared"]:
        if total == 1:
            return f"Bij de enige {noun[0]} is {subject} niet vergeleken met het landelijk gemiddelde"
        return f"Bij geen van de {total} {noun[1]} is {subject} vergeleken met het landelijk gemiddelde"
    first = order[0]
    if counts[first] == total:
        which = f"de enige {noun[0]}" if total == 1 else f"alle {total} {noun[1]}"
    else:
        which = f"{counts[first]} van de {total} {noun[1]}"
    parts = [f"Bij {which} scoort {subject} {_FIRST[first]}"]
    parts += [f"bij {counts[c]} {_NEXT[c]}" for c in order[1:]]
    return _join(parts)


def summary_provider_results(name: str, rows: Sequence[Mapping]) -> str:
    """One sentence: at how many indicators the provider scores better, worse or not clearly different."""
    if not rows:
        return EMPTY_SUMMARY
    return _comparison_clause(_counts(rows), len(rows), ("indicator", "indicatoren"), name) + "."


def summary_compare(rows: Sequence[Mapping]) -> str:
    """One sentence for the side-by-side chart: how many results are better, worse or not different."""
    if not rows:
        return EMPTY_SUMMARY
    providers, indicators = len({r.get("provider_id") for r in rows}), len({r.get("indicator_id") for r in rows})
    head = (f"Deze grafiek vergelijkt {providers} {'aanbieder' if providers == 1 else 'aanbieders'} op "
            f"{indicators} {'indicator' if indicators == 1 else 'indicatoren'}; ")
    clause = _comparison_clause(_counts(rows), len(rows), ("uitkomst", "uitkomsten"), "de aanbieder")
    return head + clause[0].lower() + clause[1:] + "."


def _national_clause(national, unit: str) -> str:
    return f"; het landelijk gemiddelde was {_num(national, unit)}" if _ok(national) else ""


def summary_funnel(title: str, period: str, rows: Sequence[Mapping], national=None) -> str:
    """One sentence: how many providers lie above and below the 99.8% funnel limits, and the national value.

    The rows are the funnel chart's ``points`` rows plus ``funnel_low_998``/``funnel_high_998`` (the
    provider's limits at its own denominator, as in the results table). The title is not repeated: the
    page shows the chart under the indicator's heading.
    """
    rows = [r for r in rows if _ok(r.get("value"))]
    if not rows:
        return EMPTY_SUMMARY
    n = len(rows)
    limited = [r for r in rows if _ok(r.get("funnel_low_998")) and _ok(r.get("funnel_high_998"))]
    if not limited:
        verb = "had" if n == 1 else "hadden"
        return f"In {period} {verb} {n} {'aanbieder' if n == 1 else 'aanbieders'} een resultaat{_national_clause(national, '%')}."
    above = sum(float(r["value"]) > float(r["funnel_high_998"]) for r in limited)
    below = sum(float(r["value"]) < float(r["funnel_low_998"]) for r in limited)
    if not above and not below:
        return f"In {period} lag geen van de {n} aanbieders buiten de grenzen (99,8%){_national_clause(national, '%')}."
    verb = "lag" if above <= 1 else "lagen"
    count = str(above) if above else "geen"
    return (f"In {period} {verb} {count} van de {n} aanbieders boven de bovengrens (99,8%) en "
            f"{below if below else 'geen'} eronder{_national_clause(national, '%')}.")


def summary_strip(title: str, period: str, rows: Sequence[Mapping], national=None, unit: str = "") -> str:
    """One sentence: the range of the providers' scores, the national value and how many differ from it."""
    values = sorted(float(r["value"]) for r in rows if _ok(r.get("value")))
    if not values:
        return EMPTY_SUMMARY
    nat = f" (landelijk {_num(national, unit)})" if _ok(national) else ""
    if len(values) == 1:
        head = f"In {period} had 1 aanbieder een score van {_num(values[0], unit)}{nat}"
    else:
        head = (f"In {period} lagen de scores van {len(values)} aanbieders tussen {_num(values[0], unit)} en "
                f"{_num(values[-1], unit)}{nat}")
    counts = _counts(r for r in rows if _ok(r.get("value")))
    if counts["better"] or counts["worse"]:
        head += (f"; {counts['better']} {'scoorde' if counts['better'] == 1 else 'scoorden'} beter dan het "
                 f"landelijk gemiddelde en {counts['worse']} slechter")
    return head + "."


def summary_trend(title: str, rows: Sequence[Mapping], unit: str = "%") -> str:
    """One sentence: how the national value moved from the first to the last period."""
    rows = sorted((r for r in rows if _ok(r.get("value"))), key=lambda r: str(r["period"]))
    if not rows:
        return EMPTY_SUMMARY
    first, last = rows[0], rows[-1]
    a, b = _num(first["value"], unit), _num(last["value"], unit)
    if len(rows) == 1:
        return f"In {last['period']} was het landelijk gemiddelde {b}."
    if a == b:
        return f"Het landelijk gemiddelde bleef {b} van {first['period']} tot en met {last['period']}."
    verb = "steeg" if float(last["value"]) > float(first["value"]) else "daalde"
    return f"Het landelijk gemiddelde {verb} van {a} in {first['period']} naar {b} in {last['period']}."
