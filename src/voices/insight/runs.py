"""Theme runs started from the report page: one asyncio task per survey, never on the respondent path.

The task reads the comments, themes them in a worker thread (the CPU-heavy part, so the event loop
keeps serving respondents) and stores the run as `voices themes run` does. One run per survey at a
time in this process; app processes sharing PostgreSQL may each start one, and then the first to
finish becomes current and the other stops (`run_store.py`). Its status lives in memory: the page
reads it on each load, so a reload shows the progress without JavaScript.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from voices.errors import RunSuperseded, TaggerNotTrained, VoicesError

logger = logging.getLogger(__name__)

# theme(slug, progress) -> run id; progress(step) is called from the worker thread as well.
Theme = Callable[[str, Callable[[str], None]], Awaitable[int]]
Clock = Callable[[], datetime]

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
        self._status: dict[str, RunStatus] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def status(self, slug: str) -> RunStatus | None:
        return self._status.get(slug)

    def start(self, slug: str, started_by: str) -> RunStatus:
        """Start a run in the background; raises `AlreadyRunning` while one of the survey's is going."""
        task = self._tasks.get(slug)
        if task is not None and not task.done():
            raise AlreadyRunning(f"a theme run of {slug!r} is already in progress")
        status = RunStatus(RunState.running, self._clock(), started_by)
        self._status[slug] = status
        self._tasks[slug] = asyncio.get_running_loop().create_task(self._run(slug), name=f"theme run {slug}")
        return status

    async def _run(self, slug: str) -> None:
        def progress(step: str) -> None:
            self._status[slug] = replace(self._status[slug], step=step)

        try:
            await self._theme(slug, progress)
        except asyncio.CancelledError:
            self._status[slug] = replace(self._status[slug], state=RunState.failed, finished_at=self._clock(),
                                         problem="the app was stopped while it ran.")
            raise
        except VoicesError as error:
            self._finish(slug, RunState.failed, _problem_words(error))
        except Exception:
            logger.exception("theme run of %s failed", slug)
            self._finish(slug, RunState.failed, "something went wrong; the details are in the app's log.")
        else:
            self._finish(slug, RunState.finished)

    def _finish(self, slug: str, state: RunState, problem: str = "") -> None:
        self._status[slug] = replace(self._status[slug], state=state, finished_at=self._clock(), problem=problem)

    async def stop(self) -> None:
        """Cancel runs still going when the app stops: a cancelled run stores nothing."""
        running = [task for task in self._tasks.values() if not task.done()]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def _problem_words(error: VoicesError) -> str:
    if isinstance(error, TaggerNotTrained):
        return "the codebook tagger has not been trained on this server (an administrator runs `voices nlp train`)."
    if isinstance(error, RunSuperseded):
        return "another run of this survey finished first, and its themes are shown."
    return "the run stopped with an error."
