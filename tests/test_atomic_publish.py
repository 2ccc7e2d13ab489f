"""Publishing is one atomic step (issue 13, item 7).

A build is killed after every filesystem operation of its publish step in turn (the kill is a
BaseException, so no clean-up handler runs: as with SIGKILL, only what is on disk counts). After each
kill the published tree must be whole: either entirely the previous release (site pages, packages,
hashes, `latest`) or entirely the new one, never a mix, and `verify_published` passes. A rerun then
cleans up what the kill left and publishes the new release. Leftover staging folders and other
folders that are not complete releases never count as the previous release.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from test_publish import RESULTS_1, RESULTS_2, digests, run

from generator import pipeline
from generator.publish import verify as publish

LABEL = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
NEW_RELEASE = {"2026-11": RESULTS_2, "2026-10": RESULTS_1.replace("8.25", "8.5")}


@pytest.fixture(scope="module")
def first(tmp_path_factory):
    """A published first release, 2026-10 (each test works on a copy)."""
    tmp = tmp_path_factory.mktemp("atomic")
    result = run(tmp, "2026-10", RESULTS_1)
    assert result.exit_code == 0, result.output
    return tmp


class Killed(BaseException):
    """The simulated kill: not an Exception, so `except Exception` clean-ups do not run."""


class KillSwitch:
    """Wraps the filesystem operations that change names on disk; once armed, the k-th raises Killed."""

    OPS = [
        (os, "replace"),
        (os, "rename"),
        (os, "symlink"),
        (os, "link"),
        (os, "unlink"),
        (os, "remove"),
        (os, "rmdir"),
        (os, "mkdir"),
        (shutil, "rmtree"),
        (shutil, "move"),
        (shutil, "copytree"),
    ]

    def __init__(self, monkeypatch, kill_at: int):
        self.kill_at, self.count, self.armed, self.depth = kill_at, 0, False, 0
        for module, name in self.OPS:
            monkeypatch.setattr(module, name, self.wrap(getattr(module, name), name))
        from generator.publish import writer

        if hasattr(writer, "rename_exchange"):
            monkeypatch.setattr(writer, "rename_exchange", self.wrap(writer.rename_exchange, "exchange"))

    def wrap(self, real, name):
        def op(*args, **kwargs):
            if not self.armed or self.depth:
                return real(*args, **kwargs)  # not in the phase under test, or inside a counted op
            self.count += 1
            if self.count == self.kill_at:
                raise Killed(f"killed before {name}{args[:2]}")
            self.depth += 1
            try:
                return real(*args, **kwargs)
            finally:
                self.depth -= 1
            # the kill comes before the k-th op; "after every step" is "before the next one"

        return op

    def arm_after(self, monkeypatch, module, name):
        """Arm the switch when module.name returns (e.g. once the staged build is verified)."""
        real = getattr(module, name)

        def armed(*args, **kwargs):
            result = real(*args, **kwargs)
            self.armed = True
            return result

        monkeypatch.setattr(module, name, armed)

    def disarm_after(self, monkeypatch, module, name):
        """Stop counting when module.name returns; the step after it (the report) is one more kill point."""
        real = getattr(module, name)

        def disarmed(*args, **kwargs):
            result = real(*args, **kwargs)
            if self.armed:
                self.armed = False
                self.count += 1
                if self.count == self.kill_at:
                    raise Killed(f"killed after {name}")
            return result

        monkeypatch.setattr(module, name, disarmed)

    def arm_during(self, monkeypatch, module, name):
        """Count only the operations inside module.name."""
        real = getattr(module, name)

        def armed(*args, **kwargs):
            self.armed = True
            try:
                return real(*args, **kwargs)
            finally:
                self.armed = False

        monkeypatch.setattr(module, name, armed)


def published(out: Path) -> dict:
    """What a visitor and a downloader see: the site's files, every release's files, where latest points."""
    packages = out / "datapackages"
    releases = sorted(p.name for p in packages.iterdir() if LABEL.fullmatch(p.name) and p.is_dir())
    latest = packages / "latest"
    return {
        "site": digests(out / "site") if (out / "site").is_dir() else None,
        "releases": {name: digests(packages / name) for name in releases},
        "latest": latest.resolve().name if latest.exists() else None,
        "site_latest": (out / "site" / "data" / "latest").resolve().name
        if (out / "site" / "data" / "latest").exists()
        else None,
    }


def assert_whole(out: Path, state: dict, old: dict, new_label: str) -> str:
    """The tree is the previous release exactly, or a consistent new one; return which."""
    if state == old:
        assert publish.verify_published(out / "site", out / "datapackages", old["latest"]) == []
        return "old"
    assert state["site"] is not None, "no site/"
    assert state["latest"] == state["site_latest"], "datapackages/latest and the site's data/latest differ"
    assert new_label in state["releases"], f"the site changed but datapackages/{new_label} is not there"
    for name, files in old["releases"].items():
        if name != new_label:
            assert state["releases"][name] == files, f"datapackages/{name} changed"
    assert state["site"] != old["site"]
    assert publish.verify_published(out / "site", out / "datapackages", new_label) == []
    return "new"


def leftovers(out: Path) -> list[str]:
    """Names that a finished build must not leave behind."""
    names = [p.name for p in (out / "datapackages").iterdir()]
    names += [p.name for p in out.iterdir()]
    found = [n for n in names if re.search(r"staging|\.old$|tmp|aside|legacy", n)]
    generations = out / ".publish" / "generations"
    if generations.is_dir():
        current = (out / ".publish" / "current").resolve()
        found += [f"generation {p.name}" for p in generations.iterdir() if p.resolve() != current]
    return found


def fresh_copy(first: Path, tmp: Path) -> Path:
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(first / "out", tmp / "out", symlinks=True)
    return tmp


def built_generation(first: Path, tmp: Path, label: str) -> tuple[Path, int, int]:
    """A verified generation of `label` built on a copy of the first release, to stand in for the build
    in the runs that are killed (the publish step is what they test; the reruns build for real)."""
    tmp = fresh_copy(first, tmp)
    result = run(tmp, label, NEW_RELEASE[label])
    assert result.exit_code == 0, result.output
    out = tmp / "out"
    pages = json.loads((out / "report" / "manifest.json").read_text("utf-8"))["pages"]
    generation = (out / ".publish" / "current").resolve()
    return generation, sum(1 for p in (generation / "datapackages" / label).rglob("*") if p.is_file()), pages


@pytest.mark.parametrize(
    "label, rerun_each", [("2026-11", True), ("2026-10", False)], ids=["next-release", "same-release-rebuilt"]
)
def test_a_kill_at_any_step_of_the_publish_step_leaves_a_whole_release(first, tmp_path, label, rerun_each):
    """Kill after verification, before each filesystem operation of the publish step in turn, and once
    after it (before the report and manifest are written); then rerun (after every kill for the next
    release, after the last for the same release rebuilt: a build takes seconds)."""
    from generator.publish import generations

    reference, n_files, pages = built_generation(first, tmp_path / "reference", label)

    def killable_run(tmp: Path, kill_at: int):
        with pytest.MonkeyPatch.context() as mp:
            switch = KillSwitch(mp, kill_at)

            def verified_generation(rel, out, layout, generation, progress, after_render):
                after_render()  # as the real one does once its render is done (the providers' reports)
                shutil.copytree(reference, generation, symlinks=True, dirs_exist_ok=True)
                switch.armed = True  # the generation is complete and verified: the publish step begins
                return n_files, pages

            mp.setattr(pipeline, "build_generation", verified_generation)
            switch.disarm_after(mp, generations, "publish")
            return run(tmp, label, NEW_RELEASE[label])

    seen, k = [], 0
    while True:
        k += 1
        assert k < 60, "the publish step should not take this many operations"
        tmp = fresh_copy(first, tmp_path / f"k{k}")
        old = published(tmp / "out")
        try:
            result = killable_run(tmp, k)
        except Killed:
            pass
        else:
            assert result.exit_code == 0, result.output
            break  # no k-th operation: every step has been killed once
        seen.append(assert_whole(tmp / "out", published(tmp / "out"), old, label))
        if rerun_each or k == 1:
            rerun_and_check(tmp, label, old, k)
    assert "old" in seen and "new" in seen, seen  # the switch happened somewhere in between
    assert seen == sorted(seen, key=["old", "new"].index), f"old and new interleave: {seen}"
    if not rerun_each:
        tmp = fresh_copy(first, tmp_path / "last")
        with pytest.raises(Killed):
            killable_run(tmp, k - 1)
        rerun_and_check(tmp, label, old, k - 1)


def rerun_and_check(tmp: Path, label: str, old: dict, k: int) -> None:
    """A real build after the kill publishes the new release and leaves nothing behind."""
    again = run(tmp, label, NEW_RELEASE[label])
    assert again.exit_code == 0, f"rerun after a kill at step {k}:\n{again.output}"
    assert "Nothing changed" not in again.output or k > 1
    assert label == "2026-10" or "changes against 2026-10" in again.output
    assert assert_whole(tmp / "out", published(tmp / "out"), old, label) == "new"
    assert not leftovers(tmp / "out"), f"kill at step {k}: {leftovers(tmp / 'out')}"


def legacy_copy(first: Path, tmp: Path) -> Path:
    """The first build in the layout of the code before this change: real site/ and release folders."""
    src, out = first / "out", tmp / "out"
    out.mkdir(parents=True)
    shutil.copytree(src / "site", out / "site", symlinks=True)
    shutil.copytree(src / "report", out / "report", symlinks=True)
    (out / "datapackages").mkdir()
    shutil.copytree(src / "datapackages" / "2026-10", out / "datapackages" / "2026-10", symlinks=True)
    (out / "datapackages" / "latest").symlink_to("2026-10", target_is_directory=True)
    return tmp


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "rename-aside"])
def test_a_kill_while_an_old_layout_is_taken_over_leaves_it_whole(first, tmp_path, monkeypatch, exchange):
    """Real site/ and datapackages/<release>/ folders (an older build, or scripts/restore-archive) are
    taken into the new layout. With renameat2 (Linux) there is no moment in which one is missing or
    mixed; without it, a kill between the two renames leaves a folder under its aside name, which the
    next build puts back before anything else."""
    from generator.publish import generations, writer

    if not exchange:
        monkeypatch.setattr(writer, "rename_exchange", lambda first, second: False)
    elif not writer.rename_exchange(*[make_exchangeable(tmp_path / name) for name in ("a", "b")]):
        pytest.skip("this system cannot swap two names at once")
    k = 0
    while True:
        k += 1
        tmp = legacy_copy(first, tmp_path / f"k{k}")
        out = tmp / "out"
        old = published(out)
        with pytest.MonkeyPatch.context() as mp:
            switch = KillSwitch(mp, k)
            switch.arm_during(mp, generations, "prepare")
            try:
                result = run(tmp, "2026-11", RESULTS_2)
            except Killed:
                if not exchange:
                    generations.recover(generations.Layout(out / "site", out / "datapackages"))
                assert published(out) == old, f"kill at step {k} of the take-over"
                assert publish.verify_published(out / "site", out / "datapackages", "2026-10") == []
                continue
            assert result.exit_code == 0, result.output
            break
    assert k > 2
    assert (out / "site").is_symlink() and (out / "datapackages" / "2026-10").is_symlink()
    assert (out / "datapackages" / "latest").resolve().name == "2026-11"
    assert published(out)["releases"]["2026-10"] == old["releases"]["2026-10"]
    assert not leftovers(out)


def make_exchangeable(path: Path) -> Path:
    path.mkdir()
    return path


def test_restored_release_folders_are_taken_over(first, tmp_path):
    """scripts/restore-archive writes real datapackages/<release>/ folders and no site."""
    tmp = legacy_copy(first, tmp_path)
    shutil.rmtree(tmp / "out" / "site")
    (tmp / "out" / "datapackages" / "latest").unlink()
    before = digests(tmp / "out" / "datapackages" / "2026-10")
    result = run(tmp, "2026-11", RESULTS_2)
    assert result.exit_code == 0, result.output
    assert "changes against 2026-10" in result.output
    assert digests(tmp / "out" / "datapackages" / "2026-10") == before
    assert (tmp / "out" / "site" / "data" / "2026-10" / "alles.zip").is_file()
    assert not leftovers(tmp / "out")


def test_a_leftover_staging_folder_is_not_the_previous_release(tmp_path):
    """The attack: a killed first build of 2026-11 left datapackages/.2026-11.staging, with a value that
    was never published; the rerun must not list changes against it (there is no earlier release)."""
    never = tmp_path / "never"
    assert (
        run(never, "2026-11", RESULTS_1.replace("0001,S1,2025,40,5.5", "0001,S1,2025,40,7.78")).exit_code == 0
    )
    tmp = tmp_path / "rerun"
    leftover = tmp / "out" / "datapackages" / ".2026-11.staging"
    shutil.copytree(never / "out" / "datapackages" / "2026-11", leftover)
    result = run(tmp, "2026-11", RESULTS_2)
    assert result.exit_code == 0, result.output
    assert "changes against no earlier release" in result.output
    page = (tmp / "out" / "site" / "aanbieders" / "0001" / "index.html").read_text("utf-8")
    assert "7,78" not in page and "gecorrigeerd" not in page
    assert not leftover.exists()


def test_only_complete_releases_with_a_label_for_a_name_count(first, tmp_path):
    """find_previous_release skips staging folders, other names and releases whose 'alles' does not verify."""
    packages = tmp_path / "datapackages"
    packages.mkdir()
    good = first / "out" / "datapackages" / "2026-10"
    for name in ("2026-07", ".2026-11.staging", "2026-13", "2026-10.bak", "2026-08", "2026-09"):
        shutil.copytree(good, packages / name)
    (packages / "2026-08" / "alles" / "results.parquet").unlink()  # incomplete
    broken = packages / "2026-09" / "alles" / "results.csv"
    data = bytearray(broken.read_bytes())
    data[-2] = ord("9") if data[-2] != ord("9") else ord("8")
    broken.write_bytes(bytes(data))  # same size, not the bytes its descriptor's hash says
    assert pipeline.find_previous_release(packages, "2026-12") == packages / "2026-07"
    shutil.copytree(good, packages / "2026-10")
    assert pipeline.find_previous_release(packages, "2026-12") == packages / "2026-10"
    assert pipeline.find_previous_release(packages, "2026-10") == packages / "2026-07"
    from generator.publish.releases import list_releases

    listed = [r["release"] for r in list_releases(packages)]
    assert listed[0] == "2026-10" and "2026-07" in listed
    assert not {".2026-11.staging", "2026-13", "2026-10.bak", "2026-08"} & set(listed)
