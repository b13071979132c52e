"""Street addresses: a house number and a street ("12 Church Street", "flat 3, 4 mill lane"),
a named street without a number ("on Commercial Road", a place rather than an address), and addresses
written the way other countries write them ("ul. Długa 12/4, Gdańsk", "Hauptstraße 7",
"Kossuth Lajos utca 12", "12 rue de la Paix"), with the town and postal code that follow."""

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
    "vale|croft|orchard|lea|bank|cottages|buildings|yard|wharf|quay"
)
_NUMBERED = re.compile(
    r"(?<![\d/.:£$-])\b\d{1,4}[a-z]?,?\s+"
    r"(?P<street>(?:[A-Za-z][A-Za-z'’-]*+\s+){1,3})"
    rf"(?:{_SUFFIXES})\b",
    re.IGNORECASE,
)
# "Flat 3, 22 Mill Lane": looked for just before a match, not by the pattern, which is faster.
_FLAT = re.compile(r"\b(?:(?i:flat|apartment|apt|unit)\s*(?:\d+[A-Za-z]?,?\s+)?|No\.?\s*)$")  # "No. 14 Adeola Street"
# Without a number only unmistakable street words count: "Crown Court" and "Victoria Park" do not.
_NAMED = re.compile(
    r"(?<![\w'’])(?P<street>(?:[A-Z][a-z'’]++\s+){1,3})"
    r"(?:Street|Road|Lane|Avenue|Close|Drive|Crescent|Terrace|Grove|Mews|Gardens|Row|Walk|Parade|Cottages"
    r"|Way|Rise|Fold|Chase|Meadows|Fields|View|Heights)\b"
)
# The town after a street address, before a comma, a postcode or the end: "…Ledbury Walk, Stoke
# Ambrey, HR8 1QW". Villages too small for any list are named here more than anywhere.
_TOWN_AFTER = re.compile(r",\s+(?P<town>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})(?=\s*(?:,|\.|$|[A-Z]{1,2}\d))")
# A postcode right after an address or its town, whatever its area: people invent or mistype them,
# and an Irish Eircode ("H91 X2Y3") has another shape.
_POSTCODE_AFTER = re.compile(
    r",?\s+(?P<postcode>[A-Z]{1,2}\d[A-Z\d]?\s{0,2}\d[A-Z]{2}|[A-Z]\d{2}\s?[A-Z\d]{4})\b", re.IGNORECASE
)
_WORD = re.compile(r"\S+")
_LETTERS = r"[^\W\d_][\w'’.-]*"
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽ][\w'’.-]*"
_HOUSE = r"\d{1,4}[a-zA-Z]?(?:\s?[/-]\s?\d{1,4}[a-zA-Z]?)?"
# Abroad the town (and postal code) belong to the address: "…12/4, 80-831 Gdańsk", "…23, 4050-262
# Porto", "…12, LT-01119 Vilnius"; a block or flat after the number is no town ("…42, Bloc C").
_TOWN = rf"(?:,?\s+(?:(?:[A-Z]{{1,2}}-)?\d{{4,6}}\s+|\d{{2,4}}-\d{{3}}\s+)?(?!(?i:bloc|bl|sc|ap|apt|flat|unit)\b){_CAPITALISED}(?:,\s+[A-Z]{{2}}(?:\s+\d{{5}})?)?)?"
_ABROAD = re.compile(
    # street word first: "ul. Długa 12/4", "Calle Mayor 5", "Rua Augusta 25", "Via Roma 10"
    rf"\b(?:(?i:ul\.|ulica|al\.|aleja|os\.|calle|c/|avenida|av\.|rua|strada|str\.|bulevardul|bd\.)|Via|Viale)"
    rf"\s+(?:{_LETTERS}\s+){{0,3}}?{_LETTERS},?\s+(?:nr\.?\s*)?{_HOUSE}{_TOWN}"
    # the street word joined to the name: "Hauptstraße 7", "Mannerheimintie 5", "Kungsgatan 3"
    rf"|\b{_CAPITALISED}(?i:straße|strasse|gasse|weg|platz|allee|katu|tie|gatan|vägen|vej|straat|laan|gracht)"
    rf"\s+{_HOUSE}{_TOWN}"
    # the street word after the name: "Kossuth Lajos utca 12", "Andrássy út 5", "Gedimino pr. 15-3"
    rf"|\b(?:{_CAPITALISED}\s+){{1,3}}(?i:utca|út|u\.|tér|körút|sokak|sokağı|caddesi|cad\.|g\.|gatvė|pr\.|prospektas|iela|tänav)\s+(?:(?i:no)\.?:?\s*)?{_HOUSE}{_TOWN}"
    # the number first: "12 rue de la Paix"
    rf"|\b{_HOUSE},?\s+(?i:rue|avenue|boulevard|bd|chemin|allée|impasse|quai)\s+(?:(?:de|du|des|la|le|l'|d')\s*)*{_LETTERS}{_TOWN}",
)
# "123 Main Street, Springfield, IL 62704": a US state after the town.
_US_TAIL = re.compile(r",\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s+[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?\b")
# "3 long days in the Court" has a number and a street word but no street between them.
_NOT_STREET_WORDS = STOP_WORDS | {
    "years", "weeks", "days", "months", "hours", "times", "sessions", "minute", "minutes", "min", "mins",
    "hour", "second", "seconds", "mile", "miles", "metres", "meters", "yards", "km", "year", "week", "day",
}  # fmt: skip


@Language.component("redact_addresses")
def redact_addresses(doc: Doc) -> Doc:
    text = text_of(doc)
    if DIGIT.search(text):
        for match in _NUMBERED.finditer(text):
            street = match.group("street")
            # "3 The Crescent", "12 The Green": a street called by its kind alone, with a capital "The"
            if street.strip() == "The" or not _NOT_STREET_WORDS.intersection(street.lower().split()):
                flat = _FLAT.search(text, max(0, match.start() - 20), match.start())
                tail = _US_TAIL.match(text, match.end())
                end = tail.end() if tail else match.end()
                add_candidate(doc, flat.start() if flat else match.start(), end, "address")
                _add_town_and_postcode(doc, text, end)
        for match in _ABROAD.finditer(text):
            add_candidate(doc, match.start(), match.end(), "address")
    for match in _NAMED.finditer(text):
        # Start at the first word that is not "Then", "On", "The": those only share the capital.
        # Without a house number a street is somewhere, not someone's address: a place.
        for word in _WORD.finditer(match.group("street")):
            if word.group().lower() not in STOP_WORDS:
                add_candidate(doc, match.start() + word.start(), match.end(), "place")
                _add_town_and_postcode(doc, text, match.end())
                break
    return doc


def _add_town_and_postcode(doc: Doc, text: str, end: int) -> None:
    """ "…Ledbury Walk, Stoke Ambrey, HR8 1QW": the town and postcode that follow a street."""
    town = _TOWN_AFTER.match(text, end)
    if town and town.group("town").split()[0].lower() not in STOP_WORDS:
        add_candidate(doc, *town.span("town"), "place")
        end = town.end()
    postcode = _POSTCODE_AFTER.match(text, end)
    if postcode and any(ch.isdigit() for ch in postcode.group("postcode")[-3:]):
        add_candidate(doc, *postcode.span("postcode"), "postcode")
