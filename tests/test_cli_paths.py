"""Paths on the command line are the working directory's (issue 15): --input, --out and --previous given
relative to wherever the command is run, from a scratch folder and from the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner
from intake_files import result, write_intake

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_relative_paths_from_a_scratch_folder_and_from_the_repository(tmp_path, monkeypatch):
    write_intake(tmp_path / "work" / "in", [result(), result(provider_id="P2")])
    monkeypatch.chdir(tmp_path / "work")
    run("validate", "--input", "in")
    run("build", "--input", "in", "--out", "out", "--release", "2024-01")
    assert (tmp_path / "work" / "out" / "datapackages" / "2024-01" / "alles" / "datapackage.json").is_file()

    # from the repository, the same folders by their path relative to it; --previous too
    monkeypatch.chdir(REPO)
    rel = Path(os.path.relpath(tmp_path / "work", REPO))
    out = run(
        "build",
        "--input",
        str(rel / "in"),
        "--out",
        str(rel / "out2"),
        "--release",
        "2024-02",
        "--previous",
        str(rel / "out" / "datapackages" / "2024-01"),
    )
    assert "changes against 2024-01" in out
    manifest = json.loads((tmp_path / "work" / "out2" / "report" / "manifest.json").read_text("utf-8"))
    assert manifest["previous_release"] == "2024-01"
    assert (tmp_path / "work" / "out2" / "site").is_dir()
    assert not (REPO / "out2").exists() and not (REPO / "in").exists()
