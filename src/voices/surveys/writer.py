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
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from voices.db.engine import SQLITE_BUSY_TIMEOUT_SECONDS
from voices.db.tables import Submission
from voices.errors import FormTokenUsed

logger = logging.getLogger(__name__)

POSTGRES_WRITERS = 8  # below the connection pool's size, so readers always get a connection


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
    involvement_group_id: int | None = None  # channels group and facilitated: the group, never a code


class BatchStore(Protocol):
    async def store(self, batch: list[NewSubmission]) -> list[int | Exception]: ...
    async def close(self) -> None: ...


class SubmissionWriter:
    def __init__(self, store: BatchStore, max_batch: int = 128, writers: int = 1) -> None:
        self.store = store
        self.max_batch = max_batch
        # SQLite has one writer at a time anyway; PostgreSQL commits several transactions with
        # one disk flush, so a few concurrent batches go further than one.
        self.writers = writers
        self._queue: asyncio.Queue[tuple[NewSubmission, asyncio.Future[int]]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._run(), name=f"submission-writer-{n}") for n in range(self.writers)
        ]

    async def stop(self) -> None:
        """Finish everything already queued, then stop."""
        await self._queue.join()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        await self.store.close()

    async def write(self, submission: NewSubmission) -> int:
        """Store `submission`; returns its id once committed. Raises FormTokenUsed on a repeat."""
        if not any(not task.done() for task in self._tasks):
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
            except Exception as error:  # noqa: BLE001 - the writer must outlive any one batch
                # Nobody waits for ever: every request in the batch is told it was not stored.
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _commit(self, batch: list[tuple[NewSubmission, asyncio.Future[int]]]) -> None:
        try:
            results = await self.store.store([submission for submission, _ in batch])
        except Exception:
            # One bad submission must not sink the others: retry each in its own transaction.
            logger.exception("batch commit failed; storing %d submissions one by one", len(batch))
            results = []
            for submission, _ in batch:
                try:
                    results.extend(await self.store.store([submission]))
                except Exception as error:  # noqa: BLE001 - handed to the waiting request
                    results.append(error)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


def _split_accepted(
    batch: list[NewSubmission], accepted: set[str]
) -> tuple[list[int | Exception], list[NewSubmission]]:
    """Keep submissions whose token this transaction spent (the first use of each); refuse the rest."""
    results: list[int | Exception] = []
    fresh: list[NewSubmission] = []
    for submission in batch:
        if submission.token_hash in accepted:
            accepted.discard(submission.token_hash)
            fresh.append(submission)
            results.append(-1)
        else:
            results.append(FormTokenUsed("this form was already submitted"))
    return results, fresh


def _fill(results: list[int | Exception], ids: list[int]) -> list[int | Exception]:
    fresh_ids = iter(ids)
    return [next(fresh_ids) if result == -1 else result for result in results]


def _value_json(answer: StoredAnswer) -> str | None:
    return None if answer.value is None else json.dumps(answer.value)


def _redacted_json(answer: StoredAnswer) -> str | None:
    return None if answer.redacted is None else json.dumps(answer.redacted)


# One statement stores a whole batch, so a batch costs one round trip and is atomic by itself.
# Tokens are spent first (ON CONFLICT DO NOTHING waits for any other process spending the same
# token, then skips it, so across processes each token is accepted exactly once); only the
# submissions whose token this statement spent get an id, a row and their answers. The foreign
# keys are checked at the end of the statement, when the submission rows exist.
POSTGRES_BATCH_INSERT = """
WITH incoming AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::date[], $4::text[], $10::int[])
        WITH ORDINALITY AS i(token_hash, survey_version, submitted_on, channel, involvement_group, n)
), spent AS (
    INSERT INTO spent_form_token (token_hash, spent_on)
    SELECT token_hash, submitted_on FROM incoming
    ON CONFLICT DO NOTHING
    RETURNING token_hash
), numbered AS MATERIALIZED (
    SELECT incoming.*, nextval(pg_get_serial_sequence('submission', 'id')) AS id
    FROM incoming JOIN spent USING (token_hash)
), submissions AS (
    INSERT INTO submission (id, survey_version, submitted_on, channel, involvement_group)
    SELECT id, survey_version, submitted_on, channel, involvement_group FROM numbered
), answers AS (
    INSERT INTO answer (submission, question_id, value, text, redacted)
    SELECT numbered.id, a.question_id, a.value::json, a.text, a.redacted::json
    FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
        AS a(n, question_id, value, text, redacted)
    JOIN numbered USING (n)
)
SELECT n, id FROM numbered
"""


class PostgresStore:
    """Batches as one SQL statement on a connection from Piccolo's pool.

    Building the same inserts through Piccolo's query objects cost more CPU than the rest of a
    submission together; the tables are the ones Piccolo's migrations create.
    """

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    async def store(self, batch: list[NewSubmission]) -> list[int | Exception]:
        # A token twice in one batch would join its one spent row twice: send each token once.
        first_uses: dict[str, NewSubmission] = {}
        for submission in batch:
            first_uses.setdefault(submission.token_hash, submission)
        unique = list(first_uses.values())
        answers = [(n, a) for n, submission in enumerate(unique, start=1) for a in submission.answers]
        async with self._engine.pool.acquire() as connection:
            rows = await connection.fetch(
                POSTGRES_BATCH_INSERT,
                [s.token_hash for s in unique],
                [s.survey_version_id for s in unique],
                [s.submitted_on for s in unique],
                [s.channel for s in unique],
                [n for n, _ in answers],
                [a.question_id for _, a in answers],
                [_value_json(a) for _, a in answers],
                [a.text for _, a in answers],
                [_redacted_json(a) for _, a in answers],
                [s.involvement_group_id for s in unique],
            )
        id_by_token = {unique[n - 1].token_hash: submission_id for n, submission_id in rows}
        results, fresh = _split_accepted(batch, set(id_by_token))
        return _fill(results, [id_by_token[s.token_hash] for s in fresh])

    async def close(self) -> None:
        return None


class SqliteStore:
    """Batches through one long-lived connection on one thread.

    Piccolo opens a fresh SQLite connection (and thread) per transaction; for the one process
    that writes, keeping a single connection open is what makes a thousand commits a second
    possible. The SQL is written against the same tables Piccolo's migrations create.
    """

    def __init__(self, path: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writer")
        self._path = path
        self._connection: sqlite3.Connection | None = None

    async def store(self, batch: list[NewSubmission]) -> list[int | Exception]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._store, batch)

    def _store(self, batch: list[NewSubmission]) -> list[int | Exception]:
        if self._connection is None:
            self._connection = sqlite3.connect(
                self._path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute("PRAGMA foreign_keys=ON")
        db = self._connection
        db.execute("BEGIN IMMEDIATE")
        try:
            accepted = set()
            for submission in batch:
                cursor = db.execute(
                    "INSERT INTO spent_form_token (token_hash, spent_on) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    (submission.token_hash, submission.submitted_on.isoformat()),
                )
                if cursor.rowcount == 1:
                    accepted.add(submission.token_hash)
            results, fresh = _split_accepted(batch, accepted)
            ids = []
            for submission in fresh:
                cursor = db.execute(
                    "INSERT INTO submission (survey_version, submitted_on, channel, involvement_group)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        submission.survey_version_id,
                        submission.submitted_on.isoformat(),
                        submission.channel,
                        submission.involvement_group_id,
                    ),
                )
                ids.append(cursor.lastrowid)
            db.executemany(
                "INSERT INTO answer (submission, question_id, value, text, redacted) VALUES (?, ?, ?, ?, ?)",
                [
                    (submission_id, a.question_id, _value_json(a), a.text, _redacted_json(a))
                    for submission, submission_id in zip(fresh, ids, strict=True)
                    for a in submission.answers
                ],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return _fill(results, ids)

    async def close(self) -> None:
        def _close() -> None:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

        await asyncio.get_running_loop().run_in_executor(self._executor, _close)
        self._executor.shutdown(wait=True)


def writer_for(engine: Engine) -> SubmissionWriter:
    if isinstance(engine, SQLiteEngine):
        return SubmissionWriter(SqliteStore(engine.path))
    if isinstance(engine, PostgresEngine):
        return SubmissionWriter(PostgresStore(engine), writers=POSTGRES_WRITERS)
    raise TypeError(f"no submission store for {type(engine).__name__}")
