"""The jobs every app process schedules, built from the settings."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

from voices.db.backup import backup, sqlite_file
from voices.jobs.schedule import Schedule
from voices.jobs.spec import Counts, Job, RetryPolicy
from voices.privacy.retention import purge_expired
from voices.settings import Settings

PURGE = "purge"
BACKUP = "backup"


def build_jobs(settings: Settings, after_purge: Callable[[], None] = lambda: None) -> list[Job]:
    """The jobs; `after_purge` runs after each purge (the app's report cache forgets what it kept)."""
    retry = RetryPolicy(first_delay=dt.timedelta(seconds=settings.job_retry_seconds))

    async def purge() -> Counts:
        # One transaction: a failed purge deletes nothing, and the next attempt starts afresh.
        counts = await purge_expired(dt.date.today(), settings.retention_days)
        after_purge()
        return dict(counts.rows())

    jobs = [
        Job(PURGE, "Delete answers past retention", Schedule.parse(settings.purge_schedule), purge, retry)
    ]
    if not settings.is_postgres:
        database = sqlite_file(settings.database_url)

        async def back_up() -> Counts:
            # A thread: the copy reads the whole file, and respondents must not wait on it.
            result = await asyncio.to_thread(
                backup,
                database,
                settings.backups_directory,
                settings.backup_keep,
                dt.datetime.now(dt.UTC),
            )
            return {"bytes": result.size, "removed": len(result.removed)}

        jobs.append(
            Job(BACKUP, "Back up the database", Schedule.parse(settings.backup_schedule), back_up, retry)
        )
    return jobs
