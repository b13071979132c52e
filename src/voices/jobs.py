"""Scheduled jobs, run by APScheduler 3 inside the app's lifespan.

Every app process schedules the same jobs; a job that must run once per deployment takes a
database lock (see privacy.retention), so the others skip it.
"""

from __future__ import annotations

import datetime as dt
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from voices.privacy.retention import purge_expired

logger = logging.getLogger(__name__)

PURGE_JOB_ID = "purge-expired"


def build_scheduler(retention_days: int) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=dt.timezone.utc)
    # Nightly, when nobody is answering; a process asleep at that hour catches up within a day.
    scheduler.add_job(
        purge_job, CronTrigger(hour=3, minute=15, timezone=dt.timezone.utc), args=[retention_days],
        id=PURGE_JOB_ID, coalesce=True, max_instances=1, misfire_grace_time=24 * 3600,
    )
    return scheduler


async def purge_job(retention_days: int) -> None:
    counts = await purge_expired(dt.date.today(), retention_days)
    if counts is None:
        logger.info("purge skipped: another process holds the lock")
    else:
        logger.info("purged past retention: %s", ", ".join(f"{n} {name}" for name, n in counts.rows()))
