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
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

#: rows per part: about 100 MB of a results table as pandas frames, Parquet and CSV together
PART_ROWS = 100_000
#: bytes of CSV text per block: pyarrow's streaming reader holds many blocks ahead (measured on a 1 GB
#: results CSV: about 530 MB at 16 MB blocks, 150 MB at 4 MB)
CSV_BLOCK = 2 << 20


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
        path, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK), convert_options=convert
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
        text, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK), convert_options=convert
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


def _combine(rows: list[np.ndarray], size: int, codes: list[np.ndarray], width: int) -> tuple[list, int]:
    """Each table's row integers with one more column's codes (0 <= code < width) folded in; when the
    combination would pass 62 bits, the row integers of all the tables are first coded anew together."""
    if not size:
        return [c.astype(np.int64) for c in codes], width
    if size * width >= 2**62:
        recoded, seen = pd.factorize(np.concatenate(rows))
        ends = np.cumsum([len(r) for r in rows])[:-1]
        rows, size = np.split(recoded.astype(np.int64), ends), max(1, len(seen))
    return [r * width + c for r, c in zip(rows, codes, strict=True)], size * width


def row_codes(key: list[str], column: Callable[[str], pd.Series]) -> np.ndarray:
    """One integer a row for the values of the `key` columns, equal exactly when the rows' values are (a
    missing value is a value of its own): `column(name)` gives one column, so only one is held at a time.
    Each column is coded as integers and the codes are folded into one integer a row (_combine): exact,
    not a hash."""
    rows, size = [np.zeros(0, dtype=np.int64)], 0
    for name in key:
        codes, uniques = pd.factorize(column(name), use_na_sentinel=False)
        if size and len(codes) != len(rows[0]):
            raise ValueError(f"column {name!r} has {len(codes)} rows, the others {len(rows[0])}")
        rows, size = _combine(rows, size, [codes], max(1, len(uniques)))
    return rows[0]


def _text(values: pd.Series) -> pa.Array:
    """A column as one Arrow string array (compact: no Python string a value)."""
    text = pa.array(values.astype(str), type=pa.string())
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def same_rows(key: list[str], left: Callable[[str], pd.Series], right: Callable[[str], pd.Series]) -> bool:
    """Whether two tables hold the same rows of the `key` columns, compared as text, in any order, each as
    often: `left(name)` and `right(name)` give one column of each, read when it is needed. Each column of
    `left` is coded as integers (Arrow's dictionary encoding) and `right`'s values are looked up among its
    values (one that is not there is a row `left` lacks); the codes are folded into one integer a row
    (_combine) and the sorted integers of the two sides compared: exact, not a hash."""
    rows, size = [np.zeros(0, dtype=np.int64)] * 2, 0
    for name in key:
        coded = pc.dictionary_encode(_text(left(name)))
        found = pc.index_in(_text(right(name)), value_set=coded.dictionary)
        if len(found) != len(coded) or found.null_count:
            return False
        codes = [coded.indices.to_numpy(zero_copy_only=False), found.to_numpy(zero_copy_only=False)]
        rows, size = _combine(rows, size, codes, max(1, len(coded.dictionary)))
    return bool(np.array_equal(np.sort(rows[0]), np.sort(rows[1])))
