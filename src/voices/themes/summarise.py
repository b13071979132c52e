"""Summaries of themes: figures, phrases, polarity, quotes and one sentence built from them.

Nothing is generated: the sentence is a template filled with counts and with phrases that
c-TF-IDF found in the comments, and every quote is a slice ``text[start:end]`` of one of the
comments given (already redacted before storage), chosen for centrality and diversity (MMR).
Small numbers: the sentence says "fewer than N" and quotes are withheld for a theme with fewer
than ``disclosure_threshold`` comments; the raw count stays in the record for the disclosure
layer, which decides what leaves the system. The positive / negative / neutral split counts each
comment as the trained polarity model reads it (``themes/polarity.py``; its "mixed" is neutral here).
The summary's shape, and how it is stored, is ``summaries.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.preprocessing import normalize

from voices.settings import DEFAULT_DISCLOSURE_THRESHOLD
from voices.text import Analysis
from voices.themes.stock_answers import are_about
from voices.themes.polarity import PolarityModel
from voices.themes.polarity_train import shipped_polarity
from voices.themes.summaries import Quote, Source, ThemeSummary

MAX_QUOTE_CHARS = 280
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """What summarise needs about one theme, whichever view found it."""

    key: str
    label: str
    source: Source
    members: Sequence[int]
    phrases: Sequence[str]  # distinctive terms and phrases, best first


def summarise(
    themes: Sequence[ThemeInput],
    texts: Sequence[str],
    analyses: Sequence[Analysis],
    vectors: np.ndarray,
    n_substantive: int,
    disclosure_threshold: int = DEFAULT_DISCLOSURE_THRESHOLD,
    n_quotes: int = 5,
    previous_counts: dict[str, int] | None = None,
    questions: Sequence[str | None] | None = None,
    polarity_model: PolarityModel | None = None,
    polarity: np.ndarray | None = None,
) -> list[ThemeSummary[Quote]]:
    """One summary per theme; ``vectors`` are unit rows aligned with ``texts``.

    Each comment's polarity is ``polarity`` where given (from `comment_polarities`), else read by
    ``polarity_model`` (default: the shipped one, ``themes/polarity_train.py``), with the question
    it answers when ``questions`` are given.
    """
    if polarity is None:
        polarity = comment_polarities(texts, analyses, questions, polarity_model)
    return [
        summarise_theme(
            theme, texts, polarity, vectors, n_substantive, disclosure_threshold, n_quotes,
            (previous_counts or {}).get(theme.key),
        )
        for theme in themes
    ]


def comment_polarities(
    texts: Sequence[str],
    analyses: Sequence[Analysis],
    questions: Sequence[str | None] | None = None,
    polarity_model: PolarityModel | None = None,
) -> np.ndarray:
    """"positive", "negative" or "neutral" per comment: the model's "mixed" (both, or neither) is
    what a summary counts as neutral."""
    if not texts:
        return np.array([], dtype=str)
    model = polarity_model or shipped_polarity()
    predicted = model.predict(texts, questions, analyses)
    return np.where(predicted == "mixed", "neutral", predicted).astype(str)


def summarise_theme(
    theme: ThemeInput,
    texts: Sequence[str],
    polarity: np.ndarray,
    vectors: np.ndarray,
    n_substantive: int,
    disclosure_threshold: int,
    n_quotes: int,
    previous_count: int | None = None,
) -> ThemeSummary[Quote]:
    members = np.asarray(theme.members, dtype=int)
    count = len(members)
    share = count / n_substantive if n_substantive else 0.0
    kinds = polarity[members] if count else np.array([], dtype=str)
    withheld = count < disclosure_threshold
    phrases = list(theme.phrases[:5])
    quotes = [] if withheld else choose_quotes(members, texts, vectors, phrases, n_quotes)
    return ThemeSummary(
        key=theme.key,
        label=theme.label,
        source=theme.source,
        count=count,
        share=share,
        top_phrases=phrases,
        positive=int((kinds == "positive").sum()),
        negative=int((kinds == "negative").sum()),
        neutral=int((kinds == "neutral").sum()),
        quotes=quotes,
        sentence=summary_sentence(theme.label, count, share, phrases, kinds, disclosure_threshold, previous_count),
        quotes_withheld=withheld,
    )


def summary_sentence(
    label: str,
    count: int,
    share: float,
    phrases: Sequence[str],
    kinds: np.ndarray,
    disclosure_threshold: int,
    previous_count: int | None = None,
) -> str:
    """E.g. '42 comments (18%) are about wait / time / hour, often "long wait", ... .' A theme of
    answers of nothing is what they say, not what they are about: '12 comments (3%) say “nothing
    helped”'."""
    about = are_about(label)
    if count < disclosure_threshold:
        return f"Fewer than {disclosure_threshold} comments {about}."
    sentence = f"{count} comments ({share:.0%}) {about}"
    if previous_count is not None and previous_count >= disclosure_threshold:
        direction = "up" if count > previous_count else "down" if count < previous_count else "level"
        sentence += f", {direction} from {previous_count}" if direction != "level" else ", as before"
    if phrases:
        sentence += ", often mentioning " + ", ".join(f'"{p}"' for p in phrases[:3])
    positive, negative = int((kinds == "positive").sum()), int((kinds == "negative").sum())
    return sentence + f"; {positive} read as positive and {negative} as negative."


def choose_quotes(
    members: np.ndarray,
    texts: Sequence[str],
    vectors: np.ndarray,
    phrases: Sequence[str],
    n_quotes: int,
    diversity: float = 0.3,
    pool: int = 200,
) -> list[Quote]:
    """Maximal marginal relevance: close to the theme's centre, unlike the quotes already chosen."""
    if len(members) == 0:
        return []
    centre = normalize(vectors[members].mean(axis=0, keepdims=True))[0]
    centrality = vectors[members] @ centre
    candidates = members[np.argsort(-centrality, kind="stable")[:pool]]
    relevance = vectors[candidates] @ centre
    chosen: list[int] = []
    seen_texts: set[str] = set()
    while len(chosen) < n_quotes:
        redundancy = (
            (vectors[candidates] @ vectors[chosen].T).max(axis=1) if chosen else np.zeros(len(candidates))
        )
        score = (1 - diversity) * relevance - diversity * redundancy
        score[[i for i, c in enumerate(candidates) if c in chosen or _key(texts[c]) in seen_texts]] = -np.inf
        best = int(np.argmax(score))
        if not np.isfinite(score[best]):
            break
        chosen.append(int(candidates[best]))
        seen_texts.add(_key(texts[candidates[best]]))
    return [excerpt(i, texts[i], phrases) for i in chosen]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def excerpt(index: int, text: str, phrases: Sequence[str], limit: int = MAX_QUOTE_CHARS) -> Quote:
    """The whole comment if short, else the run of sentences richest in the theme's words."""
    stripped_start = len(text) - len(text.lstrip())
    stripped_end = len(text.rstrip())
    if stripped_end - stripped_start <= limit:
        return Quote(index, stripped_start, stripped_end, text[stripped_start:stripped_end])
    words = {w for p in phrases for w in p.split()}
    spans = [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]
    best = max(range(len(spans)), key=lambda i: sum(w in text[slice(*spans[i])].lower() for w in words))
    start, end = spans[best]
    for follower in spans[best + 1 :]:
        if follower[1] - start > limit:
            break
        end = follower[1]
    start += len(text[start:end]) - len(text[start:end].lstrip())
    end = min(end, start + limit)
    end = start + len(text[start:end].rstrip())
    return Quote(index, start, end, text[start:end])
