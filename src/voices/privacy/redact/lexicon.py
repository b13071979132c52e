"""What counts as a name and what counts as an everyday word, from maintained sources.

First and last names come from Faker's person providers for the configured locales; everyday
words come from the English word probabilities in spacy-lookups-data. A first name whose lower-case
form is an everyday word ("will", "hope", "mark", "grace") is *word-like*: it is taken for a name
only when the context says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import spacy_lookups_data
from faker.providers.address import en as faker_address
from spacy.util import load_language_data

# Log-probabilities from the word-frequency table. A lower-case form at least this frequent is an
# everyday word whatever its capitalised form does ("will", "bill", "guy").
_EVERYDAY = -11.0
# Below this even a word used as often in lower case as in capitals is too rare to matter.
_KNOWN = -13.5
# Within this of the capitalised form, the lower-case form is a word as well as a name ("rose").
_CLOSE = 1.5
# A capitalised word this frequent is a country, language or brand, not a hamlet.
_WELL_KNOWN = -15.0
# A capitalised word this frequent is a place or a brand before it is a short name ("France").
_PROMINENT = -12.5
_SHORTEST_FORM = 4
# Some locales keep surnames by gender ("Kowalski", "Kowalska") rather than in last_names.
_LAST_NAME_ATTRIBUTES = ("last_names", "male_last_names", "female_last_names", "unisex_last_names")


@dataclass(frozen=True, slots=True)
class NameLexicon:
    first_names: frozenset[str]  # all lower-case
    last_names: frozenset[str]
    word_like: frozenset[str]  # names that are also everyday words
    short_forms: frozenset[str]  # first four or more letters of a longer first name ("steph")
    common_words: frozenset[str]
    well_known_proper: frozenset[str]  # lower-cased capitalised words common in text ("spain")
    prominent_proper: frozenset[str]  # the most common of those ("france", "york")


@lru_cache(maxsize=4)
def load_lexicon(locales: tuple[str, ...], extra_first_names: tuple[str, ...]) -> NameLexicon:
    probs: dict[str, float] = load_language_data(spacy_lookups_data.en["lexeme_prob"])
    first: set[str] = set(_name_parts(extra_first_names))
    last: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        first.update(_name_parts(provider.first_names))
        for attribute in _LAST_NAME_ATTRIBUTES:
            last.update(_name_parts(getattr(provider, attribute, ())))
    # Some locales list countries as first names ("France"); keep only those the first (home)
    # locale lists too, so "Jordan" stays a name where it is one.
    home = set(_name_parts(importlib.import_module(f"faker.providers.person.{locales[0]}").Provider.first_names))
    first -= set(_name_parts(faker_address.Provider.countries)) - home
    common = frozenset(w for w, p in probs.items() if p >= _KNOWN and w.isalpha() and w.islower())
    return NameLexicon(
        first_names=frozenset(first),
        last_names=frozenset(last),
        word_like=frozenset(n for n in first | last if _is_word(n, probs)),
        short_forms=frozenset(
            name[:end] for name in first for end in range(_SHORTEST_FORM, len(name))
        ),
        common_words=common,
        well_known_proper=_proper_nouns(probs, _WELL_KNOWN),
        prominent_proper=_proper_nouns(probs, _PROMINENT),
    )


def _proper_nouns(probs: dict[str, float], threshold: float) -> frozenset[str]:
    return frozenset(w.lower() for w, p in probs.items() if p >= threshold and w.istitle() and w.isalpha())


def _name_parts(names: Iterable[str]) -> Iterable[str]:
    """Lower-case single words: "Mary-Jane" gives "mary" and "jane", as the tokenizer splits it."""
    for name in names:
        for part in name.replace("-", " ").split():
            if len(part) > 1 and part.replace("'", "").isalpha():
                yield part.lower()


def _is_word(name: str, probs: dict[str, float]) -> bool:
    lower = probs.get(name)
    if lower is None:
        return False
    capitalised = probs.get(name.title(), -20.0)
    return lower >= _EVERYDAY or (lower >= _KNOWN and lower > capitalised - _CLOSE)
