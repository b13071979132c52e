"""Is this error the database being away (unreachable, restarting, full, read-only) rather than a fault
in voices? Such a request can be tried again later, so it is answered 503 with Retry-After, not 500."""

from __future__ import annotations

import errno
import sqlite3

import asyncpg

# Seconds a client is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30

_UNREACHABLE_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ETIMEDOUT,
    errno.EPIPE,
    errno.ENOSPC,
    errno.EROFS,
    errno.EIO,
    errno.EDQUOT,
}
_AWAY_TYPES = (
    asyncpg.PostgresConnectionError,  # class 08: connection lost, refused, does not exist
    asyncpg.exceptions.OperatorInterventionError,  # 57: shutting down, starting up
    asyncpg.exceptions.InsufficientResourcesError,  # 53: disk full, too many connections
    ConnectionError,
    TimeoutError,  # waiting for a connection from the pool
)
# SQLite says what happened only in words.
_SQLITE_AWAY = (
    "unable to open database",
    "disk i/o error",
    "database or disk is full",
    "readonly database",
    "database is locked",
)


def database_unavailable(error: BaseException) -> bool:
    """True if ``error``, or an error it was raised from, says the database cannot be used just now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _away(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _away(error: BaseException) -> bool:
    if isinstance(error, _AWAY_TYPES):
        return True
    if isinstance(error, asyncpg.InterfaceError):
        return "closed" in str(error) or "connection" in str(error).lower()
    if isinstance(error, OSError):
        return error.errno in _UNREACHABLE_ERRNOS
    if isinstance(error, sqlite3.OperationalError):
        return any(words in str(error).lower() for words in _SQLITE_AWAY)
    return False
