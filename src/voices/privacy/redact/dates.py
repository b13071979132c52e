"""Dates of birth: a date counts only when a cue ("born on", "DOB", "date of birth") says whose."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .patterns import DATE_OF_BIRTH
from .spans import add_candidate, text_of


@Language.component("redact_dates_of_birth")
def redact_dates_of_birth(doc: Doc) -> Doc:
    for match in DATE_OF_BIRTH.finditer(text_of(doc)):
        add_candidate(doc, match.start("date"), match.end("date"), "date of birth")
    return doc

