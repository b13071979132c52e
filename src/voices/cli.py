"""The `voices` command: one entry point for everything an operator does."""

from __future__ import annotations

import click

from voices.db.commands import backup_command, migrate_command, restore_command
from voices.demo.commands import demo
from voices.officers.commands import officers
from voices.privacy.commands import privacy
from voices.serve import serve
from voices.surveys.commands import surveys
from voices.themes.commands import nlp, themes


@click.group()
def main() -> None:
    """voices: anonymous surveys and survivor feedback for a community safety partnership."""


COMMANDS = (
    serve,
    migrate_command,
    backup_command,
    restore_command,
    surveys,
    privacy,
    themes,
    nlp,
    officers,
    demo,
)
for command in COMMANDS:
    main.add_command(command)
