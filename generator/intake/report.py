"""Report: the processing report (verwerkingsverslag) of a build.

Says per file and per indicator set how many rows were read, published, suppressed, held back
(not approved) and rejected, lists every issue with its location, and proves that every results
row ended in exactly one bucket.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import jinja2
import pandas as pd

from generator.core import jinja
from generator.core.errors import AccountingError, Issue
from generator.core.names import BUCKETS, HELD_BACK, REJECTED, SOURCE_FILE, SUPPRESSED_COMPLEMENT

UNKNOWN_SET = "(onbekende indicator)"


def _bucket_rows(published: pd.DataFrame, stopped: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    sets = indicators.drop_duplicates("indicator_id").set_index("indicator_id")["set_id"]
    rows = pd.concat(
        [
            published[[SOURCE_FILE, "indicator_id", "bucket"]],
            stopped[[SOURCE_FILE, "indicator_id", "bucket"]],
        ],
        ignore_index=True,
    )
    rows["set_id"] = rows["indicator_id"].map(sets).fillna(UNKNOWN_SET)
    return rows


def _counts(rows: pd.DataFrame, by: str) -> dict[str, dict[str, int]]:
    table = rows.groupby([by, "bucket"]).size().unstack(fill_value=0)
    out = {}
    for key, counts in table.iterrows():
        entry = {b: int(counts.get(b, 0)) for b in BUCKETS}
        entry["read"] = sum(entry.values())
        out[str(key)] = entry
    return out


def build_report(
    release: str,
    files: list[dict],
    checked: dict,
    published: pd.DataFrame,
    stopped: pd.DataFrame,
    indicators: pd.DataFrame,
) -> dict:
    """Assemble the report as a JSON-ready dict; raise AccountingError if the buckets do not add up."""
    rows = _bucket_rows(published, stopped, indicators)
    per_file = _counts(rows, SOURCE_FILE)
    file_entries = []
    for f in files:
        entry = {"file": f["file"], "table": f["table"], "rows_in_file": f["rows"], "read": f["rows_mapped"]}
        if f["table"] == "results":
            counts = per_file.get(f["file"], {b: 0 for b in BUCKETS} | {"read": 0})
            entry.update({b: counts[b] for b in BUCKETS})
            if counts["read"] != f["rows_mapped"]:
                raise AccountingError(
                    f"{f['file']}: {f['rows_mapped']} rows read but {counts['read']} in buckets"
                )
        else:
            table = checked[f["table"]]
            mine = table.table[SOURCE_FILE] == f["file"]
            entry.update(
                {
                    "accepted": int((mine & ~table.rejected).sum()),
                    "rejected": int((mine & table.rejected).sum()),
                }
            )
        file_entries.append(entry)
    totals = {b: int((rows["bucket"] == b).sum()) for b in BUCKETS}
    totals["read"] = int(sum(f["rows_mapped"] for f in files if f["table"] == "results"))
    if totals["read"] != sum(totals[b] for b in BUCKETS):
        raise AccountingError(
            f"{totals['read']} results rows read but {sum(totals[b] for b in BUCKETS)} in buckets"
        )
    # of the suppressed: those with enough cases, hidden so a suppressed one cannot be worked out from a total
    complements = (
        published["status"] == SUPPRESSED_COMPLEMENT if "status" in published else pd.Series(dtype=bool)
    )
    held = stopped.loc[stopped["bucket"] == HELD_BACK, "approval_status"].value_counts()
    issues: list[Issue] = [i for c in checked.values() for i in c.issues]
    issues.sort(key=lambda i: (i.file, i.row or 0, i.column, i.code))
    titles = indicators.drop_duplicates("set_id").set_index("set_id")["set_title"]
    sets = [
        {"set_id": k, "set_title": str(titles.get(k, k))} | v
        for k, v in sorted(_counts(rows, "set_id").items())
    ]
    return {
        "release": release,
        "totals": totals,
        "files": file_entries,
        "sets": sets,
        "suppressed_as_complement": int(complements.sum()),
        "held_back_by_status": {str(k): int(v) for k, v in sorted(held.items())},
        "rejected_rows": {t: int(c.rejected.sum()) for t, c in checked.items()},
        "issue_counts": dict(sorted(Counter(i.code for i in issues).items())),
        "issues": [i.to_dict() for i in issues],
    }


def structural_report(release: str, issues: list[Issue]) -> dict:
    """The report of a build stopped by structural problems: nothing was published."""
    return {"release": release, "stopped": True, "structural_issues": [i.to_dict() for i in issues]}


def report_json(report: dict) -> str:
    """The report as stable, indented JSON text."""
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@cache
def template_env() -> jinja2.Environment:
    """The Jinja environment of the report pages (every value escaped)."""
    return jinja.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_html(report: dict) -> str:
    """The report as a readable, self-contained HTML page (all text escaped)."""
    return template_env().get_template("report.html.j2").render(r=report, buckets=BUCKETS, rejected=REJECTED)
