"""The real app with a theme runner whose runs the test controls, and officers to sign in as."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace

import pytest
import pytest_asyncio
from litestar.testing import AsyncTestClient

from tests.officers.conftest import FakeClock, Harness, Sleeps, officers_for
from voices.app import app_for
from voices.insight.workspace import build_insight
from voices.services import Services


@dataclass
class FakeTheming:
    """Stands in for theming: each run waits until the test lets it finish."""

    started: list[str] = field(default_factory=list)
    release: bool = False

    async def __call__(self, slug: str, progress: Callable[[str], None]) -> int:
        self.started.append(slug)
        progress("tag")
        while not self.release:
            await asyncio.sleep(0.01)
        progress("store")
        return 1


@dataclass
class Reports(Harness):
    theming: FakeTheming = field(default_factory=FakeTheming)

    async def page(self, path: str) -> str:
        response = await self.client.get(path, follow_redirects=False)
        assert response.status_code in (200, 422), (response.status_code, response.text[:500])
        return response.text


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest_asyncio.fixture(loop_scope="session")
async def reports(services: Services, published: list[str], clock: FakeClock) -> AsyncIterator[Reports]:
    sleeps, theming = Sleeps(), FakeTheming()
    officers = officers_for(services, clock, sleeps)
    insight = build_insight(services.settings, theme=theming, clock=clock)
    app = app_for(replace(services, officers=officers, insight=insight))
    async with AsyncTestClient(app=app) as client:
        yield Reports(client, officers, clock, sleeps, theming)
        theming.release = True
