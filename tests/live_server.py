"""Run the real `voices serve` in a subprocess, the way an operator would, for tests that need
a real server: crashes, logs, client addresses."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from voices.db.engine import bind, engine_from_url
from voices.settings import PROJECT_ROOT

VOICES = PROJECT_ROOT / ".venv" / "bin" / "voices"


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]


@contextmanager
def database_of_its_own(database_url: str, directory: Path) -> Iterator[str]:
    """On SQLite, a database file for this test alone, with every table bound to it until the end.

    A server killed with -9 (or made to run out of disk) mid-write leaves the file's WAL and
    shared-memory index for the next opener to recover; the suite's one SQLite file, open in this
    process since the session began, must not be the one it happens to. PostgreSQL recovers in its
    own server, so the test's database is used as it is."""
    if not database_url.startswith("sqlite"):
        yield database_url
        return
    own = f"sqlite:///{directory / 'own.sqlite'}"
    bind(engine_from_url(own))
    try:
        yield own
    finally:
        bind(engine_from_url(database_url))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "VOICES_DATABASE_URL": database_url,
        "VOICES_VAR_DIR": str(var_dir),
        "VOICES_SURVEYS_DIR": str(PROJECT_ROOT / "surveys"),
        "VOICES_JOBS": "0",  # scheduled jobs stay off unless the test turns them on
        **extra,
    }


def prepare(env: dict[str, str], *survey_dirs: Path, log: Path | None = None) -> None:
    """Migrate and load surveys, as `make run` does; their output goes to `log` when given."""
    commands = [["migrate"]] + [["surveys", "load", str(d)] for d in survey_dirs or (PROJECT_ROOT / "surveys",)]
    for command in commands:
        if log is None:
            subprocess.run([VOICES, *command], env=env, check=True, capture_output=True)
        else:
            with log.open("ab") as sink:
                subprocess.run([VOICES, *command], env=env, check=True, stdout=sink, stderr=subprocess.STDOUT)


@contextmanager
def live_server(
    env: dict[str, str],
    log: Path,
    before_start: Callable[[], None] | None = None,
    serve_options: Sequence[str] = (),
) -> Iterator[LiveServer]:
    """``before_start`` runs in the child before it starts serving (to set a resource limit, say);
    ``serve_options`` are added to `voices serve` (``--workers 2``, say)."""
    port = free_port()
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            [VOICES, "serve", "--port", str(port), *serve_options], env=env, stdout=log_file, stderr=subprocess.STDOUT,
            preexec_fn=before_start,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log, env)
    try:
        _wait_until_up(server)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


# A server starts its redaction process, which loads spaCy and the entity model before the server
# answers: seconds on an idle machine, far longer on one busy with other test processes.
STARTUP_SECONDS = 180


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"voices serve exited with {server.process.returncode}: {server.log.read_text()}")
        try:
            httpx.get(server.url + "/api/surveys", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"voices serve did not answer within {STARTUP_SECONDS} s: {server.log.read_text()}")
