"""Chart specs and one-sentence summaries for the public site.

Every chart type has one Vega-Lite spec (built with altair) that names its data sources instead of
holding data: the page ships its own compact JSON and site_src/assets/javascripts/charts.js puts the
rows in ``spec["datasets"]`` in the browser, so a national build writes five specs, not one per page.
Colours come from the Okabe-Ito palette (the ones used for data have >= 3:1 contrast on white) and a
comparison is always shown by shape too: better ▲, not clearly different ●, worse ▼, not compared ◆.

The one-sentence summary of each chart is in site/summaries.py. Nothing here reads or writes files.
"""

from __future__ import annotations

import altair as alt

from generator.site import labels
from generator.site.labels import N_, Labelled, _

COMPARISON_ORDER = ("better", "no_different", "worse", "not_compared")
COMPARISON_LABELS = Labelled(
    {
        "better": "beter dan landelijk",
        "no_different": "niet duidelijk anders",
        "worse": "slechter dan landelijk",
        "not_compared": "niet vergeleken",
    }
)
COMPARISON_SYMBOLS = {"better": "▲", "no_different": "●", "worse": "▼", "not_compared": "◆"}
COMPARISON_SHAPES = {
    "better": "triangle-up",
    "no_different": "circle",
    "worse": "triangle-down",
    "not_compared": "diamond",
}
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
COMPARISON_COLOURS = {
    "better": OKABE_ITO["bluish_green"],
    "no_different": OKABE_ITO["blue"],
    "worse": OKABE_ITO["vermillion"],
    "not_compared": OKABE_ITO["reddish_purple"],
}
REFERENCE_COLOUR = OKABE_ITO["black"]
LIMIT_95, LIMIT_998 = N_("95%-grens"), N_("99,8%-grens")
CHART_TYPES = ("provider-results", "funnel", "strip", "trend", "compare", "funnel-ratio", "spine")
EMPTY_SUMMARY = N_("Er zijn geen gepubliceerde resultaten om te tonen.")

_ROWS_NOTE = (
    "Het symbool is de score, de lijn eromheen het 95%-betrouwbaarheidsinterval, het zwarte streepje het "
    "landelijk gemiddelde."
)
#: One line per chart type that says what the marks mean; the renderer shows it under the chart.
CHART_NOTES = Labelled(
    {
        "provider-results": _ROWS_NOTE,
        "compare": _ROWS_NOTE,
        "funnel": "Elk symbool is een aanbieder; de zwarte lijn is het landelijk gemiddelde en de trechter "
        "laat zien hoeveel een score bij dit aantal patiënten door toeval kan afwijken. Een aanbieder op of "
        "buiten een grens wijkt bij die betrouwbaarheid af; de kleur en de vorm zeggen hoe.",
        "funnel-ratio": "Elk symbool is een aanbieder; de zwarte lijn is de landelijke verhouding en de "
        "trechter laat zien hoeveel de verhouding bij dit verwachte aantal door toeval kan afwijken. Een "
        "aanbieder op of buiten een grens wijkt bij die betrouwbaarheid af; de kleur en de vorm zeggen hoe.",
        "strip": "Elk symbool is een aanbieder, gesorteerd van laag naar hoog; de zwarte lijn is het "
        "landelijk gemiddelde.",
        "spine": "Elke rij is een indicator. Het grijze vlak loopt van de laagste tot de hoogste uitkomst "
        "van alle aanbieders, het blauwe vlak is de middelste helft, het zwarte streepje het landelijk "
        "gemiddelde en het symbool de uitkomst van deze aanbieder. Rechts van het streepje is altijd beter, "
        "ook als een lagere uitkomst beter is.",
        "trend": "De zwarte lijn is het landelijk gemiddelde; het blauwe vlak laat zien waar de middelste "
        "helft van de aanbieders zit.",
    }
)

_NUMBER_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


# ---------------------------------------------------------------- specs


def _comparison_encodings() -> dict:
    """Colour and shape on the comparison label, one shared legend, fixed order."""
    domain = [COMPARISON_LABELS[c] for c in COMPARISON_ORDER]
    legend = alt.Legend(
        title=_("Vergelijking met landelijk"),
        orient="top",
        direction="horizontal",
        labelLimit=220,
        columns=alt.ExprRef("width < 600 ? 2 : 4"),
        symbolSize=110,
        symbolStrokeWidth=0,
    )
    return {
        "color": alt.Color(
            "comparison_label:N",
            legend=legend,
            scale=alt.Scale(domain=domain, range=[COMPARISON_COLOURS[c] for c in COMPARISON_ORDER]),
        ),
        "shape": alt.Shape(
            "comparison_label:N",
            legend=legend,
            scale=alt.Scale(domain=domain, range=[COMPARISON_SHAPES[c] for c in COMPARISON_ORDER]),
        ),
    }


def _tip(field: str, title: str, kind: str = "Q") -> alt.Tooltip:
    """A tooltip entry with its title in the site's language; numbers with one decimal (the spec's locale
    gives the comma)."""
    return alt.Tooltip(f"{field}:{kind}", title=_(title), **({"format": ".1f"} if kind == "Q" else {}))


def _finish(chart, description: str, height) -> dict:
    """Common size, autosize and config; the spec as a plain dict (aria off: the page labels the whole
    SVG)."""
    text = {"labelFontSize": 12, "titleFontSize": 12, "labelColor": "#222222", "titleColor": "#222222"}
    return {
        **chart.properties(
            width="container",
            height=height,
            description=_(description),
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        ).to_dict(),
        "config": {
            "aria": False,
            "mark": {"aria": False},
            "font": _FONT,
            "locale": {"number": _NUMBER_LOCALES[labels.active()]},
            "view": {"stroke": None},
            "axis": {**text, "domainColor": "#595959", "tickColor": "#595959", "gridColor": "#d9d9d9"},
            "legend": dict(text),
            "text": {"fontSize": 13, "color": "#222222"},
        },
    }


def _percent(chart, *fields):
    """Adds pct_<field>, the value in percent: rows with unit 'proportion' (0-1) are multiplied by 100."""
    return chart.transform_calculate(
        **{
            f"pct_{f}": f"isValid(datum.{f}) && datum.unit === 'proportion' ? " f"100 * datum.{f} : datum.{f}"
            for f in fields
        }
    )


def _interval_rows(y: alt.Y, label_field: str, y_offset=None) -> alt.LayerChart:
    """Rows of interval (rule), value (symbol) and national value (tick), each labelled above its line."""
    base = _percent(
        alt.Chart(alt.NamedData("points")), "value", "ci_low", "ci_high", "national_value"
    ).encode(y=y, **({"yOffset": y_offset} if y_offset else {}))
    tips = [
        _tip("title", N_("Indicator"), "N"),
        _tip("name", N_("Aanbieder"), "N"),
        _tip("pct_value", N_("Score (%)")),
        _tip("pct_ci_low", N_("95%-interval van")),
        _tip("pct_ci_high", N_("95%-interval tot")),
        _tip("pct_national_value", N_("Landelijk (%)")),
        _tip("comparison_label", N_("Vergelijking"), "N"),
    ]
    tips = [
        t for t in tips if label_field != "title" or t.to_dict()["field"] != "name"
    ]  # provider page: no names
    axis = alt.Axis(orient="top", grid=True, tickCount=alt.ExprRef("ceil(width / 70)"), labelFlush=True)
    # the axis fits the intervals, values and national value (the layers share the scale), not always 0-100%:
    # a difference of a few points stays visible, and the benchmark is always in view
    x = alt.X(
        "pct_ci_low:Q", scale=alt.Scale(zero=False, nice=True, padding=8), title=_("Percentage"), axis=axis
    )
    rule = base.mark_rule(strokeWidth=2, color="#595959").encode(x=x, x2="pct_ci_high:Q")
    tick = base.mark_tick(color=REFERENCE_COLOUR, thickness=2, size=14).encode(x="pct_national_value:Q")
    point = base.mark_point(filled=True, size=120, opacity=1).encode(
        x="pct_value:Q", tooltip=tips, **_comparison_encodings()
    )
    label = base.mark_text(align="left", baseline="bottom", dy=-12, limit=alt.ExprRef("width")).encode(
        x=alt.value(0), text=f"{label_field}:N"
    )
    layers = [rule, tick, point, label]
    if (
        y_offset is not None
    ):  # a heading above the first provider of each indicator; status text without value
        layers.append(
            base.transform_window(
                rank="row_number()", groupby=["title"], sort=[alt.SortField("order", order="ascending")]
            )
            .transform_filter("datum.rank === 1")
            .mark_text(
                align="left",
                baseline="bottom",
                dy=-31,
                fontWeight="bold",
                fontSize=14,
                limit=alt.ExprRef("width"),
            )
            .encode(x=alt.value(0), text="title:N")
        )
        layers.append(
            base.transform_filter("!isValid(datum.value)")
            .mark_text(align="left", baseline="middle", fontStyle="italic", limit=alt.ExprRef("width"))
            .encode(x=alt.value(0), text="status_label:N")
        )
    return alt.layer(*layers)


def provider_results_spec() -> dict:
    """One row per indicator of a provider: score, 95% interval and national value (percentages)."""
    # in the table's order (by indicator id), not by title
    order = alt.EncodingSortField("indicator_id", op="min")
    y = alt.Y("title:N", sort=order, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0.1))
    return _finish(
        _interval_rows(y, "title"),
        N_("Scores per indicator met 95%-betrouwbaarheidsinterval en " "landelijk gemiddelde."),
        alt.Step(52),
    )


def compare_spec() -> dict:
    """Providers side by side, one block per indicator: score, 95% interval, national value."""
    # in the order of the choice aid's table: its rows carry `order` (choice.js `points`)
    order = alt.EncodingSortField("order", op="min")
    y = alt.Y("title:N", sort=order, axis=None, scale=alt.Scale(paddingInner=0.3, paddingOuter=0.2))
    chart = _interval_rows(y, "name", alt.YOffset("name:N", sort=order))
    return _finish(chart, N_("Aanbieders naast elkaar per indicator."), alt.Step(46, **{"for": "offset"}))


def funnel_spec(ratio: bool = False) -> dict:
    """Funnel plot: score against number of patients (a ratio: against the expected number of events), with
    the 95% and 99.8% control limits the verdicts are judged by; the points are coloured by that verdict.
    The lines are not clipped at 0 or 100%: an upper limit above 100% means no share can lie above it."""
    size = "expected" if ratio else "denominator"
    x_title = _("Verwacht aantal (naar casemix)") if ratio else _("Aantal patiënten (noemer)")
    x_scale = alt.Scale(zero=False, nice=True)
    x_axis = alt.Axis(format="d", labelOverlap=True, tickCount=alt.ExprRef("ceil(width / 90)"))
    x = alt.X("denominator:Q", title=x_title, scale=x_scale, axis=x_axis)
    limits = (
        alt.Chart(alt.NamedData("funnel"))
        .transform_fold(["low_998", "high_998", "low_95", "high_95"], as_=["grens", "grenswaarde"])
        .transform_calculate(niveau=f"indexof(datum.grens, '998') >= 0 ? {_(LIMIT_998)!r} : {_(LIMIT_95)!r}")
    )
    limits = (
        _percent(limits, "grenswaarde")
        .mark_line(color="#595959", strokeWidth=1.5, clip=True)
        .encode(
            x=x,
            y=alt.Y(
                "pct_grenswaarde:Q",
                scale=alt.Scale(zero=False, nice=True),
                title=_("Verhouding waargenomen / verwacht") if ratio else _("Percentage"),
            ),
            detail="grens:N",
            strokeDash=alt.StrokeDash(
                "niveau:N",
                title=_("Grenzen"),
                scale=alt.Scale(domain=[_(LIMIT_95), _(LIMIT_998)], range=[[5, 4], [1, 0]]),
                legend=alt.Legend(orient="bottom", direction="horizontal", symbolStrokeColor="#595959"),
            ),
        )
    )
    national = (
        _percent(alt.Chart(alt.NamedData("national")), "value")
        .mark_rule(color=REFERENCE_COLOUR, strokeWidth=2)
        .encode(y="pct_value:Q", tooltip=[_tip("pct_value", N_("Landelijk (%)"))])
    )
    points = (
        _percent(
            alt.Chart(alt.NamedData("points")).transform_calculate(
                plot_value="isValid(datum.plot_value) ? datum.plot_value : datum.value"
            ),
            "value",
            "plot_value",
        )
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            x=alt.X(f"{size}:Q", title=x_title, scale=x_scale, axis=x_axis),
            y="pct_plot_value:Q",
            **_comparison_encodings(),
            tooltip=[
                _tip("name", N_("Aanbieder"), "N"),
                _tip("pct_value", N_("Verhouding") if ratio else N_("Score (%)")),
                _tip("comparison_label", N_("Vergelijking"), "N"),
                alt.Tooltip(f"{size}:Q", title=x_title, format=",.1f" if ratio else ",d"),
            ],
        )
    )
    chart = alt.layer(limits, national, points).resolve_legend(color="shared", shape="shared")
    what = (
        N_("Trechtergrafiek: verhouding waargenomen / verwacht per aanbieder tegen het verwachte aantal.")
        if ratio
        else N_("Trechtergrafiek: score per aanbieder tegen het aantal patiënten.")
    )
    return _finish(chart, what, 340)


def funnel_ratio_spec() -> dict:
    """Funnel plot of observed / expected ratios against the expected number of events."""
    return funnel_spec(ratio=True)


def strip_spec() -> dict:
    """Sorted dot chart of all providers (for indicators without denominators), national value as a rule."""
    points = (
        alt.Chart(alt.NamedData("points"))
        .transform_window(rang="row_number()", sort=[alt.SortField("value", order="ascending")])
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            x=alt.X(
                "value:Q",
                title=_("Score"),
                scale=alt.Scale(zero=False, nice=True, padding=8),
                axis=alt.Axis(tickCount=alt.ExprRef("ceil(width / 70)")),
            ),
            y=alt.Y(
                "rang:Q",
                title=_("Aanbieders, van laag naar hoog"),
                scale=alt.Scale(padding=8),
                axis=alt.Axis(labels=False, ticks=False, grid=False),
            ),
            tooltip=[
                _tip("name", N_("Aanbieder"), "N"),
                _tip("value", N_("Score")),
                _tip("comparison_label", N_("Vergelijking"), "N"),
            ],
            **_comparison_encodings(),
        )
    )
    national = (
        alt.Chart(alt.NamedData("national"))
        .mark_rule(color=REFERENCE_COLOUR, strokeWidth=2)
        .encode(x="value:Q", tooltip=[_tip("value", N_("Landelijk gemiddelde"))])
    )
    return _finish(
        alt.layer(national, points),
        N_("Score van elke aanbieder, gesorteerd, met het landelijk gemiddelde."),
        320,
    )


def trend_spec() -> dict:
    """National value per period as line and points, with the providers' middle half (q1-q3) as a band."""
    base = alt.Chart(alt.NamedData("national")).encode(
        x=alt.X(
            "period:O", title=_("Periode"), sort="ascending", axis=alt.Axis(labelAngle=0, labelOverlap=True)
        )
    )
    band = base.mark_area(color=OKABE_ITO["sky_blue"], opacity=0.35).encode(
        y=alt.Y("q1:Q", title=_("Waarde"), scale=alt.Scale(zero=False, nice=True)), y2="q3:Q"
    )
    edges = [
        base.mark_line(color=OKABE_ITO["blue"], strokeWidth=1, strokeDash=[4, 3]).encode(y=f"{f}:Q")
        for f in ("q1", "q3")
    ]
    tips = [
        _tip("period", N_("Periode"), "N"),
        _tip("value", N_("Landelijk gemiddelde")),
        _tip("q1", N_("Middelste helft van")),
        _tip("q3", N_("Middelste helft tot")),
        alt.Tooltip("providers:Q", title=_("Aantal aanbieders"), format=",d"),
    ]
    line = base.mark_line(
        color=REFERENCE_COLOUR,
        strokeWidth=2,
        point=alt.OverlayMarkDef(filled=True, size=70, color=REFERENCE_COLOUR, opacity=1),
    ).encode(y="value:Q", tooltip=tips)
    return _finish(alt.layer(band, *edges, line), N_("Landelijk gemiddelde per periode."), 280)


def chart_specs() -> dict[str, dict]:
    """The Vega-Lite spec of every chart type, keyed by type (file name: ``<type>.vl.json``)."""
    from generator.site.spine import spine_spec  # spine.py builds on this module's encodings

    builders = (
        provider_results_spec,
        funnel_spec,
        strip_spec,
        trend_spec,
        compare_spec,
        funnel_ratio_spec,
        spine_spec,
    )
    return {kind: build() for kind, build in zip(CHART_TYPES, builders)}
