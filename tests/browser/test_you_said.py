"""You said, we did in the browser: an analyst publishes a theme's action and ticks a quote without
JavaScript; the public page shows them, with JavaScript off, and axe-core finds nothing on either."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.browser.accessibility import axe_violations
from tests.browser.conftest import running_server
from tests.browser.harness import Server
from tests.browser.test_officers import PASSWORD, set_password, sign_in, submit
from tests.conftest import run_async
from tests.insight.theme_runs import comments, current_run
from tests.officers.links import officer_links
from voices.db.engine import bind, engine_from_url

pytestmark = pytest.mark.browser

ANALYST = "you-said-analyst@county.example"
DAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    # A theme run of its own: other modules read the awareness report of the shared server.
    with running_server(request, neutral_site) as started:
        yield started


@pytest.fixture(scope="module")
def analyst_link(server: Server) -> str:
    database = f"sqlite:///{server.log.parent / 'voices.sqlite'}"

    async def seed() -> str:
        bind(engine_from_url(database))
        waiting = await comments("awareness", DAY, "the wait was long", {"survey": 12})
        await current_run("awareness", DAY, {"waiting_times_capacity": ("Waiting times", waiting)})
        return (await officer_links(None, {ANALYST: "analyst"}))[ANALYST]

    return run_async(seed())


def test_an_analyst_publishes_and_residents_read_it_without_javascript(
    new_context: Callable[..., BrowserContext], server: Server, analyst_link: str
) -> None:
    found: dict[str, list[str]] = {}
    officer = new_context().new_page()
    set_password(officer, server, analyst_link)
    sign_in(officer, ANALYST, PASSWORD)
    officer.goto(server.url("/officers/you-said/awareness"))
    found["officer page"] = axe_violations(officer, server)
    submit(officer, "Save Waiting times")  # nothing typed: every field says what is missing
    expect(officer.locator(".govuk-error-summary")).to_be_visible()
    found["officer page, refused"] = axe_violations(officer, server)
    officer.get_by_label("What people told us").fill("Many people waited months for counselling.")
    officer.get_by_label("What the partnership did").fill("We funded two more counsellors.")
    officer.get_by_label("Day").fill("5")
    officer.get_by_label("Month").fill("11")
    officer.get_by_label("Year").fill("2026")
    officer.get_by_label("Publish on the public page").check()
    submit(officer, "Save Waiting times")
    officer.get_by_label("“quoted from Waiting times”").check()
    submit(officer, "Save quotes for Waiting times")
    expect(officer.get_by_text("Published", exact=True)).to_be_visible()

    resident = new_context(javascript=False).new_page()
    resident.goto(server.url("/"))
    with resident.expect_navigation():
        resident.get_by_role("link", name="You said, we did").click()
    expect(resident.get_by_role("heading", name="Waiting times")).to_be_visible()
    expect(resident.get_by_text("We funded two more counsellors.")).to_be_visible()
    expect(resident.get_by_text("“quoted from Waiting times”")).to_be_visible()
    expect(resident.get_by_text("10 to 49 comments")).to_be_visible()
    expect(resident.get_by_role("button", name="Exit this page")).to_be_visible()

    public = new_context().new_page()
    public.goto(server.url("/you-said-we-did"))
    found["public page"] = axe_violations(public, server)
    assert {where: problems for where, problems in found.items() if problems} == {}
