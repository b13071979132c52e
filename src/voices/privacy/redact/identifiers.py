"""Postcodes, NHS numbers, National Insurance numbers and vehicle registrations.

A number with the right shape next to a cue ("NI number", "reg", "his car is") is redacted even
when allocation rules say it was never issued: people mistype, and a wrongly redacted string costs
a reader one word where a missed one can identify someone. The rules decide only without a cue.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .checks import is_current_registration, is_nhs_number, is_ni_number
from .patterns import (
    DIGIT,
    NHS_CUE,
    NHS_NUMBER,
    NHS_SHAPE,
    NI_CUE,
    NI_NUMBER,
    NI_SHAPE,
    POSTCODE,
    POSTCODE_AREAS,
    VEHICLE_CUE,
    VEHICLE_CURRENT,
    VEHICLE_CURRENT_SPACED,
    VEHICLE_OLDER,
    VEHICLE_SHAPE,
)  # fmt: skip
from .spans import add_candidate, text_of

# How far before a number its cue may stand: "reg is a silver Corsa, LK07 XYZ".
CUE_REACH = 40
CUE_REACH_AFTER = 20


# The longest cue ("national insurance number"): a cue counts when it ends within the reach.
_LONGEST_CUE = 30


def cued(text: str, start: int, end: int, cue: re.Pattern[str]) -> bool:
    """A cue ending shortly before the match, or one just after it ("485 777 3456 is my nhs number")."""
    before = cue.finditer(text, max(0, start - CUE_REACH - _LONGEST_CUE), start)
    return (
        any(found.end() >= start - CUE_REACH for found in before)
        or cue.search(text, end, end + CUE_REACH_AFTER) is not None
    )


@Language.component("redact_identifiers")
def redact_identifiers(doc: Doc) -> Doc:
    text = text_of(doc)
    if not DIGIT.search(text):
        return doc  # every one of these identifiers contains a digit
    for match in POSTCODE.finditer(text):
        if match.group("area").upper() in POSTCODE_AREAS:
            add_candidate(doc, match.start(), match.end(), "postcode")
    for match in NHS_NUMBER.finditer(text):
        if is_nhs_number(match.group()):
            add_candidate(doc, match.start(), match.end(), "nhs number")
    for match in NHS_SHAPE.finditer(text):
        if cued(text, match.start(), match.end(), NHS_CUE):
            add_candidate(doc, match.start(), match.end(), "nhs number")
    for match in NI_NUMBER.finditer(text):
        if is_ni_number(match.group()):
            add_candidate(doc, match.start(), match.end(), "ni number")
    for match in NI_SHAPE.finditer(text):
        if cued(text, match.start(), match.end(), NI_CUE):
            add_candidate(doc, match.start(), match.end(), "ni number")
    for pattern in (VEHICLE_CURRENT, VEHICLE_CURRENT_SPACED):
        for match in pattern.finditer(text):
            if is_current_registration(match.group()):
                add_candidate(doc, match.start(), match.end(), "vehicle")
    for match in VEHICLE_OLDER.finditer(text):
        add_candidate(doc, match.start(), match.end(), "vehicle")
    for match in VEHICLE_SHAPE.finditer(text):
        if any(ch.isalpha() for ch in match.group()) and cued(text, match.start(), match.end(), VEHICLE_CUE):
            add_candidate(doc, match.start(), match.end(), "vehicle")
    return doc
