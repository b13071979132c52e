"""Name themes by their most distinctive terms: class-based TF-IDF over content lemmas and pairs.

c-TF-IDF treats all comments of a theme as one document: a term scores high when it is frequent
inside the theme and rare across themes, weight = tf(term, theme) * log(1 + A / f(term)), with
tf normalised per theme, f the term's frequency over all themes and A the mean theme length.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from voices.text.features import NEGATED_PREFIX


def membership_matrix(members: Sequence[Sequence[int]], n_documents: int) -> sparse.csr_matrix:
    """Themes x comments, 1 where a comment belongs to a theme (a comment may be in several)."""
    rows = np.repeat(np.arange(len(members)), [len(m) for m in members])
    columns = np.fromiter((i for m in members for i in m), dtype=np.int64, count=len(rows))
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(members), n_documents)
    )


def members_by_label(labels: np.ndarray, n_classes: int) -> list[list[int]]:
    """Member indices of each class; labels below zero (unassigned) belong to none."""
    return [np.flatnonzero(labels == k).tolist() for k in range(n_classes)]


def class_tfidf(
    counts: sparse.csr_matrix, membership: sparse.csr_matrix, min_documents: int = 2
) -> np.ndarray:
    """c-TF-IDF weights (themes x terms); terms used by fewer than ``min_documents`` of a
    theme's comments score zero there, so a single odd spelling cannot name a theme."""
    totals = np.asarray((membership @ counts).todense())
    documents = np.asarray((membership @ (counts > 0).astype(np.float32)).todense())
    frequency = totals / np.maximum(totals.sum(axis=1, keepdims=True), 1.0)
    mean_words = totals.sum() / max(membership.shape[0], 1)
    inverse = np.log1p(mean_words / np.maximum(totals.sum(axis=0), 1.0))
    weights = frequency * inverse
    weights[documents < min_documents] = 0.0
    return weights


def display_term(term: str) -> str:
    return " ".join(
        "not " + word[len(NEGATED_PREFIX) :] if word.startswith(NEGATED_PREFIX) else word
        for word in term.split()
    )


def top_terms(weights: np.ndarray, vocabulary: np.ndarray, n_terms: int = 10) -> list[str]:
    """The highest-weighted terms of one class, best first, for display."""
    order = np.argsort(-weights, kind="stable")
    return [display_term(str(vocabulary[i])) for i in order[:n_terms] if weights[i] > 0]


def theme_label(terms: list[str], n_parts: int = 3) -> str:
    """A short name from the top terms; a word already inside a chosen phrase is not repeated."""
    chosen: list[str] = []
    for term in terms:
        words = set(term.split())
        if any(words <= set(kept.split()) or set(kept.split()) <= words for kept in chosen):
            continue
        chosen.append(term)
        if len(chosen) == n_parts:
            break
    return " / ".join(chosen) if chosen else "(no distinctive terms)"
