"""Store survey definitions as versions: unchanged files are no-ops, changed files new versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from voices.db.tables import Survey, SurveyVersion
from voices.surveys.definition import SurveyDefinition, translate
from voices.surveys.loader import content_hash


@dataclass(frozen=True, slots=True)
class PublishResult:
    slug: str
    content_hash: str
    created: bool  # False when this exact content was already stored as a version
    version_id: int = 0  # the version now current
    reinstated: bool = False  # an earlier version made current again (the file was reverted)

    @property
    def changed(self) -> bool:
        """Whether the survey's current version is now another: what `voices surveys load` audits."""
        return self.created or self.reinstated


async def publish(definition: SurveyDefinition, today: dt.date | None = None) -> PublishResult:
    """Make `definition` the current version of its survey; idempotent."""
    digest = content_hash(definition)
    title = translate(definition.title, "en")
    async with Survey._meta.db.transaction():
        survey = await Survey.objects().get_or_create(
            Survey.slug == definition.slug, defaults={Survey.title: title}
        )
        if survey.title != title:
            await Survey.update({Survey.title: title}).where(Survey.id == survey.id)
        existing = await SurveyVersion.objects().get(SurveyVersion.content_hash == digest)
        if existing is not None and existing.is_current:
            return PublishResult(definition.slug, digest, created=False, version_id=existing.id)
        await SurveyVersion.update({SurveyVersion.is_current: False}).where(
            SurveyVersion.survey == survey.id
        )
        if existing is not None:
            # A file reverted to earlier content gets its earlier version back, not a duplicate.
            await SurveyVersion.update({SurveyVersion.is_current: True}).where(
                SurveyVersion.id == existing.id
            )
            return PublishResult(definition.slug, digest, created=False, version_id=existing.id, reinstated=True)
        inserted = await SurveyVersion.insert(
            SurveyVersion(
                survey=survey.id,
                content_hash=digest,
                definition=msgspec.json.encode(definition).decode(),
                loaded_on=today or dt.date.today(),
                is_current=True,
            )
        )
    return PublishResult(definition.slug, digest, created=True, version_id=inserted[0]["id"])


async def version_number(version_id: int) -> int:
    """A version's place among its survey's versions, counting from 1 in the order they were loaded:
    the "Version 3" the report page shows."""
    row = await SurveyVersion.select(SurveyVersion.survey).where(SurveyVersion.id == version_id).first()
    if row is None:
        return 0
    return await SurveyVersion.count().where(SurveyVersion.survey == row["survey"], SurveyVersion.id <= version_id)
