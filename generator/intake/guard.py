"""Guards for untrusted deliveries: files stay inside the intake folder, workbooks are not zip bombs.

intake.yaml and the delivered files come from outside. A file name or glob pattern is resolved
inside the intake folder only: every match, after following symlinks, must still be in it. A
workbook (an XLSX is a zip of XML) is checked member by member before openpyxl unpacks anything.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.core.errors import Issue, StructuralError

MAX_MEMBERS = 10_000  # a workbook with many sheets has a few hundred
MAX_UNPACKED = 1024**3  # 1 GiB of XML in all: more than a national results file in XLSX needs
MAX_RATIO = 200  # XML of a real sheet packs 5-30:1; a member over 1 MiB packed tighter than this is a bomb
RATIO_FROM = 1024**2


def _label(path: Path, folder: Path) -> str:
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def matching_files(folder: Path, pattern: str) -> list[Path]:
    """The regular files a name or glob pattern names in the folder, sorted; a StructuralError when
    any of them leads outside the folder (a symlink, or a symlinked folder a '**' walks into)."""
    try:
        if any(ch in pattern for ch in "*?["):
            found = sorted(p for p in folder.glob(pattern) if p.is_file())
        else:
            found = [folder / pattern] if (folder / pattern).is_file() else []
    except (ValueError, NotImplementedError, OSError) as exc:  # 'a**', a name too long, ...
        detail = f"'file' {pattern!r} is not a usable file name or glob pattern ({exc})."
        raise StructuralError([Issue("config-invalid", file="intake.yaml", detail=detail)]) from None
    root = folder.resolve()
    outside = [p for p in found if not p.resolve().is_relative_to(root)]
    if outside:
        raise StructuralError(
            [
                Issue("file-outside-intake", file=_label(p, folder), detail=f"it resolves to {p.resolve()}")
                for p in outside
            ]
        )
    return found


def check_workbook(data: bytes, label: str) -> None:
    """Refuse a workbook whose zip members would unpack too large or too tightly packed (a zip bomb),
    before anything is unpacked; a broken zip is left for the reader to report."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return
    problem = None
    if len(members) > MAX_MEMBERS:
        problem = f"it holds {len(members)} files (the limit is {MAX_MEMBERS})"
    total = sum(m.file_size for m in members)
    if problem is None and total > MAX_UNPACKED:
        problem = (
            f"it would unpack to {total / 1024**2:,.0f} MiB (the limit is {MAX_UNPACKED // 1024**2:,} MiB)"
        )
    for m in members if problem is None else []:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > RATIO_FROM and ratio > MAX_RATIO:
            problem = (
                f"its member {m.filename} unpacks {m.compress_size:,} bytes to {m.file_size:,} "
                f"({ratio:,.0f}:1; the limit is {MAX_RATIO}:1), the mark of a zip bomb"
            )
            break
    if problem:
        raise StructuralError([Issue("workbook-unsafe", file=label, detail=problem)])
