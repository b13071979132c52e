"""Phrases that look personal but are not: services, courts, helplines ("Rape Crisis", "Crown
Court", "Victim Support", "Section 41"). Nothing inside one of them is redacted."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .data_files import read_list
from .spans import state_of


class PhraseProtector:
    def __init__(self, nlp: Language, phrases: list[str]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("not personal", [nlp.make_doc(phrase) for phrase in phrases])

    def __call__(self, doc: Doc) -> Doc:
        state_of(doc).protected_ranges = [
            (doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) for _, start, end in self.matcher(doc)
        ]
        return doc


@Language.factory("redact_protect_phrases", default_config={"phrases_file": ""})
def make_phrase_protector(nlp: Language, name: str, phrases_file: str) -> PhraseProtector:
    return PhraseProtector(nlp, read_list(phrases_file) if phrases_file else [])
