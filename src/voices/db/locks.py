"""A lock held by whatever changes theme runs or deletes past retention, for one transaction.

A theme run writes copies of answers (quotes) while the purge deletes answers; if they
interleaved, a run committed during a purge could keep an expired answer's words. On PostgreSQL
an advisory lock makes them take turns across every app process; on SQLite the database's one
write lock does the same, as long as each starts with a write or takes the lock at BEGIN.
"""

from __future__ import annotations

from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

# Any constant of our own: "voices" in ASCII.
ANSWER_COPIES_LOCK = 0x766F69636573


async def lock_answer_copies(table: type[Table]) -> None:
    """Inside a transaction on ``table``'s engine: wait for, then hold, the lock until it ends."""
    if isinstance(table._meta.db, PostgresEngine):
        await table.raw("SELECT pg_advisory_xact_lock({})", ANSWER_COPIES_LOCK)
