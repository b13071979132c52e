"""What the admins' jobs page shows: each job's next run and health, and the latest runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from voices.db.tables import JobRun
from voices.jobs.spec import Job

Outcome = JobRun.Outcome
_UNHAPPY = {Outcome.failed.value, Outcome.abandoned.value}


@dataclass(frozen=True, slots=True)
class RunView:
    job: str
    scheduled_for: dt.datetime
    attempt: int
    owner: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    outcome: str
    counts: dict[str, int]
    error: str
    retry_at: dt.datetime | None
    resolved: bool  # failed, but a later run of the job worked


@dataclass(frozen=True, slots=True)
class JobView:
    name: str
    title: str
    schedule: str
    next_run: dt.datetime
    last_success: dt.datetime | None
    failing_since: dt.datetime | None  # the first unhappy run after the last success, until one works
    running: bool


@dataclass(frozen=True, slots=True)
class JobsPage:
    jobs: list[JobView]
    runs: list[RunView]


async def jobs_page(jobs: list[Job], now: dt.datetime, runs_shown: int = 50) -> JobsPage:
    names = [job.name for job in jobs]
    if not names:
        return JobsPage([], [])
    rows = (
        await JobRun.select()
        .where(JobRun.job.is_in(names))
        .order_by(JobRun.scheduled_for, ascending=False)
        .order_by(JobRun.attempt, ascending=False)
        .limit(runs_shown)
        .output(load_json=True)
    )
    last_success = {name: await _last_success(name) for name in names}
    runs = [_run_view(row, last_success[row["job"]]) for row in rows]
    return JobsPage([await _job_view(job, now, last_success[job.name]) for job in jobs], runs)


async def _last_success(name: str) -> tuple[dt.datetime, int] | None:
    rows = await (
        JobRun.select(JobRun.scheduled_for, JobRun.attempt, JobRun.ended_at)
        .where((JobRun.job == name) & (JobRun.outcome == Outcome.succeeded))
        .order_by(JobRun.scheduled_for, ascending=False)
        .order_by(JobRun.attempt, ascending=False)
        .limit(1)
    )
    return (rows[0]["scheduled_for"], rows[0]["attempt"]) if rows else None


def _later(row: dict[str, Any], success: tuple[dt.datetime, int] | None) -> bool:
    return success is not None and success > (row["scheduled_for"], row["attempt"])


def _run_view(row: dict[str, Any], success: tuple[dt.datetime, int] | None) -> RunView:
    return RunView(
        job=row["job"],
        scheduled_for=row["scheduled_for"],
        attempt=row["attempt"],
        owner=row["owner"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        outcome=row["outcome"],
        counts=row["counts"] or {},
        error=row["error"],
        retry_at=row["retry_at"],
        resolved=row["outcome"] in _UNHAPPY and _later(row, success),
    )


async def _job_view(job: Job, now: dt.datetime, success: tuple[dt.datetime, int] | None) -> JobView:
    after_success = JobRun.job == job.name
    if success is not None:
        after_success &= JobRun.scheduled_for >= success[0]
    unhappy = await (
        JobRun.select(JobRun.scheduled_for, JobRun.attempt, JobRun.started_at)
        .where(after_success & JobRun.outcome.is_in(list(_UNHAPPY)))
        .order_by(JobRun.started_at)
        .limit(50)
    )
    failing = [row for row in unhappy if not _later(row, success)]
    running = await JobRun.exists().where((JobRun.job == job.name) & (JobRun.outcome == Outcome.running))
    return JobView(
        name=job.name,
        title=job.title,
        schedule=job.schedule.text,
        next_run=job.schedule.next(now),
        last_success=success[0] if success else None,
        failing_since=failing[0]["started_at"] if failing else None,
        running=running,
    )
