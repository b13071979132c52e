"""The real app with an injected clock, a recorded sleep and a cheap Argon2, and helpers that act
as an officer would: fetch a form, post it with its CSRF token, sign in (with a code if asked)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx
import pyotp
import pytest
import pytest_asyncio
from argon2 import PasswordHasher, profiles
from litestar.testing import AsyncTestClient

from voices.app import app_for
from voices.db.tables import Officer
from voices.officers import accounts
from voices.officers.totp import STEP_SECONDS
from voices.officers.web import CSRF_COOKIE
from voices.officers.workspace import Officers, build_officers
from voices.services import Services

T = TypeVar("T")
PASSWORD = "kettle orchard lantern"
CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, 5, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Sleeps:
    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@dataclass
class Harness:
    client: AsyncTestClient
    officers: Officers
    clock: FakeClock
    sleeps: Sleeps

    def run(self, function: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Run database work on the app's own event loop (it owns the connection pool)."""
        return self.client.blocking_portal.call(function, *args)

    def add(self, email: str, role: str, password: str | None = PASSWORD, authenticator: bool = False) -> str | None:
        """An officer with a password (and an authenticator secret); returns the secret."""

        async def create() -> str | None:
            officer = await accounts.create_officer(email, Officer.Role(role), self.clock)
            secret = pyotp.random_base32(length=32) if authenticator else None
            password_hash = await self.officers.passwords.hash(password) if password else None
            await Officer.update({Officer.password_hash: password_hash, Officer.totp_secret: secret}).where(
                Officer.id == officer.id
            )
            return secret

        return self.run(create)

    def code(self, secret: str) -> str:
        return pyotp.TOTP(secret, interval=STEP_SECONDS).at(self.clock())

    def csrf(self) -> str:
        return self.client.cookies.get(CSRF_COOKIE, "")

    async def form(self, path: str) -> httpx.Response:
        """GET a page (which sets the CSRF cookie) and check its forms carry the token."""
        response = await self.client.get(path, follow_redirects=False)
        if response.status_code == 200 and "<form" in response.text and 'method="post"' in response.text:
            assert CSRF_FIELD.search(response.text)
        return response

    async def post(self, path: str, data: dict[str, str], with_token: bool = True) -> httpx.Response:
        if with_token and not self.csrf():
            await self.client.get("/officers/sign-in")
        body = {**data, **({"_csrf_token": self.csrf()} if with_token else {})}
        return await self.client.post(path, data=body, follow_redirects=False)

    async def sign_in(self, email: str, password: str = PASSWORD, secret: str | None = None) -> httpx.Response:
        await self.form("/officers/sign-in")
        response = await self.post("/officers/sign-in", {"email": email, "password": password})
        if secret is not None and response.headers.get("location") == "/officers/sign-in/code":
            response = await self.post("/officers/sign-in/code", {"code": self.code(secret)})
        return response

    async def sign_out(self) -> None:
        await self.post("/officers/sign-out", {})
        self.client.cookies.clear()
        # The next code must come from a later time step: each is accepted once.
        self.clock.advance(seconds=STEP_SECONDS)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def officers_for(services: Services, clock: FakeClock, sleeps: Sleeps, https: bool = False) -> Officers:
    settings = replace(services.settings, https=https)
    return build_officers(settings, clock=clock, sleep=sleeps, hasher=PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest_asyncio.fixture(loop_scope="session")
async def officer_app(services: Services, published: list[str], clock: FakeClock) -> AsyncIterator[Harness]:
    sleeps = Sleeps()
    officers = officers_for(services, clock, sleeps)
    async with AsyncTestClient(app=app_for(replace(services, officers=officers))) as client:
        yield Harness(client, officers, clock, sleeps)
