"""core/units.py: the one table of units, and figures as plain decimals."""

from __future__ import annotations

import pytest

from generator.core import units
from generator.site.entities import CSV_COLUMNS, provider_csv


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2646858.0, "2646858"),
        (64.24242424, "64.242424"),
        (0.5, "0.5"),
        (-0.0, "0"),
        (1e-9, "0"),
        (-3.25, "-3.25"),
        (100.0, "100"),
        (0.1 + 0.2, "0.3"),
        (1e15, "1000000000000000"),
    ],
)
def test_decimal_text_is_plain_and_at_the_published_precision(value, text):
    assert units.decimal_text(value) == text


def test_the_provider_csv_writes_plain_decimals():
    row = dict.fromkeys(CSV_COLUMNS) | {
        "provider_id": "0123",
        "indicator_id": "X",
        "value": 2646858.0,
        "numerator": 1234567.0,
        "ci_low": 0.000123,
    }
    line = provider_csv([row]).splitlines()[1]
    assert "2646858" in line and "1234567" in line and "0.000123" in line and "e+" not in line


def test_every_unit_has_its_scale_range_and_decimals():
    assert units.scale("percentage") == 100 and units.scale("rate", 1000) == 1000 and units.scale("mean") == 1
    assert units.valid_range("percentage") == (0.0, 100.0) and units.valid_range("mean")[0] == float("-inf")
    assert units.decimals("proportion", 0.5) == 3 and units.decimals("mean", 9.99) == 2
    assert units.decimals("mean", 10.0) == 1 and units.decimals("unknown-unit", 3.0) == 2
    table = units.browser_table()
    assert set(table) == set(units.UNITS) and table["mean"]["decimals"] == units.FREE_DECIMALS
