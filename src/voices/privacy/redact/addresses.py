"""Street addresses: a house number and a street ("12 Church Street", "flat 3, 4 mill lane"),
or a named street without a number after a capitalised name ("on Commercial Road")."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from .patterns import DIGIT
from .spans import add_candidate, text_of

_SUFFIXES = (
    "street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|crescent|cres|gardens|place|court|"
    "terrace|grove|walk|row|hill|mews|square|park|view|green|rise|meadow|meadows|fields|parade|"
    "vale|croft|orchard|lea|bank"
)
_NUMBERED = re.compile(
    r"(?<![\d/.:£$-])\b\d{1,4}[a-z]?,?\s+"
    r"(?P<street>(?:[A-Za-z][A-Za-z'’-]*+\s+){1,3})"
    rf"(?:{_SUFFIXES})\b",
    re.IGNORECASE,
)
# "Flat 3, 22 Mill Lane": looked for just before a match, not by the pattern, which is faster.
_FLAT = re.compile(r"\b(?:flat|apartment|apt|unit)\s*\d+[a-z]?,?\s+$", re.IGNORECASE)
# Without a number only unmistakable street words count: "Crown Court" and "Victoria Park" do not.
_NAMED = re.compile(
    r"(?<![\w'’])(?P<street>(?:[A-Z][a-z'’]++\s+){1,3})"
    r"(?:Street|Road|Lane|Avenue|Close|Drive|Crescent|Terrace|Grove|Mews|Gardens)\b"
)
_WORD = re.compile(r"\S+")
# "3 long days in the Court" has a number and a street word but no street between them.
_NOT_STREET_WORDS = STOP_WORDS | {"years", "weeks", "days", "months", "hours", "times", "sessions"}


@Language.component("redact_addresses")
def redact_addresses(doc: Doc) -> Doc:
    text = text_of(doc)
    if DIGIT.search(text):
        for match in _NUMBERED.finditer(text):
            if not _NOT_STREET_WORDS.intersection(match.group("street").lower().split()):
                flat = _FLAT.search(text, max(0, match.start() - 20), match.start())
                add_candidate(doc, flat.start() if flat else match.start(), match.end(), "address")
    for match in _NAMED.finditer(text):
        # Start at the first word that is not "Then", "On", "The": those only share the capital.
        for word in _WORD.finditer(match.group("street")):
            if word.group().lower() not in STOP_WORDS:
                add_candidate(doc, match.start() + word.start(), match.end(), "address")
                break
    return doc
