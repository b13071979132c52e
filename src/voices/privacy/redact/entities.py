"""A statistical signal beside the rules: people, places and venues found by a trained NER model.

The rules know names from lists and the words around them; a trained model knows what a name
looks like in a sentence, whatever its origin ("Ngozi Adebayo-Okafor was the first person I
told"), and sees venues the gazetteer never listed. Both sets of finds go to `resolve`, which
keeps the longest and drops whatever lies inside a protected service name, as for every detector.

The model is our own compact NER (`ner_build/`: a CNN two layers deep, taught by en_core_web_sm,
whose CNN has four), and still costs several times the rules a token, so it reads only windows
around words the rules cannot vouch for: capitalised words that are not everyday English. A window
of five tokens either side finds what reading the whole comment would; a test checks that on every
tuning example.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from .apposition import introduces_person
from .cues import NameCues, load_cues
from .lexicon import NameLexicon, lexicon_for
from .ner_model import COARSE_LABEL, NerModel, load_ner_model
from .place_shape import looks_like_place
from .spans import add_candidate, candidates, coverage, is_protected, text_of
from .tokens import is_wordlike, starts_sentence

WINDOW = 5
# A comment with more unknown capitalised words than this (64 KB of "Aa Aa…" has 21,000) is noise or
# an attack; past them the model reads no further, and the rules and the catch-all for unknown
# capitalised words (which redacts rather than reads) go on alone. Real comments have a handful.
MODEL_WORDS_PER_COMMENT = 400
# The model calls unknown villages NORP too ("Kettlethorpe"); only a word shaped like a people is one.
_NATIONALITY = re.compile(r"(?:ian|ean|ese|ish|ic|i|an)s?$")
_NOT_PERSONAL_LABELS = frozenset({"NORP", "OTHER"})
# "Hodan's email": what a person has and a place does not.
_PERSONAL_THINGS = frozenset(
    "email number phone mobile address mum dad mother father husband wife partner son daughter brother "
    "sister boyfriend girlfriend friend friends family kids children car birthday name facebook instagram".split()
)
# "I'm Eilidh", "run by Tamsin", "thanks to Priya": what is said of a person, never of a place.
_PERSON_WORDS_BEFORE = frozenset({"'m", "’m", "im", "am", "by", "told", "asked", "ask", "thank", "thanks"})
# "The man is Olusegun Bakare": who is being named.
_PERSON_NOUNS = frozenset("man woman boy girl guy lad he she perpetrator abuser attacker rapist offender name".split())
# An acronym this short is a service or a body ("SARC", "ISVA", "CPS"), not a person or a village.
_ACRONYM_LENGTH = 5


class EntityFinder:
    def __init__(self, model: NerModel, lexicon: NameLexicon, cues: NameCues) -> None:
        self.nlp = model.nlp
        self.lexicon = lexicon
        self.cues = cues
        # What the model called a nationality, a product or a date, per document of the batch at hand.
        self._not_personal: dict[int, list[tuple[int, int]]] = {}
        self.titles = cues.every_title
        self.not_names = cues.not_names
        self.not_after = cues.not_after
        self.particles = cues.particles
        self.followers = cues.followers
        self.not_name_heads = cues.not_name_heads  # "Victoria Park": a place, though Victoria is a name
        self.person_words = lexicon.first_names | lexicon.last_names  # built once: it has 100,000 words

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            unknown = {id(doc): self.unknown_words(doc) for doc in batch}
            jobs = [
                (doc, start, end)
                for doc in batch
                for start, end in _windows(doc, unknown[id(doc)][:MODEL_WORDS_PER_COMMENT])
            ]
            texts = (text_of(doc)[start:end] for doc, start, end in jobs)
            for (doc, offset, _), found in zip(
                jobs, self.nlp.pipe(texts, batch_size=batch_size), strict=True
            ):
                for entity in found.ents:
                    self._add(doc, entity, offset)
            for doc in batch:
                self._add_unclaimed(doc, unknown[id(doc)])
            self._not_personal.clear()
            yield from batch

    def unknown_words(self, doc: Doc) -> list[Token]:
        """The words worth the model's time: capitalised, and not everyday English or a service."""
        tokens = list(doc)
        return [
            token
            for i, token in enumerate(tokens)
            if self._worth_reading(tokens, i) and not is_protected(doc, token.idx, token.idx + len(token))
        ]

    def _add_unclaimed(self, doc: Doc, unknown: list[Token]) -> None:
        """A capitalised word that is no English word, no well-known name and no service, and that
        neither the rules nor the model placed, is most likely someone's name ("…, as did
        Oluwaseun."; at a sentence start only before a verb: "Tariq said…"). Redacting it wrongly
        costs a reader one word."""
        if not unknown:
            return  # most comments: nothing capitalised the rules cannot vouch for
        lex = self.lexicon
        tokens = list(doc)
        # Where finds and the model's not-personal entities lie: a lookup per word, not a scan of all.
        claimed = coverage(text_of(doc), [(s, e) for s, e, _ in candidates(doc)])
        not_personal = coverage(text_of(doc), self._not_personal.get(id(doc), ()))
        for token in unknown:
            start, end = token.idx, token.idx + len(token)
            lower = token.lower_
            opens_sentence = starts_sentence(tokens, token.i)
            described = opens_sentence and (
                (token.i + 1 < len(tokens) and tokens[token.i + 1].lower_ in self.followers)
                or introduces_person(tokens, token.i + 1, self.cues)  # "Karthik the pharmacist"
                or self._joins_unknown_word(tokens, token.i + 1)  # "Abimbola and Chinedu came"
            )
            if (
                (opens_sentence and not described)  # "Tariq said…", but not "Ofcom rules…"
                or not token.text.istitle()
                or lower in lex.vocabulary
                or lower in lex.well_known_proper
                or lower in self.not_names
                or lower.rstrip(".") in self.titles  # "Cllr", "Revd": the title stays, the name goes
                or lower in self.cues.roles  # "The Barrister for the defence"
                or claimed.find(1, start, end) != -1
                or not_personal.find(1, start, end) != -1
            ):
                continue
            kind = "place" if looks_like_place(tokens, token.i, self.person_words) else "name"
            add_candidate(doc, start, end, kind)

    def _joins_unknown_word(self, tokens: list[Token], i: int) -> bool:
        """ "Abimbola and Chinedu": "and" then another capitalised word that is no English word."""
        if i + 1 >= len(tokens) or tokens[i].lower_ not in {"and", "&"}:
            return False
        other = tokens[i + 1]
        return other.text.istitle() and other.is_alpha and other.lower_ not in self.lexicon.vocabulary

    def _worth_reading(self, tokens: list[Token], i: int) -> bool:
        """Capitalised, and not everyday English; or an everyday word capitalised mid-sentence
        that is also a name ("Mr Baker", "Brook Ward")."""
        token = tokens[i]
        text, lower = token.text, token.lower_
        if not text[0].isupper() or not is_wordlike(token) or lower in STOP_WORDS:
            return False
        if text.isupper() and len(text) <= _ACRONYM_LENGTH:
            return False
        lex = self.lexicon
        if lower not in lex.common_words:
            return True
        # An everyday word with a capital mid-sentence may be a surname or part of a venue.
        return not starts_sentence(tokens, i) and (lower in lex.first_names or lower in lex.last_names)

    def _add(self, doc: Doc, entity: Span, offset: int) -> None:
        label = COARSE_LABEL.get(entity.label_)
        if label is None:
            return  # a number, an amount: the rules' business
        if label in _NOT_PERSONAL_LABELS and (label != "NORP" or _NATIONALITY.search(entity.text)):
            # "the Sikh women's helpline", "a blue Corsa": the catch-all must not take these for names
            span = (offset + entity.start_char, offset + entity.end_char)
            self._not_personal.setdefault(id(doc), []).append(span)
            return
        if label == "PERSON":
            kind = "name"
            if len(entity) == 1 and entity[0].lower_ not in self.lexicon.first_names:
                # the word before is all it reads; listing the whole window per entity was quadratic
                before = max(0, entity.start - 1)
                nearby = list(entity.doc[before : entity.end])
                if looks_like_place(nearby, entity.start - before, self.person_words):
                    kind = "place"  # "at the Aquadome", "in Kettlethorpe"
        elif label in ("PLACE", "ORG"):
            kind = "place"
        else:
            return
        words = self._trimmed(entity, kind)
        if not words or all(w.text.islower() and w.lower_ in self.lexicon.vocabulary for w in words):
            return  # "the helpline": everyday words in lower case are nobody's name
        lex = self.lexicon
        lowers = [w.lower_ for w in words if w.is_alpha]
        if len(lowers) == 1 and lowers[0] in self.cues.roles:
            return  # "The Barrister for the defence": a role, whatever the model thought
        before = entity.doc[words[0].i - 1].lower_ if words[0].i > 0 else ""
        if kind == "name" and before in self.not_after:
            return  # "St Mary's" is a church, a school or a hospital
        if kind == "name" and len(words) == 1 and lowers:
            if lowers[0] in lex.word_like:
                return  # "Dawn was breaking": whether "Dawn" is a person is the rules' call, from cues
            if lowers[0] in lex.prominent_proper and lowers[0] not in lex.lower_case_first_names:
                return  # "German", "Meta": a nationality or a brand the model took for a person
        if kind == "place":
            # "Siobhán Ní Bhriain" taken for a body; "Victoria Park" and "Spain" are places.
            named_first = lowers[0] in lex.first_names and lowers[0] not in lex.prominent_proper
            all_names = all(
                (w in lex.first_names or w in lex.last_names or w in lex.short_forms) and w not in lex.well_known_proper
                for w in lowers
            )
            has_particle = len(lowers) > 2 and any(w in self.particles for w in lowers[1:-1])
            looks_like_person = (
                named_first
                or all_names
                or has_particle
                or self._described_as_person(entity)
                or _name_found_right_after(doc, offset + entity.end_char)  # "[Nusrat] Jahan Chowdhury"
            ) and not any(w in self.not_name_heads for w in lowers)
            after_title = entity.start > 0 and entity.doc[entity.start - 1].lower_.rstrip(".") in self.titles
            if (
                looks_like_person
                or after_title
                or words[0].i > entity.start
                and entity[0].lower_ in self.titles
            ):
                kind = "name"  # the model took a person for a body or a place ("DI Hargreaves", "Bev")
            elif label == "ORG" and len(words) == 1:
                return  # "CPS", "Tesco", "Soteria": one-word bodies and brands identify nobody
            elif all(w in lex.well_known_proper or w in lex.common_words for w in lowers):
                return  # "London", "Spain", "the Home Office": too large to identify anyone
        start, end = offset + words[0].idx, offset + words[-1].idx + len(words[-1])
        if any(found[:2] == (start, end) for found in candidates(doc)):
            return  # the rules found exactly this and know its kind better ("the nurse, Bev,")
        add_candidate(doc, start, end, kind)

    def _described_as_person(self, entity: Span) -> bool:
        """What is said around a name the model took for a place: "Wiktoria my daughter",
        "Hodan's email", "the man is Olusegun Bakare"."""
        first = max(0, entity.start - 2)  # a few words either side: never the whole window per entity
        tokens = list(entity.doc[first : entity.end + 6])
        end = entity.end - first
        after = tokens[end : end + 2]
        if introduces_person(tokens, end, self.cues):
            return True
        if len(after) == 2 and after[0].text in {"'s", "’s"} and after[1].lower_ in _PERSONAL_THINGS:
            return True
        before = tokens[: entity.start - first]
        if len(entity) == 1 and before and before[-1].lower_ in _PERSON_WORDS_BEFORE:
            return True
        return (
            len(before) == 2
            and before[1].lower_ in {"is", "was", "called", "named"}
            and (before[0].lower_ in _PERSON_NOUNS or before[0].lower_ in self.cues.roles)
        )

    def _trimmed(self, entity: Span, kind: str) -> list[Token]:
        """The entity without the words around a name the model tends to take in: "the",
        "Tell Piotr", "Dr", a trailing "'s"."""
        words = list(entity)
        lex = self.lexicon

        def edge_word(token: Token) -> bool:
            lower = token.lower_.rstrip(".")
            if not token.is_alpha and not is_wordlike(token):
                return True
            if lower in STOP_WORDS or lower in self.titles or lower in self.not_names:
                return True
            if token.text.isupper() and len(token) <= _ACRONYM_LENGTH:
                return True  # "NINO", "SARC": an acronym at the edge is the model reaching too far
            return (
                kind == "name"
                and lower in lex.common_words
                and lower not in lex.first_names
                and lower not in lex.last_names
            )

        while words and edge_word(words[0]):
            words.pop(0)
        while words and edge_word(words[-1]):
            words.pop()
        # "Ring Sarah", "Thank Aisha": an everyday verb before a first name, though Ring is a surname too
        while (
            kind == "name"
            and len(words) > 1
            and words[0].lower_ in lex.common_words
            and words[0].lower_ not in lex.first_names
            and words[1].lower_ in lex.first_names
        ):
            words.pop(0)
        return words


@Language.factory(
    "redact_entities",
    default_config={
        "locales": ["en_GB"],
        "lower_case_locales": ["en_GB"],
        "extra_first_names_file": "",
        "cues_file": "",
        "model_manifest_file": "",
    },
)
def make_entity_finder(
    nlp: Language,
    name: str,
    locales: list[str],
    lower_case_locales: list[str],
    extra_first_names_file: str,
    cues_file: str,
    model_manifest_file: str,
) -> EntityFinder:
    return EntityFinder(
        load_ner_model(Path(model_manifest_file)),
        lexicon_for(locales, lower_case_locales, extra_first_names_file),
        load_cues(cues_file),
    )


def _name_found_right_after(doc: Doc, end: int) -> bool:
    """Whether the rules found a name starting one space after `end`: the rest of a full name."""
    return any(kind == "name" and start == end + 1 for start, _, kind in candidates(doc))


def _windows(doc: Doc, unknown: list[Token]) -> list[tuple[int, int]]:
    """Character ranges of WINDOW tokens either side of each unknown word, overlapping ones merged."""
    ranges: list[tuple[int, int]] = []
    last_token = len(doc) - 1
    for token in unknown:
        first, last = doc[max(0, token.i - WINDOW)], doc[min(last_token, token.i + WINDOW)]
        start, end = first.idx, last.idx + len(last)
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges
