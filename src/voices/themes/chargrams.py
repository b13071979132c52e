"""Character n-gram TF-IDF computed word by word: the same matrix as scikit-learn's
``TfidfVectorizer(analyzer="char_wb")``, several times faster on comments.

``char_wb`` pads each word with spaces and never lets an n-gram cross a word boundary, so a
comment's n-gram counts are the sum of its words' counts. Analysing each distinct word once and
multiplying (comments x words) @ (words x n-grams) avoids re-analysing "the" ten thousand times.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer


class CharGramTfidf:
    """Sublinear TF-IDF of within-word character n-grams; rows are L2-normalised."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5), min_df: int = 2) -> None:
        self.ngram_range = ngram_range
        self.min_df = min_df

    def fit_transform(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """``documents``: the lower-case words of each comment."""
        words_per_document, words = word_counts(documents)
        grams = CountVectorizer(analyzer="char_wb", ngram_range=self.ngram_range, dtype=np.float32)
        counts = (words_per_document @ grams.fit_transform(words)).tocsr()
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        keep = np.flatnonzero(document_frequency >= self.min_df)
        self.vocabulary_ = {str(g): i for i, g in enumerate(grams.get_feature_names_out()[keep])}
        self.grams_ = CountVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, vocabulary=self.vocabulary_,
            dtype=np.float32,
        )
        counts = counts[:, keep]
        self.weights_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        return self.weights_.transform(counts)

    def transform(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        words_per_document, words = word_counts(documents)
        if not words:
            return sparse.csr_matrix((len(documents), len(self.vocabulary_)), dtype=np.float32)
        counts = (words_per_document @ self.grams_.transform(words)).tocsr()
        return self.weights_.transform(counts)


def word_counts(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """(documents x distinct words) counts, and the distinct words in column order."""
    index: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, document in enumerate(documents):
        for word in document:
            columns.append(index.setdefault(word, len(index)))
            rows.append(row)
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(documents), len(index))
    )
    return matrix, list(index)
