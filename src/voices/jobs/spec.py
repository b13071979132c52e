"""A job: its name, its schedule, what it runs, and how a failure is retried."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from voices.jobs.schedule import Schedule

# What a job reports: counts only (rows deleted, bytes written), never anyone's words.
Counts = Mapping[str, int]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4  # the scheduled run and three retries
    first_delay: dt.timedelta = dt.timedelta(minutes=1)  # then doubled each time

    def delay_after(self, attempt: int) -> dt.timedelta:
        return self.first_delay * (2 ** (attempt - 1))

    def horizon(self) -> dt.timedelta:
        """How long after its occurrence a failed run may still be retried."""
        return sum((self.delay_after(n) for n in range(1, self.attempts)), dt.timedelta()) * 2


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    title: str  # what admins read on the jobs page
    schedule: Schedule
    # Does the work and returns its counts. It must leave the previous outputs in place if it fails
    # (one transaction, or a new file renamed into place only when complete).
    run: Callable[[], Awaitable[Counts]]
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    def lock_wait(self) -> dt.timedelta:
        """How long a woken runner waits for another process's run of this job to end (then the next
        wake-up or sweep tries again)."""
        return min(self.schedule.period, dt.timedelta(minutes=5))

    def history(self) -> dt.timedelta:
        """How far back the runner looks for runs to retry or settle."""
        return self.schedule.period + self.retry.horizon() + dt.timedelta(minutes=1)
