"""Codebook guidance for emergent themes.

Clustered on their words alone, the long comments of the themes blind set, each touching two or
three subjects, came out as themes in which blind readers found no common subject about half the
time. Discovery can be guided by what the codebook tagger already knows, as seeded topic models
are: each comment's codebook themes (the tagger's scores where they pass its thresholds, or an
analyst's confirmed label) are a second block beside its word vector, at a fixed weight
(``ThemeDiscoverer.guide_weight``). Comments the codebook agrees on then fall together; comments it
has nothing to say about keep an empty block, so only their words place them among themselves,
and wording the codebook does not cover can still make themes of its own. A theme most of whose
comments carry one codebook theme is named by it before its own words ("Victim blaming: fault /
drink"), which tells an officer how it relates to the codebook themes shown beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from voices.settings import DEFAULT_DISCLOSURE_THRESHOLD, PROJECT_ROOT
from voices.themes.phrase_names import NO_SHARED_WORDING


class Tagged(Protocol):
    """A codebook assignment (``run.Assignment``): which comment, which theme, how sure."""

    comment: int
    theme_key: str
    score: float


@dataclass(frozen=True, slots=True)
class CodebookGuide:
    scores: np.ndarray  # a row per comment, a column per codebook theme: its score where assigned, else 0
    labels: list[str]  # the name officers read, one per column
    # Fewest comments carrying a codebook theme for it to lead an emergent theme's name: the
    # disclosure threshold, so a name never says that a theme shown as "fewer than 10" has 9.
    min_named: int = DEFAULT_DISCLOSURE_THRESHOLD


def codebook_guide(
    assignments: Iterable[Tagged],
    n_texts: int,
    keys: Sequence[str],
    labels: Mapping[str, str],
    min_named: int = DEFAULT_DISCLOSURE_THRESHOLD,
) -> CodebookGuide:
    """The guide of ``n_texts`` comments: a column for each of ``keys`` and for any other theme
    assigned (an analyst may confirm one the tagger does not know), named by ``labels``."""
    assignments = list(assignments)
    columns = list(dict.fromkeys([*keys, *(a.theme_key for a in assignments)]))
    column = {key: j for j, key in enumerate(columns)}
    scores = np.zeros((n_texts, len(columns)))
    for a in assignments:
        scores[a.comment, column[a.theme_key]] = max(scores[a.comment, column[a.theme_key]], a.score)
    return CodebookGuide(scores, [labels.get(key, key) for key in columns], min_named)


def codebook_theme_of(members: Sequence[int], guide: CodebookGuide) -> str | None:
    """The label of the codebook theme that over half of a theme's ``members`` carry, and at least
    ``guide.min_named`` of them, if any."""
    if not len(members) or not guide.scores.shape[1]:
        return None
    carried = (guide.scores[np.asarray(members)] > 0).sum(axis=0)
    best = int(np.argmax(carried))
    enough = carried[best] > len(members) / 2 and carried[best] >= guide.min_named
    return guide.labels[best] if enough else None


def with_codebook_theme(label: str, members: Sequence[int], guide: CodebookGuide | None) -> str:
    """``label`` led by the codebook theme most of the members carry ("Victim blaming: fault /
    drink"), or that theme alone where the members share no wording."""
    theme = None if guide is None else codebook_theme_of(members, guide)
    if theme is None:
        return label
    return theme if label == NO_SHARED_WORDING else f"{theme}: {label}"


def shipped_guide(texts: Sequence[str], questions: Sequence[str | None] | None = None) -> CodebookGuide:
    """The guide the shipped tagger (``nlp_models/tagger``) gives ``texts``: what a theme run on a
    fresh install uses, for the evaluations and the judged sheets to measure the same thing."""
    from voices.themes.codebook import load_codebook
    from voices.themes.discover import is_substantive
    from voices.themes.run import tag
    from voices.themes.train import load_tagger

    tagger = load_tagger(PROJECT_ROOT / "nlp_models")
    named = {theme.id: theme.label for theme in load_codebook(PROJECT_ROOT / "nlp_models" / "codebook.yaml").themes}
    rows = np.flatnonzero([is_substantive(text) for text in texts])
    asked = None if questions is None else [questions[i] for i in rows]
    assignments = tag(tagger, [texts[i] for i in rows], rows, {}, asked) if len(rows) else []
    return codebook_guide(assignments, len(texts), [str(c) for c in tagger.classes_], named)
