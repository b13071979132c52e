"""Officers' "what we did" per theme, and the quotes they ticked as safe to publish, in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from voices.db.tables import YouSaidAction, YouSaidQuote


@dataclass(frozen=True, slots=True)
class Action:
    theme_key: str
    summary: str
    action: str
    done_on: dt.date
    link: str
    published: bool


def quote_hash(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()


async def actions_of(slug: str) -> dict[str, Action]:
    rows = await YouSaidAction.select(
        YouSaidAction.theme_key,
        YouSaidAction.summary,
        YouSaidAction.action,
        YouSaidAction.done_on,
        YouSaidAction.link,
        YouSaidAction.published,
    ).where(YouSaidAction.survey_slug == slug)
    return {row["theme_key"]: Action(**row) for row in rows}


async def save_action(slug: str, written: Action, officer_id: int, now: dt.datetime) -> None:
    """Write the theme's one action, replacing any earlier one."""
    values = {
        YouSaidAction.summary: written.summary,
        YouSaidAction.action: written.action,
        YouSaidAction.done_on: written.done_on,
        YouSaidAction.link: written.link,
        YouSaidAction.published: written.published,
        YouSaidAction.updated_at: now,
        YouSaidAction.updated_by: officer_id,
    }
    mine = (YouSaidAction.survey_slug == slug) & (YouSaidAction.theme_key == written.theme_key)
    if await YouSaidAction.exists().where(mine):
        await YouSaidAction.update(values).where(mine)
    else:
        named = {column._meta.name: value for column, value in values.items()}
        await YouSaidAction(survey_slug=slug, theme_key=written.theme_key, **named).save()


async def approved_quotes(slug: str) -> set[tuple[str, int, str]]:
    """(theme, answer id, hash of the words) of every quote ticked as safe for the survey."""
    rows = await YouSaidQuote.select(
        YouSaidQuote.theme_key, YouSaidQuote.answer, YouSaidQuote.quote_hash
    ).where(YouSaidQuote.survey_slug == slug)
    return {(row["theme_key"], row["answer"], row["quote_hash"]) for row in rows}


async def set_approved_quotes(
    slug: str, theme_key: str, ticked: list[tuple[int, str]], officer_id: int, now: dt.datetime
) -> None:
    """The theme's safe quotes become exactly `ticked` (answer id, words): unticked ones are withdrawn."""
    async with YouSaidQuote._meta.db.transaction():
        await YouSaidQuote.delete().where(
            (YouSaidQuote.survey_slug == slug) & (YouSaidQuote.theme_key == theme_key)
        )
        if ticked:
            await YouSaidQuote.insert(
                *[
                    YouSaidQuote(
                        survey_slug=slug,
                        theme_key=theme_key,
                        answer=answer,
                        quote_hash=quote_hash(words),
                        approved_at=now,
                        approved_by=officer_id,
                    )
                    for answer, words in ticked
                ]
            )
