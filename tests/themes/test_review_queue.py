"""The review queue, through a real CodebookTagger fitted on the small three-subject corpus."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.preprocessing import normalize

from tests.themes.corpus import corpus
from voices.themes.review_queue import NEAR_DUPLICATE, review_queue, threshold_distances
from voices.themes.tagger import CodebookTagger

THEMES = ["waiting", "police", "isva"]
# Sentences from the training corpus: the tagger is sure which theme each has and has not.
CONFIDENT = [
    "still on the waiting list after 5 months",
    "waiting times for therapy are terrible",
    "the police officer did not believe me",
    "police never called back after I reported it",
    "my ISVA came to court with me",
    "the advocate explained the court process clearly",
]
# Written to sit between subjects, or outside all of them.
UNCERTAIN = [
    "the police kept me waiting",
    "my advocate phoned the police",
    "I waited at court",
    "the weather was nice",
    "the officer was an advocate for waiting lists",
]


@pytest.fixture(scope="module")
def tagger() -> CodebookTagger:
    texts, subjects = corpus(per_subject=40, seed=0)
    return CodebookTagger(classes=THEMES).fit(texts, [{s} if s else set() for s in subjects])


def pool(seed: int) -> list[str]:
    """Confident and uncertain comments, each also written twice more with case and punctuation changed."""
    texts = CONFIDENT + UNCERTAIN
    texts += [text.upper() + "." for text in texts] + [text.capitalize() + "!" for text in texts]
    return [texts[i] for i in np.random.default_rng(seed).permutation(len(texts))]


def test_same_seed_same_queue(tagger: CodebookTagger) -> None:
    texts = pool(1)
    assert review_queue(tagger, texts, 8, seed=3) == review_queue(tagger, texts, 8, seed=3)


def test_no_comment_or_near_duplicate_offered_twice(tagger: CodebookTagger) -> None:
    texts = pool(2)
    picks = review_queue(tagger, texts, len(texts), seed=0)
    chosen = [texts[pick.index] for pick in picks]
    assert len({pick.index for pick in picks}) == len(picks)
    # Each sentence is in the pool three times; only one of its copies may be offered.
    assert len({re.sub(r"\W", "", text.lower()) for text in chosen}) == len(chosen)
    assert len(chosen) == len(CONFIDENT) + len(UNCERTAIN)
    features = normalize(tagger.vectorizer_.transform(chosen))
    similarity = (features @ features.T).toarray()
    np.fill_diagonal(similarity, 0)
    assert similarity.max() < NEAR_DUPLICATE


def test_themes_take_turns(tagger: CodebookTagger) -> None:
    texts, _ = corpus(per_subject=20, seed=7)
    picks = review_queue(tagger, texts, 9, seed=0)
    # Three rounds, each with one pick per theme, whichever theme's boundary is busiest.
    for start in range(0, 9, 3):
        assert sorted(pick.theme for pick in picks[start : start + 3]) == sorted(THEMES)


def test_uncertain_comments_come_before_confident_ones(tagger: CodebookTagger) -> None:
    texts = CONFIDENT + UNCERTAIN
    _, distances = threshold_distances(tagger, texts)
    # The constructed case holds for this tagger: each uncertain comment is nearer some theme's
    # threshold than any confident comment is to any threshold.
    assert distances[len(CONFIDENT) :].min(axis=1).max() < distances[: len(CONFIDENT)].min()
    picks = review_queue(tagger, texts, len(UNCERTAIN), seed=0)
    assert {texts[pick.index] for pick in picks} == set(UNCERTAIN)
    # Best first within the first round, and each pick explains itself by its theme's threshold.
    first_round = [pick.distance for pick in picks[: len(THEMES)]]
    assert first_round == sorted(first_round)
    for pick in picks:
        assert pick.distance == pytest.approx(distances[pick.index, THEMES.index(pick.theme)])
        assert pick.threshold == pytest.approx(tagger.thresholds_[THEMES.index(pick.theme)])


def test_nothing_asked_nothing_offered(tagger: CodebookTagger) -> None:
    assert review_queue(tagger, [], 5) == []
    assert review_queue(tagger, CONFIDENT, 0) == []
