"""Seeding a survey's current version with demo submissions, only where no real answers could mix in."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

import msgspec

from voices.db.tables import Submission, SurveyVersion
from voices.demo.generate import DemoSubmission, generate
from voices.demo.store import store_for
from voices.errors import SurveyNotFound, VoicesError
from voices.surveys.definition import SurveyDefinition

BATCH = 1000  # submissions per transaction: about 25,000 answer rows


class RealAnswersPresent(VoicesError):
    """The database holds real respondents' answers: demo data must never be mixed in with them."""


@dataclass(frozen=True, slots=True)
class SeedResult:
    version_id: int
    submissions: int
    answers: int
    comments: int


async def seed_survey(
    slug: str, count: int, seed: int, today: dt.date, progress: Callable[[int], None] = lambda done: None
) -> SeedResult:
    """Store `count` demo submissions to the current version of `slug`; `progress` hears each batch.

    Raises RealAnswersPresent, or SurveyNotFound.
    """
    real = await Submission.count().where(Submission.channel != Submission.Channel.demo)
    if real:
        raise RealAnswersPresent(
            f"this database holds {real:,} real submission(s); demo data is only seeded where it cannot "
            "be mistaken for real answers or counted with them: use a database of its own"
        )
    version_id, definition = await current_version(slug)
    store = store_for(Submission._meta.db)
    answers = comments = 0
    try:
        batches = _batches(generate(definition, count, seed, today))
        batch = next(batches, None)
        while batch is not None:
            # The next batch is generated on a thread while this one is written: the database does
            # its part of the work on the other core.
            writing = asyncio.ensure_future(store.write(version_id, batch))
            try:
                following = await asyncio.to_thread(next, batches, None)
            finally:
                await writing
            answers += sum(len(s.answers) for s in batch)
            comments += sum(1 for s in batch for a in s.answers if a.text is not None)
            progress(len(batch))
            batch = following
    finally:
        await store.close()
    return SeedResult(version_id, count, answers, comments)


async def current_version(slug: str) -> tuple[int, SurveyDefinition]:
    """The id and definition of the version new respondents of `slug` get."""
    rows = await SurveyVersion.select(SurveyVersion.id, SurveyVersion.definition).where(
        (SurveyVersion.survey.slug == slug) & SurveyVersion.is_current.eq(True)
    )
    if not rows:
        raise SurveyNotFound(f"there is no published survey called {slug!r}: load it with `voices surveys load`")
    return rows[0]["id"], msgspec.json.decode(rows[0]["definition"], type=SurveyDefinition)


def _batches(submissions: Iterator[DemoSubmission]) -> Iterator[list[DemoSubmission]]:
    while batch := list(islice(submissions, BATCH)):
        yield batch
