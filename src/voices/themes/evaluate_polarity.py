"""Polarity measured on FFT v6's own sentiment codes, for ``voices nlp evaluate --only polarity``.

- ``fft_polarity_cross_validation``: the ``PolarityModel`` recipe, k-fold CV over FFT v6 answers
  (each with its question); C and offsets are tuned inside each training fold only. A plain TF-IDF
  + logistic regression baseline runs on the same folds in the same run, so the gain is measured.
- ``shipped_polarity_metrics``: the shipped model (trained on this project's own comments, never on
  FFT) scored once on every FFT answer with a sentiment code.
- ``blind_polarity_metrics``: the shipped model on ``nlp_models/polarity_blind.jsonl``, comments in
  this product's own setting written and labelled by a writer who never saw the model or its
  training comments; beside it the plain baseline trained on the same training comments. Frozen:
  scored, never tuned on.

FFT codes sentiment 1-5; 1-2 are positive, 3 mixed or neutral, 4-5 negative; blank codes are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from voices.themes.datasets import load_fft, load_fft_questions, load_fft_sentiment
from voices.themes.metrics import Metric
from voices.themes.polarity import POLARITIES, PolarityModel

POLARITY_TARGET = 0.72
SECTION = "polarity"


def fft_polarity(datasets_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """FFT v6 answers with a sentiment code: texts, their questions and their polarity names."""
    texts, questions = load_fft(datasets_dir)[0], load_fft_questions(datasets_dir)
    coded = [
        (text, question, polarity_of_code(code))
        for text, question, code in zip(texts, questions, load_fft_sentiment(datasets_dir), strict=True)
        if code is not None
    ]
    return [c[0] for c in coded], [c[1] for c in coded], [c[2] for c in coded]


def polarity_of_code(code: int) -> str:
    """FFT's 1-5 sentiment code as one of ``POLARITIES``."""
    return "positive" if code <= 2 else "mixed" if code == 3 else "negative"


def fft_polarity_cross_validation(datasets_dir: Path, folds: int = 5, random_state: int = 0) -> list[Metric]:
    """Macro-F1 (mean and spread over the folds) of the recipe and of the baseline, F1 per class of
    the recipe, and the recipe's gain over the baseline on the same folds."""
    texts, questions, labels = fft_polarity(datasets_dir)
    truth = np.asarray(labels, dtype=object)
    recipe: list[np.ndarray] = []  # per fold: F1 of each class
    baseline: list[float] = []
    for train, test in KFold(folds, shuffle=True, random_state=random_state).split(texts):
        train_texts, test_texts = [texts[i] for i in train], [texts[i] for i in test]
        model = PolarityModel(random_state=random_state)
        model.fit(train_texts, truth[train].tolist(), [questions[i] for i in train])
        predicted = model.predict(test_texts, [questions[i] for i in test])
        recipe.append(f1_score(truth[test], predicted, labels=list(POLARITIES), average=None, zero_division=0))
        guessed = _baseline_predictions(train_texts, truth[train], test_texts)
        baseline.append(float(f1_score(truth[test], guessed, average="macro", zero_division=0)))
    dataset = f"fft_v6 sentiment ({len(texts):,} answers, 3 classes, {folds}-fold CV)"
    macro = np.array([scores.mean() for scores in recipe])
    gains = macro - np.array(baseline)
    metrics = [
        _metric(dataset, "macro-F1, each answer with its question", macro, POLARITY_TARGET),
        _metric(dataset, "macro-F1, TF-IDF + LogisticRegression baseline", np.array(baseline)),
        Metric(
            SECTION, dataset, "macro-F1 gain over the baseline, same folds", float(gains.mean()),
            float(gains.std()), target="> 0", passed=bool(gains.mean() > 0),
            per_fold=tuple(float(g) for g in gains),
        ),
    ]
    per_class = np.array(recipe)
    metrics += [_metric(dataset, f"F1 {name}", per_class[:, k]) for k, name in enumerate(POLARITIES)]
    return metrics


def shipped_polarity_metrics(model: PolarityModel, datasets_dir: Path) -> list[Metric]:
    """The shipped model on every coded FFT answer: it was trained on none of them."""
    texts, questions, labels = fft_polarity(datasets_dir)
    predicted = model.predict(texts, questions)
    dataset = f"fft_v6 sentiment, all {len(texts):,} answers, shipped model (not trained on FFT)"
    per_class = f1_score(labels, predicted, labels=list(POLARITIES), average=None, zero_division=0)
    return [Metric(SECTION, dataset, "macro-F1", float(per_class.mean()))] + [
        Metric(SECTION, dataset, f"F1 {name}", float(per_class[k])) for k, name in enumerate(POLARITIES)
    ]


BLIND_FILE = "polarity_blind.jsonl"


def blind_polarity_metrics(model: PolarityModel, models_dir: Path) -> list[Metric]:
    """Macro- and per-class F1 of the shipped model on the blind set, and of the plain baseline
    fitted in this run on the same training comments (each under its question and under none)."""
    from voices.themes.polarity_train import polarity_comments, polarity_training_rows, read_polarity_file

    blind = read_polarity_file(Path(models_dir) / BLIND_FILE)
    texts, questions = [c.text for c in blind], [c.question for c in blind]
    truth = [str(c.polarity) for c in blind]
    predicted = model.predict(texts, questions)
    dataset = f"polarity blind set ({len(blind)} comments written outside, shipped model)"
    per_class = f1_score(truth, predicted, labels=list(POLARITIES), average=None, zero_division=0)
    train_texts, _, train_labels, _ = polarity_training_rows(polarity_comments(models_dir))
    guessed = _baseline_predictions(train_texts, np.asarray(train_labels, dtype=object), texts)
    return [
        Metric(SECTION, dataset, "macro-F1", float(per_class.mean())),
        Metric(SECTION, dataset, "macro-F1, TF-IDF + LogisticRegression on the same training comments",
               float(f1_score(truth, guessed, average="macro", zero_division=0))),
    ] + [Metric(SECTION, dataset, f"F1 {name}", float(per_class[k])) for k, name in enumerate(POLARITIES)]


def _metric(dataset: str, name: str, values: np.ndarray, target: float | None = None) -> Metric:
    mean = float(values.mean())
    return Metric(
        SECTION, dataset, name, mean, float(values.std()),
        target=f">= {target}" if target is not None else None,
        passed=(mean >= target) if target is not None else None,
        per_fold=tuple(float(v) for v in values),
    )


def _baseline_predictions(train: Sequence[str], y: np.ndarray, test: Sequence[str]) -> np.ndarray:
    """Plain TF-IDF of the text alone and a logistic regression, classes balanced: unbalanced, it
    rarely says "mixed" and scores lower, which would flatter the recipe beside it."""
    vectorizer = TfidfVectorizer()
    model = LogisticRegression(class_weight="balanced", max_iter=1000).fit(vectorizer.fit_transform(train), y)
    return model.predict(vectorizer.transform(test))
