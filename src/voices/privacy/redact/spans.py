"""Where components leave what they found: character ranges on `Doc._`, settled once at the end.

Every detector works in character offsets into the input text, because phone numbers, emails and
postcodes do not line up with spaCy's tokens. The last component (`redact_resolve`) settles
overlaps and builds the redacted text.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

Candidate = tuple[int, int, str]  # (start, end, kind) in characters of doc.text

EXTENSIONS = ("source_text", "redaction_candidates", "protected_ranges", "redacted_spans", "redacted_text", "recased")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy rebuilds it from the tokens on every access."""
    if doc._.source_text is None:
        doc._.source_text = doc.text
    return doc._.source_text


def add_candidate(doc: Doc, start: int, end: int, kind: str) -> None:
    # The default is None (not a shared list), so each Doc gets its own list on first use.
    if doc._.redaction_candidates is None:
        doc._.redaction_candidates = []
    doc._.redaction_candidates.append((start, end, kind))


def candidates(doc: Doc) -> list[Candidate]:
    return doc._.redaction_candidates or []


def coverage(text: str, ranges: Iterable[tuple[int, int]]) -> bytearray:
    """1 at every character of `text` inside one of the ranges: a lookup per word instead of a
    scan of every find, which made long hostile comments quadratic."""
    covered = bytearray(len(text))
    for start, end in ranges:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def is_protected(doc: Doc, start: int, end: int) -> bool:
    """True if the range lies inside a phrase known not to be personal (a service, a helpline)."""
    return any(s <= start and end <= e for s, e in doc._.protected_ranges or [])


register_extensions()
