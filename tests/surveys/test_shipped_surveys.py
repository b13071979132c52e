"""The three surveys that ship with the product load cleanly and keep their promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from voices.surveys.definition import FreeTextQuestion, LikertQuestion, SurveyDefinition
from voices.surveys.loader import read_definition, read_directory

SURVEYS = Path(__file__).resolve().parents[2] / "surveys"
SHIPPED = {slug: f"{slug}.yaml" for slug in ("awareness", "attitudes", "survivor-feedback")}
DEMOGRAPHICS = ("age_band", "gender", "area")


@pytest.fixture(params=sorted(SHIPPED), scope="module")
def definition(request: pytest.FixtureRequest) -> SurveyDefinition:
    loaded = read_definition(SURVEYS / SHIPPED[request.param])
    assert loaded.slug == request.param
    return loaded


def test_directory_loads_without_problems() -> None:
    definitions, problems = read_directory(SURVEYS)
    assert problems == []
    assert {d.slug for d in definitions} >= set(SHIPPED)


def test_has_content_note_and_english(definition: SurveyDefinition) -> None:
    assert isinstance(definition.content_note, str)
    assert "skip" in definition.content_note and "Exit this page" in definition.content_note
    assert definition.languages == ["en"]


def test_every_question_is_optional(definition: SurveyDefinition) -> None:
    assert [q.id for q in definition.questions if q.required] == []


def test_ends_with_banded_demographics(definition: SurveyDefinition) -> None:
    ids = [q.id for q in definition.questions]
    assert tuple(ids[-3:]) == DEMOGRAPHICS
    for question_id in DEMOGRAPHICS:
        choices = [c.id for c in definition.question(question_id).choices]
        assert "prefer_not_to_say" in choices


def test_show_if_looks_back(definition: SurveyDefinition) -> None:
    position = {q.id: i for i, q in enumerate(definition.questions)}
    branched = [q for q in definition.questions if q.show_if is not None]
    assert branched, "each shipped survey uses show_if at least once"
    for question in branched:
        assert position[question.show_if.question] < position[question.id]


def test_free_text_limits(definition: SurveyDefinition) -> None:
    for question in definition.questions:
        if isinstance(question, FreeTextQuestion):
            assert 1000 <= question.max_length <= 2000


def test_attitudes_scale_structure() -> None:
    attitudes = read_definition(SURVEYS / SHIPPED["attitudes"])
    assert {s.id for s in attitudes.scales} == {"victim_blaming", "bystander"}
    likert = [q for q in attitudes.questions if isinstance(q, LikertQuestion)]
    items = [q for q in likert if q.scale == "victim_blaming"]
    assert 12 <= len(items) <= 16
    subscales = Counter(q.subscale for q in items)
    assert None not in subscales and len(subscales) >= 3
    assert sum(q.reverse for q in items) >= 3
    # each subscale mixes directions, so agreeing with everything does not max the score
    for subscale in subscales:
        assert {q.reverse for q in items if q.subscale == subscale} == {True, False}
    assert 3 <= sum(q.scale == "bystander" for q in likert) <= 4
