"""Dates of birth: a date counts only when a cue ("born on", "DOB", "date of birth") says whose."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import DATE_OF_BIRTH
from .spans import add_candidate, text_of

_CUE_HINTS = ("born", "birth", "dob", "d.o.b")


@Language.component("redact_dates_of_birth")
def redact_dates_of_birth(doc: Doc) -> Doc:
    text = text_of(doc)
    lower = text.lower()
    # Every cue contains one of these; most comments contain none, and the full pattern is slower.
    if not any(hint in lower for hint in _CUE_HINTS):
        return doc
    for match in DATE_OF_BIRTH.finditer(text):
        add_candidate(doc, match.start("date"), match.end("date"), "date of birth")
    return doc

