"""Every CSV and Parquet table of a release read back and checked against its own Table Schema.

frictionless checks the CSV files' bytes and hashes, but not a Parquet file's content (it is declared a
file): garbage with a matching hash would pass, and so would a column of the wrong type. Before a release
is published, each tabular resource of each package is read back (Parquet with pyarrow, CSV as text) and
checked: readable, the schema's columns in order, Arrow types that fit the field types, values within
the field's categories, required fields filled, a unique primary key, and CSV and Parquet with the same
number of rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from generator.package.schema import decode_categories
from generator.publish.problem import Problem

if TYPE_CHECKING:
    import pandas as pd

ARROW_KINDS = {
    "string": (pa.types.is_string, pa.types.is_large_string, pa.types.is_dictionary),
    "number": (pa.types.is_floating, pa.types.is_integer),
    "integer": (pa.types.is_integer,),
    "boolean": (pa.types.is_boolean,),
    "date": (pa.types.is_date, pa.types.is_string),
}


def read_table(path: Path, fmt: str) -> pa.Table:
    """A resource as an Arrow table: Parquet as stored, CSV with every column as text (as a reader that
    keeps ids text would read it)."""
    if fmt == "parquet":
        return pq.read_table(path)
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        names = next(csv.reader(fh), [])
    text = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False)
    return pacsv.read_csv(path, convert_options=text)


def read_frame(path: Path) -> pd.DataFrame:
    """A package's Parquet table as a pandas frame with its category (dictionary) columns as plain text, as
    the compute stage reads its own tables (a release written before categories were dictionaries reads
    the same)."""
    return decode_categories(pq.read_table(path)).to_pandas()


def _values_outside(column: pa.ChunkedArray, allowed: list) -> list:
    allowed_set = pa.array([str(a) for a in allowed] + [""], type=pa.string())
    text = pc.cast(column, pa.string()) if not pa.types.is_string(column.type) else column
    text = pc.fill_null(text, "")
    outside = pc.filter(text, pc.invert(pc.is_in(text, value_set=allowed_set)))
    return pc.unique(outside).to_pylist()[:5]


def check_resource(path: Path, resource: dict) -> tuple[list[Problem], int | None]:
    """The problems of one tabular resource against its schema, and its number of rows (None if unread)."""
    where = str(path)
    try:
        table = read_table(path, resource["format"])
    except (pa.ArrowException, OSError, ValueError) as exc:
        return [Problem("tables", where, f"cannot be read as {resource['format'].upper()}: {exc}")], None
    schema = resource.get("schema", {})
    fields = schema.get("fields", [])
    names = [f["name"] for f in fields]
    if table.schema.names != names:
        return [
            Problem("tables", where, f"columns {table.schema.names} differ from the schema's {names}")
        ], None
    problems = []
    for field in fields:
        column = table.column(field["name"])
        if resource["format"] == "parquet":
            kinds = ARROW_KINDS.get(field["type"], ())
            if kinds and not any(ok(column.type) for ok in kinds):
                problems.append(
                    Problem("tables", where, f"{field['name']}: {column.type} is not a {field['type']}")
                )
        allowed = field.get("categories") or field.get("constraints", {}).get("enum")
        if allowed:
            outside = _values_outside(column, list(allowed))
            if outside:
                problems.append(
                    Problem("tables", where, f"{field['name']}: {outside} outside its categories")
                )
        if field.get("constraints", {}).get("required"):
            empty = (
                pc.sum(pc.or_(pc.is_null(column), pc.equal(pc.cast(column, pa.string()), ""))).as_py() or 0
            )
            if empty:
                problems.append(
                    Problem("tables", where, f"{field['name']}: {empty} empty values in a required field")
                )
    key = schema.get("primaryKey") or []
    if key and table.num_rows:
        keys = table.select(key).group_by(key).aggregate([([], "count_all")])
        if keys.num_rows != table.num_rows:
            problems.append(Problem("tables", where, f"primary key {key} is not unique"))
    return problems, table.num_rows


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
