"""Shape a survey, its questions and answers into plain values for the page templates."""

from __future__ import annotations

from dataclasses import dataclass, field

from voices.surveys.answers import RawAnswer
from voices.surveys.definition import (
    LIKERT_CHOICES,
    FreeTextQuestion,
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    SingleChoiceQuestion,
    SurveyDefinition,
    translate,
)
from voices.surveys.form_state import field_name
from voices.pages.messages import LANGUAGE_NAMES


@dataclass(frozen=True, slots=True)
class ChoiceView:
    id: str
    label: str
    hint: str = ""
    checked: bool = False
    exclusive: bool = False
    divider: bool = False


@dataclass(frozen=True, slots=True)
class QuestionView:
    id: str
    kind: str
    field: str
    prompt: str
    hint: str
    content_note: str
    required: bool
    error: str | None = None
    choices: list[ChoiceView] = field(default_factory=list)
    text_value: str = ""
    max_length: int = 0

    @property
    def anchor(self) -> str:
        """Where the error summary links to: the first input of the question."""
        return f"{self.field}-1" if self.choices else self.field


@dataclass(frozen=True, slots=True)
class SurveyView:
    slug: str
    title: str
    summary: str
    purpose: str
    minutes: int
    content_note: str
    languages: list[tuple[str, str]]
    form_path: str  # where its forms post: /surveys/{slug}, or /groups for a group's survey


def survey_view(definition: SurveyDefinition, lang: str) -> SurveyView:
    return SurveyView(
        slug=definition.slug,
        title=translate(definition.title, lang),
        summary=translate(definition.summary, lang),
        purpose=translate(definition.purpose, lang),
        minutes=definition.minutes,
        content_note=translate(definition.content_note, lang),
        languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in definition.languages],
        form_path=definition.form_path,
    )


def question_view(question: Question, lang: str, raw: RawAnswer | None, error: str | None) -> QuestionView:
    chosen = set(raw if isinstance(raw, list) else [raw] if raw else [])
    common = dict(
        id=question.id,
        kind=_kind(question),
        field=field_name(question.id),
        prompt=translate(question.prompt, lang),
        hint=translate(question.hint, lang),
        content_note=translate(question.content_note, lang),
        required=question.required,
        error=error,
    )
    match question:
        case LikertQuestion():
            choices = [
                ChoiceView(cid, translate(label, lang), checked=cid in chosen, divider=cid == "prefer_not_to_say")
                for cid, label in LIKERT_CHOICES
            ]
            return QuestionView(**common, choices=choices)
        case SingleChoiceQuestion() | MultipleChoiceQuestion():
            exclusive = set(getattr(question, "exclusive", []))
            choices = [
                ChoiceView(
                    c.id,
                    translate(c.label, lang),
                    translate(c.hint, lang),
                    checked=c.id in chosen,
                    exclusive=c.id in exclusive,
                    divider=c.id in exclusive,
                )
                for c in question.choices
            ]
            return QuestionView(**common, choices=choices)
        case FreeTextQuestion():
            return QuestionView(**common, text_value=_text(raw), max_length=question.max_length)
        case NumberQuestion():
            return QuestionView(**common, text_value=_text(raw))
    raise TypeError(f"unknown question kind {type(question).__name__}")


def _kind(question: Question) -> str:
    return type(question).__struct_config__.tag  # the YAML `kind`


def _text(raw: RawAnswer | None) -> str:
    if raw is None:
        return ""
    return raw if isinstance(raw, str) else "\n".join(raw)


def answer_lines(question: Question, raw: RawAnswer | None, lang: str) -> list[str]:
    """How an answer reads on the check page: choice labels, not ids."""
    if raw is None or raw == "" or raw == []:
        return []
    view = question_view(question, lang, raw, None)
    if view.choices:
        return [choice.label for choice in view.choices if choice.checked]
    return [view.text_value]
