"""Which surveys are reported within another's report (a definition's `reported_in`), as the
current versions stored say: a report and its theme runs read those surveys' answers too."""

from __future__ import annotations

import json
from collections.abc import Mapping

from voices.db.tables import SurveyVersion


async def reported_in() -> dict[str, str]:
    """Survey slug -> the slug of the survey it is reported in, for each survey that is."""
    rows = await SurveyVersion.select(SurveyVersion.survey.slug.as_alias("slug"), SurveyVersion.definition).where(
        SurveyVersion.is_current == True  # noqa: E712 - Piccolo builds SQL from ==
    )
    found = {}
    for row in rows:
        definition = row["definition"]
        target = (json.loads(definition) if isinstance(definition, str) else definition).get("reported_in")
        if target:
            found[row["slug"]] = target
    return found


async def reported_with(slug: str) -> list[str]:
    """The surveys reported in `slug`'s report, by slug, sorted."""
    return sources(await reported_in(), slug)


def sources(into: Mapping[str, str], slug: str) -> list[str]:
    """Of a `reported_in` mapping, the surveys reported in `slug`'s report, by slug, sorted."""
    return sorted(source for source, target in into.items() if target == slug)
