"""What the report pages share, built once from the settings: the disclosure policy, the codebook's
priorities and labels, the background theme runner, the chart cache, the report cache, the current
tagger (a trained version from the database, else the shipped one) and the tagger's trainer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from voices.insight.charts import ChartCache
from voices.insight.report_cache import ReportCache
from voices.insight.runs import Clock, Theme, ThemeRunner
from voices.insight.training import Train, Trainer
from voices.privacy.disclosure import DisclosurePolicy
from voices.settings import Settings
from voices.themes.codebook import load_codebook
from voices.themes.current_tagger import CurrentTagger


@dataclass(frozen=True, slots=True)
class Insight:
    policy: DisclosurePolicy
    priorities: dict[str, str]  # codebook theme id -> its strategy priority
    runner: ThemeRunner
    charts: ChartCache
    reports: ReportCache
    labels: dict[str, str]  # codebook theme id -> its label
    tagger: CurrentTagger
    trainer: Trainer


def build_insight(
    settings: Settings, theme: Theme | None = None, clock: Clock | None = None, train: Train | None = None
) -> Insight:
    codebook = load_codebook(settings.nlp_models_dir / "codebook.yaml")
    tagger = CurrentTagger(settings.nlp_models_dir)
    clock = clock or (lambda: datetime.now(UTC))
    return Insight(
        policy=DisclosurePolicy.from_settings(settings),
        priorities={t.id: t.priority.value for t in codebook.themes},
        runner=ThemeRunner(theme or theme_with(settings, tagger), clock),
        charts=ChartCache(),
        reports=ReportCache(),
        labels={t.id: t.label for t in codebook.themes},
        tagger=tagger,
        trainer=Trainer(train or train_with(settings, clock), clock),
    )


def theme_with(settings: Settings, current: CurrentTagger) -> Theme:
    """A run as `voices themes run` makes it: the current tagger and the codebook's labels (the
    report page's runs and the scheduled theming, jobs/catalogue.py)."""

    async def theme(slug: str, progress: Callable[[str], None]) -> int:
        # Imported here: theming pulls in scikit-learn and spaCy, which the app need not load
        # until someone asks for a run.
        from voices.themes.survey_run import theme_survey

        tagger, _ = await current.get()
        labels = {t.id: t.label for t in load_codebook(settings.nlp_models_dir / "codebook.yaml").themes}
        return await theme_survey(
            slug,
            tagger=tagger,
            disclosure_threshold=settings.disclosure_threshold,
            progress=progress,
            theme_labels=labels,
        )

    return theme


def train_with(settings: Settings, clock: Clock) -> Train:
    """A training as `voices nlp train --with-confirmed` does it: the codebook, the shipped training
    comments and every confirmed label (the models page's button and the scheduled retraining)."""

    async def train(email: str, officer_id: int | None) -> tuple[int, str, str]:
        from voices.themes.model_versions import retrain
        from voices.themes.train import shipped_training_comments

        codebook = load_codebook(settings.nlp_models_dir / "codebook.yaml")
        extra = await asyncio.to_thread(shipped_training_comments, settings.nlp_models_dir)
        return await retrain(codebook, email, officer_id, clock(), extra)

    return train
