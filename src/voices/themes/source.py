"""The comments a theme run reads: a survey's stored free-text answers (already redacted)."""

from __future__ import annotations

from voices.db.tables import Answer, Submission, Survey, SurveyVersion


async def survey_free_text(survey_slug: str) -> list[tuple[int, str]]:
    """``(answer id, text)`` of every stored (redacted) free-text answer to a survey."""
    versions = SurveyVersion.select(SurveyVersion.id).where(
        SurveyVersion.survey.is_in(Survey.select(Survey.id).where(Survey.slug == survey_slug))
    )
    submissions = Submission.select(Submission.id).where(Submission.survey_version.is_in(versions))
    rows = await (
        Answer.select(Answer.id, Answer.text)
        .where(Answer.submission.is_in(submissions) & Answer.text.is_not_null())
        .order_by(Answer.id)
    )
    return [(row["id"], row["text"]) for row in rows]
