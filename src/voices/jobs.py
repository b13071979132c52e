"""Scheduled jobs, run by APScheduler 3 inside the app's lifespan.

Every app process schedules the same jobs. They take turns through a database lock
(db/locks.py), and each job is harmless to repeat: a second purge finds nothing left to delete.
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
    # Nightly, when nobody is answering, and once a minute after start: a process restarted after
    # 03:15, or one not running at that hour, must not put the purge off for ever.
    nightly = CronTrigger(hour=3, minute=15, timezone=dt.timezone.utc)
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)
    scheduler.add_job(
        purge_job, nightly, args=[retention_days], id=PURGE_JOB_ID, next_run_time=soon,
        coalesce=True, max_instances=1, misfire_grace_time=3600,
    )
    return scheduler


async def purge_job(retention_days: int) -> None:
    counts = await purge_expired(dt.date.today(), retention_days)
    logger.info("purged past retention: %s", ", ".join(f"{n} {name}" for name, n in counts.rows()))
