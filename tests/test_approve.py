"""Tests for generator/approve.py: the approval gate.

Only valid, approved rows pass; every other row is counted in exactly one bucket. Precedence: a row
with a row problem is 'rejected' whatever its approval status (a rejected + pending row counts as
rejected, not held back), so the report names the problem to fix first.
"""

from __future__ import annotations

import pandas as pd
import pytest
from intake_files import build, result

from generator.core.names import HELD_BACK, REJECTED
from generator.intake.approve import approval_gate
from generator.intake.validate import Checked

STATUSES = ["approved", "pending", "rejected", "withdrawn"]


def checked_results(statuses: list[str], rejected: list[bool]) -> Checked:
    n = len(statuses)
    table = pd.DataFrame(
        {
            "_file": "results.csv",
            "_row": range(2, n + 2),
            "provider_id": [f"P{i}" for i in range(n)],
            "indicator_id": "MEAN",
            "period": "2023",
            "approval_status": statuses,
            "value": [float(i) for i in range(n)],
        }
    )
    return Checked(table, [], pd.Series(rejected, index=table.index))


def test_only_valid_approved_rows_pass():
    gate = approval_gate(checked_results(STATUSES * 2, [False] * 4 + [True] * 4))
    assert gate.approved["_row"].tolist() == [2]
    assert (gate.approved["approval_status"] == "approved").all()


def test_every_other_row_gets_one_bucket():
    gate = approval_gate(checked_results(STATUSES * 2, [False] * 4 + [True] * 4))
    buckets = dict(zip(gate.stopped["_row"], gate.stopped["bucket"]))
    assert buckets == {
        3: HELD_BACK,
        4: HELD_BACK,
        5: HELD_BACK,
        6: REJECTED,
        7: REJECTED,
        8: REJECTED,
        9: REJECTED,
    }
    assert len(gate.approved) + len(gate.stopped) == 8
    assert set(gate.approved.index).isdisjoint(gate.stopped.index)


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn", "approved"])
def test_a_row_with_a_problem_counts_as_rejected_whatever_its_status(status):
    gate = approval_gate(checked_results([status], [True]))
    assert gate.approved.empty and gate.stopped["bucket"].tolist() == [REJECTED]


def test_stopped_rows_carry_provenance_and_status_but_no_values():
    gate = approval_gate(checked_results(["pending"], [False]))
    assert list(gate.stopped.columns) == [
        "_file",
        "_row",
        "provider_id",
        "indicator_id",
        "period",
        "approval_status",
        "bucket",
    ]
    assert "value" not in gate.stopped


def test_gate_on_no_rows():
    gate = approval_gate(checked_results([], []))
    assert gate.approved.empty and gate.stopped.empty


def test_unapproved_rows_never_reach_the_release(intake):
    rows = [
        result(provider_id="P1", value="1.11"),
        result(provider_id="P2", value="2.22", approval_status="pending"),
        result(provider_id="P3", value="3.33", approval_status="rejected"),
        result(provider_id="ORG1", value="4.44", approval_status="withdrawn"),
        result(
            provider_id="P1",
            indicator_id="PCT",
            numerator="9",
            denominator="40",
            value="",
            approval_status="nog niet geaccordeerd",
        ),
        result(
            provider_id="P2",
            indicator_id="TXT",
            value="",
            text_value="GEHEIM-pending",
            approval_status="concept",
        ),
    ]
    rel = build(intake(rows))
    assert rel.report["issues"] == []
    from_intake = rel.accounting
    assert list(zip(from_intake["_file"], from_intake["_row"])) == [("results.csv", 2)]
    assert set(rel.results["value"].dropna()) == {1.11}
    assert not rel.results.astype(str).apply(lambda c: c.str.contains("GEHEIM")).any().any()
    assert rel.report["totals"] == {"published": 1, "suppressed": 0, "held_back": 5, "rejected": 0, "read": 6}
    assert rel.report["held_back_by_status"] == {"pending": 3, "rejected": 1, "withdrawn": 1}


def test_rejected_and_pending_counts_as_rejected(intake):
    rel = build(
        intake([result(provider_id="P1", period="veel", approval_status="pending"), result(provider_id="P2")])
    )
    assert rel.report["totals"]["rejected"] == 1 and rel.report["totals"]["held_back"] == 0
    assert rel.report["held_back_by_status"] == {}
    assert [i["code"] for i in rel.report["issues"]] == ["period-invalid"]
