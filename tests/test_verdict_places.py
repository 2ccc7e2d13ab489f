"""One verdict in every place: each published result's comparison is the same in the package, the indicator
and provider pages' tables, the JSON the charts draw, the funnel sentences and the choice aid; and the results
table agrees with itself (publish/consistency.py) on the demo, on hostile input and on the worked examples."""

from __future__ import annotations

import pytest
from sitebuild import demo_build, hostile_build

from generator.publish.consistency import check_results
from generator.publish.verdict_places import check_site


@pytest.fixture(scope="module", params=["demo", "hostile"])
def built(request, tmp_path_factory):
    return demo_build(tmp_path_factory) if request.param == "demo" else hostile_build(tmp_path_factory)


def test_every_place_that_shows_a_verdict_shows_the_packages(built):
    checks = check_site(built.site, built.results)
    assert all(c.disagreeing == 0 for c in checks), [c.line() for c in checks]
    counts = {c.name: c.checked for c in checks}
    assert counts["indicator_tables"] and counts["provider_tables"] and counts["chart_data"]


def test_the_published_results_never_contradict_themselves(built):
    bench = built.table("benchmarks")
    checks = check_results(built.results, built.indicators, bench)
    assert all(c.disagreeing == 0 for c in checks), [c.line() for c in checks]


def test_the_demo_has_funnel_sentences_and_choice_aid_verdicts_to_check(tmp_path_factory):
    checks = {
        c.name: c for c in check_site(demo_build(tmp_path_factory).site, demo_build(tmp_path_factory).results)
    }
    assert checks["funnel_sentences"].checked >= 3 and checks["choice_aid"].checked > 100
