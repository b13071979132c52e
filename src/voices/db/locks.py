"""Locks across app processes: the answer-copies transaction, and one lock per scheduled job.

One transaction at a time for whatever copies answers' words or deletes them past retention.

On SQLite these transactions also turn on ``secure_delete`` for their connection.

A theme run writes copies of answers (quotes, assignments) while the purge deletes answers; if
they interleaved inside one transaction, a run could commit an expired answer's words. On
PostgreSQL an advisory lock makes them take turns across every app process; on SQLite the
database's one write lock does the same, taken at BEGIN (IMMEDIATE): a deferred transaction that
reads before writing is refused outright, not made to wait, when another writer commits between.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

# Any constant of our own: "voices" in ASCII.
ANSWER_COPIES_LOCK = 0x766F69636573
# The first of the two keys of each job's advisory lock ("vo"); the second is from the job's name.
# Two-key locks live apart from one-key ones, so they never meet ANSWER_COPIES_LOCK.
JOB_LOCK_CLASS = 0x766F
_POLL_SECONDS = 0.25


@asynccontextmanager
async def answer_copies_transaction(table: type[Table]) -> AsyncIterator[None]:
    """A transaction on ``table``'s engine that holds the answer-copies lock until it ends."""
    engine = table._meta.db
    begin = {"transaction_type": TransactionType.immediate} if isinstance(engine, SQLiteEngine) else {}
    async with engine.transaction(**begin):
        if isinstance(engine, PostgresEngine):
            await table.raw("SELECT pg_advisory_xact_lock({})", ANSWER_COPIES_LOCK)
        else:
            # Freed pages are zeroed, so deleted or rewritten words do not linger in the file.
            await table.raw("PRAGMA secure_delete = ON")
        yield


@asynccontextmanager
async def job_lock(engine: Engine, name: str, wait_seconds: float = 0.0) -> AsyncIterator[bool]:
    """Hold the lock of the job ``name`` while the block runs; yields False (and holds nothing) if
    another holder kept it for ``wait_seconds``.

    The lock goes with the process: PostgreSQL frees a session's advisory lock when its connection
    closes, and the kernel frees a flock when its file is closed, so a process killed mid-job
    leaves nothing held. On PostgreSQL it is a session lock on a connection of its own (not from
    the pool), held for the whole job while the job's own queries use the pool. On SQLite it is a
    flock on a file beside the database, for every process on this machine.
    """
    if isinstance(engine, PostgresEngine):
        key = zlib.crc32(name.encode()) & 0x7FFFFFFF
        connection = await engine.get_new_connection()
        try:
            held = await _poll(
                lambda: connection.fetchval("SELECT pg_try_advisory_lock($1, $2)", JOB_LOCK_CLASS, key),
                wait_seconds,
            )
            yield held
        finally:
            # Closing the session frees the lock; no unlock needed, and none to forget.
            await connection.close()
        return
    if not isinstance(engine, SQLiteEngine):
        raise TypeError(f"no job lock for {type(engine).__name__}")
    descriptor = os.open(f"{engine.path}.{name}.job-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        yield await _poll(lambda: _try_flock(descriptor), wait_seconds)
    finally:
        os.close(descriptor)  # frees the flock


async def _try_flock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


async def _poll(attempt: Callable[[], Awaitable[bool]], wait_seconds: float) -> bool:
    """Try ``attempt`` until it succeeds or ``wait_seconds`` pass; never blocks the event loop."""
    deadline = time.monotonic() + wait_seconds
    while not await attempt():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(_POLL_SECONDS)
    return True
