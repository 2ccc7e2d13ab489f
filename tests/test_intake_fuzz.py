"""Property-based tests: malformed files and configs never end in a traceback.

Whatever the bytes, the CSV shape or the YAML, a build either stops with a StructuralError whose
every issue is located (the CLI maps it to exit 2), or it builds and every results row read is in
exactly one bucket.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from intake_files import DEFAULT_YAML, RESULT_COLUMNS, csv_text, result, write_intake

from generator.config.settings import parse_intake_config
from generator.core.errors import StructuralError
from generator.pipeline import build_release

FAST = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
BUCKETS = ("published", "suppressed", "held_back", "rejected")

cell = st.one_of(
    st.sampled_from(
        ["P1", "P2", "MEAN", "PCT", "CNT", "2023", "2023-Q2", "approved", "pending", "5", "", "1,5"]
    ),
    st.text(max_size=8),
)
header = st.lists(
    st.one_of(st.sampled_from(RESULT_COLUMNS + ["Approval Status", "Value", "x"]), st.text(max_size=6)),
    min_size=1,
    max_size=8,
)


def build_or_structural(folder: Path) -> None:
    """Build; a StructuralError must have located issues, a build must account for every row."""
    try:
        rel = build_release(folder, "2024-01")
    except StructuralError as exc:
        assert exc.issues and all(i.file and i.message for i in exc.issues), exc.issues
        return
    totals = rel.report["totals"]
    assert totals["read"] == sum(totals[b] for b in BUCKETS), totals


def with_folder(write) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        write(folder)
        build_or_structural(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_as_the_results_file(data):
    def write(folder):
        write_intake(folder, [])
        (folder / "results.csv").write_bytes(data)

    with_folder(write)


@FAST
@given(header, st.lists(st.lists(cell, max_size=9), max_size=6), st.sampled_from([",", ";", "\t", "|"]))
def test_random_csv_shapes(columns, rows, delimiter):
    def write(folder):
        write_intake(folder, [])
        text = csv_text([columns] + rows, delimiter=delimiter)
        (folder / "results.csv").write_text(text, encoding="utf-8")

    with_folder(write)


yaml_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True),
        st.text(max_size=10),
        st.sampled_from(["results.csv", "*.csv", "../x.csv", "/etc/passwd", "a**", "%Y", "%", "tab", "auto"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
source_key = st.sampled_from(
    ["file", "sheet", "encoding", "delimiter", "decimal", "skip_rows", "columns", "values", "constants"]
    + ["missing_values", "date_formats", "zero_pad", "distinct", "period_from_date", "bogus"]
)


@FAST
@given(st.dictionaries(source_key, yaml_value, max_size=4))
def test_random_settings_for_the_results_source(entry):
    import yaml

    def write(folder):
        write_intake(folder, [result()])
        config = yaml.safe_load(DEFAULT_YAML)
        config["tables"]["results"] = {"file": "results.csv", **entry}
        (folder / "intake.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    with_folder(write)


@FAST
@given(st.text(max_size=200))
def test_random_yaml_text_is_parsed_or_refused(text):
    try:
        parse_intake_config(text)
    except StructuralError as exc:
        assert exc.issues and all(i.file == "intake.yaml" for i in exc.issues)
