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


def test_values_are_compared_as_published():
    """The previous release's value was read back from its package (6 decimals); the new one is unrounded.
    The same figure is no correction; a changed published figure is one, with different old and new."""
    providers = pd.DataFrame({"provider_id": ["01", "02"]})
    old = results([("01", "A", "2023", 64.242424, "published"), ("02", "A", "2023", 50.0, "published")])
    new = results(
        [("01", "A", "2023", 64.24242424242424, "published"), ("02", "A", "2023", 50.1, "published")]
    )
    out = diff_releases(old, providers, new, providers)
    assert list(out["change"]) == ["result_corrected"]
    assert (out.loc[0, "provider_id"], out.loc[0, "old_value"], out.loc[0, "new_value"]) == ("02", 50.0, 50.1)


def test_a_release_against_itself_has_no_changes():
    providers = pd.DataFrame({"provider_id": ["01"]})
    rows = results(
        [("01", "A", "2023", 1 / 3 * 100, "published"), ("01", "B", "2023", np.nan, "too_few_cases")]
    )
    published = rows.assign(value=rows["value"].round(6))
    assert diff_releases(published, providers, rows, providers).empty
