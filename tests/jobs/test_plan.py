"""Which attempts are due, from the recorded runs: retries with backoff, superseded failures, new occurrences."""

from __future__ import annotations

import datetime as dt

import pytest

from voices.jobs.plan import Due, RunRecord, due_attempts
from voices.jobs.schedule import BadSchedule, Schedule
from voices.jobs.spec import RetryPolicy

UTC = dt.UTC
T0 = dt.datetime(2026, 12, 1, 3, 15, tzinfo=UTC)
DAY = dt.timedelta(days=1)
RETRY = RetryPolicy(attempts=3, first_delay=dt.timedelta(minutes=1))


def test_schedules_name_the_same_occurrence_in_every_process() -> None:
    nightly = Schedule.parse("daily 03:15")
    assert nightly.latest(T0 + dt.timedelta(hours=5)) == T0
    assert nightly.latest(T0 - dt.timedelta(seconds=1)) == T0 - DAY
    assert nightly.next(T0) == T0 + DAY
    often = Schedule.parse("every 3 seconds")
    # Counted from a fixed epoch, not from when a process started.
    assert often.latest(dt.datetime(2026, 12, 1, 9, 0, 4, 999, tzinfo=UTC)) == dt.datetime(
        2026, 12, 1, 9, 0, 3, tzinfo=UTC
    )
    for bad in ("nightly", "daily 25:00", "every 7 seconds", "every 0 minutes"):
        with pytest.raises(BadSchedule):
            Schedule.parse(bad)


def test_a_new_occurrence_is_due_once() -> None:
    assert due_attempts([], T0, RETRY, T0) == [Due(T0, 1)]
    assert due_attempts([RunRecord(T0, 1, "succeeded", None)], T0, RETRY, T0) == []


def test_a_failure_is_retried_after_its_backoff_until_attempts_run_out() -> None:
    failed = [RunRecord(T0, 1, "failed", T0 + dt.timedelta(minutes=1))]
    assert due_attempts(failed, T0, RETRY, T0 + dt.timedelta(seconds=30)) == []
    assert due_attempts(failed, T0, RETRY, T0 + dt.timedelta(minutes=1)) == [Due(T0, 2)]
    last = failed + [RunRecord(T0, 2, "failed", None), RunRecord(T0, 3, "failed", None)]
    assert due_attempts(last, T0, RETRY, T0 + DAY / 2) == []


def test_an_abandoned_run_is_retried_before_the_next_occurrence() -> None:
    runs = [RunRecord(T0, 1, "abandoned", T0)]
    assert due_attempts(runs, T0 + DAY, RETRY, T0 + DAY) == [Due(T0, 2), Due(T0 + DAY, 1)]


def test_a_failure_a_later_success_made_good_is_not_retried() -> None:
    runs = [RunRecord(T0, 1, "failed", T0), RunRecord(T0 + DAY, 1, "succeeded", None)]
    assert due_attempts(runs, T0 + DAY, RETRY, T0 + DAY) == []
