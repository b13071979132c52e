"""Polarity: the recipe on FFT v6's sentiment codes, the shipped model, its explanations, and the
summaries that count with it (issue 12, "Polarity officers can trust")."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.metrics import f1_score

from tests.conftest import made_once
from voices.cli import main
from voices.settings import PROJECT_ROOT
from voices.text import analyse
from voices.themes.evaluate_polarity import POLARITY_TARGET, fft_polarity_cross_validation
from voices.themes.metrics import Metric
from voices.themes.polarity import POLARITIES, PolarityModel, macro_f1
from voices.themes.polarity_train import (
    MANIFEST_FILE,
    POLARITY_DIR,
    load_polarity,
    model_fingerprint,
    polarity_comments,
    polarity_training_rows,
    shipped_polarity,
    train_polarity,
)
from voices.themes.summarise import ThemeInput, summarise
from voices.themes.training_data import TRAINING_FILE, load_training_comments

MODELS = PROJECT_ROOT / "nlp_models"


@pytest.fixture(scope="module")
def fft_cv(datasets_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Metric]:  # noqa: F811
    """One 5-fold run of the recipe and the baseline on the same folds, shared by the tests below."""
    return made_once(
        "fft_polarity_cv", tmp_path_factory,
        lambda: {m.name: m for m in fft_polarity_cross_validation(datasets_dir, folds=5)},
    )  # fmt: skip


@pytest.mark.slow
def test_the_recipe_meets_the_fft_polarity_target(fft_cv: dict[str, Metric]) -> None:
    recipe = fft_cv["macro-F1, each answer with its question"]
    assert recipe.value >= POLARITY_TARGET, f"macro-F1 {recipe.value:.3f} ± {recipe.spread:.3f}"
    assert recipe.passed


@pytest.mark.slow
def test_the_recipe_beats_the_plain_baseline_on_the_same_folds(fft_cv: dict[str, Metric]) -> None:
    recipe = fft_cv["macro-F1, each answer with its question"]
    baseline = fft_cv["macro-F1, TF-IDF + LogisticRegression baseline"]
    assert recipe.value > baseline.value
    assert fft_cv["macro-F1 gain over the baseline, same folds"].passed
    assert len(recipe.per_fold) == len(baseline.per_fold) == 5


@pytest.fixture(scope="module")
def shipped() -> PolarityModel:
    return load_polarity(MODELS)


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        ("My ISVA was brilliant, she believed me from the start.", "What helped?", "positive"),
        ("The officer was rude and never rang me back.", "What did not help?", "negative"),
        ("nothing, they were all lovely", "What did not help?", "positive"),
        ("Waited eight months for counselling. Nobody told me anything.", None, "negative"),
        ("Thank you, the whole team were kind and professional.", None, "positive"),
        ("Don't know", "Is there anything else you want to tell us?", "mixed"),
        ("The counsellor was lovely but the wait was far too long.", None, "mixed"),
    ],
)
def test_the_shipped_model_reads_clear_comments(
    shipped: PolarityModel, text: str, question: str | None, expected: str
) -> None:
    assert shipped.predict([text], [question])[0] == expected


def test_explanations_name_the_terms_behind_the_polarity(shipped: PolarityModel) -> None:
    [(praise, praised_by), (complaint, complained_of)] = shipped.explain(
        ["The nurse was brilliant and so kind.", "The receptionist was rude and I felt judged."]
    )
    assert praise == "positive" and complaint == "negative"
    assert {"brilliant", "kind"} & {d.term for d in praised_by}
    assert {"rude", "judged", "judge"} & {d.term for d in complained_of}
    assert all(d.weight > 0 for d in praised_by + complained_of)


def test_the_shipped_model_is_the_one_its_manifest_describes(shipped: PolarityModel) -> None:
    manifest = json.loads((MODELS / POLARITY_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["model_fingerprint"] == model_fingerprint(shipped)
    # Trained on this project's own labelled comments, and on nothing else.
    comments = polarity_comments(MODELS)
    assert manifest["n_comments"] == len(comments)
    assert manifest["n_texts"] == len(polarity_training_rows(comments)[0])


def test_the_shipped_model_is_rebuilt_from_the_shipped_comments_alone(tmp_path: Path) -> None:
    shipped_manifest = json.loads((MODELS / POLARITY_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))
    rebuilt = train_polarity(tmp_path, polarity_comments(MODELS))
    assert rebuilt["data_sha256"] == shipped_manifest["data_sha256"]
    # The same vocabulary and weights; compared to a tolerance, not by their bytes' hash: another
    # NumPy or scikit-learn release rounds the last bits differently (5e-15 apart on 2026-12-02).
    shipped, again = load_polarity(MODELS), load_polarity(tmp_path)
    assert again.vectorizer_.word_vocabulary_ == shipped.vectorizer_.word_vocabulary_
    assert again.vectorizer_.char_vocabulary_ == shipped.vectorizer_.char_vocabulary_
    for name in ("coef_", "intercept_", "offsets_"):
        assert np.allclose(getattr(again, name), getattr(shipped, name), rtol=0, atol=1e-9), name


def test_every_theme_training_comment_has_a_polarity() -> None:
    comments = load_training_comments(MODELS / TRAINING_FILE)
    assert {c.polarity for c in comments} == set(POLARITIES)


def test_a_comment_and_its_copy_without_question_stay_in_one_inner_fold() -> None:
    texts, questions, labels, groups = polarity_training_rows(polarity_comments(MODELS)[:60])
    assert len(texts) == 120 and questions[60:] == [None] * 60 and groups[:60] == groups[60:]
    assert labels[:60] == labels[60:]


def test_macro_f1_is_scikit_learns() -> None:
    rng = np.random.default_rng(0)
    truth, predicted = rng.integers(0, 3, 200), rng.integers(0, 3, 200)
    assert macro_f1(truth, predicted, 3) == pytest.approx(f1_score(truth, predicted, average="macro"))


class _Fixed:
    """A stand-in model that reads every comment as told."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.asked: list[object] = []

    def predict(self, texts: list[str], questions: object = None, analyses: object = None) -> np.ndarray:
        self.asked.append(questions)
        return np.array(self.answers[: len(texts)], dtype=object)


def test_summaries_count_the_models_polarity_with_mixed_as_neutral() -> None:
    texts = [f"comment number {i}" for i in range(12)]
    model = _Fixed(["positive"] * 5 + ["mixed"] * 4 + ["negative"] * 3)
    questions = ["What helped?"] * 12
    [summary] = summarise(
        [ThemeInput("E01", "things", "emergent", list(range(12)), ["comment"])],
        texts, analyse(texts), np.ones((12, 2)) / np.sqrt(2), 12,
        questions=questions, polarity_model=model,  # type: ignore[arg-type]
    )
    assert (summary.positive, summary.neutral, summary.negative) == (5, 4, 3)
    assert "5 read as positive and 3 as negative" in summary.sentence
    assert model.asked == [questions]


def test_summaries_use_the_shipped_model_by_default(shipped: PolarityModel) -> None:
    texts = ["The ISVA was brilliant and kind."] * 6 + ["The police were rude and dismissive."] * 6
    [summary] = summarise(
        [ThemeInput("E01", "services", "emergent", list(range(12)), ["isva"])],
        texts, analyse(texts), np.ones((12, 2)) / np.sqrt(2), 12,
    )
    expected = shipped.predict(texts)
    assert shipped_polarity() is shipped_polarity()  # loaded once
    assert summary.positive == int((expected == "positive").sum()) == 6
    assert summary.negative == int((expected == "negative").sum()) == 6


def test_nlp_evaluate_offers_a_polarity_section() -> None:
    result = CliRunner().invoke(main, ["nlp", "evaluate", "--help"], env={"VOICES_SECRET_KEY": "test"})
    assert result.exit_code == 0 and "polarity" in result.output


# The blind set: 300 comments written and labelled outside, from a brief, by a writer who never saw
# the model or its training comments (docs/benchmarks.md, "Polarity on a blind set"). Scored, never
# tuned on: the floor sits just under what the shipped model first scored (macro-F1 0.685).
BLIND_FLOOR = 0.67


def test_the_polarity_blind_set_is_well_formed_and_apart_from_training() -> None:
    from voices.themes.blind import content_hash
    from voices.themes.evaluate_polarity import BLIND_FILE
    from voices.themes.polarity_train import read_polarity_file

    blind = read_polarity_file(MODELS / BLIND_FILE)
    assert len(blind) == 300 and len({c.id for c in blind}) == 300
    assert {c.polarity for c in blind} == set(POLARITIES)
    questions = {c.question for c in blind}
    assert len(questions) == 6 and all(sum(c.question == q for c in blind) >= 50 for q in questions)
    # Only stock answers anyone would write ("n/a", "thank you") are also among the training comments.
    trained = {content_hash(c.text) for c in polarity_comments(MODELS)}
    assert all(len(c.text.split()) <= 5 for c in blind if content_hash(c.text) in trained)


def test_the_shipped_model_holds_its_first_score_on_the_blind_set(shipped: PolarityModel) -> None:
    from voices.themes.evaluate_polarity import blind_polarity_metrics

    metrics = {m.name: m.value for m in blind_polarity_metrics(shipped, MODELS)}
    assert metrics["macro-F1"] >= BLIND_FLOOR, metrics
