"""The `voices` command: one entry point for everything an operator does.

Each subcommand's module is imported only when that subcommand runs: the redaction and theming
modules bring in spaCy (and torch, where the embeddings extra is installed), seconds of start-up
that `voices officers create` or `voices backup` should not pay.
"""

from __future__ import annotations

import importlib

import click

from voices.settings import InvalidSetting

# name -> (module, attribute, one line of help shown by `voices --help` without importing it)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "serve": ("voices.serve", "serve", "Serve the app (respondent pages, API, officers' workspace)."),
    "migrate": ("voices.db.commands", "migrate_command", "Create or update the database tables."),
    "backup": ("voices.db.commands", "backup_command", "Copy the SQLite database while it is in use."),
    "restore": ("voices.db.commands", "restore_command", "Put a backup back, after checks."),
    "surveys": ("voices.surveys.commands", "surveys", "Check and load the survey files."),
    "privacy": ("voices.privacy.commands", "privacy", "Redact, evaluate the redactor, purge old answers."),
    "themes": ("voices.themes.commands", "themes", "Theme a survey's free text."),
    "nlp": ("voices.themes.commands", "nlp", "Train and evaluate the theme tagger."),
    "officers": ("voices.officers.commands", "officers", "Create, list and disable officers' accounts."),
    "demo": ("voices.demo.commands", "demo", "Fill a survey with generated answers, or remove them."),
}


class LazyCommands(click.Group):
    """A group whose subcommands are imported when used, not when the program starts."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module}.{attribute} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InvalidSetting as error:
            # One line an operator can act on, not a traceback: which variable, what it takes.
            click.echo(f"voices: {error}", err=True)
            ctx.exit(2)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The short help is written here, so `voices --help` imports nothing.
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])


@click.group(cls=LazyCommands)
def main() -> None:
    """voices: anonymous surveys and survivor feedback for a community safety partnership."""
