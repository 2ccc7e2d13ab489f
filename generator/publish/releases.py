"""The releases already published: which folders are releases, and what the downloads page lists."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from generator.core import hosting
from generator.core.names import RELEASE_LABEL
from generator.package.catalog import JSONLD as CATALOG_JSONLD
from generator.package.catalog import TURTLE as CATALOG_TURTLE
from generator.package.packages import ALL_SETS
from generator.publish.tables import read_frame

#: The repository: its code, site sources and mkdocs.yml go into a build's content hash (build_key).
SITE_ROOT = Path(__file__).resolve().parents[2]


def is_complete(folder: Path, deep: bool = False) -> bool:
    """Whether `folder` holds a whole release: an 'alles' package whose descriptor lists resources that are
    all there with their declared sizes (with `deep`, their sha256 hashes too)."""
    descriptor = folder / ALL_SETS / "datapackage.json"
    try:
        resources = json.loads(descriptor.read_text("utf-8"))["resources"]
        for res in resources:
            path = descriptor.parent / res["path"]
            if not path.is_file() or path.stat().st_size != res["bytes"]:
                return False
            if deep and "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() != res["hash"]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(resources)


def release_folders(packages_dir: Path, deep: bool = False) -> dict[str, Path]:
    """The releases in packages_dir by label: folders (or links to folders) named YYYY-MM holding a complete
    release (see is_complete). 'latest', hidden staging folders and leftovers are not releases."""
    if not packages_dir.is_dir():
        return {}
    return {
        p.name: p
        for p in sorted(packages_dir.iterdir())
        if RELEASE_LABEL.fullmatch(p.name) and p.is_dir() and is_complete(p, deep)
    }


def list_releases(
    packages_dir: Path, staged: tuple[str, Path] | None = None, data_url: str = "", current: str = ""
) -> list[dict]:
    """Every release in packages_dir (newest first) with its packages, files, sizes, hashes and addresses,
    and its DCAT catalogue's addresses (None for a release without one), for the downloads page and
    api/index.json.

    `staged` is (release, folder) of a release not in packages_dir (yet); it is listed in its place. With a
    `data_url` the data files' addresses are where core/hosting.py places them (absolute for an asset, None
    for a file only inside the zip) for the `current` release (default: the newest); the others are offered by
    their zips, and what is on the site is relative to its root.
    """
    folders = release_folders(packages_dir)
    if staged is not None:
        folders[staged[0]] = staged[1]
    releases = []
    newest = current or max(folders, default="")
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

            def url(path: str, pkg: str = pkg, name: str = name) -> str | None:
                # an earlier release's loose assets may predate this layout: it is offered by its zip
                found = hosting.file_url(name, pkg, path, data_url)
                return None if found and hosting.is_external(found) and name != newest else found

            packages.append(
                {
                    "folder": pkg,
                    "name": desc["name"],
                    "title": desc["title"],
                    "base_url": base,
                    "zip_url": hosting.zip_url(name, pkg, data_url),
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
                            "mediatype": r.get("mediatype", ""),
                            "url": url(r["path"]),
                        }
                        for r in desc["resources"]
                    ],
                    # the Parquet tables with their fields, for the query page (which loads them)
                    "tables": [
                        {
                            "name": r["path"].removesuffix(".parquet"),
                            "url": url(r["path"]),
                            "bytes": r["bytes"],
                            "fields": [
                                {k: f.get(k, "") for k in ("name", "type", "title", "description")}
                                for f in r["schema"]["fields"]
                            ],
                        }
                        for r in desc["resources"]
                        if r["format"] == "parquet"
                    ],
                    "workbook": next(
                        (
                            {"url": url(r["path"]), "size": r["bytes"]}
                            for r in desc["resources"]
                            if r["format"] == "xlsx" and url(r["path"])
                        ),
                        None,
                    ),
                }
            )
        catalog = (
            {"jsonld": f"data/{name}/{CATALOG_JSONLD}", "turtle": f"data/{name}/{CATALOG_TURTLE}"}
            if (folder / CATALOG_JSONLD).is_file() and (folder / CATALOG_TURTLE).is_file()
            else None
        )
        releases.append({"release": name, "packages": packages, "catalog": catalog})
    return releases


def find_previous_release(packages_dir: Path, release: str) -> Path | None:
    """The newest release in packages_dir older than `release` whose 'alles' package verifies (bytes and
    hashes). Only folders named YYYY-MM count: never 'latest', a staging folder or another leftover."""
    folders = release_folders(packages_dir)
    for name in sorted((n for n in folders if n < release), reverse=True):
        if is_complete(folders[name], deep=True):
            return packages_dir / name
    return None


def read_previous(folder: Path | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The results and providers of a previous release's 'alles' package (None when there is none)."""
    if folder is None:
        return None
    base = folder / ALL_SETS if (folder / ALL_SETS).is_dir() else folder
    return read_frame(base / "results.parquet"), read_frame(base / "providers.parquet")


def build_key(
    input_dir: Path,
    label: str,
    previous: Path | None,
    site_url: str | None = None,
    data_url: str | None = None,
) -> str:
    """A content hash of everything a build's output depends on: the intake files, the release label, the
    site and data addresses given on the command line, the previous release's 'alles' results, this code,
    the site sources and the software versions."""
    from generator.publish import verify as publish

    digest = hashlib.sha256(
        f"{label}\n".encode()
        + (f"{site_url}\n".encode() if site_url is not None else b"")
        + (f"data {data_url}\n".encode() if data_url is not None else b"")
    )
    roots = [input_dir, SITE_ROOT / "generator", SITE_ROOT / "site_src"]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(f"{path.relative_to(root)}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update((SITE_ROOT / "mkdocs.yml").read_bytes())
    if previous is not None and (previous / ALL_SETS / "results.parquet").is_file():
        digest.update(hashlib.sha256((previous / ALL_SETS / "results.parquet").read_bytes()).digest())
    digest.update(json.dumps(publish.software_versions(), sort_keys=True).encode())
    return digest.hexdigest()
