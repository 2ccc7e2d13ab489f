"""Memory handed back to the system by a forked child between the steps of its stage.

A forked child (core/background.py) costs the memory it writes. Arrow's default pool (mimalloc) and the C
library's malloc both keep what is freed for later use, so a child that makes one package after another
holds the peak of every step at once; handing the freed memory back after each step keeps the child at
the peak of one step. Only the child calls these: they change how its allocators behave, not what it makes.
"""

from __future__ import annotations

import ctypes
import functools

import pyarrow as pa

#: A release with at most this many results rows is small: its packages are made one at a time, with the
#: memory handed back after each (package/packages.py build_packages). Made beside the render, which
#: keeps the other core busy, a second thread gains a small release nothing and doubles the child's peak;
#: a national release (about 650,000 rows) keeps its threads, as scripts/bench measured them.
SMALL_RELEASE_ROWS = 100_000


def is_small_release(rows: int) -> bool:
    """Whether a release of `rows` results rows is small (SMALL_RELEASE_ROWS)."""
    return rows <= SMALL_RELEASE_ROWS


def use_system_allocator() -> None:
    """From now on this process's Arrow arrays are allocated with the C library's malloc, whose freed
    memory hand_back() returns (mimalloc keeps its freed pages, and in a forked child also writes to the
    pages it shares with the parent)."""
    pa.set_memory_pool(pa.system_memory_pool())


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
