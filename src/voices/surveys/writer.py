"""The single writer: submissions queue here and are committed together, then acknowledged.

Committing many small transactions one by one is what limits an embedded database; gathering
whatever has arrived while the previous commit ran costs no latency when traffic is light and
multiplies throughput when it is heavy. A submission's future resolves only after its commit, so
throughput never buys a lost answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from voices.db.tables import Answer, SpentFormToken, Submission
from voices.errors import FormTokenUsed

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    question_id: str
    value: Any = None
    text: str | None = None
    redacted: dict[str, int] | None = None


@dataclass(slots=True)
class NewSubmission:
    survey_version_id: int
    answers: list[StoredAnswer]
    token_hash: str
    channel: str = Submission.Channel.survey.value
    submitted_on: dt.date = field(default_factory=dt.date.today)


class SubmissionWriter:
    def __init__(self, max_batch: int = 128) -> None:
        self.max_batch = max_batch
        self._queue: asyncio.Queue[tuple[NewSubmission, asyncio.Future[int]]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="submission-writer")

    async def stop(self) -> None:
        """Finish everything already queued, then stop."""
        await self._queue.join()
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def write(self, submission: NewSubmission) -> int:
        """Store `submission`; returns its id once committed. Raises FormTokenUsed on a repeat."""
        if self._task is None or self._task.done():
            raise RuntimeError("the submission writer is not running")
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        await self._queue.put((submission, future))
        return await future

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self.max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._commit(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[tuple[NewSubmission, asyncio.Future[int]]]) -> None:
        try:
            results = await store_batch([submission for submission, _ in batch])
        except Exception:
            # One bad submission must not sink the others: retry each in its own transaction.
            logger.exception("batch commit failed; storing %d submissions one by one", len(batch))
            results = []
            for submission, _ in batch:
                try:
                    results.extend(await store_batch([submission]))
                except Exception as error:  # noqa: BLE001 - handed to the waiting request
                    results.append(error)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


async def store_batch(batch: list[NewSubmission]) -> list[int | Exception]:
    """Store a batch in one transaction; spent or repeated tokens come back as FormTokenUsed."""
    engine = Submission._meta.db
    hashes = [submission.token_hash for submission in batch]
    transaction = (
        engine.transaction(transaction_type=TransactionType.immediate)
        if isinstance(engine, SQLiteEngine)
        else engine.transaction()
    )
    async with transaction:
        spent_rows = await SpentFormToken.select(SpentFormToken.token_hash).where(
            SpentFormToken.token_hash.is_in(hashes)
        )
        spent = {row["token_hash"] for row in spent_rows}
        results: list[int | Exception] = []
        fresh: list[NewSubmission] = []
        for submission in batch:
            if submission.token_hash in spent:
                results.append(FormTokenUsed("this form was already submitted"))
            else:
                spent.add(submission.token_hash)
                fresh.append(submission)
                results.append(-1)
        if not fresh:
            return results
        await SpentFormToken.insert(
            *[SpentFormToken(token_hash=s.token_hash, spent_on=s.submitted_on) for s in fresh]
        )
        inserted = await Submission.insert(
            *[
                Submission(
                    survey_version=s.survey_version_id, submitted_on=s.submitted_on, channel=s.channel
                )
                for s in fresh
            ]
        ).returning(Submission.id)
        ids = [row["id"] for row in inserted]
        answers = [
            Answer(
                submission=submission_id,
                question_id=answer.question_id,
                value=None if answer.value is None else json.dumps(answer.value),
                text=answer.text,
                redacted=answer.redacted,
            )
            for submission, submission_id in zip(fresh, ids, strict=True)
            for answer in submission.answers
        ]
        if answers:
            await Answer.insert(*answers)
    fresh_ids = iter(ids)
    return [next(fresh_ids) if result == -1 else result for result in results]
