"""Codebook guidance: comments the codebook agrees on are themed together, the rest by their words."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from tests.themes.corpus import corpus
from tests.themes.test_run import FakeTagger, small_engine
from voices.themes.discover import ThemeDiscoverer, with_codebook_theme
from voices.themes.guide import codebook_guide, codebook_theme_of
from voices.themes.phrase_names import NO_SHARED_WORDING
from voices.themes.run import theme_comments


def test_the_guide_holds_each_comments_codebook_scores() -> None:
    guide = codebook_guide([(0, "waiting", 0.7), (2, "police", 0.9), (2, "police", 0.6)], 3, ["police", "waiting"])
    assert guide.tolist() == [[0.0, 0.7], [0.0, 0.0], [0.9, 0.0]]


# Two places and two codebook subjects, said in a few words each: on their words alone the comments
# split neither way cleanly; the codebook says what each is about, and guided, the subject leads.
PLACES = {
    "bus": ["on the late bus home", "at the bus stop in town"],
    "train": ["on the last train home", "at the railway station"],
}
SUBJECTS = {"harassment": ["a man followed me", "someone followed me"], "lighting": ["it was dark", "so dark"]}
WHEN = ["last week", "on Tuesday", "again", "in March", "twice", "after work", "at night", "last year", "", "today"]


def place_and_subject(n: int = 80, seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    rng = random.Random(seed)
    rows = [
        (f"{rng.choice(SUBJECTS[subject])} {rng.choice(PLACES[place])} {rng.choice(WHEN)}", place, subject)
        for _ in range(n // 4) for place in PLACES for subject in SUBJECTS
    ]
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def test_a_guided_discovery_themes_what_the_codebook_agrees_on_together() -> None:
    texts, _, subjects = place_and_subject()
    keys = sorted(SUBJECTS)
    guide = codebook_guide(((i, s, 0.9) for i, s in enumerate(subjects)), len(texts), keys)
    engine = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8)
    by_words = engine.discover(texts).labels
    guided = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8).discover(texts, guide=guide).labels
    assert adjusted_rand_score(subjects, by_words) < 0.5  # the words alone do not find the subjects
    assert adjusted_rand_score(subjects, guided) > 0.9  # the codebook's themes do


def test_comments_with_no_codebook_theme_are_themed_by_their_words_alone() -> None:
    texts, _, _ = place_and_subject()
    by_words = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8).discover(texts).labels
    empty = np.zeros((len(texts), 2))
    guided = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8).discover(texts, guide=empty).labels
    assert guided.tolist() == by_words.tolist()


def test_a_guide_must_have_a_row_per_comment() -> None:
    texts, _, _ = place_and_subject()
    with pytest.raises(ValueError, match="guide rows"):
        ThemeDiscoverer().fit(texts, guide=np.zeros((len(texts) - 1, 2)))


def test_new_comments_are_placed_with_or_without_their_codebook_themes() -> None:
    texts, _, subjects = place_and_subject()
    keys = sorted(SUBJECTS)
    guide = codebook_guide(((i, s, 0.9) for i, s in enumerate(subjects)), len(texts), keys)
    engine = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8).fit(texts, guide=guide)
    new, _, new_subjects = place_and_subject(n=16, seed=1)
    new_guide = codebook_guide(((i, s, 0.9) for i, s in enumerate(new_subjects)), len(new), keys)
    assert adjusted_rand_score(new_subjects, engine.predict(new, guide=new_guide)) > 0.9
    assert set(engine.predict(new)) <= {0, 1, -1}  # by words alone: still a theme, or none


def test_a_theme_run_guides_discovery_by_the_codebook_themes_it_gave() -> None:
    texts, _ = corpus()
    themed = theme_comments(texts, tagger=FakeTagger(), discoverer=small_engine())
    vectors = themed.discovery.vectors
    police = [i for i, t in enumerate(texts) if "police" in t.lower() and "wait" not in t.lower()]
    neither = [i for i, t in enumerate(texts) if t.strip() and "police" not in t.lower() and "wait" not in t.lower()]
    assert police and neither
    assert (vectors[police, -2] > 0).all() and (vectors[police, -1] == 0).all()  # the codebook block
    assert (vectors[neither][:, -2:] == 0).all()


def test_a_theme_is_named_by_the_codebook_theme_over_half_its_comments_carry() -> None:
    guide = codebook_guide([(0, "lighting", 0.9), (1, "lighting", 0.6), (2, "harassment", 0.8)], 4, sorted(SUBJECTS))
    labels = ["Harassment", "Lighting"]
    assert codebook_theme_of([0, 1, 2], guide, labels) == "Lighting"
    assert codebook_theme_of([0, 2], guide, labels) is None  # half is not most
    assert codebook_theme_of([3], guide, labels) is None
    assert with_codebook_theme("dark / street", [0, 1], (guide, labels)) == "Lighting: dark / street"
    assert with_codebook_theme(NO_SHARED_WORDING, [0, 1], (guide, labels)) == "Lighting"
    assert with_codebook_theme("dark / street", [0, 1], None) == "dark / street"


def test_guided_themes_are_named_by_their_codebook_theme_then_their_words() -> None:
    texts, _, subjects = place_and_subject()
    keys = sorted(SUBJECTS)
    guide = codebook_guide(((i, s, 0.9) for i, s in enumerate(subjects)), len(texts), keys)
    themes = ThemeDiscoverer(n_themes=2, n_components=20, n_neighbors=8).discover(
        texts, guide=guide, guide_labels=["Harassment", "Poor lighting"]
    ).themes
    names = sorted(theme.label for theme in themes)
    assert names[0].startswith("Harassment: ") and names[1].startswith("Poor lighting: "), names
    assert "follow" in names[0] and "dark" in names[1]  # the words still say how it was put


def test_a_theme_run_names_emergent_themes_by_the_codebook_labels_it_was_given() -> None:
    texts, _ = corpus()
    themed = theme_comments(
        texts, tagger=FakeTagger(), discoverer=small_engine(), theme_labels={"police_response": "Police response"}
    )
    police = [
        t for t in themed.discovery.themes if sum("police" in texts[i].lower() for i in t.members) > len(t.members) / 2
    ]
    assert police and all(t.label.startswith("Police response: ") for t in police)
    assert any(t.label.startswith("waiting: ") for t in themed.discovery.themes)  # no label given: its id
