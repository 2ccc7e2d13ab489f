"""Tests of generator/demo.py: the seeded, fictitious demo release."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from generator.demo import generate as demo

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "generator" / "schemas"
TABLES = ("providers", "indicators", "results")


def schema(table: str) -> dict:
    return json.loads((SCHEMAS / f"{table}.schema.json").read_text(encoding="utf-8"))


def numbers(col: pd.Series) -> pd.Series:
    return pd.to_numeric(col.where(col != "", None)).astype(float)


@pytest.fixture(scope="module")
def release() -> dict[str, pd.DataFrame]:
    return demo.generate_demo()


@pytest.fixture(scope="module")
def merged(release) -> pd.DataFrame:
    return release["results"].merge(release["indicators"], on="indicator_id", how="left")


def test_same_seed_gives_identical_frames(release):
    again = demo.generate_demo(300, seed=20261101, first_year=2021, last_year=2025)
    for name in TABLES:
        pd.testing.assert_frame_equal(release[name], again[name])


def test_different_seed_gives_different_frames(release):
    other = demo.generate_demo(seed=7)
    assert not release["providers"].equals(other["providers"])
    assert not release["results"].equals(other["results"])


@pytest.mark.parametrize("table", TABLES)
def test_columns_are_the_contract_in_schema_order(release, table):
    assert list(release[table].columns) == [f["name"] for f in schema(table)["fields"]]


@pytest.mark.parametrize("table", TABLES)
def test_every_cell_is_text_and_fits_the_contract(release, table):
    df = release[table]
    for field in schema(table)["fields"]:
        col = df[field["name"]]
        assert col.map(type).eq(str).all(), field["name"]
        filled = col[col != ""]
        rules = field.get("constraints", {})
        if rules.get("required"):
            assert (col != "").all(), field["name"]
        if "enum" in rules:
            assert filled.isin(rules["enum"]).all(), (field["name"], set(filled) - set(rules["enum"]))
        if "pattern" in rules:
            assert filled.str.fullmatch(rules["pattern"]).all(), field["name"]
        if field["type"] in ("number", "integer"):
            assert filled.str.fullmatch(r"-?\d+(\.\d+)?").all(), field["name"]  # '.' decimal, no grouping
            values = filled.astype(float)
            assert (values >= rules.get("minimum", -np.inf)).all(), field["name"]
            assert (values <= rules.get("maximum", np.inf)).all(), field["name"]
        if field["type"] == "integer":
            assert filled.str.fullmatch(r"\d+").all(), field["name"]
        if field["type"] == "date":
            assert filled.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), field["name"]
            pd.to_datetime(filled, format="%Y-%m-%d")
        if field["type"] == "boolean":
            assert filled.isin(["true", "false"]).all(), field["name"]


def test_rows_are_sorted(release):
    p, i, r = release["providers"], release["indicators"], release["results"]
    assert p["provider_id"].is_monotonic_increasing
    assert i["indicator_id"].is_monotonic_increasing
    key = list(zip(r["provider_id"], r["indicator_id"], r["period"]))
    assert key == sorted(key)


def test_provider_ids_are_unique_text_with_leading_zeros(release):
    ids = release["providers"]["provider_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"\d{8}").all()
    assert ids.str.startswith("0").sum() >= 10


def test_provider_mix_and_organisations(release):
    p = release["providers"]
    kinds = p["kind"].value_counts()
    assert len(p) == 300
    assert set(kinds.index) >= {"vsv", "ziekenhuis", "verpleeghuis", "ggz", "huisartspraktijk", "organisatie"}
    assert kinds["huisartspraktijk"] > kinds["ziekenhuis"] and kinds["verpleeghuis"] > kinds["vsv"]
    orgs = set(p.loc[p["kind"] == "organisatie", "provider_id"])
    locations = p[p["kind"] == "verpleeghuis"]
    assert locations["parent_id"].isin(orgs).all()
    assert (p.loc[p["kind"] != "verpleeghuis", "parent_id"] == "").all()
    assert orgs == set(locations["parent_id"])  # every organisation has a location


def test_providers_are_plainly_fictitious(release):
    p = release["providers"]
    assert p["name"].str.lower().str.contains("demo|fictie|voorbeeld").all()
    assert p["name"].is_unique
    assert p["website"].str.fullmatch(r"https://www\.example\.org/[a-z0-9-]+").all()


def test_postcodes_and_places_come_from_the_bundled_pc4_table(release):
    p = release["providers"]
    pc4 = pd.read_csv(ROOT / "generator" / "data" / "pc4.csv", dtype=str, keep_default_na=False)
    assert list(pc4.columns) == ["pc4", "place", "municipality", "province", "latitude", "longitude"]
    assert pc4["pc4"].is_unique and len(pc4) > 4000
    # the municipalities and provinces of 2025 (CBS): merged-away ones are gone, and each lies in one province
    assert pc4["municipality"].nunique() == 342 and pc4["province"].nunique() == 12
    assert {"Altena", "Land van Cuijk", "Het Hogeland", "Hengelo (O.)"} <= set(pc4["municipality"])
    assert not {"Aalburg", "Boxmeer", "Weesp", "Friesland"} & (
        set(pc4["municipality"]) | set(pc4["province"])
    )
    assert (pc4.groupby("municipality")["province"].nunique() == 1).all()
    assert p["postcode"].str.fullmatch(r"[1-9]\d{3} [A-Z]{2}").all()
    rows = pc4.set_index("pc4").loc[p["postcode"].str[:4]]
    assert (rows["place"].to_numpy() == p["city"].to_numpy()).all()
    assert (rows["municipality"].to_numpy() == p["municipality"].to_numpy()).all()
    assert (rows["province"].to_numpy() == p["province"].to_numpy()).all()
    lat, lon = p["latitude"].astype(float), p["longitude"].astype(float)
    assert (abs(lat - rows["latitude"].astype(float).to_numpy()) < 0.05).all()
    assert (abs(lon - rows["longitude"].astype(float).to_numpy()) < 0.05).all()
    assert p["latitude"].str.fullmatch(r"5\d\.\d{5}").all()
    assert (p["region"] != "").all() and (p["address"].str.fullmatch(r"\S+ \d+")).all()


def test_indicator_sets(release):
    ind = release["indicators"]
    sets = ind.groupby("set_id")
    assert {"geboortezorg", "verpleeghuiszorg", "ziekenhuizen", "ggz", "huisartsenzorg"} <= set(sets.groups)
    assert len(sets) >= 5
    for set_id, group in sets:
        assert 5 <= len(group) <= 12, set_id
        assert 2 <= (group["in_choice_aid"] == "true").sum() <= 4, set_id
        assert group["provider_kind"].nunique() == 1 and group["level"].nunique() == 1, set_id
    for col in ("title", "description", "lay_explanation", "set_title", "provider_kind", "level"):
        assert (ind[col] != "").all(), col
    assert ind["indicator_id"].str.fullmatch(r"[A-Z]{2,3}-\d{2}").all()
    assert set(ind["unit"]) >= {"percentage", "rate", "mean", "median", "count", "yesno", "text"}
    rates = ind[ind["unit"] == "rate"]
    assert (rates["rate_per"] == "1000").all() and (ind.loc[ind["unit"] != "rate", "rate_per"] == "").all()
    bounded = ind[ind["unit"].isin(["mean", "median"])]
    assert (bounded["min_value"] != "").all() and (bounded["max_value"] != "").all()
    waits = ind[ind["unit"] == "median"]
    assert (waits["refresh_months"] == "3").all() and (waits["direction"] == "lower").all()
    assert (waits["max_value"] == "104").all()
    assert 1 <= (ind["min_denominator"] != "").sum() <= 3
    assert (ind["first_year"] == "2021").all() and (ind["last_year"] == "2025").all()


def test_results_cover_the_years_and_are_unique(release, merged):
    r = release["results"]
    assert r["period"].str[:4].nunique() >= 4
    assert not r.duplicated(["provider_id", "indicator_id", "period"]).any()
    assert r["provider_id"].isin(release["providers"]["provider_id"]).all()
    assert r["indicator_id"].isin(release["indicators"]["indicator_id"]).all()
    year = merged["period"].str[:4].astype(int)
    assert ((year >= merged["first_year"].astype(int)) & (year <= merged["last_year"].astype(int))).all()
    kinds = release["providers"].set_index("provider_id")["kind"]
    assert (kinds.loc[merged["provider_id"]].to_numpy() == merged["provider_kind"].to_numpy()).all()


def test_results_are_valid_under_the_contract(merged):
    m = merged
    num, den, val = numbers(m["numerator"]), numbers(m["denominator"]), numbers(m["value"])
    pct, rate = m["unit"] == "percentage", m["unit"] == "rate"
    assert (num[pct & num.notna()] <= den[pct & num.notna()]).all()
    assert (num.notna() == den.notna())[pct | rate].all()
    exact = (pct | rate) & val.notna()
    assert ((val - np.where(pct, 100, 1000) * num / den)[exact].abs() <= 0.05 + 1e-9).all()
    assert (val[pct].dropna() <= 100).all() and (val[pct].dropna() >= 0).all()
    lo, hi = numbers(m["min_value"]), numbers(m["max_value"])
    assert not (val < lo).any() and not (val > hi).any()
    na = m["not_applicable"] == "true"
    assert (m.loc[na, ["value", "text_value", "numerator", "denominator"]] == "").all().all()
    assert (m.loc[na, "missing_reason"] == "not_applicable").all() and (
        m.loc[~na, "missing_reason"] == ""
    ).all()
    approved = m["approval_status"] == "approved"
    has = (m["value"] != "") | (m["text_value"] != "") | na | (pct & num.notna() & (den > 0))
    assert has[approved].all()
    yesno = (m["unit"] == "yesno") & ~na
    assert m.loc[yesno, "text_value"].isin(["ja", "nee"]).all()
    assert ((m.loc[yesno, "value"] == "1") == (m.loc[yesno, "text_value"] == "ja")).all()
    assert (m.loc[(m["unit"] == "text") & ~na, "text_value"] != "").all()
    assert (m.loc[(m["unit"] == "mean") & ~na, "standard_deviation"] != "").all()
    assert (m.loc[m["unit"] == "count", "value"].str.fullmatch(r"\d*")).all()


def test_believable_spread_and_small_denominators(merged):
    den = numbers(merged["denominator"])
    assert (den < 10).sum() >= 20 and (den >= 1000).sum() >= 20
    pct = merged[(merged["unit"] == "percentage") & (merged["value"] != "")]
    spread = pct.groupby("indicator_id")["value"].agg(lambda v: v.astype(float).std())
    assert (spread > 0.3).all()  # providers genuinely differ
    delivered = merged[(merged["unit"] == "percentage") & (merged["not_applicable"] == "false")]
    assert 0.05 <= (delivered["value"] == "").mean() <= 0.15  # left for the pipeline to compute


def test_approval_mix_dates_and_deliveries(merged):
    status = merged["approval_status"].value_counts(normalize=True)
    assert 0.88 <= status["approved"] <= 0.96
    for other in ("pending", "rejected", "withdrawn"):
        assert 0.005 <= status[other] <= 0.06, other
    pending = merged["approval_status"] == "pending"
    assert (merged.loc[pending, "approval_date"] == "").all() and (
        merged.loc[~pending, "approval_date"] != ""
    ).all()
    dated = merged[~pending]
    end = pd.to_datetime(dated["period"].str[:4] + "-12-31")
    approval = pd.to_datetime(dated["approval_date"])
    assert (approval > pd.to_datetime(dated["period"].str[:4] + "-01-01")).all()
    assert ((approval - end).dt.days <= 366).all()
    assert merged["delivery_id"].str.fullmatch(r"D\d{4}-\d{6}").all()
    assert (merged["delivery_id"].str[1:5] == merged["period"].str[:4]).all()
    assert 0.02 <= (merged["explanation"] != "").mean() <= 0.1
    assert (merged["not_applicable"] == "true").sum() >= 1


def test_ggz_waiting_times_are_quarterly_and_confirmed(merged):
    waits = merged["unit"] == "median"
    assert waits.sum() > 0
    assert merged.loc[waits, "period"].str.fullmatch(r"\d{4}-Q[1-4]").all()
    assert (merged.loc[waits, "confirmed_date"] != "").all() and (
        merged.loc[~waits, "confirmed_date"] == ""
    ).all()
    assert merged.loc[~waits, "period"].str.fullmatch(r"\d{4}").all()


def test_some_providers_deliver_nothing(release):
    p, r = release["providers"], release["results"]
    silent = p[~p["provider_id"].isin(r["provider_id"])]
    assert (silent["kind"] != "organisatie").sum() >= 3
    assert (p.loc[p["kind"] == "organisatie", "provider_id"].isin(r["provider_id"])).sum() == 0


def test_size_scales_the_counts(release):
    big = demo.generate_demo(1000)
    assert len(big["providers"]) == 1000
    assert len(big["results"]) > 2.5 * len(release["results"])
    for kind in ("verpleeghuis", "huisartspraktijk", "ggz", "organisatie"):
        assert (big["providers"]["kind"] == kind).sum() > 2.5 * (release["providers"]["kind"] == kind).sum()
    assert big["indicators"].equals(release["indicators"])


def test_years_follow_the_arguments():
    small = demo.generate_demo(60, seed=1, first_year=2023, last_year=2024)
    assert set(small["results"]["period"].str[:4]) == {"2023", "2024"}
    assert (small["indicators"]["first_year"] == "2023").all() and (
        small["indicators"]["last_year"] == "2024"
    ).all()
    with pytest.raises(ValueError):
        demo.generate_demo(10)
    with pytest.raises(ValueError):
        demo.generate_demo(300, first_year=2025, last_year=2021)


def test_intake_yaml_is_the_agreed_config():
    assert demo.INTAKE_YAML.startswith(
        "# Intake configuration of a Zorgspiegel demo release (fictitious data).\n"
    )
    assert yaml.safe_load(demo.INTAKE_YAML) == {
        "version": 1,
        "publication": {
            "title": "Zorgspiegel (demo)",
            "publisher": "Zorgspiegel demo (fictieve gegevens)",
            "demo": True,
            "registry_public": True,
            "expected_deliveries": "provider_kind",
            "site_url": "https://zorgspiegel.example.org/",
        },
        "tables": {t: {"file": f"{t}.csv"} for t in TABLES},
    }


def test_demo_reads_nothing_outside_the_repository():
    for module in ("demo/generate.py", "demo/sets.py"):
        assert "/work/shared" not in (ROOT / "generator" / module).read_text(encoding="utf-8")
    assert (ROOT / "generator" / "data" / "README.md").read_text(encoding="utf-8").count("CC BY 4.0")


def test_round_trip_through_csv_and_the_intake(tmp_path, release):
    """Written as CSV and read back through the normal intake, no row is rejected."""
    build = pytest.importorskip("generator.pipeline")
    writer = pytest.importorskip("generator.publish.writer")
    writer.write_intake_folder(tmp_path, release, demo.INTAKE_YAML)
    _, _, checked, _ = build.check_release(tmp_path)
    for name in TABLES:
        assert int(checked[name].rejected.sum()) == 0, (name, checked[name].issues[:3])
        assert checked[name].issues == [], (name, checked[name].issues[:3])
        assert len(checked[name].table) == len(release[name])
    assert re.fullmatch(r"\d{8}", checked["providers"].table["provider_id"].iloc[0])
