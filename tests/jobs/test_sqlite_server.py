"""One `voices serve` on SQLite with its jobs every two seconds: the purge and the backup run once
per occurrence, backups rotate, and after kill -9 and a restart the jobs go on (the file lock went
with the killed process)."""

from __future__ import annotations

import asyncio
import datetime as dt
import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.live_server import database_of_its_own, live_server, server_env
from voices.db.backup import backups
from voices.db.migrate import migrate
from voices.db.tables import JobRun


async def succeeded_since(moment: dt.datetime) -> Counter[str]:
    rows = await JobRun.select(JobRun.job).where(
        (JobRun.outcome == JobRun.Outcome.succeeded) & (JobRun.scheduled_for > moment)
    )
    return Counter(row["job"] for row in rows)


async def test_jobs_run_on_sqlite_and_go_on_after_a_kill(db: str, engine_name: str, tmp_path: Path) -> None:
    if engine_name != "sqlite":
        pytest.skip("the PostgreSQL shape is tests/jobs/test_two_processes.py")
    with database_of_its_own(db, tmp_path) as own:
        await jobs_survive_a_kill(own, tmp_path)


async def jobs_survive_a_kill(database_url: str, tmp_path: Path) -> None:
    # A file of its own: the server is killed mid-write, and the suite's file must not be the one
    # left for the next opener to recover.
    await migrate()
    backup_dir = tmp_path / "backups"
    env = server_env(
        database_url,
        tmp_path,
        VOICES_JOBS="1",
        VOICES_PURGE_SCHEDULE="every 2 seconds",
        VOICES_BACKUP_SCHEDULE="every 2 seconds",
        VOICES_JOB_SWEEP_SECONDS="1",
        VOICES_BACKUP_KEEP="2",
        VOICES_BACKUP_DIR=str(backup_dir),
    )
    with live_server(env, tmp_path / "server.log") as server:
        await asyncio.sleep(8)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
    runs = await JobRun.select(JobRun.job, JobRun.scheduled_for, JobRun.attempt)
    assert Counter((run["job"], run["scheduled_for"]) for run in runs).most_common(1)[0][1] == 1
    assert {"purge", "backup"} <= {run["job"] for run in runs}
    assert len(backups(backup_dir)) == 2  # rotated: the newest two kept

    restarted = dt.datetime.now(dt.UTC)
    with live_server(env, tmp_path / "server.log"):
        await asyncio.sleep(6)
    after = await succeeded_since(restarted)
    assert after["purge"] >= 1 and after["backup"] >= 1, after
