"""Theme review in the browser: an analyst opens a theme from the report, corrects a comment's
codebook themes, sees the change and its undo in the history, starts a theme run, and the new run
keeps the correction (the tagger alone would have given the comment its old theme). axe-core on
each review page, no console error. The module runs its own server: its run and labels would change
what other tests read."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.conftest import running_server
from tests.browser.harness import Server
from tests.browser.test_officers import PASSWORD, set_password, sign_in, submit
from tests.conftest import run_async
from tests.officers.links import officer_links
from tests.review.runs import SLUG, reviewable_run
from voices.db.engine import bind, engine_from_url

pytestmark = pytest.mark.browser
ANALYST = "rowan.review@county.example"


def stored(server: Server, query: str) -> list[tuple]:
    with sqlite3.connect(server.log.parent / "voices.sqlite") as connection:
        return connection.execute(query).fetchall()


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, neutral_site: str) -> Iterator[Server]:
    with running_server(request, neutral_site) as started:
        yield started


async def seeded(url: str) -> tuple[dict[str, list[int]], str]:
    bind(engine_from_url(url))
    members = await reviewable_run()
    return members, (await officer_links(None, {ANALYST: "analyst"}))[ANALYST]


def current_run(server: Server) -> int:
    return stored(server, f"SELECT id FROM theme_run WHERE survey_slug = '{SLUG}' AND is_current")[0][0]


def test_an_analyst_reviews_a_comment_and_the_next_run_keeps_it(page: Page, server: Server) -> None:
    members, link = run_async(seeded(f"sqlite:///{server.log.parent / 'voices.sqlite'}"))
    reviewed = members["waiting_times_capacity"][0]
    set_password(page, server, link)  # refuses a weak password first: a 400, on purpose
    sign_in(page, ANALYST, PASSWORD)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    found: dict[str, list[str]] = {}

    page.goto(server.url(f"/officers/reports/{SLUG}"))
    with page.expect_navigation():
        page.get_by_role("link", name="Review the comments in this theme").filter(has_text="Waiting times").click()
    found["theme"] = axe_violations(page, server)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Comment {reviewed}", exact=True).click()
    expect(page.get_by_label("Waiting times and capacity")).to_be_checked()
    found["comment"] = axe_violations(page, server)
    page.get_by_label("Waiting times and capacity").uncheck()
    page.get_by_label("Being believed").check()
    submit(page, "Save these themes")
    expect(page.get_by_text("The comment's themes were saved.")).to_be_visible()
    expect(page.get_by_label("Being believed")).to_be_checked()

    page.goto(server.url(f"/officers/reports/{SLUG}/review"))
    found["overview"] = axe_violations(page, server)
    expect(page.get_by_role("cell", name=f"Comment {reviewed}: codebook themes set to Being believed")).to_be_visible()
    assert found == {"theme": [], "comment": [], "overview": []}

    # The next run, with the shipped tagger, keeps the analyst's themes for that comment.
    before = current_run(server)
    page.goto(server.url(f"/officers/reports/{SLUG}"))
    submit(page, "Theme the comments again")
    deadline = time.monotonic() + 300
    while current_run(server) == before:
        assert time.monotonic() < deadline, "the theme run did not finish in 300 s"
        time.sleep(1)
    run = current_run(server)
    themes = stored(server, f"SELECT theme_key, reviewed FROM theme_assignment WHERE theme_run = {run} "
                            f"AND answer = {reviewed} AND source = 'codebook'")
    assert themes == [("being_believed", 1)]
    # The tagger, left to itself, gives the comment's twins waiting times: the review made the difference.
    twins = stored(server, f"SELECT count(*) FROM theme_assignment WHERE theme_run = {run} "
                           f"AND theme_key = 'waiting_times_capacity'")
    assert twins[0][0] > 0
    page.goto(server.url(f"/officers/reports/{SLUG}/review/themes/being_believed"))
    expect(page.get_by_role("link", name=f"Comment {reviewed}", exact=True)).to_be_visible()
    assert errors == []
