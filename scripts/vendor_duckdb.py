"""Fetch the query page's engine (DuckDB-WASM, apache-arrow, parquet-wasm) into its folder of site_src/.

The versions, the tarballs' sha512 integrity and each served file's sha256 and size are pinned in
generator/site/engine.py. Each package comes from the npm registry with `npm pack NAME@VERSION`; its tarball
must match the pinned integrity, and every file written must match its pinned sha256, or nothing is
written and the script exits with 1. When the files are already there and match, it does nothing (no
network). The files are not in git (see site_src/assets/vendor/README.md); the builds and the tests run this.

    scripts/vendor-duckdb            fetch what is missing
    scripts/vendor-duckdb --check    only check; exit 1 when a file is missing or differs
    scripts/vendor-duckdb --print    fetch into a temporary folder and print the sha256 and size of each
                                     file (for updating engine.py after a version change)
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.site import engine  # noqa: E402  (pure constants; imports nothing else of the generator)

SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=[^\n]*\n?$")
ARROW_IMPORT = re.compile(rb'import\*as ([A-Za-z_$][\w$]*) from"apache-arrow";')


def transform(data: bytes, change: str) -> bytes:
    """The file as the site serves it (engine.VendoredFile.change)."""
    if change in (engine.NO_SOURCE_MAP, engine.ARROW_GLOBAL):
        data, count = SOURCE_MAP.subn(b"\n", data)
        if count != 1:
            raise SystemExit("vendor-duckdb: expected one sourceMappingURL comment at the end of the file")
    if change == engine.ARROW_GLOBAL:
        data, count = ARROW_IMPORT.subn(rb"const \1=globalThis.Arrow;", data)
        if count != 2:
            raise SystemExit(f"vendor-duckdb: expected two imports of apache-arrow, found {count}")
    return data


def integrity(path: Path) -> str:
    """The npm integrity string (sha512, base64) of a file."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(package: str, work: Path) -> Path:
    """`npm pack` the pinned version of `package` into `work`; check its integrity; return the tarball."""
    version, expected = engine.PACKAGES[package]
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("vendor-duckdb: npm is not installed (Debian: apt-get install npm)")
    done = subprocess.run(
        [npm, "pack", f"{package}@{version}", "--pack-destination", str(work), "--silent"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    if done.returncode != 0:
        raise SystemExit(f"vendor-duckdb: npm pack {package}@{version} failed:\n{done.stderr.strip()}")
    tarball = work / done.stdout.strip().splitlines()[-1]
    if integrity(tarball) != expected:
        raise SystemExit(
            f"vendor-duckdb: {tarball.name} does not match the pinned integrity in generator/site/engine.py"
        )
    return tarball


def build(work: Path) -> dict[str, bytes]:
    """Every file of engine.FILES as served, from freshly fetched and checked tarballs."""
    tarballs = {package: fetch(package, work) for package in engine.PACKAGES}
    out = {}
    for f in engine.FILES:
        with tarfile.open(tarballs[f.package]) as tar:
            member = tar.extractfile(f.source)
            if member is None:
                raise SystemExit(f"vendor-duckdb: {f.source} is not in {f.package}")
            out[f.name] = transform(member.read(), f.change)
    return out


def differs(name: str, data: bytes) -> str:
    """Why `data` is not the pinned file `name` ("" when it is)."""
    pinned = next(f for f in engine.FILES if f.name == name)
    digest = hashlib.sha256(data).hexdigest()
    if digest != pinned.sha256 or len(data) != pinned.bytes:
        return f"{name}: sha256 {digest}, {len(data)} bytes; pinned {pinned.sha256}, {pinned.bytes} bytes"
    return ""


def main(argv: list[str]) -> int:
    """Fetch, check or print (see the module docstring)."""
    folder = engine.SITE_SRC / engine.FOLDER
    present = {f.name: (folder / f.name).read_bytes() for f in engine.FILES if (folder / f.name).is_file()}
    wrong = [
        differs(f.name, present[f.name]) if f.name in present else f"{f.name}: missing" for f in engine.FILES
    ]
    wrong = [w for w in wrong if w]
    if "--check" in argv:
        print("\n".join(wrong) or f"vendor-duckdb: all {len(engine.FILES)} files match their pins")
        return 1 if wrong else 0
    if not wrong and "--print" not in argv:
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp))
    if "--print" in argv:
        for name, data in files.items():
            print(f"{hashlib.sha256(data).hexdigest()}  {len(data):>9}  {name}")
        return 0
    problems = [p for name, data in files.items() if (p := differs(name, data))]
    if problems:
        print("vendor-duckdb: the fetched files differ from their pins:\n  " + "\n  ".join(problems))
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / f".{name}.tmp").write_bytes(data)
        (folder / f".{name}.tmp").replace(folder / name)
    size = sum(map(len, files.values()))
    print(f"vendor-duckdb: {len(files)} files in {folder.relative_to(ROOT)} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
