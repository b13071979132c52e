"""Analysts' changes to emergent themes hold on the next run: renamed, noise and moved stay so."""

from __future__ import annotations

from datetime import UTC, datetime

from dataclasses import replace

from tests.themes.test_run import run_once, small_engine, store_corpus_answers
from voices.db.tables import ThemeAssignment, ThemeSummaryRecord
from voices.review.carry import NOISE_HELD, emergent_members, noise_carried_to, same_themes
from voices.review.changes import Reviewer, history, mark_noise, move_comment, rename_theme, undo_last
from voices.themes.reader import current_run
from voices.themes.run import theme_comments
from voices.themes.run_store import store_run
from voices.themes.source import survey_free_text

ANALYST = Reviewer(name="analyst@example.org", officer_id=None, at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))


def test_themes_are_the_same_when_most_of_their_comments_are() -> None:
    old = {"E01": {1, 2, 3, 4}, "E02": {5, 6, 7, 8}, "E03": {9, 10}}
    new = {"E01": {5, 6, 7}, "E02": {1, 2, 3, 4, 11}, "E03": {9, 12, 13}}
    # E03 and E03 share 1 of 4 comments: another theme that happens to have the same key
    assert same_themes(old, new) == {"E01": "E02", "E02": "E01"}
    assert same_themes({"E01": {1, 2}}, {"E01": {1, 2}, "E02": {1, 2}}) == {"E01": "E01"}  # one each


def test_a_noise_mark_goes_only_to_a_theme_most_of_whose_comments_it_marked() -> None:
    """A new theme joining one marked noise (171 comments) with one the analyst kept (136) is the
    same theme by Jaccard (0.56), but carrying the mark would take out the 136 kept comments."""
    old = {"E01": set(range(171)), "E02": set(range(171, 307)), "E03": set(range(307, 400))}
    new = {"E01": set(range(307)), "E02": set(range(307, 395))}
    same = same_themes(old, new)
    assert same == {"E01": "E01", "E03": "E02"}
    assert noise_carried_to(old, new, same, {"E01"}) == set()
    assert noise_carried_to(old, new, same, {"E03"}) == {"E02"}  # 88 of its 88 were marked


def test_answers_since_the_last_run_do_not_stop_a_noise_mark_being_carried() -> None:
    """100 comments marked noise, 30 new answers joining them: 100 of 130 is under 80%, but all
    100 the old run themed were marked."""
    old = {"E01": set(range(100)), "E02": set(range(100, 200))}
    new = {"E01": set(range(100)) | set(range(1000, 1030)), "E02": set(range(100, 200))}
    same = same_themes(old, new)
    assert noise_carried_to(old, new, same, {"E01"}) == {"E01"}


async def summary(run_id: int, key: str) -> dict:
    return await ThemeSummaryRecord.select().where(
        (ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.theme_key == key)
    ).output(load_json=True).first()


async def test_the_next_run_keeps_a_rename_a_noise_mark_and_a_move(db: str) -> None:
    ids = await store_corpus_answers()
    first = await run_once(ids)
    themes = await emergent_members(first)
    renamed, noise, target = sorted(themes)[:3]
    moved = min(themes[renamed])
    await rename_theme(ANALYST, "feedback", renamed, "late buses home")
    await mark_noise(ANALYST, "feedback", noise)
    await move_comment(ANALYST, "feedback", moved, target)

    second = await run_once(ids)  # the same comments, so the same themes under the same keys
    assert second != first and (current := await current_run("feedback")) is not None and current.id == second
    assert (await summary(second, renamed))["summary"]["label"] == "late buses home"
    assert {row["theme_label"] for row in await ThemeAssignment.select(ThemeAssignment.theme_label).where(
        (ThemeAssignment.theme_run == second) & (ThemeAssignment.theme_key == renamed)
    )} == {"late buses home"}
    assert (await summary(second, noise))["withdrawn"] is True
    now = await emergent_members(second)
    assert noise not in now and moved in now[target] and moved not in now[renamed]

    carried = [change for change in await history("feedback") if change.actor == f"voices, carried from run {first}"]
    assert len(carried) == 3 and all(change.words.startswith("Carried from the last run") for change in carried)

    # Carried changes are changes of the new run: undo takes back the latest, the noise mark, then the move.
    await undo_last(ANALYST, "feedback")
    assert (await summary(second, noise))["withdrawn"] is False
    await undo_last(ANALYST, "feedback")
    assert moved in (await emergent_members(second))[renamed]


async def test_a_comment_moved_out_of_a_theme_later_marked_noise_stays_where_it_was_moved(db: str) -> None:
    ids = await store_corpus_answers()
    first = await run_once(ids)
    themes = await emergent_members(first)
    noise, target = sorted(themes)[:2]
    moved = min(themes[noise])
    await move_comment(ANALYST, "feedback", moved, target)
    await mark_noise(ANALYST, "feedback", noise)
    second = await run_once(ids)  # the new run puts the comment back in the theme marked noise
    now = await emergent_members(second)
    assert noise not in now and moved in now[target]


async def test_a_change_undone_before_the_run_is_not_carried(db: str) -> None:
    ids = await store_corpus_answers()
    first = await run_once(ids)
    key = sorted(await emergent_members(first))[0]
    label = (await summary(first, key))["summary"]["label"]
    await rename_theme(ANALYST, "feedback", key, "a name taken back")
    await undo_last(ANALYST, "feedback")
    second = await run_once(ids)
    assert (await summary(second, key))["summary"]["label"] == label


async def test_a_theme_whose_noise_mark_is_not_carried_keeps_its_comments_and_its_own_name(db: str) -> None:
    """The next run joins the theme marked noise (and renamed "spam") with one the analyst kept: the
    kept comments stay, and neither the mark nor the name "spam" is put on them."""
    ids = await store_corpus_answers()
    first = await run_once(ids)
    themes = await emergent_members(first)
    noise, kept = sorted(themes, key=lambda key: -len(themes[key]))[:2]
    assert len(themes[noise]) < NOISE_HELD / (1 - NOISE_HELD) * len(themes[kept])  # so not 80% held
    await rename_theme(ANALYST, "feedback", noise, "spam")
    await mark_noise(ANALYST, "feedback", noise)

    rows = await survey_free_text("feedback")
    themed = theme_comments([row.text for row in rows], discoverer=small_engine())
    label = next(a.theme_label for a in themed.assignments if a.theme_key == noise)
    themed.assignments[:] = [  # the new run finds the two as one theme
        replace(a, theme_key=noise, theme_label=label) if a.source == "emergent" and a.theme_key == kept else a
        for a in themed.assignments
    ]
    themed.summaries[:] = [s for s in themed.summaries if not (s.source == "emergent" and s.key == kept)]
    second = await store_run("feedback", ids, themed, {"seed": 0})

    now = await emergent_members(second)
    assert now[noise] == themes[noise] | themes[kept]
    record = await summary(second, noise)
    assert record["withdrawn"] is False and record["summary"]["label"] == label != "spam"
    assert not [change for change in await history("feedback") if change.actor == f"voices, carried from run {first}"]
