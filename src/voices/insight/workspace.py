"""What the report pages share, built once from the settings: the disclosure policy, the codebook's
priorities, the background theme runner, the chart cache and the report cache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from voices.insight.charts import ChartCache
from voices.insight.report_cache import ReportCache
from voices.insight.runs import Clock, Theme, ThemeRunner
from voices.privacy.disclosure import DisclosurePolicy
from voices.settings import Settings
from voices.themes.codebook import load_codebook


@dataclass(frozen=True, slots=True)
class Insight:
    policy: DisclosurePolicy
    priorities: dict[str, str]  # codebook theme id -> its strategy priority
    runner: ThemeRunner
    charts: ChartCache
    reports: ReportCache


def build_insight(settings: Settings, theme: Theme | None = None, clock: Clock | None = None) -> Insight:
    codebook = load_codebook(settings.nlp_models_dir / "codebook.yaml")
    return Insight(
        policy=DisclosurePolicy.from_settings(settings),
        priorities={t.id: t.priority.value for t in codebook.themes},
        runner=ThemeRunner(theme or _theme_with(settings), clock or (lambda: datetime.now(UTC))),
        charts=ChartCache(),
        reports=ReportCache(),
    )


def _theme_with(settings: Settings) -> Theme:
    """A run as `voices themes run` makes it: the trained tagger and the codebook's labels."""

    async def theme(slug: str, progress: Callable[[str], None]) -> int:
        # Imported here: the tagger pulls in scikit-learn and spaCy, which the app need not load
        # until someone asks for a run.
        from voices.themes.survey_run import theme_survey
        from voices.themes.train import load_tagger

        tagger = await asyncio.to_thread(load_tagger, settings.nlp_models_dir)
        labels = {t.id: t.label for t in load_codebook(settings.nlp_models_dir / "codebook.yaml").themes}
        return await theme_survey(
            slug,
            tagger=tagger,
            disclosure_threshold=settings.disclosure_threshold,
            progress=progress,
            theme_labels=labels,
        )

    return theme
