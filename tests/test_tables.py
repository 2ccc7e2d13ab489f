"""publish/tables.py: every CSV and Parquet table is read back and checked against its own Table Schema
before a release is published; frictionless alone would pass a Parquet file whose hash matches garbage."""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sitebuild import write_hostile_intake

from generator import pipeline
from generator.publish import writer
from generator.publish.tables import check_tables
from generator.publish.verify import check_downloads


@pytest.fixture
def release(tmp_path):
    rel = pipeline.build_release(write_hostile_intake(tmp_path / "in"), "2026-11")
    folder = tmp_path / "data" / "2026-11"
    writer.replace_folder(folder, pipeline.package_release(rel))
    return folder


def rewrite(folder, package, path, data: bytes):
    """Replace a resource's bytes and make its descriptor's bytes and hash match them."""
    (folder / package / path).write_bytes(data)
    desc_path = folder / package / "datapackage.json"
    desc = json.loads(desc_path.read_text("utf-8"))
    for res in desc["resources"]:
        if res["path"] == path:
            res["bytes"], res["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    desc_path.write_text(json.dumps(desc), "utf-8")


def test_a_built_release_passes(release):
    assert check_tables(release) == []


def test_a_corrupted_parquet_with_a_matching_hash_fails(release, tmp_path):
    rewrite(release, "alles", "results.parquet", b"PAR1 not really a parquet file PAR1")
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data" / "2026-11").symlink_to(release, target_is_directory=True)
    assert not [
        p for p in check_downloads(site, "2026-11") if "results.parquet" in p.where
    ]  # the hash agrees
    problems = check_tables(release)
    assert any("results.parquet" in p.where and "cannot be read" in p.message for p in problems)


def test_a_wrong_type_an_unknown_category_and_a_duplicate_key_fail(release):
    path = release / "alles" / "results.parquet"
    table = pq.read_table(path)
    value = table.schema.get_field_index("value")
    table = table.set_column(value, "value", pa.array([str(v) for v in table.column("value").to_pylist()]))
    status = table.schema.get_field_index("status")
    table = table.set_column(status, "status", pa.array(["gepubliceerd"] * table.num_rows))
    table = pa.concat_tables([table, table.slice(0, 1)])
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    rewrite(release, "alles", "results.parquet", sink.getvalue().to_pybytes())
    messages = " | ".join(p.message for p in check_tables(release) if "results.parquet" in p.where)
    assert "value: string is not a number" in messages
    assert "status: ['gepubliceerd'] outside its categories" in messages
    assert "primary key" in messages
    assert any("rows, the CSV has" in p.message for p in check_tables(release))


def test_a_csv_with_a_missing_column_fails(release):
    path = release / "alles" / "providers.csv"
    lines = path.read_text("utf-8").splitlines()
    cut = "\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n"
    rewrite(release, "alles", "providers.csv", cut.encode("utf-8"))
    assert any(
        "providers.csv" in p.where and "differ from the schema" in p.message for p in check_tables(release)
    )
