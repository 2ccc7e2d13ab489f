"""The disclosure check: every public results file read back, and no figure under its threshold."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from generator.core.cells import spreadsheet_safe
from generator.core.errors import DisclosureError
from generator.core.names import STATUS_PUBLISHED
from generator.core.units import NEEDS_DENOMINATOR, SHARE_UNITS
from generator.package import xlsx_read


def check_disclosure(files: Mapping[str, bytes], workbooks: bool = True) -> int:
    """Re-read every results Parquet and CSV, and the results sheets of every workbook, and fail if any row
    under its threshold shows a figure. ``workbooks=False`` leaves the workbooks out (build_packages has
    checked each one already, beside the building of the others).

    Returns the number of result rows checked (in the Parquet files).
    """
    checked = 0
    for path in [p for p in files if p.endswith("results.parquet")]:  # by name: `files` may be on disk
        t = pq.read_table(io.BytesIO(files[path])).to_pandas()
        # only the columns the check reads, as text: all 32 as pandas text held 25 MB at 13,800 rows
        convert = pacsv.ConvertOptions(
            column_types=dict.fromkeys(CSV_COLUMNS, pa.string()), include_columns=CSV_COLUMNS
        )
        csv = pacsv.read_csv(io.BytesIO(files[path.replace(".parquet", ".csv")]), convert_options=convert)
        csv = csv.to_pandas()
        check_results_rows(path, t, csv, rule_leaks(files, path, t))
        checked += len(t)
    for path in [p for p in files if p.endswith(".xlsx")] if workbooks else ():
        parquet = files.get(path.rsplit("/", 1)[0] + "/results.parquet") if "/" in path else None
        check_workbook_disclosure(
            path, files[path], pq.read_table(io.BytesIO(parquet)) if parquet is not None else None
        )
    return checked


#: the columns of a results CSV that check_results_rows reads
CSV_COLUMNS = ["provider_id", "value", "numerator", "denominator"]


def check_results_rows(path: str, t: pd.DataFrame, csv: pd.DataFrame, broken: pd.Series) -> None:
    """Raise DisclosureError when rows of a results file show a figure they must not: `t` its Parquet rows,
    `csv` the same rows of its CSV read as text (CSV_COLUMNS at least), `broken` the rows that break the
    package's own rules (rule_leaks). A whole file, or one part after another (publish/verify.py)."""
    small = t["denominator"].notna() & (t["denominator"] < t["min_denominator"])
    hidden = t["status"] != STATUS_PUBLISHED
    leaks = small | (
        hidden
        & (t["value"].notna() | t["numerator"].notna() | t["denominator"].notna() | (t["text_value"] != ""))
    )
    if broken.any():
        row = t[broken].iloc[0]
        raise DisclosureError(
            f"{path}: provider {row['provider_id']}, indicator {row['indicator_id']}, "
            f"period {row['period']}: a published count under the small-count rule, "
            "or a figure without the denominator its threshold needs"
        )
    if leaks.any():
        row = t[leaks].iloc[0]
        raise DisclosureError(
            f"{path}: provider {row['provider_id']}, indicator {row['indicator_id']}, "
            f"period {row['period']} shows figures it must not"
        )
    # an id the CSV shows with the apostrophe that keeps a spreadsheet from running it (core/cells.py)
    ids = t["provider_id"].map(spreadsheet_safe).to_numpy()
    if len(csv) != len(t) or (csv["provider_id"].to_numpy() != ids).any():
        raise DisclosureError(f"{path}: the CSV and Parquet hold different rows")
    coded = csv["value"] == ""  # a result without a published figure has an empty value
    if (~coded & hidden.to_numpy()).any() or (
        csv.loc[hidden.to_numpy(), ["numerator", "denominator"]].fillna("") != ""
    ).any().any():
        raise DisclosureError(f"{path.replace('.parquet', '.csv')}: a hidden result shows figures")


def rule_leaks(files: dict[str, bytes], path: str, t: pd.DataFrame) -> pd.Series:
    """Published rows of a results file that break the package's own rules: a share, rate, mean or median
    without a denominator whose threshold is above 0, or a count from 1 to the small-count rule's k
    (the package's datapackage.json, disclosure.small_counts)."""
    folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    shown = t["status"] == STATUS_PUBLISHED
    unit = pd.Series("", index=t.index)
    if folder + "indicators.parquet" in files:
        ind = pq.read_table(io.BytesIO(files[folder + "indicators.parquet"])).to_pandas()
        unit = t["indicator_id"].map(ind.set_index("indicator_id")["unit"]).fillna("")
    bare = unit.isin(NEEDS_DENOMINATOR) & t["value"].notna() & t["denominator"].isna()
    leaks = shown & bare & ~(t["min_denominator"] <= 0)
    if folder + "datapackage.json" in files:
        k = json.loads(files[folder + "datapackage.json"]).get("disclosure", {}).get("small_counts", 0)
        num, rest = t["numerator"], t["denominator"] - t["numerator"]
        few = ((num >= 1) & (num <= k)) | (unit.isin(SHARE_UNITS) & (rest >= 1) & (rest <= k))
        leaks |= shown & (few | ((unit == "count") & (t["value"] >= 1) & (t["value"] <= k)))
    return leaks


def check_workbook_disclosure(path: str, blob: bytes, results: pa.Table | None = None) -> int:
    """Re-read the results sheet of a package's workbook and fail if a row shows a figure it must not.

    A row under its threshold, or any row without a published result that has a value, numerator,
    denominator or text, is a leak; with ``results`` (the package's results Parquet) the sheet must
    hold as many rows with the same statuses in the same order. Returns the number of rows checked.
    """
    names = [n for n in xlsx_read.sheet_names(blob) if n == "results"]
    if not names:
        raise DisclosureError(f"{path}: the workbook has no results sheet")
    statuses = []
    for name in names:
        rows, cells, _ = xlsx_read.sheet_cells(
            blob, name, ["status", "value", "numerator", "denominator", "text_value", "min_denominator"]
        )
        status = np.full(rows, None, dtype=object)
        status[cells["status"][0]] = cells["status"][1].to_numpy(zero_copy_only=False)
        hidden = status != STATUS_PUBLISHED
        for column in ("value", "numerator", "denominator", "text_value"):
            index, texts = cells[column]
            shown = index[hidden[index] & (texts.to_numpy(zero_copy_only=False) != "")]
            if len(shown):
                raise DisclosureError(
                    f"{path}: sheet {name}, row {shown[0] + 2}: "
                    f"a result without a published figure shows its {column}"
                )
        minimum = np.full(rows, np.nan)
        minimum[cells["min_denominator"][0]] = pc.cast(
            cells["min_denominator"][1], pa.float64(), safe=False
        ).to_numpy(zero_copy_only=False)
        index, texts = cells["denominator"]
        try:
            den = pc.cast(texts, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid as exc:  # a denominator that is not a number is not what this package writes
            raise DisclosureError(f"{path}: sheet {name}: a denominator cannot be read ({exc})") from exc
        small = index[~(den >= minimum[index])]  # a missing threshold counts as a leak too
        if len(small):
            raise DisclosureError(
                f"{path}: sheet {name}, row {small[0] + 2}: the denominator is under the disclosure threshold"
            )
        statuses.append(status)
    statuses = np.concatenate(statuses).tolist()
    if results is not None and statuses != results.column("status").to_pylist():
        raise DisclosureError(f"{path}: the workbook and results.parquet hold different rows")
    return len(statuses)
