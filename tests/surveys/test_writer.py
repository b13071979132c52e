"""The batching writer on both engines: each answer lands under its own submission, and a token
sent twice in one batch is accepted once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio
from piccolo.engine.postgres import PostgresEngine

from voices.db.engine import engine_from_url
from voices.db.tables import Answer, SpentFormToken, Submission, SurveyVersion
from voices.errors import FormTokenUsed
from voices.surveys.loader import read_definition
from voices.surveys.publish import publish
from voices.surveys.writer import NewSubmission, StoredAnswer, SubmissionWriter, writer_for

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "bilingual.yaml"


@pytest_asyncio.fixture
async def writer(db: str) -> AsyncIterator[SubmissionWriter]:
    engine = engine_from_url(db)
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=4)
    writer = writer_for(engine)
    await writer.start()
    yield writer
    await writer.stop()
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


async def version_id() -> int:
    published = await publish(read_definition(FIXTURE))
    rows = await SurveyVersion.select(SurveyVersion.id).where(SurveyVersion.content_hash == published.content_hash)
    return rows[0]["id"]


def submission(version: int, token: str, words: str) -> NewSubmission:
    return NewSubmission(
        version,
        [StoredAnswer("feel_safe", value="agree"), StoredAnswer("comments", text=words, redacted={"name": 1})],
        token_hash=token,
    )


async def test_every_answer_is_stored_under_its_own_submission(writer: SubmissionWriter) -> None:
    version = await version_id()
    # Sent together, so the writer commits them as one batch (or a few).
    ids = await asyncio.gather(*(writer.write(submission(version, f"t{n:03}", f"comment {n}")) for n in range(40)))
    assert len(set(ids)) == 40
    rows = await Answer.select(Answer.submission, Answer.text, Answer.redacted).where(Answer.text.is_not_null())
    text_by_submission = {row["submission"]: row["text"] for row in rows}
    assert text_by_submission == {submission_id: f"comment {n}" for n, submission_id in enumerate(ids)}
    assert all(row["redacted"] in ('{"name": 1}', {"name": 1}) for row in rows)
    assert await Answer.count() == 80 and await SpentFormToken.count() == 40


async def test_a_token_sent_twice_in_one_batch_is_accepted_once(writer: SubmissionWriter) -> None:
    version = await version_id()
    sends = [writer.write(submission(version, token, token)) for token in ["same", "other", "same", "same"]]
    results = await asyncio.gather(*sends, return_exceptions=True)
    assert isinstance(results[0], int) and isinstance(results[1], int)
    assert all(isinstance(result, FormTokenUsed) for result in results[2:])
    assert await Submission.count() == 2 and await Answer.count() == 4
    # A later batch with the spent token is refused too, and stores nothing.
    again = await asyncio.gather(writer.write(submission(version, "same", "late")), return_exceptions=True)
    assert isinstance(again[0], FormTokenUsed) and await Submission.count() == 2
