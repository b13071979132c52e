"""Officers' confirmed labels, read back for training (`voices nlp train --with-confirmed`) and for
theme runs, where a comment's own labels outrank the tagger."""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.engine.base import Engine
from piccolo.querystring import QueryString

from voices.db.tables import ConfirmedLabel

# Plain SQL, run on the engine given: a table's queries run on the engine the table is bound to,
# and rebinding it here would change it for every other caller in the process.
_SELECT = QueryString(
    f"SELECT id, text, theme_id, applies FROM {ConfirmedLabel._meta.tablename} ORDER BY confirmed_on, id"
)
# Labels per query when reading those of a run's comments: well under SQLite's 32,766 parameters.
_CHUNK = 5_000


async def confirmed_examples(engine: Engine) -> list[tuple[str, str, bool]]:
    """Every confirmed ``(text, theme_id, applies)`` in ``engine``'s database, oldest first."""
    return [(text, theme, applies) for _, text, theme, applies in await confirmed_rows(engine)]


async def confirmed_rows(engine: Engine) -> list[tuple[int, str, str, bool]]:
    """Every confirmed ``(id, text, theme_id, applies)``, oldest first: the id says which labels a
    model learned from without keeping their words."""
    rows = await engine.run_querystring(_SELECT)
    return [(int(row["id"]), row["text"], row["theme_id"], bool(row["applies"])) for row in rows]


async def confirmed_by_position(answer_ids: Sequence[int]) -> dict[int, dict[str, bool]]:
    """The labels analysts gave these comments: position in ``answer_ids`` -> theme -> applies."""
    position = {answer_id: i for i, answer_id in enumerate(answer_ids)}
    found: dict[int, dict[str, bool]] = {}
    for start in range(0, len(answer_ids), _CHUNK):
        rows = await ConfirmedLabel.select(
            ConfirmedLabel.answer, ConfirmedLabel.theme_id, ConfirmedLabel.applies
        ).where(ConfirmedLabel.answer.is_in(list(answer_ids[start : start + _CHUNK])))
        for row in rows:
            found.setdefault(position[row["answer"]], {})[row["theme_id"]] = bool(row["applies"])
    return found
