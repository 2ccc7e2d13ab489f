"""The conductor: load → validate → approve → compute → report (→ package → render → publish).

Each stage is a pure function; this module passes their results along and times them. Only the
CLI and `writer` touch the disk for output.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from . import approve, changes, compute, intake, package, report, validate
from .errors import Issue, StructuralError
from .settings import IntakeConfig, parse_intake_config

Progress = Callable[[str, float], None]


def _quiet(stage: str, seconds: float) -> None:
    pass


@dataclass
class Release:
    """Everything a build computed from one intake folder: the public tables and the report."""

    release: str
    config: IntakeConfig
    providers: pd.DataFrame
    indicators: pd.DataFrame
    results: pd.DataFrame  # public results (compute.RESULT_COLUMNS) and 'bucket'
    benchmarks: pd.DataFrame
    report: dict
    timings: dict[str, float] = field(default_factory=dict)
    changes: pd.DataFrame | None = None

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
        raise StructuralError([Issue("file-missing", file=str(path), hint=": every intake folder needs an intake.yaml (see README, 'The intake format')")])
    try:
        return parse_intake_config(path.read_text("utf-8"), file="intake.yaml")
    except UnicodeDecodeError as exc:
        raise StructuralError([Issue("encoding-error", file="intake.yaml", detail=f"UTF-8 text (byte at position {exc.start})")]) from exc


def check_release(folder: Path, progress: Progress = _quiet):
    """Load and validate an intake folder; return (config, files read, checked tables)."""
    timings = {}
    start = time.perf_counter()
    config = read_config(folder)
    tables, files = intake.load_intake(folder, config)
    timings["load"] = time.perf_counter() - start
    progress("load", timings["load"])
    start = time.perf_counter()
    checked = validate.validate_release(tables)
    timings["validate"] = time.perf_counter() - start
    progress("validate", timings["validate"])
    return config, files, checked, timings


def build_release(folder: Path, release: str, progress: Progress = _quiet) -> Release:
    """Run the pipeline on an intake folder up to the public tables and the processing report."""
    config, files, checked, timings = check_release(folder, progress)
    start = time.perf_counter()
    gate = approve.approval_gate(checked["results"])
    providers = checked["providers"].table.loc[~checked["providers"].rejected]
    indicators = checked["indicators"].table.loc[~checked["indicators"].rejected]
    timings["approve"] = time.perf_counter() - start
    progress("approve", timings["approve"])
    start = time.perf_counter()
    pub = config.publication
    computed = compute.compute_release(gate.approved, indicators, providers, pub.min_denominator, pub.funnel_overdispersion)
    timings["compute"] = time.perf_counter() - start
    progress("compute", timings["compute"])
    from_intake = computed.results[computed.results["bucket"] != ""]
    rep = report.build_report(release, files, checked, from_intake, gate.stopped, checked["indicators"].table)
    return Release(release, config, providers, indicators, computed.results, computed.benchmarks, rep, timings)


def find_previous_release(packages_dir: Path, release: str) -> Path | None:
    """The newest release folder in packages_dir older than `release` that has an 'alles' package."""
    if not packages_dir.is_dir():
        return None
    older = sorted(p for p in packages_dir.iterdir() if p.is_dir() and p.name < release and (p / package.ALL_SETS / "results.parquet").is_file())
    return older[-1] if older else None


def read_previous(folder: Path | None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The results and providers of a previous release's 'alles' package (None, None when there is none)."""
    if folder is None:
        return None, None
    base = folder / package.ALL_SETS if (folder / package.ALL_SETS).is_dir() else folder
    return pd.read_parquet(base / "results.parquet"), pd.read_parquet(base / "providers.parquet")


def package_release(rel: Release, previous: Path | None, progress: Progress = _quiet) -> dict[str, bytes]:
    """The changes against `previous` and every data package of the release, as files in memory."""
    start = time.perf_counter()
    old_results, old_providers = read_previous(previous)
    public = rel.results.drop(columns=["bucket", "_file", "_row"])
    changes_table = changes.diff_releases(old_results, old_providers, public, rel.providers)
    data = package.PackageInput(rel.release, rel.config.publication, public, rel.benchmarks, rel.indicators, rel.providers, changes_table)
    files = package.build_packages(data)
    rel.timings["package"] = time.perf_counter() - start
    rel.changes = changes_table
    progress("package", rel.timings["package"])
    return files
