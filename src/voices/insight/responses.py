"""A survey's versions and submissions, as a report sees them.

Reports never read a stored count: every figure is counted from live rows (`dataset.py` reads them
into arrays, `report_cache.py` reads them again whenever they change), so a purge shows on the
very next page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from voices.db.tables import SurveyVersion
from voices.errors import SurveyNotFound
from voices.surveys.definition import SurveyDefinition


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    loaded_on: dt.date
    is_current: bool


@dataclass(frozen=True, slots=True)
class Sent:
    """One submission, as much of it as a report may use: no answer, no time of day."""

    id: int
    day: dt.date
    channel: str
    version: int
    group: int | None = None  # the survivor-involvement group, for channels group and facilitated


@dataclass(frozen=True, slots=True)
class SurveyData:
    slug: str
    definition: SurveyDefinition  # the current version's, for titles and question wording
    versions: list[Version]  # oldest first
    submissions: list[Sent]
    known_channels: list[str] | None = None  # when the reader counted them already

    @property
    def channels(self) -> list[str]:
        if self.known_channels is not None:
            return self.known_channels
        return sorted({s.channel for s in self.submissions})


async def survey_versions(slug: str) -> tuple[SurveyDefinition, list[Version]]:
    """The current version's definition and every version, oldest first; raises `SurveyNotFound`."""
    rows = await (
        SurveyVersion.select(
            SurveyVersion.id, SurveyVersion.loaded_on, SurveyVersion.is_current, SurveyVersion.definition
        )
        .where(SurveyVersion.survey.slug == slug)
        .order_by(SurveyVersion.id)
    )
    if not rows:
        raise SurveyNotFound(f"there is no survey called {slug!r}")
    current = next((row for row in reversed(rows) if row["is_current"]), rows[-1])
    definition = msgspec.json.decode(current["definition"], type=SurveyDefinition)
    return definition, [Version(row["id"], row["loaded_on"], row["is_current"]) for row in rows]
