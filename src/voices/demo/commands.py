"""`voices demo seed|clear`: generated answers, so a partnership sees its report before the first wave."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from voices.db.engine import bind, engine_from_url
from voices.db.tables import Submission
from voices.demo.clear import clear_demo
from voices.demo.seed import RealAnswersPresent, SeedResult, seed_survey
from voices.errors import SurveyNotFound
from voices.officers.audit import CLI_ACTOR, Action, AuditLog, survey_version_ref
from voices.officers.clock import utc_now
from voices.privacy.retention import DeletedCounts
from voices.settings import Settings
from voices.surveys.publish import version_number

# Both commands change what a survey's report shows, so each is audited as `survey changed` by the
# command line, with counts only.
AUDIT = AuditLog(utc_now)


@click.group()
def demo() -> None:
    """Fill a survey with generated answers (channel `demo`), and remove them again."""


@demo.command("seed")
@click.argument("slug")
@click.option("--submissions", "count", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", default=0, show_default=True, help="Same seed (and day), same answers.")
def seed_command(slug: str, count: int, seed: int) -> None:
    """Add generated submissions to the current version of survey SLUG.

    Refused on a database that holds any real answers; `voices demo clear` removes them all.
    """
    settings = Settings.from_env()

    async def run() -> SeedResult:
        bind(engine_from_url(settings.database_url))
        with Progress(
            TextColumn(f"seeding {slug}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
        ) as bar:
            task = bar.add_task("seed", total=count)
            result = await seed_survey(slug, count, seed, dt.date.today(), lambda done: bar.advance(task, done))
        change = f"demo, {result.submissions:,} submissions seeded"
        ref = survey_version_ref(slug, await version_number(result.version_id), change)
        await AUDIT.record(CLI_ACTOR, Action.survey_changed, "survey", ref)
        return result

    started = time.perf_counter()
    try:
        result = asyncio.run(run())
    except (RealAnswersPresent, SurveyNotFound) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{slug}: {result.submissions:,} demo submissions ({result.answers:,} answers, {result.comments:,} comments) "
        f"added to version {result.version_id} in {time.perf_counter() - started:.1f} s"
    )


@demo.command("clear")
def clear_command() -> None:
    """Delete every demo submission, with its answers, theme assignments, quotes and confirmed labels."""
    settings = Settings.from_env()

    async def run() -> DeletedCounts:
        bind(engine_from_url(settings.database_url))
        # Which surveys held demo data, for the audit (nothing else is ever of channel demo).
        held = await Submission.select(Submission.survey_version.survey.slug.as_alias("slug")).where(
            Submission.channel == Submission.Channel.demo
        ).distinct()
        counts = await clear_demo()
        surveys = ", ".join(sorted(row["slug"] for row in held)) or "no survey"
        await AUDIT.record(CLI_ACTOR, Action.survey_changed, "demo data", f"{surveys}: demo cleared, "
                           f"{counts.submissions:,} submissions")
        return counts

    counts = asyncio.run(run())
    table = Table(title="Demo data deleted")
    table.add_column("what")
    table.add_column("rows", justify="right")
    for name, number in counts.rows():
        table.add_row(name, f"{number:,}")
    Console().print(table)
    if counts.theme_assignments:
        # Runs keep their counts (like after a purge) until the survey is themed again.
        click.echo("Theme runs counted demo comments: run `voices themes run --survey SLUG` again for each survey.")
