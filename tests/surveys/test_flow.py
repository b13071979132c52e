"""Branching and answer checks, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from voices.surveys.answers import check_answer
from voices.surveys.definition import SurveyDefinition
from voices.surveys.flow import CHECK, START, answers_to_keep, next_step, previous_step
from voices.surveys.loader import read_definition


@pytest.fixture(scope="module")
def survey() -> SurveyDefinition:
    return read_definition(Path(__file__).parent / "fixtures" / "valid" / "bilingual.yaml")


def test_follow_up_is_shown_only_when_its_choice_is_ticked(survey: SurveyDefinition) -> None:
    assert next_step(survey, {"places": ["streets"]}, "places") == "nights_out"
    assert next_step(survey, {"places": ["streets", "other"]}, "places") == "other_place"


def test_back_skips_questions_that_were_not_shown(survey: SurveyDefinition) -> None:
    assert previous_step(survey, {"places": ["pubs"]}, "nights_out") == "places"
    assert previous_step(survey, {}, "feel_safe") == START
    assert previous_step(survey, {}, CHECK) == "age_band"


def test_first_and_last_steps(survey: SurveyDefinition) -> None:
    assert next_step(survey, {}, START) == "feel_safe"
    assert next_step(survey, {}, "age_band") == CHECK


def test_answers_to_hidden_questions_are_dropped(survey: SurveyDefinition) -> None:
    kept = answers_to_keep(survey, {"places": ["pubs"], "other_place": "the park"})
    assert kept == {"places": ["pubs"]}


@pytest.mark.parametrize(
    ("question_id", "raw", "value", "error"),
    [
        ("feel_safe", "agree", "agree", None),
        ("feel_safe", "prefer_not_to_say", "prefer_not_to_say", None),
        ("feel_safe", "very", None, "Select one of the answers shown"),
        ("places", ["pubs", "streets"], ["streets", "pubs"], None),
        ("places", ["nowhere", "pubs"], None, "You cannot choose that answer together with others"),
        ("places", ["moon"], None, "Select only answers that are shown"),
        ("nights_out", "4", 4, None),
        ("nights_out", "forty", None, "Enter a whole number, like 3"),
        ("nights_out", "40", None, "Enter a number between 0 and 31"),
        ("comments", "x" * 501, None, "Your answer must be 500 characters or fewer: it is 501"),
        ("comments", "  ", None, None),
    ],
)
def test_answer_checks(survey: SurveyDefinition, question_id: str, raw: object, value: object, error: str | None) -> None:
    question = survey.question(question_id)
    assert question is not None
    checked = check_answer(question, raw)  # type: ignore[arg-type]
    assert checked.value == value
    assert (checked.error or None) == error or (error and checked.error and checked.error.startswith(error))
