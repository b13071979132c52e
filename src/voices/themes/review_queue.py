"""Which unreviewed comments an analyst should review next: the ones that teach the tagger most.

``review_queue(tagger, texts, n, seed)`` returns up to ``n`` ``ReviewPick``s, best first. It
combines two ideas from active learning:

- **Uncertainty.** ``CodebookTagger`` assigns a theme when that theme's calibrated score reaches the
  theme's own tuned threshold, so the tagger is least sure where a score sits *at its threshold*,
  not at 0.5. Distance is measured in log-odds, ``|logit(score) - logit(threshold)|``: scores are
  Platt-calibrated, so this is a theme's margin rescaled to a common unit, and a score of 0.02
  against a threshold of 0.10 counts as far (1.7) while 0.45 against 0.53 counts as near (0.3),
  although both differ by 0.08. (Entropy or margin across themes is not used: themes are
  independent yes/no decisions, a comment may have several or none, and the scores do not sum to 1.)
- **Diversity.** The most uncertain comments overall crowd around the one or two themes with the
  busiest boundary, and short stock answers ("Good service.") recur word for word. So themes take
  turns: in each round every theme picks the unpicked comment nearest its threshold, skipping any
  comment whose TF-IDF vector (the tagger's own features) is a near-duplicate of one already
  picked; within a round the most uncertain pick goes first. Taking turns gives rare themes as
  many reviews as common ones, which is what macro-F1 (every theme weighted alike) rewards, and
  the reviewer's label on a picked comment fixes every theme's row at once, not only the theme
  that chose it.

Nothing here trains or stores: callers pass the comments not yet reviewed, and retrain with the
labels they get back (``train.fit_codebook_tagger`` with confirmed labels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from voices.themes.tagger import CodebookTagger

# Two comments at least this similar (cosine over the tagger's TF-IDF features) count as one:
# "Nothing." against "nothing" (1.0) or "Nothing obvious." (0.84 with a tagger trained on FFT v6).
NEAR_DUPLICATE = 0.8
# Scores are clipped this far from 0 and 1 before taking log-odds, so a score that rounds to 0 or 1
# still gives a finite (large) distance.
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class ReviewPick:
    """One comment to offer a reviewer, and why it was chosen.

    ``index`` is its position in the texts given; ``theme`` the theme whose turn picked it (the
    tagger is unsure whether that theme applies); ``score`` and ``threshold`` that theme's score and
    threshold; ``distance`` their gap in log-odds (0 means exactly on the threshold).
    """

    index: int
    theme: str
    score: float
    threshold: float
    distance: float


def threshold_distances(
    tagger: CodebookTagger, texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per-theme scores and their log-odds distance from each theme's threshold, (texts x themes)."""
    scores = tagger.predict_proba(texts, questions)
    return scores, _distances(tagger, scores)


def review_queue(
    tagger: CodebookTagger,
    texts: Sequence[str],
    n: int,
    seed: int = 0,
    near_duplicate: float = NEAR_DUPLICATE,
    questions: Sequence[str | None] | None = None,
) -> list[ReviewPick]:
    """Up to ``n`` of ``texts`` for review, in rounds where every theme picks once.

    Within a round the theme whose next comment is nearest its threshold goes first, so the queue
    is best first and a queue shorter than the number of themes serves the most uncertain ones.
    ``seed`` only breaks ties (identical scores are common among short comments), so the same
    tagger, texts and seed always give the same queue. Fewer than ``n`` come back only when every
    remaining comment is a near-duplicate of one picked. ``questions`` are the comments' survey
    questions, which the tagger reads beside the text.
    """
    if n <= 0 or not texts:
        return []
    scores, features = queue_inputs(tagger, texts, questions)
    return queue_from_scores(tagger, scores, features, n, seed, near_duplicate)


def queue_inputs(
    tagger: CodebookTagger, texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> tuple[np.ndarray, sparse.csr_matrix]:
    """What the queue reads of each comment: the tagger's scores (texts x themes) and its unit-length
    TF-IDF features. A row depends on its comment alone, so callers may keep rows between queues."""
    return tagger.predict_proba(texts, questions), normalize(tagger.vectorizer_.transform(texts)).tocsr()


def queue_from_scores(
    tagger: CodebookTagger,
    scores: np.ndarray,
    features: sparse.csr_matrix,
    n: int,
    seed: int = 0,
    near_duplicate: float = NEAR_DUPLICATE,
) -> list[ReviewPick]:
    """``review_queue`` from the comments' ``queue_inputs``, rows in the comments' order."""
    if n <= 0 or not len(scores):
        return []
    distances = _distances(tagger, scores)
    # A random key under the distance: ties fall in a seeded, not a positional, order.
    tie_break = np.random.default_rng(seed).permutation(len(scores))
    ranked = [np.lexsort((tie_break, distances[:, j])) for j in range(distances.shape[1])]
    position = [0] * len(ranked)
    # Picked comments and their near-duplicates; one sparse product per pick keeps this current.
    blocked = np.zeros(len(scores), dtype=bool)

    def head(theme: int) -> int | None:
        """The theme's nearest comment not yet blocked (its position moves past blocked ones)."""
        order = ranked[theme]
        while position[theme] < len(order) and blocked[order[position[theme]]]:
            position[theme] += 1
        return int(order[position[theme]]) if position[theme] < len(order) else None

    picks: list[ReviewPick] = []
    live = set(range(len(ranked)))  # themes with comments left to offer
    while len(picks) < n and live:
        turn = set(live)  # themes yet to pick in this round
        while turn and len(picks) < n:
            heads: dict[int, int] = {}
            for theme in sorted(turn):
                index = head(theme)
                if index is None:  # nothing left for this theme that is not (nearly) picked
                    turn.discard(theme)
                    live.discard(theme)
                else:
                    heads[theme] = index
            if not heads:
                break
            theme = min(heads, key=lambda j: (distances[heads[j], j], j))
            index = heads[theme]
            turn.discard(theme)
            similarity = (features @ features[index].T).toarray().ravel()
            blocked |= similarity >= near_duplicate
            blocked[index] = True
            picks.append(
                ReviewPick(
                    index=index,
                    theme=str(tagger.classes_[theme]),
                    score=float(scores[index, theme]),
                    threshold=float(tagger.thresholds_[theme]),
                    distance=float(distances[index, theme]),
                )
            )
    return picks


def _distances(tagger: CodebookTagger, scores: np.ndarray) -> np.ndarray:
    return np.abs(_logit(scores) - _logit(tagger.thresholds_))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)
