"""Read back a workbook that package/xlsx.py wrote, without openpyxl: sheet names and chosen columns as text.

The disclosure check re-reads every workbook of a national release this way in seconds; the tests read
the workbooks with openpyxl too.
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.package.xlsx import READ_BYTES

_SI = re.compile(r"<si>(.*?)</si>", re.S)
_T = re.compile(r"<t[^>]*>(.*?)</t>", re.S)
_SHEET = re.compile(r'<sheet name="([^"]*)" sheetId="\d+" r:id="rId(\d+)"/>')


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def sheet_names(blob: bytes) -> list[str]:
    """The names of a workbook's sheets, in order."""
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return [_unescape(n) for n, _ in _SHEET.findall(zf.read("xl/workbook.xml").decode("utf-8"))]


def _open(zf: zipfile.ZipFile, sheet: str) -> tuple[list[str], str]:
    """The shared strings of an open workbook and the part name of one of its sheets."""
    names = _SHEET.findall(zf.read("xl/workbook.xml").decode("utf-8"))
    target = next((rid for name, rid in names if _unescape(name) == sheet), None)
    if target is None:
        raise KeyError(f"no sheet {sheet!r}")
    sst = [
        _unescape("".join(_T.findall(si)))
        for si in _SI.findall(zf.read("xl/sharedStrings.xml").decode("utf-8"))
    ]
    return sst, f"xl/worksheets/sheet{target}.xml"


def _row_blocks(stream, size: int = READ_BYTES):
    """The sheet XML in blocks of whole rows (each block ends with '</row>'; the last holds the rest)."""
    rest = b""
    while True:
        chunk = stream.read(size)
        data = rest + chunk
        if not chunk:
            if data:
                yield data
            return
        cut = data.rfind(b"</row>")
        if cut < 0:
            rest = data
            continue
        yield data[: cut + 6]
        rest = data[cut + 6 :]


def sheet_cells(
    blob: bytes, sheet: str, columns: list[str]
) -> tuple[int, dict[str, tuple[np.ndarray, pa.Array]], list[str]]:
    """The cells of chosen columns (by header name) of a sheet with a header row, as ``workbook_bytes``
    writes it.

    Returns (number of data rows, {column: (row indexes from 0, cell texts)}, shared strings): a cell's
    text is its shared string (t="s"), its inline string or its <v> text, and '?' when it cannot be read;
    the number of rows is the last row with one of the chosen cells. The sheet is read in blocks of rows,
    each with one regular-expression pass and then Arrow kernels, so memory stays small; a national
    results sheet (650,000 rows) takes a few seconds.
    """
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        sst, part = _open(zf, sheet)
        by_letter: dict[bytes, str] = {}
        pattern = None
        pieces: dict[str, list] = {c: [] for c in columns}
        last = 1
        with zf.open(part) as stream:
            for block in _row_blocks(stream):
                if pattern is None:
                    start = block.find(b"<sheetData>")
                    header = {}
                    for letter, _, shared, value, other in _cell_pattern(rb"[A-Z]+", rb"1").findall(
                        block, start, block.find(b"</row>", start)
                    ):
                        texts = (pa.array([x.decode("utf-8")], pa.string()) for x in (shared, value, other))
                        header[_decode(*texts, sst)[0].as_py()] = letter.decode()
                    missing = [c for c in columns if c not in header]
                    if missing:
                        raise KeyError(f"sheet {sheet!r} has no column {missing}")
                    by_letter = {header[c].encode(): c for c in columns}
                    pattern = _cell_pattern(b"|".join(by_letter), rb"\d+")
                found = pattern.findall(block)
                if not found:
                    continue
                letters, numbers, shared, value, other = zip(*found)
                letters = pa.array(letters, pa.binary())
                numbers = pa.array(numbers, pa.binary()).cast(pa.string()).cast(pa.int64())
                shared, value, other = (
                    pa.array(x, pa.binary()).cast(pa.string()) for x in (shared, value, other)
                )
                body = pc.greater(numbers, 1)  # row 1 is the header
                last = max(last, pc.max(numbers).as_py())
                for letter, name in by_letter.items():
                    mask = pc.and_(pc.equal(letters, letter), body)
                    pieces[name].append(
                        (
                            pc.subtract(numbers.filter(mask), 2).to_numpy(),
                            _decode(shared.filter(mask), value.filter(mask), other.filter(mask), sst),
                        )
                    )
    out = {}
    for name in columns:
        index = np.concatenate([i for i, _ in pieces[name]]) if pieces[name] else np.zeros(0, dtype=np.int64)
        texts = pa.concat_arrays([t for _, t in pieces[name]]) if pieces[name] else pa.array([], pa.string())
        out[name] = (index, texts)
    return last - 1, out, sst


def _cell_pattern(letters: bytes, row: bytes) -> re.Pattern:
    """<c r="{letter}{row}" t="s" ...><v>text</v></c> -> (letter, row, ' t="s"' or '', v text, any other
    content)."""
    return re.compile(
        rb'<c r="(' + letters + rb")(" + row + rb')"( t="s")?[^>]*>(?:<v>([^<]*)</v>|(.*?))</c>'
    )


def _decode(shared: pa.Array, value: pa.Array, other: pa.Array, sst: list[str]) -> pa.Array:
    """The text of cells from their parts: a shared string, an inline string or the <v> text; '?' when
    unreadable."""
    is_shared = pc.and_(pc.not_equal(shared, ""), pc.match_substring_regex(value, r"^\d{1,9}$"))
    index = pc.if_else(is_shared, value, None).cast(pa.int64())
    known = pc.fill_null(pc.less(index, len(sst)), False)
    strings = (
        pc.take(pa.array(sst, pa.string()), pc.if_else(known, index, None))
        if sst
        else pa.nulls(len(value), pa.string())
    )
    inline = pc.struct_field(pc.extract_regex(other, r"^<is><t[^>]*>(?P<t>[^<]*)</t></is>$"), "t")
    plain = pc.if_else(pc.not_equal(shared, ""), None, pc.if_else(pc.equal(other, ""), value, inline))
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        plain = pc.replace_substring(plain, entity, char)
    return pc.coalesce(
        pc.if_else(is_shared, pc.if_else(known, strings, "?"), None), plain, pa.scalar("?", pa.string())
    )
