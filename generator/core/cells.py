"""Text cells of the public CSV files, made safe to open in a spreadsheet (OWASP CSV injection).

A spreadsheet (Excel, LibreOffice, Google Sheets) reads a cell that starts with '=', '+', '-' or '@' as a
formula, and a leading tab or carriage return can hide such a start. Every text cell of every public CSV
that starts with one of those characters gets a leading apostrophe ("'"), the OWASP rule: the spreadsheet
then shows the text instead of running it. Numbers are written as numbers and never changed (-5.5 stays
-5.5); only text-typed fields are neutralised. Parquet and the XLSX workbook keep the text as delivered:
they carry their own column and cell types, so no reader takes a text for a formula.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START_PATTERN = "^[=+\\-@\\t\\r]"  # the same characters, for pyarrow.compute's regular expressions
PREFIX = "'"


def spreadsheet_safe(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would take it for a formula, else unchanged."""
    return PREFIX + text if text.startswith(FORMULA_START) else text
