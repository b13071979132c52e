"""Facilitated notes: what a group session said, written by its facilitator on the group's behalf.

A note is stored like a member's feedback, against the group feedback form, so it is themed and
reported with everything else; its channel (`facilitated`) keeps it apart and it is counted apart.
Its day is the first of the session's month: a session's exact date is not kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from voices.db.tables import Submission
from voices.privacy.sanitise import clean
from voices.surveys.answers import RawAnswer
from voices.surveys.definition import DEFAULT_LANGUAGE, SingleChoiceQuestion, SurveyDefinition, translate

SERVICE = "service"
# The feedback form's free-text questions; a note answers them as the session did.
TEXTS = ("what_helped", "what_did_not_help", "what_would_make_it_better")
MONTHS_OFFERED = 12
CHANNEL = Submission.Channel.facilitated.value


@dataclass(frozen=True, slots=True)
class NoteForm:
    service: str
    month: str  # YYYY-MM
    texts: dict[str, str]

    @classmethod
    def read(cls, posted: Mapping[str, str]) -> NoteForm:
        return cls(
            service=posted.get(SERVICE, ""),
            month=posted.get("month", ""),
            texts={question_id: posted.get(question_id, "") for question_id in TEXTS},
        )

    def answers(self) -> dict[str, RawAnswer]:
        """As the feedback form's answers: the service chosen and the texts written (blank ones left out)."""
        answers: dict[str, RawAnswer] = {SERVICE: self.service}
        answers |= {question_id: text for question_id, text in self.texts.items() if text.strip()}
        return answers


def services(definition: SurveyDefinition) -> list[tuple[str, str]]:
    """The deployment's services: the choices of the feedback form's `service` question."""
    question = definition.question(SERVICE)
    if not isinstance(question, SingleChoiceQuestion):
        return []
    return [(choice.id, translate(choice.label, DEFAULT_LANGUAGE)) for choice in question.choices]


def prompts(definition: SurveyDefinition) -> list[tuple[str, str]]:
    found = [(qid, definition.question(qid)) for qid in TEXTS]
    return [
        (qid, translate(question.prompt, DEFAULT_LANGUAGE)) for qid, question in found if question is not None
    ]


def months(today: dt.date, count: int = MONTHS_OFFERED) -> list[tuple[str, str]]:
    """This month and the ones before it, newest first, as (YYYY-MM, "November 2026")."""
    offered = []
    year, month = today.year, today.month
    for _ in range(count):
        offered.append((f"{year:04d}-{month:02d}", dt.date(year, month, 1).strftime("%B %Y")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return offered


def problems(
    note: NoteForm, offered_services: list[tuple[str, str]], offered_months: list[tuple[str, str]]
) -> dict[str, str]:
    """What is missing or wrong, by field; the texts' own limits are checked with the form's questions."""
    found = {}
    if note.service not in {service_id for service_id, _ in offered_services}:
        found[SERVICE] = "Choose the service the session talked about"
    if note.month not in {month for month, _ in offered_months}:
        found["month"] = "Choose the month of the session"
    # Judged on the text as it would be stored: a note that is only markup would be saved, and
    # counted, with no words in it.
    if not any(clean(text) for text in note.texts.values()):
        found[TEXTS[0]] = "Write what the session said in at least one of the boxes"
    return found


def first_day(month: str) -> dt.date:
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1)


async def count_notes(group_id: int) -> int:
    return await Submission.count().where(
        (Submission.involvement_group == group_id) & (Submission.channel == CHANNEL)
    )
