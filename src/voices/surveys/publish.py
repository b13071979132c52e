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
    created: bool  # False when this exact content was already the current version


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
            return PublishResult(definition.slug, digest, created=False)
        await SurveyVersion.update({SurveyVersion.is_current: False}).where(
            SurveyVersion.survey == survey.id
        )
        if existing is not None:
            # A file reverted to earlier content gets its earlier version back, not a duplicate.
            await SurveyVersion.update({SurveyVersion.is_current: True}).where(
                SurveyVersion.id == existing.id
            )
            return PublishResult(definition.slug, digest, created=False)
        await SurveyVersion.insert(
            SurveyVersion(
                survey=survey.id,
                content_hash=digest,
                definition=msgspec.json.encode(definition).decode(),
                loaded_on=today or dt.date.today(),
                is_current=True,
            )
        )
    return PublishResult(definition.slug, digest, created=True)
