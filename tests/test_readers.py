"""The data packages load right in every tool the package README names: its reading recipes are run
here as written (pandas, pyarrow via pandas, DuckDB, polars), and each must give `value` as numbers, ids as
text with their leading zeros, and the Parquet file's rows."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from sitebuild import demo_build, run_cli

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(
    scope="module",
    params=["demo", "cms-maternal-health", "zorginzicht-verpleeghuiszorg", "risk-adjusted-outcomes"],
)
def package(request, tmp_path_factory):
    """The 'alles' package of the demo and of each worked example, built through the CLI."""
    if request.param == "demo":
        return demo_build(tmp_path_factory).package
    out = tmp_path_factory.mktemp(request.param)
    run_cli("build", "--input", str(EXAMPLES / request.param), "--out", str(out), "--release", "2024-07")
    return out / "datapackages" / "2024-07" / "alles"


def recipes(package) -> list[str]:
    """The python code blocks of the package's README."""
    return re.findall(r"```python\n(.*?)```", (package / "README.md").read_text("utf-8"), re.S)


def run(code: str, package, monkeypatch) -> dict:
    monkeypatch.chdir(package)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own recipe, run as a reader would
    return scope


def test_the_readme_has_a_recipe_per_tool(package):
    found = " ".join(recipes(package))
    for tool in ("pd.read_csv", "pd.read_parquet", "duckdb.sql", "pl.read_csv", "pl.read_parquet"):
        assert tool in found


def test_pandas_reads_numbers_as_numbers_and_ids_as_text(package, monkeypatch):
    [code] = [c for c in recipes(package) if "import pandas" in c]
    expected = pd.read_parquet(package / "results.parquet")
    from_csv = run(code, package, monkeypatch)["results"]  # the recipe's last line reads the CSV
    assert len(from_csv) == len(expected)
    assert from_csv["value"].dtype.kind == "f" and from_csv["denominator"].dtype.kind == "f"
    assert (
        from_csv["provider_id"].str.startswith("0").any() == expected["provider_id"].str.startswith("0").any()
    )
    assert list(from_csv["provider_id"]) == list(expected["provider_id"])
    pd.testing.assert_series_equal(from_csv["value"], expected["value"], check_names=False, atol=1e-9)


def test_duckdb_reads_numbers_as_numbers_and_ids_as_text(package, monkeypatch):
    [code] = [c for c in recipes(package) if "import duckdb" in c]
    monkeypatch.chdir(package)
    queries = re.findall(r'duckdb\.sql\("(.*?)"\)', code)
    assert len(queries) == 2
    for query in queries:
        rel = duckdb.sql(query)
        types = dict(zip(rel.columns, (str(t) for t in rel.types)))
        assert (
            types["value"] == "DOUBLE" and types["provider_id"] == "VARCHAR" and types["period"] == "VARCHAR"
        )
        assert rel.count("*").fetchall()[0][0] == len(pd.read_parquet(package / "results.parquet"))
        zeros = duckdb.sql(f"SELECT count(*) FROM ({query}) WHERE provider_id LIKE '0%'").fetchall()[0][0]
        assert (
            zeros == (pd.read_parquet(package / "results.parquet")["provider_id"].str.startswith("0")).sum()
        )


def test_polars_reads_numbers_as_numbers_and_ids_as_text(package, monkeypatch):
    [code] = [c for c in recipes(package) if "import polars" in c]
    from_csv = run(code, package, monkeypatch)["results"]
    assert from_csv.schema["value"] == pl.Float64 and from_csv.schema["provider_id"] == pl.Utf8
    assert from_csv.schema["period"] == pl.Utf8
    assert from_csv.height == pl.read_parquet(package / "results.parquet").height
    zeros = pl.read_parquet(package / "results.parquet").filter(pl.col("provider_id").str.starts_with("0"))
    assert from_csv.filter(pl.col("provider_id").str.starts_with("0")).height == zeros.height


@pytest.mark.parametrize("resource", ["indicators", "providers", "benchmarks", "changes"])
def test_every_resource_reads_typed_in_pandas_duckdb_and_polars(package, resource):
    from generator.package.schema import public_spec, reader_types

    types = reader_types()
    text = types["text_columns"][resource]
    numeric = [f["name"] for f in public_spec()[resource]["fields"] if f["type"] in ("number", "integer")]
    path = package / f"{resource}.csv"
    frame = pd.read_csv(path, dtype=dict.fromkeys(text, str), keep_default_na=False, na_values=[""])
    assert all(frame[c].dtype.kind in "fi" for c in numeric) or frame.empty, frame.dtypes
    rel = duckdb.sql(f"SELECT * FROM read_csv('{path}', types={types['duckdb_types'][resource]})")
    kinds = dict(zip(rel.columns, (str(t) for t in rel.types)))
    assert all(kinds[c] == "VARCHAR" for c in text)
    numbers = types["number_columns"][resource]
    polars_frame = pl.read_csv(
        path, schema_overrides=dict.fromkeys(text, pl.Utf8) | dict.fromkeys(numbers, pl.Float64)
    )
    assert all(
        polars_frame.schema[c].is_numeric() or polars_frame[c].null_count() == polars_frame.height
        for c in numeric
    )
    assert len(frame) == rel.count("*").fetchall()[0][0] == polars_frame.height


def test_the_project_readme_recipe_names_the_text_columns_of_results():
    from pathlib import Path

    from generator.package.schema import reader_types

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = readme[readme.index("**Reading the tables.**") :]
    listed = re.search(r"text = \[(.*?)\]", block, re.S).group(1)
    assert re.findall(r'"([a-z_]+)"', listed) == reader_types()["text_columns"]["results"]


def enum_columns(resource: str) -> list[str]:
    """The columns whose Table Schema lists their categories (an enum constraint)."""
    from generator.package.schema import table_schema

    return [f["name"] for f in table_schema(resource)["fields"] if "enum" in f.get("constraints", {})]


@pytest.mark.parametrize("resource", ["results", "indicators", "providers", "benchmarks", "changes"])
def test_category_columns_are_dictionary_columns_in_parquet(package, resource):
    """A column with categories is a dictionary-encoded string column in Parquet: pandas reads it as a
    category with the schema's categories, polars as a categorical, DuckDB as text; the values are the
    CSV's, row for row."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from generator.package.schema import table_schema

    columns = enum_columns(resource)
    assert columns, resource
    path = package / f"{resource}.parquet"
    table = pq.read_table(path)
    csv = pd.read_csv(package / f"{resource}.csv", dtype=str, keep_default_na=False)
    frame = pd.read_parquet(path)
    polars_frame = pl.read_parquet(path)
    rel = duckdb.sql(f"SELECT * FROM '{path}'")
    kinds = dict(zip(rel.columns, (str(t) for t in rel.types)))
    fields = {f["name"]: f for f in table_schema(resource)["fields"]}
    for column in columns:
        assert pa.types.is_dictionary(table.schema.field(column).type), (resource, column)
        assert table.schema.field(column).type.value_type == pa.string()
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), (resource, column)
        if len(frame):  # Parquet stores a dictionary with its data pages: an empty table has none
            assert set(fields[column]["constraints"]["enum"]) <= set(frame[column].cat.categories)
        assert isinstance(polars_frame.schema[column], pl.Categorical | pl.Enum), polars_frame.schema[column]
        assert kinds[column] == "VARCHAR"
        assert list(frame[column].astype(str)) == list(csv[column]), (resource, column)
        assert polars_frame[column].cast(pl.Utf8).to_list() == list(csv[column])
    assert len(frame) == len(csv) == polars_frame.height
