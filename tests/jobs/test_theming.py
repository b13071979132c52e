"""The scheduled theming on both engines: a survey with new free text is themed and one without is
not; with nothing new a second run does nothing; a failed run leaves the previous one current."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from tests.insight.theme_runs import comments
from voices.db.tables import ThemeRun
from voices.jobs.theming import ThemingFailed, theme_new_text
from voices.themes.survey_run import theme_survey

DAY = dt.date(2026, 11, 20)
THEMED, QUIET = "awareness", "attitudes"


def theming(themed: list[str], fail: set[str] = frozenset()) -> Callable:
    async def theme(slug: str) -> int:
        themed.append(slug)
        if slug in fail:
            raise RuntimeError("the run stopped")
        return await theme_survey(slug, tagger=None)  # emergent themes only: seconds

    return theme


async def current_runs() -> dict[str, int]:
    rows = await ThemeRun.select(ThemeRun.survey_slug, ThemeRun.id).where(
        ThemeRun.is_current == True  # noqa: E712
    )
    return {row["survey_slug"]: row["id"] for row in rows}


async def test_only_surveys_with_new_free_text_are_themed(published: list[str]) -> None:
    await comments(THEMED, DAY, "The last bus home is too early", {"survey": 6})
    themed: list[str] = []
    assert await theme_new_text(theming(themed)) == {"surveys": 1}
    assert themed == [THEMED] and set(await current_runs()) == {THEMED}  # QUIET has no free text
    first = (await current_runs())[THEMED]

    assert await theme_new_text(theming(themed)) == {"surveys": 0}  # nothing new
    assert themed == [THEMED] and (await current_runs())[THEMED] == first

    await comments(THEMED, DAY, "The streets are dark at night", {"survey": 2})
    assert await theme_new_text(theming(themed)) == {"surveys": 1}
    assert (await current_runs())[THEMED] != first


async def test_a_failed_run_leaves_the_previous_run_and_fails_the_job(published: list[str]) -> None:
    await comments(THEMED, DAY, "The last bus home is too early", {"survey": 6})
    await theme_new_text(theming([]))
    before = await current_runs()
    await comments(THEMED, DAY, "The streets are dark at night", {"survey": 2})
    await comments(QUIET, DAY, "Nobody told me where to go", {"survey": 3})
    themed: list[str] = []
    with pytest.raises(ThemingFailed, match=f"1 survey\\(s\\) not themed.*: {THEMED} "):
        await theme_new_text(theming(themed, fail={THEMED}))
    assert sorted(themed) == [QUIET, THEMED]  # one failing does not stop the other
    after = await current_runs()
    assert after[THEMED] == before[THEMED] and QUIET in after
    # The retry themes only what is still behind.
    assert await theme_new_text(theming(themed)) == {"surveys": 1}
