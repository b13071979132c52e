"""The question a comment answers, as tagging input (issue 12: "nothing" means opposite things under
"What helped?" and "What did not help?").

``question_kind(question)`` sorts a question by its polarity into one of ``QUESTION_KINDS``, from its
wording alone (so FFT's "What was good?" is ``helped`` and "How could we improve?" ``better``); a
question it does not recognise, or none, is ``other``. ``question_features(questions, texts)`` turns
each comment's question into a few columns the tagger appends to its term features: one indicator
per kind, and the same indicator for short answers only, because a bare "nothing" or "the ISVA"
takes its meaning from the question far more than a paragraph does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

# Checked in order, each before a looser one that would also match: "What did not help?" is
# not_helped before "help" reads as helped; "What would help you while you wait?" asks for a change,
# so better; "Is there anything else you would like to tell us?" is anything_else before "like".
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("not_helped", re.compile(r"\b(did ?n[o']t|not|never) help|\bunhelpful|\bwent wrong")),
    ("why_not_report", re.compile(r"\bnot report|\bstop .* report|\bput .* off report")),
    ("safer_public", re.compile(r"\bsafe(r|ty)?\b.*\bpublic|\bpublic\b.*\bsafe")),
    (
        "better",
        re.compile(r"\bbetter\b|\bimprove|\bchange\b|\bdo differently|\b(would|could|might) (help|make)\b"),
    ),
    ("anything_else", re.compile(r"\banything else\b|\bother comments?\b")),
    ("helped", re.compile(r"\bhelp(ed|ful)?\b|\bwas good\b|\bwent well\b|\bdid well\b|\bliked?\b")),
)
# The order of the feature columns trained models were fitted on: fixed, whatever order the patterns
# are checked in.
QUESTION_KINDS: tuple[str, ...] = (
    "not_helped", "why_not_report", "safer_public", "better", "helped", "anything_else", "other"
)
# An answer this short leans on its question for meaning ("nothing", "nothing really", "the isva").
SHORT_ANSWER_WORDS = 4
N_QUESTION_FEATURES = 2 * len(QUESTION_KINDS)
_INDEX = {kind: j for j, kind in enumerate(QUESTION_KINDS)}


def question_kind(question: str | None) -> str:
    """The polarity of a survey question: one of ``QUESTION_KINDS``."""
    if not question:
        return "other"
    folded = " ".join(question.casefold().split())
    for kind, pattern in _PATTERNS:
        if pattern.search(folded):
            return kind
    return "other"


def question_features(questions: Sequence[str | None] | None, texts: Sequence[str]) -> sp.csr_matrix:
    """(n_texts, ``N_QUESTION_FEATURES``): the kind's indicator, then the same for short answers.

    ``questions=None`` means no comment's question is known: every row is ``other``, as are the
    codebook's examples, which answer no question.
    """
    if questions is not None and len(questions) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(questions)} questions")
    rows = np.arange(len(texts))
    asked = questions if questions is not None else [None] * len(texts)
    kinds = np.array([_INDEX[question_kind(q)] for q in asked], dtype=np.int64)
    short = np.array([len(text.split()) <= SHORT_ANSWER_WORDS for text in texts], dtype=bool)
    data = np.ones(len(texts) + int(short.sum()))
    row_index = np.concatenate([rows, rows[short]])
    column_index = np.concatenate([kinds, len(QUESTION_KINDS) + kinds[short]])
    return sp.csr_matrix((data, (row_index, column_index)), shape=(len(texts), N_QUESTION_FEATURES))
