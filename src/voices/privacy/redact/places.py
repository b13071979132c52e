"""Small identifying places: a gazetteer of the deployment's villages, towns, estates, schools and
workplaces, plus any capitalised name ending in "Primary School", "Academy", "Surgery" and the like."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .data_files import read_list
from .lexicon import NameLexicon, load_lexicon
from .spans import add_candidate, is_protected, text_of

_INSTITUTION = re.compile(
    r"(?<![\w'’])(?P<name>(?:[A-Z][A-Za-z'’]++\.?\s+){1,4})"
    r"(?:(?:C of E |CE |Church of England |Junior |Infant |Primary |High |Secondary |Community )?School"
    r"|Primary|Academy|College|Surgery|Medical Centre|Medical Practice|Health Centre|Nursery)\b"
)
_WORD = re.compile(r"\S+")
# A capitalised unknown word after these is most likely a place missing from the gazetteer.
_CUED_PLACE = re.compile(r"\b(?:in|at|near|from|outside|around) (?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)*)")


class PlaceRedactor:
    def __init__(self, nlp: Language, places: list[str], lexicon: NameLexicon) -> None:
        self.lexicon = lexicon
        common_words = lexicon.common_words
        # Match in any case, except one-word places that are also everyday words ("Eye",
        # "Wellington"): those count only when written with a capital.
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        for place in places:
            pattern = nlp.make_doc(place)
            if len(pattern) == 1 and place.lower() in common_words:
                self.exact_case.add("place", [pattern])
            else:
                self.any_case.add("place", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        for matcher in (self.any_case, self.exact_case):
            for _, start, end in matcher(doc):
                span = doc[start:end]
                if not is_protected(doc, span.start_char, span.end_char):
                    add_candidate(doc, span.start_char, span.end_char, "place")
        text = text_of(doc)
        self._find_cued_places(doc, text)
        for match in _INSTITUTION.finditer(text):
            # Skip "The", "At", "My" (a capital from the sentence) and "GP", "NHS" (a kind of
            # service) at the front: only a name makes it a particular place.
            for word in _WORD.finditer(match.group("name")):
                if word.group().lower() not in STOP_WORDS and not word.group().isupper():
                    start = match.start() + word.start()
                    if not is_protected(doc, start, match.end()):
                        add_candidate(doc, start, match.end(), "place")
                    break
        return doc

    def _find_cued_places(self, doc: Doc, text: str) -> None:
        """"in Garway", "near Michaelchurch Escley": capitalised words that are neither everyday
        words nor first names, after a word of place."""
        for match in _CUED_PLACE.finditer(text):
            words = match.group("place").split()
            first = words[0].lower()
            if first in self.lexicon.first_names:
                continue  # "a text from Sarah" is a person
            kept = 0
            for word in words:
                if word.lower() in self.lexicon.common_words or word.lower() in STOP_WORDS:
                    break
                kept += 1
            if not kept:
                continue
            # Small places are rare words: "in Garway" is one, "in Spain" is not.
            if all(word.lower() in self.lexicon.well_known_proper for word in words[:kept]):
                continue
            start = match.start("place")
            end = start + len(" ".join(words[:kept]))
            if not is_protected(doc, start, end):
                add_candidate(doc, start, end, "place")


@Language.factory(
    "redact_places",
    default_config={"places_file": "", "locales": ["en_GB", "en_US", "en_IE"], "extra_first_names_file": ""},
)
def make_place_redactor(
    nlp: Language, name: str, places_file: str, locales: list[str], extra_first_names_file: str
) -> PlaceRedactor:
    places = read_list(places_file) if places_file else []
    extras = tuple(read_list(extra_first_names_file)) if extra_first_names_file else ()
    return PlaceRedactor(nlp, places, load_lexicon(tuple(locales), extras))
