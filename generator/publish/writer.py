"""The one writer: every file Zorgspiegel outputs is written here, atomically."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file atomically (temporary file in the same folder, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically, with LF line ends."""
    write_bytes(path, text.encode("utf-8"))


def write_report(folder: Path, report_json: str, report_html: str) -> list[Path]:
    """Write the processing report (intake/report.py made its texts) into the (non-public) report folder."""
    paths = [folder / "report.json", folder / "report.html"]
    write_text(paths[0], report_json)
    write_text(paths[1], report_html)
    return paths


def replace_folder(target: Path, files: Mapping[str, bytes | str]) -> None:
    """Write `files` (relative path -> bytes, or text written as UTF-8) as the whole of folder `target`, swapped in at once.

    The files go to a hidden staging folder beside the target first; only when all are written is
    the old folder moved aside and the new one renamed into place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
    staging.chmod(0o755)
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        swap_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def swap_folder(staging: Path, target: Path) -> None:
    """Put a complete staging folder in the place of target: the old one is moved aside, then removed."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def point_latest(folder: Path, release: str) -> None:
    """Make folder/latest a relative link to the newest release folder (the stable 'latest' URL)."""
    newest = max(
        [p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")]
        + [release]
    )
    link = folder / "latest"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(newest, target_is_directory=True)


def write_manifest(folder: Path, manifest: dict) -> Path:
    """Write manifest.json next to the processing report."""
    path = folder / "manifest.json"
    write_text(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return path


def write_intake_folder(folder: Path, tables: dict[str, pd.DataFrame], intake_yaml: str) -> None:
    """Write a generated intake folder: one UTF-8 CSV per table and its intake.yaml."""
    for name, frame in tables.items():
        write_text(folder / f"{name}.csv", frame.to_csv(index=False, lineterminator="\n"))
    write_text(folder / "intake.yaml", intake_yaml)
