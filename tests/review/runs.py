"""A current theme run written by hand with codebook and emergent themes, for the review tests."""

from __future__ import annotations

import datetime as dt

from tests.insight.theme_runs import comments
from voices.db.tables import ThemeAssignment, ThemeRun, ThemeSummaryRecord
from voices.themes.summaries import StoredSummary, encode_summary

DAY = dt.date(2026, 11, 20)
SLUG = "awareness"


async def reviewable_run() -> dict[str, list[int]]:
    """12 comments tagged "waiting_times_capacity" (codebook); emergent E01 "buses at night" (12)
    and E02 "street lighting" (11). Returns each theme's answer ids."""
    members = {
        "waiting_times_capacity": await comments(SLUG, DAY, "I waited months for counselling", {"survey": 12}),
        "E01": await comments(SLUG, DAY, "The last bus home is too early", {"survey": 12}),
        "E02": await comments(SLUG, DAY, "The streets are dark at night", {"survey": 11}),
    }
    labels = {"waiting_times_capacity": "Waiting times and capacity", "E01": "buses at night", "E02": "street lighting"}
    run = ThemeRun(survey_slug=SLUG, created_on=DAY, status="complete", is_current=True, parameters={},
                   counts={"comments": 35, "substantive": 35, "unassigned": 0, "not_substantive": 0,
                           "emergent_themes": 2, "assignments": 35})
    await run.save()
    for key, answers in members.items():
        source = "codebook" if key.islower() else "emergent"
        await ThemeAssignment.insert(*[
            ThemeAssignment(theme_run=run.id, answer=a, theme_key=key, theme_label=labels[key], score=0.8, source=source)
            for a in answers
        ])
        summary = StoredSummary(key=key, label=labels[key], source=source, count=len(answers), share=0.3,
                                top_phrases=[], positive=0, negative=0, neutral=len(answers), quotes=[],
                                sentence="stored", quotes_withheld=False)
        await ThemeSummaryRecord(theme_run=run.id, theme_key=key, source=source, member_count=len(answers),
                                 summary=encode_summary(summary)).save()
    return members
