"""Every CSV and Parquet table of a release read back and checked against its own Table Schema.

frictionless checks the CSV files' bytes and hashes, but not a Parquet file's content (it is declared a
file): garbage with a matching hash would pass, and so would a column of the wrong type. Before a release
is published, each tabular resource of each package is read back (Parquet with pyarrow, CSV as text, a
part at a time: publish/parts.py) and checked: readable, the schema's columns in order, Arrow types that
fit the field types, values within the field's categories, required fields filled, a unique primary key,
and CSV and Parquet with the same number of rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator.package.schema import decode_categories
from generator.publish import parts
from generator.publish.problem import Problem

ARROW_KINDS = {
    "string": (pa.types.is_string, pa.types.is_large_string, pa.types.is_dictionary),
    "number": (pa.types.is_floating, pa.types.is_integer),
    "integer": (pa.types.is_integer,),
    "boolean": (pa.types.is_boolean,),
    "date": (pa.types.is_date, pa.types.is_string),
}


def read_frame(path: Path) -> pd.DataFrame:
    """A package's Parquet table as a pandas frame with its category (dictionary) columns as plain text, as
    the compute stage reads its own tables (a release written before categories were dictionaries reads
    the same)."""
    return decode_categories(pq.read_table(path)).to_pandas()


def _values_outside(column: pa.ChunkedArray | pa.Array, allowed: list) -> list:
    allowed_set = pa.array([str(a) for a in allowed] + [""], type=pa.string())
    text = pc.cast(column, pa.string()) if not pa.types.is_string(column.type) else column
    text = pc.fill_null(text, "")
    outside = pc.filter(text, pc.invert(pc.is_in(text, value_set=allowed_set)))
    return pc.unique(outside).to_pylist()[:5]


def _columns(path: Path, fmt: str) -> pa.Schema:
    """A resource's columns and their Arrow types, read from the file's head: Parquet's schema, or the CSV's
    header with every column text."""
    if fmt == "parquet":
        return pq.ParquetFile(path).schema_arrow
    return pa.schema([(name, pa.string()) for name in parts.csv_header(path)])


def _parts(path: Path, fmt: str, columns: list[str] | None = None):
    """A resource's rows a part at a time (publish/parts.py): Parquet as stored, CSV as text."""
    return parts.parquet_parts(path, columns) if fmt == "parquet" else parts.csv_parts(path, columns)


def _key_column(path: Path, fmt: str, name: str):
    """One column of a resource, whole, as a pandas Series (for the primary key)."""
    return pa.concat_tables(_parts(path, fmt, [name])).column(name).to_pandas()


def check_resource(path: Path, resource: dict) -> tuple[list[Problem], int | None]:
    """The problems of one tabular resource against its schema, and its number of rows (None if unread).
    The rows are read a part at a time (publish/parts.py); the primary key one column at a time."""
    where, fmt = str(path), resource["format"]
    schema = resource.get("schema", {})
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    try:
        found = _columns(path, fmt)
        if found.names != names:
            return [Problem("tables", where, f"columns {found.names} differ from the schema's {names}")], None
        rows, outside, empty = _read_parts(path, fmt, fields)
        key = schema.get("primaryKey") or []
        codes = parts.row_codes(key, lambda c: _key_column(path, fmt, c)) if key and rows else np.zeros(0)
        repeated = len(np.unique(codes)) != len(codes)
    except (pa.ArrowException, OSError, ValueError) as exc:
        return [Problem("tables", where, f"cannot be read as {fmt.upper()}: {exc}")], None
    problems = []
    for field in fields:
        kinds = ARROW_KINDS.get(field["type"], ()) if fmt == "parquet" else ()
        kind = found.field(field["name"]).type
        if kinds and not any(ok(kind) for ok in kinds):
            problems.append(Problem("tables", where, f"{field['name']}: {kind} is not a {field['type']}"))
        if outside.get(field["name"]):
            problems.append(
                Problem("tables", where, f"{field['name']}: {outside[field['name']]} outside its categories")
            )
        if empty.get(field["name"]):
            problems.append(
                Problem(
                    "tables",
                    where,
                    f"{field['name']}: {empty[field['name']]} empty values in a required field",
                )
            )
    if repeated:
        problems.append(Problem("tables", where, f"primary key {key} is not unique"))
    return problems, rows


def _read_parts(path: Path, fmt: str, fields: list[dict]) -> tuple[int, dict, dict]:
    """Read a resource a part at a time: its rows, each field's values outside its categories (the first
    five) and each required field's count of empty values."""
    rows, outside, empty = 0, {}, {}
    for part in _parts(path, fmt):
        rows += part.num_rows
        for field in fields:
            name, column = field["name"], part.column(field["name"])
            allowed = field.get("categories") or field.get("constraints", {}).get("enum")
            if allowed:
                seen = outside.setdefault(name, [])
                seen += [v for v in _values_outside(column, list(allowed)) if v not in seen][: 5 - len(seen)]
            if field.get("constraints", {}).get("required"):
                blank = pc.or_(pc.is_null(column), pc.equal(pc.cast(column, pa.string()), ""))
                empty[name] = empty.get(name, 0) + (pc.sum(blank).as_py() or 0)
    return rows, outside, empty


def check_tables(packages_dir: Path) -> list[Problem]:
    """Every tabular resource of every package of a release folder, checked against its own schema."""
    problems: list[Problem] = []
    for desc_path in sorted(packages_dir.glob("*/datapackage.json")):
        rows: dict[str, int] = {}
        for resource in json.loads(desc_path.read_text("utf-8"))["resources"]:
            if resource["format"] not in ("csv", "parquet"):
                continue
            found, count = check_resource(desc_path.parent / resource["path"], resource)
            problems += found
            if count is not None:
                rows[resource["path"]] = count
        for path, count in rows.items():
            if path.endswith(".parquet") and path.replace(".parquet", ".csv") in rows:
                csv_count = rows[path.replace(".parquet", ".csv")]
                if csv_count != count:
                    where = str(desc_path.parent / path)
                    problems.append(Problem("tables", where, f"{count} rows, the CSV has {csv_count}"))
    return problems
