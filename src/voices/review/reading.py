"""What the review pages read: a theme's comments in the current run, one comment with its themes,
and the comments the tagger is least sure of (``themes/review_queue.py``).

Comments are the stored answers, redacted before they were stored; nothing here reads anything else.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np

from voices.db.tables import Answer, ConfirmedLabel, ThemeAssignment, ThemeSummaryRecord
from voices.review.changes import current_run_id, survey_answer
from voices.surveys.reported_in import reported_with
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
    """The survey's comments (with those of the surveys reported in it) no analyst has labelled, at
    most ``QUEUE_POOL`` (a seeded sample), each with the question it answers (the tagger reads it
    beside the text)."""
    reviewed = ConfirmedLabel.select(ConfirmedLabel.answer).where(ConfirmedLabel.answer.is_not_null())
    rows = await (
        Answer.select(Answer.id, Answer.text, Answer.question_id, Answer.submission.survey_version.as_alias("version"))
        .where(
            Answer.submission.survey_version.survey.slug.is_in([slug, *await reported_with(slug)])
            & Answer.text.is_not_null()
            & Answer.id.not_in(reviewed)
        )
        .order_by(Answer.id)
    )
    if len(rows) > QUEUE_POOL:
        # Chosen by a seeded hash of each answer id, not by position: reviewing one comment leaves
        # the rest of the pool as it was, so what the tagger made of them is still at hand.
        rows = sorted(sorted(rows, key=lambda row: _pool_rank(seed, row["id"]))[:QUEUE_POOL], key=lambda row: row["id"])
    prompts = await version_prompts({row["version"] for row in rows}) if rows else {}
    return [(Comment(row["id"], row["text"]), prompts[row["version"]].get(row["question_id"])) for row in rows]


async def queue(slug: str, current: CurrentTagger, n: int = 10) -> list[QueueItem]:
    """The ``n`` unreviewed comments whose labels would teach the current tagger most, best first."""
    unreviewed = await unreviewed_comments(slug)
    if not unreviewed:
        return []
    tagger, version = await current.get()
    comments = [comment for comment, _ in unreviewed]
    kept_inputs = _kept_by_app.setdefault(current, _KeptInputs())
    questions = [question for _, question in unreviewed]
    picks = await asyncio.to_thread(_picks, kept_inputs, tagger, version, comments, questions, n)
    return [QueueItem(comments[p.index], p.theme, p.score, p.threshold) for p in picks]


# What the tagger made of each comment of the last queue, kept for the next page load: a pool of
# 2,000 comments took a second or two to score, and a review changes it by one comment. Kept per
# app (its CurrentTagger: answer ids and model versions are its database's) by model version and
# answer id; rows of comments no longer in the pool (reviewed, or purged) go at once.
@dataclass
class _KeptInputs:
    rows: dict[tuple[int | None, int], tuple[np.ndarray, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)  # requests score in threads


_kept_by_app: WeakKeyDictionary[CurrentTagger, _KeptInputs] = WeakKeyDictionary()


def _pool_rank(seed: int, answer_id: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}:{answer_id}".encode(), digest_size=8).digest(), "big")


def _picks(
    kept_inputs: _KeptInputs, tagger: Any, version: int | None, comments: list[Comment], questions: list[str | None], n: int
) -> list[Any]:
    # Imported here: they pull in scikit-learn, which an app process loads only when it is needed.
    from scipy import sparse

    from voices.themes.review_queue import queue_from_scores, queue_inputs

    keys = [(version, c.answer_id) for c in comments]
    with kept_inputs.lock:  # held throughout: two analysts' queues are scored one after the other
        missing = [i for i, key in enumerate(keys) if key not in kept_inputs.rows]
        if missing:
            scores, features = queue_inputs(tagger, [comments[i].text for i in missing], [questions[i] for i in missing])
            for row, i in enumerate(missing):
                kept_inputs.rows[keys[i]] = (scores[row], features[row])
        kept_inputs.rows = {key: kept_inputs.rows[key] for key in keys}
        kept = list(kept_inputs.rows.values())
    return queue_from_scores(tagger, np.vstack([k[0] for k in kept]), sparse.vstack([k[1] for k in kept]).tocsr(), n)
