"""The one writer: every file Zorgspiegel outputs is written here, atomically."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping, MutableMapping
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


def write_report(
    folder: Path, report_json: str, report_html: str, providers: Mapping[str, str] | None = None
) -> list[Path]:
    """Write the processing report (intake/report.py made its texts) into the (non-public) report folder;
    with `providers` (file name -> HTML), the providers' own pages as the whole of its providers/ folder
    ({} empties it: a stopped build leaves no page of an earlier one behind)."""
    paths = [folder / "report.json", folder / "report.html"]
    write_text(paths[0], report_json)
    write_text(paths[1], report_html)
    if providers is not None:
        replace_folder(folder / "providers", providers)
    return paths


class FolderFiles(MutableMapping):
    """A folder nobody reads yet as a mapping of relative path -> bytes: a file set is written at once (and
    so not held), a file read is read from the disk; its paths in sorted order. For a producer that makes
    many large files and reads a few of them back (package.build_packages)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._paths: set[str] = set()

    def __setitem__(self, rel: str, data: bytes) -> None:
        write_file(self.folder, rel, data)
        self._paths.add(rel)

    def __getitem__(self, rel: str) -> bytes:
        if rel not in self._paths:
            raise KeyError(rel)
        return (self.folder / rel).read_bytes()

    def __contains__(self, rel: object) -> bool:  # by name, without reading the file
        return rel in self._paths

    def __delitem__(self, rel: str) -> None:
        self._paths.remove(rel)
        (self.folder / rel).unlink()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._paths))

    def __len__(self) -> int:
        return len(self._paths)


def write_files(folder: Path, files: Mapping[str, bytes | str]) -> None:
    """Write `files` (relative path -> bytes, or text written as UTF-8) into a folder nobody reads yet."""
    for rel, data in files.items():
        write_file(folder, rel, data)


def copy_files(folder: Path, files: Mapping[str, Path]) -> None:
    """Copy files (relative path -> source file) into a folder nobody reads yet, one at a time."""
    for rel, source in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)


def write_file(folder: Path, rel: str, data: bytes | str) -> None:
    """Write one file (bytes, or text written as UTF-8) at `rel` in a folder nobody reads yet."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def replace_folder(target: Path, files: Mapping[str, bytes | str]) -> None:
    """Write `files` (relative path -> bytes, or text written as UTF-8) as the whole of folder `target`,
    swapped in at once.

    The files go to a hidden staging folder beside the target first; only when all are written is
    the old folder moved aside and the new one renamed into place. (Not for the published site and
    packages: those switch through publish/generations.py.)
    """
    staging = staging_folder(target)
    try:
        write_files(staging, files)
        swap_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def staging_folder(target: Path) -> Path:
    """A new hidden folder beside `target` to fill before swap_folder() puts it in target's place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.staging-"))
    staging.chmod(0o755)
    return staging


def swap_folder(staging: Path, target: Path) -> None:
    """Put a complete staging folder in the place of target: the old one is moved aside, then removed."""
    old = target.parent / f".{target.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def temporary_name(path: Path, kind: str) -> Path:
    """The hidden name beside `path` that a step of the publish switch uses for a moment ('tmp', 'aside')."""
    return path.parent / f".{path.name}.zs-{kind}"


def replace_symlink(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` in one step: a new link under a temporary name, renamed
    over the old one (os.replace of a link is atomic). `link` must not be a real folder."""
    link.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(link, "tmp")
    if tmp.is_symlink() or tmp.exists():
        remove(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, link)


def rename_exchange(first: Path, second: Path) -> bool:
    """Swap two names in one step (Linux renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange_flag = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange_flag) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def folder_to_symlink(folder: Path, target: str) -> None:
    """Put a symbolic link to `target` in the place of the real folder `folder`, then remove the folder.

    Where the system can swap two names at once the name is never missing; elsewhere the folder is
    renamed aside first, and a crash in between leaves it under the aside name, which the next build's
    publish/generations.recover() puts back.
    """
    tmp = temporary_name(folder, "tmp")
    if tmp.is_symlink() or tmp.exists():
        remove(tmp)
    os.symlink(target, tmp)
    if rename_exchange(tmp, folder):
        remove(tmp)  # the old folder, now under the temporary name
        return
    aside = temporary_name(folder, "aside")
    os.rename(folder, aside)
    os.replace(tmp, folder)
    remove(aside)


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links to the same files (a plain copy where the filesystem has none);
    symbolic links inside are copied as links."""
    shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)


def move_tree(source: Path, target: Path) -> None:
    """Move every file of folder `source` to the same place under `target` (merged into what is there),
    then remove `source`."""
    for folder, _, names in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), into / name)
    shutil.rmtree(source)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def remove(path: Path) -> None:
    """Remove a folder with everything in it, or a file or link (not what a link points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


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
