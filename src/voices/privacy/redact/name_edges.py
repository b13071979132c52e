"""A name's whole extent: the finders often catch one word of a name ("Precious [Nwachukwu]",
"[Folake] Ogunleye", "Nguyễn [Thị] Lan"), and half a name still identifies someone.

A found name takes in the capitalised words right beside it (no punctuation between) that could
belong to it: on the left a word capitalised mid-sentence, or one that is no everyday word; on
the right a word capitalised mid-sentence that is a name or no everyday word; a particle on the
left with the word before it ("Gwenllian ap [Rhys]"), or alone after a title ("Mr Ó [Súilleabháin]").
Titles, roles, months, services and anything another detector placed are never taken in.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from .lexicon import NameLexicon
from .spans import add_candidate, candidates, is_protected, state_of, text_of
from .tokens import is_cased, is_wordlike, starts_sentence

_MAX_WIDENING = 3
_ACRONYM_LENGTH = 5  # "SARC", "ISVA": a service beside a name, not part of it
# "A. K.", "J.K.", "D M": initials before a surname. A bare "I" or "A" is a word unless a title or
# another initial comes before it.
INITIAL = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]")


class NameEdges:
    def __init__(
        self, lexicon: NameLexicon, never_in_names: frozenset[str], particles: frozenset[str], titles: frozenset[str]
    ) -> None:
        self.lexicon = lexicon
        self.never_in_names = never_in_names | STOP_WORDS
        self.particles = particles
        self.titles = titles

    def widen(self, doc: Doc) -> None:
        found = candidates(doc)
        names = [(start, end) for start, end, kind in found if kind == "name"]
        if not names:
            return
        others = [(start, end) for start, end, kind in found if kind != "name"]
        tokens = list(doc)
        starts = {token.idx: token.i for token in tokens}
        ends = {token.idx + len(token): token.i for token in tokens}
        for start, end in names:
            first, last = starts.get(start), ends.get(end)
            if first is None or last is None:
                continue  # a name that does not line up with tokens: leave it as found
            # In a comment read recased (or a name in capitals) a capital says nothing: only a
            # word that is no English word, or a surname that is no everyday one, joins.
            shouted = state_of(doc).recased or text_of(doc)[start:end].isupper()
            new_first, new_last = first, last
            while first - new_first < _MAX_WIDENING and self._joins_left(tokens, new_first - 1, others, shouted):
                new_first -= 1
            new_first -= self._particle_before(tokens, new_first, others)
            while first - new_first < _MAX_WIDENING and self._initial_before(tokens, new_first - 1, others):
                new_first -= 1
            while new_last - last < _MAX_WIDENING and self._joins_right(tokens, new_last + 1, others, shouted):
                new_last += 1
            if (new_first, new_last) != (first, last):
                widened_start = tokens[new_first].idx
                widened_end = tokens[new_last].idx + len(tokens[new_last])
                if not is_protected(doc, widened_start, widened_end):
                    add_candidate(doc, widened_start, widened_end, "name")

    def _could_join(self, tokens: list[Token], i: int, others: list[tuple[int, int]]) -> bool:
        if i < 0 or i >= len(tokens):
            return False
        token = tokens[i]
        start, end = token.idx, token.idx + len(token)
        return (
            is_wordlike(token)
            and token.lower_ not in self.never_in_names
            and not (token.text.isupper() and len(token) <= _ACRONYM_LENGTH)
            and not any(s < end and start < e for s, e in others)
        )

    def _joins_left(self, tokens: list[Token], i: int, others: list[tuple[int, int]], shouted: bool) -> bool:
        if not self._could_join(tokens, i, others) or not is_cased(tokens[i]) or tokens[i].whitespace_ != " ":
            return False
        if shouted:
            return self._unmistakable(tokens[i])
        return not starts_sentence(tokens, i) or tokens[i].lower_ not in self.lexicon.vocabulary

    def _unmistakable(self, token: Token) -> bool:
        """A name part whatever its case: no English word, or a surname that is no everyday word."""
        lower, lex = token.lower_, self.lexicon
        return lower not in lex.vocabulary or (lower in lex.last_names and lower not in lex.common_words)

    def _particle_before(self, tokens: list[Token], first: int, others: list[tuple[int, int]]) -> int:
        """How many words a particle before a name brings in: "Gwenllian ap [Rhys]" two, "Mr Ó
        [Súilleabháin]" one (the title stays), "the van [Tom] drove" none."""
        i = first - 1
        if i < 0 or tokens[i].lower_ not in self.particles or tokens[i].whitespace_ != " ":
            return 0
        if i > 0 and tokens[i - 1].lower_.rstrip(".") in self.titles:
            return 1
        if self._could_join(tokens, i - 1, others) and is_cased(tokens[i - 1]) and tokens[i - 1].whitespace_ == " ":
            return 2
        return 0

    def _initial_before(self, tokens: list[Token], i: int, others: list[tuple[int, int]]) -> bool:
        """ "Dr A. K. [Sharma]", "DC R. [Ellison]", "D M [Lloyd-Jones]"."""
        if i < 0 or tokens[i].whitespace_ != " " or not INITIAL.fullmatch(tokens[i].text):
            return False
        start, end = tokens[i].idx, tokens[i].idx + len(tokens[i])
        if any(s < end and start < e for s, e in others):
            return False
        if tokens[i].text.endswith("."):
            return True
        before = tokens[i - 1] if i > 0 else None
        return before is not None and (
            before.lower_.rstrip(".") in self.titles or bool(INITIAL.fullmatch(before.text))
        )

    def _joins_right(self, tokens: list[Token], i: int, others: list[tuple[int, int]], shouted: bool) -> bool:
        if not self._could_join(tokens, i, others) or tokens[i - 1].whitespace_ != " ":
            return False
        token, lex = tokens[i], self.lexicon
        if shouted:  # "DARREN HOLLIS FROM …"
            return (token.text.isupper() or is_cased(token)) and self._unmistakable(token)
        return (
            is_cased(token)
            and not starts_sentence(tokens, i)
            and (token.lower_ in lex.last_names or token.lower_ in lex.first_names or token.lower_ not in lex.common_words)
        )
