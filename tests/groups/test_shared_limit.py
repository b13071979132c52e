"""The wrong-code limit is one limit for every app process on one PostgreSQL database: wrong codes
typed at one process count at the other."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import AsyncTestClient

from tests.groups.conftest import enter_code
from tests.officers.conftest import FakeClock
from voices.app import app_for
from voices.groups.attempts import WINDOW_SECONDS, WRONG_PER_WINDOW
from voices.groups.workspace import build_groups
from voices.services import build_services
from voices.settings import Settings


async def test_two_app_processes_on_one_postgresql_share_the_wrong_code_limit(
    settings: Settings, published: list[str], engine_name: str
) -> None:
    if engine_name != "postgres":
        pytest.skip("several app processes share one database only on PostgreSQL")
    clock = FakeClock()
    apps = []
    for _ in range(2):
        # Each app builds its own services, as a process would: its own pool, limiter and keys.
        services = build_services(settings)
        apps.append(app_for(replace(services, groups=build_groups(settings, clock))))
    first, second = AsyncTestClient(app=apps[0]), AsyncTestClient(app=apps[1])
    async with first:
        # One event loop for both (asyncpg connections belong to the loop that opened them); each
        # app still has its own limiter, so only the database can carry the count from one to the other.
        second.blocking_portal = first.blocking_portal
        async with second:
            await wrong_codes_at_both(first, second, clock)


async def wrong_codes_at_both(first: AsyncTestClient, second: AsyncTestClient, clock: FakeClock) -> None:
    # Half the wrong codes at each process: together they reach the one limit.
    for n in range(WRONG_PER_WINDOW):
        response = await enter_code(first if n % 2 else second, "ACD-EFG")
        assert response.status_code == 400, n
    for client in (first, second):
        refused = await enter_code(client, "ACD-EFG")
        assert refused.status_code == 429
        assert "Please try again later" in refused.text
    clock.advance(seconds=WINDOW_SECONDS + 1)
    assert (await enter_code(first, "ACD-EFG")).status_code == 400  # the window moved on
