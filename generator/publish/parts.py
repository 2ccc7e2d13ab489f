"""Reading a release's tables a part at a time, so that verify's memory does not grow with the release.

A national release has millions of result rows (6.6 million at 100,000 providers): read whole into pandas,
its results CSV alone (every column as text) takes gigabytes, and verify read every package's results at
once. Here Parquet is read by batches of rows with pyarrow, a CSV with pyarrow's streaming reader beside
the Parquet file it must equal, and the one comparison that needs every row at once (the published keys
against the computed ones) is made on integer codes of the key columns, one column at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

#: rows per part: about 100 MB of a results table as pandas frames, Parquet and CSV together
PART_ROWS = 100_000


def parquet_parts(
    path: Path, columns: list[str] | None = None, rows: int | None = None
) -> Iterator[pa.Table]:
    """A Parquet file as tables of at most `rows` (PART_ROWS) rows, in order (one table, empty, for a file
    without rows, so a check still sees its columns)."""
    source = pq.ParquetFile(path)
    seen = False
    for batch in source.iter_batches(batch_size=rows or PART_ROWS, columns=columns):
        seen = True
        yield pa.Table.from_batches([batch])
    if not seen:
        schema = source.schema_arrow
        yield schema.empty_table() if columns is None else schema.empty_table().select(columns)


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (its first line)."""
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def csv_parts(path: Path, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """A CSV file, every column as text (empty fields as '', not missing), as tables in order; with
    `columns`, only those."""
    names = csv_header(path)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, include_columns=columns
    )
    reader = pacsv.open_csv(
        path, read_options=pacsv.ReadOptions(block_size=16 << 20), convert_options=convert
    )
    for batch in reader:
        yield pa.Table.from_batches([batch])


def aligned_parts(
    parquet: Path, text: Path, text_columns: list[str] | None = None, rows: int | None = None
) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """The rows of a Parquet file and of the CSV file that must hold the same rows, part by part: pairs of
    frames for the same row numbers (the CSV's as text, only `text_columns` when given). Where one file has
    fewer rows, its frame of a pair is shorter (empty once it has ended)."""
    schema = pq.ParquetFile(parquet).schema_arrow
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(schema.names, pa.string()), include_columns=text_columns
    )
    reader = pacsv.open_csv(
        text, read_options=pacsv.ReadOptions(block_size=16 << 20), convert_options=convert
    )
    batches = iter(reader)
    pending: list[pa.RecordBatch] = []
    held = 0
    for part in parquet_parts(parquet, rows=rows):
        while held < part.num_rows:
            batch = next(batches, None)
            if batch is None:
                break
            pending.append(batch)
            held += batch.num_rows
        table = pa.Table.from_batches(pending, schema=reader.schema)
        yield part.to_pandas(), table.slice(0, part.num_rows).to_pandas()
        rest = table.slice(part.num_rows)
        pending, held = rest.to_batches(), rest.num_rows
    more = pa.Table.from_batches(
        pending or [b for b in [next(batches, None)] if b is not None], reader.schema
    )
    if more.num_rows:
        yield schema.empty_table().to_pandas(), more.to_pandas()


def row_codes(key: list[str], column: Callable[[str], pd.Series]) -> np.ndarray:
    """One integer a row for the values of the `key` columns, equal exactly when the rows' values are (a
    missing value is a value of its own): `column(name)` gives one column, so only one is held at a time.
    Each column is coded as integers, the codes are combined into one integer a row, coded anew whenever
    the combination would not fit in 62 bits: exact, not a hash."""
    combined = np.zeros(0, dtype=np.int64)
    size = 0
    for name in key:
        codes, uniques = pd.factorize(column(name), use_na_sentinel=False)
        width = max(1, len(uniques))
        if not size:
            combined, size = codes.astype(np.int64), width
            continue
        if len(codes) != len(combined):
            raise ValueError(f"column {name!r} has {len(codes)} rows, the others {len(combined)}")
        if size * width >= 2**62:
            recoded, seen = pd.factorize(combined)
            combined, size = recoded.astype(np.int64), max(1, len(seen))
        combined = combined * width + codes
        size *= width
    return combined


def same_rows(key: list[str], left: Callable[[str], pd.Series], right: Callable[[str], pd.Series]) -> bool:
    """Whether two tables hold the same rows of the `key` columns, compared as text, in any order, each as
    often: `left(name)` and `right(name)` give one column of each, read when it is needed. The rows of both
    are coded together (row_codes) and the sorted codes of the two sides compared."""
    lengths = set()

    def both(name: str) -> pd.Series:
        one, other = left(name).astype(str), right(name).astype(str)
        lengths.add((len(one), len(other)))
        return pd.concat([one, other], ignore_index=True)

    codes = row_codes(key, both)
    (n_left, n_right), *more = lengths or {(0, 0)}
    if more or n_left != n_right:
        return False
    return bool(np.array_equal(np.sort(codes[:n_left]), np.sort(codes[n_left:])))
