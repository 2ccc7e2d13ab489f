"""Tests of compute/regions.py: region values from published results only, with the disclosure rules."""

import numpy as np
import pandas as pd

from generator.compute.regions import MIN_PROVIDERS, REGION_COLUMNS, region_values


def catalogue(**overrides):
    row = {"indicator_id": "P1", "unit": "percentage", "value_basis": "crude", "rate_per": np.nan}
    return pd.DataFrame([row | overrides])


def registry(n=8):
    """Providers 00..0n: four in Utrecht (region Midden), the rest in Zeeland (region Zuidwest)."""
    return pd.DataFrame(
        {
            "provider_id": [f"0{i}" for i in range(n)],
            "parent_id": "",
            "kind": "ziekenhuis",
            "province": ["Utrecht"] * 4 + ["Zeeland"] * (n - 4),
            "region": ["Regio Midden"] * 4 + ["Regio Zuidwest"] * (n - 4),
        }
    )


def results(rows):
    base = {"indicator_id": "P1", "period": "2025", "status": "published", "expected": np.nan}
    base |= {"min_denominator": 10.0}
    frame = pd.DataFrame([base | r for r in rows])
    frame["value"] = frame.get("value", frame["numerator"] / frame["denominator"] * 100)
    return frame


def test_a_region_value_is_pooled_from_its_published_results_only():
    rows = [{"provider_id": f"0{i}", "numerator": 10.0 + i, "denominator": 20.0} for i in range(8)]
    res = results(rows)
    hidden = res["provider_id"] == "03"
    res.loc[hidden, ["status", "value", "numerator", "denominator"]] = [
        "too_few_cases",
        np.nan,
        np.nan,
        np.nan,
    ]
    out = region_values(res, catalogue(), registry())
    assert list(out.columns) == REGION_COLUMNS
    utrecht = out[(out["area_type"] == "province") & (out["area"] == "Utrecht")].iloc[0]
    assert utrecht["providers"] == 3 and utrecht["shown"]
    assert utrecht["value"] == (10 + 11 + 12) / 60 * 100
    # whatever the suppressed row held, no region figure changes: it is not in any of them
    res.loc[hidden, "status"] = "suppressed_complement"
    assert out.equals(region_values(res, catalogue(), registry()))


def test_a_region_with_too_few_providers_or_cases_shows_no_value():
    rows = [{"provider_id": f"0{i}", "numerator": 3.0, "denominator": 4.0} for i in range(6)]
    out = region_values(results(rows), catalogue(), registry(6)).set_index(["area_type", "area"])
    # Utrecht: 4 providers, 16 cases; Zeeland: 2 providers (fewer than MIN_PROVIDERS)
    assert MIN_PROVIDERS > 2
    assert out.loc[("province", "Utrecht"), "shown"]
    zeeland = out.loc[("province", "Zeeland")]
    assert not zeeland["shown"] and zeeland["reason"] == "too_few_providers"
    assert np.isnan(zeeland["value"]) and np.isnan(zeeland["numerator"]) and np.isnan(zeeland["denominator"])
    few = results([{"provider_id": f"0{i}", "numerator": 1.0, "denominator": 2.0} for i in range(4)])
    small = region_values(few, catalogue(), registry(4)).set_index(["area_type", "area"])
    assert small.loc[("province", "Utrecht"), "reason"] == "too_few_cases"  # 8 cases, threshold 10
    assert np.isnan(small.loc[("province", "Utrecht"), "value"])


def test_the_small_count_rule_applies_to_region_counts():
    rows = [{"provider_id": f"0{i}", "numerator": 0.0 if i else 1.0, "denominator": 20.0} for i in range(4)]
    out = region_values(results(rows), catalogue(), registry(4), small_count=5)
    assert out.loc[out["area"] == "Utrecht", "reason"].tolist() == ["too_few_cases"]


def test_only_each_indicators_latest_period_and_both_kinds_of_region():
    rows = [{"provider_id": f"0{i}", "numerator": 10.0, "denominator": 20.0} for i in range(8)]
    old = [r | {"period": "2024"} for r in rows]
    out = region_values(results(rows + old), catalogue(), registry())
    assert set(out["period"]) == {"2025"}
    assert sorted(zip(out["area_type"], out["area"])) == [
        ("province", "Utrecht"),
        ("province", "Zeeland"),
        ("region", "Regio Midden"),
        ("region", "Regio Zuidwest"),
    ]
