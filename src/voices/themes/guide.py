"""Codebook guidance for emergent themes.

Clustered on their words alone, the long comments of the themes blind set, each touching two or
three subjects, came out as themes in which blind readers found no common subject about half the
time. Discovery can be guided by what the codebook tagger already knows, as seeded topic models
are: each comment's codebook themes (the tagger's scores where they pass its thresholds, or an
analyst's confirmed label) are a second block beside its word vector, at a fixed weight
(``ThemeDiscoverer.guide_weight``). Comments the codebook agrees on then fall together, while
comments it has nothing to say about keep an empty block and are clustered on their words alone,
so wording the codebook does not cover still makes themes of its own. A theme most of whose comments
carry one codebook theme is named by it before its own words ("Victim blaming: fault / drink"), which
tells an officer how it relates to the codebook themes shown beside it.
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


def codebook_theme_of(members: Sequence[int], guide: np.ndarray, labels: Sequence[str]) -> str | None:
    """The label of the codebook theme that over half of a theme's ``members`` carry, if any."""
    if not len(members) or not guide.shape[1]:
        return None
    carried = (guide[np.asarray(members)] > 0).mean(axis=0)
    best = int(np.argmax(carried))
    return labels[best] if carried[best] > 0.5 else None


def shipped_guide(
    texts: Sequence[str], questions: Sequence[str | None] | None = None
) -> tuple[np.ndarray, list[str]]:
    """The guide the shipped tagger (``nlp_models/tagger``) gives ``texts``, and its columns'
    labels: what a theme run on a fresh install uses, for the evaluations and the judged sheets to
    measure the same thing."""
    from voices.themes.codebook import load_codebook
    from voices.themes.discover import is_substantive
    from voices.themes.run import tag
    from voices.themes.train import load_tagger

    tagger = load_tagger(PROJECT_ROOT / "nlp_models")
    keys = [str(c) for c in tagger.classes_]
    named = {theme.id: theme.label for theme in load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml").themes}
    rows = np.flatnonzero([is_substantive(text) for text in texts])
    asked = None if questions is None else [questions[i] for i in rows]
    assignments = tag(tagger, [texts[i] for i in rows], rows, {}, asked) if len(rows) else []
    guide = codebook_guide(((a.comment, a.theme_key, a.score) for a in assignments), len(texts), keys)
    return guide, [named.get(key, key) for key in keys]
