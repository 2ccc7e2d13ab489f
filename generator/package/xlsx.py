"""A small, fast and reproducible XLSX (Office Open XML workbook) writer.

Pure: ``workbook_bytes`` turns typed Arrow tables into the bytes of one .xlsx file. openpyxl's own
writer does about 200,000 cells a second, which made the data packages of a national release several
times slower; this writer builds the sheet XML column by column with Arrow's string kernels (millions
of cells a second) and streams it into the zip. What it writes, and why:

- one worksheet per table, the header row bold and frozen, an autofilter, column widths;
- text cells as shared strings with the Text number format ('@'), so ids keep their leading zeros
  (also when a cell is edited) and Excel does not flag "number stored as text"; numbers as numbers,
  booleans as booleans, missing values as empty cells (no cell at all);
- a table longer than a sheet can hold (1,048,575 data rows) is refused (ValueError): the caller decides;
- same input, same bytes: no timestamps but the given ``created`` date (document properties), fixed
  zip entry dates and order, deterministic shared-string order (first appearance).

package/xlsx_read.py reads such a workbook back without openpyxl, for the disclosure check.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

MAX_ROWS = 1_048_576  # Excel's rows per sheet, header included
MAX_TEXT = 32_767  # Excel's characters per cell
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Rows turned into XML at a time, and sheet XML read back at a time. A chunk's cells are held twice (cells,
# then rows): for a 650,000-row results sheet 100,000 rows and 16 MB blocks peaked at 320 and 340 MB
# above the tables (writing, reading back), 20,000 rows and 4 MB at 220 and 170 MB, in the same time.
# The workbook's bytes do not depend on either.
CHUNK_ROWS = 20_000
READ_BYTES = 4 << 20
COMPRESS_LEVEL = 1  # the sheet XML is very repetitive: level 1 is 4x faster than 6 and about 20% larger
MEDIATYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cell styles (xl/styles.xml cellXfs): 0 default, 1 text ('@'), 2 bold header, 3 wrapped text, 4 bold title
TEXT, BOLD, WRAP, TITLE = 1, 2, 3, 4
_STYLES = (
    _HEAD + f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One table to write: a typed Arrow table (string, float64, int64 or bool columns) and its column widths.

    ``styles`` optionally gives a cell style per column (default: text columns TEXT, others none);
    ``frozen`` and ``autofilter`` apply to the header row (a table's first row).
    """

    name: str
    table: pa.Table
    widths: tuple[float, ...] = ()
    styles: tuple[int, ...] = ()
    header: bool = True


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(_BAD_XML.sub("", value)[:MAX_TEXT])


def _kind(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "s"
    if pa.types.is_boolean(t):
        return "b"
    if pa.types.is_integer(t) or pa.types.is_floating(t):
        return "n"
    raise TypeError(f"no XLSX cell type for Arrow type {t}")


def _text_columns(table: pa.Table) -> list[pa.Array]:
    return [table.column(i).combine_chunks() for i, f in enumerate(table.schema) if _kind(f.type) == "s"]


def shared_strings(sheets: list[Sheet]) -> pa.Array:
    """Every distinct non-empty text of the workbook, in order of first appearance (header names first)."""
    parts = [pa.array([f.name for s in sheets if s.header for f in s.table.schema], pa.string())]
    for s in sheets:
        parts += [c.cast(pa.string()) for c in _text_columns(s.table)]
    values = pc.unique(pa.chunked_array(parts, pa.string()).combine_chunks())
    return values.filter(pc.and_(pc.is_valid(values), pc.not_equal(values, "")))


def _concat(strings: pa.Array) -> memoryview:
    """The values of a string array without nulls, concatenated (a view on the array's data, no copy)."""
    strings = strings.cast(pa.large_string())
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)
    data = strings.buffers()[2]
    if data is None or not len(strings):
        return memoryview(b"")
    return memoryview(data)[offsets[strings.offset] : offsets[strings.offset + len(strings)]]


def _cells(column: pa.Array, kind: str, letter: str, rownum: pa.Array, sst: pa.Array, style: int) -> pa.Array:
    """One <c> element per row (null where the cell is empty)."""
    ref = f'<c r="{letter}'
    if kind == "s":
        index = pc.index_in(column.cast(pa.string()), value_set=sst)
        return pc.binary_join_element_wise(
            ref,
            rownum,
            f'" t="s"{f" s={chr(34)}{style}{chr(34)}" if style else ""}><v>',
            index.cast(pa.string()),
            "</v></c>",
            "",
        )
    if kind == "b":
        return pc.binary_join_element_wise(
            ref, rownum, '" t="b"><v>', column.cast(pa.int8()).cast(pa.string()), "</v></c>", ""
        )
    values = column if pa.types.is_integer(column.type) else pc.if_else(pc.is_finite(column), column, None)
    return pc.binary_join_element_wise(
        ref,
        rownum,
        f'"{f" s={chr(34)}{style}{chr(34)}" if style else ""}><v>',
        values.cast(pa.string()),
        "</v></c>",
        "",
    )


def _sheet_xml(sheet: Sheet, sst: pa.Array, selected: bool):
    """The worksheet XML of one sheet, in pieces (bytes)."""
    table = sheet.table
    kinds = [_kind(f.type) for f in table.schema]
    ncols, nrows = table.num_columns, table.num_rows + (1 if sheet.header else 0)
    styles = sheet.styles or tuple(TEXT if k == "s" else 0 for k in kinds)
    last = f"{column_letter(max(ncols, 1) - 1)}{max(nrows, 1)}"
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w:g}"'
        f'{f" style={chr(34)}{styles[i]}{chr(34)}" if i < len(styles) and styles[i] else ""}'
        ' customWidth="1"/>'
        for i, w in enumerate(sheet.widths)
    )
    pane = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        if sheet.header
        else ""
    )
    yield (
        f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="A1:{last}"/>'
        f'<sheetViews><sheetView workbookViewId="0"'
        f'{" tabSelected=" + chr(34) + "1" + chr(34) if selected else ""}>'
        f"{pane}</sheetView></sheetViews>"
        f'<sheetFormatPr defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}<sheetData>'
    ).encode()
    start = 1
    if sheet.header:
        index = pc.index_in(pa.array(table.column_names, pa.string()), value_set=sst).to_pylist()
        yield (
            '<row r="1">'
            + "".join(
                f'<c r="{column_letter(i)}1" t="s" s="{BOLD}"><v>{v}</v></c>' for i, v in enumerate(index)
            )
            + "</row>"
        ).encode()
        start = 2
    letters = [column_letter(i) for i in range(ncols)]
    for offset in range(0, table.num_rows, CHUNK_ROWS):
        part = table.slice(offset, CHUNK_ROWS)
        rownum = pa.array(np.arange(start + offset, start + offset + part.num_rows, dtype=np.int64)).cast(
            pa.string()
        )
        cells = [
            _cells(
                part.column(i).combine_chunks(),
                kinds[i],
                letters[i],
                rownum,
                sst,
                styles[i] if i < len(styles) else 0,
            )
            for i in range(ncols)
        ]
        rows = pc.binary_join_element_wise(
            '<row r="', rownum, '">', *cells, "</row>", "", null_handling="replace", null_replacement=""
        )
        yield _concat(rows)
    tail = "</sheetData>" + (f'<autoFilter ref="A1:{last}"/>' if sheet.header and ncols else "")
    tail += '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    text_cols = [letters[i] for i, k in enumerate(kinds) if k == "s"]
    if text_cols:
        ranges = " ".join(f"{c}1:{c}{max(nrows, 1)}" for c in text_cols)
        tail += f'<ignoredErrors><ignoredError sqref="{ranges}" numberStoredAsText="1"/></ignoredErrors>'
    yield (tail + "</worksheet>").encode()


def _entry(zf: zipfile.ZipFile, name: str, pieces) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = COMPRESS_LEVEL
    with zf.open(info, "w") as out:
        for piece in [pieces] if isinstance(pieces, bytes | str) else pieces:
            out.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def workbook_bytes(
    sheets: list[Sheet], title: str = "", creator: str = "", created: str = "1980-01-01T00:00:00Z"
) -> bytes:
    """The .xlsx file of these sheets, in this order; ``created`` (W3CDTF) is both its created and modified
    date."""
    names = [s.name for s in sheets]
    for name in names:
        if (
            not name
            or len(name) > 31
            or _BAD_SHEET.search(name)
            or name.startswith("'")
            or name.endswith("'")
        ):
            raise ValueError(f"{name!r} cannot be the name of a sheet")
    if len({n.lower() for n in names}) != len(names):
        raise ValueError(f"sheet names repeat: {names}")
    for s in sheets:
        if s.table.num_rows + (1 if s.header else 0) > MAX_ROWS:
            raise ValueError(
                f"sheet {s.name!r}: {s.table.num_rows:,} rows do not fit on a sheet ({MAX_ROWS:,} at most)"
            )
    sst = shared_strings(sheets)
    n = len(sheets)
    content_types = (
        _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(n)
        )
        + '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
    )
    rels = (
        _HEAD + f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    core = (
        _HEAD + "<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(title)}</dc:title><dc:creator>{_text(creator)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_text(created)}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_text(created)}</dcterms:modified></cp:coreProperties>'
    )
    app = (
        _HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Zorgspiegel</Application>'
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>"
    )
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{_text(s.name)}'!$A$1:${column_letter(max(s.table.num_columns, 1) - 1)}${s.table.num_rows + 1}"
        "</definedName>"
        for i, s in enumerate(sheets)
        if s.header and s.table.num_columns
    )
    workbook = (
        _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{_text(s.name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, s in enumerate(sheets)
        )
        + "</sheets>"
        + (f"<definedNames>{filters}</definedNames>" if filters else "")
        + "</workbook>"
    )
    wb_rels = (
        _HEAD
        + f'<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        _entry(zf, "[Content_Types].xml", content_types)
        _entry(zf, "_rels/.rels", rels)
        _entry(zf, "docProps/app.xml", app)
        _entry(zf, "docProps/core.xml", core)
        _entry(zf, "xl/workbook.xml", workbook)
        _entry(zf, "xl/_rels/workbook.xml.rels", wb_rels)
        _entry(zf, "xl/styles.xml", _STYLES)
        _entry(zf, "xl/sharedStrings.xml", _shared_strings_xml(sst))
        for i, s in enumerate(sheets):
            _entry(zf, f"xl/worksheets/sheet{i + 1}.xml", _sheet_xml(s, sst, i == 0))
    return out.getvalue()


def _shared_strings_xml(sst: pa.Array):
    yield f'{_HEAD}<sst xmlns="{_MAIN}" uniqueCount="{len(sst)}">'
    for start in range(0, len(sst), CHUNK_ROWS):
        yield "".join(
            f'<si><t xml:space="preserve">{_text(v)}</t></si>'
            for v in sst.slice(start, CHUNK_ROWS).to_pylist()
        )
    yield "</sst>"


# ---------------------------------------------------------------- reading back (for checks)
