"""The published surveys, read from the database once and kept in memory.

Definitions change only when an operator loads surveys, so reading them per request would be
waste; versions are immutable, so a version once read never needs reading again.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import msgspec

from voices.db.tables import SurveyVersion
from voices.errors import SurveyClosed, SurveyNotFound
from voices.surveys.definition import PUBLIC, Audience, SurveyDefinition

REFRESH_SECONDS = 60.0
# Someone who started a form on or before the closing day can still send it the day after:
# a survey closing at midnight must not throw away the answers of a person part-way through.
LATE_SEND_DAYS = 1


@dataclass(frozen=True, slots=True)
class PublishedSurvey:
    version_id: int
    content_hash: str
    definition: SurveyDefinition


class Catalogue:
    def __init__(self) -> None:
        self._current: dict[str, PublishedSurvey] = {}
        self._versions: dict[int, PublishedSurvey] = {}
        self._loaded_at = float("-inf")

    async def refresh(self) -> None:
        rows = await SurveyVersion.select(
            SurveyVersion.id, SurveyVersion.content_hash, SurveyVersion.definition
        ).where(SurveyVersion.is_current.eq(True))
        current = {}
        for row in rows:
            published = self._versions.get(row["id"]) or _decode(row)
            self._versions[published.version_id] = published
            current[published.definition.slug] = published
        self._current = current
        self._loaded_at = time.monotonic()

    async def open_surveys(self, today: dt.date) -> list[PublishedSurvey]:
        await self._refresh_if_stale()
        listed = [s for s in self._current.values() if s.definition.audience == PUBLIC]
        surveys = [s for s in listed if s.definition.is_open(today)]
        return sorted(surveys, key=lambda s: s.definition.slug)

    async def current(
        self, slug: str, today: dt.date, started_on: dt.date | None = None, audience: Audience = PUBLIC
    ) -> PublishedSurvey:
        """The version new respondents get. Raises SurveyNotFound or SurveyClosed.

        ``started_on``: the day a form being sent was first shown, if known; a form started
        while the survey was open may still be sent for LATE_SEND_DAYS after it closes.
        ``audience``: a survey for groups is found only by the groups' pages, which ask for it.
        """
        await self._refresh_if_stale()
        if slug not in self._current:
            await self.refresh()
        published = self._current.get(slug)
        if published is None or published.definition.audience != audience:
            raise SurveyNotFound(f"there is no survey called {slug!r}")
        definition = published.definition
        if not (definition.is_open(today) or _late_send(definition, today, started_on)):
            raise SurveyClosed(f"the survey {slug!r} is not open today")
        return published

    async def version(self, version_id: int, slug: str) -> PublishedSurvey:
        """A specific version: answers are checked against the version the person was given."""
        published = self._versions.get(version_id)
        if published is None:
            rows = await SurveyVersion.select(
                SurveyVersion.id, SurveyVersion.content_hash, SurveyVersion.definition
            ).where(SurveyVersion.id == version_id)
            if not rows:
                raise SurveyNotFound(f"survey version {version_id} does not exist")
            published = _decode(rows[0])
            self._versions[version_id] = published
        if published.definition.slug != slug:
            raise SurveyNotFound(f"survey version {version_id} is not a version of {slug!r}")
        return published

    async def _refresh_if_stale(self) -> None:
        if time.monotonic() - self._loaded_at > REFRESH_SECONDS:
            await self.refresh()


def _late_send(definition: SurveyDefinition, today: dt.date, started_on: dt.date | None) -> bool:
    closes_on = definition.closes_on
    return (
        started_on is not None
        and closes_on is not None
        and definition.is_open(started_on)
        and today <= closes_on + dt.timedelta(days=LATE_SEND_DAYS)
    )


def _decode(row: dict) -> PublishedSurvey:
    definition = msgspec.json.decode(row["definition"], type=SurveyDefinition)
    return PublishedSurvey(row["id"], row["content_hash"], definition)

