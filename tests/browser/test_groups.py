"""A survivor-group member on a phone: the home page, a mistyped code, the right one, the group
feedback form, all at /groups, with JavaScript on and off, and axe-core on every kind of page."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.harness import Server
from tests.browser.respondent import Walk, answer_all, press, send
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


def no_violations(page: Page, server: Server, javascript: bool) -> None:
    # axe-core is a script, so it runs in the JavaScript journey; the pages are the same without it.
    if javascript:
        assert axe_violations(page, server) == [], page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_member_gives_feedback_with_their_groups_code(
    new_context: Callable[..., BrowserContext], server: Server, group_code: str, javascript: bool
) -> None:
    page = new_context(javascript=javascript).new_page()
    page.goto(server.url("/"))
    page.get_by_role("link", name="give feedback with your group's code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback with your group")
    if not javascript:
        expect(page.locator("body")).not_to_have_class("js-enabled")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    no_violations(page, server, javascript)

    walk = Walk("group-feedback")
    page.get_by_label("Your group's code").fill("ACD-EFG")
    press(page, walk, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("That code does not work")
    expect(page).to_have_title("Error: Give feedback with your group - voices")
    no_violations(page, server, javascript)
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.get_by_label("Your group's code")).to_be_focused()

    page.get_by_label("Your group's code").fill(group_code.lower().replace("-", " "))
    walk.started = time.monotonic()  # the form's token is issued with the page the code opens
    press(page, walk, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback from your group")
    expect(page.locator("main")).to_contain_text("Your facilitator does not see your answers")
    no_violations(page, server, javascript)

    answer_all(page, walk, ANSWERS)
    assert walk.questions == [
        "service",
        "what_helped",
        "what_did_not_help",
        "what_would_make_it_better",
        "rating",
    ]
    summary = page.locator(".govuk-summary-list")
    for answer in ANSWERS.values():
        expect(summary).to_contain_text(answer)
    no_violations(page, server, javascript)
    send(page, walk)
    no_violations(page, server, javascript)
    assert walk.urls == {server.url("/groups")}  # one address from the code to the thanks
