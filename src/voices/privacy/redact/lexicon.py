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

from .data_files import read_list

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
# Rarer words than this are as likely typos and names as English vocabulary.
_RARE = -18.0
# A lower-case form used at least this nearly as often as the capitalised one is a word ("stag").
_CLOSE_TO_TITLE = 0.5
# Some locales keep surnames by gender ("Kowalski", "Kowalska") rather than in last_names.
_LAST_NAME_ATTRIBUTES = ("last_names", "male_last_names", "female_last_names", "unisex_last_names")


@dataclass(frozen=True, slots=True)
class NameLexicon:
    first_names: frozenset[str]  # all lower-case
    # Names from the locales most residents write in, which count even without a capital ("my
    # worker sam"); a name only another locale lists needs its capital ("Germán", not "german").
    lower_case_first_names: frozenset[str]
    last_names: frozenset[str]
    word_like: frozenset[str]  # names that are also everyday words
    short_forms: frozenset[str]  # first four or more letters of a longer first name ("steph")
    common_words: frozenset[str]
    # Every word English uses more in lower case than capitalised, however rare ("constable",
    # "liaison"): a capitalised one of these is a word at the start of a title, not a name.
    vocabulary: frozenset[str]
    well_known_proper: frozenset[str]  # lower-cased capitalised words common in text ("spain")
    prominent_proper: frozenset[str]  # the most common of those ("france", "york")


def lexicon_for(
    locales: list[str], lower_case_locales: list[str], extra_first_names_file: str
) -> NameLexicon:
    """The lexicon a component's config names (see nlp_models/redaction/config.cfg, [lexicon])."""
    extras = tuple(read_list(extra_first_names_file)) if extra_first_names_file else ()
    return load_lexicon(tuple(locales), tuple(lower_case_locales), extras)


@lru_cache(maxsize=4)
def load_lexicon(
    locales: tuple[str, ...], lower_case_locales: tuple[str, ...], extra_first_names: tuple[str, ...]
) -> NameLexicon:
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
    home = set(
        _name_parts(importlib.import_module(f"faker.providers.person.{locales[0]}").Provider.first_names)
    )
    first -= set(_name_parts(faker_address.Provider.countries)) - home
    common = frozenset(w for w, p in probs.items() if p >= _KNOWN and w.isalpha() and w.islower())
    lower_case = set(_name_parts(extra_first_names))
    for locale in lower_case_locales:
        lower_case.update(
            _name_parts(importlib.import_module(f"faker.providers.person.{locale}").Provider.first_names)
        )
    return NameLexicon(
        first_names=frozenset(first),
        lower_case_first_names=frozenset(lower_case & first),
        last_names=frozenset(last),
        word_like=frozenset(n for n in first | last if _is_word(n, probs)),
        short_forms=frozenset(name[:end] for name in first for end in range(_SHORTEST_FORM, len(name))),
        common_words=common,
        vocabulary=frozenset(
            w
            for w, p in probs.items()
            if w.isalpha() and w.islower() and p >= _RARE and p >= probs.get(w.title(), -20.0) - _CLOSE_TO_TITLE
        ),
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
