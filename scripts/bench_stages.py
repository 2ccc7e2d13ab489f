"""The benchmark's bookkeeping: per-stage time and peak memory as each stage ends, and bench.json kept up
to date, so a long run shows its figures as they come and a run that dies still leaves the ones it had.

Memory is sampled every 20 ms from /proc: the resident memory of the bench process (which runs the build)
and the summed resident memory of its child processes (the package writer, the render helper, the
providers' reports, Pagefind), each as its peak over the stage's window (from the end of the previous stage
to the end of this one). The children are forked, so their resident memory counts the pages they share
with the build process again; every 200 ms the proportional set size (PSS) of the whole tree is sampled
too, which counts each shared page once, split between its sharers: the memory the build really takes.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from pathlib import Path


def rss(pid: int | str = "self") -> int:
    """Resident memory of a process in bytes (0 when it is gone)."""
    return _kilobytes(f"/proc/{pid}/status", "VmRSS:")


def pss(pid: int | str = "self") -> int:
    """Proportional set size of a process in bytes (its own pages, and its share of pages it shares)."""
    return _kilobytes(f"/proc/{pid}/smaps_rollup", "Pss:")


def _kilobytes(path: str, key: str) -> int:
    """The figure (in kB) on the line starting with `key` of a /proc file, in bytes; 0 when it is gone."""
    try:
        with open(path) as fh:
            return next((int(line.split()[1]) * 1024 for line in fh if line.startswith(key)), 0)
    except OSError:
        return 0


def tree_pss() -> int:
    """Summed PSS of this process and its descendants: the memory of the whole build, shared pages once."""
    return pss() + sum(pss(pid) for pid in descendants(os.getpid()))


def descendants(pid: int) -> list[int]:
    """The ids of every process below `pid` (children, their children, ...)."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


def children_rss() -> int:
    """Summed resident memory of this process's descendants, in bytes."""
    return sum(rss(pid) for pid in descendants(os.getpid()))


class Figures:
    """The report as a dict, written to `path` (bench.json) whenever a figure is added."""

    def __init__(self, path: Path, report: dict):
        self.path, self.report = path, report
        self.save()

    def save(self) -> None:
        """Write the report now (replacing the file in one step, so a reader never sees half of it)."""
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.report, indent=2, ensure_ascii=False) + "\n")
        tmp.replace(self.path)

    def add(self, key: str, value) -> None:
        """Set one figure and save."""
        self.report[key] = value
        self.save()


def say(line: str) -> None:
    """One progress line on stderr, at once."""
    print(line, file=sys.stderr, flush=True)


class StageMonitor:
    """Samples the memory of this process and its children; `end(stage, seconds)` closes a stage's window,
    records its time and peaks in `into` and prints them."""

    def __init__(self, label: str, into: dict, saved: Figures | None = None, interval: float = 0.02):
        self.label, self.into, self.saved, self.interval = label, into, saved, interval
        self.parent = self.children = 0
        self._lock, self._stop = threading.Lock(), threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.whole_parent = self.whole_children = 0
        self.tree = self.whole_tree = 0  # PSS of the build process and its children together
        self.last = time.perf_counter()  # when the current window began
        into.setdefault("stages_s", {})
        into.setdefault("stage_peak_memory_mb", {})
        into.setdefault("stage_child_peak_memory_mb", {})
        into.setdefault("stage_tree_pss_mb", {})

    def _run(self):
        count = 0
        while not self._stop.is_set():
            own, kids = rss(), children_rss()
            tree = tree_pss() if count % 10 == 0 else 0  # reading smaps_rollup costs more: every 10th
            count += 1
            with self._lock:
                self.tree, self.whole_tree = max(self.tree, tree), max(self.whole_tree, tree)
                self.parent, self.children = max(self.parent, own), max(self.children, kids)
                self.whole_parent = max(self.whole_parent, own)
                self.whole_children = max(self.whole_children, kids)
            time.sleep(self.interval)

    def end(self, stage: str, seconds: float) -> None:
        """Close the window of `stage`: record and print its time and peaks, and start the next window."""
        with self._lock:
            own, kids, tree = max(self.parent, rss()), self.children, self.tree
            self.parent = self.children = self.tree = 0
        self.last = time.perf_counter()
        key = stage if stage not in self.into["stages_s"] else f"{stage} (again)"
        self.into["stages_s"][key] = round(seconds, 2)
        self.into["stage_peak_memory_mb"][key] = round(own / 2**20)
        self.into["stage_child_peak_memory_mb"][key] = round(kids / 2**20)
        self.into["stage_tree_pss_mb"][key] = round(tree / 2**20)
        child = f"children {kids / 2**20:6.0f} MiB" if kids else "children       -"
        say(
            f"[bench] {self.label:8s} {key:12s} {seconds:8.1f} s   peak {own / 2**20:6.0f} MiB   {child}"
            f"   all (PSS) {tree / 2**20:6.0f} MiB"
        )
        if self.saved is not None:
            self.saved.save()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
