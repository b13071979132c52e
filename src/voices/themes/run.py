"""Full theming of a set of comments: tag with the codebook, discover emergent themes, summarise.

``theme_comments(texts, tagger)`` is pure Python and returns a ``ThemingResult``: every
assignment (codebook and emergent), every theme's summary, and what it could not do. The text
pipeline runs once; tagging, discovery and summaries share its analyses, and the codebook themes
given guide discovery (``guide``). Storage of a run for a
survey lives in ``run_store``; reading the survey's comments, theming them and storing the run is
``survey_run.theme_survey``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from voices.settings import DEFAULT_DISCLOSURE_THRESHOLD
from voices.text import Analysis
from voices.themes.discover import Discovery, ThemeDiscoverer, is_substantive
from voices.themes.guide import codebook_guide
from voices.themes.naming import class_tfidf, leave_out_strays, membership_matrix, top_terms, written_forms
from voices.themes.summarise import ThemeInput, comment_polarities, summarise
from voices.themes.summaries import Quote, Source, ThemeSummary
from voices.themes.vectorise import analyse_comments


class Tagger(Protocol):
    """What theming needs from ``voices.themes.tagger.CodebookTagger``."""

    classes_: np.ndarray
    thresholds_: np.ndarray

    def predict_proba(self, X: Sequence[str], questions: Sequence[str | None] | None = None) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class Assignment:
    comment: int  # index into the texts given
    theme_key: str
    theme_label: str
    score: float
    source: Source
    reviewed: bool = False  # given by an analyst's confirmed label, not the tagger


@dataclass(frozen=True, slots=True)
class ThemingResult:
    n_comments: int
    discovery: Discovery
    assignments: list[Assignment]
    summaries: list[ThemeSummary[Quote]]
    seconds: dict[str, float]  # time taken by each step
    notes: list[str] = field(default_factory=list)
    # Each comment's polarity ("positive", "negative", "neutral"; summarise.comment_polarities), stored
    # with its assignments so reports count a theme's split from the comments that still exist.
    tones: list[str] = field(default_factory=list)


def theme_comments(
    texts: Sequence[str],
    tagger: Tagger | None = None,
    theme_labels: Mapping[str, str] | None = None,
    discoverer: ThemeDiscoverer | None = None,
    disclosure_threshold: int = DEFAULT_DISCLOSURE_THRESHOLD,
    previous_counts: Mapping[str, int] | None = None,
    confirmed: Mapping[int, Mapping[str, bool]] | None = None,
    progress: Callable[[str], None] = lambda step: None,
    questions: Sequence[str | None] | None = None,
) -> ThemingResult:
    """Tag (when a tagger is given), discover and summarise; see the module docstring.

    ``questions``, one per text (None where unknown), are the survey questions the comments answer;
    the tagger and the polarity model read them beside the text.
    """
    if questions is not None and len(questions) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(questions)} questions")
    seconds: dict[str, float] = {}
    notes: list[str] = []
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        seconds[step] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()
        progress(step)

    analyses = analyse_comments(texts)
    lap("analyse")
    substantive = np.flatnonzero([is_substantive(t) for t in texts])
    codebook: list[Assignment] = []
    if tagger is None:
        notes.append("no trained tagger: codebook themes skipped")
    elif len(substantive):
        asked = None if questions is None else [questions[i] for i in substantive]
        codebook = tag(tagger, [texts[i] for i in substantive], substantive, theme_labels or {}, asked)
    if confirmed:
        codebook = obey_confirmed(codebook, confirmed, theme_labels or {})
    lap("tag")

    engine = discoverer or ThemeDiscoverer()
    guide = None
    if tagger is not None or codebook:
        keys = [str(c) for c in getattr(tagger, "classes_", [])]
        guide = codebook_guide(codebook, len(texts), keys, theme_labels or {}, min_named=disclosure_threshold)
    discovery = engine.discover(texts, analyses=analyses, questions=questions, guide=guide)
    notes.extend(discovery.notes)
    lap("discover")

    emergent = [
        Assignment(i, theme.key, theme.label, float(discovery.similarity[i]), "emergent")
        for theme in discovery.themes
        for i in theme.members
    ]
    inputs = [
        ThemeInput(theme.key, theme.label, "emergent", theme.members, theme.terms)
        for theme in discovery.themes
    ] + codebook_inputs(codebook, engine, analyses)
    polarity = comment_polarities(texts, analyses, questions)
    summaries = summarise(
        inputs, texts, analyses, discovery.vectors, discovery.n_substantive,
        disclosure_threshold, previous_counts=dict(previous_counts or {}), questions=questions, polarity=polarity,
    )
    lap("summarise")
    return ThemingResult(len(texts), discovery, codebook + emergent, summaries, seconds, notes, polarity.tolist())


def tag(
    tagger: Tagger,
    texts: Sequence[str],
    positions: np.ndarray,
    labels: Mapping[str, str],
    questions: Sequence[str | None] | None = None,
) -> list[Assignment]:
    """Every theme whose score reaches its own threshold, best first within a comment."""
    scores = tagger.predict_proba(texts, questions)
    keys = [str(c) for c in tagger.classes_]
    assigned = scores >= np.asarray(tagger.thresholds_)
    return [
        Assignment(int(positions[row]), keys[j], labels.get(keys[j], keys[j]), float(scores[row, j]), "codebook")
        for row in range(len(texts))
        for j in np.argsort(-scores[row])
        if assigned[row, j]
    ]


def obey_confirmed(
    codebook: Sequence[Assignment], confirmed: Mapping[int, Mapping[str, bool]], labels: Mapping[str, str]
) -> list[Assignment]:
    """The tagger's assignments corrected by analysts' confirmed labels (comment position -> theme ->
    applies): a reviewed assignment outranks the machine's, whether it adds a theme or rules one out."""
    kept = [a for a in codebook if a.theme_key not in confirmed.get(a.comment, {})]
    reviewed = [
        Assignment(comment, theme, labels.get(theme, theme), 1.0, "codebook", reviewed=True)
        for comment, themes in sorted(confirmed.items())
        for theme, applies in sorted(themes.items())
        if applies
    ]
    return kept + reviewed


def codebook_inputs(
    codebook: Sequence[Assignment], engine: ThemeDiscoverer, analyses: Sequence[Analysis]
) -> list[ThemeInput]:
    """Codebook themes as summary inputs, their phrases found by the same c-TF-IDF."""
    keys = list(dict.fromkeys(a.theme_key for a in codebook))
    if not keys:
        return []
    labels = {a.theme_key: a.theme_label for a in codebook}
    members: dict[str, list[int]] = {key: [] for key in keys}
    for a in codebook:
        members[a.theme_key].append(a.comment)
    vectoriser = getattr(engine, "vectoriser_", None)
    phrases: dict[str, list[str]] = {key: [] for key in keys}
    if vectoriser is not None:
        counts = vectoriser.term_counts(analyses)
        membership = membership_matrix([members[k] for k in keys], len(analyses))
        weights = class_tfidf(counts, membership)
        leave_out_strays(weights, counts, membership, vectoriser.vocabulary)
        for row, key in enumerate(keys):
            phrases[key] = top_terms(weights[row], vectoriser.vocabulary, 10, written_forms(analyses, members[key]))
    return [ThemeInput(key, labels[key], "codebook", members[key], phrases[key]) for key in keys]


def result_json(result: ThemingResult, ids: Sequence[object]) -> dict[str, object]:
    """A plain-JSON view of a result, comments named by ``ids`` (for ``voices themes discover``)."""
    discovery = result.discovery
    summaries = {(s.source, s.key): s for s in result.summaries}

    def summary(source: str, key: str) -> dict[str, object]:
        found = summaries[(source, key)]
        return {
            "count": found.count, "share": round(found.share, 4), "top_phrases": found.top_phrases,
            "positive": found.positive, "negative": found.negative, "neutral": found.neutral,
            "quotes": [{"id": ids[q.comment], "text": q.text} for q in found.quotes],
            "quotes_withheld": found.quotes_withheld, "sentence": found.sentence,
        }

    codebook: dict[str, list[object]] = {}
    labels: dict[str, str] = {}
    for a in result.assignments:
        if a.source == "codebook":
            codebook.setdefault(a.theme_key, []).append(ids[a.comment])
            labels[a.theme_key] = a.theme_label
    return {
        "counts": {
            "comments": result.n_comments, "substantive": discovery.n_substantive,
            "unassigned": discovery.n_unassigned, "not_substantive": discovery.n_not_substantive,
        },
        "themes": [
            {"key": t.key, "label": t.label, "terms": t.terms[:10],
             "members": [ids[i] for i in t.members], "summary": summary("emergent", t.key)}
            for t in discovery.themes
        ],
        "codebook_themes": [
            {"key": key, "label": labels[key], "members": members, "summary": summary("codebook", key)}
            for key, members in codebook.items()
        ],
        "unassigned": [ids[i] for i in np.flatnonzero(discovery.labels == -1)],
        "not_substantive": [ids[i] for i in np.flatnonzero(discovery.labels == -2)],
        "seconds": result.seconds,
        "notes": result.notes,
    }
