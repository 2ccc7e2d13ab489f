"""The data licences a publication may name (publication.licence, an SPDX id): title and web address."""

from __future__ import annotations

LICENCES = {
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": (
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}


def licence_url(spdx: str) -> str:
    """The web address of a licence: its own page when known, else its SPDX page."""
    return LICENCES[spdx][1] if spdx in LICENCES else f"https://spdx.org/licenses/{spdx}.html"
