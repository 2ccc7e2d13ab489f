"""Disclosure control: which approved results may show a figure.

Three rules, applied before anything else is computed, so no interval, benchmark or chart can use a
figure that is not published:

1. the threshold: a denominator under the indicator's min_denominator (else the publication's);
2. the small-count rule (publication.small_counts = k): a count of events or non-events from 1 to k;
3. complementary suppression: a suppressed cell must not follow from a published total. An
   organisation's result minus its published locations' results, or a year's minus its published
   quarters' or months', gives the suppressed cells' sum; so in every such group the suppressed cells
   are at least two and together over the threshold (and outside the small-count range), else the
   published cell with the smallest denominator is suppressed too, and at last the total. These
   cells get status 'suppressed_complement'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.compute.levels import result_levels
from generator.core.names import PUBLISHED, STATUS_PUBLISHED, SUPPRESSED, SUPPRESSED_COMPLEMENT, TOO_FEW_CASES
from generator.core.units import SHARE_UNITS, scales

FIGURES = (
    "value",
    "numerator",
    "denominator",
    "standard_error",
    "standard_deviation",
    "expected",
    "ci_low",
    "ci_high",
)


def small_counts(results: pd.DataFrame, indicators: pd.DataFrame, k: int) -> pd.Series:
    """Rows the small-count rule suppresses: a numerator (delivered, or for shares and rates value x
    denominator), a share's non-event count (denominator - numerator) or a count's value from 1 to k."""
    cat = indicators.set_index("indicator_id")
    unit = results["indicator_id"].map(cat["unit"]).fillna("")
    per = results["indicator_id"].map(cat["rate_per"])
    num, den, val = results["numerator"], results["denominator"], results["value"]
    share, rate = unit.isin(SHARE_UNITS), unit == "rate"
    derived = (val / scales(unit, per) * den).round()
    events = num.where(num.notna() | ~(share | rate), derived)
    return _few(events, k) | (share & _few(den - events, k)) | ((unit == "count") & _few(val, k))


def _few(x: pd.Series, k: int) -> pd.Series:
    """Counts from 1 to k."""
    return (x >= 1) & (x <= k)


def complement_groups(
    results: pd.DataFrame, parent: pd.DataFrame, touching: pd.Series
) -> list[tuple[int, list[int]]]:
    """(total row, part rows) of the groups where a total is the sum of its parts and a part is in
    `touching`: an organisation's result and its locations' results of the same indicator and period
    (`parent`: compute/levels.py result_levels); a year's result and the same provider's quarters, or its
    months, of that year."""
    keyed = results[["provider_id", "indicator_id", "period"]].assign(
        _parent=parent["organisation"], _year=results["period"].str[:4], _kind=results["period"].str[4:6]
    )
    own = keyed[["provider_id", "indicator_id", "period"]]
    org_totals = keyed.loc[parent["total"], ["_parent", "indicator_id", "period"]].set_axis(
        own.columns, axis=1
    )
    everything = pd.concat([own, org_totals[~org_totals.duplicated()]])
    totals = pd.Series(everything.index, index=pd.MultiIndex.from_frame(everything))
    totals = totals[~totals.index.duplicated(keep="last")]  # a sibling total stands for its organisation
    groups: list[tuple[int, list[int]]] = []
    partitions = (
        ((keyed["_parent"] != "") & ~parent["total"], ["_parent", "indicator_id", "period"]),
        (keyed["_kind"] == "-Q", ["provider_id", "indicator_id", "_year"]),
        ((keyed["_kind"] != "") & (keyed["_kind"] != "-Q"), ["provider_id", "indicator_id", "_year"]),
    )
    for is_part, key in partitions:
        parts = keyed[is_part]
        keys = pd.MultiIndex.from_frame(parts[key])
        wanted = keys.isin(pd.MultiIndex.from_frame(parts.loc[touching[is_part], key]))
        wanted &= keys.isin(totals.index)
        for group, rows in parts[wanted].groupby(key, sort=True).groups.items():
            groups.append((int(totals[group]), [int(i) for i in rows]))
    return groups


def complement_suppression(
    results: pd.DataFrame, suppressed: pd.Series, threshold: pd.Series, providers: pd.DataFrame, k: int = 0
) -> pd.Series:
    """The rows to suppress as complement (module docstring, rule 3), given the rows already
    `suppressed`, each row's `threshold` and the small-count k."""
    hidden = suppressed.copy()
    extra = pd.Series(False, index=results.index)
    den, num = results["denominator"], results["numerator"]
    parent = result_levels(results, providers)
    touching = suppressed
    while touching.any():  # each pass suppresses more cells, or stops
        changed = False
        before = hidden.copy()
        for total, parts in complement_groups(results, parent, touching):
            if hidden[total] or not hidden[parts].any():
                continue
            while not hidden[total]:
                cells = [i for i in parts if hidden[i]]
                sum_den, sum_num = den[cells].sum(), num[cells].sum(min_count=1)
                safe = len(cells) >= 2 and sum_den >= threshold[total]
                if k > 0 and pd.notna(sum_num):
                    safe = safe and not (1 <= sum_num <= k or 1 <= sum_den - sum_num <= k)
                if safe:
                    break
                shown = [i for i in parts if not hidden[i]]
                pick = (
                    min(shown, key=lambda i: (den[i] if pd.notna(den[i]) else np.inf, i)) if shown else total
                )
                hidden[pick] = extra[pick] = changed = True
        if not changed:
            break
        touching = hidden & ~before
    return extra


def apply_disclosure(
    approved: pd.DataFrame,
    indicators: pd.DataFrame,
    default: int,
    small_count: int = 0,
    providers: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Suppress every result whose denominator is under its threshold (the indicator's own, else `default`),
    with `small_count` k > 0 every result that shows a count from 1 to k, and with `providers` (for the
    organisation / location links) the complements of rule 3.

    A suppressed result stays as a row with its figures, text and the provider's explanation emptied and
    status 'too_few_cases' (or 'suppressed_complement'); `bucket` says published or suppressed.
    """
    out = approved.copy()
    for column in FIGURES:
        if column not in out:
            out[column] = np.nan
    own = indicators.set_index("indicator_id")["min_denominator"]
    threshold = out["indicator_id"].map(own).astype(float).fillna(float(default))
    small = out["denominator"].notna() & (out["denominator"] < threshold)
    if small_count > 0:
        small |= small_counts(out, indicators, small_count)
    small &= out["missing_reason"] == ""
    complement = pd.Series(False, index=out.index)
    if providers is not None and len(out):
        complement = complement_suppression(out, small, threshold, providers, small_count)
        complement &= out["missing_reason"] == ""
    hide = small | complement
    out["min_denominator"] = threshold
    out["bucket"] = np.where(hide, SUPPRESSED, PUBLISHED)
    reason = out["missing_reason"].where(out["missing_reason"] != "", STATUS_PUBLISHED)
    out["status"] = np.select([small, complement], [TOO_FEW_CASES, SUPPRESSED_COMPLEMENT], reason)
    hidden = out["status"] != STATUS_PUBLISHED  # no figure of any kind on a row without a published result
    for column in FIGURES:
        out.loc[hidden, column] = np.nan
    out.loc[hidden, "text_value"] = ""
    out.loc[hide, "explanation"] = ""  # explanations quote small numbers too ("12,5% betreft 1 cliënt")
    if "note" in out:
        out.loc[hide, "note"] = ""  # and so may a publisher's footnote
    if "publisher_comparison" in out:
        out.loc[hidden, "publisher_comparison"] = ""
    return out
