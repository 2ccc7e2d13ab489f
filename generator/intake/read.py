"""Load: read intake files (CSV, XLSX, Parquet) and map them onto the contract tables.

Reading gives every cell as text, so ids keep their leading zeros and nothing is guessed; mapping
applies intake.yaml (column renames, value maps, constants, missing values, decimal marks, date
formats) and adds provenance (file, row) to every row for located errors.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from generator.config.contract import table_spec
from generator.config.settings import IntakeConfig, SourceConfig
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import SOURCE_FILE
from generator.intake.compose import Lookup, composed, lookup_table
from generator.intake.guard import check_workbook, matching_files
from generator.intake.mapping import RawTable, apply_distinct, map_to_contract
from generator.intake.text import decode


def resolve_files(folder: Path, source: SourceConfig) -> list[Path]:
    """The files a source names (a name or a glob pattern) inside the folder, sorted; structural
    error when none, or when one leads outside the folder."""
    found = matching_files(folder, source.file)
    if not found:
        present = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        raise StructuralError(
            [Issue("file-missing", file=source.file, hint=did_you_mean(source.file, present))]
        )
    return found


def read_source(folder: Path, source: SourceConfig) -> list[RawTable]:
    """Read every file (and sheet) a source names as text tables."""
    tables = []
    for path in resolve_files(folder, source):
        label = str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            tables.extend(read_xlsx(path.read_bytes(), label, source))
        elif suffix == ".parquet":
            tables.append(read_parquet(path.read_bytes(), label))
        else:
            tables.append(read_csv(path.read_bytes(), label, source))
    return tables


# ---------------------------------------------------------------- parsing bytes (pure)


def sniff_delimiter(header_line: str) -> str:
    """The most frequent of ; , tab | outside quotes in the header line (',' when none)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# the line ends str.splitlines knows (skip_rows counts lines as an editor does), and those the csv module
# and StringIO(newline="") split records on
_ANY_LINE_END = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LINE_END = re.compile("\r\n|\n|\r")


def _after_lines(text: str, n: int) -> str:
    """The text after its first `n` lines ('' when it has no more)."""
    pos = 0
    for _ in range(n):
        end = _ANY_LINE_END.search(text, pos)
        if end is None:
            return ""
        pos = end.end()
    return text[pos:] if pos else text


def _lines(text: str):
    """The text's lines with their ends, one at a time (no list of every line: a large file's lines as
    strings cost several times its size)."""
    pos = 0
    for end in _LINE_END.finditer(text):
        yield text[pos : end.end()]
        pos = end.end()
    if pos < len(text):
        yield text[pos:]


def read_csv(data: bytes, label: str, source: SourceConfig) -> RawTable:
    """Parse CSV bytes into a text table; structural errors for empty, undecodable or ragged files.

    The decoded text is handed to pandas as UTF-8 bytes and walked line by line for the row numbers: no
    copies of it as a list of lines or a StringIO, which took ten times the file's size at their peak.
    """
    text = _after_lines(decode(data, label, source.encoding), source.skip_rows)
    del data
    if not re.search(r"\S", text):
        raise StructuralError([Issue("file-empty", file=label)])
    # pandas skips blank lines above the header
    header_line = next((line for line in _lines(text) if line.strip()), "")
    delimiter = sniff_delimiter(header_line) if source.delimiter == "auto" else source.delimiter
    options = dict(sep=delimiter, dtype=str, keep_default_na=False, na_filter=False, quotechar='"')
    utf8 = text.encode("utf-8", "surrogatepass")
    try:
        frame = pd.read_csv(io.BytesIO(utf8), skip_blank_lines=True, engine="c", encoding="utf-8", **options)
        header = pd.read_csv(io.BytesIO(utf8), header=None, nrows=1, engine="c", encoding="utf-8", **options)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise StructuralError([Issue("file-unreadable", file=label, detail=str(exc).strip())]) from exc
    del utf8
    if not isinstance(
        frame.index, pd.RangeIndex
    ):  # pandas took the surplus leading cells as an index: shifted data
        raise StructuralError(
            [
                Issue(
                    "file-unreadable",
                    file=label,
                    detail=(
                        f"the data rows have more fields than the header row ({len(frame.columns)}); "
                        "check the delimiter and the quoting"
                    ),
                )
            ]
        )
    names = [str(c) for c in header.iloc[0]] if header.shape[1] == frame.shape[1] else None
    frame.columns = _unique([str(c).strip().lstrip("\ufeff") for c in frame.columns])
    if frame.empty:
        raise StructuralError([Issue("file-empty", file=label)])
    rows = _record_rows(text, delimiter)
    if rows is None or len(rows) != len(frame):
        rows = np.arange(len(frame)) + 2
    rows = rows + source.skip_rows
    decimal = source.decimal if source.decimal != "auto" else ("," if delimiter == ";" else "auto")
    frame.attrs["decimal"] = decimal
    return RawTable(label, frame, rows, "csv", names)


def _record_rows(text: str, delimiter: str) -> np.ndarray | None:
    """The row number (as a spreadsheet shows it) of each data record of CSV text; None when unsure.

    Blank lines are skipped by the parser but still count, so that row numbers in errors stay
    right below them; a record with a quoted line break counts once, as in a spreadsheet.
    """
    try:
        records = csv.reader(_lines(text), delimiter=delimiter, quotechar='"')
        numbers = [
            n for n, rec in enumerate(records, start=1) if rec and not (len(rec) == 1 and not rec[0].strip())
        ]
    except csv.Error:
        return None
    return np.array(numbers[1:], dtype=int)


def cell_text(value) -> str:
    """Text of one spreadsheet or Parquet cell: integral floats without '.0', dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _unique(names: list[str]) -> list[str]:
    """Header names made unique as pandas does for CSV: a repeated 'Opmerking' becomes 'Opmerking.1'
    (only as the frame's own keys: mapping compares the names as delivered, and stops at a repeat)."""
    out: list[str] = []
    for name in names:
        candidate, n = name, 0
        while candidate in out:
            n += 1
            candidate = f"{name}.{n}"
        out.append(candidate)
    return out


def read_xlsx(data: bytes, label: str, source: SourceConfig) -> list[RawTable]:
    """Read the chosen sheets of a workbook as text tables (row numbers as Excel shows them)."""
    import openpyxl

    check_workbook(data, label)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise StructuralError(
            [
                Issue(
                    "file-unreadable",
                    file=label,
                    detail=f"not a readable XLSX workbook ({type(exc).__name__}: {exc})",
                )
            ]
        ) from exc
    sheets = {ws.title: ws for ws in book.worksheets}
    wanted = source.sheet
    if wanted is None or wanted == "*":
        names = list(sheets)
    else:
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        for name in names:
            if name not in sheets:
                raise StructuralError(
                    [Issue("sheet-missing", file=label, value=name, hint=did_you_mean(name, sheets))]
                )
    tables = []
    for name in names:
        cells = [[cell_text(v) for v in row] for row in sheets[name].iter_rows(values_only=True)]
        cells = cells[source.skip_rows :]
        numbered = [(i + 1 + source.skip_rows, r) for i, r in enumerate(cells)]
        numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
        if len(numbered) < 2:
            continue
        (_, header), body = numbered[0], numbered[1:]
        width = max(len(header), *(len(r) for _, r in body))
        names = header + [""] * (width - len(header))
        columns = _unique([h.strip() or f"column {i + 1}" for i, h in enumerate(names)])
        frame = pd.DataFrame([r + [""] * (width - len(r)) for _, r in body], columns=columns, dtype=str)
        frame.attrs["decimal"] = source.decimal
        tables.append(RawTable(f"{label}[{name}]", frame, np.array([n for n, _ in body]), "xlsx", names))
        if wanted is None:
            break
    if not tables:
        raise StructuralError([Issue("file-empty", file=label)])
    return tables


def read_parquet(data: bytes, label: str) -> RawTable:
    """Read a Parquet file as a text table (row numbers count the first data row as 2)."""
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:
        raise StructuralError(
            [Issue("file-unreadable", file=label, detail=f"not a readable Parquet file ({exc})")]
        ) from exc
    if table.num_rows == 0:
        raise StructuralError([Issue("file-empty", file=label)])
    names = [str(n) for n in table.column_names]
    frame = pd.DataFrame(
        {key: [cell_text(v) for v in col.to_pylist()] for key, col in zip(_unique(names), table.columns)},
        dtype=str,
    )
    frame.attrs["decimal"] = "."
    return RawTable(label, frame, np.arange(table.num_rows) + 2, "parquet", names)


# ---------------------------------------------------------------- mapping onto the contract (pure)


def read_lookups(folder: Path, source: SourceConfig) -> dict[str, Lookup]:
    """The second files a source's `lookup:` entries name, read as key -> text tables (an entry for a
    column the table does not have, e.g. one under `defaults:` meant for results, is skipped)."""
    out = {}
    fields = table_spec(source.table).field_names
    for column, spec in source.lookup.items():
        if column not in fields:
            continue
        reader = SourceConfig(table=source.table, file=spec["file"], sheet=spec.get("sheet"))
        out[column] = lookup_table(read_source(folder, reader), spec, column)
    return out


def load_intake(
    folder: Path, config: IntakeConfig, warnings: dict[str, list[Issue]] | None = None
) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Read and map every source of every table; return the contract tables and a list of files read.
    Warnings found while mapping (a key a lookup lacks) are added to `warnings`, per table.

    Raises StructuralError with every structural problem found across all files.
    """
    warnings = {} if warnings is None else warnings
    tables: dict[str, pd.DataFrame] = {}
    files: dict[tuple[str, str], dict] = {}
    problems: list[Issue] = []
    for table, sources in config.sources.items():
        parts = []
        for source in sources:
            try:
                raws = read_source(folder, source)
                lookups = read_lookups(folder, source)
                found = warnings.setdefault(table, [])
                maps = [map_to_contract(*composed(raw, source, lookups, found)) for raw in raws]
                mapped = apply_distinct(pd.concat(maps, ignore_index=True), source)
                if source.on_duplicate == "first" and parts:  # only the ids the sources before it lack
                    key = table_spec(table).primary_key[0]
                    mapped = mapped[~mapped[key].isin(set(pd.concat([p[key] for p in parts])))]
            except StructuralError as exc:
                problems.extend(exc.issues)
                continue
            kept = mapped[SOURCE_FILE].value_counts()
            for raw in raws:
                entry = files.setdefault(
                    (raw.label, table),
                    {"file": raw.label, "table": table, "rows": len(raw.frame), "rows_mapped": 0},
                )
                entry["rows_mapped"] += int(kept.get(raw.label, 0))
            parts.append(mapped)
        if parts:
            tables[table] = pd.concat(parts, ignore_index=True)
    if problems:
        raise StructuralError(problems)
    return tables, list(files.values())
