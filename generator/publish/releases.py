"""The releases already published: what the downloads page lists (read from the packages folder)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.package.packages import ALL_SETS


def list_releases(packages_dir: Path, staged: tuple[str, Path] | None = None) -> list[dict]:
    """Every release in packages_dir (newest first) with its packages, files, sizes and hashes, for the downloads page.

    `staged` is (release, folder) of a release not yet swapped into packages_dir; it is listed in its place.
    """
    folders = (
        {
            p.name: p
            for p in packages_dir.iterdir()
            if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
        }
        if packages_dir.is_dir()
        else {}
    )
    if staged is not None:
        folders[staged[0]] = staged[1]
    releases = []
    for name in sorted(folders, reverse=True):
        folder = folders[name]
        packages = []
        for desc_path in sorted(
            folder.glob("*/datapackage.json"), key=lambda p: (p.parent.name == ALL_SETS, p.parent.name)
        ):
            desc = json.loads(desc_path.read_text("utf-8"))
            pkg = desc_path.parent.name
            zip_path = folder / f"{pkg}.zip"
            zip_bytes = zip_path.read_bytes() if zip_path.is_file() else b""
            base = f"data/{name}/{pkg}/"
            packages.append(
                {
                    "folder": pkg,
                    "title": desc["title"],
                    "base_url": base,
                    "zip_url": f"data/{name}/{pkg}.zip",
                    "zip_size": len(zip_bytes),
                    "zip_hash": hashlib.sha256(zip_bytes).hexdigest(),
                    "citation": (desc_path.parent / "CITATION.txt").read_text("utf-8").strip()
                    if (desc_path.parent / "CITATION.txt").is_file()
                    else "",
                    "files": [
                        {
                            "path": r["path"],
                            "format": r["format"].upper(),
                            "size": r["bytes"],
                            "hash": r["hash"].split(":", 1)[1],
                        }
                        for r in desc["resources"]
                    ],
                    "workbook": next(
                        (
                            {"url": base + r["path"], "size": r["bytes"]}
                            for r in desc["resources"]
                            if r["format"] == "xlsx"
                        ),
                        None,
                    ),
                }
            )
        releases.append({"release": name, "packages": packages})
    return releases
