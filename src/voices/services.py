"""What the app shares between requests: built once from the settings, started and stopped with it.

Handlers never fetch this container: the app hands them its parts through Litestar's dependency
injection (``dependencies()``), by parameter name, so a handler names what it uses and lower
layers never import this module.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from litestar import Litestar
from litestar.di import Provide
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine

from voices.constant_dependencies import chained_constants
from voices.db.engine import bind, engine_from_url
from voices.groups.workspace import Groups, build_groups
from voices.insight.monthly import make_monthly_reports
from voices.insight.warm import ReportWarmer
from voices.insight.workspace import Insight, build_insight, theme_with
from voices.jobs.catalogue import build_jobs
from voices.jobs.runner import JobRunner
from voices.jobs.scheduler import Jobs
from voices.officers.workspace import Officers, build_officers
from voices.pages.render import Renderer
from voices.pages.support import load_support_contacts
from voices.privacy.abuse import AbuseGuard
from voices.privacy.redact import load_redactor
from voices.privacy.redaction_worker import InProcessRedaction, RedactionWorker
from voices.settings import Settings
from voices.surveys.catalogue import Catalogue
from voices.surveys.submit import Intake
from voices.surveys.tokens import FormTokens
from voices.surveys.writer import writer_for


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    engine: Engine
    catalogue: Catalogue
    renderer: Renderer
    tokens: FormTokens
    intake: Intake
    redaction: InProcessRedaction | RedactionWorker  # the intake's redactor, started with the app
    jobs: Jobs  # scheduled jobs, each occurrence run once across app processes; their runs for admins
    officers: Officers
    insight: Insight  # reports: the disclosure policy, theme runs started from the page, chart cache
    groups: Groups  # survivor-involvement groups: the invite codes' key, the wrong-code limit
    warmer: ReportWarmer  # reads every survey's rows for its reports at start-up and after a purge

    def dependencies(self) -> dict[str, Provide]:
        """The parts handlers may ask for, by parameter name."""
        # Resolved in this order (constant_dependencies.py): the respondent pages' parts first.
        parts = {
            "catalogue": self.catalogue,
            "renderer": self.renderer,
            "tokens": self.tokens,
            "intake": self.intake,
            "abuse": self.intake.abuse,
            "settings": self.settings,
            "insight": self.insight,
            "jobs": self.jobs,
            "groups": self.groups,
            "officers": self.officers,
        }
        return chained_constants(parts)

    @asynccontextmanager
    async def running(self, app: Litestar) -> AsyncIterator[None]:
        """The app's lifespan: bind the tables, open the pool, start the writer and the jobs."""
        bind(self.engine)
        if isinstance(self.engine, PostgresEngine):
            await self.engine.start_connection_pool(min_size=2, max_size=12)
        await self.catalogue.refresh()
        await self.redaction.start()
        await self.intake.writer.start()
        self.jobs.start()
        self.warmer.start()
        try:
            yield
        finally:
            await self.warmer.stop()
            await self.jobs.stop()
            await self.insight.runner.stop()
            await self.intake.writer.stop()
            await self.redaction.stop()
            if isinstance(self.engine, PostgresEngine):
                await self.engine.close_connection_pool()


def build_services(settings: Settings) -> Services:
    # The app signs form tokens: the one place a missing secret is made (var/secret_key).
    settings = settings.with_secret()
    engine = engine_from_url(settings.database_url)
    tokens = FormTokens(settings.secret_key, settings.retention_days)
    abuse = AbuseGuard(
        min_seconds_to_complete=settings.min_seconds_to_complete,
        max_posts=settings.rate_limit_posts,
        max_vouched_posts=settings.rate_limit_vouched_posts,
        window_seconds=settings.rate_limit_window_seconds,
    )
    redaction = _redaction(settings)
    insight = build_insight(settings)
    warmer = ReportWarmer(insight, settings.warm_reports)
    renderer = Renderer(settings.frontend_dir / "templates", load_support_contacts(settings.support_contacts_file))
    return Services(
        settings=settings,
        engine=engine,
        catalogue=Catalogue(),
        renderer=renderer,
        tokens=tokens,
        intake=Intake(tokens, abuse, writer_for(engine), redaction),
        redaction=redaction,
        # A purge forgets every report kept in memory (they may quote answers it deleted) and reads anew.
        jobs=_jobs(settings, engine, insight, renderer, after_purge=warmer.forget_and_warm),
        officers=build_officers(settings),
        insight=insight,
        groups=build_groups(settings),
        warmer=warmer,
    )


def _jobs(
    settings: Settings, engine: Engine, insight: Insight, renderer: Renderer, after_purge: Callable[[], None]
) -> Jobs:
    # Scheduled theming shares the app's current tagger, kept once per process; the monthly
    # reports, its report cache and templates.
    theme = theme_with(settings, insight.tagger)
    async def monthly(today: date) -> dict[str, int]:
        return await make_monthly_reports(insight, renderer, today)

    return Jobs(
        build_jobs(settings, after_purge, theme, monthly_reports=monthly),
        JobRunner(engine),
        settings.jobs,
        timedelta(seconds=settings.job_sweep_seconds),
    )


def _redaction(settings: Settings) -> InProcessRedaction | RedactionWorker:
    if settings.redaction_process:
        return RedactionWorker(settings.nlp_models_dir)
    return InProcessRedaction(load_redactor(settings.nlp_models_dir))
