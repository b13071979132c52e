"""``PolarityModel``: whether a comment reads as positive, mixed (both, or neither) or negative.

A trained linear model that can say why. Features: the tagger's ``TermVectorizer`` (lemma 1-3-grams
with negation marked, so "not helpful" is its own term, and character n-grams for misspellings),
the question-kind columns of ``themes/questions.py``, and each lemma again prefixed by the kind of
question it answers ("better|nothing", "helped|nothing"): under "What would make things better?"
a bare "nothing" is praise, under "What helped?" it is the opposite, and only a term tied to its
question can learn both.

Each class's margin is the sum of two one-vs-rest linear SVMs (classes balanced), each scaled to
unit spread on the training data: one on the plain features, one on NB-weighted ones (each feature
scaled by how much likelier it is in the class, NB-SVM). They err differently; the sum is still
one weight vector per class, so a margin is one sparse product and explanations add up. C is
chosen from ``C_GRID`` by inner cross-validation on the training data only, and per-class offsets
added to the margins are tuned for macro-F1 on the same out-of-fold margins: "mixed" is the
smallest class and the hardest, and plain argmax under-calls it.

``explain`` names, for each comment, the terms that pushed it towards the class it was given.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Self

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from voices.text.features import Analysis, analyse, feature_terms
from voices.text.vectorize import TermVectorizer, char_ngrams, term_ngrams
from voices.themes.questions import N_QUESTION_FEATURES, SHORT_ANSWER_WORDS, question_features, question_kind
# The tagger's explanation vocabulary: the same drivers, stop words and readable n-grams.
from voices.themes.tagger import QUESTION_DRIVER, STOP_WORDS, Driver, Questions, readable_term

POLARITIES: tuple[str, ...] = ("positive", "mixed", "negative")
# Settings chosen on FFT v6's folds among a few dozen variants (docs/benchmarks.md, Polarity): word
# 1-3-grams, character 1-4-grams, question columns at 0.7; C is still chosen per training set.
C_GRID: tuple[float, ...] = (0.05, 0.1)
# Offsets are added to the "mixed" and "negative" margins ("positive" is the reference); margins
# have unit spread, so a step of 0.05 is fine enough and +-1 wide enough.
OFFSET_GRID = np.round(np.arange(-1.0, 1.0001, 0.05), 2)
KIND_SEPARATOR = "|"


class PolarityModel(ClassifierMixin, BaseEstimator):
    """Three-class polarity; ``y`` holds ``POLARITIES`` names. See the module docstring.

    Parameters: ``C_grid`` (SVM regularisation, chosen by inner CV), ``min_df``,
    ``word_ngram_range``, ``char_ngram_range`` and ``char_weight`` (``TermVectorizer``),
    ``question_weight`` (scale of the question-kind columns and of the question-tied lemmas; 0
    ignores questions), ``inner_folds``, ``nb_smoothing`` (pseudo-count of the NB weighting),
    ``random_state``.

    Learned: ``classes_``, ``vectorizer_``, ``question_terms_`` (vocabulary of question-tied
    lemmas, None without questions), ``C_``, ``coef_`` (classes x features), ``intercept_``,
    ``offsets_`` (added to the margins before the argmax), ``inner_macro_f1_`` (out-of-fold macro-F1
    at ``C_`` with the offsets: what the training data says to expect).
    """

    def __init__(
        self,
        C_grid: Sequence[float] = C_GRID,
        min_df: int = 2,
        word_ngram_range: tuple[int, int] = (1, 3),
        char_ngram_range: tuple[int, int] = (1, 4),
        char_weight: float = 1.0,
        question_weight: float = 0.7,
        inner_folds: int = 3,
        nb_smoothing: float = 1.0,
        random_state: int = 0,
    ) -> None:
        self.C_grid = C_grid
        self.min_df = min_df
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_weight = char_weight
        self.question_weight = question_weight
        self.inner_folds = inner_folds
        self.nb_smoothing = nb_smoothing
        self.random_state = random_state

    def fit(
        self, X: Sequence[str], y: Sequence[str], questions: Questions = None, groups: Sequence[int] | None = None
    ) -> Self:
        """``groups``: rows of one group stay in one inner fold (default: every row on its own)."""
        self.classes_ = np.asarray(POLARITIES, dtype=object)
        index = {name: k for k, name in enumerate(POLARITIES)}
        unknown = set(y) - set(index)
        if unknown:
            raise ValueError(f"polarities must be among {POLARITIES}, not {sorted(unknown)}")
        if len(X) != len(y):
            raise ValueError(f"{len(X)} texts but {len(y)} labels")
        labels = np.array([index[label] for label in y])
        analyses = analyse(X)
        self.vectorizer_ = TermVectorizer(
            self.word_ngram_range, self.char_ngram_range, self.min_df, self.char_weight
        )
        self.vectorizer_.fit_analyses(analyses)
        self.question_terms_ = None
        if self.question_weight:
            self.question_terms_ = _kind_term_vectorizer(self.min_df).fit(_kind_terms(analyses, questions))
        features = self._features(X, analyses, questions)
        self.C_, self.offsets_, self.inner_macro_f1_ = self._tune(features, labels, groups)
        self.coef_, self.intercept_ = self._fit_linear(features, labels, self.C_)
        return self

    def decision_function(
        self, X: Sequence[str], questions: Questions = None, analyses: Sequence[Analysis] | None = None
    ) -> np.ndarray:
        """Margins with the offsets, (n_texts, 3), columns in ``POLARITIES`` order. ``analyses``:
        ``analyse(X)`` when the caller already has it."""
        check_is_fitted(self, "coef_")
        return self._margins(self._features(X, analyse(X) if analyses is None else analyses, questions))

    def predict(
        self, X: Sequence[str], questions: Questions = None, analyses: Sequence[Analysis] | None = None
    ) -> np.ndarray:
        """One of ``POLARITIES`` per text."""
        return self.classes_[self.decision_function(X, questions, analyses).argmax(axis=1)]

    def explain(
        self, X: Sequence[str], top_n: int = 5, questions: Questions = None
    ) -> list[tuple[str, list[Driver]]]:
        """For each text, its polarity and the terms that pushed it there, strongest first.

        A term's weight is its contribution to the class's margin minus its mean contribution to
        the three margins: what it did to make this class win. Character n-grams are summed back
        onto their word; a question-tied lemma reads "nothing (answering 'not_helped')"; stop-word-only
        terms are left out, except the question-tied words of a short answer.
        """
        check_is_fitted(self, "coef_")
        analyses = analyse(X)
        features = self._features(X, analyses, questions)
        chosen = self._margins(features).argmax(axis=1)
        relative = self.coef_ - self.coef_.mean(axis=0)
        asked = questions if questions is not None else [None] * len(X)
        return [
            (
                str(self.classes_[k]),
                self._drivers(analysis, features[i], relative[k], question_kind(asked[i]), top_n),
            )
            for i, (analysis, k) in enumerate(zip(analyses, chosen.tolist(), strict=True))
        ]

    def _drivers(
        self, analysis: Analysis, row: sp.csr_matrix, weights: np.ndarray, kind: str, top_n: int
    ) -> list[Driver]:
        values = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))

        def contribution(columns: set[int]) -> float:
            return float(sum(values.get(c, 0.0) * weights[c] for c in columns))

        contributions: dict[str, float] = {}
        terms = feature_terms(analysis)
        vocabulary = self.vectorizer_.word_vocabulary_
        for gram in set(term_ngrams(terms, self.word_ngram_range)):
            if gram in vocabulary and not all(w in STOP_WORDS for w in gram.split()):
                contributions[readable_term(gram)] = contribution({vocabulary[gram]})
        offset = self.vectorizer_.n_word_features_
        chars = self.vectorizer_.char_vocabulary_
        for word in set(analysis.words) - STOP_WORDS:
            columns = {offset + chars[g] for g in char_ngrams(word, self.char_ngram_range) if g in chars}
            contributions[word] = max(contributions.get(word, 0.0), contribution(columns))
        n_terms = len(self.vectorizer_.idf_)
        if self.question_terms_ is not None:
            question = set(range(n_terms, n_terms + N_QUESTION_FEATURES))
            contributions[QUESTION_DRIVER] = contribution(question)
            tied = self.question_terms_.vocabulary_
            # In a short answer stop words count: "nothing" under "What did not help?" is all of it.
            short = len(analysis.words) <= SHORT_ANSWER_WORDS
            for term in set(terms) if short else set(terms) - STOP_WORDS:
                column = tied.get(f"{kind}{KIND_SEPARATOR}{term}")
                if column is not None:
                    name = f"{readable_term(term)} (answering '{kind}')"
                    contributions[name] = contribution({n_terms + N_QUESTION_FEATURES + column})
        ranked = sorted(contributions.items(), key=lambda item: -item[1])
        return [Driver(term, round(weight, 4)) for term, weight in ranked[:top_n] if weight > 0]

    def _features(self, X: Sequence[str], analyses: Sequence[Analysis], questions: Questions) -> sp.csr_matrix:
        terms = self.vectorizer_.transform_analyses(analyses)
        if self.question_terms_ is None:
            return terms
        kinds = question_features(questions, X) * self.question_weight
        tied = self.question_terms_.transform(_kind_terms(analyses, questions)) * self.question_weight
        return sp.hstack([terms, kinds, tied], format="csr")

    def _margins(self, features: sp.csr_matrix) -> np.ndarray:
        return np.asarray(features @ self.coef_.T) + self.intercept_ + self.offsets_

    def _tune(
        self, features: sp.csr_matrix, labels: np.ndarray, groups: Sequence[int] | None
    ) -> tuple[float, np.ndarray, float]:
        """C and offsets with the best out-of-fold macro-F1 on the training data (ties: smaller C)."""
        folds = _grouped_folds(groups, len(labels), self.inner_folds, self.random_state)
        best: tuple[float, float, np.ndarray] | None = None
        for C in self.C_grid:
            margins = np.zeros((len(labels), len(POLARITIES)))
            for train, test in folds:
                coef, intercept = self._fit_linear(features[train], labels[train], C)
                margins[test] = np.asarray(features[test] @ coef.T) + intercept
            offsets, score = tune_offsets(margins, labels)
            if best is None or score > best[1]:
                best = (C, score, offsets)
        assert best is not None, "C_grid is empty"
        return best[0], best[2], best[1]

    def _fit_linear(self, features: sp.csr_matrix, labels: np.ndarray, C: float) -> tuple[np.ndarray, np.ndarray]:
        """Plain and NB-weighted one-vs-rest SVMs, each scaled to unit margin spread, summed."""
        plain = LinearSVC(C=C, class_weight="balanced", random_state=self.random_state).fit(features, labels)
        coef, intercept = _unit_spread(features, plain.coef_, plain.intercept_)
        nb_coef = np.zeros_like(plain.coef_)
        nb_intercept = np.zeros(len(POLARITIES))
        for k in range(len(POLARITIES)):
            ratio = _nb_ratio(features, labels == k, self.nb_smoothing)
            svm = LinearSVC(C=C, class_weight="balanced", random_state=self.random_state)
            svm.fit(features @ sp.diags(ratio), labels == k)
            nb_coef[k], nb_intercept[k] = svm.coef_[0] * ratio, svm.intercept_[0]
        nb_coef, nb_intercept = _unit_spread(features, nb_coef, nb_intercept)
        return coef + nb_coef, intercept + nb_intercept


def tune_offsets(margins: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, float]:
    """Offsets for the three margins (the first fixed at 0) that maximise macro-F1, and that F1.

    Ties go to the offsets nearest zero, so a flat stretch does not push the argmax around."""
    grid = sorted(itertools.product(OFFSET_GRID, OFFSET_GRID), key=lambda pair: abs(pair[0]) + abs(pair[1]))
    best_offsets, best_score = np.zeros(len(POLARITIES)), -1.0
    for mixed, negative in grid:
        offsets = np.array([0.0, mixed, negative])
        score = macro_f1(labels, (margins + offsets).argmax(axis=1), len(POLARITIES))
        if score > best_score + 1e-12:
            best_offsets, best_score = offsets, score
    return best_offsets, best_score


def macro_f1(truth: np.ndarray, predicted: np.ndarray, n_classes: int) -> float:
    """Macro-F1 over class indices, computed directly (this runs thousands of times in a fit)."""
    confusion = np.bincount(truth * n_classes + predicted, minlength=n_classes * n_classes)
    confusion = confusion.reshape(n_classes, n_classes)
    true_positive = np.diag(confusion)
    denominator = confusion.sum(axis=0) + confusion.sum(axis=1)
    return float(np.mean(2 * true_positive / np.maximum(denominator, 1)))


def _grouped_folds(
    groups: Sequence[int] | None, n_rows: int, n_folds: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffled K folds of whole groups (of single rows without groups)."""
    splitter = KFold(n_folds, shuffle=True, random_state=random_state)
    if groups is None:
        return list(splitter.split(np.arange(n_rows)))
    names, index = np.unique(np.asarray(groups), return_inverse=True)
    return [
        (np.flatnonzero(np.isin(index, train)), np.flatnonzero(np.isin(index, test)))
        for train, test in splitter.split(names)
    ]


def _kind_term_vectorizer(min_df: int) -> TfidfVectorizer:
    # The documents are already "kind|lemma" tokens separated by spaces.
    return TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True, min_df=min_df)


def _kind_terms(analyses: Sequence[Analysis], questions: Questions) -> list[str]:
    """Each comment's lemmas (negated ones marked) prefixed by the kind of question it answers."""
    asked = questions if questions is not None else [None] * len(analyses)
    if len(asked) != len(analyses):
        raise ValueError(f"{len(analyses)} texts but {len(asked)} questions")
    return [
        " ".join(f"{question_kind(q)}{KIND_SEPARATOR}{term}" for term in feature_terms(a))
        for a, q in zip(analyses, asked, strict=True)
    ]


def _nb_ratio(features: sp.csr_matrix, positive: np.ndarray, smoothing: float) -> np.ndarray:
    """How much likelier each feature is in the class than outside it (|log ratio|, smoothed)."""
    inside = smoothing + np.asarray(features[positive].sum(axis=0)).ravel()
    outside = smoothing + np.asarray(features[~positive].sum(axis=0)).ravel()
    return np.abs(np.log((inside / inside.sum()) / (outside / outside.sum())))


def _unit_spread(features: sp.csr_matrix, coef: np.ndarray, intercept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale each model's margins to standard deviation 1 on its training data, so neither of the
    two summed models outweighs the other by its scale alone."""
    spread = float(np.std(np.asarray(features @ coef.T) + intercept)) or 1.0
    return coef / spread, intercept / spread
