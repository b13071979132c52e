"""A full postal address is one detail: "14 Willow Bank, Hexley, HX4 7PQ", "Rose Cottage, Mill
Lane, Little Harrowden", "Str. Florilor nr. 7, bl. A2, ap. 14, Iași", "4417 Maple Ridge Dr, Apt 2B,
Columbus, OH 43214".

Runs once every detector has spoken: the street, the town, the postcode are each found by
their own rules (or the entity model), and here a chain of them joined by commas becomes one
address. The parts a chain may take in beyond those finds have shapes no other detector looks for:
flat and block numbers, postal codes abroad, a US state with its ZIP code, and a town or country
standing alone between commas.

A numbered street followed by its town or its postcode is one address ("14 Bridge Street,
Ledbury"): the town may be one that stays readable on its own ("59 Commercial Street, Hereford"),
and with the street it says where someone lives. So is a house name leading a chain, and a street
written the way other countries write it (the number after the name) followed by more.
"""

from __future__ import annotations

import re

from faker.providers.address import en as faker_address
from spacy.language import Language
from spacy.tokens import Doc

from .spans import add_candidate, candidates, is_protected, text_of

_SEPARATOR_BEFORE = re.compile(r",\s*$")
_SEPARATOR = re.compile(r",\s*(?:(?i:off|near|opposite|behind)\s+)?|\s+")  # "…Street, off Allen Avenue, …"
# Parts of an address only addresses have, each tried where a separator ends.
_POSTAL_PARTS = re.compile(
    # UK postcodes in any area (people invent and mistype them), Irish Eircodes
    r"(?i:[A-Z]{1,2}\d[A-Z\d]?\s{0,2}\d[A-Z]{2}|[A-Z]\d{2}\s?[A-Z\d]{4})\b"
    # postal codes abroad, with the town after them: "4050-262 Porto", "LT-01119 Vilnius", "400001 Cluj"
    r"|(?:[A-Z]{1,2}-)?(?:\d{2}-\d{3}|\d{4}-\d{3}|\d{4,6})\b(?:\s+[^\W\d_][\w'’.-]*)?"
    # a US state and ZIP code: "OH 43214"
    r"|[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"
)
_UK_POSTCODE = r"(?i:[A-Z]{1,2}\d[A-Z\d]?\s{0,2}\d[A-Z]{2})\b"
# Without a comma, a town of a word or two joins when its postcode follows: "41 station road
# kingsmere tq7 1ab", "Much Harrowden, Shropshire SY7 4DF".
_TOWN_AND_POSTCODE = re.compile(rf"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?\s+{_UK_POSTCODE}")
# Flats, blocks, staircases and floors: "Apt 2B", "Bloc C", "ap. 14", "2º Esq", "No: 54".
_UNIT = re.compile(
    r"(?i:apt|apartment|flat|unit|bloc|bl|sc|ap|no|nr)\.?:?\s*[A-Z\d]{1,4}\b|\d{1,2}[º°ª]\s*[A-Za-z]{1,4}\b"
)
# A town, county or country standing alone between commas: "Co. Galway", "Tyne and Wear", "USA".
_TOWN = re.compile(
    r"(?:Co\.|St\.|[^\W\d_a-z][\w'’-]*)(?:\s+(?:(?:and|upon|on|le|de)\s+)?[^\W\d_a-z][\w'’-]*){0,3}"
    rf"(?=\s*(?:,|[.!?;)]|\s[-–]|$)|\s+{_UK_POSTCODE})"
)
# Names of houses and farms, which stand for the number in a rural address.
_HOUSE = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w'’]*\s+){1,2}(?:Cottage|Farm|House|Lodge|Barn|Forge|Mill|Grange|Manor|Villa"
    r"|Bungalow|Rectory|Vicarage|Farmhouse|Croft)(?=,)"
)
# "Rua das Flores 23", "ul. Długa 15/3": the number after the street, as most countries write it.
_NUMBER_AFTER_STREET = re.compile(r"(?!(?i:flat|unit|apt|apartment)\b)[^\W\d_][^\d,]*?\s(?:(?i:nr|no)\.?:?\s*)?\d")
# An address that ends in its country is an address abroad, written whole: "…, Gdańsk, Poland".
_COUNTRIES = frozenset(country.lower() for country in faker_address.Provider.countries) | {"usa", "uk", "us"}
_LINKED_KINDS = frozenset({"address", "place", "postcode", "name"})
_PARTS_FOR_A_FULL_ADDRESS = 2
_LONGEST_CHAIN = 8


@Language.component("redact_whole_addresses")
def redact_whole_addresses(doc: Doc) -> Doc:
    found = candidates(doc)
    if not any(kind == "address" for _, _, kind in found) and "," not in text_of(doc):
        return doc
    text = text_of(doc)
    ends_at: dict[int, int] = {}  # where each find of a linkable kind starts: its furthest end
    for start, end, kind in found:
        if kind in _LINKED_KINDS:
            ends_at[start] = max(end, ends_at.get(start, start))
    starts = [(start, end, False) for start, end, kind in found if kind == "address"]
    starts += [(match.start(), match.end(), True) for match in _HOUSE.finditer(text)]
    places_ending_at = {end: start for start, end, kind in found if kind == "place"}
    names_at = {start for start, _, kind in found if kind == "name"}
    for start, end, house in starts:
        chain_end, links = _chain(text, end, ends_at)
        abroad = _NUMBER_AFTER_STREET.match(text, start, end) is not None
        country = text[start:chain_end].rsplit(",", 1)[-1].strip().lower() in _COUNTRIES
        if links == 1 and not house and _SEPARATOR.match(text, end).end() in names_at:
            links = 0  # "at 12 Mill Lane, Tom said": a person after the street, not a town
        if links and (house or abroad or country or 1 + links >= _PARTS_FOR_A_FULL_ADDRESS):
            # "Ravensworth & Co, 3 Market Place, …": the firm or building heading the address
            before = _SEPARATOR_BEFORE.search(text, max(0, start - 3), start)
            if before is not None and before.start() in places_ending_at:
                start = places_ending_at[before.start()]
            if not is_protected(doc, start, chain_end):
                add_candidate(doc, start, chain_end, "address")
    return doc


def _chain(text: str, end: int, ends_at: dict[int, int]) -> tuple[int, int]:
    """How far the parts after an address reach, and how many there are."""
    links = 0
    while links < _LONGEST_CHAIN:
        separator = _SEPARATOR.match(text, end)
        if separator is None:
            break
        at = separator.end()
        if "," in separator.group():
            reach = ends_at.get(at, at)
            for pattern in (_POSTAL_PARTS, _UNIT, _TOWN):
                match = pattern.match(text, at)
                if match:
                    reach = max(reach, match.end())
        else:  # without a comma only a postcode joins, or a town and its postcode: "Dunholme DN7 2QL", "Hyderabad 500080"
            match = _POSTAL_PARTS.match(text, at) or _TOWN_AND_POSTCODE.match(text, at)
            reach = match.end() if match else at
        if reach == at:
            break
        end, links = reach, links + 1
    return end, links
