"""Do different seeds find the same themes? Pairwise agreement of several runs."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from sklearn.metrics import adjusted_rand_score


def pairwise_ari(labelings: Sequence[np.ndarray]) -> np.ndarray:
    """Adjusted Rand index of every pair of labelings (unassigned counts as a label of its own)."""
    return np.array([adjusted_rand_score(a, b) for a, b in combinations(labelings, 2)])


def theme_count_spread(counts: Sequence[int]) -> float:
    """(largest - smallest) / mean number of themes across runs: 0.1 means a 10% swing."""
    values = np.asarray(counts, dtype=float)
    return float((values.max() - values.min()) / values.mean()) if len(values) else 0.0
