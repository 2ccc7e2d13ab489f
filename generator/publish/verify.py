"""Publish: verify a staged site and staged packages before they replace the online ones, and the manifest.

Verification returns a list of problems instead of raising at the first: every internal link and
asset resolves; every download's bytes and hash match its descriptor; the disclosure rule holds in
every results file; the staged packages hold exactly the rows this build computed; the page counts
match the packages. Only when the list is empty does the conductor publish the new generation
(publish/generations.py). The tables are read a part at a time (publish/parts.py), so that verify's memory
does not grow with the number of result rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pyarrow.parquet as pq

from generator.core import background, hosting, memory
from generator.core.errors import DisclosureError
from generator.package import disclosure
from generator.package import packages as package
from generator.publish import consistency, hosted, parts
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


LINK_PROBLEMS = 50  # broken links listed before check_links stops looking: a broken template breaks thousands


def check_links(
    site_dir: Path, limit: int = LINK_PROBLEMS, site_url: str = "", served: Hosted | None = None
) -> list[Problem]:
    """Every href/src of every HTML page that stays on the site points at an existing file; links from the
    domain's root and absolute links to the site are read under `site_url`'s base path (site_path). With
    `served`, a link to one of this release's assets under its data_url names an asset that is there."""
    problems = []
    found: dict[str, bool] = {}  # target file -> exists: the pages of a section share most of their links
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text("utf-8", errors="replace")
        for target in sorted(set(LINK.findall(text))):
            name = served.asset(target) if served else None
            if name:
                if name not in served.assets:
                    where = str(page.relative_to(site_dir))
                    problems.append(Problem("links", where, f"link to {target!r}: no such release asset"))
                continue
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


@dataclass(frozen=True)
class Hosted:
    """The release's data files served under `data_url` (core/hosting.py), by asset name -> the local file
    that mirrors each (a folder of the assets the workflow uploads, or the release folder's own files)."""

    release: str
    data_url: str = ""
    assets: Mapping[str, Path] = field(default_factory=dict)

    def asset(self, url: str) -> str | None:
        """The asset name an address names (publish/hosted.asset_of)."""
        return hosted.asset_of(url, self.release, self.data_url)

    def local(self, url: str, site_dir: Path, base: Path, site_url: str = "") -> Path | None:
        """The local file behind a download address: the asset's copy, or the site's own file (a relative
        address read from `base`); None when there is none."""
        name = self.asset(url)
        if name is not None:
            return self.assets.get(name)
        inside = site_path(url, site_url)
        if not inside:
            return None
        return (site_dir / inside.lstrip("/")) if inside.startswith("/") else base / inside


def _differs(path: Path | None, size: int, sha256: str) -> str:
    """'' when `path` is a file of `size` bytes with that sha256 hex digest, else what is wrong."""
    if path is None or not path.is_file():
        return "file is missing"
    found = path.stat().st_size
    digest = hosted.file_sha256(path)  # read a block at a time: an asset can be gigabytes
    wrong = [f"{found} bytes, recorded {size}"] if found != size else []
    wrong += [f"hash sha256:{digest} differs from the recorded sha256:{sha256}"] if digest != sha256 else []
    return "; ".join(wrong)


def check_downloads(site_dir: Path, release: str, served: Hosted | None = None) -> list[Problem]:
    """Every resource of every package of the release, where it is served (under data/ on the site, or as an
    asset under data_url; a file only inside its zip is checked as the zip, in the catalogue), has its
    declared bytes and hash."""
    served = served or Hosted(release)
    problems = []
    folder = site_dir / "data" / release
    descriptors = sorted(folder.glob("*/datapackage.json"))
    if not descriptors:
        return [Problem("downloads", f"data/{release}", "no data packages in the site")]
    for desc_path in descriptors:
        for res in json.loads(desc_path.read_text("utf-8"))["resources"]:
            url = hosting.file_url(release, desc_path.parent.name, res["path"], served.data_url)
            if url is None:
                continue
            path = served.local(url, site_dir, site_dir)
            why = _differs(path, res["bytes"], res["hash"].split(":", 1)[1])
            if why:
                problems.append(Problem("downloads", url, why.replace("recorded", "descriptor says")))
    return problems


def check_catalogue(
    site_dir: Path, release: str, site_url: str = "", served: Hosted | None = None
) -> list[Problem]:
    """Every distribution of the release's DCAT catalogue (data/<release>/catalog.jsonld) names a file of the
    site or one of the release's assets, with its declared byte size and sha256; a release without a
    catalogue has nothing to check."""
    served = served or Hosted(release)
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
        path = served.local(url, site_dir, folder, site_url)
        size, sha256 = dist["dcat:byteSize"]["@value"], dist["spdx:checksum"]["spdx:checksumValue"]["@value"]
        if path is None or not path.is_file():
            problems.append(Problem("catalogue", where, f"{url} is not a file of the site or its assets"))
        elif _differs(path, int(size), sha256):
            problems.append(Problem("catalogue", where, f"{url}: size or sha256 differs from the file"))
    return problems


def check_packages(packages_dir: Path, expected: pd.DataFrame) -> list[Problem]:
    """The disclosure rule holds in every results file, and 'alles' holds exactly the rows this build
    computed. Each results Parquet file is read a part at a time beside its CSV (publish/parts.py), with its
    package's indicators and datapackage.json for the package's own rules (package/disclosure.py)."""
    for parquet in sorted(packages_dir.rglob("results.parquet")):
        name = str(parquet.relative_to(packages_dir))
        text = parquet.with_suffix(".csv")
        if not text.is_file():
            return [Problem("disclosure", "datapackages", f"{name}: no results.csv beside it")]
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        own = {
            folder + p.name: p.read_bytes()
            for p in (parquet.parent / "indicators.parquet", parquet.parent / "datapackage.json")
            if p.is_file()
        }
        try:
            for rows, as_text in parts.aligned_parts(parquet, text, disclosure.CSV_COLUMNS):
                disclosure.check_results_rows(name, rows, as_text, disclosure.rule_leaks(own, name, rows))
        except DisclosureError as exc:
            return [Problem("disclosure", "datapackages", str(exc))]
    path = packages_dir / package.ALL_SETS / "results.parquet"
    key = ["provider_id", "indicator_id", "period", "status"]
    if not parts.same_rows(key, lambda c: pd.read_parquet(path, columns=[c])[c], lambda c: expected[c]):
        return [
            Problem(
                "approval",
                "alles/results.parquet",
                f"holds {pq.read_metadata(path).num_rows} rows; this build published {len(expected)} "
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
    results = (part.to_pandas() for part in parts.parquet_parts(base / "results.parquet"))
    indicators, benchmarks = (pd.read_parquet(base / f"{n}.parquet") for n in ("indicators", "benchmarks"))
    checks = consistency.check_in_parts(results, indicators, benchmarks)
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
    data_url: str = "",
    assets_dir: Path | None = None,
) -> list[Problem]:
    """Every check on the staged site and packages; an empty list means they may be published. `site_url`
    is the address the site was built for (its base path is stripped from links); `data_url` where its data
    files are hosted, checked in `assets_dir` (a folder mirroring the release assets) or, without one, as
    the release folder's files. Raises SiteTooLargeError for a site over what GitHub Pages publishes."""
    hosted.check_site_size(site_dir)
    served = Hosted(release, data_url, hosted.release_assets(packages_dir, data_url))
    asset_problems = []
    if data_url and assets_dir is not None:
        served = Hosted(release, data_url, hosted.folder_assets(assets_dir))
        asset_problems = hosted.check_assets(packages_dir, dict(served.assets), data_url)
    # the links of every page (about half of verify's time) are followed by a child on the second core
    # while this process checks the packages and downloads; the problems come back in the same order
    with background.Background(check_links, site_dir, LINK_PROBLEMS, site_url, served) as links:
        # the tables each check read back are freed: the next one reuses their pages
        problems = check_packages(packages_dir, expected)
        memory.hand_back()
        problems += check_tables(packages_dir)
        memory.hand_back()
        return (
            problems
            + check_verdicts(packages_dir)
            + asset_problems
            + check_downloads(site_dir, release, served)
            + check_catalogue(site_dir, release, site_url, served)
            + check_page_counts(site_dir, providers_with_pages, indicators)
            + links.result()
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


def verify_published(
    site_dir: Path, packages_dir: Path, release: str, assets_dir: Path | None = None
) -> list[Problem]:
    """The same checks on an already published site and packages, with the expected rows and page
    counts taken from the release's 'alles' package, and the data files hosted under the data_url the site
    was built for checked in `assets_dir` (see verify)."""
    base = packages_dir / release / package.ALL_SETS
    if not base.is_dir():
        return [Problem("packages", str(base), "no 'alles' package for this release")]
    key = ["provider_id", "indicator_id", "period", "status"]  # all that check_packages compares
    results = pd.read_parquet(base / "results.parquet", columns=key)
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
        built_for(site_dir, "data_url"),
        assets_dir,
    )


def built_for(site_dir: Path, key: str = "site_url") -> str:
    """The address a built site was made for (or, with key 'data_url', where its data files are hosted), as
    its api/index.json says ('' when none or unreadable)."""
    try:
        return str(json.loads((site_dir / "api" / "index.json").read_text("utf-8")).get(key) or "")
    except (OSError, ValueError, AttributeError):
        return ""
