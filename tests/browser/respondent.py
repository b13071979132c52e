"""A respondent, in the browser: open a survey, answer what they choose to, skip the rest, send.

Answers are given as people see them: choices by their label, text as typed. A question left out
of the answers is skipped by selecting Continue without answering.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from playwright.sync_api import Page, expect

from tests.browser.harness import MIN_SECONDS_TO_COMPLETE, Server

Answer = str | list[str]
MAX_STEPS = 60


@dataclass(frozen=True)
class Respondent:
    """Answers some questions and skips the rest. Ticking "something else" brings up a follow-up
    question (show_if): `shown` must be asked, `hidden` must not."""

    answers: dict[str, Answer]
    shown: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)


RESPONDENTS: dict[str, Respondent] = {
    "awareness": Respondent(
        {
            "services_known": ["Samaritans", "NHS 111", "Rape Crisis 24/7 Support Line"],
            "know_help_self": "Agree",
            "know_support_without_reporting": "Strongly disagree",
            "barriers": ["Worry about not being believed", "Something else"],
            "barriers_other": "Not knowing whether the helpline costs anything to call",
            "information_sources": ["The NHS website"],
            "anything_else": "More posters in pub toilets would help.",
            "area": "North of the county",
        },
        shown={"barriers_other"},
        hidden={"information_sources_other"},
    ),
    "attitudes": Respondent(
        {
            "blame_out_alone_at_night": "Strongly disagree",
            "blame_nobody_deserves": "Strongly agree",
            "minimising_jokes": "Disagree",
            "doubting_believe_first": "Neither agree nor disagree",
            "bystander_pestered": "Agree",
            "bystander_what_stops": ["Worry about my own safety", "Something else"],
            "bystander_what_stops_other": "Not wanting to make things worse for them",
            "gender": "Prefer not to say",
        },
        shown={"bystander_what_stops_other"},
    ),
    "survivor-feedback": Respondent(
        {
            "answering_for": "Myself. I used the service.",
            "services_used": ["Counselling or therapy", "Another service"],
            "services_used_other": "A housing charity",
            "waiting_time": "I am still waiting",
            "help_while_waiting": "A phone call every few weeks to say where I am on the list.",
            "felt_believed": "Strongly agree",
            "what_helped": "Being listened to without being rushed.",
            "would_recommend": "Yes",
        },
        shown={"services_used_other", "help_while_waiting"},
    ),
    # The fixture survey carries the one number question.
    "bilingual": Respondent(
        {
            "feel_safe": "Disagree",
            "places": ["Pubs and clubs", "Somewhere else"],
            "other_place": "The bus station",
            "nights_out": "4",
            "age_band": "25 or over",
        },
        shown={"other_place"},
    ),
}


@dataclass
class Walk:
    """What one respondent saw: the questions in the order shown, and the address at each step."""

    slug: str
    questions: list[str] = field(default_factory=list)
    urls: set[str] = field(default_factory=set)
    started: float = 0.0


def current_step(page: Page) -> str:
    step = page.locator('input[name="_step"]')
    if not step.count():
        heading = page.locator("h1").all_inner_texts()
        raise AssertionError(f"expected a survey step, got a page headed {heading}")
    return step.input_value()


def open_survey(page: Page, server: Server, slug: str) -> Walk:
    page.goto(server.url(f"/surveys/{slug}"))
    walk = Walk(slug, started=time.monotonic())  # the form's token is issued with this page
    walk.urls.add(page.url)
    return walk


def give(page: Page, answer: Answer) -> None:
    """Answer the question on the page the way a person would."""
    if page.locator(".govuk-radios, .govuk-checkboxes").count():
        for label in [answer] if isinstance(answer, str) else answer:
            page.get_by_label(label, exact=True).check()
    else:
        page.get_by_role("textbox").fill(str(answer))


def press(page: Page, walk: Walk, button: str) -> None:
    """Select a button that sends the form, and wait for the page that comes back."""
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()
    walk.urls.add(page.url)


def answer_all(page: Page, walk: Walk, answers: dict[str, Answer]) -> None:
    """From the start page to "Check your answers", answering `answers` and skipping the rest."""
    press(page, walk, "Start now")
    for _ in range(MAX_STEPS):
        step = current_step(page)
        if step == "check":
            expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
            return
        walk.questions.append(step)
        if step in answers:
            give(page, answers[step])
        press(page, walk, "Continue")
    raise AssertionError(f"no check page after {MAX_STEPS} steps: {walk.questions}")


def send(page: Page, walk: Walk) -> None:
    # The server refuses forms sent faster than a person could; a real respondent is slower.
    remaining = MIN_SECONDS_TO_COMPLETE + 0.2 - (time.monotonic() - walk.started)
    if remaining > 0:
        page.wait_for_timeout(remaining * 1000)
    press(page, walk, "Send answers")
    expect(page.locator(".govuk-panel__body")).to_have_text("Your answers have been sent")
