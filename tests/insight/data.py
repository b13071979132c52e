"""Small data sets for the report tests, written straight into the tables, and worked by hand."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from voices.db.tables import (
    Answer,
    Submission,
    SurveyVersion,
    ThemeAssignment,
    ThemeHistory,
    ThemeRun,
    ThemeSummaryRecord,
)
from voices.themes.summaries import StoredQuote, StoredSummary, encode_summary


async def version_of(slug: str) -> int:
    rows = await SurveyVersion.select(SurveyVersion.id).where(
        (SurveyVersion.survey.slug == slug) & (SurveyVersion.is_current == True)
    )
    return rows[0]["id"]


async def submit(slug: str, day: dt.date, answers: dict[str, Any], channel: str = "survey") -> dict[str, int]:
    """One submission; returns question id -> answer id. A str for a free-text question is its text."""
    submission = Submission(survey_version=await version_of(slug), submitted_on=day, channel=channel)
    await submission.save()
    ids = {}
    for question_id, value in answers.items():
        is_text = question_id in {"anything_else", "barriers_other"}
        answer = Answer(
            submission=submission.id, question_id=question_id,
            # As the writer stores it: the value as JSON text.
            value=None if is_text else json.dumps(value), text=value if is_text else None,
        )
        await answer.save()
        ids[question_id] = answer.id
    return ids


AWARE_2025 = dt.date(2025, 6, 10)
AWARE_2026 = dt.date(2026, 6, 10)


async def awareness_waves() -> None:
    """2025: 20 people, 10 know the ISVA service (all know a GP); 10 strongly agree they would know
    where to get help, 10 disagree. 2026: 30 people, all know the ISVA service, all agree.
    Also 3 people in 2026 through the API who answered nothing.

    By hand: ISVA known by 10 of 20 (50%) in 2025 and 30 of 30 (100%) in 2026; would know where
    to get help: 50% and 100%. No count is between 1 and 9, so nothing is hidden.
    """
    for n in range(20):
        await submit("awareness", AWARE_2025, {
            "services_known": ["isva", "gp"] if n < 10 else ["gp"],
            "know_help_self": "strongly_agree" if n < 10 else "disagree",
        })
    for _ in range(30):
        await submit("awareness", AWARE_2026, {"services_known": ["isva"], "know_help_self": "agree"})
    for _ in range(3):
        await submit("awareness", AWARE_2026, {}, channel="api")


BYSTANDER = ("bystander_pestered", "bystander_too_drunk", "bystander_challenge_joke", "bystander_shared_photo")


async def attitude_waves() -> None:
    """Willingness to step in (4 items, none reversed), 10 people a year.

    2025: everyone "agree" on every item: each scores 4. Mean 4.00, sd 0, interval 4.00 to 4.00.
    2026: 5 people "strongly agree" (5) and 5 "agree" (4) throughout. Mean 4.50;
    sd = sqrt(10 x 0.25 / 9) = 0.527; t(0.975, 9) = 2.262; half-width 2.262 x 0.527 / sqrt(10) = 0.377:
    4.12 to 4.88. Change +0.50, se = 0.527 / sqrt(10) = 0.167, Welch df = 9, half-width 0.377:
    +0.12 to +0.88, above zero: "more willing to step in".
    Both years: 15 score 4, 5 score 5: mean 4.25; sd = sqrt((15 x 0.0625 + 5 x 0.5625) / 19) = 0.444;
    t(0.975, 19) = 2.093; half-width 0.208: 4.04 to 4.46. Each person answers every item alike, so
    alpha is 1.00 (1.00 to 1.00).
    """
    for _ in range(10):
        await submit("attitudes", AWARE_2025, dict.fromkeys(BYSTANDER, "agree"))
    for n in range(10):
        await submit("attitudes", AWARE_2026, dict.fromkeys(BYSTANDER, "strongly_agree" if n < 5 else "agree"))


WAITING_QUOTE = "the wait for counselling was eleven months"
BELIEVED_QUOTE = "the officer did not believe me"
WAITING_PHRASE = "long wait"
BELIEVED_PHRASE = "nobody took me seriously"  # four people's words: never shown


async def themed_comments(old_day: dt.date, recent_day: dt.date, run_day: dt.date) -> dict[str, list[int]]:
    """A current theme run of the awareness survey's comments.

    waiting_times_capacity: 12 comments from 12 people, 3 of them sent on `old_day`; quoted.
    being_believed: 4 comments from 4 people; its stored summary holds a quote (the layer must not show it).
    10 more comments in no theme: 26 comments in all, so waiting times hold 12 of 26 (46%).
    Theme history of the run: waiting times 10 in 2025 and 12 in 2026.
    """
    waiting, believed = [], []
    for n in range(10):
        await submit("awareness", recent_day, {"anything_else": f"a comment in no theme ({n})"})
    for n in range(12):
        ids = await submit("awareness", old_day if n < 3 else recent_day, {"anything_else": f"{WAITING_QUOTE} ({n})"})
        waiting.append(ids["anything_else"])
    for n in range(4):
        ids = await submit("awareness", recent_day, {"anything_else": f"{BELIEVED_QUOTE} ({n})"})
        believed.append(ids["anything_else"])
    run = ThemeRun(survey_slug="awareness", created_on=run_day, status="complete", is_current=True,
                   parameters={}, counts={"comments": 26, "substantive": 26, "unassigned": 10,
                                          "not_substantive": 0, "emergent_themes": 0, "assignments": 16})
    await run.save()
    for key, label, members, quote, phrase in (
        ("waiting_times_capacity", "Waiting times", waiting, WAITING_QUOTE, WAITING_PHRASE),
        ("being_believed", "Being believed", believed, BELIEVED_QUOTE, BELIEVED_PHRASE),
    ):
        await ThemeAssignment.insert(*[
            ThemeAssignment(theme_run=run.id, answer=a, theme_key=key, theme_label=label, score=0.9, source="codebook")
            for a in members
        ])
        # Quotes of the first and the last member: the first is among the old comments.
        quotes = [StoredQuote(a, 0, len(quote), quote) for a in (members[0], members[-1])]
        summary = StoredSummary(key=key, label=label, source="codebook", count=len(members), share=0.5,
                                top_phrases=[phrase], positive=2, negative=len(members) - 2, neutral=0,
                                quotes=quotes, sentence="stored", quotes_withheld=False)
        await ThemeSummaryRecord(theme_run=run.id, theme_key=key, source="codebook", member_count=len(members),
                                 summary=encode_summary(summary)).save()
    await ThemeHistory.insert(
        ThemeHistory(survey_slug="awareness", run_id=run.id, ran_on=run_day, theme_key="waiting_times_capacity",
                     theme_label="Waiting times", source="codebook", period="2025-05", comment_count=10),
        ThemeHistory(survey_slug="awareness", run_id=run.id, ran_on=run_day, theme_key="waiting_times_capacity",
                     theme_label="Waiting times", source="codebook", period="2026-03", comment_count=12),
    )
    return {"waiting_times_capacity": waiting, "being_believed": believed}
