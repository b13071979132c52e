"""``CodebookTagger``: supervised, multi-label codebook tagging that can explain itself.

Every theme gets a score in [0, 1]; a theme is assigned when its score reaches that theme's own
threshold, so a comment can get zero, one or several themes. Per theme, a linear margin over
``TermVectorizer`` features (an NB-weighted linear SVM averaged with ridge regression); Platt
scaling turns it into a score; both the scaling and the threshold are learned from out-of-fold
margins of an inner cross-validation on the training data only, so test data never tunes them.
Thresholds are shrunk towards 0.5 for themes with few positives (``threshold_prior``), because a
threshold tuned on a handful of examples mostly fits their noise.

``explain(texts)`` names the terms, phrases and words that pushed each assigned theme's score up.

With ``sentence_encoder="minilm"`` (the optional ``embeddings`` extra) each comment's sentence
embedding is appended to its TF-IDF features: the same margins, calibration and thresholds, fitted
over both. The embedding's share of a margin names no term; explanations show it as one driver,
``EMBEDDING_DRIVER``, beside the terms.

With ``question_weight`` > 0 every method also takes ``questions`` (the survey question each
comment answers, ``themes/questions.py``): a few question-kind columns are appended last, so
"nothing" under "What did not help?" can mean a good experience. Their share is ``QUESTION_DRIVER``.

With ``no_theme_gate`` > 0 a second, text-only model learns which comments raise no theme at all
("I don't know", "the bins on our road", "good survey but too long"), from the training rows that
have none; a comment it judges more likely than ``no_theme_gate`` to be one of those scores 0 for
every theme. The question columns push every answer towards the themes its question usually draws,
non-answers included; the gate reads the words alone, so the question cannot talk it round. The
price: a bare "nothing much" is stopped even under "What did not help?", where it means all went well.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted
from spacy.lang.en import English

from voices.text import embeddings
from voices.text.features import Analysis, analyse, feature_terms
from voices.text.vectorize import TermVectorizer, char_ngrams, term_ngrams
from voices.themes.questions import N_QUESTION_FEATURES, question_features

# Explanations skip terms made only of stop words: they move margins a little but explain nothing.
STOP_WORDS = frozenset(English.Defaults.stop_words) | {"not_" + w for w in English.Defaults.stop_words}
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
EMBEDDING_DRIVER = "meaning of the whole comment (sentence embedding)"
QUESTION_DRIVER = "the question it answers"
Questions = Sequence[str | None] | None


@dataclass(frozen=True, slots=True)
class Driver:
    term: str  # a lemma n-gram ("not believe", "waiting list") or a word seen through its spelling
    weight: float  # its contribution to the theme's margin


class CodebookTagger(ClassifierMixin, BaseEstimator):
    """Multi-label tagger. ``y`` is a 0/1 matrix (columns = ``classes``) or label-id collections.

    Parameters: ``classes`` (theme ids, in output order; default: sorted labels or column
    numbers), ``C`` (SVM regularisation), ``min_df``, ``word_ngram_range``, ``char_ngram_range``
    and ``char_weight`` (features, see ``TermVectorizer``), ``inner_folds`` (CV that fits
    calibration and thresholds), ``threshold_prior`` (pseudo-count shrinking each threshold
    towards 0.5), ``nb_weighting`` (NB smoothing; 0 turns it off), ``ridge_alpha`` (0 turns the
    ridge half off), ``sentence_encoder`` (None, or an encoder name from
    ``voices.text.embeddings``) and ``embedding_weight`` (its columns' scale against the unit-length
    TF-IDF blocks), ``question_weight`` (scale of the question-kind columns; 0 ignores questions),
    ``no_theme_gate`` (probability of "no theme at all" above which every score is 0; 0 turns the
    gate off), ``random_state``.

    Learned: ``classes_``, ``vectorizer_``, ``coef_`` (themes x features), ``intercept_``,
    ``calibration_`` (themes x [slope, intercept]), ``thresholds_`` (on the score scale),
    ``no_theme_coef_`` and ``no_theme_intercept_`` (the gate's logistic model over the TF-IDF
    features; None when the gate is off or training had no comment without a theme).
    Public methods: ``fit``, ``decision_function``, ``predict_proba`` (scores), ``predict``
    (0/1 matrix), ``tag`` (ids and scores per text), ``explain`` (drivers per assigned theme).
    """

    def __init__(
        self,
        classes: Sequence[str] | None = None,
        C: float = 0.3,
        min_df: int = 2,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (2, 5),
        char_weight: float = 1.0,
        inner_folds: int = 3,
        threshold_prior: float = 20.0,
        nb_weighting: float = 1.0,
        ridge_alpha: float = 1.0,
        sentence_encoder: str | None = None,
        embedding_weight: float = 1.0,
        question_weight: float = 0.0,
        no_theme_gate: float = 0.0,
        random_state: int = 0,
    ) -> None:
        self.classes = classes
        self.C = C
        self.min_df = min_df
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.char_weight = char_weight
        self.inner_folds = inner_folds
        self.threshold_prior = threshold_prior
        self.nb_weighting = nb_weighting
        self.ridge_alpha = ridge_alpha
        self.sentence_encoder = sentence_encoder
        self.embedding_weight = embedding_weight
        self.question_weight = question_weight
        self.no_theme_gate = no_theme_gate
        self.random_state = random_state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A model saved before a parameter existed loads with that parameter's default.
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(type(self).__init__).parameters.items()
            if parameter.default is not inspect.Parameter.empty
        }
        learned = {"no_theme_coef_": None, "no_theme_intercept_": None}
        super().__setstate__({**defaults, **learned, **state})

    def fit(
        self, X: Sequence[str], y: np.ndarray | Sequence[Iterable[str]], questions: Questions = None
    ) -> Self:
        Y, self.classes_ = self._binarize(y)
        if len(X) != Y.shape[0]:
            raise ValueError(f"{len(X)} texts but {Y.shape[0]} label rows")
        self.vectorizer_ = TermVectorizer(
            self.word_ngram_range, self.char_ngram_range, self.min_df, self.char_weight
        )
        analyses = analyse(X)
        terms = self.vectorizer_.fit_analyses(analyses).transform_analyses(analyses)
        features = self._with_question(X, questions, self._with_embeddings(X, terms))
        margins = self._out_of_fold_margins(features, Y)
        self.calibration_ = np.array([_platt(margins[:, j], Y[:, j]) for j in range(Y.shape[1])])
        scores = self._scores(margins)
        self.thresholds_ = self._tune_thresholds(scores, Y)
        coef, self.intercept_ = self._fit_margins(features, Y)
        # float32 halves the saved model; margins differ by ~1e-7, far below any threshold step.
        self.coef_ = coef.astype(np.float32)
        self.no_theme_coef_, self.no_theme_intercept_ = self._fit_gate(terms, Y)
        return self

    def decision_function(self, X: Sequence[str], questions: Questions = None) -> np.ndarray:
        """Raw per-theme margins, shape (n_texts, n_themes)."""
        return self._margins(self._features(X, questions))

    def predict_proba(self, X: Sequence[str], questions: Questions = None) -> np.ndarray:
        """Per-theme scores in [0, 1], shape (n_texts, n_themes); columns follow ``classes_``.

        Every score of a comment the no-theme gate stops is 0."""
        check_is_fitted(self, "coef_")
        terms = self.vectorizer_.transform(X)
        return self._gated_scores(terms, self._with_question(X, questions, self._with_embeddings(X, terms)))

    def predict(self, X: Sequence[str], questions: Questions = None) -> np.ndarray:
        """0/1 matrix of assigned themes: each score against its own theme's threshold."""
        return (self.predict_proba(X, questions) >= self.thresholds_).astype(np.int8)

    def tag(
        self, X: Sequence[str], questions: Questions = None
    ) -> list[tuple[list[str], dict[str, float]]]:
        """For each text: assigned theme ids (best first) and every theme's score (4 d.p.)."""
        scores = self.predict_proba(X, questions)
        classes = [str(c) for c in self.classes_]
        rows, columns = np.nonzero(scores >= self.thresholds_)
        assigned: list[list[int]] = [[] for _ in range(len(scores))]
        for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
            assigned[row].append(column)
        results = []
        for row_scores, row_assigned in zip(np.round(scores, 4).tolist(), assigned, strict=True):
            row_assigned.sort(key=row_scores.__getitem__, reverse=True)
            results.append(([classes[j] for j in row_assigned], dict(zip(classes, row_scores))))
        return results

    def explain(
        self, X: Sequence[str], top_n: int = 5, questions: Questions = None
    ) -> list[dict[str, list[Driver]]]:
        """For each text, each assigned theme's strongest positive drivers.

        Drivers are lemma n-grams and words (character n-grams summed back onto their word),
        ranked by their contribution to the theme's margin; stop-word-only terms are left out.
        With a sentence encoder, the embedding's whole contribution is one more driver; with
        questions, so is the question's.
        """
        analyses = analyse(X)
        terms = self.vectorizer_.transform_analyses(analyses)
        features = self._with_question(X, questions, self._with_embeddings(X, terms))
        assigned = self._gated_scores(terms, features) >= self.thresholds_
        return [
            {
                str(self.classes_[j]): self._drivers(analysis, features[i], j, top_n)
                for j in np.flatnonzero(assigned[i])
            }
            for i, analysis in enumerate(analyses)
        ]

    def _drivers(self, analysis: Analysis, row: sp.csr_matrix, j: int, top_n: int) -> list[Driver]:
        values = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
        coef = self.coef_[j]
        contributions: dict[str, float] = {}
        vocabulary = self.vectorizer_.word_vocabulary_
        for gram in set(term_ngrams(feature_terms(analysis), self.word_ngram_range)):
            column = vocabulary.get(gram)
            if column is not None and not all(w in STOP_WORDS for w in gram.split()):
                contributions[readable_term(gram)] = values[column] * coef[column]
        # Character n-grams are summed back onto the word they came from, which an officer can read.
        offset = self.vectorizer_.n_word_features_
        chars = self.vectorizer_.char_vocabulary_
        for word in set(analysis.words) - STOP_WORDS:
            columns = {offset + chars[g] for g in char_ngrams(word, self.char_ngram_range) if g in chars}
            weight = float(sum(values.get(c, 0.0) * coef[c] for c in columns))
            contributions[word] = max(contributions.get(word, 0.0), weight)
        n_terms = len(self.vectorizer_.idf_)
        first_question = row.shape[1] - N_QUESTION_FEATURES if self.question_weight else row.shape[1]
        if self.sentence_encoder:
            contributions[EMBEDDING_DRIVER] = sum(
                w * coef[c] for c, w in values.items() if n_terms <= c < first_question
            )
        if self.question_weight:
            question = [w * coef[c] for c, w in values.items() if c >= first_question]
            contributions[QUESTION_DRIVER] = sum(question)
        ranked = sorted(contributions.items(), key=lambda item: -item[1])
        return [Driver(term, round(float(weight), 4)) for term, weight in ranked[:top_n] if weight > 0]

    def _features(self, X: Sequence[str], questions: Questions) -> sp.csr_matrix:
        check_is_fitted(self, "coef_")
        return self._with_question(X, questions, self._with_embeddings(X, self.vectorizer_.transform(X)))

    def _with_question(
        self, X: Sequence[str], questions: Questions, features: sp.csr_matrix
    ) -> sp.csr_matrix:
        """The features, followed by the weighted question-kind columns when questions count."""
        if not self.question_weight:
            return features
        return sp.hstack([features, question_features(questions, X) * self.question_weight], format="csr")

    def _with_embeddings(self, X: Sequence[str], terms: sp.csr_matrix) -> sp.csr_matrix:
        """TF-IDF features, followed by the weighted sentence embedding when there is an encoder."""
        if not self.sentence_encoder:
            return terms
        vectors = embeddings.sentence_encoder(self.sentence_encoder).encode(list(X))
        return sp.hstack([terms, sp.csr_matrix(vectors * self.embedding_weight)], format="csr")

    def _gated_scores(self, terms: sp.csr_matrix, features: sp.csr_matrix) -> np.ndarray:
        scores = self._scores(self._margins(features))
        if self.no_theme_coef_ is not None:
            no_theme = _sigmoid(np.asarray(terms @ self.no_theme_coef_).ravel() + self.no_theme_intercept_)
            scores[no_theme > self.no_theme_gate] = 0.0
        return scores

    def _fit_gate(self, terms: sp.csr_matrix, Y: np.ndarray) -> tuple[np.ndarray | None, float | None]:
        """The no-theme gate: logistic regression on the words alone, classes balanced, because
        comments without a theme are a tenth of the training rows or fewer."""
        none = Y.sum(axis=1) == 0
        if not self.no_theme_gate or none.all() or not none.any():
            return None, None
        model = LogisticRegression(class_weight="balanced", max_iter=2000, random_state=self.random_state)
        model.fit(terms, none)
        return model.coef_[0].astype(np.float32), float(model.intercept_[0])

    def _margins(self, features: sp.csr_matrix) -> np.ndarray:
        return np.asarray(features @ self.coef_.T) + self.intercept_

    def _scores(self, margins: np.ndarray) -> np.ndarray:
        return _sigmoid(margins * self.calibration_[:, 0] + self.calibration_[:, 1])

    def _fit_margins(self, features: sp.csr_matrix, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One linear margin per theme: an NB-weighted SVM, averaged with ridge regression.

        The two err differently (hinge loss on reweighted features, squared loss on plain ones),
        so their average ranks comments better, rare themes most; it is still one weight vector
        per theme, so scoring and explanations stay a single sparse product.
        """
        coef = np.zeros((Y.shape[1], features.shape[1]))
        intercept = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            if Y[:, j].min() == Y[:, j].max():
                # A theme with no positives (or no negatives) here gets a constant margin.
                intercept[j] = 1.0 if Y[0, j] else -1.0
                continue
            ratio = self._nb_ratio(features, Y[:, j])
            svm = LinearSVC(C=self.C, random_state=self.random_state)
            svm.fit(features @ sp.diags(ratio) if self.nb_weighting else features, Y[:, j])
            coef[j], intercept[j] = svm.coef_[0] * ratio, svm.intercept_[0]
        if self.ridge_alpha:
            ridge = Ridge(alpha=self.ridge_alpha, solver="lsqr").fit(features, Y * 2.0 - 1.0)
            coef = (coef + ridge.coef_) / 2
            intercept = (intercept + ridge.intercept_) / 2
        return coef, intercept

    def _nb_ratio(self, features: sp.csr_matrix, y: np.ndarray) -> np.ndarray:
        """NB-SVM feature scaling: each feature weighted by how much likelier it is in the theme.

        Scaling features by r before a linear fit equals a linear model with weights w * r, so
        the stored coefficients stay one vector per theme and explanations are unchanged.
        Embedding and question columns are not term weights, so they keep a ratio of 1.
        """
        ratio = np.ones(features.shape[1])
        if not self.nb_weighting:
            return ratio
        alpha = self.nb_weighting
        n_terms = len(self.vectorizer_.idf_)
        terms = features if features.shape[1] == n_terms else features[:, :n_terms]
        pos = alpha + np.asarray(terms[y == 1].sum(axis=0)).ravel()
        neg = alpha + np.asarray(terms[y == 0].sum(axis=0)).ravel()
        ratio[: terms.shape[1]] = np.abs(np.log((pos / pos.sum()) / (neg / neg.sum())))
        return ratio

    def _out_of_fold_margins(self, features: sp.csr_matrix, Y: np.ndarray) -> np.ndarray:
        margins = np.zeros(Y.shape, dtype=float)
        folds = KFold(self.inner_folds, shuffle=True, random_state=self.random_state)
        for train, test in folds.split(features):
            coef, intercept = self._fit_margins(features[train], Y[train])
            margins[test] = np.asarray(features[test] @ coef.T) + intercept
        return margins

    def _tune_thresholds(self, scores: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Per theme, the grid threshold with the best out-of-fold F1 (ties: the lowest)."""
        positives = Y.sum(axis=0)
        thresholds = np.empty(Y.shape[1])
        for j in range(Y.shape[1]):
            predicted = scores[:, j][:, None] >= THRESHOLD_GRID[None, :]
            true_pos = (predicted & (Y[:, j, None] == 1)).sum(axis=0)
            f1 = 2 * true_pos / np.maximum(predicted.sum(axis=0) + positives[j], 1)
            best = THRESHOLD_GRID[int(np.argmax(f1))]
            # Shrink towards 0.5 in proportion to how few positives the threshold was tuned on.
            weight = positives[j] / (positives[j] + self.threshold_prior) if self.threshold_prior else 1.0
            thresholds[j] = weight * best + (1 - weight) * 0.5
        return thresholds

    def _binarize(self, y: np.ndarray | Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(y, np.ndarray) and y.ndim == 2:
            classes = np.asarray(self.classes if self.classes is not None else range(y.shape[1]))
            if len(classes) != y.shape[1]:
                raise ValueError(f"{len(classes)} classes but y has {y.shape[1]} columns")
            return (y != 0).astype(np.int8), classes
        label_sets = [set(labels) for labels in y]
        names = list(self.classes) if self.classes is not None else sorted(set().union(*label_sets))
        unknown = set().union(*label_sets) - set(names)
        if unknown:
            raise ValueError(f"labels not in classes: {sorted(unknown)}")
        index = {name: j for j, name in enumerate(names)}
        Y = np.zeros((len(label_sets), len(names)), dtype=np.int8)
        for i, labels in enumerate(label_sets):
            Y[i, [index[label] for label in labels]] = 1
        return Y, np.asarray(names, dtype=object)


def readable_term(gram: str) -> str:
    """A model's term as an officer reads it in an explanation (the tagger's and polarity's)."""
    # "not not_believe" (the cue, then the negated word) reads as "not believe".
    return gram.replace("not not_", "not_").replace("not_", "not ")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _platt(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping a margin to a probability, fitted by Newton's method.

    Uses Platt's smoothed targets so that separable training data cannot send the slope to
    infinity; returns a gentle default when a theme has no positives or no negatives.
    """
    n_pos, n_neg = int(y.sum()), int(len(y) - y.sum())
    if n_pos == 0 or n_neg == 0:
        return 1.0, 0.0
    target = np.where(y == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
    a, b = 1.0, 0.0
    for _ in range(50):
        p = _sigmoid(a * margins + b)
        w = np.maximum(p * (1 - p), 1e-12)
        g = np.array([np.dot(p - target, margins), np.sum(p - target)])
        h = np.array([[np.dot(w, margins**2), np.dot(w, margins)], [np.dot(w, margins), w.sum()]])
        h += np.eye(2) * 1e-9
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-8:
            break
    return float(a), float(b)
