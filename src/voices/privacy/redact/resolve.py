"""The last component: settle overlapping finds and write the redacted text."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .kinds import PRIORITY, placeholder
from .spans import Candidate, candidates, is_protected, state_of, text_of


def settle(doc: Doc) -> list[Candidate]:
    """Keep the longest of overlapping finds (an email beats the name inside it), then the most
    specific kind; drop whatever lies inside a protected phrase."""
    chosen: list[Candidate] = []
    taken = bytearray(len(text_of(doc)))  # 1 where a chosen span already lies: linear, not n²
    ranked = sorted(set(candidates(doc)), key=lambda c: (c[0] - c[1], PRIORITY.get(c[2], 99), c[0]))
    for start, end, kind in ranked:
        if taken.find(1, start, end) == -1 and not is_protected(doc, start, end):
            chosen.append((start, end, kind))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(chosen)


@Language.component("redact_resolve")
def redact_resolve(doc: Doc) -> Doc:
    spans = settle(doc)
    state = state_of(doc)
    state.redacted_spans = spans
    state.redacted_text = redacted_from(text_of(doc), spans)
    return doc


def redacted_from(text: str, spans: list[Candidate]) -> str:
    """`text` with each settled span (sorted, apart) replaced by its kind's placeholder."""
    pieces, position = [], 0
    for start, end, kind in spans:
        pieces += [text[position:start], placeholder(kind)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
