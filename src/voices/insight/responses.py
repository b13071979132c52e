"""A survey's submissions and chosen answers, read live for one report request.

Reports never read a stored count: every figure is counted from these rows as they are now, so a
purge shows on the very next page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec

from voices.db.tables import Answer, Submission, SurveyVersion
from voices.errors import SurveyNotFound
from voices.surveys.definition import SurveyDefinition


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    loaded_on: dt.date
    is_current: bool


@dataclass(frozen=True, slots=True)
class Sent:
    """One submission, as much of it as a report may use: no answer, no time of day."""

    id: int
    day: dt.date
    channel: str
    version: int


@dataclass(frozen=True, slots=True)
class SurveyData:
    slug: str
    definition: SurveyDefinition  # the current version's, for titles and question wording
    versions: list[Version]  # oldest first
    submissions: list[Sent]

    @property
    def channels(self) -> list[str]:
        return sorted({s.channel for s in self.submissions})


async def survey_data(slug: str) -> SurveyData:
    """The survey's versions and every submission to it; raises `SurveyNotFound`."""
    rows = await (
        SurveyVersion.select(SurveyVersion.id, SurveyVersion.loaded_on, SurveyVersion.is_current, SurveyVersion.definition)
        .where(SurveyVersion.survey.slug == slug)
        .order_by(SurveyVersion.id)
    )
    if not rows:
        raise SurveyNotFound(f"there is no survey called {slug!r}")
    current = next((row for row in reversed(rows) if row["is_current"]), rows[-1])
    definition = msgspec.json.decode(current["definition"], type=SurveyDefinition)
    versions = [Version(row["id"], row["loaded_on"], row["is_current"]) for row in rows]
    sent = await Submission.select(
        Submission.id, Submission.submitted_on, Submission.channel, Submission.survey_version
    ).where(Submission.survey_version.is_in([v.id for v in versions]))
    submissions = [Sent(r["id"], r["submitted_on"], r["channel"], r["survey_version"]) for r in sent]
    return SurveyData(slug, definition, versions, submissions)


async def answer_values(slug: str, question_ids: list[str]) -> dict[str, dict[int, Any]]:
    """Question id → submission id → stored value (choice id, list of ids or number) of the survey's answers."""
    values: dict[str, dict[int, Any]] = {question_id: {} for question_id in question_ids}
    if not question_ids:
        return values
    rows = await (
        Answer.select(Answer.submission, Answer.question_id, Answer.value)
        .where(Answer.question_id.is_in(question_ids) & Answer.value.is_not_null())
        .where(Answer.submission.survey_version.survey.slug == slug)
    )
    # Decoded here by msgspec: several times quicker than Piccolo's json.loads on 100,000s of rows.
    for row in rows:
        values[row["question_id"]][row["submission"]] = msgspec.json.decode(row["value"])
    return values
