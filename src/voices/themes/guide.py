"""Codebook guidance for emergent themes.

Clustered on their words alone, the long comments of the themes blind set, each touching two or
three subjects, came out as themes in which blind readers found no common subject about half the
time. Discovery can be guided by what the codebook tagger already knows, as seeded topic models
are: each comment's codebook themes (the tagger's scores where they pass its thresholds, or an
analyst's confirmed label) are a second block beside its word vector, at a fixed weight
(``ThemeDiscoverer.guide_weight``). Comments the codebook agrees on then fall together, while
comments it has nothing to say about keep an empty block and are clustered on their words alone,
so wording the codebook does not cover still makes themes of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from voices.settings import PROJECT_ROOT


def codebook_guide(assignments: Iterable[tuple[int, str, float]], n_texts: int, keys: Sequence[str]) -> np.ndarray:
    """One row per text, one column per codebook theme in ``keys``: the score of each
    ``(comment, theme, score)`` assignment, 0 where the theme was not assigned."""
    column = {key: j for j, key in enumerate(keys)}
    guide = np.zeros((n_texts, len(keys)))
    for comment, key, score in assignments:
        guide[comment, column[key]] = max(guide[comment, column[key]], score)
    return guide


def shipped_guide(texts: Sequence[str], questions: Sequence[str | None] | None = None) -> np.ndarray:
    """The guide the shipped tagger (``nlp_models/tagger``) gives ``texts``: what a theme run on a
    fresh install uses, for the evaluations and the judged sheets to measure the same thing."""
    from voices.themes.discover import is_substantive
    from voices.themes.run import tag
    from voices.themes.train import load_tagger

    tagger = load_tagger(PROJECT_ROOT / "nlp_models")
    rows = np.flatnonzero([is_substantive(text) for text in texts])
    asked = None if questions is None else [questions[i] for i in rows]
    assignments = tag(tagger, [texts[i] for i in rows], rows, {}, asked) if len(rows) else []
    return codebook_guide(
        ((a.comment, a.theme_key, a.score) for a in assignments), len(texts), [str(c) for c in tagger.classes_]
    )
