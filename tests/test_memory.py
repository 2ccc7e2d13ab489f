"""generator/core/memory.py: which allocator a build's Arrow arrays come from, and freed memory handed back.

What these save is measured by scripts/bench and memwatch, not here: these check the switches."""

from __future__ import annotations

import pyarrow as pa

from generator.core import memory
from generator.core.background import Background


def test_a_small_build_allocates_with_malloc_and_the_pool_before_it_comes_back(tmp_path):
    (tmp_path / "results.csv").write_text("provider_id,value\nP1,1\n", "utf-8")
    before = pa.default_memory_pool().backend_name
    with memory.allocator_for(tmp_path):
        assert pa.default_memory_pool().backend_name == "system"
        with Background(lambda: pa.default_memory_pool().backend_name) as child:
            assert child.result() == "system"  # a forked child allocates as its parent does
    assert pa.default_memory_pool().backend_name == before


def test_a_large_build_keeps_its_allocator(tmp_path, monkeypatch):
    (tmp_path / "results.csv").write_text("provider_id,value\nP1,1\n", "utf-8")
    monkeypatch.setattr(memory, "SMALL_INPUT_BYTES", 10)
    before = pa.default_memory_pool().backend_name
    with memory.allocator_for(tmp_path):
        assert pa.default_memory_pool().backend_name == before


def test_memory_is_handed_back_before_every_fork(monkeypatch):
    handed_back = []
    monkeypatch.setattr(memory, "hand_back", lambda: handed_back.append(1))
    with Background(pow, 2, 3) as job:
        assert job.result() == 8
    assert handed_back == [1]


def test_handing_back_keeps_what_is_in_use():
    table = pa.table({"x": list(range(100_000))})
    memory.hand_back()
    assert table.column("x")[99_999].as_py() == 99_999
