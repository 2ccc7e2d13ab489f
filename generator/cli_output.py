"""What the command line prints: the summary of a release, and a failure as one paragraph with its exit code
(no traceback). cli.py's commands call these; the texts and exit codes are documented in the README."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from generator.core.errors import EXIT_INTERNAL, StructuralError, VerificationError, ZorgspiegelError
from generator.intake.summary import summary_lines
from generator.site import engine


def report_failure(exc: BaseException) -> int:
    """Print what went wrong in one paragraph (no traceback) and return the exit code for it."""
    if isinstance(exc, StructuralError):
        print_structural(exc)
        return exc.exit_code
    if isinstance(exc, VerificationError):
        click.echo(exc.headline, err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        return exc.exit_code
    if isinstance(exc, ZorgspiegelError):
        click.echo(exc.headline, err=True)
        click.echo(f"  {exc}", err=True)
        return exc.exit_code
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        click.echo("Stopped: a file could not be read or written. Nothing was published.", err=True)
        click.echo(
            f"  {exc.strerror or exc}{where}. Check the disk space and the folder's permissions.", err=True
        )
        return EXIT_INTERNAL
    if isinstance(exc, MemoryError):
        click.echo("Stopped: out of memory. Nothing was published.", err=True)
        return EXIT_INTERNAL
    click.echo("Stopped by an internal error. Nothing was published.", err=True)
    click.echo(f"  {type(exc).__name__}: {exc}", err=True)
    click.echo(
        "  Run again with `zorgspiegel --debug ...` to see where, and report it with that output.", err=True
    )
    return EXIT_INTERNAL


@contextmanager
def reader_may_leave() -> Iterator[None]:
    """Printing to a reader that may stop reading (`zorgspiegel validate | head`): when it does, the rest of
    the output goes nowhere and the command goes on to its own exit code, instead of reporting the closed
    pipe as a file that could not be written."""
    try:
        yield
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """Point standard output at the null device, so that nothing written after the reader left (Python's
    own flush at exit included) fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def print_summary(report: dict, limit: int = 20) -> None:
    """The counts per bucket and the issues, identical ones grouped, each with where to fix it."""
    t = report["totals"]
    click.echo(
        f"results: {t['read']} read → {t['published']} published, {t['suppressed']} suppressed, "
        f"{t['held_back']} held back (not approved), {t['rejected']} rejected"
    )
    rej = report["rejected_rows"]
    click.echo(f"registry: {rej['providers']} provider rows and {rej['indicators']} indicator rows rejected")
    for line in summary_lines(report, limit):  # identical issues grouped, each with where to fix it
        click.echo(line)


def print_structural(exc: StructuralError) -> None:
    """A structural error's headline and each of its issues."""
    click.echo(exc.headline, err=True)
    for issue in exc.issues:
        click.echo(f"  error  {issue}  [{issue.code}]", err=True)
        if issue.fix and issue.code != "config-invalid":  # a config-invalid message names its key itself
            click.echo(f"         intake.yaml: {issue.fix}", err=True)


def print_built(done, out, label: str, limit: int, report_dir, seconds: float) -> None:
    """What `build` says once the release was published (`done`: pipeline.publish_build's answer, `out`:
    its Outputs): the summary, where the packages, site and report are, and notes on what is missing."""
    if done.reused:
        click.echo(
            "Nothing changed since the published build (same content hash): "
            "verified it again, rebuilt nothing."
        )
    print_summary(done.report, limit)
    changes_against = done.previous.name if done.previous else "no earlier release"
    click.echo(
        f"Data packages: {out.packages / label} ({done.files} files; changes against {changes_against})"
    )
    click.echo(f"Site: {out.site} ({done.pages} pages, verified)")
    if not done.site_url:
        click.echo(
            "Note: no site address (publication.site_url or --site-url): the sitemap is empty, the 404 "
            "page assumes the site is at the domain's root, and the DCAT catalogue's addresses are "
            "relative.",
            err=True,
        )
    if engine.missing():
        click.echo(
            f"Note: the query page's engine is missing from site_src/{engine.FOLDER} (run "
            "scripts/vendor-duckdb and build again); until then that page tells visitors it cannot load.",
            err=True,
        )
    click.echo(f"Report: {report_dir / 'report.html'}  ({seconds:.1f} s)")
