"""Golden build: a small seeded demo release, built through the CLI, must match tests/golden/ file by file.

The other "same bytes" tests compare two runs of today's code; this one compares against output committed
earlier, so an unintended change of any published file fails here. tests/golden/manifest.json maps every
output path (site/, datapackages/, report/) to the sha256 of its normalised content; tests/golden/files/
holds normalised copies of a few text files, to show a diff when they change.

Normalised (everything else must match byte for byte):
- report/manifest.json: the stage timings, the build_key, the Python and software versions;
- *.gz (site/sitemap.xml.gz): the unpacked content, since the gzip header carries the build date;
- text files: the build's temporary folder, should it ever appear, becomes <tmp>.

An intended change: regenerate with `pytest tests/test_golden.py --update-golden` (or
ZORGSPIEGEL_UPDATE_GOLDEN=1) and commit tests/golden/ together with the change.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

GOLDEN = Path(__file__).parent / "golden"
RELEASE = "2026-01"
DEMO_ARGS = ["--providers", "30", "--seed", "12"]
OUTPUT_ROOTS = ["site", "datapackages", "report"]  # not docs/ (mkdocs' scratch folder) nor a demo-input/
LAYOUT_LINK = ".publish/current/"  # the fixed links of the publish layout (generator/publish/generations.py)
# the query page's engine: third-party bytes, pinned by sha256 in generator/site/engine.py and there only when
# scripts/vendor-duckdb has run, so the golden files do not depend on whether it has
VENDORED = "site/assets/vendor/duckdb/"
TEXT_SUFFIXES = {".html", ".json", ".csv", ".md", ".txt", ".xml", ".js", ".css", ".map", ".yaml", ".svg"}
# normalised copies kept in tests/golden/files/, to print a diff when they change
KEPT_FILES = [
    "report/report.json",
    "report/manifest.json",
    f"datapackages/{RELEASE}/alles/datapackage.json",
    f"datapackages/{RELEASE}/ziekenhuizen/results.csv",
    "site/indicatoren/GBZ-01/index.html",
    "site/aanbieders/01125524/index.html",
]
MAX_DIFFS = 3
MAX_DIFF_LINES = 40
MAX_LISTED = 25
REGENERATE = (
    "If the change is intended, regenerate with `pytest tests/test_golden.py --update-golden` "
    "(or ZORGSPIEGEL_UPDATE_GOLDEN=1) and commit tests/golden/ in the same commit as the change."
)


def run_cli(*args: str) -> None:
    """Run a zorgspiegel command through its CLI entry; fail with its output on a non-zero exit."""
    result = CliRunner().invoke(main, list(args))
    command = " ".join(args)
    assert result.exit_code == 0, f"zorgspiegel {command} exited with {result.exit_code}:\n{result.output}"


def normalise_manifest(data: bytes) -> bytes:
    """The build manifest without what differs per run or per environment."""
    manifest = json.loads(data)
    manifest["timings_seconds"] = {stage: 0 for stage in manifest.get("timings_seconds", {})}
    manifest["software"] = {name: "<version>" for name in manifest.get("software", {})}
    for key in ("python", "build_key"):
        if key in manifest:
            manifest[key] = f"<{key}>"
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()


def normalise(path: str, data: bytes, tmp: str) -> bytes:
    """A file's content with the run-dependent parts replaced (see the module docstring)."""
    if path == "report/manifest.json":
        return normalise_manifest(data)
    if path.endswith(".gz"):
        return gzip.decompress(data)
    if Path(path).suffix in TEXT_SUFFIXES:
        return data.replace(tmp.encode(), b"<tmp>")
    return data


def collect(out: Path) -> dict[str, bytes]:
    """Every output file's normalised content by path, read as a visitor sees it: the links of the publish
    layout (site, datapackages/<release>, datapackages/latest, all through .publish/current) stand for
    what they lead to; any other symlink is recorded as '-> target'."""
    files = {}
    for root in OUTPUT_ROOTS:
        for folder, dirs, names in os.walk(out / root, followlinks=True):
            dirs.sort()
            for name in sorted(dirs) + names:
                path = Path(folder) / name
                rel = path.relative_to(out).as_posix()
                if rel.startswith(VENDORED):
                    continue
                if path.is_symlink() and LAYOUT_LINK in os.readlink(path):
                    path = path.parent / os.readlink(path)  # what the layout link stands for
                if path.is_symlink():
                    files[rel] = f"-> {os.readlink(path)}".encode()
                    if name in dirs:
                        dirs.remove(name)
                elif path.is_file():
                    files[rel] = normalise(rel, path.read_bytes(), str(out.parent))
    return dict(sorted(files.items()))


def digest(content: bytes) -> str:
    """The manifest entry of a file: its sha256, or '-> target' for a symlink."""
    return content.decode() if content.startswith(b"-> ") else hashlib.sha256(content).hexdigest()


def write_golden(files: dict[str, bytes]) -> None:
    """Replace tests/golden/ with the manifest and kept copies of this build."""
    missing = [path for path in KEPT_FILES if path not in files]
    assert not missing, f"KEPT_FILES names files the build no longer writes: {missing}; edit KEPT_FILES"
    shutil.rmtree(GOLDEN, ignore_errors=True)
    manifest = {"release": RELEASE, "demo": DEMO_ARGS, "files": {p: digest(c) for p, c in files.items()}}
    (GOLDEN / "files").mkdir(parents=True)
    (GOLDEN / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    for path in KEPT_FILES:
        target = GOLDEN / "files" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])


def unified_diff(path: str, new: bytes) -> str:
    """The diff of a kept file against its golden copy, cut to MAX_DIFF_LINES lines."""
    old = (GOLDEN / "files" / path).read_text("utf-8").splitlines(keepends=True)
    lines = list(
        difflib.unified_diff(
            old,
            new.decode("utf-8", "replace").splitlines(keepends=True),
            f"golden/{path}",
            f"build/{path}",
            n=2,
        )
    )
    cut = lines[:MAX_DIFF_LINES] + (
        [f"... {len(lines) - MAX_DIFF_LINES} more diff lines\n"] if len(lines) > MAX_DIFF_LINES else []
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in cut)


def mismatch_report(expected: dict[str, str], files: dict[str, bytes]) -> str:
    """What differs from the golden manifest, with diffs of the first few kept files that changed."""
    actual = {path: digest(content) for path, content in files.items()}
    changed = [p for p in expected if p in actual and expected[p] != actual[p]]
    missing = [p for p in expected if p not in actual]
    added = [p for p in actual if p not in expected]
    parts = [
        f"The build differs from tests/golden/: {len(changed)} changed, {len(missing)} missing, "
        f"{len(added)} new file(s)."
    ]
    for label, paths in (("changed", changed), ("missing", missing), ("new", added)):
        if paths:
            shown = "\n".join(f"  {p}" for p in paths[:MAX_LISTED])
            more = f"\n  ... and {len(paths) - MAX_LISTED} more" if len(paths) > MAX_LISTED else ""
            parts.append(f"{label}:\n{shown}{more}")
    diffable = [p for p in changed if (GOLDEN / "files" / p).is_file()]
    parts += [unified_diff(p, files[p]) for p in diffable[:MAX_DIFFS]]
    if changed and not diffable:
        parts.append("(no kept copy of a changed file in tests/golden/files/ to diff against)")
    parts.append(REGENERATE)
    return "\n\n".join(parts)


def test_golden_build_matches_committed_output(tmp_path, request):
    """The seeded demo release builds to the committed golden output (after normalisation)."""
    run_cli("demo", "--out", str(tmp_path / "in"), *DEMO_ARGS)
    run_cli("build", "--input", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--release", RELEASE)
    files = collect(tmp_path / "out")
    assert len(files) > 100, f"the build wrote only {len(files)} files"

    if request.config.getoption("update_golden", False) or os.environ.get("ZORGSPIEGEL_UPDATE_GOLDEN") == "1":
        assert os.environ.get("CI") != "true", "tests/golden/ is not regenerated in CI"
        write_golden(files)
        pytest.skip(f"regenerated tests/golden/ ({len(files)} files): review `git diff tests/golden`")

    assert (GOLDEN / "manifest.json").is_file(), f"tests/golden/manifest.json is missing. {REGENERATE}"
    golden = json.loads((GOLDEN / "manifest.json").read_text("utf-8"))
    expected = golden["files"]
    actual = {path: digest(content) for path, content in files.items()}
    if actual != expected:
        pytest.fail(mismatch_report(expected, files), pytrace=False)
