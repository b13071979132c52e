"""The labelled training comments beyond codebook.yaml, their held-out split, their separation from
the blind set, and the question as tagging input (issue 12)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from voices.settings import PROJECT_ROOT
from voices.themes.blind import BLIND_FILE, content_hash, label_matrix, load_blind_set
from voices.themes.codebook import load_codebook
from voices.themes.questions import N_QUESTION_FEATURES, QUESTION_KINDS, question_features
from voices.themes.tagger import QUESTION_DRIVER, CodebookTagger
from voices.themes.train import (
    CODEBOOK_PARAMS,
    SHIPPED_PARAMS,
    shipped_training_comments,
    training_rows,
    training_set,
)
from voices.themes.training_data import (
    TRAINING_FILE,
    InvalidTrainingData,
    TrainingComment,
    held_out,
    load_training_comments,
    split_training_comments,
)

MODELS = PROJECT_ROOT / "nlp_models"
CODEBOOK = load_codebook(MODELS / "codebook.yaml")
COMMENTS = load_training_comments(MODELS / TRAINING_FILE)


def test_the_shipped_file_is_the_training_data_the_recipe_reads() -> None:
    assert shipped_training_comments() == COMMENTS
    assert len(COMMENTS) == 885
    ids = [comment.id for comment in COMMENTS]
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]


def test_every_theme_has_twenty_five_comments_and_some_have_several_or_none() -> None:
    labels = label_matrix(COMMENTS, CODEBOOK.theme_ids)  # type: ignore[arg-type]  # same fields
    assert labels.sum(axis=0).min() >= 25
    counts = labels.sum(axis=1)
    assert 0.3 <= (counts >= 2).mean() <= 0.5
    assert 0.05 <= (counts == 0).mean() <= 0.15


def test_no_training_text_shares_a_content_hash_with_the_blind_set() -> None:
    # Only hashes are compared: the blind set's wording is never read here.
    blind = {content_hash(comment.text) for comment in load_blind_set(MODELS / BLIND_FILE)}
    codebook_texts = [text for text, _ in CODEBOOK.examples() + CODEBOOK.seed_texts()]
    codebook_texts += CODEBOOK.unthemed_examples
    assert not [c.id for c in COMMENTS if content_hash(c.text) in blind]
    # codebook.yaml's five stock non-answers ("n/a", "idk", ...) are the known exception, kept apart in
    # test_blind_set; every themed codebook text is distinct from the blind set.
    themed = [text for text, _ in CODEBOOK.examples() + CODEBOOK.seed_texts()]
    assert not {content_hash(text) for text in themed} & blind


def test_the_held_out_split_is_a_stable_fifth_chosen_by_the_text() -> None:
    train, test = split_training_comments(COMMENTS)
    assert len(train) + len(test) == len(COMMENTS)
    assert 0.15 <= len(test) / len(COMMENTS) <= 0.25
    moved = TrainingComment(id="other id", question="What helped?", text=test[0].text, themes=[])
    assert held_out(moved)  # the text alone decides, not the id, question, labels or position
    assert split_training_comments(list(reversed(COMMENTS)))[1] == list(reversed(test))


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    good = {"id": "a", "question": "q", "text": "t", "themes": []}
    path = tmp_path / TRAINING_FILE
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "themes": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InvalidTrainingData, match="line 2"):
        load_training_comments(path)


def test_a_training_row_is_a_positive_for_each_theme_and_a_negative_for_the_rest() -> None:
    extra = [
        TrainingComment("a", "What did not help?", "nothing", ["positive_experience"]),
        TrainingComment("b", "What helped?", "nothing", []),
        TrainingComment("c", "What helped?", "the isva and police", ["police_response", "lifelong_support"]),
    ]
    texts, questions, labels = training_rows(CODEBOOK, extra=extra)
    rows = {(q, t): themes for t, q, themes in zip(texts, questions, labels, strict=True)}
    # The same words under two questions stay two rows with their own labels.
    assert rows[("What did not help?", "nothing")] == {"positive_experience"}
    assert rows[("What helped?", "nothing")] == set()
    assert rows[("What helped?", "the isva and police")] == {"police_response", "lifelong_support"}
    assert all(q is None for t, q in zip(texts, questions, strict=True) if t in CODEBOOK.unthemed_examples)
    with pytest.raises(ValueError, match="made_up"):
        training_rows(CODEBOOK, extra=[TrainingComment("d", "q", "t", ["made_up"])])


def test_a_confirmation_reaches_every_row_with_its_text() -> None:
    extra = [TrainingComment("a", "What did not help?", "nothing", ["positive_experience"])]
    texts, labels = training_set(CODEBOOK, [("nothing", "positive_experience", False)], extra=extra)
    assert dict(zip(texts, labels, strict=True))["nothing"] == set()


def test_question_features_mark_the_kind_and_short_answers() -> None:
    answers = ["nothing", "a much longer answer than four words"]
    features = question_features(["What did not help?", None], answers)
    assert features.shape == (2, N_QUESTION_FEATURES)
    not_helped, other = QUESTION_KINDS.index("not_helped"), QUESTION_KINDS.index("other")
    assert sorted(features[0].indices.tolist()) == [not_helped, len(QUESTION_KINDS) + not_helped]
    assert features[1].indices.tolist() == [other]
    with pytest.raises(ValueError, match="questions"):
        question_features(["q"], ["a", "b"])


@pytest.fixture(scope="module")
def question_tagger() -> CodebookTagger:
    # The shipped comments hold only two bare "nothing"s under "What did not help?", too few to learn
    # from; these rows, as a reviewer might confirm them, show what the question lets the tagger learn.
    answers = ["nothing", "nothing really", "nothing at all", "nothing, all fine", "nothing tbh"]
    extra = [TrainingComment("n", "What did not help?", a, ["positive_experience"]) for a in answers]
    extra += [TrainingComment("h", "What helped?", a, []) for a in answers]
    texts, questions, labels = training_rows(CODEBOOK, extra=extra)
    # Without the no-theme gate: it reads the words alone, so it stops a bare "nothing much" whatever
    # the question (theme runs never tag such answers anyway: discover.is_substantive).
    params = {**SHIPPED_PARAMS, "no_theme_gate": 0.0}
    return CodebookTagger(classes=CODEBOOK.theme_ids, **params).fit(texts, labels, questions)


def test_nothing_under_what_did_not_help_can_be_a_good_experience(question_tagger: CodebookTagger) -> None:
    positive = CODEBOOK.theme_ids.index("positive_experience")
    asked = ["What did not help?", "What helped?"]
    scores = question_tagger.predict_proba(["nothing much", "nothing much"], asked)
    assert scores[0, positive] > question_tagger.thresholds_[positive] > scores[1, positive]
    (explanation,) = question_tagger.explain(["nothing much"], questions=["What did not help?"])
    assert QUESTION_DRIVER in {driver.term for driver in explanation["positive_experience"]}


def test_without_a_question_weight_questions_change_nothing() -> None:
    texts, questions, labels = training_rows(CODEBOOK)
    tagger = CodebookTagger(classes=CODEBOOK.theme_ids, **CODEBOOK_PARAMS).fit(texts, labels, questions)
    sample = ["nothing", "the police never rang back"]
    assert np.array_equal(
        tagger.predict_proba(sample, ["What did not help?", "What helped?"]), tagger.predict_proba(sample)
    )
