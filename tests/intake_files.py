"""Helpers that write small intake folders for the tests: CSV bytes in several encodings and
delimiters, XLSX workbooks with several sheets, Parquet files, and a small valid registry.

Tests import these by this module's own name (not from `conftest`: there is more than one conftest
under tests/, and a bare `import conftest` gets whichever pytest loaded last). tests/conftest.py
holds the fixtures built on them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.config.settings import SourceConfig
from generator.pipeline import Release, build_release, check_release

# ---------------------------------------------------------------- a small, valid registry

PROVIDER_COLUMNS = ["provider_id", "name", "kind", "parent_id", "postcode", "city"]
PROVIDERS = [
    ["ORG1", "Zorggroep Een", "organisatie", "", "", ""],
    ["P1", "Ziekenhuis Een", "ziekenhuis", "ORG1", "1234 AB", "Utrecht"],
    ["P2", "Ziekenhuis Twee", "ziekenhuis", "ORG1", "2345 BC", "Zwolle"],
    ["P3", "Verpleeghuis Drie", "verpleeghuis", "", "3456 CD", "Assen"],
]

INDICATOR_COLUMNS = [
    "indicator_id",
    "set_id",
    "set_title",
    "title",
    "type",
    "unit",
    "direction",
    "min_denominator",
    "rate_per",
    "min_value",
    "max_value",
    "first_year",
    "last_year",
]
INDICATORS = [
    ["PCT", "S1", "Set een", "Percentage", "process", "percentage", "higher", "", "", "", "", "2020", "2024"],
    ["PROP", "S1", "Set een", "Proportion", "process", "proportion", "higher", "", "", "", "", "", ""],
    ["YN", "S1", "Set een", "Ja of nee", "structure", "yesno", "higher", "", "", "", "", "", ""],
    ["MEAN", "S2", "Set twee", "Mean score", "experience", "mean", "higher", "", "", "0", "10", "", ""],
    ["CNT", "S2", "Set twee", "Count", "structure", "count", "neither", "", "", "", "", "", ""],
    ["TXT", "S2", "Set twee", "Text", "structure", "text", "neither", "", "", "", "", "", ""],
    ["RATE", "S2", "Set twee", "Rate", "outcome", "rate", "lower", "", "1000", "", "", "", ""],
]

RESULT_COLUMNS = [
    "provider_id",
    "indicator_id",
    "period",
    "numerator",
    "denominator",
    "value",
    "text_value",
    "not_applicable",
    "missing_reason",
    "approval_status",
    "approval_date",
    "explanation",
]

DEFAULT_YAML = """\
version: 1
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""


def result(**fields) -> dict:
    """One results row as a dict: a valid approved 'mean' result of P1 for 2023 unless told otherwise.

    It has a denominator (20 observations): a mean without one is rejected (denominator-missing)."""
    row = {
        "provider_id": "P1",
        "indicator_id": "MEAN",
        "period": "2023",
        "value": "5",
        "denominator": "20",
        "approval_status": "approved",
    }
    row.update({k: ("" if v is None else str(v)) for k, v in fields.items()})
    return row


# ---------------------------------------------------------------- writing files


def csv_text(rows: Iterable[Sequence], delimiter: str = ",", newline: str = "\n") -> str:
    """Rows (first one the header) as CSV text, quoting only where needed."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def write_csv(
    path: Path,
    rows: Iterable[Sequence] | str | bytes,
    encoding: str = "utf-8",
    delimiter: str = ",",
    bom: bool = False,
    newline: str = "\n",
) -> Path:
    """Write rows (or ready text, or raw bytes) as a CSV file in the given encoding, optionally with a BOM."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(rows, bytes):
        data = rows
    else:
        text = rows if isinstance(rows, str) else csv_text(rows, delimiter, newline)
        data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.write_bytes(data)
    return path


def dict_rows(rows: Sequence[dict], columns: Sequence[str] | None = None) -> list[list]:
    """Dicts as a header plus rows (columns in the given order, else the union in first-seen order)."""
    if columns is None:
        columns = []
        for row in rows:
            columns += [k for k in row if k not in columns]
    return [list(columns)] + [[row.get(c, "") for c in columns] for row in rows]


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook with one sheet per entry (in order); cells keep their Python types."""
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    book.save(path)
    return path


def write_parquet(path: Path, columns: dict[str, list], schema=None) -> Path:
    """Write a Parquet file from column lists (pyarrow infers the types unless a schema is given)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns, schema=schema), path)
    return path


def write_intake(
    folder: Path,
    results: Sequence[dict] | None = None,
    *,
    providers: list[list] | None = None,
    indicators: list[list] | None = None,
    yaml: str = DEFAULT_YAML,
    result_columns: Sequence[str] | None = None,
) -> Path:
    """A complete intake folder: providers.csv, indicators.csv, results.csv and intake.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder / "providers.csv", providers if providers is not None else [PROVIDER_COLUMNS] + PROVIDERS
    )
    write_csv(
        folder / "indicators.csv", indicators if indicators is not None else [INDICATOR_COLUMNS] + INDICATORS
    )
    if results is not None:
        columns = list(result_columns or RESULT_COLUMNS)
        for row in results:
            columns += [k for k in row if k not in columns]
        write_csv(folder / "results.csv", dict_rows(list(results), columns))
    (folder / "intake.yaml").write_text(yaml, encoding="utf-8")
    return folder


def build(folder: Path, release: str = "2024-01") -> Release:
    """Run the pipeline on an intake folder."""
    return build_release(folder, release)


def checked(folder: Path):
    """Load and validate an intake folder; the Checked tables."""
    return check_release(folder)[2]


def issues_of(release_or_report, code: str | None = None) -> list[dict]:
    """The report's issues, optionally of one code."""
    rep = getattr(release_or_report, "report", release_or_report)
    return [i for i in rep["issues"] if code is None or i["code"] == code]


def source(table: str = "results", **settings) -> SourceConfig:
    """A SourceConfig for the pure reader and mapping functions."""
    return SourceConfig(table=table, file=settings.pop("file", "x.csv"), **settings)
