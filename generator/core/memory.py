"""How a build's memory goes back to the system: which allocator Arrow uses, and when freed memory returns.

Arrow's default pool (mimalloc) allocates every Arrow array, and so every pandas text column (pandas 3
keeps text in Arrow); it keeps the pages it freed, and a page with one live array on it stays whole.
For a small build that is most of what grows beside the libraries: cms-maternal-health's build kept about
25 MB after compute that the C library's malloc, trimmed, gives back. At national size the reverse holds
(malloc's per-thread arenas held 3.65 GB against 2.70 GB for all processes together, scripts/bench at
10,000 providers), so a large build keeps mimalloc. None of this changes what a build makes.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

#: A build whose intake folder holds at most this many bytes is small: its Arrow arrays are allocated with
#: the C library's malloc from the start (allocator_for, round the CLI's build). cms-maternal-health's
#: folder holds 3.9 MB, the 10,000-provider bench release's 66 MB.
SMALL_INPUT_BYTES = 16 << 20
#: A release with at most this many results rows is small: its packages are made one at a time, with the
#: memory handed back after each (package/packages.py build_packages), and its render starts once they are
#: written (pipeline.build_generation). A second thread gains a small release nothing and doubles the
#: child's peak, and a child beside the render comes to hold its own copy of every page the render writes
#: to; a national release (about 650,000 rows) keeps its threads and its overlap, as scripts/bench
#: measured them.
SMALL_RELEASE_ROWS = 100_000


def is_small_release(rows: int) -> bool:
    """Whether a release of `rows` results rows is small (SMALL_RELEASE_ROWS)."""
    return rows <= SMALL_RELEASE_ROWS


def is_small_input(folder: Path) -> bool:
    """Whether an intake folder's files together hold at most SMALL_INPUT_BYTES."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) <= SMALL_INPUT_BYTES


@contextlib.contextmanager
def allocator_for(folder: Path) -> Iterator[None]:
    """`with allocator_for(intake_folder): build`: inside the block a small build (is_small_input) allocates
    its Arrow arrays, in this process and the children it forks, with the C library's malloc, whose freed
    memory hand_back() returns; a large one keeps mimalloc. The pool before the block is restored after it
    (an array keeps the pool it came from)."""
    before = pa.default_memory_pool()
    if is_small_input(folder):
        pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def hand_back() -> None:
    """Return the memory freed so far to the system: Arrow's pool's unused memory and the C library's free
    pages (glibc's malloc_trim; nothing where the C library has none)."""
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    # the symbols the process has loaded: the C library's among them (malloc_trim is glibc's)
    return getattr(ctypes.CDLL(None), "malloc_trim", None)
