"""Reading intake.yaml safely: a YAML loader without aliases, deep nesting or YAML 1.1's loose booleans.

intake.yaml comes with the deliveries, so it is read as untrusted text: anchors and aliases (`&a`,
`*a`, `<<: *a`) are refused, because a few lines of them expand into billions of values (the
"billion laughs"); nesting deeper than MAX_DEPTH and files larger than MAX_BYTES are refused too.
Each refusal is a config-invalid issue with the line and column where it was found.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.core.errors import Issue, StructuralError

MAX_BYTES = 1024 * 1024  # intake.yaml is a page of settings, not data
MAX_DEPTH = 32  # the deepest real setting (tables.x[i].values.column.key) is 5 levels down


class _Refused(yaml.YAMLError):
    """A YAML construct intake.yaml does not allow, with the place it was found."""

    def __init__(self, what: str, mark):
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        super().__init__(f"{where}{what}")


class ConfigLoader(yaml.SafeLoader):
    """SafeLoader without aliases and with a depth limit; only true/false are booleans
    ('Yes', 'No', 'on', 'Ja' stay text: YAML 1.1's 'Norway problem')."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        """Compose one node, refusing aliases and nesting deeper than MAX_DEPTH."""
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise _Refused(
                "anchors and aliases (&name, *name, <<) are not allowed; write the settings out", mark
            )
        if self._depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


ConfigLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ConfigLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _flow_depth(text: str) -> int:
    """The deepest nesting of flow brackets ([ and {) outside quotes, a cheap bound before parsing
    (the scanner itself recurses on very deep flow collections)."""
    depth = deepest = 0
    for ch in re.sub(r"'[^'\n]*'|\"(?:[^\"\\\n]|\\.)*\"|#[^\n]*", "", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def load_config_yaml(text: str, file: str = "intake.yaml") -> Any:
    """Parse intake.yaml text; a StructuralError (config-invalid) for what is not valid or not allowed."""

    def refuse(detail: str) -> StructuralError:
        return StructuralError([Issue("config-invalid", file=file, detail=detail)])

    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise refuse(
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; it holds settings, not data."
        )
    if _flow_depth(text) > MAX_DEPTH:
        raise refuse(f"not valid here: brackets nested more than {MAX_DEPTH} levels deep.")
    try:
        return yaml.load(text, Loader=ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise refuse(f"not valid here: {exc}.") from None
    except yaml.YAMLError as exc:
        raise refuse(f"not valid YAML: {exc}") from exc
    except (RecursionError, ValueError, OverflowError) as exc:  # e.g. a timestamp like 2024-13-45
        raise refuse(f"not valid YAML: {type(exc).__name__}: {exc}") from None
