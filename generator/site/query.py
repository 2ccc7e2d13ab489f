"""The query page (/zelf-bevragen/): the release's tables in DuckDB, queried in SQL in the visitor's browser.

The page lists the Parquet tables of the current release's 'alles' package with their columns (from its
datapackage.json, read by publish/releases.py for the downloads page), offers example questions whose SQL
uses this release's own ids and periods, and carries what query.js needs: the engine's folder and size
(engine.py) and a link to each table's Parquet file. Everything runs in the browser
(site_src/assets/javascripts/query.js); without JavaScript or WebAssembly the page explains itself and
points to the downloads.
"""

from __future__ import annotations

import pandas as pd

from generator.compute.public import PublicRelease
from generator.site import engine, labels
from generator.site.labels import _
from generator.site.page import page

PAGE = "zelf-bevragen/index.md"
ALL_SETS = "alles"  # the package with every indicator set (package/packages.py names it so)
MAX_ROWS = 200  # rows shown in the result table; the CSV download has them all
#: Table Schema type -> the DuckDB type the column has once loaded (parquet-wasm keeps the Parquet types).
SQL_TYPES = {
    "string": "VARCHAR",
    "number": "DOUBLE",
    "integer": "BIGINT",
    "date": "DATE",
    "boolean": "BOOLEAN",
}
COMPARED = ("better", "no_different", "worse")
DEFAULT_SQL = "SELECT *\nFROM results\nLIMIT 10;"


def quoted(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def latest_published(results: pd.DataFrame) -> pd.DataFrame:
    """The published results of each indicator's latest period."""
    latest = results.groupby("indicator_id")["period"].transform("max")
    return results[(results["period"] == latest) & (results["status"] == "published")]


def pick(rows: pd.DataFrame, score: pd.Series) -> str | None:
    """The indicator with the highest score (ties: the first id), or None."""
    if rows.empty:
        return None
    ranked = score.reset_index().sort_values([score.name, "indicator_id"], ascending=[False, True])
    return str(ranked["indicator_id"].iloc[0])


def example(question: str, sql: str, indicator: tuple[str, str] | None = None) -> dict:
    """One example: the question, its SQL, and the (id, title) of the indicator it asks about, if any."""
    return {"question": question, "sql": sql, "indicator": indicator}


def examples(data: PublicRelease) -> list[dict]:
    """Example questions (in the active language) with their SQL, on this release's own ids and periods.

    The indicator of the first and fourth question is the one with the most providers worse than the national
    value in its latest period; the ranking question uses the indicator with a direction and the most
    published values. Questions that need an indicator are left out of a release without results.
    """
    latest = latest_published(data.results)
    indicators = data.indicators.set_index("indicator_id")
    worse = latest[latest["comparison"] == "worse"].groupby("indicator_id").size().rename("n")
    first = pick(worse, worse) or pick(latest, latest.groupby("indicator_id").size().rename("n"))
    ranked = latest[latest["indicator_id"].map(indicators["direction"]).isin(["higher", "lower"])]
    ranked = ranked[ranked["value"].notna()]
    best = pick(ranked, ranked.groupby("indicator_id").size().rename("n"))

    def about(indicator: str) -> tuple[tuple[str, str], str]:
        """The indicator's (id, title) and its latest period."""
        return (indicator, indicators.at[indicator, "title"]), str(
            latest.loc[latest["indicator_id"] == indicator, "period"].iloc[0]
        )

    def where(indicator: str, period: str, alias: str = "") -> str:
        """The SQL condition on one indicator and period."""
        return f"WHERE {alias}indicator_id = {quoted(indicator)}\n  AND {alias}period = {quoted(period)}\n"

    out = []
    if first is not None:
        named, period = about(first)
        question = _(
            "Hoeveel aanbieders scoren slechter dan landelijk op {indicator} in {period}?",
            indicator=first,
            period=period,
        )
        sql = (
            "SELECT count(*) AS providers_worse\nFROM results\n"
            + where(first, period)
            + "  AND comparison = 'worse';"
        )
        out.append(example(question, sql, named))
    out.append(
        example(
            _(
                "Welk deel van de aanbieders scoort beter, even goed of slechter dan landelijk, "
                "per indicator (in de nieuwste periode)?"
            ),
            "WITH latest AS (\n  SELECT indicator_id, max(period) AS period\n  FROM results\n"
            "  GROUP BY indicator_id\n)\nSELECT indicator_id, period, comparison,\n  count(*) AS providers,\n"
            "  round(100 * count(*) / sum(count(*)) OVER (PARTITION BY indicator_id), 1) AS percentage\n"
            "FROM results\nJOIN latest USING (indicator_id, period)\n"
            f"WHERE comparison IN ({', '.join(map(quoted, COMPARED))})\n"
            "GROUP BY indicator_id, period, comparison\nORDER BY indicator_id, comparison;",
        )
    )
    if best is not None:
        named, period = about(best)
        order = "DESC" if indicators.at[best, "direction"] == "higher" else "ASC"
        question = _(
            "Welke tien aanbieders hebben de beste uitkomst op {indicator} in {period}?",
            indicator=best,
            period=period,
        )
        sql = (
            "SELECT r.provider_id, p.name, p.city, r.value, r.ci_low, r.ci_high, r.comparison\n"
            f"FROM results AS r\nJOIN providers AS p USING (provider_id)\n{where(best, period, 'r.')}"
            f"  AND r.status = 'published'\nORDER BY r.value {order}, r.provider_id\nLIMIT 10;"
        )
        out.append(example(question, sql, named))
    if first is not None:
        out.append(
            example(
                _("Hoe veranderde de landelijke waarde van {indicator} per periode?", indicator=first),
                "SELECT period, value AS national_value, providers, q1, median, q3\nFROM benchmarks\n"
                f"WHERE indicator_id = {quoted(first)}\n  AND group_type = 'national'\nORDER BY period;",
                about(first)[0],
            )
        )
    out.append(
        example(
            _("Hoeveel aanbieders staan er in de gegevens, per provincie en soort?"),
            "SELECT province, kind, count(*) AS providers\nFROM providers\nGROUP BY province, kind\n"
            "ORDER BY province, kind;",
        )
    )
    out.append(
        example(
            _("Hoeveel uitkomsten heeft elke indicatorset, en waarom ontbreekt soms een cijfer?"),
            "SELECT set_id, status, count(*) AS results\nFROM results\nGROUP BY set_id, status\n"
            "ORDER BY set_id, status;",
        )
    )
    return out


def tables(releases: list[dict], release: str) -> tuple[list[dict], str]:
    """The Parquet tables of `release`'s 'alles' package (each field with its SQL type and its meaning in the
    active language) and the package's folder URL; ([], "") when the release has no such package."""
    current = next((r for r in releases if r["release"] == release), None)
    package = next((p for p in (current or {}).get("packages", []) if p["folder"] == ALL_SETS), None)
    if package is None:
        return [], ""
    # the packages' field titles are Dutch and their descriptions English: each site shows its own language
    meaning = "title" if labels.active() == "nl" else "description"
    listed = [
        dict(
            t,
            fields=[
                dict(f, sql_type=SQL_TYPES.get(f["type"], "VARCHAR"), meaning=f[meaning] or f["title"])
                for f in t["fields"]
            ],
        )
        for t in package["tables"]
    ]
    return listed, package["base_url"]


def query_files(data: PublicRelease, releases: list[dict], ctx: dict) -> dict[str, str]:
    """The query page."""
    listed, package_url = tables(releases, data.release)
    return {
        PAGE: page(
            "query.html.j2",
            _("Zelf de gegevens bevragen"),
            1,
            _("Stel uw eigen vragen in SQL aan de open data, in uw browser."),
            tables=listed,
            package_url=package_url,
            examples=examples(data),
            default_sql=DEFAULT_SQL,
            engine_folder=engine.FOLDER,
            engine_bytes=engine.total_bytes(),
            engine_files={f.name: f.bytes for f in engine.FILES},
            data_bytes=sum(t["bytes"] for t in listed),
            max_rows=MAX_ROWS,
            **ctx,
        )
    }
