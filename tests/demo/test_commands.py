"""`voices demo seed|clear` through click's CliRunner, as an operator runs them."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from voices.cli import main
from voices.db.tables import Submission, SurveyVersion

Voices = Callable[..., Awaitable[Result]]


@pytest.fixture
def voices(db: str, published: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Voices:
    monkeypatch.setenv("VOICES_DATABASE_URL", db)
    monkeypatch.setenv("VOICES_VAR_DIR", str(tmp_path))

    async def run(*args: str) -> Result:
        # In a thread of its own: the command runs its own event loop, as it does from a shell.
        return await asyncio.to_thread(CliRunner().invoke, main, ["demo", *args])

    return run


async def test_seed_then_clear(voices: Voices) -> None:
    seeded = await voices("seed", "attitudes", "--submissions", "250", "--seed", "2")
    assert seeded.exit_code == 0, seeded.output
    assert "attitudes: 250 demo submissions" in seeded.output
    assert await Submission.count().where(Submission.channel == "demo") == 250

    cleared = await voices("clear")
    assert cleared.exit_code == 0, cleared.output
    assert "submissions" in cleared.output and "250" in cleared.output
    assert await Submission.count() == 0


async def test_seed_refuses_a_database_with_real_answers(voices: Voices) -> None:
    version = (await SurveyVersion.select(SurveyVersion.id).limit(1))[0]["id"]
    await Submission(survey_version=version, submitted_on=dt.date.today(), channel="api").save()
    result = await voices("seed", "attitudes", "--submissions", "10")
    assert result.exit_code == 1
    assert "Error: this database holds 1 real submission(s)" in result.output
    assert await Submission.count() == 1


async def test_seed_names_an_unknown_survey(voices: Voices) -> None:
    result = await voices("seed", "no-such-survey")
    assert result.exit_code == 1
    assert "no published survey called 'no-such-survey'" in result.output
