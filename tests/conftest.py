"""Fixtures shared by the whole suite: a fresh database per engine, settings, the real app.

Every test that asks for `database_url` runs twice, on a SQLite file and on a PostgreSQL
database created for this test session and dropped after it.
"""

from __future__ import annotations

import asyncio
import faulthandler
import os
import pickle
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from voices.db.engine import bind, engine_from_url
from voices.db.migrate import migrate
from voices.db.piccolo_app import APP_CONFIG
from voices.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from litestar.testing import AsyncTestClient

    from voices.services import Services

POSTGRES_ADMIN_URL = os.environ.get("VOICES_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
T = TypeVar("T")
TEST_SECRET = "test-secret-key-that-is-long-enough-for-hmac"


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, on a thread of its own.

    `asyncio.run` refuses to start inside a running loop, and during a browser test Playwright's
    sync API marks its own loop as running in this thread; a separate thread is never inside it.
    """
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {reason}"
    if IN_CI:
        pytest.fail(message + " (under CI=true a missing PostgreSQL is a failure)")
    pytest.skip(message)


@contextmanager
def fresh_postgres_database(prefix: str) -> Iterator[tuple[str, str]]:
    """A new, empty PostgreSQL database `(url, name)`, dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        run_async(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        _postgres_unavailable(str(error))
    try:
        yield f"{POSTGRES_ADMIN_URL.rsplit('/', 1)[0]}/{name}", name
    finally:
        run_async(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def file_bytes(path: Path) -> bytes:
    """A file's bytes, read by a child process: for a SQLite database file and its WAL and index.

    fcntl locks belong to a process, and closing any descriptor of a file drops all of them: were
    this process to open and close a database file itself, SQLite here (the report readers keep a
    connection open) would lose its locks unknowingly, and another process closing the database
    would think itself the last, checkpoint and delete the WAL under the kept connection ("file is
    not a database", or stale reads)."""
    return subprocess.run(["cat", str(path)], check=True, capture_output=True).stdout


def made_once(name: str, factory: pytest.TempPathFactory, make: Callable[[], T]) -> T:
    """`make()`, once per test run: under pytest-xdist, the first worker to ask makes and keeps it
    (pickled, in the run's directory that every worker shares) and the others wait and read it.

    For the minutes-long fixtures (cross-validations, trainings) that each worker would otherwise
    build again. Without workers, it is simply made."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make()
    from filelock import FileLock

    kept = factory.getbasetemp().parent / f"made-once-{name}.pickle"
    with FileLock(f"{kept}.lock"):
        if kept.exists():
            return pickle.loads(kept.read_bytes())
        value = make()
        kept.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def minilm() -> str:
    """The optional sentence encoder's name; `make test` installs it, so CI requires it."""
    from voices.text.embeddings import INSTALL_HINT, available_encoders

    if "minilm" not in available_encoders():
        message = f"the optional sentence-embedding backend is not installed; {INSTALL_HINT}"
        if IN_CI:
            pytest.fail(message + " (under CI=true `make test` installs it, so this is a failure)")
        pytest.skip(message)
    return "minilm"


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'voices.sqlite'}"
        return
    with fresh_postgres_database("voices_test") as (url, _):
        yield url


async def _admin(statement: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def engine_name(database_url: str) -> str:
    return "postgres" if database_url.startswith("postgres") else "sqlite"


@pytest_asyncio.fixture(loop_scope="session")
async def db(database_url: str) -> AsyncIterator[str]:
    """A migrated, empty database bound to every table; emptied again after the test."""
    bind(engine_from_url(database_url))
    await migrate()
    yield database_url
    for table in reversed(APP_CONFIG.table_classes):
        await table.delete(force=True)


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    """The public labelled datasets (../shared/datasets): skipped when absent, a failure under CI=true."""
    from voices.themes.datasets import DEFAULT_DATASETS_DIR

    if not (DEFAULT_DATASETS_DIR / "fft_v6").exists():
        message = f"evaluation datasets not found at {DEFAULT_DATASETS_DIR} (see ../shared/datasets/README.md)"
        if IN_CI:
            pytest.fail(message + "; under CI=true missing datasets are a failure")
        pytest.skip(message)
    return DEFAULT_DATASETS_DIR


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        var_dir=tmp_path,
        secret_key=TEST_SECRET,
        surveys_dir=PROJECT_ROOT / "surveys",
        min_seconds_to_complete=0.0,
        redaction_process=False,  # one child process per test app would cost seconds each
        jobs=False,  # a test that wants the scheduler turns it on
        warm_reports=False,  # likewise: reads in the background would outlive short tests
    )


FIXTURE_SURVEYS = Path(__file__).parent / "surveys" / "fixtures" / "valid"


@pytest_asyncio.fixture(loop_scope="session")
async def published(db: str) -> list[str]:
    """The shipped surveys and the bilingual fixture survey, published."""
    from voices.surveys.loader import read_directory
    from voices.surveys.publish import publish

    slugs = []
    for directory in (PROJECT_ROOT / "surveys", FIXTURE_SURVEYS):
        definitions, problems = read_directory(directory)
        assert not problems, problems
        for definition in definitions:
            slugs.append((await publish(definition)).slug)
    return slugs


@pytest.fixture
def services(settings: Settings) -> "Services":
    """What the `client` app shares between requests, for tests that look inside it."""
    from voices.services import build_services

    return build_services(settings)


@pytest_asyncio.fixture(loop_scope="session")
async def client(services: "Services", published: list[str]) -> AsyncIterator["AsyncTestClient"]:
    """The real app, over HTTP, on the test session's database."""
    from litestar.testing import AsyncTestClient

    from voices.app import app_for

    async with AsyncTestClient(app=app_for(services)) as test_client:
        yield test_client


def in_app(client: "AsyncTestClient", query: Any) -> Any:
    """Run a Piccolo query on the app's own event loop (the test client serves it from a thread),
    so the query shares the app's connection pool instead of borrowing it across loops."""
    return client.blocking_portal.call(query.run)


class PlaywrightLoop:
    """Playwright's event loop, marked as running in this thread only during browser tests.

    Playwright's sync API marks its loop as running in the main thread after every call, and
    pytest-asyncio cannot start a test or fixture while a loop is marked so. Sorting browser tests
    last was not enough: when a pytest-xdist worker crashes, its pending tests are handed to the
    other worker after everything else, browser tests included, and each then failed to start.
    So the mark is lifted after each browser test and put back before the next one, and before
    the browser fixtures close Playwright at the end of the session.
    """

    loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def resume(cls) -> None:
        if cls.loop is not None and not cls.loop.is_closed():
            asyncio.events._set_running_loop(cls.loop)  # noqa: SLF001 - as Playwright itself does

    @classmethod
    def pause(cls) -> None:
        if cls.loop is not None and asyncio.events._get_running_loop() is cls.loop:  # noqa: SLF001
            asyncio.events._set_running_loop(None)  # noqa: SLF001


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[object]:
    if item.get_closest_marker("browser") is not None:
        PlaywrightLoop.resume()
    try:
        return (yield)
    finally:
        PlaywrightLoop.pause()


# A pytest-xdist worker that dies (a crash in a C extension) is reported only as "crashed while
# running" the test it was on, and its own traceback goes nowhere anyone reads. Each worker keeps
# faulthandler's file in the run's directory, and the summary at the end prints any that were written.
_FAULTS_FILE = "faults-{worker}-{pid}.log"
_faults_key = pytest.StashKey[Any]()


@pytest.hookimpl(trylast=True)  # after the tmp_path plugin has set up the run's directory
def pytest_configure(config: pytest.Config) -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return
    run_directory = config._tmp_path_factory.getbasetemp().parent  # noqa: SLF001 - what tmp_path uses
    faults = (run_directory / _FAULTS_FILE.format(worker=worker, pid=os.getpid())).open("w")
    config.stash[_faults_key] = faults  # open for as long as the worker lives
    faulthandler.enable(file=faults, all_threads=True)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        return
    run_directory = config._tmp_path_factory.getbasetemp()  # noqa: SLF001
    for log in sorted(run_directory.glob(_FAULTS_FILE.format(worker="*", pid="*"))):
        if log.stat().st_size:
            terminalreporter.section(f"a test worker died: {log.name}")
            terminalreporter.write(log.read_text(errors="replace"))
