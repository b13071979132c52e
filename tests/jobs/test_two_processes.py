"""Two real app processes on one PostgreSQL database, a job every two seconds: each occurrence runs
exactly once between them, and when the one running it is killed (kill -9) the other retries it."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import asyncpg
import pytest

from tests.live_server import LiveServer, live_server, server_env
from voices.db.locks import ANSWER_COPIES_LOCK
from voices.db.tables import JobRun

PERIOD = dt.timedelta(seconds=2)


async def purge_runs() -> list[dict]:
    return (
        await JobRun.select()
        .where(JobRun.job == "purge")
        .order_by(JobRun.scheduled_for)
        .order_by(JobRun.attempt)
    )


async def wait_for(condition, seconds: float) -> list[dict]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        runs = await purge_runs()
        if condition(runs):
            return runs
        await asyncio.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {await purge_runs()}")


def pid(run: dict) -> int:
    return int(run["owner"].rsplit(":", 1)[1])


async def test_each_occurrence_runs_once_and_a_killed_run_is_retried_by_the_other_process(
    db: str, engine_name: str, tmp_path: Path
) -> None:
    if engine_name != "postgres":
        pytest.skip("several app processes are a PostgreSQL deployment; SQLite has one process")
    env = server_env(
        db,
        tmp_path,
        VOICES_JOBS="1",
        VOICES_PURGE_SCHEDULE="every 2 seconds",
        VOICES_JOB_SWEEP_SECONDS="1",
        VOICES_JOB_RETRY_SECONDS="1",
        VOICES_SECRET_KEY="shared-secret-" * 4,
    )
    with live_server(env, tmp_path / "a.log") as first, live_server(env, tmp_path / "b.log") as second:
        both_up = dt.datetime.now(dt.UTC)
        await asyncio.sleep(14)
        settled = dt.datetime.now(dt.UTC) - 2 * PERIOD
        runs = [run for run in await purge_runs() if both_up + PERIOD <= run["scheduled_for"] <= settled]
        # Every occurrence while both were up: one row each, run once, first time, no gap.
        occurrences = [run["scheduled_for"] for run in runs]
        assert len(occurrences) >= 4
        assert Counter(occurrences).most_common(1)[0][1] == 1, runs
        assert all(run["attempt"] == 1 and run["outcome"] == "succeeded" for run in runs), runs
        assert all(later - earlier == PERIOD for earlier, later in pairwise(occurrences)), occurrences
        assert {pid(run) for run in runs} <= {first.process.pid, second.process.pid}

        await kill_mid_job_and_see_the_other_retry(db, first, second)


async def kill_mid_job_and_see_the_other_retry(db: str, first: LiveServer, second: LiveServer) -> None:
    # The purge waits for the answer-copies lock; holding it keeps the next purge running until killed.
    holder = await asyncpg.connect(db)
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", ANSWER_COPIES_LOCK)
        runs = await wait_for(lambda runs: any(run["outcome"] == "running" for run in runs), 20)
        [stuck] = [run for run in runs if run["outcome"] == "running"]
        victim, survivor = (first, second) if pid(stuck) == first.process.pid else (second, first)
        assert pid(stuck) == victim.process.pid
        await asyncio.sleep(1)  # the survivor wakes meanwhile and finds the job's lock held
        os.kill(victim.process.pid, signal.SIGKILL)
        victim.process.wait(timeout=10)
    finally:
        await holder.close()  # lets the purge through again

    def retried(runs: list[dict]) -> bool:
        return any(r["scheduled_for"] == stuck["scheduled_for"] and r["outcome"] == "succeeded" for r in runs)

    runs = await wait_for(retried, 30)
    attempts = [r for r in runs if r["scheduled_for"] == stuck["scheduled_for"]]
    assert [(r["attempt"], r["outcome"], pid(r)) for r in attempts] == [
        (1, "abandoned", victim.process.pid),
        (2, "succeeded", survivor.process.pid),
    ]
    # Nothing ran twice, before or after the kill.
    succeeded = Counter(r["scheduled_for"] for r in runs if r["outcome"] == "succeeded")
    assert max(succeeded.values()) == 1
    assert survivor.process.poll() is None
