"""scripts/restore-archive: earlier releases come back from their GitHub Releases' zips into
datapackages/<release>/<package>/, whether a zip holds the package's files at its root (as
package/packages.zip_bytes writes it) or in one top folder (older zips). The GitHub CLI is a stand-in
script that lists one release and 'downloads' its assets from a folder; the other assets of a release
(the loose CSV files and workbooks, core/hosting.py) are not downloaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FAKE_GH = """#!/usr/bin/env bash
# gh release list ... -> one tag; gh release download TAG --pattern PATTERN --dir DIR -> copies what matches
if [ "$1 $2" = "release list" ]; then echo 2026-01; exit 0; fi
if [ "$1 $2 $4 $6" = "release download --pattern --dir" ]; then cp "$ASSETS"/$5 "$7"/; exit 0; fi
exit 1
"""


def zip_of(path: Path, files: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)


@pytest.mark.skipif(not shutil.which("bash"), reason="bash is not installed")
def test_restore_archive_unpacks_root_and_top_folder_zips(tmp_path):
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "restore-archive", repo / "scripts" / "restore-archive")
    assets, bin_dir = tmp_path / "assets", tmp_path / "bin"
    assets.mkdir()
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH)
    (bin_dir / "gh").chmod(0o755)
    zip_of(assets / "alles.zip", {"datapackage.json": "{}", "results.csv": "a\n"})
    zip_of(assets / "zkh.zip", {"zkh/datapackage.json": "{}", "zkh/zkh.xlsx": "x"})
    (assets / "alles-results.csv").write_text("not a zip: never downloaded\n")
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "ASSETS": str(assets), "GH_TOKEN": "x"}
    done = subprocess.run(
        ["bash", str(repo / "scripts" / "restore-archive")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    release = repo / "datapackages" / "2026-01"
    assert (release / "alles" / "results.csv").read_text() == "a\n"
    assert (release / "zkh" / "zkh.xlsx").read_text() == "x"
    assert sorted(p.name for p in release.iterdir()) == ["alles", "alles.zip", "zkh", "zkh.zip"]
