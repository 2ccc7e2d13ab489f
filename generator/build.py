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

from . import approve, compute, intake, report, validate
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
    results: pd.DataFrame  # approved results after disclosure control (bucket: published/suppressed)
    report: dict
    timings: dict[str, float] = field(default_factory=dict)

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
    results = compute.apply_disclosure(gate.approved, indicators, config.publication.min_denominator)
    timings["compute"] = time.perf_counter() - start
    progress("compute", timings["compute"])
    rep = report.build_report(release, files, checked, results, gate.stopped, checked["indicators"].table)
    return Release(release, config, providers, indicators, results, rep, timings)
