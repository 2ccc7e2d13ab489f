"""Memory proportional to the data (issue 15): reading a CSV holds no copies of it as lines or StringIOs,
and validation makes the texts of its issues for the flagged rows only."""

from __future__ import annotations

import tracemalloc

import pandas as pd
from intake_files import csv_text, source

from generator.core.names import SOURCE_FILE, SOURCE_ROW
from generator.intake.fields import row_issues
from generator.intake.read import read_csv

HEADER = ["provider_id", "indicator_id", "period", "value", "approval_status", "explanation"]


def test_reading_a_2_mb_csv_allocates_little_more_than_the_file():
    """The text was held as a list of lines, three joined copies and StringIOs of four bytes a character:
    7.6 times the file's size in Python objects at the peak; now about 2.3 times (the decoded text and
    its UTF-8 bytes for pandas; the table itself is in Arrow)."""
    rows = [HEADER] + [
        [f"P{n % 500}", "MEAN", str(2000 + n % 20), "5.5", "approved", "Toelichting " * 3]
        for n in range(30_000)
    ]
    data = csv_text(rows).encode("utf-8")
    assert 1.5e6 < len(data) < 3e6
    tracemalloc.start()
    try:
        raw = read_csv(data, "r.csv", source())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(raw.frame) == 30_000 and raw.rows[-1] == 30_001
    assert peak < 3.5 * len(data), f"{peak / len(data):.1f} times the file"


def test_issue_texts_are_made_for_the_flagged_rows_only():
    table = pd.DataFrame(
        {"value": [float(n) for n in range(10_000)], SOURCE_FILE: "r.csv", SOURCE_ROW: range(2, 10_002)}
    )
    seen = []

    def detail(rows):
        seen.append(len(rows))
        return rows["value"].map(lambda v: f"{v:g}")

    flagged = table["value"] > 9_997
    issues = row_issues(table, flagged, "value-out-of-range", "value", detail=detail)
    assert seen == [2] and [i.detail for i in issues] == ["9998", "9999"]
    assert row_issues(table, table["value"] < 0, "value-out-of-range", "value", detail=detail) == []
    assert seen == [2]  # no issue, no text
