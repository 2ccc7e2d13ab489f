"""The query page's engine, pinned: DuckDB-WASM and the two libraries it needs in the browser.

The files are not in git: `scripts/vendor-duckdb` fetches the three packages from the npm registry
(`npm pack`), checks each tarball against its pinned sha512 integrity, writes FILES into
site_src/assets/vendor/duckdb/ (which MkDocs then copies into the site like any other asset) and checks
each written file's sha256 and size below. site_src/assets/vendor/README.md says why and what changed.

- @duckdb/duckdb-wasm: the 'eh' bundle only (WebAssembly exceptions, every current browser), the smallest.
- apache-arrow: duckdb-browser.mjs hands query results over as Arrow tables.
- parquet-wasm: reads the release's Parquet files into Arrow IPC, which DuckDB takes in natively. DuckDB-WASM
  1.32.0 has no Parquet reader built in: it downloads its parquet extension from extensions.duckdb.org, a
  request that would leave the site, and that extension is not published on any package registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Where the files are served from, relative to the site's root (and to site_src/).
FOLDER = "assets/vendor/duckdb/"
SITE_SRC = Path(__file__).resolve().parents[2] / "site_src"

#: npm package -> (version, integrity of its tarball as the registry lists it).
PACKAGES = {
    "@duckdb/duckdb-wasm": (
        "1.32.0",
        "sha512-IewXTNYEjsZCPE9weUWgtjGxUlMRo7qhX0GF6tq/KjK8bnY+RAl4cyUdYUfcdzbyb4b9ZxPC+FOsCcxgaKFWMg==",
    ),
    "apache-arrow": (
        "17.0.0",
        "sha512-X0p7auzdnGuhYMVKYINdQssS4EcKec9TCXyez/qtJt32DrIMGbzqiaMiQ0X6fQlQpw8Fl0Qygcv4dfRAr5Gu9Q==",
    ),
    "parquet-wasm": (
        "0.8.0",
        "sha512-AunZLpYYHPQCzDzeIKOO3e/p3Uqo8+DGyfEVofhlIIn/bk3EuOFJkDXlswSKDDSWOaZRv6bHrob/XynUDKmceg==",
    ),
}

#: The one change made to some files: the source-map comment goes (the maps are not shipped).
NO_SOURCE_MAP = "sourceMappingURL comment removed"
#: duckdb-browser.mjs imports the bare name "apache-arrow", which a browser cannot resolve without a
#: bundler or an import map; it takes the global of arrow.es2015.min.js instead (a classic script).
ARROW_GLOBAL = 'import*as X from"apache-arrow"; -> const X=globalThis.Arrow; (twice); ' + NO_SOURCE_MAP


@dataclass(frozen=True)
class VendoredFile:
    """One file of the engine as the site serves it."""

    name: str  # in FOLDER
    package: str  # a key of PACKAGES
    source: str  # its path in the package's tarball
    sha256: str  # of the file as served (after `change`)
    bytes: int
    change: str = ""  # "" (as published), NO_SOURCE_MAP or ARROW_GLOBAL


FILES = (
    VendoredFile(
        "duckdb-browser.mjs",
        "@duckdb/duckdb-wasm",
        "package/dist/duckdb-browser.mjs",
        "cf52e64c5d342c1dd13af4a4202ca86ec235413f9ffc494d7cb13607bb015b6d",
        31_921,
        ARROW_GLOBAL,
    ),
    VendoredFile(
        "duckdb-browser-eh.worker.js",
        "@duckdb/duckdb-wasm",
        "package/dist/duckdb-browser-eh.worker.js",
        "e6067bf00516de5839ae76c2c4bbf20b255c3f2f2d22f1a03e46d74c754460fb",
        772_706,
        NO_SOURCE_MAP,
    ),
    VendoredFile(
        "duckdb-eh.wasm",
        "@duckdb/duckdb-wasm",
        "package/dist/duckdb-eh.wasm",
        "4c221bfa59c11f24dbd750e70c90b9252eca6eec5633936e6a2ec766e55fd879",
        34_242_586,
    ),
    VendoredFile(
        "arrow.es2015.min.js",
        "apache-arrow",
        "package/Arrow.es2015.min.js",
        "91fa15b4ae42669ef7bb8fb33e8dd7d8791f98bfce6dee18ec2093e78cd17ce9",
        172_798,
        NO_SOURCE_MAP,
    ),
    VendoredFile(
        "parquet_wasm.js",
        "parquet-wasm",
        "package/esm/parquet_wasm.js",
        "eb072713b446f681e6ffd3ed48e9339113df95025634bf3a61b2e6824dd56e85",
        103_618,
    ),
    VendoredFile(
        "parquet_wasm_bg.wasm",
        "parquet-wasm",
        "package/esm/parquet_wasm_bg.wasm",
        "7636a31df453d8c73aacbed5ae9fd262a71136258f420fa0d97016b8da9e8aa1",
        4_951_555,
    ),
)


def total_bytes() -> int:
    """What a visitor downloads for the engine, in bytes (before any compression by the web server)."""
    return sum(f.bytes for f in FILES)


def missing(site_src: Path = SITE_SRC) -> list[str]:
    """The engine's files that are not in site_src/assets/vendor/duckdb/ with their pinned size (the sha256
    is checked when scripts/vendor-duckdb writes them, and by `scripts/vendor-duckdb --check`)."""
    folder = site_src / FOLDER
    return [
        f.name
        for f in FILES
        if not (folder / f.name).is_file() or (folder / f.name).stat().st_size != f.bytes
    ]
