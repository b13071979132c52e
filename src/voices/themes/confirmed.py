"""Officers' confirmed labels, read back for `voices nlp train --with-confirmed`."""

from __future__ import annotations

from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

from voices.db.tables import ConfirmedLabel

# Plain SQL, run on the engine given: a table's queries run on the engine the table is bound to,
# and rebinding it here would change it for every other caller in the process.
_SELECT = QueryString(
    f"SELECT text, theme_id, applies FROM {ConfirmedLabel._meta.tablename} ORDER BY confirmed_on, id"
)


async def confirmed_examples(engine: Engine) -> list[tuple[str, str, bool]]:
    """Every confirmed ``(text, theme_id, applies)`` in ``engine``'s database, oldest first."""
    rows = await engine.run_querystring(_SELECT)
    return [(row["text"], row["theme_id"], bool(row["applies"])) for row in rows]
