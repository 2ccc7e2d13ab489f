"""Checks of the settings that compose a mapping: `lookup` (a column taken from a second file by key),
`melt` (wide measure columns unpivoted), `identifiers` (a provider's other ids) and `on_duplicate` (a
registry from several files). Their shapes are checked where they are written (a source or `defaults:`);
what depends on the table and on the other keys is checked once a source is merged with defaults.
"""

from __future__ import annotations

import re

from generator.config.checks import file_problem
from generator.config.contract import table_spec
from generator.config.keys import LOOKUP_KEYS, MELT_KEYS
from generator.core.errors import Issue, did_you_mean

IDENTIFIER_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
ON_DUPLICATE = ("error", "first")
REGISTRIES = ("providers", "indicators")


def _sub_keys(key: str, spec: object, table: dict, complete: bool = True) -> list[str]:
    """What is wrong with one mapping of sub-keys (lookup.<column>, melt) against its key table; with
    `complete` False a required sub-key may still come from `defaults:`."""
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
        text = isinstance(value, str) and value.strip()
        texts = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
        ok = text if label == "text" else texts if label == "list of text" else text or texts
        if not ok:
            whys.append(f"'{key}.{sub}' must be {label}, got {value!r}.")
    whys += [
        f"'{key}.{sub}' is required."
        for sub, (_, required, _) in table.items()
        if required and sub not in spec and complete
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
        found = _sub_keys(key, spec, LOOKUP_KEYS, complete=False)  # file, key, value: checked once merged
        if not found and "file" in spec and (why := file_problem(f"{key}.file", spec["file"])):
            found.append(why)
        whys += found
    if whys:
        good.pop("lookup")
    melt = _melt_problems(f"{where}melt", good["melt"], fields) if "melt" in good else []
    if melt:
        good.pop("melt")
    named = [
        f"'{where}identifiers.{name}' must name one source column, got {column!r}."
        if not (isinstance(column, str) and column.strip())
        else f"'{where}identifiers' has {name!r}: a name is lowercase letters, digits and '_' (agb)."
        for name, column in good.get("identifiers", {}).items()
        if not (IDENTIFIER_NAME.fullmatch(str(name)) and isinstance(column, str) and column.strip())
    ]
    if named:
        good.pop("identifiers")
    return whys + melt + named


def _melt_problems(key: str, spec: object, fields: list[str]) -> list[str]:
    whys = _sub_keys(key, spec, MELT_KEYS)
    if whys:
        return whys
    targets = melt_targets(spec)
    for target in targets:
        if target not in fields:
            whys.append(f"'{key}' names {target!r}, no column of the table{did_you_mean(target, fields)}.")
    if spec["name"] in targets[1:]:
        whys.append(f"'{key}' gives {spec['name']!r} both the column names and the cells; keep one.")
    for pattern in spec["columns"]:
        try:
            re.compile(pattern[3:]) if pattern.startswith("re:") else None
        except re.error as exc:
            whys.append(f"'{key}.columns' has {pattern!r}, not a valid regular expression ({exc}).")
    return whys


def melt_targets(melt: dict) -> list[str]:
    """The contract columns a melt fills: the one for the wide columns' names, then those for the cells."""
    value = melt["value"]
    return [melt["name"], *([value] if isinstance(value, str) else value)]


def merged_problems(where: str, merged: dict, table: str) -> list[str]:
    """What is wrong once a source is merged with defaults: a contract column given two ways, a setting
    the table cannot have."""
    fields = table_spec(table).field_names
    whys = [  # a lookup's required keys, from the source or defaults (one for another table is skipped)
        f"'{where}lookup.{column}.{sub}' is required."
        for column, spec in merged.get("lookup", {}).items()
        if column in fields
        for sub, (_, required, _) in LOOKUP_KEYS.items()
        if required and sub not in spec
    ]
    if merged.get("identifiers") and table != "providers":
        whys.append(f"'{where}identifiers' is only for providers: a provider's other ids (agb, kvk, ...).")
    if merged.get("identifiers") and "identifiers" in merged.get("columns", {}):
        whys.append(
            f"'{where}identifiers' and '{where}columns.identifiers' both give 'identifiers'; keep one."
        )
    on_duplicate = merged.get("on_duplicate", "error")
    if on_duplicate not in ON_DUPLICATE:
        whys.append(f"'{where}on_duplicate' must be one of {', '.join(ON_DUPLICATE)}, got {on_duplicate!r}.")
    elif on_duplicate != "error" and table not in REGISTRIES:
        whys.append(
            f"'{where}on_duplicate' is only for providers and indicators (a registry from several files); "
            "results are told apart by provider, indicator and period."
        )
    for column in melt_targets(merged["melt"]) if merged.get("melt") else []:
        for other in ("columns", "constants", "lookup"):
            if column in merged.get(other, {}):
                whys.append(f"'{where}melt' and '{where}{other}.{column}' both give {column!r}; keep one.")
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
