"""Errors under /officers are drawn on the officers' layout, whether a route raised them, the
officers' middleware did, or no route took the address; respondents' error pages keep theirs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest_asyncio
from litestar import get
from litestar.params import FromPath
from litestar.testing import AsyncTestClient

from tests.officers.conftest import FakeClock, Harness, Sleeps, officers_for
from voices.app import app_for
from voices.errors import RunSuperseded
from voices.services import Services

OFFICER_HEADER = '<a href="/officers" class="voices-header__name">voices – officers</a>'
EXIT_BUTTON = 'href="/exit"'
SUPPORT_FOOTER = 'class="voices-support"'
RAISED = {
    "unmapped": RunSuperseded("theme run 7 was replaced"),
    "broken": RuntimeError("a fault deep inside"),
}


def assert_officer_layout(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert OFFICER_HEADER in response.text
    assert EXIT_BUTTON not in response.text and SUPPORT_FOOTER not in response.text
    assert "Exit this page" not in response.text and "Samaritans" not in response.text
    for expected in words:
        assert expected in response.text


async def test_a_page_that_does_not_exist(officer_app: Harness) -> None:
    response = await officer_app.client.get("/officers/no-such-page")
    assert_officer_layout(response, 404, "Page not found", "There is no page at this address")
    assert "There is no survey at this address" not in response.text
    # Signed in, the same: and a route's own 404 (a report of no survey) keeps the navigation.
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    assert_officer_layout(
        await officer_app.client.get("/officers/reports/no/such/page"), 404, "Page not found"
    )
    report = await officer_app.client.get("/officers/reports/no-such-survey")
    assert_officer_layout(
        report, 404, "Page not found", "Signed in as ana@county.example", 'href="/officers/reports"'
    )


async def test_a_role_that_may_not_see_a_page(officer_app: Harness) -> None:
    officer_app.add("vic@county.example", "viewer")
    await officer_app.sign_in("vic@county.example")
    response = await officer_app.client.get("/officers/admin/officers")
    assert_officer_layout(
        response, 403, "You are not allowed to see this page", "Signed in as vic@county.example"
    )


async def test_a_form_without_its_csrf_token_is_refused_on_the_officer_layout(officer_app: Harness) -> None:
    response = await officer_app.post(
        "/officers/sign-in", {"email": "a@county.example", "password": "x"}, with_token=False
    )
    assert_officer_layout(response, 403)


async def test_signed_out_people_are_sent_to_the_sign_in_page_on_the_officer_layout(
    officer_app: Harness,
) -> None:
    response = await officer_app.client.get("/officers/admin/audit", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/officers/sign-in?next=")
    assert_officer_layout(await officer_app.client.get(response.headers["location"]), 200)


@get("/officers/probe/{what:str}", include_in_schema=False)
async def probe(what: FromPath[str]) -> str:
    raise RAISED[what]


@pytest_asyncio.fixture(loop_scope="session")
async def probing(
    services: Services, published: list[str], clock: FakeClock
) -> AsyncIterator[AsyncTestClient]:
    app = app_for(replace(services, officers=officers_for(services, clock, Sleeps())))
    app.register(probe)
    async with AsyncTestClient(app=app, raise_server_exceptions=False) as client:
        yield client


async def test_a_fault_and_an_error_without_words_of_its_own(probing: AsyncTestClient) -> None:
    broken = await probing.get("/officers/probe/broken")
    assert_officer_layout(broken, 500, "Sorry, there is a problem", "Something went wrong with that request")
    assert "a fault deep inside" not in broken.text and "Your answers could not be checked" not in broken.text
    unmapped = await probing.get("/officers/probe/unmapped")
    assert_officer_layout(
        unmapped, 409, "Sorry, there is a problem", "Something went wrong with that request"
    )
    assert "theme run 7" not in unmapped.text


async def test_respondent_error_pages_keep_the_way_out_and_the_help(probing: AsyncTestClient) -> None:
    for address in ("/no-such-page", "/surveys/no-such-survey", "/officersno-such-page"):
        response = await probing.get(address)
        assert response.status_code == 404, address
        assert EXIT_BUTTON in response.text and SUPPORT_FOOTER in response.text, address
        assert "There is no survey at this address" in response.text and OFFICER_HEADER not in response.text


async def test_unknown_api_addresses_answer_json(probing: AsyncTestClient) -> None:
    for address in ("/api/no-such-thing", "/api/surveys/awareness/no-such-part", "/api"):
        response = await probing.get(address)
        assert response.status_code == 404, address
        assert response.headers["content-type"].startswith("application/json"), address
        assert response.json() == {"status_code": 404, "detail": "Not Found"}, address
    # An address the API (or its schema) has, with a method it does not take: still JSON.
    for address in ("/api/surveys/awareness", "/schema/openapi.json"):
        response = await probing.delete(address)
        assert response.status_code == 405 and response.json()["status_code"] == 405, address
