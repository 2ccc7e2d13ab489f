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
