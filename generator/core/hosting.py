"""Where a release's data files are served: inside the site, or outside it under publication.data_url.

Without a data_url (a local build, the tests, the demo) every file of every package is served by the site
under data/<release>/<package>/ as it is in the release folder, so the site works offline.

With a data_url (GitHub Release assets in the monthly workflow: https://github.com/<owner>/<repo>/releases/
download/, or any static host) the data files live at <data_url><release>/<asset>, with flat asset names (a
GitHub Release holds no folders), and the site keeps only what is small or what it reads itself. One copy
of each table per place it is needed (README "Where the files are" gives the measured reasons):

| file                          | 'alles'                       | a set's package            |
|-------------------------------|-------------------------------|----------------------------|
| datapackage.json, README, CITATION | site                     | site                       |
| Parquet                       | site (the query page reads it from its own origin) | in the zip only |
| CSV                           | asset  alles-<table>.csv      | in the zip only            |
| XLSX workbook                 | in the zip only               | asset  <set>.xlsx          |
| the package zip               | asset  alles.zip              | asset  <set>.zip           |
"""

from __future__ import annotations

from generator.core.ids import RESERVED_SET_PATHS

ALL_SETS = RESERVED_SET_PATHS[0]  # "alles": the package with every set
#: a package's small files: always on the site, whatever the host of the data files
SITE_FILES = ("datapackage.json", "README.md", "CITATION.txt")
ON_SITE, ASSET, ZIPPED = "site", "asset", "zip"


def placement(package: str, path: str, data_url: str) -> str:
    """Where one file of a package is served: ON_SITE, ASSET (loose under data_url) or ZIPPED (only inside
    the package zip). Without a data_url everything is on the site."""
    if not data_url or path in SITE_FILES:
        return ON_SITE
    suffix = path.rsplit(".", 1)[-1]
    if package == ALL_SETS:
        return {"parquet": ON_SITE, "csv": ASSET}.get(suffix, ZIPPED)
    return ASSET if suffix == "xlsx" else ZIPPED


def asset_name(package: str, path: str | None = None) -> str:
    """The flat name of a package's file among the release's assets ('alles-results.csv', 'zkh.xlsx'), or
    of the package zip when path is None ('zkh.zip')."""
    if path is None:
        return f"{package}.zip"
    return path if path == f"{package}.xlsx" else f"{package}-{path}"


def file_url(release: str, package: str, path: str, data_url: str) -> str | None:
    """The address of a package's file: absolute under data_url for an asset, relative to the site's root
    ('data/<release>/<package>/<path>') on the site, None when it is only inside the zip."""
    where = placement(package, path, data_url)
    if where == ASSET:
        return f"{data_url}{release}/{asset_name(package, path)}"
    return f"data/{release}/{package}/{path}" if where == ON_SITE else None


def zip_url(release: str, package: str, data_url: str) -> str:
    """The address of a package's zip: an asset under data_url, else 'data/<release>/<package>.zip'."""
    if data_url:
        return f"{data_url}{release}/{asset_name(package)}"
    return f"data/{release}/{package}.zip"


def release_file_url(release: str, rel: str, data_url: str) -> str | None:
    """The address of a release folder's file: '<package>/<file>' (file_url) or '<package>.zip' (zip_url)."""
    if "/" in rel:
        return file_url(release, *rel.split("/", 1), data_url)
    return zip_url(release, rel.removesuffix(".zip"), data_url)


def is_external(url: str) -> bool:
    """Whether an address from file_url / zip_url is absolute (outside the site)."""
    return url.startswith(("http://", "https://"))


def href(url: str, root: str) -> str:
    """A link to `url` from a page whose way to the site's root is `root`: absolute addresses as they are."""
    return url if is_external(url) else root + url


def release_assets(release_files: list[str], data_url: str) -> dict[str, str]:
    """The assets of a release (asset name -> path in the release folder) for the files of its release
    folder ('alles/results.csv', 'zkh.zip', …): what the workflow uploads under data_url."""
    assets = {}
    for rel in release_files:
        if "/" not in rel:
            if rel.endswith(".zip") and data_url:
                assets[asset_name(rel.removesuffix(".zip"))] = rel
            continue
        package, path = rel.split("/", 1)
        if "/" not in path and placement(package, path, data_url) == ASSET:
            assets[asset_name(package, path)] = rel
    return dict(sorted(assets.items()))
