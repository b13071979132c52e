"""The runner on both engines: each occurrence once, failures retried with backoff, runs left by a
dead process taken over, a job another process holds left alone."""

from __future__ import annotations

import asyncio
import datetime as dt

from voices.db.locks import job_lock
from voices.db.tables import JobRun
from voices.jobs.runner import JobRunner
from voices.jobs.schedule import Schedule
from voices.jobs.spec import Counts, Job, RetryPolicy
from voices.jobs.status import jobs_page

T0 = dt.datetime(2026, 12, 1, 3, 15, tzinfo=dt.UTC)
RETRY = RetryPolicy(attempts=3, first_delay=dt.timedelta(minutes=1))


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


class Work:
    """A job body that counts its calls and fails the first ``failures`` of them."""

    def __init__(self, failures: int = 0, seconds: float = 0.0) -> None:
        self.calls = 0
        self.failures = failures
        self.seconds = seconds

    async def __call__(self) -> Counts:
        self.calls += 1
        await asyncio.sleep(self.seconds)
        if self.calls <= self.failures:
            raise RuntimeError(f"failure {self.calls}")
        return {"things": self.calls}


def nightly(work: Work) -> Job:
    return Job("nightly", "A nightly job", Schedule.parse("daily 03:15"), work, RETRY)


async def runs() -> list[dict]:
    return (
        await JobRun.select().order_by(JobRun.scheduled_for).order_by(JobRun.attempt).output(load_json=True)
    )


async def test_each_occurrence_runs_once_however_many_processes_wake(db: str) -> None:
    work = Work(seconds=0.2)
    job = nightly(work)
    clock = Clock(T0 + dt.timedelta(seconds=1))
    engine = JobRun._meta.db
    processes = [JobRunner(engine, f"host:{n}", clock) for n in range(3)]
    await asyncio.gather(*(runner.run_due(job) for runner in processes for _ in range(2)))
    assert work.calls == 1
    [run] = await runs()
    assert (run["scheduled_for"], run["attempt"], run["outcome"], run["counts"]) == (
        T0,
        1,
        "succeeded",
        {"things": 1},
    )
    assert run["ended_at"] is not None and run["owner"].startswith("host:")
    # The next night is a new occurrence.
    clock.now += dt.timedelta(days=1)
    await processes[1].run_due(job)
    assert work.calls == 2 and len(await runs()) == 2


async def test_a_failure_is_retried_with_backoff_and_shown_until_a_later_run_works(db: str) -> None:
    work = Work(failures=2)
    job = nightly(work)
    clock = Clock(T0)
    runner = JobRunner(JobRun._meta.db, "host:1", clock)
    await runner.run_due(job)
    first = (await runs())[0]
    assert first["outcome"] == "failed" and first["error"] == "RuntimeError: failure 1"
    assert first["retry_at"] == T0 + dt.timedelta(minutes=1)
    page = await jobs_page([job], clock())
    assert (
        page.jobs[0].failing_since is not None
        and page.runs[0].outcome == "failed"
        and not page.runs[0].resolved
    )

    clock.now = T0 + dt.timedelta(seconds=30)  # too soon
    await runner.sweep([job])
    assert work.calls == 1
    clock.now = T0 + dt.timedelta(minutes=1)
    await runner.sweep([job])
    assert [r["retry_at"] for r in await runs()][1] == clock.now + dt.timedelta(minutes=2)  # backing off
    clock.now = T0 + dt.timedelta(minutes=3)
    await runner.sweep([job])
    assert [(r["attempt"], r["outcome"]) for r in await runs()] == [
        (1, "failed"),
        (2, "failed"),
        (3, "succeeded"),
    ]
    page = await jobs_page([job], clock())
    assert page.jobs[0].failing_since is None and page.jobs[0].last_success == T0
    assert all(run.resolved for run in page.runs if run.outcome == "failed")
    assert page.jobs[0].next_run == T0 + dt.timedelta(days=1)


async def test_attempts_run_out(db: str) -> None:
    work = Work(failures=99)
    job = nightly(work)
    clock = Clock(T0)
    runner = JobRunner(JobRun._meta.db, "host:1", clock)
    for minutes in (0, 1, 3, 60, 600):
        clock.now = T0 + dt.timedelta(minutes=minutes)
        await runner.sweep([job])
    assert work.calls == 3
    assert (await runs())[-1]["retry_at"] is None


async def test_a_run_left_by_a_dead_process_is_abandoned_and_retried(db: str) -> None:
    # A process claimed the occurrence and died: its row says running, and nobody holds the lock.
    await JobRun(job="nightly", scheduled_for=T0, attempt=1, owner="gone:1", started_at=T0, counts={}).save()
    work = Work()
    runner = JobRunner(JobRun._meta.db, "host:2", Clock(T0 + dt.timedelta(minutes=5)))
    await runner.sweep([nightly(work)])
    assert work.calls == 1
    assert [(r["attempt"], r["owner"], r["outcome"]) for r in await runs()] == [
        (1, "gone:1", "abandoned"),
        (2, "host:2", "succeeded"),
    ]


async def test_a_job_another_process_is_running_is_left_alone(db: str) -> None:
    work = Work()
    runner = JobRunner(JobRun._meta.db, "host:2", Clock(T0))
    async with job_lock(JobRun._meta.db, "nightly") as held:
        assert held
        await JobRun(
            job="nightly", scheduled_for=T0, attempt=1, owner="alive:1", started_at=T0, counts={}
        ).save()
        await runner.sweep([nightly(work)])
    assert work.calls == 0
    assert [r["outcome"] for r in await runs()] == ["running"]
