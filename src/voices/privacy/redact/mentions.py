"""A name found once is a name everywhere in the comment: "Tariq said … Tariq never …".

Runs after every detector of names (rules and the entity model) and before `resolve`; first it
widens each name to its whole extent (`name_edges.py`). A later
mention matches a word of a found name exactly as written; in any case only when it is no
everyday word, so "Will (my stepdad)" does not take "I will" with it.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from .cues import load_cues
from .lexicon import NameLexicon, lexicon_for
from .name_edges import NameEdges
from .spans import add_candidate, candidates, coverage, is_protected, text_of

_SHORTEST = 2


class RepeatedNames:
    def __init__(self, lexicon: NameLexicon, edges: NameEdges, titles: frozenset[str], not_names: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.edges = edges
        # Titles and months never spread: "nurse June" is a person, "in June" a month.
        self.skipped = STOP_WORDS | titles | not_names

    def __call__(self, doc: Doc) -> Doc:
        self.edges.widen(doc)
        found = [(start, end) for start, end, kind in candidates(doc) if kind == "name"]
        if not found:
            return doc
        text = text_of(doc)
        exact, any_case = set(), set()
        for start, end in found:
            for word in text[start:end].replace("-", " ").split():
                lower = word.lower()
                if len(word) < _SHORTEST or lower in self.skipped or not word.isalpha():
                    continue
                if lower in self.lexicon.common_words:
                    exact.add(word)
                else:
                    any_case.add(lower)
        covered = coverage(text, found)
        for token in doc:
            if not (token.text in exact or token.lower_ in any_case):
                continue
            start, end = token.idx, token.idx + len(token)
            if covered.find(0, start, end) != -1 and not is_protected(doc, start, end):
                add_candidate(doc, start, end, "name")
        return doc


@Language.factory(
    "redact_repeated_names",
    default_config={
        "locales": ["en_GB"],
        "lower_case_locales": ["en_GB"],
        "extra_first_names_file": "",
        "cues_file": "",
    },
)
def make_repeated_names(
    nlp: Language,
    name: str,
    locales: list[str],
    lower_case_locales: list[str],
    extra_first_names_file: str,
    cues_file: str,
) -> RepeatedNames:
    cues = load_cues(cues_file)
    lexicon = lexicon_for(locales, lower_case_locales, extra_first_names_file)
    never_in_names = cues.every_title | cues.not_names | cues.roles | cues.not_name_heads
    edges = NameEdges(lexicon, never_in_names, cues.particles, cues.every_title)
    return RepeatedNames(lexicon, edges, cues.every_title, cues.not_names)
