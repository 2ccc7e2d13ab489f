"""Fields: one contract column's text parsed into its type, and the located issues of the rows it fails.

Every issue names the file, row, column and value; `row_issues` makes them from a mask of rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.config.contract import FieldSpec
from generator.core.errors import Issue, did_you_mean
from generator.core.ids import MAX_ID
from generator.core.names import FALSE_WORDS, SOURCE_FILE, SOURCE_ROW, TRUE_WORDS
from generator.core.periods import PERIOD_PATTERN, normalise_period
from generator.intake.synonyms import SYNONYMS
from generator.intake.text import by_distinct, clean_cells

ID_RULE = f"id (any text of at most {MAX_ID} characters without line breaks or control characters)"
PATTERN_NAMES = {"provider_id": ID_RULE, "indicator_id": ID_RULE, "set_id": ID_RULE}
#: Optional columns whose bad value still rejects the row: the catalogue's disclosure threshold, rate scale
#: and valid range decide what may be published, so none of them is guessed away; a result's
#: value (without it the row would be rejected as value-missing, hiding what was wrong) and a delivered
#: interval (half of one dropped would have the verdict rest on an interval made from counts instead).
ROW_CRITICAL = frozenset(
    {"min_denominator", "rate_per", "min_value", "max_value", "value", "ci_low", "ci_high", "ci_level"}
)


def row_issues(
    df: pd.DataFrame, mask: pd.Series, code: str, column: str = "", values=None, **fields
) -> list[Issue]:
    """One Issue per row where mask is true, located by the row's provenance.

    `values` (default: the column's cells) and each field (detail, hint, first_row, details) may be a
    Series over the whole table, a plain value, or a function of the flagged rows returning a Series for
    them: then texts are made for the flagged rows only, not for every row of a large table.
    """
    if not mask.any():
        return []
    rows = df.loc[mask]

    def for_rows(given):
        given = given(rows) if callable(given) else given
        return given.reindex(rows.index).tolist() if isinstance(given, pd.Series) else [given] * len(rows)

    vals = for_rows(values if values is not None else rows[column] if column else "")
    given = {k: for_rows(v) for k, v in fields.items()}
    if "details" in given:
        given["detail"] = given.pop("details")
    firsts = given.pop("first_row", [None] * len(rows))
    files, numbers = rows[SOURCE_FILE].astype(str).tolist(), rows[SOURCE_ROW].astype(int).tolist()
    return [
        Issue(
            code,
            file=files[n],
            row=numbers[n],
            column=column,
            value=f"{value:g}" if isinstance(value, float) else str(value),
            extra={"first": firsts[n]} if firsts[n] is not None else {},
            **{k: v[n] for k, v in given.items()},
        )
        for n, value in enumerate(vals)
    ]


def parse_field(df: pd.DataFrame, f: FieldSpec) -> tuple[pd.Series, list[Issue], pd.Series]:
    """Parse one text column to its contract type; return (typed column, issues, bad-row mask).

    Invisible control and text-direction characters are removed first, each cell with a warning.
    """
    text, removed = clean_cells(df[f.name].astype(str))
    issues = row_issues(df, removed != "", "control-character-removed", f.name, text, details=removed)
    text = text.str.strip()
    empty = text == ""
    bad = pd.Series(False, index=df.index)
    if f.required:
        issues += row_issues(df, empty, "required-missing", f.name)
        bad |= empty
    if f.type in ("number", "integer"):
        typed = pd.to_numeric(text.where(~empty, None), errors="coerce").astype(float)
        typed = typed.where(~np.isinf(typed))  # 'inf', 'Infinity', '1e999' are not numbers a result can have
        wrong = ~empty & typed.isna()
        if f.type == "integer":
            wrong |= typed.notna() & (typed != typed.round())
        issues += row_issues(
            df, wrong, "integer-invalid" if f.type == "integer" else "number-invalid", f.name
        )
        bad |= wrong
        if f.minimum is not None and f.minimum == 0:
            neg = typed < 0
            issues += row_issues(df, neg, "negative-count", f.name)
            bad |= neg
        elif f.minimum is not None or f.maximum is not None:
            lo, hi = (
                f.minimum if f.minimum is not None else -np.inf,
                f.maximum if f.maximum is not None else np.inf,
            )
            out = (typed < lo) | (typed > hi)
            issues += row_issues(df, out, "value-out-of-range", f.name, detail=f"{lo:g}..{hi:g}")
            bad |= out
        return typed, issues, bad
    if f.type == "boolean":
        low = text.str.lower()
        typed = low.isin(TRUE_WORDS)
        wrong = ~empty & ~typed & ~low.isin(FALSE_WORDS)
        issues += row_issues(df, wrong, "boolean-invalid", f.name)
        return typed, issues, bad | wrong
    if f.type == "date":
        parsed = pd.to_datetime(text.where(~empty, None), format="%Y-%m-%d", errors="coerce")
        wrong = ~empty & parsed.isna()
        issues += row_issues(
            df,
            wrong,
            "date-invalid",
            f.name,
            detail="YYYY-MM-DD or a format listed under 'date_formats' in intake.yaml",
        )
        typed = parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), "")
        return typed.astype(str), issues, bad | wrong
    typed = text
    if f.enum:
        low = text.str.lower()
        synonyms = SYNONYMS.get(f.name, {})
        typed = by_distinct(low, lambda d: d.map(lambda v: synonyms.get(v, v))).astype(str)
        wrong = ~empty & ~typed.isin(f.enum)
        if wrong.any():
            hints = text[wrong].map(lambda v: did_you_mean(v, f.enum))
            issues += row_issues(df, wrong, "enum-invalid", f.name, detail=", ".join(f.enum), hint=hints)
        bad |= wrong
    elif f.name == "period":
        typed = by_distinct(text, lambda d: d.map(normalise_period)).astype(str)
        wrong = ~empty & ~typed.str.match(PERIOD_PATTERN.pattern)
        issues += row_issues(df, wrong, "period-invalid", f.name)
        bad |= wrong
    elif f.pattern:
        wrong = ~empty & ~text.str.fullmatch(f.pattern)
        issues += row_issues(df, wrong, "pattern-invalid", f.name, detail=PATTERN_NAMES.get(f.name, "value"))
        bad |= wrong
    return typed.astype(str), issues, bad


def drop_bad_values(
    f: FieldSpec, typed: pd.Series, issues: list[Issue], bad: pd.Series
) -> tuple[pd.Series, list[Issue], pd.Series]:
    """A bad value of an optional column costs the value, not the row: it is left empty (NaN, '' or
    False), and each row issue becomes a located `field-dropped` warning saying what was wrong. Required
    columns and ROW_CRITICAL ones are returned as they are (their bad rows are rejected)."""
    if f.required or f.name in ROW_CRITICAL or not bad.any():
        return typed, issues, bad
    empty = np.nan if typed.dtype.kind == "f" else False if typed.dtype.kind == "b" else ""
    dropped = [
        Issue("field-dropped", i.file, i.row, i.column, i.value, detail=i.message, extra={"rule": i.code})
        if i.severity == "row"
        else i
        for i in issues
    ]
    return typed.mask(bad, empty), dropped, pd.Series(False, index=bad.index)
