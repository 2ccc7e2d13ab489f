#!/usr/bin/env python3
"""Put a release's intake folder in place for a build: from a local folder, or an HTTPS URL of a
.zip or .tar.gz archive (as configured in the monthly workflow; never hard-coded).

    python scripts/fetch_input.py SOURCE DEST

SOURCE is a folder (copied) or an https:// URL (downloaded and unpacked; an archive with a single
top folder is unpacked from inside it). Members that would land outside DEST are refused.
DEST must not exist yet or be empty. Exit 0 when DEST holds an intake.yaml, 2 otherwise.
"""

from __future__ import annotations

import io
import shutil
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath


def safe_members(names: list[str]) -> list[str]:
    """The archive's member names, refusing absolute paths and '..' (path traversal)."""
    for name in names:
        p = PurePosixPath(name)
        if p.is_absolute() or ".." in p.parts:
            raise SystemExit(f"fetch_input: refusing archive member {name!r}: it would be written outside the intake folder")
    return names


def unpack(data: bytes, url: str, dest: Path) -> None:
    """Unpack a zip or tar.gz archive into dest."""
    if url.endswith(".zip") or data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            safe_members(zf.namelist())
            zf.extractall(dest)
    else:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            safe_members(tf.getnames())
            tf.extractall(dest, filter="data")
    entries = list(dest.iterdir())
    if len(entries) == 1 and entries[0].is_dir():  # one top folder: lift its contents
        top = entries[0]
        for child in top.iterdir():
            shutil.move(str(child), dest / child.name)
        top.rmdir()


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    source, dest = argv[1], Path(argv[2])
    if dest.exists() and any(dest.iterdir()):
        print(f"fetch_input: {dest} is not empty", file=sys.stderr)
        return 2
    dest.mkdir(parents=True, exist_ok=True)
    if source.startswith("https://"):
        with urllib.request.urlopen(source, timeout=120) as response:  # noqa: S310 - https only
            unpack(response.read(), source, dest)
    elif source.startswith("http://"):
        print("fetch_input: use https:// for a remote intake", file=sys.stderr)
        return 2
    else:
        shutil.copytree(source, dest, dirs_exist_ok=True)
    if not (dest / "intake.yaml").is_file():
        print(f"fetch_input: {source} has no intake.yaml at its top", file=sys.stderr)
        return 2
    print(f"intake from {source} in {dest}: {sum(1 for _ in dest.rglob('*'))} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
