"""Tests of package.py: Frictionless v2 packages, CSV = Parquet, ids as text, hashes, determinism,
disclosure check."""

import hashlib
import io
import json
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from generator import pipeline as build
from generator.core import memory
from generator.core.cells import spreadsheet_safe
from generator.core.errors import DisclosureError
from generator.demo import generate as demo
from generator.package import packages as package
from generator.publish import writer


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    folder = tmp_path_factory.mktemp("intake")
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    rel = build.build_release(folder, "2026-11")
    return rel, build.package_release(rel)


@pytest.fixture(scope="module")
def written(release, tmp_path_factory):
    out = tmp_path_factory.mktemp("packages") / "2026-11"
    writer.replace_folder(out, release[1])
    return out


def test_one_package_per_set_plus_all(release):
    rel, files = release
    folders = {p.split("/")[0] for p in files if "/" in p}
    assert folders == set(rel.indicators["set_id"]) | {"alles"}
    assert {p for p in files if p.endswith(".zip")} == {f"{f}.zip" for f in folders}


def test_frictionless_validate_passes_on_every_package(written):
    for descriptor in sorted(written.glob("*/datapackage.json")):
        report = validate(str(descriptor))
        assert report.valid, (descriptor, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])


def test_descriptor_metadata(written):
    d = json.loads((written / "alles" / "datapackage.json").read_text())
    for key in (
        "name",
        "title",
        "description",
        "version",
        "created",
        "licenses",
        "sources",
        "contributors",
        "keywords",
    ):
        assert d[key], key
    assert d["version"] == "2026-11" and d["licenses"][0]["name"] == "CC-BY-4.0"
    assert d["disclosure"]["min_denominator"] == 10
    names = {r["name"] for r in d["resources"]}
    assert names == {f"{r}{suffix}" for r in package.RESOURCES for suffix in ("", "-parquet")} | {"workbook"}
    for r in d["resources"]:
        assert r["bytes"] == (written / "alles" / r["path"]).stat().st_size
        assert (
            r["hash"] == "sha256:" + hashlib.sha256((written / "alles" / r["path"]).read_bytes()).hexdigest()
        )
        if (
            r["name"] != "workbook"
        ):  # the workbook is a file resource: its sheets are the tables described here
            assert all(f.get("description") for f in r["schema"]["fields"]), r["name"]
    results = next(r for r in d["resources"] if r["name"] == "results")
    value = next(f for f in results["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and "missingValues" not in value  # no reason codes among the numbers
    assert [m["value"] for m in results["schema"]["missingValues"]] == [""]
    assert {fk["reference"]["resource"] for fk in results["schema"]["foreignKeys"]} == {
        "providers",
        "indicators",
    }


@pytest.mark.parametrize("resource", package.RESOURCES)
def test_csv_and_parquet_hold_the_same_rows_and_ids_keep_leading_zeros(written, resource):
    folder = written / "alles"
    schema = package.table_schema(resource)
    text_cols = {f["name"]: str for f in schema["fields"] if f["type"] == "string"}
    codes = {f["name"]: [""] for f in schema["fields"] if f["type"] != "string"}
    csv = pd.read_csv(folder / f"{resource}.csv", dtype=text_cols, keep_default_na=False, na_values=codes)
    parquet = pq.read_table(folder / f"{resource}.parquet").to_pandas()
    assert list(csv.columns) == list(parquet.columns) == [f["name"] for f in schema["fields"]]
    assert len(csv) == len(parquet)
    for f in schema["fields"]:
        a, b = csv[f["name"]], parquet[f["name"]]
        if f["type"] in ("number", "integer"):
            pd.testing.assert_series_equal(
                a.astype(float), b.astype(float), check_names=False, rtol=0, atol=1e-12
            )
        elif f["type"] == "string":  # the CSV's text is the Parquet's, with the apostrophe before a formula
            safe = b.fillna("").map(spreadsheet_safe)
            assert (a.fillna("").to_numpy() == safe.to_numpy()).all(), f["name"]
    if resource in ("results", "providers"):
        assert parquet["provider_id"].str.startswith("0").any()
        assert csv["provider_id"].str.startswith("0").any()


def test_suppressed_results_keep_their_row_with_the_reason_in_status(written):
    csv = pd.read_csv(written / "alles" / "results.csv", dtype=str, keep_default_na=False)
    small = csv[csv["status"] == "too_few_cases"]
    assert len(small) > 0
    assert (small["value"] == "").all()  # value holds numbers only; status says why there is none
    assert (small[["numerator", "denominator", "ci_low", "ci_high", "text_value"]] == "").all().all()


def test_same_input_gives_the_same_bytes(release, tmp_path):
    rel, files = release
    folder = tmp_path / "intake"
    writer.write_intake_folder(folder, demo.generate_demo(providers=60, seed=7), demo.INTAKE_YAML)
    again = build.package_release(build.build_release(folder, "2026-11"))
    assert sorted(files) == sorted(again)
    differ = [p for p in files if files[p] != again[p]]
    assert differ == []


def test_a_small_release_is_packaged_one_package_at_a_time_to_the_same_bytes(release, monkeypatch):
    """Below memory.SMALL_RELEASE_ROWS the packages are made one after another, the freed memory handed
    back after each (what keeps the package child small); the threads of a large release make the same
    bytes."""
    rel, files = release
    assert memory.is_small_release(len(rel.results))
    handed_back = []
    monkeypatch.setattr(memory, "hand_back", lambda: handed_back.append(1))
    again = package.build_packages(rel.public)
    assert len(handed_back) == len(set(rel.indicators["set_id"])) + 1  # one per set, one for 'alles'
    monkeypatch.setattr(memory, "SMALL_RELEASE_ROWS", 0)
    threaded = package.build_packages(rel.public)
    assert len(handed_back) == len(set(rel.indicators["set_id"])) + 1  # none more: threads
    assert files == again == threaded


def test_packages_written_into_a_folder_as_they_are_made_are_the_same_bytes(release, tmp_path):
    """publish/generations.write_packages has build_packages write each file as its package is made
    (writer.FolderFiles: the package child holds one package at a time, not the release)."""
    rel, files = release
    on_disk = package.build_packages(rel.public, writer.FolderFiles(tmp_path))
    assert sorted(on_disk) == sorted(files)
    assert {p: (tmp_path / p).read_bytes() for p in files} == files


def test_zip_holds_the_package_files_at_its_root_with_fixed_dates(release):
    _, files = release
    with zipfile.ZipFile(io.BytesIO(files["alles.zip"])) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert set(names) == {p.split("/", 1)[1] for p in files if p.startswith("alles/")}
        assert "datapackage.json" in names  # at the root: frictionless validate alles.zip checks the package
        assert {i.date_time for i in zf.infolist()} == {package.ZIP_DATE}
        assert zf.read(names[0]) == files["alles/" + names[0]]


def test_disclosure_check_stops_a_leak(release):
    _, files = release
    table = pq.read_table(io.BytesIO(files["alles/results.parquet"])).to_pandas()
    hidden = table.index[table["status"] == "too_few_cases"][0]
    table.loc[hidden, "denominator"] = 3.0
    leaked = dict(files)
    leaked["alles/results.parquet"] = package.parquet_bytes(package.arrow_table(table, "results"))
    with pytest.raises(DisclosureError, match="shows figures"):
        package.check_disclosure(leaked)


def test_readme_and_citation(written):
    readme = (written / "alles" / "README.md").read_text()
    assert "too_few_cases" in readme and "`provider_id`" in readme and "Licentie" in readme
    assert "2026-11" in (written / "alles" / "CITATION.txt").read_text()


def test_every_public_field_is_declared_whole():
    """A comma in an unquoted flow-mapping value splits it ('Trechtergrens 99,8% laag' became
    'Trechtergrens 99' and a stray key '8% laag'): every field has only known keys and a title and a
    description of its own."""
    from generator.package.schema import public_spec

    known = {"name", "type", "title", "description", "categories", "labelled_missing", "required"}
    for resource, spec in public_spec().items():
        for field in spec["fields"]:
            assert set(field) <= known, (resource, field)
            assert field["title"] and field["description"], (resource, field)
    titles = {f["name"]: f["title"] for f in public_spec()["results"]["fields"]}
    assert titles["funnel_low_998"] == "Trechtergrens 99,8% laag"
    assert titles["funnel_high_998"] == "Trechtergrens 99,8% hoog"


def test_frictionless_validates_the_zip_as_the_package(release, tmp_path):
    """`frictionless validate alles.zip` finds datapackage.json at the zip's root and checks every resource
    (it checked only CITATION.txt when the files sat in a folder inside the zip)."""
    _, files = release
    path = tmp_path / "alles.zip"
    path.write_bytes(files["alles.zip"])
    report = validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    desc = json.loads(files["alles/datapackage.json"])
    assert len(report.tasks) == len(desc["resources"])


def test_categories_are_enforced_by_frictionless(release, tmp_path):
    """frictionless 5 ignores v2 `categories`; every categorical field also has an enum constraint, so a
    status or comparison outside its list fails `frictionless validate`."""
    _, files = release
    folder = tmp_path / "alles"
    for path, blob in files.items():
        if path.startswith("alles/"):
            (folder / path.split("/", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            (folder / path.split("/", 1)[1]).write_bytes(blob)
    desc = json.loads((folder / "datapackage.json").read_text("utf-8"))
    results = next(r for r in desc["resources"] if r["name"] == "results")
    status = next(f for f in results["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == status["categories"]
    csv_path = folder / "results.csv"
    text = csv_path.read_text("utf-8")
    csv_path.write_text(text.replace('"published"', '"gepubliceerd"', 1), "utf-8")
    for res in desc["resources"]:  # keep the descriptor's bytes and hash true, so only the enum can fail
        if res["path"] == "results.csv":
            data = csv_path.read_bytes()
            res["bytes"], res["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(desc), "utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {e.type for task in report.tasks for e in task.errors}
