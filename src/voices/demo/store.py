"""Bulk writes of demo submissions, one transaction per batch, on SQLite or PostgreSQL.

The respondent path's writer (surveys/writer.py) spends a form token per submission; demo answers
come from no form, and 100,000 spent tokens would be clutter that nothing ever clears. So these
stores keep its one-connection SQLite and set-at-a-time PostgreSQL shapes without the tokens.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from typing import Protocol

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from voices.db.engine import SQLITE_BUSY_TIMEOUT_SECONDS
from voices.db.tables import Submission
from voices.demo.generate import DemoSubmission

AnswerRow = tuple[int, str, str | None, str | None, str | None]
ANSWER_COLUMNS = ("submission", "question_id", "value", "text", "redacted")
# The plain string: both drivers are handed it as a parameter, outside Piccolo.
_DEMO = Submission.Channel.demo.value


class DemoStore(Protocol):
    async def write(self, survey_version_id: int, batch: list[DemoSubmission]) -> None: ...
    async def close(self) -> None: ...


def store_for(engine: Engine) -> DemoStore:
    if isinstance(engine, SQLiteEngine):
        return SqliteDemoStore(engine.path)
    if isinstance(engine, PostgresEngine):
        return PostgresDemoStore(engine)
    raise TypeError(f"no demo store for {type(engine).__name__}")


class SqliteDemoStore:
    """One connection, kept open on a worker thread: SQLite commits fast when it is not reopened."""

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(
            path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
        )
        self._connection.execute("PRAGMA foreign_keys=ON")

    async def write(self, survey_version_id: int, batch: list[DemoSubmission]) -> None:
        await asyncio.to_thread(self._write, survey_version_id, batch)

    def _write(self, survey_version_id: int, batch: list[DemoSubmission]) -> None:
        db = self._connection
        db.execute("BEGIN IMMEDIATE")
        try:
            ids = [
                db.execute(
                    "INSERT INTO submission (survey_version, submitted_on, channel) VALUES (?, ?, ?)",
                    (survey_version_id, submission.submitted_on.isoformat(), _DEMO),
                ).lastrowid
                for submission in batch
            ]
            db.executemany(
                f"INSERT INTO answer ({', '.join(ANSWER_COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                _answer_rows(batch, ids),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    async def close(self) -> None:
        self._connection.close()


class PostgresDemoStore:
    """Ids drawn from the sequence in one query, then both tables filled with COPY."""

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine
        self._connection: asyncpg.Connection | None = None

    async def write(self, survey_version_id: int, batch: list[DemoSubmission]) -> None:
        if self._connection is None:
            self._connection = await self._engine.get_new_connection()
        db = self._connection
        async with db.transaction():
            ids = [
                row[0]
                for row in await db.fetch(
                    "SELECT nextval(pg_get_serial_sequence('submission', 'id')) FROM generate_series(1, $1)",
                    len(batch),
                )
            ]
            await db.copy_records_to_table(
                "submission",
                columns=("id", "survey_version", "submitted_on", "channel"),
                records=[
                    (submission_id, survey_version_id, submission.submitted_on, _DEMO)
                    for submission_id, submission in zip(ids, batch, strict=True)
                ],
            )
            await db.copy_records_to_table("answer", columns=ANSWER_COLUMNS, records=_answer_rows(batch, ids))

    async def close(self) -> None:
        if self._connection is not None:
            # Tell the planner about the rows just copied in: until autovacuum gets to it, PostgreSQL
            # takes the tables for nearly empty and reads every answer where an index finds a few
            # (the report after one new submission read 2.2 million answers: 230 ms instead of 0.2).
            await self._connection.execute("ANALYZE submission, answer")
            await self._connection.close()
            self._connection = None


def _answer_rows(batch: list[DemoSubmission], ids: list[int]) -> Iterator[AnswerRow]:
    for submission, submission_id in zip(batch, ids, strict=True):
        for answer in submission.answers:
            yield (submission_id, answer.question_id, _json(answer.value), answer.text, _json(answer.redacted))


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value)
