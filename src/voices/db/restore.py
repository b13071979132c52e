"""Putting a backup back: only a sound file whose migrations this version knows, checked and
brought up to date beside the database, and never over an existing database unless told to."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sqlite3
from contextlib import closing
from pathlib import Path

from piccolo.table import Table

from voices.db import migrations
from voices.db.backup import BackupRefused, check_integrity, read_only


def known_migrations() -> set[str]:
    """The ids of the migrations this version of voices ships."""
    return {
        importlib.import_module(f"{migrations.__name__}.{module.name}").ID
        for module in pkgutil.iter_modules(migrations.__path__)
    }


def check_backup(path: Path, known: set[str]) -> set[str]:
    """Refuse a file that is not a sound voices database this version can run; its applied migrations."""
    try:
        with closing(sqlite3.connect(read_only(path), uri=True)) as connection:
            problems = check_integrity(connection)
            if problems:
                raise BackupRefused(f"{path} failed its integrity check: {problems}")
            applied = {
                row[0] for row in connection.execute("SELECT name FROM migration WHERE app_name = 'voices'")
            }
    except sqlite3.DatabaseError as error:
        raise BackupRefused(f"{path} is not a voices database: {error}") from None
    if not applied:
        raise BackupRefused(f"{path} has no voices migrations: not a voices database")
    if unknown := applied - known:
        raise BackupRefused(
            f"{path} was made by a newer version of voices (migrations {', '.join(sorted(unknown))}); restore it with that version"
        )
    return applied


def refuse_overwrite(target: Path, force: bool) -> None:
    if target.exists() and target.stat().st_size > 0 and not force:
        raise BackupRefused(
            f"{target} already exists; stop the app and add --force to replace it with the backup"
        )


def staging_path(target: Path) -> Path:
    """Where the backup is checked and brought up to date before it replaces anything."""
    return target.with_name(target.name + ".restoring")


def discard(database: Path) -> None:
    """Delete a copy with its -wal and -shm files: they hold answers too."""
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)


def copy_file(source: Path, destination: Path) -> None:
    """Copy one SQLite database over another through SQLite itself (the backup API), so the
    destination's own locks and journal are respected."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    if not destination.exists():
        os.close(os.open(destination, os.O_WRONLY | os.O_CREAT, 0o600))
    with (
        closing(sqlite3.connect(read_only(source), uri=True)) as reader,
        closing(sqlite3.connect(destination, timeout=30)) as writer,
    ):
        reader.backup(writer)


def schema_problems(database: Path, tables: list[type[Table]]) -> list[str]:
    """Tables or columns the code expects but the database lacks (after its migrations ran)."""
    problems = []
    with closing(sqlite3.connect(read_only(database), uri=True)) as connection:
        for table in tables:
            name = table._meta.tablename
            present = {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
            if not present:
                problems.append(f"table {name} is missing")
                continue
            missing = {column._meta.db_column_name for column in table._meta.columns} - present
            problems += [f"{name}.{column} is missing" for column in sorted(missing)]
    return problems


def settle(database: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone is the whole database."""
    with closing(sqlite3.connect(database, timeout=30)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
