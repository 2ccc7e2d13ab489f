"""The summary a command prints: the processing report's issues grouped, so that thousands of identical
issues are one line with a count, their first rows and values, and where to fix them; and the files of
which not one row got through, which points at intake.yaml rather than at the data.

Pure: works on the report dict (intake.report.build_report); the report itself keeps every issue.
"""

from __future__ import annotations

FIRST_ROWS = 5
FIRST_VALUES = 3


def grouped_issues(issues: list[dict]) -> list[dict]:
    """The issues as groups of one rule, file and column, in the order of their first issue: the first
    issue's fields (message, fix, ...) plus `count`, the first FIRST_ROWS `rows` and FIRST_VALUES distinct
    `values`."""
    groups: dict[tuple, dict] = {}
    for issue in issues:
        key = (issue["severity"], issue["code"], issue["file"], issue["column"])
        group = groups.setdefault(key, issue | {"count": 0, "rows": [], "values": []})
        group["count"] += 1
        if issue["row"] is not None and issue["row"] not in group["rows"] and len(group["rows"]) < FIRST_ROWS:
            group["rows"].append(issue["row"])
        if issue["value"] and issue["value"] not in group["values"] and len(group["values"]) < FIRST_VALUES:
            group["values"].append(issue["value"])
    return list(groups.values())


def wholly_rejected(report: dict) -> list[dict]:
    """The results files that had rows and of which every row was rejected."""
    return [
        f
        for f in report.get("files", [])
        if f["table"] == "results" and f["read"] and f.get("rejected") == f["read"]
    ]


def summary_lines(report: dict, limit: int = 20) -> list[str]:
    """The issue part of a command's summary: a paragraph per group (at most `limit`), each with where to
    fix it, then a line per wholly rejected file."""
    lines = []
    groups = grouped_issues(report["issues"])
    for g in groups[:limit]:
        row = f"row {g['row']}" if g["count"] == 1 and g["row"] else ""
        count = f"({g['count']:,} rows)" if g["count"] > 1 else ""
        where = ", ".join(p for p in (g["file"], row, f"column {g['column']!r}" if g["column"] else "") if p)
        lines.append(
            f"  {g['severity']:<7} {where}{' ' + count if count else ''}: {g['message']}  [{g['code']}]"
        )
        if g["count"] > 1:
            more = ", …" if g["count"] > len(g["rows"]) else ""
            values = [repr(v if len(v) <= 40 else v[:40] + "…") for v in g["values"]]
            shown = "; values " + ", ".join(values) if values else ""
            lines.append(f"          rows {', '.join(map(str, g['rows']))}{more}{shown}")
        if g.get("fix"):
            label = (
                "fix" if g["fix"].startswith(("nothing", "none in", "the delivered file")) else "intake.yaml"
            )
            lines.append(f"          {label}: {g['fix']}")
    if len(groups) > limit:
        lines.append(f"  … and {len(groups) - limit} more kinds of issue: see the processing report.")
    for f in wholly_rejected(report):
        lines.append(
            f"  ! every one of the {f['read']:,} rows of {f['file']} was rejected: check its entry in "
            "intake.yaml first (columns, values, and what defaults: adds), a whole file is seldom all wrong."
        )
    return lines
