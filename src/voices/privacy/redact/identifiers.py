"""Postcodes, NHS numbers, National Insurance numbers and vehicle registrations."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .checks import is_current_registration, is_nhs_number, is_ni_number
from .patterns import DIGIT, NHS_NUMBER, NI_NUMBER, POSTCODE, POSTCODE_AREAS, VEHICLE_CURRENT, VEHICLE_OLDER
from .spans import add_candidate, text_of


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
    for match in NI_NUMBER.finditer(text):
        if is_ni_number(match.group()):
            add_candidate(doc, match.start(), match.end(), "ni number")
    for match in VEHICLE_CURRENT.finditer(text):
        if is_current_registration(match.group()):
            add_candidate(doc, match.start(), match.end(), "vehicle")
    for match in VEHICLE_OLDER.finditer(text):
        add_candidate(doc, match.start(), match.end(), "vehicle")
    return doc

