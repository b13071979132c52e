"""Errors answered by the router a handler belongs to: pages for people, JSON for clients.

The app has no officer routes yet, so probe routes that raise are registered on the real app: at
the top level (answered by the app's own page handlers, as the respondent pages are) and under a
router with the JSON handlers (as the API is).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from litestar import Router, get
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.params import FromPath
from litestar.testing import AsyncTestClient

from voices.app import app_for
from voices.errors import NotAllowed, NotAuthenticated, RunSuperseded
from voices.pages.error_handlers import json_errors
from voices.services import Services

RAISED = {
    "signed-out": NotAuthenticated("nobody is signed in"),
    "guard-signed-out": NotAuthorizedException(),
    "forbidden": NotAllowed("viewers cannot read comments"),
    "guard-forbidden": PermissionDeniedException(),
    "unmapped": RunSuperseded("theme run 7 was replaced"),
    "broken": RuntimeError("a fault deep inside"),
}


@get("/probe/{what:str}", include_in_schema=False)
async def probe(what: FromPath[str]) -> str:
    raise RAISED[what]


@pytest_asyncio.fixture(loop_scope="session")
async def probing(services: Services, published: list[str]) -> AsyncIterator[AsyncTestClient]:
    app = app_for(services)
    app.register(probe)
    app.register(Router("/api", route_handlers=[probe], exception_handlers=json_errors(1024)))
    async with AsyncTestClient(app=app, raise_server_exceptions=False) as client:
        yield client


async def test_signed_out_people_are_sent_to_sign_in_and_back(probing: AsyncTestClient) -> None:
    for what in ("signed-out", "guard-signed-out"):
        response = await probing.get(f"/probe/{what}?period=2026-11", follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/officers/sign-in?next=%2Fprobe%2F{what}%3Fperiod%3D2026-11"
        assert response.headers["cache-control"] == "no-store"


async def test_signed_out_clients_get_401_json(probing: AsyncTestClient) -> None:
    for what in ("signed-out", "guard-signed-out"):
        response = await probing.get(f"/api/probe/{what}", follow_redirects=False)
        assert response.status_code == 401
        assert response.json() == {"status_code": 401, "detail": "Sign in to use this"}


async def test_not_allowed_is_a_plain_page_and_plain_json(probing: AsyncTestClient) -> None:
    for what in ("forbidden", "guard-forbidden"):
        page = await probing.get(f"/probe/{what}")
        assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
        assert "You are not allowed to see this page" in page.text
        assert "viewers cannot read comments" not in page.text
        api = await probing.get(f"/api/probe/{what}")
        assert api.status_code == 403
        assert api.json()["detail"] in {"You are not allowed to see this page", "viewers cannot read comments"}


async def test_an_unmapped_error_gets_a_general_page_not_a_missing_survey(probing: AsyncTestClient) -> None:
    page = await probing.get("/probe/unmapped")
    assert page.status_code == 409
    assert "Sorry, there is a problem" in page.text and "Go back and try again" in page.text
    assert "There is no survey at this address" not in page.text
    assert "theme run 7" not in page.text
    api = await probing.get("/api/probe/unmapped")
    assert api.status_code == 409 and api.json()["detail"] == "theme run 7 was replaced"


async def test_the_router_not_the_address_chooses_html_or_json(probing: AsyncTestClient) -> None:
    # The same fault: a page from the app's routes, JSON from a router given the JSON handlers.
    page = await probing.get("/probe/broken")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "a fault deep inside" not in page.text
    api = await probing.get("/api/probe/broken")
    assert api.json() == {"status_code": 500, "detail": "Internal Server Error"}
    # The respondent pages keep their own words.
    missing = await probing.get("/surveys/no-such-survey")
    assert missing.status_code == 404 and "There is no survey at this address" in missing.text
