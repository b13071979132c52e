"""Theme runs started from the report page: one asyncio task per survey, never on the respondent path.

The task reads the comments, themes them in a worker thread (the CPU-heavy part, so the event loop
keeps serving respondents) and stores the run as `voices themes run` does. Its status (who started
it, the step it is on, how it ended) is kept in the database (`theme_run_status`), so a reload
served by any app process behind one PostgreSQL shows the same progress, without JavaScript, and
a second start from any process is refused while it runs. A run not heard from for
`STOPPED_AFTER` (its process was killed) is shown as stopped, and may be started again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

from voices.db.tables import ThemeRunStatus
from voices.errors import RunSuperseded, TaggerNotTrained, VoicesError

logger = logging.getLogger(__name__)

# theme(slug, progress) -> run id; progress(step) is called from the worker thread as well.
Theme = Callable[[str, Callable[[str], None]], Awaitable[int]]
Clock = Callable[[], datetime]

# Longer than any step of a run takes (theming 100,000 comments is about five minutes in all).
STOPPED_AFTER = timedelta(minutes=30)
STOPPED = "the app process running it stopped before it finished."

# The steps `theme_comments` and `theme_survey` report, in words an officer reads.
STEP_WORDS = {
    "read": "reading the comments",
    "tag": "matching comments to the codebook themes",
    "discover": "finding themes outside the codebook",
    "summarise": "summarising each theme",
    "store": "saving the run",
}


class RunState(str, Enum):
    running = "running"
    finished = "finished"
    failed = "failed"


class AlreadyRunning(VoicesError):
    """A theme run of this survey started from the page has not finished yet."""


@dataclass(frozen=True, slots=True)
class RunStatus:
    state: RunState
    started_at: datetime
    started_by: str
    step: str = ""
    finished_at: datetime | None = None
    problem: str = ""

    @property
    def words(self) -> str:
        """One line for the page."""
        started = f"started at {self.started_at:%H:%M} UTC on {self.started_at:%d %B %Y} by {self.started_by}"
        match self.state:
            case RunState.running:
                doing = STEP_WORDS.get(self.step, "starting")
                return f"A theme run {started} is in progress: {doing}. Reload this page to see how it is getting on."
            case RunState.finished:
                return f"The theme run {started} finished at {self.finished_at:%H:%M} UTC. The themes below are from it."
            case RunState.failed:
                return f"The theme run {started} did not finish: {self.problem} The themes below are from the run before it."


class ThemeRunner:
    def __init__(self, theme: Theme, clock: Clock) -> None:
        self._theme = theme
        self._clock = clock
        self._tasks: dict[str, asyncio.Task[None]] = {}
        # This process's own runs, step by step: written to the database as they move on, and read
        # from here while they run, so the page never shows a step behind what this process knows.
        self._own: dict[str, RunStatus] = {}

    async def status(self, slug: str) -> RunStatus | None:
        task = self._tasks.get(slug)
        if task is not None and not task.done():
            return self._own[slug]
        row = await ThemeRunStatus.select().where(ThemeRunStatus.survey_slug == slug).first()
        if row is None:
            return None
        status = RunStatus(
            RunState(row["state"]), row["started_at"], row["started_by"], row["step"], row["finished_at"],
            row["problem"],
        )  # fmt: skip
        if status.state is RunState.running and self._clock() - row["updated_at"] > STOPPED_AFTER:
            return replace(status, state=RunState.failed, finished_at=row["updated_at"], problem=STOPPED)
        return status

    async def start(
        self, slug: str, started_by: str, finished: Callable[[int], Awaitable[None]] | None = None
    ) -> RunStatus:
        """Start a run in the background; raises `AlreadyRunning` while one of the survey's is going,
        started here or by another app process. ``finished(run_id)`` is awaited once the run is current
        (the page audits it)."""
        current = await self.status(slug)
        if current is not None and current.state is RunState.running:
            raise AlreadyRunning(f"a theme run of {slug!r} is already in progress")
        now = self._clock()
        status = RunStatus(RunState.running, now, started_by)
        self._own[slug] = status
        await _store(slug, status, now)
        self._tasks[slug] = asyncio.get_running_loop().create_task(self._run(slug, finished), name=f"theme run {slug}")
        return status

    async def _run(self, slug: str, finished: Callable[[int], Awaitable[None]] | None) -> None:
        loop = asyncio.get_running_loop()

        def progress(step: str) -> None:
            # Called on the event loop or from the worker thread that themes: the database hears of
            # it on the loop, the page here at once.
            self._own[slug] = replace(self._own[slug], step=step)
            loop.call_soon_threadsafe(lambda: loop.create_task(_step(slug, step, self._clock())))

        try:
            run_id = await self._theme(slug, progress)
            if finished is not None:
                await finished(run_id)
        except asyncio.CancelledError:
            await self._finish(slug, RunState.failed, "the app was stopped while it ran.")
            raise
        except VoicesError as error:
            await self._finish(slug, RunState.failed, _problem_words(error))
        except Exception:
            logger.exception("theme run of %s failed", slug)
            await self._finish(slug, RunState.failed, "something went wrong; the details are in the app's log.")
        else:
            await self._finish(slug, RunState.finished)

    async def _finish(self, slug: str, state: RunState, problem: str = "") -> None:
        now = self._clock()
        self._own[slug] = replace(self._own[slug], state=state, finished_at=now, problem=problem)
        await _store(slug, self._own[slug], now)

    async def stop(self) -> None:
        """Cancel runs still going when the app stops: a cancelled run stores nothing."""
        running = [task for task in self._tasks.values() if not task.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


async def _store(slug: str, status: RunStatus, now: datetime) -> None:
    values = {
        ThemeRunStatus.state: status.state.value,
        ThemeRunStatus.started_at: status.started_at,
        ThemeRunStatus.started_by: status.started_by,
        ThemeRunStatus.step: status.step,
        ThemeRunStatus.finished_at: status.finished_at,
        ThemeRunStatus.problem: status.problem,
        ThemeRunStatus.updated_at: now,
    }
    row = ThemeRunStatus(survey_slug=slug, **{column._meta.name: value for column, value in values.items()})
    # One row per survey: a new start, or the end of a run, writes over the last.
    await ThemeRunStatus.insert(row).on_conflict(
        target=ThemeRunStatus.survey_slug, action="DO UPDATE", values=list(values)
    )


async def _step(slug: str, step: str, now: datetime) -> None:
    # Only while it runs: a step heard after the run ended must not bring it back to life.
    await ThemeRunStatus.update({ThemeRunStatus.step: step, ThemeRunStatus.updated_at: now}).where(
        (ThemeRunStatus.survey_slug == slug) & (ThemeRunStatus.state == RunState.running.value)
    )


def _problem_words(error: VoicesError) -> str:
    if isinstance(error, TaggerNotTrained):
        return "the codebook tagger has not been trained on this server (an administrator runs `voices nlp train`)."
    if isinstance(error, RunSuperseded):
        return "another run of this survey finished first, and its themes are shown."
    return "the run stopped with an error."
