"""Officers' confirmed codebook labels: the corrections that retrain the tagger.

The table is defined here; the app registry and its migration are added with the officer UI.
``confirmed_examples(database_url)`` reads it for ``voices nlp train --with-confirmed``.
"""

from __future__ import annotations

from piccolo.columns import Boolean, Date, Text, Varchar
from piccolo.table import Table

from voices.db.engine import engine_from_url


class ConfirmedLabel(Table):
    text = Text(help_text="The comment after markup removal and redaction; never the raw input.")
    theme_id = Varchar(length=64, help_text="A codebook theme id.")
    applies = Boolean(help_text="True: the theme applies to the text; False: an officer ruled it out.")
    # Keep only the day, like every other date in voices.
    confirmed_on = Date()


def confirmed_examples(database_url: str) -> list[tuple[str, str, bool]]:
    """Every confirmed ``(text, theme_id, applies)``, oldest first."""
    ConfirmedLabel._meta.db = engine_from_url(database_url)
    rows = (
        ConfirmedLabel.select(ConfirmedLabel.text, ConfirmedLabel.theme_id, ConfirmedLabel.applies)
        .order_by(ConfirmedLabel.confirmed_on)
        .order_by(ConfirmedLabel.id)
        .run_sync()
    )
    return [(row["text"], row["theme_id"], bool(row["applies"])) for row in rows]
