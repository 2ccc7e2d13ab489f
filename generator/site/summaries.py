"""One-sentence summaries of the charts, in the site's language (the figure caption and its accessible name).

Pure functions over the same rows as the charts' datasets (site/charts.py); numbers are formatted by
site/formatting.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from generator.site.charts import COMPARISON_ORDER, EMPTY_SUMMARY
from generator.site.formatting import missing, number
from generator.site.labels import N_, Labelled, _


def _num(value, unit: str = "") -> str:
    return number(float(value)) + unit


def _ok(value) -> bool:
    """True for a real value (not None, empty or NaN)."""
    return not (isinstance(value, str) and value == "") and not missing(value)


def _counts(rows: Iterable[Mapping]) -> dict[str, int]:
    """Rows per comparison category (anything unknown counts as not compared)."""
    keys = [r.get("comparison") if r.get("comparison") in COMPARISON_ORDER else "not_compared" for r in rows]
    return {c: keys.count(c) for c in COMPARISON_ORDER}


_FIRST = Labelled(
    {
        "better": "beter dan het landelijk gemiddelde",
        "worse": "slechter dan het landelijk gemiddelde",
        "no_different": "niet duidelijk anders dan het landelijk gemiddelde",
    }
)
_NEXT = Labelled(
    {
        "better": "bij {count} beter",
        "worse": "bij {count} slechter",
        "no_different": "bij {count} niet duidelijk anders",
        "not_compared": "bij {count} was geen vergelijking mogelijk",
    }
)
#: The things counted in a comparison sentence: (one, several, the sentence with the subject and its verb).
_SUBJECTS = {
    "provider": (N_("indicator"), N_("indicatoren"), N_("Bij {which} scoort {subject} {how}")),
    "compare": (N_("uitkomst"), N_("uitkomsten"), N_("Bij {which} is de score {how}")),
}


def _and(parts: list[str]) -> str:
    """'a', 'a en b', 'a, b en c' (English: 'a, b and c')."""
    return (
        parts[0] if len(parts) == 1 else _("{items} en {last}", items=", ".join(parts[:-1]), last=parts[-1])
    )


def _comparison_clause(counts: Mapping[str, int], total: int, what: str, subject: str = "") -> str:
    """'Bij 2 van de 6 indicatoren scoort X beter dan het landelijk gemiddelde, bij 1 slechter en bij 3
    ...'."""
    one, several, sentence = _SUBJECTS[what]
    order = [c for c in ("better", "worse", "no_different", "not_compared") if counts[c]]
    if order == ["not_compared"]:
        if what == "provider":
            return (
                _(
                    "Bij de enige indicator is {subject} niet vergeleken met het landelijk gemiddelde",
                    subject=subject,
                )
                if total == 1
                else _(
                    "Bij geen van de {total} indicatoren is {subject} vergeleken met het landelijk "
                    "gemiddelde",
                    total=total,
                    subject=subject,
                )
            )
        return (
            _("Bij de enige uitkomst is de score niet vergeleken met het landelijk gemiddelde")
            if total == 1
            else _(
                "Bij geen van de {total} uitkomsten is de score vergeleken met het landelijk gemiddelde",
                total=total,
            )
        )
    first = order[0]
    which = (
        _("{count} van de {total} {things}", count=counts[first], total=total, things=_(several))
        if counts[first] < total
        else _("de enige {thing}", thing=_(one))
        if total == 1
        else _("beide {things}", things=_(several))
        if total == 2
        else _("alle {total} {things}", total=total, things=_(several))
    )
    head = _(sentence, which=which, subject=subject, how=_FIRST[first])
    return _and([head] + [_NEXT[c].format(count=counts[c]) for c in order[1:]])


def summary_provider_results(name: str, rows: Sequence[Mapping]) -> str:
    """One sentence: at how many indicators the provider scores better, worse or not clearly different."""
    if not rows:
        return _(EMPTY_SUMMARY)
    return _comparison_clause(_counts(rows), len(rows), "provider", name) + "."


def summary_compare(rows: Sequence[Mapping]) -> str:
    """One sentence for the side-by-side chart: how many results are better, worse or not different."""
    if not rows:
        return _(EMPTY_SUMMARY)
    p, i = len({r.get("provider_id") for r in rows}), len({r.get("indicator_id") for r in rows})
    clause = _comparison_clause(_counts(rows), len(rows), "compare")
    providers = _("1 aanbieder") if p == 1 else _("{count} aanbieders", count=p)
    indicators = _("1 indicator") if i == 1 else _("{count} indicatoren", count=i)
    return _(
        "Deze grafiek vergelijkt {providers} op {indicators}; {clause}.",
        providers=providers,
        indicators=indicators,
        clause=clause[0].lower() + clause[1:],
    )


def summary_funnel(title: str, period: str, rows: Sequence[Mapping], national=None) -> str:
    """One sentence: how many providers lie above and below the 99.8% funnel limits, and the national value.

    The rows are the funnel chart's ``points`` rows plus ``funnel_low_998``/``funnel_high_998`` (the
    provider's limits at its own denominator, as in the results table). The title is not repeated here
    (nor in the strip and trend sentences): the page shows the chart under the indicator's heading.
    """
    rows = [r for r in rows if _ok(r.get("value"))]
    if not rows:
        return _(EMPTY_SUMMARY)
    n = len(rows)
    nat = _("; het landelijk gemiddelde was {value}", value=_num(national, "%")) if _ok(national) else ""
    limited = [r for r in rows if _ok(r.get("funnel_low_998")) and _ok(r.get("funnel_high_998"))]
    if not limited:
        return (
            _("In {period} had 1 aanbieder een resultaat{national}.", period=period, national=nat)
            if n == 1
            else _(
                "In {period} hadden {count} aanbieders een resultaat{national}.",
                period=period,
                count=n,
                national=nat,
            )
        )
    above = sum(float(r["value"]) > float(r["funnel_high_998"]) for r in limited)
    below = sum(float(r["value"]) < float(r["funnel_low_998"]) for r in limited)
    limit = number(99.8)
    if not above and not below:
        return _(
            "In {period} lag geen van de {count} aanbieders buiten de grenzen ({limit}%){national}.",
            period=period,
            count=n,
            limit=limit,
            national=nat,
        )
    none = _("geen")
    text = (
        _(
            "In {period} lag {above} van de {count} aanbieders boven de bovengrens ({limit}%) en {below} "
            "eronder{national}."
        )
        if above <= 1
        else _(
            "In {period} lagen {above} van de {count} aanbieders boven de bovengrens ({limit}%) en {below} "
            "eronder{national}."
        )
    )
    return text.format(
        period=period, above=above or none, count=n, limit=limit, below=below or none, national=nat
    )


def summary_strip(title: str, period: str, rows: Sequence[Mapping], national=None, unit: str = "") -> str:
    """One sentence: the range of the providers' scores, the national value and how many differ from it."""
    values = sorted(float(r["value"]) for r in rows if _ok(r.get("value")))
    if not values:
        return _(EMPTY_SUMMARY)
    nat = _(" (landelijk {value})", value=_num(national, unit)) if _ok(national) else ""
    head = (
        _(
            "In {period} had 1 aanbieder een score van {value}{national}",
            period=period,
            value=_num(values[0], unit),
            national=nat,
        )
        if len(values) == 1
        else _(
            "In {period} lagen de scores van {count} aanbieders tussen {low} en {high}{national}",
            period=period,
            count=len(values),
            low=_num(values[0], unit),
            high=_num(values[-1], unit),
            national=nat,
        )
    )
    if (counts := _counts(r for r in rows if _ok(r.get("value"))))["better"] or counts["worse"]:
        head += (
            _("; {better} scoorde beter dan het landelijk gemiddelde en {worse} slechter")
            if counts["better"] == 1
            else _("; {better} scoorden beter dan het landelijk gemiddelde en {worse} slechter")
        ).format(better=counts["better"], worse=counts["worse"])
    return head + "."


def summary_trend(title: str, rows: Sequence[Mapping], unit: str = "%") -> str:
    """One sentence: how the national value moved from the first to the last period."""
    rows = sorted((r for r in rows if _ok(r.get("value"))), key=lambda r: str(r["period"]))
    if not rows:
        return _(EMPTY_SUMMARY)
    (first, last), a, b = (rows[0], rows[-1]), _num(rows[0]["value"], unit), _num(rows[-1]["value"], unit)
    if len(rows) == 1:
        return _("In {period} was het landelijk gemiddelde {value}.", period=last["period"], value=b)
    if a == b:
        return _(
            "Het landelijk gemiddelde bleef {value} van {first} tot en met {last}.",
            value=b,
            first=first["period"],
            last=last["period"],
        )
    text = (
        _("Het landelijk gemiddelde steeg van {old} in {first} naar {new} in {last}.")
        if float(last["value"]) > float(first["value"])
        else _("Het landelijk gemiddelde daalde van {old} in {first} naar {new} in {last}.")
    )
    return text.format(old=a, first=first["period"], new=b, last=last["period"])
