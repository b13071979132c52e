"""Retraining the codebook tagger from the admins' page: one background task per app process.

Training is minutes of CPU work (``themes/model_versions.retrain`` runs it in a worker thread), so
the button starts it and the page reads how it is getting on, as theme runs do (``runs.py``). The
outcome, accepted, refused or failed, is kept as a tagger version with its reason, so every app
process shows it; the status here only says that one is in progress.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from voices.insight.runs import AlreadyRunning, Clock

logger = logging.getLogger(__name__)

# train(officer's email, officer's id) -> (version id, outcome, reason)
Train = Callable[[str, int | None], Awaitable[tuple[int, str, str]]]


@dataclass(frozen=True, slots=True)
class TrainingStatus:
    started_at: datetime
    started_by: str
    running: bool
    outcome: str = ""
    reason: str = ""

    @property
    def words(self) -> str:
        started = f"started at {self.started_at:%H:%M} UTC by {self.started_by}"
        if self.running:
            return f"A training {started} is in progress. Reload this page to see how it ended."
        return f"The training {started} ended: {self.reason}"


class Trainer:
    def __init__(self, train: Train, clock: Clock) -> None:
        self._train = train
        self._clock = clock
        self._status: TrainingStatus | None = None
        self._task: asyncio.Task[None] | None = None

    def status(self) -> TrainingStatus | None:
        return self._status

    def start(self, email: str, officer_id: int | None) -> None:
        """Start a training in the background; raises `AlreadyRunning` while one is going."""
        if self._task is not None and not self._task.done():
            raise AlreadyRunning("a training is already in progress")
        self._status = TrainingStatus(self._clock(), email, running=True)
        self._task = asyncio.get_running_loop().create_task(self._run(email, officer_id), name="tagger training")

    async def _run(self, email: str, officer_id: int | None) -> None:
        assert self._status is not None
        try:
            _, outcome, reason = await self._train(email, officer_id)
        except Exception:
            logger.exception("tagger training failed")
            outcome, reason = "failed", "something went wrong; the details are in the app's log. The current model stays."
        self._status = TrainingStatus(self._status.started_at, email, False, outcome, reason)

    async def wait(self) -> None:
        """Until the training in progress (if any) has ended."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)
