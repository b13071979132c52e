"""Are themes readable and distinct? NPMI coherence of their top words and topic diversity.

Coherence (Bouma's normalised PMI, averaged over word pairs and themes) uses document
co-occurrence in the same comments that were themed, over each theme's top content *words*:
a phrase and a word inside it ("wait", "long wait") always co-occur and would flatter the score.
Diversity is the share of distinct terms among all themes' top terms (1.0: no term repeats).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from scipy import sparse


def npmi_coherence(
    weights: np.ndarray, vocabulary: np.ndarray, counts: sparse.csr_matrix, n_words: int = 10
) -> float:
    """Mean NPMI over themes of their ``n_words`` highest-weighted single words."""
    present = (counts > 0).astype(np.float32).tocsc()
    n_documents = counts.shape[0]
    single = np.array([" " not in str(term) for term in vocabulary])
    scores: list[float] = []
    for row in weights:
        ranked = [j for j in np.argsort(-row, kind="stable") if single[j] and row[j] > 0][:n_words]
        for a, b in combinations(ranked, 2):
            both = present[:, a].multiply(present[:, b]).sum() / n_documents
            p_a, p_b = present[:, a].sum() / n_documents, present[:, b].sum() / n_documents
            if both == 0:
                scores.append(-1.0)
            elif both >= 1:
                scores.append(1.0)
            else:
                scores.append(float(np.log(both / (p_a * p_b)) / -np.log(both)))
    return float(np.mean(scores)) if scores else 0.0


def topic_diversity(top_terms: Sequence[Sequence[str]], n_terms: int = 25) -> float:
    """Distinct terms / all terms, over each theme's first ``n_terms``."""
    terms = [term for theme in top_terms for term in theme[:n_terms]]
    return len(set(terms)) / len(terms) if terms else 0.0
