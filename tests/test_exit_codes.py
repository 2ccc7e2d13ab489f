"""Every documented failure ends with its exit code and one readable paragraph, never a traceback.

Exit codes (README, "Command line"): 0 success, 1 rejected rows with --strict, 2 usage or input that
cannot be used, 3 verification failed, 4 an internal or environment failure, 5 a site larger than GitHub
Pages publishes. `--debug` shows the
traceback. Each error class of core/errors.py is raised where the build would raise it (monkeypatched
into the stage), and the CLI's answer is checked.
"""

from __future__ import annotations

import errno

import pytest
from click.testing import CliRunner
from intake_files import result

from generator.cli import main
from generator.core import errors
from generator.core.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_TOO_LARGE,
    EXIT_UNVERIFIED,
    AccountingError,
    CatalogueError,
    DisclosureError,
    SiteBuildError,
    SiteTooLargeError,
    UnsafeIdError,
    ZorgspiegelError,
)
from generator.site import render

GOOD = [result(provider_id="P1"), result(provider_id="P2")]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_no_traceback(res):
    assert "Traceback" not in res.output and 'File "' not in res.output, res.output


def test_the_codes():
    codes = (EXIT_OK, EXIT_REJECTED, EXIT_INPUT, EXIT_UNVERIFIED, EXIT_INTERNAL, EXIT_TOO_LARGE)
    assert codes == (0, 1, 2, 3, 4, 5)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.StructuralError, EXIT_INPUT),
        (UnsafeIdError, EXIT_INPUT),
        (errors.VerificationError, EXIT_UNVERIFIED),
        (DisclosureError, EXIT_UNVERIFIED),
        (AccountingError, EXIT_INTERNAL),
        (SiteBuildError, EXIT_INTERNAL),
        (CatalogueError, EXIT_INTERNAL),
        (SiteTooLargeError, EXIT_TOO_LARGE),
    ],
)
def test_every_error_class_has_its_code(error, code):
    assert issubclass(error, ZorgspiegelError) and error.exit_code == code and error.headline


def test_every_error_class_in_core_errors_is_listed_above():
    classes = {
        v
        for v in vars(errors).values()
        if isinstance(v, type) and issubclass(v, ZorgspiegelError) and v is not ZorgspiegelError
    }
    documented = {
        errors.StructuralError,
        UnsafeIdError,
        errors.VerificationError,
        DisclosureError,
        AccountingError,
        SiteBuildError,
        CatalogueError,
        SiteTooLargeError,
    }
    assert classes == documented


def raising(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail


FAILURES = [
    ("render", UnsafeIdError("id '../x' cannot be used in a URL"), EXIT_INPUT, "web address"),
    ("render", DisclosureError("alles/results.csv: row 3 shows a figure"), EXIT_UNVERIFIED, "disclosure"),
    ("render", AccountingError("3 rows read but 2 in buckets"), EXIT_INTERNAL, "internal error"),
    ("render", SiteBuildError("mkdocs could not build the site"), EXIT_INTERNAL, "could not be built"),
    ("render", CatalogueError("en/code.yaml: 'x': expected text"), EXIT_INTERNAL, "label catalogue"),
    ("render", SiteTooLargeError("site: 1,216,000,000 bytes"), EXIT_TOO_LARGE, "GitHub Pages"),
    ("render", OSError(errno.ENOSPC, "No space left on device", "site/x.html"), EXIT_INTERNAL, "space"),
    ("render", MemoryError(), EXIT_INTERNAL, "out of memory"),
    ("render", RuntimeError("boom"), EXIT_INTERNAL, "--debug"),
]


@pytest.mark.parametrize(
    ("stage", "exc", "code", "words"), FAILURES, ids=[type(f[1]).__name__ for f in FAILURES]
)
def test_a_failure_in_the_build_ends_with_its_code_and_publishes_nothing(
    intake, tmp_path, monkeypatch, stage, exc, code, words
):
    monkeypatch.setattr(render, "render_pages", raising(exc))
    out = tmp_path / "out"
    res = run("build", "--input", intake(GOOD), "--out", out, "--release", "2026-11")
    assert res.exit_code == code, res.output
    assert words in res.output, res.output
    assert "Nothing was published" in res.output or "Not published" in res.output
    assert_no_traceback(res)
    assert not (out / "site").exists() and not (out / "datapackages" / "2026-11").exists()


def test_debug_shows_the_traceback(intake, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "render_pages", raising(RuntimeError("boom")))
    res = run("--debug", "build", "--input", intake(GOOD), "--out", tmp_path / "out", "--release", "2026-11")
    assert res.exit_code != 0 and isinstance(res.exception, RuntimeError)


def test_a_broken_config_stops_with_2(tmp_path):
    folder = tmp_path / "intake"
    folder.mkdir()
    (folder / "intake.yaml").write_text("tables: [\n", "utf-8")
    res = run("validate", "--input", folder)
    assert res.exit_code == EXIT_INPUT and "intake.yaml" in res.output
    assert_no_traceback(res)


def test_a_missing_folder_stops_with_2(tmp_path):
    res = run("build", "--input", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert res.exit_code == EXIT_INPUT and "nowhere" in res.output
    assert_no_traceback(res)


def test_a_failed_verification_stops_with_3(intake, tmp_path, monkeypatch):
    from generator.publish import verify

    monkeypatch.setattr(
        verify, "verify", lambda *a, **k: [verify.Problem("links", "x.html", "link to 'y' does not resolve")]
    )
    res = run("build", "--input", intake(GOOD), "--out", tmp_path / "out", "--release", "2026-11")
    assert res.exit_code == EXIT_UNVERIFIED and "does not resolve" in res.output
    assert_no_traceback(res)
    # the providers' own pages, made beside the build by a child, are not left behind either
    report = tmp_path / "out" / "report"
    assert not (report / "providers").exists()
    assert not [p.name for p in report.glob(".providers*")]


def test_the_providers_own_pages_come_with_a_published_build(intake, tmp_path):
    res = run("build", "--input", intake(GOOD), "--out", tmp_path / "out", "--release", "2026-11")
    assert res.exit_code == EXIT_OK, res.output
    report = tmp_path / "out" / "report"
    import json

    index = json.loads((report / "report.json").read_text("utf-8"))["providers"]["pages"]
    assert {p.name for p in (report / "providers").iterdir()} == {
        e["page"].removeprefix("providers/") for e in index
    }
    assert {"P1", "P2"} <= {e["provider_id"] for e in index}
    assert not [p.name for p in report.glob(".providers*")]


def test_verify_of_a_broken_site_exits_3(intake, tmp_path):
    out = tmp_path / "out"
    assert run("build", "--input", intake(GOOD), "--out", out, "--release", "2026-11").exit_code == EXIT_OK
    page = next((out / "site" / "aanbieders").glob("*/index.html"))
    page.write_text(page.read_text("utf-8") + '<a href="../../nergens/">x</a>', "utf-8")
    res = run("verify", "--out", out)
    assert res.exit_code == EXIT_UNVERIFIED and "does not resolve" in res.output


def test_mkdocs_failure_becomes_a_site_build_error(monkeypatch, tmp_path):
    from generator.site import mkdocs

    with pytest.raises(SiteBuildError):
        mkdocs.mkdocs_build(tmp_path / "missing.yml", tmp_path / "site")


def test_relative_paths_are_the_working_directorys(intake, tmp_path, monkeypatch):
    """`--out out` from any folder writes into that folder's out/ (it stopped with MkDocs' configuration
    error before, since MkDocs looked for the docs folder next to mkdocs.yml)."""
    folder = intake(GOOD)
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    res = run("build", "--input", folder, "--out", "out", "--release", "2026-11")
    assert res.exit_code == EXIT_OK, res.output
    assert (work / "out" / "site" / "index.html").is_file()
    assert run("verify", "--out", "out").exit_code == EXIT_OK


def test_too_few_demo_providers_is_a_usage_error(tmp_path):
    res = run("demo", "--out", tmp_path / "d", "--providers", "12")
    assert res.exit_code == EXIT_INPUT and "30" in res.output
    assert_no_traceback(res)


@pytest.mark.parametrize("strict, code", [(False, EXIT_OK), (True, EXIT_REJECTED)])
def test_a_reader_that_stops_reading_is_not_a_file_error(strict, code):
    """`zorgspiegel validate | head`: the closed pipe is not a write failure (exit 4, 'check the disk'):
    the output stops quietly and the command keeps its own exit code."""
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "cms-maternal-health"
    args = ["validate", "--input", str(example), "--limit", "5000"] + (["--strict"] if strict else [])
    cmd = [sys.executable, "-c", "from generator.cli import main; main()", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # like head -1: the reader leaves while there is much more to print
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == code, err
    assert first.startswith(b"results:")
    assert "Broken pipe" not in err and "could not be read or written" not in err and "Traceback" not in err
