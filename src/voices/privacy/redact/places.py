"""Small identifying places: a gazetteer of the deployment's villages, towns, estates, schools and
workplaces, plus any capitalised name ending in "Primary School", "Academy", "Surgery" and the like."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .data_files import read_list
from .lexicon import NameLexicon, load_lexicon
from .spans import add_candidate, is_protected

_INSTITUTION = re.compile(
    r"\b(?P<name>(?:[A-Z][A-Za-z'’]+\.?\s+){1,4})"
    r"(?:(?:C of E |CE |Church of England |Junior |Infant |Primary |High |Secondary |Community )?School"
    r"|Primary|Academy|College|Surgery|Medical Centre|Medical Practice|Health Centre|Nursery)\b"
)
_WORD = re.compile(r"\S+")
# A capitalised unknown word after these is most likely a place missing from the gazetteer.
_PLACE_CUES = frozenset({"in", "at", "near", "from", "outside", "around"})


class PlaceRedactor:
    def __init__(self, nlp: Language, places: list[str], lexicon: NameLexicon) -> None:
        self.lexicon = lexicon
        common_words = lexicon.common_words
        # Match in any case, except single-word places that are also everyday words ("Eye",
        # "Marden" is fine, "Wellington" the boot is not): those must be written with a capital.
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
        self._find_cued_places(doc)
        for match in _INSTITUTION.finditer(doc.text):
            # Skip "The", "At", "My" at the front: a capital from the sentence, not the name.
            for word in _WORD.finditer(match.group("name")):
                if word.group().lower() not in STOP_WORDS:
                    start = match.start() + word.start()
                    if not is_protected(doc, start, match.end()):
                        add_candidate(doc, start, match.end(), "place")
                    break
        return doc

    def _find_cued_places(self, doc: Doc) -> None:
        """"in Garway", "near Michaelchurch Escley": capitalised words that are neither everyday
        words nor first names, after a word of place."""
        i = 1
        while i < len(doc):
            if doc[i - 1].lower_ in _PLACE_CUES and self._unknown_proper(doc[i], first=True):
                end = i + 1
                while end < len(doc) and self._unknown_proper(doc[end], first=False):
                    end += 1
                span = doc[i:end]
                # Small places are rare words: "in Garway" is one, "in Spain" is not.
                rare = any(t.lower_ not in self.lexicon.well_known_proper for t in span)
                if rare and not is_protected(doc, span.start_char, span.end_char):
                    add_candidate(doc, span.start_char, span.end_char, "place")
                i = end
            else:
                i += 1

    def _unknown_proper(self, token: Token, first: bool) -> bool:
        text, lower = token.text, token.lower_
        if not (token.is_alpha and text[0].isupper() and not text.isupper()):
            return False
        if lower in self.lexicon.common_words or lower in STOP_WORDS:
            return False
        return not (first and lower in self.lexicon.first_names)


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
