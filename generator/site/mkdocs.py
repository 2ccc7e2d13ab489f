"""The site step: turn the docs folder (site_src/ + generated pages) into the public HTML site.

MkDocs with Material builds the HTML from the configuration mkdocs_config wrote; the release's data
packages are copied in under data/; Pagefind indexes the pages; every page gets a
Content-Security-Policy whose hashes cover its own inline scripts. This is the only module that runs
external tools.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Container
from pathlib import Path

from generator.core import hosting
from generator.core.errors import SiteBuildError
from generator.core.names import RELEASE_LABEL
from generator.site.page import render_template
from generator.site.query import PAGE as QUERY_PAGE

ROOT = Path(__file__).resolve().parents[2]
SITE_SRC = ROOT / "site_src"
#: The Content-Security-Policy of every page; a page's inline scripts are added to script-src by their hashes.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
#: What a page needs beyond that, by its path in the site. Compiling WebAssembly ('wasm-unsafe-eval') only
#: where WebAssembly runs: Pagefind's search, and the query page's DuckDB and parquet-wasm. DuckDB's worker
#: starts from a blob: URL, so it inherits the page's policy, connect-src 'self' included (a worker from its
#: own URL would run under no policy at all: GitHub Pages sends none).
PAGE_CSP = {
    "zoeken/index.html": {"script-src": "'wasm-unsafe-eval'"},
    QUERY_PAGE.replace(".md", ".html"): {"script-src": "'wasm-unsafe-eval'", "worker-src": "blob:"},
}
INLINE_SCRIPT = re.compile(
    r"<script(?P<attrs>(?:\s+(?!src=)[a-z-]+(?:=\"[^\"]*\")?)*)>(?P<body>.*?)</script>", re.S
)


def hand_written_files() -> dict[str, Path]:
    """The files of site_src/ that go into the docs folder, as docs path -> file (the theme overrides go
    beside it: mkdocs_config.overrides())."""
    return {
        str(p.relative_to(SITE_SRC)): p
        for p in sorted(SITE_SRC.rglob("*"))
        if p.is_file() and "overrides" not in p.relative_to(SITE_SRC).parts
    }


def mkdocs_build(config_file: Path, site_dir: Path) -> None:
    """Build the HTML site into site_dir with the configuration file mkdocs_config wrote beside the docs
    folder: everything the build uses (the site's language, labels, address) is in that file."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        build(load_config(config_file=str(config_file), site_dir=str(site_dir)))
    except (Exception, SystemExit) as exc:  # mkdocs raises several kinds (and click's Abort); no usable site
        raise SiteBuildError(f"mkdocs could not build the site from {config_file}: {exc!r}") from exc


def copy_packages(
    packages_dir: Path, site_dir: Path, replace: dict[str, Path] | None = None, data_url: str = ""
) -> None:
    """Copy every release folder of packages_dir into site_dir/data/ (the download URLs); `replace` maps a
    release to another folder to copy instead. data/latest links to the newest release. Only folders
    named YYYY-MM are releases: 'latest', hidden staging folders and other leftovers are not copied. With a
    `data_url` only what core/hosting.py keeps on the site is copied (the data files are hosted there)."""
    sources = (
        {p.name: p for p in packages_dir.iterdir() if RELEASE_LABEL.fullmatch(p.name) and p.is_dir()}
        if packages_dir.is_dir()
        else {}
    )
    sources.update(replace or {})
    for name in sorted(sources):
        shutil.copytree(
            sources[name],
            site_dir / "data" / name,
            dirs_exist_ok=True,
            ignore=_hosted_elsewhere(sources[name], data_url),
        )
    if sources:
        latest = site_dir / "data" / "latest"
        latest.unlink(missing_ok=True)
        latest.symlink_to(max(sources), target_is_directory=True)


def _hosted_elsewhere(root: Path, data_url: str):
    """copytree's ignore for the release folder `root`: the names in it (the zips) and in its package folders
    that are served under data_url instead of the site."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        if not data_url:
            return set()
        package = Path(folder).name
        at_root = Path(folder) == root
        return {
            n
            for n in names
            if (n.endswith(".zip") if at_root else hosting.placement(package, n, data_url) != hosting.ON_SITE)
        }

    return ignore


def pagefind_index(site_dir: Path, pages: list[str] | None = None) -> None:
    """Index the built pages with Pagefind (only elements marked data-pagefind-body); with `pages` (paths
    in the site: a superset of the marked pages, see marked_pages) it reads only those.

    No data-pagefind-filter attributes are used: Pagefind 1.5 writes its filter index in hash-map
    order, which differs from run to run and would break 'same input, same bytes'.
    """
    cmd = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        "pagefind",
        "--silent",
        *(["--glob", "{" + ",".join(sorted(pages)) + "}"] if pages else []),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SiteBuildError(
            f"pagefind failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
        )


#: Pagefind indexes only pages with this attribute (if any page has it); a page without the text is skipped.
SEARCH_MARK = "data-pagefind-body"
PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")


def marked_pages(site_dir: Path, done: dict[str, bool]) -> list[str] | None:
    """The pages of the site (paths in it) that contain SEARCH_MARK, for pagefind_index: of `done` (path
    -> whether it has the mark, for the pages written without MkDocs) as it says, the others read.
    None (read every page) when a path would not be plain in Pagefind's glob."""
    found = [path for path, marked in done.items() if marked]
    for path in site_dir.rglob("*.html"):
        page = path.relative_to(site_dir).as_posix()
        if page not in done and SEARCH_MARK in path.read_text("utf-8"):
            found.append(page)
    return found if all(PLAIN_PATH.fullmatch(p) for p in found) else None


def policy(page: str, hashes: list[str]) -> str:
    """The Content-Security-Policy of the page at `page` (its path in the site) with these script hashes."""
    directives = dict(CSP)
    for name, sources in PAGE_CSP.get(page, {}).items():
        directives[name] = f"{directives[name]} {sources}" if name in directives else sources
    directives["script-src"] = " ".join([directives["script-src"], *sorted(set(hashes))])
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def with_csp(html: str, page: str = "") -> str:
    """The page with a CSP meta element allowing 'self', exactly its own inline scripts and what PAGE_CSP
    gives the page at `page` (its path in the site, e.g. 'zoeken/index.html')."""
    hashes = []
    for m in INLINE_SCRIPT.finditer(html):
        kind = re.search(r'type="([^"]*)"', m.group("attrs") or "")
        if kind and kind.group(1) not in ("text/javascript", "module"):
            continue  # data blocks (application/json, application/ld+json) do not run
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    meta = render_template("_csp_meta.html.j2", policy=policy(page, hashes))
    return re.sub(r"(<meta charset=\"utf-8\">)", lambda m: m.group(1) + "\n    " + meta, html, count=1)


def add_csp(site_dir: Path, done: Container[str] = ()) -> int:
    """Add the CSP to every HTML page of the site but those in `done` (paths in the site, written with
    theirs); return how many pages."""
    count = 0
    for path in site_dir.rglob("*.html"):
        page = path.relative_to(site_dir).as_posix()
        if page in done:
            continue
        path.write_text(with_csp(path.read_text("utf-8"), page), "utf-8")
        count += 1
    return count
