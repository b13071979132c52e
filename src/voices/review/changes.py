"""Analysts' changes to a survey's themes, each kept with who and when and what it replaced.

A change to one comment's codebook themes stores ``ConfirmedLabel`` rows for that comment (the
themes chosen apply; the ones the machine or an earlier review gave it, now unticked, do not), dated
the day the comment was sent so that retention deletes them with it, and corrects the current run's
assignments at once, marked reviewed. The next theme run obeys the labels (``themes/run.py``) and
the next training learns from them (``themes/model_versions.py``). Changes to emergent themes
(rename, merge, move a comment, mark as noise) change the current run; the next run finds its
themes afresh, and ``carry.py`` applies the renames, noise marks and moves again to the themes it
finds that are the same (most of their comments shared).

Every change is one transaction holding the answer-copies lock (labels copy a comment's words, so
the purge must not delete the comment half-way) and writes a ``ThemeReviewChange`` row holding what
it replaced, so ``undo_last`` can put it back. Undo takes back the survey's latest change not yet
undone, and is itself a change in the history.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import msgspec

from voices.db.locks import answer_copies_transaction
from voices.db.tables import (
    Answer,
    ConfirmedLabel,
    ThemeAssignment,
    ThemeReviewChange,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.errors import VoicesError
from voices.surveys.reported_in import reported_with
from voices.themes.summaries import decode_summary, encode_summary

REVIEWED_SCORE = 1.0  # the score of an assignment an analyst added: certain, as far as the run knows


class Action:
    comment_themes = "comment themes"
    rename = "rename"
    merge = "merge"
    move = "move"
    noise = "noise"
    undo = "undo"


class ReviewRefused(VoicesError):
    """A change that cannot be made as asked; the message says why, in an analyst's words."""


class NotInSurvey(VoicesError):
    """The comment or theme is not one of this survey's (or its current run's)."""


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Who makes a change, and when (the officers' clock)."""

    name: str  # the officer's email
    officer_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    at: datetime
    actor: str
    action: str
    words: str
    undone: bool
    undoes: int | None


async def current_run_id(slug: str) -> int | None:
    row = await (
        ThemeRun.select(ThemeRun.id)
        .where((ThemeRun.survey_slug == slug) & (ThemeRun.is_current == True))  # noqa: E712
        .first()
    )
    return None if row is None else int(row["id"])


async def survey_answer(slug: str, answer_id: int) -> dict[str, Any]:
    """The free-text answer ``answer_id`` of survey ``slug`` (or of a survey reported in it): id, text,
    the day it was sent."""
    surveys = [slug, *await reported_with(slug)]
    row = await _answer(answer_id, Answer.submission.survey_version.survey.slug.is_in(surveys))
    if row is None:
        raise NotInSurvey(f"answer {answer_id} is not a comment of {slug!r}")
    return row


async def _answer(answer_id: int, condition: Any = None) -> dict[str, Any] | None:
    where = (Answer.id == answer_id) & Answer.text.is_not_null()
    return await (
        Answer.select(Answer.id, Answer.text, Answer.submission.submitted_on.as_alias("submitted_on"))
        .where(where if condition is None else where & condition)
        .first()
    )


async def set_comment_themes(
    reviewer: Reviewer, slug: str, answer_id: int, chosen: Collection[str], labels: Mapping[str, str]
) -> int:
    """Make ``chosen`` (codebook theme ids) the themes of one comment; the change's id.

    ``labels`` maps every codebook theme id to its label: a theme not in it is refused.
    """
    unknown = set(chosen) - set(labels)
    if unknown:
        raise ReviewRefused(f"not codebook themes: {', '.join(sorted(unknown))}")
    async with answer_copies_transaction(ThemeReviewChange):
        answer = await survey_answer(slug, answer_id)
        run_id = await current_run_id(slug)
        before = {
            "labels": await _labels_of(answer_id),
            "assignments": await _codebook_assignments(run_id, answer_id) if run_id else [],
        }
        had = {key for key, *_ in before["assignments"]} | {t for t, applies in before["labels"] if applies}
        ruled = [(t, True) for t in sorted(chosen)] + [(t, False) for t in sorted(had - set(chosen))]
        await _replace_labels(answer, ruled, reviewer.at.date())
        if run_id is not None:
            await _set_assignments(run_id, answer_id, set(chosen), labels)
        words = f"Comment {answer_id}: codebook themes set to {_listed(chosen, labels)} (were {_listed(had, labels)})"
        return await record_change(reviewer, slug, run_id or 0, Action.comment_themes, words, before, answer_id)


async def rename_theme(reviewer: Reviewer, slug: str, key: str, label: str) -> int:
    label = " ".join(label.split())
    if not label:
        raise ReviewRefused("Enter the theme's new name")
    if len(label) > 200:
        raise ReviewRefused("The theme's name must be 200 characters or fewer")
    async with answer_copies_transaction(ThemeReviewChange):
        run_id, summary = await _emergent(slug, key)
        words, before = await rename_in_run(run_id, key, summary["label"], label)
        return await record_change(reviewer, slug, run_id, Action.rename, words, before, theme_key=key)


async def rename_in_run(run_id: int, key: str, old: str, label: str) -> tuple[str, dict[str, Any]]:
    """Rename emergent theme ``key`` of run ``run_id``: the change's words and what it replaced."""
    await _set_label(run_id, key, label)
    return f"Theme {key} renamed from “{old}” to “{label}”", {"label": old}


async def merge_themes(reviewer: Reviewer, slug: str, key: str, into: str) -> int:
    """Every comment of emergent theme ``key`` joins ``into``; ``key`` is withdrawn."""
    if key == into:
        raise ReviewRefused("Choose a different theme to merge it into")
    async with answer_copies_transaction(ThemeReviewChange):
        run_id, summary = await _emergent(slug, key)
        _, target = await _emergent(slug, into)
        moved = [row["answer"] for row in await _members(run_id, key)]
        await ThemeAssignment.update(
            {ThemeAssignment.theme_key: into, ThemeAssignment.theme_label: target["label"]}
        ).where(_in_theme(run_id, key))
        await _withdraw(run_id, key, True)
        words = f"Theme {key} “{summary['label']}” merged into {into} “{target['label']}”"
        before = {"into": into, "moved": moved}
        return await record_change(reviewer, slug, run_id, Action.merge, words, before, theme_key=key)


async def move_comment(reviewer: Reviewer, slug: str, answer_id: int, to: str) -> int:
    """Move one comment from its emergent theme to the emergent theme ``to``."""
    async with answer_copies_transaction(ThemeReviewChange):
        await survey_answer(slug, answer_id)
        run_id, target = await _emergent(slug, to)
        words, before = await move_in_run(run_id, answer_id, to, target["label"])
        return await record_change(reviewer, slug, run_id, Action.move, words, before, answer_id, to)


async def move_in_run(run_id: int, answer_id: int, to: str, to_label: str) -> tuple[str, dict[str, Any]]:
    """Move a comment of run ``run_id`` to its emergent theme ``to``: the change's words and what it replaced."""
    row = await (
        ThemeAssignment.select(ThemeAssignment.theme_key, ThemeAssignment.theme_label, ThemeAssignment.reviewed)
        .where(
            (ThemeAssignment.theme_run == run_id)
            & (ThemeAssignment.answer == answer_id)
            & (ThemeAssignment.source == "emergent")
        )
        .first()
    )
    if row is None:
        raise ReviewRefused("This comment is in no theme found in the comments, so it cannot be moved")
    if row["theme_key"] == to:
        raise ReviewRefused("The comment is already in that theme")
    await ThemeAssignment.update(
        {ThemeAssignment.theme_key: to, ThemeAssignment.theme_label: to_label, ThemeAssignment.reviewed: True}
    ).where(_in_theme(run_id, row["theme_key"]) & (ThemeAssignment.answer == answer_id))
    words = f"Comment {answer_id} moved from {row['theme_key']} “{row['theme_label']}” to {to} “{to_label}”"
    return words, dict(row)


async def mark_noise(reviewer: Reviewer, slug: str, key: str) -> int:
    """Emergent theme ``key`` is noise: its comments leave it and it is withdrawn from the report."""
    async with answer_copies_transaction(ThemeReviewChange):
        run_id, summary = await _emergent(slug, key)
        words, before = await noise_in_run(run_id, key, summary["label"])
        return await record_change(reviewer, slug, run_id, Action.noise, words, before, theme_key=key)


async def noise_in_run(run_id: int, key: str, label: str) -> tuple[str, dict[str, Any]]:
    """Mark emergent theme ``key`` of run ``run_id`` as noise: the change's words and what it replaced."""
    members = [[row["answer"], row["score"], row["reviewed"], row["tone"]] for row in await _members(run_id, key)]
    await ThemeAssignment.delete().where(_in_theme(run_id, key))
    await _withdraw(run_id, key, True)
    return f"Theme {key} “{label}” marked as noise", {"members": members}


async def undo_last(reviewer: Reviewer, slug: str) -> int:
    """Take back the survey's latest change not yet undone; the undo's own change id."""
    async with answer_copies_transaction(ThemeReviewChange):
        last = await (
            ThemeReviewChange.select()
            .where(
                (ThemeReviewChange.survey_slug == slug)
                & (ThemeReviewChange.undone == False)  # noqa: E712
                & (ThemeReviewChange.action != Action.undo)
            )
            .order_by(ThemeReviewChange.id, ascending=False)
            .output(load_json=True)
            .first()
        )
        if last is None:
            raise ReviewRefused("There is no change to undo")
        run_id = await current_run_id(slug)
        same_run = run_id == last["theme_run"]
        before, key = last["before"], last["theme_key"]
        match last["action"]:
            case Action.comment_themes:
                # The labels outlive runs; the assignments belong to the run they were made in.
                answer_id = last["answer"]
                answer = await _answer(answer_id)
                if answer is None:
                    raise ReviewRefused("The comment has since been deleted, so the change cannot be undone")
                await _replace_labels(answer, [(t, bool(a)) for t, a in before["labels"]], reviewer.at.date())
                if same_run:
                    await ThemeAssignment.delete().where(
                        (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.answer == answer_id)
                        & (ThemeAssignment.source == "codebook")
                    )
                    await _insert(run_id, answer_id, before["assignments"])
            case _ if not same_run:
                raise ReviewRefused("That change was made to an earlier theme run, so it cannot be undone")
            case Action.rename:
                await _set_label(run_id, key, before["label"])
            case Action.merge:
                label = await _label_of(run_id, key)
                await ThemeAssignment.update(
                    {ThemeAssignment.theme_key: key, ThemeAssignment.theme_label: label}
                ).where(_in_theme(run_id, before["into"]) & ThemeAssignment.answer.is_in(before["moved"] or [0]))
                await _withdraw(run_id, key, False)
            case Action.move:
                await ThemeAssignment.update(
                    {
                        ThemeAssignment.theme_key: before["theme_key"],
                        ThemeAssignment.theme_label: before["theme_label"],
                        ThemeAssignment.reviewed: before["reviewed"],
                    }
                ).where(_in_theme(run_id, key) & (ThemeAssignment.answer == last["answer"]))
            case Action.noise:
                label = await _label_of(run_id, key)
                members = before["members"]
                existing = {
                    row["id"]
                    for row in await Answer.select(Answer.id).where(Answer.id.is_in([m[0] for m in members] or [0]))
                }
                await ThemeAssignment.insert(*[
                    ThemeAssignment(theme_run=run_id, answer=answer, theme_key=key, theme_label=label,
                                    score=score, source="emergent", reviewed=reviewed, tone=tone)
                    # Changes recorded before tones were kept hold three fields.
                    for answer, score, reviewed, tone in (m if len(m) == 4 else [*m, ""] for m in members)
                    if answer in existing
                ]) if existing else None
                await _withdraw(run_id, key, False)
        await ThemeReviewChange.update({ThemeReviewChange.undone: True}).where(ThemeReviewChange.id == last["id"])
        return await record_change(
            reviewer, slug, run_id or 0, Action.undo, f"Undid: {last['words']}", {}, last["answer"], key, undoes=last["id"]
        )


async def history(slug: str, limit: int = 50) -> list[Change]:
    """The survey's changes, newest first."""
    rows = await (
        ThemeReviewChange.select(
            ThemeReviewChange.id, ThemeReviewChange.at, ThemeReviewChange.actor, ThemeReviewChange.action,
            ThemeReviewChange.words, ThemeReviewChange.undone, ThemeReviewChange.undoes,
        )
        .where(ThemeReviewChange.survey_slug == slug)
        .order_by(ThemeReviewChange.id, ascending=False)
        .limit(limit)
    )
    return [Change(**row) for row in rows]


async def comment_labels(answer_id: int) -> dict[str, bool]:
    """The confirmed labels of one comment: codebook theme id -> whether it applies."""
    return {theme: bool(applies) for theme, applies in await _labels_of(answer_id)}


# Storage helpers: each runs inside the caller's transaction.


async def _labels_of(answer_id: int) -> list[list[Any]]:
    rows = await (
        ConfirmedLabel.select(ConfirmedLabel.theme_id, ConfirmedLabel.applies)
        .where(ConfirmedLabel.answer == answer_id)
        .order_by(ConfirmedLabel.id)
    )
    return [[row["theme_id"], bool(row["applies"])] for row in rows]


async def _replace_labels(answer: Mapping[str, Any], labels: list[tuple[str, bool]], today: date) -> None:
    await ConfirmedLabel.delete().where(ConfirmedLabel.answer == answer["id"])
    if labels:
        await ConfirmedLabel.insert(*[
            ConfirmedLabel(text=answer["text"], theme_id=theme, applies=applies, confirmed_on=today,
                           comment_submitted_on=_day(answer["submitted_on"]), answer=answer["id"])
            for theme, applies in labels
        ])


async def _codebook_assignments(run_id: int, answer_id: int) -> list[list[Any]]:
    rows = await ThemeAssignment.select(
        ThemeAssignment.theme_key, ThemeAssignment.theme_label, ThemeAssignment.score, ThemeAssignment.reviewed
    ).where(
        (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.answer == answer_id)
        & (ThemeAssignment.source == "codebook")
    )
    return [[row["theme_key"], row["theme_label"], row["score"], bool(row["reviewed"])] for row in rows]


async def _set_assignments(run_id: int, answer_id: int, chosen: set[str], labels: Mapping[str, str]) -> None:
    current = {key for key, *_ in await _codebook_assignments(run_id, answer_id)}
    mine = (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.answer == answer_id) & (
        ThemeAssignment.source == "codebook"
    )
    if current - chosen:
        await ThemeAssignment.delete().where(mine & ThemeAssignment.theme_key.is_in(sorted(current - chosen)))
    if current & chosen:
        await ThemeAssignment.update({ThemeAssignment.reviewed: True}).where(
            mine & ThemeAssignment.theme_key.is_in(sorted(current & chosen))
        )
    await _insert(run_id, answer_id, [[key, labels[key], REVIEWED_SCORE, True] for key in sorted(chosen - current)])


async def _insert(run_id: int, answer_id: int, rows: list[list[Any]]) -> None:
    if rows:
        # The comment's tone, as the run read it for its other themes (a comment has one tone).
        others = await ThemeAssignment.select(ThemeAssignment.tone).where(
            (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.answer == answer_id) & (ThemeAssignment.tone != "")
        ).first()
        tone = others["tone"] if others else ""
        await ThemeAssignment.insert(*[
            ThemeAssignment(theme_run=run_id, answer=answer_id, theme_key=key, theme_label=label, score=score,
                            source="codebook", reviewed=reviewed, tone=tone)
            for key, label, score, reviewed in rows
        ])


async def _emergent(slug: str, key: str) -> tuple[int, dict[str, Any]]:
    """The current run's id and the summary of its emergent theme ``key`` (not withdrawn)."""
    run_id = await current_run_id(slug)
    if run_id is None:
        raise NotInSurvey(f"{slug!r} has no theme run")
    row = await (
        ThemeSummaryRecord.select(ThemeSummaryRecord.summary)
        .where(
            (ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.theme_key == key)
            & (ThemeSummaryRecord.source == "emergent") & (ThemeSummaryRecord.withdrawn == False)  # noqa: E712
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotInSurvey(f"{key!r} is not a theme found in the comments of {slug!r}'s current run")
    return run_id, row["summary"]


async def _members(run_id: int, key: str) -> list[dict[str, Any]]:
    return await ThemeAssignment.select(
        ThemeAssignment.answer, ThemeAssignment.score, ThemeAssignment.reviewed, ThemeAssignment.tone
    ).where(_in_theme(run_id, key)).order_by(ThemeAssignment.id)


def _in_theme(run_id: int, key: str) -> Any:
    return (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.theme_key == key) & (
        ThemeAssignment.source == "emergent"
    )


async def _label_of(run_id: int, key: str) -> str:
    row = await ThemeSummaryRecord.select(ThemeSummaryRecord.summary).where(
        (ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.theme_key == key)
    ).output(load_json=True).first()
    return str(row["summary"]["label"]) if row else key


async def _set_label(run_id: int, key: str, label: str) -> None:
    where = (ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.theme_key == key)
    row = await ThemeSummaryRecord.select(ThemeSummaryRecord.id, ThemeSummaryRecord.summary).where(where).first()
    summary = msgspec.structs.replace(decode_summary(_json(row["summary"])), label=label)
    await ThemeSummaryRecord.update({ThemeSummaryRecord.summary: encode_summary(summary)}).where(
        ThemeSummaryRecord.id == row["id"]
    )
    await ThemeAssignment.update({ThemeAssignment.theme_label: label}).where(_in_theme(run_id, key))


async def _withdraw(run_id: int, key: str, withdrawn: bool) -> None:
    await ThemeSummaryRecord.update({ThemeSummaryRecord.withdrawn: withdrawn}).where(
        (ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.theme_key == key)
    )


async def record_change(
    reviewer: Reviewer,
    slug: str,
    run_id: int,
    action: str,
    words: str,
    before: Mapping[str, Any],
    answer_id: int | None = None,
    theme_key: str = "",
    undoes: int | None = None,
) -> int:
    change = ThemeReviewChange(
        at=reviewer.at, actor_id=reviewer.officer_id, actor=reviewer.name, survey_slug=slug,
        theme_run=run_id, action=action, answer=answer_id, theme_key=theme_key, words=words[:400],
        before=dict(before), undoes=undoes,
    )
    await change.save()
    return int(change.id)


def _listed(themes: Collection[str], labels: Mapping[str, str]) -> str:
    return ", ".join(labels.get(t, t) for t in sorted(themes)) or "none"


def _day(value: date | str) -> date:
    # SQLite hands back the ISO text it stores; asyncpg a date.
    return value if isinstance(value, date) else date.fromisoformat(value)


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value
