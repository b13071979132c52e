"""Which attempts are due, decided from the recorded runs alone (no database, no clock of its own).

Called while holding the job's lock, so no other process is running this job: a run still marked
running was left by a process that died, and its caller marks it abandoned first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from voices.db.tables import JobRun
from voices.jobs.spec import RetryPolicy

Outcome = JobRun.Outcome
_RETRIED = {Outcome.failed.value, Outcome.abandoned.value}


@dataclass(frozen=True, slots=True)
class RunRecord:
    scheduled_for: dt.datetime
    attempt: int
    outcome: str
    retry_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Due:
    scheduled_for: dt.datetime
    attempt: int


def due_attempts(
    runs: list[RunRecord], latest: dt.datetime, retry: RetryPolicy, now: dt.datetime
) -> list[Due]:
    """Retries first (oldest occurrence first), then the latest occurrence if it has never been tried.

    A failed occurrence is retried until it succeeds or runs out of attempts, unless a later
    occurrence has succeeded since: that run did the same work.
    """
    last_attempt: dict[dt.datetime, RunRecord] = {}
    for run in runs:
        known = last_attempt.get(run.scheduled_for)
        if known is None or run.attempt > known.attempt:
            last_attempt[run.scheduled_for] = run
    succeeded = [run.scheduled_for for run in runs if run.outcome == Outcome.succeeded.value]
    last_success = max(succeeded, default=None)
    due = [
        Due(run.scheduled_for, run.attempt + 1)
        for run in sorted(last_attempt.values(), key=lambda run: run.scheduled_for)
        if run.outcome in _RETRIED
        and run.attempt < retry.attempts
        and (last_success is None or run.scheduled_for > last_success)
        and (run.retry_at is None or run.retry_at <= now)
    ]
    if latest not in last_attempt:
        due.append(Due(latest, 1))
    return due
