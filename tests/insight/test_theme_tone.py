"""A theme's positive / negative split is counted from its comments that still exist, within the
report's filter, through the disclosure layer: not from the counts its run stored."""

from __future__ import annotations

import datetime as dt

from tests.insight.conftest import Reports
from tests.insight.test_report import signed_in, text_of
from tests.insight.theme_runs import comments, current_run
from voices.db.tables import Answer

DAY = dt.date(2026, 11, 20)
REPORT = "/officers/reports/awareness"


async def toned_run() -> dict[str, list[int]]:
    """Waiting times: 20 comments read as negative (10 through the survey, 10 through the API) and
    10 as positive, all through the survey. Being believed: 12 comments from a run made before tones
    were kept (none read)."""
    negative = await comments("awareness", DAY, "too long a wait", {"survey": 10, "api": 10})
    positive = await comments("awareness", DAY, "seen quickly", {"survey": 10})
    unread = await comments("awareness", DAY, "believed", {"survey": 12})
    tones = {a: "negative" for a in negative} | {a: "positive" for a in positive}
    await current_run("awareness", DAY, {
        "waiting_times_capacity": ("Waiting times", negative + positive),
        "being_believed": ("Being believed", unread),
    }, tones)  # fmt: skip
    return {"negative": negative, "positive": positive}


def theme_part(words: str, label: str) -> str:
    """A theme's part of the page, from its summary sentence to its review link."""
    section = words[words.index(f"are about {label}"):]
    return section[: section.index(f"Review the comments in this theme : {label}")]


def tone_of(words: str, label: str) -> str:
    """The Tone row of a theme's summary list."""
    part = theme_part(words, label)
    return part[part.index("Tone ") + 5 :].split(" What people wrote")[0]


async def test_the_split_is_counted_from_live_comments_and_follows_a_purge(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    answers = reports.run(toned_run)
    words = text_of(await reports.page(REPORT))
    assert tone_of(words, "Waiting times") == "positive 33%, negative 67%, neutral 0%"
    assert "read as positive" in words
    # A run that kept no tones shows no split, rather than a made-up one.
    assert "Tone " not in theme_part(words, "Being believed")
    # Five positive comments purged: 5 of 25 is a count the layer hides, and the shares with it.
    reports.run(Answer.delete().where(Answer.id.is_in(answers["positive"][:5])).run)
    words = text_of(await reports.page(REPORT))
    assert tone_of(words, "Waiting times").startswith("positive withheld")
    assert "33%" not in tone_of(words, "Waiting times")
    # All ten gone: 20 negative of 20.
    reports.run(Answer.delete().where(Answer.id.is_in(answers["positive"])).run)
    words = text_of(await reports.page(REPORT))
    assert tone_of(words, "Waiting times") == "positive 0%, negative 100%, neutral 0%"


async def test_a_filtered_report_counts_the_split_within_its_filter(reports: Reports) -> None:
    await signed_in(reports, "analyst")
    reports.run(toned_run)
    # Through the survey only: 10 negative and 10 positive.
    words = text_of(await reports.page(REPORT + "?channel=survey"))
    assert tone_of(words, "Waiting times") == "positive 50%, negative 50%, neutral 0%"
