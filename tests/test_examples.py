"""The worked examples in examples/ validate as they are published: every row read and accounted for."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from generator.core.names import BUCKETS
from generator.pipeline import build_release

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CMS = EXAMPLES / "cms-maternal-health"
ZORGINZICHT = EXAMPLES / "zorginzicht-verpleeghuiszorg"
ZI_2019 = (
    "Aanvulling openbaar databestand verpleeghuiszorg verslagjaar 2019.xlsx[Aanvulling Openb. data VHZ 2019]"
)


@pytest.fixture(scope="module")
def cms():
    return build_release(CMS, "2024-07")


@pytest.fixture(scope="module")
def zorginzicht():
    return build_release(ZORGINZICHT, "2024-01")


def _data_lines(path: Path) -> int:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_cms_every_results_row_is_read(cms):
    t = cms.report["totals"]
    assert t["read"] == _data_lines(CMS / "Maternal_Health-Hospital.csv") == 13_804
    assert t["read"] == sum(t[b] for b in BUCKETS)


def test_cms_rejects_exactly_17_rows_all_for_a_missing_value(cms):
    rep = cms.report
    assert rep["totals"]["rejected"] == 17
    assert rep["rejected_rows"] == {"providers": 0, "indicators": 0, "results": 17}
    row_issues = [i for i in rep["issues"] if i["severity"] == "row"]
    assert len(row_issues) == 17 and {i["code"] for i in row_issues} == {"value-missing"}
    assert all(i["file"] == "Maternal_Health-Hospital.csv" and i["row"] > 1 for i in row_issues)


def test_cms_ids_keep_their_leading_zeros(cms):
    assert "010001" in set(cms.registry["provider_id"])
    assert "010001" in set(cms.results["provider_id"])
    assert not any(pid.isdigit() and len(pid) < 6 for pid in cms.registry["provider_id"])


def test_cms_registry_is_read_whole(cms):
    [providers] = [f for f in cms.report["files"] if f["table"] == "providers"]
    assert providers["read"] == _data_lines(CMS / "Hospital_General_Information.csv") == providers["accepted"]
    assert set(cms.indicators["indicator_id"]) == {"PC_01", "PC_05", "SM_7"}


def test_cms_yes_no_and_not_applicable_scores(cms):
    sm7 = cms.results[(cms.results["provider_id"] == "010001") & (cms.results["indicator_id"] == "SM_7")]
    assert sm7["text_value"].tolist() == ["ja"] and sm7["value"].tolist() == [1.0]


def test_zorginzicht_2019_file_is_read_whole_with_15_rejected(zorginzicht):
    files = {f["file"]: f for f in zorginzicht.report["files"] if f["table"] == "results"}
    f = files[ZI_2019]
    assert f["rows_in_file"] == f["read"] == 429
    assert f["rejected"] == 15
    # 13 of them: percentages published without a denominator, which no disclosure threshold can check
    missing = [i for i in zorginzicht.report["issues"] if i["code"] == "denominator-missing"]
    assert len(missing) == 13 and all(i["file"].startswith(ZI_2019) for i in missing)
    assert f["read"] == sum(f[b] for b in BUCKETS)


def test_zorginzicht_every_row_of_every_file_is_accounted_for(zorginzicht):
    rep = zorginzicht.report
    results_files = [f for f in rep["files"] if f["table"] == "results"]
    assert len(results_files) >= 3  # the 2019 file and the two 2021 workbooks (several sheets)
    for f in results_files:
        assert f["rows_in_file"] == f["read"] == sum(f[b] for b in BUCKETS), f["file"]
    assert (
        rep["totals"]["read"]
        == sum(f["read"] for f in results_files)
        == sum(rep["totals"][b] for b in BUCKETS)
    )


def test_zorginzicht_kvk_numbers_are_padded_and_joined(zorginzicht):
    ids = set(zorginzicht.registry["provider_id"])
    kvk = {i for i in ids if "-" not in i}
    assert kvk and all(len(i) == 8 and i.isdigit() for i in kvk)
    assert any("-" in i and len(i.split("-")[0]) == 8 for i in ids)


def test_zorginzicht_rejections_are_located(zorginzicht):
    for issue in zorginzicht.report["issues"]:
        assert issue["file"] and issue["row"] and issue["row"] >= 2 and issue["message"]


def _cms_benchmark(name: str) -> pd.Series:
    table = pd.read_csv(EXAMPLES / "cms-maternal-health" / name, dtype=str)
    scores = table[table["Measure ID"] == "PC_01"].set_index("State" if "State" in table else "Measure ID")[
        "Score"
    ]
    return pd.to_numeric(scores, errors="coerce")  # 'Not Available' for states CMS does not report


def test_cms_national_pc01_matches_cms_own_national_file(cms):
    """CMS publishes the national PC_01 rate as a whole percent; ours is pooled from the hospitals'
    (integer) scores weighted by their sample, and rounds to the same figure."""
    national = cms.benchmarks.query("indicator_id == 'PC_01' and group_type == 'national'")["value"].iloc[0]
    assert round(national) == _cms_benchmark("Maternal_Health-National.csv")["PC_01"] == 2
    assert abs(national - 2.456) < 0.01


def test_cms_state_values_match_cms_state_file_within_a_point(cms):
    ours = cms.benchmarks.query("indicator_id == 'PC_01' and group_type == 'region'").set_index("group")[
        "value"
    ]
    theirs = _cms_benchmark("Maternal_Health-State.csv")
    both = ours.to_frame("ours").join(theirs.rename("cms"), how="inner").dropna()
    assert len(both) >= 50
    assert ((both["ours"].round() - both["cms"]).abs() <= 1).all()
    assert (both["ours"].round() == both["cms"]).mean() > 0.9


def test_cms_notes_come_from_the_footnote_list_and_periods_from_the_date_range(cms):
    r = cms.results.set_index(["provider_id", "indicator_id"])
    crosswalk = pd.read_csv(CMS / "Footnote_Crosswalk.csv", dtype=str).set_index("Footnote")["Footnote Text"]
    hospital = pd.read_csv(CMS / "Maternal_Health-Hospital.csv", dtype=str, keep_default_na=False)
    both = hospital[hospital["Footnote"] == "3, 7"].iloc[0]
    key = (both["Facility ID"], both["Measure ID"])
    assert r.loc[key, "note"] == f"{crosswalk['3']}; {crosswalk['7']}"
    assert set(cms.results.loc[cms.results["indicator_id"] == "PC_01", "period"]) == {"2023"}  # FY2023
    assert set(cms.results.loc[cms.results["indicator_id"] == "SM_7", "period"]) == {"2022"}


def test_cms_period_dates_are_the_measures_own():
    from generator.pipeline import check_release

    table = check_release(CMS)[2]["results"].table
    pc01 = table[table["indicator_id"] == "PC_01"].iloc[0]
    assert (pc01["period"], pc01["period_start"], pc01["period_end"]) == ("2023", "2022-10-01", "2023-09-30")


def test_zorginzicht_keeps_agb_and_kvk_and_adds_only_new_organisations(zorginzicht):
    import json

    assert not [i for i in zorginzicht.report["issues"] if i["code"] == "duplicate-id"]
    ids = zorginzicht.registry.set_index("provider_id")["identifiers"]
    location = next(i for i in ids.index if "-" in i)
    assert set(json.loads(ids[location])) == {"agb", "kvk"} and len(json.loads(ids[location])["agb"]) == 8
    assert json.loads(ids[location.split("-")[0]]) == {"kvk": location.split("-")[0]}


# ---------------------------------------------------------------- CMS hospital star ratings (wide file)


RATINGS = EXAMPLES / "cms-hospital-ratings"


@pytest.fixture(scope="module")
def ratings():
    return build_release(RATINGS, "2024-07")


def test_ratings_every_cell_of_the_wide_file_is_accounted_for(ratings):
    hospitals = _data_lines(RATINGS / "Hospital_General_Information.csv")
    assert hospitals == 146 == len(ratings.registry)
    [entry] = [f for f in ratings.report["files"] if f["table"] == "results"]  # one file, four sources
    assert entry["rows_in_file"] == hospitals and entry["read"] == hospitals * 10
    t = ratings.report["totals"]
    assert t["read"] == sum(t[b] for b in BUCKETS) == 1460 and t["rejected"] == 0


def test_ratings_ids_as_cms_words_them_and_stars_as_published(ratings):
    ids = set(ratings.indicators["indicator_id"])
    assert {"Hospital overall rating", "MORT measures Better", "READM measures No Different"} <= ids
    source = pd.read_csv(RATINGS / "Hospital_General_Information.csv", dtype=str, keep_default_na=False)
    stars = ratings.results[
        (ratings.results["indicator_id"] == "Hospital overall rating")
        & (ratings.results["status"] == "published")
    ]
    expected = source["Hospital overall rating"][source["Hospital overall rating"] != "Not Available"]
    assert sorted(stars["value"].astype(int)) == sorted(expected.astype(int))


def test_ratings_missing_reasons_notes_and_coordinates(ratings):
    r = ratings.results
    too_few = r[(r["indicator_id"] == "Hospital overall rating") & (r["status"] == "too_few_cases")]
    assert len(too_few) and all("too few measures" in n for n in too_few["note"])
    located = ratings.registry["latitude"].notna()
    assert located.sum() == 146 - 11  # 11 ZIP codes are not in the 2010 ZCTA file: a warning each
    missed = [i for i in ratings.report["issues"] if i["code"] == "lookup-unmatched"]
    assert len(missed) == 22 and {i["column"] for i in missed} == {"latitude", "longitude"}
    assert ratings.registry["latitude"].dropna().between(38, 48).all()  # Delaware to Maine


# ---------------------------------------------------------------- risk-adjusted outcomes (constructed)


RISK = EXAMPLES / "risk-adjusted-outcomes"


@pytest.fixture(scope="module")
def risk():
    return build_release(RISK, "2024-07")


def test_risk_adjusted_example_verdicts_are_the_publishers_where_the_method_says_so(risk):
    from generator.publish.consistency import check_results

    res, ind = risk.public.results, risk.public.indicators.set_index("indicator_id")
    assert ind.loc["MORT_30_AMI", "comparison_method"] == "publisher"
    assert ind.loc["SHMI", "comparison_method"] == "funnel"
    shown = res[res["status"] == "published"]
    rated = shown[shown["indicator_id"].str.startswith("MORT")]
    assert len(rated) == 116 and (rated["comparison"] == rated["publisher_comparison"]).all()
    raw = pd.read_csv(RISK / "Complications_and_Deaths-Hospital.csv", dtype=str)
    shown_raw = raw[raw["Score"] != "Not Available"]
    assert sorted(rated["ci_low"]) == sorted(shown_raw["Lower Estimate"].astype(float))  # as delivered
    checks = check_results(res, risk.public.indicators, risk.public.benchmarks)
    assert all(c.disagreeing == 0 for c in checks), [c.line() for c in checks]
    assert not (res["status"] == "not_delivered").any()


def test_risk_adjusted_example_ratio_is_judged_by_an_exact_poisson_funnel(risk):
    shmi = risk.public.results[risk.public.results["indicator_id"] == "SHMI"]
    national = risk.public.benchmarks.query("indicator_id == 'SHMI' and group_type == 'national'").iloc[0]
    assert national["statistic"] == "ratio" and national["value"] == pytest.approx(1.0, abs=1e-3)
    assert shmi["funnel_high_95"].notna().all() and (shmi["period_start"] == "2021-04-01").all()
    agree = (shmi["comparison"] == shmi["publisher_comparison"]).sum()
    assert agree >= 55  # the banding is a plain z-score; ours the exact test: they differ only at the edges


def test_cms_example_publishes_no_not_delivered_rows_and_no_fractional_numerator_sums(cms):
    assert not (cms.public.results["status"] == "not_delivered").any()
    sums = cms.public.benchmarks["numerator"].dropna()
    assert ((sums - sums.round()).abs() < 1e-9).all()


# ---------------------------------------------------------------- every example explains its keys


def _intake_keys(node: object) -> set[str]:
    """Every mapping key of an intake.yaml, at any depth; under `values:` only the contract columns,
    not the keys of their value maps (those are the publisher's own words)."""
    keys: set[str] = set()
    if isinstance(node, dict):
        for key, child in node.items():
            keys.add(str(key))
            if key == "values" and isinstance(child, dict):
                keys.update(str(column) for column in child)  # value maps themselves are skipped
            else:
                keys |= _intake_keys(child)
    elif isinstance(node, list):
        for item in node:
            keys |= _intake_keys(item)
    return keys


@pytest.mark.parametrize("example", sorted(p.parent.name for p in EXAMPLES.glob("*/intake.yaml")))
def test_every_example_readme_explains_every_key_of_its_intake(example):
    import re

    from generator.config.yaml_text import load_config_yaml

    folder = EXAMPLES / example
    readme = folder / "README.md"
    assert readme.exists(), f"{example}: no README.md explaining its intake.yaml"
    text = re.sub(r"^```.*?^```", "", readme.read_text(encoding="utf-8"), flags=re.S | re.M)  # code blocks
    spans = re.findall(r"`([^`]+)`", text)  # `key`, `a.path.key`, `key: value`
    # the build's own loader: yaml.safe_load would read the key `on:` as the boolean True
    keys = _intake_keys(load_config_yaml((folder / "intake.yaml").read_text(encoding="utf-8")))
    missing = sorted(
        k for k in keys if not any(re.search(rf"(?<![\w]){re.escape(k)}(?![\w])", s) for s in spans)
    )
    assert not missing, f"{example}: README.md does not name these keys of intake.yaml: {missing}"
