"""Codebook guidance: comments the codebook agrees on are themed together, the rest by their words."""

from __future__ import annotations

import random
from typing import NamedTuple

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from tests.themes.corpus import corpus
from tests.themes.test_run import FakeTagger, small_engine
from voices.themes.discover import ThemeDiscoverer
from voices.themes.guide import CodebookGuide, codebook_guide, codebook_theme_of, with_codebook_theme
from voices.themes.phrase_names import NO_SHARED_WORDING
from voices.themes.run import theme_comments


class Tag(NamedTuple):
    comment: int
    theme_key: str
    score: float


def test_the_guide_holds_each_comments_codebook_scores_and_themes_only_an_analyst_gave() -> None:
    tags = [Tag(0, "waiting", 0.7), Tag(2, "police", 0.9), Tag(2, "police", 0.6), Tag(1, "courts", 1.0)]
    guide = codebook_guide(tags, 3, ["police", "waiting"], {"police": "Police response"})
    assert guide.scores.tolist() == [[0.0, 0.7, 0.0], [0.0, 0.0, 1.0], [0.9, 0.0, 0.0]]
    assert guide.labels == ["Police response", "waiting", "courts"]  # no label given: its key


# Two places and two codebook subjects, said in a few words each: on their words alone the comments
# split neither way cleanly; the codebook says what each is about, and guided, the subject leads.
PLACES = {
    "bus": ["on the late bus home", "at the bus stop in town"],
    "train": ["on the last train home", "at the railway station"],
}
SUBJECTS = {"harassment": ["a man followed me", "someone followed me"], "lighting": ["it was dark", "so dark"]}
WHEN = ["last week", "on Tuesday", "again", "in March", "twice", "after work", "at night", "last year", "", "today"]
LABELS = {"harassment": "Harassment", "lighting": "Poor lighting"}


def place_and_subject(n: int = 80, seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(seed)
    rows = [
        (f"{rng.choice(SUBJECTS[subject])} {rng.choice(PLACES[place])} {rng.choice(WHEN)}", place, subject)
        for _ in range(n // 4) for place in PLACES for subject in SUBJECTS
    ]
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def subject_guide(subjects: list[str], min_named: int = 10) -> CodebookGuide:
    tags = [Tag(i, subject, 0.9) for i, subject in enumerate(subjects)]
    return codebook_guide(tags, len(subjects), sorted(SUBJECTS), LABELS, min_named)


def engine(**settings: object) -> ThemeDiscoverer:
    return ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8, **settings)


def test_a_guided_discovery_themes_what_the_codebook_agrees_on_together() -> None:
    texts, _, subjects = place_and_subject()
    by_words = engine().discover(texts).labels
    guided = engine().discover(texts, guide=subject_guide(subjects)).labels
    assert adjusted_rand_score(subjects, by_words) < 0.5  # the words alone do not find the subjects
    assert adjusted_rand_score(subjects, guided) > 0.9  # the codebook's themes do


def test_a_sample_and_the_comments_assigned_after_it_are_guided_alike() -> None:
    texts, _, subjects = place_and_subject(n=160)
    guided = engine(sample_size=60).discover(texts, guide=subject_guide(subjects))
    assert any("sample of 60" in note for note in guided.notes)
    assert adjusted_rand_score(subjects, guided.labels) > 0.9


def test_comments_with_no_codebook_theme_are_themed_by_their_words_alone() -> None:
    texts, _, _ = place_and_subject()
    by_words = engine().discover(texts).labels
    empty = CodebookGuide(np.zeros((len(texts), 2)), ["Harassment", "Poor lighting"])
    assert engine().discover(texts, guide=empty).labels.tolist() == by_words.tolist()


def test_at_weight_zero_the_guide_only_names() -> None:
    texts, _, subjects = place_and_subject()
    by_words = engine().discover(texts).labels
    assert engine(guide_weight=0.0).discover(texts, guide=subject_guide(subjects)).labels.tolist() == by_words.tolist()


def test_a_guide_must_have_a_row_per_comment() -> None:
    texts, _, subjects = place_and_subject()
    with pytest.raises(ValueError, match="guide rows"):
        ThemeDiscoverer().fit(texts, guide=subject_guide(subjects[:-1]))


def test_new_comments_are_placed_with_their_codebook_themes_or_by_their_words() -> None:
    texts, _, subjects = place_and_subject()
    fitted = engine().fit(texts, guide=subject_guide(subjects))
    new, _, new_subjects = place_and_subject(n=16, seed=1)
    assert adjusted_rand_score(new_subjects, fitted.predict(new, subject_guide(new_subjects).scores)) > 0.9
    # Without their codebook themes, against the word part of each centre: a comment worded as the
    # training comments were lands where they did by their words, and nothing is left unassigned.
    by_words = fitted.predict(texts[:16])
    trained = fitted.labels_[:16]
    assert (by_words >= 0).all() and (by_words == trained).mean() >= 0.5
    with pytest.raises(ValueError, match="guide scores"):
        fitted.predict(new, subject_guide(new_subjects).scores[:-1])


def test_a_theme_is_named_by_the_codebook_theme_most_of_its_comments_carry() -> None:
    tags = [Tag(i, "lighting", 0.9) for i in range(10)] + [Tag(10, "harassment", 0.8)]
    guide = codebook_guide(tags, 14, sorted(SUBJECTS), LABELS, min_named=10)
    assert codebook_theme_of(list(range(14)), guide) == "Poor lighting"
    assert codebook_theme_of(list(range(9)) + [10, 11, 12, 13], guide) is None  # 9: fewer than the threshold
    assert codebook_theme_of(list(range(10)) + [11, 12, 13] * 4, guide) is None  # 10 of 22 is not most
    assert with_codebook_theme("dark / street", list(range(12)), guide) == "Poor lighting: dark / street"
    assert with_codebook_theme(NO_SHARED_WORDING, list(range(12)), guide) == "Poor lighting"
    assert with_codebook_theme("dark / street", list(range(12)), None) == "dark / street"


def test_guided_themes_are_named_by_their_codebook_theme_then_their_words() -> None:
    texts, _, subjects = place_and_subject()
    themes = engine().discover(texts, guide=subject_guide(subjects)).themes
    names = sorted(theme.label for theme in themes)
    assert names[0].startswith("Harassment: ") and names[1].startswith("Poor lighting: "), names
    assert "follow" in names[0] and "dark" in names[1]  # the words still say how it was put


def test_a_theme_run_guides_discovery_by_the_codebook_themes_it_gave() -> None:
    texts, _ = corpus()
    themed = theme_comments(texts, tagger=FakeTagger(), discoverer=small_engine())
    vectors = themed.discovery.vectors
    police = [i for i, t in enumerate(texts) if "police" in t.lower() and "wait" not in t.lower()]
    neither = [i for i, t in enumerate(texts) if t.strip() and "police" not in t.lower() and "wait" not in t.lower()]
    assert police and neither
    assert (vectors[police, -2] > 0).all() and (vectors[police, -1] == 0).all()  # the codebook block
    assert (vectors[neither][:, -2:] == 0).all()


def test_a_theme_run_names_emergent_themes_by_codebook_themes_the_threshold_allows() -> None:
    texts, _ = corpus()
    labels = {"police_response": "Police response", "waiting": "Waiting"}
    themed = theme_comments(texts, tagger=FakeTagger(), discoverer=small_engine(), theme_labels=labels)
    police = [
        t for t in themed.discovery.themes if sum("police" in texts[i].lower() for i in t.members) > len(t.members) / 2
    ]
    assert police and all(t.label.startswith("Police response: ") for t in police)
    # A threshold above every theme's size: no codebook theme may name one.
    strict = theme_comments(
        texts, tagger=FakeTagger(), discoverer=small_engine(), theme_labels=labels, disclosure_threshold=len(texts)
    )
    assert not any(":" in t.label for t in strict.discovery.themes)
