"""Loading surveys is idempotent; a changed file is a new version; answers keep their version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec

from voices.db.tables import Survey, SurveyVersion
from voices.surveys.catalogue import Catalogue
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "bilingual.yaml"


async def test_loading_twice_changes_nothing(db: str) -> None:
    definition = read_definition(FIXTURE)
    first = await publish(definition)
    second = await publish(definition)
    assert first.created and not second.created
    assert await Survey.count() == 1 and await SurveyVersion.count() == 1


async def test_a_changed_definition_is_a_new_current_version(db: str, tmp_path: Path) -> None:
    await publish(read_definition(FIXTURE))
    changed = tmp_path / "bilingual.yaml"
    changed.write_text(FIXTURE.read_text().replace("minutes: 2", "minutes: 4"))
    result = await publish(read_definition(changed))
    assert result.created
    versions = await SurveyVersion.select(SurveyVersion.id, SurveyVersion.is_current).order_by(SurveyVersion.id)
    assert [v["is_current"] for v in versions] == [False, True]

    catalogue = Catalogue()
    current = await catalogue.current("bilingual", dt.date.today())
    assert current.definition.minutes == 4
    # Someone who started on the old version is still checked against it.
    old = await catalogue.version(versions[0]["id"], "bilingual")
    assert old.definition.minutes == 2


async def test_reverting_a_file_restores_its_earlier_version(db: str, tmp_path: Path) -> None:
    original = read_definition(FIXTURE)
    await publish(original)
    await publish(msgspec.structs.replace(original, minutes=9))
    result = await publish(original)
    assert not result.created
    assert await SurveyVersion.count() == 2
    current = await SurveyVersion.select(SurveyVersion.content_hash).where(SurveyVersion.is_current.eq(True))
    assert current == [{"content_hash": result.content_hash}]


async def test_closed_surveys_are_not_offered(db: str) -> None:
    definition = msgspec.structs.replace(read_definition(FIXTURE), closes_on=dt.date(2020, 1, 1))
    await publish(definition)
    assert await Catalogue().open_surveys(dt.date.today()) == []
