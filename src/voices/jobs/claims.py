"""The `job_run` rows: claiming an attempt, recording how it ended, reading them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from voices.db.tables import JobRun
from voices.jobs.plan import RunRecord

Outcome = JobRun.Outcome
# Runs are kept this long for the jobs page, then deleted: they are about the server, and an error
# message should not outlive the data it might mention.
KEEP_RUNS = dt.timedelta(days=90)
_ERROR_CHARACTERS = 500


async def recent_runs(job: str, since: dt.datetime) -> list[RunRecord]:
    rows = await JobRun.select(JobRun.scheduled_for, JobRun.attempt, JobRun.outcome, JobRun.retry_at).where(
        (JobRun.job == job) & (JobRun.scheduled_for >= since)
    )
    return [RunRecord(row["scheduled_for"], row["attempt"], row["outcome"], row["retry_at"]) for row in rows]


async def abandon_running(job: str, now: dt.datetime) -> int:
    """Mark this job's running attempts abandoned, to be retried at once. Call only while holding
    the job's lock: then nobody alive is running it, so these were left by a process that died."""
    running = await JobRun.select(JobRun.id).where((JobRun.job == job) & (JobRun.outcome == Outcome.running))
    if running:
        await JobRun.update(
            {
                JobRun.outcome: Outcome.abandoned,
                JobRun.ended_at: now,
                JobRun.error: "the process running it stopped before it ended",
                JobRun.retry_at: now,
            }
        ).where(JobRun.id.is_in([row["id"] for row in running]))
    return len(running)


async def claim(
    job: str, scheduled_for: dt.datetime, attempt: int, owner: str, now: dt.datetime
) -> int | None:
    """Insert the attempt as running; its id, or None if another process already claimed it."""
    inserted = (
        await JobRun.insert(
            JobRun(
                job=job,
                scheduled_for=scheduled_for,
                attempt=attempt,
                owner=owner,
                started_at=now,
                outcome=Outcome.running,
                counts={},
            )
        )
        .on_conflict(action="DO NOTHING")
        .returning(JobRun.id)
    )
    return inserted[0]["id"] if inserted else None


async def succeeded(run_id: int, counts: Mapping[str, int], now: dt.datetime) -> None:
    await JobRun.update(
        {JobRun.outcome: Outcome.succeeded, JobRun.ended_at: now, JobRun.counts: dict(counts)}
    ).where(JobRun.id == run_id)


async def failed(run_id: int, error: BaseException, now: dt.datetime, retry_at: dt.datetime | None) -> None:
    await JobRun.update(
        {
            JobRun.outcome: Outcome.failed,
            JobRun.ended_at: now,
            JobRun.error: f"{type(error).__name__}: {error}"[:_ERROR_CHARACTERS],
            JobRun.retry_at: retry_at,
        }
    ).where(JobRun.id == run_id)


async def forget_old_runs(now: dt.datetime) -> None:
    await JobRun.delete().where(JobRun.scheduled_for < now - KEEP_RUNS)
