"""GET /health says whether the app can use its database, and nothing else."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from litestar.testing import AsyncTestClient

from tests.pages.test_database_unavailable import proxied
from voices.app import create_app
from voices.db.engine import bind, engine_from_url
from voices.db.migrate import migrate
from voices.settings import Settings

UNAVAILABLE = {"status": "unavailable"}


def assert_ok(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok"}
    assert "set-cookie" not in response.headers


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.json() == UNAVAILABLE
    assert response.headers["retry-after"] == "30"
    assert "set-cookie" not in response.headers


async def test_health_says_ok_as_often_as_a_monitor_asks(client: AsyncTestClient) -> None:
    for _ in range(100):  # more than the send limit of any address: monitors are never refused
        assert_ok(await client.get("/health"))
    head = await client.head("/health")
    assert head.status_code == 200 and head.content == b""


@asynccontextmanager
async def app_on(settings: Settings, database_url: str) -> AsyncIterator[AsyncTestClient]:
    """The real app on `database_url`; the tables are bound back to the session's database after."""
    try:
        async with AsyncTestClient(app=create_app(dataclasses.replace(settings, database_url=database_url))) as client:
            yield client
    finally:
        bind(engine_from_url(settings.database_url))


async def test_health_answers_503_while_postgresql_is_away_and_ok_when_back(
    db: str, engine_name: str, settings: Settings
) -> None:
    if engine_name != "postgres":
        pytest.skip("PostgreSQL's connection cut; SQLite's file going away is the next test")
    with proxied(db) as (proxy, url):
        async with app_on(settings, url) as client:
            assert_ok(await client.get("/health"))
            proxy.cut()
            assert_unavailable(await client.get("/health"))
            proxy.open()
            assert_ok(await client.get("/health"))


async def test_health_answers_503_while_the_sqlite_file_is_away_and_ok_when_back(
    db: str, engine_name: str, settings: Settings, tmp_path: Path
) -> None:
    if engine_name != "sqlite":
        pytest.skip("SQLite's file going away; PostgreSQL's connection cut is the test above")
    directory = tmp_path / "data"
    url = f"sqlite:///{directory / 'voices.sqlite'}"
    bind(engine_from_url(url))
    try:
        await migrate()
        async with app_on(settings, url) as client:
            assert_ok(await client.get("/health"))
            directory.rename(tmp_path / "moved")  # as an unmounted or lost disk would leave it
            assert_unavailable(await client.get("/health"))
            (tmp_path / "moved").rename(directory)
            assert_ok(await client.get("/health"))
    finally:
        # Every later test's tables must be bound to the suite's database again, not this file.
        bind(engine_from_url(db))
