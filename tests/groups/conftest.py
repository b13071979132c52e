"""The real app with one moved-by-hand clock for officers and invite codes, and helpers that act as
a facilitator (make a group and a code) and as a member (type a code, walk the form)."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from urllib.parse import urlencode

import httpx
import pytest_asyncio
from litestar.testing import AsyncTestClient

from tests.officers.conftest import FakeClock, Harness, Sleeps, clock, officers_for  # noqa: F401
from voices.app import app_for
from voices.groups.workspace import build_groups
from voices.services import Services

CODE_SHOWN = re.compile(r'<strong class="voices-invite-code">([A-Z0-9]{3}-[A-Z0-9]{3})</strong>')
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest_asyncio.fixture(loop_scope="session")
async def group_app(services: Services, published: list[str], clock: FakeClock) -> AsyncIterator[Harness]:  # noqa: F811
    sleeps = Sleeps()
    officers = officers_for(services, clock, sleeps)
    groups = build_groups(services.settings, clock)
    async with AsyncTestClient(app=app_for(replace(services, officers=officers, groups=groups))) as client:
        yield Harness(client, officers, clock, sleeps)


async def sign_in_as(app: Harness, email: str, role: str = "facilitator") -> None:
    secret = app.add(email, role, authenticator=role == "admin")
    assert (await app.sign_in(email, secret=secret)).status_code == 303


async def make_group(app: Harness, name: str = "Tuesday evening group") -> int:
    response = await app.post("/officers/groups", {"name": name})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def make_code(app: Harness, group_id: int, days: int = 7, uses: int = 20) -> str:
    response = await app.post(
        f"/officers/groups/{group_id}/codes", {"expires_in": str(days), "max_uses": str(uses)}
    )
    assert response.status_code == 200, response.text
    found = CODE_SHOWN.search(response.text)
    assert found, response.text
    return found.group(1)


def hidden_fields(page: str) -> list[tuple[str, str]]:
    return [
        (name, html_lib.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    ]


async def member_post(client: AsyncTestClient, fields: list[tuple[str, str]]) -> httpx.Response:
    return await client.post("/groups", content=urlencode(fields), headers=FORM)


async def enter_code(client: AsyncTestClient, code: str) -> httpx.Response:
    return await member_post(client, [("code", code)])


async def step(client: AsyncTestClient, page: str, action: str = "next", **answers: str) -> httpx.Response:
    fields = (
        hidden_fields(page) + [("_action", action)] + [(f"a-{qid}", value) for qid, value in answers.items()]
    )
    return await member_post(client, fields)
