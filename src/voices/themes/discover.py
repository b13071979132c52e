"""Emergent themes: what people raise, found without a codebook.

``ThemeDiscoverer().discover(texts)`` returns a ``Discovery``: named themes with their members,
the comments left unassigned, and the answers too short to theme ("n/a", "no comment"), which are
counted apart and never themed. The steps, each a module of its own:

1. vectorise (``vectorise``): content lemmas + character n-grams, TF-IDF, LSA, unit length; where
   each comment's codebook themes are given (``guide``), they are a weighted block beside it;
2. cluster (``spectral``): nearest-neighbour graph, leading eigenvectors, number of themes by
   eigengap within [min_themes, max_themes], pivoted-QR rounding then k-means from those
   centres (no random restarts); a theme over ``max_share`` of comments is split by k-means;
3. refine: a few rounds of a linear classifier trained on each theme's most typical members,
   which moves comments the graph misplaced;
4. assign: every comment to its nearest theme centre; the least similar ones (below
   ``min_similarity``, at most ``max_unassigned`` of substantive comments) stay unassigned;
5. merge themes whose centres are near-duplicates, rank each theme's terms by c-TF-IDF, a term
   naming at most two themes and words that share answers listed first (``naming``), and name it
   (``theme_labels``: by what its stock answers say, "nothing to improve"; by the phrases its
   comments share and its telling words, ``phrase_names``; where most of its comments carry one
   codebook theme, ``guide``, that theme's label leads the name); themes given one name that
   says what they hold are joined and named again (``join_same_names``), since an officer could
   tell them apart only by their number: a theme may so have several centres (``centres_``, each
   theme's in ``centre_themes_``), and a run show fewer themes than ``n_themes`` or ``min_themes``.

Large sets are clustered on a seeded sample of ``sample_size`` comments; the rest are assigned
to the nearest centre, which keeps 100,000 comments within memory and time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Self

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.cluster import KMeans
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC
from threadpoolctl import threadpool_limits

from voices.text import Analysis
from voices.themes.guide import CodebookGuide
from voices.themes.naming import members_by_label, membership_matrix, theme_term_weights
from voices.themes.phrase_names import loose_themes, name_by_phrases, names_a_subject
from voices.themes.spectral import (
    choose_by_eigengap,
    leading_eigenvectors,
    neighbour_graph,
    pivoted_qr_labels,
)
from voices.themes.theme_labels import ThemeLabeller
from voices.themes.vectorise import CommentVectoriser, analyse_comments

UNASSIGNED = -1
NOT_SUBSTANTIVE = -2

NON_ANSWERS = frozenset(
    {
        "", "na", "n a", "n/a", "none", "nothing", "no", "nope", "nil", "no comment",
        "no comments", "not applicable", "nothing to add", "nothing to say", "nothing else",
        "no thanks", "no thank you", "dont know", "don't know", "do not know", "not sure",
        "unsure", "idk", "ok", "okay", "yes", "same", "as above", "see above", "test", "none really",
        "nothing really", "no other comments", "nothing further", "n/k",
    }
)


def is_substantive(text: str) -> bool:
    """False for blank answers and stock non-answers; one real word ("excellent") is an answer."""
    normalised = " ".join(re.sub(r"[^\w\s/']", " ", text.lower()).split())
    return normalised not in NON_ANSWERS and any(char.isalpha() for char in normalised)


@dataclass(frozen=True, slots=True)
class Theme:
    key: str  # "E01", "E02", ... in order of size
    label: str  # "nothing to improve" &c., else shared phrases and telling words, else top terms
    terms: list[str]  # top terms and phrases in display order (naming.theme_term_weights)
    members: list[int]  # indices into the input comments


@dataclass(frozen=True, slots=True)
class Discovery:
    themes: list[Theme]
    labels: np.ndarray  # per comment: theme index, UNASSIGNED or NOT_SUBSTANTIVE
    similarity: np.ndarray  # per comment: cosine to its nearest theme centre (0 if not substantive)
    vectors: np.ndarray  # unit vector per comment: LSA, and its codebook block when guided (zeros if not substantive)
    n_substantive: int
    n_unassigned: int
    n_not_substantive: int
    notes: list[str] = field(default_factory=list)  # what was adjusted or could not be done


def _by_size(
    labels: np.ndarray, centres: np.ndarray, owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Themes renumbered largest first (``labels``, and ``owners``: the theme of each centre), and
    those left with no comment dropped with their centres."""
    sizes = np.bincount(labels[labels >= 0], minlength=int(owners.max(initial=-1)) + 1)
    order = [int(k) for k in np.argsort(-sizes, kind="stable") if sizes[k] > 0]
    relabel = np.full(len(sizes) + 1, UNASSIGNED)
    relabel[order] = np.arange(len(order))
    labels = np.where(labels >= 0, relabel[np.maximum(labels, 0)], labels)
    owners = relabel[owners]
    kept = owners >= 0
    return labels, centres[kept], owners[kept]


def _centre(vectors: np.ndarray) -> np.ndarray:
    """The unit mean of some comments' vectors: the centre of the theme they make."""
    return normalize(vectors.mean(axis=0, keepdims=True))[0]


def _twins(themes: Sequence[Theme]) -> list[list[int]]:
    """Groups of two or more themes (indices into ``themes``) with one name that says what their
    comments hold, in order. Two mixes ("mixed subjects") or two themes sharing no wording may
    hold unrelated comments, so they stay apart."""
    groups: dict[str, list[int]] = {}
    for k, theme in enumerate(themes):
        if names_a_subject(theme.label):
            groups.setdefault(theme.label, []).append(k)
    return [group for group in groups.values() if len(group) > 1]


def _per_class(scores: np.ndarray) -> np.ndarray:
    """One column per class, also for two classes (where scikit-learn returns one)."""
    return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores


class ThemeDiscoverer(BaseEstimator):
    """Unsupervised themes for a set of comments (scikit-learn conventions: see module doc)."""

    def __init__(
        self,
        n_themes: int | None = None,
        min_themes: int = 8,
        max_themes: int = 20,
        n_components: int = 100,
        n_neighbors: int = 15,
        refine_rounds: int = 2,
        min_similarity: float = 0.2,
        max_unassigned: float = 0.15,
        max_share: float = 0.33,
        merge_similarity: float | None = 0.9,
        sample_size: int = 20_000,
        guide_weight: float = 0.8,
        join_same_names: bool = True,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.refine_rounds = refine_rounds
        self.min_similarity = min_similarity
        self.max_unassigned = max_unassigned
        self.max_share = max_share
        self.merge_similarity = merge_similarity
        self.sample_size = sample_size
        self.guide_weight = guide_weight
        self.join_same_names = join_same_names
        self.random_state = random_state

    def discover(
        self,
        texts: Sequence[str],
        analyses: Sequence[Analysis] | None = None,
        questions: Sequence[str | None] | None = None,
        guide: CodebookGuide | None = None,
    ) -> Discovery:
        """Fit on ``texts`` and describe the themes found in them."""
        return self.fit(texts, analyses=analyses, questions=questions, guide=guide).discovery_

    def fit(
        self,
        texts: Sequence[str],
        y: None = None,
        analyses: Sequence[Analysis] | None = None,
        questions: Sequence[str | None] | None = None,
        guide: CodebookGuide | None = None,
    ) -> Self:
        """``analyses`` (one per text, from ``voices.text.analyse``) saves a second pass;
        ``questions`` (one per text, None where unknown) only name themes of answers of nothing;
        ``guide`` (``guide.codebook_guide``) is each comment's codebook themes, which pull comments
        the codebook agrees on together (weighted by ``guide_weight``) and name a theme most of
        whose comments carry one (whatever the weight)."""
        if questions is not None and len(questions) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(questions)} questions")
        if guide is not None and len(guide.scores) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(guide.scores)} guide rows")
        # One BLAS thread: on a shared 2-core machine OpenBLAS threads spin against each other
        # and made the decomposition six times slower than a single thread.
        with threadpool_limits(limits=1, user_api="blas"):
            return self._fit(texts, analyses, questions, guide)

    def _fit(
        self,
        texts: Sequence[str],
        analyses: Sequence[Analysis] | None,
        questions: Sequence[str | None] | None,
        guide: CodebookGuide | None,
    ) -> Self:
        self.notes_: list[str] = []
        substantive = np.array([is_substantive(t) for t in texts], dtype=bool)
        index = np.flatnonzero(substantive)
        if analyses is None:
            analyses = analyse_comments([texts[i] for i in index])
        else:
            analyses = [analyses[i] for i in index]
        labels = np.full(len(texts), NOT_SUBSTANTIVE)
        similarity = np.zeros(len(texts))
        if len(index) < max(3, (self.n_themes or self.min_themes)):
            self.notes_.append(f"only {len(index)} substantive comments: too few to theme")
            self._finish(labels, similarity, np.zeros((len(texts), 1)), [], analyses, index, texts, questions, guide)
            return self

        rng = np.random.default_rng(self.random_state)
        sample = np.sort(rng.choice(len(index), min(self.sample_size, len(index)), replace=False))
        if len(sample) < len(index):
            self.notes_.append(f"clustered a sample of {len(sample)}; the rest joined nearest theme")
        sample_analyses = [analyses[i] for i in sample]
        self.vectoriser_ = CommentVectoriser(self.n_components, random_state=self.random_state)
        scores = None if guide is None else guide.scores[index]
        self.guide_width_ = 0 if scores is None or self.guide_weight == 0 else scores.shape[1]
        sample_vectors = self._guided(
            self.vectoriser_.fit_transform(sample_analyses), None if scores is None else scores[sample]
        )
        sample_labels = self._cluster(sample_vectors)
        sample_labels = self._refine(sample_analyses, sample_vectors, sample_labels)
        del self.vectoriser_.fitted_tfidf_

        vectors = np.zeros((len(texts), sample_vectors.shape[1]))
        vectors[index] = (
            sample_vectors if len(sample) == len(index) else self._guided(self.vectoriser_.transform(analyses), scores)
        )
        centres = self._centres(sample_vectors, sample_labels)
        centres = self._merge(centres, vectors[index])
        nearest, best = self._assign(vectors[index], centres)
        labels[index], similarity[index] = nearest, best
        self._finish(labels, similarity, vectors, centres, analyses, index, texts, questions, guide)
        return self

    def _guided(self, vectors: np.ndarray, guide: np.ndarray | None) -> np.ndarray:
        """Unit LSA vectors with the codebook block beside them at ``guide_weight`` (a comment's
        scores, scaled down to length 1 where longer; empty for a comment with no codebook theme),
        unit length again."""
        if not self.guide_width_:
            return vectors
        if guide is None:
            block = np.zeros((len(vectors), self.guide_width_))
        else:
            # Scores kept, not scaled to unit: a theme the tagger barely assigned pulls less
            # than one it is sure of (on unrelated text, such as bank queries, it is rarely sure).
            block = guide / np.maximum(1.0, np.linalg.norm(guide, axis=1, keepdims=True))
        return normalize(np.hstack([vectors, self.guide_weight * block]))

    def _cluster(self, vectors: np.ndarray) -> np.ndarray:
        most = self.n_themes or self.max_themes
        values, embedding = self._spectral(vectors, most + 1)
        self.eigenvalues_ = values
        if self.n_themes:
            return self._round(vectors, embedding[:, : self.n_themes])
        k = choose_by_eigengap(values, self.min_themes, self.max_themes)
        return self._split_large(vectors, self._round(vectors, embedding[:, :k]))

    def _spectral(self, vectors: np.ndarray, n_vectors: int) -> tuple[np.ndarray, np.ndarray]:
        """Eigenvalues and leading eigenvectors of the comments' nearest-neighbour graph."""
        n_vectors = max(1, min(n_vectors, len(vectors) - 1))
        graph = neighbour_graph(vectors, self.n_neighbors)
        return leading_eigenvectors(graph, n_vectors, self.random_state)

    def _round(self, vectors: np.ndarray, embedding: np.ndarray) -> np.ndarray:
        """Labels from a spectral embedding, with no random restarts."""
        seeds = pivoted_qr_labels(embedding)
        # The QR rounding is deterministic but favours a big core; k-means started from its
        # centres moves the border comments to the theme they are closest to in content.
        start = self._centres(vectors, seeds)
        return KMeans(len(start), init=start, n_init=1, random_state=self.random_state).fit_predict(vectors)

    def _split_large(self, vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Split any theme holding more than ``max_share`` of comments, within ``max_themes``.

        Long comments that touch many subjects sit close together near the middle of the space
        and come out as one large core. That core has no clear graph structure, so it is cut by
        k-means with many restarts (the best of 20 is what keeps seeds in agreement).
        """
        labels = np.unique(labels, return_inverse=True)[1]
        while (n_themes := labels.max() + 1) < self.max_themes:
            sizes = np.bincount(labels)
            largest = int(np.argmax(sizes))
            if sizes[largest] <= self.max_share * len(labels) or sizes[largest] < 4 * self.n_neighbors:
                break
            parts = min(int(np.ceil(sizes[largest] / (self.max_share * len(labels)))),
                        self.max_themes - n_themes + 1)
            members = np.flatnonzero(labels == largest)
            pieces = KMeans(parts, n_init=20, random_state=self.random_state).fit_predict(vectors[members])
            labels[members] = np.where(pieces == 0, largest, n_themes + pieces - 1)
            self.notes_.append(f"split a theme of {sizes[largest]} comments into {parts}")
            labels = np.unique(labels, return_inverse=True)[1]
        return labels

    def _refine(self, analyses: list[Analysis], vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
        """Self-training: fit a linear classifier on the 80% of comments it is surest of, relabel
        everyone, repeat. It sees every TF-IDF term, which LSA had to blur, and not the codebook
        block: it moves a guided theme's border comments by their words, and the final assignment
        to the nearest centre brings the codebook back (the guide weight was chosen with both)."""
        if self.refine_rounds == 0 or len(np.unique(labels)) < 2:
            return labels
        features = self.vectoriser_.fitted_tfidf_
        model = LinearSVC(C=0.5, tol=1e-3, random_state=self.random_state).fit(features, labels)
        scores = _per_class(model.decision_function(features))
        for _ in range(self.refine_rounds):
            own = scores[np.arange(len(labels)), np.searchsorted(model.classes_, labels)]
            typical = own >= np.quantile(own, 0.2)
            if len(np.unique(labels[typical])) < 2:
                break
            model = LinearSVC(C=0.5, tol=1e-3, random_state=self.random_state)
            model.fit(features[typical], labels[typical])
            scores = _per_class(model.decision_function(features))
            labels = model.classes_[scores.argmax(axis=1)]
        return labels

    @staticmethod
    def _centres(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
        return np.vstack([_centre(vectors[labels == k]) for k in np.unique(labels)])

    def _merge(self, centres: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """Join the closest pair of centres while they are near-duplicates and themes remain."""
        if self.merge_similarity is None:
            return centres
        floor = self.n_themes or self.min_themes
        while len(centres) > floor:
            closeness = centres @ centres.T
            np.fill_diagonal(closeness, -1.0)
            a, b = np.unravel_index(np.argmax(closeness), closeness.shape)
            if closeness[a, b] < self.merge_similarity:
                break
            nearest = (vectors @ centres.T).argmax(axis=1)
            joined = _centre(vectors[(nearest == a) | (nearest == b)])
            centres = np.vstack([np.delete(centres, [a, b], axis=0), joined])
            self.notes_.append(f"merged two themes whose centres agree at cosine {closeness[a, b]:.2f}")
        return centres

    def _assign(self, vectors: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        similarities = vectors @ centres.T
        nearest, best = similarities.argmax(axis=1), similarities.max(axis=1)
        # The threshold never leaves more than max_unassigned of comments out: no big "other" bin.
        cap = np.quantile(best, self.max_unassigned) if len(best) else 0.0
        threshold = min(self.min_similarity, cap)
        nearest = np.where(best < threshold, UNASSIGNED, nearest)
        return nearest, best

    def _finish(
        self,
        labels: np.ndarray,
        similarity: np.ndarray,
        vectors: np.ndarray,
        centres: np.ndarray | list[np.ndarray],
        analyses: list[Analysis],
        index: np.ndarray,
        texts: Sequence[str],
        questions: Sequence[str | None] | None,
        guide: CodebookGuide | None,
    ) -> None:
        """Order themes by size, name them, join those given one name, and keep the learned state."""
        centres = np.asarray(centres)
        owners = np.arange(len(centres))
        themes: list[Theme] = []
        namer = self._namer(analyses, index, texts, questions, guide, similarity) if len(centres) else None
        while True:
            labels, centres, owners = _by_size(labels, centres, owners)
            if namer is None or not len(centres):
                themes = []
                break
            themes, shown_weights, naming_weights = namer(labels)
            twins = _twins(themes) if self.join_same_names else []
            if not twins:
                break
            # Themes an officer can tell apart only by their number are one theme to them: FFT v6's
            # answers of nothing came out as two or three themes all "nothing to improve". Each keeps
            # its centre, now the joined theme's: every comment stays nearest its own centre, so
            # ``predict`` still places the theme's comments in it.
            for group in twins:
                self.notes_.append(f"joined {len(group)} themes all named \"{themes[group[0]].label}\"")
            into = np.arange(len(themes))
            for group in twins:
                into[group] = group[0]
            labels = np.where(labels >= 0, into[np.maximum(labels, 0)], labels)
            owners = into[owners]
        if themes:
            self.centres_ = centres
            self.centre_themes_ = owners
            self.term_weights_ = shown_weights
            self.name_term_weights_ = naming_weights
        self.labels_ = labels
        self.n_themes_ = len(themes)
        self.discovery_ = Discovery(
            themes=themes,
            labels=labels,
            similarity=similarity,
            vectors=vectors,
            n_substantive=int(len(index)),
            n_unassigned=int((labels == UNASSIGNED).sum()),
            n_not_substantive=int((labels == NOT_SUBSTANTIVE).sum()),
            notes=list(self.notes_),
        )

    def _namer(
        self,
        analyses: list[Analysis],
        index: np.ndarray,
        texts: Sequence[str],
        questions: Sequence[str | None] | None,
        guide: CodebookGuide | None,
        similarity: np.ndarray,
    ) -> Callable[[np.ndarray], tuple[list[Theme], np.ndarray, np.ndarray]]:
        """A function naming the themes of some labels (numbered by size): the themes, with the weights
        of the terms they show and of those their names read. What does not depend on the labels is
        read once, since themes given one name are joined and named again. ``similarity`` is each
        comment's cosine to its nearest centre, which tells a loose theme."""
        counts = self.vectoriser_.term_counts(analyses)
        vocabulary = self.vectoriser_.vocabulary
        labeller = ThemeLabeller(analyses, (counts > 0).tocsr(), vocabulary, guide)
        themed_texts = [texts[i] for i in index]

        def name(labels: np.ndarray) -> tuple[list[Theme], np.ndarray, np.ndarray]:
            n_themes = int(labels.max()) + 1
            by_theme = members_by_label(labels[index], n_themes)
            membership = membership_matrix(by_theme, len(index))
            # Names read every term a theme is named by; the terms shown only those enough of its
            # comments use (naming.leave_out_strays).
            naming_weights = theme_term_weights(counts, membership, vocabulary)
            shown_weights = theme_term_weights(counts, membership, vocabulary, shown=True)
            names = name_by_phrases(analyses, by_theme, themed_texts)
            loose = loose_themes(similarity[index], by_theme)
            themes = []
            for k in range(n_themes):
                members = np.flatnonzero(labels == k).tolist()
                label, terms = labeller.label(
                    by_theme[k], names[k], [texts[i] for i in members],
                    None if questions is None else [questions[i] for i in members], members,
                    weights=naming_weights[k], shown_weights=shown_weights[k], loose=loose[k],
                )
                themes.append(Theme(f"E{k + 1:02d}", label, terms, members))
            return themes, shown_weights, naming_weights

        return name

    def predict(self, texts: Sequence[str], guide_scores: np.ndarray | None = None) -> np.ndarray:
        """Nearest learned theme for new comments (UNASSIGNED / NOT_SUBSTANTIVE as in fit).

        ``guide_scores`` (``CodebookGuide.scores`` of ``texts``, its columns as in fit) place them as
        fit did; without them they are placed by their words alone, against the word part of each
        theme's centre."""
        if guide_scores is not None and guide_scores.shape != (len(texts), getattr(self, "guide_width_", 0)):
            raise ValueError(f"guide scores of shape {guide_scores.shape} for {len(texts)} texts of this fit")
        labels = np.full(len(texts), NOT_SUBSTANTIVE)
        index = np.flatnonzero([is_substantive(t) for t in texts])
        if len(index) and getattr(self, "n_themes_", 0):
            words = self.vectoriser_.transform(analyse_comments([texts[i] for i in index]))
            if guide_scores is not None:
                vectors, centres = self._guided(words, guide_scores[index]), self.centres_
            else:
                vectors, centres = words, normalize(self.centres_[:, : words.shape[1]])
            nearest, best = self._nearest(vectors, centres)
            labels[index] = np.where(best < self.min_similarity, UNASSIGNED, nearest)
        return labels

    def nearest_themes(self, vectors: np.ndarray) -> np.ndarray:
        """The theme of the nearest centre to each of some vectors of this fit (``Discovery.vectors``)."""
        if not getattr(self, "n_themes_", 0):
            raise ValueError("this fit found no themes")
        return self._nearest(vectors, self.centres_)[0]

    def _nearest(self, vectors: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each vector's theme by its nearest of ``centres`` (rows as ``centres_``), and that cosine."""
        similarity = vectors @ centres.T
        return self.centre_themes_[similarity.argmax(axis=1)], similarity.max(axis=1)
