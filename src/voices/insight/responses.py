"""A survey's versions and submissions, as a report sees them.

Reports never read a stored count: every figure is counted from live rows (`dataset.py` reads them
into arrays, `report_cache.py` reads them again whenever they change), so a purge shows on the
very next page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec

from voices.db.tables import Survey, SurveyVersion
from voices.errors import SurveyNotFound
from voices.surveys.definition import DEFAULT_LANGUAGE, SurveyDefinition, translate
from voices.surveys.reported_in import reported_in, sources


@dataclass(frozen=True, slots=True)
class Version:
    id: int
    loaded_on: dt.date
    is_current: bool
    number: int = 1  # 1 for a survey's first version, 2 for its next...
    survey_title: str = ""  # the survey it is of, when another survey reported in this one


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
    """The current version's definition and every version, oldest first, then the versions of the
    surveys reported in this one (`reported_in`); raises `SurveyNotFound`, also for a survey reported
    in another: it has no report of its own, or subtracting one report from the other would give
    what the source filter refuses to show."""
    into = await reported_in()
    _refuse_reported_elsewhere(into, slug)
    others = sources(into, slug)
    rows = await (
        SurveyVersion.select(
            SurveyVersion.id, SurveyVersion.loaded_on, SurveyVersion.is_current, SurveyVersion.definition,
            SurveyVersion.survey.slug.as_alias("slug"),
        )
        .where(SurveyVersion.survey.slug.is_in([slug, *others]))
        .order_by(SurveyVersion.id)
    )  # fmt: skip
    own = [row for row in rows if row["slug"] == slug]
    if not own:
        raise SurveyNotFound(f"there is no survey called {slug!r}")
    current = next((row for row in reversed(own) if row["is_current"]), own[-1])
    definition = msgspec.json.decode(current["definition"], type=SurveyDefinition)
    versions = _numbered(own, "")
    for other in others:
        theirs = [row for row in rows if row["slug"] == other]
        if theirs:
            latest = msgspec.json.decode(theirs[-1]["definition"], type=SurveyDefinition)
            versions += _numbered(theirs, translate(latest.title, DEFAULT_LANGUAGE))
    return definition, versions


async def check_survey_has_report(slug: str) -> None:
    """Raise `SurveyNotFound` unless `slug` is a survey with a report of its own, as `survey_versions`
    would, without reading its versions."""
    _refuse_reported_elsewhere(await reported_in(), slug)
    if not await Survey.exists().where(Survey.slug == slug):
        raise SurveyNotFound(f"there is no survey called {slug!r}")


def _refuse_reported_elsewhere(into: dict[str, str], slug: str) -> None:
    if slug in into:
        raise SurveyNotFound(f"{slug!r} is reported within {into[slug]!r}")


def _numbered(rows: list[dict[str, Any]], survey_title: str) -> list[Version]:
    return [
        Version(row["id"], row["loaded_on"], row["is_current"], number, survey_title)
        for number, row in enumerate(rows, start=1)
    ]
