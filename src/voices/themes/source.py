"""The comments a theme run reads: a survey's stored free-text answers (already redacted), each with
the question it answers, because "nothing" under "What helped?" and under "What did not help?" are
opposite findings (themes/questions.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from piccolo.query import Select
from piccolo.query.functions.aggregate import Count, Max

from voices.db.tables import Answer, Survey, SurveyVersion
from voices.surveys.definition import DEFAULT_LANGUAGE, translate
from voices.surveys.reported_in import reported_in, reported_with


class StoredComment(NamedTuple):
    answer_id: int
    text: str
    question: str | None  # the question's English prompt; None when its version no longer names it


async def survey_free_text(survey_slug: str) -> list[StoredComment]:
    """Every stored (redacted) free-text answer to a survey, and to the surveys reported in it
    (`reported_in`), oldest first, with its question."""
    slugs = [survey_slug, *await reported_with(survey_slug)]
    versions = SurveyVersion.select(SurveyVersion.id).where(
        SurveyVersion.survey.is_in(Survey.select(Survey.id).where(Survey.slug.is_in(slugs)))
    )
    prompts = await version_prompts(versions)
    rows = await (
        Answer.select(Answer.id, Answer.text, Answer.question_id, Answer.submission.survey_version.as_alias("version"))
        .where(Answer.submission.survey_version.is_in(list(prompts)) & Answer.text.is_not_null())
        .order_by(Answer.id)
    ) if prompts else []
    return [
        StoredComment(row["id"], row["text"], prompts[row["version"]].get(row["question_id"])) for row in rows
    ]


def read_mark(answer_ids: Sequence[int]) -> dict[str, int]:
    """What a run read, kept in its parameters: how many comments and the newest answer id. Answers
    are only added or deleted, never edited, so a survey whose mark differs has new or purged comments."""
    return {"comments": len(answer_ids), "last_answer_id": max(answer_ids, default=0)}


async def stored_marks() -> dict[str, dict[str, int]]:
    """Each survey with stored free text: the mark a run reading it now would keep (counts only).
    A survey reported in another counts towards that one's mark, as its runs read it."""
    slug = Answer.submission.survey_version.survey.slug
    rows = await (
        Answer.select(slug.as_alias("slug"), Count(Answer.id, alias="comments"), Max(Answer.id, alias="last"))
        .where(Answer.text.is_not_null())
        .group_by(slug)
    )
    into = await reported_in()
    marks: dict[str, dict[str, int]] = {}
    for row in rows:
        mark = marks.setdefault(into.get(row["slug"], row["slug"]), {"comments": 0, "last_answer_id": 0})
        mark["comments"] += row["comments"]
        mark["last_answer_id"] = max(mark["last_answer_id"], row["last"])
    return marks


async def version_prompts(version_ids: Select | Sequence[int]) -> dict[int, dict[str, str]]:
    """For each survey version given: question id to its English prompt."""
    rows = await SurveyVersion.select(SurveyVersion.id, SurveyVersion.definition).where(
        SurveyVersion.id.is_in(version_ids if isinstance(version_ids, Select) else list(version_ids))
    ).output(load_json=True)
    return {row["id"]: question_prompts(row["definition"]) for row in rows}


def question_prompts(definition: dict[str, Any]) -> dict[str, str]:
    """Question id to its English prompt, from a stored survey definition."""
    return {
        question["id"]: translate(question["prompt"], DEFAULT_LANGUAGE)
        for question in definition.get("questions", [])
    }
