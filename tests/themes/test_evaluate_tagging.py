"""Tagging measured on real labelled data: FFT v6, 5-fold CV, against the issue's targets."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from voices.themes.datasets import (
    DEFAULT_DATASETS_DIR,
    DatasetMissing,
    load_banking77,
    load_fft,
    load_fft_questions,
)
from voices.themes.evaluate import MACRO_TARGET, MICRO_TARGET, encoder_suffix, fft_cross_validation
from voices.themes.metrics import Metric

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def datasets_dir() -> Path:
    if not (DEFAULT_DATASETS_DIR / "fft_v6").exists():
        message = f"evaluation datasets not found at {DEFAULT_DATASETS_DIR} (see ../shared/datasets/README.md)"
        if IN_CI:
            pytest.fail(message + "; under CI=true missing datasets are a failure")
        pytest.skip(message)
    return DEFAULT_DATASETS_DIR


def test_fft_loads_as_the_readme_describes(datasets_dir: Path) -> None:
    texts, labels, names = load_fft(datasets_dir)
    assert 6200 <= len(texts) <= 6230  # README: 6,217 after its filter; whitespace-only is blank here
    assert labels.shape == (len(texts), len(names))
    assert "Labelling not possible" not in names
    assert all(text.strip() for text in texts)
    assert int((labels.sum(axis=1) > 1).sum()) == 1705


def test_fft_questions_follow_the_rows(datasets_dir: Path) -> None:
    texts = load_fft(datasets_dir)[0]
    questions = load_fft_questions(datasets_dir)
    assert len(questions) == len(texts)
    assert {"What was good?", "How could we improve?", "FFT Why?"} <= set(questions)


def test_banking77_test_split_has_77_intents(datasets_dir: Path) -> None:
    texts, label_ids = load_banking77(datasets_dir, "test")
    assert len(texts) == len(label_ids) == 3080
    assert len(np.unique(label_ids)) == 77


def test_a_missing_dataset_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissing, match=str(tmp_path)):
        load_fft(tmp_path)


@pytest.fixture(scope="module")
def fft_cv(datasets_dir: Path) -> dict[str, Metric]:
    """One 5-fold cross-validation run (minutes), shared by the target tests below."""
    return {m.name: m for m in fft_cross_validation(datasets_dir, folds=5, with_baseline=False)}


@pytest.mark.slow
def test_fft_micro_f1_meets_the_target(fft_cv: dict[str, Metric]) -> None:
    micro = fft_cv["micro-F1"]
    assert micro.value >= MICRO_TARGET, f"micro-F1 {micro.value:.3f} ± {micro.spread:.3f}"


@pytest.mark.slow
def test_fft_macro_f1_meets_the_target(fft_cv: dict[str, Metric]) -> None:
    macro = fft_cv["macro-F1"]
    assert macro.value >= MACRO_TARGET, f"macro-F1 {macro.value:.3f} ± {macro.spread:.3f}"


@pytest.mark.slow
def test_fft_macro_f1_stays_well_above_the_baseline(fft_cv: dict[str, Metric]) -> None:
    # The plain TF-IDF + LinearSVC baseline scores 0.39 on these folds; guard the gain we have.
    assert fft_cv["macro-F1"].value >= 0.55


@pytest.fixture(scope="module")
def fft_cv_embeddings(datasets_dir: Path, minilm: str) -> dict[str, Metric]:
    """The same folds with the optional sentence encoder: the issue's table, second backend."""
    metrics = fft_cross_validation(datasets_dir, folds=5, with_baseline=False, sentence_encoder=minilm)
    suffix = encoder_suffix(minilm)
    return {m.name.removesuffix(suffix): m for m in metrics}


@pytest.mark.slow
def test_with_sentence_embeddings_fft_tagging_meets_both_targets(fft_cv_embeddings: dict[str, Metric]) -> None:
    micro, macro = fft_cv_embeddings["micro-F1"], fft_cv_embeddings["macro-F1"]
    assert micro.value >= MICRO_TARGET, f"micro-F1 {micro.value:.3f} ± {micro.spread:.3f}"
    assert macro.value >= MACRO_TARGET, f"macro-F1 {macro.value:.3f} ± {macro.spread:.3f}"


@pytest.mark.slow
def test_sentence_embeddings_measurably_beat_the_default(
    fft_cv: dict[str, Metric], fft_cv_embeddings: dict[str, Metric]
) -> None:
    # The issue admits an optional backend only if it beats the default on this table. The folds
    # are the same, so compare fold by fold: the mean gain, and on how many folds it holds.
    for name, least_mean_gain in (("macro-F1", 0.01), ("micro-F1", 0.005)):
        gains = np.subtract(fft_cv_embeddings[name].per_fold, fft_cv[name].per_fold)
        assert len(gains) == 5
        assert gains.mean() >= least_mean_gain, f"{name} gains per fold {gains.round(3)}"
        assert (gains > 0).sum() >= 4, f"{name} gains per fold {gains.round(3)}"


@pytest.mark.slow
def test_evaluate_times_the_embedding_backend_beside_the_default(datasets_dir: Path, minilm: str) -> None:
    from click.testing import CliRunner

    from voices.themes.commands import nlp

    result = CliRunner().invoke(nlp, ["evaluate", "--only", "speed", "--datasets-dir", str(datasets_dir)])
    # Not the exit code: it says whether a timing met its target, and tests never assert timings.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "tag (seconds)" in result.output
    assert f"tag (seconds){encoder_suffix(minilm)}" in result.output
