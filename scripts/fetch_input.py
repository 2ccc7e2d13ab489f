#!/usr/bin/env python3
"""Put a release's intake folder in place for a build: from a local folder, or an HTTPS URL of a
.zip or .tar.gz archive (as configured in the monthly workflow; never hard-coded).

    python scripts/fetch_input.py [limits] SOURCE DEST

SOURCE is a folder (copied) or an https:// URL (downloaded and unpacked; an archive with a single
top folder is unpacked from inside it). DEST must not exist yet or be empty. Exit 0 when DEST holds
an intake.yaml, 2 otherwise (with a one-line message; DEST is left as it was).

A download is https only, after every redirect too, and streamed to disk up to --max-download.
Every archive member is checked before anything is unpacked: no absolute paths, no '..', no links
or devices, at most --max-members members, at most --max-unpacked bytes in all, and no member over
1 MiB that expands more than --max-ratio times (for .tar.gz: the whole gzip stream). The archive is
unpacked into a temporary folder next to DEST and renamed into place, so a refusal leaves nothing.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import io
import lzma
import os
import shutil
import stat
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple

KiB, MiB, GiB = 1024, 1024**2, 1024**3
CHUNK = 1 * MiB
UNITS = {"": 1, "K": KiB, "M": MiB, "G": GiB}
UNREADABLE = (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, lzma.LZMAError)


class Limits(NamedTuple):
    """What a download and its archive may be; the defaults fit a national intake with room to spare."""

    max_download: int = 2 * GiB
    max_unpacked: int = 4 * GiB
    max_members: int = 10_000
    max_ratio: int = 100
    ratio_from: int = 1 * MiB  # smaller members may compress as well as they like


DEFAULT_LIMITS = Limits()


class Refused(SystemExit):
    """A located, readable refusal; main prints it and exits 2 (a SystemExit: never a traceback)."""

    def __init__(self, message: str):
        super().__init__(f"fetch_input: {message}")


def size_text(n: int) -> str:
    """Bytes as a short readable size: '2 GiB', '1.5 MiB', '900 bytes'."""
    for unit, factor in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if n >= factor:
            return f"{n / factor:.3g} {unit}"
    return f"{n} bytes"


def parse_size(text: str) -> int:
    """A size option: bytes, or a number with K, M or G (binary: 2G is 2 GiB)."""
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = text[-1:] if text[-1:] in UNITS else ""
    try:
        value = float(text[: len(text) - len(unit)]) * UNITS[unit]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (say e.g. 2G, 500M or 1048576)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("a size must be more than 0")
    return int(value)


def positive_int(text: str) -> int:
    """A count or ratio option: a whole number above 0."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"not a whole number above 0: {text!r}")
    return int(text)


def shown_url(url: str) -> str:
    """A URL as messages show it, scheme and file name only ('https://.../in.zip'): the intake's address
    is a secret and the workflow's log may be public (GitHub masks the secret, not parts of it)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://.../{PurePosixPath(parts.path).name}"


def archive_name(url: str) -> str:
    """The archive's file name from its URL, for messages: 'in.zip'."""
    return PurePosixPath(urllib.parse.urlsplit(url).path).name or "archive"


# ---------------------------------------------------------------- download


class HttpsOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another https:// URL; any other scheme is refused."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() != "https":
            fp.close()
            raise Refused(
                f"{shown_url(req.full_url)} redirects ({code}) to {shown_url(newurl)}: "
                "only https:// is followed"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def open_https(url: str, timeout: float = 120) -> BinaryIO:
    """An open https response, redirects checked by HttpsOnlyRedirects."""
    opener = urllib.request.build_opener(HttpsOnlyRedirects())
    try:
        return opener.open(url, timeout=timeout)
    except urllib.error.HTTPError as error:
        raise Refused(f"{shown_url(error.url or url)} answered {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        host = urllib.parse.urlsplit(url).hostname or "..."
        reason = str(getattr(error, "reason", error)).replace(host, "...")
        raise Refused(f"{shown_url(url)} could not be downloaded: {reason}") from None


def download(url: str, target: Path, limits: Limits) -> Path:
    """Stream an https URL to target in chunks, refusing more than limits.max_download bytes."""
    cap = limits.max_download
    too_big = f"{shown_url(url)} is larger than --max-download {size_text(cap)}"
    with open_https(url) as response, target.open("wb") as out:
        announced = response.headers.get("Content-Length", "")
        if announced.isdigit() and int(announced) > cap:
            raise Refused(f"{too_big} (Content-Length {size_text(int(announced))})")
        written = 0
        try:
            while chunk := response.read(CHUNK):
                written += len(chunk)
                if written > cap:
                    raise Refused(too_big)
                out.write(chunk)
        except (http.client.HTTPException, TimeoutError, ConnectionError) as error:
            broke_off = f"the download broke off after {size_text(written)} ({error!r})"
            raise Refused(f"{shown_url(url)}: {broke_off}") from None
    return target


# ---------------------------------------------------------------- archive checks


def refuse_member(archive: str, member: str, rule: str) -> Refused:
    """The refusal of one archive member: which archive, which member, which rule and limit."""
    return Refused(f"{archive}: member {member!r} refused: {rule}")


def check_name(archive: str, name: str) -> None:
    """Refuse a member name that is absolute or climbs out with '..' (path traversal)."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and path.parts[0].endswith(":")):
        raise refuse_member(
            archive, name, "it would be written outside the intake folder " "(absolute path or '..')"
        )


def check_count(archive: str, name: str, count: int, limits: Limits) -> None:
    """Refuse an archive with more than limits.max_members members."""
    if count > limits.max_members:
        raise refuse_member(archive, name, f"more than --max-members {limits.max_members} members")


def check_total(archive: str, name: str, total: int, limits: Limits) -> None:
    """Refuse an archive that unpacks to more than limits.max_unpacked bytes."""
    if total > limits.max_unpacked:
        raise refuse_member(
            archive,
            name,
            f"the archive unpacks to more than --max-unpacked " f"{size_text(limits.max_unpacked)}",
        )


def check_ratio(archive: str, name: str, unpacked: int, packed: int, limits: Limits, what: str) -> None:
    """Refuse data over limits.ratio_from that expands more than limits.max_ratio times (a bomb)."""
    if unpacked > limits.ratio_from and unpacked > limits.max_ratio * max(packed, 1):
        raise refuse_member(
            archive,
            name,
            f"{what} expands {unpacked // max(packed, 1)}:1 "
            f"({size_text(packed)} to {size_text(unpacked)}), more than "
            f"--max-ratio {limits.max_ratio}:1",
        )


def checked_zip_members(zf: zipfile.ZipFile, archive: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """All members of a zip, each checked; refuses the archive at the first member that breaks a rule."""
    members, total = zf.infolist(), 0
    for count, info in enumerate(members, start=1):
        check_count(archive, info.filename, count, limits)
        check_name(archive, info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse_member(archive, info.filename, "symbolic links are not unpacked")
        total += info.file_size
        check_total(archive, info.filename, total, limits)
        check_ratio(archive, info.filename, info.file_size, info.compress_size, limits, "it")
    return members


def tar_kind(member: tarfile.TarInfo) -> str | None:
    """What a tar member is when it is neither a file nor a folder ('symbolic link', ...), else None."""
    if member.isfile() or member.isdir():
        return None
    kinds = {
        "issym": "symbolic link",
        "islnk": "hard link",
        "ischr": "character device",
        "isblk": "block device",
        "isfifo": "FIFO",
    }
    return next((kind for test, kind in kinds.items() if getattr(member, test)()), "special file")


def checked_tar_members(
    tf: tarfile.TarFile, archive: str, packed: int, limits: Limits
) -> list[tarfile.TarInfo]:
    """All members of a tar, each checked as it is read, so a bomb is refused before it is read through."""
    members, total = [], 0
    for member in tf:
        members.append(member)
        check_count(archive, member.name, len(members), limits)
        check_name(archive, member.name)
        kind = tar_kind(member)
        if kind:
            target = f" to {member.linkname!r}" if member.linkname else ""
            rule = f"a {kind}{target}; only files and folders are unpacked"
            raise refuse_member(archive, member.name, rule)
        total += member.size
        check_total(archive, member.name, total, limits)
        check_ratio(
            archive,
            member.name,
            member.offset_data + member.size,
            packed,
            limits,
            "the compressed stream up to it",
        )
    return members


# ---------------------------------------------------------------- unpack


def open_archive(archive: bytes | Path) -> BinaryIO:
    """The archive as a binary file: bytes in memory (tests) or a downloaded file."""
    return io.BytesIO(archive) if isinstance(archive, bytes) else open(archive, "rb")  # noqa: SIM115


def is_zip(head: bytes, url: str) -> bool:
    """Whether an archive is a zip: by its first bytes or its URL's name."""
    return head[:2] == b"PK" or archive_name(url).lower().endswith(".zip")


def extract_checked(archive: bytes | Path, url: str, into: Path, limits: Limits) -> None:
    """Check every member of a zip or tar archive, then (only then) extract it into a new folder."""
    name = archive_name(url)
    with open_archive(archive) as raw:
        packed = raw.seek(0, os.SEEK_END)
        raw.seek(0)
        zipped = is_zip(raw.read(4), url)
        raw.seek(0)
        try:
            if zipped:
                with zipfile.ZipFile(raw) as zf:
                    zf.extractall(into, members=checked_zip_members(zf, name, limits))  # noqa: S202 - checked
            else:
                with tarfile.open(fileobj=raw, mode="r:*") as tf:
                    members = checked_tar_members(tf, name, packed, limits)
                    tf.extractall(into, members=members, filter="data")  # noqa: S202 - checked
        except UNREADABLE as error:
            raise Refused(f"{name}: not a readable .zip or .tar.gz archive ({error})") from None


def place(folder: Path, dest: Path) -> None:
    """Rename a finished folder to dest, which must be missing or empty (same file system)."""
    if dest.exists():
        dest.rmdir()
    folder.replace(dest)


def unpack(archive: bytes | Path, url: str, dest: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Unpack a checked zip or tar.gz archive into dest (missing or empty): all or nothing."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.unpacking-", dir=dest.parent))
    try:
        extract_checked(archive, url, staging / "unpacked", limits)
        unpacked = staging / "unpacked"
        entries = list(unpacked.iterdir()) if unpacked.is_dir() else []
        if len(entries) == 1 and entries[0].is_dir():  # one top folder: its contents are the intake
            unpacked = entries[0]
        elif not entries:
            unpacked.mkdir(exist_ok=True)
        place(unpacked, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# ---------------------------------------------------------------- command line


def arguments(argv: list[str]) -> argparse.Namespace:
    """The command line: SOURCE DEST and the limits (sizes as bytes or with K, M, G)."""
    defaults = DEFAULT_LIMITS
    parser = argparse.ArgumentParser(
        prog="fetch_input.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", metavar="SOURCE", help="a folder, or an https:// URL of a .zip or .tar.gz")
    parser.add_argument(
        "dest", metavar="DEST", type=Path, help="the intake folder to create (missing or empty)"
    )
    parser.add_argument(
        "--max-download",
        type=parse_size,
        default=defaults.max_download,
        metavar="SIZE",
        help="largest download, streamed to disk (default 2G)",
    )
    parser.add_argument(
        "--max-unpacked",
        type=parse_size,
        default=defaults.max_unpacked,
        metavar="SIZE",
        help="largest total size of the unpacked members (default 4G)",
    )
    parser.add_argument(
        "--max-members",
        type=positive_int,
        default=defaults.max_members,
        metavar="N",
        help=f"most members in the archive (default {defaults.max_members})",
    )
    parser.add_argument(
        "--max-ratio",
        type=positive_int,
        default=defaults.max_ratio,
        metavar="N",
        help=f"largest expansion N:1 of a member over 1M (default {defaults.max_ratio})",
    )
    return parser.parse_args(argv)


def fetch(source: str, dest: Path, limits: Limits) -> None:
    """Put the intake from source at dest, via a work folder next to it that is removed afterwards."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise Refused(f"{dest} is not empty")
    if source.startswith("http://"):
        raise Refused("use https:// for a remote intake")
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.fetching-", dir=dest.parent))
    try:
        intake = work / "intake"
        if source.startswith("https://"):
            unpack(download(source, work / "download", limits), source, intake, limits)
        else:
            shutil.copytree(source, intake)
        if not (intake / "intake.yaml").is_file():
            where = shown_url(source) if source.startswith("https://") else source
            raise Refused(f"{where} has no intake.yaml at its top")
        place(intake, dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    """Run the command line (argv[0] is the program); the exit code."""
    try:
        args = arguments(argv[1:])
    except SystemExit as exit_:  # --help (0) or a usage error (2), already printed by argparse
        return int(exit_.code or 0)
    limits = Limits(
        max_download=args.max_download,
        max_unpacked=args.max_unpacked,
        max_members=args.max_members,
        max_ratio=args.max_ratio,
    )
    try:
        fetch(args.source, args.dest, limits)
    except Refused as refusal:
        print(refusal.code, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"fetch_input: {error}", file=sys.stderr)
        return 2
    where = shown_url(args.source) if args.source.startswith("https://") else args.source
    print(f"intake from {where} in {args.dest}: {sum(1 for _ in args.dest.rglob('*'))} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
