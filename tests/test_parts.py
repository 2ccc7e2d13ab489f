"""publish/parts.py: verify reads a release's tables a part at a time, so its memory does not grow with the
release; every check must find the same as on the whole table, wherever in the file the fault is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from sitebuild import write_hostile_intake

from generator import pipeline
from generator.publish import consistency, parts, verify, writer
from generator.publish.tables import check_tables

KEY = ["provider_id", "indicator_id", "period", "status"]


def frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=KEY)


def same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    return parts.same_rows(KEY, lambda c: left[c], lambda c: right[c])


def test_same_rows_in_any_order_but_not_a_changed_lost_or_repeated_row():
    rows = [("a", "i1", "2025", "published"), ("b", "i1", "2025", "suppressed"), ("a", "i2", 2024, "x")]
    base = frame(rows)
    assert same(base, frame(rows[::-1]))
    assert same(base, frame([(*r[:2], str(r[2]), r[3]) for r in rows]))  # compared as text, as before
    assert not same(base, frame([*rows[:2], ("a", "i2", 2024, "published")]))
    assert not same(base, frame(rows[:2]))
    assert not same(base, frame([rows[0], rows[0], rows[2]]))  # same rows, not as often
    assert same(frame([]), frame([]))


def test_row_codes_are_exact_when_the_columns_together_outgrow_64_bits():
    rng = np.random.default_rng(7)
    table = pd.DataFrame({f"c{i}": rng.integers(0, 9000, 20_000) for i in range(6)})  # ~9000**6 > 2**62
    codes = parts.row_codes(list(table), lambda c: table[c])
    by_tuple = pd.factorize(pd.Series(list(table.itertuples(index=False, name=None))))[0]
    assert len(np.unique(codes)) == len(np.unique(by_tuple))
    assert (pd.factorize(codes)[0] == by_tuple).all()


@pytest.mark.parametrize("csv_rows", [10, 9, 11])
def test_aligned_parts_pair_the_same_rows_and_show_a_csv_of_another_length(tmp_path, csv_rows):
    table = pa.table({"provider_id": [f"p{i}" for i in range(10)], "value": [float(i) for i in range(10)]})
    pq.write_table(table, tmp_path / "t.parquet")
    pacsv.write_csv(
        pa.table(
            {"provider_id": [f"p{i}" for i in range(csv_rows)], "value": [str(i) for i in range(csv_rows)]}
        ),
        tmp_path / "t.csv",
    )
    pairs = list(parts.aligned_parts(tmp_path / "t.parquet", tmp_path / "t.csv", rows=3))
    assert sum(len(rows) for rows, _ in pairs) == 10
    assert sum(len(text) for _, text in pairs) == csv_rows
    equal = all(len(rows) == len(text) for rows, text in pairs)
    assert equal == (csv_rows == 10)
    if equal:
        assert [list(text["provider_id"]) for _, text in pairs] == [list(r["provider_id"]) for r, _ in pairs]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("parts")
    rel = pipeline.build_release(write_hostile_intake(tmp / "in"), "2026-11")
    folder = tmp / "data" / "2026-11"
    writer.replace_folder(folder, pipeline.package_release(rel))
    return rel, folder


def test_the_verdict_rules_read_in_parts_count_as_on_the_whole_table(release):
    rel, _ = release
    results, indicators, benchmarks = rel.public.results, rel.public.indicators, rel.public.benchmarks
    whole = consistency.check_results(results, indicators, benchmarks)
    cut = len(results) // 3
    thirds = [results.iloc[:cut], results.iloc[cut : 2 * cut], results.iloc[2 * cut :]]
    assert consistency.check_in_parts(thirds, indicators, benchmarks) == whole


def copy(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def rewrite_results(folder, change):
    """Rewrite alles/results.parquet and .csv with `change` applied to the Parquet rows (frame -> frame)."""
    path = folder / "alles" / "results.parquet"
    table = pq.read_table(path)
    changed = pa.Table.from_pandas(change(table.to_pandas()), schema=table.schema, preserve_index=False)
    pq.write_table(changed, path)


def test_a_leak_in_a_late_part_of_a_results_file_is_found(release, tmp_path, monkeypatch):
    rel, original = release
    folder = tmp_path / "2026-11"
    writer.replace_folder(folder, copy(original))
    monkeypatch.setattr(parts, "PART_ROWS", 2)
    assert verify.check_packages(folder, rel.public.results) == []

    def leak(frame):
        hidden = frame.index[frame["status"] != "published"][-1]  # the last hidden row: the last part
        frame.loc[hidden, "value"] = 1.0
        return frame

    rewrite_results(folder, leak)
    problems = verify.check_packages(folder, rel.public.results)
    assert [p.check for p in problems] == ["disclosure"] and "shows figures it must not" in problems[
        0
    ].message


def test_a_repeated_key_and_a_wrong_category_in_the_last_part_are_found(release, tmp_path, monkeypatch):
    _, original = release
    folder = tmp_path / "2026-11"
    writer.replace_folder(folder, copy(original))
    monkeypatch.setattr(parts, "PART_ROWS", 2)
    assert check_tables(folder) == []

    def repeat_last(frame):
        again, renamed = frame.iloc[[0]], frame.iloc[[1]].assign(status="gepubliceerd")
        return pd.concat([frame, again, renamed], ignore_index=True)

    rewrite_results(folder, repeat_last)
    messages = " | ".join(p.message for p in check_tables(folder) if "results.parquet" in p.where)
    assert "status: ['gepubliceerd'] outside its categories" in messages
    assert "primary key" in messages


def test_same_rows_stays_exact_when_the_columns_together_outgrow_64_bits():
    rng = np.random.default_rng(11)
    left = pd.DataFrame({f"c{i}": rng.integers(0, 9000, 20_000) for i in range(6)})
    right = left.sample(frac=1, random_state=3).reset_index(drop=True)
    columns = list(left)
    assert parts.same_rows(columns, lambda c: left[c], lambda c: right[c])
    right.loc[5, "c5"] = right.loc[6, "c5"] if right.loc[5, "c5"] != right.loc[6, "c5"] else -1
    assert not parts.same_rows(columns, lambda c: left[c], lambda c: right[c])
