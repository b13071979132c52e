"""axe-core finds no WCAG 2.2 A or AA failure on any respondent page, errors included."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import axe_violations
from tests.browser.harness import Server
from tests.browser.respondent import RESPONDENTS, current_step, give, open_survey, press, send

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/surveys/awareness", 200),
        ("/surveys/attitudes", 200),
        ("/surveys/survivor-feedback", 200),
        ("/surveys/bilingual", 200),
        ("/surveys/bilingual?lang=cy", 200),
        ("/safety", 200),
        ("/safety?lang=cy", 200),
        ("/you-said-we-did", 200),
        ("/groups?lang=cy", 200),
        ("/no-such-page", 404),
        ("/surveys/no-such-survey", 404),
    ],
)
def test_page_has_no_axe_violations(page: Page, server: Server, path: str, status: int) -> None:
    response = page.goto(server.url(path))
    assert response is not None and response.status == status
    assert axe_violations(page, server) == []


@pytest.mark.parametrize("slug", ["awareness", "bilingual"])
def test_every_step_of_a_survey_has_no_axe_violations(page: Page, server: Server, slug: str) -> None:
    """Awareness has checkboxes (with hints and an "or" divider), Likert items, free text and
    radios with hints; the fixture survey has the number question and Welsh."""
    answers = RESPONDENTS[slug].answers
    walk = open_survey(page, server, slug)
    press(page, walk, "Start now")
    found: dict[str, list[str]] = {}
    while (step := current_step(page)) != "check":
        found[step] = axe_violations(page, server)
        if step in answers:
            give(page, answers[step])
        press(page, walk, "Continue")
    found["check your answers"] = axe_violations(page, server)
    send(page, walk)
    found["confirmation"] = axe_violations(page, server)
    assert {where: problems for where, problems in found.items() if problems} == {}


def bilingual_question(page: Page, server: Server, step: str) -> None:
    walk = open_survey(page, server, "bilingual")
    press(page, walk, "Start now")
    while current_step(page) != step:
        press(page, walk, "Continue")


def test_number_out_of_range_error_has_no_axe_violations(page: Page, server: Server) -> None:
    bilingual_question(page, server, "nights_out")
    page.get_by_role("textbox").fill("99")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page, server) == []


def test_text_over_the_limit_error_has_no_axe_violations(page: Page, server: Server) -> None:
    bilingual_question(page, server, "comments")
    page.get_by_role("textbox").fill("Better lighting on the way to the station. " * 15)  # over 500
    expect(page.locator(".govuk-character-count__status")).to_contain_text("too many")
    assert axe_violations(page, server) == [], "while typing, with the character count over"
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page, server) == []


def test_choice_error_has_no_axe_violations(page: Page, server: Server) -> None:
    bilingual_question(page, server, "places")
    # Ticked together without the page's script (as on a browser without JavaScript), the
    # exclusive "Nowhere" and another place are refused with an error on the checkboxes.
    page.evaluate("for (const value of ['streets', 'nowhere']) document.querySelector(`input[value=${value}]`).checked = true")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page, server) == []


def test_check_page_error_has_no_axe_violations(page: Page, server: Server) -> None:
    bilingual_question(page, server, "comments")
    for _ in range(2):
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    assert current_step(page) == "check"
    # A stale or altered form can reach "Send" with an answer out of range; the check page says so.
    page.evaluate(
        "const f = document.createElement('input'); f.type = 'hidden'; f.name = 'a-nights_out'; f.value = '99';"
        "document.querySelector('form').append(f)"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page, server) == []


def test_focused_controls_have_no_axe_violations(page: Page, server: Server) -> None:
    """axe checks colours as they are when it runs, so run its contrast rule with each kind of
    control focused: focus styles must keep text readable (black on yellow), also on the dark
    header. (Only that rule: focusing scrolls the page, and a target half under the sticky exit
    button would then count as too small.)"""
    bilingual_question(page, server, "age_band")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    controls = {
        "skip link": page.get_by_role("link", name="Skip to main content"),
        "site name": page.locator(".voices-header__name"),
        "exit": page.get_by_role("button", name="Exit this page"),
        "back": page.get_by_role("button", name="Back", exact=True),
        "change": page.get_by_role("button", name="Change").first,
        "send": page.get_by_role("button", name="Send answers"),
        "support": page.get_by_role("link", name="How to use this site safely"),
    }
    found = {}
    for name, control in controls.items():
        control.focus()
        expect(control).to_be_focused()
        found[name] = axe_violations(page, server, rules=["color-contrast"])
    assert {name: problems for name, problems in found.items() if problems} == {}
