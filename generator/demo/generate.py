"""The seeded demo release: a realistic, plainly fictitious set of Dutch quality-indicator data.

`generate_demo()` returns the three intake tables (providers, indicators, results) as pandas
DataFrames with exactly the contract's columns, every cell a str ("" for missing), so that a writer
can put them on disk as CSV next to `INTAKE_YAML` and the normal intake reads them back.
The same arguments always give the same frames (numpy's default_rng(seed), fixed draw order).
Postcodes, places and coordinates come from generator/data/pc4.csv (GeoNames, CC BY 4.0), the
municipalities and provinces of 2025 too (© CBS);
names, addresses, websites and all results are made up. The catalogue is in sets.py,
the provider registry in registry.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator.demo import registry
from generator.demo.registry import columns as _columns
from generator.demo.registry import text as _text
from generator.demo.sets import SETS

INTAKE_YAML = """\
# Intake configuration of a Zorgspiegel demo release (fictitious data).
version: 1
publication:
  title: Zorgspiegel (demo)
  publisher: Zorgspiegel demo (fictieve gegevens)
  demo: true
  registry_public: true  # the fictitious registry is public: providers that approved nothing are shown
  expected_deliveries: provider_kind  # every provider of a set's kind must deliver it (a mandatory set)
  site_url: https://zorgspiegel.example.org/  # a made-up address: the sitemap and catalogue need one
tables:
  providers: {file: providers.csv}
  indicators: {file: indicators.csv}
  results: {file: results.csv}
"""


def intake_yaml(language: str = "nl") -> str:
    """The demo's intake.yaml; with language 'en' the site's labels are English."""
    return (
        INTAKE_YAML
        if language == "nl"
        else INTAKE_YAML.replace("  demo: true\n", f"  demo: true\n  language: {language}\n")
    )


_HERE = Path(__file__).resolve().parents[1]
_STATUS = np.array(["approved", "pending", "rejected", "withdrawn"], dtype=object)
_STATUS_CUM = np.array([0.93, 0.96, 0.98])  # ~93 % approved, 3 % pending, 2 % rejected, 2 % withdrawn
_DECIMALS = {"percentage": 1, "rate": 1, "median": 1, "count": 0, "yesno": 0}


def generate_demo(
    providers: int = 300, seed: int = 20261101, first_year: int = 2021, last_year: int = 2025
) -> dict[str, pd.DataFrame]:
    """Build the seeded demo release: {"providers", "indicators", "results"} as all-text frames.

    `providers` is the total number of provider rows (organisations included, at least 30);
    results cover the years first_year..last_year (GGZ waiting times per quarter).
    """
    if providers < 30:
        raise ValueError("providers must be at least 30")
    if not 1900 <= first_year <= last_year <= 2100:
        raise ValueError("need 1900 <= first_year <= last_year <= 2100")
    rng = np.random.default_rng(seed)
    prov = registry.draw_providers(rng, providers)
    return {
        "providers": registry.provider_frame(prov),
        "indicators": _indicator_frame(first_year, last_year),
        "results": _results(rng, prov, first_year, last_year),
    }


# --- formatting -----------------------------------------------------------------------------


def _catalogue() -> list[tuple[dict, dict]]:
    return [(s, ind) for s in SETS for ind in s["indicators"]]


def _number(x: float | int | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _indicator_frame(first_year: int, last_year: int) -> pd.DataFrame:
    rows = [
        {
            "indicator_id": i["id"],
            "set_id": s["set_id"],
            "set_title": s["set_title"],
            "title": i["title"],
            "description": i["description"],
            "type": i["type"],
            "unit": i["unit"],
            "unit_label": i.get("unit_label", ""),
            "direction": i["direction"],
            "numerator_definition": i.get("num", ""),
            "denominator_definition": i.get("den", ""),
            "min_denominator": _number(i.get("min_denominator")),
            "rate_per": _number(i.get("rate_per")),
            "min_value": _number(i.get("min_value")),
            "max_value": _number(i.get("max_value")),
            "level": s["level"],
            "provider_kind": s["provider_kind"],
            "first_year": str(first_year),
            "last_year": str(last_year),
            "in_choice_aid": "true" if i.get("choice") else "false",
            "lay_explanation": i["lay"],
            "refresh_months": str(i.get("refresh", 12)),
        }
        for s, i in _catalogue()
    ]
    frame = pd.DataFrame(rows, dtype=object)
    frame = frame.reindex(columns=list(_columns("indicators")), fill_value="")  # every contract column
    return frame.sort_values("indicator_id", ignore_index=True)


# --- results --------------------------------------------------------------------------------


def _simulate(
    rng: np.random.Generator,
    ind: dict,
    size: np.ndarray,
    quality: np.ndarray,
    t: np.ndarray,
    quarter: np.ndarray,
    n_t: int,
) -> dict[str, np.ndarray]:
    """Numerator, denominator, value, text and sd of one indicator for (provider, period) rows."""
    sim, unit, rows = ind["sim"], ind["unit"], len(t)
    sign = -1.0 if ind["direction"] == "lower" else 1.0
    own = np.repeat(rng.standard_normal(len(quality)), n_t)  # the provider's own effect
    q = own if ind["direction"] == "neither" else 0.5 * np.repeat(quality, n_t) + 0.866 * own
    nan = np.full(rows, np.nan)
    out = {"num": nan, "den": nan, "value": nan, "text": np.full(rows, "", dtype=object), "sd": nan}
    if unit in ("percentage", "rate", "mean", "median"):
        spread = {"percentage": 0.1, "rate": 0.03, "mean": 0.15, "median": 0.3}[unit]
        den = np.maximum(1.0, np.rint(sim["den"] * size * np.exp(spread * rng.standard_normal(rows))))
        out["den"] = den
    if unit == "percentage":
        logit = (
            np.log(sim["p"] / (1 - sim["p"]))
            + sign * (sim["sd"] * q + sim["trend"] * t)
            + 0.08 * rng.standard_normal(rows)
        )
        p = np.clip(1 / (1 + np.exp(-logit)), 0.0005, 0.9995)
        out["num"] = rng.binomial(den.astype(np.int64), p).astype(float)
        out["value"] = np.where(rng.random(rows) < 0.1, np.nan, 100 * out["num"] / den)
    elif unit == "rate":
        rate = np.exp(
            np.log(sim["r"]) + sign * (sim["sd"] * q + sim["trend"] * t) + 0.05 * rng.standard_normal(rows)
        )
        out["num"] = rng.poisson(den * rate / ind["rate_per"]).astype(float)
        out["value"] = ind["rate_per"] * out["num"] / den
    elif unit == "mean":
        mu = sim["mu"] + sign * (sim["sd"] * q + sim["trend"] * t)
        mean = mu + sim["sdw"] / np.sqrt(den) * rng.standard_normal(rows)
        out["value"] = np.clip(mean, ind["min_value"], ind["max_value"])
        out["sd"] = sim["sdw"] * np.exp(0.1 * rng.standard_normal(rows))
    elif unit == "median":
        log_w = (
            np.log(sim["mu"])
            + sign * (sim["sd"] * q + sim["trend"] * t)
            + 0.08 * (quarter == 3)
            + (0.15 + 0.5 / np.sqrt(den)) * rng.standard_normal(rows)
        )
        out["value"] = np.clip(np.exp(log_w), ind["min_value"], ind["max_value"])
    elif unit == "count":
        lam = sim["c"] * size * np.exp(sim["sd"] * q + sim["trend"] * t + 0.05 * rng.standard_normal(rows))
        out["value"] = rng.poisson(lam).astype(float)
    elif unit == "yesno":
        latent = (
            np.log(sim["p"] / (1 - sim["p"]))
            + sign * sim["sd"] * q
            + sim.get("trend", 0.0) * t
            + 0.5 * rng.standard_normal(rows)
        )
        out["value"] = (latent > 0).astype(float)
        out["text"] = np.where(latent > 0, "ja", "nee").astype(object)
    elif unit == "text":
        answers = np.array(sim["answers"], dtype=object)
        pick = np.repeat(rng.integers(0, len(answers), len(quality)), n_t)
        pick = np.where(rng.random(rows) < 0.15, rng.integers(0, len(answers), rows), pick)
        out["text"] = answers[pick]
    return out


def _results(
    rng: np.random.Generator, p: dict[str, np.ndarray], first_year: int, last_year: int
) -> pd.DataFrame:
    years = np.arange(first_year, last_year + 1)
    n_y = len(years)
    catalogue = _catalogue()
    parts: dict[str, list[np.ndarray]] = {}
    for set_no, s in enumerate(SETS):
        members = np.flatnonzero((p["kind"] == s["provider_kind"]) & p["delivers"])
        na_groups: dict[str, np.ndarray] = {}
        for ind_no, (owner, ind) in enumerate(catalogue):
            if owner is not s:
                continue
            quarterly = ind.get("period") == "quarter"
            yr = np.repeat(years, 4) if quarterly else years
            qt = np.tile(np.arange(1, 5), n_y) if quarterly else np.zeros(n_y, dtype=np.int64)
            n_t = len(yr)
            who = np.repeat(members, n_t)
            year, quarter = np.tile(yr, len(members)), np.tile(qt, len(members))
            t = (year - first_year) + np.where(quarter > 0, (quarter - 1) / 4, 0.0)
            sim = _simulate(rng, ind, p["size"][who], p["quality"][members], t, quarter, n_t)
            if ind.get("na"):
                if ind["na"] not in na_groups:
                    na_groups[ind["na"]] = rng.random(len(members)) < ind["na_p"]
                na = np.repeat(na_groups[ind["na"]], n_t)
            else:
                na = np.zeros(len(who), dtype=bool)
            dec = ind["sim"].get("dec", _DECIMALS.get(ind["unit"], 0))
            text = sim["text"].copy()
            text[na] = ""
            chunk = {
                "who": who,
                "ind": np.full(len(who), ind_no),
                "set": np.full(len(who), set_no),
                "year": year,
                "quarter": quarter,
                "na": na,
                "confirm": np.full(len(who), quarterly and ind["unit"] == "median"),
                "numerator": _text(sim["num"], 0, ~np.isnan(sim["num"]) & ~na),
                "denominator": _text(sim["den"], 0, ~np.isnan(sim["den"]) & ~na),
                "value": _text(sim["value"], dec, ~np.isnan(sim["value"]) & ~na),
                "text_value": text,
                "standard_deviation": _text(sim["sd"], 2, ~np.isnan(sim["sd"]) & ~na),
            }
            for key, arr in chunk.items():
                parts.setdefault(key, []).append(arr)
    r = {key: np.concatenate(arrs) for key, arrs in parts.items()}
    return _finish(rng, p, r, catalogue, years)


def _finish(
    rng: np.random.Generator,
    p: dict[str, np.ndarray],
    r: dict[str, np.ndarray],
    catalogue: list[tuple[dict, dict]],
    years: np.ndarray,
) -> pd.DataFrame:
    """Approval, dates, deliveries, explanations; then the sorted all-text frame."""
    rows, n_prov, first_year = len(r["who"]), len(p["id"]), int(years[0])
    status = _STATUS[np.searchsorted(_STATUS_CUM, rng.random(rows), side="right")]
    # One delivery per provider and year (and per quarter for quarterly indicators).
    key = (r["year"].astype(np.int64) * 5 + r["quarter"]) * n_prov + r["who"]
    deliveries, inv = np.unique(key, return_inverse=True)
    d_year, d_quarter = deliveries // n_prov // 5, deliveries // n_prov % 5
    d_seq = np.arange(len(deliveries)) - np.searchsorted(d_year, d_year) + 1
    end_month = np.where(d_quarter > 0, 3 * d_quarter, 12)
    d_end = ((d_year - 1970) * 12 + end_month).astype("datetime64[M]").astype("datetime64[D]") - 1
    n_d = len(deliveries)
    off_year, off_conf, off_appr = (
        rng.integers(20, 271, n_d),
        rng.integers(1, 29, n_d),
        rng.integers(0, 46, n_d),
    )
    d_conf = d_end + off_conf
    d_date = np.where(d_quarter > 0, d_conf + off_appr, d_end + off_year)
    approval = d_date[inv] + np.where(status == "withdrawn", rng.integers(5, 31, rows), 0)
    approval_text = approval.astype(str).astype(object)
    approval_text[status == "pending"] = ""
    confirmed = np.where(r["confirm"], d_conf[inv].astype(str).astype(object), "")
    delivery = pc.binary_join_element_wise(
        pa.array(d_year).cast(pa.string()),
        pc.utf8_lpad(pa.array(d_seq).cast(pa.string()), width=6, padding="0"),
        "-",
    )
    delivery_id = "D" + delivery.to_numpy(zero_copy_only=False).astype(object)[inv]
    # Explanations: ~5 % of rows, in the set's own words; half of the not-applicable rows say why.
    n_y = len(years)
    flat, offset, n_tpl = [], [], []
    for s in SETS:
        offset.append(len(flat))
        n_tpl.append(len(s["explanations"]))
        flat += [tpl.replace("{year}", str(y)) for tpl in s["explanations"] for y in years]
    flat_arr = np.array(flat, dtype=object)
    tpl_no = (rng.random(rows) * np.array(n_tpl)[r["set"]]).astype(np.int64)
    expl = flat_arr[np.array(offset)[r["set"]] + tpl_no * n_y + (r["year"] - first_year)]
    explanation = np.where(rng.random(rows) < 0.05, expl, "").astype(object)
    na_text = np.array([i.get("na_text", "") for _, i in catalogue], dtype=object)[r["ind"]]
    explanation = np.where(r["na"] & (rng.random(rows) < 0.5), na_text, explanation)
    # Labels, sorted order, frame.
    ind_ids = np.array([i["id"] for _, i in catalogue], dtype=object)
    period_table = np.array([[str(y)] + [f"{y}-Q{k}" for k in range(1, 5)] for y in years], dtype=object)
    provider_rank = np.argsort(np.argsort(p["id"].astype(str), kind="stable"), kind="stable")
    indicator_rank = np.argsort(np.argsort(ind_ids.astype(str), kind="stable"), kind="stable")
    order = np.lexsort((r["year"] * 5 + r["quarter"], indicator_rank[r["ind"]], provider_rank[r["who"]]))
    columns = {
        "provider_id": p["id"][r["who"]],
        "indicator_id": ind_ids[r["ind"]],
        "period": period_table[r["year"] - first_year, r["quarter"]],
        "numerator": r["numerator"],
        "denominator": r["denominator"],
        "value": r["value"],
        "text_value": r["text_value"],
        "standard_error": np.full(rows, "", dtype=object),
        "standard_deviation": r["standard_deviation"],
        "not_applicable": np.where(r["na"], "true", "false").astype(object),
        "missing_reason": np.where(r["na"], "not_applicable", "").astype(object),
        "approval_status": status,
        "approval_date": approval_text,
        "confirmed_date": confirmed,
        "explanation": explanation,
        "delivery_id": delivery_id,
    }
    empty = np.full(rows, "", dtype=object)  # the contract's columns the demo does not fill
    return pd.DataFrame({name: columns.get(name, empty)[order] for name in _columns("results")})
