"""Settings as data: the intake configuration (intake.yaml) and the publication settings.

Every key is declared once in a table (name, expected type, default, description); a wrong key or
type gives an error that quotes the key, the expected type and the value found, with a
"did you mean" for misspelt keys. The README's table of settings is checked against these tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from generator.config.checks import date_format_problem, file_problem, number_problem, site_url
from generator.config.contract import table_spec
from generator.config.keys import PUBLICATION_KEYS, SOURCE_KEYS, VALUE_CHECKS
from generator.config.yaml_text import load_config_yaml
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import LANGUAGES, TABLES

TOP_KEYS = {"version", "defaults", "tables", "publication"}


_DELIMITERS = {"auto": "auto", ",": ",", ";": ";", "tab": "\t", "\t": "\t", "|": "|"}


@dataclass(frozen=True)
class SourceConfig:
    """How to read one intake file into one contract table."""

    table: str
    file: str
    sheet: Any = None
    encoding: str = "auto"
    delimiter: str = "auto"
    decimal: str = "auto"
    skip_rows: int = 0
    columns: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    missing_values: list = field(default_factory=lambda: [""])
    date_formats: list = field(default_factory=lambda: ["%Y-%m-%d"])
    zero_pad: dict = field(default_factory=dict)
    distinct: bool | list = False
    period_from_date: str | None = None


@dataclass(frozen=True)
class PublicationConfig:
    """Publication-wide settings: names, licence and the default disclosure threshold."""

    title: str = "Zorgspiegel"
    publisher: str = "Zorgspiegel"
    licence: str = "CC-BY-4.0"
    source_title: str = ""
    source_url: str = ""
    site_url: str = ""
    min_denominator: int = 10
    small_counts: int = 0
    registry_public: bool = False
    funnel_overdispersion: bool = False
    comparison_method: str = "auto"
    comparison_level: float = 0.95
    expected_deliveries: str | tuple = "none"  # none, provider_kind, or the set ids that rule holds for
    demo: bool = False
    language: str = "nl"


@dataclass(frozen=True)
class IntakeConfig:
    """The whole intake.yaml: sources per contract table, and publication settings."""

    sources: dict[str, list[SourceConfig]]
    publication: PublicationConfig


def _type_ok(label: str, value: Any) -> bool:
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


def _check_keys(where: str, data: dict, spec: dict, problems: list[Issue], file: str) -> dict:
    """Check keys and types of one mapping against a key table; return the good values."""
    good = {}
    for key, value in data.items():
        if key not in spec:
            hint = did_you_mean(str(key), spec)
            problems.append(
                Issue(
                    "config-invalid",
                    file=file,
                    detail=f"unknown key '{where}{key}'{hint}; the keys here are: {', '.join(spec)}.",
                )
            )
            continue
        label = spec[key][0]
        if not _type_ok(label, value):
            problems.append(
                Issue(
                    "config-invalid",
                    file=file,
                    detail=f"'{where}{key}' must be {label}, got {value!r} ({type(value).__name__}).",
                )
            )
            continue
        problem = VALUE_CHECKS.get(f"{where}{key}", lambda _: "")(value)
        if problem:
            problems.append(Issue("config-invalid", file=file, detail=f"'{where}{key}' {problem}."))
            continue
        good[key] = value
    return good


def _check_source(where: str, data: dict, problems: list[Issue], file: str, table: str | None = None) -> dict:
    good = _check_keys(where, data, SOURCE_KEYS, problems, file)
    _check_values(where, good, problems, file)
    # contract columns named under columns/values/constants: those of the table (defaults: of any table)
    fields = (
        table_spec(table).field_names
        if table
        else sorted({n for t in TABLES for n in table_spec(t).field_names})
    )
    if "delimiter" in good and good["delimiter"] not in _DELIMITERS:
        problems.append(
            Issue(
                "config-invalid",
                file=file,
                detail=(
                    f"'{where}delimiter' must be one of auto, ',', ';', tab, '|', "
                    f"got {good['delimiter']!r}."
                ),
            )
        )
    elif "delimiter" in good:
        good["delimiter"] = _DELIMITERS[good["delimiter"]]
    if "decimal" in good and good["decimal"] not in ("auto", ".", ","):
        problems.append(
            Issue(
                "config-invalid",
                file=file,
                detail=f"'{where}decimal' must be auto, '.' or ',', got {good['decimal']!r}.",
            )
        )
    for key in ("columns", "values", "constants", "zero_pad"):
        for target in good.get(key, {}):
            if key != "zero_pad" and target not in fields:  # zero_pad may also name a source column
                problems.append(
                    Issue(
                        "config-invalid",
                        file=file,
                        detail=(
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
                    Issue(
                        "config-invalid",
                        file=file,
                        detail=(
                            f"'{where}columns.{target}' must be text or list of text, "
                            f"got {good[key][target]!r}."
                        ),
                    )
                )
            if key == "values" and not isinstance(good[key][target], dict):
                problems.append(
                    Issue(
                        "config-invalid",
                        file=file,
                        detail=(
                            f"'{where}values.{target}' must be a mapping of source value to contract value, "
                            f"got {good[key][target]!r}."
                        ),
                    )
                )
            elif key == "values":
                for pattern in value:
                    if str(pattern).startswith("re:"):
                        try:
                            re.compile(str(pattern)[3:])
                        except re.error as exc:
                            problems.append(
                                Issue(
                                    "config-invalid",
                                    file=file,
                                    detail=(
                                        f"'{where}values.{target}' key {str(pattern)!r} "
                                        f"is not a valid regular expression ({exc})."
                                    ),
                                )
                            )
            if key == "zero_pad" and (why := number_problem(f"{where}zero_pad.{target}", key, value)):
                problems.append(Issue("config-invalid", file=file, detail=why))
    return good


def _check_values(where: str, good: dict, problems: list[Issue], file: str) -> None:
    """Values beyond their type: the file stays inside the intake folder, numbers within bounds,
    date formats usable. A bad value is reported and dropped from `good`."""
    whys = {
        "file": lambda v: file_problem(f"{where}file", v),
        "skip_rows": lambda v: number_problem(f"{where}skip_rows", "skip_rows", v),
        "date_formats": lambda v: next(
            (w for f in v if (w := date_format_problem(f"{where}date_formats", f))), None
        ),
    }
    for key, why_of in whys.items():
        if key in good and (why := why_of(good[key])):
            problems.append(Issue("config-invalid", file=file, detail=why))
            good.pop(key)


def _language_hint(value: Any) -> str:
    """' (did you mean 'en'?)' for 'English', 'en-GB', 'Engels', 'EN'; '' when no language is close."""
    text = str(value).strip().lower()
    named = {"english": "en", "engels": "en", "dutch": "nl", "nederlands": "nl", "netherlands": "nl"}
    code = named.get(text) or (text[:2] if text[:2] in LANGUAGES else None)
    return f" (did you mean '{code}'?)" if code else ""


def parse_intake_config(text: str, file: str = "intake.yaml") -> IntakeConfig:
    """Parse and check intake.yaml text; raise StructuralError listing every problem found."""
    data = load_config_yaml(text, file)
    problems: list[Issue] = []
    if not isinstance(data, dict):
        raise StructuralError(
            [
                Issue(
                    "config-invalid",
                    file=file,
                    detail=f"the file must be a mapping with a 'tables' key, got {type(data).__name__}.",
                )
            ]
        )
    for key in data:
        if key not in TOP_KEYS:
            problems.append(
                Issue(
                    "config-invalid",
                    file=file,
                    detail=(
                        f"unknown key '{key}'{did_you_mean(str(key), TOP_KEYS)}; "
                        f"the keys are: {', '.join(sorted(TOP_KEYS))}."
                    ),
                )
            )
    if data.get("version", 1) != 1:
        problems.append(
            Issue("config-invalid", file=file, detail=f"'version' must be 1, got {data.get('version')!r}.")
        )
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(
            Issue("config-invalid", file=file, detail=f"'defaults' must be mapping, got {defaults!r}.")
        )
        defaults = {}
    if "file" in defaults:
        problems.append(
            Issue(
                "config-invalid",
                file=file,
                detail="'defaults.file' is not allowed: name files under 'tables'.",
            )
        )
    defaults = _check_source("defaults.", {k: v for k, v in defaults.items() if k != "file"}, problems, file)

    tables = data.get("tables")
    sources: dict[str, list[SourceConfig]] = {t: [] for t in TABLES}
    if not isinstance(tables, dict):
        problems.append(
            Issue(
                "config-invalid",
                file=file,
                detail=f"'tables' must be mapping of {', '.join(TABLES)} to their files, got {tables!r}.",
            )
        )
        tables = {}
    for table, entries in tables.items():
        if table not in TABLES:
            problems.append(
                Issue(
                    "config-invalid",
                    file=file,
                    detail=(
                        f"unknown table 'tables.{table}'{did_you_mean(str(table), TABLES)}; "
                        f"the tables are: {', '.join(TABLES)}."
                    ),
                )
            )
            continue
        entries = entries if isinstance(entries, list) else [entries]
        for i, entry in enumerate(entries):
            where = f"tables.{table}[{i}]." if len(entries) > 1 else f"tables.{table}."
            if not isinstance(entry, dict):
                problems.append(
                    Issue(
                        "config-invalid",
                        file=file,
                        detail=f"'{where[:-1]}' must be mapping with a 'file' key, got {entry!r}.",
                    )
                )
                continue
            good = _check_source(where, entry, problems, file, table)
            if "file" not in entry:
                problems.append(
                    Issue(
                        "config-invalid",
                        file=file,
                        detail=f"'{where}file' is required: name the file to read.",
                    )
                )
                continue
            if "file" not in good:  # refused above
                continue
            merged = {**defaults, **good}
            sources[table].append(SourceConfig(table=table, **merged))
    for table in TABLES:
        if not sources[table] and not any(
            p.code == "config-invalid" and f"tables.{table}" in p.detail for p in problems
        ):
            problems.append(Issue("table-missing", file=file, value=table))

    pub = data.get("publication") or {}
    if not isinstance(pub, dict):
        problems.append(
            Issue("config-invalid", file=file, detail=f"'publication' must be mapping, got {pub!r}.")
        )
        pub = {}
    good_pub = _check_keys("publication.", pub, PUBLICATION_KEYS, problems, file)
    if "min_denominator" in good_pub and (
        why := number_problem("publication.min_denominator", "min_denominator", good_pub["min_denominator"])
    ):
        problems.append(Issue("config-invalid", file=file, detail=why))
        good_pub.pop("min_denominator")
    if good_pub.get("language", "nl") not in LANGUAGES:
        value = good_pub.pop("language")
        problems.append(
            Issue(
                "config-invalid",
                file=file,
                detail=(
                    f"'publication.language' must be one of {', '.join(LANGUAGES)}, "
                    f"got {value!r}{_language_hint(value)}."
                ),
            )
        )
    if isinstance(good_pub.get("expected_deliveries"), list):
        good_pub["expected_deliveries"] = tuple(good_pub["expected_deliveries"])
    if "comparison_level" in good_pub:
        good_pub["comparison_level"] = float(good_pub["comparison_level"])
    if "site_url" in good_pub:
        good_pub["site_url"] = site_url(good_pub["site_url"])
    publication = PublicationConfig(**good_pub)
    if problems:
        raise StructuralError(problems)
    return IntakeConfig(sources=sources, publication=publication)
