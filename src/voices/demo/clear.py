"""Removing demo submissions with their answers and every copy of their words, reusing the purge's parts."""

from __future__ import annotations

from dataclasses import dataclass, fields

from voices.db.locks import answer_copies_transaction
from voices.db.tables import Answer, Submission, ThemeAssignment
from voices.privacy.retention import _drop_quotes_of_missing_answers


@dataclass(frozen=True, slots=True)
class ClearCounts:
    submissions: int = 0
    answers: int = 0
    theme_assignments: int = 0
    summary_quotes: int = 0

    def rows(self) -> list[tuple[str, int]]:
        return [(field.name.replace("_", " "), getattr(self, field.name)) for field in fields(self)]


async def clear_demo() -> ClearCounts:
    """Delete every demo submission, its answers, their theme assignments and quotes; what went."""
    is_demo = Submission.channel == Submission.Channel.demo
    demo_submissions = Submission.select(Submission.id).where(is_demo)
    demo_answers = Answer.select(Answer.id).where(Answer.submission.is_in(demo_submissions))
    # The purge's transaction: theme runs cannot copy these words while they go (and on SQLite
    # the freed pages are zeroed).
    async with answer_copies_transaction(Submission):
        submissions = await Submission.count().where(is_demo)
        answers = await Answer.count().where(Answer.submission.is_in(demo_submissions))
        assignments = await ThemeAssignment.count().where(ThemeAssignment.answer.is_in(demo_answers))
        # Children before parents, as the purge does: the same on both engines whatever the foreign keys.
        await ThemeAssignment.delete().where(ThemeAssignment.answer.is_in(demo_answers))
        await Answer.delete().where(Answer.submission.is_in(demo_submissions))
        await Submission.delete().where(is_demo)
        quotes = await _drop_quotes_of_missing_answers()
    return ClearCounts(submissions, answers, assignments, quotes)
