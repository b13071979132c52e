"""Are themes readable and distinct? NPMI coherence of their top words and topic diversity.

Coherence (Bouma's normalised PMI of word pairs, pooled over all themes' pairs, or averaged per
theme first so each theme weighs the same) uses document co-occurrence in the same comments that
were themed, over each theme's top content *words*: a phrase and a word inside it ("wait", "long
wait") always co-occur and would flatter the score.
Diversity is the share of distinct terms among all themes' top terms (1.0: no term repeats).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from scipy import sparse


def theme_pair_npmi(
    weights: np.ndarray, vocabulary: np.ndarray, counts: sparse.csr_matrix, n_words: int = 10
) -> list[list[float]]:
    """For each theme (a row of ``weights``), the NPMI of every pair of its ``n_words``
    highest-weighted single words; a pair that never meets scores -1."""
    present = (counts > 0).astype(np.float32).tocsc()
    n_documents = counts.shape[0]
    single = np.array([" " not in str(term) for term in vocabulary])
    themes: list[list[float]] = []
    for row in weights:
        ranked = [j for j in np.argsort(-row, kind="stable") if single[j] and row[j] > 0][:n_words]
        scores: list[float] = []
        for a, b in combinations(ranked, 2):
            both = present[:, a].multiply(present[:, b]).sum() / n_documents
            p_a, p_b = present[:, a].sum() / n_documents, present[:, b].sum() / n_documents
            if both == 0:
                scores.append(-1.0)
            elif both >= 1:
                scores.append(1.0)
            else:
                scores.append(float(np.log(both / (p_a * p_b)) / -np.log(both)))
        themes.append(scores)
    return themes


def npmi_coherence(
    weights: np.ndarray, vocabulary: np.ndarray, counts: sparse.csr_matrix, n_words: int = 10
) -> float:
    """Mean NPMI over all themes' word pairs pooled (``theme_pair_npmi``): a theme of ten words
    weighs 45 pairs, one of two words one pair, one of a single word nothing."""
    scores = [score for theme in theme_pair_npmi(weights, vocabulary, counts, n_words) for score in theme]
    return float(np.mean(scores)) if scores else 0.0


def theme_mean_npmi(
    weights: np.ndarray, vocabulary: np.ndarray, counts: sparse.csr_matrix, n_words: int = 10
) -> float:
    """Mean over themes of each theme's mean pair NPMI, every theme with a pair weighing the same."""
    means = [np.mean(theme) for theme in theme_pair_npmi(weights, vocabulary, counts, n_words) if theme]
    return float(np.mean(means)) if means else 0.0


def topic_diversity(top_terms: Sequence[Sequence[str]], n_terms: int = 25) -> float:
    """Distinct terms / all terms, over each theme's first ``n_terms``."""
    terms = [term for theme in top_terms for term in theme[:n_terms]]
    return len(set(terms)) / len(terms) if terms else 0.0
