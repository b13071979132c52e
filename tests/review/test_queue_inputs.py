"""The review queue keeps what the tagger made of each comment between page loads: the same picks as
scoring afresh, and only comments it has not seen are scored again."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from tests.insight.data import submit
from voices.review.reading import queue, unreviewed_comments
from voices.settings import PROJECT_ROOT
from voices.themes.current_tagger import CurrentTagger
from voices.themes.review_queue import review_queue

DAY = dt.date(2026, 11, 20)
TEXTS = [
    "I waited eight months for counselling", "the police officer believed me straight away",
    "nobody told me what would happen at court", "the ISVA rang me every week", "street lights are out",
    "my school never taught consent", "the SARC nurse was kind", "I did not know where to get help",
    "he keeps messaging me online", "the helpline was always engaged", "being believed mattered most",
    "the interpreter never came", "my GP did not know what a SARC was", "the bus stop is dark at night",
]


class CountingTagger:
    """The shipped tagger, counting the comments it is asked to score."""

    def __init__(self, tagger: object) -> None:
        self.tagger, self.scored = tagger, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.tagger, name)

    def predict_proba(self, texts: list[str], questions: list[str | None] | None = None) -> np.ndarray:
        self.scored += len(texts)
        return self.tagger.predict_proba(texts, questions)


async def test_the_queue_scores_each_comment_once_and_picks_as_scoring_afresh_would(published: list[str]) -> None:
    for text in TEXTS:
        await submit("awareness", DAY, {"anything_else": text})
    current = CurrentTagger(PROJECT_ROOT / "nlp_models")
    shipped, version = await current.get()
    counting = CountingTagger(shipped)

    async def get() -> tuple[object, int | None]:
        return counting, version

    current.get = get  # type: ignore[method-assign]
    first = await queue("awareness", current, n=5)
    assert counting.scored == len(TEXTS)

    unreviewed = await unreviewed_comments("awareness")
    afresh = review_queue(shipped, [c.text for c, _ in unreviewed], 5, questions=[q for _, q in unreviewed])
    assert [item.comment.answer_id for item in first] == [unreviewed[p.index][0].answer_id for p in afresh]

    assert [item.comment.answer_id for item in await queue("awareness", current, n=5)] == [
        item.comment.answer_id for item in first
    ]
    assert counting.scored == len(TEXTS)  # nothing scored again

    await submit("awareness", DAY, {"anything_else": "the waiting list for therapy is a year"})
    await queue("awareness", current, n=5)
    assert counting.scored == len(TEXTS) + 1  # only the new comment


async def test_reviewing_one_comment_changes_the_pool_by_that_comment(
    published: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from voices.db.tables import ConfirmedLabel
    from voices.review import reading

    monkeypatch.setattr(reading, "QUEUE_POOL", 6)  # a survey with more comments than the pool holds
    for text in TEXTS:
        await submit("awareness", DAY, {"anything_else": text})
    before = [c.answer_id for c, _ in await unreviewed_comments("awareness")]
    assert len(before) == 6
    reviewed = before[2]
    await ConfirmedLabel(text="reviewed", theme_id="police_response", applies=True, confirmed_on=DAY, answer=reviewed).save()
    after = [c.answer_id for c, _ in await unreviewed_comments("awareness")]
    assert len(after) == 6 and len(set(before) - set(after)) == 1 and reviewed not in after
