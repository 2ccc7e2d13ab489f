"""Text as delivered: decoding file bytes without guessing wrong, the one normalisation of column
names, and removing invisible control and text-direction characters from cells."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from generator.core.errors import Issue, StructuralError

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"
# one well-formed UTF-8 sequence of two to four bytes (RFC 3629)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# control characters other than tab and line feed (C0, DEL, C1), and the bidi embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069) that can reorder text on a page
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _where(data: bytes, start: int, codec: str) -> tuple[int, int]:
    """(line, character) of byte offset `start`, both 1-based, decoding the bytes before it."""
    before = data[:start].decode(codec, errors="replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _encoding_error(
    label: str, data: bytes, exc: UnicodeDecodeError, codec: str, what: str
) -> StructuralError:
    line, char = _where(data, exc.start, codec)
    detail = f"{what}: line {line}, character {char} has byte 0x{data[exc.start]:02x}"
    return StructuralError([Issue("encoding-error", file=label, row=line, detail=detail)])


def decode(data: bytes, label: str, encoding: str) -> str:
    """Decode file bytes as the named encoding, or with 'auto' as UTF-8 (with or without BOM), UTF-16
    (with its BOM) or, for a file without a single UTF-8 multi-byte sequence, Windows-1252.

    A file with valid UTF-8 sequences and invalid bytes (one Windows-1252 byte in a UTF-8 file) is an
    encoding-error at the first bad byte, never re-read as Windows-1252 (that garbles every 'é').
    """
    if encoding == "auto" and data[:2] in UTF16_BOMS:
        encoding = "utf-16"
    if encoding != "auto":
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _encoding_error(label, data, exc, encoding, f"{encoding} text") from None
        except LookupError:
            detail = f"'encoding' {encoding!r} is not a known text encoding (try utf-8 or cp1252)."
            raise StructuralError([Issue("config-invalid", file=label, detail=detail)]) from None
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if body is not data or _UTF8_MULTIBYTE.search(body):
            what = "UTF-8 (it also holds UTF-8 text, so it is not read as Windows-1252; mixed encodings)"
            raise _encoding_error(label, body, exc, "utf-8", what) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _encoding_error(label, data, exc, "cp1252", "UTF-8 or Windows-1252 text") from None


def encoding_name(data: bytes) -> str:
    """The encoding `decode(data, label, 'auto')` reads decodable bytes in, in words ('UTF-8 with BOM')."""
    if data[:2] in UTF16_BOMS:
        return "UTF-16"
    if data.startswith(UTF8_BOM):
        return "UTF-8 with BOM"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "Windows-1252"
    return "UTF-8"


def header_key(name: str) -> str:
    """The one normalisation of column names before they are compared: Unicode compatibility forms
    (NFKC), invisible characters and a BOM removed, outer spaces stripped, case folded, and every run
    of spaces, dashes and underscores made one '_'. 'Approval Status', 'APPROVAL-STATUS' and
    ' approval_status ' are all 'approval_status'."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", str(name)).replace("\ufeff", ""))
    return re.sub(r"[\s\-_]+", "_", text.strip().casefold()).strip("_")


def _removed(text: str) -> str:
    """The invisible characters of one cell as 'U+001F, U+202E' (line breaks aside)."""
    found = INVISIBLE.findall(text.replace("\r", ""))
    return ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(found))


def clean_cells(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Remove invisible characters from text cells; return (cleaned text, what was removed per cell,
    '' where nothing was). Line breaks '\\r\\n' and '\\r' become '\\n' without a report."""
    removed = pd.Series("", index=values.index, dtype=object)
    hit = values.str.contains(INVISIBLE.pattern, regex=True)  # \r is in the class too
    if not hit.any():
        return values, removed
    dirty = values[hit].astype(object)
    removed[hit] = dirty.map(_removed)
    cleaned = dirty.map(lambda v: INVISIBLE.sub("", v.replace("\r\n", "\n").replace("\r", "\n")))
    return values.mask(hit, cleaned.reindex(values.index)), removed


def by_distinct(values: pd.Series, rewrite) -> pd.Series:
    """rewrite(series) -> series of the same length, applied once per distinct value of `values` and
    spread back over every row (missing values stay as they are). A national file repeats its periods,
    codes and counts hundreds of thousands of times; a Python call or regular expression per row cost
    seconds per column."""
    codes, distinct = pd.factorize(values)
    if len(distinct) == len(values):
        return rewrite(values)
    done = rewrite(pd.Series(distinct, dtype=values.dtype)).reset_index(drop=True)
    out = done.take(codes.clip(min=0)).set_axis(values.index)
    return out.mask(codes < 0, values) if (codes < 0).any() else out
