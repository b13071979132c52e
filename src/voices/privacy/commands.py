"""`voices privacy …` commands."""

from __future__ import annotations

import click


@click.group()
def privacy() -> None:
    """Check and measure the removal of personal details."""
