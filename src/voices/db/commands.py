"""`voices migrate`, `voices backup`, `voices restore`."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path

import click

from voices.db.backup import BackupRefused, backup, sqlite_file
from voices.db.engine import bind, engine_from_url
from voices.db.migrate import migrate
from voices.db.piccolo_app import APP_CONFIG
from voices.db.restore import (
    check_backup,
    copy_file,
    discard,
    known_migrations,
    refuse_overwrite,
    schema_problems,
    settle,
    staging_path,
)
from voices.privacy.retention import PurgeCounts, purge_expired
from voices.settings import Settings


@click.command("migrate")
def migrate_command() -> None:
    """Create or update the database tables (safe to run repeatedly)."""
    settings = Settings.from_env()

    async def run() -> None:
        bind(engine_from_url(settings.database_url))
        click.echo(await migrate())

    asyncio.run(run())


@click.command("backup")
def backup_command() -> None:
    """Copy the SQLite database, while in use, into VOICES_BACKUP_DIR; keep the newest VOICES_BACKUP_KEEP."""
    settings = Settings.from_env()
    try:
        database = sqlite_file(settings.database_url)
        result = backup(database, settings.backups_directory, settings.backup_keep, dt.datetime.now(dt.UTC))
    except BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Backed up {database} to {result.path} ({result.size:,} bytes).")
    for path in result.removed:
        click.echo(f"Removed the older backup {path}.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the database that is there now (stop the app first).")
def restore_command(file: Path, force: bool) -> None:
    """Put back a backup made by `voices backup`, after checking it.

    The file must pass SQLite's integrity check and hold only migrations this version knows. It is
    copied beside the database, brought up to date by the migrations, checked against the tables,
    and purged of whatever is now past retention; only then does it become the database.
    """
    settings = Settings.from_env()
    try:
        target = sqlite_file(settings.database_url)
        refuse_overwrite(target, force)
        check_backup(file, known_migrations())
        staging = staging_path(target)
        discard(staging)  # left by a restore that was interrupted
        try:
            copy_file(file, staging)
            counts = asyncio.run(_bring_up_to_date(staging, settings.retention_days))
            if problems := schema_problems(staging, APP_CONFIG.table_classes):
                raise BackupRefused(f"{file} does not match this version's tables: {'; '.join(problems)}")
            settle(staging)
            if target.exists():
                copy_file(staging, target)  # through SQLite's locks, over the old database
            else:
                os.replace(staging, target)
        finally:
            discard(staging)
    except BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Restored {file} to {target}.")
    purged = ", ".join(f"{n} {name}" for name, n in counts.rows() if n)
    click.echo(f"Past retention ({settings.retention_days} days), deleted: {purged or 'nothing'}.")


async def _bring_up_to_date(database: Path, retention_days: int) -> PurgeCounts:
    """Migrate the restored copy, then purge it: a backup may hold answers that have since expired."""
    bind(engine_from_url(f"sqlite:///{database}"))
    await migrate()
    return await purge_expired(dt.date.today(), retention_days)
