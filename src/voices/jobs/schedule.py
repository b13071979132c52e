"""When a job is due, written as an operator would: "daily 03:15" (UTC) or "every 5 minutes".

Every app process must name the same occurrence, so occurrences are computed from the clock alone:
a daily time, or multiples of an interval counted from a fixed epoch (never from when a process
started). APScheduler is given the matching trigger only to wake the runner at those times.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

UTC = dt.UTC
EPOCH = dt.datetime(2026, 1, 1, tzinfo=UTC)
_DAILY = re.compile(r"daily (\d{1,2}):(\d{2})")
_EVERY = re.compile(r"every (\d+) (second|minute|hour)s?")
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600}


class BadSchedule(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Schedule:
    text: str
    period: dt.timedelta
    offset: dt.timedelta  # daily: the time of day; every: zero

    @classmethod
    def parse(cls, text: str) -> Schedule:
        cleaned = " ".join(text.lower().split())
        if daily := _DAILY.fullmatch(cleaned):
            hour, minute = int(daily[1]), int(daily[2])
            if hour > 23 or minute > 59:
                raise BadSchedule(f"{text!r}: the time must be 00:00 to 23:59")
            return cls(
                f"daily {hour:02}:{minute:02} UTC",
                dt.timedelta(days=1),
                dt.timedelta(hours=hour, minutes=minute),
            )
        if every := _EVERY.fullmatch(cleaned):
            seconds = int(every[1]) * _UNIT_SECONDS[every[2]]
            if seconds <= 0 or (86400 % seconds and seconds % 86400):
                raise BadSchedule(f"{text!r}: the interval must divide a day (or be whole days)")
            return cls(cleaned, dt.timedelta(seconds=seconds), dt.timedelta())
        raise BadSchedule(f"{text!r}: write 'daily HH:MM' (UTC) or 'every N seconds|minutes|hours'")

    def latest(self, now: dt.datetime) -> dt.datetime:
        """The last occurrence at or before ``now``."""
        start = EPOCH + self.offset
        return start + self.period * ((now - start) // self.period)

    def next(self, now: dt.datetime) -> dt.datetime:
        """The first occurrence after ``now``."""
        return self.latest(now) + self.period

    def trigger(self) -> BaseTrigger:
        if self.period == dt.timedelta(days=1):
            hours, seconds = divmod(int(self.offset.total_seconds()), 3600)
            return CronTrigger(hour=hours, minute=seconds // 60, timezone=UTC)
        return IntervalTrigger(seconds=int(self.period.total_seconds()), start_date=EPOCH, timezone=UTC)
