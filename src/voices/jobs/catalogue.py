"""The jobs every app process schedules, built from the settings."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable

from voices.db.backup import backup, sqlite_file
from voices.insight.runs import Theme
from voices.insight.training import Train
from voices.insight.workspace import theme_with, train_with
from voices.jobs.retraining import retrain_on_new_labels
from voices.jobs.schedule import Schedule
from voices.jobs.spec import Counts, Job, RetryPolicy
from voices.jobs.theming import theme_new_text
from voices.privacy.retention import purge_expired
from voices.settings import Settings
from voices.themes.current_tagger import CurrentTagger

PURGE = "purge"
BACKUP = "backup"
THEME = "theme"
RETRAIN = "retrain"
MONTHLY_REPORTS = "monthly_reports"
# today -> counts: last month's report made for each survey without one (insight/monthly.py).
MonthlyReports = Callable[[dt.date], Awaitable[Counts]]


def build_jobs(
    settings: Settings,
    after_purge: Callable[[], None] = lambda: None,
    theme: Theme | None = None,
    train: Train | None = None,
    monthly_reports: MonthlyReports | None = None,
) -> list[Job]:
    """The jobs; `after_purge` runs after each purge (the app's report cache forgets what it kept);
    `theme` and `train` are the officers' theme runs and retraining (insight/workspace.py), and
    `monthly_reports` the sub-group's reports, each built from the settings when not given."""
    retry = RetryPolicy(first_delay=dt.timedelta(seconds=settings.job_retry_seconds))
    theme = theme or theme_with(settings, CurrentTagger(settings.nlp_models_dir))
    train = train or train_with(settings, lambda: dt.datetime.now(dt.UTC))
    monthly_reports = monthly_reports or monthly_reports_with(settings)

    async def purge() -> Counts:
        # One transaction: a failed purge deletes nothing, and the next attempt starts afresh.
        counts = await purge_expired(dt.date.today(), settings.retention_days)
        after_purge()
        return dict(counts.rows())

    async def theme_surveys() -> Counts:
        return await theme_new_text(lambda slug: theme(slug, lambda step: None))

    async def retrain() -> Counts:
        return await retrain_on_new_labels(train, settings.retrain_min_new_labels)

    async def make_monthly_reports() -> Counts:
        return await monthly_reports(dt.datetime.now(dt.UTC).date())

    jobs = [
        Job(PURGE, "Delete answers past retention", Schedule.parse(settings.purge_schedule), purge, retry),
        Job(THEME, "Theme new free text", Schedule.parse(settings.theme_schedule), theme_surveys, retry),
        Job(
            RETRAIN,
            "Retrain the theme tagger on new confirmed labels",
            Schedule.parse(settings.retrain_schedule),
            retrain,
            retry,
        ),
        Job(
            MONTHLY_REPORTS,
            "Make last month's report for each survey",
            Schedule.parse(settings.monthly_report_schedule),
            make_monthly_reports,
            retry,
        ),
    ]
    if not settings.is_postgres:
        database = sqlite_file(settings.database_url)

        async def back_up() -> Counts:
            # A thread: the copy reads the whole file, and respondents must not wait on it.
            result = await asyncio.to_thread(
                backup,
                database,
                settings.backups_directory,
                settings.backup_keep,
                dt.datetime.now(dt.UTC),
            )
            return {"bytes": result.size, "removed": len(result.removed)}

        jobs.append(
            Job(BACKUP, "Back up the database", Schedule.parse(settings.backup_schedule), back_up, retry)
        )
    return jobs


def monthly_reports_with(settings: Settings) -> MonthlyReports:
    """The monthly reports as the app makes them: its insight workspace and page templates."""
    from voices.insight.monthly import make_monthly_reports
    from voices.insight.workspace import build_insight
    from voices.pages.render import Renderer

    insight = build_insight(settings)
    renderer = Renderer(settings.frontend_dir / "templates", [])
    return lambda today: make_monthly_reports(insight, renderer, today)
