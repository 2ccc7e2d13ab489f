"""Checks of the settings that compose a mapping: `lookup` (a column taken from a second file by key),
`melt` (wide measure columns unpivoted), `identifiers` (a provider's other ids) and `on_duplicate` (a
registry from several files). Their shapes are checked where they are written (a source or `defaults:`);
what depends on the table and on the other keys is checked once a source is merged with defaults.
"""

from __future__ import annotations

import re

from generator.config.checks import file_problem
from generator.config.keys import LOOKUP_KEYS
from generator.core.errors import Issue, did_you_mean

IDENTIFIER_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
ON_DUPLICATE = ("error", "first")


def _sub_keys(key: str, spec: object, table: dict) -> list[str]:
    """What is wrong with one mapping of sub-keys (lookup.<column>, melt) against its key table."""
    if not isinstance(spec, dict):
        keys = ", ".join(f"{k}: …" for k, (_, required, _) in table.items() if required)
        return [f"'{key}' must be a mapping ({keys}), got {spec!r}."]
    whys = []
    for sub, value in spec.items():
        if sub not in table:
            whys.append(
                f"unknown key '{key}.{sub}'{did_you_mean(str(sub), table)}; the keys are: {', '.join(table)}."
            )
            continue
        label = table[sub][0]
        ok = (
            isinstance(value, str) and value.strip()
            if label == "text"
            else (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value))
        )
        if not ok:
            whys.append(f"'{key}.{sub}' must be {label}, got {value!r}.")
    whys += [
        f"'{key}.{sub}' is required."
        for sub, (_, required, _) in table.items()
        if required and sub not in spec
    ]
    return whys


def shape_problems(where: str, good: dict, fields: list[str]) -> list[str]:
    """What is wrong with the composing keys of one source or `defaults:` (their own shape: sub-keys,
    types, files, patterns); a bad key is dropped from `good`."""
    whys = []
    for column, spec in good.get("lookup", {}).items():
        key = f"{where}lookup.{column}"
        if column not in fields:
            whys.append(f"'{key}' names no column of the table{did_you_mean(str(column), fields)}.")
        found = _sub_keys(key, spec, LOOKUP_KEYS)
        if not found and (why := file_problem(f"{key}.file", spec["file"])):
            found.append(why)
        whys += found
    if whys:
        good.pop("lookup")
    return whys


def merged_problems(where: str, merged: dict, table: str) -> list[str]:
    """What is wrong once a source is merged with defaults: a contract column given two ways."""
    whys = []
    for column in merged.get("lookup", {}):
        for other in ("columns", "constants"):
            if column in merged.get(other, {}):
                whys.append(
                    f"'{where}lookup.{column}' and '{where}{other}.{column}' both give {column!r}; keep one."
                )
    return whys


def composed_issues(whys: list[str], file: str) -> list[Issue]:
    """The problems as config-invalid issues of intake.yaml."""
    return [Issue("config-invalid", file=file, detail=why) for why in whys]
