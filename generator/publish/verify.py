"""Publish: verify a staged site and staged packages before they replace the online ones, and the manifest.

Verification returns a list of problems instead of raising at the first: every internal link and
asset resolves; every download's bytes and hash match its descriptor; the disclosure rule holds in
every results file; the staged packages hold exactly the rows this build computed; the page counts
match the packages. Only when the list is empty does the conductor publish the new generation
(publish/generations.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd

from generator.core.errors import DisclosureError
from generator.package import packages as package
from generator.publish import consistency
from generator.publish.problem import Problem
from generator.publish.tables import check_tables

LINK = re.compile(r"""(?:href|src)=["']([^"'#?]+)[^"']*["']""")
EXTERNAL = ("http://", "https://", "mailto:", "data:", "javascript:", "tel:")
TRACKED_PACKAGES = (
    "zorgspiegel",
    "pandas",
    "pyarrow",
    "numpy",
    "scipy",
    "frictionless",
    "altair",
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "jinja2",
)


def site_path(target: str, site_url: str = "") -> str | None:
    """The path inside the site that a link from one of its pages names, from the site's root ('/…'), or
    None for a link that leaves the site. Under `site_url` (e.g. https://owner.github.io/repo/) its base
    path (/repo/) is stripped: '/repo/zoeken/' and 'https://owner.github.io/repo/zoeken/' are '/zoeken/'; a
    link from the domain's root that misses the base path ('/zoeken/') is '' (it leads off the site)."""
    base = urlsplit(site_url).path or "/"
    if site_url and target.startswith(site_url):
        return "/" + target[len(site_url) :]
    if target.startswith(EXTERNAL) or target.startswith("//") or not target:
        return None
    if target.startswith("/"):
        return "/" + target[len(base) :] if target.startswith(base) else ""
    return target


def check_links(site_dir: Path, limit: int = 50, site_url: str = "") -> list[Problem]:
    """Every href/src of every HTML page that stays on the site points at an existing file; links from the
    domain's root and absolute links to the site are read under `site_url`'s base path (site_path)."""
    problems = []
    found: dict[str, bool] = {}  # target file -> exists: the pages of a section share most of their links
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text("utf-8", errors="replace")
        for target in set(LINK.findall(text)):
            inside = site_path(target, site_url)
            if inside is None:
                continue
            path = unquote(urlsplit(inside).path)
            resolved = (site_dir / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
            key = os.path.normpath(resolved)
            if key not in found:
                found[key] = (resolved / "index.html" if resolved.is_dir() else resolved).exists()
            if not inside or not found[key]:
                why = "leaves the site's base path" if not inside else "does not resolve"
                problems.append(
                    Problem("links", str(page.relative_to(site_dir)), f"link to {target!r} {why}")
                )
                if len(problems) >= limit:
                    return problems
    return problems


def check_downloads(site_dir: Path, release: str) -> list[Problem]:
    """Every resource of every package of the release, as served under data/, has its declared bytes
    and hash."""
    problems = []
    folder = site_dir / "data" / release
    descriptors = sorted(folder.glob("*/datapackage.json"))
    if not descriptors:
        return [Problem("downloads", f"data/{release}", "no data packages in the site")]
    for desc_path in descriptors:
        for res in json.loads(desc_path.read_text("utf-8"))["resources"]:
            path = desc_path.parent / res["path"]
            where = str(path.relative_to(site_dir))
            if not path.is_file():
                problems.append(Problem("downloads", where, "file is missing"))
                continue
            data = path.read_bytes()
            if len(data) != res["bytes"]:
                problems.append(
                    Problem("downloads", where, f"{len(data)} bytes, descriptor says {res['bytes']}")
                )
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            if digest != res["hash"]:
                problems.append(
                    Problem("downloads", where, f"hash {digest} differs from the descriptor's {res['hash']}")
                )
    return problems


def check_catalogue(site_dir: Path, release: str, site_url: str = "") -> list[Problem]:
    """Every distribution of the release's DCAT catalogue (data/<release>/catalog.jsonld) names a file of the
    site, with its declared byte size and sha256; a release without a catalogue has nothing to check."""
    folder = site_dir / "data" / release
    where = f"data/{release}/catalog.jsonld"
    if not (folder / "catalog.jsonld").is_file():
        return []
    try:
        datasets = json.loads((folder / "catalog.jsonld").read_text("utf-8"))["dcat:dataset"]
        distributions = [d for ds in datasets for d in ds["dcat:distribution"]]
    except (ValueError, KeyError, TypeError) as exc:
        return [Problem("catalogue", where, f"cannot be read: {exc!r}")]
    problems = []
    for dist in distributions:
        url = dist["dcat:downloadURL"]["@id"]
        inside = site_path(url, site_url)
        path = (
            (site_dir / inside.lstrip("/")) if inside and inside.startswith("/") else folder / (inside or "")
        )
        if not inside or not path.is_file():
            problems.append(Problem("catalogue", where, f"{url} is not a file of the site"))
            continue
        data = path.read_bytes()
        declared = (dist["dcat:byteSize"]["@value"], dist["spdx:checksum"]["spdx:checksumValue"]["@value"])
        if declared != (str(len(data)), hashlib.sha256(data).hexdigest()):
            problems.append(Problem("catalogue", where, f"{url}: size or sha256 differs from the file"))
    return problems


def check_packages(packages_dir: Path, expected: pd.DataFrame) -> list[Problem]:
    """The disclosure rule holds in every results file, and 'alles' holds exactly the rows this build
    computed."""
    files = {
        str(p.relative_to(packages_dir)): p.read_bytes()
        for p in packages_dir.rglob("results.*")
        if p.suffix in (".csv", ".parquet")
    }
    try:
        package.check_disclosure(files)
    except DisclosureError as exc:
        return [Problem("disclosure", "datapackages", str(exc))]
    on_disk = pd.read_parquet(
        packages_dir / package.ALL_SETS / "results.parquet",
        columns=["provider_id", "indicator_id", "period", "status"],
    )
    key = ["provider_id", "indicator_id", "period", "status"]
    left = on_disk[key].astype(str).sort_values(key).reset_index(drop=True)
    right = expected[key].astype(str).sort_values(key).reset_index(drop=True)
    if not left.equals(right):
        return [
            Problem(
                "approval",
                "alles/results.parquet",
                f"holds {len(left)} rows; this build published {len(right)} "
                "(a row was added, lost or changed status)",
            )
        ]
    return []


#: The one-verdict rules verify enforces on every release (publish/consistency.py); the funnel rules
#: depend on publication.funnel_overdispersion and are run by the tests and scripts/verdict-audit.
VERDICT_RULES = ("value_in_interval", "verdict_side", "whole_numerators", "yesno_quartiles")


def check_verdicts(packages_dir: Path) -> list[Problem]:
    """The published results never contradict themselves: each value inside its interval, better / worse on
    the right side of the benchmark, no made-up counts in the benchmarks, no quartiles of yes/no answers."""
    base = packages_dir / package.ALL_SETS
    tables = {n: pd.read_parquet(base / f"{n}.parquet") for n in ("results", "indicators", "benchmarks")}
    checks = consistency.check_results(tables["results"], tables["indicators"], tables["benchmarks"])
    return [
        Problem("verdict", "alles/results.parquet", c.line())
        for c in checks
        if c.name in VERDICT_RULES and c.disagreeing
    ]


def check_page_counts(site_dir: Path, providers_with_pages: int, indicators: int) -> list[Problem]:
    """One page per provider with results and per indicator, no more, no fewer."""
    problems = []
    counts = {"aanbieders": providers_with_pages, "indicatoren": indicators}
    for folder, expected in counts.items():
        found = sum(1 for p in (site_dir / folder).glob("*/index.html"))
        if found != expected:
            problems.append(Problem("pages", folder, f"{found} pages, the packages have {expected}"))
    return problems


def verify(
    site_dir: Path,
    packages_dir: Path,
    release: str,
    expected: pd.DataFrame,
    providers_with_pages: int,
    indicators: int,
    site_url: str = "",
) -> list[Problem]:
    """Every check on the staged site and packages; an empty list means they may be published. `site_url`
    is the address the site was built for (its base path is stripped from links)."""
    return (
        check_packages(packages_dir, expected)
        + check_tables(packages_dir)
        + check_verdicts(packages_dir)
        + check_downloads(site_dir, release)
        + check_catalogue(site_dir, release, site_url)
        + check_page_counts(site_dir, providers_with_pages, indicators)
        + check_links(site_dir, site_url=site_url)
    )


def file_digest(path: Path) -> dict:
    """Name, size and sha256 of an input file."""
    data = path.read_bytes()
    return {"file": path.name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def software_versions() -> dict:
    """Installed versions of the packages whose behaviour shapes the output."""
    versions = {}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def manifest(
    release: str, input_dir: Path, report: dict, timings: dict[str, float], pages: int, previous: str | None
) -> dict:
    """The build manifest: release, inputs with hashes, software versions, bucket counts and stage timings."""
    versions = software_versions()
    inputs = [
        file_digest(p) | {"file": str(p.relative_to(input_dir))}
        for p in sorted(input_dir.rglob("*"))
        if p.is_file()
    ]
    return {
        "release": release,
        "previous_release": previous,
        "inputs": inputs,
        "python": platform.python_version(),
        "software": versions,
        "rows": report["totals"],
        "rejected_rows": report["rejected_rows"],
        "pages": pages,
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }


def verify_published(site_dir: Path, packages_dir: Path, release: str) -> list[Problem]:
    """The same checks on an already published site and packages, with the expected rows and page
    counts taken from the release's 'alles' package."""
    base = packages_dir / release / package.ALL_SETS
    if not base.is_dir():
        return [Problem("packages", str(base), "no 'alles' package for this release")]
    results = pd.read_parquet(base / "results.parquet")
    providers = pd.read_parquet(base / "providers.parquet", columns=["provider_id"])
    indicators = pd.read_parquet(base / "indicators.parquet", columns=["indicator_id"])
    return verify(
        site_dir,
        packages_dir / release,
        release,
        results,
        len(providers),
        len(indicators),
        built_for(site_dir),
    )


def built_for(site_dir: Path) -> str:
    """The address a built site was made for, as its api/index.json says ('' when none or unreadable)."""
    try:
        return str(json.loads((site_dir / "api" / "index.json").read_text("utf-8")).get("site_url") or "")
    except (OSError, ValueError, AttributeError):
        return ""
