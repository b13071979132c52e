"""`voices themes …` and `voices nlp …` commands."""

from __future__ import annotations

import click


@click.group()
def themes() -> None:
    """Tag and discover themes in free text."""


@click.group()
def nlp() -> None:
    """Train and evaluate the theming models."""
