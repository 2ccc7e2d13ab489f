"""The command line: thin commands over the library (validate, build, demo, verify, init).

Exit codes (core/errors.py; README "Command line"): 0 success; 1 rows were rejected and --strict was
given; 2 a usage error, or input or intake.yaml that cannot be used (nothing published); 3 the built
site or packages failed verification (nothing published); 4 an internal or environment failure (a
full disk, a tool that failed, a bug; nothing published). Every failure is one located paragraph;
`zorgspiegel --debug COMMAND` shows the traceback too.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from pathlib import Path

import click

from generator import pipeline as build_module
from generator.cli_output import (
    print_built,
    print_structural,
    print_summary,
    reader_may_leave,
    report_failure,
    silence_stdout,
)
from generator.config.checks import data_url_problem, site_url, site_url_problem
from generator.core import memory
from generator.core.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_UNVERIFIED,
    StructuralError,
    did_you_mean,
)
from generator.intake.provider_report import provider_lines
from generator.intake.report import report_html, report_json, structural_report
from generator.publish import writer

EXIT_STRUCTURAL = EXIT_INPUT  # the name the tests and scripts knew it by
__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_STRUCTURAL",
    "EXIT_UNVERIFIED",
    "main",
]


class SuggestingGroup(click.Group):
    """A click group: a mistyped command gets 'did you mean', every failure its exit code."""

    def resolve_command(self, ctx, args):
        """The command named first in args, or a usage error with a suggestion."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx))
            ctx.fail(f"No such command {name!r}{hint}. Commands: {', '.join(self.list_commands(ctx))}.")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        """Run the command; turn every failure into a paragraph and its documented exit code."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader of the output left (`| head`) after the work was done
            silence_stdout()
            sys.exit(EXIT_OK)
        except Exception as exc:  # noqa: BLE001 - every failure ends here, with its exit code
            if ctx.obj and ctx.obj.get("debug"):
                raise
            sys.exit(report_failure(exc))


def _absolute(path: Path | None) -> Path | None:
    """A command-line path made absolute against the working directory (None stays None)."""
    return None if path is None else Path.cwd() / path.expanduser()


def _release_label(value: str | None) -> str:
    if value is None:
        return dt.date.today().strftime("%Y-%m")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter(
            f"{value!r} is not a release label; use YYYY-MM, e.g. 2026-11.", param_hint="--release"
        )
    return value


def _site_url(value: str | None, option: str = "--site-url") -> str | None:
    """The checked --site-url (or --data-url), with its trailing slash (None when not given)."""
    if value is None:
        return None
    problem = (site_url_problem if option == "--site-url" else data_url_problem)(value)
    if problem:
        raise click.BadParameter(problem, param_hint=option)
    return site_url(value)


def _progress(stage: str, seconds: float) -> None:
    click.echo(f"  {stage:<10} {seconds:7.2f} s", err=True)


def _fail_structural(exc: StructuralError, report_dir: Path | None, release: str) -> None:
    print_structural(exc)
    if report_dir is not None:
        stopped = structural_report(release, exc.issues)
        writer.write_report(report_dir, report_json(stopped), report_html(stopped), providers={})
        click.echo(f"Report: {report_dir / 'report.html'}", err=True)
    sys.exit(exc.exit_code)


@click.group(cls=SuggestingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zorgspiegel")
@click.option(
    "--debug", is_flag=True, help="On a failure, show the Python traceback too (for reporting a bug)."
)
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Zorgspiegel: publish approved healthcare quality indicators as open data and a static site.

    Exit codes: 0 success; 1 rows were rejected and --strict was given; 2 a usage error or input that
    cannot be used; 3 the new site or packages failed verification; 4 an internal or environment failure.
    Nothing is published unless the exit code is 0 or 1.
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.option(
    "--input",
    "input_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Intake folder with intake.yaml and the delivered files.",
)
@click.option("--strict", is_flag=True, help="Exit with 1 when any row would be rejected.")
@click.option(
    "--limit", default=20, show_default=True, help="How many issues to print (all are in the report)."
)
@click.option(
    "--provider",
    help="Print this provider's own report instead: its rows by bucket, every issue with the fix, and "
    "what will be published once approved (--strict then counts its rows only).",
)
def validate(input_dir: Path, strict: bool, limit: int, provider: str | None) -> None:
    """Read and check an intake folder without publishing anything."""
    try:
        release = build_module.build_release(_absolute(input_dir), _release_label(None), progress=_progress)
    except StructuralError as exc:
        _fail_structural(exc, None, "validate")
    with reader_may_leave():
        if provider is None:
            print_summary(release.report, limit)
        else:
            rejected = _print_provider(release, provider, limit)
    if provider is None:
        rejected = release.rejected_rows
    sys.exit(EXIT_REJECTED if strict and rejected else EXIT_OK)


def _print_provider(release: build_module.Release, provider: str, limit: int) -> int:
    """Print one provider's report; return how many of its rows (results and registry) were rejected."""
    known = release.provider_ids
    if provider not in known:
        hint = did_you_mean(provider, known)
        raise click.BadParameter(f"no provider {provider!r} in this intake{hint}.", param_hint="--provider")
    (entry,) = build_module.provider_reports(release, provider)
    for line in provider_lines(entry, limit):
        click.echo(line)
    return entry["counts"]["rejected"] + sum(i["severity"] == "row" for i in entry["registry_issues"])


@main.command()
@click.option(
    "--input",
    "input_dir",
    type=click.Path(path_type=Path),
    help="Intake folder; without it the embedded demo release is built.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help=(
        "Output folder: site/, datapackages/<release>/ and report/ go in it. "
        "Default: the current folder (site/, datapackages/, build/report/)."
    ),
)
@click.option("--release", "release", help="Release label YYYY-MM. Default: the current month.")
@click.option(
    "--previous",
    "previous_dir",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    help=(
        "Earlier release folder to list changes against. "
        "Default: the newest older release in datapackages/."
    ),
)
@click.option(
    "--strict", is_flag=True, help="Exit with 1 when any row was rejected (the rest is still published)."
)
@click.option(
    "--limit", default=20, show_default=True, help="How many issues to print (all are in the report)."
)
@click.option(
    "--site-url",
    "site_url",
    help=(
        "Web address the site is published at (e.g. https://owner.github.io/repo/); "
        "overrides publication.site_url in intake.yaml."
    ),
)
@click.option(
    "--data-url",
    "data_url",
    help="Where the data files are hosted, as <URL><release>/<file>; overrides publication.data_url.",
)
def build(
    input_dir: Path | None,
    out_dir: Path | None,
    release: str | None,
    previous_dir: Path | None,
    strict: bool,
    limit: int,
    site_url: str | None,
    data_url: str | None,
) -> None:
    """Build the data packages and the site from an intake folder (or the demo release)."""
    label = _release_label(release)
    site_url, data_url = _site_url(site_url), _site_url(data_url, "--data-url")
    # paths given on the command line are the working directory's, wherever the tools inside look from
    base = _absolute(out_dir) if out_dir is not None else Path.cwd()
    input_dir, previous_dir = _absolute(input_dir), _absolute(previous_dir)
    report_dir = base / "report" if out_dir is not None else base / "build" / "report"
    if input_dir is None:
        input_dir = base / "demo-input" if out_dir is not None else base / "build" / "demo-input"
        click.echo(
            f"No --input: building the fictitious demo release (intake written to {input_dir}).", err=True
        )
        _write_demo(input_dir, providers=300, seed=None)
    out = build_module.Outputs(
        site=base / "site",
        packages=base / "datapackages",
        report=report_dir,
        docs=base / "docs" if out_dir is not None else base / "build" / "docs",
    )
    started = time.perf_counter()
    try:
        with memory.allocator_for(input_dir):  # a small build's freed memory can go back (core/memory.py)
            done = build_module.publish_build(
                input_dir, out, label, previous_dir, progress=_progress, site_url=site_url, data_url=data_url
            )
    except StructuralError as exc:
        _fail_structural(exc, report_dir, label)
    with reader_may_leave():  # what follows is said after the release was published
        print_built(done, out, label, limit, report_dir, time.perf_counter() - started)
    sys.exit(EXIT_REJECTED if strict and done.rejected_rows else EXIT_OK)


_OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="The folder a build wrote to (site/ and datapackages/ in it). Default: the current folder.",
)
_RELEASE = click.option(
    "--release", "release", help="The release. Default: the one datapackages/latest names."
)


def _built(out_dir: Path | None, release: str | None) -> tuple[Path, str]:
    """The folder a build wrote to and the release in it (--release, else datapackages/latest's)."""
    base = _absolute(out_dir) if out_dir is not None else Path.cwd()
    latest = base / "datapackages" / "latest"
    label = release or (latest.resolve().name if latest.exists() else None)
    if label is None:
        raise click.UsageError(f"no release in {base / 'datapackages'}; build one first or give --release")
    return base, _release_label(label)


@main.command("verify")
@_OUT
@_RELEASE
@click.option(
    "--assets",
    "assets_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="A folder mirroring the release assets under the data_url (`zorgspiegel assets`) to check the "
    "download links there against. Default: the release folder's own files.",
)
def verify_command(out_dir: Path | None, release: str | None, assets_dir: Path | None) -> None:
    """Check a built site and its packages: links, download sizes and hashes, disclosure, page counts."""
    from generator.publish import verify as publish

    base, label = _built(out_dir, release)
    problems = publish.verify_published(base / "site", base / "datapackages", label, _absolute(assets_dir))
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    if problems:
        click.echo(f"Release {label}: {len(problems)} problem(s); do not publish this site.", err=True)
        sys.exit(EXIT_UNVERIFIED)
    click.echo(
        f"Release {label}: site and data packages verified (links, downloads, disclosure, page counts)."
    )


@main.command("assets")
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
@_OUT
@_RELEASE
def assets_command(target: Path, out_dir: Path | None, release: str | None) -> None:
    """Lay out the release's data files hosted under its data_url in TARGET (emptied first), by asset name."""
    from generator.publish import hosted, verify

    base, label = _built(out_dir, release)
    data_url = verify.built_for(base / "site", "data_url")
    if not data_url:
        raise click.UsageError("the site was built without a data_url: every file is inside the site")
    names = hosted.lay_out_assets(base / "datapackages" / label, _absolute(target), data_url)
    click.echo(f"Release {label}: {len(names)} assets in {target}, for {data_url}{label}/")


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the draft. Default: FOLDER/intake.yaml.",
)
@click.option("--force", is_flag=True, help="Overwrite the file --out names (or FOLDER/intake.yaml).")
def init_command(folder: Path, out_file: Path | None, force: bool) -> None:
    """Write a draft intake.yaml for the delivered files in FOLDER, to check and complete by hand."""
    from generator.intake import draft

    folder = _absolute(folder)
    target = _absolute(out_file) if out_file is not None else folder / "intake.yaml"
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists; give --force to overwrite it, or --out to write elsewhere.")
    made = draft.draft_intake(folder)
    writer.write_text(target, made.text)
    click.echo(f"Draft written to {target}: " + "\n".join(draft.summary_lines(made)))
    click.echo(f"Check every line, then run: zorgspiegel validate --input {folder}")


def _write_demo(folder: Path, providers: int, seed: int | None, language: str = "nl") -> None:
    from generator.demo import generate as demo

    kwargs = {"providers": providers} | ({"seed": seed} if seed is not None else {})
    writer.write_intake_folder(folder, demo.generate_demo(**kwargs), demo.intake_yaml(language))


@main.command("demo")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write the demo intake into (providers.csv, indicators.csv, results.csv, intake.yaml).",
)
@click.option(
    "--providers",
    default=300,
    show_default=True,
    type=click.IntRange(30, 50000),
    help="Number of providers; 10000 gives the national size.",
)
@click.option("--seed", type=int, help="Random seed; the same seed gives the same files.")
@click.option(
    "--language",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="The site's labels: Dutch, or English (publication.language in intake.yaml).",
)
def demo_command(out_dir: Path, providers: int, seed: int | None, language: str) -> None:
    """Write a fictitious demo release as an intake folder that --input reads."""
    _write_demo(out_dir, providers, seed, language)
    click.echo(f"Demo intake written to {out_dir} ({providers} providers).")


if __name__ == "__main__":
    main()
