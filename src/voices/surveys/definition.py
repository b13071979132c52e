"""Survey definitions: the types a YAML file must fit, checked when it is loaded."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec

Identifier = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9-]{0,63}$")]
# A label is plain English text, or a mapping of language code to text ("en" required).
Label = str | dict[str, str]

DEFAULT_LANGUAGE = "en"
# Who may open a survey: anyone from its own address, or members of a survivor-involvement group
# through an invite code at /groups (groups/), in which case it is neither listed nor served at
# /surveys/{slug} or the API.
Audience = Literal["public", "groups"]
PUBLIC: Audience = "public"
GROUPS_PATH = "/groups"


class Choice(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: Identifier
    label: Label
    hint: Label | None = None


class ShowIf(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Show a question only when an earlier answer matches."""

    question: Identifier
    any_of: list[str] = []  # choice ids; the question is shown if the answer includes one of them
    answered: bool | None = None  # or: shown only when the earlier question was (not) answered


class _Question(msgspec.Struct, forbid_unknown_fields=True, frozen=True, tag_field="kind"):
    id: Identifier
    prompt: Label
    hint: Label | None = None
    content_note: Label | None = None
    required: bool = False
    show_if: ShowIf | None = None


class SingleChoiceQuestion(_Question, tag="single_choice"):
    choices: list[Choice] = []


class MultipleChoiceQuestion(_Question, tag="multiple_choice"):
    choices: list[Choice] = []
    exclusive: list[Identifier] = []  # e.g. "none of these", which cannot be ticked with others


class LikertQuestion(_Question, tag="likert"):
    """A 5-point agreement item with "prefer not to say"; may belong to a scored scale."""

    scale: Identifier | None = None
    subscale: Identifier | None = None
    reverse: bool = False  # agreeing means a *lower* score on the scale


class FreeTextQuestion(_Question, tag="free_text"):
    max_length: Annotated[int, msgspec.Meta(ge=1, le=10_000)] = 2000


class NumberQuestion(_Question, tag="number"):
    minimum: int | None = None
    maximum: int | None = None


Question = (
    SingleChoiceQuestion | MultipleChoiceQuestion | LikertQuestion | FreeTextQuestion | NumberQuestion
)
ChoiceQuestion = SingleChoiceQuestion | MultipleChoiceQuestion


class Scale(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: Identifier
    title: Label
    description: Label | None = None
    # What a rise and a fall in the score mean, in plain words for reports ("more victim-blaming",
    # "less victim-blaming"). Both or neither: a report reads a change in one of them.
    higher_means: str | None = None
    lower_means: str | None = None


class SurveyDefinition(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    slug: Slug
    title: Label
    summary: Label
    purpose: Label
    minutes: Annotated[int, msgspec.Meta(ge=1, le=120)]
    questions: list[Question]
    content_note: Label | None = None
    languages: list[str] = msgspec.field(default_factory=lambda: [DEFAULT_LANGUAGE])
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    scales: list[Scale] = []
    audience: Audience = PUBLIC
    # Another survey whose report and theme runs take this one's answers in beside its own (group
    # feedback is read with survivors' feedback on services, each theme showing its mix of sources).
    reported_in: Slug | None = None

    @property
    def form_path(self) -> str:
        """Where the survey's pages post: its own address, or the groups page that opened it."""
        return f"/surveys/{self.slug}" if self.audience == PUBLIC else GROUPS_PATH

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def is_open(self, today: dt.date) -> bool:
        return (self.opens_on is None or self.opens_on <= today) and (
            self.closes_on is None or today <= self.closes_on
        )


LIKERT_CHOICES: tuple[tuple[str, Label], ...] = (
    ("strongly_agree", {"en": "Strongly agree", "cy": "Cytuno'n gryf"}),
    ("agree", {"en": "Agree", "cy": "Cytuno"}),
    ("neither", {"en": "Neither agree nor disagree", "cy": "Ddim yn cytuno nac yn anghytuno"}),
    ("disagree", {"en": "Disagree", "cy": "Anghytuno"}),
    ("strongly_disagree", {"en": "Strongly disagree", "cy": "Anghytuno'n gryf"}),
    ("prefer_not_to_say", {"en": "Prefer not to say", "cy": "Mae'n well gennyf beidio â dweud"}),
)
LIKERT_IDS = frozenset(choice_id for choice_id, _ in LIKERT_CHOICES)


def translate(label: Label | None, language: str) -> str:
    """The label in `language`, falling back to English."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    return label.get(language) or label[DEFAULT_LANGUAGE]
