"""The Excel workbooks of the data packages (generator/xlsx.py, generator/package.py), read back with
openpyxl.

Every package has a workbook: a first sheet with the data dictionary and licence, then one sheet per
resource with the same rows and columns as its Parquet file; text (ids with leading zeros) as text cells
with the Text format, figures as numbers, booleans as booleans, missing values as empty cells. The same
input gives the same bytes, and the disclosure check reads the workbooks too.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator import pipeline as build
from generator.core.errors import DisclosureError
from generator.demo import generate as demo
from generator.package import packages as package
from generator.package import xlsx
from generator.publish import writer

RELEASE = "2026-11"
SHEETS = ["datawoordenboek", "results", "indicators", "providers", "benchmarks", "changes"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("intake")
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    return build.package_release(build.build_release(folder, RELEASE))


@pytest.fixture(scope="module")
def workbook(files):
    return openpyxl.load_workbook(io.BytesIO(files["alles/alles.xlsx"]))


def folders(files) -> list[str]:
    return sorted({p.split("/")[0] for p in files if "/" in p})


def test_every_package_has_a_workbook_in_its_descriptor(files):
    for folder in folders(files):
        path = f"{folder}/{folder}.xlsx"
        assert path in files, folder
        desc = json.loads(files[f"{folder}/datapackage.json"])
        [entry] = [r for r in desc["resources"] if r["format"] == "xlsx"]
        assert (
            entry["path"] == f"{folder}.xlsx"
            and entry["mediatype"] == xlsx.MEDIATYPE
            and entry["type"] == "file"
        )
        assert entry["bytes"] == len(files[path])
        assert entry["hash"] == "sha256:" + __import__("hashlib").sha256(files[path]).hexdigest()
        assert openpyxl.load_workbook(io.BytesIO(files[path]), read_only=True).sheetnames == SHEETS
        assert f"{folder}.xlsx" in files[f"{folder}/README.md"].decode()
    with zipfile.ZipFile(io.BytesIO(files["alles.zip"])) as zf:
        assert zf.read("alles.xlsx") == files["alles/alles.xlsx"]


@pytest.mark.parametrize("resource", package.RESOURCES)
def test_each_sheet_holds_its_resource_with_the_right_types(files, workbook, resource):
    parquet = pq.read_table(io.BytesIO(files[f"alles/{resource}.parquet"])).to_pandas()
    ws = workbook[resource]
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    fields = package.public_spec()[resource]["fields"]
    assert header == [f["name"] for f in fields] == list(parquet.columns)
    assert all(c.font.b for c in rows[0]) and ws.freeze_panes == "A2"
    assert len(rows) - 1 == len(parquet), resource
    for i, f in enumerate(fields):
        expected = parquet[f["name"]].tolist()
        cells = [r[i] if i < len(r) else None for r in rows[1:]]
        for cell, want in zip(cells, expected):
            got = None if cell is None else cell.value
            where = (resource, f["name"], cell.coordinate if cell is not None else "?")
            if f["type"] == "string":
                assert got == (want or None), where  # an empty text is an empty cell
                if got is not None:
                    assert cell.data_type == "s" and cell.number_format == "@", where
            elif want is None or (isinstance(want, float) and math.isnan(want)):
                assert got is None, where
            elif f["type"] == "boolean":
                assert got is bool(want) and cell.data_type == "b", where
            elif f["type"] == "date":  # a date32 in Parquet, ISO text in the workbook as in the CSV
                assert got == want.isoformat() and cell.data_type == "s", where
            else:
                assert (
                    isinstance(got, int | float) and not isinstance(got, bool) and cell.data_type == "n"
                ), where
                assert got == pytest.approx(float(want), rel=0, abs=1e-9), where


def test_ids_keep_their_leading_zeros(files, workbook):
    results = pq.read_table(io.BytesIO(files["alles/results.parquet"])).to_pandas()
    zeros = results.loc[results["provider_id"].str.startswith("0"), "provider_id"]
    assert len(zeros) > 0
    column = [c.value for c in workbook["results"]["A"][1:]]
    assert column == results["provider_id"].tolist()
    providers = [c.value for c in workbook["providers"]["A"][1:]]
    assert any(p.startswith("0") for p in providers) and all(isinstance(p, str) for p in providers)


def test_the_first_sheet_is_the_data_dictionary_with_the_licence(files, workbook):
    desc = json.loads(files["alles/datapackage.json"])
    ws = workbook["datawoordenboek"]
    rows = [[v for v in row if v not in (None, "")] for row in ws.values]
    text = "\n".join(" | ".join(str(v) for v in row) for row in rows)
    assert rows[0] == [desc["title"]]
    assert "CC-BY-4.0" in text and "creativecommons.org/licenses/by/4.0" in text and RELEASE in text
    assert "too_few_cases" in text and "voorloopnullen" in text
    described = {(r[0], r[1]) for r in rows if len(r) >= 5 and r[0] in package.RESOURCES}
    for resource in package.RESOURCES:
        assert {
            (resource, f["name"]) for f in package.public_spec()[resource]["fields"]
        } <= described, resource
    counts = {r[0]: r[1] for r in rows if len(r) == 3 and r[0] in package.RESOURCES}
    assert {k: int(v) for k, v in counts.items()} == {r: len(workbook[r]["A"]) - 1 for r in package.RESOURCES}


def test_same_input_same_bytes_with_fixed_dates(files, tmp_path):
    folder = tmp_path / "intake"
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    again = build.package_release(build.build_release(folder, RELEASE))
    for path in (p for p in files if p.endswith(".xlsx")):
        assert files[path] == again[path], path
        with zipfile.ZipFile(io.BytesIO(files[path])) as zf:
            assert {i.date_time for i in zf.infolist()} == {xlsx.ZIP_DATE}
            assert zf.namelist()[0] == "[Content_Types].xml"
        props = openpyxl.load_workbook(io.BytesIO(files[path]), read_only=True).properties
        assert props.created == props.modified == dt.datetime(2026, 11, 1)


def test_the_disclosure_check_reads_the_workbooks(files):
    assert package.check_disclosure(files) > 0
    results = pq.read_table(io.BytesIO(files["alles/results.parquet"]))
    assert (
        package.check_workbook_disclosure("alles/alles.xlsx", files["alles/alles.xlsx"], results)
        == results.num_rows
    )
    frame = results.to_pandas()
    hidden = frame.index[frame["status"] == "too_few_cases"][0]
    for column, value in (("denominator", 4.0), ("value", 12.5), ("numerator", 1.0)):
        leaked = frame.copy()
        leaked.loc[hidden, column] = value
        tables = {r: pq.read_table(io.BytesIO(files[f"alles/{r}.parquet"])) for r in package.RESOURCES}
        tables["results"] = package.arrow_table(leaked, "results")
        desc = json.loads(files["alles/datapackage.json"])
        blob = package.workbook_bytes(tables, desc, "citeren")
        bad = dict(files) | {"alles/alles.xlsx": blob}
        with pytest.raises(DisclosureError, match=r"alles\.xlsx"):
            package.check_disclosure(bad)
    published = frame.index[(frame["status"] == "published") & frame["denominator"].notna()][0]
    small = frame.copy()
    small.loc[published, "denominator"] = small.loc[published, "min_denominator"] - 1
    tables["results"] = package.arrow_table(small, "results")
    with pytest.raises(DisclosureError, match="under the disclosure threshold"):
        package.check_workbook_disclosure("x.xlsx", package.workbook_bytes(tables, desc, "citeren"))
    shorter = package.arrow_table(frame.iloc[1:], "results")
    tables["results"] = shorter
    with pytest.raises(DisclosureError, match="different rows"):
        package.check_workbook_disclosure("x.xlsx", package.workbook_bytes(tables, desc, "citeren"), results)


def test_text_is_escaped_and_cleaned_and_empty_tables_work():
    table = pa.table(
        {
            "id": ["0012", "<b>&amp;</b>", "tab\there\x01", "", None],
            "n": [1.5, None, float("nan"), -0.25, 1e-7],
            "k": pa.array([1, 2, None, 4, 5], pa.int64()),
            "ok": [True, None, False, True, False],
        }
    )
    blob = xlsx.workbook_bytes(
        [xlsx.Sheet("data", table), xlsx.Sheet("leeg", table.slice(0, 0))], created="2026-11-01T00:00:00Z"
    )
    wb = openpyxl.load_workbook(io.BytesIO(blob))
    values = list(wb["data"].values)
    assert values[0] == ("id", "n", "k", "ok")
    assert [v[0] for v in values[1:]] == ["0012", "<b>&amp;</b>", "tab\there", None, None]
    assert [v[1] for v in values[1:]] == [1.5, None, None, -0.25, pytest.approx(1e-7)]
    assert [v[2] for v in values[1:]] == [1, 2, None, 4, 5]
    assert [v[3] for v in values[1:]] == [True, None, False, True, False]
    assert list(wb["leeg"].values) == [("id", "n", "k", "ok")]
    with pytest.raises(ValueError):
        xlsx.workbook_bytes([xlsx.Sheet("a/b", table)])


def test_a_package_too_big_for_a_sheet_gets_no_workbook(files, monkeypatch, tmp_path):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    folder = tmp_path / "intake"
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    small = build.package_release(build.build_release(folder, RELEASE))
    assert not [p for p in small if p.endswith(".xlsx")]
    desc = json.loads(small["alles/datapackage.json"])
    assert not [r for r in desc["resources"] if r["format"] == "xlsx"]
    assert "geen Excel-werkmap" in small["alles/README.md"].decode()
    with pytest.raises(ValueError, match="do not fit"):
        xlsx.workbook_bytes([xlsx.Sheet("x", pa.table({"a": list(range(60))}))])


def test_the_build_stops_when_a_workbook_shows_a_hidden_figure(monkeypatch, tmp_path):
    """build_packages checks each workbook beside the building of the others: a leaking one stops it."""
    real = package.workbook_bytes

    def leaking(tables, desc, citation):
        frame = tables["results"].to_pandas()
        hidden = frame.index[frame["status"] == "too_few_cases"]
        if len(hidden):
            frame.loc[hidden[0], "value"] = 12.5
        return real(tables | {"results": package.arrow_table(frame, "results")}, desc, citation)

    monkeypatch.setattr(package, "workbook_bytes", leaking)
    folder = tmp_path / "intake"
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    with pytest.raises(
        DisclosureError,
        match=r"\.xlsx: sheet results, row \d+: a result without a published figure shows its value",
    ):
        build.package_release(build.build_release(folder, RELEASE))
