"""The processing report per provider: its verwerkingsverslag and prestatieoverzicht.

For every provider in the results or the registry: its rows by bucket (published, suppressed, held back,
rejected), per delivery when the rows carry a delivery_id, every issue on its rows and its registry row
with the fix, and what will be published once approved, as the site will show it. Only the provider's
own rows, issues and registry entry go in; a hint that would name another provider is left out.

Pure functions on the intake's checked tables and compute's output tables (passed in, so the intake
imports no later stage). The caller passes the formatter (the pipeline passes the site's own, so a figure
reads here as on the public page) and the slug rule for page names. The pages belong in the report
folder only, never in the site or the packages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from generator.core.errors import ISSUE_TYPES, Issue
from generator.core.names import BUCKETS, HELD_BACK, REJECTED, SOURCE_FILE, SOURCE_ROW
from generator.intake.report import template_env
from generator.intake.validate import Checked

#: What the provider (or the publisher) does about each row issue: the provider's side of it, where an
#: Issue's own `fix` names the intake.yaml key the publisher changes. A field-dropped issue takes the fix
#: of the rule its value broke.
PROVIDER_FIXES: dict[str, str] = {
    "required-missing": "Fill in the column in your delivery.",
    "number-invalid": "Deliver a number (digits, one decimal mark) or leave the cell empty.",
    "integer-invalid": "Deliver a whole number.",
    "date-invalid": "Write the date as YYYY-MM-DD (or ask the publisher to add your format to date_formats).",
    "boolean-invalid": "Use ja/nee, true/false or 1/0.",
    "enum-invalid": "Use one of the listed values.",
    "pattern-invalid": "Write an id on one line, of at most 200 characters, without control characters.",
    "period-invalid": "Write the period as a year (2023), a quarter (2023-Q2) or a month (2023-05).",
    "period-outside-set": "Check the period: the indicator is not part of its set in that year.",
    "unknown-provider": "Use your id as the provider registry has it, or have the registry entry added.",
    "unknown-indicator": "Use the indicator id of the indicator catalogue.",
    "unknown-parent": "Check the organisation id (parent_id), or have the organisation added to the "
    "registry.",
    "control-character-removed": "Nothing to do; remove the invisible characters at the source to stop this.",
    "value-recomputed": "Check the value against numerator and denominator; correct whichever is wrong.",
    "numerator-exceeds-denominator": "Correct numerator or denominator: the numerator counts part of the "
    "denominator.",
    "negative-count": "Correct the count: it cannot be below zero.",
    "value-out-of-range": "Deliver the value in the indicator's unit (a percentage from 0 to 100, a "
    "proportion from 0 to 1).",
    "duplicate-result": "Deliver one approved result per indicator and period; withdraw the other.",
    "duplicate-id": "Give each registry row its own id.",
    "denominator-missing": "Deliver the denominator (the number of cases the figure is about).",
    "value-missing": "Deliver the value (or numerator and denominator), or the reason it is missing.",
    "value-conflicts-with-missing": "Deliver either a value or the reason it is missing, not both.",
    "id-path-taken": "Use the id the registry or catalogue has: another id is written almost the same way.",
    "lookup-unmatched": "Check the code: the publisher's lookup list lacks it (the field stays empty).",
}
#: Issues whose hint may name another provider (a 'did you mean' among the registry's ids): shown without it.
PRIVATE_HINTS = ("unknown-provider",)
KEY = ["provider_id", "indicator_id", "period"]
FIGURE = ["status", "value", "text_value"]
Shown = Callable[[float, str, float, str, str], str]  # (value, unit, rate_per, text, status) -> text


def provider_rows(
    results: Checked,
    stopped: pd.DataFrame,
    accounting: pd.DataFrame,
    published: pd.DataFrame,
    preview: pd.DataFrame,
    indicators: pd.DataFrame,
) -> pd.DataFrame:
    """One row per delivered results row: provider, delivery, indicator, period, file and row, its bucket,
    and its figure (status, value, text) as published or, held back, as it would be once approved.

    `stopped` is the approval gate's (bucket of every row it stopped, on the results' index), `accounting`
    and `published` compute's bucket and published rows of the approved ones, `preview` compute's
    disclosure applied to the held-back rows (on the results' index), `indicators` the catalogue."""
    t = results.table
    rows = t[[SOURCE_FILE, SOURCE_ROW, *KEY, "delivery_id", "approval_status"]].copy()
    rows = rows.rename(columns={SOURCE_FILE: "file", SOURCE_ROW: "row"})
    rows["bucket"] = stopped["bucket"].reindex(t.index)
    approved = rows["bucket"].isna()
    where = pd.MultiIndex.from_frame(rows.loc[approved, KEY])
    rows.loc[approved, "bucket"] = (
        accounting.drop_duplicates(KEY).set_index(KEY)["bucket"].reindex(where).to_numpy()
    )
    figures = pd.DataFrame({"status": "", "value": np.nan, "text_value": ""}, index=t.index)
    figures.loc[approved, FIGURE] = (
        published.drop_duplicates(KEY).set_index(KEY)[FIGURE].reindex(where).to_numpy()
    )
    held = rows.index[rows["bucket"] == HELD_BACK]
    figures.loc[held, FIGURE] = preview.loc[held, FIGURE].to_numpy()
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    rows = rows.join(figures)
    for column in ("title", "unit", "rate_per"):
        rows[column] = rows["indicator_id"].map(cat[column])
    return rows.fillna({"title": "", "unit": "", "status": "", "text_value": "", "delivery_id": ""})


def _issue(issue: Issue) -> dict:
    """An issue as the provider sees it: located, with its fix, without a hint naming another provider."""
    if issue.code in PRIVATE_HINTS:
        issue = dataclasses.replace(issue, hint="")
    code = issue.extra.get("rule", issue.code) if issue.code == "field-dropped" else issue.code
    return issue.to_dict() | {"fix": PROVIDER_FIXES.get(code, "")}


def _by_place(issues: Iterable[Issue]) -> dict[tuple[str, int], list[Issue]]:
    out: dict[tuple[str, int], list[Issue]] = {}
    for issue in issues:
        out.setdefault((issue.file, issue.row or 0), []).append(issue)
    return out


def _counts(rows: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for r in rows:
        counts[r["bucket"]] += 1
    return counts | {"read": len(rows)}


def provider_ids(rows: pd.DataFrame, registry: Checked) -> list[str]:
    """Every provider id a report page is made for: those in the results and in the registry."""
    return sorted((set(rows["provider_id"]) | set(registry.table["provider_id"])) - {""})


PROVIDER_BLOCK = 1000  # providers whose rows are turned into dicts at a time


def _records(rows: pd.DataFrame, ids: list[str]) -> dict[str, dict[str, list[dict]]]:
    """The rows of the providers `ids` as plain dicts, per provider and delivery, in bucket, file and row
    order (Python lists: a pandas group per provider and delivery costs minutes at national size)."""
    mine = rows[rows["provider_id"].isin(ids)]
    mine = mine.assign(order=mine["bucket"].map({b: i for i, b in enumerate(BUCKETS)}))
    mine = mine.sort_values(["provider_id", "delivery_id", "order", "file", "row"], kind="stable")
    columns = {c: mine[c].astype(object).tolist() for c in mine.columns}
    out: dict[str, dict[str, list[dict]]] = {}
    for values in zip(*columns.values()):
        r = dict(zip(columns, values))
        out.setdefault(r["provider_id"], {}).setdefault(r["delivery_id"], []).append(r)
    return out


def provider_reports(
    rows: pd.DataFrame,
    results: Checked,
    registry: Checked,
    shown: Shown,
    pages: dict[str, str],
    only: str | None = None,
) -> Iterator[dict]:
    """The report of each provider (or of provider `only`), JSON-ready, one at a time as it is made; `rows`
    from provider_rows, `shown` formats a figure as the site shows it, `pages` gives each provider id its
    page's path."""
    ids = [only] if only is not None else provider_ids(rows, registry)
    cache: dict[tuple, str] = {}

    def show(r: dict) -> str:
        # NaN never equals itself, so as a key it would miss the cache on every row: None stands for it
        key = tuple(None if v != v else v for v in (r["value"], r["unit"], r["rate_per"], r["text_value"]))
        key += (r["status"],)
        if key not in cache:
            cache[key] = shown(*key) if r["status"] and r["bucket"] != REJECTED else ""
        return cache[key]

    places = _by_place(results.issues)
    reg_places = _by_place(registry.issues)
    reg = registry.table.assign(rejected=registry.rejected)
    entries: dict[str, list[tuple]] = {}
    for pid, *entry in zip(
        reg["provider_id"], reg[SOURCE_FILE], reg[SOURCE_ROW], reg["name"], reg["rejected"]
    ):
        entries.setdefault(pid, []).append(entry)
    grouped: dict[str, dict[str, list[dict]]] = {}
    for n, pid in enumerate(ids):
        if n % PROVIDER_BLOCK == 0:  # rows as dicts a block of providers at a time (all: GBs at 10,000)
            grouped = _records(rows, ids[n : n + PROVIDER_BLOCK])
        own = entries.get(pid, [])
        deliveries, everything = [], []
        for n, (delivery, part) in enumerate(grouped.get(pid, {}).items(), start=1):
            listed: dict[str, list[dict]] = {b: [] for b in BUCKETS}
            issues = []
            for r in part:
                found = places.get((r["file"], r["row"]), [])
                issues += [_issue(i) for i in found]
                listed[r["bucket"]].append(
                    {k: r[k] for k in ("file", "indicator_id", "title", "period", "approval_status")}
                    | {"row": int(r["row"]), "shown": show(r)}
                    | {"issues": [i.code for i in found if ISSUE_TYPES[i.code][0] == "row"]}
                )
            everything += part
            counts = _counts(part)
            deliveries.append(
                {"delivery_id": delivery, "anchor": f"levering-{n}", "counts": counts, "rows": listed}
                | {"issues": issues}
            )
        shown_rows = sorted(
            (r for r in everything if r["bucket"] != REJECTED),
            key=lambda r: (r["indicator_id"], r["period"], r["order"]),
        )
        yield (
            {
                "provider_id": pid,
                "name": str(own[0][2]) if own else "",
                "in_registry": any(not rejected for *_, rejected in own),
                "page": pages.get(pid, ""),
                "counts": _counts(everything),
                "deliveries": deliveries,
                "registry_issues": [_issue(i) for f, r, *_ in own for i in reg_places.get((f, r), [])],
                "overview": [
                    {k: r[k] for k in ("indicator_id", "title", "period")}
                    | {
                        "shown": show(r),
                        "when": "once approved" if r["bucket"] == HELD_BACK else "this release",
                    }
                    for r in shown_rows
                ],
            }
        )


def provider_index(reports: Iterable[dict], rows: pd.DataFrame) -> dict:
    """The processing report's list of provider pages: per provider its counts, deliveries and page; and
    the results rows that name no provider (they are on no provider's page). The reports are read once."""
    return {
        "pages": [
            {k: r[k] for k in ("provider_id", "name", "page", "counts")}
            | {"deliveries": len(r["deliveries"])}
            for r in reports
        ],
        "rows_without_provider": int((rows["provider_id"] == "").sum()),
    }


def provider_html(report: dict, release: str) -> str:
    """One provider's report as a self-contained HTML page (all intake text escaped)."""
    return (
        template_env()
        .get_template("provider_report.html.j2")
        .render(p=report, release=release, buckets=BUCKETS, rejected=REJECTED)
    )


def written_pages(reports: Iterable[dict], release: str, write: Callable[[str, str], None]) -> Iterator[dict]:
    """Each report once write(file name, HTML) has written its page: the pages of reports made one at a
    time, each report let go once its page and what the index takes of it are made (all 5,400 reports
    of cms-maternal-health at once took 57 MB)."""
    for report in reports:
        write(report["page"].removeprefix("providers/"), provider_html(report, release))
        yield report


def provider_lines(report: dict, limit: int = 20) -> list[str]:
    """One provider's report as lines of text for the terminal (at most `limit` rows and issues per list)."""
    c = report["counts"]
    name = f" {report['name']}" if report["name"] else ""
    lines = [
        f"provider {report['provider_id']}{name}"
        + ("" if report["in_registry"] else " (not an accepted entry of the provider registry)"),
        f"  {c['read']} rows = {c['published']} published + {c['suppressed']} suppressed + "
        f"{c['held_back']} held back + {c['rejected']} rejected",
    ]
    lines += [f"  registry: {i['message']}  [{i['code']}] fix: {i['fix']}" for i in report["registry_issues"]]
    for d in report["deliveries"]:
        dc = d["counts"]
        lines.append(
            f"delivery {d['delivery_id'] or '(no delivery id)'}: {dc['read']} rows, "
            f"{dc['published']} published, {dc['suppressed']} suppressed, {dc['held_back']} held back, "
            f"{dc['rejected']} rejected"
        )
        for bucket in BUCKETS:
            listed = d["rows"][bucket]
            for r in listed[:limit]:
                what = r["shown"] or ", ".join(r["issues"])
                if bucket == HELD_BACK:
                    what = f"{r['approval_status']}; once approved: {what}"
                lines.append(
                    f"  {bucket:<10} {r['indicator_id']} {r['period']}: {what}  ({r['file']} row {r['row']})"
                )
            if len(listed) > limit:
                lines.append(f"  {bucket:<10} … and {len(listed) - limit} more")
        for i in d["issues"][:limit]:
            lines.append(
                f"  issue      {i['file']} row {i['row']}: {i['message']}  [{i['code']}] fix: {i['fix']}"
            )
        if len(d["issues"]) > limit:
            lines.append(f"  issue      … and {len(d['issues']) - limit} more")
    later = [o for o in report["overview"] if o["when"] == "once approved"]
    if later:
        lines.append(f"once approved, {len(later)} more result(s) would be published:")
        lines += [f"  {o['indicator_id']} {o['period']}: {o['shown']}" for o in later[:limit]]
    return lines
