"""`voices surveys check|load`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from voices.db.engine import bind, engine_from_url
from voices.settings import Settings
from voices.surveys.loader import read_directory
from voices.surveys.publish import publish


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
    """Publish every valid survey file; unchanged files are left as they are."""
    settings = Settings.from_env()
    definitions, problems = read_directory(_directory(directory))
    for problem in problems:
        click.echo(problem, err=True)

    async def run() -> None:
        bind(engine_from_url(settings.database_url))
        for definition in definitions:
            result = await publish(definition)
            state = "new version" if result.created else "unchanged"
            click.echo(f"{result.slug}: {state} ({result.content_hash[:12]})")

    asyncio.run(run())
    if problems:
        # Good files are loaded; a bad file never half-loads, and the exit status says so.
        raise SystemExit(1)
