"""Respondents complete each survey on a phone, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import Server
from tests.browser.respondent import RESPONDENTS, Answer, answer_all, open_survey, press, send

pytestmark = pytest.mark.browser


def check_page_shows(page: Page, answers: dict[str, Answer]) -> None:
    summary = page.locator(".govuk-summary-list")
    for answer in answers.values():
        for line in [answer] if isinstance(answer, str) else answer:
            expect(summary).to_contain_text(line)
    expect(summary).to_contain_text("Not answered")  # the skipped questions are listed, unanswered


@pytest.mark.parametrize("slug", ["awareness", "attitudes", "survivor-feedback", "bilingual"])
def test_respondent_completes_survey_at_one_address(page: Page, server: Server, slug: str) -> None:
    respondent = RESPONDENTS[slug]
    walk = open_survey(page, server, slug)
    answer_all(page, walk, respondent.answers)

    assert respondent.shown <= set(walk.questions)
    assert not respondent.hidden & set(walk.questions)
    check_page_shows(page, respondent.answers)
    send(page, walk)
    assert walk.urls == {server.url(f"/surveys/{slug}")}


def test_change_from_check_page_returns_there(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "bilingual")
    answer_all(page, walk, {"nights_out": "4"})
    press(page, walk, "Change How many nights out did you have last month?")
    expect(page.get_by_role("textbox")).to_have_value("4")
    page.get_by_role("textbox").fill("5")
    press(page, walk, "Continue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator(".govuk-summary-list")).to_contain_text("5")
    send(page, walk)
    assert walk.urls == {server.url("/surveys/bilingual")}


def test_respondent_completes_survey_without_javascript(page_without_js: Page, server: Server) -> None:
    page = page_without_js
    respondent = RESPONDENTS["awareness"]
    walk = open_survey(page, server, "awareness")
    expect(page.locator("body")).not_to_have_class("js-enabled")
    answer_all(page, walk, respondent.answers)

    assert respondent.shown <= set(walk.questions)
    assert not respondent.hidden & set(walk.questions)
    check_page_shows(page, respondent.answers)
    send(page, walk)
    assert walk.urls == {server.url("/surveys/awareness")}


def test_error_keeps_the_answer_to_correct(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "bilingual")
    press(page, walk, "Start now")
    page.get_by_label("Disagree", exact=True).check()
    press(page, walk, "Continue")
    press(page, walk, "Continue")  # places skipped
    page.get_by_role("textbox").fill("99")
    press(page, walk, "Continue")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile(r"^Error: Question 3 of 5 "))
    summary.get_by_role("link").click()
    expect(page.get_by_role("textbox")).to_be_focused()
    expect(page.get_by_role("textbox")).to_have_value("99")
    press(page, walk, "Back")
    press(page, walk, "Back")
    expect(page.get_by_label("Disagree", exact=True)).to_be_checked()  # earlier answers were kept
    assert walk.urls == {server.url("/surveys/bilingual")}


def test_server_log_holds_nothing_about_respondents(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "bilingual")
    answer_all(page, walk, {"comments": "Lighting near the bus station"})
    send(page, walk)
    log = server.log.read_text()
    user_agent = page.evaluate("navigator.userAgent")
    assert user_agent not in log and "HeadlessChrome" not in log
    assert "POST /surveys" not in log and "GET /surveys" not in log  # no access log lines
    assert "Lighting near the bus station" not in log


def test_nothing_is_kept_in_the_browser(page: Page, server: Server) -> None:
    walk = open_survey(page, server, "bilingual")
    answer_all(page, walk, RESPONDENTS["bilingual"].answers)
    send(page, walk)
    state = page.context.storage_state()
    assert state["cookies"] == []
    assert all(not origin.get("localStorage") for origin in state["origins"])
    assert page.evaluate("() => window.sessionStorage.length") == 0
    assert page.evaluate("async () => (await indexedDB.databases()).length") == 0
    assert page.evaluate("async () => (await caches.keys()).length") == 0
