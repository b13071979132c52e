"""Analysts' changes to emergent themes, carried to the survey's next theme run.

Each run finds its emergent themes afresh, so "E03" of one run is not "E03" of the next. A theme of
the new run is the same as one of the old when most of their comments are shared (Jaccard at least
``SAME_THEME`` over answer ids, pairs taken best first, each theme in one pair at most). What
analysts did to the old theme is then done to the new one: its name and its noise mark; and a
comment an analyst moved goes to the new theme that is the same as the one it was moved to. A noise
mark takes a theme's comments out, so it is carried only where at least ``NOISE_HELD`` of the new
theme's comments that the old run themed were in the theme marked (answers since are no analyst's
to keep): a new theme joining it with one an analyst kept (Jaccard 0.56 for 171 comments marked
beside 136 kept) must not lose the kept ones. Where it is not carried, nothing else done to that
theme is (a rename "spam" would name the kept comments).
Merges are not carried: the merged comments are simply in whichever themes the new run found.

Each carried change is recorded as a change of the new run by "voices, carried from run N", so the
history shows it and undo takes it back. ``store_run`` calls this inside the transaction that makes
the new run current, so the run is never shown without its carried changes.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from voices.db.tables import ThemeAssignment, ThemeReviewChange, ThemeSummaryRecord
from voices.review.changes import (
    Action,
    ReviewRefused,
    Reviewer,
    move_in_run,
    noise_in_run,
    record_change,
    rename_in_run,
)

logger = logging.getLogger(__name__)

SAME_THEME = 0.5
NOISE_HELD = 0.8
CARRIED_BY = "voices, carried from run {run}"


async def carry_forward(slug: str, old_run: int, new_run: int, at: datetime) -> int:
    """Apply the old run's standing renames, noise marks and moves to the new run; how many."""
    changes = await (
        ThemeReviewChange.select()
        .where(
            (ThemeReviewChange.theme_run == old_run)
            & (ThemeReviewChange.undone == False)  # noqa: E712
            & ThemeReviewChange.action.is_in([Action.rename, Action.noise, Action.move])
        )
        .order_by(ThemeReviewChange.id)
        .output(load_json=True)
    )
    if not changes:
        return 0
    old_members = await emergent_members(old_run)
    for change in changes:
        if change["action"] == Action.noise:  # its comments left it when it was marked
            old_members[change["theme_key"]] = {member[0] for member in change["before"]["members"]}
    new_members = await emergent_members(new_run)
    same = same_themes(old_members, new_members)
    marked = {c["theme_key"] for c in changes if c["action"] == Action.noise}
    noise = noise_carried_to(old_members, new_members, same, marked)
    same = {key: new_key for key, new_key in same.items() if key not in marked or new_key in noise}
    lost = {c["theme_key"] for c in changes if c["action"] != Action.move} - same.keys()
    if lost:
        # The new run found no theme sharing most of their comments (for a noise mark, no theme most
        # of whose comments it marked): analysts will see the themes as the new run named them, and
        # redo what still applies.
        logger.info("run %s: changes to themes %s not carried to run %s", old_run, sorted(lost), new_run)
    old_labels, new_labels = await _labels(old_run), await _labels(new_run)
    reviewer = Reviewer(name=CARRIED_BY.format(run=old_run), officer_id=None, at=at)
    carried = 0

    async def record(action: str, words: str, before: dict[str, Any], answer: int | None, key: str) -> None:
        nonlocal carried
        await record_change(reviewer, slug, new_run, action, f"Carried from the last run: {words}", before, answer, key)
        carried += 1

    renamed = {c["theme_key"] for c in changes if c["action"] == Action.rename}
    for old_key in sorted(renamed & same.keys()):
        new_key = same[old_key]
        if old_labels[old_key] != new_labels[new_key]:
            words, before = await rename_in_run(new_run, new_key, new_labels[new_key], old_labels[old_key])
            new_labels[new_key] = old_labels[old_key]
            await record(Action.rename, words, before, None, new_key)
    # Moves before noise marks: a comment moved out of a theme later marked noise is found in that
    # theme again by the new run, and must leave it before its comments are taken out.
    last_move = {c["answer"]: c["theme_key"] for c in changes if c["action"] == Action.move}
    for answer, old_key in sorted(last_move.items()):
        new_key = same.get(old_key)
        if new_key is None or new_key in noise:
            continue
        try:
            words, before = await move_in_run(new_run, answer, new_key, new_labels[new_key])
        except ReviewRefused:
            continue  # the comment is already there, or in no emergent theme of the new run
        await record(Action.move, words, before, answer, new_key)
    for new_key in sorted(noise):
        words, before = await noise_in_run(new_run, new_key, new_labels[new_key])
        await record(Action.noise, words, before, None, new_key)
    return carried


def same_themes(old: dict[str, set[int]], new: dict[str, set[int]]) -> dict[str, str]:
    """Old theme key -> the new run's same theme, where there is one (see the module doc)."""
    # Best first; of equal overlaps, a theme under its old key, then in key order.
    pairs = sorted(
        (-_jaccard(old_members, new_members), old_key != new_key, old_key, new_key)
        for old_key, old_members in old.items()
        for new_key, new_members in new.items()
        if old_members and new_members
    )
    same: dict[str, str] = {}
    taken: set[str] = set()
    for negative_jaccard, _, old_key, new_key in pairs:
        if -negative_jaccard < SAME_THEME:
            break
        if old_key not in same and new_key not in taken:
            same[old_key] = new_key
            taken.add(new_key)
    return same


def noise_carried_to(
    old: dict[str, set[int]], new: dict[str, set[int]], same: dict[str, str], marked: set[str]
) -> set[str]:
    """The new themes a noise mark on the old ``marked`` themes is carried to: the same theme
    (``same``), where at least ``NOISE_HELD`` of its comments that the old run themed (``old``, every
    theme's comments) were in the theme marked."""
    themed_before = set().union(*old.values())
    carried = set()
    for key in marked & same.keys():
        seen = new[same[key]] & themed_before
        if len(old[key] & seen) >= NOISE_HELD * len(seen):
            carried.add(same[key])
    return carried


def _jaccard(a: set[int], b: set[int]) -> float:
    shared = len(a & b)  # the union's size from the sizes: no union set of 100,000 answers per pair
    return shared / (len(a) + len(b) - shared)


async def emergent_members(run_id: int) -> dict[str, set[int]]:
    """Each emergent theme of a run and its comments (answer ids)."""
    rows = await ThemeAssignment.select(ThemeAssignment.theme_key, ThemeAssignment.answer).where(
        (ThemeAssignment.theme_run == run_id) & (ThemeAssignment.source == "emergent")
    )
    members: dict[str, set[int]] = {}
    for row in rows:
        members.setdefault(row["theme_key"], set()).add(row["answer"])
    return members


async def _labels(run_id: int) -> dict[str, str]:
    rows = await (
        ThemeSummaryRecord.select(ThemeSummaryRecord.theme_key, ThemeSummaryRecord.summary)
        .where((ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.source == "emergent"))
        .output(load_json=True)
    )
    return {row["theme_key"]: str(row["summary"]["label"]) for row in rows}
