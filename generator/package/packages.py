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
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from generator.package import xlsx
from generator.compute.release import NOT_APPLICABLE, NOT_DELIVERED, STATUS_PUBLISHED, TOO_FEW_CASES
from generator.config.contract import schema_descriptor
from generator.config.settings import PublicationConfig

ALL_SETS = "alles"
RESOURCES = ("results", "indicators", "providers", "benchmarks", "changes")
MISSING_LABELS = {
    "": "Geen waarde (no value)",
    TOO_FEW_CASES: "Te weinig cases om te publiceren (too few cases: the denominator is under the disclosure threshold)",
    NOT_APPLICABLE: "Niet van toepassing (not applicable to this provider)",
    NOT_DELIVERED: "Niet geleverd (not delivered: no approved result)",
}
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageInput:
    """The public tables of a release, as compute and validate hand them on."""

    release: str
    publication: PublicationConfig
    results: pd.DataFrame
    benchmarks: pd.DataFrame
    indicators: pd.DataFrame
    providers: pd.DataFrame
    changes: pd.DataFrame


@cache
def public_spec() -> dict:
    """The public resources' field definitions (schemas/public.yaml) plus the contract's providers and indicators."""
    spec = yaml.safe_load(resources.files("generator").joinpath("schemas", "public.yaml").read_text("utf-8"))
    for name in ("providers", "indicators"):
        desc = schema_descriptor(name)
        fields = []
        for f in desc["fields"]:
            entry = {k: f[k] for k in ("name", "type", "title", "description")}
            constraints = f.get("constraints", {})
            if constraints.get("required"):
                entry["required"] = True
            if "enum" in constraints:
                entry["categories"] = list(constraints["enum"])
            fields.append(entry)
        spec[name] = {"description": desc["description"], "primaryKey": desc["primaryKey"], "fields": fields}
        if name == "providers":
            spec[name]["foreignKeys"] = [{"fields": ["parent_id"], "reference": {"fields": ["provider_id"]}}]
    return spec


def table_schema(resource: str) -> dict:
    """The Table Schema (v2) of a public resource, with labelled missing values."""
    spec = public_spec()[resource]
    fields = []
    for f in spec["fields"]:
        field = {"name": f["name"], "type": f["type"], "title": f["title"], "description": f["description"]}
        if f.get("required"):
            field["constraints"] = {"required": True}
        if "categories" in f:
            field["categories"] = [c for c in f["categories"] if c != ""]
        if f.get("labelled_missing"):
            field["missingValues"] = [{"value": k, "label": v} for k, v in MISSING_LABELS.items()]
        fields.append(field)
    schema = {"$schema": "https://datapackage.org/profiles/2.0/tableschema.json", "fields": fields,
              "missingValues": [{"value": "", "label": MISSING_LABELS[""]}], "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    return schema


_ARROW_TYPES = {"string": pa.string(), "number": pa.float64(), "integer": pa.int64(), "boolean": pa.bool_()}


def arrow_table(frame: pd.DataFrame, resource: str) -> pa.Table:
    """A typed Arrow table of a public resource: ids as text, numbers rounded to 6 decimals."""
    columns = {}
    for f in public_spec()[resource]["fields"]:
        kind = _ARROW_TYPES[f["type"]]
        series = frame[f["name"]] if f["name"] in frame else pd.Series([None] * len(frame), index=frame.index)
        if kind == pa.string():
            arr = pa.array(series.fillna("").astype(str).tolist(), type=pa.string())
        elif kind == pa.float64():
            arr = pa.array(pd.to_numeric(series, errors="coerce").astype(float).round(6), type=pa.float64(), from_pandas=True)
        elif kind == pa.int64():
            arr = pa.array(pd.to_numeric(series, errors="coerce").round().astype("Int64"), type=pa.int64(), from_pandas=True)
        else:
            arr = pa.array(series.astype("boolean"), type=pa.bool_(), from_pandas=True)
        columns[f["name"]] = arr
    return pa.table(columns)


def csv_bytes(table: pa.Table, resource: str) -> bytes:
    """UTF-8 CSV with a header; a missing result value carries its status code (labelled missing value)."""
    if resource == "results" and table.num_rows:
        status = table.column("status")
        coded = pc.if_else(pc.equal(status, STATUS_PUBLISHED), pa.scalar("", pa.string()), status)
        value = pc.coalesce(pc.cast(table.column("value"), pa.string()), coded)
        table = table.set_column(table.schema.get_field_index("value"), "value", value)
    out = io.BytesIO()
    pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=True, quoting_style="needed"))
    return out.getvalue()


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet written reproducibly: zstd, no index, fixed row-group size."""
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd", row_group_size=1_000_000, write_statistics=True, store_schema=True)
    return out.getvalue()


def _resource_entry(name: str, path: str, fmt: str, data: bytes, schema: dict) -> dict:
    mediatype = "text/csv" if fmt == "csv" else "application/vnd.apache.parquet"
    # frictionless-py reads Parquet through pandas and cannot count its bytes, so the Parquet copy is a
    # 'file' resource: its bytes and hash are validated; its rows are the CSV's (checked in tests).
    entry = {"name": name, "type": "table" if fmt == "csv" else "file", "path": path, "format": fmt, "mediatype": mediatype}
    if fmt == "csv":
        entry["encoding"] = "utf-8"
    else:
        entry["description"] = f"The same rows and columns as {path.replace('.parquet', '.csv')}, with column types (Apache Parquet)."
    entry.update({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "schema": schema})
    return entry


_TYPE_WORDS = {"string": "tekst", "number": "getal", "integer": "geheel getal", "boolean": "ja/nee (waar/onwaar)"}
_WIDTHS = {"string": 16, "number": 12, "integer": 10, "boolean": 10}
_WIDE = {"explanation": 50, "description": 50, "name": 32, "title": 32, "set_title": 28, "lay_explanation": 50,
         "numerator_definition": 40, "denominator_definition": 40, "address": 26, "website": 30}


def dictionary_table(desc: dict, citation: str, tables: dict[str, pa.Table]) -> pa.Table:
    """The workbook's first sheet: what the package is, its licence and source, and every column explained."""
    lic = desc["licenses"][0]
    src = desc["sources"][0]
    rows = [[desc["title"]], [desc["description"]], [],
            ["Versie (release)", desc["version"]],
            ["Licentie", f"{lic.get('title', lic['name'])} ({lic['name']})", lic.get("path", "")],
            ["Bron", src["title"], src.get("path", "")],
            ["Uitgever", desc["contributors"][0]["title"]],
            ["Citeren", citation.strip()],
            ["Publicatiedrempel", f"Geen waarde, teller of noemer wordt gepubliceerd als de noemer kleiner is dan "
                                  f"{desc['disclosure']['min_denominator']} (of de eigen drempel van de indicator, kolom min_denominator)."],
            ["Ontbrekende waarden", "Een resultaat zonder cijfer heeft in de kolom status de reden; de cel value is dan leeg:"]]
    rows += [["", code, label] for code, label in MISSING_LABELS.items() if code]
    rows += [["Tekst en ids", "Ids en andere tekst staan als tekst in de cellen (celopmaak Tekst): voorloopnullen blijven staan."],
             ["Zelfde cijfers", "Elk blad heeft dezelfde rijen en kolommen als het CSV- en Parquet-bestand met dezelfde naam."], [],
             ["Blad", "Rijen", "Wat erin staat"]]
    spec = public_spec()
    rows += [[name, str(tables[name].num_rows), spec[name]["description"]] for name in RESOURCES]
    rows += [[], ["Tabel", "Kolom", "Type", "Titel", "Uitleg"]]
    for name in RESOURCES:
        for f in spec[name]["fields"]:
            cats = [c for c in f.get("categories", []) if c != ""]
            rows.append([name, f["name"], _TYPE_WORDS[f["type"]], f["title"], f["description"] + (f" Waarden: {', '.join(cats)}." if cats else "")])
    width = 5
    return pa.table({f"c{i}": pa.array([(r[i] if i < len(r) else "") for r in rows], pa.string()) for i in range(width)})


def fits_in_a_workbook(tables: dict[str, pa.Table]) -> bool:
    """Whether every resource fits on one Excel sheet (1,048,575 rows under the header).

    A larger package gets no workbook: Excel cannot open the rest of such a sheet, and a table split over
    sheets cannot be filtered or pivoted as one; its CSV and Parquet serve (Power Query reads both).
    """
    return all(t.num_rows < xlsx.MAX_ROWS for t in tables.values())


def workbook_bytes(tables: dict[str, pa.Table], desc: dict, citation: str) -> bytes:
    """The package as one Excel workbook: the data dictionary and licence first, then one sheet per resource;
    ids and other text as text, figures as numbers."""
    sheets = [xlsx.Sheet("datawoordenboek", dictionary_table(desc, citation, tables), widths=(22, 26, 14, 30, 90),
                         styles=(xlsx.TEXT, xlsx.TEXT, xlsx.TEXT, xlsx.TEXT, xlsx.WRAP), header=False)]
    for name in RESOURCES:
        table = tables[name]
        widths = tuple(_WIDE.get(f.name, max(_WIDTHS[_arrow_kind(f.type)], min(len(f.name) + 3, 24))) for f in table.schema)
        sheets.append(xlsx.Sheet(name, table, widths=widths))
    return xlsx.workbook_bytes(sheets, title=desc["title"], creator=desc["contributors"][0]["title"], created=desc["created"])


def _arrow_kind(t: pa.DataType) -> str:
    return next(k for k, v in _ARROW_TYPES.items() if v == t)


def _workbook_entry(path: str, data: bytes) -> dict:
    return {"name": "workbook", "type": "file", "path": path, "format": "xlsx", "mediatype": xlsx.MEDIATYPE,
            "description": "Every resource of this package in one Excel workbook: a first sheet 'datawoordenboek' with the "
                           "licence, the source and every column explained, then one sheet per resource with the same rows and "
                           "columns as its CSV (ids and other text as text, so leading zeros stay; figures as numbers).",
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def select_tables(data: PackageInput, set_id: str | None) -> dict[str, pd.DataFrame]:
    """The five resources of one package: a set's rows, or everything when set_id is None."""
    if set_id is None:
        res, bench, ind, chg = data.results, data.benchmarks, data.indicators, data.changes
    else:
        res = data.results[data.results["set_id"] == set_id]
        bench = data.benchmarks[data.benchmarks["set_id"] == set_id]
        ind = data.indicators[data.indicators["set_id"] == set_id]
        chg = data.changes[data.changes["indicator_id"].isin(ind["indicator_id"]) | (data.changes["indicator_id"] == "")]
    ids = set(res["provider_id"])
    prov = data.providers[data.providers["provider_id"].isin(ids)]
    parents = set(prov["parent_id"]) - {""}
    prov = data.providers[data.providers["provider_id"].isin(ids | parents)]
    if set_id is not None:
        chg = chg[chg["provider_id"].isin(ids) | (chg["change"] == "provider_removed")]
    return {"results": res, "indicators": ind.sort_values("indicator_id"), "providers": prov.sort_values("provider_id"),
            "benchmarks": bench.sort_values(["indicator_id", "period", "group_type", "group"]), "changes": chg}


def descriptor(data: PackageInput, name: str, title: str, entries: list[dict], set_titles: list[str]) -> dict:
    """The datapackage.json of one package."""
    pub = data.publication
    lic_title, lic_path = LICENCES.get(pub.licence, (pub.licence, ""))
    licence = {"name": pub.licence, "title": lic_title} | ({"path": lic_path} if lic_path else {})
    desc = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        "title": title,
        "description": f"Goedgekeurde (geaccordeerde) resultaten van kwaliteitsindicatoren, release {data.release}: "
                       f"{', '.join(set_titles)}. Results under the disclosure threshold of {pub.min_denominator} "
                       "(or the indicator's own) are published without figures. Approved quality-indicator results, with "
                       "95% intervals, benchmarks and funnel limits.",
        "version": data.release,
        "created": f"{data.release}-01T00:00:00Z",
        "licenses": [licence],
        "sources": [{"title": pub.source_title or pub.publisher} | ({"path": pub.source_url} if pub.source_url else {})],
        "contributors": [{"title": pub.publisher, "roles": ["publisher"]}],
        "keywords": ["zorg", "kwaliteitsindicatoren", "healthcare quality", "open data", *set_titles],
        "disclosure": {"min_denominator": pub.min_denominator, "per_indicator": "indicators.min_denominator",
                       "rule": "no value, numerator or denominator is published when the denominator is under the threshold; "
                               "the row stays with status too_few_cases"},
        "resources": entries,
    }
    if pub.demo:
        desc["description"] = "FICTITIOUS DEMO DATA - not real providers. " + desc["description"]
    return desc


def _render(template: str, **context) -> str:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("generator", "templates"), autoescape=False,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return env.get_template(template).render(**context)


def citation_text(data: PackageInput, title: str, name: str) -> str:
    """A plain citation of one package (APA-like), with its version and licence."""
    pub = data.publication
    return (f"{pub.publisher} ({data.release[:4]}). {title} (versie {data.release}) [Dataset]. "
            f"Data package '{name}'. Licentie: {pub.licence}.\n")


def package_files(data: PackageInput, set_id: str | None) -> dict[str, bytes]:
    """Every file of one package folder: CSV + Parquet per resource, the .xlsx workbook, datapackage.json, README.md, CITATION.txt."""
    tables = select_tables(data, set_id)
    titles = sorted(set(tables["indicators"]["set_title"]))
    folder = set_id or ALL_SETS
    name = f"zorgspiegel-{folder}-{data.release}".lower()
    title = f"{data.publication.title}: {titles[0] if set_id else 'alle indicatorsets'} ({data.release})"
    files: dict[str, bytes] = {}
    entries = []
    typed = {}
    for resource in RESOURCES:
        table = typed[resource] = arrow_table(tables[resource], resource)
        schema = table_schema(resource)
        for fmt, blob in (("csv", csv_bytes(table, resource)), ("parquet", parquet_bytes(table))):
            path = f"{resource}.{fmt}"
            files[path] = blob
            entries.append(_resource_entry(resource if fmt == "csv" else f"{resource}-parquet", path, fmt, blob, schema))
    if fits_in_a_workbook(typed):
        workbook = f"{folder}.xlsx"
        files[workbook] = workbook_bytes(typed, descriptor(data, name, title, [], titles), citation_text(data, title, name))
        entries.append(_workbook_entry(workbook, files[workbook]))
    desc = descriptor(data, name, title, entries, titles)
    files["datapackage.json"] = (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    counts = {r: len(tables[r]) for r in RESOURCES}
    status_counts = tables["results"]["status"].value_counts().to_dict()
    files["README.md"] = _render("package_readme.md.j2", d=desc, spec=public_spec(), counts=counts, status=status_counts,
                                 missing=MISSING_LABELS, pub=data.publication).encode("utf-8")
    files["CITATION.txt"] = citation_text(data, title, name).encode("utf-8")
    return {f"{folder}/{path}": blob for path, blob in sorted(files.items())}


def zip_bytes(files: dict[str, bytes], root: str) -> bytes:
    """A reproducible zip of one package folder (sorted entries, fixed dates and permissions)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{root}/{path.split('/', 1)[1]}", date_time=ZIP_DATE)
            info.external_attr = 0o644 << 16
            # Parquet (zstd) and the workbook (a zip itself) are compressed already: deflating them again costs time, gains little
            info.compress_type = zipfile.ZIP_STORED if path.endswith((".parquet", ".xlsx")) else zipfile.ZIP_DEFLATED
            zf.writestr(info, files[path])
    return out.getvalue()


class DisclosureError(AssertionError):
    """A public file breaks the disclosure rule: a bug, and the build must stop."""


def check_disclosure(files: dict[str, bytes], workbooks: bool = True) -> int:
    """Re-read every results Parquet and CSV, and the results sheets of every workbook, and fail if any row
    under its threshold shows a figure. ``workbooks=False`` leaves the workbooks out (build_packages has
    checked each one already, beside the building of the others).

    Returns the number of result rows checked (in the Parquet files).
    """
    checked = 0
    for path, blob in files.items():
        if not path.endswith("results.parquet"):
            continue
        t = pq.read_table(io.BytesIO(blob)).to_pandas()
        small = t["denominator"].notna() & (t["denominator"] < t["min_denominator"])
        hidden = t["status"] != STATUS_PUBLISHED
        leaks = small | (hidden & (t["value"].notna() | t["numerator"].notna() | t["denominator"].notna() | (t["text_value"] != "")))
        if leaks.any():
            row = t[leaks].iloc[0]
            raise DisclosureError(f"{path}: provider {row['provider_id']}, indicator {row['indicator_id']}, period {row['period']} shows figures it must not")
        csv = pacsv.read_csv(io.BytesIO(files[path.replace(".parquet", ".csv")]),
                             convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in t.columns})).to_pandas()
        if len(csv) != len(t) or (csv["provider_id"].to_numpy() != t["provider_id"].to_numpy()).any():
            raise DisclosureError(f"{path}: the CSV and Parquet hold different rows")
        coded = csv["value"].isin([TOO_FEW_CASES, NOT_APPLICABLE, NOT_DELIVERED, ""])
        if (~coded & hidden.to_numpy()).any() or (csv.loc[hidden.to_numpy(), ["numerator", "denominator"]].fillna("") != "").any().any():
            raise DisclosureError(f"{path.replace('.parquet', '.csv')}: a hidden result shows figures")
        checked += len(t)
    for path, blob in files.items() if workbooks else ():
        if path.endswith(".xlsx"):
            parquet = files.get(path.rsplit("/", 1)[0] + "/results.parquet") if "/" in path else None
            check_workbook_disclosure(path, blob, pq.read_table(io.BytesIO(parquet)) if parquet is not None else None)
    return checked


def check_workbook_disclosure(path: str, blob: bytes, results: pa.Table | None = None) -> int:
    """Re-read the results sheet of a package's workbook and fail if a row shows a figure it must not.

    A row under its threshold, or any row without a published result that has a value, numerator,
    denominator or text, is a leak; with ``results`` (the package's results Parquet) the sheet must
    hold as many rows with the same statuses in the same order. Returns the number of rows checked.
    """
    names = [n for n in xlsx.sheet_names(blob) if n == "results"]
    if not names:
        raise DisclosureError(f"{path}: the workbook has no results sheet")
    statuses = []
    for name in names:
        rows, cells, _ = xlsx.sheet_cells(blob, name, ["status", "value", "numerator", "denominator", "text_value", "min_denominator"])
        status = np.full(rows, None, dtype=object)
        status[cells["status"][0]] = cells["status"][1].to_numpy(zero_copy_only=False)
        hidden = status != STATUS_PUBLISHED
        for column in ("value", "numerator", "denominator", "text_value"):
            index, texts = cells[column]
            shown = index[hidden[index] & (texts.to_numpy(zero_copy_only=False) != "")]
            if len(shown):
                raise DisclosureError(f"{path}: sheet {name}, row {shown[0] + 2}: a result without a published figure shows its {column}")
        minimum = np.full(rows, np.nan)
        minimum[cells["min_denominator"][0]] = pc.cast(cells["min_denominator"][1], pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        index, texts = cells["denominator"]
        try:
            den = pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid as exc:  # a denominator that is not a number is not what this package writes
            raise DisclosureError(f"{path}: sheet {name}: a denominator cannot be read ({exc})") from exc
        small = index[~(den >= minimum[index])]  # a missing threshold counts as a leak too
        if len(small):
            raise DisclosureError(f"{path}: sheet {name}, row {small[0] + 2}: the denominator is under the disclosure threshold")
        statuses.append(status)
    statuses = np.concatenate(statuses).tolist()
    if results is not None and statuses != results.column("status").to_pylist():
        raise DisclosureError(f"{path}: the workbook and results.parquet hold different rows")
    return len(statuses)


def one_package(data: PackageInput, set_id: str | None) -> dict[str, bytes]:
    """One package's files and its zip; its workbook re-read by the disclosure check."""
    pkg = package_files(data, set_id)
    folder = set_id or ALL_SETS
    workbook = f"{folder}/{folder}.xlsx"
    if workbook in pkg:
        check_workbook_disclosure(workbook, pkg[workbook], pq.read_table(io.BytesIO(pkg[f"{folder}/results.parquet"])))
    return pkg | {f"{folder}.zip": zip_bytes(pkg, f"zorgspiegel-{folder}-{data.release}")}


def build_packages(data: PackageInput) -> dict[str, bytes]:
    """All packages of a release (one per set plus 'alles') and their zips, keyed by path under the release folder.

    The packages are built in a thread pool: pyarrow's writers and zlib release the GIL, so the
    cores share the work, and each workbook's disclosure check (regular expressions, which hold the GIL)
    runs beside the building of the other packages. The result does not depend on the order threads finish in.
    """
    from concurrent.futures import ThreadPoolExecutor

    sets = [None, *sorted(set(data.indicators["set_id"]))]  # 'alles', the largest, starts first
    with ThreadPoolExecutor(max_workers=min(len(sets), os.cpu_count() or 2)) as pool:
        parts = list(pool.map(lambda set_id: one_package(data, set_id), sets))
    files = dict(sorted(item for part in parts for item in part.items()))
    check_disclosure(files, workbooks=False)
    return files
