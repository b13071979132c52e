"""The `voices` command: one entry point for everything an operator does."""

from __future__ import annotations

import click

from voices.privacy.commands import privacy
from voices.themes.commands import nlp, themes


@click.group()
def main() -> None:
    """voices: anonymous surveys and survivor feedback for a community safety partnership."""


main.add_command(privacy)
main.add_command(themes)
main.add_command(nlp)
