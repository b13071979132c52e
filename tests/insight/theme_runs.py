"""A current theme run written by hand: comments from chosen channels, each theme's members listed."""

from __future__ import annotations

import datetime as dt

from tests.insight.data import submit
from voices.db.tables import ThemeAssignment, ThemeRun, ThemeSummaryRecord
from voices.themes.summaries import StoredQuote, StoredSummary, encode_summary

Channels = dict[str, int]  # channel -> how many comments from it


async def comments(slug: str, day: dt.date, text: str, channels: Channels) -> list[int]:
    """That many comments per channel; their answer ids."""
    answers = []
    for channel, count in channels.items():
        for n in range(count):
            ids = await submit(slug, day, {"anything_else": f"{text} ({channel} {n})"}, channel=channel)
            answers.append(ids["anything_else"])
    return answers


async def current_run(
    slug: str,
    day: dt.date,
    themes: dict[str, tuple[str, list[int]]],
    tones: dict[int, str] | None = None,
    source: str = "codebook",
) -> int:
    """A current run of `slug` holding each theme (key -> label, members), all from `source`
    ("codebook" or "emergent"); each theme's summary quotes its first member; `tones`, answer id ->
    how the run read it (none kept where absent). Returns the run's id."""
    assigned = sum(len(members) for _, members in themes.values())
    run = ThemeRun(survey_slug=slug, created_on=day, status="complete", is_current=True, parameters={},
                   counts={"comments": assigned, "substantive": assigned, "unassigned": 0,
                           "not_substantive": 0, "emergent_themes": 0, "assignments": assigned})
    await run.save()
    for key, (label, members) in themes.items():
        await ThemeAssignment.insert(*[
            ThemeAssignment(theme_run=run.id, answer=a, theme_key=key, theme_label=label, score=0.9,
                            source=source, tone=(tones or {}).get(a, ""))
            for a in members
        ])
        quote = f"quoted from {label}"
        summary = StoredSummary(key=key, label=label, source=source, count=len(members), share=0.5,
                                top_phrases=[], positive=0, negative=0, neutral=len(members),
                                quotes=[StoredQuote(members[0], 0, len(quote), quote)], sentence="stored",
                                quotes_withheld=False)
        await ThemeSummaryRecord(theme_run=run.id, theme_key=key, source=source,
                                 member_count=len(members), summary=encode_summary(summary)).save()
    return int(run.id)
