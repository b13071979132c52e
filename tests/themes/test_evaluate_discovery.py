"""The discovery targets of issue 4, measured on the real labelled datasets."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from voices.themes.coherence import npmi_coherence, topic_diversity
from voices.themes.datasets import DEFAULT_DATASETS_DIR
from voices.themes.metrics import Metric
from voices.themes.stability import pairwise_ari, theme_count_spread


def test_diversity_counts_repeated_terms() -> None:
    assert topic_diversity([["a", "b"], ["c", "d"]]) == 1.0
    assert topic_diversity([["a", "b"], ["a", "b"]]) == 0.5


def test_coherence_rewards_words_that_appear_together() -> None:
    from scipy import sparse

    counts = sparse.csr_matrix(np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]]))
    vocabulary = np.array(["police", "report", "wait", "list"])
    together = np.array([[1.0, 0.9, 0, 0], [0, 0, 1.0, 0.9]])
    apart = np.array([[1.0, 0, 0.9, 0], [0, 1.0, 0, 0.9]])
    assert npmi_coherence(together, vocabulary, counts) > 0.9
    assert npmi_coherence(apart, vocabulary, counts) == -1.0


def test_stability_measures() -> None:
    same = np.array([0, 0, 1, 1])
    assert pairwise_ari([same, same, same]).tolist() == [1.0, 1.0, 1.0]
    assert theme_count_spread([10, 11, 10]) == pytest.approx(1 / (31 / 3))


@pytest.fixture(scope="module")
def metrics() -> list[Metric]:
    if not (DEFAULT_DATASETS_DIR / "fft_v6").exists():
        message = f"evaluation datasets missing at {DEFAULT_DATASETS_DIR}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the datasets must be present)")
        pytest.skip(message)
    from voices.themes.evaluate_discovery import evaluate_discovery

    return evaluate_discovery(Path(DEFAULT_DATASETS_DIR), seed=0)


@pytest.mark.slow
def test_discovery_meets_its_targets_on_real_labelled_data(metrics: list[Metric]) -> None:
    names = {(m.dataset, m.name) for m in metrics}
    assert any(d == "banking77 test" and n.startswith("NMI") for d, n in names)
    assert any(d == "fft_v6 single-label" and n.startswith("NMI") for d, n in names)
    missed = [f"{m.dataset} {m.name} = {m.value:.3f} (target {m.target})" for m in metrics if m.passed is False]
    assert not missed, "; ".join(missed)
