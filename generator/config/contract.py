"""The input contract: the bundled Table Schemas of providers, indicators and results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from generator.core.names import TABLES


@dataclass(frozen=True)
class FieldSpec:
    """One contract column: its name, Table Schema type and constraints."""

    name: str
    type: str
    title: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class TableSpec:
    """One contract table: its fields in order and its primary key."""

    name: str
    description: str
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...]

    @property
    def field_names(self) -> list[str]:
        """Column names in schema order."""
        return [f.name for f in self.fields]

    @property
    def required(self) -> list[str]:
        """Names of the columns that must be present and filled."""
        return [f.name for f in self.fields if f.required]

    def field(self, name: str) -> FieldSpec:
        """The field called `name`."""
        return next(f for f in self.fields if f.name == name)


def schema_descriptor(table: str) -> dict:
    """The raw Table Schema (a dict) of a contract table, as bundled with the package."""
    text = resources.files("generator").joinpath("schemas", f"{table}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def table_spec(table: str) -> TableSpec:
    """The typed view of a contract table's schema."""
    if table not in TABLES:
        raise KeyError(f"no contract table {table!r}; the tables are {', '.join(TABLES)}")
    desc = schema_descriptor(table)
    fields = []
    for f in desc["fields"]:
        c = f.get("constraints", {})
        fields.append(
            FieldSpec(
                name=f["name"],
                type=f["type"],
                title=f.get("title", f["name"]),
                description=f.get("description", ""),
                required=bool(c.get("required", False)),
                enum=tuple(c["enum"]) if "enum" in c else None,
                pattern=c.get("pattern"),
                minimum=c.get("minimum"),
                maximum=c.get("maximum"),
            )
        )
    return TableSpec(table, desc.get("description", ""), tuple(fields), tuple(desc.get("primaryKey", [])))
