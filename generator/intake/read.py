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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from generator.config.contract import table_spec
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import SOURCE_FILE, SOURCE_ROW
from generator.config.settings import IntakeConfig, SourceConfig

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass
class RawTable:
    """One sheet or file as read: text cells, the header, and each row's number in the file."""

    label: str  # file name as shown in errors, with [sheet] for workbooks
    frame: pd.DataFrame  # every cell text ("" for empty)
    rows: np.ndarray  # 1-based row number in the file of each data row (header = first row)
    kind: str  # "csv", "xlsx" or "parquet"


# ---------------------------------------------------------------- reading (touches the disk)


def resolve_files(folder: Path, source: SourceConfig) -> list[Path]:
    """The files a source names (a name or a glob pattern), sorted; structural error when none."""
    if any(ch in source.file for ch in "*?["):
        found = sorted(p for p in folder.glob(source.file) if p.is_file())
    else:
        found = [folder / source.file] if (folder / source.file).is_file() else []
    if not found:
        present = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        raise StructuralError([Issue("file-missing", file=source.file, hint=did_you_mean(source.file, present))])
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


def decode(data: bytes, label: str, encoding: str) -> str:
    """Decode file bytes: 'auto' reads UTF-16 when it starts with a UTF-16 byte-order mark (Excel's
    "Unicode text" export), else tries UTF-8 (with or without BOM), then Windows-1252."""
    if encoding == "auto" and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    tries = ["utf-8-sig", "cp1252"] if encoding == "auto" else [encoding]
    for codec in tries:
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            last = exc
        except LookupError:
            raise StructuralError([Issue("config-invalid", file=label, detail=f"'encoding' {encoding!r} is not a known text encoding (try utf-8 or cp1252).")])
    detail = "UTF-8 or Windows-1252 text" if encoding == "auto" else f"{encoding} text"
    raise StructuralError([Issue("encoding-error", file=label, detail=f"{detail} (byte 0x{data[last.start]:02x} at position {last.start})")])


def sniff_delimiter(header_line: str) -> str:
    """The most frequent of ; , tab | outside quotes in the header line (',' when none)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(data: bytes, label: str, source: SourceConfig) -> RawTable:
    """Parse CSV bytes into a text table; structural errors for empty, undecodable or ragged files."""
    text = decode(data, label, source.encoding)
    lines = text.splitlines(keepends=True)[source.skip_rows:]
    if not "".join(lines).strip():
        raise StructuralError([Issue("file-empty", file=label)])
    header_line = next((line for line in lines if line.strip()), "")  # pandas skips blank lines above the header
    delimiter = sniff_delimiter(header_line) if source.delimiter == "auto" else source.delimiter
    try:
        frame = pd.read_csv(
            io.StringIO("".join(lines)), sep=delimiter, dtype=str, keep_default_na=False,
            na_filter=False, quotechar='"', skip_blank_lines=True, engine="c",
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise StructuralError([Issue("file-unreadable", file=label, detail=str(exc).strip())]) from exc
    if not isinstance(frame.index, pd.RangeIndex):  # pandas took the surplus leading cells as an index: shifted data
        raise StructuralError([Issue("file-unreadable", file=label, detail=f"the data rows have more fields than the header row ({len(frame.columns)}); check the delimiter and the quoting")])
    frame.columns = _unique([str(c).strip().lstrip("\ufeff") for c in frame.columns])
    if frame.empty:
        raise StructuralError([Issue("file-empty", file=label)])
    rows = _record_rows("".join(lines), delimiter)
    if rows is None or len(rows) != len(frame):
        rows = np.arange(len(frame)) + 2
    rows = rows + source.skip_rows
    decimal = source.decimal if source.decimal != "auto" else ("," if delimiter == ";" else "auto")
    frame.attrs["decimal"] = decimal
    return RawTable(label, frame, rows, "csv")


def _record_rows(text: str, delimiter: str) -> np.ndarray | None:
    """The row number (as a spreadsheet shows it) of each data record of CSV text; None when unsure.

    Blank lines are skipped by the parser but still count, so that row numbers in errors stay
    right below them; a record with a quoted line break counts once, as in a spreadsheet.
    """
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
        numbers = [n for n, rec in enumerate(records, start=1) if rec and not (len(rec) == 1 and not rec[0].strip())]
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
    """Header names made unique as pandas does for CSV: a repeated 'Opmerking' becomes 'Opmerking.1'."""
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

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise StructuralError([Issue("file-unreadable", file=label, detail=f"not a readable XLSX workbook ({type(exc).__name__}: {exc})")]) from exc
    sheets = {ws.title: ws for ws in book.worksheets}
    wanted = source.sheet
    if wanted is None or wanted == "*":
        names = list(sheets)
    else:
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        for name in names:
            if name not in sheets:
                raise StructuralError([Issue("sheet-missing", file=label, value=name, hint=did_you_mean(name, sheets))])
    tables = []
    for name in names:
        cells = [[cell_text(v) for v in row] for row in sheets[name].iter_rows(values_only=True)]
        cells = cells[source.skip_rows:]
        numbered = [(i + 1 + source.skip_rows, r) for i, r in enumerate(cells)]
        numbered = [(n, r) for n, r in numbered if any(c.strip() for c in r)]
        if len(numbered) < 2:
            continue
        (_, header), body = numbered[0], numbered[1:]
        width = max(len(header), *(len(r) for _, r in body))
        header = _unique([h.strip() or f"column {i + 1}" for i, h in enumerate(header + [""] * (width - len(header)))])
        frame = pd.DataFrame([r + [""] * (width - len(r)) for _, r in body], columns=header, dtype=str)
        frame.attrs["decimal"] = source.decimal
        tables.append(RawTable(f"{label}[{name}]", frame, np.array([n for n, _ in body]), "xlsx"))
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
        raise StructuralError([Issue("file-unreadable", file=label, detail=f"not a readable Parquet file ({exc})")]) from exc
    if table.num_rows == 0:
        raise StructuralError([Issue("file-empty", file=label)])
    frame = pd.DataFrame({name: [cell_text(v) for v in table.column(name).to_pylist()] for name in table.column_names}, dtype=str)
    frame.attrs["decimal"] = "."
    return RawTable(label, frame, np.arange(table.num_rows) + 2, "parquet")


# ---------------------------------------------------------------- mapping onto the contract (pure)


def normalise_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Rewrite number text to plain '.'-decimal form ('1.234,5' -> '1234.5'); other text unchanged.

    decimal ',' or '.': the given mark, the other one is a thousands separator. 'auto': a lone comma
    is a decimal comma ('3,5'), and with both marks the last one is the decimal mark.
    """
    s = values.str.replace(r"[\s\u00a0]", "", regex=True).str.replace("%", "", regex=False)
    if decimal == ",":
        return s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    if decimal == ".":
        return s.str.replace(",", "", regex=False)
    both = s.str.contains(",", regex=False) & s.str.contains(".", regex=False)
    comma_last = both & (s.str.rfind(",") > s.str.rfind("."))
    out = s.where(~comma_last, s.str.replace(".", "", regex=False))
    out = out.where(~(both & ~comma_last), out.str.replace(",", "", regex=False))
    return out.str.replace(",", ".", regex=False)


def normalise_dates(values: pd.Series, formats: list[str]) -> pd.Series:
    """Rewrite date text to ISO (YYYY-MM-DD) using the formats in order; unparsable text unchanged."""
    out = pd.Series("", index=values.index, dtype=object)
    todo = values != ""
    for fmt in formats:
        if not todo.any():
            break
        if fmt == "excel":
            num = pd.to_numeric(values[todo], errors="coerce")
            ok = num.notna() & (num > 0) & (num < 100000)
            days = (EXCEL_EPOCH + pd.to_timedelta(num[ok].astype(float).round(), unit="D")).dt.strftime("%Y-%m-%d")
            out[days.index] = days
            todo[days.index] = False
            continue
        text = values[todo]
        if "%H" not in fmt:  # tolerate a time part after the date (Excel exports '2019-01-01 00:00:00')
            text = text.str.replace(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$", "", regex=True)
        parsed = pd.to_datetime(text, format=fmt, errors="coerce")
        ok = parsed.notna()
        out[parsed[ok].index] = parsed[ok].dt.strftime("%Y-%m-%d")
        todo[parsed[ok].index] = False
    out[todo] = values[todo]
    return out.astype(str)


def _map_values(series: pd.Series, mapping: dict) -> pd.Series:
    """Apply a value map: exact keys first (then case-insensitive), then 're:' patterns, first match wins."""
    exact = {str(k): "" if v is None else str(v) for k, v in mapping.items() if not str(k).startswith("re:")}
    lowered = {k.lower(): v for k, v in exact.items()}
    out = series.map(lambda v: exact.get(v, lowered.get(v.lower(), v)))
    done = series.isin(list(exact)) | series.str.lower().isin(list(lowered))
    for key, target in mapping.items():
        if str(key).startswith("re:"):
            hit = ~done & series.str.fullmatch(str(key)[3:])
            out = out.where(~hit, "" if target is None else str(target))
            done |= hit
    return out


def _pad(col: pd.Series, width: int | None) -> pd.Series:
    """Left-pad digits-only values with zeros to `width` (ids that lost their zeros in Excel)."""
    return col if not width else col.where(~col.str.fullmatch(r"\d+"), col.str.zfill(width))


def _column_lookup(raw: pd.DataFrame) -> dict[str, str]:
    return {re.sub(r"[^a-z0-9]", "", c.lower()): c for c in raw.columns}


def map_to_contract(raw: RawTable, source: SourceConfig) -> pd.DataFrame:
    """Turn one raw table into the contract's columns (all text) plus provenance columns."""
    spec = table_spec(source.table)
    frame = raw.frame
    lookup = _column_lookup(frame)
    missing = set(source.missing_values)
    problems: list[Issue] = []
    out: dict[str, pd.Series] = {}
    for f in spec.fields:
        mapped = source.columns.get(f.name)
        if mapped is not None:
            names = [mapped] if isinstance(mapped, str) else list(mapped)
            absent = [n for n in names if n not in frame.columns and n.strip() not in frame.columns]
            if absent:
                problems.append(Issue("source-column-missing", file=raw.label, column=f.name, value=absent[0], hint=did_you_mean(absent[0], frame.columns)))
                continue
            parts = [frame[n if n in frame.columns else n.strip()].str.strip() for n in names]
            parts = [p.where(~p.isin(missing), "") for p in parts]
            parts = [_pad(p, source.zero_pad.get(n)) for p, n in zip(parts, names)]
            col = parts[0] if len(parts) == 1 else pd.Series(["-".join(x for x in t if x) for t in zip(*parts)], index=frame.index)
        elif f.name in source.constants:
            value = source.constants[f.name]
            col = pd.Series("true" if value is True else "false" if value is False else str(value), index=frame.index)
        elif re.sub(r"[^a-z0-9]", "", f.name) in lookup:
            col = frame[lookup[re.sub(r"[^a-z0-9]", "", f.name)]].str.strip()
            col = col.where(~col.isin(missing), "")
        elif f.name == "period" and source.period_from_date:
            if source.period_from_date not in frame.columns:
                problems.append(Issue("source-column-missing", file=raw.label, column="period", value=source.period_from_date, hint=did_you_mean(source.period_from_date, frame.columns)))
                continue
            dates = normalise_dates(frame[source.period_from_date].str.strip(), source.date_formats)
            col = dates.where(~dates.str.match(r"^\d{4}-\d{2}-\d{2}$"), dates.str.slice(0, 4))
        elif f.required:
            problems.append(Issue("column-missing", file=raw.label, column=f.name, hint=did_you_mean(f.name, frame.columns)))
            continue
        else:
            col = pd.Series("", index=frame.index)
        if f.name in source.values:
            col = _map_values(col, source.values[f.name])
        col = _pad(col, source.zero_pad.get(f.name))
        if f.type in ("number", "integer"):
            col = normalise_numbers(col, frame.attrs.get("decimal", "auto"))
        elif f.type == "date":
            col = normalise_dates(col, source.date_formats)
        out[f.name] = col.astype(str)
    if problems:
        raise StructuralError(problems)
    mapped = pd.DataFrame(out)
    mapped[SOURCE_FILE] = raw.label
    mapped[SOURCE_ROW] = raw.rows
    return mapped


def apply_distinct(mapped: pd.DataFrame, source: SourceConfig) -> pd.DataFrame:
    """Drop repeated rows of one source (all its files and sheets): whole rows, or the first per key."""
    if not source.distinct:
        return mapped
    key = table_spec(source.table).field_names if source.distinct is True else list(source.distinct)
    unknown = [k for k in key if k not in mapped.columns]
    if unknown:
        raise StructuralError([Issue("config-invalid", file="intake.yaml", detail=f"'tables.{source.table}.distinct' names {unknown[0]!r}, which is not a column of {source.table}{did_you_mean(unknown[0], table_spec(source.table).field_names)}.")])
    return mapped.drop_duplicates(subset=key, keep="first")


def load_intake(folder: Path, config: IntakeConfig) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Read and map every source of every table; return the contract tables and a list of files read.

    Raises StructuralError with every structural problem found across all files.
    """
    tables: dict[str, pd.DataFrame] = {}
    files: dict[tuple[str, str], dict] = {}
    problems: list[Issue] = []
    for table, sources in config.sources.items():
        parts = []
        for source in sources:
            try:
                raws = read_source(folder, source)
                mapped = apply_distinct(pd.concat([map_to_contract(raw, source) for raw in raws], ignore_index=True), source)
            except StructuralError as exc:
                problems.extend(exc.issues)
                continue
            kept = mapped[SOURCE_FILE].value_counts()
            for raw in raws:
                entry = files.setdefault((raw.label, table), {"file": raw.label, "table": table, "rows": len(raw.frame), "rows_mapped": 0})
                entry["rows_mapped"] += int(kept.get(raw.label, 0))
            parts.append(mapped)
        if parts:
            tables[table] = pd.concat(parts, ignore_index=True)
    if problems:
        raise StructuralError(problems)
    return tables, list(files.values())
