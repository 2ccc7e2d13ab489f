"""Package: Frictionless Data Package v2 folders with CSV and Parquet, one per indicator set plus 'alles'.

Pure: every function returns bytes or dicts; the writer puts them on disk. Same input, same bytes:
rows sorted, floats rounded to 6 decimals, Parquet written without timestamps, zips with fixed
dates, descriptors with sorted keys where order does not carry meaning.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import MutableMapping

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from generator.compute.public import PublicRelease, public_providers
from generator.core import hosting, memory
from generator.core.cells import FORMULA_START_PATTERN, PREFIX
from generator.core.ids import RESERVED_SET_PATHS, id_path, require_own_paths
from generator.core.licences import LICENCES
from generator.core.units import PUBLISHED_DECIMALS
from generator.package.catalog import catalogue_files
from generator.package.disclosure import check_disclosure, check_workbook_disclosure
from generator.package.schema import (
    ARROW_TYPES,
    MISSING_LABELS,
    RESOURCES,
    public_spec,
    reader_types,
    table_schema,
)
from generator.package.workbook import fits_in_a_workbook, workbook_bytes, workbook_entry

ALL_SETS = RESERVED_SET_PATHS[0]  # "alles": the package with every set
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CSV_TEXT_RULE = (
    "In the CSV files a text (string) cell that starts with '=', '+', '-', '@', a tab or a carriage "
    "return carries a leading apostrophe (') so that a spreadsheet shows it as text instead of running "
    "it as a formula (OWASP CSV injection). Numbers are never prefixed. The Parquet files and the "
    "workbook hold the text as delivered."
)


def arrow_table(frame: pd.DataFrame, resource: str) -> pa.Table:
    """A typed Arrow table of a public resource: ids as text, numbers rounded to 6 decimals."""
    columns = {}
    for f in public_spec()[resource]["fields"]:
        kind = ARROW_TYPES[f["type"]]
        series = frame[f["name"]] if f["name"] in frame else pd.Series([None] * len(frame), index=frame.index)
        if kind == pa.string():
            arr = pa.array(series.fillna("").astype(str).tolist(), type=pa.string())
        elif kind == pa.float64():
            arr = pa.array(
                pd.to_numeric(series, errors="coerce").astype(float).round(PUBLISHED_DECIMALS),
                type=pa.float64(),
                from_pandas=True,
            )
        elif kind == pa.int64():
            arr = pa.array(
                pd.to_numeric(series, errors="coerce").round().astype("Int64"),
                type=pa.int64(),
                from_pandas=True,
            )
        elif kind == pa.date32():  # ISO dates (YYYY-MM-DD); empty or not a date is null
            dates = pd.to_datetime(
                series.fillna("").astype(str).str.slice(0, 10), format="%Y-%m-%d", errors="coerce"
            )
            arr = pa.array(dates.dt.date, type=pa.date32(), from_pandas=True)
        else:
            arr = pa.array(series.astype("boolean"), type=pa.bool_(), from_pandas=True)
        columns[f["name"]] = arr
    return pa.table(columns)


def spreadsheet_safe_columns(table: pa.Table) -> pa.Table:
    """The table with every text cell that a spreadsheet would run as a formula prefixed with an apostrophe.

    Only string columns are touched (core.cells: the OWASP rule); numbers stay numbers.
    """
    for index, field in enumerate(table.schema):
        if field.type != pa.string():
            continue
        column = table.column(index)
        risky = pc.match_substring_regex(column, FORMULA_START_PATTERN)
        if pc.any(risky).as_py():
            safe = pc.if_else(risky, pc.binary_join_element_wise(PREFIX, column, ""), column)
            table = table.set_column(index, field.name, safe)
    return table


def csv_bytes(table: pa.Table, resource: str) -> bytes:
    """UTF-8 CSV with a header. Numbers are plain numbers and a missing figure is an empty cell (the reason
    is in `status`), so every reader types a number column as numbers.

    Text cells that a spreadsheet would take for a formula start with an apostrophe
    (spreadsheet_safe_columns); the Parquet copy keeps the text as delivered.
    """
    table = spreadsheet_safe_columns(table)
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    return out.getvalue()


def category_columns(table: pa.Table, resource: str) -> pa.Table:
    """The table with every column that has categories (an enum in its Table Schema: status, comparison,
    kind, …) as a dictionary-encoded string column whose dictionary is the schema's categories, in their
    order, and '' for an optional one (pandas reads a category, polars a categorical, DuckDB text). Values
    are unchanged: a value outside the list is a bug upstream and stops the build."""
    for f in public_spec()[resource]["fields"]:
        if "categories" not in f:
            continue
        empty = [] if f.get("required") or "" in f["categories"] else [""]  # an optional field may be empty
        dictionary = pa.array(f["categories"] + empty, pa.string())
        column = table.column(f["name"]).combine_chunks()
        indices = pc.index_in(column, value_set=dictionary)
        if indices.null_count:
            outside = pc.unique(pc.filter(column, pc.is_null(indices))).to_pylist()[:5]
            raise ValueError(f"{resource}.{f['name']}: {outside} outside its categories")
        encoded = pa.DictionaryArray.from_arrays(indices.cast(pa.int8()), dictionary)
        table = table.set_column(table.schema.get_field_index(f["name"]), f["name"], encoded)
    return table


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet written reproducibly: zstd, no index, fixed row-group size."""
    out = io.BytesIO()
    pq.write_table(
        table, out, compression="zstd", row_group_size=1_000_000, write_statistics=True, store_schema=True
    )
    return out.getvalue()


def _resource_entry(name: str, path: str, fmt: str, data: bytes, schema: dict) -> dict:
    mediatype = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
    # frictionless-py reads Parquet through pandas and cannot count its bytes, so the Parquet copy is a
    # 'file' resource: its bytes and hash are validated; its rows are the CSV's (checked in tests).
    entry = {
        "name": name,
        "type": "table" if fmt == "csv" else "file",
        "path": path,
        "format": fmt,
        "mediatype": mediatype,
    }
    if fmt == "csv":
        entry["encoding"] = "utf-8"
    else:
        entry["description"] = (
            f"The same rows and columns as {path.replace('.parquet', '.csv')}, with column types "
            "(Apache Parquet); text as delivered, without the CSV's apostrophe before a formula-like start."
        )
    entry.update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "schema": schema})
    return entry


def select_tables(data: PublicRelease, set_id: str | None) -> dict[str, pd.DataFrame]:
    """The five resources of one package: a set's rows, or everything when set_id is None."""
    if set_id is None:
        res, bench, ind, chg = data.results, data.benchmarks, data.indicators, data.changes
    else:
        res = data.results[data.results["set_id"] == set_id]
        bench = data.benchmarks[data.benchmarks["set_id"] == set_id]
        ind = data.indicators[data.indicators["set_id"] == set_id]
        chg = data.changes[
            data.changes["indicator_id"].isin(ind["indicator_id"]) | (data.changes["indicator_id"] == "")
        ]
    ids = set(res["provider_id"])
    prov = public_providers(res, data.providers)
    if set_id is not None:
        chg = chg[chg["provider_id"].isin(ids) | (chg["change"] == "provider_removed")]
    return {
        "results": res,
        "indicators": ind.sort_values("indicator_id"),
        "providers": prov.sort_values("provider_id"),
        "benchmarks": bench.sort_values(["indicator_id", "period", "group_type", "group"]),
        "changes": chg,
    }


def small_count_rule(k: int) -> str:
    """The small-count rule of a release in one sentence (publication.small_counts)."""
    if k <= 0:
        return "No small-count rule (publication.small_counts: 0)."
    return (
        f"Small-count rule: no numerator, non-event count (denominator - numerator) or count from 1 to {k} "
        "is published."
    )


def descriptor(
    data: PublicRelease, name: str, title: str, entries: list[dict], set_titles: list[str]
) -> dict:
    """The datapackage.json of one package."""
    pub = data.publication
    lic_title, lic_path = LICENCES.get(pub.licence, (pub.licence, ""))
    licence = {"name": pub.licence, "title": lic_title} | ({"path": lic_path} if lic_path else {})
    desc = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        "title": title,
        "description": "Goedgekeurde (geaccordeerde) resultaten van kwaliteitsindicatoren, "
        f"release {data.release}: {', '.join(set_titles)}. "
        f"Results under the disclosure threshold of {pub.min_denominator} "
        f"(or the indicator's own) are published without figures. {small_count_rule(pub.small_counts)} "
        "Approved quality-indicator results, with 95% intervals, benchmarks and funnel limits. A CSV text "
        "cell that a spreadsheet would run as a formula starts with an apostrophe (see csvTextCells).",
        "version": data.release,
        "created": f"{data.release}-01T00:00:00Z",
        "licenses": [licence],
        "sources": [
            {"title": pub.source_title or pub.publisher}
            | ({"path": pub.source_url} if pub.source_url else {})
        ],
        "contributors": [{"title": pub.publisher, "roles": ["publisher"]}],
        "keywords": ["zorg", "kwaliteitsindicatoren", "healthcare quality", "open data", *set_titles],
        "csvTextCells": CSV_TEXT_RULE,
        "disclosure": {
            "min_denominator": pub.min_denominator,
            "per_indicator": "indicators.min_denominator",
            "small_counts": pub.small_counts,
            "rule": "no value, numerator or denominator is published when the denominator is under the "
            "threshold; a percentage, proportion, rate, mean or median without a denominator only when "
            "its threshold is 0; "
            f"{small_count_rule(pub.small_counts)[:-1].lower()}; the row stays with status too_few_cases",
        },
        "resources": entries,
    }
    if pub.demo:
        desc["description"] = "FICTITIOUS DEMO DATA - not real providers. " + desc["description"]
    return desc


def _render(template: str, **context) -> str:
    import jinja2

    from generator.core import jinja

    env = jinja.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(template).render(**context)


def citation_text(data: PublicRelease, title: str, name: str) -> str:
    """A plain citation of one package (APA-like), with its version and licence."""
    pub = data.publication
    return (
        f"{pub.publisher} ({data.release[:4]}). {title} (versie {data.release}) [Dataset]. "
        f"Data package '{name}'. Licentie: {pub.licence}.\n"
    )


def hosted_files(data: PublicRelease, folder: str, paths: list[str]) -> list[tuple[str, str]]:
    """The files of a package (paths in its folder, and its zip) served under publication.data_url, each with
    its address (core/hosting.py); [] without a data_url."""
    release, data_url = data.release, data.publication.data_url
    urls = {
        path: hosting.release_file_url(
            release, path if path.endswith(".zip") else f"{folder}/{path}", data_url
        )
        for path in sorted(paths)
    }
    return [(path, url) for path, url in urls.items() if url and hosting.is_external(url)]


def package_folder(set_id: str | None) -> str:
    """The folder (and zip and workbook name) of a set's package: the set id's path segment (core.ids), or
    'alles' for the package with every set."""
    return ALL_SETS if set_id is None else id_path(set_id)


def package_files(data: PublicRelease, set_id: str | None) -> dict[str, bytes]:
    """Every file of one package folder: CSV + Parquet per resource, the .xlsx workbook,
    datapackage.json, README.md, CITATION.txt."""
    tables = select_tables(data, set_id)
    titles = sorted(set(tables["indicators"]["set_title"]))
    folder = package_folder(set_id)
    name = f"zorgspiegel-{folder}-{data.release}".lower()
    title = f"{data.publication.title}: {titles[0] if set_id else 'alle indicatorsets'} ({data.release})"
    files: dict[str, bytes] = {}
    entries = []
    typed = {}
    for resource in RESOURCES:
        table = typed[resource] = arrow_table(tables[resource], resource)
        schema = table_schema(resource)
        parquet = parquet_bytes(category_columns(table, resource))
        for fmt, blob in (("csv", csv_bytes(table, resource)), ("parquet", parquet)):
            path = f"{resource}.{fmt}"
            files[path] = blob
            entries.append(
                _resource_entry(resource if fmt == "csv" else f"{resource}-parquet", path, fmt, blob, schema)
            )
    if fits_in_a_workbook(typed):
        workbook = f"{folder}.xlsx"
        files[workbook] = workbook_bytes(
            typed, descriptor(data, name, title, [], titles), citation_text(data, title, name)
        )
        entries.append(workbook_entry(workbook, files[workbook]))
    desc = descriptor(data, name, title, entries, titles)
    files["datapackage.json"] = (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    counts = {r: len(tables[r]) for r in RESOURCES}
    status_counts = tables["results"]["status"].value_counts().to_dict()
    files["README.md"] = _render(
        "package_readme.md.j2",
        d=desc,
        spec=public_spec(),
        counts=counts,
        status=status_counts,
        missing=MISSING_LABELS,
        pub=data.publication,
        hosted=hosted_files(data, folder, [*files, f"{folder}.zip"]),
        **reader_types(),
    ).encode("utf-8")
    files["CITATION.txt"] = citation_text(data, title, name).encode("utf-8")
    return {f"{folder}/{path}": blob for path, blob in sorted(files.items())}


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A reproducible zip of one package folder, its files at the zip's root (datapackage.json first
    among them for a reader that looks there, e.g. `frictionless validate alles.zip`), sorted entries,
    fixed dates and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path.split("/", 1)[1], date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            # Parquet (zstd) and the workbook (a zip itself) are compressed already: deflating them
            # again costs time, gains little
            info.compress_type = (
                zipfile.ZIP_STORED if path.endswith((".parquet", ".xlsx")) else zipfile.ZIP_DEFLATED
            )
            zf.writestr(info, files[path])
    return out.getvalue()


def one_package(data: PublicRelease, set_id: str | None) -> dict[str, bytes]:
    """One package's files and its zip; its workbook re-read by the disclosure check."""
    pkg = package_files(data, set_id)
    folder = package_folder(set_id)
    workbook = f"{folder}/{folder}.xlsx"
    if workbook in pkg:
        check_workbook_disclosure(
            workbook, pkg[workbook], pq.read_table(io.BytesIO(pkg[f"{folder}/results.parquet"]))
        )
    return pkg | {f"{folder}.zip": zip_bytes(pkg)}


def build_packages(
    data: PublicRelease, files: MutableMapping[str, bytes] | None = None
) -> MutableMapping[str, bytes]:
    """All packages of a release (one per set plus 'alles') and their zips, keyed by path under the
    release folder, and the release's DCAT catalogue (catalog.jsonld, catalog.ttl; package/catalog.py):
    put into `files` as each package is made (a folder on disk, publish/writer.FolderFiles, holds none
    of them in memory) and returned; without `files`, in a new dict.

    The packages of a large release are built in a thread pool: pyarrow's writers and zlib release the
    GIL, so the cores share the work, and each workbook's disclosure check (regular expressions, which hold
    the GIL) runs beside the building of the other packages. A small release (core/memory.py) is built one
    package at a time, the memory of each handed back before the next. The result does not depend on the
    order threads finish in, nor on whether there are threads.
    """
    from concurrent.futures import ThreadPoolExecutor

    sets = [None, *sorted(set(data.indicators["set_id"]))]  # 'alles', the largest, starts first
    require_own_paths(sets[1:], "indicator set", reserved=RESERVED_SET_PATHS)
    files = {} if files is None else files
    if memory.is_small_release(len(data.results)):
        for set_id in sets:
            files.update(one_package(data, set_id))
            memory.hand_back()  # what this package freed goes back before the next one is made
    else:
        with ThreadPoolExecutor(max_workers=min(len(sets), os.cpu_count() or 2)) as pool:
            for part in pool.map(lambda set_id: one_package(data, set_id), sets):
                files.update(part)
    check_disclosure(files, workbooks=False)
    files.update(catalogue_files(data, files))
    return files
