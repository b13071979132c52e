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


async def across_surveys() -> list[int]:
    """Survivor feedback on services, with the group feedback form reported in it: 15 comments through
    the public survey, and through the group form 12 from members and 10 facilitated notes (37)."""
    residents = await comments("survivor-feedback", DAY, "waiting", {"survey": 15})
    groups = await comments("group-feedback", DAY, "waiting", {"group": 12, "facilitated": 10})
    return residents + groups


async def test_group_feedback_is_themed_and_reported_with_survivors_feedback(reports: Reports) -> None:
    from voices.themes.source import stored_marks, survey_free_text

    await signed_in(reports, "analyst")
    everyone = reports.run(across_surveys)
    # A theme run of survivor feedback reads the group form's comments too, and new ones there are
    # new comments of survivor feedback for the scheduled theming.
    read = reports.run(survey_free_text, "survivor-feedback")
    assert sorted(c.answer_id for c in read) == sorted(everyone)
    marks = reports.run(stored_marks)
    assert marks["survivor-feedback"] == {"comments": 37, "last_answer_id": max(everyone)} and "group-feedback" not in marks
    reports.run(current_run, "survivor-feedback", DAY, {"waiting_times_capacity": ("Waiting times", everyone)})
    page = await reports.page("/officers/reports/survivor-feedback")
    words = text_of(page)
    assert "Responses 37" in words
    assert "Where the comments came from Resident surveys: 15; Group feedback: 12; Facilitated notes: 10" in words
    assert "Feedback from your group: version 1, loaded" in words
    words = text_of(await reports.page("/officers/reports/survivor-feedback?source=groups"))
    assert "Responses in this filter 12 (of 37 in all)" in words


async def emergent_run_with_a_large_mix() -> None:
    """Themes found in the comments: a mix of 30, then "waiting list" (20) and "night buses" (12)."""
    mix = await comments("awareness", DAY, "a bit of everything", {"survey": 30})
    waiting = await comments("awareness", DAY, "waiting list", {"survey": 20})
    buses = await comments("awareness", DAY, "night buses", {"survey": 12})
    await current_run("awareness", DAY, {
        "E01": ("mixed subjects", mix),
        "E02": ("waiting list", waiting),
        "E03": ("night buses", buses),
    }, source="emergent")


async def test_themes_found_with_a_subject_come_before_a_mix(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(emergent_run_with_a_large_mix)
    words = text_of(await reports.page(REPORT))
    sentences = [
        "20 comments (32%) are about waiting list", "12 comments (19%) are about night buses",
        "30 comments (48%) are on mixed subjects",
    ]
    assert all(sentence in words for sentence in sentences), words
    assert [words.index(sentence) for sentence in sentences] == sorted(words.index(s) for s in sentences)
