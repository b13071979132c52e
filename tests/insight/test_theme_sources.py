"""Each theme shows where its comments came from (resident surveys, group feedback, facilitated
notes), through the disclosure layer: a small source is hidden, and so is another, so that none
can be worked out by subtracting the shown ones from the theme's count."""

from __future__ import annotations

import datetime as dt

from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from tests.insight.theme_runs import comments, current_run

DAY = dt.date(2026, 11, 20)
REPORT = "/officers/reports/awareness"


async def mixed_run() -> None:
    """Waiting times: 15 from resident surveys, 12 from groups, 3 from facilitated notes (30).
    Being believed: 20 residents, 10 from groups, no notes (30)."""
    waiting = await comments("awareness", DAY, "waiting", {"survey": 15, "group": 12, "facilitated": 3})
    believed = await comments("awareness", DAY, "believed", {"survey": 12, "api": 8, "group": 10})
    await current_run("awareness", DAY, {
        "waiting_times_capacity": ("Waiting times", waiting),
        "being_believed": ("Being believed", believed),
    })


async def test_each_theme_shows_its_mix_of_sources_with_small_ones_hidden(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(mixed_run)
    words = text_of(await reports.page(REPORT))
    # 3 notes are "fewer than 10"; with the total of 30 shown, groups (the smallest other) go too.
    assert (
        "Where the comments came from Resident surveys: 15; Group feedback: hidden to protect a small "
        "number; Facilitated notes: fewer than 10" in words
    )
    assert "Facilitated notes: 3" not in words and "Group feedback: 12" not in words
    # Nothing small: every source shown (the API is a resident survey too).
    assert (
        "Where the comments came from Resident surveys: 20; Group feedback: 10; Facilitated notes: 0" in words
    )


async def test_a_filtered_report_shows_the_filtered_mix_or_says_why_not(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(mixed_run)
    words = text_of(await reports.page(REPORT + "?source=residents"))
    # Within resident surveys, Being believed is 20 of them, against the whole mix.
    assert "Where the comments came from Resident surveys: 20; Group feedback: 0; Facilitated notes: 0" in words
