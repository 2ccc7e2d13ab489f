"""Turtle from the JSON-LD the catalogue writes: one document, two serialisations of the same graph.

The JSON-LD (package/catalog.py) keeps to a small, explicit form, which this module turns into Turtle
without an RDF library:
- a node is a dict; "@id" names it (a node with an "@id" and properties becomes a subject of its own, a
  dict with only an "@id" is a reference), a node without one is a blank node, written inline as [ … ];
- "@type" is a compact IRI or a list of them; every other key is a compact IRI (prefix:name) of the
  @context's prefixes;
- a value is a node, {"@value": text, "@language": tag} or {"@value": text, "@type": datatype}, plain text
  or a number or boolean, or a list of these.
IRIs in "@id" are absolute or relative to the document; Turtle resolves them against its own address, so
a catalogue and its Turtle twin in the same folder describe the same resources.
"""

from __future__ import annotations

import json

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text: str) -> str:
    """A Turtle string literal (escaped, in double quotes)."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def _iri(value: str) -> str:
    """An IRI reference in angle brackets; characters that Turtle forbids there are percent-encoded."""
    bad = set('<>"{}|^`\\ ')
    return "<" + "".join(f"%{ord(c):02X}" if c in bad or ord(c) < 0x21 else c for c in value) + ">"


def _compact(term: str, prefixes: dict[str, str]) -> str:
    """A compact IRI of a declared prefix as it is, anything else as an IRI reference."""
    prefix = term.split(":", 1)[0]
    return term if ":" in term and prefix in prefixes else _iri(term)


class _Writer:
    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self.pending: list[dict] = []

    def value(self, value, indent: str) -> str:
        if isinstance(value, dict) and "@value" in value:
            text = _string(str(value["@value"]))
            if "@language" in value:
                return f"{text}@{value['@language']}"
            return f"{text}^^{_compact(value['@type'], self.prefixes)}" if "@type" in value else text
        if isinstance(value, dict) and "@id" in value:
            if len(value) > 1:
                self.pending.append(value)
            return (
                _compact(value["@id"], self.prefixes)
                if value["@id"].startswith(tuple(f"{p}:" for p in self.prefixes))
                else _iri(value["@id"])
            )
        if isinstance(value, dict):
            return "[\n" + self.properties(value, indent + "    ") + f"\n{indent}]"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return json.dumps(value)
        return _string(str(value))

    def properties(self, node: dict, indent: str) -> str:
        lines = []
        types = node.get("@type", [])
        types = [types] if isinstance(types, str) else types
        if types:
            lines.append(f"{indent}a " + ", ".join(_compact(t, self.prefixes) for t in types))
        for key, values in node.items():
            if key.startswith("@"):
                continue
            values = values if isinstance(values, list) else [values]
            if values:
                objects = f" ,\n{indent}    ".join(self.value(v, indent) for v in values)
                lines.append(f"{indent}{_compact(key, self.prefixes)} {objects}")
        return " ;\n".join(lines)


def turtle(document: dict) -> str:
    """The Turtle serialisation of a JSON-LD document in the form this module describes."""
    prefixes = {k: v for k, v in document.get("@context", {}).items() if isinstance(v, str)}
    writer = _Writer(prefixes)
    out = [f"@prefix {name}: {_iri(iri)} ." for name, iri in prefixes.items()]
    writer.pending.append({k: v for k, v in document.items() if k != "@context"})
    while writer.pending:
        node = writer.pending.pop(0)
        out.append(
            "\n" + writer.value({"@id": node["@id"]}, "") + "\n" + writer.properties(node, "    ") + " ."
        )
    return "\n".join(out) + "\n"
