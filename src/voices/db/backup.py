"""SQLite backups: a consistent copy of the database while the app writes to it, kept N deep.

SQLite's online backup API copies the database page by page inside one read transaction; in WAL
mode writers carry on meanwhile and the copy is the database as it was when the copy began, so
every submission acknowledged (committed) before then is in it. The copy is written beside its
final name and renamed into place only once complete and checked, so a failed backup leaves the
earlier ones as they were. PostgreSQL is backed up with pg_dump (README).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

PREFIX = "voices-"
SUFFIX = ".sqlite"
STALE_PARTIAL_SECONDS = 3600


class BackupRefused(Exception):
    """The database cannot be backed up or restored this way; the message says why."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    size: int
    removed: list[Path]


def sqlite_file(database_url: str) -> Path:
    parsed = urlparse(database_url)
    if parsed.scheme != "sqlite":
        raise BackupRefused(
            "voices backup and restore are for SQLite; back up PostgreSQL with pg_dump (see the README)"
        )
    # sqlite:////var/voices.sqlite parses to the path //var/voices.sqlite: one leading slash is enough.
    return (
        Path("/" + unquote(parsed.path).lstrip("/"))
        if parsed.path.startswith("/")
        else Path(unquote(parsed.path))
    )


def read_only(path: Path) -> str:
    """A URI that opens ``path`` read-only (it never creates or changes the file)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def backup(database: Path, directory: Path, keep: int, now: dt.datetime) -> BackupResult:
    """Copy ``database`` into ``directory`` as voices-<UTC time>.sqlite; keep the newest ``keep``."""
    if not database.exists():
        raise BackupRefused(f"there is no database at {database}")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    final = directory / f"{PREFIX}{now.astimezone(dt.UTC):%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    partial = final.with_name(final.name + ".partial")
    # The copy holds every answer: readable by the service's user only, from the first byte.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        with (
            closing(sqlite3.connect(database, timeout=30)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)  # all pages in one step: one snapshot, never restarted by writers
            # A file of its own: no -wal beside it to lose when it is moved or copied off the machine.
            copy.execute("PRAGMA journal_mode=DELETE")
            problems = check_integrity(copy)
            if problems:
                raise BackupRefused(f"the copy failed its integrity check: {problems}")
        _fsync(partial)
        os.replace(partial, final)
        _fsync(directory)
    except BaseException:
        for path in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            path.unlink(missing_ok=True)  # a half copy holds answers too
        raise
    return BackupResult(final, final.stat().st_size, rotate(directory, keep))


def backups(directory: Path) -> list[Path]:
    """The complete backups in ``directory``, oldest first (their names sort by time)."""
    if not directory.exists():
        return []
    return sorted(path for path in directory.glob(f"{PREFIX}*{SUFFIX}") if path.is_file())


def rotate(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups, and half copies left by a process killed while
    copying (an hour old: none is still being written); the backups deleted."""
    old = backups(directory)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    stale = time.time() - STALE_PARTIAL_SECONDS
    for path in directory.glob(f"{PREFIX}*{SUFFIX}.partial*"):
        if path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)
    return old


def check_integrity(connection: sqlite3.Connection) -> list[str]:
    """SQLite's integrity_check and foreign_key_check; empty when the file is sound."""
    rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows[:10]
    problems += [
        f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check").fetchmany(10)
    ]
    return problems


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
