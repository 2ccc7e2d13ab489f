"""What is published outside the site, and the site's size: the release assets under publication.data_url
(core/hosting.py), laid out in a local folder with their flat names (what the monthly workflow uploads to
the GitHub Release) and checked there, and the 1 GB that GitHub Pages publishes at most.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from generator.core import hosting
from generator.core.errors import SiteTooLargeError
from generator.publish import writer
from generator.publish.problem import Problem

#: GitHub Pages publishes a site of at most 1 GB (docs.github.com, "GitHub Pages limits").
PAGES_LIMIT = 1_000_000_000


def site_bytes(site_dir: Path) -> int:
    """The bytes of every file of the site as the Pages artifact holds them: links are followed, as
    upload-pages-artifact's tar (--dereference) does, so data/latest counts as a copy of its release."""
    total = 0
    for root, _dirs, names in os.walk(site_dir, followlinks=True):
        total += sum((Path(root) / name).stat().st_size for name in names)
    return total


def check_site_size(site_dir: Path, limit: int | None = None) -> int:
    """The site's size (site_bytes); raises SiteTooLargeError when it is over `limit` (PAGES_LIMIT), with
    the size and the limit as its `site_bytes` and `limit` (the benchmark reports them)."""
    limit = PAGES_LIMIT if limit is None else limit
    size = site_bytes(site_dir)
    if size > limit:
        error = SiteTooLargeError(
            f"{site_dir}: {size:,} bytes, over the {limit:,} that GitHub Pages publishes; set "
            "publication.data_url (or build --data-url) so the data files are hosted outside the site."
        )
        error.site_bytes, error.limit = size, limit
        raise error
    return size


def release_assets(release_dir: Path, data_url: str) -> dict[str, Path]:
    """The release's assets (flat name -> its file in the release folder); {} without a data_url."""
    if not data_url or not release_dir.is_dir():
        return {}
    files = [p.relative_to(release_dir).as_posix() for p in release_dir.rglob("*") if p.is_file()]
    return {name: release_dir / rel for name, rel in hosting.release_assets(files, data_url).items()}


def folder_assets(assets_dir: Path) -> dict[str, Path]:
    """The files of a folder that mirrors a release's assets, by name."""
    return {p.name: p for p in sorted(assets_dir.iterdir()) if p.is_file()} if assets_dir.is_dir() else {}


def lay_out_assets(release_dir: Path, target: Path, data_url: str) -> list[str]:
    """Put copies of the release's assets into `target` by their flat names, replacing what was there (not
    hard links: what is done to the folder never touches the published files); return their names."""
    assets = release_assets(release_dir, data_url)
    writer.remove(target)
    target.mkdir(parents=True)
    for name, path in assets.items():
        shutil.copyfile(path, target / name)
    return list(assets)


def file_sha256(path: Path) -> str:
    """The sha256 hex digest of a file, read a block at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_assets(release_dir: Path, assets: dict[str, Path], data_url: str) -> list[Problem]:
    """Every asset the release needs is in `assets` with the size and sha256 of the release folder's file
    (the one the descriptors, the catalogue and the download pages record), and nothing else is."""
    expected = release_assets(release_dir, data_url)
    problems = [
        Problem("assets", name, "is not among the release's assets") for name in assets.keys() - expected
    ]
    for name, source in expected.items():
        found = assets.get(name)
        if found is None or not found.is_file():
            problems.append(Problem("assets", name, "is missing from the release's assets"))
        elif found.stat().st_size != source.stat().st_size or file_sha256(found) != file_sha256(source):
            problems.append(Problem("assets", name, "differs from the release's file (size or sha256)"))
    return problems


def asset_of(url: str, release: str, data_url: str) -> str | None:
    """The asset name a download address under `data_url` names for `release`, else None ('' for an
    address under data_url of another release, which this release's assets cannot check)."""
    if not data_url or not url.startswith(data_url):
        return None
    label, _, name = url[len(data_url) :].partition("/")
    return name if label == release and name and "/" not in name else ""
