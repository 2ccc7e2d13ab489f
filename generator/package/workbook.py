"""The Excel workbook of a package: a data dictionary sheet, then a sheet per resource (package/xlsx.py
writes it)."""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc

from generator.package import xlsx
from generator.package.schema import ARROW_TYPES, MISSING_LABELS, RESOURCES, decode_categories, public_spec

_TYPE_WORDS = {
    "string": "tekst",
    "number": "getal",
    "integer": "geheel getal",
    "boolean": "ja/nee (waar/onwaar)",
    "date": "datum (JJJJ-MM-DD)",
}
_WIDTHS = {"string": 16, "number": 12, "integer": 10, "boolean": 10, "date": 12}
_WIDE = {
    "explanation": 50,
    "note": 50,
    "description": 50,
    "name": 32,
    "title": 32,
    "set_title": 28,
    "lay_explanation": 50,
    "numerator_definition": 40,
    "denominator_definition": 40,
    "address": 26,
    "website": 30,
}


def dictionary_table(desc: dict, citation: str, tables: dict[str, pa.Table]) -> pa.Table:
    """The workbook's first sheet: what the package is, its licence and source, and every column explained."""
    lic = desc["licenses"][0]
    src = desc["sources"][0]
    rows = [
        [desc["title"]],
        [desc["description"]],
        [],
        ["Versie (release)", desc["version"]],
        ["Licentie", f"{lic.get('title', lic['name'])} ({lic['name']})", lic.get("path", "")],
        ["Bron", src["title"], src.get("path", "")],
        ["Uitgever", desc["contributors"][0]["title"]],
        ["Citeren", citation.strip()],
        [
            "Publicatiedrempel",
            f"Geen waarde, teller of noemer wordt gepubliceerd als de noemer kleiner is dan "
            f"{desc['disclosure']['min_denominator']} (of de eigen drempel van de indicator, "
            "kolom min_denominator).",
        ],
        [
            "Ontbrekende waarden",
            "Een resultaat zonder cijfer heeft in de kolom status de reden; de cel value is dan leeg:",
        ],
    ]
    rows += [["", code, label] for code, label in MISSING_LABELS.items() if code]
    rows += [
        [
            "Tekst en ids",
            "Ids en andere tekst staan als tekst in de cellen (celopmaak Tekst): "
            "voorloopnullen blijven staan.",
        ],
        [
            "Zelfde cijfers",
            "Elk blad heeft dezelfde rijen en kolommen als het CSV- en Parquet-bestand met dezelfde naam.",
        ],
        [],
        ["Blad", "Rijen", "Wat erin staat"],
    ]
    spec = public_spec()
    rows += [[name, str(tables[name].num_rows), spec[name]["description"]] for name in RESOURCES]
    rows += [[], ["Tabel", "Kolom", "Type", "Titel", "Uitleg"]]
    for name in RESOURCES:
        for f in spec[name]["fields"]:
            cats = [c for c in f.get("categories", []) if c != ""]
            rows.append(
                [
                    name,
                    f["name"],
                    _TYPE_WORDS[f["type"]],
                    f["title"],
                    f["description"] + (f" Waarden: {', '.join(cats)}." if cats else ""),
                ]
            )
    width = 5
    return pa.table(
        {f"c{i}": pa.array([(r[i] if i < len(r) else "") for r in rows], pa.string()) for i in range(width)}
    )


def fits_in_a_workbook(tables: dict[str, pa.Table]) -> bool:
    """Whether every resource fits on one Excel sheet (1,048,575 rows under the header).

    A larger package gets no workbook: Excel cannot open the rest of such a sheet, and a table split over
    sheets cannot be filtered or pivoted as one; its CSV and Parquet serve (Power Query reads both).
    """
    return all(t.num_rows < xlsx.MAX_ROWS for t in tables.values())


def workbook_bytes(tables: dict[str, pa.Table], desc: dict, citation: str) -> bytes:
    """The package as one Excel workbook: the data dictionary and licence first, then one sheet per resource;
    ids and other text as text, figures as numbers."""
    sheets = [
        xlsx.Sheet(
            "datawoordenboek",
            dictionary_table(desc, citation, tables),
            widths=(22, 26, 14, 30, 90),
            styles=(xlsx.TEXT, xlsx.TEXT, xlsx.TEXT, xlsx.TEXT, xlsx.WRAP),
            header=False,
        )
    ]
    for name in RESOURCES:
        table = _as_cells(tables[name])
        widths = tuple(
            _WIDE.get(f.name, max(_WIDTHS[_arrow_kind(f.type)], min(len(f.name) + 3, 24)))
            for f in table.schema
        )
        sheets.append(xlsx.Sheet(name, table, widths=widths))
    return xlsx.workbook_bytes(
        sheets, title=desc["title"], creator=desc["contributors"][0]["title"], created=desc["created"]
    )


def _as_cells(table: pa.Table) -> pa.Table:
    """Dates as ISO text cells (YYYY-MM-DD, as in the CSV) and categories (dictionary columns, as a
    Parquet file holds them) as plain text: the workbook writer knows text, numbers and booleans."""
    table = decode_categories(table)
    for index, field in enumerate(table.schema):
        if pa.types.is_date(field.type):
            text = pc.fill_null(pc.strftime(table.column(index), format="%Y-%m-%d"), "")
            table = table.set_column(index, field.name, text)
    return table


def _arrow_kind(t: pa.DataType) -> str:
    return next(k for k, v in ARROW_TYPES.items() if v == t)


def workbook_entry(path: str, data: bytes) -> dict:
    """The datapackage resource entry for the workbook at `path` with contents `data` (size and hash)."""
    return {
        "name": "workbook",
        "type": "file",
        "path": path,
        "format": "xlsx",
        "mediatype": xlsx.MEDIATYPE,
        "description": "Every resource of this package in one Excel workbook: a first sheet "
        "'datawoordenboek' with the licence, the source and every column explained, then one sheet per "
        "resource with the same rows and columns as its CSV (ids and other text as text, so leading zeros "
        "stay; figures as numbers).",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }
