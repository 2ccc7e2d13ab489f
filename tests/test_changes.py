"""Tests of changes.py: what a release changed against the previous one."""

import numpy as np
import pandas as pd

from generator.compute.changes import diff_releases


def results(rows):
    return pd.DataFrame(rows, columns=["provider_id", "indicator_id", "period", "value", "status"])


def test_first_release_has_no_changes():
    out = diff_releases(None, None, results([]), pd.DataFrame({"provider_id": ["01"]}))
    assert out.empty and "change" in out.columns


def test_added_removed_new_withdrawn_corrected():
    old = results(
        [
            ("01", "A", "2023", 10.0, "published"),
            ("01", "B", "2023", 5.0, "published"),
            ("02", "A", "2023", 7.0, "published"),
            ("03", "A", "2023", 1.0, "published"),
        ]
    )
    new = results(
        [
            ("01", "A", "2023", 12.0, "published"),
            ("01", "B", "2023", 5.0, "published"),
            ("02", "A", "2023", np.nan, "not_delivered"),
            ("04", "A", "2023", 3.0, "published"),
            ("01", "A", "2024", 11.0, "published"),
        ]
    )
    out = diff_releases(
        old,
        pd.DataFrame({"provider_id": ["01", "02", "03"]}),
        new,
        pd.DataFrame({"provider_id": ["01", "02", "04"]}),
    )
    got = {(r.change, r.provider_id, r.indicator_id, r.period) for r in out.itertuples()}
    assert got == {
        ("provider_added", "04", "", ""),
        ("provider_removed", "03", "", ""),
        ("result_corrected", "01", "A", "2023"),
        ("result_withdrawn", "02", "A", "2023"),
        ("result_withdrawn", "03", "A", "2023"),
        ("result_new", "04", "A", "2023"),
        ("result_new", "01", "A", "2024"),
    }
    assert out.loc[out["change"] == "result_withdrawn", "old_value"].isna().all()  # not republished
    corrected = out[out["change"] == "result_corrected"].iloc[0]
    assert (corrected["old_value"], corrected["new_value"]) == (10.0, 12.0)
    assert list(out["change"]) == sorted(out["change"])
