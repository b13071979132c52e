"""`voices surveys check|load`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from voices.db.engine import bind, engine_from_url
from voices.db.tables import SurveyVersion
from voices.officers.audit import CLI_ACTOR, Action, AuditLog, survey_version_ref
from voices.officers.clock import utc_now
from voices.settings import Settings
from voices.surveys.loader import read_directory
from voices.surveys.publish import publish, version_number


@click.group()
def surveys() -> None:
    """Check and publish survey definitions."""


def _directory(directory: Path | None) -> Path:
    return directory or Settings.from_env().surveys_dir


@surveys.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
def check(directory: Path | None) -> None:
    """Validate every survey file; print each problem with its file and question."""
    definitions, problems = read_directory(_directory(directory))
    for problem in problems:
        click.echo(problem, err=True)
    click.echo(f"{len(definitions)} valid, {len(problems)} problem(s)")
    if problems:
        raise SystemExit(1)


@surveys.command("load")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
def load(directory: Path | None) -> None:
    """Publish every valid survey file; unchanged files are left as they are.

    Each survey whose current version changes is audited (`survey changed`, by the command line), in the
    same transaction as the change: a version is never made current unrecorded."""
    settings = Settings.from_env()
    definitions, problems = read_directory(_directory(directory))
    for problem in problems:
        click.echo(problem, err=True)

    async def run() -> None:
        bind(engine_from_url(settings.database_url))
        audit = AuditLog(utc_now)
        for definition in definitions:
            async with SurveyVersion._meta.db.transaction():
                result = await publish(definition)  # joins this transaction
                if result.changed:
                    change = "published" if result.created else "made current again"
                    number = await version_number(result.version_id)
                    ref = survey_version_ref(result.slug, number, change)
                    await audit.record(CLI_ACTOR, Action.survey_changed, "survey", ref)
            state = "new version" if result.created else "earlier version made current" if result.reinstated else (
                "unchanged"
            )
            click.echo(f"{result.slug}: {state} ({result.content_hash[:12]})")

    asyncio.run(run())
    if problems:
        # Good files are loaded; a bad file never half-loads, and the exit status says so.
        raise SystemExit(1)
