"""Sessions: Litestar's server-side sessions in the database, cookie attributes, rotation at sign-in,
the idle and absolute timeouts (moved by the injected clock), and no cookie for respondents."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest_asyncio
from litestar.testing import AsyncTestClient

from tests.officers.conftest import FakeClock, Harness, Sleeps, officers_for
from voices.app import app_for
from voices.db.tables import Officer, OfficerSession
from voices.officers import accounts
from voices.officers.sessions import COOKIE_NAME, DatabaseStore
from voices.officers.web import CSRF_COOKIE
from voices.services import Services


def set_cookies(response: object) -> dict[str, str]:
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    return {header.split("=", 1)[0]: header for header in headers}


async def test_the_session_cookie_is_httponly_strict_and_only_for_officer_pages(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.form("/officers/sign-in")
    response = await officer_app.post("/officers/sign-in", {"email": "ana@county.example", "password": "kettle orchard lantern"})
    cookie = set_cookies(response)[COOKIE_NAME].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/officers" in cookie
    assert "max-age=1800" in cookie
    assert "secure" not in cookie  # plain HTTP here; see the HTTPS test


async def test_behind_https_both_cookies_are_secure(services: Services, published: list[str], clock: FakeClock) -> None:
    officers = officers_for(services, clock, Sleeps(), https=True)
    async with AsyncTestClient(app=app_for(replace(services, officers=officers)), base_url="https://testserver.local") as client:
        page = await client.get("/officers/sign-in")
        csrf = set_cookies(page)[CSRF_COOKIE].lower()
        assert "secure" in csrf and "samesite=strict" in csrf and "httponly" in csrf and "path=/officers" in csrf
        assert COOKIE_NAME not in set_cookies(page)


async def test_a_visitor_gets_no_session_and_the_session_is_rotated_at_sign_in(officer_app: Harness) -> None:
    secret = officer_app.add("vi@county.example", "viewer", authenticator=True)
    assert secret is not None
    page = await officer_app.form("/officers/sign-in")
    assert COOKIE_NAME not in set_cookies(page)
    assert officer_app.run(OfficerSession.count().run) == 0

    password_step = await officer_app.post("/officers/sign-in", {"email": "vi@county.example", "password": "kettle orchard lantern"})
    half_way = officer_app.client.cookies.get(COOKIE_NAME)
    assert half_way
    code_step = await officer_app.post("/officers/sign-in/code", {"code": officer_app.code(secret)})
    assert code_step.status_code == 303
    signed_in = officer_app.client.cookies.get(COOKIE_NAME)
    assert signed_in and signed_in != half_way
    # The id from before is dead: presenting it gets nothing.
    officer_app.client.cookies.set(COOKIE_NAME, half_way, path="/officers")
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303
    officer_app.client.cookies.set(COOKIE_NAME, signed_in, path="/officers")
    assert (await officer_app.client.get("/officers")).status_code == 200
    # Only a hash of the id is stored.
    keys = {row["key_hash"] for row in officer_app.run(OfficerSession.select(OfficerSession.key_hash).run)}
    assert signed_in not in keys and len(keys) == 1
    assert password_step.status_code == 303


async def test_sign_out_ends_the_session(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    session_id = officer_app.client.cookies.get(COOKIE_NAME)
    response = await officer_app.post("/officers/sign-out", {})
    assert response.headers["location"] == "/officers/sign-in?done=signed-out"
    assert officer_app.run(OfficerSession.count().run) == 0
    officer_app.client.cookies.set(COOKIE_NAME, session_id, path="/officers")
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303


async def test_thirty_idle_minutes_end_a_session(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    for _ in range(3):  # each request starts the 30 minutes again
        officer_app.clock.advance(minutes=29)
        assert (await officer_app.client.get("/officers")).status_code == 200
    officer_app.clock.advance(minutes=30, seconds=1)
    response = await officer_app.client.get("/officers", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/officers/sign-in")


async def test_twelve_hours_end_a_session_however_busy(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    for _ in range(12 * 3 - 1):
        officer_app.clock.advance(minutes=20)
        assert (await officer_app.client.get("/officers")).status_code == 200
    officer_app.clock.advance(minutes=20)
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303
    assert officer_app.run(OfficerSession.count().run) == 0


async def test_disabling_an_officer_ends_their_sessions(officer_app: Harness) -> None:
    officer_app.add("ana@county.example", "analyst")
    await officer_app.sign_in("ana@county.example")
    officer = officer_app.run(Officer.objects().first().run)
    officer_app.run(accounts.disable, officer.id)
    assert (await officer_app.client.get("/officers", follow_redirects=False)).status_code == 303


async def test_respondent_pages_set_no_cookie_even_after_an_officer_page(officer_app: Harness) -> None:
    await officer_app.form("/officers/sign-in")
    assert officer_app.client.cookies.get(CSRF_COOKIE)
    for path in ("/", "/surveys/awareness", "/safety", "/api/surveys", "/no-such-page"):
        response = await officer_app.client.get(path)
        assert "set-cookie" not in response.headers, path
        # Nor is there any way from a respondent's page to the officers' ones.
        assert "/officers" not in response.text, path
    # The officer cookies are scoped to /officers, so a browser would not even send them here.
    assert all(cookie.path == "/officers" for cookie in officer_app.client.cookies.jar)


@pytest_asyncio.fixture(loop_scope="session")
async def store(db: str) -> DatabaseStore:
    return DatabaseStore(FakeClock())


async def test_the_store_keeps_expires_renews_and_deletes(store: DatabaseStore) -> None:
    clock = store.clock
    assert isinstance(clock, FakeClock)
    await store.set("one", b"\x00data", expires_in=60)
    await store.set("two", "text", expires_in=timedelta(minutes=5))
    await store.set("forever", b"kept")
    assert await store.get("one") == b"\x00data" and await store.get("two") == b"text"
    assert await store.expires_in("one") == 60 and await store.expires_in("forever") is None
    await store.set("one", b"replaced", expires_in=60)
    assert await store.get("one") == b"replaced"
    clock.advance(seconds=50)
    assert await store.get("one", renew_for=120) == b"replaced"
    clock.advance(seconds=100)
    assert await store.exists("one") and not await store.exists("missing")
    clock.advance(minutes=10)
    assert await store.get("one") is None and await store.get("two") is None
    assert await store.get("forever") == b"kept"
    await store.delete("forever")
    assert await store.get("forever") is None
    await store.set("old", b"x", expires_in=1)
    clock.advance(seconds=2)
    await store.delete_expired()
    assert await OfficerSession.count() == 0
    await store.set("a", b"x")
    await store.delete_all()
    assert await OfficerSession.count() == 0
