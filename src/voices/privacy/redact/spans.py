"""Where components leave what they found: character ranges kept with each Doc, settled once at the end.

Every detector works in character offsets into the input text, because phone numbers, emails and
postcodes do not line up with spaCy's tokens. The last component (`redact_resolve`) settles
overlaps and builds the redacted text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

Candidate = tuple[int, int, str]  # (start, end, kind) in characters of doc.text
_STATE = "voices.redaction"  # this package's key in Doc.user_data


@dataclass(slots=True)
class RedactionState:
    """What the components know of one comment. Kept in `Doc.user_data` under one key rather than
    as six `Doc._` extensions: spaCy builds a new `Underscore` object on every `doc._` access, and
    those accesses were a tenth of the time a comment took to redact. Not serialisable: such a Doc
    cannot go through `Doc.to_bytes` or `nlp.pipe(n_process>1)`, which redaction never uses."""

    source_text: str | None = None  # the text as read (recased if it was written in capitals)
    recased: bool = False
    protected_ranges: list[tuple[int, int]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    redacted_spans: list[Candidate] | None = None  # None until `redact_resolve` has settled them
    redacted_text: str | None = None


def state_of(doc: Doc) -> RedactionState:
    """The comment's state, made empty on first use (a Doc not built by `Redactor` has none yet)."""
    state = doc.user_data.get(_STATE)
    if state is None:
        state = doc.user_data[_STATE] = RedactionState()
    return state


def text_of(doc: Doc) -> str:
    """`doc.text`, joined once: spaCy rebuilds it from the tokens on every access."""
    state = state_of(doc)
    if state.source_text is None:
        state.source_text = doc.text
    return state.source_text


def add_candidate(doc: Doc, start: int, end: int, kind: str) -> None:
    state_of(doc).candidates.append((start, end, kind))


def candidates(doc: Doc) -> list[Candidate]:
    return state_of(doc).candidates


def coverage(text: str, ranges: Iterable[tuple[int, int]]) -> bytearray:
    """1 at every character of `text` inside one of the ranges: a lookup per word instead of a
    scan of every find, which made long hostile comments quadratic."""
    covered = bytearray(len(text))
    for start, end in ranges:
        covered[start:end] = b"\x01" * (end - start)
    return covered


def is_protected(doc: Doc, start: int, end: int) -> bool:
    """True if the range lies inside a phrase known not to be personal (a service, a helpline)."""
    return any(s <= start and end <= e for s, e in state_of(doc).protected_ranges)
