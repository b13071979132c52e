"""Officers' confirmed codebook labels, read back for `voices nlp train --with-confirmed`."""

from __future__ import annotations

from voices.db.engine import engine_from_url
from voices.db.tables import ConfirmedLabel


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
