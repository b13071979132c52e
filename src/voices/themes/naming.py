"""Name themes by their most distinctive terms: class-based TF-IDF over content lemmas and pairs.

c-TF-IDF treats all comments of a theme as one document: a term scores high when it is frequent
inside the theme and rare across themes, weight = tf(term, theme) * log(1 + A / f(term)), with
tf normalised per theme, f the term's frequency over all themes and A the mean theme length.

Emergent themes are named in two more steps (``theme_term_weights``), because c-TF-IDF alone
gave names an officer could not read as one subject on short answers (median nine words):

- a term names only the themes where its c-TF-IDF weight is at least 70% of its highest weight,
  and at most two of them, so "service", "care" and "staff" no longer head a dozen themes at once;
- the named words should describe the same answers: walking down a theme's c-TF-IDF order, a word
  joins the lead group only if it shares at least one answer with every word already in it; the
  words that do not follow the group, those sharing answers with more of its words first.

On FFT v6 at 20 themes (seeds 0-4) this moved NPMI from -0.09..-0.05 to +0.03..+0.05 and topic
diversity from 0.70..0.72 to 0.85..0.86. The two thresholds were chosen on those runs.

The words shown for a theme (its top terms; a codebook theme's key phrases too) are only those at
least ``SHOWN_DOCUMENTS`` (five) of its comments use (in a theme of fewer than 31, the share a reader
of five meets, ``PART_COVERAGE``): a word two of a theme's hundreds of comments use is a stray, not a
subject. Its name is read from the unfiltered order, which blind readers judged. NPMI is measured
both over the words shown and over ten words a theme in the order names read; the second compares
like for like with before, when every theme showed ten (docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from voices.text import Analysis
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


# Every part of a name must be used by enough of the theme's comments that a reader of five of
# them more likely than not meets it: 1 - 0.5 ** (1 / 5), about 13%. Readers judged names with
# a part missing from all five comments right a third of the time ("looking at the clock", used
# by two of a theme's 24 comments about counselling), and two thirds otherwise.
PART_COVERAGE = 1 - 0.5 ** (1 / 5)
# A theme's shown words: used by at least this many of its comments (see the module doc).
SHOWN_DOCUMENTS = 5


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


def theme_term_weights(
    counts: sparse.csr_matrix,
    membership: sparse.csr_matrix,
    vocabulary: np.ndarray,
    max_themes: int = 2,
    min_share_of_best: float = 0.7,
    min_documents: int = 2,
    shown: bool = False,
    pool: int = 400,
) -> np.ndarray:
    """Display weights (themes x terms) for emergent themes, best first: see the module doc.

    ``counts`` holds every themed comment (the columns of ``membership``), unassigned ones
    included: whether two words share an answer is judged over all of them. A weight is a rank
    score in (0, 1], 1 for a theme's first term; terms a theme is not named by get 0. ``shown``:
    the terms shown to officers, without the strays (``leave_out_strays``).
    """
    weights = class_tfidf(counts, membership, min_documents)
    # A term names a theme only where it weighs at least min_share_of_best of its best weight,
    # and at most max_themes themes (the heaviest).
    weights[weights < min_share_of_best * weights.max(axis=0, keepdims=True)] = 0.0
    if max_themes < len(weights):
        order = np.argsort(-weights, axis=0, kind="stable")
        weights[order[max_themes:], np.arange(weights.shape[1])] = 0.0
    if shown:  # after the sharing out: a theme shows a subset of the terms its name reads
        leave_out_strays(weights, counts, membership, vocabulary, min_documents)
    present = (counts > 0).astype(np.float32).tocsc()
    single = np.array([" " not in str(term) for term in vocabulary])
    ranked = np.zeros_like(weights)
    for k, row in enumerate(weights):
        candidates = np.argsort(-row, kind="stable")[:pool]
        candidates = candidates[row[candidates] > 0]
        if len(candidates) == 0:
            continue
        columns = present[:, candidates]
        together = (columns.T @ columns).toarray() > 0
        order = co_occurring_first(together, single[candidates])
        ranked[k, candidates[order]] = (len(order) - np.arange(len(order))) / len(order)
    return ranked


def leave_out_strays(
    weights: np.ndarray,
    counts: sparse.csr_matrix,
    membership: sparse.csr_matrix,
    vocabulary: np.ndarray,
    min_documents: int = 2,
) -> None:
    """Zero, in place, the terms (themes x terms ``weights``) a theme should not show: those fewer
    than ``SHOWN_DOCUMENTS`` of its comments use (in a small theme, ``PART_COVERAGE`` of them if that
    is fewer, and never under ``min_documents``), and those holding a one-letter word ("girl s")."""
    sizes = np.asarray(membership.sum(axis=1)).reshape(-1, 1)
    floor = np.clip(np.ceil(PART_COVERAGE * sizes), min_documents, max(SHOWN_DOCUMENTS, min_documents))
    documents = np.asarray((membership @ (counts > 0).astype(np.float32)).todense())
    readable = np.array(
        [all(len(word.removeprefix(NEGATED_PREFIX)) > 1 for word in str(term).split()) for term in vocabulary],
        dtype=bool,
    )
    weights[(documents < floor) | ~readable] = 0.0


def co_occurring_first(together: np.ndarray, single: np.ndarray) -> np.ndarray:
    """A new order of candidates given best first (``together[i, j]``: i and j share an answer).

    First the group: each candidate that shares an answer with every single word already in the
    group joins it (phrases join but do not constrain it). Then the others, those sharing answers
    with more of the group's words first; ties keep the given order.
    """
    compatible = np.ones(len(together), dtype=bool)
    group: list[int] = []
    words: list[int] = []
    rest: list[int] = []
    for i in range(len(together)):
        if compatible[i]:
            group.append(i)
            if single[i]:
                compatible &= together[i]
                words.append(i)
        else:
            rest.append(i)
    if rest and words:
        shared = together[np.ix_(rest, words)].sum(axis=1)
        rest = [rest[i] for i in np.argsort(-shared, kind="stable")]
    return np.array(group + rest, dtype=np.int64)


def display_term(term: str, forms: Mapping[str, str] | None = None) -> str:
    """A lemma term as an officer reads it: "not_x" as "not x", and given ``written_forms``, each
    lemma as the theme's comments write it."""
    shown = []
    for word in term.split():
        negated = word.startswith(NEGATED_PREFIX)
        lemma = word[len(NEGATED_PREFIX) :] if negated else word
        written = forms.get(lemma, lemma) if forms else lemma
        shown.append("not " + written if negated else written)
    return " ".join(shown)


# Enough of a theme's comments to find how it writes its words, or what share uses its name; more
# only costs time at 100,000. The first in index order: comments come in no meaningful order.
READ_PER_THEME = 2_000


def written_forms(analyses: Sequence[Analysis], members: Sequence[int]) -> dict[str, str]:
    """Each content lemma of a theme's comments (``members`` index ``analyses``) -> the word they most
    often write for it. Terms are counted by lemma, so "better food" and "food could be better" are
    one term, but the lemma table makes "better" "well" and "amazing" "amaze": a term shown as
    "food well" is one nobody wrote. Each word of a pair is looked up alone, so a pair can still read
    as no one put it ("phone boxing" of "phone on boxing day")."""
    uses: dict[str, Counter[str]] = {}
    for i in members[:READ_PER_THEME]:
        analysis = analyses[i]
        # Stop words too: a theme led by its commonest word (phrase_names.defining_word) may be
        # led by one ("“because”"), and "nt" alone must not stand for the "not" most wrote.
        for word, lemma in zip(analysis.words, analysis.lemmas, strict=True):
            uses.setdefault(lemma, Counter())[word] += 1
    return {lemma: words.most_common(1)[0][0] for lemma, words in uses.items()}


def top_term_columns(weights: np.ndarray, n_terms: int = 10) -> np.ndarray:
    """The columns of one class's highest-weighted terms, best first."""
    order = np.argsort(-weights, kind="stable")[:n_terms]
    return order[weights[order] > 0]


def top_terms(
    weights: np.ndarray, vocabulary: np.ndarray, n_terms: int = 10, forms: Mapping[str, str] | None = None
) -> list[str]:
    """The highest-weighted terms of one class, best first, for display (``display_term``)."""
    return [display_term(str(vocabulary[i]), forms) for i in top_term_columns(weights, n_terms)]


def term_use(
    present: sparse.csr_matrix, members: Sequence[int], columns: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For the terms in ``columns``: the share of a theme's comments (``members``, rows of
    ``present``, documents x terms, true where a comment uses a term) using each, and that share
    over the share of every comment using it (lift)."""
    inside = np.asarray(present[members][:, columns].mean(axis=0)).ravel()
    overall = np.asarray(present[:, columns].mean(axis=0)).ravel()
    return inside, inside / np.maximum(overall, 1e-12)


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
