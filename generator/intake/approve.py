"""Approve: the approval gate. Only approved, valid results go on; the rest are counted, never passed on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.core.names import APPROVED, HELD_BACK, REJECTED
from generator.intake.validate import Checked


@dataclass
class Gate:
    """The results split by the gate: what goes on, and the bucket of each row that does not."""

    approved: pd.DataFrame  # valid, approved rows: the only rows later stages see
    stopped: pd.DataFrame  # provenance, ids and bucket (held_back / rejected) of every other row


def approval_gate(results: Checked) -> Gate:
    """Split checked results: rejected (any row problem), held back (not approved), or approved."""
    t = results.table
    bucket = pd.Series("", index=t.index, dtype=object)
    bucket[results.rejected] = REJECTED
    bucket[~results.rejected & (t["approval_status"] != APPROVED)] = HELD_BACK
    passed = bucket == ""
    stopped = t.loc[
        ~passed, ["_file", "_row", "provider_id", "indicator_id", "period", "approval_status"]
    ].copy()
    stopped["bucket"] = bucket[~passed]
    return Gate(approved=t.loc[passed].copy(), stopped=stopped)
