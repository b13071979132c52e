"""Plain SQL for the report's bulk reads: rows as tuples, straight from the driver.

A report reads up to millions of answers. Piccolo turns every row into a dict and converts each
column on the way, which cost more than the query itself; these reads need neither, so they go to
the engine's own driver (`sqlite3` on a worker thread, asyncpg on a pooled connection) against the
tables Piccolo's migrations create. SQL is written once with `?` placeholders and numbered for
PostgreSQL; a list argument becomes `IN (?, ?, …)` on SQLite and `= ANY($n)` on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from voices.db.engine import SQLITE_BUSY_TIMEOUT_SECONDS
from voices.db.tables import Submission

Row = Sequence[Any]  # a tuple from sqlite3, an asyncpg Record: both index and unpack
# `IN ?` in the SQL marks a list argument.
_PLACEHOLDER = re.compile(r"IN \?|\?")


def is_postgres() -> bool:
    return isinstance(Submission._meta.db, PostgresEngine)


async def fetch(statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
    """Run each (SQL, arguments) on one connection, in one read transaction; each one's rows."""
    engine = Submission._meta.db
    if isinstance(engine, PostgresEngine):
        return await _postgres(engine, statements)
    if isinstance(engine, SQLiteEngine):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_SQLITE_READERS, _sqlite, str(engine.path), statements)
    raise TypeError(f"reports cannot read from {type(engine).__name__}")


# Two reader threads, each keeping its connection to each database file: opening one (and reading
# the schema again) cost more than the small queries every report request makes. Two, so a long read
# of a survey's rows does not hold up another request's check of its data version.
_SQLITE_READERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="report-reader")
_connections = threading.local()


def _held_connection(path: str) -> sqlite3.Connection:
    """This thread's connection to the file now at `path`, opened again if the file was replaced.

    A file restored from a backup (or recreated) at the same path is a different file: a connection
    kept open on the old one would read its stale pages beside the new file's WAL, which SQLite
    reports as "file is not a database" or "database disk image is malformed".
    """
    held: dict[str, tuple[tuple[int, int], sqlite3.Connection]] = _connections.__dict__.setdefault("by_path", {})
    stat = os.stat(path)  # a missing file is an error here, as it is to the rest of the app
    identity = (stat.st_dev, stat.st_ino)
    kept = held.get(path)
    if kept is not None and kept[0] == identity:
        return kept[1]
    if kept is not None:
        kept[1].close()
    connection = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS, isolation_level=None)
    held[path] = (identity, connection)
    return connection


def _sqlite(path: str, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
    connection = _held_connection(path)
    # One read transaction: every statement sees the same snapshot of the database (WAL), and a
    # later call sees whatever was committed before it began.
    connection.execute("BEGIN")
    try:
        found = []
        for sql, arguments in statements:
            text, flat = _sqlite_lists(sql, arguments)
            found.append(connection.execute(text, flat).fetchall())
        return found
    finally:
        connection.execute("COMMIT")


def _sqlite_lists(sql: str, arguments: Sequence[Any]) -> tuple[str, list[Any]]:
    pieces = sql.split("?")
    text, flat = pieces[0], []
    for argument, piece in zip(arguments, pieces[1:], strict=True):
        if isinstance(argument, list | tuple):
            # An empty list must match nothing: NULL is never IN anything.
            text += f"({', '.join('?' * len(argument))})" if argument else "(NULL)"
            flat.extend(argument)
        else:
            text += "?"
            flat.append(argument)
        text += piece
    return text, flat


async def _postgres(
    engine: PostgresEngine, statements: Sequence[tuple[str, Sequence[Any]]]
) -> list[list[Row]]:
    numbered = [(_postgres_sql(sql), arguments) for sql, arguments in statements]
    if engine.pool is not None:
        async with engine.pool.acquire() as connection:
            return await _postgres_run(connection, numbered)
    connection = await engine.get_new_connection()
    try:
        return await _postgres_run(connection, numbered)
    finally:
        await connection.close()


async def _postgres_run(connection: Any, statements: list[tuple[str, Sequence[Any]]]) -> list[list[Row]]:
    # REPEATABLE READ: one snapshot for every statement, as on SQLite.
    async with connection.transaction(isolation="repeatable_read", readonly=True):
        return [list(await connection.fetch(sql, *arguments)) for sql, arguments in statements]


def _postgres_sql(sql: str) -> str:
    counter = iter(range(1, sql.count("?") + 1))
    return _PLACEHOLDER.sub(lambda m: f"= ANY(${next(counter)})" if m[0] != "?" else f"${next(counter)}", sql)
