"""The fast path: what the pipeline knows about each text, without running Python components.

``analyse(texts)`` tokenizes with the shared tokenizer (``nlp.tokenizer.pipe``) and applies the
same lemma table and negation rule as ``text_pipeline()``, about three times faster, for bulk
work such as tagging 10,000 comments. It returns one ``Analysis`` per text.

``feature_string(analysis)`` is the space-joined term string that the tagger vectorises: lemmas,
with words inside a negation scope prefixed ``not_`` ("not_believe"), punctuation dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from voices.text.lemmas import english_lemma_table
from voices.text.negation import negation_scope
from voices.text.pipeline import text_pipeline

NEGATED_PREFIX = "not_"


@dataclass(frozen=True, slots=True)
class Analysis:
    words: list[str]  # lower-case token texts, punctuation and spaces dropped
    lemmas: list[str]  # same length as words
    negated: list[bool]  # same length: inside a negation scope
    is_stop: list[bool]  # same length: spaCy's English stop words


def analyse(texts: Iterable[str], batch_size: int = 1000) -> list[Analysis]:
    """Tokens, lemmas, negation scope and stop words for each text, in order."""
    nlp = text_pipeline()
    lemmas = english_lemma_table()
    stop_words = nlp.Defaults.stop_words
    results: list[Analysis] = []
    for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
        # Negation scope needs punctuation (it ends a scope), so compute it before dropping it.
        norms = [token.norm_ for token in doc]
        scope = negation_scope(norms)
        words: list[str] = []
        word_lemmas: list[str] = []
        negated: list[bool] = []
        for token, in_scope in zip(doc, scope, strict=True):
            if token.is_punct or token.is_space:
                continue
            lower = token.lower_
            words.append(lower)
            word_lemmas.append(lemmas.get(lower, lower))
            negated.append(in_scope)
        results.append(
            Analysis(words, word_lemmas, negated, [word in stop_words for word in words])
        )
    return results


def feature_string(analysis: Analysis) -> str:
    """Lemmas joined by spaces, negated ones marked, for a whitespace-token vectoriser."""
    return " ".join(
        NEGATED_PREFIX + lemma if negated else lemma
        for lemma, negated in zip(analysis.lemmas, analysis.negated, strict=True)
    )


def feature_strings(texts: Iterable[str]) -> list[str]:
    """``feature_string`` for each text: the tagger's input."""
    return [feature_string(analysis) for analysis in analyse(texts)]
