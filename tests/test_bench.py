"""scripts/bench.py: each stage's figures are printed and written to bench.json as the stage ends, and a site
over GitHub Pages' limit is a figure of the benchmark (refused by verify, exit 5), not the end of it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.core.errors import SiteTooLargeError
from generator.publish import hosted

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import bench  # noqa: E402
from bench_stages import Figures, StageMonitor  # noqa: E402
from bench_table import table  # noqa: E402


def test_a_stage_is_printed_and_saved_as_it_ends(tmp_path, capsys):
    saved = Figures(tmp_path / "bench.json", {"cold": {}})
    with StageMonitor("cold", saved.report["cold"], saved) as mon:
        mon.end("load", 1.234)
        on_disk = json.loads((tmp_path / "bench.json").read_text())
        mon.end("load", 0.5)  # a stage that ends twice (the rebuild's verify) keeps both
    assert on_disk["cold"]["stages_s"] == {"load": 1.23}
    assert on_disk["cold"]["stage_peak_memory_mb"]["load"] > 0
    assert list(saved.report["cold"]["stages_s"]) == ["load", "load (again)"]
    line = capsys.readouterr().err.splitlines()[0]
    assert line.startswith("[bench] cold") and "load" in line and "1.2 s" in line and "MiB" in line
    assert "all (PSS)" in line and "stage_tree_pss_mb" in on_disk["cold"]


def test_the_whole_tree_is_counted_with_shared_pages_once():
    """A forked child's resident memory counts the pages it shares with its parent again; PSS does not:
    the tree's PSS is less than the parent's and child's resident memory summed."""
    import multiprocessing

    from bench_stages import children_rss, pss, rss, tree_pss

    ballast = bytearray(200 * 2**20)  # touched, so resident in the parent and shared with the child
    ballast[::4096] = b"x" * len(ballast[::4096])
    ready, done = multiprocessing.get_context("fork").Event(), multiprocessing.get_context("fork").Event()
    child = multiprocessing.get_context("fork").Process(target=lambda: (ready.set(), done.wait(30)))
    child.start()
    try:
        ready.wait(30)
        summed, tree = rss() + children_rss(), tree_pss()
        assert pss() > 0 and tree > 0
        assert tree < summed - 100 * 2**20  # the 200 MB shared are not counted twice
    finally:
        done.set()
        child.join()


@pytest.fixture
def small_limit(tmp_path, monkeypatch):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_bytes(b"x" * 2000)
    monkeypatch.setattr(hosted, "PAGES_LIMIT", 1000)
    monkeypatch.setattr(hosted, "check_site_size", hosted.check_site_size)  # restored after the test
    return tmp_path / "site"


@pytest.mark.parametrize("stop", [False, True])
def test_a_site_over_the_pages_limit_is_a_figure(small_limit, tmp_path, stop):
    saved = Figures(tmp_path / "bench.json", {"cold": {"wall_s": 1.0, "stages_s": {}}})
    bench.pages_limit_as_figure(saved, stop)
    if stop:
        with pytest.raises(SiteTooLargeError):
            hosted.check_site_size(small_limit)
    else:
        assert hosted.check_site_size(small_limit) == 2000  # verify goes on with its other checks
    figure = json.loads((tmp_path / "bench.json").read_text())["pages_site"]
    assert figure["refused"] and figure["bytes"] == 2000
    assert figure["figure"] == "Pages site 0.00 GB: over the 1e-06 GB limit, refused by verify, exit 5"
    assert "refused by verify, exit 5" in table(saved.report)


def test_the_table_shows_what_a_stopped_run_measured_and_what_it_left_out():
    report = {
        "cold": {
            "wall_s": 12.0,
            "stages_s": {"load": 2.0},
            "stage_peak_memory_mb": {"load": 300},
            "peak_memory_bytes": 2**30,
            "error": "MemoryError: ",
        },
        "left_out": {"rebuild with nothing changed": "over 20,000 providers; --full runs it"},
    }
    text = table(report)
    assert "load 2.0 s (300 MiB)" in text and "The build stopped: MemoryError" in text
    assert "Left out: rebuild with nothing changed (over 20,000 providers; --full runs it)." in text


def test_large_runs_leave_out_the_slow_comparisons_unless_full(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["bench.py", "--providers", "100000"])
    assert set(bench.left_out(bench.arguments())) == {
        "plain mkdocs-material build",
        "rebuild with nothing changed",
        "data packages for ~2 million result rows",
    }
    monkeypatch.setattr(sys, "argv", ["bench.py", "--providers", "100000", "--full", "--skip-browser"])
    assert set(bench.left_out(bench.arguments())) == {"browser payloads"}
