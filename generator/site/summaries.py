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


def summary_funnel(
    title: str, period: str, rows: Sequence[Mapping], national=None, level: float = 0.95, ratio: bool = False
) -> str:
    """One sentence: how many providers lie above and below the funnel at the indicator's comparison
    level, and the national value.

    The counts are the rows' ``deviation``: the one test that also gives each point its colour and symbol
    (compute/verdict.py), so the sentence, the chart and the table agree. The title is not repeated here
    (nor in the strip and trend sentences): the page shows the chart under the indicator's heading.
    """
    rows = [r for r in rows if _ok(r.get("value"))]
    if not rows:
        return _(EMPTY_SUMMARY)
    n = len(rows)
    unit = "" if ratio else "%"
    nat = (
        (
            _("; de landelijke verhouding was {value}")
            if ratio
            else _("; het landelijk gemiddelde was {value}")
        ).format(value=_num(national, unit))
        if _ok(national)
        else ""
    )
    tested = [r for r in rows if r.get("deviation") in ("above", "below", "within")]
    if not tested:
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
    above = sum(r["deviation"] == "above" for r in tested)
    below = sum(r["deviation"] == "below" for r in tested)
    limit = number(level * 100, 1 if round(level * 100) != level * 100 else 0)
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


#: What a benchmark value is (benchmarks.statistic), for the indicator page.
STATISTIC_LABELS = Labelled(
    {
        "pooled": "het gemiddelde over alle patiënten samen (totale teller gedeeld door totale noemer)",
        "weighted_mean": "het gemiddelde van de aanbieders, gewogen naar hun aantal patiënten",
        "ratio": "het totaal waargenomen gedeeld door het totaal verwacht",
        "share_yes": "het percentage aanbieders dat 'ja' antwoordt",
        "median": "de mediaan: de middelste waarde van de aanbieders",
    }
)


def interval_title(rows: Iterable[Mapping]) -> str:
    """The interval column's heading: '95%-interval', or the level the published intervals have."""
    levels = sorted({float(r["ci_level"]) for r in rows if _ok(r.get("ci_level"))})
    if len(levels) > 1:
        return _("Interval")
    pct = levels[0] * 100 if levels else 95.0
    return _("{level}%-interval", level=number(pct, 0 if round(pct) == pct else 1))


#: How each comparison method judges, in one sentence for the indicator page ({level}: e.g. "95").
METHOD_SENTENCES = {
    "funnel": N_(
        "Een aanbieder wijkt af als zijn uitkomst buiten de {level}%-grens van de trechter ligt: de kans op "
        "zo'n uitkomst bij de landelijke waarde is dan aan één kant kleiner dan {tail}% (exacte toets)."
    ),
    "interval": N_(
        "Een aanbieder wijkt af als zijn {level}%-betrouwbaarheidsinterval helemaal boven of onder de "
        "landelijke waarde ligt."
    ),
    "publisher": N_("Het oordeel is dat van de bron zelf; wij hebben het niet opnieuw berekend."),
    "none": N_("Deze indicator wordt niet met de landelijke waarde vergeleken."),
}
CHANCE_SENTENCE = N_(
    "Bij {count} vergeleken aanbieders wijken er door toeval alleen al ongeveer {expected} af, ook als "
    "de zorg overal even goed is."
)


def method_sentence(ind: Mapping, compared: int) -> str:
    """How this indicator's results are judged (its comparison_method and level), and for a test at a level
    how many providers would differ by chance alone among the `compared` ones."""
    method = str(ind.get("comparison_method") or "none")
    level = float(ind.get("comparison_level") or 0.95)
    pct = level * 100
    shown = number(pct, 0 if round(pct) == pct else 1)
    text = _(
        METHOD_SENTENCES.get(method, METHOD_SENTENCES["none"]),
        level=shown,
        tail=number((100 - pct) / 2, 1 if (100 - pct) / 2 >= 0.1 else 2),
    )
    if method in ("funnel", "interval") and compared:
        chance = compared * (1 - level)
        text += " " + _(CHANCE_SENTENCE, count=compared, expected=number(chance, 0 if chance >= 2 else 1))
    return text


def summary_yes_no(period: str, rows: Sequence[Mapping]) -> str:
    """One sentence for a yes/no indicator: how many providers answered ja, of how many, as a share."""
    answers = [float(r["value"]) for r in rows if _ok(r.get("value"))]
    if not answers:
        return _(EMPTY_SUMMARY)
    yes = int(sum(a == 1 for a in answers))
    return _(
        "In {period} antwoordden {yes} van de {count} aanbieders ja ({share}).",
        period=period,
        yes=yes,
        count=len(answers),
        share=_num(100.0 * yes / len(answers), "%"),
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


def summary_provider_page(name: str, rows: Sequence[Mapping], date: str) -> str:
    """The plain summary at the top of a provider page: how many results, how many better and worse than
    the national value (the rows' one verdict, ``comparison``) and the date of the figures."""
    shown = [r for r in rows if r.get("status") == "published"]
    if not shown:
        return _("Van {name} zijn in deze release geen resultaten gepubliceerd.", name=name)
    counts = _counts(shown)
    rest = len(shown) - counts["better"] - counts["worse"]
    head = (
        _("Van {name} is 1 resultaat gepubliceerd, met cijfers van {date}.", name=name, date=date)
        if len(shown) == 1
        else _(
            "Van {name} zijn {count} resultaten gepubliceerd, met cijfers van {date}.",
            name=name,
            count=len(shown),
            date=date,
        )
    )
    verdict = _(
        "Daarvan zijn {better} beter dan het landelijk gemiddelde, {worse} slechter en {rest} niet duidelijk "
        "anders of niet vergeleken.",
        better=counts["better"],
        worse=counts["worse"],
        rest=rest,
    )
    return f"{head} {verdict}"
