"""Read the current theme run of a survey and its summaries, typed, for reports."""

from __future__ import annotations

import msgspec

from voices.db.tables import ThemeRun, ThemeSummaryRecord
from voices.themes.summaries import StoredRun, StoredSummary, decode_summary


async def current_run(survey_slug: str) -> StoredRun | None:
    """The run reports read for a survey; None before the first run."""
    row = await (
        ThemeRun.select(
            ThemeRun.id, ThemeRun.survey_slug, ThemeRun.created_on, ThemeRun.status, ThemeRun.parameters,
            ThemeRun.counts,
        )
        .where((ThemeRun.survey_slug == survey_slug) & (ThemeRun.is_current == True))  # noqa: E712
        .output(load_json=True)
        .first()
    )
    return None if row is None else msgspec.convert(row, StoredRun)


async def run_summaries(run_id: int) -> list[StoredSummary]:
    """Every theme's summary in a run, codebook themes first, then by size."""
    rows = await (
        ThemeSummaryRecord.select(ThemeSummaryRecord.summary)
        # A theme an analyst marked as noise or merged into another is kept only for undo.
        .where((ThemeSummaryRecord.theme_run == run_id) & (ThemeSummaryRecord.withdrawn == False))  # noqa: E712
        .output(load_json=True)
    )
    summaries = [decode_summary(row["summary"]) for row in rows]
    return sorted(summaries, key=lambda s: (s.source != "codebook", -s.count, s.key))
