"""Reading every survey's rows before an officer asks, so the first report or download after the
server starts (or after a purge empties the report cache) does not wait seconds for them.

On 100,000 submissions the rows take about 4 s to read on SQLite, mostly the answers' GROUP BY,
and counting the unfiltered report a few more; without this, the officer who opens a report first
after a restart pays for both. The reads run one survey at a time in the background, on the same
worker threads and connection pool as any report, so respondents' requests go on being served
meanwhile; a request that arrives mid-read waits for that read (the cache's lock per survey)
instead of starting another.
"""

from __future__ import annotations

import asyncio
import logging
import time

from voices.insight.filters import ReportFilter
from voices.insight.report import cached_report, survey_dataset, survey_sizes
from voices.insight.workspace import Insight

logger = logging.getLogger(__name__)


async def warm_reports(insight: Insight) -> list[str]:
    """Read the rows and count the unfiltered report, for both roles, of every survey with
    submissions; returns their slugs. A failure is logged and the survey skipped: warming is an
    optimisation, and the request that would have been warm reads the rows itself."""
    warmed: list[str] = []
    try:
        sizes = await survey_sizes()
    except Exception:  # noqa: BLE001 - the database may not answer yet; requests will read for themselves
        logger.exception("listing the surveys to read ahead of their first report failed")
        return warmed
    for slug in [slug for slug, submissions in sizes.items() if submissions]:
        started = time.perf_counter()
        try:
            version, dataset = await survey_dataset(insight, slug)
            for may_read_comments in (True, False):
                await cached_report(insight, version, dataset, ReportFilter(), may_read_comments)
        except Exception:  # noqa: BLE001 - one survey's failure must not stop the others, or the app
            logger.exception("reading the rows of %s ahead of its first report failed", slug)
            continue
        warmed.append(slug)
        # No count here: a log line is no place for a figure the disclosure layer may hide.
        logger.info("read %s for its reports in %.1f s", slug, time.perf_counter() - started)
    return warmed


class ReportWarmer:
    """Runs `warm_reports` in the background: at start-up, and again whenever the cache is emptied."""

    def __init__(self, insight: Insight, enabled: bool) -> None:
        self.insight = insight
        self.enabled = enabled
        self._task: asyncio.Task[list[str]] | None = None

    def start(self) -> None:
        if not self.enabled or (self._task is not None and not self._task.done()):
            return
        self._task = asyncio.create_task(warm_reports(self.insight), name="warm-reports")

    def forget_and_warm(self) -> None:
        """Empty the report cache (after a purge: a kept report may quote an answer it deleted) and read
        every survey afresh: a round under way is stopped, as it would leave the surveys it had
        already read unread again."""
        self.insight.reports.clear()
        if self._task is not None and not self._task.done():
            self._task.cancel()
            self._task = None
        self.start()

    async def stop(self) -> None:
        self.enabled = False  # a purge finishing during shutdown must not start another round
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def wait(self) -> list[str]:
        """The slugs warmed by the current round (for tests and the bench)."""
        return await self._task if self._task is not None else []
