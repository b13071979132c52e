"""Turn a database URL into a Piccolo engine and bind every table to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

SQLITE_BUSY_TIMEOUT_SECONDS = 10


def engine_from_url(url: str) -> Engine:
    """`sqlite:///path/to/file` or `postgres://user:password@host:port/database`."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(unquote(parsed.path))
        path.parent.mkdir(parents=True, exist_ok=True)
        _enable_wal(path)
        return SQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if parsed.scheme in {"postgres", "postgresql"}:
        return PostgresEngine(
            config={
                "host": parsed.hostname or "127.0.0.1",
                "port": parsed.port or 5432,
                "user": unquote(parsed.username or "postgres"),
                "password": unquote(parsed.password or "") or None,
                "database": parsed.path.lstrip("/") or "postgres",
            },
            extensions=(),
        )
    raise ValueError(
        f"VOICES_DATABASE_URL must start with sqlite:/// or postgres://, got scheme {parsed.scheme!r}"
    )


def _enable_wal(path: Path) -> None:
    # WAL lets readers carry on while the writer commits; the mode is stored in the file itself.
    with sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")


def bind(engine: Engine) -> None:
    """Point every table, and Piccolo's migration machinery, at `engine`."""
    from voices.db import piccolo_conf
    from voices.db.piccolo_app import APP_CONFIG

    piccolo_conf.DB = engine
    for table in [*APP_CONFIG.table_classes, Migration]:
        table._meta.db = engine
