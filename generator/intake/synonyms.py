"""Publishers' spellings of the contract's enum values (Dutch words, plurals, old names)."""

from __future__ import annotations

# Spellings publishers use, mapped onto the contract's enum values (compared case-insensitively).
SYNONYMS: dict[str, dict[str, str]] = {
    "approval_status": {
        "geaccordeerd": "approved",
        "akkoord": "approved",
        "goedgekeurd": "approved",
        "in afwachting": "pending",
        "open": "pending",
        "nog niet geaccordeerd": "pending",
        "concept": "pending",
        "afgekeurd": "rejected",
        "niet akkoord": "rejected",
        "ingetrokken": "withdrawn",
    },
    "kind": {
        "ziekenhuizen": "ziekenhuis",
        "verpleeghuizen": "verpleeghuis",
        "huisartsenpraktijk": "huisartspraktijk",
        "huisarts": "huisartspraktijk",
        "geboortezorg": "vsv",
        "organisation": "organisatie",
    },
    "unit": {
        "janee": "yesno",
        "getal": "number",
        "ja/nee": "yesno",
        "tekst": "text",
        "aantal": "count",
        "gemiddelde": "mean",
        "mediaan": "median",
        "proportie": "proportion",
        "percentages": "percentage",
    },
    "type": {
        "structuur": "structure",
        "proces": "process",
        "uitkomst": "outcome",
        "ervaring": "experience",
        "prem": "experience",
        "voorkeur": "preference",
    },
    "direction": {"hoger is beter": "higher", "lager is beter": "lower", "geen": "neither"},
}
