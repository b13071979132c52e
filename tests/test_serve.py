"""`voices serve --workers N`: several app processes, for PostgreSQL only.

Two workers on PostgreSQL serving behind nginx are tested in tests/deploy/test_behind_nginx.py."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.live_server import VOICES


def test_several_workers_on_sqlite_are_refused_with_one_line_and_status_2(tmp_path: Path) -> None:
    env = {**os.environ, "VOICES_DATABASE_URL": f"sqlite:///{tmp_path / 'voices.sqlite'}", "VOICES_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [str(VOICES), "serve", "--workers", "2"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "voices: --workers 2 needs PostgreSQL (VOICES_DATABASE_URL=postgres://…); "
        "SQLite has one writer, so serve it with --workers 1"
    )
    assert list(tmp_path.iterdir()) == []  # refused before anything was made


def test_workers_must_be_at_least_one() -> None:
    result = subprocess.run([str(VOICES), "serve", "--workers", "0"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "--workers" in result.stderr
