"""Which errors mean the database is away (503, try again) rather than a fault (500)."""

from __future__ import annotations

import errno
import sqlite3

import asyncpg
import pytest

from voices.db.availability import database_unavailable


def raised_from(cause: BaseException) -> BaseException:
    try:
        try:
            raise cause
        except BaseException as error:
            raise RuntimeError("the query failed") from error
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"),
        TimeoutError(),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.DiskFullError("could not extend file"),
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("attempt to write a readonly database"),
        sqlite3.OperationalError("database or disk is full"),
        sqlite3.OperationalError("unable to open database file"),
        raised_from(OSError(errno.EROFS, "Read-only file system")),
    ],
)
def test_the_database_being_away_is_recognised(error: BaseException) -> None:
    assert database_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        ValueError("a bug"),
        KeyError("x"),
        asyncpg.exceptions.UndefinedTableError('relation "x" does not exist'),
        asyncpg.exceptions.UniqueViolationError("duplicate key"),
        sqlite3.OperationalError('near "SELEC": syntax error'),
        FileNotFoundError(errno.ENOENT, "No such file"),
    ],
)
def test_faults_are_not_mistaken_for_it(error: BaseException) -> None:
    assert not database_unavailable(error)
