"""A place's whole extent, once every detector has spoken: overlapping finds joined ("Little
Haddow" and "Haddow upon Wend" are one village), and a venue named by what stands before "in" or
"on" a place ("the Spar in [Aldersley]", "the Co-op on [Station Road]"): a shop in a small place
is a place someone can be found."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .spans import add_candidate, candidates, is_protected, text_of

# Capitalised words before " in " / " on " and the place found there, after "the" or a word that
# says where someone was: "the Spar in …", "at Sainsbury's on …", "outside St Mary's in …".
_VENUE_BEFORE = re.compile(
    r"\b(?:[Tt]he|at|outside|behind|near|opposite)\s+(?P<venue>(?:[A-Z][\w'’&-]*\s+){1,3})(?:in|on)\s+$"
)
# Bodies that stand before a place without being a venue of it: "the Police in Leominster".
_NOT_VENUES = frozenset("police council nhs courts court crown county magistrates government university".split())
_REACH = 60


@Language.component("redact_joined_places")
def redact_joined_places(doc: Doc) -> Doc:
    places = sorted((start, end) for start, end, kind in candidates(doc) if kind == "place")
    if not places:
        return doc
    text = text_of(doc)
    for start, end in _joined(places):
        add_candidate(doc, start, end, "place")
    for start, end in places:
        venue = _VENUE_BEFORE.search(text, max(0, start - _REACH), start)
        if venue is None:
            continue
        words = venue.group("venue").lower().split()
        if any(word in _NOT_VENUES for word in words) or venue.group("venue").strip().isupper():
            continue  # "the SARC in …", "the Police in …": services, not venues
        if not is_protected(doc, venue.start("venue"), venue.end("venue")):
            add_candidate(doc, venue.start("venue"), end, "place")
    return doc


def _joined(places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Unions of places that overlap, where the union is longer than each of them."""
    joined: list[tuple[int, int]] = []
    current_start, current_end, parts = places[0][0], places[0][1], 1
    for start, end in places[1:]:
        if start < current_end:
            current_end, parts = max(current_end, end), parts + 1
            continue
        if parts > 1:
            joined.append((current_start, current_end))
        current_start, current_end, parts = start, end, 1
    if parts > 1:
        joined.append((current_start, current_end))
    return joined
