"""Validate: parse the contract tables' text into typed columns and check every row.

Returns the typed tables, the issues found (each located by file, row, column and value) and which
rows are rejected, instead of raising at the first problem. A row problem rejects only its row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.config.contract import table_spec
from generator.core.errors import Issue, did_you_mean
from generator.core.ids import RESERVED_SET_PATHS, id_path, path_clashes
from generator.core.names import APPROVED, FALSE_WORDS, SOURCE_FILE, SOURCE_ROW, TRUE_WORDS
from generator.core.periods import period_years
from generator.intake.fields import drop_bad_values, parse_field
from generator.intake.fields import row_issues as _issues
from generator.intake.thresholds import require_denominators

UNIT_RANGES = {
    "percentage": (0.0, 100.0),
    "proportion": (0.0, 1.0),
    "yesno": (0.0, 1.0),
    "rate": (0.0, np.inf),
    "count": (0.0, np.inf),
}


@dataclass
class Checked:
    """The outcome of validating one table: typed rows, the issues, and which rows are rejected."""

    table: pd.DataFrame
    issues: list[Issue]
    rejected: pd.Series  # boolean, aligned with table


def parse_table(name: str, df: pd.DataFrame) -> Checked:
    """Parse every contract column of a table: a row with a bad required (or ROW_CRITICAL) cell is
    rejected; a bad optional cell is emptied with a field-dropped warning."""
    spec = table_spec(name)
    typed = {}
    issues: list[Issue] = []
    bad = pd.Series(False, index=df.index)
    for f in spec.fields:
        typed[f.name], found, wrong = drop_bad_values(f, *parse_field(df, f))
        issues += found
        bad |= wrong
    out = pd.DataFrame(typed, index=df.index)
    out[SOURCE_FILE] = df[SOURCE_FILE]
    out[SOURCE_ROW] = df[SOURCE_ROW].astype(int)
    return Checked(out, issues, bad)


def _first_rows(df: pd.DataFrame, key: list[str], candidates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mask of repeated keys among candidate rows (all but the first), and, for those rows, where the
    first one is (worked out for the repeated keys only)."""
    sub = df.loc[candidates, key + [SOURCE_FILE, SOURCE_ROW]]
    dup = sub.duplicated(subset=key, keep="first")
    mask = pd.Series(False, index=df.index)
    if not dup.any():
        return mask, pd.Series("", index=df.index[:0], dtype=object)
    mask[dup[dup].index] = True
    firsts = sub[sub.duplicated(subset=key, keep=False) & ~dup]
    firsts = firsts.assign(_first=firsts[SOURCE_FILE].astype(str) + " row " + firsts[SOURCE_ROW].astype(str))
    where = sub.loc[dup, key].merge(firsts[key + ["_first"]], on=key, how="left")["_first"]
    where.index = dup[dup].index
    return mask, where


def _reject_shared_paths(c: Checked, column: str, reserved: tuple[str, ...] = ()) -> None:
    """Reject the rows of an id whose path segment (core.ids.id_path) an earlier id of the column, or a
    reserved segment, already has: no page or package may overwrite another's."""
    t = c.table
    clashes = path_clashes(t.loc[~c.rejected, column], reserved)
    if not clashes:
        return
    hit = ~c.rejected & t[column].isin(list(clashes))
    other = t.loc[hit, column].map(clashes)
    detail = t.loc[hit, column].map(id_path).map(repr) + other.map(
        lambda o: f", which id {o!r} already has" if o else ", which the release uses itself"
    )
    c.issues += _issues(t, hit, "id-path-taken", column, detail=detail.reindex(t.index))
    c.rejected = c.rejected | hit


def check_providers(df: pd.DataFrame) -> Checked:
    """Parse the provider registry: unique ids; unknown organisations are reported and unlinked."""
    c = parse_table("providers", df)
    t = c.table
    dup, first = _first_rows(t, ["provider_id"], ~c.rejected)
    c.issues += _issues(t, dup, "duplicate-id", "provider_id", first_row=first)
    c.rejected = c.rejected | dup
    _reject_shared_paths(c, "provider_id")
    known = set(t.loc[~c.rejected, "provider_id"])
    orphan = (t["parent_id"] != "") & ~t["parent_id"].isin(known)
    c.issues += _issues(t, orphan & ~c.rejected, "unknown-parent", "parent_id")
    t.loc[orphan, "parent_id"] = ""
    return c


def check_indicators(df: pd.DataFrame) -> Checked:
    """Parse the indicator catalogue: unique ids."""
    c = parse_table("indicators", df)
    t = c.table
    t["set_title"] = t["set_title"].where(t["set_title"] != "", t["set_id"])
    dup, first = _first_rows(t, ["indicator_id"], ~c.rejected)
    c.issues += _issues(t, dup, "duplicate-id", "indicator_id", first_row=first)
    c.rejected = c.rejected | dup
    _reject_shared_paths(c, "indicator_id")
    _reject_shared_paths(c, "set_id", RESERVED_SET_PATHS)
    return c


def _rejected_hint(ids: pd.Series, registry: Checked, column: str) -> pd.Series:
    """For ids whose registry row was rejected: a hint naming that row; else a did-you-mean (worked out
    once per distinct id)."""
    rejected = registry.table.loc[registry.rejected]
    where = dict(zip(rejected[column], rejected[SOURCE_FILE] + " row " + rejected[SOURCE_ROW].astype(str)))
    known = list(registry.table.loc[~registry.rejected, column])
    hints = {
        v: f" (its registry row was rejected: {where[v]})"
        if v in where
        else did_you_mean(v, known, cutoff=0.85)
        if len(known) < 5000
        else ""
        for v in ids.unique()
    }
    return ids.map(hints)


def _g(column: str):
    """The flagged rows' numbers in a column as short text (5.5, 1e+06; '' for none): made for the rows
    an issue is about only, never for every row of a large table."""
    return lambda rows: rows[column].map(lambda v: "" if pd.isna(v) else f"{v:g}")


def check_results(df: pd.DataFrame, providers: Checked, indicators: Checked) -> Checked:
    """Parse and check results against the accepted providers and indicators."""
    c = parse_table("results", df)
    t = c.table
    rej = c.rejected.copy()
    issues = c.issues

    def flag(mask, code, column="", values=None, **fields):
        nonlocal rej, issues
        issues += _issues(t, mask, code, column, values, **fields)
        rej = rej | mask

    ok_providers = providers.table.loc[~providers.rejected, "provider_id"]
    unknown_p = (t["provider_id"] != "") & ~t["provider_id"].isin(set(ok_providers))
    flag(
        unknown_p,
        "unknown-provider",
        "provider_id",
        hint=_rejected_hint(t.loc[unknown_p, "provider_id"], providers, "provider_id").reindex(
            t.index, fill_value=""
        ),
    )
    cat = indicators.table.loc[~indicators.rejected].set_index("indicator_id")
    unknown_i = (t["indicator_id"] != "") & ~t["indicator_id"].isin(cat.index)
    flag(
        unknown_i,
        "unknown-indicator",
        "indicator_id",
        hint=_rejected_hint(t.loc[unknown_i, "indicator_id"], indicators, "indicator_id").reindex(
            t.index, fill_value=""
        ),
    )

    # the catalogue's columns the checks use, one row per result (not its titles and descriptions: those
    # repeated for every result took more memory than the results themselves)
    ind = cat[["unit", "rate_per", "min_value", "max_value", "first_year", "last_year"]].reindex(
        t["indicator_id"]
    )
    ind.index = t.index
    unit = ind["unit"].fillna("")
    # yes/no: text ja/nee or value 1/0, both kept in step
    yn = unit == "yesno"
    words = t["text_value"].str.lower()
    yes, no = yn & words.isin(TRUE_WORDS - {"x"}), yn & words.isin(FALSE_WORDS)
    t.loc[yes, "value"], t.loc[no, "value"] = 1.0, 0.0
    bad_word = yn & (words != "") & ~(yes | no)
    flag(bad_word, "enum-invalid", "text_value", detail="ja, nee")
    between = yn & (t["value"] > 0) & (t["value"] < 1)  # 0.5 is inside 0..1 but neither yes nor no
    flag(between, "enum-invalid", "value", _g("value"), detail="1, 0 (or ja, nee in text_value)")
    t.loc[yn & (t["value"] == 1), "text_value"] = "ja"
    t.loc[yn & (t["value"] == 0), "text_value"] = "nee"

    num, den, val = t["numerator"], t["denominator"], t["value"]
    share = unit.isin(["percentage", "proportion"])
    flag(share & (num > den), "numerator-exceeds-denominator", "numerator", num, detail=_g("denominator"))
    scale = np.where(
        unit == "percentage", 100.0, np.where(unit == "rate", ind["rate_per"].fillna(1).astype(float), 1.0)
    )
    derivable = (share | (unit == "rate")) & num.notna() & den.notna() & (den > 0) & ~rej
    derived = num / den * scale
    fill = (
        derivable & val.isna() & (t["missing_reason"] == "") & ~t["not_applicable"]
    )  # no value made up for a row marked missing
    t.loc[fill, "value"] = derived[fill]
    val = t["value"]
    # a delivered value may be rounded (CMS publishes whole percents): warn only beyond half a
    # percentage point (0.005 for proportions), or 1% of the value for rates
    tolerance = np.where(share, 0.005 * scale, np.maximum(0.01 * derived.abs(), 0.05))
    far = derivable & val.notna() & ((val - derived).abs() > tolerance)
    detail = lambda r: derived[r.index].map(lambda d: f"{d:.4g}")  # noqa: E731 - for the flagged rows only
    issues += _issues(t, far & ~fill, "value-recomputed", "value", val, detail=detail)

    lo = pd.Series([UNIT_RANGES.get(u, (-np.inf, np.inf))[0] for u in unit], index=t.index)
    hi = pd.Series([UNIT_RANGES.get(u, (-np.inf, np.inf))[1] for u in unit], index=t.index)
    lo = np.maximum(lo, ind["min_value"].fillna(-np.inf))
    hi = np.minimum(hi, ind["max_value"].fillna(np.inf))
    outside = val.notna() & ((val < lo) | (val > hi))
    ranges = lambda r: pd.Series([f"{a:g}..{b:g}" for a, b in zip(lo[r.index], hi[r.index])], index=r.index)  # noqa: E731
    flag(outside, "value-out-of-range", "value", _g("value"), detail=ranges)
    flag((unit == "count") & val.notna() & (val != val.round()), "integer-invalid", "value", _g("value"))

    years = period_years(t["period"])
    first, last = ind["first_year"], ind["last_year"]
    outside_set = years.notna() & ((first.notna() & (years < first)) | (last.notna() & (years > last)))

    def span(r: pd.DataFrame) -> pd.Series:
        years = zip(r["indicator_id"], first[r.index], last[r.index])
        text = [f"{i} ({'' if pd.isna(a) else int(a)}–{'' if pd.isna(b) else int(b)})" for i, a, b in years]
        return pd.Series(text, index=r.index)

    flag(outside_set.fillna(False).astype(bool), "period-outside-set", "period", detail=span)

    # missing values: not-applicable flag and missing reason agree; an approved row needs something
    t.loc[t["not_applicable"], "missing_reason"] = "not_applicable"
    marked = t["missing_reason"] != ""
    has_value = val.notna() | (t["text_value"] != "")
    shown = lambda r: _g("value")(r).where(r["text_value"] == "", r["text_value"])  # noqa: E731
    flag(marked & has_value, "value-conflicts-with-missing", "value", shown, detail=t["missing_reason"])
    approved = t["approval_status"] == APPROVED
    flag(approved & ~has_value & ~marked & ~rej, "value-missing", "value", values="")

    dup, first_row = _first_rows(t, ["provider_id", "indicator_id", "period"], approved & ~rej)
    which = lambda r: r["provider_id"] + ", indicator " + r["indicator_id"] + ", period " + r["period"]  # noqa: E731
    flag(dup, "duplicate-result", "", t["period"], detail=which, first_row=first_row)
    return Checked(t, issues, rej)


def validate_release(tables: dict[str, pd.DataFrame], min_denominator: int = 10) -> dict[str, Checked]:
    """Validate the three contract tables (`min_denominator`: the release's default threshold)."""
    providers = check_providers(tables["providers"])
    indicators = check_indicators(tables["indicators"])
    results = check_results(tables["results"], providers, indicators)
    require_denominators(results, indicators, min_denominator)
    return {"providers": providers, "indicators": indicators, "results": results}
