"""Whether an unknown capitalised word is more likely a place than a person, from its shape and
the word before it: "the Maltings", "in Kettlethorpe", "round Meadowbank". Names of English places
end in a few dozen old words for farm, hill, ford and the like; people's names rarely do, and a
person is rarely "the" anything."""

from __future__ import annotations

import re

from spacy.tokens import Token

# Endings of English, Welsh and Scots place names, kept to those that few surnames share.
_PLACE_ENDING = re.compile(
    r"(?:thorpe|thwaite|wick|bury|borough|burgh|combe|coombe|field|fields|bank|holme|hurst|mere|"
    r"minster|stow|stowe|ington|caster|chester|cester|worth|wardine|dale|dean|den|by|ford|bridge|"
    r"brook|gate|haven|head|mouth|port|ness|wold|moor|marsh|heath|lea|leigh|ley|hill|hills|wood|"
    r"grange|green|side|view|fold|croft|mount|vale|ings|lands|gardens|maltings|dome|quay|wharf)$"
)
_PLACE_WORDS_BEFORE = frozenset({"in", "at", "to", "from", "near", "round", "around", "outside", "past", "towards", "via"})


def looks_like_place(tokens: list[Token], i: int, first_names: frozenset[str]) -> bool:
    """An unknown capitalised word, known to nobody's name list, that reads as a place."""
    token = tokens[i]
    lower = token.lower_
    if lower in first_names:
        return False
    before = tokens[i - 1].lower_ if i > 0 else ""
    if before == "the":
        return True  # "the Maltings", "the Aquadome": people are seldom "the" anything
    return has_place_ending(lower) and (before in _PLACE_WORDS_BEFORE or len(lower) > 6)


def has_place_ending(lower: str) -> bool:
    return _PLACE_ENDING.search(lower) is not None
