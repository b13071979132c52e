"""Turn comments into the vectors that discovery clusters and summaries rank quotes by.

One pass of the shared text pipeline (``voices.text.analyse``) gives two views of each comment:
content lemmas (stop words dropped) as words and word pairs,
and character n-grams of the lower-case words. Character n-grams matter on short answers:
"waited", "waiting" and "wait" share most of them even where the lemma table misses a form.
Both are TF-IDF weighted, joined, reduced by LSA and L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.preprocessing import normalize

from voices.text import Analysis, analyse
from voices.themes.chargrams import CharGramTfidf


def content_terms(analysis: Analysis) -> str:
    """Content lemmas joined by spaces.

    Negation is left out on purpose: a theme is what people talk about ("waiting times"),
    whether they praise or complain; polarity is reported apart, in the summaries. That includes
    the "nt" of "shouldnt", which is no stop word but whose lemma is "not".
    """
    return " ".join(
        lemma
        for lemma, stop in zip(analysis.lemmas, analysis.is_stop, strict=True)
        if not stop and lemma != "not" and any(char.isalpha() for char in lemma)
    )


class CommentVectoriser(TransformerMixin, BaseEstimator):
    """TF-IDF on content lemmas and character n-grams, then LSA; rows are unit length."""

    def __init__(
        self, n_components: int = 100, min_df: int = 2, random_state: int = 0
    ) -> None:
        self.n_components = n_components
        self.min_df = min_df
        self.random_state = random_state

    def fit(self, analyses: Sequence[Analysis], y: None = None) -> Self:
        self.fit_transform(analyses)
        return self

    def fit_transform(self, analyses: Sequence[Analysis], y: None = None) -> np.ndarray:
        terms = [content_terms(a) for a in analyses]
        min_df = self.min_df if len(analyses) >= 50 else 1
        self.terms_ = CountVectorizer(
            token_pattern=r"\S+", ngram_range=(1, 2), min_df=min_df, dtype=np.float32
        )
        # Word counts are kept apart from their weights: naming themes needs the raw counts.
        counts = self.terms_.fit_transform(terms)
        self.term_weights_ = TfidfTransformer(sublinear_tf=True).fit(counts)
        self.chars_ = CharGramTfidf(ngram_range=(3, 5), min_df=min_df)
        chars = self.chars_.fit_transform([a.words for a in analyses])
        tfidf = self._join(self.term_weights_.transform(counts), chars)
        components = max(1, min(self.n_components, tfidf.shape[1] - 1, len(analyses) - 1))
        self.svd_ = TruncatedSVD(components, random_state=self.random_state)
        reduced = self.svd_.fit_transform(tfidf)
        self.fitted_tfidf_ = tfidf  # kept for refinement, which reuses it rather than rebuild it
        return normalize(reduced)

    def transform(self, analyses: Sequence[Analysis], batch_size: int = 10_000) -> np.ndarray:
        # In batches: the sparse character n-grams of 100,000 comments at once cost a gigabyte.
        reduced = [
            self.svd_.transform(self.tfidf(analyses[start : start + batch_size]))
            for start in range(0, len(analyses), batch_size)
        ]
        return normalize(np.vstack(reduced)) if reduced else np.zeros((0, self.svd_.n_components))

    def tfidf(self, analyses: Sequence[Analysis]) -> sparse.csr_matrix:
        """The sparse joined TF-IDF rows (before LSA)."""
        counts = self.term_counts(analyses)
        chars = self.chars_.transform([a.words for a in analyses])
        return self._join(self.term_weights_.transform(counts), chars)

    def term_counts(self, analyses: Sequence[Analysis]) -> sparse.csr_matrix:
        """Counts of each content lemma and lemma pair: what themes are named from."""
        return self.terms_.transform([content_terms(a) for a in analyses])

    @property
    def vocabulary(self) -> np.ndarray:
        return self.terms_.get_feature_names_out()

    @staticmethod
    def _join(words: sparse.spmatrix, chars: sparse.spmatrix) -> sparse.csr_matrix:
        return normalize(sparse.hstack([words, chars]).tocsr())


def analyse_comments(texts: Sequence[str]) -> list[Analysis]:
    """The shared pipeline's analysis of each comment, in order."""
    return analyse(texts)
