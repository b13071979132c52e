"""`voices migrate`."""

from __future__ import annotations

import asyncio

import click

from voices.db.engine import bind, engine_from_url
from voices.db.migrate import migrate
from voices.settings import Settings


@click.command("migrate")
def migrate_command() -> None:
    """Create or update the database tables (safe to run repeatedly)."""
    settings = Settings.from_env()

    async def run() -> None:
        bind(engine_from_url(settings.database_url))
        click.echo(await migrate())

    asyncio.run(run())
