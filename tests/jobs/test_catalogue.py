"""The jobs the app schedules: the purge everywhere, the nightly backup on SQLite."""

from __future__ import annotations

import dataclasses

from voices.db.backup import backups
from voices.db.tables import JobRun
from voices.jobs.catalogue import BACKUP, PURGE, build_jobs
from voices.jobs.runner import JobRunner
from voices.settings import Settings


async def test_the_nightly_backup_runs_as_a_job_on_sqlite(
    db: str, settings: Settings, engine_name: str
) -> None:
    jobs = {job.name: job for job in build_jobs(dataclasses.replace(settings, backup_keep=1))}
    assert jobs[PURGE].schedule.text == "daily 03:15 UTC"
    if engine_name == "postgres":
        assert BACKUP not in jobs  # pg_dump, as the README says
        return
    assert jobs[BACKUP].schedule.text == "daily 02:30 UTC"
    runner = JobRunner(JobRun._meta.db)
    await runner.run_due(jobs[BACKUP])
    [copy] = backups(settings.backups_directory)
    [run] = await JobRun.select().output(load_json=True)
    assert run["outcome"] == "succeeded" and run["counts"] == {"bytes": copy.stat().st_size, "removed": 0}
