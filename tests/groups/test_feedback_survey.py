"""The group feedback form is a survey file like the others: loaded, checked and versioned the same way."""

from __future__ import annotations

from voices.settings import PROJECT_ROOT
from voices.surveys.definition import FreeTextQuestion, SingleChoiceQuestion
from voices.surveys.loader import read_definition

SERVICES = ["isva", "counselling", "police", "courts", "sarc", "helpline", "gp", "school", "other"]


def test_the_group_feedback_form_loads_and_is_only_for_groups() -> None:
    definition = read_definition(PROJECT_ROOT / "surveys" / "group-feedback.yaml")
    assert definition.audience == "groups" and definition.form_path == "/groups"
    assert [q.id for q in definition.questions] == [
        "service",
        "what_helped",
        "what_did_not_help",
        "what_would_make_it_better",
        "rating",
    ]
    service = definition.question("service")
    assert isinstance(service, SingleChoiceQuestion) and [c.id for c in service.choices] == SERVICES
    assert all(
        isinstance(definition.question(q), FreeTextQuestion) for q in ("what_helped", "what_did_not_help")
    )
    assert not any(q.required for q in definition.questions)  # any question can be skipped
    # Consent and anonymity, in plain words, on the page before the first question.
    note = definition.content_note
    assert isinstance(note, str) and isinstance(definition.purpose, str)
    assert "up to you whether you take part" in definition.purpose
    for words in (
        "facilitator does not see your answers",
        "do not keep the code",
        "removed before",
        "skip",
        "Exit this page",
    ):
        assert words in note, words
