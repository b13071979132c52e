"""What the review pages read: a theme's comments in the current run, one comment with its themes,
and the comments the tagger is least sure of (``themes/review_queue.py``).

Comments are the stored answers, redacted before they were stored; nothing here reads anything else.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import numpy as np

from voices.db.tables import Answer, ConfirmedLabel, ThemeAssignment, ThemeSummaryRecord
from voices.review.changes import current_run_id, survey_answer
from voices.themes.current_tagger import CurrentTagger
from voices.themes.source import version_prompts

PAGE_SIZE = 50
# The queue scores at most this many unreviewed comments (a seeded sample of them): scoring is a
# second or two per thousand on a busy machine, and the page must not wait longer.
QUEUE_POOL = 2_000


@dataclass(frozen=True, slots=True)
class Theme:
    key: str
    label: str
    source: str  # "codebook" or "emergent"


@dataclass(frozen=True, slots=True)
class Comment:
    answer_id: int
    text: str
    reviewed: bool = False


@dataclass(frozen=True, slots=True)
class CommentThemes:
    comment: Comment
    codebook: dict[str, bool]  # theme id -> reviewed, for the themes the current run gives it
    labels: dict[str, bool]  # confirmed labels: theme id -> applies
    emergent: Theme | None  # the emergent theme it is in


@dataclass(frozen=True, slots=True)
class QueueItem:
    comment: Comment
    theme: str  # the codebook theme the tagger is unsure of
    score: float
    threshold: float


async def run_themes(slug: str) -> list[Theme]:
    """The current run's themes, not withdrawn: codebook ones, then emergent, by key."""
    run_id = await current_run_id(slug)
    if run_id is None:
        return []
    rows = await (
        ThemeSummaryRecord.select(ThemeSummaryRecord.theme_key, ThemeSummaryRecord.source, ThemeSummaryRecord.summary)
        .where((ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.withdrawn == False))  # noqa: E712
        .output(load_json=True)
    )
    themes = [Theme(row["theme_key"], str(row["summary"]["label"]), row["source"]) for row in rows]
    return sorted(themes, key=lambda t: (t.source != "codebook", t.key))


async def theme_comments(slug: str, key: str, page: int) -> tuple[list[Comment], bool]:
    """One page of a theme's comments in the current run, and whether there is a next page."""
    run_id = await current_run_id(slug)
    if run_id is None:
        return [], False
    rows = await (
        ThemeAssignment.select(
            ThemeAssignment.answer, ThemeAssignment.answer.text.as_alias("text"), ThemeAssignment.reviewed
        )
        .where((ThemeAssignment.theme_run == run_id) & (ThemeAssignment.theme_key == key))
        .order_by(ThemeAssignment.answer)
        .limit(PAGE_SIZE + 1)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    )
    comments = [Comment(row["answer"], row["text"], bool(row["reviewed"])) for row in rows[:PAGE_SIZE]]
    return comments, len(rows) > PAGE_SIZE


async def comment_themes(slug: str, answer_id: int) -> CommentThemes:
    """One comment of the survey with its themes in the current run and its confirmed labels."""
    answer = await survey_answer(slug, answer_id)
    run_id = await current_run_id(slug)
    rows = (
        await ThemeAssignment.select(
            ThemeAssignment.theme_key, ThemeAssignment.theme_label, ThemeAssignment.source, ThemeAssignment.reviewed
        ).where((ThemeAssignment.theme_run == run_id) & (ThemeAssignment.answer == answer_id))
        if run_id is not None
        else []
    )
    labels = await ConfirmedLabel.select(ConfirmedLabel.theme_id, ConfirmedLabel.applies).where(
        ConfirmedLabel.answer == answer_id
    )
    codebook = {row["theme_key"]: bool(row["reviewed"]) for row in rows if row["source"] == "codebook"}
    emergent = next((Theme(r["theme_key"], r["theme_label"], "emergent") for r in rows if r["source"] == "emergent"), None)
    return CommentThemes(
        Comment(answer_id, answer["text"], bool(codebook) and all(codebook.values())),
        codebook,
        {row["theme_id"]: bool(row["applies"]) for row in labels},
        emergent,
    )


async def unreviewed_comments(slug: str, seed: int = 0) -> list[tuple[Comment, str | None]]:
    """The survey's comments no analyst has labelled, at most ``QUEUE_POOL`` (a seeded sample), each
    with the question it answers (the tagger reads it beside the text)."""
    reviewed = ConfirmedLabel.select(ConfirmedLabel.answer).where(ConfirmedLabel.answer.is_not_null())
    rows = await (
        Answer.select(Answer.id, Answer.text, Answer.question_id, Answer.submission.survey_version.as_alias("version"))
        .where(
            (Answer.submission.survey_version.survey.slug == slug)
            & Answer.text.is_not_null()
            & Answer.id.not_in(reviewed)
        )
        .order_by(Answer.id)
    )
    if len(rows) > QUEUE_POOL:
        chosen = np.sort(np.random.default_rng(seed).choice(len(rows), QUEUE_POOL, replace=False))
        rows = [rows[i] for i in chosen]
    prompts = await version_prompts({row["version"] for row in rows}) if rows else {}
    return [(Comment(row["id"], row["text"]), prompts[row["version"]].get(row["question_id"])) for row in rows]


async def queue(slug: str, current: CurrentTagger, n: int = 10) -> list[QueueItem]:
    """The ``n`` unreviewed comments whose labels would teach the current tagger most, best first."""
    unreviewed = await unreviewed_comments(slug)
    if not unreviewed:
        return []
    tagger, _ = await current.get()
    # Imported here: it pulls in scikit-learn, which an app process loads only when it is needed.
    from voices.themes.review_queue import review_queue

    comments = [comment for comment, _ in unreviewed]
    picks = await asyncio.to_thread(
        review_queue, tagger, [c.text for c in comments], n, questions=[question for _, question in unreviewed]
    )
    return [QueueItem(comments[p.index], p.theme, p.score, p.threshold) for p in picks]
