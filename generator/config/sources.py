"""Checking one source of intake.yaml (a `tables:` entry or `defaults:`): its keys, their types and values.

Every problem is a config-invalid Issue that quotes the key, what is expected and what was found; a bad
value is dropped from the good settings returned, so the other problems are still found in the same run.
"""

from __future__ import annotations

from typing import Any

from generator.config.checks import (
    date_format_problem,
    file_problem,
    number_problem,
    period_format_problem,
    value_map_problem,
)
from generator.config.composed import composed_issues, shape_problems
from generator.config.contract import table_spec
from generator.config.keys import SOURCE_KEYS, VALUE_CHECKS, WITH_DEFAULTS
from generator.core.errors import Issue, did_you_mean
from generator.core.names import TABLES

_DELIMITERS = {"auto": "auto", ",": ",", ";": ";", "tab": "\t", "\t": "\t", "|": "|"}


def config_invalid(file: str, detail: str) -> Issue:
    """The issue of a wrong intake.yaml setting: `detail` quotes the key, what it must be and the value."""
    return Issue("config-invalid", file=file, detail=detail)


def type_ok(label: str, value: Any) -> bool:
    """Whether a value has the type a key table's label names ('text', 'mapping', ...)."""
    if label == "text":
        return isinstance(value, str)
    if label == "text or list of text":
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if label == "whole number":
        return isinstance(value, int) and not isinstance(value, bool)
    if label == "true or false":
        return isinstance(value, bool)
    if label == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if label == "true, false or list of text":
        return isinstance(value, bool) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    if label == "mapping":
        return isinstance(value, dict)
    if label == "list of text":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    raise AssertionError(label)


def check_keys(where: str, data: dict, spec: dict, problems: list[Issue], file: str) -> dict:
    """Check keys and types of one mapping against a key table; return the good values."""
    good = {}
    for key, value in data.items():
        if key not in spec:
            hint = did_you_mean(str(key), spec)
            problems.append(
                config_invalid(
                    file, f"unknown key '{where}{key}'{hint}; the keys here are: {', '.join(spec)}."
                )
            )
            continue
        label = spec[key][0]
        if not type_ok(label, value):
            problems.append(
                config_invalid(
                    file, f"'{where}{key}' must be {label}, got {value!r} ({type(value).__name__})."
                )
            )
            continue
        problem = VALUE_CHECKS.get(f"{where}{key}", lambda _: "")(value)
        if problem:
            problems.append(config_invalid(file, f"'{where}{key}' {problem}."))
            continue
        good[key] = value
    return good


def check_source(where: str, data: dict, problems: list[Issue], file: str, table: str | None = None) -> dict:
    """Check one source's settings (`where` is the key path, e.g. 'tables.results.'; `table` None for
    defaults: any table's columns may be named); return the good ones, adding a problem for each bad one."""
    good = check_keys(where, data, SOURCE_KEYS, problems, file)
    _check_values(where, good, problems, file)
    # contract columns named under columns/values/constants: those of the table (defaults: of any table)
    fields = (
        table_spec(table).field_names
        if table
        else sorted({n for t in TABLES for n in table_spec(t).field_names})
    )
    if "delimiter" in good and good["delimiter"] not in _DELIMITERS:
        problems.append(
            config_invalid(
                file,
                (
                    f"'{where}delimiter' must be one of auto, ',', ';', tab, '|', "
                    f"got {good['delimiter']!r}."
                ),
            )
        )
    elif "delimiter" in good:
        good["delimiter"] = _DELIMITERS[good["delimiter"]]
    if "decimal" in good and good["decimal"] not in ("auto", ".", ","):
        problems.append(
            config_invalid(file, f"'{where}decimal' must be auto, '.' or ',', got {good['decimal']!r}.")
        )
    problems += composed_issues(shape_problems(where, good, fields), file)
    for key in ("columns", "values", "constants", "zero_pad"):
        for target in good.get(key, {}):
            if key != "zero_pad" and target not in fields:  # zero_pad may also name a source column
                problems.append(
                    config_invalid(
                        file,
                        (
                            f"'{where}{key}.{target}' names no column of {table or 'any table'}"
                            f"{did_you_mean(str(target), fields)}; the columns are: {', '.join(fields)}."
                        ),
                    )
                )
            value = good[key][target]
            if key == "columns" and not (
                isinstance(value, str)
                or (isinstance(value, list) and value and all(isinstance(v, str) for v in value))
            ):
                problems.append(
                    config_invalid(
                        file,
                        (
                            f"'{where}columns.{target}' must be text or list of text, "
                            f"got {good[key][target]!r}."
                        ),
                    )
                )
            if key == "values" and not isinstance(good[key][target], dict):
                problems.append(
                    config_invalid(
                        file,
                        (
                            f"'{where}values.{target}' must be a mapping of source value to contract value, "
                            f"got {good[key][target]!r}."
                        ),
                    )
                )
            elif key == "values" and (why := value_map_problem(f"{where}values.{target}", value)):
                problems.append(config_invalid(file, why))
            if key == "zero_pad" and (why := number_problem(f"{where}zero_pad.{target}", key, value)):
                problems.append(config_invalid(file, why))
    return good


def _check_values(where: str, good: dict, problems: list[Issue], file: str) -> None:
    """Values beyond their type: the file stays inside the intake folder, numbers within bounds,
    date formats usable. A bad value is reported and dropped from `good`."""
    whys = {
        "file": lambda v: file_problem(f"{where}file", v),
        "skip_rows": lambda v: number_problem(f"{where}skip_rows", "skip_rows", v),
        "fiscal_year_start": lambda v: number_problem(f"{where}fiscal_year_start", "fiscal_year_start", v),
        "period_format": lambda v: period_format_problem(f"{where}period_format", v),
        "date_formats": lambda v: next(
            (w for f in v if (w := date_format_problem(f"{where}date_formats", f))), None
        ),
    }
    for key, why_of in whys.items():
        if key in good and (why := why_of(good[key])):
            problems.append(config_invalid(file, why))
            good.pop(key)


def _merged(base: dict, own: dict) -> dict:
    """`own`'s keys first (a value map's own 're:' patterns are tried before defaults'), then `base`'s
    others; where both hold a mapping under one key, those merge the same way."""
    out = {
        k: _merged(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
        for k, v in own.items()
    }
    return out | {k: v for k, v in base.items() if k not in out}


def with_defaults(defaults: dict, own: dict) -> dict:
    """A source's settings on top of `defaults:`, key by key as WITH_DEFAULTS says: mappings merge, the
    lists of missing values and date formats add up, any other setting of the source replaces defaults'."""
    out = dict(defaults)
    for key, value in own.items():
        rule, base = WITH_DEFAULTS.get(key), defaults.get(key)
        if rule == "merged" and isinstance(base, dict) and isinstance(value, dict):
            out[key] = _merged(base, value)
        elif rule == "added" and isinstance(base, list) and isinstance(value, list):
            out[key] = list(value) + [v for v in base if v not in value]
        else:
            out[key] = value
    return out
