"""One transaction at a time for whatever copies answers' words or deletes them past retention.

On SQLite these transactions also turn on ``secure_delete`` for their connection.

A theme run writes copies of answers (quotes, assignments) while the purge deletes answers; if
they interleaved inside one transaction, a run could commit an expired answer's words. On
PostgreSQL an advisory lock makes them take turns across every app process; on SQLite the
database's one write lock does the same, taken at BEGIN (IMMEDIATE): a deferred transaction that
reads before writing is refused outright, not made to wait, when another writer commits between.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

# Any constant of our own: "voices" in ASCII.
ANSWER_COPIES_LOCK = 0x766F69636573


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
