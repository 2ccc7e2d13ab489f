"""Every place of a built site that shows a verdict, read back and compared with the package's `comparison`.

publish/consistency.py checks that the results table agrees with itself; this module checks that the site
says what the table says: the indicator pages' tables, the provider pages' tables, the indicator JSON the
charts draw (colour and shape come from its `comparison`), the funnel sentences (their counts are the
rows' `deviation`) and the choice aid's data. Each check returns a consistency.Check. Used by the tests and
scripts/verdict-audit; it reads every page, so verify (which runs on every build) leaves it out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from generator.publish.consistency import Check

ROW = re.compile(r'<tr><th scope="row"><a href="\.\./\.\./aanbieders/([^/]+)/">.*?</tr>', re.S)
INDICATOR_ROW = re.compile(r'<tr>\s*<th scope="row"><a href="\.\./\.\./indicatoren/([^/]+)/">.*?</tr>', re.S)
VERDICT = re.compile(r"zs-cmp--(\w+)")
SENTENCE = re.compile(
    r"lagen? (\w+) van de (\d+) aanbieders boven de bovengrens \([\d,.]+%\) en (\w+) eronder"
)
NONE_OUTSIDE = re.compile(r"lag (geen) van de (\d+) aanbieders buiten de grenzen()")


def latest(results: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's rows of its latest period (indicator pages, their JSON, choice aid)."""
    newest = results.groupby("indicator_id")["period"].transform("max")
    return results[results["period"] == newest]


def _shown(row_html: str) -> str:
    """The verdict class in one table row's HTML ('' when the row shows none)."""
    found = VERDICT.search(row_html)
    return found.group(1) if found else ""


def _table_check(name: str, pages: list[Path], row: re.Pattern, start: str, want: pd.Series) -> Check:
    """The verdict in every table row `row` matches after `start` on `pages`, against `want` indexed by (page
    folder, id in the row's link)."""
    checked, bad = 0, []
    for page in pages:
        html = page.read_text("utf-8")
        for match in row.finditer(html[max(html.find(start), 0) :]):
            key = (page.parent.name, match.group(1))
            if key in want.index:
                checked += 1
                if _shown(match.group(0)) != want[key]:
                    bad.append("/".join(key))
    return Check(name, checked, len(bad), bad[:5])


def indicator_tables(site: Path, results: pd.DataFrame) -> Check:
    """The verdict in every row of every indicator page's table of all providers."""
    now = latest(results).set_index(["indicator_id", "provider_id"])["comparison"].astype(str)
    pages = sorted((site / "indicatoren").glob("*/index.html"))
    return _table_check("indicator_tables", pages, ROW, 'id="caption-all"', now)


def provider_tables(site: Path, results: pd.DataFrame) -> Check:
    """The verdict in every result row of every provider page (each indicator's newest period there)."""
    newest = results.groupby(["provider_id", "indicator_id"])["period"].transform("max")
    rows = results[results["period"] == newest].set_index(["provider_id", "indicator_id"])["comparison"]
    pages = sorted((site / "aanbieders").glob("*/index.html"))
    return _table_check("provider_tables", pages, INDICATOR_ROW, "", rows.astype(str))


def chart_data(site: Path, results: pd.DataFrame) -> Check:
    """The `comparison` (and `deviation`) in every indicator JSON the charts draw from."""
    now = latest(results).set_index(["indicator_id", "provider_id"])
    checked, bad = 0, []
    for path in sorted((site / "api" / "indicators").glob("*.json")):
        payload = json.loads(path.read_text("utf-8"))
        for row in payload["results"]:
            key = (payload["indicator"]["indicator_id"], row["provider_id"])
            if key not in now.index:
                continue
            checked += 1
            want = now.loc[key]
            deviation = row.get("deviation", want["deviation"]) or ""  # releases before it had no deviation
            if (row.get("comparison") or "") != str(want["comparison"]) or deviation != str(
                want["deviation"]
            ):
                bad.append("/".join(key))
    return Check("chart_data", checked, len(bad), bad[:5])


def funnel_sentences(site: Path, results: pd.DataFrame) -> Check:
    """The counts above and below in every funnel chart's sentence against the rows' deviation."""
    now = latest(results[results["status"] == "published"])
    checked, bad = 0, []
    words = {"geen": 0, "": 0}
    for page in sorted((site / "indicatoren").glob("*/index.html")):
        html = page.read_text("utf-8")
        found = SENTENCE.search(html) or NONE_OUTSIDE.search(html)
        if not found:
            continue
        mine = now[now["indicator_id"] == page.parent.name]
        above, total, below = (words.get(g) if not g.isdigit() else int(g) for g in found.groups())
        checked += 1
        want = (
            int((mine["deviation"] == "above").sum()),
            len(mine),
            int((mine["deviation"] == "below").sum()),
        )
        if (above, total, below) != want:
            bad.append(page.parent.name)
    return Check("funnel_sentences", checked, len(bad), bad[:5])


def choice_aid(site: Path, results: pd.DataFrame) -> Check:
    """The status and verdict code of every provider and indicator in the choice aid's data."""
    now = latest(results).set_index(["indicator_id", "provider_id"])
    checked, bad = 0, []
    for path in sorted((site / "api" / "keuzehulp").glob("*.json")):
        payload = json.loads(path.read_text("utf-8"))
        if "codes" not in payload:
            continue
        for indicator, cells in payload["results"].items():
            for provider, cell in zip(payload["providers"]["id"], cells):
                status, comparison, _label = payload["codes"][cell[-1]]
                if (indicator, provider) not in now.index or status == "missing":
                    continue
                row = now.loc[(indicator, provider)]
                checked += 1
                if (status, comparison) != (
                    str(row["status"]),
                    str(row["comparison"]) if status == "published" else "",
                ):
                    bad.append(f"{provider}/{indicator}")
    return Check("choice_aid", checked, len(bad), bad[:5])


def check_site(site: Path, results: pd.DataFrame) -> list[Check]:
    """Every place of the site that shows a verdict (module docstring)."""
    if "deviation" not in results:
        results = results.assign(deviation="")
    results = results.astype({c: str for c in ("comparison", "deviation", "status")})
    results = results.replace({"comparison": {"nan": ""}, "deviation": {"nan": ""}})
    return [
        check(site, results)
        for check in (indicator_tables, provider_tables, chart_data, funnel_sentences, choice_aid)
    ]
