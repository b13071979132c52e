"""APScheduler 3 in the app's lifespan: it only wakes the runner. Every process schedules the same
jobs; the runner's lock and claims make each occurrence run once among them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from voices.jobs.runner import JobRunner
from voices.jobs.spec import Job

SWEEP_ID = "sweep"


@dataclass
class Jobs:
    jobs: list[Job]
    runner: JobRunner
    enabled: bool  # VOICES_JOBS; the tests' settings turn it off unless a test turns it on
    sweep_every: dt.timedelta
    scheduler: AsyncIOScheduler | None = None

    def start(self) -> None:
        if not self.enabled:
            return
        scheduler = AsyncIOScheduler(timezone=dt.UTC)
        for job in self.jobs:
            # One wake-up at a time per job in this process: a second would only wait on the same lock.
            scheduler.add_job(
                self.runner.run_due,
                job.schedule.trigger(),
                args=[job],
                id=job.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=int(job.schedule.period.total_seconds()),
            )
        # Retries, runs left by dead processes, and the occurrence nobody was up for (a first start
        # after 03:15 still purges today), starting one sweep interval after start.
        scheduler.add_job(
            self.runner.sweep,
            IntervalTrigger(seconds=int(self.sweep_every.total_seconds()), timezone=dt.UTC),
            args=[self.jobs],
            id=SWEEP_ID,
            coalesce=True,
            max_instances=1,
        )
        scheduler.start()
        self.scheduler = scheduler

    async def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        await self.runner.stop()
