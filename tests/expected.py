"""What the tests expect to see, written independently of the generator (so a bug there cannot hide in
both)."""

from __future__ import annotations


def dutch(value: float, decimals: int = 1) -> str:
    """A number in Dutch notation: 1234.5 -> '1.234,5' (decimal comma, dot between thousands)."""
    text = f"{float(value):.{decimals}f}"
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, frac = text.partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + ".".join(groups) + ("," + frac if frac else "")
