"""Shared fixtures: small intake folders written into tmp_path.

Every test builds its own input (CSV bytes in several encodings and delimiters, XLSX workbooks with
several sheets, Parquet files) with the helpers in tests/intake_files.py; nothing is read from
outside the test's tmp_path except the worked examples in examples/.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from intake_files import write_intake


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Regenerate tests/golden/ from this build (tests/test_golden.py).",
    )


@pytest.fixture
def intake(tmp_path):
    """A factory: intake(results_rows, **kw) writes a small intake folder and returns its path."""
    counter = iter(range(1000))

    def make(results: Sequence[dict] | None = None, **kw) -> Path:
        return write_intake(tmp_path / f"intake{next(counter)}", results, **kw)

    return make
