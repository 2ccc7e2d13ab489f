"""generator/core/background.py: a function in a forked child process, its result or its exception back."""

from __future__ import annotations

import os
import time

import pytest

from generator.core.background import Background, ChildFailed, Claims, Deferred
from generator.core.errors import SiteBuildError


def test_the_result_comes_back():
    with Background(pow, 2, 10) as job:
        assert job.result() == 1024


def test_the_child_sees_the_parents_data_without_it_being_sent():
    big = list(range(100_000))
    with Background(sum, big) as job:
        assert job.result() == sum(big)


def test_an_exception_is_raised_in_the_parent_with_its_class():
    with Background(int, "geen getal") as job, pytest.raises(ValueError, match="geen getal"):
        job.result()


def raise_site_error():
    raise SiteBuildError("kapot")


def test_a_zorgspiegel_error_keeps_its_class_and_so_its_exit_code():
    with Background(raise_site_error) as job, pytest.raises(SiteBuildError, match="kapot"):
        job.result()


def test_a_child_that_dies_is_a_failure_not_a_hang():
    with Background(os._exit, 3) as job, pytest.raises(ChildFailed, match="exit 3"):
        job.result()


def test_leaving_the_block_early_stops_the_child():
    with Background(time.sleep, 60) as job:
        process = job._process
    assert not process.is_alive()


def test_a_deferred_child_is_forked_at_start_not_at_the_with(tmp_path):
    mark = tmp_path / "started"
    with Deferred(mark.write_text, "yes") as job:
        time.sleep(0.2)
        assert not mark.exists()  # nothing forked yet
        job.start()
        job.start()  # once only
        assert job.result() == 3
    assert mark.read_text() == "yes"


def test_a_deferred_child_never_started_is_started_by_result_and_left_alone_otherwise():
    with Deferred(pow, 2, 5) as job:
        assert job.result() == 32
    with Deferred(time.sleep, 60):
        pass  # leaving without start(): no child, nothing to stop


def test_leaving_the_block_early_stops_a_started_deferred_child():
    with Deferred(time.sleep, 60) as job:
        job.start()
        process = job._job._process
    assert not process.is_alive()


def taken(claims: Claims) -> list[int]:
    out = []
    for number in claims:
        out.append(number)
        time.sleep(0.001)
    return out


def test_claims_hand_each_number_to_one_process_only():
    claims = Claims(200)
    with Background(taken, claims) as job:
        mine = taken(claims)
        theirs = job.result()
    assert sorted(mine + theirs) == list(range(200))
    assert mine and theirs


def test_done_says_whether_the_child_has_finished():
    with Background(time.sleep, 0.3) as job:
        assert not job.done()
        time.sleep(0.6)
        assert job.done()
        job.result()


def test_wait_returns_once_the_child_has_finished():
    with Background(time.sleep, 0.2) as job:
        job.wait()
        assert job.done()
        assert job.result() is None
