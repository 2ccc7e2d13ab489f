"""The conductor: load → validate → approve → compute → report (→ package → render → publish).

Each stage is a pure function; this module passes their results along and times them. Only the
CLI and `writer` touch the disk for output.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from generator import site_build
from generator.compute import release as compute
from generator.compute.public import PublicRelease, public_release
from generator.config.settings import IntakeConfig, parse_intake_config
from generator.core import background, memory
from generator.core.errors import Issue, StructuralError, VerificationError
from generator.core.names import HELD_BACK, STATUS_PUBLISHED
from generator.intake import approve, provider_report, report, validate
from generator.intake import read as intake
from generator.intake.guard import matching_files
from generator.package import packages as package
from generator.publish import generations
from generator.publish.releases import build_key, find_previous_release, list_releases, read_previous
from generator.site import render

SITE_ROOT = Path(__file__).resolve().parents[1]

Progress = Callable[[str, float], None]


def _quiet(stage: str, seconds: float) -> None:
    pass


@dataclass
class Release:
    """Everything a build computed from one intake folder: the public release and the processing report."""

    release: str
    config: IntakeConfig
    public: PublicRelease
    # the accepted provider rows of the intake (public or not): for tests and the report
    registry: pd.DataFrame
    # the approved intake rows with their bucket and source (compute.release.ACCOUNTING_COLUMNS)
    accounting: pd.DataFrame
    report: dict
    timings: dict[str, float] = field(default_factory=dict)
    checked: dict = field(default_factory=dict, repr=False)  # validate's Checked tables
    stopped: pd.DataFrame | None = field(default=None, repr=False)  # the approval gate's stopped rows
    preview: pd.DataFrame | None = field(default=None, repr=False)  # held-back rows as if approved

    @cached_property
    def provider_rows(self) -> pd.DataFrame:
        """Every delivered results row with its provider, delivery, bucket and figure (provider reports)."""
        args = (self.stopped, self.accounting, self.public.results, self.preview, self.indicators)
        return provider_report.provider_rows(self.checked["results"], *args)

    @property
    def provider_ids(self) -> list[str]:
        """The providers a processing report page is made for: every id in the results or the registry."""
        return provider_report.provider_ids(self.provider_rows, self.checked["providers"])

    @property
    def results(self) -> pd.DataFrame:
        """The published results table."""
        return self.public.results

    @property
    def benchmarks(self) -> pd.DataFrame:
        """The published benchmarks table."""
        return self.public.benchmarks

    @property
    def indicators(self) -> pd.DataFrame:
        """The published indicator catalogue."""
        return self.public.indicators

    @property
    def rejected_rows(self) -> int:
        """How many rows of any table were rejected."""
        return sum(self.report["rejected_rows"].values())


def read_config(folder: Path) -> IntakeConfig:
    """Read and check the intake.yaml of an intake folder."""
    path = folder / "intake.yaml"
    if not folder.is_dir():
        raise StructuralError([Issue("file-missing", file=str(folder), hint=" (the --input folder)")])
    if not path.is_file():
        raise StructuralError(
            [
                Issue(
                    "file-missing",
                    file=str(path),
                    hint=": every intake folder needs an intake.yaml (see README, 'The intake format')",
                )
            ]
        )
    matching_files(folder, "intake.yaml")  # a symlink leading out of the folder is refused like any file
    try:
        return parse_intake_config(path.read_text("utf-8"), file="intake.yaml")
    except UnicodeDecodeError as exc:
        raise StructuralError(
            [Issue("encoding-error", file="intake.yaml", detail=f"UTF-8 text (byte at position {exc.start})")]
        ) from exc


def check_release(folder: Path, progress: Progress = _quiet):
    """Load and validate an intake folder; return (config, files read, checked tables)."""
    timings = {}
    start = time.perf_counter()
    config = read_config(folder)
    warnings: dict[str, list[Issue]] = {}
    tables, files = intake.load_intake(folder, config, warnings)
    timings["load"] = time.perf_counter() - start
    progress("load", timings["load"])
    start = time.perf_counter()
    checked = validate.validate_release(tables, config.publication.min_denominator)
    for table, found in warnings.items():  # found while mapping (a key a lookup lacks): reported, rows kept
        checked[table].issues += found
    timings["validate"] = time.perf_counter() - start
    progress("validate", timings["validate"])
    return config, files, checked, timings


def build_release(
    folder: Path,
    release: str,
    progress: Progress = _quiet,
    previous: Path | None = None,
    site_url: str | None = None,
    data_url: str | None = None,
) -> Release:
    """Run the pipeline on an intake folder up to the public release and the processing report;
    `site_url` and `data_url` (checked, as `build --site-url` / `--data-url` give them) replace intake.yaml's
    publication.site_url and publication.data_url."""
    config, files, checked, timings = check_release(folder, progress)
    given = {k: v for k, v in (("site_url", site_url), ("data_url", data_url)) if v is not None}
    if given:
        config = replace(config, publication=replace(config.publication, **given))
    start = time.perf_counter()
    gate = approve.approval_gate(checked["results"])
    providers = checked["providers"].table.loc[~checked["providers"].rejected]
    indicators = checked["indicators"].table.loc[~checked["indicators"].rejected]
    timings["approve"] = time.perf_counter() - start
    progress("approve", timings["approve"])
    start = time.perf_counter()
    pub = config.publication
    computed = compute.compute_release(
        gate.approved,
        indicators,
        providers,
        pub.min_denominator,
        pub.funnel_overdispersion,
        small_count=pub.small_counts,
        held_back=gate.stopped,
        registry_public=pub.registry_public,
        comparison_method=pub.comparison_method,
        comparison_level=pub.comparison_level,
        expected_deliveries=pub.expected_deliveries,
    )
    public = public_release(
        release,
        pub,
        computed.results,
        computed.benchmarks,
        computed.indicators,
        providers,
        read_previous(previous),
        awaiting=computed.awaiting,
    )
    timings["compute"] = time.perf_counter() - start
    progress("compute", timings["compute"])
    rep = report.build_report(
        release, files, checked, computed.accounting, gate.stopped, checked["indicators"].table
    )
    held = checked["results"].table.loc[gate.stopped.index[gate.stopped["bucket"] == HELD_BACK]]
    preview = compute.apply_disclosure(held, indicators, pub.min_denominator, pub.small_counts)
    return Release(
        release, config, public, providers, computed.accounting, rep, timings, checked, gate.stopped, preview
    )


def provider_reports(rel: Release, only: str | None = None) -> Iterator[dict]:
    """Each provider's processing report (or `only`'s), one at a time: intake/provider_report.py, with the
    figures formatted by the site's own rules and the pages named by the site's slug rule (site/urls.py)."""
    from generator.site import formatting, labels, page, urls

    def shown(value, unit: str, rate_per, text: str, status: str) -> str:
        # the language is set here, not round the generator below: set there, it would hold in the
        # caller's context between the reports it yields
        with labels.use(rel.config.publication.language):
            if status != STATUS_PUBLISHED:
                return page.STATUS_TEXT[status]
            return formatting.formatted(value, unit, None if pd.isna(rate_per) else rate_per, text)

    pages = {pid: f"providers/{slug}.html" for pid, slug in urls.slugs(rel.provider_ids).items()}
    tables = (rel.provider_rows, rel.checked["results"], rel.checked["providers"])
    return provider_report.provider_reports(*tables, shown, pages, only)


def package_release(rel: Release, progress: Progress = _quiet) -> dict[str, bytes]:
    """Every data package of the release, as files in memory."""
    start = time.perf_counter()
    files = package.build_packages(rel.public)
    rel.timings["package"] = time.perf_counter() - start
    progress("package", rel.timings["package"])
    return files


def render_release(rel: Release, releases: list[dict], progress: Progress = _quiet) -> dict[str, str]:
    """The generated files of the site for a packaged release."""
    start = time.perf_counter()
    files = render.render_site(rel.public, releases)
    rel.timings["render"] = time.perf_counter() - start
    progress("render", rel.timings["render"])
    return files


@dataclass
class Outputs:
    """Where a build writes: the public site and packages, and the non-public report and docs folder."""

    site: Path
    packages: Path
    report: Path
    docs: Path


@dataclass
class Published:
    """What a successful build published (or found already published, when nothing changed)."""

    report: dict
    files: int
    pages: int
    previous: Path | None
    manifest: dict
    reused: bool = False

    @property
    def rejected_rows(self) -> int:
        """How many rows of any table were rejected."""
        return sum(self.report["rejected_rows"].values())

    @property
    def site_url(self) -> str:
        """The address the site was built for ('' when none was set)."""
        return self.manifest.get("site_url", "")


def reuse_published(
    out: Outputs, label: str, key: str, previous: Path | None, progress: Progress
) -> Published | None:
    """When the published build has the same key, verify it again and return it instead of rebuilding."""
    from generator.publish import verify as publish

    manifest_path, report_path = out.report / "manifest.json", out.report / "report.json"
    if not (
        manifest_path.is_file()
        and report_path.is_file()
        and (out.packages / label).is_dir()
        and out.site.is_dir()
    ):
        return None
    man = json.loads(manifest_path.read_text("utf-8"))
    if man.get("build_key") != key or man.get("release") != label:
        return None
    start = time.perf_counter()
    problems = publish.verify_published(out.site, out.packages, label)
    progress("verify", time.perf_counter() - start)
    if problems:
        return None  # something changed on disk: build it again
    files = sum(1 for p in (out.packages / label).rglob("*") if p.is_file())
    return Published(
        json.loads(report_path.read_text("utf-8")), files, man["pages"], previous, man, reused=True
    )


def publish_build(
    input_dir: Path,
    out: Outputs,
    label: str,
    previous: Path | None = None,
    progress: Progress = _quiet,
    site_url: str | None = None,
    data_url: str | None = None,
) -> Published:
    """Build, package, render and verify a release as a new generation, then publish it with one switch
    (publish/generations.py), or raise and publish nothing. `site_url` and `data_url` override
    publication.site_url and publication.data_url."""
    from generator.publish import generations, writer
    from generator.publish import verify as publish

    layout = generations.Layout(out.site, out.packages)
    generations.prepare(layout)  # what a killed build left is removed; it never counts as a release
    previous = previous if previous is not None else find_previous_release(out.packages, label)
    key = build_key(input_dir, label, previous, site_url, data_url)
    reused = reuse_published(out, label, key, previous, progress)
    if reused is not None:
        return reused
    rel = build_release(input_dir, label, progress, previous, site_url, data_url)
    generation = generations.new_generation(layout, label)
    own = writer.staging_folder(out.report / "providers")  # each provider's own page, never in the site
    try:
        # the providers' pages: made by a child started once the render is done, beside the site build and
        # verify, which mostly use one core (earlier, it takes memory beside the packages, cores from render)
        with background.Deferred(own_report_pages, rel, own) as reports:
            try:
                n_files, pages = build_generation(rel, out, layout, generation, progress, reports.start)
            except BaseException:
                writer.remove(generation)
                raise
            generations.publish(layout, generation)
            rel.report["providers"] = reports.result()
    except BaseException:
        writer.remove(own)
        raise
    man = publish.manifest(
        label, input_dir, rel.report, rel.timings, pages, previous.name if previous else None
    ) | {
        "build_key": key,
        "site_url": rel.config.publication.site_url,
        "data_url": rel.config.publication.data_url,
    }
    writer.write_report(out.report, report.report_json(rel.report), report.report_html(rel.report))
    writer.swap_folder(own, out.report / "providers")
    writer.write_manifest(out.report, man)
    return Published(rel.report, n_files, pages, previous, man)


def own_report_pages(rel: Release, folder: Path) -> dict:
    """Every provider's own report page (provider_reports) written into `folder`, a staging folder that
    becomes the report's providers/ folder; return the index of the pages for the report."""
    from generator.publish import writer

    write = functools.partial(writer.write_file, folder)
    pages = provider_report.written_pages(provider_reports(rel), rel.release, write)
    return provider_report.provider_index(pages, rel.provider_rows)


def build_generation(
    rel: Release,
    out: Outputs,
    layout: generations.Layout,
    generation: Path,
    progress: Progress,
    after_render: Callable[[], None] = lambda: None,
) -> tuple[int, int]:
    """Package, render, build and verify the release in a new generation folder; return (package files,
    pages). Raises VerificationError when a check fails. `after_render` is called once the render is done
    (publish_build starts the providers' reports there)."""
    from generator.publish import verify as publish

    packages = generation / "datapackages"
    # the packages are written by a child process on the second core while this one renders the pages,
    # each written where it goes as it is rendered (site_build.SiteFiles); once the packages are written,
    # a second child renders provider pages beside this one. A small release is rendered once its packages
    # are written (core/memory.py): beside the render the child came to hold a copy of every page the
    # render wrote to (cms-maternal-health: 434 MiB PSS for both, 380 one after the other, 1.5 s later)
    with site_build.SiteFiles(out.docs, generation / ".static") as files:
        with background.Background(generations.write_packages, layout, generation, rel.public) as job:
            if memory.is_small_release(len(rel.results)):
                job.wait()
            start = time.perf_counter()
            render.render_pages(rel.public, files, ready=job.done)  # then a helper renders too
            rendered = time.perf_counter() - start
            n_files, rel.timings["package"] = job.result()
        progress("package", rel.timings["package"])
        start = time.perf_counter()
        releases = list_releases(packages, data_url=rel.config.publication.data_url, current=rel.release)
        files.put_all(render.release_files(rel.public, releases))  # they list the new packages
        rel.timings["render"] = rendered + time.perf_counter() - start
        progress("render", rel.timings["render"])
        after_render()
        pages = site_build.build_site(rel, files, generation / "site", packages, progress)
    start = time.perf_counter()
    public, pub = rel.public, rel.config.publication
    published = (public.results, len(public.providers), len(public.indicators))
    problems = publish.verify(
        generation / "site", packages / rel.release, rel.release, *published, pub.site_url, pub.data_url
    )
    rel.timings["verify"] = time.perf_counter() - start
    progress("verify", rel.timings["verify"])
    if problems:
        raise VerificationError(problems)
    return n_files, pages
