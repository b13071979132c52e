"""A survivor-group member on a phone: the home page, a mistyped code, the right one, the group
feedback form, all at /groups, with JavaScript on and off, and axe-core on every page of it, and on
the page that asks them to wait after too many wrong codes."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.harness import Server
from tests.browser.respondent import MAX_STEPS, Walk, current_step, give, press, send
from voices.groups.attempts import WRONG_PER_WINDOW
from voices.groups.codes import code_hash, code_key, normalise

pytestmark = pytest.mark.browser

CODE = "MQ4-7XC"
ANSWERS = {
    "service": "The police",
    "what_helped": "Being told what would happen next, every time.",
    "rating": "Good",
}


@pytest.fixture(scope="module")
def group_code(server: Server) -> str:
    """A facilitator's group with CODE, stored as the app stores it: by its keyed hash only."""
    var_dir = server.log.parent
    canonical = normalise(CODE)
    assert canonical is not None
    digest = code_hash(code_key((var_dir / "secret_key").read_text().strip()), canonical)
    later = "2099-01-01T00:00:00+00:00"
    with sqlite3.connect(var_dir / "voices.sqlite") as db:
        db.execute(
            "INSERT INTO officer (email, role, active, session_epoch, created_at) VALUES (?, 'facilitator', 1, 0, ?)",
            ("browser-facilitator@county.example", later),
        )
        (officer_id,) = db.execute(
            "SELECT id FROM officer WHERE email = 'browser-facilitator@county.example'"
        ).fetchone()
        db.execute(
            "INSERT INTO involvement_group (name, facilitator, created_at) VALUES ('Browser group', ?, ?)",
            (officer_id, later),
        )
        (group_id,) = db.execute("SELECT id FROM involvement_group WHERE name = 'Browser group'").fetchone()
        db.execute(
            "INSERT INTO invite_code (involvement_group, code_hash, expires_at, max_uses, uses, revoked,"
            " created_at) VALUES (?, ?, ?, 10, 0, 0, ?)",
            (group_id, digest, later, later),
        )
    return CODE


class Axe:
    """axe-core on each page of the journey, as the member's browser laid it out, by where it is.

    axe is a script, so without JavaScript it cannot run in the member's page. The page's HTML, as
    the server sent it and no script changed, is checked instead in a second page that has
    JavaScript, loaded from the same address (so the same stylesheet applies) with the app's own
    script held back: laid out as it was without JavaScript, and checked by the same helper."""

    def __init__(self, page: Page, server: Server, new_context: Callable[..., BrowserContext], javascript: bool):
        self.page = page
        self.server = server
        self.found: dict[str, list[str]] = {}
        self.checker: Page | None = None
        if not javascript:
            context = new_context(javascript=True)
            context.route(server.url("/static/init.mjs"), lambda route: route.abort())
            self.checker = context.new_page()

    def check(self, where: str) -> None:
        assert where not in self.found, where
        if self.checker is None:
            self.found[where] = axe_violations(self.page, self.server)
            return
        html = self.page.content()
        self.checker.route(
            self.page.url,
            lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
            times=1,
        )
        self.checker.goto(self.page.url)
        expect(self.checker.locator("body")).not_to_have_class("js-enabled")
        assert self.checker.title() == self.page.title(), where
        self.found[where] = axe_violations(self.checker, self.server)

    def problems(self) -> dict[str, list[str]]:
        return {where: found for where, found in self.found.items() if found}


@pytest.fixture
def wrong_codes_forgotten(server: Server) -> Iterator[None]:
    """The wrong codes this browser typed are forgotten after the test, so the next one is let in."""
    yield
    with sqlite3.connect(server.log.parent / "voices.sqlite") as db:
        db.execute("DELETE FROM wrong_code_attempt")


def type_code(page: Page, walk: Walk, code: str) -> int:
    """Type a code and select Continue: the status of the page that comes back."""
    page.get_by_label("Your group's code").fill(code)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Continue", exact=True).click()
    walk.urls.add(page.url)
    response = navigation.value
    assert response is not None
    return response.status


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_gives_feedback_with_their_groups_code(
    new_context: Callable[..., BrowserContext],
    server: Server,
    group_code: str,
    wrong_codes_forgotten: None,
    javascript: bool,
) -> None:
    page = new_context(javascript=javascript).new_page()
    axe = Axe(page, server, new_context, javascript)
    page.goto(server.url("/"))
    page.get_by_role("link", name="give feedback with your group's code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback with your group")
    if not javascript:
        expect(page.locator("body")).not_to_have_class("js-enabled")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    axe.check("code")

    walk = Walk("group-feedback")
    assert type_code(page, walk, "ACD-EFG") == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code does not work")
    expect(page).to_have_title("Error: Give feedback with your group - voices")
    axe.check("wrong code")
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.get_by_label("Your group's code")).to_be_focused()

    walk.started = time.monotonic()  # the form's token is issued with the page the code opens
    assert type_code(page, walk, group_code.lower().replace("-", " ")) == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback from your group")
    expect(page.locator("main")).to_contain_text("Your facilitator does not see your answers")
    axe.check("start")

    # Every question, as answer_all walks them, each checked as it is shown.
    press(page, walk, "Start now")
    for _ in range(MAX_STEPS):
        step = current_step(page)
        if step == "check":
            break
        walk.questions.append(step)
        axe.check(f"question {step}")
        if step in ANSWERS:
            give(page, ANSWERS[step])
        press(page, walk, "Continue")
    assert walk.questions == [
        "service",
        "what_helped",
        "what_did_not_help",
        "what_would_make_it_better",
        "rating",
    ]
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    summary = page.locator(".govuk-summary-list")
    for answer in ANSWERS.values():
        expect(summary).to_contain_text(answer)
    axe.check("check answers")
    send(page, walk)
    axe.check("thank you")
    assert walk.urls == {server.url("/groups")}  # one address from the code to the thanks

    # Too many wrong codes from one connection: every code waits, and the page says so.
    page.goto(server.url("/groups"))
    statuses = [type_code(page, walk, "ACD-EFG") for _ in range(WRONG_PER_WINDOW)]
    assert statuses == [400] * (WRONG_PER_WINDOW - 1) + [429]  # one wrong code was typed above
    expect(page.get_by_role("heading", level=1)).to_have_text("Please try again later")
    axe.check("too many wrong codes")

    assert list(axe.found) == [
        "code",
        "wrong code",
        "start",
        *(f"question {step}" for step in walk.questions),
        "check answers",
        "thank you",
        "too many wrong codes",
    ]
    assert axe.problems() == {}
