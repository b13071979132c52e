"""Run whatever is due of a job, exactly once across every app process.

Each wake-up (the job's own time, or the periodic sweep) takes the job's lock (db/locks.py), so at
most one process works on a job at a time and a lock found free means nobody is running it. Under
the lock: runs still marked running were left by a dead process and become abandoned; then every
due attempt (plan.py) is claimed by inserting its `job_run` row (the unique index lets one process
win even without the lock) and run. A failure is recorded with the time of its retry, backing off;
the job itself leaves the previous outputs in place.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Iterable

from piccolo.engine.base import Engine

from voices.db.locks import job_lock
from voices.jobs import claims
from voices.jobs.plan import Due, due_attempts
from voices.jobs.spec import Job

logger = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class JobRunner:
    def __init__(self, engine: Engine, owner: str | None = None, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.owner = owner or this_process()
        self.clock = clock
        self._working: set[asyncio.Task[object]] = set()

    async def run_due(self, job: Job, wait: bool = True) -> None:
        """Settle and run what is due of ``job``; when another process holds it, wait a while (or not)."""
        task = asyncio.current_task()
        if task is not None:
            self._working.add(task)
        try:
            wait_seconds = job.lock_wait().total_seconds() if wait else 0.0
            async with job_lock(self.engine, job.name, wait_seconds) as held:
                if not held:
                    return  # another process is running it; the next wake-up or sweep looks again
                now = self.clock()
                if abandoned := await claims.abandon_running(job.name, now):
                    logger.warning(
                        "job %s: %d run(s) left by a stopped process, to be retried", job.name, abandoned
                    )
                runs = await claims.recent_runs(job.name, now - job.history())
                for due in due_attempts(runs, job.schedule.latest(now), job.retry, now):
                    await self._attempt(job, due)
                await claims.forget_old_runs(now)
        finally:
            if task is not None:
                self._working.discard(task)

    async def sweep(self, jobs: Iterable[Job]) -> None:
        """Retries, runs left by dead processes and occurrences nobody was up for, every job in turn."""
        for job in jobs:
            try:
                await self.run_due(job, wait=False)
            except Exception:
                # The database may be away; the next sweep tries again, and the other jobs still run.
                logger.exception("job %s: could not check what is due", job.name)

    async def stop(self) -> None:
        """Cancel the runs in progress: their rows stay running, their locks go with the connection,
        and the next process to look retries them."""
        for task in list(self._working):
            if task is not asyncio.current_task():
                task.cancel()
        await asyncio.gather(*self._working, return_exceptions=True)

    async def _attempt(self, job: Job, due: Due) -> None:
        run_id = await claims.claim(job.name, due.scheduled_for, due.attempt, self.owner, self.clock())
        if run_id is None:
            return  # another process claimed this attempt first
        try:
            counts = await job.run()
        except Exception as error:
            ended = self.clock()
            retry_at = (
                ended + job.retry.delay_after(due.attempt) if due.attempt < job.retry.attempts else None
            )
            logger.exception(
                "job %s of %s, attempt %d, failed; %s",
                job.name,
                due.scheduled_for.isoformat(),
                due.attempt,
                f"retry at {retry_at.isoformat()}" if retry_at else "no more retries",
            )
            await claims.failed(run_id, error, ended, retry_at)
            return
        await claims.succeeded(run_id, counts, self.clock())
        logger.info(
            "job %s ran: %s", job.name, ", ".join(f"{n} {name}" for name, n in counts.items()) or "done"
        )
