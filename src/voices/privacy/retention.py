"""Retention: answers older than the retention period are deleted, with every copy of their text.

A comment's words live in three places: its answer row, quotes in theme summaries, and officers'
confirmed labels (training data). Purging deletes the expired submissions and their answers and
theme assignments, strips quotes of deleted answers from stored summaries, and deletes confirmed
labels and spent form tokens dated before the cut-off. Form tokens older than the period are
refused at sending (tokens.verify_token), so forgetting a spent one cannot let a form in twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from piccolo.engine.postgres import PostgresEngine

from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    SpentFormToken,
    Submission,
    ThemeAssignment,
    ThemeSummaryRecord,
)

# Several app processes on one PostgreSQL database each schedule the purge; this lock lets one
# of them do it and the others skip. Any constant of our own; "voices" in ASCII.
PURGE_LOCK_KEY = 0x766F69636573


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    submissions: int = 0
    answers: int = 0
    theme_assignments: int = 0
    summary_quotes: int = 0
    confirmed_labels: int = 0
    spent_form_tokens: int = 0

    def rows(self) -> list[tuple[str, int]]:
        return [(field.name.replace("_", " "), getattr(self, field.name)) for field in fields(self)]


def cutoff(today: dt.date, retention_days: int) -> dt.date:
    """The first day still kept: anything dated earlier is past retention."""
    return today - dt.timedelta(days=retention_days)


async def purge_expired(today: dt.date, retention_days: int, dry_run: bool = False) -> PurgeCounts | None:
    """Delete what is past retention, in one transaction; the counts of what went (or would go).

    Returns None when another process holds the purge lock (PostgreSQL only).
    """
    first_kept = cutoff(today, retention_days)
    expired_submissions = Submission.select(Submission.id).where(Submission.submitted_on < first_kept)
    expired_answers = Answer.select(Answer.id).where(Answer.submission.is_in(expired_submissions))
    engine = Submission._meta.db
    async with engine.transaction():
        if isinstance(engine, PostgresEngine):
            rows = await Submission.raw("SELECT pg_try_advisory_xact_lock({}) AS locked", PURGE_LOCK_KEY)
            if not rows[0]["locked"]:
                return None
        expired_ids = {row["id"] for row in await expired_answers}
        summaries = await _summaries_quoting(expired_ids)
        counts = PurgeCounts(
            submissions=await Submission.count().where(Submission.submitted_on < first_kept),
            answers=len(expired_ids),
            theme_assignments=await ThemeAssignment.count().where(ThemeAssignment.answer.is_in(expired_answers)),
            summary_quotes=sum(removed for _, _, removed in summaries),
            confirmed_labels=await ConfirmedLabel.count().where(ConfirmedLabel.confirmed_on < first_kept),
            spent_form_tokens=await SpentFormToken.count().where(SpentFormToken.spent_on < first_kept),
        )
        if dry_run:
            return counts
        # Children before parents: the same on both engines, whatever foreign-key enforcement is on.
        await ThemeAssignment.delete().where(ThemeAssignment.answer.is_in(expired_answers))
        for summary_id, summary, _ in summaries:
            await ThemeSummaryRecord.update({ThemeSummaryRecord.summary: summary}).where(
                ThemeSummaryRecord.id == summary_id
            )
        await Answer.delete().where(Answer.submission.is_in(expired_submissions))
        await Submission.delete().where(Submission.submitted_on < first_kept)
        await ConfirmedLabel.delete().where(ConfirmedLabel.confirmed_on < first_kept)
        await SpentFormToken.delete().where(SpentFormToken.spent_on < first_kept)
    return counts


async def _summaries_quoting(answer_ids: set[int]) -> list[tuple[int, dict[str, Any], int]]:
    """(id, summary without those answers' quotes, quotes removed) of each summary quoting them."""
    if not answer_ids:
        return []
    rows = await ThemeSummaryRecord.select(ThemeSummaryRecord.id, ThemeSummaryRecord.summary).output(load_json=True)
    changed = []
    for row in rows:
        quotes = row["summary"].get("quotes", [])
        kept = [quote for quote in quotes if quote["answer"] not in answer_ids]
        if len(kept) < len(quotes):
            changed.append((row["id"], {**row["summary"], "quotes": kept}, len(quotes) - len(kept)))
    return changed

