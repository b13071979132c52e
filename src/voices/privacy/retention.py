"""Retention: answers older than the retention period are deleted, with every copy of their words.

``delete_submissions`` is the one way submissions are deleted (the purge, `voices demo clear`).

A comment's words live in its answer row, in quotes in theme summaries, and in officers' confirmed
labels (training data). Purging deletes the expired submissions with their answers and theme
assignments, removes quotes of answers that no longer exist from stored summaries, and deletes
confirmed labels of expired comments and spent form tokens of that age. A theme's counts, name and
key phrases stay as they are (aggregates, not anyone's words) until the survey is themed again;
``theme_history`` holds only counts per theme and month, never linked to an answer, and is kept.
Form tokens older than the period are refused at sending (tokens.verify_token), so forgetting a
spent one cannot let a form in twice.

Invite codes that can no longer open anything (expired, revoked, used up) are deleted, keyed hash
and all, `INVITE_CODE_GRACE_DAYS` after they ended: long enough for a facilitator to see in their
list why a code stopped working, and no longer. Wrong codes typed before yesterday go too: the limit
only ever reads a day of them, and the app deletes them only when someone types another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields

from piccolo.columns.combination import Combinable

from voices.db.locks import answer_copies_transaction
from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    InviteCode,
    SpentFormToken,
    Submission,
    ThemeAssignment,
    ThemeSummaryRecord,
    WrongCodeAttempt,
)
from voices.themes.summaries import StoredSummary, decode_summary, encode_summary, without_quotes


@dataclass(frozen=True, slots=True)
class DeletedCounts:
    """What went (or would go) with a set of submissions."""

    submissions: int = 0
    answers: int = 0
    theme_assignments: int = 0
    summary_quotes: int = 0
    confirmed_labels: int = 0

    def rows(self) -> list[tuple[str, int]]:
        return [(field.name.replace("_", " "), getattr(self, field.name)) for field in fields(self)]


@dataclass(frozen=True, slots=True)
class PurgeCounts(DeletedCounts):
    spent_form_tokens: int = 0
    invite_codes: int = 0
    wrong_code_attempts: int = 0


INVITE_CODE_GRACE_DAYS = 30


def cutoff(today: dt.date, retention_days: int) -> dt.date:
    """The first day still kept: anything dated earlier is past retention."""
    return today - dt.timedelta(days=retention_days)


def labels_copying(submissions: Combinable) -> Combinable:
    """Confirmed labels whose text is a comment of the submissions matching ``submissions``: a label
    keeps its comment's words, so it goes with them."""
    comments = Answer.select(Answer.text).where(
        Answer.submission.is_in(Submission.select(Submission.id).where(submissions))
        & Answer.text.is_not_null()
    )
    return ConfirmedLabel.text.is_in(comments)


async def delete_submissions(
    submissions: Combinable, labels: Combinable, dry_run: bool = False
) -> DeletedCounts:
    """Delete the submissions matching ``submissions`` with every copy of their words: their answers,
    the answers' theme assignments, quotes of them in theme summaries, and the confirmed labels
    matching ``labels``; one transaction holding the answer-copies lock (or joining one already
    open), so no theme run copies these words while they go. The counts of what went (or would go).
    """
    chosen = Submission.select(Submission.id).where(submissions)
    answers = Answer.select(Answer.id).where(Answer.submission.is_in(chosen))
    # On SQLite the transaction turns secure_delete on: freed pages are zeroed, not left readable.
    async with answer_copies_transaction(Submission):
        answer_ids = {row["id"] for row in await answers}
        counts = DeletedCounts(
            submissions=await Submission.count().where(submissions),
            answers=len(answer_ids),
            theme_assignments=await ThemeAssignment.count().where(ThemeAssignment.answer.is_in(answers)),
            summary_quotes=sum(n for _, _, n in _without_quotes(await _summaries(), answer_ids.__contains__)),
            confirmed_labels=await ConfirmedLabel.count().where(labels),
        )
        if dry_run:
            return counts
        # Labels first: which ones go may depend on the answers' words (labels_copying).
        await ConfirmedLabel.delete().where(labels)
        # Children before parents: the same on both engines, whatever foreign-key enforcement is on.
        await ThemeAssignment.delete().where(ThemeAssignment.answer.is_in(answers))
        await Answer.delete().where(Answer.submission.is_in(chosen))
        await Submission.delete().where(submissions)
        # After the deletes: any quote of an answer that no longer exists goes, whenever it was written.
        removed = await _drop_quotes_of_missing_answers()
    return dataclasses.replace(counts, summary_quotes=removed)


async def purge_expired(today: dt.date, retention_days: int, dry_run: bool = False) -> PurgeCounts:
    """Delete what is past retention, in one transaction; the counts of what went (or would go)."""
    first_kept = cutoff(today, retention_days)
    # A comment is never younger than its label, so either date past the cut-off expires the label.
    expired_labels = (ConfirmedLabel.comment_submitted_on < first_kept) | (
        ConfirmedLabel.confirmed_on < first_kept
    )
    # The spent tokens go in the same transaction: delete_submissions joins it.
    async with answer_copies_transaction(Submission):
        deleted = await delete_submissions(Submission.submitted_on < first_kept, expired_labels, dry_run)
        spent_form_tokens = await SpentFormToken.count().where(SpentFormToken.spent_on < first_kept)
        ended_codes = _ended_codes(today)
        invite_codes = await InviteCode.count().where(ended_codes)
        old_attempts = WrongCodeAttempt.attempted_at < dt.datetime.combine(
            today - dt.timedelta(days=1), dt.time(), dt.UTC
        )
        wrong_code_attempts = await WrongCodeAttempt.count().where(old_attempts)
        if not dry_run:
            await SpentFormToken.delete().where(SpentFormToken.spent_on < first_kept)
            await InviteCode.delete().where(ended_codes)
            await WrongCodeAttempt.delete().where(old_attempts)
    return PurgeCounts(
        **dataclasses.asdict(deleted),
        spent_form_tokens=spent_form_tokens,
        invite_codes=invite_codes,
        wrong_code_attempts=wrong_code_attempts,
    )


def _ended_codes(today: dt.date) -> Combinable:
    """Invite codes that ended (expired, or revoked or used up at `ended_at`) before the grace period."""
    grace_began = dt.datetime.combine(today - dt.timedelta(days=INVITE_CODE_GRACE_DAYS), dt.time(), dt.UTC)
    return (InviteCode.expires_at < grace_began) | (InviteCode.ended_at < grace_began)


async def _drop_quotes_of_missing_answers() -> int:
    """Remove quotes of answers that no longer exist from every stored summary; how many went.

    Call inside ``answer_copies_transaction``, so no answer is deleted between the check and the
    update.
    """
    summaries = await _summaries()
    quoted = list({quote.answer for _, summary in summaries for quote in summary.quotes})
    existing = (
        {row["id"] for row in await Answer.select(Answer.id).where(Answer.id.is_in(quoted))}
        if quoted
        else set()
    )
    scrubbed = _without_quotes(summaries, lambda answer_id: answer_id not in existing)
    for summary_id, summary, _ in scrubbed:
        await ThemeSummaryRecord.update({ThemeSummaryRecord.summary: encode_summary(summary)}).where(
            ThemeSummaryRecord.id == summary_id
        )
    return sum(removed for _, _, removed in scrubbed)


async def _summaries() -> list[tuple[int, StoredSummary]]:
    rows = await ThemeSummaryRecord.select(ThemeSummaryRecord.id, ThemeSummaryRecord.summary).output(
        load_json=True
    )
    return [(row["id"], decode_summary(row["summary"])) for row in rows]


def _without_quotes(
    summaries: list[tuple[int, StoredSummary]], gone: Callable[[int], bool]
) -> list[tuple[int, StoredSummary, int]]:
    """(id, summary without the quotes of answers for which ``gone(id)``, quotes removed), per changed summary."""
    changed = []
    for summary_id, summary in summaries:
        kept = without_quotes(summary, gone)
        if len(kept.quotes) < len(summary.quotes):
            changed.append((summary_id, kept, len(summary.quotes) - len(kept.quotes)))
    return changed
