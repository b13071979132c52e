"""A theme run started from the page, as every app process sees it (issue 9): the status lives in
the database, so a reload served by another process shows the same step, a second start there is
refused, and a run whose process was killed is shown as stopped and may be started again."""

from __future__ import annotations

import asyncio

import pytest

from tests.insight.conftest import FakeTheming
from tests.officers.conftest import FakeClock
from voices.insight.runs import STOPPED, AlreadyRunning, RunState, ThemeRunner

SLUG = "awareness"


async def until(check) -> None:  # type: ignore[no-untyped-def]
    for _ in range(200):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the run did not get there")


async def test_another_process_sees_the_run_refuses_a_second_and_sees_it_end(db: str) -> None:
    clock, theming = FakeClock(), FakeTheming()
    here, there = ThemeRunner(theming, clock), ThemeRunner(FakeTheming(), clock)
    await here.start(SLUG, "ann@county.example")

    async def on_tag() -> bool:
        status = await there.status(SLUG)
        return status is not None and status.step == "tag"

    await until(on_tag)
    seen = await there.status(SLUG)
    assert seen is not None and (seen.state, seen.started_by) == (RunState.running, "ann@county.example")
    with pytest.raises(AlreadyRunning):
        await there.start(SLUG, "bob@county.example")

    theming.release = True

    async def finished() -> bool:
        status = await there.status(SLUG)
        return status is not None and status.state is RunState.finished

    await until(finished)
    assert (await there.status(SLUG)).step == "store"  # type: ignore[union-attr]
    await there.start(SLUG, "bob@county.example")  # another may start once it has ended
    await there.stop()


async def test_a_run_whose_process_died_is_shown_stopped_and_may_start_again(db: str) -> None:
    clock = FakeClock()
    killed = ThemeRunner(FakeTheming(), clock)
    await killed.start(SLUG, "ann@county.example")

    async def on_tag() -> bool:
        status = await ThemeRunner(FakeTheming(), clock).status(SLUG)
        return status is not None and status.step == "tag"

    await until(on_tag)
    # The process is gone: nothing it runs is heard of again, and its task never ends here.
    clock.advance(minutes=31)
    survivor = ThemeRunner(FakeTheming(), clock)
    status = await survivor.status(SLUG)
    assert status is not None and (status.state, status.problem) == (RunState.failed, STOPPED)
    await survivor.start(SLUG, "bob@county.example")
    assert (await survivor.status(SLUG)).started_by == "bob@county.example"  # type: ignore[union-attr]
    await survivor.stop()
    await killed.stop()
