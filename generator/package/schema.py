"""The public resources' Table Schemas: field definitions (schemas/public.yaml plus the contract), labelled
missing values and the Arrow types they are written with."""

from __future__ import annotations

from functools import cache
from importlib import resources

import pyarrow as pa
import yaml

from generator.config.contract import schema_descriptor
from generator.core.names import (
    NO_RESULT,
    NOT_APPLICABLE,
    NOT_DELIVERED,
    SUPPRESSED_COMPLEMENT,
    TOO_FEW_CASES,
)

RESOURCES = ("results", "indicators", "providers", "benchmarks", "changes")
MISSING_LABELS = {
    "": "Geen waarde (no value)",
    TOO_FEW_CASES: "Te weinig cases om te publiceren "
    "(too few cases: the denominator is under the disclosure threshold)",
    SUPPRESSED_COMPLEMENT: "Afgeschermd om een klein aantal te beschermen "
    "(enough cases, but it would let a suppressed result be worked out from a published total)",
    NOT_APPLICABLE: "Niet van toepassing (not applicable to this provider)",
    NOT_DELIVERED: "Niet geleverd (not delivered: a delivery was expected and no approved result came)",
    NO_RESULT: "Geen resultaat (no figure; no delivery was expected)",
}
ARROW_TYPES = {
    "string": pa.string(),
    "number": pa.float64(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def decode_categories(table: pa.Table) -> pa.Table:
    """The table with its category (dictionary-encoded) columns as plain text columns, as CSV and workbook
    hold them and as the pipeline reads an earlier release."""
    for index, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(index, field.name, table.column(index).cast(field.type.value_type))
    return table


@cache
def public_spec() -> dict:
    """The public resources' field definitions (schemas/public.yaml) plus the contract's providers and
    indicators."""
    spec = yaml.safe_load(resources.files("generator").joinpath("schemas", "public.yaml").read_text("utf-8"))
    for name in ("providers", "indicators"):
        desc = schema_descriptor(name)
        fields = []
        for f in desc["fields"]:
            entry = {k: f[k] for k in ("name", "type", "title", "description")}
            constraints = f.get("constraints", {})
            if constraints.get("required"):
                entry["required"] = True
            if "enum" in constraints:
                entry["categories"] = list(constraints["enum"])
            fields.append(entry)
        spec[name] = {"description": desc["description"], "primaryKey": desc["primaryKey"], "fields": fields}
        if name == "providers":
            spec[name]["foreignKeys"] = [{"fields": ["parent_id"], "reference": {"fields": ["provider_id"]}}]
    return spec


def table_schema(resource: str) -> dict:
    """The Table Schema (v2) of a public resource: categories also as enum constraints, missing values."""
    spec = public_spec()[resource]
    fields = []
    for f in spec["fields"]:
        field = {"name": f["name"], "type": f["type"], "title": f["title"], "description": f["description"]}
        if f.get("required"):
            field["constraints"] = {"required": True}
        if "categories" in f:
            allowed = [c for c in f["categories"] if c != ""]
            field["categories"] = allowed
            # v2 categories, and the same as an enum constraint: frictionless 5 checks only the latter
            field["constraints"] = field.get("constraints", {}) | {"enum": allowed}
        if f.get("labelled_missing"):
            field["missingValues"] = [{"value": k, "label": v} for k, v in MISSING_LABELS.items()]
        fields.append(field)
    schema = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": fields,
        "missingValues": [{"value": "", "label": MISSING_LABELS[""]}],
        "primaryKey": spec["primaryKey"],
    }
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    return schema


def reader_types() -> dict[str, dict]:
    """Per resource what a reader must be told to type its CSV right: the text columns (ids keep their
    leading zeros), as a list for pandas and polars, a DuckDB `types` struct and readr `cols()` arguments."""
    readr = {"string": "c", "number": "d", "integer": "i", "boolean": "l", "date": "D"}
    out: dict[str, dict] = {"text_columns": {}, "number_columns": {}, "duckdb_types": {}, "readr_types": {}}
    for resource, spec in public_spec().items():
        text = [f["name"] for f in spec["fields"] if f["type"] == "string"]
        # decimals may first appear deep in a file (a numerator of 0.8 after thousands of whole ones): a
        # reader that guesses from the first rows must be told these are decimals
        numbers = [f["name"] for f in spec["fields"] if f["type"] == "number"]
        out["text_columns"][resource] = text
        out["number_columns"][resource] = numbers
        out["duckdb_types"][resource] = (
            "{" + ", ".join([f"'{c}': 'VARCHAR'" for c in text] + [f"'{c}': 'DOUBLE'" for c in numbers]) + "}"
        )
        out["readr_types"][resource] = ", ".join(
            f'{f["name"]} = "{readr[f["type"]]}"' for f in spec["fields"]
        )
    return out
