"""Settings as data: the intake configuration (intake.yaml) and the publication settings.

Every key is declared once in a table (name, expected type, default, description); a wrong key or
type gives an error that quotes the key, the expected type and the value found, with a
"did you mean" for misspelt keys. The README's table of settings is checked against these tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config.checks import number_problem, site_url
from generator.config.composed import composed_issues, merged_problems
from generator.config.keys import (  # noqa: F401 - read from here by tests and docs
    PUBLICATION_KEYS,
    SOURCE_KEYS,
)
from generator.config.sources import check_keys, check_source, config_invalid, with_defaults
from generator.config.yaml_text import load_config_yaml
from generator.core.errors import Issue, StructuralError, did_you_mean
from generator.core.names import LANGUAGES, TABLES

TOP_KEYS = {"version", "defaults", "tables", "publication"}


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
    period_format: str | list | None = None
    fiscal_year_start: int = 1
    lookup: dict = field(default_factory=dict)
    melt: dict = field(default_factory=dict)
    on_duplicate: str = "error"
    identifiers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PublicationConfig:
    """Publication-wide settings: names, licence and the default disclosure threshold."""

    title: str = "Zorgspiegel"
    publisher: str = "Zorgspiegel"
    licence: str = "CC-BY-4.0"
    source_title: str = ""
    source_url: str = ""
    site_url: str = ""
    data_url: str = ""
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
                config_invalid(
                    file, f"the file must be a mapping with a 'tables' key, got {type(data).__name__}."
                )
            ]
        )
    for key in data:
        if key not in TOP_KEYS:
            problems.append(
                config_invalid(
                    file,
                    (
                        f"unknown key '{key}'{did_you_mean(str(key), TOP_KEYS)}; "
                        f"the keys are: {', '.join(sorted(TOP_KEYS))}."
                    ),
                )
            )
    if data.get("version", 1) != 1:
        problems.append(config_invalid(file, f"'version' must be 1, got {data.get('version')!r}."))
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.append(config_invalid(file, f"'defaults' must be mapping, got {defaults!r}."))
        defaults = {}
    if "file" in defaults:
        problems.append(config_invalid(file, "'defaults.file' is not allowed: name files under 'tables'."))
    defaults = check_source("defaults.", {k: v for k, v in defaults.items() if k != "file"}, problems, file)

    tables = data.get("tables")
    sources: dict[str, list[SourceConfig]] = {t: [] for t in TABLES}
    if not isinstance(tables, dict):
        problems.append(
            config_invalid(
                file, f"'tables' must be mapping of {', '.join(TABLES)} to their files, got {tables!r}."
            )
        )
        tables = {}
    for table, entries in tables.items():
        if table not in TABLES:
            problems.append(
                config_invalid(
                    file,
                    (
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
                    config_invalid(file, f"'{where[:-1]}' must be mapping with a 'file' key, got {entry!r}.")
                )
                continue
            good = check_source(where, entry, problems, file, table)
            if "file" not in entry:
                problems.append(config_invalid(file, f"'{where}file' is required: name the file to read."))
                continue
            if "file" not in good:  # refused above
                continue
            merged = with_defaults(defaults, good)
            clashes = composed_issues(merged_problems(where, merged, table), file)
            problems += clashes
            if not clashes:
                sources[table].append(SourceConfig(table=table, **merged))
    for table in TABLES:
        if not sources[table] and not any(
            p.code == "config-invalid" and f"tables.{table}" in p.detail for p in problems
        ):
            problems.append(Issue("table-missing", file=file, value=table))

    pub = data.get("publication") or {}
    if not isinstance(pub, dict):
        problems.append(config_invalid(file, f"'publication' must be mapping, got {pub!r}."))
        pub = {}
    good_pub = check_keys("publication.", pub, PUBLICATION_KEYS, problems, file)
    if "min_denominator" in good_pub and (
        why := number_problem("publication.min_denominator", "min_denominator", good_pub["min_denominator"])
    ):
        problems.append(config_invalid(file, why))
        good_pub.pop("min_denominator")
    if good_pub.get("language", "nl") not in LANGUAGES:
        value = good_pub.pop("language")
        problems.append(
            config_invalid(
                file,
                (
                    f"'publication.language' must be one of {', '.join(LANGUAGES)}, "
                    f"got {value!r}{_language_hint(value)}."
                ),
            )
        )
    if isinstance(good_pub.get("expected_deliveries"), list):
        good_pub["expected_deliveries"] = tuple(good_pub["expected_deliveries"])
    if "comparison_level" in good_pub:
        good_pub["comparison_level"] = float(good_pub["comparison_level"])
    for address in ("site_url", "data_url"):
        if address in good_pub:
            good_pub[address] = site_url(good_pub[address])
    publication = PublicationConfig(**good_pub)
    if problems:
        raise StructuralError(problems)
    return IntakeConfig(sources=sources, publication=publication)
